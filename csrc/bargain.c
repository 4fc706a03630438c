/*
** bargain.c — static forecasts of where one issue lands (forecast.h):
** the compromise model, the weighted median and the Nash bargaining
** solution with the status quo as disagreement point.
**
** Formulas: ../shared/MODELS.md, "Static forecasts".  Compromise model:
** Stokman's, the "Nash bargaining solution" of the Decide software,
** Achen in The European Union Decides (2006), ch. 4.  Weighted median:
** Black (1948).  Nash (1950) with the status quo as disagreement point.
** No library computes these on our data, so they are written out here.
** No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>

#include "forecast.h"

/* {====== Compromise and median ====== */

int dip_compromise(int n, const double *x, const double *w, double *out) {
  double num = 0.0, den = 0.0;
  int i;
  for (i = 0; i < n; i++) {
    if (w[i] <= 0.0) continue;
    num += w[i] * x[i];
    den += w[i];
  }
  if (!(den > 0.0)) return -1;
  *out = num / den;
  return 0;
}

/*
** Heap sort of the indices order[0..n-1] by x, ties by index: in place,
** so the median needs no allocation.  O(n log n).
*/
static void siftdown(int *a, const double *x, int start, int end) {
  int root = start;
  for (;;) {
    int child = 2 * root + 1, sw = root;
    if (child > end) return;
    if (x[a[sw]] < x[a[child]] ||
        (x[a[sw]] == x[a[child]] && a[sw] < a[child]))
      sw = child;
    if (child + 1 <= end &&
        (x[a[sw]] < x[a[child + 1]] ||
         (x[a[sw]] == x[a[child + 1]] && a[sw] < a[child + 1])))
      sw = child + 1;
    if (sw == root) return;
    {
      int t = a[root];
      a[root] = a[sw];
      a[sw] = t;
    }
    root = sw;
  }
}

void dip_sort_by(int n, const double *x, int *a) {
  int start, end;
  for (start = 0; start < n; start++) a[start] = start;
  for (start = n / 2 - 1; start >= 0; start--) siftdown(a, x, start, n - 1);
  for (end = n - 1; end > 0; end--) {
    int t = a[end];
    a[end] = a[0];
    a[0] = t;
    siftdown(a, x, 0, end - 1);
  }
}

int dip_weighted_median(int n, const double *x, const double *w, int *order,
                        double *out) {
  double total = 0.0, half, cum = 0.0;
  int k;
  for (k = 0; k < n; k++)
    if (w[k] > 0.0) total += w[k];
  if (!(total > 0.0)) return -1;
  half = 0.5 * total - 1e-12 * total;
  dip_sort_by(n, x, order);
  for (k = 0; k < n; k++) {
    int i = order[k];
    if (w[i] <= 0.0) continue;
    cum += w[i];
    if (cum >= half) {
      *out = x[i];
      return 0;
    }
  }
  *out = x[order[n - 1]]; /* not reached: cum ends at total */
  return 0;
}

/* }====== */

/* {====== Nash bargaining ====== */

/*
** The right derivative of phi(x) = sum w_i log(a_i^p - |x - x_i|^p) at a
** point x inside the feasible interval (every gain > 0 there), a_i =
** |sq - x_i|: each term contributes w_i g_i'(x) / g_i(x) with g_i'(x) =
** -p |x - x_i|^(p-1) sign(x - x_i), the sign taken as + at x = x_i (the
** right derivative: -1 for the linear loss, 0 for p > 1).
*/
static double rightslope(int n, const double *x, const double *s,
                         const double *w, double sq, double p, double at) {
  double slope = 0.0;
  int i;
  for (i = 0; i < n; i++) {
    double a, dist, gain, dg;
    if (!(w[i] > 0.0 && s[i] > 0.0)) continue;
    a = fabs(sq - x[i]);
    dist = fabs(at - x[i]);
    gain = (p == 1.0) ? a - dist : pow(a, p) - pow(dist, p);
    if (!(gain > 0.0)) /* on an edge of F by rounding: step back inside */
      return at >= x[i] ? -HUGE_VAL : HUGE_VAL;
    dg = (p == 1.0) ? 1.0 : p * pow(dist, p - 1.0);
    slope += w[i] * (at >= x[i] ? -dg : dg) / gain;
  }
  return slope;
}

int dip_nash(int n, const double *x, const double *s, const double *w,
             double sq, double lo, double hi, double p,
             dip_nash_result *res) {
  int i, steps = 0;
  res->participants = 0;
  for (i = 0; i < n; i++) {
    double a;
    if (!(w[i] > 0.0 && s[i] > 0.0)) continue;
    res->participants++;
    a = fabs(sq - x[i]);
    if (x[i] - a > lo) lo = x[i] - a;
    if (x[i] + a < hi) hi = x[i] + a;
  }
  if (res->participants == 0) return -1;
  /* sq lies in every actor's interval and in the scale: lo <= sq <= hi,
  ** up to rounding in x_i -/+ a */
  if (lo > sq) lo = sq;
  if (hi < sq) hi = sq;
  res->lo = lo;
  res->hi = hi;
  if (lo < hi) {
    double a = lo, b = hi;
    for (steps = 0; steps < 200; steps++) {
      double mid = a + 0.5 * (b - a);
      if (!(mid > a && mid < b)) break; /* to machine precision */
      if (rightslope(n, x, s, w, sq, p, mid) > 0.0)
        a = mid;
      else
        b = mid;
    }
    res->outcome = a + 0.5 * (b - a);
  } else {
    res->outcome = sq;
  }
  res->iterations = steps;
  return 0;
}

/* }====== */

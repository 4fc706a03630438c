/*
** agendas.c — where agendas meet and part: pairwise distances across
** issues, the most aligned and most opposed pairs, average-linkage
** clusters, polarisation and the band of acceptable outcomes per issue.
**
** Caller-owned arrays in and out (see agendas.h); no allocation, no Lua.
*/
#include <math.h>
#include <stdlib.h>

#include "agendas.h"

/* {====== Distance ====== */

/*
** The weight of an issue for a pair is the smaller salience: a
** disagreement bites only as far as the less concerned party cares (the
** rule of diplomat.summary.opposition).  The distance is then the
** weighted mean of the per-issue distances as shares of the scale, a
** city-block distance over separable issues with salience weights (cf.
** the weighted distances of spatial voting, Enelow & Hinich 1984).
** Because the weights belong to the pair, d is not a metric in general.
*/
int dip_agenda_distance(const dip_agenda *g, int a, int b, double *d) {
  const double *xa = g->x + (size_t)a * g->m, *xb = g->x + (size_t)b * g->m;
  const double *sa = g->s + (size_t)a * g->m, *sb = g->s + (size_t)b * g->m;
  double num = 0, den = 0;
  int k, common = 0;
  for (k = 0; k < g->m; k++) {
    double w;
    if (isnan(xa[k]) || isnan(xb[k])) continue;
    w = sa[k] < sb[k] ? sa[k] : sb[k];
    if (!(w > 0)) continue;
    num += w * fabs(xa[k] - xb[k]) / g->range[k];
    den += w;
    common++;
  }
  if (common > 0) {
    double q = num / den;
    *d = q > 1 ? 1 : q; /* a weighted mean of shares: 1 up to rounding */
  }
  return common;
}

/* }====== */

/* {====== Most aligned and most opposed pairs ====== */

/* Does p come before q?  dir = +1: smaller distance first (aligned);
** -1: larger first (opposed).  Equal distances: by a, then b. */
static int before(const dip_agenda_pair *p, const dip_agenda_pair *q,
                  int dir) {
  if (p->d != q->d) return dir > 0 ? p->d < q->d : p->d > q->d;
  if (p->a != q->a) return p->a < q->a;
  return p->b < q->b;
}

/*
** A bounded heap keeping the k pairs that come first: its root is the
** last of them, replaced when a pair that comes before it arrives.
*/
static void siftdown(dip_agenda_pair *h, int n, int i, int dir) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, last = i;
    dip_agenda_pair t;
    if (l < n && before(&h[last], &h[l], dir)) last = l;
    if (r < n && before(&h[last], &h[r], dir)) last = r;
    if (last == i) return;
    t = h[i], h[i] = h[last], h[last] = t;
    i = last;
  }
}

static void siftup(dip_agenda_pair *h, int i, int dir) {
  while (i > 0) {
    int up = (i - 1) / 2;
    dip_agenda_pair t;
    if (!before(&h[up], &h[i], dir)) return;
    t = h[i], h[i] = h[up], h[up] = t;
    i = up;
  }
}

static void offer(dip_agenda_pair *h, int *n, int k,
                  const dip_agenda_pair *p, int dir) {
  if (*n < k) {
    h[*n] = *p;
    siftup(h, (*n)++, dir);
  } else if (k > 0 && before(p, &h[0], dir)) {
    h[0] = *p;
    siftdown(h, k, 0, dir);
  }
}

/* Heapsort in place: repeatedly move the root (the last) to the end. */
static void heapsort_pairs(dip_agenda_pair *h, int n, int dir) {
  while (n > 1) {
    dip_agenda_pair t = h[0];
    h[0] = h[n - 1], h[n - 1] = t;
    siftdown(h, --n, 0, dir);
  }
}

int dip_agenda_pairs(const dip_agenda *g, const int *actors, int np, int k,
                     dip_agenda_pair *aligned, dip_agenda_pair *opposed,
                     dip_progress *pr) {
  int i, j, na = 0, no = 0;
  for (i = 0; i < np; i++) {
    if (i > 0 && dip_progress_report(pr, i, np)) break;
    for (j = i + 1; j < np; j++) {
      dip_agenda_pair p;
      p.a = actors[i], p.b = actors[j];
      p.common = dip_agenda_distance(g, p.a, p.b, &p.d);
      if (p.common == 0) continue;
      offer(aligned, &na, k, &p, +1);
      offer(opposed, &no, k, &p, -1);
    }
  }
  heapsort_pairs(aligned, na, +1);
  heapsort_pairs(opposed, no, -1);
  return na;
}

/* }====== */

/* {====== Average-linkage clustering ====== */

size_t dip_condensed(int p, int i, int j) {
  return (size_t)i * (2 * (size_t)p - (size_t)i - 1) / 2 +
         (size_t)(j - i - 1);
}

#define DIST(i, j)                                                       \
  D[(i) < (j) ? dip_condensed(p, (i), (j)) : dip_condensed(p, (j), (i))]

/* The nearest active cluster after slot i (smallest slot on ties). */
static void nearest(int p, const double *D, const int *active, int i,
                    int *nn, double *dnn) {
  int j;
  nn[i] = -1;
  dnn[i] = HUGE_VAL;
  for (j = i + 1; j < p; j++)
    if (active[j]) {
      double d = D[dip_condensed(p, i, j)];
      if (d < dnn[i]) dnn[i] = d, nn[i] = j;
    }
}

/*
** A cluster lives in the slot of its first member (its smallest leaf),
** so slots order clusters by first member.  Each active slot i keeps its
** nearest neighbour among the active slots after it (nn[i], at dnn[i]);
** the closest pair overall is the smallest dnn, first slot on ties.
** After merging j into i only the lists that pointed to i or j, and i's
** own, need a new scan: for any other k, d(k, i+j) >= min(d(k,i),
** d(k,j)) >= dnn[k], so its nearest neighbour stands (equal distances
** are compared by slot so the tie rule holds).
*/
void dip_average_linkage(int p, double *D, int *iwork, double *dwork,
                         dip_merge *merges) {
  int *nn = iwork, *size = iwork + p, *node = iwork + 2 * p;
  int *active = size; /* size 0 marks a merged-away slot */
  double *dnn = dwork;
  int i, k, step;
  for (i = 0; i < p; i++) size[i] = 1, node[i] = i;
  for (i = 0; i < p; i++) nearest(p, D, active, i, nn, dnn);
  for (step = 0; step < p - 1; step++) {
    int a = -1, b;
    double ni, nj;
    for (i = 0; i < p; i++)
      if (active[i] && nn[i] >= 0 && (a < 0 || dnn[i] < dnn[a])) a = i;
    b = nn[a];
    merges[step].left = node[a], merges[step].right = node[b];
    merges[step].first_left = a, merges[step].first_right = b;
    merges[step].height = dnn[a];
    merges[step].size = size[a] + size[b];
    ni = size[a], nj = size[b];
    for (k = 0; k < p; k++)
      if (active[k] && k != a && k != b)
        DIST(a, k) = (ni * DIST(a, k) + nj * DIST(b, k)) / (ni + nj);
    size[a] += size[b];
    size[b] = 0;
    node[a] = p + step;
    for (k = 0; k < p; k++) {
      if (!active[k]) continue;
      if (k == a || nn[k] == a || nn[k] == b)
        nearest(p, D, active, k, nn, dnn);
      else if (k < a) {
        double d = DIST(k, a);
        if (d < dnn[k] || (d == dnn[k] && a < nn[k])) nn[k] = a, dnn[k] = d;
      }
    }
  }
}

#undef DIST

static int findroot(int *parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]]; /* path halving */
    i = parent[i];
  }
  return i;
}

int dip_linkage_cut(int p, const dip_merge *merges, int r, int *label,
                    int *work) {
  int *parent = work;
  int i, s, nc = 0;
  for (i = 0; i < p; i++) parent[i] = i, label[i] = -1;
  for (s = 0; s < r; s++) {
    /* slots are first members, so the root of a cluster is its slot */
    int a = findroot(parent, merges[s].first_left);
    int b = findroot(parent, merges[s].first_right);
    if (a < b)
      parent[b] = a;
    else
      parent[a] = b;
  }
  /* a root comes before its other members: label roots as they appear */
  for (i = 0; i < p; i++) {
    int root = findroot(parent, i);
    if (label[root] < 0) label[root] = nc++;
    label[i] = label[root];
  }
  return nc;
}

void dip_agenda_means(const dip_agenda *g, const int *actors, int np,
                      const int *label, int nc, double *means, int *counts) {
  int i, k, m = g->m;
  for (i = 0; i < nc * m; i++) means[i] = 0, counts[i] = 0;
  for (i = 0; i < np; i++) {
    const double *x = g->x + (size_t)actors[i] * m;
    for (k = 0; k < m; k++)
      if (!isnan(x[k])) {
        means[label[i] * m + k] += x[k];
        counts[label[i] * m + k]++;
      }
  }
  for (i = 0; i < nc * m; i++)
    means[i] = counts[i] > 0 ? means[i] / counts[i] : NAN;
}

/* }====== */

/* {====== Polarisation ====== */

void dip_polarisation(int n, const double *x, const double *w,
                      double range, dip_polar *r) {
  double sw = 0, swx = 0, sum = 0, mean, mu;
  double low = HUGE_VAL, high = -HUGE_VAL;
  int i, c = 0;
  r->count = 0;
  r->mean = r->variance = r->bimodality = NAN;
  for (i = 0; i < n; i++)
    if (w[i] > 0) {
      c++;
      sw += w[i], swx += w[i] * x[i], sum += x[i];
      if (x[i] < low) low = x[i];
      if (x[i] > high) high = x[i];
    }
  r->count = c;
  if (c == 0) return;
  if (low == high) { /* all equal: no spread, and no shape to speak of */
    r->mean = low;
    r->variance = 0;
    return;
  }
  mean = swx / sw;
  r->mean = mean;
  r->variance = 0;
  for (i = 0; i < n; i++)
    if (w[i] > 0) {
      double z = (x[i] - mean) / range;
      r->variance += w[i] * z * z;
    }
  r->variance /= sw;
  if (c >= 4) {
    double m2 = 0, m3 = 0, m4 = 0, g1, g2, G1, G2, cn = c;
    mu = sum / c;
    for (i = 0; i < n; i++)
      if (w[i] > 0) {
        double z = x[i] - mu, z2 = z * z;
        m2 += z2, m3 += z2 * z, m4 += z2 * z2;
      }
    m2 /= cn, m3 /= cn, m4 /= cn;
    g1 = m3 / (m2 * sqrt(m2));
    g2 = m4 / (m2 * m2) - 3;
    G1 = g1 * sqrt(cn * (cn - 1)) / (cn - 2);
    G2 = ((cn + 1) * g2 + 6) * (cn - 1) / ((cn - 2) * (cn - 3));
    r->bimodality = (G1 * G1 + 1) /
                    (G2 + 3 * (cn - 1) * (cn - 1) / ((cn - 2) * (cn - 3)));
  }
}

/* }====== */

/* {====== The band of acceptable outcomes ====== */

/* Ascending; at one point openings before closings, so intervals that
** touch there overlap (they are closed). */
static int cmpevent(const void *pa, const void *pb) {
  const dip_band_event *a = pa, *b = pb;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->close - b->close;
}

int dip_band(int n, const double *x, const double *tol, const double *c,
             double lo, double hi, double share, double *out,
             dip_band_event *events) {
  double total = 0, need, slack, held = 0, start = 0;
  int i, ne = 0, nout = 0, in = 0;
  for (i = 0; i < n; i++) total += c[i];
  if (!(total > 0)) return 0;
  need = share * total;
  slack = 1e-12 * total;
  for (i = 0; i < n; i++) {
    double a = x[i] - tol[i], b = x[i] + tol[i];
    if (!(c[i] > 0)) continue;
    events[ne].x = a < lo ? lo : a, events[ne].c = c[i];
    events[ne++].close = 0;
    events[ne].x = b > hi ? hi : b, events[ne].c = c[i];
    events[ne++].close = 1;
  }
  qsort(events, (size_t)ne, sizeof *events, cmpevent);
  for (i = 0; i < ne; i++) {
    if (!events[i].close) {
      held += events[i].c;
      if (!in && held >= need - slack) in = 1, start = events[i].x;
    } else {
      held -= events[i].c;
      if (in && held < need - slack) {
        out[2 * nout] = start, out[2 * nout + 1] = events[i].x;
        nout++, in = 0;
      }
    }
  }
  return nout;
}

/* }====== */

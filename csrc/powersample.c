/*
** powersample.c — Monte Carlo estimates of the power indices of a
** weighted voting game (see power.h), for games too large to count.
**
** Shapley-Shubik: random orders of the players; the player whose arrival
** first brings the weight to the quota is pivotal (Mann & Shapley 1960).
** Every other index: uniformly random coalitions S (each player in with
** probability 1/2); one draw tells, for every player i at once, whether
** i swings for S without i, whether S is (minimal) winning, and who is
** critical in it.  Each index is then a mean or a ratio of means:
**   Penrose-Banzhaf  E[Y_i],  Y_i = 1 if i swings for S \ {i}
**   Banzhaf          E[Y_i] / E[sum_j Y_j]
**   Coleman prevent  E[Y_i] / E[2 Z], initiate E[Y_i] / E[2 (1 - Z)],
**                    Z = 1 if S wins (swings / |W| = (E[Y] 2^(n-1)) /
**                    (E[Z] 2^n))
**   Holler           E[M 1(i in S)] / E[M |S|],  M = 1 if S is minimal
**   Deegan-Packel    E[M 1(i in S) / |S|] / E[M]
**   Johnston         E[1(i critical in S) / c(S)] / E[1(c(S) > 0)],
**                    c(S) = critical members of a winning S
** Standard errors: sqrt(p (1 - p) / k) for means of 0/1 draws, and the
** delta method for ratios R = sum Y / sum X:
** se^2 = sum (Y - R X)^2 / (k (k - 1) mean(X)^2).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"
#include "rng.h"

/* A uniform integer in [0, n), n >= 1, without modulo bias. */
static uint64_t below(dip_rng *r, uint64_t n) {
  uint64_t threshold = (0 - n) % n, x;
  do x = dip_rng_next(r);
  while (x < threshold);
  return x % n;
}

/* Draws between progress reports: about 2^20 player steps. */
static long batch(int n) {
  long b = (1L << 20) / ((long)n + 1);
  return b > 0 ? b : 1;
}

/* After draw s (1-based) of samples: nonzero when the run must stop. */
static int tick(dip_progress *pr, long s, long samples, long every) {
  if (pr == NULL || s == 0 || s % every != 0 || s >= samples) return 0;
  return dip_progress_report(pr, (double)s, (double)samples);
}

static int shapley_sample(const dip_wgame *g, long samples, dip_rng *r,
                          double *value, double *se, dip_progress *pr,
                          long *drawn) {
  int *perm = malloc(((size_t)g->n + 1) * sizeof *perm), i, k;
  long *pivots = calloc((size_t)g->n + 1, sizeof *pivots), s;
  if (perm == NULL || pivots == NULL) {
    free(perm);
    free(pivots);
    return DIP_POW_NOMEM;
  }
  for (i = 0; i < g->n; i++) perm[i] = i;
  for (s = 0; s < samples; s++) {
    int64_t x = 0;
    if (tick(pr, s, samples, batch(g->n))) break;
    /* a partial Fisher-Yates shuffle: the order up to the pivot */
    for (k = 0; k < g->n; k++) {
      int j = k + (int)below(r, (uint64_t)(g->n - k)), t = perm[j];
      perm[j] = perm[k];
      perm[k] = t;
      x += g->w[t];
      if (x >= g->quota) {
        pivots[t]++;
        break;
      }
    }
  }
  samples = *drawn = s;
  for (i = 0; i < g->n; i++) {
    double p = samples > 0 ? (double)pivots[i] / samples : 0;
    value[i] = p;
    se[i] = samples > 0 ? sqrt(p * (1 - p) / samples) : NAN;
  }
  free(perm);
  free(pivots);
  return DIP_POW_OK;
}

/* Per player: sums of Y, Y^2 and X Y over the draws. */
typedef struct acc {
  long double y, yy, xy;
} acc;

int dip_power_sample(const dip_wgame *g, dip_power_index ix, long samples,
                     uint64_t seed, double *value, double *se,
                     dip_progress *pr, long *drawn) {
  dip_rng r;
  acc *a;
  unsigned char *in;
  long double sx = 0, sxx = 0;
  int64_t total = 0, q = g->quota;
  long s;
  int i, ratio = ix != DIP_BANZHAF_ABS;
  *drawn = samples;
  for (i = 0; i < g->n; i++) {
    total += g->w[i];
    value[i] = se[i] = 0;
  }
  if (q > total || g->n == 0) return DIP_POW_OK; /* nobody wins */
  dip_rng_seed(&r, seed);
  if (ix == DIP_SHAPLEY)
    return shapley_sample(g, samples, &r, value, se, pr, drawn);
  a = calloc((size_t)g->n, sizeof *a);
  in = malloc((size_t)g->n);
  if (a == NULL || in == NULL) {
    free(a);
    free(in);
    return DIP_POW_NOMEM;
  }
  for (s = 0; s < samples; s++) {
    int64_t x = 0, lightest = INT64_MAX, theta;
    int size = 0, crit = 0;
    uint64_t bits = 0;
    double X = 0;
    if (tick(pr, s, samples, batch(g->n))) break;
    for (i = 0; i < g->n; i++) {
      if (i % 64 == 0) bits = dip_rng_next(&r);
      in[i] = (unsigned char)(bits & 1);
      bits >>= 1;
      if (in[i]) {
        x += g->w[i];
        size++;
        if (g->w[i] < lightest) lightest = g->w[i];
      }
    }
    theta = x - q;
    if (x >= q)
      for (i = 0; i < g->n; i++) crit += in[i] && g->w[i] > theta;
    switch (ix) {
    case DIP_COLEMAN_PREVENT: X = x >= q ? 2 : 0; break;
    case DIP_COLEMAN_INITIATE: X = x >= q ? 0 : 2; break;
    case DIP_HOLLER: X = x >= q && x - lightest < q ? size : 0; break;
    case DIP_DEEGAN_PACKEL: X = x >= q && x - lightest < q; break;
    case DIP_JOHNSTON: X = crit > 0; break;
    default: break;
    }
    if (ix == DIP_BANZHAF) /* X: the number of swingers */
      for (i = 0; i < g->n; i++) {
        int64_t xi = in[i] ? x - g->w[i] : x;
        X += xi < q && xi + g->w[i] >= q;
      }
    sx += X;
    sxx += X * X;
    for (i = 0; i < g->n; i++) {
      double Y = 0;
      int64_t xi = in[i] ? x - g->w[i] : x;
      switch (ix) {
      case DIP_HOLLER: Y = X > 0 && in[i]; break;
      case DIP_DEEGAN_PACKEL: Y = X > 0 && in[i] ? 1.0 / size : 0; break;
      case DIP_JOHNSTON:
        Y = crit > 0 && in[i] && g->w[i] > theta ? 1.0 / crit : 0;
        break;
      default: Y = xi < q && xi + g->w[i] >= q; break;
      }
      if (Y != 0) {
        a[i].y += Y;
        a[i].yy += Y * Y;
        a[i].xy += X * Y;
      }
    }
  }
  samples = *drawn = s;
  for (i = 0; i < g->n; i++) {
    if (samples == 0) { /* stopped before the first draw */
      value[i] = 0;
      se[i] = NAN;
    } else if (!ratio) {
      double p = (double)(a[i].y / samples);
      value[i] = p;
      se[i] = sqrt(p * (1 - p) / samples);
    } else if (sx > 0) {
      long double R = a[i].y / sx, mx = sx / samples;
      long double ss = a[i].yy - 2 * R * a[i].xy + R * R * sxx;
      value[i] = (double)R;
      se[i] = samples > 1 ? (double)sqrtl((ss > 0 ? ss : 0) /
                                          ((long double)samples *
                                           (samples - 1)) / (mx * mx))
                          : NAN;
    } else { /* no draw was informative: the ratio is unknown */
      value[i] = 0;
      se[i] = NAN;
    }
  }
  free(a);
  free(in);
  return DIP_POW_OK;
}

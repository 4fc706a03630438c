/*
** perturb.c — forecasts under uncertain inputs (forecast.h): a model run
** many times on inputs with seeded Gaussian noise, and the distribution
** of its outcomes.  The noise model is the analyst's rough sense of how
** far each input could be off; the spread of outcomes says how much the
** point forecast should be trusted.  No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>

#include "forecast.h"
#include "rng.h"

static double clamp(double v, double lo, double hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/* Normal deviates are drawn this many at a time (perturb draws nothing
** else, so the stream is the same as one at a time). */
#define BATCH 256

int dip_perturb(const dip_perturb_spec *p, int n, const double *x,
                const double *s, const double *c, double *xw, double *sw,
                double *cw, dip_outcome_fn fn, void *ctx, double *outcomes,
                dip_progress *pr, int *done) {
  dip_rng g;
  dip_ziggurat z;
  double e[BATCH];
  int run, i, k = 0, r, used = BATCH;
#define NOISE() \
  (used == BATCH ? (dip_rng_normals(&g, &z, e, BATCH), used = 0) : 0, \
   e[used++])
  dip_rng_seed(&g, p->seed);
  dip_ziggurat_init(&z);
  *done = 0;
  for (run = 0; run < p->runs; run++) {
    if (dip_progress_poll(pr)) break;
    for (i = 0; i < n; i++) {
      xw[i] = x[i];
      sw[i] = s[i];
      cw[i] = c[i];
      if (p->sd_position > 0.0)
        xw[i] = clamp(x[i] + p->sd_position * NOISE(), p->lo, p->hi);
      if (p->sd_salience > 0.0)
        sw[i] = clamp(s[i] + p->sd_salience * NOISE(), 0.0, 1.0);
      if (p->sd_capability > 0.0)
        cw[i] = fmax(0.0, c[i] + p->sd_capability * NOISE());
    }
    r = fn(ctx, n, xw, sw, cw, &outcomes[k]);
    if (r == -2) break; /* cut short: not counted */
    if (r == 0) k++;
    *done = run + 1;
    if (run + 1 < p->runs && dip_progress_report(pr, run + 1, p->runs))
      break;
  }
#undef NOISE
  return k;
}

static int cmpdouble(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double quantile(int k, const double *v, double p) {
  double h = (k - 1) * p;
  int lo = (int)floor(h);
  if (lo >= k - 1) return v[k - 1];
  return v[lo] + (h - lo) * (v[lo + 1] - v[lo]);
}

void dip_summarise(int k, double *v, dip_summary *r) {
  double sum = 0.0, ss = 0.0, mean;
  int i;
  qsort(v, (size_t)k, sizeof *v, cmpdouble);
  for (i = 0; i < k; i++) sum += v[i];
  mean = sum / k;
  for (i = 0; i < k; i++) ss += (v[i] - mean) * (v[i] - mean);
  r->mean = mean;
  r->sd = k > 1 ? sqrt(ss / (k - 1)) : 0.0;
  r->p05 = quantile(k, v, 0.05);
  r->p25 = quantile(k, v, 0.25);
  r->p50 = quantile(k, v, 0.50);
  r->p75 = quantile(k, v, 0.75);
  r->p95 = quantile(k, v, 0.95);
}

/*
** forecast.h — where an issue will land: the static bargaining models
** (bargain.c) and the Expected Utility model (eu_model.c).  Plain C
** arrays in, caller-owned results out; no Lua calls in these files.
**
** Notation (../shared/MODELS.md): actor i holds position x[i] on the
** issue, salience s[i] in [0, 1] and capability c[i] >= 0; its power on
** the issue is w[i] = c[i] s[i].
*/
#ifndef DIPLOMAT_FORECAST_H
#define DIPLOMAT_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "progress.h"

/* {====== Static models (bargain.c) ====== */

/*
** Compromise model (Stokman; Achen 2006, ch. 4):
**   O = sum w_i x_i / sum w_i.
** Returns 0, or -1 (out untouched) when sum w_i is 0.  Time: O(n).
*/
int dip_compromise(int n, const double *x, const double *w, double *out);

/*
** Weighted median (Black 1948): the smallest position at which the
** cumulative weight of the actors at or below it, positions sorted,
** reaches half the total.  "Reaches" allows a shortfall of 1e-12 of the
** total, so an exact tie (to rounding) picks the lower of the two middle
** positions, whatever order the sums were taken in.  Weights <= 0 count
** for nothing.  order: room for n ints (scratch).  Returns 0, or -1 when
** the total weight is 0.  Time: O(n log n).
*/
int dip_weighted_median(int n, const double *x, const double *w, int *order,
                        double *out);

/* Sorts order[0..n-1] (indices 0..n-1) by x, ties by index, in place
** (heap sort: no allocation).  Time: O(n log n). */
void dip_sort_by(int n, const double *x, int *order);

/* The Nash bargaining solution and where it could lie (dip_nash). */
typedef struct dip_nash_result {
  double outcome;
  double lo, hi;     /* the feasible interval */
  int participants;  /* actors with weight > 0 and salience > 0 */
  int iterations;    /* bisection steps */
} dip_nash_result;

/*
** Nash bargaining with the status quo sq as disagreement point: the x in
** [lo, hi] that maximises
**   prod_i (U_i(x) - U_i(sq))^{w_i},   U_i(x) = -s_i |x - x_i|^p,
** over the participants (w_i > 0 and s_i > 0; the others are indifferent
** and left out).  p >= 1 (1: linear loss, 2: quadratic).  The feasible
** set is where every participant is at least as well off as under sq:
**   F = [lo, hi] ∩ ∩_i [x_i - |sq - x_i|, x_i + |sq - x_i|],
** an interval that contains sq (a single point when participants sit on
** both sides of sq or at sq: nobody can then be made better off without
** another losing, and the outcome is sq).  On the interior of F every
** gain is positive and phi(x) = sum w_i log(|sq - x_i|^p - |x - x_i|^p)
** is concave (each gain is concave and positive for p >= 1), so the
** maximiser is found by bisection on the sign of phi's right derivative
** (for a concave phi, phi'+(x) > 0 exactly left of the maximiser; the
** kinks of the linear loss need no special case).  Salience scales a
** factor and so does not move the maximiser (Nash's scale invariance).
** Returns 0, or -1 when nobody participates.  sq must lie in [lo, hi].
** Time: O(n) per bisection step, at most 200 steps (to machine
** precision).
*/
int dip_nash(int n, const double *x, const double *s, const double *w,
             double sq, double lo, double hi, double p,
             dip_nash_result *res);

/* }====== */

/* {====== Expected Utility model (eu_model.c) ====== */

/* Largest number of actors the EU model takes on one issue: its tables
** hold two n x n arrays of doubles (400 MB at 5,000). */
#define DIP_EU_MAX 5000

typedef enum { DIP_EU_P_BDM, DIP_EU_P_SCHOLZ } dip_eu_probability;
typedef enum { DIP_EU_RISK_OTHERS, DIP_EU_RISK_OWN } dip_eu_risk;
typedef enum { DIP_EU_LEAST_MOVE, DIP_EU_MIDPOINT } dip_eu_compromise;

typedef struct dip_eu_options {
  dip_eu_probability probability;
  dip_eu_risk risk;
  dip_eu_compromise compromise;
  double q, t; /* in [0, 1] */
} dip_eu_options;

typedef enum {
  DIP_OFFER_NONE, DIP_OFFER_CONFLICT, DIP_OFFER_COMPROMISE,
  DIP_OFFER_CAPITULATION
} dip_offer_type;

/* An offer from actor `from` (j) to actor `to` (i), who would move to
** `position`; eu_from = EU_j(i), eu_to = EU_i(j), both as i sees them. */
typedef struct dip_eu_offer {
  int from, to;
  dip_offer_type type;
  double position, eu_from, eu_to;
} dip_eu_offer;

/* The five utilities of the model for one evaluator (dip_eu_utilities). */
typedef struct dip_eu_utility {
  double success, failure, better, worse, status_quo;
} dip_eu_utility;

/*
** With d = |x_i - x_j| / Delta, e = |x_i - mu| / Delta and risk r:
**   U_s = 2 - 4 (0.5 - 0.5 d)^r          U_f = 2 - 4 (0.5 + 0.5 d)^r
**   U_b = 2 - 4 (0.5 - 0.25 (e + d))^r   U_w = 2 - 4 (0.5 + 0.25 (e + d))^r
**   U_sq = 2 - 4 (0.5)^r
** (Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011; MODELS.md).
*/
void dip_eu_utilities(double d, double e, double r, dip_eu_utility *u);

typedef struct dip_eu_model dip_eu_model; /* workspace; eu_model.c */

/* A workspace for up to n actors (1 <= n <= DIP_EU_MAX); NULL when
** memory runs out.  Free with dip_eu_free (NULL is fine). */
dip_eu_model *dip_eu_new(int n, const dip_eu_options *o);
void dip_eu_free(dip_eu_model *m);

/*
** Loads the actors (n as given to dip_eu_new): capability c, salience s,
** initial positions x.  Delta = max x - min x is fixed from here on.
** Returns 0, or -1 when sum c s is 0 (no mean or median exists).
*/
int dip_eu_load(dip_eu_model *m, const double *c, const double *s,
                const double *x);
double dip_eu_delta(const dip_eu_model *m);

/* How a run ended (dip_eu_run). */
typedef struct dip_eu_result {
  int rounds;       /* rounds run */
  int converged;    /* the last round moved nobody by more than tol */
  int cycle_period; /* 0, or p >= 2: positions after round `rounds`
                       equal those after round rounds - p */
} dip_eu_result;

/*
** Runs up to maxrounds rounds from the loaded positions.  A round: all
** risk exponents reset to 1, dangers D_i and exponents r_i computed, every
** actor takes its best offer, all positions move at once.  Stops early
** when the largest move is <= tol (converged) or when the positions
** come back, within tol on every actor, to those after an earlier round
** (a cycle of period >= 2; the rounds repeat from there on).
** Outputs (caller-owned): hist, room for (maxrounds + 1) n positions, row
** t holding the positions after round t (row 0: the start); risk, NULL
** or room for maxrounds n exponents (row t - 1: those of round t); mean
** and median, NULL or room for maxrounds + 1 values (the c s weighted
** mean and median of each row of hist); best, NULL or room for n offers:
** the best offer each actor took in the last round (type NONE: none).
** Time: O(n^2 + m n) per round, m the number of distinct positions, plus
** O(t n) for the cycle check after round t.
** pr (progress.h; NULL: none) is told (t, maxrounds) after each round t
** but the last; when it says stop, the run ends there (at least one round runs), with
** the outputs as after that round and converged 0.
*/
void dip_eu_run(dip_eu_model *m, int maxrounds, double tol, double *hist,
                double *risk, double *mean, double *median,
                dip_eu_offer *best, dip_eu_result *res, dip_progress *pr);

/*
** Every offer to actor i (every j at another position whose offer is a
** conflict, compromise or capitulation) at the start of the last round
** run, in actor order; out has room for n offers.  Returns the count.
** Time: O(n).
*/
int dip_eu_offers_to(const dip_eu_model *m, int i, dip_eu_offer *out);

/* }====== */

/* {====== Forecasts under uncertain inputs (perturb.c) ====== */

/* What to perturb and how often (dip_perturb). */
typedef struct dip_perturb_spec {
  int runs;
  uint64_t seed;
  double sd_position, sd_salience, sd_capability; /* >= 0 */
  double lo, hi;                                  /* the scale */
} dip_perturb_spec;

/* A model run on (perturbed) inputs: 0 with *out set, or -1 when the
** inputs give no outcome (e.g. no weight left). */
typedef int (*dip_outcome_fn)(void *ctx, int n, const double *x,
                              const double *s, const double *c,
                              double *out);

/*
** Runs fn on p->runs copies of the inputs with Gaussian noise added:
** position + N(0, sd_position) clamped to [lo, hi], salience + N(0,
** sd_salience) clamped to [0, 1], capability + N(0, sd_capability)
** clamped to >= 0.  Draws come from one generator seeded with p->seed
** (rng.h), run after run, actor after actor, in the order position,
** salience, capability, skipping a quantity whose sd is 0; so a seed
** gives the same runs everywhere.  xw, sw, cw: room for n values each
** (scratch).  Outcomes of the runs that gave one go to outcomes (room for
** p->runs), in run order; returns their number.  fn may also return -2:
** the run was cut short (pr says why) and is not counted.
** pr (progress.h; NULL: none) is checked before each run and told (r,
** p->runs) after each run r but the last; when it says stop, no further
** run starts, and
** *done receives the runs completed (p->runs when none was stopped).
** Time: p->runs times one run of fn, plus O(p->runs n) draws.
*/
int dip_perturb(const dip_perturb_spec *p, int n, const double *x,
                const double *s, const double *c, double *xw, double *sw,
                double *cw, dip_outcome_fn fn, void *ctx, double *outcomes,
                dip_progress *pr, int *done);

/* The distribution of k outcomes (dip_summarise). */
typedef struct dip_summary {
  double mean, sd;                /* sd: sample (k - 1), 0 when k = 1 */
  double p05, p25, p50, p75, p95; /* quantiles */
} dip_summary;

/*
** Sorts v[0..k-1] (k >= 1) and summarises it.  Quantiles interpolate
** linearly between order statistics: Q(p) = v[h] + (h - floor h)
** (v[floor h + 1] - v[floor h]), h = (k - 1) p, 0-based (Hyndman & Fan
** 1996, type 7; R's default, numpy's "linear").  Time: O(k log k).
*/
void dip_summarise(int k, double *v, dip_summary *r);

/* }====== */

#endif

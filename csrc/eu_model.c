/*
** eu_model.c — the Expected Utility model of Bueno de Mesquita (1994,
** 1997) as specified by Scholz, Calbert & Smith (2011, "Unravelling
** Bueno De Mesquita's group decision model", J. Theor. Politics 23(4)),
** with each point on which replications disagree an option
** (dip_eu_options; ../shared/MODELS.md, "Expected Utility model").
**
** No library implements this model (the published replications are a
** Python script and KAPSARC's C++ KTAB, neither usable here), so it is
** written out from the equations below.  With Delta = max - min of the
** initial positions, w_k = c_k s_k and risk exponents r_k:
**
**   vote of k for x_a over x_b:
**     v_k(a, b) = w_k ((|x_k - x_b| / Delta)^r_k - (|x_k - x_a| / Delta)^r_k)
**   probability that position a beats b:
**     P(a, b) = sum_k max(0, v_k(a, b)) / den,
**     den = sum_k |v_k(a, b)|                      (probability "bdm")
**     den = sum_{i, j, k} |v_k(x_i, x_j)|          (probability "scholz")
**   expected utility to i of challenging j, as an evaluator with risk r
**   sees it (utilities in forecast.h, dip_eu_utilities):
**     EU_i(j) = s_j (P(i, j) U_s + (1 - P(i, j)) U_f) + (1 - s_j) U_s
**               - q U_sq - (1 - q) (t U_b + (1 - t) U_w)
**   danger to i, every r = 1: D_i = sum_{j != i} EU_j(i);
**   R_i = (2 D_i - max D - min D) / (max D - min D), r_i = (1 - R_i / 3)
**   / (1 + R_i / 3), so r lies in [0.5, 2].
**
** Offers to i from j, both expected utilities seen by i (EU_ij = EU_i(j),
** EU_ji = EU_j(i)): conflict that i loses when EU_ji > EU_ij > 0 (i moves
** to x_j); compromise when EU_ji > 0 > EU_ij and EU_ji > |EU_ij| (i moves
** |EU_ij / EU_ji| of the way to x_j); capitulation when EU_ji > 0 > EU_ij
** and EU_ji < |EU_ij| (i moves to x_j).  i takes a conflict before a
** compromise before a capitulation, within a class the one that moves it
** least (compromise "least_move") or, for compromises, the one with the
** smallest EU-weighted midpoint (|EU_ij| x_i + |EU_ji| x_j) / (|EU_ij| +
** |EU_ji|), as Scholz's code does (compromise "scholz"); equal choices go
** to the proposer listed first.  Votes always use each voter's own r;
** option risk decides whose r i uses for EU_ji: its own ("own", Scholz's
** code) or j's ("others").
**
** Speed: a naive round is O(n^3) (a sum over voters for each pair).  The
** sign of v_k(a, b) depends only on which side of the midpoint (x_a +
** x_b) / 2 voter k stands (d^r grows with d for r > 0), so with actors
** sorted by position and, for each distinct position p, the prefix sums
** F_p[t] = sum over the t leftmost actors of w_k (|x_k - p| / Delta)^r_k,
** both sums of P for a pair are differences of four table entries:
** for x_a < x_b, with L actors left of the midpoint and G at or left of
** it, support for a = F_b[L] - F_a[L] and for b = (F_a[n] - F_a[G]) -
** (F_b[n] - F_b[G]).  A round is O(m n + n^2) for m distinct positions.
**
** No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast.h"

struct dip_eu_model {
  int n;
  dip_eu_options o;
  double *c, *s, *w, *x0; /* inputs */
  double delta, inv;      /* Delta and 1 / Delta (0 when Delta is 0) */
  /* the round in progress (after a run: the last round) */
  double *x, *r, *e, *D;  /* positions, exponents, |x - mu| / Delta, danger */
  double mu;              /* c s weighted median of x */
  int *order;             /* actors sorted by position */
  double *xs;             /* their positions, ascending */
  int m;                  /* distinct positions */
  double *pos;            /* distinct positions, ascending */
  int *first;             /* first sorted slot of each, m + 1 entries */
  int *at;                /* per actor: its distinct position */
  double *F;              /* m rows of n + 1 prefix sums */
  double *P;              /* m x m: P[a m + b] = P(a beats b) */
  int *scratch;           /* for the median */
  dip_eu_offer *best;     /* per actor, the last round's best offer */
};

/* {====== Utilities ====== */

/* y^r for y >= 0 (clamped: rounding can push 0.5 - 0.5 d below 0). */
static double pw(double y, double r) {
  if (y <= 0.0) return 0.0;
  return r == 1.0 ? y : pow(y, r);
}

void dip_eu_utilities(double d, double e, double r, dip_eu_utility *u) {
  u->success = 2.0 - 4.0 * pw(0.5 - 0.5 * d, r);
  u->failure = 2.0 - 4.0 * pw(0.5 + 0.5 * d, r);
  u->better = 2.0 - 4.0 * pw(0.5 - 0.25 * (e + d), r);
  u->worse = 2.0 - 4.0 * pw(0.5 + 0.25 * (e + d), r);
  u->status_quo = 2.0 - 4.0 * pw(0.5, r);
}

/*
** Gains over the status quo, U - U_sq, computed without cancellation.
** With K = 4 (0.5)^r the utilities of forecast.h give
**   U_s - U_sq = K (1 - (1 - d)^r),  U_f - U_sq = K (1 - (1 + d)^r),
**   U_b - U_sq = K (1 - (1 - (e + d) / 2)^r),
**   U_w - U_sq = K (1 - (1 + (e + d) / 2)^r),
** and K (1 - (1 + z)^r) = -K expm1(r log1p(z)).  The same algebra as the
** formulas, but these keep full relative precision when d is tiny, where
** the differences of the formulas lose every digit; and the offer rules
** compare such gains (an actor a hair's breadth from another decides
** between compromise and capitulation on them).
*/
static double gain(double K, double r, double z) {
  if (z <= -1.0) return K; /* (1 + z)^r = 0 */
  return -K * expm1(r * log1p(z));
}

/* K = 4 (0.5)^r, i.e. 2 - U_sq. */
static double kfactor(double r) {
  return 4.0 * exp(-r * 0.69314718055994530942); /* ln 2 */
}

/*
** EU of a challenge written with gains g = U - U_sq (the U_sq
** terms cancel: s_j + (1 - s_j) - q - (1 - q) = 0):
**   EU = s_j (P g_s + (1 - P) g_f) + (1 - s_j) g_s
**        - (1 - q) (t g_b + (1 - t) g_w).
** P: the challenger's chance, sdef: the defender's salience, d: their
** distance / Delta, e: the challenger's distance to the median / Delta,
** r, K: the evaluator's exponent and K; gs, gf: g_s and g_f for (d, r)
** (passed in: callers reuse them).
*/
static double eu(const dip_eu_options *o, double P, double sdef, double d,
                 double e, double r, double K, double gs, double gf) {
  double v = sdef * (P * gs + (1.0 - P) * gf) + (1.0 - sdef) * gs;
  if (o->q < 1.0) {
    double gb = gain(K, r, -0.5 * (e + d)), gw = gain(K, r, 0.5 * (e + d));
    v -= (1.0 - o->q) * (o->t * gb + (1.0 - o->t) * gw);
  }
  return v;
}

/* }====== */

/* {====== Workspace ====== */

void dip_eu_free(dip_eu_model *m) {
  if (m == NULL) return;
  free(m->c);
  free(m->s);
  free(m->w);
  free(m->x0);
  free(m->x);
  free(m->r);
  free(m->e);
  free(m->D);
  free(m->order);
  free(m->xs);
  free(m->pos);
  free(m->first);
  free(m->at);
  free(m->F);
  free(m->P);
  free(m->scratch);
  free(m->best);
  free(m);
}

dip_eu_model *dip_eu_new(int n, const dip_eu_options *o) {
  dip_eu_model *m;
  size_t N = (size_t)n;
  if (n < 1 || n > DIP_EU_MAX) return NULL;
  m = calloc(1, sizeof *m);
  if (m == NULL) return NULL;
  m->n = n;
  m->o = *o;
  m->c = malloc(N * sizeof *m->c);
  m->s = malloc(N * sizeof *m->s);
  m->w = malloc(N * sizeof *m->w);
  m->x0 = malloc(N * sizeof *m->x0);
  m->x = malloc(N * sizeof *m->x);
  m->r = malloc(N * sizeof *m->r);
  m->e = malloc(N * sizeof *m->e);
  m->D = malloc(N * sizeof *m->D);
  m->order = malloc(N * sizeof *m->order);
  m->xs = malloc(N * sizeof *m->xs);
  m->pos = malloc(N * sizeof *m->pos);
  m->first = malloc((N + 1) * sizeof *m->first);
  m->at = malloc(N * sizeof *m->at);
  m->F = malloc(N * (N + 1) * sizeof *m->F);
  m->P = malloc(N * N * sizeof *m->P);
  m->scratch = malloc(N * sizeof *m->scratch);
  m->best = malloc(N * sizeof *m->best);
  if (!m->c || !m->s || !m->w || !m->x0 || !m->x || !m->r || !m->e ||
      !m->D || !m->order || !m->xs || !m->pos || !m->first || !m->at ||
      !m->F || !m->P || !m->scratch || !m->best) {
    dip_eu_free(m);
    return NULL;
  }
  return m;
}

int dip_eu_load(dip_eu_model *m, const double *c, const double *s,
                const double *x) {
  int i, n = m->n;
  double lo = x[0], hi = x[0], total = 0.0;
  for (i = 0; i < n; i++) {
    m->c[i] = c[i];
    m->s[i] = s[i];
    m->w[i] = c[i] * s[i];
    m->x0[i] = m->x[i] = x[i];
    m->r[i] = 1.0;
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
    if (m->w[i] > 0.0) total += m->w[i];
  }
  m->delta = hi - lo;
  m->inv = m->delta > 0.0 ? 1.0 / m->delta : 0.0;
  m->m = 0;
  return total > 0.0 ? 0 : -1;
}

double dip_eu_delta(const dip_eu_model *m) { return m->delta; }

/* }====== */

/* {====== One round ====== */

/* Sorts the positions x of the round, groups equal ones, finds the
** median and each actor's distance to it. */
static void setpositions(dip_eu_model *m, const double *x) {
  int i, k, n = m->n;
  memcpy(m->x, x, (size_t)n * sizeof *x);
  dip_sort_by(n, m->x, m->order);
  m->m = 0;
  for (k = 0; k < n; k++) {
    i = m->order[k];
    m->xs[k] = m->x[i];
    if (k == 0 || m->xs[k] != m->xs[k - 1]) {
      m->pos[m->m] = m->xs[k];
      m->first[m->m] = k;
      m->m++;
    }
    m->at[i] = m->m - 1;
  }
  m->first[m->m] = n;
  dip_weighted_median(n, m->x, m->w, m->scratch, &m->mu);
  for (i = 0; i < n; i++) m->e[i] = fabs(m->x[i] - m->mu) * m->inv;
}

/*
** Fills the table of P for the current positions, votes weighted
** with the exponents m->r.  O(m n) for the prefix sums F (one power per
** actor and distinct position), O(m (m + n)) for the pairs (the left and
** right counts L, G move one way as b grows, for each a).
*/
static void probabilities(dip_eu_model *m) {
  int a, b, k, n = m->n, M = m->m;
  size_t row = (size_t)n + 1;
  double S = 0.0;
  for (a = 0; a < M; a++) {
    double *F = m->F + (size_t)a * row, p = m->pos[a];
    F[0] = 0.0;
    for (k = 0; k < n; k++) {
      int i = m->order[k];
      F[k + 1] = F[k] + m->w[i] * pw(fabs(m->xs[k] - p) * m->inv, m->r[i]);
    }
  }
  for (a = 0; a < M; a++) {
    const double *Fa = m->F + (size_t)a * row;
    int L = 0, G = 0;
    m->P[(size_t)a * M + a] = 0.0;
    for (b = a + 1; b < M; b++) {
      const double *Fb = m->F + (size_t)b * row;
      double mid = 0.5 * (m->pos[a] + m->pos[b]), A, B;
      while (L < n && m->xs[L] < mid) L++;
      if (G < L) G = L;
      while (G < n && m->xs[G] <= mid) G++;
      A = Fb[L] - Fa[L];                       /* voters for a (left) */
      B = (Fa[n] - Fa[G]) - (Fb[n] - Fb[G]);   /* voters for b (right) */
      if (A < 0.0) A = 0.0;
      if (B < 0.0) B = 0.0;
      m->P[(size_t)a * M + b] = A;
      m->P[(size_t)b * M + a] = B;
      S += 2.0 * (A + B) * (double)(m->first[a + 1] - m->first[a]) *
           (double)(m->first[b + 1] - m->first[b]);
    }
  }
  for (a = 0; a < M; a++)
    for (b = a + 1; b < M; b++) {
      double *pab = m->P + (size_t)a * M + b, *pba = m->P + (size_t)b * M + a;
      double den = m->o.probability == DIP_EU_P_BDM ? *pab + *pba : S;
      if (den > 0.0) {
        *pab /= den;
        *pba /= den;
      } else { /* nobody cares (or Delta = 0): even chances, or none */
        *pab = *pba = m->o.probability == DIP_EU_P_BDM ? 0.5 : 0.0;
      }
    }
}

/* Risk exponents of the round: dangers with every r = 1. */
static void riskexponents(dip_eu_model *m) {
  int i, j, n = m->n, M = m->m;
  double maxD = -HUGE_VAL, minD = HUGE_VAL, spread;
  for (i = 0; i < n; i++) m->r[i] = 1.0;
  probabilities(m);
  for (i = 0; i < n; i++) {
    double Di = 0.0;
    for (j = 0; j < n; j++) {
      double d;
      if (j == i) continue;
      d = fabs(m->x[j] - m->x[i]) * m->inv;
      /* r = 1: K = 2, g_s = 2 d, g_f = -2 d */
      Di += eu(&m->o, m->P[(size_t)m->at[j] * M + m->at[i]], m->s[i], d,
               m->e[j], 1.0, 2.0, 2.0 * d, -2.0 * d);
    }
    m->D[i] = Di;
    if (Di > maxD) maxD = Di;
    if (Di < minD) minD = Di;
  }
  spread = maxD - minD;
  for (i = 0; i < n; i++) {
    double R = 0.0;
    if (spread > 1e-12 * (fabs(maxD) + fabs(minD)))
      R = (2.0 * m->D[i] - maxD - minD) / spread;
    m->r[i] = (1.0 - R / 3.0) / (1.0 + R / 3.0);
  }
}

/* One evaluator's exponent, K and gains g_s, g_f at one distance. */
typedef struct sides {
  double r, K, gs, gf;
} sides;

/*
** The offer from j to i (positions differ, d their distance / Delta), as
** i sees it: ui holds i's exponent and its gains, uj the same for the
** exponent i uses for j's side (its own under risk "own", j's under
** "others").  Returns the type.
*/
static dip_offer_type offer(const dip_eu_model *m, int i, int j, double d,
                            const sides *ui, const sides *uj,
                            dip_eu_offer *o) {
  int M = m->m;
  double pij = m->P[(size_t)m->at[i] * M + m->at[j]];
  double pji = m->P[(size_t)m->at[j] * M + m->at[i]];
  double eij = eu(&m->o, pij, m->s[j], d, m->e[i], ui->r, ui->K, ui->gs,
                  ui->gf);
  double eji = eu(&m->o, pji, m->s[i], d, m->e[j], uj->r, uj->K, uj->gs,
                  uj->gf);
  o->from = j;
  o->to = i;
  o->eu_from = eji;
  o->eu_to = eij;
  o->position = m->x[j];
  if (eji > eij && eij > 0.0)
    o->type = DIP_OFFER_CONFLICT;
  else if (eji > 0.0 && 0.0 > eij && eji > fabs(eij)) {
    o->type = DIP_OFFER_COMPROMISE;
    o->position = m->x[i] + (m->x[j] - m->x[i]) * fabs(eij / eji);
  } else if (eji > 0.0 && 0.0 > eij && eji < fabs(eij))
    o->type = DIP_OFFER_CAPITULATION;
  else
    o->type = DIP_OFFER_NONE;
  return o->type;
}

/*
** The gains g_s, g_f for exponent r from l_s = log1p(-d) (-inf when d =
** 1) and l_f = log1p(d), shared by every evaluator at that distance.
*/
static void sidesof(double ls, double lf, double r, sides *u) {
  u->r = r;
  u->K = kfactor(r);
  u->gs = -u->K * expm1(r * ls);
  u->gf = -u->K * expm1(r * lf);
}

/* How an offer ranks within its class: smaller is better. */
static double rank(const dip_eu_model *m, const dip_eu_offer *o) {
  if (o->type == DIP_OFFER_COMPROMISE &&
      m->o.compromise == DIP_EU_MIDPOINT) {
    double a = fabs(o->eu_to), b = fabs(o->eu_from);
    return (a * m->x[o->to] + b * m->x[o->from]) / (a + b);
  }
  return fabs(o->position - m->x[o->to]);
}

/* Is offer o better for i than the best so far? */
static int better(const dip_eu_model *m, const dip_eu_offer *o,
                  const dip_eu_offer *best) {
  double ro, rb;
  if (best->type == DIP_OFFER_NONE) return 1;
  if (o->type != best->type) return o->type < best->type;
  ro = rank(m, o);
  rb = rank(m, best);
  if (ro != rb) return ro < rb;
  return o->from < best->from;
}

/* Runs one round from positions x: exponents into m->r, best offers into
** m->best, new positions into xnew. */
static void oneround(dip_eu_model *m, const double *x, double *xnew) {
  int i, b, k, n = m->n, M;
  setpositions(m, x);
  riskexponents(m);
  probabilities(m);
  M = m->m;
  for (i = 0; i < n; i++) {
    dip_eu_offer *best = &m->best[i];
    best->type = DIP_OFFER_NONE;
    best->from = -1;
    best->to = i;
    for (b = 0; b < M; b++) {
      double d, ls, lf;
      sides ui, uj;
      if (b == m->at[i]) continue;
      d = fabs(m->pos[b] - m->x[i]) * m->inv;
      ls = d < 1.0 ? log1p(-d) : -HUGE_VAL;
      lf = log1p(d);
      sidesof(ls, lf, m->r[i], &ui);
      for (k = m->first[b]; k < m->first[b + 1]; k++) {
        dip_eu_offer o;
        int j = m->order[k];
        if (m->o.risk == DIP_EU_RISK_OWN)
          uj = ui;
        else
          sidesof(ls, lf, m->r[j], &uj);
        if (offer(m, i, j, d, &ui, &uj, &o) != DIP_OFFER_NONE &&
            better(m, &o, best))
          *best = o;
      }
    }
    xnew[i] = best->type == DIP_OFFER_NONE ? m->x[i] : best->position;
  }
}

/* }====== */

/* {====== Runs ====== */

static double maxdiff(int n, const double *a, const double *b) {
  double d = 0.0;
  int i;
  for (i = 0; i < n; i++)
    if (fabs(a[i] - b[i]) > d) d = fabs(a[i] - b[i]);
  return d;
}

static void summarise(dip_eu_model *m, const double *x, double *mean,
                      double *median) {
  if (mean) dip_compromise(m->n, x, m->w, mean);
  if (median) dip_weighted_median(m->n, x, m->w, m->scratch, median);
}

void dip_eu_run(dip_eu_model *m, int maxrounds, double tol, double *hist,
                double *risk, double *mean, double *median,
                dip_eu_offer *best, dip_eu_result *res, dip_progress *pr) {
  int t, p, n = m->n;
  size_t N = (size_t)n;
  res->rounds = 0;
  res->converged = 0;
  res->cycle_period = 0;
  memcpy(hist, m->x0, N * sizeof *hist);
  summarise(m, hist, mean, median);
  for (t = 1; t <= maxrounds; t++) {
    double *now = hist + (size_t)t * N, *before = now - N;
    oneround(m, before, now);
    if (risk) memcpy(risk + (size_t)(t - 1) * N, m->r, N * sizeof *risk);
    summarise(m, now, mean ? mean + t : NULL, median ? median + t : NULL);
    res->rounds = t;
    if (maxdiff(n, now, before) <= tol) {
      res->converged = 1;
      break;
    }
    for (p = 2; p <= t; p++)
      if (maxdiff(n, now, now - (size_t)p * N) <= tol) break;
    if (p <= t) {
      res->cycle_period = p;
      break;
    }
    if (t < maxrounds && dip_progress_report(pr, t, maxrounds)) break;
  }
  if (best) memcpy(best, m->best, N * sizeof *best);
}

int dip_eu_offers_to(const dip_eu_model *m, int i, dip_eu_offer *out) {
  int j, count = 0;
  if (m->m == 0) return 0; /* no round run */
  for (j = 0; j < m->n; j++) {
    double d, ls, lf;
    sides ui, uj;
    if (m->at[j] == m->at[i]) continue;
    d = fabs(m->x[j] - m->x[i]) * m->inv;
    ls = d < 1.0 ? log1p(-d) : -HUGE_VAL;
    lf = log1p(d);
    sidesof(ls, lf, m->r[i], &ui);
    sidesof(ls, lf, m->o.risk == DIP_EU_RISK_OWN ? m->r[i] : m->r[j], &uj);
    if (offer(m, i, j, d, &ui, &uj, &out[count]) != DIP_OFFER_NONE) count++;
  }
  return count;
}

/* }====== */

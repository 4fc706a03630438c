/*
** power.c — exact power indices of weighted voting games (see power.h).
**
** Players of equal weight are symmetric, so the work is done per group
** of equal positive weight; players of weight 0 never swing and do not
** change anybody else's index, so they are left out and get 0.
**
** Shapley-Shubik and the Banzhaf family come from one dynamic programme
** over coalition weight 0..q-1 (powerdp.h), run in probability space:
** with every other player joining independently with probability t, a
** member of group g swings with probability f_g(t).  Then
**   Penrose-Banzhaf  beta'_g = f_g(1/2)        (= swings / 2^(n-1))
**   Shapley-Shubik   phi_g   = integral of f_g(t) over [0, 1]
** (Owen 1972: sum over S of t^|S| (1 - t)^(n-1-|S|) integrates to
** |S|! (n-1-|S|)! / n!).  f_g is a polynomial of degree n - 1, so
** Gauss-Legendre quadrature with ceil(n / 2) nodes is exact.  Every step
** adds non-negative numbers: no cancellation, relative error about n
** units in the last place.  (Subtracting a player from a floating-point
** table, the usual shortcut, loses all accuracy for Shapley-Shubik at
** n of a few hundred; it is never done here.)
**
** Johnston, Deegan-Packel and Holler need the minimal winning and
** critical structure of coalitions; they are computed exactly by
** enumerating coalition shapes (how many members of each weight group),
** each shape weighted by its number of coalitions.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"

/* {====== Groups of equal weight ====== */

typedef struct pgroups {
  int d;         /* groups of equal positive weight, heaviest first */
  int64_t *w;    /* d weights */
  int *m;        /* d sizes */
  int *of;       /* n: each player's group, -1 for weight 0 */
  int npos;      /* players of positive weight */
  int64_t total; /* sum of the weights */
} pgroups;

static int desc_weight(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? 1 : x > y ? -1 : 0;
}

static void groups_free(pgroups *G) {
  free(G->w);
  free(G->m);
  free(G->of);
}

static int groups_make(const dip_wgame *g, pgroups *G) {
  int i, k;
  int64_t *sorted = malloc(((size_t)g->n + 1) * sizeof *sorted);
  memset(G, 0, sizeof *G);
  G->w = malloc(((size_t)g->n + 1) * sizeof *G->w);
  G->m = malloc(((size_t)g->n + 1) * sizeof *G->m);
  G->of = malloc(((size_t)g->n + 1) * sizeof *G->of);
  if (!sorted || !G->w || !G->m || !G->of) {
    free(sorted);
    groups_free(G);
    return DIP_POW_NOMEM;
  }
  for (i = 0; i < g->n; i++) {
    G->total += g->w[i];
    if (g->w[i] > 0) sorted[G->npos++] = g->w[i];
  }
  qsort(sorted, (size_t)G->npos, sizeof *sorted, desc_weight);
  for (i = 0; i < G->npos; i++) {
    if (G->d == 0 || G->w[G->d - 1] != sorted[i]) {
      G->w[G->d] = sorted[i];
      G->m[G->d++] = 0;
    }
    G->m[G->d - 1]++;
  }
  free(sorted);
  for (i = 0; i < g->n; i++) {
    G->of[i] = -1;
    if (g->w[i] <= 0) continue;
    for (k = 0; G->w[k] != g->w[i]; k++) /* groups are few and sorted */
      ;
    G->of[i] = k;
  }
  return DIP_POW_OK;
}

/* }====== */

/* {====== Bounded work ====== */

/*
** Progress of the exact programmes, counted in player additions (each
** O(q)): reports come every ~10^7 table entries, so that the check costs
** nothing next to the work, whatever q is.
*/
typedef struct meter {
  dip_progress *pr;
  double done, total, every, next;
} meter;

static void meter_init(meter *m, dip_progress *pr, double total, int64_t q) {
  m->pr = pr;
  m->done = 0;
  m->total = total;
  m->every = ceil(1e7 / (double)(q > 0 ? q : 1));
  m->next = m->every;
}

/* One more unit done; nonzero when the run must stop. */
static int meter_step(meter *m) {
  if (m == NULL || m->pr == NULL) return 0;
  if (++m->done < m->next || m->done >= m->total) return 0;
  m->next = m->done + m->every;
  return dip_progress_report(m->pr, m->done, m->total);
}

/* }====== */

/* {====== The swing programme, in double and in long double ====== */

static int swing_arrays(int d, int block) {
  return (d + block - 1) / block + block + 4;
}

/* The player additions F(swings) makes (its loops, counted). */
static double swing_adds(const pgroups *G, int block) {
  int nb = (G->d + block - 1) / block, b, g;
  double n = 0;
  for (b = 0; b + 1 < nb; b++)
    for (g = b * block; g < (b + 1) * block; g++) n += G->m[g];
  for (b = nb - 1; b >= 0; b--) {
    int gs = b * block, ge = gs + block < G->d ? gs + block : G->d;
    for (g = gs; g < ge; g++) n += G->m[g] - 1 + (g + 1 < ge);
    for (g = ge - 1; g >= gs; g--)
      if (g > 0) n += G->m[g];
  }
  return n;
}

#define REAL double
#define F(name) name##_d
#define UNROLL 1
#include "powerdp.h"
#undef REAL
#undef F
#undef UNROLL
#define REAL long double
#define F(name) name##_l
#define UNROLL 0
#include "powerdp.h"
#undef REAL
#undef F
#undef UNROLL

/*
** Players with positive weight up to which double holds every reachable
** probability at t = 1/2 (at least 2^-n) without underflow.
*/
#define DOUBLE_PLAYERS 1000
/* Probabilities below this are dropped in the Shapley-Shubik nodes; the
** total dropped is far below 1e-20. */
#define SS_TINY 1e-40

/* The checkpoint block for d groups: all of them when memory allows. */
static int choose_block(int d, int64_t q, size_t size) {
  if ((double)swing_arrays(d, d) * (double)q * (double)size
      <= DIP_POW_MAX_BYTES / 4)
    return d;
  return (int)ceil(sqrt((double)d));
}

static double swing_bytes(int d, int64_t q, size_t size) {
  return (double)swing_arrays(d, choose_block(d, q, size)) * (double)q *
         (double)size;
}

/* f_g(t) for every group into out (d values). */
static int swing_at(const pgroups *G, int64_t q, long double t, int wide,
                    double tiny, long double *out, meter *mt) {
  if (wide)
    return swings_l(G, q, t, 0, choose_block(G->d, q, sizeof(long double)),
                    out, mt);
  return swings_d(G, q, (double)t, tiny,
                  choose_block(G->d, q, sizeof(double)), out, mt);
}

/* The player additions of one swing_at. */
static double swing_at_adds(const pgroups *G, int64_t q, int wide) {
  return swing_adds(G, choose_block(G->d, q, wide ? sizeof(long double)
                                                  : sizeof(double)));
}

/* }====== */

/* {====== Gauss-Legendre quadrature on [0, 1] ====== */

/*
** The L nodes t[k] and weights wt[k] of Gauss-Legendre quadrature on
** [0, 1] (exact for polynomials of degree 2L - 1): Newton's method on
** the Legendre polynomial P_L from the recurrence
** j P_j = (2j - 1) x P_(j-1) - (j - 1) P_(j-2), started at
** cos(pi (k + 3/4) / (L + 1/2)); weights 2 / ((1 - x^2) P_L'(x)^2)
** (Abramowitz & Stegun 25.4.29), halved for [0, 1].  Time O(L^2).
*/
static void gauss_legendre(int L, long double *t, long double *wt) {
  const long double pi = 3.141592653589793238462643383279502884L;
  int k, j, it;
  for (k = 0; k < (L + 1) / 2; k++) {
    long double z = cosl(pi * (k + 0.75L) / (L + 0.5L)), z1, p1, p2, p3, pp;
    for (it = 0; it < 100; it++) {
      p1 = 1;
      p2 = 0;
      for (j = 1; j <= L; j++) {
        p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = L * (z * p1 - p2) / (z * z - 1);
      z1 = z;
      z = z1 - p1 / pp;
      if (fabsl(z - z1) <= 1e-18L) break;
    }
    p1 = 1; /* P_L'(z) at the converged root */
    p2 = 0;
    for (j = 1; j <= L; j++) {
      p3 = p2;
      p2 = p1;
      p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
    }
    pp = L * (z * p1 - p2) / (z * z - 1);
    t[k] = (1 - z) / 2;
    t[L - 1 - k] = (1 + z) / 2;
    wt[k] = wt[L - 1 - k] = 1 / ((1 - z * z) * pp * pp);
  }
}

/* }====== */

/* {====== Shapley-Shubik and the Banzhaf family ====== */

/*
** Shapley-Shubik per group: sum over nodes of wt * f_g(t).  Nodes where
** Hoeffding's inequality bounds every f_g below 1e-30 (the others'
** weight W has mean t (K - w_g) and Pr(|W - EW| >= a) <= 2 exp(-2 a^2 /
** sum w_i^2)) are skipped.
*/
static int shapley(const pgroups *G, int64_t q, long double *phi,
                   dip_progress *pr) {
  int L = (G->npos + 1) / 2, l, g, e = DIP_POW_OK, nodes = 0;
  long double *t = malloc((size_t)L * sizeof *t);
  long double *wt = malloc((size_t)L * sizeof *wt);
  long double *f = malloc((size_t)G->d * sizeof *f);
  unsigned char *need = malloc((size_t)L + 1);
  long double s2 = 0;
  meter mt;
  if (!t || !wt || !f || !need) {
    e = DIP_POW_NOMEM;
    goto done;
  }
  gauss_legendre(L, t, wt);
  for (g = 0; g < G->d; g++) {
    s2 += (long double)G->m[g] * G->w[g] * G->w[g];
    phi[g] = 0;
  }
  for (l = 0; l < L; l++) {
    need[l] = 0;
    for (g = 0; g < G->d && !need[l]; g++) {
      long double mean = t[l] * (G->total - G->w[g]), a = 0;
      if (mean < q - G->w[g]) a = q - G->w[g] - mean;
      if (mean > q - 1) a = mean - (q - 1);
      need[l] = 2 * expl(-2 * a * a / s2) > 1e-30L;
    }
    nodes += need[l];
  }
  meter_init(&mt, pr, nodes * swing_at_adds(G, q, 0), q);
  for (l = 0; l < L; l++) {
    if (!need[l]) continue;
    e = swing_at(G, q, t[l], 0, SS_TINY, f, &mt);
    if (e != DIP_POW_OK) goto done;
    for (g = 0; g < G->d; g++) phi[g] += wt[l] * f[g];
  }
done:
  free(t);
  free(wt);
  free(f);
  free(need);
  return e;
}

/* Normalises per-group raw values r so that the players' values add to
** 1 (all 0 when they add to 0). */
static void normalise(const pgroups *G, long double *r) {
  long double s = 0;
  int g;
  for (g = 0; g < G->d; g++) s += G->m[g] * r[g];
  for (g = 0; g < G->d; g++) r[g] = s > 0 ? r[g] / s : 0;
}

static int banzhaf_family(const pgroups *G, int64_t q, dip_power_index ix,
                          long double *r, dip_progress *pr) {
  int wide = G->npos > DOUBLE_PLAYERS, e;
  int coleman = ix == DIP_COLEMAN_PREVENT || ix == DIP_COLEMAN_INITIATE;
  long double lose, win;
  meter mt;
  meter_init(&mt, pr, swing_at_adds(G, q, wide) + (coleman ? G->npos : 0),
             q);
  e = swing_at(G, q, 0.5L, wide, 0, r, &mt);
  if (e != DIP_POW_OK) return e;
  if (ix == DIP_BANZHAF) normalise(G, r);
  if (ix == DIP_COLEMAN_PREVENT || ix == DIP_COLEMAN_INITIATE) {
    int g;
    /* Pr(W < q), and Pr(W >= q) = Pr(W <= K - q) by complement */
    e = wide ? cumulative_l(G, q, G->total - q, &lose, &win, &mt)
             : cumulative_d(G, q, G->total - q, &lose, &win, &mt);
    if (e != DIP_POW_OK) return e;
    /* swings / |W| = beta' 2^(n-1) / (win 2^n) = beta' / (2 win) */
    for (g = 0; g < G->d; g++)
      r[g] /= 2 * (ix == DIP_COLEMAN_PREVENT ? win : lose);
  }
  return DIP_POW_OK;
}

/* }====== */

/* {====== Coalition shapes: Johnston, Deegan-Packel, Holler ====== */

/*
** A shape chooses k_g members of each group; it stands for
** prod C(m_g, k_g) coalitions, and a given member of g is in a fraction
** k_g / m_g of them.  Weights are carried as probabilities
** prod C(m_g, k_g) / 2^m_g, so that nothing overflows.  In a winning
** coalition of weight x the critical members are those heavier than
** x - q (their exit loses it); it is minimal winning when all are.
*/
typedef struct shapes {
  const pgroups *G;
  int64_t q;
  int all;             /* Johnston: visit every winning shape */
  long double **binom; /* binom[g][k] = C(m_g, k) / 2^m_g */
  int64_t *rest;       /* rest[g]: weight of groups g.. together */
  int *k;
  long double *hol, *dp, *jo, mwc, vuln;
  dip_progress *pr;    /* told (shapes done, shapes) every 2^16 */
  double done, total;
  int stop;
} shapes;

/* One shape (a leaf, or a subtree cut off) done; sets e->stop. */
static void shape_done(shapes *e) {
  e->done++;
  if (e->pr && ((unsigned long)e->done & 0xFFFF) == 0 &&
      e->done < e->total &&
      dip_progress_report(e->pr, e->done, e->total))
    e->stop = 1;
}

static void shape_leaf(shapes *e, int64_t x, int size, long double pr,
                       int last) {
  const pgroups *G = e->G;
  int g, c = 0;
  int64_t theta = x - e->q;
  if (x < e->q) return;
  if (x - G->w[last] < e->q) { /* minimal winning */
    e->mwc += pr;
    for (g = 0; g <= last; g++)
      if (e->k[g] > 0) {
        long double f = pr * e->k[g] / G->m[g];
        e->hol[g] += f;
        e->dp[g] += f / size;
      }
  }
  if (!e->all) return;
  for (g = 0; g <= last && G->w[g] > theta; g++) c += e->k[g];
  if (c == 0) return;
  e->vuln += pr;
  for (g = 0; g <= last && G->w[g] > theta; g++)
    if (e->k[g] > 0) e->jo[g] += pr * e->k[g] / G->m[g] / c;
}

static void shape_visit(shapes *e, int g, int64_t x, int size,
                        long double pr, int last) {
  const pgroups *G = e->G;
  int k, top;
  if (x + e->rest[g] < e->q) { /* cannot win any more */
    shape_done(e);
    return;
  }
  if (g == G->d) {
    shape_leaf(e, x, size, pr, last);
    shape_done(e);
    return;
  }
  /* once winning, lighter members never keep a coalition minimal */
  top = (!e->all && x >= e->q) ? 0 : G->m[g];
  for (k = 0; k <= top && !e->stop; k++) {
    e->k[g] = k;
    shape_visit(e, g + 1, x + k * G->w[g], size + k, pr * e->binom[g][k],
                k > 0 ? g : last);
  }
  e->k[g] = 0;
}

static double shape_count(const pgroups *G) {
  double n = 1;
  int g;
  for (g = 0; g < G->d; g++) n *= G->m[g] + 1.0;
  return n;
}

static int by_shapes(const pgroups *G, int64_t q, dip_power_index ix,
                     long double *r, dip_progress *pr) {
  shapes e;
  int g, k, e_ok = DIP_POW_NOMEM;
  long double *store;
  memset(&e, 0, sizeof e);
  e.G = G;
  e.q = q;
  e.all = ix == DIP_JOHNSTON;
  e.pr = pr;
  e.total = shape_count(G);
  e.binom = malloc(((size_t)G->d + 1) * sizeof *e.binom);
  e.rest = malloc(((size_t)G->d + 1) * sizeof *e.rest);
  e.k = calloc((size_t)G->d + 1, sizeof *e.k);
  store = malloc(((size_t)G->npos + G->d + 3 * (size_t)G->d + 1) *
                 sizeof *store);
  if (!e.binom || !e.rest || !e.k || !store) goto done;
  e.hol = store;
  e.dp = e.hol + G->d;
  e.jo = e.dp + G->d;
  for (g = 0; g < 3 * G->d; g++) e.hol[g] = 0;
  {
    long double *b = e.jo + G->d;
    for (g = 0; g < G->d; g++) {
      e.binom[g] = b;
      b[0] = ldexpl(1, -G->m[g]);
      for (k = 0; k < G->m[g]; k++)
        b[k + 1] = b[k] * (G->m[g] - k) / (k + 1);
      b += G->m[g] + 1;
    }
  }
  e.rest[G->d] = 0;
  for (g = G->d - 1; g >= 0; g--) e.rest[g] = e.rest[g + 1] + G->m[g] * G->w[g];
  shape_visit(&e, 0, 0, 0, 1, -1);
  if (e.stop) {
    e_ok = DIP_POW_STOPPED;
    goto done;
  }
  for (g = 0; g < G->d; g++) {
    switch (ix) {
    case DIP_HOLLER: r[g] = e.hol[g]; break;
    case DIP_DEEGAN_PACKEL: r[g] = e.mwc > 0 ? e.dp[g] / e.mwc : 0; break;
    default: r[g] = e.vuln > 0 ? e.jo[g] / e.vuln : 0; break;
    }
  }
  if (ix == DIP_HOLLER) normalise(G, r);
  e_ok = DIP_POW_OK;
done:
  free(e.binom);
  free(e.rest);
  free(e.k);
  free(store);
  return e_ok;
}

/* }====== */

/* {====== Entry points ====== */

int dip_power_check(const dip_wgame *g, dip_power_index ix,
                    const char **what, double *size) {
  int npos = 0, i, d = 0;
  int64_t total = 0, q = g->quota;
  for (i = 0; i < g->n; i++) {
    total += g->w[i];
    npos += g->w[i] > 0;
  }
  *what = NULL;
  *size = 0;
  if (q > total) return DIP_POW_OK; /* nobody can win: all zero */
  if (npos > DIP_POW_MAX_PLAYERS) {
    *what = "players";
    *size = npos;
    return DIP_POW_TOOBIG;
  }
  if (ix == DIP_JOHNSTON || ix == DIP_DEEGAN_PACKEL || ix == DIP_HOLLER) {
    pgroups G;
    double nshapes;
    if (groups_make(g, &G) != DIP_POW_OK) return DIP_POW_NOMEM;
    nshapes = shape_count(&G);
    groups_free(&G);
    if (nshapes > DIP_POW_MAX_SHAPES) {
      *what = "shapes";
      *size = nshapes;
      return DIP_POW_TOOBIG;
    }
    return DIP_POW_OK;
  }
  if (ix == DIP_COLEMAN_PREVENT || ix == DIP_COLEMAN_INITIATE)
    if (total - q + 1 > q) q = total - q + 1;
  if (q > DIP_POW_MAX_QUOTA) {
    *what = "quota";
    *size = (double)q;
    return DIP_POW_TOOBIG;
  }
  {
    pgroups G;
    double bytes;
    if (groups_make(g, &G) != DIP_POW_OK) return DIP_POW_NOMEM;
    d = G.d;
    groups_free(&G);
    bytes = swing_bytes(d, g->quota,
                        ix != DIP_SHAPLEY && npos > DOUBLE_PLAYERS
                            ? sizeof(long double)
                            : sizeof(double));
    if (bytes > DIP_POW_MAX_BYTES) {
      *what = "memory";
      *size = bytes;
      return DIP_POW_TOOBIG;
    }
  }
  return DIP_POW_OK;
}

int dip_power_exact(const dip_wgame *g, dip_power_index ix, double *value,
                    dip_progress *pr) {
  pgroups G;
  long double *r = NULL;
  const char *what;
  double size;
  int i, e;
  for (i = 0; i < g->n; i++) value[i] = 0;
  e = dip_power_check(g, ix, &what, &size);
  if (e != DIP_POW_OK) return e;
  if (groups_make(g, &G) != DIP_POW_OK) return DIP_POW_NOMEM;
  if (g->quota > G.total) { /* no coalition wins: no power to share */
    groups_free(&G);
    return DIP_POW_OK;
  }
  r = malloc(((size_t)G.d + 1) * sizeof *r);
  if (r == NULL) {
    groups_free(&G);
    return DIP_POW_NOMEM;
  }
  switch (ix) {
  case DIP_SHAPLEY: e = shapley(&G, g->quota, r, pr); break;
  case DIP_BANZHAF:
  case DIP_BANZHAF_ABS:
  case DIP_COLEMAN_PREVENT:
  case DIP_COLEMAN_INITIATE:
    e = banzhaf_family(&G, g->quota, ix, r, pr);
    break;
  default: e = by_shapes(&G, g->quota, ix, r, pr); break;
  }
  if (e == DIP_POW_OK)
    for (i = 0; i < g->n; i++)
      if (G.of[i] >= 0) value[i] = (double)r[G.of[i]];
  free(r);
  groups_free(&G);
  return e;
}

/* }====== */

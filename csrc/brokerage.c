/*
** brokerage.c — Gould-Fernandez brokerage roles and their null model.
**
** Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a
** formal approach to brokerage in transaction networks.  Sociological
** Methodology 19, 89-126.  Conventions and the null model are those of
** R's sna::brokerage (Carter T. Butts; sna 2.7-1), which the specs check
** against:
** - a two-path i -> j -> k with i, j, k distinct and no arc i -> k makes j
**   a broker of (i, k); an arc k -> i does not block it.  Each such
**   (i, j, k) counts once for j.
** - roles by groups g(): coordinator g(i) = g(j) = g(k); itinerant
**   g(i) = g(k) != g(j); representative g(i) = g(j) != g(k) (the broker
**   sits in the sender's group); gatekeeper g(i) != g(j) = g(k) (in the
**   receiver's group); liaison all three differ.
** - an undirected view is read as a symmetric directed graph: every tie
**   runs both ways, so (i, j, k) and (k, j, i) both count and an actor's
**   representative and gatekeeper counts are equal.
** - ties are present or absent: weights and the combine rule do not
**   matter; self-ties are ignored (also in the density, where sna would
**   count them).
** - expected counts and variances under random group assignment with
**   the observed group sizes, per group and for the whole system, are
**   sna's formulas with density d = arcs / (n (n - 1)); where the
**   variance is zero (the role cannot occur given the group sizes, or
**   the graph is empty or complete) z is 0, where sna gives NaN.
**
** igraph has no brokerage function: the count is hand-written here.
** No Lua calls in this file.
*/
#include <math.h>
#include <stdlib.h>

#include "network.h"

/* {====== Role counts ====== */

/* The role j plays between i and k (sna's gli.c classification). */
static int role(int gi, int gj, int gk) {
  if (gi == gj) return gj == gk ? DIP_COORDINATOR : DIP_REPRESENTATIVE;
  if (gj == gk) return DIP_GATEKEEPER;
  if (gi == gk) return DIP_ITINERANT;
  return DIP_LIAISON;
}

/*
** Counts the roles of every actor into raw (n rows of DIP_NROLES) and
** the arcs without self-ties into *arcs.  For each i the out-neighbours
** of i are stamped, so "no arc i -> k" is an O(1) test.
** Time: O(n + m + sum over j of indeg(j) outdeg(j)); memory O(n + m).
*/
static igraph_error_t count_roles(const igraph_t *g, const int *group,
                                  double *raw, double *arcs) {
  igraph_integer_t n = igraph_vcount(g), i, a, b;
  igraph_adjlist_t out;
  igraph_integer_t *stamp;
  igraph_error_t e;
  for (i = 0; i < n * DIP_NROLES; i++) raw[i] = 0;
  *arcs = 0;
  /* undirected: OUT lists every neighbour, so ties run both ways */
  e = igraph_adjlist_init(g, &out, IGRAPH_OUT, IGRAPH_NO_LOOPS,
                          IGRAPH_NO_MULTIPLE);
  if (e != IGRAPH_SUCCESS) return e;
  stamp = calloc((size_t)n + 1, sizeof *stamp);
  if (stamp == NULL) {
    igraph_adjlist_destroy(&out);
    return IGRAPH_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    igraph_vector_int_t *ni = igraph_adjlist_get(&out, i);
    igraph_integer_t di = igraph_vector_int_size(ni);
    *arcs += (double)di;
    for (a = 0; a < di; a++) stamp[VECTOR(*ni)[a]] = i + 1;
    for (a = 0; a < di; a++) {
      igraph_integer_t j = VECTOR(*ni)[a];
      igraph_vector_int_t *nj = igraph_adjlist_get(&out, j);
      igraph_integer_t dj = igraph_vector_int_size(nj);
      for (b = 0; b < dj; b++) {
        igraph_integer_t k = VECTOR(*nj)[b];
        if (k == i || stamp[k] == i + 1) continue; /* i -> k exists */
        raw[j * DIP_NROLES + role(group[i], group[j], group[k])] += 1;
      }
    }
  }
  for (i = 0; i < n; i++) {
    double *r = raw + i * DIP_NROLES;
    r[DIP_BROKERAGE_TOTAL] = r[0] + r[1] + r[2] + r[3] + r[4];
  }
  free(stamp);
  igraph_adjlist_destroy(&out);
  return IGRAPH_SUCCESS;
}

/* }====== */

/* {====== Null model ====== */

/* The density's powers in sna's formulas, and N. */
typedef struct null_terms {
  double c0, q, c1, c2, c3; /* d^2(1-d), 1-c0, d^3(1-d)^3, d^4(1-d)^2,
                               d^5(1-d) */
  double N;
} null_terms;

static double choose2(double x) { return x * (x - 1) / 2; }

/*
** Expected counts and variances for a member of a group of size n, where
** the group sizes have power sums p2 = sum n_a^2, p3 = sum n_a^3 and
** s3 = sum n_a (n_a - 1)(n_a - 2).  sna computes sums over the other
** groups by looping; they are written here in power sums, O(1) each:
**   sum_{a != i} n_a (n_a - 1)          = p2 - N - n (n - 1)
**   sum_{a,b != i} n_a n_b - n_a^2      = (N - n)^2 - (p2 - n^2)
**   sum_{a != i} n_a C(N - n_a - n, 2)  = [M (M-1) M - (2M-1)(p2 - n^2)
**                                          + p3 - n^3] / 2,  M = N - n.
*/
static void group_null(const null_terms *t, double n, double p2, double p3,
                       double s3, double *ex, double *var) {
  double N = t->N, M = N - n, c0 = t->c0, q = t->q, c1 = t->c1;
  ex[DIP_COORDINATOR] = c0 * (n - 1) * (n - 2);
  var[DIP_COORDINATOR] = ex[DIP_COORDINATOR] * q +
                         2 * (n - 1) * (n - 2) * (n - 3) * c1;
  ex[DIP_ITINERANT] = c0 * (p2 - N - n * (n - 1));
  var[DIP_ITINERANT] = ex[DIP_ITINERANT] * q +
                       2 * (s3 - n * (n - 1) * (n - 2)) * c1;
  ex[DIP_REPRESENTATIVE] = c0 * M * (n - 1);
  var[DIP_REPRESENTATIVE] =
      ex[DIP_REPRESENTATIVE] * q +
      2 * ((n - 1) * choose2(M) + M * choose2(n - 1)) * c1;
  ex[DIP_GATEKEEPER] = ex[DIP_REPRESENTATIVE];
  var[DIP_GATEKEEPER] = var[DIP_REPRESENTATIVE];
  ex[DIP_LIAISON] = c0 * (M * M - (p2 - n * n));
  var[DIP_LIAISON] =
      ex[DIP_LIAISON] * q +
      2 * (M * (M - 1) * M - (2 * M - 1) * (p2 - n * n) + p3 - n * n * n) *
          c1;
  ex[DIP_BROKERAGE_TOTAL] = c0 * (N - 1) * (N - 2);
  var[DIP_BROKERAGE_TOTAL] = ex[DIP_BROKERAGE_TOTAL] * q +
                             2 * (N - 1) * (N - 2) * (N - 3) * c1;
}

/*
** Expected system totals and variances (sna's egbr, vgbr), from the
** group sizes n[0..ng-1].  sna's double and triple sums over groups are
** expanded into power sums (O(ng) in all):
**   sum_{x,y} x y (x-1) ((2x+2y-6) c1 + (N-x-1) c3)
**     = sum_x x (x-1) (((2x-6) c1 + (N-x-1) c3) N + 2 c1 p2)
**   sum_{x,y} x y (N-x-y) - sum x^2 (N-2x) = N^3 - 3 N p2 + 2 p3 = T0
**   the liaison variance's sum over distinct ordered group triples
**     = ((4N-2) T0 - 8 T1)(c1 - c2) + ((N-1) T0 - 2 T1) c3
**   with T0 = sum n_i n_j n_k and T1 = sum n_i^2 n_j n_k over them,
**   T1 = sum_i n_i^2 ((N - n_i)^2 - (p2 - n_i^2)).
*/
static void system_null(const null_terms *t, const double *n, int ng,
                        double p2, double p3, double *ex, double *var) {
  double N = t->N, c0 = t->c0, q = t->q, c1 = t->c1, c2 = t->c2, c3 = t->c3;
  double s3 = 0, v1 = 0, s2 = 0, v2 = 0, v3 = 0, t1 = 0, t0, tri;
  int a;
  for (a = 0; a < ng; a++) {
    double x = n[a];
    s3 += x * (x - 1) * (x - 2);
    v1 += x * (x - 1) * (x - 2) *
          ((4 * x - 10) * c1 - 4 * (x - 3) * c2 + (x - 3) * c3);
    s2 += x * (N - x) * (x - 1);
    v2 += x * (x - 1) * (((2 * x - 6) * c1 + (N - x - 1) * c3) * N +
                         2 * c1 * p2) -
          x * x * (x - 1) * ((4 * x - 6) * c1 + (N - x - 1) * c3);
    v3 += x * (N - x) * (x - 1) * ((N - 3) * c1 + (x - 2) * c3);
    t1 += x * x * ((N - x) * (N - x) - (p2 - x * x));
  }
  t0 = N * N * N - 3 * N * p2 + 2 * p3;
  tri = ((4 * N - 2) * t0 - 8 * t1) * (c1 - c2) + ((N - 1) * t0 - 2 * t1) * c3;
  ex[DIP_COORDINATOR] = c0 * s3;
  var[DIP_COORDINATOR] = ex[DIP_COORDINATOR] * q + v1;
  ex[DIP_ITINERANT] = c0 * s2;
  var[DIP_ITINERANT] = ex[DIP_ITINERANT] * q + v2;
  ex[DIP_REPRESENTATIVE] = c0 * s2;
  var[DIP_REPRESENTATIVE] = ex[DIP_REPRESENTATIVE] * q + v3;
  ex[DIP_GATEKEEPER] = ex[DIP_REPRESENTATIVE];
  var[DIP_GATEKEEPER] = var[DIP_REPRESENTATIVE];
  ex[DIP_LIAISON] = c0 * t0;
  var[DIP_LIAISON] = ex[DIP_LIAISON] * q + tri;
  ex[DIP_BROKERAGE_TOTAL] = c0 * N * (N - 1) * (N - 2);
  var[DIP_BROKERAGE_TOTAL] =
      ex[DIP_BROKERAGE_TOTAL] * q +
      N * (N - 1) * (N - 2) *
          ((4 * N - 10) * c1 - 4 * (N - 3) * c2 + (N - 3) * c3);
}

/* A standard deviation from a variance; 0 where it is not positive. */
static double stddev(double var) {
  return var > 0 && isfinite(var) ? sqrt(var) : 0;
}

static double zscore(double raw, double ex, double sd) {
  return sd > 0 ? (raw - ex) / sd : 0;
}

/* }====== */

/*
** Role counts of every actor of view v (groups group[0..n-1], numbered
** 0..ngroups-1) with expected counts, standard deviations and z-scores
** under random group assignment (sna::brokerage's exp.nli, sd.nli,
** z.nli; per group exp.grp, sd.grp; for the system raw.gli, exp.gli,
** sd.gli, z.gli).  With fewer than two actors the density is 0.
** Time: O(n + m + sum over j of indeg(j) outdeg(j) + ngroups).
*/
igraph_error_t dip_brokerage(const dip_view *v, const int *group, int ngroups,
                             dip_brokerage_res *r) {
  const igraph_t *g = &v->graph;
  igraph_integer_t n = igraph_vcount(g), i;
  double arcs, d, p2 = 0, p3 = 0, s3 = 0, *size, var[DIP_NROLES];
  null_terms t;
  igraph_error_t e;
  int k, a;
  e = count_roles(g, group, r->raw, &arcs);
  if (e != IGRAPH_SUCCESS) return e;
  size = calloc((size_t)ngroups + 1, sizeof *size);
  if (size == NULL) return IGRAPH_ENOMEM;
  for (i = 0; i < n; i++) size[group[i]] += 1;
  for (a = 0; a < ngroups; a++) {
    p2 += size[a] * size[a];
    p3 += size[a] * size[a] * size[a];
    s3 += size[a] * (size[a] - 1) * (size[a] - 2);
  }
  d = n > 1 ? arcs / ((double)n * (double)(n - 1)) : 0;
  r->density = d;
  t.N = (double)n;
  t.c0 = d * d * (1 - d);
  t.q = 1 - t.c0;
  t.c1 = pow(d, 3) * pow(1 - d, 3);
  t.c2 = pow(d, 4) * pow(1 - d, 2);
  t.c3 = pow(d, 5) * (1 - d);
  for (a = 0; a < ngroups; a++) {
    double *ex = r->expected + a * DIP_NROLES, *sd = r->sd + a * DIP_NROLES;
    group_null(&t, size[a], p2, p3, s3, ex, var);
    for (k = 0; k < DIP_NROLES; k++) sd[k] = stddev(var[k]);
  }
  for (i = 0; i < n; i++) {
    const double *ex = r->expected + group[i] * DIP_NROLES;
    const double *sd = r->sd + group[i] * DIP_NROLES;
    for (k = 0; k < DIP_NROLES; k++)
      r->z[i * DIP_NROLES + k] =
          zscore(r->raw[i * DIP_NROLES + k], ex[k], sd[k]);
  }
  system_null(&t, size, ngroups, p2, p3, r->sys_expected, var);
  for (k = 0; k < DIP_NROLES; k++) {
    r->sys_raw[k] = 0;
    for (i = 0; i < n; i++) r->sys_raw[k] += r->raw[i * DIP_NROLES + k];
    r->sys_sd[k] = stddev(var[k]);
    r->sys_z[k] = zscore(r->sys_raw[k], r->sys_expected[k], r->sys_sd[k]);
  }
  free(size);
  return IGRAPH_SUCCESS;
}

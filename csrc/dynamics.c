/*
** dynamics.c — opinion dynamics on a network view: the model of
** Friedkin and Johnsen (N. E. Friedkin and E. C. Johnsen, "Social
** influence networks and opinion change", Advances in Group Processes
** 16, 1999, 1-29), of which DeGroot's ("Reaching a consensus", JASA 69,
** 1974, 118-121) is the case of susceptibility 1.  No Lua calls here.
**
**   x(t+1) = L W x(t) + (I - L) x(0)
**
** W is row-stochastic: W_ij is the share of i's attention that goes to
** j, proportional to the weight of the tie j -> i (a tie of an
** undirected layer runs both ways), and W_ii to the actor's self-weight
** plus any self-tie.  L = diag(lambda) holds the susceptibilities.  When
** L W is Schur-stable the opinions converge to
**   x* = (I - L W)^{-1} (I - L) x(0) = V x(0),
** V being the total-influence matrix (rows sum to 1).
**
** Two methods: "iterate" runs the recursion on a sparse (CSR) W, O(n + m)
** per step for n actors and m ties; "solve" factors the dense I - L W by
** Gaussian elimination with partial pivoting, O(n^3), as a cross-check
** for small models.  Rows of V are iterated as row vectors:
**   e_i' V(t) = u(t)' + sum_{k<t} u(k)' (I - L),  u(k+1)' = u(k)' L W,
** which also converges when L W has eigenvalue 1 (DeGroot), where the
** closed form does not exist.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"

/* Pivots below this make I - L W singular (its entries lie in [-1, 1]). */
#define PIVOT_MIN 1e-12

/* {====== The influence matrix ====== */

/* W in compressed rows; diag holds W_ii apart from the other entries. */
typedef struct csr {
  int n;
  int *start; /* n + 1 */
  int *col;
  double *w;
  double *diag; /* n */
} csr;

static void csr_free(csr *W) {
  free(W->start);
  free(W->col);
  free(W->w);
  free(W->diag);
}

/*
** Rows of a directed view: counted, then filled by a stable counting sort
** on the head of each arc.  The view's edges are sorted by (from, to), so
** row i gets the arcs j -> i in the order of j.  Only igraph's public
** edge accessors are used.  0, or -1 out of memory.
*/
static int fill_directed(const dip_view *v, const dip_fj_in *in, csr *W) {
  const igraph_t *g = &v->graph;
  int n = W->n, i, *fill = calloc((size_t)n + 1, sizeof(int));
  igraph_integer_t m = igraph_ecount(g), e;
  if (!fill) return -1;
  for (e = 0; e < m; e++) { /* count entries per row */
    int f = (int)IGRAPH_FROM(g, e), t = (int)IGRAPH_TO(g, e);
    if (f != t && in->in[f] && in->in[t]) W->start[t + 1]++;
  }
  for (i = 0; i < n; i++) W->start[i + 1] += W->start[i];
  W->col = malloc(((size_t)W->start[n] + 1) * sizeof(int));
  W->w = malloc(((size_t)W->start[n] + 1) * sizeof(double));
  if (!W->col || !W->w) {
    free(fill);
    return -1;
  }
  for (e = 0; e < m; e++) {
    int f = (int)IGRAPH_FROM(g, e), t = (int)IGRAPH_TO(g, e);
    double w = in->weighted ? VECTOR(v->weight)[e] : 1.0;
    if (!in->in[f] || !in->in[t]) continue;
    if (f == t) {
      W->diag[t] += w; /* a self-tie: attention to oneself */
      continue;
    }
    W->col[W->start[t] + fill[t]] = f;
    W->w[W->start[t] + fill[t]++] = w;
  }
  free(fill);
  return 0;
}

/* Rows of an undirected view: counted, then filled in edge order (an
** edge goes to the rows of both ends).  0, or -1 out of memory. */
static int fill_undirected(const dip_view *v, const dip_fj_in *in,
                           csr *W) {
  int n = W->n, i, *fill = calloc((size_t)n + 1, sizeof(int));
  igraph_integer_t m = igraph_ecount(&v->graph), e;
  if (!fill) return -1;
  for (e = 0; e < m; e++) { /* count entries per row */
    int f = (int)IGRAPH_FROM(&v->graph, e), t = (int)IGRAPH_TO(&v->graph, e);
    if (f == t || !in->in[f] || !in->in[t]) continue;
    W->start[t + 1]++;
    W->start[f + 1]++;
  }
  for (i = 0; i < n; i++) W->start[i + 1] += W->start[i];
  W->col = malloc(((size_t)W->start[n] + 1) * sizeof(int));
  W->w = malloc(((size_t)W->start[n] + 1) * sizeof(double));
  if (!W->col || !W->w) {
    free(fill);
    return -1;
  }
  for (e = 0; e < m; e++) {
    int f = (int)IGRAPH_FROM(&v->graph, e), t = (int)IGRAPH_TO(&v->graph, e);
    double w = in->weighted ? VECTOR(v->weight)[e] : 1.0;
    if (!in->in[f] || !in->in[t]) continue;
    if (f == t) {
      W->diag[t] += w;
      continue;
    }
    W->col[W->start[t] + fill[t]] = f;
    W->w[W->start[t] + fill[t]++] = w;
    W->col[W->start[f] + fill[f]] = t;
    W->w[W->start[f] + fill[f]++] = w;
  }
  free(fill);
  return 0;
}

/*
** Builds W over the actors flagged in `in`: row i gets weight w at
** column j for every edge j -> i of the view (both ways when the view is
** undirected), both ends taking part.  Then W_ii = self-ties + the
** self-weight, and rows are normalised.  0, or -1 out of memory.
*/
static int build(const dip_view *v, const dip_fj_in *in, csr *W) {
  int n = (int)igraph_vcount(&v->graph), i;
  memset(W, 0, sizeof *W);
  W->n = n;
  W->start = calloc((size_t)n + 1, sizeof(int));
  W->diag = calloc((size_t)n + 1, sizeof(double));
  if (!W->start || !W->diag ||
      (igraph_is_directed(&v->graph) ? fill_directed(v, in, W)
                                     : fill_undirected(v, in, W)) != 0) {
    csr_free(W);
    return -1;
  }
  for (i = 0; i < n; i++) {
    int k, deg = W->start[i + 1] - W->start[i];
    double total = 0, self = in->self[i];
    if (!in->in[i]) continue;
    for (k = W->start[i]; k < W->start[i + 1]; k++) total += W->w[k];
    if (self < 0) self = deg > 0 ? total / deg : 1.0; /* one mean contact */
    W->diag[i] += self;
    total += W->diag[i];
    if (!(total > 0)) { /* no one to listen to, not even oneself */
      W->diag[i] = 1.0;
      continue;
    }
    W->diag[i] /= total;
    for (k = W->start[i]; k < W->start[i + 1]; k++) W->w[k] /= total;
  }
  return 0;
}

/* }====== */

/* {====== Iteration ====== */

/*
** Whether an iteration has converged: the last step, delta, is within
** tol, and so is the distance left to the limit as estimated from the
** contraction rate q = delta / prev (a geometric tail: delta q / (1 -
** q)).  Steps at the rounding floor count as converged.
*/
static int done(double delta, double prev, double tol, double floor) {
  double q;
  if (delta <= floor) return 1;
  if (!(delta <= tol) || !(prev > 0)) return 0;
  q = delta / prev;
  return q < 1 && delta * q / (1 - q) <= tol;
}

/* Reports progress every 16 steps of phase `phase` (0: the opinions,
** 1 + k: row k); nonzero when the run must stop. */
static int tick(const dip_fj_in *in, int phase, int it) {
  double total = (double)in->max_iterations * (1.0 + in->nrows);
  if (in->pr == NULL || (it & 15) != 0) return 0;
  return dip_progress_report(in->pr,
                             (double)phase * in->max_iterations + it, total);
}

/* The opinions by iterating from x(0); x: caller's n values; work: 2 n
** doubles and n ints.  The steps alternate between two buffers, and
** only the rows taking part are visited.  Returns 1 when in->pr stopped
** it (x then holds the last step). */
static int iterate(const csr *W, const dip_fj_in *in, const double *lam,
                   double *x, double *work, int *act, dip_fj_out *out) {
  int n = W->n, na = 0, i, r, k, it, stopped = 0;
  double tol = in->tol * in->scale, floor = 1e-14 * in->scale, prev = 0;
  double *cur = work, *nx = work + n;
  const int *start = W->start, *col = W->col;
  const double *w = W->w, *diag = W->diag;
  for (i = 0; i < n; i++) {
    x[i] = cur[i] = in->in[i] ? in->x0[i] : NAN;
    if (in->in[i]) act[na++] = i; /* the rows taking part */
  }
  out->iterations = 0;
  out->converged = 0;
  for (it = 1; it <= in->max_iterations; it++) {
    double delta = 0, *t;
    for (r = 0; r < na; r++) {
      double acc, d;
      i = act[r];
      acc = diag[i] * cur[i];
      for (k = start[i]; k < start[i + 1]; k++) acc += w[k] * cur[col[k]];
      nx[i] = lam[i] * acc + (1 - lam[i]) * in->x0[i];
      d = fabs(nx[i] - cur[i]);
      if (d > delta || isnan(d)) delta = d;
    }
    t = cur, cur = nx, nx = t; /* the new step becomes the current one */
    out->iterations = it;
    if (done(delta, prev, tol, floor)) {
      out->converged = 1;
      break;
    }
    prev = delta;
    if (it < in->max_iterations && tick(in, 0, it)) {
      stopped = 1;
      break;
    }
  }
  for (r = 0; r < na; r++) x[act[r]] = cur[act[r]];
  return stopped;
}

/*
** Row r of V by iterating row vectors; row: n values (0 outside the
** model).  work: 3 n doubles.  Returns 1 when it converged, -1 when
** in->pr stopped it (phase: for progress).
*/
static int iterate_row(const csr *W, const dip_fj_in *in, const double *lam,
                       int r, double *row, double *work, int phase) {
  int n = W->n, i, k, it;
  double *u = work, *nu = work + n, *acc = work + 2 * n, prev = 0;
  for (i = 0; i < n; i++) u[i] = acc[i] = row[i] = 0;
  u[r] = row[r] = 1;
  for (it = 1; it <= in->max_iterations; it++) {
    double delta = 0;
    for (i = 0; i < n; i++) nu[i] = 0;
    for (i = 0; i < n; i++) {
      double c;
      if (u[i] == 0) continue;
      acc[i] += u[i];
      c = u[i] * lam[i];
      if (c == 0) continue;
      nu[i] += c * W->diag[i];
      for (k = W->start[i]; k < W->start[i + 1]; k++)
        nu[W->col[k]] += c * W->w[k];
    }
    for (i = 0; i < n; i++) {
      double vi, d;
      if (!in->in[i]) continue;
      vi = nu[i] + (1 - lam[i]) * acc[i];
      d = fabs(vi - row[i]);
      if (d > delta || isnan(d)) delta = d;
      row[i] = vi;
      u[i] = nu[i];
    }
    if (done(delta, prev, in->tol, 1e-15)) return 1;
    prev = delta;
    if (it < in->max_iterations && tick(in, phase, it)) return -1;
  }
  return 0;
}

/* }====== */

/* {====== Dense solve ====== */

/*
** Factors the nn x nn matrix A (row-major) in place as P A = L U with
** partial pivoting: perm[k] is the row of A now at row k.  Returns 0, or
** 1 when a pivot is below PIVOT_MIN (A singular).
*/
static int lu(double *A, int nn, int *perm) {
  int k, r, c;
  for (k = 0; k < nn; k++) perm[k] = k;
  for (k = 0; k < nn; k++) {
    int p = k;
    double *rk;
    for (r = k + 1; r < nn; r++)
      if (fabs(A[(size_t)r * nn + k]) > fabs(A[(size_t)p * nn + k])) p = r;
    if (!(fabs(A[(size_t)p * nn + k]) >= PIVOT_MIN)) return 1;
    if (p != k) {
      int t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      for (c = 0; c < nn; c++) {
        double x = A[(size_t)k * nn + c];
        A[(size_t)k * nn + c] = A[(size_t)p * nn + c];
        A[(size_t)p * nn + c] = x;
      }
    }
    rk = &A[(size_t)k * nn];
    for (r = k + 1; r < nn; r++) {
      double *rr = &A[(size_t)r * nn], f = rr[k] / rk[k];
      rr[k] = f;
      if (f == 0) continue;
      for (c = k + 1; c < nn; c++) rr[c] -= f * rk[c];
    }
  }
  return 0;
}

/* Solves A x = b with the factors (x and b may not overlap). */
static void lu_solve(const double *A, int nn, const int *perm,
                     const double *b, double *x) {
  int k, c;
  for (k = 0; k < nn; k++) { /* L y = P b, y kept in x */
    double s = b[perm[k]];
    for (c = 0; c < k; c++) s -= A[(size_t)k * nn + c] * x[c];
    x[k] = s;
  }
  for (k = nn - 1; k >= 0; k--) { /* U x = y */
    double s = x[k];
    for (c = k + 1; c < nn; c++) s -= A[(size_t)k * nn + c] * x[c];
    x[k] = s / A[(size_t)k * nn + k];
  }
}

/* Solves A' z = e_r with the factors; y: nn scratch values. */
static void lu_solve_t(const double *A, int nn, const int *perm, int r,
                       double *y, double *z) {
  int k, c;
  for (k = 0; k < nn; k++) { /* U' w = e_r, w kept in y */
    double s = k == r ? 1.0 : 0.0;
    for (c = 0; c < k; c++) s -= A[(size_t)c * nn + k] * y[c];
    y[k] = s / A[(size_t)k * nn + k];
  }
  for (k = nn - 1; k >= 0; k--) { /* L' y = w */
    double s = y[k];
    for (c = k + 1; c < nn; c++) s -= A[(size_t)c * nn + k] * y[c];
    y[k] = s;
  }
  for (k = 0; k < nn; k++) z[perm[k]] = y[k]; /* z = P' y */
}

/* The opinions and rows of V by the closed form.  0, or -1 (memory). */
static int solve(const csr *W, const dip_fj_in *in, const double *lam,
                 dip_fj_out *out) {
  int n = W->n, nn = 0, i, k, r;
  int *ix = malloc(((size_t)n + 1) * sizeof(int)); /* actor -> row */
  int *who = malloc(((size_t)n + 1) * sizeof(int)); /* row -> actor */
  int *perm = malloc(((size_t)n + 1) * sizeof(int));
  double *b = NULL, *y = NULL, *z = NULL, *A = NULL;
  if (!ix || !who || !perm) goto oom;
  for (i = 0; i < n; i++) {
    ix[i] = in->in[i] ? nn : -1;
    if (in->in[i]) who[nn++] = i;
  }
  b = malloc(((size_t)nn + 1) * sizeof(double));
  y = malloc(((size_t)nn + 1) * sizeof(double));
  z = malloc(((size_t)nn + 1) * sizeof(double));
  A = calloc((size_t)nn * nn + 1, sizeof(double));
  if (!b || !y || !z || !A) goto oom;
  for (r = 0; r < nn; r++) { /* A = I - L W, b = (I - L) x(0) */
    i = who[r];
    A[(size_t)r * nn + r] = 1 - lam[i] * W->diag[i];
    for (k = W->start[i]; k < W->start[i + 1]; k++)
      A[(size_t)r * nn + ix[W->col[k]]] -= lam[i] * W->w[k];
    b[r] = (1 - lam[i]) * in->x0[i];
  }
  out->iterations = 0;
  out->singular = lu(A, nn, perm);
  out->converged = !out->singular;
  for (i = 0; i < n; i++) out->x[i] = in->in[i] ? in->x0[i] : NAN;
  for (r = 0; r < in->nrows * n; r++) out->v[r] = 0;
  if (!out->singular) {
    lu_solve(A, nn, perm, b, y);
    for (r = 0; r < nn; r++) out->x[who[r]] = y[r];
    for (k = 0; k < in->nrows; k++) {
      double *row = &out->v[(size_t)k * n];
      lu_solve_t(A, nn, perm, ix[in->rows[k]], y, z);
      for (r = 0; r < nn; r++) row[who[r]] = z[r] * (1 - lam[who[r]]);
    }
  }
  free(ix), free(who), free(perm), free(b), free(y), free(z), free(A);
  return 0;
oom:
  free(ix), free(who), free(perm), free(b), free(y), free(z), free(A);
  return -1;
}

/* }====== */

int dip_dynamics(const dip_view *v, const dip_fj_in *in, dip_fj_out *out) {
  csr W;
  int n = (int)igraph_vcount(&v->graph), i, k, e = 0;
  double *lam = NULL, *work = NULL;
  int *act = NULL;
  out->iterations = 0;
  out->converged = 0;
  out->singular = 0;
  out->rows_done = 0;
  if (build(v, in, &W)) return -1;
  lam = malloc(((size_t)n + 1) * sizeof(double));
  work = malloc(((size_t)n * 3 + 1) * sizeof(double));
  act = malloc(((size_t)n + 1) * sizeof(int));
  if (!lam || !work || !act) {
    e = -1;
    goto done;
  }
  for (i = 0; i < n; i++) {
    /* Friedkin's coupling: lambda_i = 1 - W_ii */
    lam[i] = in->coupled ? 1 - W.diag[i] : in->lambda[i];
    /* an actor who hears no one keeps x0 whatever lambda: 0 says so and
       keeps I - L W invertible (lambda 1 would make it singular) */
    if (W.start[i + 1] == W.start[i]) lam[i] = 0;
  }
  if (in->method == DIP_FJ_SOLVE) {
    e = solve(&W, in, lam, out);
    out->rows_done = in->nrows;
    goto done;
  }
  if (iterate(&W, in, lam, out->x, work, act, out)) {
    out->converged = 0;
    goto done;
  }
  for (k = 0; k < in->nrows; k++) {
    int c;
    if (in->pr && in->pr->stop) break;
    c = iterate_row(&W, in, lam, in->rows[k], &out->v[(size_t)k * n], work,
                    k + 1);
    if (c < 0) break; /* stopped: row k is unfinished */
    out->rows_done = k + 1;
    if (!c) out->converged = 0;
  }
  if (out->rows_done < in->nrows) out->converged = 0;
done:
  free(lam);
  free(work);
  free(act);
  csr_free(&W);
  return e;
}

/*
** holes.c — Burt's structural holes on a view: constraint, effective
** size and efficiency (Burt 1992, Structural Holes, ch. 2).
**
** Constraint comes from igraph_constraint.  igraph has no effective size
** or efficiency, so they are computed here, as NetworkX computes them
** (networkx.effective_size; efficiency as networkx.structural_efficiency).
**
** Both read a tie in either direction: the contacts N(i) of actor i are
** the actors it sends ties to or receives ties from, and the mutual
** weight of i and j is a_ij + a_ji, where a_ij is the weight of the view's
** edge from i to j (0 if none; 1 per edge when unweighted).  In an
** undirected view a_ij = a_ji; only ratios of mutual weights enter the
** measures, so this is the undirected formula.  With
**   p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki)       (i's share in j)
**   m_jq = (a_jq + a_qj) / max_k (a_jk + a_kj)       (j's tie to q,
**                                                     marginal strength)
** over contacts k of i (of j), Burt's measures are
**   constraint      C_i = sum_j (p_ij + sum_q p_iq p_qj)^2
**   effective size  E_i = sum_j (1 - sum_q p_iq m_jq)
**   efficiency      E_i / |N(i)|
** with j ranging over N(i) and q over N(i) other than j (Burt 1992,
** ch. 2; constraint as in Burt 2004, AJS 110: the formulas of
** igraph_constraint and of NetworkX).
** For undirected unweighted views E_i reduces to Borgatti's n - 2t/n
** (Borgatti 1997, Connections 20(1)).
**
** Self-ties are ignored (Burt's sums run over j != i).  An actor with no
** contact other than itself has no ego network; its measures are
** undefined (igraph and NetworkX give NaN) and are 0 here.
** No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>

#include "network.h"

/* {====== Contact lists ====== */

/*
** Each actor's contacts, sorted, with their mutual weights: compressed
** rows, the contacts of i at who[start[i] .. start[i + 1] - 1].
*/
typedef struct contacts {
  igraph_integer_t *start; /* n + 1 */
  igraph_integer_t *who;
  double *mw;
} contacts;

static void contacts_free(contacts *c) {
  free(c->start);
  free(c->who);
  free(c->mw);
}

/*
** Fills c from view v (weights from v->weight, or 1 per edge).  Every
** edge i-j (i != j) gives j to i's row and i to j's row; a second entry
** for one pair (the reverse arc of a directed view) is added to the
** first.  An undirected edge of weight w thus gives w, not a_ij + a_ji
** = 2w: the measures only use ratios of mutual weights.  Two stable
** counting sorts (by contact, then by owner) put the rows in order
** without comparisons.  Time and memory: O(n + m).
*/
static igraph_error_t contacts_build(const dip_view *v, int weighted,
                                     contacts *c) {
  const igraph_t *g = &v->graph;
  igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
  igraph_integer_t e, k, i, t, *owner = NULL, *who = NULL, *count = NULL;
  igraph_integer_t *order = NULL;
  double *w = NULL;
  size_t slots = (size_t)(2 * m + 1);
  c->start = malloc(((size_t)n + 1) * sizeof *c->start);
  c->who = malloc(slots * sizeof *c->who);
  c->mw = malloc(slots * sizeof *c->mw);
  owner = malloc(slots * sizeof *owner);
  who = malloc(slots * sizeof *who);
  w = malloc(slots * sizeof *w);
  order = malloc(slots * sizeof *order);
  count = malloc(((size_t)n + 1) * sizeof *count);
  if (!c->start || !c->who || !c->mw || !owner || !who || !w || !order ||
      !count) {
    contacts_free(c);
    free(owner), free(who), free(w), free(order), free(count);
    return IGRAPH_ENOMEM;
  }
  /* the entries, unsorted */
  for (e = 0, t = 0; e < m; e++) {
    igraph_integer_t a = IGRAPH_FROM(g, e), b = IGRAPH_TO(g, e);
    double x = weighted ? VECTOR(v->weight)[e] : 1.0;
    if (a == b) continue; /* a self-tie */
    owner[t] = a, who[t] = b, w[t] = x, t++;
    owner[t] = b, who[t] = a, w[t] = x, t++;
  }
  /* order: the entries sorted by contact (stable) */
  for (i = 0; i <= n; i++) count[i] = 0;
  for (k = 0; k < t; k++) count[who[k] + 1]++;
  for (i = 0; i < n; i++) count[i + 1] += count[i];
  for (k = 0; k < t; k++) order[count[who[k]]++] = k;
  /* then by owner, stable: rows sorted by contact */
  for (i = 0; i <= n; i++) c->start[i] = 0;
  for (k = 0; k < t; k++) c->start[owner[k] + 1]++;
  for (i = 0; i < n; i++) c->start[i + 1] += c->start[i];
  for (i = 0; i < n; i++) count[i] = c->start[i];
  for (k = 0; k < t; k++) {
    igraph_integer_t x = order[k], at = count[owner[x]]++;
    c->who[at] = who[x];
    c->mw[at] = w[x];
  }
  /* merge repeated contacts within each row, compacting in place */
  for (i = 0, t = 0; i < n; i++) {
    igraph_integer_t from = c->start[i], to = c->start[i + 1];
    c->start[i] = t;
    for (k = from; k < to; k++) {
      if (t > c->start[i] && c->who[t - 1] == c->who[k])
        c->mw[t - 1] += c->mw[k];
      else {
        c->who[t] = c->who[k];
        c->mw[t] = c->mw[k];
        t++;
      }
    }
  }
  c->start[n] = t;
  free(owner), free(who), free(w), free(order), free(count);
  return IGRAPH_SUCCESS;
}

/* }====== */

/* {====== Effective size and efficiency ====== */

/*
** E_i = |N(i)| - sum_j sum_q p_iq m_jq (Burt's effective size with
** sum_j 1 = |N(i)| taken out).  p_iq is scattered into share[] for the
** contacts q of i, so the inner sum walks the contacts of j and picks up
** the ones i shares (share[i] stays 0: i is not its own contact).
** efficiency: divide by |N(i)|.  Time: O(n + m + sum_j deg(j)^2), as
** igraph_constraint; memory O(n + m).
*/
static igraph_error_t effective_size(const dip_view *v, int weighted,
                                     int efficiency, igraph_vector_t *res) {
  contacts c;
  igraph_integer_t n = igraph_vcount(&v->graph), i, j, k, q;
  double *share, *maxw;
  igraph_error_t e;
  if ((e = igraph_vector_resize(res, n)) != IGRAPH_SUCCESS) return e;
  if ((e = contacts_build(v, weighted, &c)) != IGRAPH_SUCCESS) return e;
  share = calloc((size_t)n + 1, sizeof *share);
  maxw = malloc(((size_t)n + 1) * sizeof *maxw);
  if (share == NULL || maxw == NULL) {
    free(share), free(maxw);
    contacts_free(&c);
    return IGRAPH_ENOMEM;
  }
  for (j = 0; j < n; j++) { /* max_k (a_jk + a_kj) */
    maxw[j] = 0;
    for (k = c.start[j]; k < c.start[j + 1]; k++)
      if (c.mw[k] > maxw[j]) maxw[j] = c.mw[k];
  }
  for (i = 0; i < n; i++) {
    igraph_integer_t size = c.start[i + 1] - c.start[i];
    double total = 0, redundancy = 0;
    if (size == 0) { /* no ego network: undefined, reported as 0 */
      VECTOR(*res)[i] = 0;
      continue;
    }
    for (k = c.start[i]; k < c.start[i + 1]; k++) total += c.mw[k];
    for (k = c.start[i]; k < c.start[i + 1]; k++)
      share[c.who[k]] = c.mw[k] / total; /* p_iq */
    for (k = c.start[i]; k < c.start[i + 1]; k++) {
      double s = 0;
      j = c.who[k];
      for (q = c.start[j]; q < c.start[j + 1]; q++)
        s += share[c.who[q]] * c.mw[q]; /* p_iq (a_jq + a_qj) */
      redundancy += s / maxw[j];
    }
    for (k = c.start[i]; k < c.start[i + 1]; k++) share[c.who[k]] = 0;
    VECTOR(*res)[i] = (double)size - redundancy;
    if (efficiency) VECTOR(*res)[i] /= (double)size;
  }
  free(share);
  free(maxw);
  contacts_free(&c);
  return IGRAPH_SUCCESS;
}

/* }====== */

/*
** Constraint: igraph_constraint (weights: the view's combined weights,
** or NULL for 1 per edge), which already skips self-loops; NaN for an
** isolate becomes 0.  Time: O(n + m + sum_i deg(i)^2).
*/
igraph_error_t dip_holes(const dip_view *v, dip_hole_measure m, int weighted,
                         igraph_vector_t *res) {
  igraph_integer_t i, n;
  igraph_error_t e;
  if (m != DIP_CONSTRAINT)
    return effective_size(v, weighted, m == DIP_EFFICIENCY, res);
  e = igraph_constraint(&v->graph, res, igraph_vss_all(),
                        weighted ? &v->weight : NULL);
  if (e != IGRAPH_SUCCESS) return e;
  n = igraph_vector_size(res);
  for (i = 0; i < n; i++)
    if (isnan(VECTOR(*res)[i])) VECTOR(*res)[i] = 0;
  return IGRAPH_SUCCESS;
}

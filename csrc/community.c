/*
** community.c — modularity-based communities (Leiden, Louvain) and the
** crosstab of communities against groups of actors.
**
** Conventions (documented for analysts in the README):
** - Both methods maximise generalised modularity (Reichardt & Bornholdt
**   2006; Newman 2006 at resolution 1):
**       Q = 1/(2m) sum_ij [A_ij - gamma k_i k_j / (2m)] delta(c_i, c_j)
**   with A the (weighted) adjacency, k_i the strength of i, m the total
**   weight.  Louvain is igraph_community_multilevel (Blondel et al.
**   2008).  igraph's Leiden (Traag, Waltman & van Eck 2019) optimises
**       sum_ij [A_ij - gamma' n_i n_j] delta(c_i, c_j)
**   (CPM with node weights); with n_i = k_i and gamma' = gamma / (2m) it
**   is the modularity above, which is what we pass.
** - Both need an undirected graph: they run on the view with direction
**   ignored (dip_view_undirected), where A -> B, B -> A and an
**   undirected A - B are parallel ties combined by the selection's rule
**   (sum: w(A->B) + w(B->A)); unweighted, a tied pair is one tie.
** - Randomness: both methods draw from igraph's default RNG.  We make a
**   private MT19937 generator seeded with the seed the default for the
**   duration of the call and restore the previous default afterwards, so
**   the partition depends only on the graph and the seed, and nobody
**   else's random stream is touched.  (igraph's RNG pointer is process
**   wide; Debian's igraph is not thread safe anyway.)
** - Communities are renumbered 0.. in order of first appearance among
**   the actors, so equal partitions print equally.
** No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>

#include "network.h"

/* {====== Communities ====== */

/*
** Renumbers membership m (values 0..n-1) in order of first appearance;
** *count receives the number of communities.  Time: O(n).
*/
static igraph_error_t renumber(igraph_vector_int_t *m,
                               igraph_integer_t *count) {
  igraph_integer_t n = igraph_vector_int_size(m), i, k = 0;
  igraph_vector_int_t map;
  igraph_error_t e = igraph_vector_int_init(&map, n);
  if (e != IGRAPH_SUCCESS) return e;
  igraph_vector_int_fill(&map, -1);
  for (i = 0; i < n; i++) {
    igraph_integer_t c = VECTOR(*m)[i];
    if (VECTOR(map)[c] < 0) VECTOR(map)[c] = k++;
    VECTOR(*m)[i] = VECTOR(map)[c];
  }
  igraph_vector_int_destroy(&map);
  *count = k;
  return IGRAPH_SUCCESS;
}

/*
** igraph's Leiden with node weights k_i and resolution gamma / (2m), so
** that it optimises modularity, not CPM; beta = 0.01 as python-igraph.
** One iteration at a time, each starting from the last partition, until
** an iteration leaves the partition as it was or improves nothing, at
** most LEIDEN_ITERATIONS times.  (igraph 0.10.2's own "n_iterations < 0:
** until stable" stops after the first iteration that changes something
** and never stops when the first changes nothing: igraph issue #2798,
** fixed in 2025.)  Each iteration never lowers the quality (Traag et al.
** 2019), so the partition only gets better.  The first iteration always
** runs to its end (as the EU model's first round: there is always a
** partition); in the later ones the time budget is also checked inside
** the iteration (dip_watch: igraph's interruption checks), and an
** iteration stopped there is undone.
*/
#define LEIDEN_ITERATIONS 50

static igraph_error_t leiden(const igraph_t *g, const igraph_vector_t *w,
                             const igraph_vector_t *strength,
                             double resolution, dip_progress *pr,
                             igraph_vector_int_t *membership) {
  igraph_vector_int_t last;
  igraph_real_t quality, previous;
  igraph_integer_t nb, it;
  igraph_error_t e;
  dip_watch watch;
  e = igraph_community_leiden(g, w, strength, resolution, 0.01, 0, 1,
                              membership, &nb, &quality);
  if (e != IGRAPH_SUCCESS) return e;
  if ((e = igraph_vector_int_init_copy(&last, membership)) != 0) return e;
  for (it = 1; it < LEIDEN_ITERATIONS; it++) {
    if (dip_progress_report(pr, (double)it, LEIDEN_ITERATIONS)) break;
    previous = quality;
    dip_watch_begin(&watch, pr, 0);
    e = igraph_community_leiden(g, w, strength, resolution, 0.01, 1, 1,
                                membership, &nb, &quality);
    dip_watch_end(&watch);
    if (e == IGRAPH_INTERRUPTED) { /* back to the last partition */
      e = igraph_vector_int_update(membership, &last);
      break;
    }
    if (e != IGRAPH_SUCCESS) break;
    if (igraph_vector_int_all_e(&last, membership)) break;
    if (!(quality > previous + 1e-12 * fabs(previous))) break;
    if ((e = igraph_vector_int_update(&last, membership)) != 0) break;
  }
  igraph_vector_int_destroy(&last);
  return e;
}

/* Runs the method on the undirected graph g (weights w, or NULL). */
static igraph_error_t detect(const igraph_t *g, const igraph_vector_t *w,
                             const dip_community_opts *o,
                             igraph_vector_int_t *membership) {
  igraph_integer_t n = igraph_vcount(g), i;
  igraph_vector_t strength;
  igraph_real_t twom = 0;
  igraph_error_t e;
  if ((e = igraph_vector_init(&strength, n)) != IGRAPH_SUCCESS) return e;
  e = igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL,
                      IGRAPH_LOOPS, w);
  if (e == IGRAPH_SUCCESS) twom = igraph_vector_sum(&strength);
  if (e == IGRAPH_SUCCESS && !(twom > 0)) {
    /* no ties: every actor is a community of its own */
    if ((e = igraph_vector_int_resize(membership, n)) == IGRAPH_SUCCESS)
      for (i = 0; i < n; i++) VECTOR(*membership)[i] = i;
  } else if (e == IGRAPH_SUCCESS && o->method == DIP_LOUVAIN) {
    dip_watch watch;
    dip_watch_begin(&watch, o->pr, 0);
    e = igraph_community_multilevel(g, w, o->resolution, membership, NULL,
                                    NULL);
    dip_watch_end(&watch);
  } else if (e == IGRAPH_SUCCESS) {
    e = leiden(g, w, &strength, o->resolution / twom, o->pr, membership);
  }
  igraph_vector_destroy(&strength);
  return e;
}

/*
** Time: Louvain about O(m) per level in practice (Blondel et al. 2008);
** Leiden O(m) per iteration in practice (at most LEIDEN_ITERATIONS);
** renumbering and modularity O(n + m).
*/
igraph_error_t dip_communities(const dip_view *v,
                               const dip_community_opts *o,
                               igraph_vector_int_t *membership,
                               igraph_integer_t *count, double *modularity) {
  const igraph_t *g = &v->graph;
  const igraph_vector_t *w = o->weighted ? &v->weight : NULL;
  dip_rngscope rs;
  igraph_real_t q = 0;
  igraph_error_t e;
  *count = 0;
  *modularity = 0;
  if (v->directed) return IGRAPH_EINVAL; /* the caller's mistake */
  if (igraph_vcount(g) == 0) return igraph_vector_int_resize(membership, 0);
  if ((e = dip_rngscope_begin(&rs, (unsigned long)o->seed)) != 0) return e;
  e = detect(g, w, o, membership);
  dip_rngscope_end(&rs);
  if (e == IGRAPH_SUCCESS) e = renumber(membership, count);
  if (e == IGRAPH_SUCCESS && igraph_ecount(g) > 0)
    e = igraph_modularity(g, membership, w, 1.0, IGRAPH_UNDIRECTED, &q);
  if (e == IGRAPH_SUCCESS) *modularity = isfinite(q) ? q : 0;
  return e;
}

/* }====== */

/* {====== Crosstab ====== */

static int cmpcell(const void *x, const void *y) {
  const dip_cell *p = x, *q = y;
  if (p->community != q->community) return p->community < q->community
                                               ? -1 : 1;
  if (p->group != q->group) return p->group < q->group ? -1 : 1;
  return 0;
}

static double pairs(double k) { return k * (k - 1) / 2; }

/*
** purity = (1/n) sum_k max_g n_kg (Manning, Raghavan & Schuetze 2008,
** Introduction to Information Retrieval, sec. 16.3): the share of actors
** in their community's largest group.
** ARI (Hubert & Arabie 1985), with a_k and b_g the row and column sums:
**   index = sum_kg C(n_kg, 2),  expected = sum_k C(a_k, 2) sum_g
**   C(b_g, 2) / C(n, 2),  max = (sum_k C(a_k, 2) + sum_g C(b_g, 2)) / 2,
**   ARI = (index - expected) / (max - expected).
** max = expected only when both partitions put every actor alone or all
** together (or n < 2): they agree, and ARI is 1 (as scikit-learn).  With
** no actors, purity is 1 as well.  Time: O(n log n).
*/
int dip_crosstab(const igraph_integer_t *community, const int *group, int n,
                 dip_cell *cells, int *ncells, double *purity, double *ari) {
  int i, k = 0, ngroups = 0, *colsum;
  double index = 0, sa = 0, sb = 0, total, expected, max, best = 0;
  double rowsum = 0, rowmax = 0;
  for (i = 0; i < n; i++) {
    cells[i].community = (int)community[i];
    cells[i].group = group[i];
    cells[i].count = 1;
    if (group[i] + 1 > ngroups) ngroups = group[i] + 1;
  }
  qsort(cells, (size_t)n, sizeof *cells, cmpcell);
  for (i = 0; i < n; i++) {
    if (k > 0 && cells[k - 1].community == cells[i].community &&
        cells[k - 1].group == cells[i].group)
      cells[k - 1].count++;
    else
      cells[k++] = cells[i];
  }
  *ncells = k;
  colsum = calloc((size_t)ngroups + 1, sizeof *colsum);
  if (colsum == NULL) return -1;
  for (i = 0; i < k; i++) {
    const dip_cell *c = &cells[i];
    if (i > 0 && cells[i - 1].community != c->community) {
      sa += pairs(rowsum);
      best += rowmax;
      rowsum = rowmax = 0;
    }
    rowsum += c->count;
    if (c->count > rowmax) rowmax = c->count;
    colsum[c->group] += c->count;
    index += pairs(c->count);
  }
  sa += pairs(rowsum);
  best += rowmax;
  for (i = 0; i < ngroups; i++) sb += pairs(colsum[i]);
  free(colsum);
  total = pairs(n);
  *purity = n > 0 ? best / n : 1;
  expected = total > 0 ? sa * sb / total : 0;
  max = (sa + sb) / 2;
  /* max - expected is 0 exactly in theory; allow for rounding */
  if (max - expected > 1e-12 * (max > 1 ? max : 1))
    *ari = (index - expected) / (max - expected);
  else
    *ari = 1;
  return 0;
}

/* }====== */

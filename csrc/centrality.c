/*
** centrality.c — centrality measures on a view, through igraph 0.10.
**
** Conventions (documented for analysts in the README):
** - Weighted measures read a tie's weight as strength.  Path-based
**   measures (betweenness, closeness, harmonic) need lengths, so a tie's
**   length is its cost 1 / weight: a strong tie is a short route.
** - Where a measure is undefined (closeness of an isolate, eigenvector
**   centrality without ties or without a cycle, any measure on fewer
**   vertices than its normalisation needs) the value is 0, not NaN.
** - mode: out follows direction, in goes against it (degree, strength,
**   closeness, harmonic only).  all ignores direction: the caller passes
**   the view with every layer read as undirected (dip_view_undirected),
**   where A -> B and B -> A are one combined edge, never two parallel
**   ones (igraph would count such a pair twice in paths and spectra).
** - Self-loops: an undirected one counts twice (degree, strength, and
**   the adjacency matrix of eigenvector and pagerank), a directed one
**   once out and once in; no shortest path uses one.
** No Lua calls here.
*/
#include <math.h>

#include "network.h"

/* Replaces NaN and infinities (undefined values) by 0. */
static void zero_undefined(igraph_vector_t *res) {
  igraph_integer_t i, n = igraph_vector_size(res);
  for (i = 0; i < n; i++)
    if (!isfinite(VECTOR(*res)[i])) VECTOR(*res)[i] = 0;
}

static void scale(igraph_vector_t *res, double by) {
  igraph_integer_t i, n = igraph_vector_size(res);
  for (i = 0; i < n; i++) VECTOR(*res)[i] *= by;
}

/*
** Weighted closeness or harmonic centrality under a time budget or a
** progress function: igraph 0.10.2's weighted versions never check its
** interruption handler, so the sources go to igraph in at most
** BLOCKS blocks (igraph_vss_range), with sources done of n reported and
** the budget checked between blocks.  Each value is igraph's own for
** that actor (the same call on fewer sources: normalisation is per actor
** or by n - 1).  The blocks add O(BLOCKS m) to O(n (m + n log n)).
** Returns IGRAPH_INTERRUPTED when stopped.
*/
#define BLOCKS 256

static igraph_error_t by_blocks(const igraph_t *g,
                                const dip_centrality_opts *o,
                                const igraph_vector_t *c,
                                igraph_vector_t *res) {
  igraph_integer_t n = igraph_vcount(g), step = (n + BLOCKS - 1) / BLOCKS;
  igraph_integer_t from, i;
  igraph_vector_t part;
  igraph_error_t e = igraph_vector_resize(res, n);
  if (e != IGRAPH_SUCCESS) return e;
  if ((e = igraph_vector_init(&part, 0)) != IGRAPH_SUCCESS) return e;
  for (from = 0; from < n; from += step) {
    igraph_integer_t to = from + step < n ? from + step : n;
    if (from > 0 && dip_progress_report(o->pr, (double)from, (double)n)) {
      e = IGRAPH_INTERRUPTED;
      break;
    }
    if (o->measure == DIP_CLOSENESS)
      e = igraph_closeness(g, &part, NULL, NULL, igraph_vss_range(from, to),
                           o->mode, c, o->normalized);
    else
      e = igraph_harmonic_centrality(g, &part, igraph_vss_range(from, to),
                                     o->mode, c, o->normalized);
    if (e != IGRAPH_SUCCESS) break;
    for (i = from; i < to; i++) VECTOR(*res)[i] = VECTOR(part)[i - from];
  }
  igraph_vector_destroy(&part);
  return e;
}

/*
** Computes o->measure for every actor of view v into res (v: for mode
** IGRAPH_ALL the undirected view, otherwise the ordinary one).
**   degree:      ties (combined edges) at each actor; normalized: / (n-1)
**   strength:    sum of combined weights; normalized: / (n-1)
**   betweenness: igraph_betweenness over costs; normalized:
**                / ((n-1)(n-2)) if directed, / ((n-1)(n-2)/2) if not
**   closeness:   igraph_closeness over costs: 1 / (sum of distances to
**                the actors it reaches); normalized: times the number
**                reached (the inverse mean distance)
**   harmonic:    sum of 1 / distance over costs; normalized: / (n-1)
**   eigenvector: igraph_eigenvector_centrality (left eigenvector when
**                directed); scaled to Euclidean length 1 (as networkx),
**                or maximum 1 when normalized; 0 without edges
**   pagerank:    igraph_pagerank (PRPACK) with o->damping, dangling
**                vertices jumping uniformly; sums to 1 (normalized has
**                no effect)
** Time: degree/strength O(n + m); betweenness O(nm + n^2 log n);
** closeness/harmonic O(n (m + n log n)); eigenvector/pagerank iterative.
** Sources: Freeman (1979) for degree, betweenness and closeness, Brandes
** (2001) for igraph's betweenness algorithm, Marchiori & Latora (2000)
** for harmonic centrality, Bonacich (1972) for eigenvector centrality,
** Brin & Page (1998) for PageRank.
*/
igraph_error_t dip_centrality(const dip_view *v, const dip_centrality_opts *o,
                              igraph_vector_t *res) {
  const igraph_t *g = &v->graph;
  const igraph_vector_t *w = o->weighted ? &v->weight : NULL;
  const igraph_vector_t *c = o->weighted ? &v->cost : NULL;
  igraph_integer_t n = igraph_vcount(g);
  igraph_bool_t directed = v->directed && o->mode != IGRAPH_ALL;
  igraph_error_t e = IGRAPH_SUCCESS;
  dip_watch watch;
  if ((o->measure == DIP_CLOSENESS || o->measure == DIP_HARMONIC) &&
      c != NULL && o->pr != NULL && (o->pr->fn || o->pr->deadline > 0)) {
    e = by_blocks(g, o, c, res);
    if (e == 0) zero_undefined(res);
    return e;
  }
  /* igraph reports these one source at a time */
  dip_watch_begin(&watch, o->pr,
                  o->measure == DIP_BETWEENNESS ||
                          o->measure == DIP_CLOSENESS ||
                          o->measure == DIP_HARMONIC
                      ? (double)n
                      : 0);
  switch (o->measure) {
  case DIP_DEGREE: {
    igraph_vector_int_t d;
    igraph_integer_t i;
    if ((e = igraph_vector_int_init(&d, n)) != 0) return e;
    e = igraph_degree(g, &d, igraph_vss_all(), o->mode, 1);
    if (e == 0) e = igraph_vector_resize(res, n);
    if (e == 0)
      for (i = 0; i < n; i++) VECTOR(*res)[i] = (double)VECTOR(d)[i];
    igraph_vector_int_destroy(&d);
    if (e == 0 && o->normalized) scale(res, n > 1 ? 1.0 / (n - 1) : 0);
    break;
  }
  case DIP_STRENGTH:
    e = igraph_strength(g, res, igraph_vss_all(), o->mode, 1, w);
    if (e == 0 && o->normalized) scale(res, n > 1 ? 1.0 / (n - 1) : 0);
    break;
  case DIP_BETWEENNESS:
    e = igraph_betweenness(g, res, igraph_vss_all(), directed, c);
    if (e == 0 && o->normalized) {
      double pairs = (double)(n - 1) * (double)(n - 2);
      if (!directed) pairs /= 2;
      scale(res, n > 2 ? 1.0 / pairs : 0);
    }
    break;
  case DIP_CLOSENESS:
    e = igraph_closeness(g, res, NULL, NULL, igraph_vss_all(), o->mode, c,
                         o->normalized);
    break;
  case DIP_HARMONIC:
    e = igraph_harmonic_centrality(g, res, igraph_vss_all(), o->mode, c,
                                   o->normalized);
    break;
  case DIP_EIGENVECTOR: {
    igraph_real_t value;
    igraph_arpack_options_t ao;
    igraph_arpack_options_init(&ao);
    if (igraph_ecount(g) == 0) { /* igraph gives 1 each; we say 0 */
      e = igraph_vector_resize(res, n);
      if (e == 0) igraph_vector_null(res);
      break;
    }
    /* ARPACK starts from a random vector: seed igraph's generator so the
       same system gives the same digits every time */
    {
      dip_rngscope rs;
      if ((e = dip_rngscope_begin(&rs, 20240229)) != IGRAPH_SUCCESS) break;
      e = igraph_eigenvector_centrality(g, res, &value, directed, 1, w, &ao);
      dip_rngscope_end(&rs);
    }
    if (e == 0 && !o->normalized) {
      double ss = 0;
      igraph_integer_t i;
      for (i = 0; i < n; i++) ss += VECTOR(*res)[i] * VECTOR(*res)[i];
      if (ss > 0) scale(res, 1.0 / sqrt(ss));
    }
    break;
  }
  case DIP_PAGERANK: {
    igraph_real_t value;
    e = igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, res, &value,
                        igraph_vss_all(), directed, o->damping, w, NULL);
    break;
  }
  }
  dip_watch_end(&watch);
  if (e == 0) zero_undefined(res);
  return e;
}

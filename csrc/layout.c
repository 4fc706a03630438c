/*
** layout.c — coordinates for drawing a view: force-directed layouts by
** igraph (Fruchterman-Reingold, Kamada-Kawai).
**
** Conventions (documented for analysts in the README):
** - Both layouts ignore direction: they run on the view with direction
**   ignored (dip_view_undirected), one edge per tied pair.
** - Fruchterman & Reingold (1991): tied actors attract, every pair
**   repels; with weights, attraction along an edge is multiplied by its
**   (combined) weight, so strong ties pull harder.  igraph's defaults:
**   500 iterations, start temperature sqrt(n) / 10, a grid for
**   n > 1000.  Starts from random positions.
** - Kamada & Kawai (1989): springs whose rest lengths are the
**   shortest-path distances; with weights the length of an edge is its
**   cost 1 / weight, so a strong tie is a short spring.  Pairs in
**   different components get the largest finite distance (igraph).
**   igraph's defaults: at most 50 n iterations, epsilon 0, spring
**   constant n.  Starts from a circle: no randomness at all.
** - Randomness: like community.c, a private MT19937 generator seeded
**   with the seed is igraph's default for the duration of the call and
**   the previous default is restored afterwards, so the layout depends
**   only on the view and the seed.
** - Coordinates are igraph's, in its own units: callers rescale them.
** No Lua calls here.
*/
#include <math.h>

#include "network.h"

/* {====== Layout ====== */

/*
** Time: Fruchterman-Reingold O(iterations (n^2 + m)) without the grid;
** Kamada-Kawai O(n^2) per iteration after O(n (n + m) log n) for the
** distances (igraph 0.10 documentation).
*/
igraph_error_t dip_layout(const dip_view *v, const dip_layout_opts *o,
                          igraph_matrix_t *res) {
  const igraph_t *g = &v->graph;
  igraph_integer_t n = igraph_vcount(g);
  dip_rngscope rs;
  dip_watch watch;
  igraph_error_t e;
  if (v->directed) return IGRAPH_EINVAL; /* the caller's mistake */
  if (n == 0) return igraph_matrix_resize(res, 0, 2);
  if ((e = dip_rngscope_begin(&rs, (unsigned long)o->seed)) != 0) return e;
  dip_watch_begin(&watch, o->pr, 0); /* igraph checks each iteration */
  if (e == IGRAPH_SUCCESS && o->method == DIP_LAYOUT_KK) {
    igraph_integer_t iter = o->iterations > 0 ? o->iterations : 50 * n;
    e = igraph_layout_kamada_kawai(g, res, 0, iter, 0, (igraph_real_t)n,
                                   o->weighted ? &v->cost : NULL, NULL,
                                   NULL, NULL, NULL);
  } else if (e == IGRAPH_SUCCESS) {
    igraph_integer_t iter = o->iterations > 0 ? o->iterations : 500;
    e = igraph_layout_fruchterman_reingold(
        g, res, 0, iter, sqrt((double)n) / 10, IGRAPH_LAYOUT_AUTOGRID,
        o->weighted ? &v->weight : NULL, NULL, NULL, NULL, NULL);
  }
  dip_watch_end(&watch);
  dip_rngscope_end(&rs);
  return e;
}

/* }====== */

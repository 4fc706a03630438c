/*
** coreness.c — k-core numbers on a view, through igraph_coreness.
**
** The k-core is the largest group of actors in which everyone has at
** least k ties to others in the group (Seidman 1983, Social Networks 5);
** an actor's coreness is the largest k whose core holds it.  igraph
** computes it with Batagelj and Zaversnik's O(m) algorithm (2003,
** arXiv cs/0310049).  Degrees count the view's edges; for mode "all"
** the binding passes the undirected view (direction ignored, a pair tied
** both ways is one edge); "in" and "out" count one direction.  Self-ties are not ties to others: they are dropped before
** igraph sees them (igraph would count a self-loop in the degree).
** No Lua calls here.
*/
#include "network.h"

/*
** *out: g without its self-loops (a new graph the caller destroys).
** Time: O(n + m).
*/
static igraph_error_t without_loops(const igraph_t *g, igraph_t *out) {
  igraph_vector_int_t edges;
  igraph_integer_t e, m = igraph_ecount(g), k = 0;
  igraph_error_t err = igraph_vector_int_init(&edges, 2 * m);
  if (err != IGRAPH_SUCCESS) return err;
  for (e = 0; e < m; e++) {
    igraph_integer_t a = IGRAPH_FROM(g, e), b = IGRAPH_TO(g, e);
    if (a == b) continue;
    VECTOR(edges)[k++] = a;
    VECTOR(edges)[k++] = b;
  }
  igraph_vector_int_resize(&edges, k); /* shrinking never fails */
  err = igraph_create(out, &edges, igraph_vcount(g), igraph_is_directed(g));
  igraph_vector_int_destroy(&edges);
  return err;
}

/* Time: O(n + m). */
igraph_error_t dip_coreness(const dip_view *v, igraph_neimode_t mode,
                            igraph_vector_t *res) {
  const igraph_t *g = &v->graph;
  igraph_t simple;
  igraph_vector_int_t cores;
  igraph_bool_t loops;
  igraph_integer_t i, n = igraph_vcount(g);
  igraph_error_t e;
  if ((e = igraph_has_loop(g, &loops)) != IGRAPH_SUCCESS) return e;
  if (loops) {
    if ((e = without_loops(g, &simple)) != IGRAPH_SUCCESS) return e;
    g = &simple;
  }
  e = igraph_vector_int_init(&cores, n);
  if (e == IGRAPH_SUCCESS) {
    e = igraph_coreness(g, &cores, mode);
    if (e == IGRAPH_SUCCESS) e = igraph_vector_resize(res, n);
    if (e == IGRAPH_SUCCESS)
      for (i = 0; i < n; i++) VECTOR(*res)[i] = (double)VECTOR(cores)[i];
    igraph_vector_int_destroy(&cores);
  }
  if (loops) igraph_destroy(&simple);
  return e;
}

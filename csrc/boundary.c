/*
** boundary.c — ties within and across group boundaries: the counts
** behind Krackhardt and Stern's E-I index and the ranking of boundary
** spanners.
**
** Krackhardt, D. & Stern, R. N. (1988). Informal networks and
** organizational crises: an experimental simulation.  Social Psychology
** Quarterly 51(2), 123-140: E-I = (E - I) / (E + I), E the ties that
** cross group boundaries, I the ties inside groups.
**
** Conventions (documented for analysts in the README):
** - a tie is an edge of the view: parallel ties across layers are one
**   edge (weight: their combined weight).  The binding passes the view
**   read as undirected for mode "all" (A -> B and B -> A are one tie
**   between A and B), and the directed view for "out" and "in", where
**   each arc is a tie (so an undirected-layer tie counts as two arcs).
** - self-ties are left out (they cross no boundary and stay in none).
** - the system counts each tie once; a group counts each internal tie
**   once and each external tie at its end(s) in the group; an actor
**   counts each of its ties.  In a directed view, mode restricts a
**   group's external ties and an actor's ties to those it sends (OUT)
**   or receives (IN); IGRAPH_ALL counts both ends.
** No Lua calls in this file.
*/
#include <stdlib.h>
#include <string.h>

#include "network.h"

/*
** Counts, for view v with groups group[0..n-1] (0..ngroups-1), the ties
** and weights inside and across groups per actor, per group and for the
** system, and for each actor how many other groups it has a tie with.
** Time: O(n + m + ngroups).
*/
igraph_error_t dip_boundary(const dip_view *v, const int *group, int ngroups,
                            igraph_neimode_t mode, dip_boundary_res *r) {
  const igraph_t *g = &v->graph;
  igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g), e, i, a;
  int out = !v->directed || mode != IGRAPH_IN;  /* a tie counts at from */
  int in = !v->directed || mode != IGRAPH_OUT;  /* ... and at to */
  igraph_adjlist_t adj;
  igraph_integer_t *stamp;
  igraph_error_t err;
  for (i = 0; i < n; i++) {
    r->external[i] = r->internal[i] = 0;
    r->external_w[i] = r->internal_w[i] = 0;
    r->reached[i] = 0;
  }
  for (a = 0; a < ngroups; a++) {
    r->g_external[a] = r->g_internal[a] = 0;
    r->g_external_w[a] = r->g_internal_w[a] = 0;
  }
  r->sys_external = r->sys_internal = 0;
  r->sys_external_w = r->sys_internal_w = 0;
  for (e = 0; e < m; e++) {
    igraph_integer_t from = IGRAPH_FROM(g, e), to = IGRAPH_TO(g, e);
    double w = VECTOR(v->weight)[e];
    int gf = group[from], gt = group[to];
    if (from == to) continue;
    if (gf == gt) {
      r->sys_internal += 1;
      r->sys_internal_w += w;
      r->g_internal[gf] += 1;
      r->g_internal_w[gf] += w;
      if (out) r->internal[from] += 1, r->internal_w[from] += w;
      if (in) r->internal[to] += 1, r->internal_w[to] += w;
    } else {
      r->sys_external += 1;
      r->sys_external_w += w;
      if (out) {
        r->g_external[gf] += 1, r->g_external_w[gf] += w;
        r->external[from] += 1, r->external_w[from] += w;
      }
      if (in) {
        r->g_external[gt] += 1, r->g_external_w[gt] += w;
        r->external[to] += 1, r->external_w[to] += w;
      }
    }
  }
  /* other groups reached: stamp each group once per actor */
  err = igraph_adjlist_init(g, &adj, v->directed ? mode : IGRAPH_ALL,
                            IGRAPH_NO_LOOPS, IGRAPH_MULTIPLE);
  if (err != IGRAPH_SUCCESS) return err;
  stamp = calloc((size_t)ngroups + 1, sizeof *stamp);
  if (stamp == NULL) {
    igraph_adjlist_destroy(&adj);
    return IGRAPH_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    igraph_vector_int_t *nb = igraph_adjlist_get(&adj, i);
    igraph_integer_t k, d = igraph_vector_int_size(nb);
    for (k = 0; k < d; k++) {
      int gk = group[VECTOR(*nb)[k]];
      if (gk != group[i] && stamp[gk] != i + 1) {
        stamp[gk] = i + 1;
        r->reached[i]++;
      }
    }
  }
  free(stamp);
  igraph_adjlist_destroy(&adj);
  return IGRAPH_SUCCESS;
}

/* {====== Spanners ====== */

typedef struct ranked {
  double crossing, weight;
  const char *id;
  int actor;
} ranked;

/* Most crossing ties first, then most weight, then by id. */
static int cmpranked(const void *pa, const void *pb) {
  const ranked *x = pa, *y = pb;
  if (x->crossing != y->crossing) return x->crossing > y->crossing ? -1 : 1;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return strcmp(x->id, y->id);
}

/*
** The actors of s with at least one tie across a boundary (by r, from
** dip_boundary), ranked; see network.h.  Time: O(n log n).
*/
int dip_spanners_rank(const dip_system *s, const dip_boundary_res *r,
                      int *order) {
  ranked *list = malloc(((size_t)s->nactors + 1) * sizeof *list);
  int i, count = 0;
  if (list == NULL) return -1;
  for (i = 0; i < s->nactors; i++) {
    if (r->external[i] <= 0) continue;
    list[count].crossing = r->external[i];
    list[count].weight = r->external_w[i];
    list[count].id = s->actors[i].id;
    list[count].actor = i;
    count++;
  }
  qsort(list, (size_t)count, sizeof *list, cmpranked);
  for (i = 0; i < count; i++) order[i] = list[i].actor;
  free(list);
  return count;
}

/* }====== */

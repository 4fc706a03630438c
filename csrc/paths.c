/*
** paths.c — routes and reach: the most trusted route between two actors,
** who an actor reaches in k steps, and how much connectivity depends on
** informal channels.
**
** Conventions (documented for analysts in the README):
** - A route's cost is the sum of 1 / weight over its ties (the view's
**   cost): strong ties are short.  Routes follow direction.
** - Reach counts steps (ties), ignoring weights.
** - Channel dependence compares the graph of all selected layers with
**   the graph of the formal (non-informal) ones; see dip_channels.
** No Lua calls here.
*/
#include <math.h>
#include <stdlib.h>

#include "network.h"

/* {====== Route ====== */

/*
** Dijkstra twice: first the distance alone (igraph warns when asked for
** the route to an actor it cannot reach, so we ask only when there is
** one), then the route.  igraph's Dijkstra stops once it has settled
** `to`.  Among equally cheap routes igraph's choice is deterministic for
** a given view.  Time: O((n + m) log n).
*/
igraph_error_t dip_path(const dip_view *v, igraph_integer_t from,
                        igraph_integer_t to, igraph_vector_int_t *vertices,
                        igraph_vector_int_t *edges, double *cost) {
  igraph_matrix_t d;
  igraph_error_t e;
  *cost = IGRAPH_INFINITY;
  igraph_vector_int_clear(vertices);
  igraph_vector_int_clear(edges);
  if ((e = igraph_matrix_init(&d, 1, 1)) != IGRAPH_SUCCESS) return e;
  e = igraph_distances_dijkstra(&v->graph, &d, igraph_vss_1(from),
                                igraph_vss_1(to), &v->cost, IGRAPH_OUT);
  if (e == IGRAPH_SUCCESS) *cost = MATRIX(d, 0, 0);
  igraph_matrix_destroy(&d);
  if (e != IGRAPH_SUCCESS || !isfinite(*cost)) return e;
  return igraph_get_shortest_path_dijkstra(&v->graph, vertices, edges, from,
                                           to, &v->cost, IGRAPH_OUT);
}

/* }====== */

/* {====== Reach ====== */

/* Breadth-first search (igraph_distances).  Time: O(n + m). */
igraph_error_t dip_reach(const igraph_t *g, igraph_integer_t from,
                         igraph_neimode_t mode, igraph_integer_t steps,
                         igraph_vector_int_t *dist, igraph_integer_t *count) {
  igraph_integer_t n = igraph_vcount(g), i;
  igraph_matrix_t d;
  igraph_error_t e;
  *count = 0;
  if ((e = igraph_matrix_init(&d, 1, n)) != IGRAPH_SUCCESS) return e;
  e = igraph_distances(g, &d, igraph_vss_1(from), igraph_vss_all(), mode);
  if (e == IGRAPH_SUCCESS) e = igraph_vector_int_resize(dist, n);
  if (e == IGRAPH_SUCCESS)
    for (i = 0; i < n; i++) {
      double x = MATRIX(d, 0, i);
      if (isfinite(x) && (steps < 0 || x <= (double)steps)) {
        VECTOR(*dist)[i] = (igraph_integer_t)x;
        if (i != from) (*count)++;
      } else
        VECTOR(*dist)[i] = -1;
    }
  igraph_matrix_destroy(&d);
  return e;
}

/* }====== */

/* {====== Channel dependence ====== */

/*
** The search state of dip_channels: adjacency of the formal and the
** informal graph in the chosen mode (f, i) and against it (fr, ir; only
** for directed modes), a stamp per actor and a queue.
*/
typedef struct search {
  igraph_adjlist_t f, i, fr, ir;
  int live; /* how many of f, i, fr, ir are initialised, in that order */
  igraph_integer_t *seen, *queue, *other;
  igraph_integer_t stamp;
} search;

/*
** Breadth-first search from s over the formal arcs f and, when inf is
** not NULL, the informal arcs inf, except informal arcs at actor skip
** (-1: none).  Actors stamped `stamp` already are not entered.  Visited
** actors end up in queue[0 .. count).  Returns count (s included).
*/
static igraph_integer_t bfs(search *S, const igraph_adjlist_t *f,
                            const igraph_adjlist_t *inf, igraph_integer_t s,
                            igraph_integer_t skip, igraph_integer_t stamp) {
  igraph_integer_t head = 0, tail = 0, j, n;
  S->seen[s] = stamp;
  S->queue[tail++] = s;
  while (head < tail) {
    igraph_integer_t u = S->queue[head++];
    igraph_vector_int_t *nb = igraph_adjlist_get(f, u);
    for (j = 0, n = igraph_vector_int_size(nb); j < n; j++) {
      igraph_integer_t w = VECTOR(*nb)[j];
      if (S->seen[w] != stamp) {
        S->seen[w] = stamp;
        S->queue[tail++] = w;
      }
    }
    if (inf == NULL || u == skip) continue;
    nb = igraph_adjlist_get(inf, u);
    for (j = 0, n = igraph_vector_int_size(nb); j < n; j++) {
      igraph_integer_t w = VECTOR(*nb)[j];
      if (w != skip && S->seen[w] != stamp) {
        S->seen[w] = stamp;
        S->queue[tail++] = w;
      }
    }
  }
  return tail;
}

static void search_free(search *S) {
  if (S->live > 3) igraph_adjlist_destroy(&S->ir);
  if (S->live > 2) igraph_adjlist_destroy(&S->fr);
  if (S->live > 1) igraph_adjlist_destroy(&S->i);
  if (S->live > 0) igraph_adjlist_destroy(&S->f);
  free(S->seen);
  free(S->queue);
  free(S->other);
}

static igraph_integer_t choose2(igraph_integer_t k) { return k * (k - 1) / 2; }

/* Whether actor a has an informal tie (other than to itself). */
static int informal_at(search *S, igraph_integer_t a, int directed) {
  return igraph_vector_int_size(igraph_adjlist_get(&S->i, a)) > 0 ||
         (directed && igraph_vector_int_size(igraph_adjlist_get(&S->ir, a))
                          > 0);
}

/*
** Mode all: components.  reach_all(i) = |component of i over all
** layers| - 1, pairs_all = sum over components of C(size, 2); the same
** over formal layers.  carries(a), for an actor a with informal ties:
** C(|C|, 2) minus the pairs still connected inside a's component C once
** a's informal ties are removed (a's formal ties and everyone else's
** ties stay).  A pair connected over formal layers stays connected, so
** every pair lost is an informal-only pair.
** Time: O(n + m) for reach, plus O(|C(a)| + m(C(a))) per actor with
** informal ties: at most O(k (n + m)) for k such actors.
*/
static void channels_all(search *S, igraph_integer_t n,
                         dip_channels_result *r) {
  igraph_integer_t s, j, k;
  /* components over formal layers, then over all: a component is
     stamped with the number of its first actor */
  for (s = 0; s < n; s++) S->seen[s] = -1;
  r->pairs_formal = 0;
  for (s = 0; s < n; s++) {
    if (S->seen[s] >= 0) continue;
    k = bfs(S, &S->f, NULL, s, -1, s);
    for (j = 0; j < k; j++) VECTOR(*r->reach_formal)[S->queue[j]] = k - 1;
    r->pairs_formal += choose2(k);
  }
  for (s = 0; s < n; s++) S->seen[s] = -1;
  r->pairs_all = 0;
  for (s = 0; s < n; s++) {
    if (S->seen[s] >= 0) continue;
    k = bfs(S, &S->f, &S->i, s, -1, s);
    for (j = 0; j < k; j++) VECTOR(*r->reach_all)[S->queue[j]] = k - 1;
    r->pairs_all += choose2(k);
  }
  /* carries: later stamps start at n */
  S->stamp = n;
  for (s = 0; s < n; s++) {
    igraph_integer_t kept = 0, size = VECTOR(*r->reach_all)[s] + 1;
    VECTOR(*r->carries)[s] = 0;
    if (size < 2 || !informal_at(S, s, 0)) continue;
    k = bfs(S, &S->f, &S->i, s, -1, S->stamp++); /* s's component */
    for (j = 0; j < k; j++) S->other[j] = S->queue[j];
    for (j = 0; j < k; j++) { /* its pieces without s's informal ties */
      igraph_integer_t u = S->other[j];
      if (S->seen[u] == S->stamp) continue;
      kept += choose2(bfs(S, &S->f, &S->i, u, s, S->stamp));
    }
    S->stamp++;
    VECTOR(*r->carries)[s] = choose2(size) - kept;
  }
}

/*
** Directed modes: reach_all(i), reach_formal(i) by a search from every
** actor; pairs are ordered (i reaches j).  carries(a) = sum over the
** actors i that reach a (a included) of reach_all(i) minus what i
** reaches once a's informal ties are removed: only a route through a can
** depend on a's ties.  Time: O(n (n + m)) for reach, plus O(|R(a)|
** (n + m)) per actor a with informal ties, R(a) the actors reaching it:
** at most O(k n (n + m)).
*/
static void channels_directed(search *S, igraph_integer_t n,
                              dip_channels_result *r) {
  igraph_integer_t s, j;
  for (s = 0; s < n; s++) S->seen[s] = -1;
  r->pairs_all = r->pairs_formal = 0;
  S->stamp = 0;
  for (s = 0; s < n; s++) {
    igraph_integer_t all = bfs(S, &S->f, &S->i, s, -1, S->stamp++) - 1;
    igraph_integer_t formal = bfs(S, &S->f, NULL, s, -1, S->stamp++) - 1;
    VECTOR(*r->reach_all)[s] = all;
    VECTOR(*r->reach_formal)[s] = formal;
    r->pairs_all += all;
    r->pairs_formal += formal;
  }
  for (s = 0; s < n; s++) {
    igraph_integer_t k, lost = 0;
    VECTOR(*r->carries)[s] = 0;
    if (!informal_at(S, s, 1)) continue;
    k = bfs(S, &S->fr, &S->ir, s, -1, S->stamp++); /* who reaches s */
    for (j = 0; j < k; j++) S->other[j] = S->queue[j];
    for (j = 0; j < k; j++) {
      igraph_integer_t i = S->other[j];
      lost += VECTOR(*r->reach_all)[i] -
              (bfs(S, &S->f, &S->i, i, s, S->stamp++) - 1);
    }
    VECTOR(*r->carries)[s] = lost;
  }
}

/*
** Channel dependence.  formal and informal: the graphs of the formal and
** the informal layers of one selection (the same actors; either may be
** directed).  See channels_all and channels_directed for what is counted
** and what it costs.
*/
igraph_error_t dip_channels(const igraph_t *formal, const igraph_t *informal,
                            igraph_neimode_t mode, dip_channels_result *r) {
  igraph_integer_t n = igraph_vcount(formal);
  int directed = mode != IGRAPH_ALL;
  igraph_neimode_t back = mode == IGRAPH_OUT ? IGRAPH_IN : IGRAPH_OUT;
  igraph_error_t e;
  search S = {0};
  size_t bytes = ((size_t)n + 1) * sizeof(igraph_integer_t);
  r->pairs_all = r->pairs_formal = 0;
  if ((e = igraph_vector_int_resize(r->reach_all, n)) != 0 ||
      (e = igraph_vector_int_resize(r->reach_formal, n)) != 0 ||
      (e = igraph_vector_int_resize(r->carries, n)) != 0)
    return e;
  S.seen = malloc(bytes);
  S.queue = malloc(bytes);
  S.other = malloc(bytes);
  if (S.seen == NULL || S.queue == NULL || S.other == NULL) {
    search_free(&S);
    return IGRAPH_ENOMEM;
  }
  e = igraph_adjlist_init(formal, &S.f, mode, IGRAPH_NO_LOOPS,
                          IGRAPH_MULTIPLE);
  if (e == IGRAPH_SUCCESS) {
    S.live = 1;
    e = igraph_adjlist_init(informal, &S.i, mode, IGRAPH_NO_LOOPS,
                            IGRAPH_MULTIPLE);
  }
  if (e == IGRAPH_SUCCESS && directed) {
    S.live = 2;
    e = igraph_adjlist_init(formal, &S.fr, back, IGRAPH_NO_LOOPS,
                            IGRAPH_MULTIPLE);
    if (e == IGRAPH_SUCCESS) {
      S.live = 3;
      e = igraph_adjlist_init(informal, &S.ir, back, IGRAPH_NO_LOOPS,
                              IGRAPH_MULTIPLE);
    }
    if (e == IGRAPH_SUCCESS) S.live = 4;
  } else if (e == IGRAPH_SUCCESS)
    S.live = 2;
  if (e == IGRAPH_SUCCESS) {
    if (directed)
      channels_directed(&S, n, r);
    else
      channels_all(&S, n, r);
  }
  search_free(&S);
  return e;
}

/* }====== */

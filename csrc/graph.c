/*
** graph.c — igraph views of chosen layers, cached on the system.
**
** Network measures run on one igraph graph built from the ties of the
** selected layers (or, for measures that ignore direction, of the same
** layers read as undirected).  Building it is O(m log m) for m ties; a
** system keeps its most recently used views (up to VIEWS_KEPT) and drops
** them all when it changes (its generation moves on).  No Lua calls
** here.
*/
#include <stdlib.h>
#include <string.h>

#include "network.h"

#define VIEWS_KEPT 8

/* Flags in dip_view.live: which igraph objects are initialised. */
#define LIVE_GRAPH 1
#define LIVE_WEIGHT 2
#define LIVE_COST 4
#define LIVE_TIES 8

static void view_free(dip_view *v) {
  if (v == NULL) return;
  if (v->live & LIVE_GRAPH) igraph_destroy(&v->graph);
  if (v->live & LIVE_WEIGHT) igraph_vector_destroy(&v->weight);
  if (v->live & LIVE_COST) igraph_vector_destroy(&v->cost);
  if (v->live & LIVE_TIES) igraph_vector_int_destroy(&v->ties);
  free(v->selected);
  free(v);
}

void dip_views_free(struct dip_viewcache *c) {
  dip_view *v, *next;
  if (c == NULL) return;
  for (v = c->head; v; v = next) {
    next = v->next;
    view_free(v);
  }
  free(c);
}

/* One arc before combining: from u to v (u <= v in undirected views). */
typedef struct arc {
  igraph_integer_t u, v;
  double w;
} arc;

static int cmparc(const void *a, const void *b) {
  const arc *x = a, *y = b;
  if (x->u != y->u) return x->u < y->u ? -1 : 1;
  if (x->v != y->v) return x->v < y->v ? -1 : 1;
  return 0;
}

/*
** Fills v (whose selected and combine are set, and whose per-edge
** vectors have room for every arc) from the system's ties, creating
** v->graph last: on failure the graph was not created.
*/
static igraph_error_t build(const dip_system *s, dip_view *v) {
  arc *arcs;
  size_t n = 0, m = 0, i;
  igraph_vector_int_t edges;
  igraph_error_t e;
  int k;
  v->directed = 0;
  for (k = 0; k < s->nlayers && !v->undirected; k++)
    if (v->selected[k] && s->layers[k].directed) v->directed = 1;
  arcs = malloc(((size_t)s->nties * 2 + 1) * sizeof(arc));
  if (arcs == NULL) return IGRAPH_ENOMEM;
  for (k = 0; k < s->nties; k++) {
    const dip_tie *t = &s->ties[k];
    const dip_layer *l = &s->layers[t->layer];
    if (!v->selected[t->layer]) continue;
    arcs[n].u = t->from;
    arcs[n].v = t->to;
    arcs[n].w = t->weight;
    if (!v->directed && arcs[n].u > arcs[n].v) {
      arcs[n].u = t->to;
      arcs[n].v = t->from;
    }
    n++;
    if (v->directed && !l->directed && t->from != t->to) {
      arcs[n].u = t->to; /* an undirected tie runs both ways */
      arcs[n].v = t->from;
      arcs[n].w = t->weight;
      n++;
    }
  }
  qsort(arcs, n, sizeof(arc), cmparc);
  /* combine runs of equal (u, v); w becomes the combined weight and the
     run length is kept in u of a parallel count array (reuse: counts) */
  {
    int *counts = malloc((n + 1) * sizeof(int));
    if (counts == NULL) {
      free(arcs);
      return IGRAPH_ENOMEM;
    }
    for (i = 0; i < n; i++) {
      if (m > 0 && arcs[m - 1].u == arcs[i].u && arcs[m - 1].v == arcs[i].v) {
        if (v->combine == DIP_COMBINE_SUM)
          arcs[m - 1].w += arcs[i].w;
        else if (v->combine == DIP_COMBINE_MAX && arcs[i].w > arcs[m - 1].w)
          arcs[m - 1].w = arcs[i].w;
        counts[m - 1]++;
      } else {
        arcs[m] = arcs[i];
        counts[m] = 1;
        m++;
      }
    }
    e = igraph_vector_int_init(&edges, (igraph_integer_t)(2 * m));
    if (e == IGRAPH_SUCCESS) {
      for (i = 0; i < m; i++) {
        VECTOR(edges)[2 * i] = arcs[i].u;
        VECTOR(edges)[2 * i + 1] = arcs[i].v;
      }
      e = igraph_create(&v->graph, &edges, s->nactors, v->directed);
      igraph_vector_int_destroy(&edges);
    }
    if (e == IGRAPH_SUCCESS) {
      for (i = 0; i < m; i++) {
        double w = v->combine == DIP_COMBINE_COUNT ? counts[i] : arcs[i].w;
        VECTOR(v->weight)[i] = w;
        VECTOR(v->cost)[i] = 1.0 / w;
        VECTOR(v->ties)[i] = counts[i];
      }
    }
    free(counts);
  }
  free(arcs);
  return e;
}

/* A new view, built from the system's ties now. */
static dip_view *view_new(const dip_system *s, const unsigned char *selected,
                          dip_combine combine, int undirected,
                          igraph_error_t *err) {
  dip_view *v = calloc(1, sizeof *v);
  igraph_integer_t m = 0;
  int k;
  if (v == NULL || (v->selected = malloc((size_t)s->nlayers + 1)) == NULL) {
    free(v);
    *err = IGRAPH_ENOMEM;
    return NULL;
  }
  memcpy(v->selected, selected, (size_t)s->nlayers);
  v->nlayers = s->nlayers;
  v->combine = combine;
  v->undirected = undirected;
  v->generation = s->generation;
  /* an upper bound of the edge count sizes the per-edge vectors */
  for (k = 0; k < s->nties; k++)
    if (selected[s->ties[k].layer]) m += 2;
  if ((*err = igraph_vector_init(&v->weight, m)) != 0) goto fail;
  v->live |= LIVE_WEIGHT;
  if ((*err = igraph_vector_init(&v->cost, m)) != 0) goto fail;
  v->live |= LIVE_COST;
  if ((*err = igraph_vector_int_init(&v->ties, m)) != 0) goto fail;
  v->live |= LIVE_TIES;
  if ((*err = build(s, v)) != 0) goto fail;
  v->live |= LIVE_GRAPH;
  m = igraph_ecount(&v->graph);
  igraph_vector_resize(&v->weight, m); /* shrinking never fails */
  igraph_vector_resize(&v->cost, m);
  igraph_vector_int_resize(&v->ties, m);
  return v;
fail:
  view_free(v);
  return NULL;
}

/* The view of (selected, combine, undirected), from the cache or new. */
static const dip_view *get(dip_system *s, const unsigned char *selected,
                           dip_combine combine, int undirected,
                           igraph_error_t *err) {
  struct dip_viewcache *c = s->views;
  dip_view **p, *v, *found = NULL;
  *err = IGRAPH_SUCCESS;
  if (c == NULL) {
    c = s->views = calloc(1, sizeof *c);
    if (c == NULL) {
      *err = IGRAPH_ENOMEM;
      return NULL;
    }
  }
  /* drop stale views; find a matching one */
  for (p = &c->head; (v = *p) != NULL;) {
    if (v->generation != s->generation || v->nlayers != s->nlayers) {
      *p = v->next;
      view_free(v);
      c->count--;
      continue;
    }
    if (!found && v->combine == combine && v->undirected == undirected &&
        memcmp(v->selected, selected, (size_t)s->nlayers) == 0) {
      found = v;
      *p = v->next; /* unlink; relinked at the front below */
      c->count--;
      continue;
    }
    p = &v->next;
  }
  if (found == NULL) {
    found = view_new(s, selected, combine, undirected, err);
    if (found == NULL) return NULL;
  }
  found->next = c->head;
  c->head = found;
  c->count++;
  /* keep at most VIEWS_KEPT: drop the least recently used */
  if (c->count > VIEWS_KEPT) {
    int k = 1;
    for (v = c->head; k < VIEWS_KEPT; v = v->next, k++) continue;
    while (v->next) {
      dip_view *t = v->next;
      v->next = t->next;
      view_free(t);
      c->count--;
    }
  }
  return found;
}

const dip_view *dip_view_get(dip_system *s, const unsigned char *selected,
                             dip_combine combine, igraph_error_t *err) {
  return get(s, selected, combine, 0, err);
}

/*
** Reading every layer as undirected changes nothing when no selected
** layer is directed: such selections share the ordinary view.
*/
const dip_view *dip_view_undirected(dip_system *s,
                                    const unsigned char *selected,
                                    dip_combine combine,
                                    igraph_error_t *err) {
  int k, directed = 0;
  for (k = 0; k < s->nlayers; k++)
    if (selected[k] && s->layers[k].directed) directed = 1;
  return get(s, selected, combine, directed, err);
}

igraph_error_t dip_rngscope_begin(dip_rngscope *sc, unsigned long seed) {
  igraph_error_t e = igraph_rng_init(&sc->rng, &igraph_rngtype_mt19937);
  if (e != IGRAPH_SUCCESS) return e;
  if ((e = igraph_rng_seed(&sc->rng, seed)) != IGRAPH_SUCCESS) {
    igraph_rng_destroy(&sc->rng);
    return e;
  }
  sc->saved = *igraph_rng_default(); /* by value: see network.h */
  igraph_rng_set_default(&sc->rng);
  return IGRAPH_SUCCESS;
}

void dip_rngscope_end(dip_rngscope *sc) {
  igraph_rng_set_default(&sc->saved);
  igraph_rng_destroy(&sc->rng);
}

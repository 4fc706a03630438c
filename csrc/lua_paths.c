/*
** lua_paths.c — bindings of sys:path, sys:reach and sys:channels.
**
** Arguments and options are read (and may raise) before any igraph
** work; igraph results live in scratch boxes until they are pushed.
*/
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "network.h"

#include "lua_network.h"

static const char *const NO_EXTRA[] = {NULL};

/* {====== Scratch boxes ====== */

static void free_graph(void *p) {
  igraph_destroy(p);
  free(p);
}

/* The actor named by the id argument at arg; raises if there is none. */
static int checkactor(lua_State *L, int arg, const dip_system *s) {
  const char *id = dip_checkid(L, arg);
  int a = dip_find_actor(s, id);
  if (a < 0) luaL_argerror(L, arg, lua_pushfstring(L, "unknown actor '%s'",
                                                   id));
  return a;
}

/* }====== */

/* {====== Route ====== */

/* Pushes the ids of the selected layers holding a tie from a to b. */
static void pushlayers(lua_State *L, const dip_system *s,
                       const dip_netsel *sel, int a, int b) {
  int l, k = 0;
  lua_newtable(L);
  for (l = 0; l < s->nlayers; l++) {
    if (!sel->selected[l] || dip_find_tie(s, a, b, l) < 0) continue;
    lua_pushstring(L, s->layers[l].id);
    lua_rawseti(L, -2, ++k);
  }
}

/*
** path(from, to, { layers, informal, combine }) -> { actors = { ids },
** cost = c, ties = { { from, to, weight, cost, layers } } } or nil
*/
static int net_path(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  int from = checkactor(L, 2, s), to = checkactor(L, 3, s);
  dip_netsel sel;
  const dip_view *v;
  igraph_vector_int_t *vertices, *edges;
  igraph_integer_t i, n;
  double cost;
  igraph_error_t e;
  lua_settop(L, 4); /* the options are at 4, even when absent */
  dip_readselection(L, 4, s, NO_EXTRA, &sel);
  vertices = dip_newintvector(L);
  edges = dip_newintvector(L);
  v = dip_getview(L, s, &sel);
  e = dip_path(v, from, to, vertices, edges, &cost);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  n = igraph_vector_int_size(vertices);
  if (n == 0) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 3);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, s->actors[VECTOR(*vertices)[i]].id);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "actors");
  lua_pushnumber(L, cost);
  lua_setfield(L, -2, "cost");
  lua_createtable(L, (int)n - 1, 0);
  for (i = 0; i + 1 < n; i++) {
    int a = (int)VECTOR(*vertices)[i], b = (int)VECTOR(*vertices)[i + 1];
    igraph_integer_t edge = VECTOR(*edges)[i];
    lua_createtable(L, 0, 5);
    lua_pushstring(L, s->actors[a].id);
    lua_setfield(L, -2, "from");
    lua_pushstring(L, s->actors[b].id);
    lua_setfield(L, -2, "to");
    lua_pushnumber(L, VECTOR(v->weight)[edge]);
    lua_setfield(L, -2, "weight");
    lua_pushnumber(L, VECTOR(v->cost)[edge]);
    lua_setfield(L, -2, "cost");
    pushlayers(L, s, &sel, a, b);
    lua_setfield(L, -2, "layers");
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "ties");
  return 1;
}

/* }====== */

/* {====== Reach ====== */

/*
** reach(id, { steps, mode, layers, informal, combine }) -> { count = n,
** share = n / (N - 1), actors = { [id] = steps } }
*/
static int net_reach(lua_State *L) {
  static const char *const EXTRA[] = {"steps", "mode", NULL};
  dip_system *s = dip_checksystem(L, 1);
  int from = checkactor(L, 2, s), i;
  dip_netsel sel;
  igraph_neimode_t mode;
  igraph_integer_t steps = -1, count;
  igraph_vector_int_t *dist;
  const dip_view *v;
  igraph_error_t e;
  lua_settop(L, 3); /* the options are at 3, even when absent */
  dip_readselection(L, 3, s, EXTRA, &sel);
  mode = dip_optmode(L, 3, IGRAPH_OUT, 1, "reach");
  if (!lua_isnoneornil(L, 3) && lua_getfield(L, 3, "steps") != LUA_TNIL) {
    int isint;
    lua_Integer k = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || k < 0)
      luaL_argerror(L, 3, "steps: must be an integer >= 0");
    steps = (igraph_integer_t)k;
    lua_pop(L, 1);
  }
  dist = dip_newintvector(L);
  v = dip_getview(L, s, &sel);
  e = dip_reach(&v->graph, from, mode, steps, dist, &count);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, count);
  lua_setfield(L, -2, "count");
  lua_pushnumber(L, s->nactors > 1 ? (double)count / (s->nactors - 1) : 0);
  lua_setfield(L, -2, "share");
  lua_createtable(L, 0, (int)count);
  for (i = 0; i < s->nactors; i++) {
    if (i == from || VECTOR(*dist)[i] < 0) continue;
    lua_pushinteger(L, VECTOR(*dist)[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, -2, "actors");
  return 1;
}

/* }====== */

/* {====== Channel dependence ====== */

typedef struct carrier {
  igraph_integer_t pairs;
  int actor;
} carrier;

/* Most pairs first; then in the order actors were added. */
static int cmpcarrier(const void *x, const void *y) {
  const carrier *a = x, *b = y;
  if (a->pairs != b->pairs) return a->pairs > b->pairs ? -1 : 1;
  return a->actor < b->actor ? -1 : a->actor > b->actor;
}

static void pushcarriers(lua_State *L, const dip_system *s,
                         const dip_channels_result *r) {
  int n = s->nactors, i, k = 0;
  igraph_integer_t only = r->pairs_all - r->pairs_formal;
  carrier *c = lua_newuserdatauv(L, sizeof *c * ((size_t)n + 1), 0);
  for (i = 0; i < n; i++)
    if (VECTOR(*r->carries)[i] > 0) {
      c[k].pairs = VECTOR(*r->carries)[i];
      c[k++].actor = i;
    }
  qsort(c, (size_t)k, sizeof *c, cmpcarrier);
  lua_createtable(L, k, 0);
  for (i = 0; i < k; i++) {
    lua_createtable(L, 0, 3);
    lua_pushstring(L, s->actors[c[i].actor].id);
    lua_setfield(L, -2, "id");
    lua_pushinteger(L, c[i].pairs);
    lua_setfield(L, -2, "pairs");
    lua_pushnumber(L, (double)c[i].pairs / (double)only);
    lua_setfield(L, -2, "share");
    lua_rawseti(L, -2, i + 1);
  }
  lua_remove(L, -2); /* the scratch buffer */
}

/*
** channels{ layers, combine, mode } -> { mode, actors = { [id] = {
** reach_all, reach_formal, informal_only, carries } }, pairs = {
** connected, formal, informal_only }, informal_share, carriers = {...} }
*/
static int net_channels(lua_State *L) {
  static const char *const EXTRA[] = {"mode", NULL};
  static const char *const MODES[] = {"all", "out", "in"};
  dip_system *s = dip_checksystem(L, 1);
  dip_netsel sel, formal, informal;
  igraph_neimode_t mode;
  dip_channels_result r;
  dip_boxed *box;
  igraph_t *copy;
  const dip_view *v;
  igraph_error_t e;
  igraph_integer_t only;
  int l, i;
  lua_settop(L, 2); /* the options are at 2, even when absent */
  if (lua_istable(L, 2)) {
    if (lua_getfield(L, 2, "informal") != LUA_TNIL)
      luaL_argerror(L, 2, "informal: channels compares the informal layers "
                          "of the selection with the formal ones; choose "
                          "layers with 'layers'");
    lua_pop(L, 1);
  }
  dip_readselection(L, 2, s, EXTRA, &sel);
  mode = dip_optmode(L, 2, IGRAPH_ALL, 1, "channels");
  formal.combine = informal.combine = sel.combine;
  formal.selected = lua_newuserdatauv(L, (size_t)s->nlayers + 1, 0);
  informal.selected = lua_newuserdatauv(L, (size_t)s->nlayers + 1, 0);
  for (l = 0; l < s->nlayers; l++) {
    formal.selected[l] = sel.selected[l] && !s->layers[l].informal;
    informal.selected[l] = sel.selected[l] && s->layers[l].informal;
  }
  r.reach_all = dip_newintvector(L);
  r.reach_formal = dip_newintvector(L);
  r.carries = dip_newintvector(L);
  box = dip_box(L, free_graph);
  /* a view stays valid only until the next one is asked for: copy the
     formal graph into the box (no Lua call between malloc and boxing) */
  v = dip_getview(L, s, &formal);
  copy = malloc(sizeof *copy);
  if (copy == NULL) return luaL_error(L, "not enough memory");
  if ((e = igraph_copy(copy, &v->graph)) != IGRAPH_SUCCESS) {
    free(copy);
    return dip_igraph_fail(L, e);
  }
  box->ptr = copy;
  v = dip_getview(L, s, &informal);
  e = dip_channels(copy, &v->graph, mode, &r);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  only = r.pairs_all - r.pairs_formal;
  lua_createtable(L, 0, 5);
  lua_pushstring(L, MODES[mode == IGRAPH_ALL ? 0 : mode == IGRAPH_OUT ? 1
                                                                      : 2]);
  lua_setfield(L, -2, "mode");
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    igraph_integer_t all = VECTOR(*r.reach_all)[i];
    igraph_integer_t form = VECTOR(*r.reach_formal)[i];
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, all);
    lua_setfield(L, -2, "reach_all");
    lua_pushinteger(L, form);
    lua_setfield(L, -2, "reach_formal");
    lua_pushinteger(L, all - form);
    lua_setfield(L, -2, "informal_only");
    lua_pushinteger(L, VECTOR(*r.carries)[i]);
    lua_setfield(L, -2, "carries");
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, -2, "actors");
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, r.pairs_all);
  lua_setfield(L, -2, "connected");
  lua_pushinteger(L, r.pairs_formal);
  lua_setfield(L, -2, "formal");
  lua_pushinteger(L, only);
  lua_setfield(L, -2, "informal_only");
  lua_setfield(L, -2, "pairs");
  lua_pushnumber(L, r.pairs_all > 0 ? (double)only / r.pairs_all : 0);
  lua_setfield(L, -2, "informal_share");
  pushcarriers(L, s, &r);
  lua_setfield(L, -2, "carriers");
  return 1;
}

/* }====== */

const luaL_Reg dip_paths_methods[] = {
    {"path", net_path},
    {"reach", net_reach},
    {"channels", net_channels},
    {NULL, NULL},
};

/*
** lua_network.c — bindings of the network measures.
**
** Every measure takes one options table.  The layer selection is common
** to all: `layers = { ids }` (default: every layer), `informal = true |
** false` (select by the layer flag; with `layers`, both must hold) and
** `combine = "sum" | "max" | "count"` for ties between one pair in
** several layers.  Options are read (and may raise) before any igraph
** object exists; igraph results live in scratch boxes until pushed.
*/
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "network.h"

#include "lua_network.h"

/* {====== Options ====== */

static int isopt(const char *key, const char *const *list) {
  int k;
  for (k = 0; list[k]; k++)
    if (strcmp(key, list[k]) == 0) return 1;
  return 0;
}

static const char *const SELECTION_KEYS[] = {"layers", "informal", "combine",
                                             NULL};

void dip_readselection(lua_State *L, int arg, const dip_system *s,
                       const char *const *extra, dip_netsel *sel) {
  static const char *const COMBINE[] = {"sum", "max", "count", NULL};
  int k, any = 0, given = 0, informal = -1;
  sel->selected = lua_newuserdatauv(L, (size_t)s->nlayers + 1, 0);
  memset(sel->selected, 1, (size_t)s->nlayers);
  sel->combine = DIP_COMBINE_SUM;
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, arg, "option names must be strings");
    key = lua_tostring(L, -2);
    if (!isopt(key, SELECTION_KEYS) && !isopt(key, extra))
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'", key));
    lua_pop(L, 1);
  }
  if (lua_getfield(L, arg, "combine") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, arg, "combine: must be \"sum\", \"max\" or \"count\"");
    for (k = 0; COMBINE[k]; k++)
      if (strcmp(lua_tostring(L, -1), COMBINE[k]) == 0) break;
    if (COMBINE[k] == NULL)
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "combine: unknown rule '%s' (expected "
                                       "sum, max or count)",
                                    lua_tostring(L, -1)));
    sel->combine = (dip_combine)k;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "informal") != LUA_TNIL) {
    if (!lua_isboolean(L, -1))
      luaL_argerror(L, arg, "informal: must be true or false");
    informal = lua_toboolean(L, -1);
    given = 1;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "layers") != LUA_TNIL) {
    lua_Integer i, n;
    if (!lua_istable(L, -1))
      luaL_argerror(L, arg, "layers: must be an array of layer ids");
    n = (lua_Integer)lua_rawlen(L, -1);
    if (n == 0) luaL_argerror(L, arg, "layers: the list is empty");
    memset(sel->selected, 0, (size_t)s->nlayers);
    for (i = 1; i <= n; i++) {
      int l;
      if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
        luaL_argerror(L, arg, "layers: must be an array of layer ids");
      l = dip_find_layer(s, lua_tostring(L, -1));
      if (l < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "layers: unknown layer '%s'",
                                              lua_tostring(L, -1)));
      sel->selected[l] = 1;
      lua_pop(L, 1);
    }
    given = 1;
  }
  lua_pop(L, 1);
  for (k = 0; k < s->nlayers; k++) {
    if (informal >= 0 && s->layers[k].informal != informal)
      sel->selected[k] = 0;
    any |= sel->selected[k];
  }
  if (given && !any)
    luaL_argerror(L, arg, "the layer selection matches no layer");
}

int dip_optboolean(lua_State *L, int arg, const char *key, int def) {
  int b = def;
  if (lua_isnoneornil(L, arg)) return def;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    if (!lua_isboolean(L, -1))
      luaL_argerror(L, arg, lua_pushfstring(L, "%s: must be true or false",
                                            key));
    b = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  return b;
}

igraph_neimode_t dip_optmode(lua_State *L, int arg, igraph_neimode_t def,
                             int allow_in, const char *measure) {
  igraph_neimode_t mode = def;
  if (lua_isnoneornil(L, arg)) return def;
  if (lua_getfield(L, arg, "mode") != LUA_TNIL) {
    const char *m = lua_tostring(L, -1);
    if (lua_type(L, -1) != LUA_TSTRING) m = "";
    if (strcmp(m, "out") == 0)
      mode = IGRAPH_OUT;
    else if (strcmp(m, "in") == 0 && allow_in)
      mode = IGRAPH_IN;
    else if (strcmp(m, "all") == 0)
      mode = IGRAPH_ALL;
    else if (strcmp(m, "in") == 0)
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "mode: 'in' has no meaning for %s "
                                       "(use 'out' to follow direction or "
                                       "'all' to ignore it)", measure));
    else
      luaL_argerror(L, arg, "mode: must be \"out\", \"in\" or \"all\"");
  }
  lua_pop(L, 1);
  return mode;
}

/* }====== */

/* {====== Results ====== */

static void free_vector(void *p) {
  igraph_vector_destroy(p);
  free(p);
}

igraph_vector_t *dip_newvector(lua_State *L) {
  dip_boxed *box = dip_box(L, free_vector);
  igraph_vector_t *v = malloc(sizeof *v);
  if (v == NULL) luaL_error(L, "not enough memory");
  igraph_error_t e;
  dip_igraph_lock(); /* igraph's failure path is process-wide state */
  e = igraph_vector_init(v, 0);
  dip_igraph_unlock();
  if (e != IGRAPH_SUCCESS) {
    free(v);
    luaL_error(L, "not enough memory");
  }
  box->ptr = v;
  return v;
}

static void free_intvector(void *p) {
  igraph_vector_int_destroy(p);
  free(p);
}

igraph_vector_int_t *dip_newintvector(lua_State *L) {
  dip_boxed *box = dip_box(L, free_intvector);
  igraph_vector_int_t *v = malloc(sizeof *v);
  if (v == NULL) luaL_error(L, "not enough memory");
  igraph_error_t e;
  dip_igraph_lock(); /* igraph's failure path is process-wide state */
  e = igraph_vector_int_init(v, 0);
  dip_igraph_unlock();
  if (e != IGRAPH_SUCCESS) {
    free(v);
    luaL_error(L, "not enough memory");
  }
  box->ptr = v;
  return v;
}

void dip_pushbyactor(lua_State *L, const dip_system *s,
                     const igraph_vector_t *res) {
  int i;
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushnumber(L, VECTOR(*res)[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
}

const dip_view *dip_getview(lua_State *L, dip_system *s,
                            const dip_netsel *sel) {
  igraph_error_t e;
  const dip_view *v;
  dip_igraph_begin(L);
  v = dip_view_get(s, sel->selected, sel->combine, &e);
  if (v == NULL) dip_igraph_fail(L, e);
  return v;
}

const dip_view *dip_getundirected(lua_State *L, dip_system *s,
                                  const dip_netsel *sel) {
  igraph_error_t e;
  const dip_view *v;
  dip_igraph_begin(L);
  v = dip_view_undirected(s, sel->selected, sel->combine, &e);
  if (v == NULL) dip_igraph_fail(L, e);
  return v;
}

/* {====== Groups ====== */

static const char *const GROUP_FIELDS[] = {"org",   "sector",  "profession",
                                           "level", "mandate", "kind", NULL};

/* The value of an actor's group field as a string, or NULL if unset. */
static const char *groupvalue(lua_State *L, const dip_actor *a, int field,
                              const char *attr) {
  const dip_attr *t;
  switch (field) {
  case 0: return a->org;
  case 1: return a->sector;
  case 2: return a->profession;
  case 3: return a->level;
  case 4: return a->mandate;
  case 5: return a->kind;
  }
  t = dip_attrs_get(&a->attrs, attr);
  if (t == NULL) return NULL;
  switch (t->type) {
  case DIP_STR: return t->u.s;
  case DIP_INT: return lua_pushfstring(L, "%I", (lua_Integer)t->u.i);
  case DIP_NUM: return lua_pushfstring(L, "%f", t->u.n);
  case DIP_BOOL: return t->u.b ? "true" : "false";
  }
  return NULL;
}

void dip_readgroups(lua_State *L, int arg, const dip_system *s,
                    const char *def, dip_groups *g) {
  const char *by = def, *attr = NULL;
  int field, i, top;
  if (!lua_isnoneornil(L, arg)) {
    if (lua_getfield(L, arg, "by") != LUA_TNIL) {
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "by: must be the name of an actor field");
      by = lua_tostring(L, -1);
    }
    lua_pop(L, 1); /* the string stays anchored in the options table */
  }
  if (by == NULL) luaL_argerror(L, arg, "by: missing (which actor field "
                                        "defines the groups?)");
  for (field = 0; GROUP_FIELDS[field]; field++)
    if (strcmp(by, GROUP_FIELDS[field]) == 0) break;
  if (GROUP_FIELDS[field] == NULL) {
    if (strncmp(by, "attrs.", 6) != 0 || by[6] == '\0')
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "by: unknown actor field '%s' (use "
                                       "org, sector, profession, level, "
                                       "mandate, kind or attrs.<name>)",
                                    by));
    attr = by + 6;
  }
  g->by = by;
  g->of = lua_newuserdatauv(L, sizeof(int) * (size_t)(s->nactors + 1), 0);
  lua_newtable(L); /* names: array of group names */
  g->names = lua_gettop(L);
  lua_newtable(L); /* name -> group number, while building */
  g->n = 0;
  for (i = 0; i < s->nactors; i++) {
    const char *v;
    top = lua_gettop(L);
    v = groupvalue(L, &s->actors[i], field, attr);
    if (v == NULL) v = DIP_NO_GROUP;
    if (lua_getfield(L, top, v) == LUA_TNUMBER)
      g->of[i] = (int)lua_tointeger(L, -1) - 1;
    else {
      g->of[i] = g->n++;
      lua_pushstring(L, v);
      lua_rawseti(L, g->names, g->n); /* names[n] = v */
      lua_pushinteger(L, g->n);
      lua_setfield(L, top, v); /* index[v] = n */
    }
    lua_settop(L, top);
  }
  lua_pop(L, 1); /* the index */
}

/* }====== */

/* {====== Centrality ====== */

static const char *const MEASURES[] = {"degree",    "strength",
                                       "betweenness", "closeness",
                                       "harmonic",  "eigenvector",
                                       "pagerank",  NULL};

/* The measure named at arg (a string), or a bad-argument error. */
static dip_measure checkmeasure(lua_State *L, int arg) {
  const char *name;
  int k;
  if (lua_type(L, arg) != LUA_TSTRING) luaL_typeerror(L, arg, "string");
  name = lua_tostring(L, arg);
  for (k = 0; MEASURES[k]; k++)
    if (strcmp(name, MEASURES[k]) == 0) return (dip_measure)k;
  return (dip_measure)luaL_argerror(
      L, arg,
      lua_pushfstring(L, "unknown measure '%s' (expected degree, strength, "
                         "betweenness, closeness, harmonic, eigenvector "
                         "or pagerank)", name));
}

/* Pushes { [actor id] = res[i] } with integer values (counts). */
static void pushcounts(lua_State *L, const dip_system *s,
                       const igraph_vector_t *res) {
  int i;
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushinteger(L, (lua_Integer)VECTOR(*res)[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
}

/*
** centrality(measure, { layers, informal, combine, mode, weighted,
** normalized, damping, progress, time_budget }) -> { [id] = value };
** degree without normalisation gives integers (counts), every other
** measure floats.  Options are checked, and may raise, before any igraph
** object exists.  progress and time_budget watch igraph's one call
** (dip_centrality says which measures check them); a stopped call
** raises an error saying so (dip_progress_stopped).
*/
static int net_centrality(lua_State *L) {
  static const char *const EXTRA[] = {"mode",    "weighted", "normalized",
                                      "damping", "progress", "time_budget",
                                      NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_centrality_opts o;
  dip_netsel sel;
  const dip_view *v;
  igraph_vector_t *res;
  igraph_error_t e;
  dip_lprogress lp;
  o.measure = checkmeasure(L, 2);
  lua_settop(L, 3); /* the options are at 3, even when absent */
  dip_readselection(L, 3, s, EXTRA, &sel);
  switch (o.measure) {
  case DIP_DEGREE:
  case DIP_STRENGTH:
    o.mode = dip_optmode(L, 3, IGRAPH_ALL, 1, MEASURES[o.measure]);
    break;
  case DIP_CLOSENESS:
  case DIP_HARMONIC:
    o.mode = dip_optmode(L, 3, IGRAPH_OUT, 1, MEASURES[o.measure]);
    break;
  default:
    o.mode = dip_optmode(L, 3, IGRAPH_OUT, 0, MEASURES[o.measure]);
  }
  o.weighted = dip_optboolean(L, 3, "weighted", o.measure != DIP_DEGREE);
  if (o.measure == DIP_DEGREE && o.weighted)
    luaL_argerror(L, 3, "weighted: degree counts ties; use 'strength' for "
                        "the sum of tie weights");
  o.normalized = dip_optboolean(L, 3, "normalized", 0);
  o.damping = 0.85;
  if (!lua_isnoneornil(L, 3) && lua_getfield(L, 3, "damping") != LUA_TNIL) {
    if (o.measure != DIP_PAGERANK)
      luaL_argerror(L, 3, "damping: only pagerank takes a damping factor");
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, 3, "damping: must be a number");
    o.damping = lua_tonumber(L, -1);
    if (!(o.damping >= 0 && o.damping < 1))
      luaL_argerror(L, 3, "damping: must be in [0, 1)");
  }
  lua_settop(L, 4); /* drop the damping value; the selection stays */
  dip_readprogress(L, 3, 1, &lp); /* 5, 6 */
  o.pr = &lp.p;
  res = dip_newvector(L);
  /* "all" ignores direction: the selection read as undirected */
  v = o.mode == IGRAPH_ALL ? dip_getundirected(L, s, &sel)
                           : dip_getview(L, s, &sel);
  e = dip_centrality(v, &o, res);
  if (e == IGRAPH_INTERRUPTED)
    dip_progress_stopped(L, &lp, MEASURES[o.measure]);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  if (o.measure == DIP_DEGREE && !o.normalized)
    pushcounts(L, s, res);
  else
    dip_pushbyactor(L, s, res);
  return 1;
}

/* }====== */

const luaL_Reg dip_network_methods[] = {
    {"centrality", net_centrality},
    {NULL, NULL},
};

/*
** lua_community.c — binding of sys:communities.
**
** Options are read (and may raise) before any igraph work; the
** membership vector lives in a scratch box until the result is pushed.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "network.h"

#include "lua_network.h"

/* Reads method, resolution, seed and weighted from the options at arg. */
static void readopts(lua_State *L, int arg, dip_community_opts *o) {
  o->method = DIP_LEIDEN;
  o->resolution = 1;
  o->seed = 1;
  o->weighted = dip_optboolean(L, arg, "weighted", 1);
  if (lua_isnoneornil(L, arg)) return;
  if (lua_getfield(L, arg, "method") != LUA_TNIL) {
    const char *m;
    if (lua_type(L, -1) != LUA_TSTRING) /* before lua_tostring converts */
      luaL_argerror(L, arg, "method: must be \"leiden\" or \"louvain\"");
    m = lua_tostring(L, -1);
    if (strcmp(m, "leiden") == 0)
      o->method = DIP_LEIDEN;
    else if (strcmp(m, "louvain") == 0)
      o->method = DIP_LOUVAIN;
    else
      luaL_argerror(L, arg, lua_pushfstring(L, "method: unknown method '%s' "
                                               "(expected leiden or louvain)",
                                            m));
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "resolution") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, arg, "resolution: must be a number");
    o->resolution = lua_tonumber(L, -1);
    if (!(o->resolution >= 0) || !isfinite(o->resolution))
      luaL_argerror(L, arg, "resolution: must be a finite number >= 0");
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "seed") != LUA_TNIL) {
    int isint;
    lua_Integer seed = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || seed < 0)
      luaL_argerror(L, arg, "seed: must be an integer >= 0");
    o->seed = (igraph_uint_t)seed;
  }
  lua_pop(L, 1);
}

/*
** Pushes the crosstab of the communities (membership, count of them)
** against the groups g:
**   { by = field, groups = { names... }, counts = { [k] = { [group] = n } },
**     purity = p, ari = a }
** Every row holds every group (zeros included).
*/
static void pushcrosstab(lua_State *L, const dip_system *s,
                         const igraph_vector_int_t *membership,
                         igraph_integer_t count, const dip_groups *g) {
  int n = s->nactors, ncells, i, k;
  double purity, ari;
  dip_cell *cells = lua_newuserdatauv(L, sizeof(dip_cell) * ((size_t)n + 1),
                                      0);
  int scratch = lua_gettop(L);
  if (dip_crosstab(VECTOR(*membership), g->of, n, cells, &ncells, &purity,
                   &ari) != 0)
    luaL_error(L, "not enough memory");
  lua_createtable(L, 0, 5);
  lua_pushstring(L, g->by);
  lua_setfield(L, -2, "by");
  lua_pushvalue(L, g->names);
  lua_setfield(L, -2, "groups");
  lua_createtable(L, (int)count, 0); /* counts */
  for (k = 0; k < count; k++) {
    lua_createtable(L, 0, g->n);
    for (i = 1; i <= g->n; i++) {
      lua_rawgeti(L, g->names, i);
      lua_pushinteger(L, 0);
      lua_rawset(L, -3); /* row[group] = 0 */
    }
    lua_rawseti(L, -2, k + 1);
  }
  for (i = 0; i < ncells; i++) {
    lua_rawgeti(L, -1, cells[i].community + 1);
    lua_rawgeti(L, g->names, cells[i].group + 1);
    lua_pushinteger(L, cells[i].count);
    lua_rawset(L, -3); /* counts[k][group] = n */
    lua_pop(L, 1);
  }
  lua_setfield(L, -2, "counts");
  lua_pushnumber(L, purity);
  lua_setfield(L, -2, "purity");
  lua_pushnumber(L, ari);
  lua_setfield(L, -2, "ari");
  lua_remove(L, scratch);
}

/*
** communities{ method, resolution, seed, weighted, by, layers, informal,
** combine } -> { membership = { [id] = k }, count = n, modularity = q,
** sizes = { [k] = n }, crosstab = {...} (with by) }
*/
static int net_communities(lua_State *L) {
  static const char *const EXTRA[] = {"method", "resolution", "seed",
                                      "weighted", "by", "progress",
                                      "time_budget", NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_community_opts o;
  dip_netsel sel;
  dip_groups g;
  const dip_view *v;
  igraph_vector_int_t *membership;
  igraph_integer_t count, i;
  double q;
  igraph_error_t e;
  int by = 0;
  dip_lprogress lp;
  lua_settop(L, 2); /* the options are at 2, even when absent */
  dip_readselection(L, 2, s, EXTRA, &sel);
  readopts(L, 2, &o);
  dip_readprogress(L, 2, 1, &lp);
  o.pr = &lp.p;
  if (!lua_isnoneornil(L, 2)) {
    by = lua_getfield(L, 2, "by") != LUA_TNIL;
    lua_pop(L, 1);
  }
  if (by) dip_readgroups(L, 2, s, NULL, &g);
  membership = dip_newintvector(L);
  v = dip_getundirected(L, s, &sel);
  e = dip_communities(v, &o, membership, &count, &q);
  dip_progress_raise(L, &lp);
  if (e == IGRAPH_INTERRUPTED) /* Louvain: Leiden keeps a partition */
    dip_progress_stopped(L, &lp, "louvain");
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  lua_createtable(L, 0, 5);
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushinteger(L, VECTOR(*membership)[i] + 1);
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, -2, "membership");
  lua_pushinteger(L, count);
  lua_setfield(L, -2, "count");
  lua_pushnumber(L, q);
  lua_setfield(L, -2, "modularity");
  lua_createtable(L, (int)count, 0);
  for (i = 0; i < count; i++) {
    lua_pushinteger(L, 0);
    lua_rawseti(L, -2, i + 1);
  }
  for (i = 0; i < s->nactors; i++) {
    lua_Integer k = VECTOR(*membership)[i] + 1;
    lua_rawgeti(L, -1, k);
    lua_pushinteger(L, lua_tointeger(L, -1) + 1);
    lua_rawseti(L, -3, k); /* sizes[k] = sizes[k] + 1 */
    lua_pop(L, 1);
  }
  lua_setfield(L, -2, "sizes");
  if (by) {
    pushcrosstab(L, s, membership, count, &g);
    lua_setfield(L, -2, "crosstab");
  }
  dip_progress_mark(L, &lp, -1);
  return 1;
}

const luaL_Reg dip_community_methods[] = {
    {"communities", net_communities},
    {NULL, NULL},
};

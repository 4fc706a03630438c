/*
** lua_layout.c — binding of sys:layout:
**
**   sys:layout{ method = "fr" | "kk", seed = 1, weighted = true,
**               iterations = n, layers, informal, combine, time_budget,
**               progress }
**     -> { [actor id] = { x = x, y = y } }
**
** time_budget is checked by igraph each iteration; a stopped layout
** raises an error saying so (igraph keeps no partial layout).  igraph
** reports no progress of its layouts: progress is accepted (for
** uniformity) and never called.
**
** Options are read (and may raise) before any igraph work; the result
** matrix lives in a scratch box until the table is pushed.
*/
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "lua_network.h"

#define ARG 2 /* the options table */

/* Most actors for Kamada-Kawai: igraph keeps n x n distances (800 MB at
** 10,000) and takes O(n^2) per iteration. */
#define KK_MAX 10000

static void free_matrix(void *p) {
  igraph_matrix_destroy(p);
  free(p);
}

/* A new empty igraph matrix owned by a box pushed on the stack. */
static igraph_matrix_t *newmatrix(lua_State *L) {
  dip_boxed *box = dip_box(L, free_matrix);
  igraph_matrix_t *m = malloc(sizeof *m);
  if (m == NULL) luaL_error(L, "not enough memory");
  igraph_error_t e;
  dip_igraph_lock(); /* igraph's failure path is process-wide state */
  e = igraph_matrix_init(m, 0, 0);
  dip_igraph_unlock();
  if (e != IGRAPH_SUCCESS) {
    free(m);
    luaL_error(L, "not enough memory");
  }
  box->ptr = m;
  return m;
}

/* Reads method, seed, weighted and iterations from the options. */
static void readopts(lua_State *L, dip_layout_opts *o) {
  o->method = DIP_LAYOUT_FR;
  o->seed = 1;
  o->iterations = 0;
  o->weighted = dip_optboolean(L, ARG, "weighted", 1);
  if (lua_isnoneornil(L, ARG)) return;
  if (lua_getfield(L, ARG, "method") != LUA_TNIL) {
    const char *m;
    if (lua_type(L, -1) != LUA_TSTRING) /* before lua_tostring converts */
      luaL_argerror(L, ARG, "method: must be \"fr\" or \"kk\"");
    m = lua_tostring(L, -1);
    if (strcmp(m, "fr") == 0)
      o->method = DIP_LAYOUT_FR;
    else if (strcmp(m, "kk") == 0)
      o->method = DIP_LAYOUT_KK;
    else
      luaL_argerror(L, ARG, lua_pushfstring(L, "method: unknown method '%s' "
                                               "(expected fr or kk)", m));
  }
  lua_pop(L, 1);
  if (lua_getfield(L, ARG, "seed") != LUA_TNIL) {
    int isint;
    lua_Integer seed = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || seed < 0)
      luaL_argerror(L, ARG, "seed: must be an integer >= 0");
    o->seed = (igraph_uint_t)seed;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, ARG, "iterations") != LUA_TNIL) {
    int isint;
    lua_Integer it = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || it < 1 || it > 1000000)
      luaL_argerror(L, ARG, "iterations: must be an integer in 1..1000000");
    o->iterations = (igraph_integer_t)it;
  }
  lua_pop(L, 1);
}

static int net_layout(lua_State *L) {
  static const char *const EXTRA[] = {"method",     "seed",
                                      "weighted",   "iterations",
                                      "progress",   "time_budget",
                                      NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_layout_opts o;
  dip_netsel sel;
  const dip_view *v;
  igraph_matrix_t *res;
  igraph_error_t e;
  dip_lprogress lp;
  int i;
  lua_settop(L, ARG); /* the options are at 2, even when absent */
  dip_readselection(L, ARG, s, EXTRA, &sel);
  readopts(L, &o);
  dip_readprogress(L, ARG, 1, &lp);
  o.pr = &lp.p;
  if (o.method == DIP_LAYOUT_KK && s->nactors > KK_MAX)
    luaL_argerror(L, ARG, lua_pushfstring(L, "method: \"kk\" keeps an n x n "
                                             "table of distances and takes "
                                             "at most %d actors (this "
                                             "system has %d); use \"fr\"",
                                          KK_MAX, s->nactors));
  res = newmatrix(L);
  v = dip_getundirected(L, s, &sel);
  e = dip_layout(v, &o, res);
  if (e == IGRAPH_INTERRUPTED)
    dip_progress_stopped(L, &lp, o.method == DIP_LAYOUT_KK ? "layout (kk)"
                                                           : "layout (fr)");
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_createtable(L, 0, 2);
    lua_pushnumber(L, MATRIX(*res, i, 0));
    lua_setfield(L, -2, "x");
    lua_pushnumber(L, MATRIX(*res, i, 1));
    lua_setfield(L, -2, "y");
    lua_setfield(L, -2, s->actors[i].id); /* result[id] = { x, y } */
  }
  return 1;
}

const luaL_Reg dip_layout_methods[] = {
    {"layout", net_layout},
    {NULL, NULL},
};

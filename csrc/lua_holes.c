/*
** lua_holes.c — bindings of Burt's structural-hole measures (holes.c):
**   sys:constraint{ layers, informal, combine, weighted }
**   sys:effective_size{ ... }   sys:efficiency{ ... }
** -> { [actor id] = value }.  weighted (default true) reads the view's
** combined weights; false counts 1 per tie.  The measures read ties in
** both directions (mutual weights), so there is no mode option.
*/
#include "binding.h"
#include "network.h"

#include "lua_network.h"

/* Options at 2 (made to exist by lua_settop); pushes the result. */
static int holes(lua_State *L, dip_hole_measure m) {
  static const char *const EXTRA[] = {"weighted", "mode", NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_netsel sel;
  const dip_view *v;
  igraph_vector_t *res;
  igraph_error_t e;
  int weighted;
  lua_settop(L, 2);
  dip_readselection(L, 2, s, EXTRA, &sel);
  if (!lua_isnil(L, 2) && lua_getfield(L, 2, "mode") != LUA_TNIL)
    luaL_argerror(L, 2, "mode: Burt's measures read every tie both ways "
                        "(weights a_ij + a_ji), so they take no mode");
  lua_settop(L, 3); /* drop the mode lookup, keep the selection */
  weighted = dip_optboolean(L, 2, "weighted", 1);
  res = dip_newvector(L);
  v = dip_getview(L, s, &sel);
  e = dip_holes(v, m, weighted, res);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  dip_pushbyactor(L, s, res);
  return 1;
}

static int net_constraint(lua_State *L) {
  return holes(L, DIP_CONSTRAINT);
}

static int net_effective_size(lua_State *L) {
  return holes(L, DIP_EFFECTIVE_SIZE);
}

static int net_efficiency(lua_State *L) {
  return holes(L, DIP_EFFICIENCY);
}

const luaL_Reg dip_holes_methods[] = {
    {"constraint", net_constraint},
    {"effective_size", net_effective_size},
    {"efficiency", net_efficiency},
    {NULL, NULL},
};

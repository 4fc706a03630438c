/*
** lua_coreness.c — binding of the k-core decomposition (coreness.c):
**   sys:coreness{ layers, informal, combine, mode } -> { [actor id] = k }
** with k an integer.  mode = "all" (default), "in" or "out" chooses
** which ties count in a directed view; it is ignored in an undirected
** one.  combine has no effect on the result (coreness counts ties, not
** weights) but is accepted like in every network measure.
*/
#include "binding.h"
#include "network.h"

#include "lua_network.h"

static int net_coreness(lua_State *L) {
  static const char *const EXTRA[] = {"mode", NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_netsel sel;
  const dip_view *v;
  igraph_vector_t *res;
  igraph_neimode_t mode;
  igraph_error_t e;
  int i;
  lua_settop(L, 2);
  dip_readselection(L, 2, s, EXTRA, &sel);
  mode = dip_optmode(L, 2, IGRAPH_ALL, 1, "coreness");
  res = dip_newvector(L);
  /* mode "all" ignores direction: a pair tied both ways, or by an
     undirected tie in a mixed selection, is one neighbour, not two */
  v = mode == IGRAPH_ALL ? dip_getundirected(L, s, &sel)
                         : dip_getview(L, s, &sel);
  e = dip_coreness(v, mode, res);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushinteger(L, (lua_Integer)VECTOR(*res)[i]);
    lua_setfield(L, -2, s->actors[i].id); /* result[id] = k */
  }
  return 1;
}

const luaL_Reg dip_coreness_methods[] = {
    {"coreness", net_coreness},
    {NULL, NULL},
};

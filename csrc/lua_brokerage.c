/*
** lua_brokerage.c — bindings of the measures of ties across group
** boundaries (brokerage.c, boundary.c).  Groups come from option `by`
** (required): an actor field or "attrs.<name>" (dip_readgroups).
**   sys:brokerage{ by, layers, informal, combine } -> roles, null
**   sys:ei_index{ by, weighted, mode, layers, ... } -> index, detail
**   sys:spanners{ by, top, mode, layers, ... }      -> ranked array
** Options are read (and may raise) first; results are computed into
** userdata buffers, so a Lua error never leaks them.
*/
#include <string.h>

#include "binding.h"
#include "network.h"

#include "lua_network.h"

/* {====== Helpers ====== */

/* Pushes a count as an integer, or a weight as a float. */
static void pushvalue(lua_State *L, double x, int count) {
  if (count)
    lua_pushinteger(L, (lua_Integer)x);
  else
    lua_pushnumber(L, x);
}

/* Pushes the name of group a (0-based) of g. */
static void pushgroup(lua_State *L, const dip_groups *g, int a) {
  lua_rawgeti(L, g->names, a + 1);
}

/* Group sizes into size[0..g->n-1]. */
static void groupsizes(const dip_system *s, const dip_groups *g, int *size) {
  int i;
  for (i = 0; i < g->n; i++) size[i] = 0;
  for (i = 0; i < s->nactors; i++) size[g->of[i]]++;
}

/* }====== */

/* {====== Brokerage ====== */

static const char *const ROLES[DIP_NROLES] = {
    "coordinator", "itinerant", "representative",
    "gatekeeper",  "liaison",   "total"};

/* Pushes { coordinator = row[0], ... total = row[5] }. */
static void pushroles(lua_State *L, const double *row, int count) {
  int k;
  lua_createtable(L, 0, DIP_NROLES);
  for (k = 0; k < DIP_NROLES; k++) {
    pushvalue(L, row[k], count);
    lua_setfield(L, -2, ROLES[k]);
  }
}

/*
** Pushes { [actor id] = roles }: row i of rows when of is NULL, else
** row of[i] (a per-group table read per actor).
*/
static void pushactorroles(lua_State *L, const dip_system *s,
                           const double *rows, const int *of, int count) {
  int i;
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    pushroles(L, rows + (size_t)(of ? of[i] : i) * DIP_NROLES, count);
    lua_setfield(L, -2, s->actors[i].id);
  }
}

/*
** brokerage{ by, layers, informal, combine } -> roles, null
**   roles: { [id] = { coordinator, itinerant, representative,
**            gatekeeper, liaison, total } } (integers)
**   null:  { by, density, expected = { [id] = roles }, sd = ..., z = ...,
**            groups = { [group] = { size, expected, sd } },
**            system = { observed, expected, sd, z } }
*/
static int net_brokerage(lua_State *L) {
  static const char *const EXTRA[] = {"by", NULL};
  dip_system *s = dip_checksystem(L, 1);
  dip_netsel sel;
  dip_groups g;
  dip_brokerage_res r;
  const dip_view *v;
  size_t n = (size_t)s->nactors, ng;
  double *buf;
  int *size, a;
  igraph_error_t e;
  lua_settop(L, 2); /* the options are at 2, even when absent */
  dip_readselection(L, 2, s, EXTRA, &sel);
  dip_readgroups(L, 2, s, NULL, &g);
  ng = (size_t)g.n;
  buf = lua_newuserdatauv(L, sizeof(double) * DIP_NROLES * (2 * n + 2 * ng)
                                 + sizeof(int) * (ng + 1), 0);
  r.raw = buf;
  r.z = r.raw + n * DIP_NROLES;
  r.expected = r.z + n * DIP_NROLES;
  r.sd = r.expected + ng * DIP_NROLES;
  size = (int *)(r.sd + ng * DIP_NROLES);
  groupsizes(s, &g, size);
  v = dip_getview(L, s, &sel);
  dip_igraph_begin(L);
  e = dip_brokerage(v, g.of, g.n, &r);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  pushactorroles(L, s, r.raw, NULL, 1);       /* roles */
  lua_createtable(L, 0, 7);                   /* null */
  lua_pushstring(L, g.by);
  lua_setfield(L, -2, "by");
  lua_pushnumber(L, r.density);
  lua_setfield(L, -2, "density");
  pushactorroles(L, s, r.expected, g.of, 0);
  lua_setfield(L, -2, "expected");
  pushactorroles(L, s, r.sd, g.of, 0);
  lua_setfield(L, -2, "sd");
  pushactorroles(L, s, r.z, NULL, 0);
  lua_setfield(L, -2, "z");
  lua_createtable(L, 0, g.n);                 /* null.groups */
  for (a = 0; a < g.n; a++) {
    pushgroup(L, &g, a);
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, size[a]);
    lua_setfield(L, -2, "size");
    pushroles(L, r.expected + (size_t)a * DIP_NROLES, 0);
    lua_setfield(L, -2, "expected");
    pushroles(L, r.sd + (size_t)a * DIP_NROLES, 0);
    lua_setfield(L, -2, "sd");
    lua_settable(L, -3);                      /* groups[name] = {...} */
  }
  lua_setfield(L, -2, "groups");
  lua_createtable(L, 0, 4);                   /* null.system */
  pushroles(L, r.sys_raw, 1);
  lua_setfield(L, -2, "observed");
  pushroles(L, r.sys_expected, 0);
  lua_setfield(L, -2, "expected");
  pushroles(L, r.sys_sd, 0);
  lua_setfield(L, -2, "sd");
  pushroles(L, r.sys_z, 0);
  lua_setfield(L, -2, "z");
  lua_setfield(L, -2, "system");
  return 2;
}

/* }====== */

/* {====== Boundary ties ====== */

/* The options shared by ei_index and spanners. */
typedef struct boundary_opts {
  dip_netsel sel;
  dip_groups g;
  igraph_neimode_t mode;
} boundary_opts;

/*
** Reads the options shared by ei_index and spanners (at 2): the
** selection, `by` and `mode` (default "all").  Pushes the values
** dip_readselection and dip_readgroups push.
*/
static void readboundary(lua_State *L, const dip_system *s,
                         const char *const *extra, const char *measure,
                         boundary_opts *o) {
  dip_readselection(L, 2, s, extra, &o->sel);
  dip_readgroups(L, 2, s, NULL, &o->g);
  o->mode = dip_optmode(L, 2, IGRAPH_ALL, 1, measure);
}

/*
** Computes the boundary counts into a userdata buffer (pushed) and
** leaves r, size (g.n ints) and order (s->nactors ints) pointing into
** it.  mode "all" reads the selection as undirected (a pair of actors
** is one tie); "out" / "in" follow direction (each arc is a tie).
*/
static void boundary(lua_State *L, dip_system *s, const boundary_opts *o,
                     dip_boundary_res *r, int **size, int **order) {
  const dip_view *v;
  size_t n = (size_t)s->nactors, ng = (size_t)o->g.n;
  double *buf;
  igraph_error_t e;
  buf = lua_newuserdatauv(L, sizeof(double) * (4 * n + 4 * ng)
                                 + sizeof(int) * (3 * n + ng + 1), 0);
  r->external = buf;
  r->internal = r->external + n;
  r->external_w = r->internal + n;
  r->internal_w = r->external_w + n;
  r->g_external = r->internal_w + n;
  r->g_internal = r->g_external + ng;
  r->g_external_w = r->g_internal + ng;
  r->g_internal_w = r->g_external_w + ng;
  r->reached = (int *)(r->g_internal_w + ng);
  *order = r->reached + n;
  *size = *order + n;
  groupsizes(s, &o->g, *size);
  v = o->mode == IGRAPH_ALL ? dip_getundirected(L, s, &o->sel)
                            : dip_getview(L, s, &o->sel);
  dip_igraph_begin(L);
  e = dip_boundary(v, o->g.of, o->g.n, o->mode, r);
  if (e != IGRAPH_SUCCESS) dip_igraph_fail(L, e);
}

/* Pushes (E - I) / (E + I), or nothing (returns 0) when E + I = 0. */
static int pushei(lua_State *L, double ext, double in) {
  if (ext + in <= 0) return 0;
  lua_pushnumber(L, (ext - in) / (ext + in));
  return 1;
}

/* Sets t.external, t.internal on the table on top. */
static void setcounts(lua_State *L, double ext, double in, int count) {
  pushvalue(L, ext, count);
  lua_setfield(L, -2, "external");
  pushvalue(L, in, count);
  lua_setfield(L, -2, "internal");
}

/*
** ei_index{ by, weighted, mode, layers, informal, combine }
**   -> { overall = x, groups = { [group] = x }, actors = { [id] = x } },
**      { by, weighted, mode, overall = { external, internal },
**        groups = { [group] = { size, external, internal } },
**        actors = { [id] = { group, external, internal } } }
** An index is left out (nil) where there is no tie to count.
*/
static int net_ei_index(lua_State *L) {
  static const char *const EXTRA[] = {"by", "weighted", "mode", NULL};
  dip_system *s = dip_checksystem(L, 1);
  boundary_opts o;
  const dip_groups *g = &o.g;
  dip_boundary_res r;
  int *size, *order, weighted, i, a, count;
  const double *ext, *in, *gext, *gin;
  double sext, sint;
  lua_settop(L, 2);
  readboundary(L, s, EXTRA, "ei_index", &o);
  weighted = dip_optboolean(L, 2, "weighted", 0);
  boundary(L, s, &o, &r, &size, &order);
  count = !weighted;
  ext = weighted ? r.external_w : r.external;
  in = weighted ? r.internal_w : r.internal;
  gext = weighted ? r.g_external_w : r.g_external;
  gin = weighted ? r.g_internal_w : r.g_internal;
  sext = weighted ? r.sys_external_w : r.sys_external;
  sint = weighted ? r.sys_internal_w : r.sys_internal;
  lua_createtable(L, 0, 3); /* the index */
  if (pushei(L, sext, sint)) lua_setfield(L, -2, "overall");
  lua_createtable(L, 0, g->n);
  for (a = 0; a < g->n; a++) {
    pushgroup(L, g, a);
    if (pushei(L, gext[a], gin[a]))
      lua_settable(L, -3); /* groups[name] = x */
    else
      lua_pop(L, 1);
  }
  lua_setfield(L, -2, "groups");
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++)
    if (pushei(L, ext[i], in[i])) lua_setfield(L, -2, s->actors[i].id);
  lua_setfield(L, -2, "actors");
  lua_createtable(L, 0, 6); /* the detail */
  lua_pushstring(L, g->by);
  lua_setfield(L, -2, "by");
  lua_pushboolean(L, weighted);
  lua_setfield(L, -2, "weighted");
  lua_createtable(L, 0, 2);
  setcounts(L, sext, sint, count);
  lua_setfield(L, -2, "overall");
  lua_createtable(L, 0, g->n);
  for (a = 0; a < g->n; a++) {
    pushgroup(L, g, a);
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, size[a]);
    lua_setfield(L, -2, "size");
    setcounts(L, gext[a], gin[a], count);
    lua_settable(L, -3); /* groups[name] = {...} */
  }
  lua_setfield(L, -2, "groups");
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_createtable(L, 0, 3);
    pushgroup(L, g, g->of[i]);
    lua_setfield(L, -2, "group");
    setcounts(L, ext[i], in[i], count);
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, -2, "actors");
  return 2;
}

/*
** spanners{ by, top, mode, layers, informal, combine } -> array of
** { id, group, crossing, crossing_weight, ties, share, groups_reached },
** the actors with a tie across a boundary, most crossing ties first
** (then most crossing weight, then id); at most top of them.
*/
static int net_spanners(lua_State *L) {
  static const char *const EXTRA[] = {"by", "top", "mode", NULL};
  dip_system *s = dip_checksystem(L, 1);
  boundary_opts o;
  const dip_groups *g = &o.g;
  dip_boundary_res r;
  int *size, *order, count, k, base;
  lua_Integer top = -1;
  lua_settop(L, 2);
  readboundary(L, s, EXTRA, "spanners", &o);
  base = lua_gettop(L);
  if (lua_getfield(L, 2, "top") != LUA_TNIL) { /* options: a table */
    int isint;
    top = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || top < 1)
      luaL_argerror(L, 2, "top: must be a whole number of at least 1");
  }
  lua_settop(L, base); /* drop the top value */
  boundary(L, s, &o, &r, &size, &order);
  count = dip_spanners_rank(s, &r, order);
  if (count < 0) return luaL_error(L, "not enough memory");
  if (top >= 0 && top < count) count = (int)top;
  lua_createtable(L, count, 0);
  for (k = 0; k < count; k++) {
    int i = order[k];
    double ties = r.external[i] + r.internal[i];
    lua_createtable(L, 0, 7);
    lua_pushstring(L, s->actors[i].id);
    lua_setfield(L, -2, "id");
    pushgroup(L, g, g->of[i]);
    lua_setfield(L, -2, "group");
    lua_pushinteger(L, (lua_Integer)r.external[i]);
    lua_setfield(L, -2, "crossing");
    lua_pushnumber(L, r.external_w[i]);
    lua_setfield(L, -2, "crossing_weight");
    lua_pushinteger(L, (lua_Integer)ties);
    lua_setfield(L, -2, "ties");
    lua_pushnumber(L, r.external[i] / ties);
    lua_setfield(L, -2, "share");
    lua_pushinteger(L, r.reached[i]);
    lua_setfield(L, -2, "groups_reached");
    lua_rawseti(L, -2, k + 1);
  }
  return 1;
}

/* }====== */

const luaL_Reg dip_brokerage_methods[] = {
    {"brokerage", net_brokerage},
    {"ei_index", net_ei_index},
    {"spanners", net_spanners},
    {NULL, NULL},
};

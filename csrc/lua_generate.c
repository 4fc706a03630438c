/*
** lua_generate.c — diplomat.generate{ ... }: a synthetic system for
** scale tests (generate.c does the work).
**
** Options are read and checked (and may raise) before anything is
** allocated; the generator makes no Lua calls, and the new system is
** owned by its userdata as soon as it exists.
*/
#include <math.h>
#include <string.h>

#include "binding.h"
#include "generate.h"

static const char *const KEYS[] = {
    "actors",   "orgs",     "sectors",  "degree",   "informal", "issues",
    "coverage", "cohesion", "exponent", "span",     "seed",     "progress",
    "time_budget", NULL};

/* An integer option in lo..hi, or def when absent. */
static lua_Integer optint(lua_State *L, int arg, const char *key,
                          lua_Integer def, lua_Integer lo, lua_Integer hi) {
  lua_Integer v = def;
  int isint;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    v = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || v < lo || v > hi)
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "%s: must be an integer from %I to %I",
                                    key, lo, hi));
  }
  lua_pop(L, 1);
  return v;
}

/* A number option in [lo, hi] (lo excluded when open), or def. */
static double optnum(lua_State *L, int arg, const char *key, double def,
                     double lo, double hi, int open) {
  double v = def;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    v = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || isnan(v) ||
        (open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "%s: must be a number in %s%f, %f]",
                                    key, open ? "(" : "[", lo, hi));
  }
  lua_pop(L, 1);
  return v;
}

/*
** diplomat.generate{ actors, orgs, sectors, degree, informal, issues,
** coverage, cohesion, exponent, span, seed, progress, time_budget }
** -> System, stats
** stats = { formal, informal, target_formal, target_informal }: ties
** made and asked for (small organisations may hold fewer); stopped early
** (progress, time_budget), the system made so far, and stats.incomplete.
*/
static int gen_generate(lua_State *L) {
  dip_generate_opts o;
  dip_generate_stats st;
  dip_handle *h;
  dip_lprogress lp;
  lua_Integer actors = 1000;
  lua_settop(L, 1);
  if (!lua_isnil(L, 1)) {
    luaL_checktype(L, 1, LUA_TTABLE);
    dip_checkoptnames(L, 1, KEYS);
    actors = optint(L, 1, "actors", 1000, 1, 10000000);
  }
  dip_generate_defaults(&o, (int)actors);
  if (!lua_isnil(L, 1)) {
    o.orgs = (int)optint(L, 1, "orgs", o.orgs, 1, actors);
    if (o.sectors > o.orgs) o.sectors = o.orgs;
    o.sectors = (int)optint(L, 1, "sectors", o.sectors, 1, o.orgs);
    o.degree = optnum(L, 1, "degree", o.degree, 0, 1000, 0);
    o.informal = optnum(L, 1, "informal", o.informal, 0, 1, 0);
    o.issues = (int)optint(L, 1, "issues", o.issues, 0, 1000);
    o.coverage = optnum(L, 1, "coverage", o.coverage, 0, 1, 0);
    o.cohesion = optnum(L, 1, "cohesion", o.cohesion, 0, 1, 0);
    o.exponent = optnum(L, 1, "exponent", o.exponent, 2, 100, 1);
    o.span = (int)optint(L, 1, "span", o.span, 1, 1000);
    o.seed = (uint64_t)optint(L, 1, "seed", 1, 0, DIP_MAX_EXACT_INT);
  }
  if (o.actors * o.degree / 2 > 500000000.0)
    luaL_argerror(L, 1,
                  lua_pushfstring(L, "degree: %d actors with mean degree %f "
                                     "would need more than 500000000 ties",
                                  o.actors, o.degree));
  if ((double)o.actors * o.issues * o.coverage > 500000000.0)
    luaL_argerror(L, 1, "issues: more than 500000000 positions");
  dip_readprogress(L, 1, 0, &lp);
  h = dip_newhandle(L);
  h->sys = dip_generate(&o, &st, &lp.p);
  dip_progress_raise(L, &lp); /* the half-made system goes with h */
  if (h->sys == NULL) return luaL_error(L, "not enough memory");
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, st.formal);
  lua_setfield(L, -2, "formal");
  lua_pushinteger(L, st.informal);
  lua_setfield(L, -2, "informal");
  lua_pushinteger(L, st.target_formal);
  lua_setfield(L, -2, "target_formal");
  lua_pushinteger(L, st.target_informal);
  lua_setfield(L, -2, "target_informal");
  dip_progress_mark(L, &lp, -1);
  return 2;
}

const luaL_Reg dip_generate_functions[] = {
    {"generate", gen_generate},
    {NULL, NULL},
};

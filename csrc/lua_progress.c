/*
** lua_progress.c — the Lua side of bounded work (progress.h): options
** `progress` (a function called as progress(done, total); returning false
** stops the run) and `time_budget` (seconds), and the mark a stopped run
** leaves on its result (`incomplete = true`, `stopped = "progress"` or
** `"time_budget"`).
**
** The callback runs under lua_pcall from inside a C algorithm, so a Lua
** error in it never longjmps over C-owned memory: the error is kept in a
** stack slot, the run stops, and the binding raises it once the
** algorithm has returned and freed what it holds.  While the callback
** runs, the system being analysed is marked busy: any method on it
** raises (the algorithm reads the system's arrays and cached views, which
** a change, a close or a new view could free under it).
*/
#include <math.h>

#include "binding.h"

/* The C callback: calls the Lua function at slot lp->fn. */
static int call(void *ud, double done, double total) {
  dip_lprogress *lp = ud;
  lua_State *L = lp->L;
  dip_handle *h = lp->sys ? lua_touserdata(L, lp->sys) : NULL;
  int status, keep;
  if (!lua_checkstack(L, 3)) {
    lp->failed = 1; /* the error slot stays nil: "not enough memory" */
    return 0;
  }
  lua_pushvalue(L, lp->fn);
  if (done == floor(done) && fabs(done) < 9007199254740992.0)
    lua_pushinteger(L, (lua_Integer)done);
  else
    lua_pushnumber(L, done);
  if (total == floor(total) && fabs(total) < 9007199254740992.0)
    lua_pushinteger(L, (lua_Integer)total);
  else
    lua_pushnumber(L, total);
  if (h) h->busy++;
  status = lua_pcall(L, 2, 1, 0);
  if (h) h->busy--;
  if (status != LUA_OK) {
    lua_replace(L, lp->err); /* keep the error for dip_progress_raise */
    lp->failed = 1;
    return 0;
  }
  keep = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
  lua_pop(L, 1);
  return keep;
}

void dip_readprogress(lua_State *L, int opts, int sys, dip_lprogress *lp) {
  double budget = 0;
  int t;
  lp->L = L;
  lp->sys = sys;
  lp->failed = 0;
  luaL_checkstack(L, 8, "progress");
  if (lua_istable(L, opts)) {
    t = lua_getfield(L, opts, "time_budget");
    if (t != LUA_TNIL) {
      if (t != LUA_TNUMBER)
        luaL_argerror(L, opts,
                      lua_pushfstring(L, "time_budget: must be a number of "
                                         "seconds, not %s",
                                      luaL_typename(L, -1)));
      budget = lua_tonumber(L, -1);
      if (!(budget > 0) || isinf(budget))
        luaL_argerror(L, opts,
                      lua_pushfstring(L, "time_budget: must be a positive "
                                         "finite number of seconds, not %s",
                                      DIP_NUM(budget)));
    }
    lua_pop(L, 1);
    t = lua_getfield(L, opts, "progress");
    if (t != LUA_TNIL && t != LUA_TFUNCTION)
      luaL_argerror(L, opts,
                    lua_pushfstring(L, "progress: must be a function, not "
                                       "%s",
                                    luaL_typename(L, -1)));
  } else {
    lua_pushnil(L);
  }
  lp->budget = budget;
  lp->fn = lua_gettop(L);
  lua_pushnil(L); /* the error slot */
  lp->err = lua_gettop(L);
  dip_progress_init(&lp->p, budget);
  if (!lua_isnil(L, lp->fn)) {
    lp->p.fn = call;
    lp->p.ud = lp;
  } else {
    lp->fn = 0;
  }
}

void dip_progress_raise(lua_State *L, const dip_lprogress *lp) {
  if (!lp->failed) return;
  if (lua_isnil(L, lp->err)) luaL_error(L, "not enough memory");
  lua_pushvalue(L, lp->err);
  lua_error(L);
}

void dip_progress_mark(lua_State *L, const dip_lprogress *lp, int t) {
  if (lp->p.stop == DIP_RUNNING) return;
  t = lua_absindex(L, t);
  lua_pushboolean(L, 1);
  lua_setfield(L, t, "incomplete");
  lua_pushstring(L, lp->p.stop == DIP_STOP_TIME ? "time_budget" : "progress");
  lua_setfield(L, t, "stopped");
}

void dip_progress_stopped(lua_State *L, const dip_lprogress *lp,
                          const char *what) {
  dip_progress_raise(L, lp);
  if (lp->p.stop == DIP_STOP_TIME)
    luaL_error(L, "%s stopped at its time budget (%s s): igraph keeps no "
                  "partial result", what, DIP_NUM(lp->budget));
  else if (lp->p.stop != DIP_RUNNING)
    luaL_error(L, "%s stopped by the progress function: igraph keeps no "
                  "partial result", what);
}

/* diplomat.core.clock() -> seconds on the monotonic clock the time
** budgets use (for time budgets kept in Lua, e.g. scenario runs). */
static int pr_clock(lua_State *L) {
  lua_pushnumber(L, dip_clock());
  return 1;
}

const luaL_Reg dip_progress_functions[] = {
    {"clock", pr_clock},
    {NULL, NULL},
};

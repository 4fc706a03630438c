/*
** lua_exchange.c — binding of the exchange model (exchange.c):
**   sys:exchange{ issues = { ids }, rounds = 10, seed = 1,
**                 max_exchanges = 10000, tol = 1e-9 }
**   -> { exchanges = { { actor_i, actor_j, issue_p, issue_q, move_i,
**        move_j, shift_p, shift_q, gain_i, gain_j, round }, ... },
**        positions = { [issue] = { [id] = x } },
**        compromise = { [issue] = { before = x, after = x } },
**        externalities = { [id] = e }, rounds = n, converged = b }
** Every buffer lives in a Lua userdata; the record list exchange.c
** allocates is handed to a box before any call that can raise.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "exchange.h"

/* {====== Options ====== */

typedef struct opts {
  int *issue; /* m issue indices (a userdata) */
  int m;
  int rounds;
  long max_exchanges;
  double tol;
  uint64_t seed;
} opts;

static const char *const KEYS[] = {"issues", "rounds", "seed",
                                   "max_exchanges", "tol", "progress",
                                   "time_budget", NULL};

/* Integer option key in [lo, hi] (def when absent). */
static lua_Integer optint(lua_State *L, int arg, const char *key,
                          lua_Integer def, lua_Integer lo, lua_Integer hi,
                          const char *what) {
  lua_Integer v = def;
  if (lua_getfield(L, arg, key) != LUA_TNIL) {
    int isint;
    v = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || v < lo || v > hi)
      luaL_argerror(L, arg, lua_pushfstring(L, "%s: must be %s", key, what));
  }
  lua_pop(L, 1);
  return v;
}

/* The issues option: every issue of the system when absent. */
static void readissues(lua_State *L, int arg, const dip_system *s,
                       opts *o) {
  int k;
  o->issue = lua_newuserdatauv(L, sizeof(int) * ((size_t)s->nissues + 1), 0);
  if (lua_isnil(L, arg) || lua_getfield(L, arg, "issues") == LUA_TNIL) {
    if (!lua_isnil(L, arg)) lua_pop(L, 1);
    for (k = 0; k < s->nissues; k++) o->issue[k] = k;
    o->m = s->nissues;
    return;
  }
  if (!lua_istable(L, -1))
    luaL_argerror(L, arg, "issues: must be an array of issue ids");
  o->m = (int)lua_rawlen(L, -1);
  if (o->m == 0) luaL_argerror(L, arg, "issues: the list is empty");
  if (o->m > s->nissues) o->m = s->nissues + 1; /* a duplicate, found below */
  for (k = 0; k < o->m; k++) {
    int id, t;
    if (lua_rawgeti(L, -1, k + 1) != LUA_TSTRING)
      luaL_argerror(L, arg, "issues: must be an array of issue ids");
    id = dip_find_issue(s, lua_tostring(L, -1));
    if (id < 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "issues: unknown issue '%s'",
                                            lua_tostring(L, -1)));
    for (t = 0; t < k; t++)
      if (o->issue[t] == id)
        luaL_argerror(L, arg,
                      lua_pushfstring(L, "issues: '%s' is listed twice",
                                      lua_tostring(L, -1)));
    o->issue[k] = id;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Reads the options at arg (nil or a table); pushes one userdata. */
static void readopts(lua_State *L, int arg, const dip_system *s, opts *o) {
  o->rounds = 10;
  o->max_exchanges = 10000;
  o->tol = 1e-9;
  o->seed = 1;
  if (!lua_isnil(L, arg)) {
    luaL_checktype(L, arg, LUA_TTABLE);
    dip_checkoptnames(L, arg, KEYS);
    o->rounds = (int)optint(L, arg, "rounds", 10, 1, 1000000,
                            "an integer from 1 to 1000000");
    o->max_exchanges = (long)optint(L, arg, "max_exchanges", 10000, 0,
                                    100000000,
                                    "an integer from 0 to 100000000");
    o->seed = (uint64_t)optint(L, arg, "seed", 1, 0, LUA_MAXINTEGER,
                               "an integer >= 0");
    if (lua_getfield(L, arg, "tol") != LUA_TNIL) {
      o->tol = lua_tonumber(L, -1);
      if (lua_type(L, -1) != LUA_TNUMBER || !(o->tol >= 0) ||
          !isfinite(o->tol))
        luaL_argerror(L, arg, "tol: must be a finite number >= 0");
    }
    lua_pop(L, 1);
  }
  readissues(L, arg, s, o);
}

/* }====== */

/* {====== Results ====== */

static void setnum(lua_State *L, const char *key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

static void setstr(lua_State *L, const char *key, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

static void pushrecords(lua_State *L, const dip_system *s, const opts *o,
                        const dip_exchange_out *r) {
  long k;
  lua_createtable(L, (int)r->nrecs, 0);
  for (k = 0; k < r->nrecs; k++) {
    const dip_exchange_rec *e = &r->recs[k];
    lua_createtable(L, 0, 11);
    setstr(L, "actor_i", s->actors[e->i].id);
    setstr(L, "actor_j", s->actors[e->j].id);
    setstr(L, "issue_p", s->issues[o->issue[e->p]].id);
    setstr(L, "issue_q", s->issues[o->issue[e->q]].id);
    setnum(L, "move_i", e->move_i);
    setnum(L, "move_j", e->move_j);
    setnum(L, "shift_p", e->shift_p);
    setnum(L, "shift_q", e->shift_q);
    setnum(L, "gain_i", e->gain_i);
    setnum(L, "gain_j", e->gain_j);
    lua_pushinteger(L, e->round);
    lua_setfield(L, -2, "round");
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
}

static void pushresult(lua_State *L, const dip_system *s, const opts *o,
                       const dip_exchange_out *r, const unsigned char *in) {
  int n = s->nactors, k, a;
  lua_createtable(L, 0, 6);
  pushrecords(L, s, o, r);
  lua_setfield(L, -2, "exchanges");
  lua_createtable(L, 0, o->m); /* positions */
  for (k = 0; k < o->m; k++) {
    lua_newtable(L);
    for (a = 0; a < n; a++) {
      double x = r->x[(size_t)k * n + a];
      if (isnan(x)) continue;
      setnum(L, s->actors[a].id, x);
    }
    lua_setfield(L, -2, s->issues[o->issue[k]].id);
  }
  lua_setfield(L, -2, "positions");
  lua_createtable(L, 0, o->m); /* compromise */
  for (k = 0; k < o->m; k++) {
    if (isnan(r->before[k])) continue;
    lua_createtable(L, 0, 2);
    setnum(L, "before", r->before[k]);
    setnum(L, "after", r->after[k]);
    lua_setfield(L, -2, s->issues[o->issue[k]].id);
  }
  lua_setfield(L, -2, "compromise");
  lua_newtable(L); /* externalities */
  for (a = 0; a < n; a++)
    if (in[a]) setnum(L, s->actors[a].id, r->externality[a]);
  lua_setfield(L, -2, "externalities");
  lua_pushinteger(L, r->rounds);
  lua_setfield(L, -2, "rounds");
  lua_pushboolean(L, r->converged);
  lua_setfield(L, -2, "converged");
}

/* }====== */

static void *buffer(lua_State *L, size_t count, size_t size) {
  return lua_newuserdatauv(L, (count + 1) * size, 0);
}

/*
** exchange{ issues, rounds, seed, max_exchanges, tol }: see the top of
** the file.  Actors without a position on an issue are left out of it.
*/
static int neg_exchange(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_exchange_in in;
  dip_exchange_out out;
  dip_boxed *box;
  opts o;
  const char **aid, **iid;
  double *cap, *x, *sal, *lo, *range;
  unsigned char *held;
  dip_lprogress lp;
  int n = s->nactors, k, a, e;
  size_t nm;
  lua_settop(L, 2); /* the options are at 2, even when absent */
  readopts(L, 2, s, &o);
  dip_readprogress(L, 2, 1, &lp);
  nm = (size_t)n * (size_t)o.m;
  aid = buffer(L, (size_t)n, sizeof *aid);
  iid = buffer(L, (size_t)o.m, sizeof *iid);
  cap = buffer(L, (size_t)n, sizeof *cap);
  x = buffer(L, nm, sizeof *x);
  sal = buffer(L, nm, sizeof *sal);
  lo = buffer(L, (size_t)o.m, sizeof *lo);
  range = buffer(L, (size_t)o.m, sizeof *range);
  held = buffer(L, (size_t)n, 1);
  out.x = buffer(L, nm, sizeof(double));
  out.before = buffer(L, (size_t)o.m, sizeof(double));
  out.after = buffer(L, (size_t)o.m, sizeof(double));
  out.externality = buffer(L, (size_t)n, sizeof(double));
  memset(held, 0, (size_t)n);
  for (a = 0; a < n; a++) {
    aid[a] = s->actors[a].id;
    cap[a] = s->actors[a].capability;
  }
  for (k = 0; k < o.m; k++) {
    const dip_issue *is = &s->issues[o.issue[k]];
    iid[k] = is->id;
    lo[k] = is->min;
    range[k] = is->max - is->min;
    for (a = 0; a < n; a++) x[(size_t)k * n + a] = NAN;
  }
  for (e = 0; e < s->npositions; e++) {
    const dip_position *p = &s->positions[e];
    for (k = 0; k < o.m; k++)
      if (o.issue[k] == p->issue) {
        x[(size_t)k * n + p->actor] = p->position;
        sal[(size_t)k * n + p->actor] = p->salience;
        held[p->actor] = 1;
      }
  }
  in.n = n, in.m = o.m;
  in.actor_id = aid, in.issue_id = iid;
  in.cap = cap, in.x = x, in.s = sal, in.lo = lo, in.range = range;
  in.rounds = o.rounds;
  in.max_exchanges = o.max_exchanges;
  in.tol = o.tol;
  in.seed = o.seed;
  in.pr = &lp.p;
  box = dip_box(L, free);
  e = dip_exchange(&in, &out);
  if (e == DIP_EXCHANGE_TOOBIG)
    return luaL_error(L, "exchange: more than %d possible exchanges in one "
                         "round (%d actors on %d issues); choose fewer "
                         "issues (option issues) or fewer actors",
                      (int)DIP_EXCHANGE_MAX_CANDIDATES, n, o.m);
  if (e != 0) return luaL_error(L, "not enough memory");
  box->ptr = out.recs; /* owned by the box from here */
  dip_progress_raise(L, &lp);
  pushresult(L, s, &o, &out, held);
  dip_progress_mark(L, &lp, -1);
  return 1;
}

const luaL_Reg dip_exchange_methods[] = {
    {"exchange", neg_exchange},
    {NULL, NULL},
};

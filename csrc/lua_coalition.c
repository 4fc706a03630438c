/*
** lua_coalition.c — bindings of the coalition searches (coalition.c):
**
**   sys:minimal_winning{ quota | share, weight, resolution, connected,
**       issue, max_distance, require, exclude, limit, order, each,
**       max_nodes, time_budget, progress }
**     -> { coalitions, quota, total, stats [, incomplete, stopped] }
**   sys:coalitions{ issue, target, tolerance, quota | share, weight,
**       resolution, connected, require, exclude, top, cost, max_nodes,
**       time_budget, progress }
**     -> { coalitions, costs, quota, total, stats [, incomplete, stopped] }
**
** The game is read as sys:power reads it (lua_game.c): weights
** "capability", "attrs.<name>" or a table by id, made whole numbers of a
** unit (`resolution`), and a quota (absolute) or a share (more than that
** share of the total weight wins).
**
** Lua functions (cost, each) never run while C owns memory: costs are
** asked for before the search starts, and each runs under lua_pcall from
** inside the enumeration, its error re-raised once the search has freed
** everything.  The search copies the network when it starts, and the
** coalitions handed to each carry ids copied beforehand, so each may
** change or close the system.  progress (lua_progress.c) is called
** every DIP_COAL_CHECK search nodes with the nodes of max_nodes, under
** lua_pcall too; while it runs the system is busy.  A search stopped by
** the time budget or the progress is marked incomplete (stopped =
** "time_budget" or "progress"); one stopped by max_nodes only has
** stats.complete (stats.exact) false.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "lua_game.h"
#include "lua_network.h"

#define ARG 2 /* the options table */

/* More actors than this and the depth-first searches recurse too deep. */
#define MAX_ACTORS 10000
#define MW_MAX_NODES 10000000
#define MW_LIMIT 100
#define MW_TIME 10.0
#define CO_MAX_NODES 5000000
#define CO_TIME 10.0
#define CO_TOP 5

#define bad(L, ...) luaL_argerror(L, ARG, lua_pushfstring(L, __VA_ARGS__))

/* {====== Options ====== */

static void checkkeys(lua_State *L, const char *const *allowed) {
  int k;
  if (lua_isnil(L, ARG)) return;
  luaL_checktype(L, ARG, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, ARG)) {
    const char *name;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, ARG, "option names must be strings");
    name = lua_tostring(L, -2);
    for (k = 0; allowed[k]; k++) /* the first letter spares most strcmp */
      if (allowed[k][0] == name[0] && strcmp(name, allowed[k]) == 0) break;
    if (allowed[k] == NULL)
      bad(L, "unknown option '%s'", lua_tostring(L, -2));
    lua_pop(L, 1);
  }
}

/* Pushes option key (nil when absent) and returns its type. */
static int getoption(lua_State *L, const char *key) {
  if (lua_isnil(L, ARG)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, ARG, key);
}

static int has(lua_State *L, const char *key) {
  int t = getoption(L, key);
  lua_pop(L, 1);
  return t != LUA_TNIL;
}

/* A finite number option, or def when absent; *given tells which. */
static double optnum(lua_State *L, const char *key, double def,
                     int *given) {
  double v = def;
  *given = 0;
  if (getoption(L, key) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TNUMBER)
      bad(L, "%s: must be a number, not %s", key, luaL_typename(L, -1));
    v = lua_tonumber(L, -1);
    if (!isfinite(v))
      bad(L, "%s: must be a finite number, not %s", key,
          isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
    *given = 1;
  }
  lua_pop(L, 1);
  return v;
}

static lua_Integer optint(lua_State *L, const char *key, lua_Integer def,
                          lua_Integer lo, lua_Integer hi) {
  lua_Integer v = def;
  if (getoption(L, key) != LUA_TNIL) {
    int isnum;
    if (lua_type(L, -1) != LUA_TNUMBER)
      bad(L, "%s: must be an integer, not %s", key, luaL_typename(L, -1));
    v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
      bad(L, "%s: must be an integer, not %s", key,
          DIP_NUM(lua_tonumber(L, -1)));
    if (v < lo || v > hi)
      bad(L, "%s: must be between %I and %I, not %I", key, lo, hi, v);
  }
  lua_pop(L, 1);
  return v;
}

/* Option time_budget: seconds > 0, or def. */
static double opttime(lua_State *L, double def) {
  int given;
  double t = optnum(L, "time_budget", def, &given);
  if (given && !(t > 0))
    bad(L, "time_budget: must be positive (seconds), not %s", DIP_NUM(t));
  return t;
}

/* }====== */

/* {====== The game ====== */

/* The game (lua_game.c) and what the searches add: per actor its
** position and salience (NaN: none), cost, and whether it may join or
** must. */
typedef struct game {
  int n;
  dip_wvote v;
  double *x, *sal, *cost;
  unsigned char *join, *req;
} game;

/* Pushes one userdata holding every array, then reads the game. */
static void readgame(lua_State *L, const dip_system *s, game *G) {
  size_t n = (size_t)s->nactors + 1;
  char *p = lua_newuserdatauv(L, n * (4 * sizeof(double) +
                                      sizeof(int64_t) + 2), 0);
  G->n = s->nactors;
  G->v.raw = (double *)p;
  G->x = G->v.raw + n;
  G->sal = G->x + n;
  G->cost = G->sal + n;
  G->v.units = (int64_t *)(G->cost + n);
  G->join = (unsigned char *)(G->v.units + n);
  G->req = G->join + n;
  memset(G->join, 1, n);
  memset(G->req, 0, n);
  dip_readvote(L, ARG, s, &G->v);
}

/* }====== */

/* {====== Conditions on the members ====== */

/* Option issue (required: needed names who asks); -1 when absent.  Fills
** G->x and G->sal (NaN for actors without a position). */
static int readissue(lua_State *L, const dip_system *s, game *G,
                     const char *needed) {
  int is = -1, i;
  for (i = 0; i < s->nactors; i++) G->x[i] = G->sal[i] = NAN;
  if (getoption(L, "issue") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING)
      bad(L, "issue: must be an issue id, not %s", luaL_typename(L, -1));
    is = dip_find_issue(s, lua_tostring(L, -1));
    if (is < 0) bad(L, "issue: unknown issue '%s'", lua_tostring(L, -1));
  } else if (needed)
    bad(L, "issue: missing (%s)", needed);
  lua_pop(L, 1);
  for (i = 0; is >= 0 && i < s->npositions; i++) {
    const dip_position *p = &s->positions[i];
    if (p->issue != is) continue;
    G->x[p->actor] = p->position;
    G->sal[p->actor] = p->salience;
  }
  return is;
}

/* Options require and exclude: arrays of actor ids. */
static void readlist(lua_State *L, const dip_system *s, const char *key,
                     unsigned char *flag, unsigned char *mark) {
  lua_Integer i, n;
  if (getoption(L, key) == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1))
    bad(L, "%s: must be an array of actor ids, not %s", key,
        luaL_typename(L, -1));
  n = (lua_Integer)lua_rawlen(L, -1);
  for (i = 1; i <= n; i++) {
    int a;
    if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
      bad(L, "%s: must be an array of actor ids (item %I is %s)", key, i,
          luaL_typename(L, -1));
    a = dip_find_actor(s, lua_tostring(L, -1));
    if (a < 0) bad(L, "%s: unknown actor '%s'", key, lua_tostring(L, -1));
    if (mark[a] & 1) bad(L, "%s: '%s' is listed twice", key, s->actors[a].id);
    if (mark[a] & 2)
      bad(L, "exclude: '%s' is also required", s->actors[a].id);
    mark[a] |= 1;
    flag[a] = 1;
    lua_pop(L, 1);
  }
  for (i = 0; i < s->nactors; i++) mark[i] = (unsigned char)(mark[i] ? 2 : 0);
  lua_pop(L, 1);
}

/* Every required actor holds a position on the issue (x: NaN if not). */
static void checkrequired(lua_State *L, const dip_system *s, const game *G,
                          int issue) {
  int i;
  for (i = 0; i < s->nactors; i++)
    if (G->req[i] && isnan(G->x[i]))
      bad(L, "require: '%s' has no position on '%s'", s->actors[i].id,
          s->issues[issue].id);
}

/* require into G->req, exclude out of G->join. */
static void readmembers(lua_State *L, const dip_system *s, game *G) {
  unsigned char *mark = lua_newuserdatauv(L, (size_t)s->nactors + 1, 0);
  unsigned char *out = lua_newuserdatauv(L, (size_t)s->nactors + 1, 0);
  int i;
  memset(mark, 0, (size_t)s->nactors + 1);
  memset(out, 0, (size_t)s->nactors + 1);
  readlist(L, s, "require", G->req, mark);
  readlist(L, s, "exclude", out, mark);
  for (i = 0; i < s->nactors; i++)
    if (out[i]) G->join[i] = 0;
  lua_pop(L, 2);
}

/*
** Option connected: true (every layer) or { layers, informal, combine }.
** Pushes the selection's userdata (or nil) and returns 1 when given.
*/
static int readconnected(lua_State *L, const dip_system *s,
                         dip_netsel *sel) {
  static const char *const NONE[] = {NULL};
  int t, tp = getoption(L, "connected");
  t = lua_gettop(L);
  if (tp == LUA_TNIL || (tp == LUA_TBOOLEAN && !lua_toboolean(L, t))) {
    lua_pop(L, 1);
    lua_pushnil(L);
    return 0;
  }
  if (tp == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, t)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2)
                                                     : NULL;
      if (k == NULL || (strcmp(k, "layers") && strcmp(k, "informal") &&
                        strcmp(k, "combine")))
        bad(L, "connected: unknown option '%s' (use layers, informal, "
               "combine)", k ? k : luaL_typename(L, -2));
      lua_pop(L, 1);
    }
    /* read the selection as if it were the options: messages name #1 */
    lua_pushvalue(L, ARG);
    lua_copy(L, t, ARG);
    dip_readselection(L, ARG, s, NONE, sel);
    lua_copy(L, -2, ARG); /* put the options back */
    lua_replace(L, t);    /* the selection's flags replace the table */
    lua_settop(L, t);
    return 1;
  }
  if (tp != LUA_TBOOLEAN)
    bad(L, "connected: must be true or a table { layers = ..., informal = "
           "..., combine = ... }, not %s", luaL_typename(L, t));
  lua_pop(L, 1);
  lua_pushnil(L);
  dip_readselection(L, lua_gettop(L), s, NONE, sel);
  lua_replace(L, -2);
  return 1;
}

/* }====== */

/* {====== Results ====== */

typedef struct out_box {
  dip_coal_out out;
} out_box;

static void free_out(void *p) {
  dip_coal_out_free(&((out_box *)p)->out);
  free(p);
}

/* The graph for "connected", or NULL; pushes one value either way (the
** igraph lock's guard, or nil) so that later absolute indices hold. */
static const igraph_t *conngraph(lua_State *L, dip_system *s, int conn,
                                 const dip_netsel *sel) {
  if (!conn) {
    lua_pushnil(L);
    return NULL;
  }
  return &dip_getundirected(L, s, sel)->graph;
}

/* A box owning a dip_coal_out, pushed. */
static dip_coal_out *newout(lua_State *L) {
  dip_boxed *box = dip_box(L, free_out);
  out_box *o = calloc(1, sizeof *o);
  if (o == NULL) luaL_error(L, "not enough memory");
  box->ptr = o;
  return &o->out;
}

/* Pushes an array of the ids of the members flagged (all when flag is
** NULL).  ids: the stack index of the array of actor ids. */
static void pushids(lua_State *L, int ids, const dip_coalition *c,
                    const unsigned char *flag) {
  int i, k = 0, count = c->size;
  if (flag) /* sized exactly: often none is flagged (brokers) */
    for (i = count = 0; i < c->size; i++) count += flag[i] != 0;
  lua_createtable(L, count, 0);
  for (i = 0; i < c->size; i++) {
    if (flag && !flag[i]) continue;
    lua_rawgeti(L, ids, c->members[i] + 1);
    lua_rawseti(L, -2, ++k);
  }
}

static void setnum(lua_State *L, const char *key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

/* { members, weight, size, [range], [cost], pivotal, brokers } */
static void pushcoalition(lua_State *L, int ids, const game *G,
                          const dip_coalition *c, int hasrange,
                          int hascost) {
  double weight = 0;
  int i;
  lua_createtable(L, 0, 7);
  pushids(L, ids, c, NULL);
  lua_setfield(L, -2, "members");
  for (i = 0; i < c->size; i++) weight += G->v.raw[c->members[i]];
  setnum(L, "weight", weight);
  lua_pushinteger(L, c->size);
  lua_setfield(L, -2, "size");
  if (hasrange) setnum(L, "range", c->range);
  if (hascost) setnum(L, "cost", c->cost);
  pushids(L, ids, c, c->pivotal);
  lua_setfield(L, -2, "pivotal");
  pushids(L, ids, c, c->broker);
  lua_setfield(L, -2, "brokers");
}

/* Pushes an array of every actor's id (it outlives changes to s). */
static int pushallids(lua_State *L, const dip_system *s) {
  int i;
  lua_createtable(L, s->nactors, 0);
  for (i = 0; i < s->nactors; i++) {
    lua_pushstring(L, s->actors[i].id);
    lua_rawseti(L, -2, i + 1);
  }
  return lua_gettop(L);
}

/* The fields every result has: quota, total, resolution, coalitions. */
static void pushresult(lua_State *L, int ids, const game *G,
                       const dip_coal_out *o, int hasrange, int hascost) {
  int i;
  lua_createtable(L, 0, 8);
  lua_createtable(L, o->count, 0);
  for (i = 0; i < o->count; i++) {
    pushcoalition(L, ids, G, &o->best[i], hasrange, hascost);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "coalitions");
  setnum(L, "quota", (double)G->v.quota * G->v.unit);
  setnum(L, "total", (double)G->v.total * G->v.unit);
  setnum(L, "resolution", G->v.unit);
}

/* }====== */

/* {====== Streaming to each ====== */

typedef struct emitctx {
  lua_State *L;
  int fn, ids, errslot; /* stack slots */
  const game *G;
  int hasrange;
  int failed;           /* 1: each raised (error at errslot); 2: no stack */
} emitctx;

/* Under lua_pcall: 1 each, 2 ids, 3 ctx, 4 coalition. */
static int emitcall(lua_State *L) {
  const emitctx *ctx = lua_touserdata(L, 3);
  const dip_coalition *c = lua_touserdata(L, 4);
  lua_pushvalue(L, 1);
  pushcoalition(L, 2, ctx->G, c, ctx->hasrange, 0);
  lua_call(L, 1, 1);
  return 1;
}

static int emit(void *ud, const dip_coalition *c) {
  emitctx *ctx = ud;
  lua_State *L = ctx->L;
  int go;
  if (!lua_checkstack(L, 8)) {
    ctx->failed = 2;
    return 0;
  }
  lua_pushcfunction(L, emitcall);
  lua_pushvalue(L, ctx->fn);
  lua_pushvalue(L, ctx->ids);
  lua_pushlightuserdata(L, ctx);
  lua_pushlightuserdata(L, (void *)c);
  if (lua_pcall(L, 4, 1, 0) != LUA_OK) {
    lua_replace(L, ctx->errslot);
    ctx->failed = 1;
    return 0;
  }
  go = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
  lua_pop(L, 1);
  return go;
}

/* }====== */

static void checksize(lua_State *L, const dip_system *s) {
  if (s->nactors > MAX_ACTORS)
    bad(L, "the coalition searches take at most %d actors (this system "
           "has %d)", MAX_ACTORS, s->nactors);
}

/* {====== minimal_winning ====== */

static const char *const MW_OPTIONS[] = {
    "quota",   "share",   "weight", "resolution", "connected",
    "issue",   "max_distance", "require", "exclude", "limit",
    "order",   "each",    "max_nodes", "time_budget", "progress", NULL};

static const char *const ORDERS[] = {"size", "weight", "range", NULL};

/*
** minimal_winning{...}.  Stack: 1 system, 2 options, 3 game, 4 the
** connected selection (or nil), 5 each (or nil), 6 ids, 7 error slot,
** 8 and 9 the progress and its error, 10 the igraph guard (or nil),
** 11 the result box.
*/
static int co_minimal_winning(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  game G;
  dip_coal_in in;
  dip_coal_out *o;
  dip_netsel sel;
  emitctx ctx;
  dip_lprogress lp;
  int conn, issue, given, order = DIP_COAL_BY_SIZE, e;
  double d, budget;
  lua_settop(L, ARG);
  checkkeys(L, MW_OPTIONS);
  checksize(L, s);
  readgame(L, s, &G); /* 3 */
  issue = readissue(L, s, &G, NULL);
  d = optnum(L, "max_distance", -1, &given);
  if (given && issue < 0)
    bad(L, "max_distance: needs an issue (whose positions it bounds)");
  if (given && !(d >= 0))
    bad(L, "max_distance: must be >= 0, not %s", DIP_NUM(d));
  if (getoption(L, "order") != LUA_TNIL) {
    const char *v;
    if (lua_type(L, -1) != LUA_TSTRING)
      bad(L, "order: must be \"size\", \"weight\" or \"range\", not %s",
          luaL_typename(L, -1));
    v = lua_tostring(L, -1);
    for (order = 0; ORDERS[order]; order++)
      if (strcmp(v, ORDERS[order]) == 0) break;
    if (ORDERS[order] == NULL)
      bad(L, "order: must be \"size\", \"weight\" or \"range\", not '%s'",
          v);
    if (order == DIP_COAL_BY_RANGE && issue < 0)
      bad(L, "order: \"range\" needs an issue");
  }
  lua_pop(L, 1);
  in.limit = (int)optint(L, "limit", MW_LIMIT, 1, 1000000);
  in.max_nodes = (long long)optint(L, "max_nodes", MW_MAX_NODES, 1,
                                   (lua_Integer)1 << 53);
  budget = opttime(L, MW_TIME);
  readmembers(L, s, &G);
  if (issue >= 0) {
    int i;
    checkrequired(L, s, &G, issue);
    for (i = 0; i < s->nactors; i++)
      if (isnan(G.x[i])) G.join[i] = 0;
  }
  conn = readconnected(L, s, &sel); /* 4 */
  if (getoption(L, "each") != LUA_TNIL) { /* 5 */
    if (lua_type(L, -1) != LUA_TFUNCTION)
      bad(L, "each: must be a function, not %s", luaL_typename(L, -1));
    if (has(L, "limit"))
      bad(L, "limit: not with each (each is given every coalition)");
    if (has(L, "order"))
      bad(L, "order: not with each (coalitions come in the order found)");
  }
  pushallids(L, s); /* 6 */
  lua_pushnil(L);   /* 7: an error raised by each */
  dip_readprogress(L, ARG, 1, &lp); /* 8, 9 */
  in.n = s->nactors;
  in.w = G.v.units;
  in.quota = G.v.quota;
  in.can_join = G.join;
  in.required = G.req;
  in.cost = NULL;
  in.x = issue >= 0 ? G.x : NULL;
  in.max_range = d;
  in.order = (dip_coal_order)order;
  in.graph = conngraph(L, s, conn, &sel); /* 10 */
  in.each = NULL;
  in.ud = NULL;
  in.progress = &lp.p;
  if (!lua_isnil(L, 5)) {
    ctx.L = L;
    ctx.fn = 5;
    ctx.ids = 6;
    ctx.errslot = 7;
    ctx.G = &G;
    ctx.hasrange = issue >= 0;
    ctx.failed = 0;
    in.each = emit;
    in.ud = &ctx;
  }
  o = newout(L); /* 11 */
  lp.p.deadline = dip_clock() + budget; /* the search alone counts */
  e = dip_minimal_winning(&in, o);
  if ((in.each && ctx.failed) || lp.failed) {
    dip_box_release(lua_touserdata(L, 11));
    dip_progress_raise(L, &lp);
    if (ctx.failed == 2) return luaL_error(L, "stack overflow (each)");
    lua_pushvalue(L, 7);
    return lua_error(L);
  }
  if (e != DIP_COAL_OK) return luaL_error(L, "not enough memory");
  pushresult(L, 6, &G, o, issue >= 0, 0);
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, o->nodes);
  lua_setfield(L, -2, "nodes");
  setnum(L, "seconds", o->seconds);
  lua_pushboolean(L, o->complete);
  lua_setfield(L, -2, "complete");
  lua_pushinteger(L, o->found);
  lua_setfield(L, -2, "found");
  lua_pushboolean(L, o->stopped);
  lua_setfield(L, -2, "stopped");
  lua_setfield(L, -2, "stats");
  if (!o->complete && !o->stopped) dip_progress_mark(L, &lp, -1);
  return 1;
}

/* }====== */

/* {====== coalitions ====== */

static const char *const CO_OPTIONS[] = {
    "issue",   "target",  "tolerance", "quota",     "share",
    "weight",  "resolution", "connected", "require", "exclude",
    "top",     "cost",    "max_nodes", "time_budget", "progress", NULL};

/* Pushes sys:actor(id) with the position, salience and distance. */
static void pushactor(lua_State *L, int i, const game *G, double target) {
  luaL_getmetafield(L, 1, "__index");
  lua_getfield(L, -1, "actor");
  lua_remove(L, -2);
  lua_pushvalue(L, 1);
  lua_rawgeti(L, 6, i + 1);
  lua_call(L, 2, 1);
  setnum(L, "position", G->x[i]);
  setnum(L, "salience", G->sal[i]);
  setnum(L, "distance", fabs(G->x[i] - target));
}

/*
** Each actor's cost of joining: s (|x - target| - tolerance)+, or what
** the function cost (at stack slot fn, or 0) returns: a number >= 0,
** nil (the default), false or math.huge (cannot join).
*/
static void readcosts(lua_State *L, dip_system *s, game *G, int fn,
                      double target, double tol) {
  unsigned long gen = s->generation;
  int i;
  for (i = 0; i < G->n; i++) {
    double dflt;
    const char *id;
    if (isnan(G->x[i])) G->join[i] = 0;
    if (!G->join[i]) continue;
    dflt = G->sal[i] * fmax(0, fabs(G->x[i] - target) - tol);
    G->cost[i] = dflt;
    if (fn == 0) continue;
    lua_rawgeti(L, 6, i + 1);
    id = lua_tostring(L, -1); /* anchored in the ids array */
    lua_pop(L, 1);
    lua_pushvalue(L, fn);
    pushactor(L, i, G, target);
    lua_pushnumber(L, dflt);
    lua_call(L, 2, 1);
    if (lua_type(L, -1) == LUA_TNUMBER) {
      double c = lua_tonumber(L, -1);
      if (c == HUGE_VAL)
        G->join[i] = 0;
      else if (!(c >= 0) || isinf(c))
        bad(L, "cost: returned %s for actor '%s' (a cost must be a number "
               ">= 0, nil for the default, or false when it cannot join)",
            isnan(c) ? "NaN" : DIP_NUM(c), id);
      else
        G->cost[i] = c;
    } else if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
      G->join[i] = 0;
    else if (!lua_isnil(L, -1))
      bad(L, "cost: returned %s for actor '%s' (a cost must be a number "
             ">= 0, nil for the default, or false when it cannot join)",
          luaL_typename(L, -1), id);
    lua_pop(L, 1);
    if (dip_checksystem(L, 1)->generation != gen)
      bad(L, "cost: the function changed the system");
  }
}

/*
** coalitions{...}.  Stack: 1 system, 2 options, 3 game, 4 the connected
** selection (or nil), 5 cost (or nil), 6 ids, 7 and 8 the progress and
** its error, 9 the igraph guard (or nil), 10 the result box.
*/
static int co_coalitions(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  game G;
  dip_coal_in in;
  dip_coal_out *o;
  dip_netsel sel;
  const dip_issue *is;
  dip_lprogress lp;
  int conn, issue, given, e, i;
  double target, tol, budget;
  lua_settop(L, ARG);
  checkkeys(L, CO_OPTIONS);
  checksize(L, s);
  readgame(L, s, &G); /* 3 */
  issue = readissue(L, s, &G, "the issue the proposal is on");
  is = &s->issues[issue];
  target = optnum(L, "target", 0, &given);
  if (!given) bad(L, "target: missing (the position of the proposal)");
  if (target < is->min || target > is->max)
    bad(L, "target: must be on the issue's scale %s..%s, not %s",
        DIP_NUM(is->min), DIP_NUM(is->max), DIP_NUM(target));
  tol = optnum(L, "tolerance", 0, &given);
  if (!(tol >= 0)) bad(L, "tolerance: must be >= 0, not %s", DIP_NUM(tol));
  in.limit = (int)optint(L, "top", CO_TOP, 1, 1000);
  in.max_nodes = (long long)optint(L, "max_nodes", CO_MAX_NODES, 1,
                                   (lua_Integer)1 << 53);
  budget = opttime(L, CO_TIME);
  readmembers(L, s, &G);
  checkrequired(L, s, &G, issue);
  conn = readconnected(L, s, &sel); /* 4 */
  if (getoption(L, "cost") != LUA_TNIL && /* 5 */
      lua_type(L, -1) != LUA_TFUNCTION)
    bad(L, "cost: must be a function, not %s", luaL_typename(L, -1));
  pushallids(L, s); /* 6 */
  readcosts(L, s, &G, lua_isnil(L, 5) ? 0 : 5, target, tol);
  dip_readprogress(L, ARG, 1, &lp); /* 7, 8 */
  in.n = s->nactors;
  in.w = G.v.units;
  in.quota = G.v.quota;
  in.can_join = G.join;
  in.required = G.req;
  in.cost = G.cost;
  in.x = G.x;
  in.max_range = -1;
  in.order = DIP_COAL_BY_COST;
  in.graph = conngraph(L, s, conn, &sel); /* 9 */
  in.each = NULL;
  in.ud = NULL;
  in.progress = &lp.p;
  o = newout(L); /* 10 */
  lp.p.deadline = dip_clock() + budget; /* the search alone counts */
  e = dip_coal_search(&in, o);
  if (lp.failed) {
    dip_box_release(lua_touserdata(L, 10));
    dip_progress_raise(L, &lp);
  }
  if (e != DIP_COAL_OK) return luaL_error(L, "not enough memory");
  pushresult(L, 6, &G, o, 0, 1);
  lua_createtable(L, 0, G.n);
  for (i = 0; i < G.n; i++)
    if (G.join[i]) { /* the id from the array: no C string to intern */
      lua_rawgeti(L, 6, i + 1);
      lua_pushnumber(L, G.cost[i]);
      lua_rawset(L, -3);
    }
  lua_setfield(L, -2, "costs");
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, o->nodes);
  lua_setfield(L, -2, "nodes");
  setnum(L, "seconds", o->seconds);
  lua_pushboolean(L, o->complete);
  lua_setfield(L, -2, "exact");
  if (o->count > 0 || !o->complete) {
    if (isfinite(o->lower_bound)) setnum(L, "lower_bound", o->lower_bound);
    if (o->count > 0 && isfinite(o->lower_bound))
      setnum(L, "gap", o->best[0].cost - o->lower_bound);
  }
  lua_setfield(L, -2, "stats");
  if (!o->complete) dip_progress_mark(L, &lp, -1);
  return 1;
}

/* }====== */

const luaL_Reg dip_coalition_methods[] = {
    {"minimal_winning", co_minimal_winning},
    {"coalitions", co_coalitions},
    {NULL, NULL},
};

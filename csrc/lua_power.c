/*
** lua_power.c — binding of the power indices (power.h):
**
**   sys:power{ index, weight, quota | share, resolution, method, samples,
**              seed, counts, connected } -> { [actor id] = value }, info
**
** Every actor is a player.  Weights (capability, an attribute, or a
** table by id) become whole numbers of a unit (`resolution`), the quota
** a whole number of units; info reports both, so the game that was
** solved is always on record.  All options are read, and may raise,
** before anything is allocated; the algorithms free their own memory
** before they return, and the exact counts live in a box until pushed.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "lua_game.h"
#include "lua_network.h"
#include "power.h"

#define ARG 2 /* the options table */

/* Exact counts are computed by default when they cost at most this many
** limb operations (about half a second). */
#define COUNT_BUDGET 1e9
#define DEFAULT_SAMPLES 10000

static const char *const OPTIONS[] = {
    "index", "weight", "quota", "share", "resolution", "method", "samples",
    "seed", "counts", "connected", "progress", "time_budget", NULL};

/* In the order of dip_power_index. */
static const char *const INDICES[] = {
    "shapley",       "banzhaf", "banzhaf_abs",     "johnston",
    "deegan_packel", "holler",  "coleman_prevent", "coleman_initiate",
    NULL};

enum { EXACT, MONTECARLO, AUTO };
static const char *const METHODS[] = {"exact", "montecarlo", "auto", NULL};

#define bad(L, ...) luaL_argerror(L, ARG, lua_pushfstring(L, __VA_ARGS__))

/* {====== Options ====== */

static void checkkeys(lua_State *L) {
  if (lua_isnil(L, ARG)) return;
  luaL_checktype(L, ARG, LUA_TTABLE);
  dip_checkoptnames(L, ARG, OPTIONS);
}

/* Pushes option key (nil when absent) and returns its type. */
static int getoption(lua_State *L, const char *key) {
  if (lua_isnil(L, ARG)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, ARG, key);
}

static int optchoice(lua_State *L, const char *key,
                     const char *const *choices, const char *expected,
                     int def) {
  int k = def;
  if (getoption(L, key) != LUA_TNIL) {
    const char *v;
    if (lua_type(L, -1) != LUA_TSTRING)
      bad(L, "%s: must be %s, not %s", key, expected, luaL_typename(L, -1));
    v = lua_tostring(L, -1);
    for (k = 0; choices[k]; k++)
      if (strcmp(v, choices[k]) == 0) break;
    if (choices[k] == NULL)
      bad(L, "%s: must be %s, not '%s'", key, expected, v);
  }
  lua_pop(L, 1);
  return k;
}

static lua_Integer optint(lua_State *L, const char *key, lua_Integer def,
                          lua_Integer lo, lua_Integer hi, int *given) {
  lua_Integer v = def;
  *given = 0;
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
    *given = 1;
  }
  lua_pop(L, 1);
  return v;
}

/* }====== */

/* {====== The game ====== */

/* The game solved: weights and quota in units, read by lua_game.c with
** the rules shared with the coalition searches. */
typedef struct game {
  dip_wgame g;
  dip_wvote v;
} game;

/* }====== */

/* {====== Results ====== */

static void setint(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

static void pushvalues(lua_State *L, const dip_system *s, const double *v) {
  int i;
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushnumber(L, v[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
}

static void free_counts(void *p) {
  dip_power_counts_free(p);
}

/* info.swings, .winning, .losing, .minimal_winning from exact counts;
** returns 0 (and sets nothing) when pr stopped them. */
static int pushcounts(lua_State *L, const dip_system *s, const game *G,
                      int info, dip_progress *pr) {
  dip_boxed *box = dip_box(L, free_counts);
  dip_power_counts *c;
  int e = dip_power_counts_get(&G->g, &c, pr), i;
  if (e == DIP_POW_STOPPED) {
    lua_pop(L, 1); /* the box */
    return 0;
  }
  if (e != DIP_POW_OK) luaL_error(L, "not enough memory");
  box->ptr = c;
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushstring(L, c->swings[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, info, "swings");
  lua_pushstring(L, c->winning);
  lua_setfield(L, info, "winning");
  lua_pushstring(L, c->losing);
  lua_setfield(L, info, "losing");
  lua_pushstring(L, c->minimal);
  lua_setfield(L, info, "minimal_winning");
  dip_box_release(box);
  lua_pop(L, 1); /* the box */
  return 1;
}

/* }====== */

/* The message for a game beyond the exact method's limits. */
static int toobig(lua_State *L, int ix, const game *G, const char *what,
                  double size) {
  const char *use = "use method = \"montecarlo\" (or \"auto\")";
  if (strcmp(what, "players") == 0)
    return bad(L, "index '%s': the exact method takes at most %d actors "
                  "with positive weight (this game has %s); %s",
               INDICES[ix], DIP_POW_MAX_PLAYERS, DIP_NUM(size), use);
  if (strcmp(what, "shapes") == 0)
    return bad(L, "index '%s': the exact method enumerates coalition "
                  "shapes, at most %s (this game has %s); %s",
               INDICES[ix], DIP_NUM(DIP_POW_MAX_SHAPES), DIP_NUM(size), use);
  if (strcmp(what, "quota") == 0)
    return bad(L, "index '%s': the exact method takes quotas of at most "
                  "%d units (this game needs %s units of %s); give a "
                  "coarser resolution, or %s", INDICES[ix],
               DIP_POW_MAX_QUOTA, DIP_NUM(size), DIP_NUM(G->v.unit), use);
  return bad(L, "index '%s': the exact method would need %s MB (the most "
                "is %d MB) for a quota of %I units of %s; give a coarser "
                "resolution, or %s", INDICES[ix], DIP_NUM(ceil(size / 1e6)),
             (int)(DIP_POW_MAX_BYTES / 1e6), (lua_Integer)G->g.quota,
             DIP_NUM(G->v.unit), use);
}

/* The undirected view of option connected (true or a selection). */
static const dip_view *connectedview(lua_State *L, dip_system *s, int t) {
  static const char *const NONE[] = {NULL};
  dip_netsel sel;
  if (lua_istable(L, t)) {
    lua_pushnil(L);
    while (lua_next(L, t)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2)
                                                     : NULL;
      if (k == NULL || (strcmp(k, "layers") && strcmp(k, "informal")))
        bad(L, "connected: unknown option '%s' (use layers, informal)",
            k ? k : luaL_typename(L, -2));
      lua_pop(L, 1);
    }
    /* read the selection as if it were the options: messages name #1 */
    lua_pushvalue(L, ARG);
    lua_copy(L, t, ARG);
    dip_readselection(L, ARG, s, NONE, &sel);
    lua_copy(L, -2, ARG); /* put the options back */
  } else {
    lua_pushnil(L); /* no selection: every layer */
    dip_readselection(L, lua_gettop(L), s, NONE, &sel);
  }
  return dip_getundirected(L, s, &sel);
}

/* Exact counts into info unless counts = false or they cost too much. */
static void maybecounts(lua_State *L, const dip_system *s, const game *G,
                        int counts, int method, int info,
                        dip_progress *pr) {
  int64_t K = 0;
  int i;
  for (i = 0; i < G->g.n; i++) K += G->v.units[i];
  if (counts < 0)
    counts = method == EXACT &&
             (G->g.quota > K || (G->g.quota <= DIP_POW_MAX_QUOTA &&
                                 dip_power_counts_cost(&G->g) <=
                                     COUNT_BUDGET));
  if (counts && G->g.quota <= K && G->g.quota > DIP_POW_MAX_QUOTA)
    bad(L, "counts: exact counts take quotas of at most %d units (this "
           "game needs %I)", DIP_POW_MAX_QUOTA, (lua_Integer)G->g.quota);
  if (counts && pr->stop) counts = 0; /* stopped before: no time left */
  if (counts) counts = pushcounts(L, s, G, info, pr);
  lua_pushboolean(L, counts);
  lua_setfield(L, info, "counted");
}

/* The game as solved: method, quota and weights in units. */
static void describe(lua_State *L, const dip_system *s, const game *G,
                     const char *index, int method, long samples,
                     uint64_t seed, const double *se, int info) {
  int64_t K = 0;
  int i;
  for (i = 0; i < G->g.n; i++) K += G->v.units[i];
  lua_pushstring(L, index);
  lua_setfield(L, info, "index");
  lua_pushstring(L, METHODS[method]);
  lua_setfield(L, info, "method");
  setint(L, "players", s->nactors);
  setint(L, "quota", (lua_Integer)G->g.quota);
  setint(L, "total", (lua_Integer)K);
  lua_pushnumber(L, G->v.unit);
  lua_setfield(L, info, "resolution");
  lua_pushboolean(L, G->v.rounded);
  lua_setfield(L, info, "rounded");
  lua_createtable(L, 0, s->nactors);
  for (i = 0; i < s->nactors; i++) {
    lua_pushinteger(L, (lua_Integer)G->v.units[i]);
    lua_setfield(L, -2, s->actors[i].id);
  }
  lua_setfield(L, info, "units");
  if (method == MONTECARLO) {
    setint(L, "samples", samples);
    setint(L, "seed", (lua_Integer)seed);
    pushvalues(L, s, se);
    lua_setfield(L, info, "se");
  }
}

/*
** power{ index, weight, quota | share, resolution, method, samples, seed,
** counts, connected, progress, time_budget } -> { [id] = value }, info.
** Stack: 1 system, 2 options, 3 option connected, 4 progress, 5 its
** error, 6.. buffers.  Stopped early (progress, time_budget): an exact
** method returns no values, Monte Carlo the estimates of the draws made;
** info.incomplete = true either way.
*/
static int pow_power(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  game G;
  int ix, method, given, conn, counts = -1, e, info;
  long samples;
  uint64_t seed;
  double *value, *se, worth = 0;
  long drawn = 0;
  dip_lprogress lp;
  lua_settop(L, ARG);
  checkkeys(L);
  ix = optchoice(L, "index", INDICES,
                 "\"shapley\", \"banzhaf\", \"banzhaf_abs\", \"johnston\", "
                 "\"deegan_packel\", \"holler\", \"coleman_prevent\" or "
                 "\"coleman_initiate\"", DIP_SHAPLEY);
  method = optchoice(L, "method", METHODS,
                     "\"exact\", \"montecarlo\" or \"auto\"", EXACT);
  samples = (long)optint(L, "samples", DEFAULT_SAMPLES, 1, 1000000000,
                         &given);
  if (given && method == EXACT)
    bad(L, "samples: only with method = \"montecarlo\" or \"auto\"");
  seed = (uint64_t)optint(L, "seed", 1, LUA_MININTEGER, LUA_MAXINTEGER,
                          &given);
  if (given && method == EXACT)
    bad(L, "seed: only with method = \"montecarlo\" or \"auto\"");
  if (getoption(L, "counts") != LUA_TNIL) {
    if (!lua_isboolean(L, -1))
      bad(L, "counts: must be true or false, not %s", luaL_typename(L, -1));
    counts = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  conn = getoption(L, "connected"); /* stays at 3 */
  dip_readprogress(L, ARG, 1, &lp);   /* 4, 5 */
  if (conn == LUA_TBOOLEAN && !lua_toboolean(L, 3)) conn = LUA_TNIL;
  if (conn != LUA_TNIL && conn != LUA_TTABLE && conn != LUA_TBOOLEAN)
    bad(L, "connected: must be true or a table { layers = ..., informal = "
           "... }, not %s", luaL_typename(L, 3));
  conn = conn != LUA_TNIL;
  if (conn && ix != DIP_SHAPLEY)
    bad(L, "connected: the Myerson value is a Shapley value; index must be "
           "'shapley', not '%s'", INDICES[ix]);
  if (conn && counts > 0)
    bad(L, "counts: exact counts are of the weighted game; leave out "
           "connected to get them");
  /* the game, in userdata buffers that a later error frees */
  G.g.n = s->nactors;
  G.v.raw = lua_newuserdatauv(L, sizeof(double) * ((size_t)s->nactors + 1), 0);
  G.v.units = lua_newuserdatauv(L, sizeof(int64_t) * ((size_t)s->nactors + 1),
                              0);
  G.g.w = G.v.units;
  value = lua_newuserdatauv(L, sizeof(double) * 2 * ((size_t)s->nactors + 1),
                            0);
  se = value + s->nactors + 1;
  dip_readvote(L, ARG, s, &G.v);
  G.g.quota = G.v.quota;
  memset(se, 0, sizeof(double) * ((size_t)s->nactors + 1));
  if (conn) { /* the Myerson value */
    const dip_view *v = connectedview(L, s, 3);
    if (method == AUTO)
      method = s->nactors <= DIP_MYERSON_MAX_EXACT ? EXACT : MONTECARLO;
    if (method == EXACT && s->nactors > DIP_MYERSON_MAX_EXACT)
      bad(L, "connected: the exact Myerson value enumerates every coalition "
             "and takes at most %d actors (this system has %d); use method "
             "= \"montecarlo\" (or \"auto\")", DIP_MYERSON_MAX_EXACT,
          s->nactors);
    e = method == EXACT
            ? dip_myerson_exact(&G.g, &v->graph, value, &worth, &lp.p)
            : dip_myerson_sample(&G.g, &v->graph, samples, seed, value, se,
                                 &worth, &lp.p, &drawn);
  } else {
    if (method != MONTECARLO) {
      const char *what;
      double size;
      e = dip_power_check(&G.g, (dip_power_index)ix, &what, &size);
      if (e == DIP_POW_NOMEM) return luaL_error(L, "not enough memory");
      if (e == DIP_POW_TOOBIG && method == EXACT)
        return toobig(L, ix, &G, what, size);
      method = e == DIP_POW_TOOBIG ? MONTECARLO : EXACT;
    }
    e = method == EXACT
            ? dip_power_exact(&G.g, (dip_power_index)ix, value, &lp.p)
            : dip_power_sample(&G.g, (dip_power_index)ix, samples, seed,
                               value, se, &lp.p, &drawn);
  }
  dip_progress_raise(L, &lp);
  if (e != DIP_POW_OK && e != DIP_POW_STOPPED)
    return luaL_error(L, "not enough memory");
  if (e == DIP_POW_STOPPED) /* an exact method stopped: no values */
    lua_newtable(L);
  else
    pushvalues(L, s, value);
  lua_newtable(L);
  info = lua_gettop(L);
  if (conn) {
    if (e != DIP_POW_STOPPED) {
      lua_pushnumber(L, worth);
      lua_setfield(L, info, "worth");
    }
  } else if (e == DIP_POW_STOPPED) {
    lua_pushboolean(L, 0);
    lua_setfield(L, info, "counted");
  } else
    maybecounts(L, s, &G, counts, method, info, &lp.p);
  if (method == MONTECARLO && drawn < samples) { /* stopped early */
    setint(L, "requested", samples);
    samples = drawn;
  }
  describe(L, s, &G, conn ? "myerson" : INDICES[ix], method, samples, seed,
           se, info);
  dip_progress_mark(L, &lp, info);
  return 2;
}

const luaL_Reg dip_power_methods[] = {
    {"power", pow_power},
    {NULL, NULL},
};

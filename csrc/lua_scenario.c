/*
** lua_scenario.c — binding of the shocks (scenario.h): a compiled
** scenario is a userdata holding the shock list; applying it clones a
** system and applies every shock to the clone in C, drawing from one
** seeded generator, and runs custom Lua functions where they stand.
**
**   core.scenario_compile(name, shocks) -> compiled
**   compiled:apply(sys, seed [, r]) -> System (seed mixed with replicate r)
**   core.replicate_seed(seed, r) -> the seed replicate r runs with
**
** The shock tables come from lua/diplomat/scenario.lua, which checks
** every option first; here they are read into C structs owned by the
** userdata (freed by __gc even when reading raises half way).  The
** table list stays anchored as the userdata's user value: it holds the
** template systems of add and set shocks and the custom functions.
*/
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "scenario.h"

#define DIP_SCENARIO_MT "diplomat.Scenario"

typedef struct scenario {
  int n;
  dip_shock *shocks; /* n shocks, calloc'd */
  char *name;
  dip_system *spare; /* a closed replicate's memory (recycle), or NULL */
} scenario;

/* In the order of dip_shock_kind. */
static const char *const KINDS[] = {
    "abolish", "merge", "split", "devolve", "add",    "remove",
    "cut",     "rewire", "shift", "set",    "custom", NULL};

/* In the order of dip_field. */
static const char *const FIELDS[] = {
    "name",    "kind",       "org",  "sector", "profession", "level",
    "mandate", "capability", "tags", "attrs",  "attr",       NULL};

static const char *const JOINS[] = {"sum", "max", "keep", NULL};

/* {====== Reading shock tables ====== */

static void nomemory(lua_State *L) { luaL_error(L, "not enough memory"); }

/* Field key of table t as an owned copy (NULL when absent). */
static char *dupfield(lua_State *L, int t, const char *key) {
  char *s = NULL;
  int tp = lua_getfield(L, t, key);
  if (tp == LUA_TSTRING) {
    s = dip_strdup(lua_tostring(L, -1));
    if (s == NULL) nomemory(L);
  } else if (tp != LUA_TNIL)
    luaL_error(L, "scenario: %s must be a string", key);
  lua_pop(L, 1);
  return s;
}

static double numfield(lua_State *L, int t, const char *key, double def) {
  double x = def;
  int tp = lua_getfield(L, t, key);
  if (tp == LUA_TNUMBER)
    x = lua_tonumber(L, -1);
  else if (tp != LUA_TNIL)
    luaL_error(L, "scenario: %s must be a number", key);
  lua_pop(L, 1);
  return x;
}

static int boolfield(lua_State *L, int t, const char *key) {
  int b;
  lua_getfield(L, t, key);
  b = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return b;
}

static int optionfield(lua_State *L, int t, const char *key,
                       const char *const *names, int def) {
  int k = def;
  if (lua_getfield(L, t, key) == LUA_TSTRING) {
    const char *v = lua_tostring(L, -1);
    for (k = 0; names[k]; k++)
      if (strcmp(v, names[k]) == 0) break;
    if (names[k] == NULL) luaL_error(L, "scenario: unknown %s '%s'", key, v);
  }
  lua_pop(L, 1);
  return k;
}

/*
** Array field key of t: pushes it (an empty table when absent) and
** returns its length.
*/
static int arrayfield(lua_State *L, int t, const char *key) {
  lua_Integer n;
  int tp = lua_getfield(L, t, key);
  if (tp == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
  } else if (tp != LUA_TTABLE)
    luaL_error(L, "scenario: %s must be a table", key);
  n = luaL_len(L, -1);
  if (n < 0 || n > 0x3fffffff) luaL_error(L, "scenario: %s is too long", key);
  return (int)n;
}

/* An array of strings: *v (calloc'd, counted in *nv at once) owns them. */
static void strings(lua_State *L, int t, const char *key, char ***v,
                    int *nv) {
  int n = arrayfield(L, t, key), j;
  *v = calloc((size_t)n + 1, sizeof(char *));
  if (*v == NULL) nomemory(L);
  *nv = n;
  for (j = 0; j < n; j++) {
    if (lua_rawgeti(L, -1, j + 1) != LUA_TSTRING)
      luaL_error(L, "scenario: %s[%d] must be a string", key, j + 1);
    (*v)[j] = dip_strdup(lua_tostring(L, -1));
    if ((*v)[j] == NULL) nomemory(L);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void parts(lua_State *L, int t, dip_shock *k) {
  int n = arrayfield(L, t, "parts"), j, e = lua_gettop(L);
  k->parts = calloc((size_t)n + 1, sizeof *k->parts);
  if (k->parts == NULL) nomemory(L);
  k->nparts = n;
  for (j = 0; j < n; j++) {
    lua_rawgeti(L, e, j + 1);
    luaL_checktype(L, -1, LUA_TTABLE);
    k->parts[j].id = dupfield(L, e + 1, "id");
    k->parts[j].name = dupfield(L, e + 1, "name");
    k->parts[j].share = numfield(L, e + 1, "share", 0);
    if (k->parts[j].id == NULL) luaL_error(L, "scenario: a part has no id");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void newties(lua_State *L, int t, dip_shock *k) {
  int n = arrayfield(L, t, "ties"), j, e = lua_gettop(L);
  k->ties = calloc((size_t)n + 1, sizeof *k->ties);
  if (k->ties == NULL) nomemory(L);
  k->nties = n;
  for (j = 0; j < n; j++) {
    lua_rawgeti(L, e, j + 1);
    luaL_checktype(L, -1, LUA_TTABLE);
    k->ties[j].from = dupfield(L, e + 1, "from");
    k->ties[j].to = dupfield(L, e + 1, "to");
    k->ties[j].layer = dupfield(L, e + 1, "layer");
    k->ties[j].weight = numfield(L, e + 1, "weight", 1);
    if (k->ties[j].layer == NULL) luaL_error(L, "scenario: a tie has no layer");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void newpositions(lua_State *L, int t, dip_shock *k) {
  int n = arrayfield(L, t, "positions"), j, e = lua_gettop(L);
  k->positions = calloc((size_t)n + 1, sizeof *k->positions);
  if (k->positions == NULL) nomemory(L);
  k->npositions = n;
  for (j = 0; j < n; j++) {
    lua_rawgeti(L, e, j + 1);
    luaL_checktype(L, -1, LUA_TTABLE);
    k->positions[j].issue = dupfield(L, e + 1, "issue");
    k->positions[j].position = numfield(L, e + 1, "position", 0);
    k->positions[j].salience = numfield(L, e + 1, "salience", 1);
    if (k->positions[j].issue == NULL)
      luaL_error(L, "scenario: a position has no issue");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Reads the shock table at t into k (zeroed; owned by the userdata). */
static void readshock(lua_State *L, int t, dip_shock *k) {
  luaL_checktype(L, t, LUA_TTABLE);
  k->kind = (dip_shock_kind)optionfield(L, t, "kind", KINDS, -1);
  if ((int)k->kind < 0) luaL_error(L, "scenario: a shock has no kind");
  strings(L, t, "actors", &k->actors, &k->nactors);
  strings(L, t, "layers", &k->layers, &k->nlayers);
  strings(L, t, "issues", &k->issues, &k->nissues);
  k->successor = dupfield(L, t, "successor");
  k->name = dupfield(L, t, "name");
  k->keep = dupfield(L, t, "keep");
  k->attr = dupfield(L, t, "attr");
  k->all_formal = boolfield(L, t, "all_formal");
  k->copy_ties = boolfield(L, t, "copy_ties");
  k->clear = boolfield(L, t, "clear");
  k->loss = numfield(L, t, "loss", 0);
  k->share = numfield(L, t, "share", 0);
  k->fraction = numfield(L, t, "fraction", 0);
  k->delta = numfield(L, t, "delta", 0);
  k->join = (dip_join)optionfield(L, t, "join", JOINS, DIP_JOIN_SUM);
  k->field = (dip_field)optionfield(L, t, "field", FIELDS, DIP_FIELD_NAME);
  parts(L, t, k);
  newties(L, t, k);
  newpositions(L, t, k);
  /* the C code indexes these without checking: make sure they exist */
  if ((k->kind == DIP_SHOCK_DEVOLVE && k->nactors != 2) ||
      (k->kind == DIP_SHOCK_SHIFT && (k->nactors != 1 || k->nissues != 1)) ||
      (k->kind == DIP_SHOCK_MERGE && (k->nactors < 1 || !k->successor)) ||
      ((k->kind == DIP_SHOCK_ABOLISH || k->kind == DIP_SHOCK_SPLIT ||
        k->kind == DIP_SHOCK_REMOVE || k->kind == DIP_SHOCK_SET) &&
       k->nactors != 1) ||
      (k->kind == DIP_SHOCK_SET && k->field == DIP_FIELD_ATTR && !k->attr))
    luaL_error(L, "scenario: malformed %s shock", KINDS[k->kind]);
}

/* }====== */

/* {====== The compiled scenario ====== */

static scenario *checkscenario(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, DIP_SCENARIO_MT);
}

static int sc_gc(lua_State *L) {
  scenario *sc = checkscenario(L, 1);
  int j;
  if (sc->shocks)
    for (j = 0; j < sc->n; j++) dip_shock_free(&sc->shocks[j]);
  free(sc->shocks);
  free(sc->name);
  dip_system_free(sc->spare);
  sc->shocks = NULL;
  sc->name = NULL;
  sc->spare = NULL;
  sc->n = 0;
  return 0;
}

static int sc_len(lua_State *L) {
  lua_pushinteger(L, checkscenario(L, 1)->n);
  return 1;
}

static int sc_tostring(lua_State *L) {
  scenario *sc = checkscenario(L, 1);
  lua_pushfstring(L, "diplomat.Scenario '%s' (%d shock%s)",
                  sc->name ? sc->name : "", sc->n, sc->n == 1 ? "" : "s");
  return 1;
}

/* A seed argument: an integer >= 0. */
static uint64_t checkseed(lua_State *L, int arg) {
  lua_Integer x = luaL_checkinteger(L, arg);
  luaL_argcheck(L, x >= 0, arg, "seed: must be an integer >= 0");
  return (uint64_t)x;
}

/*
** rand() -> uniform in [0, 1); rand(m) -> integer in 1..m; rand(m, n) ->
** integer in m..n, drawn from the replicate's generator (upvalue 1), as
** math.random does from its own.
*/
static int sc_rand(lua_State *L) {
  dip_rng *g = lua_touserdata(L, lua_upvalueindex(1));
  lua_Integer lo, hi;
  double u = dip_rng_uniform(g);
  switch (lua_gettop(L)) {
  case 0:
    lua_pushnumber(L, u);
    return 1;
  case 1:
    lo = 1;
    hi = luaL_checkinteger(L, 1);
    break;
  default:
    lo = luaL_checkinteger(L, 1);
    hi = luaL_checkinteger(L, 2);
    break;
  }
  luaL_argcheck(L, lo <= hi && hi - lo < ((lua_Integer)1 << 53), 1,
                "interval is empty or too large");
  {
    lua_Integer span = hi - lo + 1, r = (lua_Integer)(u * (double)span);
    lua_pushinteger(L, lo + (r < span ? r : span - 1));
  }
  return 1;
}

/* Runs the custom shock i (0-based) on the clone at res: fn(sys, rand). */
static void runcustom(lua_State *L, const scenario *sc, int i, int list,
                      int res, int rand) {
  lua_rawgeti(L, list, i + 1);
  lua_getfield(L, -1, "fn");
  lua_pushvalue(L, res);
  lua_pushvalue(L, rand);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK)
    luaL_error(L, "scenario '%s', shock %d (custom): %s", sc->name, i + 1,
               luaL_tolstring(L, -1, NULL));
  lua_pop(L, 1); /* the shock table */
  if (((dip_handle *)lua_touserdata(L, res))->sys == NULL)
    luaL_error(L, "scenario '%s', shock %d (custom): the function closed "
                  "the system", sc->name, i + 1);
}

/*
** compiled:apply(sys, seed [, r]): a clone of sys with every shock
** applied, drawing from xoshiro256** seeded with seed (or, given a
** replicate number r >= 1, with dip_replicate_seed(seed, r)).  The clone
** is a System userdata from the start, so an error leaks nothing.
*/
static int sc_apply(lua_State *L) {
  scenario *sc = checkscenario(L, 1);
  dip_system *base = dip_checksystem(L, 2);
  uint64_t seed = checkseed(L, 3);
  dip_rng *g;
  dip_handle *h;
  dip_system *spare;
  int i, list, res, rand;
  lua_settop(L, 4);
  if (!lua_isnil(L, 4)) {
    lua_Integer r = luaL_checkinteger(L, 4);
    luaL_argcheck(L, r >= 1, 4, "replicate: must be an integer >= 1");
    seed = dip_replicate_seed(seed, (uint64_t)r);
  }
  g = lua_newuserdatauv(L, sizeof *g, 0); /* 5: the generator */
  dip_rng_seed(g, seed);
  lua_pushvalue(L, 5);
  lua_pushcclosure(L, sc_rand, 1);        /* 6: rand */
  rand = 6;
  lua_getiuservalue(L, 1, 1);             /* 7: the shock tables */
  list = 7;
  h = dip_newhandle(L);                   /* 8: the result */
  res = 8;
  spare = sc->spare; /* taken: a custom shock may apply again */
  sc->spare = NULL;
  h->sys = dip_system_reclone(spare, base);
  if (h->sys == NULL) nomemory(L);
  for (i = 0; i < sc->n; i++) {
    dip_shock k = sc->shocks[i]; /* a copy: tmpl is filled in below */
    dip_problems pr;
    if (k.kind == DIP_SHOCK_CUSTOM) {
      runcustom(L, sc, i, list, res, rand);
      continue;
    }
    if (k.kind == DIP_SHOCK_ADD || k.kind == DIP_SHOCK_SET) {
      dip_system *t;
      lua_rawgeti(L, list, i + 1);
      lua_getfield(L, -1, "template");
      t = dip_checksystem(L, -1);
      if (t->nactors < 1) luaL_error(L, "scenario: empty template");
      k.tmpl = &t->actors[0]; /* anchored in the list until apply ends */
      lua_pop(L, 2);
    }
    dip_problems_init(&pr, 0);
    if (dip_shock_apply(h->sys, &k, g, &pr) != 0) {
      if (pr.oom) nomemory(L);
      return luaL_error(L, "scenario '%s', shock %d (%s): %s", sc->name,
                        i + 1, KINDS[k.kind], pr.first);
    }
  }
  lua_settop(L, res);
  return 1;
}

/*
** compiled:recycle(sys): closes sys, a replicate the caller is done with,
** and keeps its memory for the next apply, whose clone then reuses its
** arrays (run's loop: a large system's clone would otherwise ask the
** operating system for fresh pages every replicate).
*/
static int sc_recycle(lua_State *L) {
  scenario *sc = checkscenario(L, 1);
  dip_handle *h = luaL_checkudata(L, 2, DIP_SYSTEM_MT);
  if (h->busy)
    return luaL_error(L, "diplomat: the system is busy (a progress "
                         "function cannot close the system being analysed)");
  if (h->sys != NULL) {
    dip_system_free(sc->spare);
    sc->spare = h->sys;
    h->sys = NULL;
  }
  return 0;
}

static void newmetatable(lua_State *L) {
  static const luaL_Reg meta[] = {
      {"__gc", sc_gc},
      {"__len", sc_len},
      {"__tostring", sc_tostring},
      {NULL, NULL},
  };
  static const luaL_Reg methods[] = {
      {"apply", sc_apply},
      {"recycle", sc_recycle},
      {NULL, NULL},
  };
  if (luaL_newmetatable(L, DIP_SCENARIO_MT)) {
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index"); /* mt.__index = methods */
  }
  lua_setmetatable(L, -2);
}

/* core.scenario_compile(name, shocks) -> compiled scenario. */
static int sc_compile(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_Integer n, i;
  scenario *sc;
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  n = luaL_len(L, 2);
  luaL_argcheck(L, n >= 0 && n < 0x1000000, 2, "too many shocks");
  sc = lua_newuserdatauv(L, sizeof *sc, 1); /* 3 */
  sc->n = 0;
  sc->shocks = NULL;
  sc->name = NULL;
  sc->spare = NULL;
  newmetatable(L);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, 3, 1); /* the tables stay anchored */
  sc->name = dip_strdup(name);
  sc->shocks = calloc((size_t)n + 1, sizeof *sc->shocks);
  if (sc->name == NULL || sc->shocks == NULL) nomemory(L);
  for (i = 1; i <= n; i++) {
    sc->n = (int)i; /* counted first: __gc frees a half-read shock */
    lua_rawgeti(L, 2, i);
    readshock(L, 4, &sc->shocks[i - 1]);
    lua_pop(L, 1);
  }
  lua_settop(L, 3);
  return 1;
}

/* core.replicate_seed(seed, r) -> the seed replicate r is applied with. */
static int sc_replicate_seed(lua_State *L) {
  uint64_t seed = checkseed(L, 1);
  lua_Integer r = luaL_checkinteger(L, 2);
  luaL_argcheck(L, r >= 1, 2, "replicate: must be an integer >= 1");
  lua_pushinteger(L, (lua_Integer)dip_replicate_seed(seed, (uint64_t)r));
  return 1;
}

/* }====== */

const luaL_Reg dip_scenario_functions[] = {
    {"scenario_compile", sc_compile},
    {"replicate_seed", sc_replicate_seed},
    {NULL, NULL},
};

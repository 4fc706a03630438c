/*
** lua_dynamics.c — binding of opinion dynamics (dynamics.c):
**   sys:dynamics(issue, { layers, informal, combine, weighted,
**                susceptibility, self_weight, missing, method, tol,
**                max_iterations, influence })
**   -> { positions = { [id] = x }, iterations = k, converged = b,
**        method = name, influence = { [id] = { [id] = v } }?,
**        singular = true? }
** Options are read (and may raise) before anything is allocated outside
** Lua; every buffer is a Lua userdata.
*/
#include <math.h>
#include <string.h>

#include "binding.h"
#include "network.h"

#include "lua_network.h"

/* Most values of V returned (rows x actors): 800 MB of doubles. */
#define MAX_INFLUENCE 1e8

static const char *const EXTRA[] = {
    "weighted", "susceptibility", "self_weight", "missing", "method",
    "tol",      "max_iterations", "influence",   "progress",
    "time_budget", NULL};

/* {====== Per-actor options ====== */

/* An error about option key at arg (a format with one %s). */
#define bad(L, arg, ...) luaL_argerror(L, arg, lua_pushfstring(L, __VA_ARGS__))

/* The numeric value of actor a's field (capability or attrs.<name>), or
** NaN when the actor has no such attribute. */
static double fieldvalue(lua_State *L, int arg, const char *key,
                         const dip_actor *a, const char *field) {
  const dip_attr *t;
  if (strcmp(field, "capability") == 0) return a->capability;
  t = dip_attrs_get(&a->attrs, field + 6);
  if (t == NULL) return NAN;
  if (t->type == DIP_INT) return (double)t->u.i;
  if (t->type == DIP_NUM) return t->u.n;
  bad(L, arg, "%s: %s of actor '%s' is not a number", key, field, a->id);
  return NAN;
}

/* Checks value x of actor a against [0, hi]. */
static void checkrange(lua_State *L, int arg, const char *key,
                       const char *id, double x, double hi) {
  if (isnan(x))
    bad(L, arg, "%s: the value for '%s' must be a number, not NaN", key, id);
  if (!(x >= 0 && x <= hi) || !isfinite(x))
    bad(L, arg, "%s: actor '%s' has %s (must be %s)", key, id, DIP_NUM(x),
        hi == 1 ? "in [0, 1]" : "a finite number >= 0");
}

/*
** Reads option key (already pushed on the stack top) as a value per
** actor into out: a number for all, a table by actor id, or an actor
** field ("capability" or "attrs.<name>").  Actors left without a value
** get NaN (the caller's default).  Values must lie in [0, hi].
*/
static void peractor(lua_State *L, int arg, const dip_system *s,
                     const unsigned char *in, const char *key, double hi,
                     const char *usage, double *out) {
  int n = s->nactors, a, t = lua_gettop(L), found = 0;
  for (a = 0; a < n; a++) out[a] = NAN;
  switch (lua_type(L, t)) {
  case LUA_TNUMBER: {
    double x = lua_tonumber(L, t);
    if (isnan(x)) bad(L, arg, "%s: must be a number, not NaN", key);
    if (!(x >= 0 && x <= hi) || !isfinite(x))
      bad(L, arg, "%s: %s is out of range (must be %s)", key, DIP_NUM(x),
          hi == 1 ? "in [0, 1]" : "a finite number >= 0");
    for (a = 0; a < n; a++) out[a] = x;
    return;
  }
  case LUA_TTABLE:
    lua_pushnil(L);
    while (lua_next(L, t)) {
      const char *id;
      if (lua_type(L, -2) != LUA_TSTRING)
        bad(L, arg, "%s: keys must be actor ids", key);
      id = lua_tostring(L, -2);
      a = dip_find_actor(s, id);
      if (a < 0) bad(L, arg, "%s: unknown actor '%s'", key, id);
      if (lua_type(L, -1) != LUA_TNUMBER)
        bad(L, arg, "%s: the value for '%s' must be a number", key, id);
      out[a] = lua_tonumber(L, -1);
      checkrange(L, arg, key, id, out[a], hi);
      lua_pop(L, 1);
    }
    return;
  case LUA_TSTRING: {
    const char *field = lua_tostring(L, t);
    if (strcmp(field, "capability") != 0 &&
        (strncmp(field, "attrs.", 6) != 0 || field[6] == '\0'))
      bad(L, arg, "%s: unknown actor field '%s' (%s)", key, field, usage);
    for (a = 0; a < n; a++) {
      if (!in[a]) continue;
      out[a] = fieldvalue(L, arg, key, &s->actors[a], field);
      if (isnan(out[a])) continue;
      found = 1;
      checkrange(L, arg, key, s->actors[a].id, out[a], hi);
    }
    if (!found) bad(L, arg, "%s: no actor in the model has %s", key, field);
    return;
  }
  default:
    bad(L, arg, "%s: must be %s", key, usage);
  }
}

/* }====== */

/* {====== Options ====== */

typedef struct dynopts {
  int issue;
  int status_quo;     /* missing = "status_quo" */
  unsigned char *in;  /* n flags */
  double *x0, *lambda, *self;
  int *rows;
  int rowslot;        /* stack slot of the userdata holding rows */
  int asked;          /* influence was asked for */
  dip_fj_in fj;
} dynopts;

/* A string option among names (def when absent); returns its index. */
static int optname(lua_State *L, int arg, const char *key,
                   const char *const *names, int def, const char *usage) {
  int k = def;
  if (!lua_isnil(L, arg) && lua_getfield(L, arg, key) != LUA_TNIL) {
    const char *v;
    if (lua_type(L, -1) != LUA_TSTRING)
      bad(L, arg, "%s: must be %s", key, usage);
    v = lua_tostring(L, -1);
    for (k = 0; names[k]; k++)
      if (strcmp(v, names[k]) == 0) break;
    if (names[k] == NULL)
      bad(L, arg, "%s: unknown %s '%s' (expected %s)", key, key, v, usage);
  }
  if (!lua_isnil(L, arg)) lua_pop(L, 1);
  return k;
}

/* Who takes part, their starting opinions and saliences (into lambda). */
static void readmodel(lua_State *L, int arg, dip_system *s, dynopts *o) {
  static const char *const MISSING[] = {"omit", "status_quo", NULL};
  const dip_issue *is = &s->issues[o->issue];
  int n = s->nactors, a, k;
  o->status_quo = optname(L, arg, "missing", MISSING, 0,
                          "\"omit\" or \"status_quo\"");
  if (o->status_quo && !is->has_status_quo)
    bad(L, arg, "missing: issue '%s' has no status quo", is->id);
  for (a = 0; a < n; a++) {
    o->in[a] = (unsigned char)o->status_quo;
    o->x0[a] = is->status_quo;
    o->lambda[a] = 1; /* 1 - salience, salience 0 without a position */
  }
  for (k = 0; k < s->npositions; k++) {
    const dip_position *p = &s->positions[k];
    if (p->issue != o->issue) continue;
    o->in[p->actor] = 1;
    o->x0[p->actor] = p->position;
    o->lambda[p->actor] = 1 - p->salience;
  }
}

/* susceptibility and self_weight. */
static void readweights(lua_State *L, int arg, dip_system *s, dynopts *o,
                        double *given) {
  int n = s->nactors, a;
  o->fj.coupled = 0;
  for (a = 0; a < n; a++) o->self[a] = -1; /* the mean incoming weight */
  if (lua_isnil(L, arg)) return;
  if (lua_getfield(L, arg, "susceptibility") != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TSTRING &&
        strcmp(lua_tostring(L, -1), "coupled") == 0)
      o->fj.coupled = 1;
    else {
      peractor(L, arg, s, o->in, "susceptibility", 1,
               "a number in [0, 1], a table by actor id, \"coupled\", "
               "\"capability\" or \"attrs.<name>\"",
               given);
      for (a = 0; a < n; a++)
        if (!isnan(given[a])) o->lambda[a] = given[a];
    }
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "self_weight") != LUA_TNIL &&
      !(lua_type(L, -1) == LUA_TSTRING &&
        strcmp(lua_tostring(L, -1), "mean") == 0)) {
    peractor(L, arg, s, o->in, "self_weight", HUGE_VAL,
             "a number >= 0, a table by actor id, \"mean\", \"capability\" "
             "or \"attrs.<name>\"",
             given);
    for (a = 0; a < n; a++)
      if (!isnan(given[a])) o->self[a] = given[a];
  }
  lua_pop(L, 1);
}

/* influence = true | { ids }: the rows wanted; returns how many. */
static int readrows(lua_State *L, int arg, dip_system *s, dynopts *o) {
  int n = s->nactors, a, k, nrows = 0;
  o->asked = 0;
  if (lua_isnil(L, arg)) return 0;
  switch (lua_getfield(L, arg, "influence")) {
  case LUA_TNIL: break;
  case LUA_TBOOLEAN:
    o->asked = lua_toboolean(L, -1);
    if (o->asked)
      for (a = 0; a < n; a++)
        if (o->in[a]) o->rows[nrows++] = a;
    break;
  case LUA_TTABLE: {
    int len = (int)lua_rawlen(L, -1);
    if (len == 0) bad(L, arg, "influence: the list is empty");
    o->asked = 1;
    o->rows = lua_newuserdatauv(L, sizeof(int) * ((size_t)len + 1), 0);
    lua_replace(L, o->rowslot); /* in place of the buffer for n rows */
    for (k = 1; k <= len; k++) {
      const char *id;
      if (lua_rawgeti(L, -1, k) != LUA_TSTRING)
        bad(L, arg, "influence: must be true or an array of actor ids");
      id = lua_tostring(L, -1);
      a = dip_find_actor(s, id);
      if (a < 0) bad(L, arg, "influence: unknown actor '%s'", id);
      if (!o->in[a])
        bad(L, arg, "influence: actor '%s' holds no position on '%s'", id,
            s->issues[o->issue].id);
      o->rows[nrows++] = a;
      lua_pop(L, 1);
    }
    break;
  }
  default:
    bad(L, arg, "influence: must be true or an array of actor ids");
  }
  lua_pop(L, 1);
  return nrows;
}

static void readnumbers(lua_State *L, int arg, dynopts *o) {
  static const char *const METHODS[] = {"iterate", "solve", NULL};
  o->fj.weighted = dip_optboolean(L, arg, "weighted", 1);
  o->fj.method = (dip_fj_method)optname(L, arg, "method", METHODS, 0,
                                        "\"iterate\" or \"solve\"");
  o->fj.tol = 1e-9;
  o->fj.max_iterations = 10000;
  if (lua_isnil(L, arg)) return;
  if (lua_getfield(L, arg, "tol") != LUA_TNIL) {
    o->fj.tol = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || !(o->fj.tol >= 0) ||
        !isfinite(o->fj.tol))
      bad(L, arg, "tol: must be a finite number >= 0");
  }
  lua_pop(L, 1);
  if (lua_getfield(L, arg, "max_iterations") != LUA_TNIL) {
    int isint;
    lua_Integer k = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || k < 1 || k > 1000000000)
      bad(L, arg, "max_iterations: must be an integer from 1 to 1000000000");
    o->fj.max_iterations = (int)k;
  }
  lua_pop(L, 1);
}

/* }====== */

/* {====== Results ====== */

static void pushresult(lua_State *L, const dip_system *s, const dynopts *o,
                       const dip_fj_out *r) {
  int n = s->nactors, a, b, k, nin = 0;
  for (a = 0; a < n; a++) nin += o->in[a];
  lua_createtable(L, 0, 6);
  lua_createtable(L, 0, nin); /* sized once, not grown by rehashing */
  for (a = 0; a < n; a++)
    if (o->in[a]) {
      lua_pushnumber(L, r->x[a]);
      lua_setfield(L, -2, s->actors[a].id);
    }
  lua_setfield(L, -2, "positions");
  lua_pushinteger(L, r->iterations);
  lua_setfield(L, -2, "iterations");
  lua_pushboolean(L, r->converged);
  lua_setfield(L, -2, "converged");
  lua_pushstring(L, o->fj.method == DIP_FJ_SOLVE ? "solve" : "iterate");
  lua_setfield(L, -2, "method");
  if (r->singular) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "singular");
  }
  if (o->asked && !r->singular) {
    lua_newtable(L);
    for (k = 0; k < r->rows_done; k++) {
      const double *row = &r->v[(size_t)k * n];
      lua_createtable(L, 0, nin);
      for (b = 0; b < n; b++)
        if (o->in[b]) {
          lua_pushnumber(L, row[b]);
          lua_setfield(L, -2, s->actors[b].id);
        }
      lua_setfield(L, -2, s->actors[o->fj.rows[k]].id);
    }
    lua_setfield(L, -2, "influence");
  }
}

/* }====== */

static void *buffer(lua_State *L, size_t count, size_t size) {
  return lua_newuserdatauv(L, (count + 1) * size, 0);
}

/*
** dynamics(issue, opts): Friedkin-Johnsen opinions on one issue over the
** selected layers; see the top of the file and README "Opinion dynamics".
*/
static int neg_dynamics(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  const char *issue;
  dynopts o;
  dip_netsel sel;
  dip_fj_out r;
  dip_lprogress lp;
  const dip_view *v;
  double *given;
  int n = s->nactors, a, nin = 0;
  lua_settop(L, 3); /* the options are at 3, even when absent */
  issue = dip_checkid(L, 2);
  o.issue = dip_find_issue(s, issue);
  if (o.issue < 0) bad(L, 2, "unknown issue '%s'", issue);
  dip_readselection(L, 3, s, EXTRA, &sel);
  dip_readprogress(L, 3, 1, &lp);
  o.in = buffer(L, (size_t)n, 1);
  o.x0 = buffer(L, (size_t)n, sizeof(double));
  o.lambda = buffer(L, (size_t)n, sizeof(double));
  o.self = buffer(L, (size_t)n, sizeof(double));
  given = buffer(L, (size_t)n, sizeof(double));
  o.rows = buffer(L, (size_t)n, sizeof(int));
  o.rowslot = lua_gettop(L);
  readmodel(L, 3, s, &o);
  readweights(L, 3, s, &o, given);
  readnumbers(L, 3, &o);
  o.fj.nrows = readrows(L, 3, s, &o);
  if ((double)o.fj.nrows * n > MAX_INFLUENCE)
    bad(L, 3, "influence: %d rows of %d actors are more than %d values "
              "(800 MB); ask for fewer rows (influence = { ids })",
        o.fj.nrows, n, (int)MAX_INFLUENCE);
  for (a = 0; a < n; a++) nin += o.in[a];
  if (o.fj.method == DIP_FJ_SOLVE && nin > DIP_FJ_SOLVE_MAX)
    bad(L, 3, "method: 'solve' takes at most %d actors (this model has %d; "
              "use 'iterate')", DIP_FJ_SOLVE_MAX, nin);
  o.fj.in = o.in;
  o.fj.x0 = o.x0;
  o.fj.lambda = o.lambda;
  o.fj.self = o.self;
  o.fj.rows = o.rows;
  o.fj.scale = s->issues[o.issue].max - s->issues[o.issue].min;
  o.fj.pr = &lp.p;
  r.x = buffer(L, (size_t)n, sizeof(double));
  r.v = buffer(L, (size_t)o.fj.nrows * (size_t)n, sizeof(double));
  v = dip_getview(L, s, &sel);
  if (dip_dynamics(v, &o.fj, &r) != 0)
    return luaL_error(L, "not enough memory");
  dip_progress_raise(L, &lp);
  pushresult(L, s, &o, &r);
  dip_progress_mark(L, &lp, -1);
  return 1;
}

const luaL_Reg dip_dynamics_methods[] = {
    {"dynamics", neg_dynamics},
    {NULL, NULL},
};

/*
** lua_forecast.c — binding of the forecasts (bargain.c, eu_model.c,
** perturb.c):
**   sys:forecast(issue, { model = "compromise" | "median" | "nash" | "eu",
**                         capability = { [id] = c }, perturb = {...},
**                         ...options of the model })
**   -> { model, issue, outcome, ... }
** and diplomat.core.eu_utilities(d, r [, e]), the EU model's utility
** terms, for checking by hand.
**
** Only the actors holding a position on the issue take part.  Every
** option is read and checked before any computation; inputs and results
** live in Lua userdata (GC-owned), the EU workspace in a scratch box, so
** a Lua error leaks nothing.
*/
#include <math.h>
#include <string.h>

#include "binding.h"
#include "forecast.h"

/* {====== Options ====== */

enum { COMPROMISE, MEDIAN, NASH, EU };
static const char *const MODELS[] = {"compromise", "median", "nash", "eu",
                                     NULL};

#define F_COMPROMISE (1 << COMPROMISE)
#define F_MEDIAN (1 << MEDIAN)
#define F_NASH (1 << NASH)
#define F_EU (1 << EU)
#define F_ALL (F_COMPROMISE | F_MEDIAN | F_NASH | F_EU)

/* Each option and the models it applies to. */
static const struct {
  const char *key;
  int models;
} OPTIONS[] = {
    {"model", F_ALL},      {"capability", F_ALL},
    {"perturb", F_ALL},    {"weight", F_MEDIAN | F_NASH},
    {"status_quo", F_NASH}, {"utility", F_NASH},
    {"p", F_NASH},         {"probability", F_EU},
    {"risk", F_EU},        {"compromise", F_EU},
    {"q", F_EU},           {"t", F_EU},
    {"rounds", F_EU},      {"tol", F_EU},
    {"outcome", F_EU},     {"offers", F_EU},
    {"progress", F_ALL},   {"time_budget", F_ALL},
    {NULL, 0},
};

#define ARG 3 /* the options table */

static void opterror(lua_State *L, const char *fmt, const char *a,
                     const char *b) {
  luaL_argerror(L, ARG, lua_pushfstring(L, fmt, a, b));
}

/* Checks every key of the options table; returns the model. */
static int readmodel(lua_State *L) {
  int model = COMPROMISE, k;
  if (lua_isnil(L, ARG)) return model;
  luaL_checktype(L, ARG, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, ARG)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, ARG, "option names must be strings");
    for (k = 0; OPTIONS[k].key; k++)
      if (strcmp(lua_tostring(L, -2), OPTIONS[k].key) == 0) break;
    if (OPTIONS[k].key == NULL)
      opterror(L, "unknown option '%s'", lua_tostring(L, -2), NULL);
    lua_pop(L, 1);
  }
  if (lua_getfield(L, ARG, "model") != LUA_TNIL) {
    const char *m;
    if (lua_type(L, -1) != LUA_TSTRING)
      opterror(L, "model: must be a string, not %s", luaL_typename(L, -1),
               NULL);
    m = lua_tostring(L, -1);
    for (model = 0; MODELS[model]; model++)
      if (strcmp(m, MODELS[model]) == 0) break;
    if (MODELS[model] == NULL)
      opterror(L, "model: unknown model '%s' (expected compromise, median, "
                  "nash or eu)", m, NULL);
  }
  lua_pop(L, 1);
  for (k = 0; OPTIONS[k].key; k++) {
    if (OPTIONS[k].models & (1 << model)) continue;
    if (lua_getfield(L, ARG, OPTIONS[k].key) != LUA_TNIL)
      opterror(L, "option '%s' does not apply to model '%s'", OPTIONS[k].key,
               MODELS[model]);
    lua_pop(L, 1);
  }
  return model;
}

/*
** Number option `key` of the table at t (named `where` in messages, ""
** at top level): finite, in [lo, hi].  Returns def when absent.
*/
static double optnum(lua_State *L, int t, const char *where,
                     const char *key, double def, double lo, double hi) {
  double v = def;
  if (lua_isnil(L, t)) return def;
  if (lua_getfield(L, t, key) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be a number, not "
                                               "%s", where, key,
                                            luaL_typename(L, -1)));
    v = lua_tonumber(L, -1);
    if (isnan(v))
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be a number, "
                                               "not NaN", where, key));
    if (isinf(v))
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be finite, not "
                                               "%s", where, key,
                                            v > 0 ? "inf" : "-inf"));
    if (v < lo || v > hi) {
      const char *range =
          hi == HUGE_VAL ? lua_pushfstring(L, "at least %s", DIP_NUM(lo))
                         : lua_pushfstring(L, "between %s and %s",
                                           DIP_NUM(lo), DIP_NUM(hi));
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be %s, not %s",
                                            where, key, range, DIP_NUM(v)));
    }
  }
  lua_pop(L, 1);
  return v;
}

/* Integer option in [lo, hi]. */
static lua_Integer optint(lua_State *L, int t, const char *where,
                          const char *key, lua_Integer def, lua_Integer lo,
                          lua_Integer hi) {
  lua_Integer v = def;
  if (lua_isnil(L, t)) return def;
  if (lua_getfield(L, t, key) != LUA_TNIL) {
    int isnum;
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be an integer, "
                                               "not %s", where, key,
                                            luaL_typename(L, -1)));
    v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be an integer, "
                                               "not %s", where, key,
                                            DIP_NUM(lua_tonumber(L, -1))));
    if (v < lo || v > hi)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s%s: must be between %I "
                                               "and %I, not %I", where, key,
                                            lo, hi, v));
  }
  lua_pop(L, 1);
  return v;
}

/* Is option key given (not nil)? */
static int hasopt(lua_State *L, const char *key) {
  int has;
  if (lua_isnil(L, ARG)) return 0;
  has = lua_getfield(L, ARG, key) != LUA_TNIL;
  lua_pop(L, 1);
  return has;
}

/* String option among choices (listed in `expected` for the message). */
static int optchoice(lua_State *L, const char *key,
                     const char *const *choices, const char *expected) {
  int k = 0;
  if (lua_isnil(L, ARG)) return 0;
  if (lua_getfield(L, ARG, key) != LUA_TNIL) {
    const char *v;
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s: must be %s, not %s", key,
                                            expected, luaL_typename(L, -1)));
    v = lua_tostring(L, -1);
    for (k = 0; choices[k]; k++)
      if (strcmp(v, choices[k]) == 0) break;
    if (choices[k] == NULL)
      luaL_argerror(L, ARG, lua_pushfstring(L, "%s: must be %s, not '%s'",
                                            key, expected, v));
  }
  lua_pop(L, 1);
  return k;
}

/* }====== */

/* {====== Inputs ====== */

/* The actors with a position on the issue, in actor order. */
typedef struct input {
  const dip_issue *issue;
  int n;
  int *actor;       /* system index of each */
  double *x, *s, *c;
  double *w;        /* weights of the chosen model */
  int *order;       /* scratch for medians */
} input;

static void *newbuf(lua_State *L, size_t count, size_t size) {
  return lua_newuserdatauv(L, count ? count * size : 1, 0);
}

/* Reads the inputs; pushes their buffers (3 userdata). */
static void readinput(lua_State *L, const dip_system *sys, int issue,
                      input *in) {
  int p, i, n = 0;
  size_t N;
  in->issue = &sys->issues[issue];
  for (p = 0; p < sys->npositions; p++)
    if (sys->positions[p].issue == issue) n++;
  if (n == 0)
    luaL_argerror(L, 2, lua_pushfstring(L, "issue '%s' has no positions",
                                        in->issue->id));
  N = (size_t)n;
  in->n = n;
  in->actor = newbuf(L, N, sizeof(int));
  in->x = newbuf(L, 4 * N, sizeof(double));
  in->s = in->x + N;
  in->c = in->s + N;
  in->w = in->c + N;
  in->order = newbuf(L, N, sizeof(int));
  /* actor order: mark each actor's position, then walk the actors */
  {
    int *posof = newbuf(L, (size_t)sys->nactors, sizeof(int));
    for (i = 0; i < sys->nactors; i++) posof[i] = -1;
    for (p = 0; p < sys->npositions; p++)
      if (sys->positions[p].issue == issue)
        posof[sys->positions[p].actor] = p;
    n = 0;
    for (i = 0; i < sys->nactors; i++) {
      const dip_position *pp;
      if (posof[i] < 0) continue;
      pp = &sys->positions[posof[i]];
      in->actor[n] = i;
      in->x[n] = pp->position;
      in->s[n] = pp->salience;
      in->c[n] = sys->actors[i].capability;
      n++;
    }
    lua_pop(L, 1);
  }
}

/* Option capability = { [actor id] = c }: replaces the capabilities of
** the listed actors (those without a position on the issue are
** ignored). */
static void readcapability(lua_State *L, const dip_system *sys,
                           input *in) {
  int k;
  if (lua_isnil(L, ARG)) return;
  if (lua_getfield(L, ARG, "capability") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1))
    luaL_argerror(L, ARG, lua_pushfstring(L, "capability: must be a table "
                                             "{ [actor id] = capability }, "
                                             "not %s", luaL_typename(L, -1)));
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    const char *id;
    double v;
    int a;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, ARG, "capability: keys must be actor ids");
    id = lua_tostring(L, -2);
    a = dip_find_actor(sys, id);
    if (a < 0)
      luaL_argerror(L, ARG, lua_pushfstring(L, "capability: unknown actor "
                                               "'%s'", id));
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, ARG, lua_pushfstring(L, "capability.%s: must be a "
                                               "number, not %s", id,
                                            luaL_typename(L, -1)));
    v = lua_tonumber(L, -1);
    if (!(v >= 0) || isinf(v))
      luaL_argerror(L, ARG, lua_pushfstring(L, "capability.%s: must be a "
                                               "finite number >= 0, not %s",
                                            id, isnan(v) ? "NaN" :
                                            DIP_NUM(v)));
    for (k = 0; k < in->n; k++)
      if (in->actor[k] == a) in->c[k] = v;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* }====== */

/* {====== Models ====== */

/* Everything a model run needs besides the inputs. */
typedef struct model {
  int kind;
  int capability_only;          /* weight = "capability" */
  double sq, p;                 /* nash */
  double lo, hi;                /* the scale */
  double *w;                    /* scratch: weights */
  int *order;                   /* scratch */
  dip_nash_result nash;
  /* eu */
  dip_eu_model *eu;
  dip_boxed *box;               /* owns eu */
  int rounds, use_mean, all_offers;
  double tol;
  double *hist, *risk, *mean, *median;
  dip_eu_offer *best;
  dip_eu_result res;
  /* bounded work: pr is the caller's; an EU run reports to eupr: pr
  ** itself (progress in rounds), or, under perturbation, inner (the time
  ** budget only: pr counts runs) */
  dip_progress *pr, *eupr, inner;
  int cut; /* a perturbed run: return -2 when stopped */
} model;

static void weights(const model *m, int n, const double *s, const double *c,
                    double *w) {
  int i;
  for (i = 0; i < n; i++) w[i] = m->capability_only ? c[i] : c[i] * s[i];
}

/* Runs the model on inputs (x, s, c): 0 with *out, or -1 if undefined;
** -2 when an EU run under perturbation was cut short (time budget). */
static int runmodel(void *ctx, int n, const double *x, const double *s,
                    const double *c, double *out) {
  model *m = ctx;
  switch (m->kind) {
  case COMPROMISE:
    weights(m, n, s, c, m->w);
    return dip_compromise(n, x, m->w, out);
  case MEDIAN:
    weights(m, n, s, c, m->w);
    return dip_weighted_median(n, x, m->w, m->order, out);
  case NASH:
    weights(m, n, s, c, m->w);
    if (dip_nash(n, x, s, m->w, m->sq, m->lo, m->hi, m->p, &m->nash) != 0)
      return -1;
    *out = m->nash.outcome;
    return 0;
  default: {
    int t;
    if (dip_eu_load(m->eu, c, s, x) != 0) return -1;
    dip_eu_run(m->eu, m->rounds, m->tol, m->hist, m->risk, m->mean,
               m->median, m->best, &m->res, m->eupr);
    if (m->eupr->stop) {
      m->pr->stop = m->eupr->stop;
      if (m->cut) return -2;
    }
    t = m->res.rounds;
    *out = m->use_mean ? m->mean[t] : m->median[t];
    return 0;
  }
  }
}

static void freeeu(void *p) { dip_eu_free(p); }

static const char *const WEIGHTS[] = {"power", "capability", NULL};
static const char *const UTILITIES[] = {"linear", "quadratic", NULL};
static const char *const PROBABILITY[] = {"bdm", "scholz", NULL};
static const char *const RISK[] = {"others", "own", NULL};
static const char *const COMPROMISES[] = {"least_move", "scholz", NULL};
static const char *const OUTCOMES[] = {"median", "mean", NULL};
static const char *const OFFERS[] = {"best", "all", NULL};

/* Reads the options of model m->kind; may push buffers. */
static void readmodelopts(lua_State *L, const input *in, model *m) {
  const dip_issue *is = in->issue;
  m->lo = is->min;
  m->hi = is->max;
  m->w = in->w;
  m->order = in->order;
  if (m->kind == MEDIAN)
    m->capability_only = optchoice(L, "weight", WEIGHTS,
                                   "\"power\" or \"capability\"");
  if (m->kind == NASH) {
    m->capability_only = 1; /* MODELS.md: the exponents are c_i */
    if (hasopt(L, "weight"))
      m->capability_only = optchoice(L, "weight", WEIGHTS,
                                     "\"power\" or \"capability\"");
    m->p = 2.0;
    if (hasopt(L, "utility")) {
      if (hasopt(L, "p")) luaL_argerror(L, ARG, "give utility or p, not both");
      m->p = optchoice(L, "utility", UTILITIES,
                       "\"linear\" or \"quadratic\"") == 0 ? 1.0 : 2.0;
    }
    m->p = optnum(L, ARG, "", "p", m->p, 1.0, 64.0);
    if (hasopt(L, "status_quo"))
      m->sq = optnum(L, ARG, "", "status_quo", 0.0, is->min, is->max);
    else if (is->has_status_quo)
      m->sq = is->status_quo;
    else
      luaL_argerror(L, ARG, lua_pushfstring(L, "issue '%s' has no status "
                                               "quo: give one with "
                                               "status_quo = x (nash needs "
                                               "a disagreement point)",
                                            is->id));
  }
  if (m->kind == EU) {
    dip_eu_options o;
    dip_boxed *box;
    size_t N = (size_t)in->n, R;
    if (in->n > DIP_EU_MAX)
      luaL_argerror(L, 2, lua_pushfstring(L, "the EU model takes at most %d "
                                             "actors on an issue; '%s' has %d",
                                          DIP_EU_MAX, is->id, in->n));
    o.probability = (dip_eu_probability)optchoice(
        L, "probability", PROBABILITY, "\"bdm\" or \"scholz\"");
    o.risk = (dip_eu_risk)optchoice(L, "risk", RISK,
                                    "\"others\" or \"own\"");
    o.compromise = (dip_eu_compromise)optchoice(
        L, "compromise", COMPROMISES, "\"least_move\" or \"scholz\"");
    o.q = optnum(L, ARG, "", "q", 1.0, 0.0, 1.0);
    o.t = optnum(L, ARG, "", "t", 1.0, 0.0, 1.0);
    m->rounds = (int)optint(L, ARG, "", "rounds", 10, 1, 1000);
    m->tol = optnum(L, ARG, "", "tol", 1e-9 * (is->max - is->min), 0.0,
                    HUGE_VAL);
    m->use_mean = optchoice(L, "outcome", OUTCOMES,
                            "\"median\" or \"mean\"");
    m->all_offers = optchoice(L, "offers", OFFERS, "\"best\" or \"all\"");
    R = (size_t)m->rounds;
    m->hist = newbuf(L, (R + 1) * N, sizeof(double));
    m->risk = newbuf(L, R * N, sizeof(double));
    m->mean = newbuf(L, 2 * (R + 1), sizeof(double));
    m->median = m->mean + R + 1;
    m->best = newbuf(L, N, sizeof(dip_eu_offer));
    m->box = box = dip_box(L, freeeu);
    box->ptr = m->eu = dip_eu_new(in->n, &o);
    if (m->eu == NULL) luaL_error(L, "not enough memory");
  }
}

/* }====== */

/* {====== Results ====== */

static void setnum(lua_State *L, const char *key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

static void pushpositions(lua_State *L, const dip_system *sys,
                          const input *in, const double *x) {
  int i;
  lua_createtable(L, 0, in->n);
  for (i = 0; i < in->n; i++) {
    lua_pushnumber(L, x[i]);
    lua_setfield(L, -2, sys->actors[in->actor[i]].id);
  }
}

static const char *const OFFER_TYPES[] = {"none", "conflict", "compromise",
                                          "capitulation"};

static void pushoffer(lua_State *L, const dip_system *sys, const input *in,
                      const dip_eu_offer *o) {
  lua_createtable(L, 0, 6);
  lua_pushstring(L, sys->actors[in->actor[o->from]].id);
  lua_setfield(L, -2, "from");
  lua_pushstring(L, sys->actors[in->actor[o->to]].id);
  lua_setfield(L, -2, "to");
  lua_pushstring(L, OFFER_TYPES[o->type]);
  lua_setfield(L, -2, "type");
  setnum(L, "position", o->position);
  setnum(L, "eu_from", o->eu_from);
  setnum(L, "eu_to", o->eu_to);
}

/* The EU model's fields of the result table on top. */
static void pusheu(lua_State *L, const dip_system *sys, const input *in,
                   model *m) {
  int t, i, k = 0, T = m->res.rounds;
  size_t N = (size_t)in->n;
  lua_pushboolean(L, m->res.converged);
  lua_setfield(L, -2, "converged");
  setnum(L, "delta", dip_eu_delta(m->eu));
  lua_createtable(L, 0, 2);
  setnum(L, "mean", m->mean[0]);
  setnum(L, "median", m->median[0]);
  lua_setfield(L, -2, "initial");
  lua_createtable(L, T, 0);
  for (t = 1; t <= T; t++) {
    lua_createtable(L, 0, 4);
    setnum(L, "mean", m->mean[t]);
    setnum(L, "median", m->median[t]);
    pushpositions(L, sys, in, m->hist + (size_t)t * N);
    lua_setfield(L, -2, "positions");
    pushpositions(L, sys, in, m->risk + (size_t)(t - 1) * N);
    lua_setfield(L, -2, "risk");
    lua_rawseti(L, -2, t);
  }
  lua_setfield(L, -2, "rounds");
  pushpositions(L, sys, in, m->hist + (size_t)T * N);
  lua_setfield(L, -2, "final");
  if (m->res.cycle_period > 0) {
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, m->res.cycle_period);
    lua_setfield(L, -2, "period");
    lua_pushinteger(L, T - m->res.cycle_period);
    lua_setfield(L, -2, "from");
    lua_pushinteger(L, T);
    lua_setfield(L, -2, "to");
    lua_setfield(L, -2, "cycle");
  }
  lua_newtable(L);
  if (m->all_offers) {
    dip_eu_offer *buf = newbuf(L, N, sizeof *buf);
    for (i = 0; i < in->n; i++) {
      int j, c = dip_eu_offers_to(m->eu, i, buf);
      for (j = 0; j < c; j++) {
        pushoffer(L, sys, in, &buf[j]);
        lua_rawseti(L, -3, ++k);
      }
    }
    lua_pop(L, 1); /* buf */
  } else {
    for (i = 0; i < in->n; i++) {
      if (m->best[i].type == DIP_OFFER_NONE) continue;
      pushoffer(L, sys, in, &m->best[i]);
      lua_rawseti(L, -2, ++k);
    }
  }
  lua_setfield(L, -2, "offers");
}

/* }====== */

/* {====== Perturbation ====== */

static const char *const PERTURB_KEYS[] = {"runs", "position", "salience",
                                           "capability", "seed", NULL};

/* Largest number of runs; for the EU model also a bound on the work. */
#define MAX_RUNS 100000
#define MAX_EU_WORK 2e9 /* runs x rounds x actors^2: minutes */

/* Reads option perturb (pushes it); returns 0 when absent. */
static int readperturb(lua_State *L, const input *in, const model *m,
                       dip_perturb_spec *p) {
  int t, k;
  lua_Integer seed;
  if (lua_isnil(L, ARG)) return 0;
  if (lua_getfield(L, ARG, "perturb") == LUA_TNIL) {
    lua_pop(L, 1);
    return 0;
  }
  t = lua_gettop(L);
  if (!lua_istable(L, t))
    luaL_argerror(L, ARG, lua_pushfstring(L, "perturb: must be a table, "
                                             "not %s", luaL_typename(L, t)));
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, ARG, "perturb: option names must be strings");
    for (k = 0; PERTURB_KEYS[k]; k++)
      if (strcmp(lua_tostring(L, -2), PERTURB_KEYS[k]) == 0) break;
    if (PERTURB_KEYS[k] == NULL)
      luaL_argerror(L, ARG, lua_pushfstring(L, "perturb: unknown option '%s'",
                                            lua_tostring(L, -2)));
    lua_pop(L, 1);
  }
  p->runs = (int)optint(L, t, "perturb.", "runs", 1000, 1, MAX_RUNS);
  p->sd_position = optnum(L, t, "perturb.", "position", 0.0, 0.0, HUGE_VAL);
  p->sd_salience = optnum(L, t, "perturb.", "salience", 0.0, 0.0, HUGE_VAL);
  p->sd_capability =
      optnum(L, t, "perturb.", "capability", 0.0, 0.0, HUGE_VAL);
  seed = optint(L, t, "perturb.", "seed", 1, LUA_MININTEGER, LUA_MAXINTEGER);
  p->seed = (uint64_t)seed;
  p->lo = in->issue->min;
  p->hi = in->issue->max;
  if (m->kind == EU &&
      (double)p->runs * m->rounds * in->n * in->n > MAX_EU_WORK)
    luaL_argerror(L, ARG, lua_pushfstring(L, "perturb: %d runs of %d rounds "
                                             "on %d actors is too much work "
                                             "(runs x rounds x actors^2 must "
                                             "stay under 2e9)",
                                          p->runs, m->rounds, in->n));
  return 1;
}

/* EU runs check the caller's time budget only. */
static void timeonly(model *m) {
  m->inner = *m->pr;
  m->inner.fn = NULL;
  m->inner.stop = DIP_RUNNING;
  m->eupr = &m->inner;
}

/* Runs the perturbation and sets field distribution of the table on
** top.  A run stopped early (progress, time budget) summarises the runs
** completed and gives `requested`, the runs asked for. */
static void perturb(lua_State *L, const input *in, model *m,
                    const dip_perturb_spec *p, const dip_lprogress *lp) {
  size_t N = (size_t)in->n;
  double *work = newbuf(L, 3 * N, sizeof(double));
  double *out = newbuf(L, (size_t)p->runs, sizeof(double));
  dip_summary sum;
  int k, done;
  timeonly(m);
  m->cut = 1;
  k = dip_perturb(p, in->n, in->x, in->s, in->c, work, work + N,
                  work + 2 * N, runmodel, m, out, m->pr, &done);
  dip_progress_raise(L, lp);
  lua_createtable(L, 0, 7);
  lua_pushinteger(L, k);
  lua_setfield(L, -2, "runs");
  lua_pushinteger(L, done - k);
  lua_setfield(L, -2, "dropped");
  if (done < p->runs) {
    lua_pushinteger(L, p->runs);
    lua_setfield(L, -2, "requested");
  }
  lua_pushinteger(L, (lua_Integer)p->seed);
  lua_setfield(L, -2, "seed");
  if (k > 0) {
    dip_summarise(k, out, &sum);
    setnum(L, "mean", sum.mean);
    setnum(L, "sd", sum.sd);
    lua_createtable(L, 0, 5);
    setnum(L, "p05", sum.p05);
    setnum(L, "p25", sum.p25);
    setnum(L, "p50", sum.p50);
    setnum(L, "p75", sum.p75);
    setnum(L, "p95", sum.p95);
    lua_setfield(L, -2, "quantiles");
  }
  lua_setfield(L, -4, "distribution"); /* under the two buffers */
  lua_pop(L, 2);
}

/* }====== */

static int fc_forecast(lua_State *L) {
  dip_system *sys = dip_checksystem(L, 1);
  const char *id = dip_checkid(L, 2);
  int issue, has_perturb, e;
  input in;
  model m;
  dip_perturb_spec ps;
  dip_lprogress lp;
  double outcome;
  lua_settop(L, ARG);
  issue = dip_find_issue(sys, id);
  if (issue < 0)
    luaL_argerror(L, 2, lua_pushfstring(L, "unknown issue '%s'", id));
  memset(&m, 0, sizeof m);
  m.kind = readmodel(L);
  dip_readprogress(L, ARG, 1, &lp);
  m.pr = &lp.p;
  readinput(L, sys, issue, &in);
  readcapability(L, sys, &in);
  readmodelopts(L, &in, &m);
  has_perturb = readperturb(L, &in, &m, &ps);
  m.eupr = m.pr;
  if (has_perturb) timeonly(&m); /* progress counts the perturbed runs */
  e = runmodel(&m, in.n, in.x, in.s, in.c, &outcome);
  dip_progress_raise(L, &lp);
  if (e != 0) {
    if (m.kind == NASH)
      luaL_argerror(L, 2, lua_pushfstring(L, "nobody on issue '%s' has "
                                             "both capability and salience "
                                             "above 0", id));
    luaL_argerror(L, 2, lua_pushfstring(L, "nothing to weigh on issue '%s': "
                                           "every actor with a position "
                                           "has zero %s", id,
                                        m.capability_only
                                            ? "capability"
                                            : "capability or salience"));
  }
  lua_createtable(L, 0, 12);
  lua_pushstring(L, MODELS[m.kind]);
  lua_setfield(L, -2, "model");
  lua_pushstring(L, sys->issues[issue].id);
  lua_setfield(L, -2, "issue");
  setnum(L, "outcome", outcome);
  lua_pushinteger(L, in.n);
  lua_setfield(L, -2, "actors");
  if (m.kind == MEDIAN || m.kind == NASH) {
    lua_pushstring(L, m.capability_only ? "capability" : "power");
    lua_setfield(L, -2, "weight");
  }
  if (m.kind == NASH) {
    setnum(L, "status_quo", m.sq);
    setnum(L, "p", m.p);
    lua_createtable(L, 2, 0);
    lua_pushnumber(L, m.nash.lo);
    lua_rawseti(L, -2, 1);
    lua_pushnumber(L, m.nash.hi);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "feasible");
    lua_pushinteger(L, m.nash.participants);
    lua_setfield(L, -2, "participants");
  }
  if (m.kind == EU) {
    lua_pushstring(L, m.use_mean ? "mean" : "median");
    lua_setfield(L, -2, "outcome_rule");
    pusheu(L, sys, &in, &m);
  }
  if (has_perturb) perturb(L, &in, &m, &ps, &lp);
  if (m.box) dip_box_release(m.box); /* the tables can be large: free now */
  dip_progress_mark(L, &lp, -1);
  return 1;
}

/* diplomat.core.eu_utilities(d, r [, e]) -> { success, failure, better,
** worse, status_quo } */
static int fc_eu_utilities(lua_State *L) {
  double d = luaL_checknumber(L, 1), r = luaL_checknumber(L, 2);
  double e = luaL_optnumber(L, 3, 0.0);
  dip_eu_utility u;
  luaL_argcheck(L, d >= 0.0 && d <= 1.0, 1, "d must be in [0, 1]");
  luaL_argcheck(L, r > 0.0 && isfinite(r), 2, "r must be > 0");
  luaL_argcheck(L, e >= 0.0 && e <= 1.0, 3, "e must be in [0, 1]");
  dip_eu_utilities(d, e, r, &u);
  lua_createtable(L, 0, 5);
  setnum(L, "success", u.success);
  setnum(L, "failure", u.failure);
  setnum(L, "better", u.better);
  setnum(L, "worse", u.worse);
  setnum(L, "status_quo", u.status_quo);
  return 1;
}

const luaL_Reg dip_forecast_methods[] = {
    {"forecast", fc_forecast},
    {NULL, NULL},
};

const luaL_Reg dip_forecast_functions[] = {
    {"eu_utilities", fc_eu_utilities},
    {NULL, NULL},
};

/*
** lua_game.c — the weighted voting game of an options table, by the
** rules of sys:power; sys:power and the coalition searches both read
** their game here, so the two agree rule for rule and message for message:
**
**   weight      "capability" (default), "attrs.<name>" (actors without
**               the attribute weigh 0; one actor must have it) or
**               { [actor id] = weight } (actors not listed weigh 0)
**   resolution  the unit: weights become whole numbers of it; by default
**               the coarsest of 1, 0.1, ..., 0.000001 that makes every
**               weight whole (else 0.000001, rounding)
**   quota       wins with at least ceil(quota / unit) units
**   share       wins with more than share of the total K: floor(share K)
**               + 1 units, share K within 1e-9 of a whole number counting
**               as that number; share = 1 means all of K; default 0.5
*/
#include <math.h>
#include <string.h>

#include "lua_game.h"

#define bad(L, ...) luaL_argerror(L, A, lua_pushfstring(L, __VA_ARGS__))

/* Pushes option key of the table at A (nil when absent); its type. */
static int getoption(lua_State *L, int A, const char *key) {
  if (lua_isnil(L, A)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, A, key);
}

/* A finite number option, or def when absent; *given tells which. */
static double optnum(lua_State *L, int A, const char *key, double def,
                     int *given) {
  double v = def;
  *given = 0;
  if (getoption(L, A, key) != LUA_TNIL) {
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

static double checkweight(lua_State *L, int A, double v, const char *who,
                          const char *what) {
  if (!(v >= 0) || isinf(v))
    bad(L, "weight: %s '%s' has %s %s (weights must be finite and >= 0)",
        "actor", who, what, isnan(v) ? "NaN" : DIP_NUM(v));
  return v;
}

/* Option weight: "capability" (default), "attrs.<name>" (actors without
** it weigh 0; one must have it) or { [actor id] = weight } (others 0). */
static void readweights(lua_State *L, int A, const dip_system *s, double *raw) {
  int i, tp = getoption(L, A, "weight");
  for (i = 0; i < s->nactors; i++) raw[i] = s->actors[i].capability;
  if (tp == LUA_TTABLE) {
    for (i = 0; i < s->nactors; i++) raw[i] = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      int a;
      if (lua_type(L, -2) != LUA_TSTRING)
        bad(L, "weight: keys must be actor ids");
      a = dip_find_actor(s, lua_tostring(L, -2));
      if (a < 0) bad(L, "weight: unknown actor '%s'", lua_tostring(L, -2));
      if (lua_type(L, -1) != LUA_TNUMBER)
        bad(L, "weight.%s: must be a number, not %s", lua_tostring(L, -2),
            luaL_typename(L, -1));
      raw[a] = checkweight(L, A, lua_tonumber(L, -1), lua_tostring(L, -2),
                           "weight");
      lua_pop(L, 1);
    }
  } else if (tp == LUA_TSTRING) {
    const char *w = lua_tostring(L, -1);
    if (strncmp(w, "attrs.", 6) == 0 && w[6] != '\0') {
      int found = 0;
      for (i = 0; i < s->nactors; i++) {
        const dip_attr *t = dip_attrs_get(&s->actors[i].attrs, w + 6);
        raw[i] = 0;
        if (t == NULL) continue;
        found = 1;
        if (t->type == DIP_INT)
          raw[i] = (double)t->u.i;
        else if (t->type == DIP_NUM)
          raw[i] = t->u.n;
        else
          bad(L, "weight: actor '%s' has a %s %s, not a number",
              s->actors[i].id, t->type == DIP_STR ? "string" : "boolean", w);
        checkweight(L, A, raw[i], s->actors[i].id, w);
      }
      if (!found && s->nactors > 0) bad(L, "weight: no actor has %s", w);
    } else if (strcmp(w, "capability") != 0)
      bad(L, "weight: unknown weight '%s' (use \"capability\", "
             "\"attrs.<name>\" or a table { [actor id] = weight })", w);
  } else if (tp != LUA_TNIL)
    bad(L, "weight: must be \"capability\", \"attrs.<name>\" or a table "
           "{ [actor id] = weight }, not %s", luaL_typename(L, -1));
  lua_pop(L, 1);
}

static int whole(double y, double *k) {
  *k = nearbyint(y);
  return fabs(y - *k) <= 1e-9 * (fabs(y) > 1 ? fabs(y) : 1);
}

/* Weights in whole units: resolution r, or by default the coarsest of 1,
** 0.1, ..., 0.000001 that makes every weight whole (else 0.000001). */
static void makeunits(lua_State *L, int A, const dip_system *s, dip_wvote *G) {
  int given, i, d = 0;
  double r = optnum(L, A, "resolution", 0, &given), k, total = 0;
  G->rounded = 0;
  if (given) {
    if (!(r > 0)) bad(L, "resolution: must be positive, not %s", DIP_NUM(r));
    G->unit = r;
  } else {
    for (d = 0; d <= 6; d++) {
      double scale = pow(10, d);
      for (i = 0; i < s->nactors; i++)
        if (!whole(G->raw[i] * scale, &k)) break;
      if (i == s->nactors) break;
    }
    if (d > 6) d = 6;
    G->unit = pow(10, -d);
  }
  for (i = 0; i < s->nactors; i++) {
    double y = given ? G->raw[i] / r : G->raw[i] * pow(10, d);
    if (!whole(y, &k)) G->rounded = 1;
    if (k > 9007199254740992.0)
      bad(L, "weight: actor '%s' weighs %s units of %s; the largest weight "
             "is 2^53 units (give a coarser resolution)", s->actors[i].id,
          DIP_NUM(k), DIP_NUM(G->unit));
    G->units[i] = (int64_t)k;
    total += k;
  }
  if (total > 9007199254740992.0)
    bad(L, "weight: the total weight is %s units of %s; the most is 2^53 "
           "units (give a coarser resolution)", DIP_NUM(total),
        DIP_NUM(G->unit));
  G->total = (int64_t)total;
}

/* quota = Q: wins with at least ceil(Q / unit) units; share = s (default
** 0.5): with more than s of the total K, floor(s K) + 1 units, s K within
** 1e-9 of a whole number counting as that number (s = 1: all of K). */
static void readquota(lua_State *L, int A, dip_wvote *G) {
  int hasq, hass;
  double Q = optnum(L, A, "quota", 0, &hasq);
  double sh = optnum(L, A, "share", 0.5, &hass);
  int64_t K = G->total;
  if (hasq && hass) bad(L, "give quota or share, not both");
  if (hasq) {
    double y = Q / G->unit, k;
    if (!(Q > 0)) bad(L, "quota: must be positive, not %s", DIP_NUM(Q));
    if (!whole(y, &k)) k = ceil(y);
    if (k < 1) k = 1;
    G->quota = k > (double)K + 1 ? K + 1 : (int64_t)k;
    return;
  }
  if (!(sh >= 0 && sh <= 1))
    bad(L, "share: must be between 0 and 1, not %s", DIP_NUM(sh));
  if (sh < 1) {
    double p = sh * (double)K, k;
    if (!whole(p, &k)) k = floor(p);
    G->quota = (int64_t)k + 1;
  } else
    G->quota = K;
  if (G->quota < 1) G->quota = 1;
}

void dip_readvote(lua_State *L, int arg, const dip_system *s, dip_wvote *g) {
  readweights(L, arg, s, g->raw);
  makeunits(L, arg, s, g);
  readquota(L, arg, g);
}

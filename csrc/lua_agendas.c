/*
** lua_agendas.c — binding of sys:agendas{ issues, pairs, clusters,
** threshold, tolerance, share, weight, distance } (agendas.c).
**
** Every option is read, and may raise, first; the positions are then laid
** out in dense arrays.  All scratch memory lives in Lua userdata on the
** stack, so an error raised at any point (a bad tolerance attribute, out
** of memory while building the result) leaks nothing.
*/
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "agendas.h"
#include "binding.h"

/* Default cut of the dendrogram: mean distance between clusters. */
#define DEFAULT_THRESHOLD 0.2
#define DEFAULT_PAIRS 5
#define DEFAULT_SHARE 0.5

typedef enum { W_POWER, W_SALIENCE, W_CAPABILITY, W_EQUAL } weighting;

typedef struct agopts {
  int *col;   /* per system issue: its column, or -1 */
  int *issue; /* per column: the system issue */
  int m;
  lua_Integer pairs;
  int cut; /* 0: no clustering, 1: into k clusters, 2: at a threshold */
  lua_Integer k;
  double threshold, share;
  weighting weight;
  int distance; /* 0: none, 1: every actor, 2: the rows listed */
  int *rows;
  int nrows;
} agopts;

/* A scratch array in a userdata left on the stack (freed by the GC). */
static void *scratch(lua_State *L, size_t count, size_t size) {
  if (count > ((size_t)-1 - 1) / size)
    luaL_error(L, "not enough memory");
  return lua_newuserdatauv(L, count * size + 1, 0);
}

static int bad(lua_State *L, const char *fmt, ...) {
  const char *msg;
  va_list ap;
  va_start(ap, fmt);
  msg = lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  return luaL_argerror(L, 2, msg);
}

/* {====== Options ====== */

static const char *const OPTIONS[] = {
    "issues", "pairs",  "clusters", "threshold", "tolerance",
    "share",  "weight", "distance", "progress",  "time_budget", NULL};

/* Option `key` pushed on the stack (nil when there are no options). */
static int option(lua_State *L, const char *key) {
  if (lua_isnil(L, 2)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, 2, key);
}

static void readissues(lua_State *L, const dip_system *s, agopts *o) {
  int i;
  o->col = scratch(L, (size_t)s->nissues, sizeof(int));
  o->issue = scratch(L, (size_t)s->nissues, sizeof(int));
  o->m = 0;
  if (option(L, "issues") == LUA_TNIL) {
    for (i = 0; i < s->nissues; i++) o->col[i] = o->issue[i] = i;
    o->m = s->nissues;
  } else {
    lua_Integer j, n;
    if (!lua_istable(L, -1)) bad(L, "issues: must be an array of issue ids");
    n = (lua_Integer)lua_rawlen(L, -1);
    if (n == 0) bad(L, "issues: the list is empty");
    for (i = 0; i < s->nissues; i++) o->col[i] = -1;
    for (j = 1; j <= n; j++) {
      const char *id;
      if (lua_rawgeti(L, -1, j) != LUA_TSTRING)
        bad(L, "issues: must be an array of issue ids");
      id = lua_tostring(L, -1);
      i = dip_find_issue(s, id);
      if (i < 0) bad(L, "issues: unknown issue '%s'", id);
      if (o->col[i] >= 0) bad(L, "issues: '%s' is listed twice", id);
      o->col[i] = o->m;
      o->issue[o->m++] = i;
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

static void readpairs(lua_State *L, agopts *o) {
  o->pairs = DEFAULT_PAIRS;
  if (option(L, "pairs") != LUA_TNIL) {
    if (!lua_isinteger(L, -1) && !(lua_type(L, -1) == LUA_TNUMBER &&
                                   lua_tonumber(L, -1) ==
                                       floor(lua_tonumber(L, -1))))
      bad(L, "pairs: must be a whole number >= 0");
    if (lua_isinteger(L, -1))
      o->pairs = lua_tointeger(L, -1);
    else { /* a whole float, possibly huge: cap it */
      double x = lua_tonumber(L, -1);
      o->pairs = x > 1e15 ? (lua_Integer)1e15 : (lua_Integer)x;
    }
    if (o->pairs < 0) bad(L, "pairs: must be a whole number >= 0");
  }
  lua_pop(L, 1);
}

static void readclusters(lua_State *L, agopts *o) {
  int tc = option(L, "clusters"), tt = option(L, "threshold");
  o->cut = 2;
  o->threshold = DEFAULT_THRESHOLD;
  o->k = 0;
  /* clusters = true only asks for the default cut, so it may come with
  ** a threshold; a count or false may not */
  if (tt != LUA_TNIL && tc != LUA_TNIL &&
      !(tc == LUA_TBOOLEAN && lua_toboolean(L, -2)))
    bad(L, "give clusters or threshold, not both");
  if (tc == LUA_TBOOLEAN) {
    if (!lua_toboolean(L, -2)) o->cut = 0;
  } else if (tc != LUA_TNIL) {
    double x = lua_tonumber(L, -2);
    if (tc != LUA_TNUMBER || !(x >= 1) || x != floor(x) || isinf(x))
      bad(L, "clusters: must be a whole number >= 1, or false");
    o->cut = 1;
    o->k = x > 1e9 ? 1000000000 : (lua_Integer)x;
  }
  if (tt != LUA_TNIL) {
    double x = lua_tonumber(L, -1);
    if (tt != LUA_TNUMBER || !(x >= 0 && x <= 1))
      bad(L, "threshold: must be a number in [0, 1]");
    o->threshold = x;
  }
  lua_pop(L, 2);
}

static void readshare(lua_State *L, agopts *o) {
  int t = option(L, "share");
  o->share = DEFAULT_SHARE;
  if (t != LUA_TNIL) {
    double x = lua_tonumber(L, -1);
    if (t != LUA_TNUMBER || !(x > 0 && x <= 1))
      bad(L, "share: must be a number in (0, 1]");
    o->share = x;
  }
  lua_pop(L, 1);
}

static void readweight(lua_State *L, agopts *o) {
  static const char *const NAMES[] = {"power", "salience", "capability",
                                      "equal", NULL};
  int t = option(L, "weight"), k;
  o->weight = W_POWER;
  if (t != LUA_TNIL) {
    if (t != LUA_TSTRING)
      bad(L, "weight: must be \"power\", \"salience\", \"capability\" or "
             "\"equal\"");
    for (k = 0; NAMES[k]; k++)
      if (strcmp(lua_tostring(L, -1), NAMES[k]) == 0) break;
    if (NAMES[k] == NULL)
      bad(L, "weight: unknown weighting '%s' (expected power, salience, "
             "capability or equal)", lua_tostring(L, -1));
    o->weight = (weighting)k;
  }
  lua_pop(L, 1);
}

static void readdistance(lua_State *L, const dip_system *s, agopts *o) {
  int t = option(L, "distance");
  o->distance = 0;
  o->nrows = 0;
  o->rows = NULL;
  if (t == LUA_TBOOLEAN)
    o->distance = lua_toboolean(L, -1);
  else if (t == LUA_TTABLE) {
    lua_Integer j, n = (lua_Integer)lua_rawlen(L, -1);
    o->distance = 2;
    o->rows = scratch(L, (size_t)n, sizeof(int));
    lua_insert(L, -2); /* keep the rows below the option */
    for (j = 1; j <= n; j++) {
      int a;
      if (lua_rawgeti(L, -1, j) != LUA_TSTRING)
        bad(L, "distance: must be true, false or an array of actor ids");
      a = dip_find_actor(s, lua_tostring(L, -1));
      if (a < 0)
        bad(L, "distance: unknown actor '%s'", lua_tostring(L, -1));
      o->rows[o->nrows++] = a;
      lua_pop(L, 1);
    }
  } else if (t != LUA_TNIL)
    bad(L, "distance: must be true, false or an array of actor ids");
  lua_pop(L, 1);
}

/* }====== */

/* {====== Tolerance ====== */

/* A tolerance value: finite and >= 0. */
static int oktolerance(double t) { return t >= 0 && isfinite(t); }

/*
** Fills tol[i * m + k] (on the issue's scale) for every position held.
** Default: (1 - salience) / 2 of the scale.  Option `tolerance`: a share
** of the scale for everyone; a table { [actor id] = share } (others keep
** the default); or the name of a free attribute ("name" or
** "attrs.name") read from the position, else from the actor.
*/
static void readtolerance(lua_State *L, const dip_system *s,
                          const agopts *o, const dip_agenda *g, double *tol) {
  int t = option(L, "tolerance"), i, k, m = o->m;
  for (i = 0; i < s->nactors * m; i++)
    tol[i] = (1 - g->s[i]) / 2 * g->range[i % (m > 0 ? m : 1)];
  if (t == LUA_TNUMBER) {
    double x = lua_tonumber(L, -1);
    if (!oktolerance(x))
      bad(L, "tolerance: must be a number >= 0 (a share of the scale)");
    for (i = 0; i < s->nactors * m; i++) tol[i] = x * g->range[i % m];
  } else if (t == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      int a;
      double x;
      if (lua_type(L, -2) != LUA_TSTRING)
        bad(L, "tolerance: keys must be actor ids");
      a = dip_find_actor(s, lua_tostring(L, -2));
      if (a < 0) bad(L, "tolerance: unknown actor '%s'", lua_tostring(L, -2));
      x = lua_tonumber(L, -1);
      if (lua_type(L, -1) != LUA_TNUMBER || !oktolerance(x))
        bad(L, "tolerance: actor '%s' needs a number >= 0, not %s",
            lua_tostring(L, -2),
            lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
                                           : luaL_typename(L, -1));
      for (k = 0; k < m; k++) tol[a * m + k] = x * g->range[k];
      lua_pop(L, 1);
    }
  } else if (t == LUA_TSTRING) {
    const char *name = lua_tostring(L, -1);
    if (strncmp(name, "attrs.", 6) == 0) name += 6;
    if (*name == '\0') bad(L, "tolerance: the attribute name is empty");
    for (i = 0; i < s->npositions; i++) {
      const dip_position *p = &s->positions[i];
      const dip_attr *at;
      double x;
      k = o->col[p->issue];
      if (k < 0) continue;
      at = dip_attrs_get(&p->attrs, name);
      if (at == NULL) at = dip_attrs_get(&s->actors[p->actor].attrs, name);
      if (at == NULL) continue;
      if (at->type != DIP_NUM && at->type != DIP_INT)
        bad(L, "tolerance: attribute '%s' of actor '%s' on issue '%s' is "
               "not a number", name, s->actors[p->actor].id,
            s->issues[p->issue].id);
      x = at->type == DIP_NUM ? at->u.n : (double)at->u.i;
      if (!oktolerance(x))
        bad(L, "tolerance: attribute '%s' of actor '%s' on issue '%s' "
               "must be >= 0", name, s->actors[p->actor].id,
            s->issues[p->issue].id);
      tol[p->actor * m + k] = x * g->range[k];
    }
  } else if (t != LUA_TNIL)
    bad(L, "tolerance: must be a number, a table of numbers by actor id "
           "or the name of an attribute");
  lua_pop(L, 1);
}

/* }====== */

/* {====== Results ====== */

static void pushpairs(lua_State *L, const dip_system *s,
                      const dip_agenda_pair *p, int n) {
  int i;
  lua_createtable(L, n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 4);
    lua_pushstring(L, s->actors[p[i].a].id);
    lua_setfield(L, -2, "a");
    lua_pushstring(L, s->actors[p[i].b].id);
    lua_setfield(L, -2, "b");
    lua_pushnumber(L, p[i].d);
    lua_setfield(L, -2, "distance");
    lua_pushinteger(L, p[i].common);
    lua_setfield(L, -2, "issues");
    lua_rawseti(L, -2, i + 1);
  }
}

/* distance = { [a] = { [b] = d } } for the rows asked for. */
static void pushdistance(lua_State *L, const dip_system *s, const agopts *o,
                         const dip_agenda *g, const int *placed, int np) {
  int r, j, nrows = o->distance == 1 ? np : o->nrows;
  lua_createtable(L, 0, nrows);
  for (r = 0; r < nrows; r++) {
    int a = o->distance == 1 ? placed[r] : o->rows[r];
    lua_createtable(L, 0, np);
    for (j = 0; j < np; j++) {
      double d;
      if (placed[j] == a) {
        /* a placed actor is at distance 0 from itself */
        lua_pushnumber(L, 0);
        lua_setfield(L, -2, s->actors[a].id);
      } else if (dip_agenda_distance(g, a, placed[j], &d) > 0) {
        lua_pushnumber(L, d);
        lua_setfield(L, -2, s->actors[placed[j]].id);
      }
    }
    lua_setfield(L, -2, s->actors[a].id);
  }
}

/* Leaves as actor ids, merges as their 1-based numbers. */
static void pushnode(lua_State *L, const dip_system *s, const int *placed,
                     int np, int node) {
  if (node < np)
    lua_pushstring(L, s->actors[placed[node]].id);
  else
    lua_pushinteger(L, node - np + 1);
}

/*
** Clusters: builds the condensed matrix (no common issue counts as the
** largest distance, 1), runs the linkage, cuts it, and sets clusters,
** cluster_of and merges in the result table at res.
*/
static void clusters(lua_State *L, const dip_system *s, const agopts *o,
                     const dip_agenda *g, const int *placed, int np,
                     int res) {
  size_t npairs = (size_t)np * (size_t)(np > 0 ? np - 1 : 0) / 2;
  double *D = scratch(L, npairs, sizeof(double));
  int *iwork = scratch(L, 3 * (size_t)np, sizeof(int));
  double *dwork = scratch(L, (size_t)np, sizeof(double));
  dip_merge *merges = scratch(L, (size_t)np, sizeof(dip_merge));
  int *label = scratch(L, (size_t)np, sizeof(int));
  double *means;
  int *counts;
  int i, j, r, nc, m = g->m;
  for (i = 0; i < np; i++)
    for (j = i + 1; j < np; j++) {
      double d = 1;
      dip_agenda_distance(g, placed[i], placed[j], &d);
      D[dip_condensed(np, i, j)] = d;
    }
  if (np > 1) dip_average_linkage(np, D, iwork, dwork, merges);
  if (o->cut == 1)
    r = o->k >= np ? 0 : np - (int)o->k;
  else
    for (r = 0; r < np - 1 && merges[r].height <= o->threshold; r++) {}
  nc = dip_linkage_cut(np, merges, r, label, iwork);
  means = scratch(L, (size_t)nc * (size_t)m, sizeof(double));
  counts = scratch(L, (size_t)nc * (size_t)m, sizeof(int));
  dip_agenda_means(g, placed, np, label, nc, means, counts);
  lua_createtable(L, nc, 0); /* clusters */
  for (i = 0; i < nc; i++) {
    int n = 0, k;
    lua_createtable(L, 0, 3);
    lua_newtable(L); /* members */
    for (j = 0; j < np; j++)
      if (label[j] == i) {
        lua_pushstring(L, s->actors[placed[j]].id);
        lua_rawseti(L, -2, ++n);
      }
    lua_setfield(L, -2, "members");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "size");
    lua_createtable(L, 0, m); /* positions */
    for (k = 0; k < m; k++)
      if (counts[i * m + k] > 0) {
        lua_pushnumber(L, means[i * m + k]);
        lua_setfield(L, -2, s->issues[o->issue[k]].id);
      }
    lua_setfield(L, -2, "positions");
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, res, "clusters");
  lua_createtable(L, 0, np); /* cluster_of */
  for (j = 0; j < np; j++) {
    lua_pushinteger(L, label[j] + 1);
    lua_setfield(L, -2, s->actors[placed[j]].id);
  }
  lua_setfield(L, res, "cluster_of");
  lua_createtable(L, np > 0 ? np - 1 : 0, 0); /* merges */
  for (i = 0; i < np - 1; i++) {
    lua_createtable(L, 0, 4);
    pushnode(L, s, placed, np, merges[i].left);
    lua_setfield(L, -2, "left");
    pushnode(L, s, placed, np, merges[i].right);
    lua_setfield(L, -2, "right");
    lua_pushnumber(L, merges[i].height);
    lua_setfield(L, -2, "height");
    lua_pushinteger(L, merges[i].size);
    lua_setfield(L, -2, "size");
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, res, "merges");
}

/* polarisation and band of every chosen issue, set in res. */
static void issues(lua_State *L, const dip_system *s, const agopts *o,
                   const dip_agenda *g, const double *tol, int res) {
  int n = s->nactors, m = g->m, k, i;
  double *x = scratch(L, (size_t)n, sizeof(double));
  double *w = scratch(L, (size_t)n, sizeof(double));
  double *t = scratch(L, (size_t)n, sizeof(double));
  double *c = scratch(L, (size_t)n, sizeof(double));
  double *out = scratch(L, 2 * (size_t)n, sizeof(double));
  dip_band_event *ev = scratch(L, 2 * (size_t)n, sizeof(dip_band_event));
  lua_createtable(L, 0, m); /* polarisation */
  lua_createtable(L, 0, m); /* band */
  for (k = 0; k < m; k++) {
    const dip_issue *is = &s->issues[o->issue[k]];
    dip_polar pr;
    int held = 0, nb;
    for (i = 0; i < n; i++) {
      double xi = g->x[(size_t)i * m + k], si = g->s[(size_t)i * m + k];
      double ci = s->actors[i].capability;
      if (isnan(xi)) continue;
      x[held] = xi, t[held] = tol[(size_t)i * m + k], c[held] = ci;
      switch (o->weight) {
      case W_POWER: w[held] = ci * si; break;
      case W_SALIENCE: w[held] = si; break;
      case W_CAPABILITY: w[held] = ci; break;
      case W_EQUAL: w[held] = 1; break;
      }
      held++;
    }
    dip_polarisation(held, x, w, g->range[k], &pr);
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, pr.count);
    lua_setfield(L, -2, "count");
    if (!isnan(pr.mean)) {
      lua_pushnumber(L, pr.mean);
      lua_setfield(L, -2, "mean");
      lua_pushnumber(L, pr.variance);
      lua_setfield(L, -2, "variance");
    }
    if (!isnan(pr.bimodality)) {
      lua_pushnumber(L, pr.bimodality);
      lua_setfield(L, -2, "bimodality");
    }
    lua_setfield(L, -3, is->id);
    nb = dip_band(held, x, t, c, is->min, is->max, o->share, out, ev);
    lua_createtable(L, nb, 0);
    for (i = 0; i < nb; i++) {
      lua_createtable(L, 0, 2);
      lua_pushnumber(L, out[2 * i]);
      lua_setfield(L, -2, "low");
      lua_pushnumber(L, out[2 * i + 1]);
      lua_setfield(L, -2, "high");
      lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, is->id);
  }
  lua_setfield(L, res, "band");
  lua_setfield(L, res, "polarisation");
}

/* }====== */

/*
** agendas{ issues, pairs, clusters | threshold, tolerance, share, weight,
** distance } -> { issues, aligned, opposed, unplaced, distance?,
** clusters?, cluster_of?, merges?, polarisation, band }
*/
static int ag_agendas(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  agopts o;
  dip_agenda g;
  double *x, *sal, *range, *tol;
  int *placed;
  dip_agenda_pair *aligned, *opposed;
  int i, k, m, n = s->nactors, np = 0, kk, na;
  int res;
  size_t cells, c;
  dip_lprogress lp;
  lua_settop(L, 2); /* the options are at 2, even when absent */
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    dip_checkoptnames(L, 2, OPTIONS);
  }
  dip_readprogress(L, 2, 1, &lp);
  readissues(L, s, &o);
  readpairs(L, &o);
  readclusters(L, &o);
  readshare(L, &o);
  readweight(L, &o);
  readdistance(L, s, &o);
  m = o.m;
  /* the positions, dense: NaN where an actor holds none */
  cells = (size_t)n * (size_t)m;
  x = scratch(L, cells, sizeof(double));
  sal = scratch(L, cells, sizeof(double));
  range = scratch(L, (size_t)m, sizeof(double));
  tol = scratch(L, cells, sizeof(double));
  for (c = 0; c < cells; c++) x[c] = NAN, sal[c] = 0;
  for (k = 0; k < m; k++)
    range[k] = s->issues[o.issue[k]].max - s->issues[o.issue[k]].min;
  for (i = 0; i < s->npositions; i++) {
    const dip_position *p = &s->positions[i];
    if ((k = o.col[p->issue]) < 0) continue;
    x[(size_t)p->actor * m + k] = p->position;
    sal[(size_t)p->actor * m + k] = p->salience;
  }
  g.n = n, g.m = m, g.x = x, g.s = sal, g.range = range;
  readtolerance(L, s, &o, &g, tol);
  /* placed: actors with a salient position on a chosen issue */
  placed = scratch(L, (size_t)n, sizeof(int));
  for (i = 0; i < n; i++)
    for (k = 0; k < m; k++)
      if (!isnan(x[(size_t)i * m + k]) && sal[(size_t)i * m + k] > 0) {
        placed[np++] = i;
        break;
      }
  if (o.cut && np > DIP_AGENDAS_MAX)
    bad(L, "clusters: %d actors hold positions, more than the %d "
           "hierarchical clustering handles (pass clusters = false)",
        np, DIP_AGENDAS_MAX);
  if (o.distance == 1 && np > DIP_AGENDAS_MAX)
    bad(L, "distance: %d actors hold positions, more than the %d the "
           "full table allows (ask for rows: distance = { ids })",
        np, DIP_AGENDAS_MAX);
  {
    double all = (double)np * (np - 1) / 2, want = (double)o.pairs;
    if (all > INT_MAX / 2) all = INT_MAX / 2;
    kk = (int)(want < all ? want : all);
  }
  aligned = scratch(L, (size_t)kk, sizeof(dip_agenda_pair));
  opposed = scratch(L, (size_t)kk, sizeof(dip_agenda_pair));
  na = dip_agenda_pairs(&g, placed, np, kk, aligned, opposed, &lp.p);
  dip_progress_raise(L, &lp);
  lua_newtable(L);
  res = lua_gettop(L);
  lua_createtable(L, m, 0);
  for (k = 0; k < m; k++) {
    lua_pushstring(L, s->issues[o.issue[k]].id);
    lua_rawseti(L, -2, k + 1);
  }
  lua_setfield(L, res, "issues");
  pushpairs(L, s, aligned, na);
  lua_setfield(L, res, "aligned");
  pushpairs(L, s, opposed, na);
  lua_setfield(L, res, "opposed");
  lua_newtable(L);
  for (i = 0, k = 0; i < n; i++)
    if (k < np && placed[k] == i)
      k++;
    else {
      lua_pushstring(L, s->actors[i].id);
      lua_rawseti(L, -2, i - k + 1);
    }
  lua_setfield(L, res, "unplaced");
  /* stopped: what is left is bounded, but the caller asked to stop */
  if (o.distance && !lp.p.stop) {
    pushdistance(L, s, &o, &g, placed, np);
    lua_setfield(L, res, "distance");
  }
  if (o.cut && !lp.p.stop) clusters(L, s, &o, &g, placed, np, res);
  issues(L, s, &o, &g, tol, res);
  lua_settop(L, res);
  dip_progress_mark(L, &lp, res);
  return 1;
}

const luaL_Reg dip_agendas_methods[] = {
    {"agendas", ag_agendas},
    {NULL, NULL},
};

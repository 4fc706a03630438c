/*
** lua_query.c — reading a system: actors, layers, ties, issues and
** positions as plain Lua tables keyed by id.
*/
#include <string.h>

#include "binding.h"

/* {====== Pushing model objects ====== */

void dip_pushattrs(lua_State *L, const dip_attrs *a) {
  int i;
  lua_createtable(L, 0, a->n);
  for (i = 0; i < a->n; i++) {
    const dip_attr *t = &a->items[i];
    switch (t->type) {
    case DIP_STR: lua_pushstring(L, t->u.s); break;
    case DIP_INT: lua_pushinteger(L, (lua_Integer)t->u.i); break;
    case DIP_NUM: lua_pushnumber(L, t->u.n); break;
    case DIP_BOOL: lua_pushboolean(L, t->u.b); break;
    }
    lua_setfield(L, -2, t->key); /* attrs[key] = value */
  }
}

static void setstr(lua_State *L, const char *key, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

static void setnum(lua_State *L, const char *key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

static void setbool(lua_State *L, const char *key, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, key);
}

static void pushlayer(lua_State *L, const dip_layer *l) {
  lua_createtable(L, 0, 7);
  setstr(L, "id", l->id);
  setstr(L, "name", l->name);
  setstr(L, "description", l->description);
  setbool(L, "directed", l->directed);
  setbool(L, "informal", l->informal);
  setbool(L, "self_ties", l->self_ties);
  dip_pushattrs(L, &l->attrs);
  lua_setfield(L, -2, "attrs");
}

static void pushactor(lua_State *L, const dip_actor *a) {
  int k;
  lua_createtable(L, 0, 11);
  setstr(L, "id", a->id);
  setstr(L, "name", a->name);
  setstr(L, "kind", a->kind);
  setstr(L, "org", a->org);
  setstr(L, "sector", a->sector);
  setstr(L, "profession", a->profession);
  setstr(L, "level", a->level);
  setstr(L, "mandate", a->mandate);
  setnum(L, "capability", a->capability);
  lua_createtable(L, a->tags.n, 0);
  for (k = 0; k < a->tags.n; k++) {
    lua_pushstring(L, a->tags.items[k]);
    lua_rawseti(L, -2, k + 1); /* tags[k+1] = tag */
  }
  lua_setfield(L, -2, "tags");
  dip_pushattrs(L, &a->attrs);
  lua_setfield(L, -2, "attrs");
}

static void pushtie(lua_State *L, const dip_system *s, const dip_tie *t) {
  lua_createtable(L, 0, 5);
  setstr(L, "from", s->actors[t->from].id);
  setstr(L, "to", s->actors[t->to].id);
  setstr(L, "layer", s->layers[t->layer].id);
  setnum(L, "weight", t->weight);
  dip_pushattrs(L, &t->attrs);
  lua_setfield(L, -2, "attrs");
}

static void pushissue(lua_State *L, const dip_issue *is) {
  lua_createtable(L, 0, 9);
  setstr(L, "id", is->id);
  setstr(L, "name", is->name);
  setstr(L, "description", is->description);
  setnum(L, "min", is->min);
  setnum(L, "max", is->max);
  if (is->has_status_quo) setnum(L, "status_quo", is->status_quo);
  setstr(L, "min_label", is->min_label);
  setstr(L, "max_label", is->max_label);
  dip_pushattrs(L, &is->attrs);
  lua_setfield(L, -2, "attrs");
}

static void pushposition(lua_State *L, const dip_position *p) {
  lua_createtable(L, 0, 3);
  setnum(L, "position", p->position);
  setnum(L, "salience", p->salience);
  dip_pushattrs(L, &p->attrs);
  lua_setfield(L, -2, "attrs");
}

/* }====== */

/* {====== Methods ====== */

/* actor(id) -> table, or nil if there is no such actor. */
static int q_actor(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i = dip_find_actor(s, dip_checkid(L, 2));
  if (i < 0) return 0;
  pushactor(L, &s->actors[i]);
  return 1;
}

/* actors() -> array of every actor, in the order they were added. */
static int q_actors(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i;
  lua_createtable(L, s->nactors, 0);
  for (i = 0; i < s->nactors; i++) {
    pushactor(L, &s->actors[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* actor_ids() -> array of ids, in order. */
static int q_actor_ids(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i;
  lua_createtable(L, s->nactors, 0);
  for (i = 0; i < s->nactors; i++) {
    lua_pushstring(L, s->actors[i].id);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int q_layer(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i = dip_find_layer(s, dip_checkid(L, 2));
  if (i < 0) return 0;
  pushlayer(L, &s->layers[i]);
  return 1;
}

static int q_layers(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i;
  lua_createtable(L, s->nlayers, 0);
  for (i = 0; i < s->nlayers; i++) {
    pushlayer(L, &s->layers[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int q_issue(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i = dip_find_issue(s, dip_checkid(L, 2));
  if (i < 0) return 0;
  pushissue(L, &s->issues[i]);
  return 1;
}

static int q_issues(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i;
  lua_createtable(L, s->nissues, 0);
  for (i = 0; i < s->nissues; i++) {
    pushissue(L, &s->issues[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* all_ties() -> every tie, in order (the Lua layer filters). */
static int q_all_ties(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i;
  lua_createtable(L, s->nties, 0);
  for (i = 0; i < s->nties; i++) {
    pushtie(L, s, &s->ties[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* tie(from, to, layer) -> table or nil; unknown ids are errors. */
static int q_tie(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  const char *from = dip_checkid(L, 2), *to = dip_checkid(L, 3);
  const char *layer = dip_checkid(L, 4);
  int a = dip_find_actor(s, from), b = dip_find_actor(s, to);
  int l = dip_find_layer(s, layer), t;
  if (a < 0)
    luaL_argerror(L, 2, lua_pushfstring(L, "unknown actor '%s'", from));
  if (b < 0)
    luaL_argerror(L, 3, lua_pushfstring(L, "unknown actor '%s'", to));
  if (l < 0)
    luaL_argerror(L, 4, lua_pushfstring(L, "unknown layer '%s'", layer));
  t = dip_find_tie(s, a, b, l);
  if (t < 0) return 0;
  pushtie(L, s, &s->ties[t]);
  return 1;
}

static int checkissue(lua_State *L, const dip_system *s, int arg) {
  const char *id = dip_checkid(L, arg);
  int i = dip_find_issue(s, id);
  if (i < 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "unknown issue '%s'", id));
  return i;
}

/*
** positions(issue) -> { [actor] = { position =, salience =, attrs = } };
** positions() -> { [issue] = { [actor] = ... } } for every issue.
*/
static int q_positions(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  int i, only = -1;
  if (!lua_isnoneornil(L, 2)) only = checkissue(L, s, 2);
  lua_newtable(L);
  if (only < 0)
    for (i = 0; i < s->nissues; i++) {
      lua_newtable(L);
      lua_setfield(L, -2, s->issues[i].id); /* result[issue] = {} */
    }
  for (i = 0; i < s->npositions; i++) {
    const dip_position *p = &s->positions[i];
    if (only >= 0 && p->issue != only) continue;
    if (only < 0) lua_getfield(L, -1, s->issues[p->issue].id);
    pushposition(L, p);
    lua_setfield(L, -2, s->actors[p->actor].id);
    if (only < 0) lua_pop(L, 1);
  }
  return 1;
}

/* position(actor, issue) -> table or nil. */
static int q_position(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  const char *id = dip_checkid(L, 2);
  int a = dip_find_actor(s, id), i, p;
  if (a < 0) luaL_argerror(L, 2, lua_pushfstring(L, "unknown actor '%s'", id));
  i = checkissue(L, s, 3);
  p = dip_find_position(s, a, i);
  if (p < 0) return 0;
  pushposition(L, &s->positions[p]);
  return 1;
}

/* info() -> name, description, attrs and counts. */
static int q_info(lua_State *L) {
  const dip_system *s = dip_checksystem(L, 1);
  lua_createtable(L, 0, 8);
  setstr(L, "name", s->name);
  setstr(L, "description", s->description);
  dip_pushattrs(L, &s->attrs);
  lua_setfield(L, -2, "attrs");
  lua_pushinteger(L, s->nactors);
  lua_setfield(L, -2, "actors");
  lua_pushinteger(L, s->nlayers);
  lua_setfield(L, -2, "layers");
  lua_pushinteger(L, s->nties);
  lua_setfield(L, -2, "ties");
  lua_pushinteger(L, s->nissues);
  lua_setfield(L, -2, "issues");
  lua_pushinteger(L, s->npositions);
  lua_setfield(L, -2, "positions");
  return 1;
}

/* generation() -> a count that changes with every successful mutation. */
static int q_generation(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)dip_checksystem(L, 1)->generation);
  return 1;
}

/* }====== */

const luaL_Reg dip_query_methods[] = {
    {"actor", q_actor},
    {"actors", q_actors},
    {"actor_ids", q_actor_ids},
    {"layer", q_layer},
    {"layers", q_layers},
    {"issue", q_issue},
    {"issues", q_issues},
    {"ties", q_all_ties},
    {"tie", q_tie},
    {"positions", q_positions},
    {"position", q_position},
    {"info", q_info},
    {"generation", q_generation},
    {NULL, NULL},
};

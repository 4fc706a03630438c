/*
** lua_system.c — the System userdata: life cycle and mutations.
**
** Converts Lua tables into borrowed specs (strings stay anchored in the
** caller's tables; arrays live in Lua userdata buffers, so a raised error
** leaks nothing) and hands them to system.c, which checks and applies
** them atomically.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

/* {====== Handles ====== */

dip_handle *dip_newhandle(lua_State *L) {
  dip_handle *h = lua_newuserdatauv(L, sizeof *h, 0);
  h->sys = NULL; /* not live until the caller sets it */
  h->busy = 0;
  luaL_setmetatable(L, DIP_SYSTEM_MT);
  return h;
}

dip_system *dip_checksystem(lua_State *L, int idx) {
  dip_handle *h = luaL_checkudata(L, idx, DIP_SYSTEM_MT);
  if (h->sys == NULL) luaL_error(L, "diplomat: the system is closed");
  if (h->busy)
    luaL_error(L, "diplomat: the system is busy (a progress function "
                  "cannot use the system being analysed)");
  return h->sys;
}

/*
** Ids given as plain arguments are checked like the id fields of tables:
** a number is not converted (ids are strings, and actor(1) must not look
** like indexing by position), and a zero byte is refused because the C
** string would end there and silently name another actor ("a\0b" would
** remove "a").
*/
const char *dip_checkid(lua_State *L, int arg) {
  size_t len;
  const char *s;
  if (lua_type(L, arg) != LUA_TSTRING) luaL_typeerror(L, arg, "string");
  s = lua_tolstring(L, arg, &len);
  if (strlen(s) != len) luaL_argerror(L, arg, "id contains a zero byte");
  return s;
}

int dip_raise(lua_State *L, int arg, dip_problems *pr) {
  if (pr->oom) {
    lua_pushliteral(L, "not enough memory");
    return lua_error(L);
  }
  return luaL_argerror(L, arg, pr->first);
}

/* Raw field access: values stay anchored in the table t. */
static int rawfield(lua_State *L, int t, const char *name) {
  lua_pushstring(L, name);
  return lua_rawget(L, t);
}

void dip_checkoptions(lua_State *L, int idx, const char *const *allowed) {
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    int k;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, idx, lua_pushfstring(L, "unexpected key of type %s",
                                            luaL_typename(L, -2)));
    for (k = 0; allowed[k]; k++)
      if (strcmp(lua_tostring(L, -2), allowed[k]) == 0) break;
    if (allowed[k] == NULL)
      luaL_argerror(L, idx, lua_pushfstring(L, "unknown field '%s'",
                                            lua_tostring(L, -2)));
    lua_pop(L, 1);
  }
}

void dip_checkoptnames(lua_State *L, int arg, const char *const *allowed) {
  arg = lua_absindex(L, arg);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    int k;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, arg, "option names must be strings");
    for (k = 0; allowed[k]; k++)
      if (strcmp(lua_tostring(L, -2), allowed[k]) == 0) break;
    if (allowed[k] == NULL)
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'",
                                            lua_tostring(L, -2)));
    lua_pop(L, 1);
  }
}

/* The table argument at arg, with only the allowed keys. */
static void checkspec(lua_State *L, int arg, const char *const *allowed) {
  luaL_checktype(L, arg, LUA_TTABLE);
  dip_checkoptions(L, arg, allowed);
}

/* A string without embedded zeros (C strings end at the first one). */
static const char *cstring(lua_State *L, int idx, int arg,
                           const char *field) {
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  if (strlen(s) != len)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s: contains a zero byte",
                                          field));
  return s;
}

static const char *optstring(lua_State *L, int t, int arg,
                             const char *field) {
  const char *s = NULL;
  int tp = rawfield(L, t, field);
  if (tp == LUA_TSTRING)
    s = cstring(L, -1, arg, field);
  else if (tp != LUA_TNIL)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s: must be a string, not %s",
                                          field, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return s;
}

static double optnumber(lua_State *L, int t, int arg, const char *field,
                        double def, int *present) {
  double x = def;
  int tp = rawfield(L, t, field);
  if (present) *present = tp != LUA_TNIL;
  if (tp == LUA_TNUMBER)
    x = lua_tonumber(L, -1);
  else if (tp != LUA_TNIL)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s: must be a number, not %s",
                                          field, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return x;
}

static int optbool(lua_State *L, int t, int arg, const char *field) {
  int b = 0, tp = rawfield(L, t, field);
  if (tp == LUA_TBOOLEAN)
    b = lua_toboolean(L, -1);
  else if (tp != LUA_TNIL)
    luaL_argerror(L, arg,
                  lua_pushfstring(L, "%s: must be true or false, not %s",
                                  field, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return b;
}

/*
** Reads the attrs table at index a into out (sorted by key).  Pushes a
** userdata buffer that holds the array: keep it on the stack while out
** is in use.
*/
static void readattrs(lua_State *L, int a, int arg, dip_attrs *out) {
  int n = 0;
  a = lua_absindex(L, a);
  out->items = NULL;
  out->n = 0;
  lua_pushnil(L);
  while (lua_next(L, a)) {
    n++;
    lua_pop(L, 1);
  }
  out->items = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(dip_attr),
                                 0);
  lua_pushnil(L);
  while (lua_next(L, a)) {
    dip_attr *t = &out->items[out->n];
    const char *key;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "attrs: names must be strings, not %s",
                                    luaL_typename(L, -2)));
    key = lua_tostring(L, -2);
    if (strlen(key) != lua_rawlen(L, -2))
      luaL_argerror(L, arg, "attrs: a name contains a zero byte");
    t->key = (char *)key;
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      size_t len;
      t->type = DIP_STR;
      t->u.s = (char *)lua_tolstring(L, -1, &len);
      if (strlen(t->u.s) != len) /* name the attribute, not just attrs */
        luaL_argerror(L, arg, lua_pushfstring(L, "attrs.%s: contains a "
                                                 "zero byte", key));
      break;
    }
    case LUA_TBOOLEAN:
      t->type = DIP_BOOL;
      t->u.b = lua_toboolean(L, -1);
      break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, -1)) {
        t->type = DIP_INT;
        t->u.i = (long long)lua_tointeger(L, -1);
      } else {
        t->type = DIP_NUM;
        t->u.n = lua_tonumber(L, -1);
      }
      break;
    default:
      luaL_argerror(L, arg,
                    lua_pushfstring(L,
                                    "attrs.%s: must be a string, number or "
                                    "boolean, not %s",
                                    key, luaL_typename(L, -1)));
    }
    out->n++;
    lua_pop(L, 1);
  }
  dip_attrs_sort(out);
}

/* Reads field "attrs" of table t (absent: none); pushes one buffer. */
static void optattrs(lua_State *L, int t, int arg, dip_attrs *out) {
  int tp = rawfield(L, t, "attrs");
  if (tp != LUA_TTABLE && tp != LUA_TNIL)
    luaL_argerror(L, arg, lua_pushfstring(L, "attrs: must be a table, not %s",
                                          luaL_typename(L, -1)));
  if (tp == LUA_TNIL) {
    out->items = NULL;
    out->n = 0;
    lua_newuserdatauv(L, 1, 0); /* keep the stack shape the same */
  } else
    readattrs(L, -1, arg, out);
  lua_remove(L, -2); /* the attrs table stays anchored in t */
}

/* Reads field "tags" (an array of strings); pushes one buffer. */
static void opttags(lua_State *L, int t, int arg, dip_tags *out) {
  int tp = rawfield(L, t, "tags");
  lua_Integer i, n;
  out->items = NULL;
  out->n = 0;
  if (tp == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newuserdatauv(L, 1, 0);
    return;
  }
  if (tp != LUA_TTABLE)
    luaL_argerror(L, arg,
                  lua_pushfstring(L, "tags: must be an array of strings, "
                                     "not %s", luaL_typename(L, -1)));
  n = (lua_Integer)lua_rawlen(L, -1);
  if (n > 0x3fffffff) luaL_argerror(L, arg, "tags: too many tags");
  out->items = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(char *), 0);
  for (i = 1; i <= n; i++) {
    if (lua_rawgeti(L, -2, i) != LUA_TSTRING)
      luaL_argerror(L, arg, lua_pushfstring(L, "tags: tag %d must be a "
                                               "string, not %s", (int)i,
                                            luaL_typename(L, -1)));
    out->items[i - 1] = (char *)lua_tostring(L, -1);
    if (strlen(out->items[i - 1]) != lua_rawlen(L, -1))
      luaL_argerror(L, arg, lua_pushfstring(L, "tags: tag %d contains a "
                                               "zero byte", (int)i));
    lua_pop(L, 1);
  }
  out->n = (int)n;
  lua_remove(L, -2);
}

/* }====== */

/* {====== Constructors and life cycle ====== */

static const char *const SYSTEM_KEYS[] = {"name", "description", "attrs",
                                          NULL};

/* diplomat.new{ name = , description = , attrs = } */
static int sys_new(lua_State *L) {
  dip_problems pr;
  dip_attrs attrs = {NULL, 0};
  const char *name = NULL, *description = NULL;
  dip_handle *h;
  int top;
  if (!lua_isnoneornil(L, 1)) {
    checkspec(L, 1, SYSTEM_KEYS);
    name = optstring(L, 1, 1, "name");
    description = optstring(L, 1, 1, "description");
    optattrs(L, 1, 1, &attrs);
  }
  top = lua_gettop(L);
  h = dip_newhandle(L);
  dip_problems_init(&pr, 0);
  h->sys = dip_system_new(name, description, &attrs, &pr);
  if (h->sys == NULL) return dip_raise(L, 1, &pr);
  (void)top;
  return 1;
}

/* Frees the system; serves __gc, __close and close(). */
static int sys_close(lua_State *L) {
  dip_handle *h = luaL_checkudata(L, 1, DIP_SYSTEM_MT);
  if (h->busy)
    return luaL_error(L, "diplomat: the system is busy (a progress "
                         "function cannot close the system being analysed)");
  dip_system_free(h->sys);
  h->sys = NULL;
  return 0;
}

static int sys_clone(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_handle *h = dip_newhandle(L);
  h->sys = dip_system_clone(s);
  if (h->sys == NULL) return luaL_error(L, "not enough memory");
  return 1;
}

static int sys_len(lua_State *L) {
  lua_pushinteger(L, dip_checksystem(L, 1)->nactors);
  return 1;
}

static const char *plural(int n) { return n == 1 ? "" : "s"; }

static int sys_tostring(lua_State *L) {
  dip_handle *h = luaL_checkudata(L, 1, DIP_SYSTEM_MT);
  const dip_system *s = h->sys;
  if (s == NULL) {
    lua_pushliteral(L, "diplomat.System (closed)");
    return 1;
  }
  lua_pushfstring(L,
                  "diplomat.System%s%s%s (%d actor%s, %d layer%s, %d tie%s, "
                  "%d issue%s, %d position%s)",
                  s->name ? " '" : "", s->name ? s->name : "",
                  s->name ? "'" : "", s->nactors, plural(s->nactors),
                  s->nlayers, plural(s->nlayers), s->nties, plural(s->nties),
                  s->nissues, plural(s->nissues), s->npositions,
                  plural(s->npositions));
  return 1;
}

/* }====== */

/* {====== Adding ====== */

static const char *const LAYER_KEYS[] = {"id",       "name",     "description",
                                         "directed", "informal", "self_ties",
                                         "attrs",    NULL};

static int sys_add_layer(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_layer l;
  dip_problems pr;
  checkspec(L, 2, LAYER_KEYS);
  memset(&l, 0, sizeof l);
  l.id = (char *)optstring(L, 2, 2, "id");
  l.name = (char *)optstring(L, 2, 2, "name");
  l.description = (char *)optstring(L, 2, 2, "description");
  l.directed = optbool(L, 2, 2, "directed");
  l.informal = optbool(L, 2, 2, "informal");
  l.self_ties = optbool(L, 2, 2, "self_ties");
  optattrs(L, 2, 2, &l.attrs);
  dip_problems_init(&pr, 0);
  if (dip_add_layer(s, &l, &pr) != 0) return dip_raise(L, 2, &pr);
  return 0;
}

static const char *const ACTOR_KEYS[] = {
    "id",    "name",    "kind",       "org",  "sector", "profession",
    "level", "mandate", "capability", "tags", "attrs",  NULL};

/* Reads an actor table at arg; pushes two buffers (tags, attrs). */
static void readactor(lua_State *L, int arg, dip_actor *a) {
  checkspec(L, arg, ACTOR_KEYS);
  memset(a, 0, sizeof *a);
  a->id = (char *)optstring(L, arg, arg, "id");
  a->name = (char *)optstring(L, arg, arg, "name");
  a->kind = (char *)optstring(L, arg, arg, "kind");
  a->org = (char *)optstring(L, arg, arg, "org");
  a->sector = (char *)optstring(L, arg, arg, "sector");
  a->profession = (char *)optstring(L, arg, arg, "profession");
  a->level = (char *)optstring(L, arg, arg, "level");
  a->mandate = (char *)optstring(L, arg, arg, "mandate");
  a->capability = optnumber(L, arg, arg, "capability", 1.0, NULL);
  opttags(L, arg, arg, &a->tags);
  optattrs(L, arg, arg, &a->attrs);
}

static int sys_add_actor(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_actor a;
  dip_problems pr;
  readactor(L, 2, &a);
  dip_problems_init(&pr, 0);
  if (dip_add_actor(s, &a, &pr) != 0) return dip_raise(L, 2, &pr);
  return 0;
}

/* replace_actor(id, t): every field of the actor becomes t's. */
static int sys_replace_actor(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  const char *id = dip_checkid(L, 2);
  int i = dip_find_actor(s, id);
  dip_actor a;
  dip_problems pr;
  if (i < 0) luaL_argerror(L, 2, lua_pushfstring(L, "unknown actor '%s'", id));
  readactor(L, 3, &a);
  if (a.id == NULL) a.id = (char *)id;
  dip_problems_init(&pr, 0);
  if (dip_replace_actor(s, i, &a, &pr) != 0) return dip_raise(L, 3, &pr);
  return 0;
}

static const char *const TIE_KEYS[] = {"from",   "to",      "layer", "weight",
                                       "attrs",  "replace", NULL};

static int sys_add_tie(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_tie_spec t;
  dip_problems pr;
  int replace;
  checkspec(L, 2, TIE_KEYS);
  memset(&t, 0, sizeof t);
  t.from = optstring(L, 2, 2, "from");
  t.to = optstring(L, 2, 2, "to");
  t.layer = optstring(L, 2, 2, "layer");
  t.weight = optnumber(L, 2, 2, "weight", 1.0, NULL);
  replace = optbool(L, 2, 2, "replace");
  optattrs(L, 2, 2, &t.attrs);
  dip_problems_init(&pr, 0);
  if (dip_add_tie(s, &t, replace, &pr) != 0) return dip_raise(L, 2, &pr);
  return 0;
}

static const char *const ISSUE_KEYS[] = {
    "id",         "name",      "description", "min",   "max",
    "status_quo", "min_label", "max_label",   "attrs", NULL};

static int sys_add_issue(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_issue is;
  dip_problems pr;
  checkspec(L, 2, ISSUE_KEYS);
  memset(&is, 0, sizeof is);
  is.id = (char *)optstring(L, 2, 2, "id");
  is.name = (char *)optstring(L, 2, 2, "name");
  is.description = (char *)optstring(L, 2, 2, "description");
  is.min_label = (char *)optstring(L, 2, 2, "min_label");
  is.max_label = (char *)optstring(L, 2, 2, "max_label");
  is.min = optnumber(L, 2, 2, "min", 0.0, NULL);
  is.max = optnumber(L, 2, 2, "max", 100.0, NULL);
  is.status_quo = optnumber(L, 2, 2, "status_quo", 0.0, &is.has_status_quo);
  optattrs(L, 2, 2, &is.attrs);
  dip_problems_init(&pr, 0);
  if (dip_add_issue(s, &is, &pr) != 0) return dip_raise(L, 2, &pr);
  return 0;
}

static const char *const POSITION_KEYS[] = {"actor",    "issue", "position",
                                            "salience", "attrs", NULL};

/*
** set_position(actor, issue, position [, salience [, attrs]]) or
** set_position{ actor =, issue =, position =, salience =, attrs = }.
** Salience defaults to 1.
*/
static int sys_set_position(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_position_spec p;
  dip_problems pr;
  int arg = 2;
  memset(&p, 0, sizeof p);
  if (lua_type(L, 2) == LUA_TTABLE) {
    int has;
    checkspec(L, 2, POSITION_KEYS);
    p.actor = optstring(L, 2, 2, "actor");
    p.issue = optstring(L, 2, 2, "issue");
    p.position = optnumber(L, 2, 2, "position", 0.0, &has);
    if (!has) luaL_argerror(L, 2, "position: missing");
    p.salience = optnumber(L, 2, 2, "salience", 1.0, NULL);
    optattrs(L, 2, 2, &p.attrs);
  } else {
    p.actor = dip_checkid(L, 2);
    p.issue = dip_checkid(L, 3);
    if (lua_type(L, 4) != LUA_TNUMBER)
      luaL_typeerror(L, 4, "number (the position)");
    p.position = lua_tonumber(L, 4);
    if (!lua_isnoneornil(L, 5) && lua_type(L, 5) != LUA_TNUMBER)
      luaL_typeerror(L, 5, "number (the salience)");
    p.salience = luaL_optnumber(L, 5, 1.0);
    if (!lua_isnoneornil(L, 6)) {
      luaL_checktype(L, 6, LUA_TTABLE);
      readattrs(L, 6, 6, &p.attrs);
    }
    arg = 4;
  }
  dip_problems_init(&pr, 0);
  if (dip_set_position(s, &p, &pr) != 0) {
    /* point at the argument that holds the offending value */
    if (arg == 4 && strncmp(pr.first, "actor", 5) == 0) arg = 2;
    else if (arg == 4 && strncmp(pr.first, "issue", 5) == 0) arg = 3;
    else if (arg == 4 && strncmp(pr.first, "salience", 8) == 0) arg = 5;
    else if (arg == 4 && strncmp(pr.first, "attrs", 5) == 0) arg = 6;
    return dip_raise(L, arg, &pr);
  }
  return 0;
}

/* }====== */

/* {====== Changing and removing ====== */

static int checkactor(lua_State *L, const dip_system *s, int arg) {
  const char *id = dip_checkid(L, arg);
  int i = dip_find_actor(s, id);
  if (i < 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "unknown actor '%s'", id));
  return i;
}

/* The tie (from, to, layer) named by arguments 2..4, which must exist. */
static int checktie(lua_State *L, const dip_system *s) {
  int a = checkactor(L, s, 2), b = checkactor(L, s, 3), l, t;
  const char *layer = dip_checkid(L, 4);
  l = dip_find_layer(s, layer);
  if (l < 0)
    luaL_argerror(L, 4, lua_pushfstring(L, "unknown layer '%s'", layer));
  t = dip_find_tie(s, a, b, l);
  if (t < 0)
    luaL_argerror(L, 3, lua_pushfstring(L, "no tie from '%s' to '%s' in "
                                           "layer '%s'", s->actors[a].id,
                                        s->actors[b].id, layer));
  return t;
}

static int sys_set_tie(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  int t = checktie(L, s);
  dip_problems pr;
  if (lua_type(L, 5) != LUA_TNUMBER)
    luaL_typeerror(L, 5, "number (the new weight)");
  dip_problems_init(&pr, 0);
  if (dip_set_tie_weight(s, t, lua_tonumber(L, 5), &pr) != 0)
    return dip_raise(L, 5, &pr);
  return 0;
}

static int sys_remove_tie(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_remove_tie(s, checktie(L, s));
  return 0;
}

/* remove_actor(id): the actor goes, with its ties and positions. */
static int sys_remove_actor(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_remove_actor(s, checkactor(L, s, 2));
  return 0;
}

static int sys_remove_position(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  int a = checkactor(L, s, 2), i, p;
  const char *issue = dip_checkid(L, 3);
  i = dip_find_issue(s, issue);
  if (i < 0)
    luaL_argerror(L, 3, lua_pushfstring(L, "unknown issue '%s'", issue));
  p = dip_find_position(s, a, i);
  if (p < 0)
    luaL_argerror(L, 3, lua_pushfstring(L, "actor '%s' has no position on "
                                           "issue '%s'", s->actors[a].id,
                                        issue));
  dip_remove_position(s, p);
  return 0;
}

/* check() -> true, or false and a list of broken invariants. */
static int sys_check(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  dip_problems pr;
  dip_boxed *box = dip_box(L, free);
  dip_problems_init(&pr, 20);
  dip_system_check(s, &pr);
  box->ptr = pr.text; /* freed with the box even if pushing raises */
  if (pr.count == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushfstring(L, "%d broken invariant(s):\n%s", pr.count,
                  pr.text ? pr.text : pr.first);
  return 2;
}

/* }====== */

const luaL_Reg dip_system_methods[] = {
    {"add_layer", sys_add_layer},
    {"add_actor", sys_add_actor},
    {"replace_actor", sys_replace_actor},
    {"add_tie", sys_add_tie},
    {"add_issue", sys_add_issue},
    {"set_position", sys_set_position},
    {"set_tie", sys_set_tie},
    {"remove_tie", sys_remove_tie},
    {"remove_actor", sys_remove_actor},
    {"remove_position", sys_remove_position},
    {"clone", sys_clone},
    {"check", sys_check},
    {"close", sys_close},
    {NULL, NULL},
};

const luaL_Reg dip_system_meta[] = {
    {"__gc", sys_close},
    {"__close", sys_close},
    {"__len", sys_len},
    {"__tostring", sys_tostring},
    {NULL, NULL},
};

const luaL_Reg dip_system_functions[] = {
    {"new", sys_new},
    {NULL, NULL},
};

/*
** lua_jsonvalue.c — diplomat.core.json_encode(value [, { pretty = b }]):
** any plain Lua value as JSON text, through cJSON, deterministically.
**
** - Tables with string keys become objects whose keys are written in
**   byte order (so the same table always gives the same text); tables
**   whose keys are exactly 1..n become arrays; an empty table is an
**   array, unless its metatable says __jsontype = "object" (or "array").
**   A table mixing both kinds of key, or with other keys (0, 2.5,
**   gaps), is an error.
** - Numbers: integers within +-2^53 exactly; floats with the fewest
**   digits (15 to 17) that read back exactly (dip_fmtnum, as json.c).  NaN and
**   infinities are errors, as are strings with zero bytes or invalid
**   UTF-8, and functions, userdata and threads.
** - Every error names where the value sits: `$.network.nodes[3].x`.
** - Nesting deeper than MAXDEPTH (so also a table containing itself) is
**   an error.
** The cJSON tree hangs from a box from the moment its root exists, and
** every item is attached to its parent as soon as it is created, so a
** Lua error at any point frees the whole tree.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "binding.h"

#define MAXDEPTH 200
#define PATHMAX 240

/* Where the value being converted sits, for error messages. */
typedef struct jpath {
  char buf[PATHMAX + 8];
  size_t len;
} jpath;

static void free_tree(void *p) { cJSON_Delete(p); }
static void free_text(void *p) { free(p); }

static void appendpath(jpath *p, const char *s) {
  size_t n = strlen(s);
  if (p->len >= PATHMAX) return; /* already cut with "..." */
  if (p->len + n > PATHMAX) {
    memcpy(p->buf + p->len, "...", 4);
    p->len = PATHMAX;
    return;
  }
  memcpy(p->buf + p->len, s, n + 1);
  p->len += n;
}

static int fail(lua_State *L, const jpath *p, const char *what) {
  return luaL_error(L, "json_encode: %s: %s", p->buf, what);
}

/* 1 when the n bytes at s are valid UTF-8 (RFC 3629). */
static int validutf8(const unsigned char *s, size_t n) {
  size_t i = 0, k, extra;
  while (i < n) {
    unsigned long cp = s[i];
    if (cp < 0x80) {
      i++;
      continue;
    }
    if (cp >= 0xC2 && cp <= 0xDF) extra = 1, cp &= 0x1F;
    else if (cp >= 0xE0 && cp <= 0xEF) extra = 2, cp &= 0x0F;
    else if (cp >= 0xF0 && cp <= 0xF4) extra = 3, cp &= 0x07;
    else return 0;
    if (n - i <= extra) return 0; /* cut short */
    for (k = 1; k <= extra; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0; /* overlong, beyond Unicode, or a surrogate */
    i += extra + 1;
  }
  return 1;
}

/*
** Attaches item to parent: under key for an object, appended for an
** array (key NULL).  With no parent, item becomes the root, owned by box.
** A NULL item (cJSON out of memory) raises.
*/
static void attach(lua_State *L, const jpath *p, dip_boxed *box,
                   cJSON *parent, const char *key, cJSON *item) {
  cJSON_bool ok;
  if (item == NULL) fail(L, p, "not enough memory");
  if (parent == NULL) {
    box->ptr = item;
    return;
  }
  ok = key ? cJSON_AddItemToObject(parent, key, item)
           : cJSON_AddItemToArray(parent, item);
  if (!ok) {
    cJSON_Delete(item);
    fail(L, p, "not enough memory");
  }
}

static int cmpkeys(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The __jsontype of the table at idx's metatable, or NULL. */
static const char *jsontype(lua_State *L, int idx) {
  const char *t = NULL;
  if (luaL_getmetafield(L, idx, "__jsontype") != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TSTRING)
      t = lua_tostring(L, -1); /* anchored in the metatable */
    lua_pop(L, 1);
  }
  return t;
}

typedef struct conv {
  lua_State *L;
  dip_boxed *box; /* owns the root */
  jpath path;
} conv;

static void convert(conv *c, int idx, int depth, cJSON *parent,
                    const char *key);

/* Object: keys in byte order, each value converted in turn. */
static void convobject(conv *c, int idx, size_t nstr, int depth,
                       cJSON *obj) {
  lua_State *L = c->L;
  size_t i = 0, mark = c->path.len;
  const char **keys = lua_newuserdatauv(L, sizeof(char *) * nstr, 0);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    size_t len;
    keys[i] = lua_tolstring(L, -2, &len); /* anchored by the table */
    if (strlen(keys[i]) != len) fail(L, &c->path, "a key has a zero byte");
    if (!validutf8((const unsigned char *)keys[i], len))
      fail(L, &c->path, "a key is not valid UTF-8");
    i++;
    lua_pop(L, 1);
  }
  qsort(keys, nstr, sizeof *keys, cmpkeys);
  for (i = 0; i < nstr; i++) {
    appendpath(&c->path, ".");
    appendpath(&c->path, keys[i]);
    lua_getfield(L, idx, keys[i]);
    convert(c, lua_gettop(L), depth + 1, obj, keys[i]);
    lua_pop(L, 1);
    c->path.buf[c->path.len = mark] = '\0';
  }
  lua_pop(L, 1); /* the keys */
}

/*
** A table: an object when its keys are strings, an array when they are
** 1..n; the container is attached before it is filled.
*/
static void convtable(conv *c, int idx, int depth, cJSON *parent,
                      const char *key) {
  lua_State *L = c->L;
  lua_Integer n = 0, maxint = 0, k;
  size_t nstr = 0, nother = 0, mark = c->path.len;
  const char *forced = jsontype(L, idx);
  cJSON *t;
  if (depth > MAXDEPTH) fail(L, &c->path, "nested too deeply (a cycle?)");
  luaL_checkstack(L, 8, "json_encode: nested too deeply");
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) == LUA_TSTRING)
      nstr++;
    else if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1) {
      n++;
      if (lua_tointeger(L, -2) > maxint) maxint = lua_tointeger(L, -2);
    } else
      nother++;
    lua_pop(L, 1);
  }
  if (nother > 0 || (nstr > 0 && n > 0))
    fail(L, &c->path, "a table needs only string keys (an object) or "
                      "only the keys 1..n (an array)");
  if (n > 0 && maxint != n) fail(L, &c->path, "an array with a gap");
  if (nstr > 0 || (n == 0 && forced && strcmp(forced, "object") == 0)) {
    t = cJSON_CreateObject();
    attach(L, &c->path, c->box, parent, key, t);
    if (nstr > 0) convobject(c, idx, nstr, depth, t);
    return;
  }
  t = cJSON_CreateArray();
  attach(L, &c->path, c->box, parent, key, t);
  for (k = 1; k <= n; k++) {
    char num[32];
    snprintf(num, sizeof num, "[%lld]", (long long)k);
    appendpath(&c->path, num);
    lua_rawgeti(L, idx, k);
    convert(c, lua_gettop(L), depth + 1, t, NULL);
    lua_pop(L, 1);
    c->path.buf[c->path.len = mark] = '\0';
  }
}

/* Converts the value at idx and attaches it to parent (see attach). */
static void convert(conv *c, int idx, int depth, cJSON *parent,
                    const char *key) {
  lua_State *L = c->L;
  jpath *p = &c->path;
  cJSON *item = NULL;
  char num[40];
  switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
      item = cJSON_CreateBool(lua_toboolean(L, idx));
      break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        lua_Integer i = lua_tointeger(L, idx);
        if (i > DIP_MAX_EXACT_INT || i < -DIP_MAX_EXACT_INT)
          fail(L, p, "an integer beyond 2^53 is not exact in JSON");
        snprintf(num, sizeof num, "%lld", (long long)i);
        item = cJSON_CreateRaw(num);
      } else {
        double d = lua_tonumber(L, idx);
        if (!isfinite(d)) fail(L, p, "NaN and infinities have no JSON form");
        if (d == 0) d = 0; /* -0 prints as 0 */
        item = cJSON_CreateRaw(dip_fmtnum(num, sizeof num, d));
      }
      break;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      if (strlen(s) != len) fail(L, p, "a string has a zero byte");
      if (!validutf8((const unsigned char *)s, len))
        fail(L, p, "a string is not valid UTF-8");
      item = cJSON_CreateString(s);
      break;
    }
    case LUA_TTABLE:
      convtable(c, idx, depth, parent, key);
      return;
    default:
      fail(L, p, lua_pushfstring(L, "a %s has no JSON form",
                                 luaL_typename(L, idx)));
  }
  attach(L, p, c->box, parent, key, item);
}

/*
** json_encode(value [, { pretty = false }]) -> string.  pretty indents
** with tabs (cJSON_Print).
*/
static int jv_encode(lua_State *L) {
  static const char *const OPTIONS[] = {"pretty", NULL};
  conv c;
  dip_boxed *text;
  char *out;
  int pretty = 0;
  luaL_checkany(L, 1);
  lua_settop(L, 2);
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    dip_checkoptions(L, 2, OPTIONS);
    if (lua_getfield(L, 2, "pretty") != LUA_TNIL) {
      if (!lua_isboolean(L, -1))
        luaL_argerror(L, 2, "pretty: must be true or false");
      pretty = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
  }
  c.L = L;
  c.box = dip_box(L, free_tree); /* 3 */
  c.path.buf[0] = '$';
  c.path.buf[1] = '\0';
  c.path.len = 1;
  convert(&c, 1, 0, NULL, NULL);
  text = dip_box(L, free_text); /* 4 */
  out = pretty ? cJSON_Print(c.box->ptr) : cJSON_PrintUnformatted(c.box->ptr);
  if (out == NULL) return luaL_error(L, "json_encode: not enough memory");
  text->ptr = out;
  dip_box_release(c.box);
  lua_pushstring(L, out);
  dip_box_release(text);
  return 1;
}

const luaL_Reg dip_jsonvalue_functions[] = {
    {"json_encode", jv_encode},
    {NULL, NULL},
};

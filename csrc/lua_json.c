/*
** lua_json.c — diplomat.load / decode and System:save / encode.
**
** A file that cannot be read, parsed or validated is an expected failure:
** load and decode return nil and a message listing the problems.  save
** writes through files.c: a temporary file in the target's folder
** ("<path>.tmpXXXXXX"), synced, renamed over the target, then the folder
** synced, so a failure or a crash never leaves a half-written map: the
** target is the old map or the new one.  A writer killed mid-save leaves
** its temporary file behind (nothing reads it; it can be deleted).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "interchange.h"

/*
** Decodes buf into a new System pushed on the stack; on failure pushes
** nil and the problems (prefixed with `where`, e.g. the file name).
*/
static int decode(lua_State *L, const char *buf, size_t len,
                  const char *where) {
  dip_handle *h = dip_newhandle(L);
  dip_problems *pr = dip_newproblems(L);
  h->sys = dip_json_decode(buf, len, pr);
  if (h->sys != NULL) {
    lua_pop(L, 1); /* the problems' box */
    return 1;
  }
  return dip_pushproblems(L, pr, where);
}

/* diplomat.decode(json) -> System | nil, message */
static int json_decode(lua_State *L) {
  size_t len;
  const char *buf = luaL_checklstring(L, 1, &len);
  return decode(L, buf, len, "");
}

static const char *const LOAD_KEYS[] = {"max_bytes", NULL};

/* The whole file at path (argument 1, options at 2) in a box pushed on
** the stack; 0, or pushes nil and a message and returns 2. */
static int readwhole(lua_State *L, const char *path, char **buf,
                     size_t *len) {
  size_t max;
  dip_boxed *box;
  int e;
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    dip_checkoptions(L, 2, LOAD_KEYS);
  }
  max = dip_optmaxbytes(L, 2);
  box = dip_box(L, free);
  e = dip_read_file(path, max, buf, len);
  box->ptr = *buf;
  if (e != 0)
    return dip_pushreadfail(L, path, e, max, "cannot read (is it a "
                                             "folder?)");
  return 0;
}

/* diplomat.load(path [, { max_bytes = n }]) -> System | nil, message */
static int json_load(lua_State *L) {
  const char *path = dip_checkpath(L, 1);
  char *buf;
  size_t len;
  int rc;
  lua_settop(L, 2);
  if ((rc = readwhole(L, path, &buf, &len)) != 0) return rc;
  return decode(L, buf, len, lua_pushfstring(L, "%s: ", path));
}

/* diplomat._read_file(path [, { max_bytes = n }]) -> string | nil,
** message: a text file with load's checks and limit (load_result). */
static int json_read_file(lua_State *L) {
  const char *path = dip_checkpath(L, 1);
  char *buf;
  size_t len;
  int rc;
  lua_settop(L, 2);
  if ((rc = readwhole(L, path, &buf, &len)) != 0) return rc;
  lua_pushlstring(L, buf, len);
  return 1;
}

static const char *const ENCODE_KEYS[] = {"pretty", NULL};
static const char *const SAVE_KEYS[] = {"pretty", "overwrite", NULL};

static int optpretty(lua_State *L, int arg, const char *const *keys) {
  int pretty = 1;
  if (lua_isnoneornil(L, arg)) return pretty;
  luaL_checktype(L, arg, LUA_TTABLE);
  dip_checkoptions(L, arg, keys);
  lua_getfield(L, arg, "pretty");
  if (!lua_isnil(L, -1)) {
    if (!lua_isboolean(L, -1))
      luaL_argerror(L, arg, "pretty: must be true or false");
    pretty = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  return pretty;
}

/* encode{ pretty = true } -> string (the same system, the same bytes) */
static int json_encode(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  int pretty = optpretty(L, 2, ENCODE_KEYS);
  dip_boxed *box = dip_box(L, free);
  size_t len;
  box->ptr = dip_json_write(s, pretty, 0, &len);
  if (box->ptr == NULL) return luaL_error(L, "not enough memory");
  lua_pushlstring(L, box->ptr, len);
  return 1;
}

/* core._encode_tree(sys [, { pretty = true }]) -> string: encode's text
** from one cJSON tree of the whole system, the old writer kept as the
** specs' reference (spec/json_writing_spec.lua); not for use. */
static int json_encode_tree(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  int pretty = optpretty(L, 2, ENCODE_KEYS);
  dip_boxed *box = dip_box(L, free);
  box->ptr = dip_json_encode_tree(s, pretty);
  if (box->ptr == NULL) return luaL_error(L, "not enough memory");
  lua_pushstring(L, box->ptr);
  return 1;
}

/* save(path [, { pretty = true, overwrite = true }])
** -> true | nil, message [, "exists"].  The text is written item by item
** (jsonwrite.c), then through the one atomic writer (files.c). */
static int json_save(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  const char *path = dip_checkpath(L, 2);
  int pretty = optpretty(L, 3, SAVE_KEYS), e;
  int replace = dip_optoverwrite(L, 3);
  dip_boxed *box = dip_box(L, free);
  size_t len;
  box->ptr = dip_json_write(s, pretty, 1, &len); /* ends with a line break */
  if (box->ptr == NULL) return luaL_error(L, "not enough memory");
  e = dip_write_file(path, box->ptr, len, replace);
  return dip_pushwritten(L, path, e, replace);
}

const luaL_Reg dip_json_methods[] = {
    {"encode", json_encode},
    {"save", json_save},
    {NULL, NULL},
};

const luaL_Reg dip_json_functions[] = {
    {"decode", json_decode},
    {"load", json_load},
    {"_read_file", json_read_file},
    {"_encode_tree", json_encode_tree},
    {NULL, NULL},
};

/*
** lua_csv.c — diplomat.from_csv: a system map from CSV files, a folder
** of them or a table of paths.
**
** A file that cannot be read, or whose content does not make a valid
** map, is an expected failure: from_csv returns nil and a message
** listing every problem with its file, line and column.  Misuse (a path
** that is not a string, unknown keys) raises.  Also the helpers the
** other interchange bindings share.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "interchange.h"

#define KEEP_PROBLEMS 20

static void free_problems(void *p) {
  dip_problems_free(p);
  free(p);
}

dip_problems *dip_newproblems(lua_State *L) {
  dip_boxed *box = dip_box(L, free_problems);
  dip_problems *pr = malloc(sizeof *pr);
  if (pr == NULL) luaL_error(L, "not enough memory");
  dip_problems_init(pr, KEEP_PROBLEMS);
  box->ptr = pr;
  return pr;
}

int dip_pushproblems(lua_State *L, const dip_problems *pr,
                     const char *where) {
  if (pr->oom) return luaL_error(L, "not enough memory");
  lua_pushnil(L);
  if (pr->count == 1)
    lua_pushfstring(L, "%s%s", where, pr->first);
  else {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_pushfstring(L, "%s%d problems in the system map:\n", where,
                    pr->count);
    luaL_addvalue(&b);
    luaL_addstring(&b, pr->text ? pr->text : pr->first);
    if (pr->count > KEEP_PROBLEMS) {
      lua_pushfstring(L, "\n... and %d more", pr->count - KEEP_PROBLEMS);
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
  }
  return 2;
}

const char *dip_checkpath(lua_State *L, int arg) {
  size_t len;
  const char *path;
  /* a number is not a file name: writing a map to "3" is a mistake */
  if (lua_type(L, arg) != LUA_TSTRING) luaL_typeerror(L, arg, "string");
  path = lua_tolstring(L, arg, &len);
  if (strlen(path) != len) luaL_argerror(L, arg, "path contains a zero byte");
  if (len == 0) luaL_argerror(L, arg, "path is empty");
  return path;
}

size_t dip_optmaxbytes(lua_State *L, int arg) {
  lua_Integer n;
  int isint;
  size_t max = DIP_MAX_BYTES;
  if (lua_isnoneornil(L, arg)) return max;
  if (lua_getfield(L, arg, "max_bytes") != LUA_TNIL) {
    n = lua_tointegerx(L, -1, &isint);
    if (lua_type(L, -1) != LUA_TNUMBER || !isint || n < 1)
      luaL_argerror(L, arg, "max_bytes: must be a positive whole number "
                            "of bytes");
    max = (lua_Unsigned)n > DIP_MAX_BYTES_LIMIT ? DIP_MAX_BYTES_LIMIT
                                                 : (size_t)n;
  }
  lua_pop(L, 1);
  return max;
}

int dip_pushreadfail(lua_State *L, const char *path, int e, size_t max,
                     const char *folder) {
  if (e == ENOMEM) return luaL_error(L, "not enough memory");
  lua_pushnil(L);
  if (e == EISDIR)
    lua_pushfstring(L, "%s: %s", path, folder);
  else if (e == DIP_ENOTREG)
    lua_pushfstring(L, "%s: cannot read: not a regular file (a device, "
                       "pipe or socket, which may never end: maps are read "
                       "from files)", path);
  else if (e == DIP_ETOOBIG)
    lua_pushfstring(L, "%s: cannot read: larger than the limit of %I "
                       "bytes (raise it with the option max_bytes)", path,
                    (lua_Integer)max);
  else
    lua_pushfstring(L, "%s: cannot open: %s", path, strerror(e));
  return 2;
}

int dip_optoverwrite(lua_State *L, int arg) {
  int replace = 1;
  if (lua_isnoneornil(L, arg)) return replace;
  if (lua_getfield(L, arg, "overwrite") != LUA_TNIL) {
    if (!lua_isboolean(L, -1))
      luaL_argerror(L, arg, "overwrite: must be true or false");
    replace = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  return replace;
}

int dip_pushwritten(lua_State *L, const char *path, int e, int replace) {
  if (e == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  if (e == ENOMEM) return luaL_error(L, "not enough memory");
  lua_pushnil(L);
  if (e == EEXIST && !replace) {
    lua_pushfstring(L, "%s exists (pass overwrite = true to replace it)",
                    path);
    lua_pushliteral(L, "exists");
    return 3;
  }
  lua_pushfstring(L, "%s: cannot write: %s", path, dip_write_reason(e));
  return 2;
}

/* {====== Reading the sources ====== */

/*
** Reads the file at path into a box pushed on the stack.  Returns 0, or
** pushes nil and a message and returns 2 (an expected failure).
*/
static int readsource(lua_State *L, const char *path, size_t max,
                      dip_csv_source *src) {
  dip_boxed *box = dip_box(L, free);
  char *buf;
  size_t len;
  int e = dip_read_file(path, max, &buf, &len);
  box->ptr = buf;
  if (e != 0)
    return dip_pushreadfail(L, path, e, max, "cannot read: it is a folder");
  src->label = path;
  src->text = buf;
  src->len = len;
  return 0;
}

static const char *const READ_KEYS[] = {"max_bytes", NULL};
static const char *const TABLE_KEYS[] = {
    "system", "layers", "actors", "issues", "ties", "positions", "name",
    "description", NULL};
static const char *const SECTION_KEYS[DIP_CSV_NSECTIONS] = {
    "system", "layers", "actors", "issues", "ties", "positions"};
static const char *const LAYER_KEYS[] = {
    "id", "name", "description", "directed", "informal", "self_ties", NULL};

static const char *optstr(lua_State *L, int t, const char *key,
                          const char *what) {
  int type = lua_getfield(L, t, key);
  const char *s = NULL;
  if (type == LUA_TSTRING) {
    size_t len;
    s = lua_tolstring(L, -1, &len);
    if (strlen(s) != len)
      luaL_error(L, "bad argument #1 to 'from_csv' (%s%s: contains a zero "
                    "byte)", what, key);
  } else if (type != LUA_TNIL)
    luaL_error(L, "bad argument #1 to 'from_csv' (%s%s: must be a string, "
                  "not %s)", what, key, luaL_typename(L, -1));
  lua_pop(L, 1); /* the string stays anchored in the table */
  return s;
}

static int optbool(lua_State *L, int t, const char *key, const char *what) {
  int type = lua_getfield(L, t, key), b = 0;
  if (type == LUA_TBOOLEAN)
    b = lua_toboolean(L, -1);
  else if (type != LUA_TNIL)
    luaL_error(L, "bad argument #1 to 'from_csv' (%s%s: must be true or "
                  "false, not %s)", what, key, luaL_typename(L, -1));
  lua_pop(L, 1);
  return b;
}

/* Rejects keys of the table at t not in allowed (what: "layers[2]: "). */
static void checkkeys(lua_State *L, int t, const char *const *allowed,
                      const char *what) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    int k;
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2)
                                                     : NULL;
    for (k = 0; key && allowed[k]; k++)
      if (strcmp(key, allowed[k]) == 0) break;
    if (key == NULL || allowed[k] == NULL)
      luaL_error(L, "bad argument #1 to 'from_csv' (%sunknown field '%s')",
                 what, key ? key : luaL_typename(L, -2));
    lua_pop(L, 1);
  }
}

/* The path string on top of the stack, for section `key`. */
static const char *sectionpath(lua_State *L, const char *key) {
  size_t len;
  const char *path = lua_tolstring(L, -1, &len);
  if (strlen(path) != len || len == 0)
    luaL_error(L, "bad argument #1 to 'from_csv' (%s: path is empty or "
                  "contains a zero byte)", key);
  return path;
}

/*
** Reads the layers table at index t into specs held in userdata pushed
** on the stack (strings borrowed from the table, labels "layers[i]"
** anchored in a table also pushed).  Returns the number of layers.
*/
static int readlayers(lua_State *L, int t, dip_layer **specs,
                      const char ***labels) {
  int n = (int)lua_rawlen(L, t), i;
  char what[40];
  *specs = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof **specs, 0);
  *labels = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof **labels, 0);
  lua_newtable(L); /* anchors the labels */
  for (i = 1; i <= n; i++) {
    dip_layer *l = &(*specs)[i - 1];
    int e;
    memset(l, 0, sizeof *l);
    if (lua_rawgeti(L, t, i) != LUA_TTABLE)
      luaL_error(L, "bad argument #1 to 'from_csv' (layers[%d]: must be a "
                    "table such as { id = \"formal\", directed = true }, "
                    "not %s)", i, luaL_typename(L, -1));
    e = lua_gettop(L);
    snprintf(what, sizeof what, "layers[%d]: ", i);
    checkkeys(L, e, LAYER_KEYS, what);
    snprintf(what, sizeof what, "layers[%d].", i);
    l->id = (char *)optstr(L, e, "id", what);
    l->name = (char *)optstr(L, e, "name", what);
    l->description = (char *)optstr(L, e, "description", what);
    l->directed = optbool(L, e, "directed", what);
    l->informal = optbool(L, e, "informal", what);
    l->self_ties = optbool(L, e, "self_ties", what);
    lua_pop(L, 1); /* the entry: its strings stay anchored in t */
    lua_pushfstring(L, "layers[%d]", i);
    (*labels)[i - 1] = lua_tostring(L, -1);
    lua_rawseti(L, -2, i); /* labels[i] = "layers[i]" */
  }
  return n;
}

/* }====== */

/*
** diplomat.from_csv(folder) or diplomat.from_csv{ actors = path, ... }
** -> System | nil, message
*/
static int csv_from(lua_State *L) {
  dip_csv_source src[DIP_CSV_NSECTIONS];
  dip_layer *specs = NULL;
  const char **labels = NULL;
  const char *name = NULL, *description = NULL, *where = "";
  int nlayers = -1, k, rc;
  size_t max;
  dip_handle *h;
  dip_problems *pr;
  lua_settop(L, 2);
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    dip_checkoptions(L, 2, READ_KEYS);
  }
  max = dip_optmaxbytes(L, 2);
  luaL_checkstack(L, 40, "from_csv");
  memset(src, 0, sizeof src);
  if (lua_type(L, 1) == LUA_TSTRING) {
    const char *dir = dip_checkpath(L, 1);
    int kind = dip_path_kind(dir);
    if (kind != 2) {
      lua_pushnil(L);
      lua_pushfstring(L, "%s: %s", dir, kind == 0 ? "no such folder"
                      : "not a folder (give a folder of CSV files, or a "
                        "table of paths)");
      return 2;
    }
    {
      /* "fieldwork/" names files "fieldwork/actors.csv", not "...//..." */
      size_t n = strlen(dir);
      while (n > 1 && dir[n - 1] == '/') n--;
      lua_pushlstring(L, dir, n);
      dir = lua_tostring(L, -1);
    }
    for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
      const char *path = lua_pushfstring(L, "%s/%s", dir, dip_csv_files[k]);
      if (dip_path_kind(path) == 0) {
        if (k != DIP_CSV_ACTORS) continue;
        lua_pushnil(L);
        lua_pushfstring(L, "%s: not a map folder: it has no %s", dir,
                        dip_csv_files[k]);
        return 2;
      }
      if ((rc = readsource(L, path, max, &src[k])) != 0) return rc;
    }
    where = lua_pushfstring(L, "%s: ", dir);
  } else {
    luaL_argexpected(L, lua_istable(L, 1), 1, "folder path or table");
    checkkeys(L, 1, TABLE_KEYS, "");
    name = optstr(L, 1, "name", "");
    description = optstr(L, 1, "description", "");
    if ((name || description) &&
        lua_getfield(L, 1, "system") != LUA_TNIL)
      luaL_error(L, "bad argument #1 to 'from_csv' (give name and "
                    "description in the system file or as keys, not both)");
    lua_settop(L, 1);
    for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
      int type = lua_getfield(L, 1, SECTION_KEYS[k]);
      if (type == LUA_TNIL) {
        lua_pop(L, 1);
        continue;
      }
      if (k == DIP_CSV_LAYERS && type == LUA_TTABLE) {
        nlayers = readlayers(L, lua_gettop(L), &specs, &labels);
        continue;
      }
      if (type != LUA_TSTRING)
        luaL_error(L, "bad argument #1 to 'from_csv' (%s: must be a file "
                      "path%s, not %s)", SECTION_KEYS[k],
                   k == DIP_CSV_LAYERS ? " or a table of layers" : "",
                   luaL_typename(L, -1));
      if ((rc = readsource(L, sectionpath(L, SECTION_KEYS[k]), max,
                           &src[k])) != 0)
        return rc;
    }
  }
  h = dip_newhandle(L);
  pr = dip_newproblems(L);
  h->sys = dip_csv_decode(src, specs, labels, nlayers, name, description,
                          pr);
  /* each problem names its file: a single one needs no prefix */
  if (h->sys == NULL)
    return dip_pushproblems(L, pr, pr->count == 1 ? "" : where);
  lua_pop(L, 1); /* the problems */
  return 1;
}

/* diplomat._path_kind(path) -> "file" | "folder" | nil (nothing there) */
static int csv_path_kind(lua_State *L) {
  const char *path = dip_checkpath(L, 1);
  int kind = dip_path_kind(path);
  if (kind < 0) {
    int e = errno;
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", path, strerror(e));
    return 2;
  }
  if (kind == 0)
    lua_pushnil(L);
  else
    lua_pushstring(L, kind == 2 ? "folder" : "file");
  return 1;
}

/*
** diplomat.core._write_file(path, text [, { overwrite = true }])
**   -> true | nil, message [, "exists"]
** The module's one way to write a file from Lua (report.save,
** Result:save): files.c's safe write (a synced temporary file renamed
** over the target, or with overwrite = false put there only if nothing
** is; on failure the target is unchanged and no temporary file is
** left).  The message is "path: cannot write: reason", or "path exists
** (...)" with "exists" as a third result.
*/
static int csv_write_file(lua_State *L) {
  static const char *const KEYS[] = {"overwrite", NULL};
  const char *path = dip_checkpath(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  int replace;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    dip_checkoptnames(L, 3, KEYS);
  }
  replace = dip_optoverwrite(L, 3);
  return dip_pushwritten(L, path, dip_write_file(path, text, len, replace),
                         replace);
}

const luaL_Reg dip_csv_functions[] = {
    {"from_csv", csv_from},
    {"_path_kind", csv_path_kind},
    {"_write_file", csv_write_file},
    {NULL, NULL},
};

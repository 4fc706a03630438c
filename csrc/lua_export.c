/*
** lua_export.c — System:export (GraphML, GEXF, DOT, a CSV folder) and
** diplomat.from_graphml.
**
** Files are written safely (files.c: a synced temporary file renamed
** over the target; a CSV folder's six files all or none).  A file that
** cannot be written or read, data a format cannot hold, or a GraphML
** file that does not make a valid map are expected failures: nil and a
** message.  Misuse (bad options) raises.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "interchange.h"
#include "lua_network.h"

const char *dip_igraph_reason(void); /* errors.c */

static const char *const FORMATS[] = {"graphml", "gexf", "dot", "csv",
                                      NULL};
enum { F_GRAPHML, F_GEXF, F_DOT, F_CSV };
static const char *const FORMAT_NAMES[] = {"GraphML", "GEXF", "DOT", "CSV"};

/* The format named by option `format`, or told by the path's ending. */
static int readformat(lua_State *L, const char *path) {
  static const struct {
    const char *ext;
    int format;
  } EXT[] = {{".graphml", F_GRAPHML}, {".gexf", F_GEXF}, {".dot", F_DOT},
             {".gv", F_DOT}};
  size_t n = strlen(path), k;
  int type = LUA_TNIL;
  if (!lua_isnil(L, 3))
    type = lua_getfield(L, 3, "format");
  else
    lua_pushnil(L);
  if (type != LUA_TNIL) {
    int f;
    if (type != LUA_TSTRING)
      luaL_argerror(L, 3, "format: must be \"graphml\", \"gexf\", \"dot\" "
                          "or \"csv\"");
    for (f = 0; FORMATS[f]; f++)
      if (strcmp(lua_tostring(L, -1), FORMATS[f]) == 0) break;
    if (FORMATS[f] == NULL)
      luaL_argerror(L, 3, lua_pushfstring(L, "format: unknown format '%s' "
                                             "(expected graphml, gexf, dot "
                                             "or csv)", lua_tostring(L, -1)));
    lua_pop(L, 1);
    return f;
  }
  lua_pop(L, 1);
  for (k = 0; k < sizeof EXT / sizeof EXT[0]; k++) {
    size_t m = strlen(EXT[k].ext);
    if (n > m && strcasecmp(path + n - m, EXT[k].ext) == 0)
      return EXT[k].format;
  }
  if (path[n - 1] == '/' || dip_path_kind(path) == 2) return F_CSV;
  return luaL_argerror(L, 3, lua_pushfstring(L, "format: give the format "
                       "(graphml, gexf, dot or csv); it cannot be told "
                       "from '%s'", path));
}

static int cannot_write(lua_State *L, const char *path, const char *why) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: cannot write: %s", path, why);
  return 2;
}

/* {====== CSV folders ====== */

static const char *const CSV_KEYS[] = {"format", "bom", "overwrite", NULL};

static int export_csv(lua_State *L, const dip_system *s, const char *dir) {
  int k, kind, bom = 0, replace;
  dip_problems *pr;
  char *text[DIP_CSV_NSECTIONS];
  if (!lua_isnil(L, 3)) {
    lua_pushnil(L);
    while (lua_next(L, 3)) {
      const char *key = lua_type(L, -2) == LUA_TSTRING
                            ? lua_tostring(L, -2) : "";
      for (k = 0; CSV_KEYS[k]; k++)
        if (strcmp(key, CSV_KEYS[k]) == 0) break;
      if (CSV_KEYS[k] == NULL && (strcmp(key, "layers") == 0 ||
                                  strcmp(key, "informal") == 0 ||
                                  strcmp(key, "combine") == 0))
        luaL_argerror(L, 3, lua_pushfstring(L, "%s: a CSV map holds "
                                               "every layer; the options "
                                               "are format, bom and "
                                               "overwrite", key));
      if (CSV_KEYS[k] == NULL)
        luaL_argerror(L, 3, lua_pushfstring(L, "unknown option '%s'", key));
      lua_pop(L, 1);
    }
    bom = dip_optboolean(L, 3, "bom", 0);
  }
  replace = dip_optoverwrite(L, 3);
  pr = dip_newproblems(L);
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
    dip_boxed *box = dip_box(L, free);
    box->ptr = text[k] = dip_csv_encode(s, (dip_csv_section)k, bom, pr);
    if (text[k] == NULL && pr->oom) return luaL_error(L, "not enough memory");
  }
  if (pr->count > 0)
    return dip_pushproblems(L, pr, lua_pushfstring(L, "%s: ", dir));
  kind = dip_path_kind(dir);
  if (kind == 1) return cannot_write(L, dir, "not a folder");
  if (kind == 0 && mkdir(dir, 0777) != 0) {
    int e = errno;
    lua_pushnil(L);
    lua_pushfstring(L, "%s: cannot create the folder: %s", dir, strerror(e));
    return 2;
  }
  {
    /* all six files or none: each is complete and synced before any
       replaces its old version (files.c); with overwrite = false, none
       is written when any exists, even one that appears meanwhile */
    const char *paths[DIP_CSV_NSECTIONS];
    dip_text t[DIP_CSV_NSECTIONS];
    int which, e;
    for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
      paths[k] = lua_pushfstring(L, "%s/%s", dir, dip_csv_files[k]);
      t[k].s = text[k];
      t[k].len = strlen(text[k]);
    }
    e = dip_write_files(DIP_CSV_NSECTIONS, paths, t, replace, &which);
    return dip_pushwritten(L, paths[which], e, replace);
  }
}

/* }====== */

/* {====== Drawing formats ====== */

static const char *const EXTRA[] = {"format", "overwrite", NULL};

/* sys:export(path, { format = ..., layers = ..., informal = ...,
** overwrite = true }) -> true | nil, message [, "exists"] */
static int exp_export(lua_State *L) {
  dip_system *s = dip_checksystem(L, 1);
  const char *path = dip_checkpath(L, 2);
  dip_netsel sel;
  dip_problems *pr;
  dip_boxed *box;
  int format, e, replace;
  lua_settop(L, 3);
  if (!lua_isnil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  format = readformat(L, path);
  if (format == F_CSV) return export_csv(L, s, path);
  if (!lua_isnil(L, 3)) {
    if (lua_getfield(L, 3, "bom") != LUA_TNIL)
      luaL_argerror(L, 3, "bom: only CSV files take a byte order mark");
    if (lua_getfield(L, 3, "combine") != LUA_TNIL)
      luaL_argerror(L, 3, "combine: an export writes one edge per tie, "
                          "there is nothing to combine");
    lua_settop(L, 3);
  }
  dip_readselection(L, 3, s, EXTRA, &sel);
  replace = dip_optoverwrite(L, 3);
  pr = dip_newproblems(L);
  if (dip_export_check_text(s, sel.selected, FORMAT_NAMES[format], pr) > 0)
    return dip_pushproblems(L, pr, lua_pushfstring(L, "%s: cannot write: ",
                                                   path));
  box = dip_box(L, free);
  box->ptr = format == F_GRAPHML ? dip_graphml_write(s, sel.selected)
             : format == F_DOT   ? dip_export_dot(s, sel.selected)
                                 : dip_export_gexf(s, sel.selected);
  if (box->ptr == NULL) return luaL_error(L, "not enough memory");
  e = dip_write_file(path, box->ptr, strlen(box->ptr), replace);
  return dip_pushwritten(L, path, e, replace);
}

/* }====== */

/* {====== GraphML import ====== */

static void close_file(void *f) { fclose(f); }

static const char *const GRAPHML_KEYS[] = {"layer", "informal",
                                           "max_bytes", NULL};

/* diplomat.from_graphml(path [, { layer = "ties", informal = false,
** max_bytes = n }]) -> System | nil, message */
static int exp_from_graphml(lua_State *L) {
  const char *path = dip_checkpath(L, 1);
  dip_graphml_opts o;
  dip_handle *h;
  dip_problems *pr;
  dip_boxed *box;
  FILE *f;
  int ierr, e;
  size_t max;
  lua_settop(L, 2);
  o.layer = "ties";
  o.informal = 0;
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    dip_checkoptions(L, 2, GRAPHML_KEYS);
    if (lua_getfield(L, 2, "layer") != LUA_TNIL) {
      size_t len;
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, 2, "layer: must be a layer id (a string)");
      o.layer = lua_tolstring(L, -1, &len);
      if (len == 0 || strlen(o.layer) != len)
        luaL_argerror(L, 2, "layer: must be a non-empty id");
    }
    lua_pop(L, 1); /* the id stays anchored in the options */
    o.informal = dip_optboolean(L, 2, "informal", 0);
  }
  h = dip_newhandle(L);
  pr = dip_newproblems(L);
  max = dip_optmaxbytes(L, 2);
  box = dip_box(L, close_file);
  e = dip_open_file(path, max, &f);
  if (e != 0)
    return dip_pushreadfail(L, path, e, max, "cannot read: it is a folder");
  box->ptr = f;
  dip_igraph_begin(L);
  h->sys = dip_graphml_read(f, &o, &ierr, pr);
  dip_box_release(box);
  if (ierr == IGRAPH_ENOMEM) return luaL_error(L, "not enough memory");
  if (ierr != IGRAPH_SUCCESS) {
    const char *why = dip_igraph_reason()[0] ? dip_igraph_reason()
                                             : igraph_strerror(ierr);
    /* igraph's words for a file without a <graph> element */
    if (strncmp(why, "Graph index was too large", 25) == 0)
      why = "the file holds no graph";
    lua_pushnil(L);
    lua_pushfstring(L, "%s: not valid GraphML: %s", path, why);
    return 2;
  }
  if (h->sys == NULL)
    return dip_pushproblems(L, pr, lua_pushfstring(L, "%s: ", path));
  lua_pushvalue(L, 3); /* the System (the igraph guard stays below) */
  return 1;
}

/* }====== */

const luaL_Reg dip_export_methods[] = {
    {"export", exp_export},
    {NULL, NULL},
};

const luaL_Reg dip_export_functions[] = {
    {"from_graphml", exp_from_graphml},
    {NULL, NULL},
};

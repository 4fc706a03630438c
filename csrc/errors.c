/*
** errors.c — the bridge from igraph's error reporting to Lua errors.
**
** igraph's default error handler calls abort().  We install one that
** records the first non-empty reason, frees igraph's FINALLY stack and
** returns; the caller then raises a Lua error after igraph has returned
** (never longjmp out of igraph: its FINALLY stack would be corrupted).
** igraph's handlers are process-wide (Debian's igraph is built without
** thread safety), so the reason buffer and the warning target are
** thread-local, not global.
*/
#include <stdio.h>
#include <string.h>

#include <igraph.h>

#include "binding.h"

static _Thread_local char reason[256];
static _Thread_local lua_State *warn_target;

static void on_error(const char *why, const char *file, int line,
                     igraph_error_t err) {
  (void)file, (void)line, (void)err;
  if (reason[0] == '\0' && why && why[0])
    snprintf(reason, sizeof reason, "%s", why);
  IGRAPH_FINALLY_FREE();
}

static void on_warning(const char *why, const char *file, int line) {
  (void)file, (void)line;
  if (warn_target) {
    lua_warning(warn_target, "diplomat: igraph warning: ", 1);
    lua_warning(warn_target, why, 0);
  }
}

void dip_errors_install(void) {
  igraph_set_error_handler(on_error);
  igraph_set_warning_handler(on_warning);
}

/* Call before a series of igraph calls made on behalf of L. */
void dip_igraph_begin(lua_State *L);
void dip_igraph_begin(lua_State *L) {
  reason[0] = '\0';
  warn_target = L;
}

/* The reason igraph gave for its last failure ("" when none). */
const char *dip_igraph_reason(void);
const char *dip_igraph_reason(void) { return reason; }

/* Raises the igraph failure e as a Lua error. */
int dip_igraph_fail(lua_State *L, igraph_error_t e);
int dip_igraph_fail(lua_State *L, igraph_error_t e) {
  warn_target = NULL;
  return luaL_error(L, "diplomat: igraph failed: %s (%s)",
                    reason[0] ? reason : "no reason given",
                    igraph_strerror(e));
}

/*
** _igraph_selftest(): makes igraph fail on purpose (a graph with -1
** vertices) to prove that the failure becomes a Lua error, not abort().
*/
static int err_selftest(lua_State *L) {
  igraph_t g;
  igraph_error_t e;
  dip_igraph_begin(L);
  e = igraph_empty(&g, -1, IGRAPH_UNDIRECTED);
  if (e != IGRAPH_SUCCESS) return dip_igraph_fail(L, e);
  igraph_destroy(&g);
  return 0;
}

const luaL_Reg dip_errors_functions[] = {
    {"_igraph_selftest", err_selftest},
    {NULL, NULL},
};

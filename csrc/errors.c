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
**
** The same lack of thread safety (igraph's FINALLY stack, error handler
** state and default RNG are plain globals) means that lua_States running
** on different threads must never be inside igraph at the same time:
** dip_igraph_begin takes one process-wide recursive mutex and pushes a
** to-be-closed guard whose __close releases it, so the lock is held until
** the calling C function returns or raises (Lua 5.4 closes a C function's
** pending to-be-closed slots then).  Callers see one extra value on the
** stack after each begin and must not lua_remove/lua_replace below it.
*/
#include <pthread.h>
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

/* {====== The process-wide igraph lock ====== */

#define LOCK_MT "diplomat.igraphlock"

static pthread_mutex_t igraph_lock;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Once per process: the recursive mutex and igraph's handlers (igraph's
** process-wide settings, so never changed again after this). */
static void setup(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&igraph_lock, &a);
  pthread_mutexattr_destroy(&a);
  igraph_set_error_handler(on_error);
  igraph_set_warning_handler(on_warning);
  dip_graphml_install();
}

/* __close of the guard: releases the lock once (a guard is closed once,
** but the flag also makes a stray second call harmless). */
static int lock_close(lua_State *L) {
  int *held = (int *)luaL_checkudata(L, 1, LOCK_MT);
  if (*held) {
    *held = 0;
    pthread_mutex_unlock(&igraph_lock);
  }
  return 0;
}

void dip_errors_install(lua_State *L) {
  pthread_once(&once, setup);
  if (luaL_newmetatable(L, LOCK_MT)) {
    lua_pushcfunction(L, lock_close);
    lua_setfield(L, -2, "__close");
  }
  lua_pop(L, 1);
}

/*
** Call before a series of igraph calls made on behalf of L: pushes the
** guard (allocated before the lock is taken, so a memory error raises
** with the lock free) and holds the lock until the calling C function
** returns or raises.  Recursive: a binding may begin more than once.
*/
void dip_igraph_begin(lua_State *L);
void dip_igraph_begin(lua_State *L) {
  int *held = (int *)lua_newuserdatauv(L, sizeof *held, 0);
  *held = 0;
  if (luaL_getmetatable(L, LOCK_MT) != LUA_TTABLE)
    luaL_error(L, "diplomat: module not initialised (luaopen_diplomat_core)");
  lua_setmetatable(L, -2);
  pthread_mutex_lock(&igraph_lock);
  *held = 1;
  lua_toclose(L, -1);
  reason[0] = '\0';
  warn_target = L;
}

/* }====== */

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

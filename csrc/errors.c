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
** dip_igraph_begin takes one process-wide recursive lock and pushes a
** to-be-closed guard whose __close releases it, so the lock is held until
** the calling C function returns or raises (Lua 5.4 closes a C function's
** pending to-be-closed slots then).  Callers see one extra value on the
** stack after each begin and must not lua_remove/lua_replace below it.
** One exception: a coroutine that dies with an error keeps its pending
** slots open until coroutine.close or its collection (__gc releases it).
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

/*
** A recursive lock that any thread may release: held by one thread at a
** time, `depth` times.  (A pthread recursive mutex must be unlocked by its
** owner; a guard left on the stack of a coroutine that died with an error
** is released only when the coroutine is closed or collected, maybe on
** another thread.)
*/
static pthread_mutex_t guard_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static pthread_t owner;
static long depth;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Once per process: igraph's handlers and attribute table (process-wide
** settings in igraph, never changed again after this), and libxml2's
** global tables (its manual: initialise once before threads use it). */
static void setup(void) {
  igraph_set_error_handler(on_error);
  igraph_set_warning_handler(on_warning);
  dip_graphml_install();
  dip_xml_init();
}

static void lock(void) {
  pthread_t self = pthread_self();
  pthread_mutex_lock(&guard_m);
  while (depth > 0 && !pthread_equal(owner, self))
    pthread_cond_wait(&freed, &guard_m);
  owner = self;
  depth++;
  pthread_mutex_unlock(&guard_m);
}

static void unlock(void) {
  pthread_mutex_lock(&guard_m);
  if (depth > 0 && --depth == 0) pthread_cond_broadcast(&freed);
  pthread_mutex_unlock(&guard_m);
}

/* __close and __gc of the guard: releases the lock once. */
static int lock_close(lua_State *L) {
  int *held = (int *)luaL_checkudata(L, 1, LOCK_MT);
  if (*held) {
    *held = 0;
    unlock();
  }
  return 0;
}

void dip_errors_install(lua_State *L) {
  pthread_once(&once, setup);
  if (luaL_newmetatable(L, LOCK_MT)) {
    lua_pushcfunction(L, lock_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, lock_close); /* a dead coroutine's guard */
    lua_setfield(L, -2, "__gc");
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
  lock();
  *held = 1;
  lua_toclose(L, -1);
  reason[0] = '\0';
  warn_target = L;
}

/*
** For one igraph call made before dip_igraph_begin, with no Lua call
** between lock and unlock (e.g. initialising a vector in a box): igraph's
** failure path (error handler, FINALLY stack) is process-wide state too.
*/
void dip_igraph_lock(void);
void dip_igraph_unlock(void);
void dip_igraph_lock(void) {
  pthread_once(&once, setup);
  lock();
}

void dip_igraph_unlock(void) { unlock(); }

/* }====== */

/* The reason igraph gave for its last failure ("" when none). */
const char *dip_igraph_reason(void);
const char *dip_igraph_reason(void) { return reason; }

/* Raises the igraph failure e as a Lua error. */
int dip_igraph_fail(lua_State *L, igraph_error_t e);
int dip_igraph_fail(lua_State *L, igraph_error_t e) {
  warn_target = NULL;
  /* the same words as every other allocation failure in the module */
  if (e == IGRAPH_ENOMEM) return luaL_error(L, "not enough memory");
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

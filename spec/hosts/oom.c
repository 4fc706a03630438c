/*
** oom.c — allocation failure, swept: a host whose allocators fail from
** the k-th allocation on, for k = 1, 2, ... until the operation succeeds.
**
** Two allocators fail, one at a time:
**   "lua"  the lua_Alloc of the state (every Lua table, string, userdata
**          and box the module makes);
**   "c"    malloc, calloc, realloc and strdup as called from the module's
**          own C code: the host is linked with the module's objects and
**          -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
**          so those calls come to __wrap_malloc etc. below.  libxml2
**          (the GraphML and GEXF writer) is given the same allocators
**          through xmlMemSetup, so its allocations fail too.  cJSON's
**          go through hooks (cJSON_InitHooks) and fail too when an
**          operation asks for it (oom.arm's third argument): encode and
**          save, which build and print cJSON items one by one.  igraph
**          and liblua are shared libraries and keep the real malloc:
**          their own allocations never fail here (a limit of this test).
** Only growing allocations fail (Lua assumes shrinking never fails).
** At every k the operation, run under pcall, must either succeed or fail
** cleanly (a Lua error with a message, or nil plus a message); then the
** state must still be usable: after a full collection the same operation
** with working allocators succeeds and sys:check() passes.  The sweep
** itself is Lua (spec/hosts/oom.lua) calling oom.arm / oom.disarm.
** Built by the Makefile under ASan (build-asan/oom), so a leak or a use
** after free on an error path is a failure too.
** Usage: oom MAP STEP [OP...]; STEP 0 = coarse (every k up to 64, then
** growing by 1/16), 1 = every k.  Prints one line per operation and
** sweep and "ok"; exit status 0/1.  Run by spec/oom_spec.lua and make oom.
** The exports are also swept with the k-th C allocation failing alone
** ("c-once"), for every k: a writer that absorbed a failure must still
** write the same file.
*/
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <libxml/xmlmemory.h>

int luaopen_diplomat_core(lua_State *L); /* csrc/module.c, linked in */

/* {====== Failing allocators ====== */

enum { OFF, LUA_FAILS, C_FAILS };
static int mode = OFF;
static long countdown; /* allocations left before failures start */
static long made;      /* growing allocations while armed */
static int cjson_fails; /* cJSON's allocations count as the module's */
static int once;       /* only the k-th allocation fails */

/* Whether this allocation (of the kind `kind`) fails. */
static int fails(int kind) {
  if (mode != kind) return 0;
  made++;
  if (countdown > 0) {
    countdown--;
    return 0;
  }
  if (countdown < 0) return 0; /* once, and it has failed */
  if (once) countdown = -1;
  return 1;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

void *__wrap_malloc(size_t n) {
  return fails(C_FAILS) ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t k, size_t n) {
  return fails(C_FAILS) ? NULL : __real_calloc(k, n);
}
void *__wrap_realloc(void *p, size_t n) {
  return fails(C_FAILS) ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s) {
  return fails(C_FAILS) ? NULL : __real_strdup(s);
}

/* cJSON's allocator (cJSON_InitHooks; it frees with free). */
static void *cjson_malloc(size_t n) {
  return cjson_fails && fails(C_FAILS) ? NULL : __real_malloc(n);
}

static void *lalloc(void *ud, void *p, size_t osize, size_t nsize) {
  (void)ud;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  if ((p == NULL || nsize > osize) && fails(LUA_FAILS)) return NULL;
  return __real_realloc(p, nsize); /* not counted as the module's */
}

/* oom.arm("lua" | "c", k [, cjson [, once]]): the k-th growing
** allocation from now on and every one after it fails; with cjson set
** and "c", cJSON's allocations count and fail too; with once, the k-th
** alone fails. */
static int oom_arm(lua_State *L) {
  static const char *const MODES[] = {"lua", "c", NULL};
  int m = luaL_checkoption(L, 1, NULL, MODES);
  long k = (long)luaL_checkinteger(L, 2);
  cjson_fails = lua_toboolean(L, 3);
  once = lua_toboolean(L, 4);
  countdown = k - 1;
  made = 0;
  mode = m == 0 ? LUA_FAILS : C_FAILS;
  return 0;
}

/* oom.disarm() -> the number of allocations asked for while armed. */
static int oom_disarm(lua_State *L) {
  mode = OFF;
  cjson_fails = 0;
  lua_pushinteger(L, made);
  return 1;
}

/* }====== */

int main(int argc, char **argv) {
  lua_State *L;
  int i, status;
  if (argc < 3) {
    fprintf(stderr, "usage: oom MAP STEP [OP...]\n");
    return 1;
  }
  {
    cJSON_Hooks hooks = {cjson_malloc, free};
    cJSON_InitHooks(&hooks);
  }
  /* libxml2 allocates through these pointers (process-wide: fine in a
     test host, not in the module) */
  xmlMemSetup(free, __wrap_malloc, __wrap_realloc, __wrap_strdup);
  L = lua_newstate(lalloc, NULL);
  if (L == NULL) return 1;
  luaL_openlibs(L);
  luaL_requiref(L, "diplomat.core", luaopen_diplomat_core, 0);
  lua_pop(L, 1);
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, oom_arm);
  lua_setfield(L, -2, "arm");
  lua_pushcfunction(L, oom_disarm);
  lua_setfield(L, -2, "disarm");
  lua_setglobal(L, "oom");
  lua_createtable(L, argc, 0);
  for (i = 1; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_setglobal(L, "arg");
  status = luaL_dofile(L, "spec/hosts/oom.lua");
  if (status != LUA_OK)
    fprintf(stderr, "oom: %s\n", lua_tostring(L, -1));
  lua_close(L);
  return status == LUA_OK ? 0 : 1;
}

/*
** lua_memory.c — memory diagnostics for the specs (spec/soak_spec.lua):
**   require("diplomat.core")._heap() -> bytes | nil
** the bytes malloc has handed out and not had back (glibc's mallinfo2:
** small chunks in use plus mmapped chunks), Lua's own allocations
** included; nil where the C library does not say.  Unlike the resident
** set, it sees a leak even while the heap still has free room to hold
** it.
*/
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#include "binding.h"

static int mem_heap(lua_State *L) {
#if defined(__GLIBC__) && defined(__GLIBC_MINOR__) &&                        \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 m = mallinfo2();
  lua_pushinteger(L, (lua_Integer)(m.uordblks + m.hblkhd));
#else
  lua_pushnil(L);
#endif
  return 1;
}

const luaL_Reg dip_memory_functions[] = {
    {"_heap", mem_heap},
    {NULL, NULL},
};

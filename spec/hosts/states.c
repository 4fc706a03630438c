/*
** states.c — a host with several lua_States side by side.
**
** Each state requires diplomat (through LUA_PATH / LUA_CPATH), loads the
** default map and works on it; the states' steps are interleaved so that
** any global state in the module would show as a wrong answer.  Prints
** "ok N states" on success, else the first failure; exit status 0/1.
** Run by spec/embedding_spec.lua.
*/
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#define NSTATES 4

static int run(lua_State *L, const char *code, int k) {
  lua_pushinteger(L, k);
  lua_setglobal(L, "K");
  if (luaL_dostring(L, code) != LUA_OK) {
    fprintf(stderr, "state %d: %s\n", k, lua_tostring(L, -1));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *map = argc > 1 ? argv[1] : "examples/data/northvale.json";
  lua_State *L[NSTATES];
  int k, bad = 0;
  /* step 1: each state loads the map and removes a different actor */
  static const char *step1 =
      "diplomat = require 'diplomat'\n"
      "sys = assert(diplomat.load(MAP))\n"
      "ids = sys:actor_ids()\n"
      "n0 = #sys\n"
      "sys:remove_actor(ids[K])\n"
      "copy = sys:clone()\n"
      "assert(not pcall(sys.add_tie, sys, { from = 'x', to = 'y', "
      "layer = 'formal' }))\n";
  /* step 2: each state checks it sees only its own change */
  static const char *step2 =
      "assert(#sys == n0 - 1, 'wrong actor count')\n"
      "assert(sys:actor(ids[K]) == nil, 'own removal lost')\n"
      "for j = 1, 4 do if j ~= K then "
      "assert(sys:actor(ids[j]), 'another state removed ' .. ids[j]) end end\n"
      "assert(sys:check())\n"
      "back = assert(diplomat.decode(sys:encode()))\n"
      "assert(back:encode() == copy:encode(), 'round trip differs')\n"
      "sys:close() copy:close() back:close()\n";
  for (k = 0; k < NSTATES; k++) {
    L[k] = luaL_newstate();
    if (L[k] == NULL) return 1;
    luaL_openlibs(L[k]);
    lua_pushstring(L[k], map);
    lua_setglobal(L[k], "MAP");
  }
  for (k = 0; k < NSTATES && !bad; k++) bad = run(L[k], step1, k + 1);
  for (k = NSTATES - 1; k >= 0 && !bad; k--) bad = run(L[k], step2, k + 1);
  /* close in a different order than opened */
  for (k = 1; k < NSTATES; k += 2) lua_close(L[k]);
  for (k = 0; k < NSTATES; k += 2) lua_close(L[k]);
  if (bad) return 1;
  printf("ok %d states\n", NSTATES);
  return 0;
}

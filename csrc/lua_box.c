/*
** lua_box.c — scratch boxes: malloc'd memory owned by a userdata so that
** a Lua error raised while it is alive frees it (through __gc) instead of
** leaking it.  The box can also be marked to-be-closed.
*/
#include "binding.h"

void dip_box_release(dip_boxed *b) {
  if (b->ptr && b->destroy) b->destroy(b->ptr);
  b->ptr = NULL;
}

static int box_gc(lua_State *L) {
  dip_box_release(luaL_checkudata(L, 1, DIP_BOX_MT));
  return 0;
}

/*
** Pushes a new empty box whose content will be released with destroy.
** The box is created (and can raise) before anything is put in it.
*/
dip_boxed *dip_box(lua_State *L, void (*destroy)(void *)) {
  dip_boxed *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->ptr = NULL;
  b->destroy = destroy;
  luaL_setmetatable(L, DIP_BOX_MT);
  return b;
}

void dip_box_register(lua_State *L) {
  luaL_newmetatable(L, DIP_BOX_MT);
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__gc");    /* mt.__gc = box_gc */
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__close"); /* mt.__close = box_gc */
  lua_pop(L, 1);
}

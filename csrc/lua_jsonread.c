/*
** lua_jsonread.c — the two map readers one at a time, for the specs:
**   require("diplomat.core")._json_fast(text) -> System | nil
**     the fast reader alone (jsonread.c): nil when it gives up;
**   require("diplomat.core")._json_full(text) -> System | nil, message
**     the full reader alone (json.c), as diplomat.decode without the fast
**     path.
** diplomat.decode tries the first and falls back to the second; specs
** check that they agree and that tidy maps take the fast path.
*/
#include <stdlib.h>

#include "binding.h"

static void free_problems(void *p) {
  dip_problems_free(p);
  free(p);
}

static int jr_fast(lua_State *L) {
  size_t len;
  const char *buf = luaL_checklstring(L, 1, &len);
  dip_handle *h = dip_newhandle(L);
  h->sys = dip_json_fast(buf, len);
  if (h->sys == NULL) lua_pushnil(L);
  return 1;
}

static int jr_full(lua_State *L) {
  size_t len;
  const char *buf = luaL_checklstring(L, 1, &len);
  dip_handle *h = dip_newhandle(L);
  dip_boxed *box = dip_box(L, free_problems);
  dip_problems *pr = malloc(sizeof *pr);
  if (pr == NULL) return luaL_error(L, "not enough memory");
  dip_problems_init(pr, 1);
  box->ptr = pr;
  h->sys = dip_json_decode_full(buf, len, pr);
  if (h->sys != NULL) {
    lua_pop(L, 1); /* the box */
    return 1;
  }
  if (pr->oom) return luaL_error(L, "not enough memory");
  lua_pushnil(L);
  lua_pushstring(L, pr->first);
  return 2;
}

const luaL_Reg dip_jsonread_functions[] = {
    {"_json_fast", jr_fast},
    {"_json_full", jr_full},
    {NULL, NULL},
};

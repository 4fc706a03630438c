/*
** lua_game.h — a weighted voting game read from an options table by the
** rules of sys:power (README, "Power indices": weight, resolution, quota,
** share).  sys:power and the coalition searches read their game with it.
*/
#ifndef DIPLOMAT_LUA_GAME_H
#define DIPLOMAT_LUA_GAME_H

#include <stdint.h>

#include "binding.h"

typedef struct dip_wvote {
  double *raw;          /* per actor: the weight as given */
  int64_t *units;       /* per actor: the weight in whole units */
  double unit;          /* the resolution */
  int rounded;          /* some weight was not a whole number of units */
  int64_t quota, total; /* a coalition wins with quota units of total */
} dip_wvote;

/*
** Reads options weight, resolution, quota and share of the options table
** at stack index arg (nil: the defaults) into g; g->raw and g->units are
** the caller's arrays of s->nactors entries.  Bad options raise, naming
** argument arg, with the messages of sys:power.
*/
void dip_readvote(lua_State *L, int arg, const dip_system *s, dip_wvote *g);

#endif

/*
** lua_network.h — what the network binding files (lua_network.c and the
** lua_<measure>.c files) share: reading options, owning igraph results.
*/
#ifndef DIPLOMAT_LUA_NETWORK_H
#define DIPLOMAT_LUA_NETWORK_H

#include "binding.h"
#include "network.h"

/* igraph failures (errors.c): begin before igraph calls made for L; fail
** raises the recorded reason as a Lua error. */
void dip_igraph_begin(lua_State *L);
int dip_igraph_fail(lua_State *L, igraph_error_t e);
/* errors.c: the igraph lock around one igraph call with no Lua call in
** between, made before dip_igraph_begin (e.g. a vector's init). */
void dip_igraph_lock(void);
void dip_igraph_unlock(void);

/* A layer selection: flags per layer and the combine rule. */
typedef struct dip_netsel {
  unsigned char *selected; /* in a Lua userdata buffer */
  dip_combine combine;
} dip_netsel;

/*
** Checks that every key of the options table at arg (nil, or a table;
** the caller has made arg a valid stack slot with lua_settop) is a
** selection key (layers, informal, combine) or listed in extra; reads the
** selection.  Pushes one userdata holding the flags.
*/
void dip_readselection(lua_State *L, int arg, const dip_system *s,
                       const char *const *extra, dip_netsel *sel);
/* Option `key` of the table at arg (may be nil) as a boolean. */
int dip_optboolean(lua_State *L, int arg, const char *key, int def);
/* Option mode = "out" | "in" | "all"; allow_in = 0 rejects "in". */
igraph_neimode_t dip_optmode(lua_State *L, int arg, igraph_neimode_t def,
                             int allow_in, const char *measure);

/* The (cached) view of a selection; raises on failure. */
const dip_view *dip_getview(lua_State *L, dip_system *s,
                            const dip_netsel *sel);
/* The same, every layer read as undirected (dip_view_undirected). */
const dip_view *dip_getundirected(lua_State *L, dip_system *s,
                                  const dip_netsel *sel);
/* A new empty igraph vector owned by a box pushed on the stack. */
igraph_vector_t *dip_newvector(lua_State *L);
/* The same for an igraph integer vector. */
igraph_vector_int_t *dip_newintvector(lua_State *L);
/* Pushes { [actor id] = res[i] }. */
void dip_pushbyactor(lua_State *L, const dip_system *s,
                     const igraph_vector_t *res);

/* Actors without a value for the group field form this group. */
#define DIP_NO_GROUP "(none)"

/*
** Groups of actors by option `by` of the table at arg (or def when
** absent; def NULL makes `by` required): an actor field (org, sector,
** profession, level, mandate, kind) or "attrs.<name>".  Groups are
** numbered 0.. in order of first appearance among the actors.  Pushes
** two values: a userdata (g->of) and an array of group names (g->names
** is its stack index).
*/
typedef struct dip_groups {
  const char *by;
  int *of; /* per actor: its group, 0-based */
  int n;   /* number of groups */
  int names;
} dip_groups;
void dip_readgroups(lua_State *L, int arg, const dip_system *s,
                    const char *def, dip_groups *g);

#endif

/*
** binding.h — what the Lua binding files (lua_*.c, module.c, errors.c)
** share.  Only these files call the Lua API.
*/
#ifndef DIPLOMAT_BINDING_H
#define DIPLOMAT_BINDING_H

#include <lauxlib.h>
#include <lua.h>

#include "diplomat.h"
#include "progress.h"

/* The System userdata: owns sys (NULL once closed).  busy > 0 while a
** progress function runs inside an analysis of it (lua_progress.c):
** every method then raises. */
typedef struct dip_handle {
  dip_system *sys;
  int busy;
} dip_handle;

/* A scratch box: owns ptr until freed by __gc/__close or by hand. */
typedef struct dip_boxed {
  void *ptr;
  void (*destroy)(void *);
} dip_boxed;

/* lua_box.c */
dip_boxed *dip_box(lua_State *L, void (*destroy)(void *));
void dip_box_release(dip_boxed *b); /* frees now; idempotent */
void dip_box_register(lua_State *L);

/* lua_system.c */
dip_handle *dip_newhandle(lua_State *L); /* pushes a closed System */
dip_system *dip_checksystem(lua_State *L, int idx);
/* An id argument: a string (not a number) without zero bytes. */
const char *dip_checkid(lua_State *L, int arg);
/* Raises the first problem as a bad-argument error (or a memory error). */
int dip_raise(lua_State *L, int arg, dip_problems *pr);
/* Rejects keys of the table at idx that are not in allowed. */
void dip_checkoptions(lua_State *L, int idx, const char *const *allowed);
/* The same for an options table: "option names must be strings",
** "unknown option '<name>'". */
void dip_checkoptnames(lua_State *L, int arg, const char *const *allowed);
/* Pushes the attrs as a new table. */
void dip_pushattrs(lua_State *L, const dip_attrs *a);

extern const luaL_Reg dip_system_methods[];
extern const luaL_Reg dip_system_meta[];
extern const luaL_Reg dip_system_functions[];
/* lua_query.c */
extern const luaL_Reg dip_query_methods[];
/* lua_json.c */
extern const luaL_Reg dip_json_methods[];
extern const luaL_Reg dip_json_functions[];
/* lua_network.c */
extern const luaL_Reg dip_network_methods[];
/* lua_holes.c */
extern const luaL_Reg dip_holes_methods[];
/* lua_brokerage.c */
extern const luaL_Reg dip_brokerage_methods[];
/* lua_coreness.c */
extern const luaL_Reg dip_coreness_methods[];
/* lua_community.c */
extern const luaL_Reg dip_community_methods[];
/* lua_paths.c */
extern const luaL_Reg dip_paths_methods[];
/* lua_power.c */
extern const luaL_Reg dip_power_methods[];
/* lua_coalition.c */
extern const luaL_Reg dip_coalition_methods[];
/* lua_agendas.c */
extern const luaL_Reg dip_agendas_methods[];
/* lua_exchange.c */
extern const luaL_Reg dip_exchange_methods[];
/* lua_dynamics.c */
extern const luaL_Reg dip_dynamics_methods[];
/* lua_forecast.c */
extern const luaL_Reg dip_forecast_methods[];
extern const luaL_Reg dip_forecast_functions[];
/* lua_scenario.c */
extern const luaL_Reg dip_scenario_functions[];
/* lua_layout.c */
extern const luaL_Reg dip_layout_methods[];
/* lua_jsonvalue.c */
extern const luaL_Reg dip_jsonvalue_functions[];
/* lua_generate.c */
extern const luaL_Reg dip_generate_functions[];
/* lua_csv.c: from_csv, and helpers the interchange bindings share */
extern const luaL_Reg dip_csv_functions[];
/* A problems collector owned by a box pushed on the stack. */
dip_problems *dip_newproblems(lua_State *L);
/* Pushes nil and the problems (prefixed with where); returns 2. */
int dip_pushproblems(lua_State *L, const dip_problems *pr,
                     const char *where);
/* A file path argument: a non-empty string without zero bytes. */
const char *dip_checkpath(lua_State *L, int arg);
/* Option max_bytes of the options table at arg (absent: the default,
** DIP_MAX_BYTES): a positive whole number of bytes. */
size_t dip_optmaxbytes(lua_State *L, int arg);
/* Pushes nil and the message for dip_read_file's failure e on path
** (max: the limit; folder: the message for a folder); returns 2.  Raises
** "not enough memory" for ENOMEM. */
int dip_pushreadfail(lua_State *L, const char *path, int e, size_t max,
                     const char *folder);
/* Option overwrite of the options table at arg (absent: true), as
** dip_write_files' replace. */
int dip_optoverwrite(lua_State *L, int arg);
/* The results of a writer for dip_write_files' result e on path: true;
** or nil and "path: cannot write: reason"; or, refused because path
** exists (replace == 0), nil, "path exists (pass overwrite = true to
** replace it)" and "exists".  Returns how many it pushed; raises "not
** enough memory" for ENOMEM. */
int dip_pushwritten(lua_State *L, const char *path, int e, int replace);
/* lua_export.c */
extern const luaL_Reg dip_export_methods[];
extern const luaL_Reg dip_export_functions[];
/* lua_progress.c: options progress and time_budget (bounded work) */
typedef struct dip_lprogress {
  dip_progress p; /* hand &p to the algorithm */
  lua_State *L;
  int fn, err;    /* stack slots: the function (0: none), its error */
  int sys;        /* stack slot of the System kept busy, or 0 */
  int failed;     /* the function raised (error at slot err) */
  double budget;  /* time_budget in seconds (0: none) */
} dip_lprogress;
/* Reads progress and time_budget of the options table at opts (which
** may be nil; other keys are the caller's to check); pushes two slots. */
void dip_readprogress(lua_State *L, int opts, int sys, dip_lprogress *lp);
/* After the algorithm has freed its memory: re-raises the function's
** error, if it raised. */
void dip_progress_raise(lua_State *L, const dip_lprogress *lp);
/* When the run stopped early: incomplete = true and stopped = "progress"
** or "time_budget" in the table at t. */
void dip_progress_mark(lua_State *L, const dip_lprogress *lp, int t);
/* For a computation that is one igraph call (nothing partial to return):
** re-raises the function's error; when the run was stopped, raises an
** error saying that `what` stopped and why. */
void dip_progress_stopped(lua_State *L, const dip_lprogress *lp,
                          const char *what);
extern const luaL_Reg dip_progress_functions[];
/* lua_memory.c: core._heap(), malloc's bytes in use (specs) */
extern const luaL_Reg dip_memory_functions[];
/* graphml.c: installs igraph's C attribute handler (at load) */
void dip_graphml_install(void);
/* xmlwrite.c: initialises libxml2 (at load, once per process) */
void dip_xml_init(void);
/* errors.c */
extern const luaL_Reg dip_errors_functions[];
void dip_errors_install(lua_State *L);

#endif

/*
** benchclock.c — a tiny Lua module for the benchmark drivers (not part
** of diplomat): wall-clock and CPU time, and the process's peak memory.
**   local clock = require "benchclock"
**   clock.now()     -> seconds (CLOCK_MONOTONIC), a float
**   clock.cpu()     -> CPU seconds of the process (all threads)
**   clock.maxrss()  -> peak resident set size in KiB (getrusage)
**   clock.rss()     -> current resident set size in KiB (/proc/self/statm)
** Built by `make bench` into build/bench/benchclock.so.
*/
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

int luaopen_benchclock(lua_State *L);

static double seconds(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bc_now(lua_State *L) {
  lua_pushnumber(L, seconds(CLOCK_MONOTONIC));
  return 1;
}

static int bc_cpu(lua_State *L) {
  lua_pushnumber(L, seconds(CLOCK_PROCESS_CPUTIME_ID));
  return 1;
}

static int bc_maxrss(lua_State *L) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  lua_pushinteger(L, (lua_Integer)ru.ru_maxrss);
  return 1;
}

static int bc_rss(lua_State *L) {
  long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f != NULL) {
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    fclose(f);
  }
  lua_pushinteger(L, (lua_Integer)resident * (sysconf(_SC_PAGESIZE) / 1024));
  return 1;
}

static const luaL_Reg funcs[] = {{"now", bc_now},
                                 {"cpu", bc_cpu},
                                 {"maxrss", bc_maxrss},
                                 {"rss", bc_rss},
                                 {NULL, NULL}};

int luaopen_benchclock(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}

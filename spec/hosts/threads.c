/*
** threads.c — diplomat in several lua_States on several threads at once.
**
** Each thread makes its own lua_State, loads diplomat, runs the work in
** spec/hosts/threads.lua (load the Northvale map, network measures with
** seeds, layout, forecasts, a scenario applied and run, clone, encode)
** and compares the text it returns with a single-threaded run made first;
** then closes its state.  ROUNDS rounds of NTHREADS threads.  igraph is
** not thread-safe (Debian builds it without thread-local storage): this
** host is the check that every call into it goes through the module's
** process-wide lock (csrc/errors.c).  Built three ways by the Makefile:
**   build/threads         loads diplomat.core with require (dlopen)
**   build/threads-static  the module sources compiled into the host
**                         (-DDIP_STATIC),
**                         opened with luaL_requiref: no dlopen
**   build-tsan/threads    the static build under ThreadSanitizer (make tsan)
** Usage: threads MAP [NTHREADS [ROUNDS]]; prints "ok N threads x R rounds"
** on success, else the first failure; exit status 0/1.
** Run by spec/embedding_spec.lua.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#define MAXTHREADS 64
#define WORK "spec/hosts/threads.lua"

#ifdef DIP_STATIC
int luaopen_diplomat_core(lua_State *L); /* csrc/module.c, linked in */
#endif

static const char *map;
static char *reference; /* the single-threaded answer */

typedef struct {
  int k;
  char *out; /* the answer (malloc'd) or NULL */
  char err[512];
} job;

/* Runs the work in a fresh state; the answer or an error into j. */
static void *work(void *ud) {
  job *j = ud;
  lua_State *L = luaL_newstate();
  j->out = NULL;
  j->err[0] = '\0';
  if (L == NULL) {
    snprintf(j->err, sizeof j->err, "cannot create a state");
    return NULL;
  }
  luaL_openlibs(L);
#ifdef DIP_STATIC
  luaL_requiref(L, "diplomat.core", luaopen_diplomat_core, 0);
  lua_pop(L, 1);
#endif
  lua_pushstring(L, map);
  lua_setglobal(L, "MAP");
  if (luaL_dofile(L, WORK) != LUA_OK)
    snprintf(j->err, sizeof j->err, "%s", lua_tostring(L, -1));
  else if (!lua_isstring(L, -1))
    snprintf(j->err, sizeof j->err, "the work returned no text");
  else {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    j->out = malloc(len + 1);
    if (j->out) memcpy(j->out, s, len + 1);
    else snprintf(j->err, sizeof j->err, "out of memory");
  }
  lua_close(L);
  return NULL;
}

int main(int argc, char **argv) {
  static job jobs[MAXTHREADS];
  pthread_t tid[MAXTHREADS];
  int nthreads = argc > 2 ? atoi(argv[2]) : 4;
  int rounds = argc > 3 ? atoi(argv[3]) : 3;
  int r, k, bad = 0;
  map = argc > 1 ? argv[1] : "examples/data/northvale.json";
  if (nthreads < 1 || nthreads > MAXTHREADS || rounds < 1) {
    fprintf(stderr, "usage: threads MAP [NTHREADS (1-%d) [ROUNDS]]\n",
            MAXTHREADS);
    return 1;
  }
  work(&jobs[0]);
  if (jobs[0].out == NULL) {
    fprintf(stderr, "single-threaded run: %s\n", jobs[0].err);
    return 1;
  }
  reference = jobs[0].out;
  for (r = 0; r < rounds && !bad; r++) {
    for (k = 0; k < nthreads; k++) {
      jobs[k].k = k;
      if (pthread_create(&tid[k], NULL, work, &jobs[k]) != 0) {
        fprintf(stderr, "round %d: cannot start thread %d\n", r + 1, k + 1);
        return 1;
      }
    }
    for (k = 0; k < nthreads; k++) pthread_join(tid[k], NULL);
    for (k = 0; k < nthreads; k++) {
      if (jobs[k].out == NULL) {
        if (!bad)
          fprintf(stderr, "round %d thread %d: %s\n", r + 1, k + 1,
                  jobs[k].err);
        bad = 1;
      } else if (strcmp(jobs[k].out, reference) != 0) {
        if (!bad)
          fprintf(stderr, "round %d thread %d: results differ from the "
                          "single-threaded run\n", r + 1, k + 1);
        bad = 1;
      }
      free(jobs[k].out);
      jobs[k].out = NULL;
    }
  }
  free(reference);
  if (bad) return 1;
  printf("ok %d threads x %d rounds\n", nthreads, rounds);
  return 0;
}

/*
** timing.h — timing for the C benchmark drivers, the same report as
** bench/timing.lua:
**   BENCH first=<s> wall=<s,...> cpu=<s,...> rss_kb=<peak> base_kb=<rss>
**         load=<s>
*/
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BENCH_MAXREPS 100

static double bench_clock(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double bench_now(void) { return bench_clock(CLOCK_MONOTONIC); }

/* Current resident set size in KiB. */
static long bench_rss(void) {
  long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f != NULL) {
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

typedef struct bench_times {
  double started, load, first;
  long base_kb;
  int reps;
  double wall[BENCH_MAXREPS], cpu[BENCH_MAXREPS];
} bench_times;

static void bench_start(bench_times *b) { b->started = bench_now(); }

static void bench_loaded(bench_times *b) {
  b->load = bench_now() - b->started;
  b->base_kb = bench_rss();
}

/* One first call, then reps timed calls of f. */
static void bench_run(bench_times *b, void (*f)(void), int reps) {
  double t = bench_now();
  int r;
  f();
  b->first = bench_now() - t;
  b->reps = reps < BENCH_MAXREPS ? reps : BENCH_MAXREPS;
  for (r = 0; r < b->reps; r++) {
    double w = bench_now(), c = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
    f();
    b->cpu[r] = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c;
    b->wall[r] = bench_now() - w;
  }
}

static void bench_report(const bench_times *b) {
  struct rusage ru;
  int r;
  getrusage(RUSAGE_SELF, &ru);
  printf("BENCH first=%.6f wall=", b->first);
  for (r = 0; r < b->reps; r++) printf("%s%.6f", r ? "," : "", b->wall[r]);
  printf(" cpu=");
  for (r = 0; r < b->reps; r++) printf("%s%.6f", r ? "," : "", b->cpu[r]);
  printf(" rss_kb=%ld base_kb=%ld load=%.6f\n", ru.ru_maxrss, b->base_kb,
         b->load);
}

#endif

/*
** progress.c — bounded work (progress.h): a time budget on a monotonic
** clock and a callback that may stop a long run.  No Lua calls here.
*/
#include <time.h>

#include "progress.h"

double dip_clock(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void dip_progress_init(dip_progress *p, double seconds) {
  p->fn = 0;
  p->ud = 0;
  p->deadline = seconds > 0 ? dip_clock() + seconds : 0;
  p->stop = DIP_RUNNING;
}

int dip_progress_poll(dip_progress *p) {
  if (p == 0) return 0;
  if (p->stop == DIP_RUNNING && p->deadline > 0 && dip_clock() >= p->deadline)
    p->stop = DIP_STOP_TIME;
  return p->stop != DIP_RUNNING;
}

int dip_progress_report(dip_progress *p, double done, double total) {
  if (dip_progress_poll(p)) return 1;
  if (p && p->fn && !p->fn(p->ud, done, total)) p->stop = DIP_STOP_ASKED;
  return p && p->stop != DIP_RUNNING;
}

/*
** progress.h — bounded work: the periodic check long C loops make
** (progress.c).  An algorithm that may run long takes a dip_progress
** (NULL: none) and, after each unit of its work (a round, a run, a block
** of samples), calls dip_progress_report with the work done and the
** total.  The check enforces a time budget and calls the caller's
** callback, which may ask the run to stop; the algorithm then stops
** cleanly, keeps what it has and says so.  No Lua calls here: the
** binding's callback (lua_progress.c) is the one that calls Lua.
*/
#ifndef DIPLOMAT_PROGRESS_H
#define DIPLOMAT_PROGRESS_H

/* Why a run stopped early (dip_progress.stop). */
enum {
  DIP_RUNNING = 0,   /* not stopped */
  DIP_STOP_ASKED = 1, /* the callback returned 0 */
  DIP_STOP_TIME = 2   /* the time budget ran out */
};

typedef struct dip_progress {
  /* Called with the work done so far and the total (both counts of the
  ** algorithm's unit); returns 0 to stop the run.  NULL: none. */
  int (*fn)(void *ud, double done, double total);
  void *ud;
  double deadline; /* dip_clock() value at which to stop; 0: none */
  int stop;        /* DIP_RUNNING until the run is stopped (then sticky) */
} dip_progress;

/* Seconds on a monotonic clock (CLOCK_MONOTONIC). */
double dip_clock(void);

/*
** Sets p up with no callback and a budget of `seconds` from now (<= 0:
** none).
*/
void dip_progress_init(dip_progress *p, double seconds);

/*
** Reports done of total units and returns nonzero when the run must stop:
** the time budget ran out or the callback asked to stop.  Once it has
** returned nonzero it always does.  p may be NULL (never stops).
** Time: O(1) plus the callback.
*/
int dip_progress_report(dip_progress *p, double done, double total);

/*
** Checks the time budget only (no callback); nonzero when the run must
** stop.  For tight loops: call it every few thousand iterations, it
** reads the clock.  p may be NULL.
*/
int dip_progress_poll(dip_progress *p);

#endif

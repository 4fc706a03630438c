/*
** watch.c — bounded work inside one igraph call (network.h, "Watching
** igraph calls").  igraph 0.10 stops a long routine in two ways: its
** interruption checks (IGRAPH_ALLOW_INTERRUPTION, a few times per
** source in betweenness, closeness and harmonic centrality without
** weights, per iteration in layouts, Leiden and ARPACK, per level in
** Louvain) call a process-wide interruption handler, and some routines
** report percentages to a process-wide progress handler
** (IGRAPH_PROGRESS: betweenness, closeness and harmonic centrality
** without weights, once per source).  A handler that returns
** IGRAPH_INTERRUPTED makes the routine free its memory and return that
** code; nothing it computed is kept.
**
** While a dip_watch is open, this thread's interruption checks poll the
** watched dip_progress's time budget, and igraph's percentages become
** reports of done of total to it (its callback may then ask to stop).
** The handlers are installed by dip_watch_begin and the previous ones put
** back by dip_watch_end, so igraph's state is as it was after every call;
** the caller holds the igraph lock (errors.c) for the whole watch, so no
** other thread meets the handlers.
**
** Freeing.  IGRAPH_ALLOW_INTERRUPTION returns without calling igraph's
** error handler, leaving the routine's temporaries on igraph's FINALLY
** stack; they are freed here, in the interruption handler, while their
** frames are still alive (as python-igraph and R's igraph do).
** IGRAPH_PROGRESS frees them itself.  The progress callback may call
** igraph again (another system's analysis): it runs at a new FINALLY
** level (IGRAPH_FINALLY_ENTER), so that a failure in there frees only its
** own temporaries, and with no watch open, so that the nested calls are
** not stopped by this one's budget.  Checked under ASan by stopping each
** watched routine at every one of its checks in turn
** (spec/hosts/interrupt_sweep.c, run by hand, against Debian's igraph
** 0.10.2): no leak, and the FINALLY stack empty after every stop.
** No Lua calls here.
*/
#include <math.h>

#include "network.h"

static _Thread_local dip_watch *current;

static igraph_error_t on_interrupt(void *data) {
  (void)data;
  if (current == NULL || !dip_progress_poll(current->p))
    return IGRAPH_SUCCESS;
  IGRAPH_FINALLY_FREE(); /* the routine returns without freeing */
  return IGRAPH_INTERRUPTED;
}

static igraph_error_t on_progress(const char *message, igraph_real_t percent,
                                  void *data) {
  dip_watch *w = current;
  double done;
  int stop;
  (void)message, (void)data;
  if (w == NULL) return IGRAPH_SUCCESS;
  if (dip_progress_poll(w->p)) return IGRAPH_INTERRUPTED;
  if (!(w->total > 0) || w->p->fn == NULL) return IGRAPH_SUCCESS;
  done = floor(percent / 100 * w->total + 0.5);
  /* after each unit but the last, each count once */
  if (!(done > w->last) || done >= w->total) return IGRAPH_SUCCESS;
  w->last = done;
  current = NULL;
  IGRAPH_FINALLY_ENTER();
  stop = dip_progress_report(w->p, done, w->total);
  IGRAPH_FINALLY_EXIT();
  current = w;
  return stop ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

void dip_watch_begin(dip_watch *w, dip_progress *p, double total) {
  w->p = p;
  w->total = total;
  w->last = 0;
  w->prev = current;
  w->interrupt = igraph_set_interruption_handler(p ? on_interrupt : NULL);
  w->progress = igraph_set_progress_handler(p ? on_progress : NULL);
  current = p ? w : NULL;
}

void dip_watch_end(dip_watch *w) {
  igraph_set_interruption_handler(w->interrupt);
  igraph_set_progress_handler(w->progress);
  current = w->prev;
}

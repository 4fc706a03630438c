/*
** generate.h — synthetic system maps for scale tests (generate.c).
**
** A generated system looks like a public-service system at any size:
** organisations in sectors, people inside them in a line-management
** tree, dense formal ties within organisations, formal board ties
** between organisations, sparse and degree-heterogeneous informal ties
** across organisational boundaries, and issues on which positions
** cluster by sector.  Deterministic for a seed.  No Lua calls here.
*/
#ifndef DIPLOMAT_GENERATE_H
#define DIPLOMAT_GENERATE_H

#include <stdint.h>

#include "diplomat.h"
#include "progress.h"

/* {====== Synthetic systems ====== */

typedef struct dip_generate_opts {
  int actors;       /* organisations and people together, >= orgs */
  int orgs;         /* organisations, >= 1 */
  int sectors;      /* 1..orgs; organisations go round the sectors */
  double degree;    /* mean ties per actor (both ends counted), >= 0 */
  double informal;  /* share of the ties in informal layers, in [0, 1] */
  int issues;       /* >= 0 */
  double coverage;  /* share of actors with a position on each issue */
  double cohesion;  /* share of position variance due to sector, [0, 1] */
  double exponent;  /* power-law exponent of informal degrees, > 2 */
  int span;         /* line-management span of control, >= 1 */
  uint64_t seed;
} dip_generate_opts;

/* What was generated, for the caller's summary. */
typedef struct dip_generate_stats {
  long long formal, informal;  /* ties in formal / informal layers */
  long long target_formal;     /* the formal ties asked for */
  long long target_informal;   /* the informal ties asked for */
  int stopped;                 /* 1: the progress check said stop */
} dip_generate_stats;

/* Fills in the defaults for `actors` actors (see the README). */
void dip_generate_defaults(dip_generate_opts *o, int actors);

/*
** A new system built through the checked mutations of system.c, so
** every invariant holds (dip_system_check finds nothing).  The options
** must already be valid (the binding checks them); they are recorded
** in the system's attrs.  Returns NULL when memory ran out.
** Time: O(n + T log n) for n actors and T ties (each informal end is a
** binary search in the cumulative weights); memory O(n + T).
** pr (progress.h; NULL: none) is told (items made, items planned) every
** 65,536 items (actors, ties and positions); when it says stop, the
** system made so far is returned (valid, but smaller) with st->stopped.
*/
dip_system *dip_generate(const dip_generate_opts *o, dip_generate_stats *st,
                         dip_progress *pr);

/* }====== */

#endif

/*
** exchange.h — the exchange model of Stokman and Van Oosten (1994) with
** the equal-gain rule (exchange.c): which trades of voting positions
** between pairs of actors across two issues are worth making, in the
** order they would be made, and where the issues land afterwards.
**
** Plain C arrays in, caller-owned arrays out (the record list is the one
** thing exchange.c allocates; the caller frees it).  No Lua calls.
*/
#ifndef DIPLOMAT_EXCHANGE_H
#define DIPLOMAT_EXCHANGE_H

#include <stdint.h>

#include "progress.h"

/* {====== Exchange model ====== */

/* Most candidate exchanges listed in one round (48 bytes each, plus 8
** for the ties list): past it the run fails with DIP_EXCHANGE_TOOBIG
** rather than take the machine's memory.  n actors on m issues can
** offer up to m (m - 1) n^2 / 8 candidates. */
#define DIP_EXCHANGE_MAX_CANDIDATES 10000000L
#define DIP_EXCHANGE_TOOBIG (-2)

/*
** The model: n actors, m issues.  Positions and saliences are stored
** issue by issue: x[k * n + a] is actor a's position on issue k, NaN
** when it has none; s[k * n + a] its salience in [0, 1].  Ids give the
** canonical order used to break ties, whatever order actors were added.
** The model runs on every issue rescaled to 0..100, so that gains on
** issues of different scales compare: gains, externalities and tol are
** in salience-weighted points of that 0..100 scale; positions, moves and
** compromise shifts come back on each issue's own scale.
*/
typedef struct dip_exchange_in {
  int n, m;
  const char *const *actor_id; /* n */
  const char *const *issue_id; /* m */
  const double *cap;           /* n capabilities >= 0 */
  const double *x, *s;         /* m * n */
  const double *lo, *range;    /* m: each issue's scale: min, max - min */
  int rounds;                  /* most rounds, >= 1 */
  long max_exchanges;          /* most exchanges in all, >= 0 */
  double tol;                  /* smallest gain worth an exchange, >= 0 */
  uint64_t seed;               /* breaks ties between equal gains */
  dip_progress *pr;            /* told (exchanges made, max_exchanges)
                                  after each exchange, polled while
                                  candidates are listed; NULL: none */
} dip_exchange_in;

/*
** One realised exchange: actor i shifts its voting position on issue p
** towards actor j by move_i, and j shifts on issue q towards i by
** move_j.  The compromise of p moves by shift_p (towards j), that of q
** by shift_q (towards i); with shifts rescaled to 0..100 (d = 100 shift
** / range), gain_i = s_iq |d_q| - s_ip |d_p| and gain_j = s_jp |d_p| -
** s_jq |d_q|, equal under the rule.
*/
typedef struct dip_exchange_rec {
  int i, j, p, q, round; /* round counts from 1 */
  double move_i, move_j, shift_p, shift_q, gain_i, gain_j;
} dip_exchange_rec;

typedef struct dip_exchange_out {
  double *x;           /* m * n, caller-owned: positions after (NaN kept) */
  double *before;      /* m: compromise before; NaN when undefined */
  double *after;       /* m: ... after */
  double *externality; /* n: summed over exchanges the actor is not in */
  dip_exchange_rec *recs; /* set by dip_exchange (malloc'd, may be NULL):
                             the caller frees it */
  long nrecs;
  int rounds;    /* rounds in which an exchange was made */
  int converged; /* 1: no further exchange is possible */
} dip_exchange_out;

/*
** Runs the model.  Returns 0, -1 when memory ran out, or
** DIP_EXCHANGE_TOOBIG when a round offers more than
** DIP_EXCHANGE_MAX_CANDIDATES exchanges (out->recs is then NULL).  When in->pr says stop, the run ends there with the
** exchanges made so far (converged 0).  Time: O(R m^2 n^2) to list candidate exchanges over R
** rounds, plus O(K + n) per realised exchange for K candidates.
*/
int dip_exchange(const dip_exchange_in *in, dip_exchange_out *out);

/* }====== */

#endif

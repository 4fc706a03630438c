/*
** power.h — power indices of weighted voting games (power.c, powercount.c,
** powersample.c) and the Myerson value of a game restricted to a network
** (myerson.c).
**
** A weighted voting game has n players with whole-number weights w_i >= 0
** and a quota q >= 1: a coalition wins when the sum of its members'
** weights is at least q.  (The binding turns fractional weights into
** whole numbers of a unit, and shares into quotas.)  Plain C arrays in,
** caller-owned arrays out; every function returns DIP_POW_OK or a
** failure code and never calls the Lua API.
*/
#ifndef DIPLOMAT_POWER_H
#define DIPLOMAT_POWER_H

#include <stdint.h>

#include <igraph.h>

#include "progress.h"

/* {====== Power indices ====== */

typedef enum {
  DIP_SHAPLEY,          /* Shapley-Shubik */
  DIP_BANZHAF,          /* Banzhaf, normalised to sum to 1 */
  DIP_BANZHAF_ABS,      /* Penrose-Banzhaf: swings / 2^(n-1) */
  DIP_JOHNSTON,
  DIP_DEEGAN_PACKEL,
  DIP_HOLLER,           /* public good index */
  DIP_COLEMAN_PREVENT,  /* swings / winning coalitions */
  DIP_COLEMAN_INITIATE, /* swings / losing coalitions */
  DIP_NINDICES
} dip_power_index;

typedef struct dip_wgame {
  int n;            /* players, >= 0 */
  const int64_t *w; /* n weights >= 0 */
  int64_t quota;    /* >= 1 */
} dip_wgame;

enum {
  DIP_POW_OK = 0,
  DIP_POW_NOMEM = -1,  /* out of memory */
  DIP_POW_TOOBIG = -2, /* beyond the documented limits of the method */
  DIP_POW_STOPPED = -3 /* the progress check said stop (no values) */
};

/*
** Bounded work: every function below takes a dip_progress (progress.h;
** NULL: none).  Exact methods report (done, total) in units of their
** work (player additions of the dynamic programme, coalition shapes,
** coalitions) and, stopped, return DIP_POW_STOPPED with no values;
** Monte Carlo reports samples drawn and, stopped, returns DIP_POW_OK
** with the estimates of the draws made (*drawn of them).
*/

/* Largest number of players with positive weight the exact methods take:
** probabilities down to 2^-n stay within long double's range. */
#define DIP_POW_MAX_PLAYERS 16000
/* Largest quota (in weight units) of the exact dynamic programmes. */
#define DIP_POW_MAX_QUOTA 50000000
/* Most memory the exact dynamic programmes may use, in bytes. */
#define DIP_POW_MAX_BYTES ((double)(1u << 30))
/* Johnston, Deegan-Packel and Holler enumerate coalition shapes: at most
** this many (the product of (m + 1) over groups of m equal weights). */
#define DIP_POW_MAX_SHAPES ((double)(1u << 25))

/*
** The exact value of index ix for every player into value (n doubles).
** Shapley-Shubik and the Banzhaf/Coleman family use dynamic programmes
** over weights; Johnston, Deegan-Packel and Holler enumerate coalition
** shapes.  When no coalition wins (quota above the total weight), every
** value is 0.  Returns DIP_POW_TOOBIG when dip_power_check fails.
*/
int dip_power_exact(const dip_wgame *g, dip_power_index ix, double *value,
                    dip_progress *pr);

/*
** Whether dip_power_exact can compute ix for g: DIP_POW_OK or
** DIP_POW_TOOBIG.  *what receives the measure that is too large (one of
** the strings "players", "quota", "memory", "shapes") and *size its value.
*/
int dip_power_check(const dip_wgame *g, dip_power_index ix,
                    const char **what, double *size);

/*
** Monte Carlo estimates of index ix from `samples` draws seeded with
** seed: random orders for Shapley-Shubik, uniformly random coalitions
** for the others.  value, se: n doubles each (estimate and its standard
** error; ratio indices use the delta method).
*/
int dip_power_sample(const dip_wgame *g, dip_power_index ix, long samples,
                     uint64_t seed, double *value, double *se,
                     dip_progress *pr, long *drawn);

/* }====== */

/* {====== Exact counts (powercount.c) ====== */

/*
** Exact numbers of coalitions, as decimal strings: per player its swings
** (coalitions without it that lose, and win with it), and over the game
** the winning, losing and minimal winning coalitions.  One malloc'd
** block; free it with dip_power_counts_free.
*/
typedef struct dip_power_counts {
  int n;
  char **swings;  /* n strings */
  char *winning, *losing, *minimal;
} dip_power_counts;

/*
** Computes the counts with arbitrary-precision integers (add and
** subtract only).  *out: NULL on failure.  Returns DIP_POW_OK or
** DIP_POW_NOMEM (or DIP_POW_TOOBIG past the quota limit, DIP_POW_STOPPED
** when pr's time budget ran out or it was stopped before: pr is polled,
** its callback is not called).
*/
int dip_power_counts_get(const dip_wgame *g, dip_power_counts **out,
                         dip_progress *pr);
void dip_power_counts_free(dip_power_counts *c);
/* Work of dip_power_counts_get, in 32-bit limb additions (an estimate). */
double dip_power_counts_cost(const dip_wgame *g);

/* }====== */

/* {====== Myerson value (myerson.c) ====== */

/* Most players of the exact Myerson value (it enumerates 2^n sets). */
#define DIP_MYERSON_MAX_EXACT 24

/*
** The Myerson value of the weighted voting game g restricted to the
** network graph (vertex i = player i, edges read as undirected, loops
** ignored): the Shapley value of v(S) = the number of connected parts of
** S (in the subgraph S induces) whose weight reaches the quota.  value:
** n doubles; *worth: v(all players), the total the values add up to.
** Exact by enumeration (n <= DIP_MYERSON_MAX_EXACT, else DIP_POW_TOOBIG).
*/
int dip_myerson_exact(const dip_wgame *g, const igraph_t *graph,
                      double *value, double *worth, dip_progress *pr);

/* The same estimated from `samples` random orders; se: n doubles. */
int dip_myerson_sample(const dip_wgame *g, const igraph_t *graph,
                       long samples, uint64_t seed, double *value,
                       double *se, double *worth, dip_progress *pr,
                       long *drawn);

/* }====== */

#endif

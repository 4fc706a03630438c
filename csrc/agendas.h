/*
** agendas.h — where agendas meet and part (agendas.c): salience-weighted
** distances between actors across issues, average-linkage clusters of
** like-minded actors, the polarisation of each issue and the band of
** outcomes a winning share of capability accepts.
**
** Plain C arrays in, caller-owned arrays out: nothing here allocates, so
** nothing here can leak, and nothing calls the Lua API.
*/
#ifndef DIPLOMAT_AGENDAS_H
#define DIPLOMAT_AGENDAS_H

#include <stddef.h>

#include "progress.h"

/* {====== Agendas ====== */

/* Most actors (with a salient position) for clustering and for the full
** distance table: the condensed matrix is n (n - 1) / 2 doubles, 16 MB
** at 2,000. */
#define DIP_AGENDAS_MAX 2000

/*
** The positions of n actors on m issues, dense and row-major by actor:
** x[i * m + k] is actor i's position on issue k (NaN when it has none),
** s[i * m + k] its salience (ignored where x is NaN); range[k] = max -
** min of issue k (> 0).
*/
typedef struct dip_agenda {
  int n, m;
  const double *x, *s, *range;
} dip_agenda;

/*
** Salience-weighted distance of actors a and b:
**   d(a, b) = sum_k w_k |x_ak - x_bk| / range_k  /  sum_k w_k,
**   w_k = min(s_ak, s_bk),
** over the issues k where both hold a position and w_k > 0.  Stores d
** (in [0, 1]) and returns the number of such issues; 0 means no common
** ground to compare and *d is left alone.  Time: O(m).
*/
int dip_agenda_distance(const dip_agenda *g, int a, int b, double *d);

/* One pair of actors (a before b in actor order) and their distance. */
typedef struct dip_agenda_pair {
  int a, b, common;
  double d;
} dip_agenda_pair;

/*
** The k most aligned (smallest distance) and the k most opposed (largest
** distance) pairs among the np actors listed in `actors` (ascending actor
** indices), pairs without a distance left out.  Equal distances are
** ordered by a, then b.  aligned and opposed have room for k pairs; both
** come back sorted, best first.  Returns how many pairs each holds
** (min(k, pairs with a distance)).  pr (progress.h; NULL: none) is told
** (i, np) after row i of the pairs (actor i against the later ones) but
** the last; when it says stop, the pairs of the rows done are returned.
** Time: O(np^2 m + np^2 log k) with a bounded heap.
*/
int dip_agenda_pairs(const dip_agenda *g, const int *actors, int np, int k,
                     dip_agenda_pair *aligned, dip_agenda_pair *opposed,
                     dip_progress *pr);

/* Index of pair (i, j), i < j, in a condensed p x p matrix (scipy's
** order: row by row above the diagonal). */
size_t dip_condensed(int p, int i, int j);

/*
** One merge of a dendrogram.  left and right are nodes in scipy's
** numbering (leaves 0..p-1, merge s makes node p + s); first_left and
** first_right the first leaf of each (the cluster's "slot").
*/
typedef struct dip_merge {
  int left, right, first_left, first_right, size;
  double height;
} dip_merge;

/*
** Average-linkage (UPGMA) hierarchical clustering of p items from their
** condensed distance matrix D (p (p - 1) / 2 values, destroyed).  Writes
** p - 1 merges in order; heights never decrease (up to rounding).  At
** each step the closest pair of clusters merges; among equally close
** pairs, the one whose first members come first.  The distance between
** clusters is the mean of the distances between their members, kept by
** the Lance-Williams update d(k, i+j) = (n_i d(k,i) + n_j d(k,j)) /
** (n_i + n_j) (Sokal & Michener 1958; Lance & Williams 1967).
** work: room for 3 p ints and p doubles.
** Time: O(p^2) per run typically, O(p^3) at worst (Anderberg's
** nearest-neighbour lists, 1973); memory O(p^2) in D.
*/
void dip_average_linkage(int p, double *D, int *iwork, double *dwork,
                         dip_merge *merges);

/*
** Applies the first r merges of a dendrogram of p leaves and labels each
** leaf with its cluster, numbered 0.. in order of first appearance.
** work: room for p ints.  Returns the number of clusters (p - r).
*/
int dip_linkage_cut(int p, const dip_merge *merges, int r, int *label,
                    int *work);

/*
** Mean position of each of nc clusters on each issue: for the np actors
** listed in `actors` with cluster label[i] (0..nc-1), means[c * m + k] is
** the plain mean of the positions its members hold on issue k (NaN when
** none holds one).  counts: room for nc * m ints.  Time: O(np m).
*/
void dip_agenda_means(const dip_agenda *g, const int *actors, int np,
                      const int *label, int nc, double *means, int *counts);

/* Polarisation of one issue (dip_polarisation). */
typedef struct dip_polar {
  int count;         /* actors with weight > 0 */
  double mean;       /* weighted mean, on the scale */
  double variance;   /* weighted variance of (x - min) / range, <= 1/4 */
  double bimodality; /* NaN when undefined */
} dip_polar;

/*
** Polarisation of n positions x with weights w (those with w <= 0 do not
** count) on an issue whose scale spans range:
**   mean = sum w x / sum w,
**   variance = sum w ((x - mean) / range)^2 / sum w  (population form),
**   bimodality = (G1^2 + 1) / (G2 + 3 (c-1)^2 / ((c-2)(c-3))),
** the bimodality coefficient (SAS Institute 1990; Pfister et al. 2013,
** Front. Psychol. 4:700) of the c counted positions, unweighted,
** with the bias-corrected sample skewness G1 = g1 sqrt(c(c-1)) / (c-2)
** and excess kurtosis G2 = ((c+1) g2 + 6)(c-1) / ((c-2)(c-3)), g1 =
** m3 / m2^1.5, g2 = m4 / m2^2 - 3 (Joanes & Gill 1998, G1 and G2).
** Undefined (NaN) when c < 4 or all counted positions are equal; equal
** positions give variance exactly 0.  count 0: mean and variance NaN.
** Time: O(n).
*/
void dip_polarisation(int n, const double *x, const double *w,
                      double range, dip_polar *r);

/* A sweep event of dip_band (caller-owned scratch). */
typedef struct dip_band_event {
  double x, c;
  int close;
} dip_band_event;

/*
** The band of outcomes acceptable to a winning share of capability.
** Actor i (position x[i], tolerance tol[i] >= 0, capability c[i] >= 0)
** accepts every outcome within tol[i] of x[i], on the scale lo .. hi.
** The band is the set of outcomes accepted by actors holding at least
** share * sum c of the capability (sum over these n actors): a union of
** disjoint closed intervals, written to out as (low, high) pairs in
** ascending order (room for 2 n doubles).  Returns the number of
** intervals; 0 when the band is empty or no capability is at stake.
** Sums are compared with a slack of 1e-12 * sum c against rounding.
** events: room for 2 n.  Time: O(n log n) (a sweep over sorted ends).
*/
int dip_band(int n, const double *x, const double *tol, const double *c,
             double lo, double hi, double share, double *out,
             dip_band_event *events);

/* }====== */

#endif

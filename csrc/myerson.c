/*
** myerson.c — the Myerson value of a weighted voting game restricted to
** a network (see power.h).
**
** Myerson (1977): when only connected actors can cooperate, a coalition
** S is worth the sum of what its connected parts are worth on their own,
** v_G(S) = sum over components C of S of v(C), and the Myerson value is
** the Shapley value of v_G.  Here v(C) = 1 when C's weight reaches the
** quota, so v_G(S) counts the winning connected parts of S; on a complete
** network it is the Shapley-Shubik index.  Actors of weight 0 still
** matter: they can connect others.  Adding an actor can merge two winning
** parts into one, so a marginal contribution (and a value) can be
** negative when the quota is at most half the total weight.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"
#include "rng.h"

static int popcount32(uint32_t v) {
  v = v - ((v >> 1) & 0x55555555u);
  v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
  return (int)((((v + (v >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
}

/* Neighbour sets of the n <= 32 actors as bit masks (loops left out). */
static void masks(const igraph_t *graph, int n, uint32_t *adj) {
  igraph_integer_t e, m = igraph_ecount(graph);
  memset(adj, 0, (size_t)n * sizeof *adj);
  for (e = 0; e < m; e++) {
    igraph_integer_t from = IGRAPH_FROM(graph, e), to = IGRAPH_TO(graph, e);
    if (from == to || from >= n || to >= n) continue;
    adj[from] |= 1u << to;
    adj[to] |= 1u << from;
  }
}

/*
** v_G(S) for every subset S (bit i = actor i), increasing S: the part
** holding S's lowest actor is found by flooding from it, and
** v_G(S) = [that part wins] + v_G(S minus that part), a smaller set
** already done.  Then per actor i and size k the summed marginals
** d(i, k) = sum over S without i, |S| = k, of v_G(S + i) - v_G(S), and
** value_i = sum_k d(i, k) k! (n - 1 - k)! / n!.
** Time O(2^n n); memory 2^n bytes.
*/
int dip_myerson_exact(const dip_wgame *g, const igraph_t *graph,
                      double *value, double *worth, dip_progress *pr) {
  int n = g->n, i, k;
  uint32_t adj[DIP_MYERSON_MAX_EXACT], S, full;
  unsigned char *v;
  int64_t *d;
  if (n > DIP_MYERSON_MAX_EXACT) return DIP_POW_TOOBIG;
  *worth = 0;
  if (n == 0) return DIP_POW_OK;
  full = (uint32_t)((1ull << n) - 1);
  v = malloc((size_t)full + 1);
  d = calloc((size_t)n * (size_t)n, sizeof *d);
  if (v == NULL || d == NULL) {
    free(v);
    free(d);
    return DIP_POW_NOMEM;
  }
  masks(graph, n, adj);
  v[0] = 0;
  for (S = 1; S <= full && S != 0; S++) {
    uint32_t comp = S & (0u - S), frontier = comp, rest;
    int64_t x = 0;
    while (frontier) {
      uint32_t next = 0, f = frontier;
      while (f) {
        int b = popcount32((f & (0u - f)) - 1);
        next |= adj[b];
        f &= f - 1;
      }
      frontier = next & S & ~comp;
      comp |= frontier;
    }
    for (rest = comp; rest; rest &= rest - 1)
      x += g->w[popcount32((rest & (0u - rest)) - 1)];
    v[S] = (unsigned char)((x >= g->quota) + v[S ^ comp]);
    if (S == full) break;
    if ((S & 0x3FFFF) == 0 &&
        dip_progress_report(pr, (double)S, (double)full)) {
      free(v);
      free(d);
      return DIP_POW_STOPPED;
    }
  }
  for (i = 0; i < n; i++) {
    uint32_t bit = 1u << i;
    for (S = 0;; S++) {
      if (!(S & bit)) {
        int dv = (int)v[S | bit] - (int)v[S];
        if (dv) d[(size_t)i * n + popcount32(S)] += dv;
      }
      if (S == full) break;
    }
  }
  for (i = 0; i < n; i++) {
    long double phi = 0, c = 1; /* c = C(n - 1, k) */
    for (k = 0; k < n; k++) {
      phi += d[(size_t)i * n + k] / (n * c);
      c = c * (n - 1 - k) / (k + 1);
    }
    value[i] = (double)phi;
  }
  *worth = v[full];
  free(v);
  free(d);
  return DIP_POW_OK;
}

/* {====== Sampling ====== */

typedef struct uf {
  int *parent;
  int64_t *weight; /* of the part a root heads */
} uf;

static int uf_find(uf *u, int i) {
  while (u->parent[i] != i) {
    u->parent[i] = u->parent[u->parent[i]];
    i = u->parent[i];
  }
  return i;
}

static uint64_t below(dip_rng *r, uint64_t n) {
  uint64_t threshold = (0 - n) % n, x;
  do x = dip_rng_next(r);
  while (x < threshold);
  return x % n;
}

/*
** Random orders: actors arrive one by one; an arriving actor joins the
** parts of the neighbours already there, and its marginal contribution
** is [the merged part wins] - (winning parts it merged).  Time
** O(samples (n + m) alpha(n)).
*/
int dip_myerson_sample(const dip_wgame *g, const igraph_t *graph,
                       long samples, uint64_t seed, double *value,
                       double *se, double *worth, dip_progress *pr,
                       long *drawn) {
  int n = g->n, i, k, e = DIP_POW_NOMEM;
  igraph_integer_t m = igraph_ecount(graph), j;
  int *start = calloc((size_t)n + 2, sizeof *start), *nb = NULL;
  int *perm = malloc(((size_t)n + 1) * sizeof *perm);
  int *seen = calloc((size_t)n + 1, sizeof *seen);
  int64_t *stamp = calloc((size_t)n + 1, sizeof *stamp), now = 0;
  unsigned char *present = calloc((size_t)n + 1, 1);
  long double *sum = calloc((size_t)n + 1, sizeof *sum);
  long double *sum2 = calloc((size_t)n + 1, sizeof *sum2);
  uf u;
  dip_rng r;
  long s, every = (1L << 20) / ((long)n + (long)m + 1);
  if (every < 1) every = 1;
  *drawn = samples;
  u.parent = malloc(((size_t)n + 1) * sizeof *u.parent);
  u.weight = malloc(((size_t)n + 1) * sizeof *u.weight);
  nb = malloc(((size_t)2 * (size_t)m + 1) * sizeof *nb);
  *worth = 0;
  if (!start || !perm || !seen || !stamp || !present || !sum || !sum2 ||
      !u.parent || !u.weight || !nb)
    goto done;
  for (j = 0; j < m; j++) { /* neighbour lists, both ways, loops out */
    int a = (int)IGRAPH_FROM(graph, j), b = (int)IGRAPH_TO(graph, j);
    if (a != b) start[a + 1]++, start[b + 1]++;
  }
  for (i = 0; i < n; i++) start[i + 1] += start[i];
  for (i = 0; i <= n; i++) seen[i] = 0;
  for (j = 0; j < m; j++) {
    int a = (int)IGRAPH_FROM(graph, j), b = (int)IGRAPH_TO(graph, j);
    if (a == b) continue;
    nb[start[a] + seen[a]++] = b;
    nb[start[b] + seen[b]++] = a;
  }
  /* worth: winning parts of the whole network */
  for (i = 0; i < n; i++) u.parent[i] = i, u.weight[i] = g->w[i];
  for (i = 0; i < n; i++)
    for (k = start[i]; k < start[i + 1]; k++) {
      int a = uf_find(&u, i), b = uf_find(&u, nb[k]);
      if (a != b) u.parent[b] = a, u.weight[a] += u.weight[b];
    }
  for (i = 0; i < n; i++)
    if (uf_find(&u, i) == i && u.weight[i] >= g->quota) *worth += 1;
  dip_rng_seed(&r, seed);
  for (i = 0; i < n; i++) perm[i] = i;
  for (s = 0; s < samples; s++) {
    if (s > 0 && s % every == 0 &&
        dip_progress_report(pr, (double)s, (double)samples))
      break;
    memset(present, 0, (size_t)n);
    for (k = 0; k < n; k++) { /* Fisher-Yates */
      int p = k + (int)below(&r, (uint64_t)(n - k)), t = perm[p];
      perm[p] = perm[k];
      perm[k] = t;
    }
    for (k = 0; k < n; k++) {
      int a = perm[k], lost = 0, c;
      int64_t wsum = g->w[a];
      u.parent[a] = a;
      stamp[a] = ++now; /* parts merged into a are found as a: skip */
      for (c = start[a]; c < start[a + 1]; c++) { /* distinct parts */
        int b;
        if (!present[nb[c]]) continue;
        b = uf_find(&u, nb[c]);
        if (stamp[b] == now) continue;
        stamp[b] = now;
        wsum += u.weight[b];
        lost += u.weight[b] >= g->quota;
        u.parent[b] = a;
      }
      u.weight[a] = wsum;
      present[a] = 1;
      {
        int dv = (wsum >= g->quota) - lost;
        sum[a] += dv;
        sum2[a] += (long double)dv * dv;
      }
    }
  }
  samples = *drawn = s;
  for (i = 0; i < n; i++) {
    long double mean = samples > 0 ? sum[i] / samples : 0;
    long double var = samples > 1 ? (sum2[i] - sum[i] * mean) /
                                        (samples - 1)
                                  : NAN;
    value[i] = (double)mean;
    se[i] = samples > 1 ? (double)sqrtl((var > 0 ? var : 0) / samples)
                        : NAN;
  }
  e = DIP_POW_OK;
done:
  free(start);
  free(nb);
  free(perm);
  free(seen);
  free(stamp);
  free(present);
  free(sum);
  free(sum2);
  free(u.parent);
  free(u.weight);
  return e;
}

/* }====== */

/*
** powerdp.h — the swing dynamic programme of power.c, written once for a
** floating-point type: power.c includes this file twice, with REAL
** double and long double and F(name) giving each copy its own names
** (the way igraph instantiates its typed vectors from one template).
** Not a header of its own: it has no include guard on purpose.
**
** UNROLL (0 or 1) unrolls the inner loop by four.
**
** A `dist` is a probability distribution of coalition weight over
** 0..q-1 (weight q and above is dropped: such coalitions already win).
** It is zero outside [lo, hi]; lo > hi means empty.  Every operation
** adds non-negative terms, so rounding errors stay relative (about one
** unit in the last place per player); nothing is ever subtracted.
*/

typedef struct F(dist) {
  REAL *p;
  int64_t lo, hi;
} F(dist);

/* The distribution of one coalition of weight 0. */
static void F(reset)(F(dist) *d) {
  if (d->lo <= d->hi)
    memset(d->p + d->lo, 0, (size_t)(d->hi - d->lo + 1) * sizeof(REAL));
  d->p[0] = 1;
  d->lo = d->hi = 0;
}

static void F(copy)(F(dist) *dst, const F(dist) *src) {
  if (dst->lo <= dst->hi)
    memset(dst->p + dst->lo, 0,
           (size_t)(dst->hi - dst->lo + 1) * sizeof(REAL));
  if (src->lo <= src->hi)
    memcpy(dst->p + src->lo, src->p + src->lo,
           (size_t)(src->hi - src->lo + 1) * sizeof(REAL));
  dst->lo = src->lo;
  dst->hi = src->hi;
}

/*
** Adds a player of weight w >= 1 who joins with probability b = t
** (a = 1 - t): p'[x] = a p[x] + b p[x - w] for x < q.  Entries below
** tiny become 0 (tiny = 0 keeps all).  In place, from the top down, so
** p[x - w] is still the old value; chunks of at most w entries do not
** overlap their sources, which lets the compiler vectorise them.
** Time: O(hi - lo + w).
*/
static void F(add)(F(dist) *d, int64_t q, int64_t w, REAL a, REAL b,
                   REAL tiny) {
  REAL *p = d->p;
  int64_t lo = d->lo, hi = d->hi, x;
  if (lo > hi) return;
  if (lo + w <= q - 1) /* some coalition with the player stays below q */
    hi = hi + w < q - 1 ? hi + w : q - 1;
  x = hi;
  if (w < 8) {
    for (; x >= w && x >= lo; x--) {
      REAL v = a * p[x] + b * p[x - w];
      p[x] = v < tiny ? 0 : v;
    }
  } else {
    while (x >= w && x >= lo) {
      int64_t from = x - w + 1, k, c;
      if (from < lo) from = lo;
      if (from < w) from = w;
      c = x - from + 1;
      {
        REAL *restrict dst = p + from;
        const REAL *restrict src = p + from - w;
        k = 0;
#if UNROLL /* four independent lanes: helps double, not x87 */
        for (; k + 4 <= c; k += 4) {
          REAL v0 = a * dst[k] + b * src[k];
          REAL v1 = a * dst[k + 1] + b * src[k + 1];
          REAL v2 = a * dst[k + 2] + b * src[k + 2];
          REAL v3 = a * dst[k + 3] + b * src[k + 3];
          dst[k] = v0 < tiny ? 0 : v0;
          dst[k + 1] = v1 < tiny ? 0 : v1;
          dst[k + 2] = v2 < tiny ? 0 : v2;
          dst[k + 3] = v3 < tiny ? 0 : v3;
        }
#endif
        for (; k < c; k++) {
          REAL v = a * dst[k] + b * src[k];
          dst[k] = v < tiny ? 0 : v;
        }
      }
      x = from - 1;
    }
  }
  for (; x >= lo; x--) { /* below w: nobody of weight w fits */
    REAL v = a * p[x];
    p[x] = v < tiny ? 0 : v;
  }
  while (lo <= hi && p[lo] == 0) lo++;
  while (hi >= lo && p[hi] == 0) hi--;
  d->lo = lo;
  d->hi = hi;
}

/*
** sum over y of A[y] * Pr(q - w <= y + Z <= q - 1), Z ~ Q: the chance
** that a player of weight w swings, when the others' weight is the sum
** of independent draws from A and Q.  The window sums of Q (width w)
** come from in-block prefix and suffix sums over blocks of w entries
** (van Herk 1992; Gil & Werman 1993): every window is a suffix of one
** block plus a prefix of the next, so no sum is ever subtracted.
** pre, suf: scratch arrays of q entries.  Time: O(q).
*/
static long double F(windot)(const F(dist) *A, const F(dist) *Q, int64_t q,
                             int64_t w, REAL *pre, REAL *suf) {
  int64_t b0, b1, z, y, ylo, yhi;
  long double acc = 0;
  if (A->lo > A->hi || Q->lo > Q->hi) return 0;
  b0 = Q->lo / w * w;
  b1 = Q->hi / w * w + w - 1;
  if (b1 > q - 1) b1 = q - 1;
  for (z = b0; z <= b1; z += w) { /* block [z, z + w - 1] */
    int64_t e = z + w - 1 < b1 ? z + w - 1 : b1, k;
    long double s = 0;
    for (k = z; k <= e; k++) s += Q->p[k], pre[k] = (REAL)s;
    s = 0;
    for (k = e; k >= z; k--) s += Q->p[k], suf[k] = (REAL)s;
  }
  /* y + z in [q - w, q - 1] with z in [Q->lo, Q->hi] */
  ylo = q - w - Q->hi;
  yhi = q - 1 - Q->lo;
  if (ylo < A->lo) ylo = A->lo;
  if (yhi > A->hi) yhi = A->hi;
  for (y = ylo; y <= yhi; y++) {
    int64_t u = q - 1 - y, s = u - w + 1; /* window [s, u] of z */
    long double f = (u >= b0 && u <= b1) ? pre[u] : 0;
    if (s > 0 && s % w != 0 && s >= b0 && s <= b1) f += suf[s];
    acc += (long double)A->p[y] * f;
  }
  return acc;
}

/*
** For every group g of the game: out[g] = the chance that a member of g
** swings when every other player joins independently with probability
** t, i.e. Pr(q - w_g <= W < q) for the weight W of the others.
**
** The others of a member of g are the groups before g (prefix), m_g - 1
** copies of g, and the groups after g (suffix): out[g] = windot(prefix
** + copies, suffix).  Prefixes are kept at checkpoints every `block`
** groups and rebuilt block by block while the suffix grows backwards
** (block = d keeps them all).  With n players: time O(n q) for the
** passes (three at most) plus O(d q) for the dot products; memory
** swing_arrays(d, block) arrays of q entries.  Returns DIP_POW_OK,
** DIP_POW_NOMEM, or DIP_POW_STOPPED when mt (one step per player added)
** said stop.
*/
static int F(swings)(const pgroups *G, int64_t q, REAL t, REAL tiny,
                     int block, long double *out, meter *mt) {
  int nb = (G->d + block - 1) / block, b, g, r, k;
  int narr = swing_arrays(G->d, block);
  REAL a = 1 - t, *mem, *pre, *suf;
  F(dist) *all, *ck, *A, *P, *Q;
  mem = calloc((size_t)narr * (size_t)q, sizeof(REAL));
  all = malloc((size_t)narr * sizeof *all);
  if (mem == NULL || all == NULL) {
    free(mem);
    free(all);
    return DIP_POW_NOMEM;
  }
  for (k = 0; k < narr; k++) { /* every array starts empty (all zero) */
    all[k].p = mem + (size_t)k * (size_t)q;
    all[k].lo = 1;
    all[k].hi = 0;
  }
  ck = all;               /* nb checkpoints */
  A = all + nb;           /* block: prefix + copies of each group */
  P = all + nb + block;   /* the running prefix */
  Q = P + 1;              /* the running suffix */
  pre = Q[1].p;           /* window-sum scratch */
  suf = Q[2].p;
#define ADD(D, g)                                                          \
  do {                                                                     \
    F(add)(D, q, G->w[g], a, t, tiny);                                     \
    if (meter_step(mt)) goto stopped;                                      \
  } while (0)
  F(reset)(P);
  for (b = 0; b < nb; b++) {
    F(copy)(&ck[b], P);
    if (b == nb - 1) break;
    for (g = b * block; g < (b + 1) * block; g++)
      for (r = 0; r < G->m[g]; r++) ADD(P, g);
  }
  F(reset)(Q);
  for (b = nb - 1; b >= 0; b--) {
    int gs = b * block, ge = gs + block < G->d ? gs + block : G->d;
    F(copy)(P, &ck[b]);
    for (g = gs; g < ge; g++) {
      for (r = 1; r < G->m[g]; r++) ADD(P, g);
      F(copy)(&A[g - gs], P);
      if (g + 1 < ge) ADD(P, g);
    }
    for (g = ge - 1; g >= gs; g--) {
      out[g] = F(windot)(&A[g - gs], Q, q, G->w[g], pre, suf);
      if (g > 0)
        for (r = 0; r < G->m[g]; r++) ADD(Q, g);
    }
  }
#undef ADD
  free(mem);
  free(all);
  return DIP_POW_OK;
stopped:
  free(mem);
  free(all);
  return DIP_POW_STOPPED;
}

/*
** The distribution of the weight of a random coalition of all players
** (each joins with probability 1/2) summed over [0, lo) and [0, hi]:
** *below = Pr(W < lo), *upto = Pr(W <= hi).  Time O(n L), L = max(lo,
** hi + 1).
*/
static int F(cumulative)(const pgroups *G, int64_t lo, int64_t hi,
                         long double *below, long double *upto,
                         meter *mt) {
  int64_t len = lo > hi + 1 ? lo : hi + 1, x;
  int g, r;
  long double s = 0;
  F(dist) P;
  P.p = calloc((size_t)len, sizeof(REAL));
  if (P.p == NULL) return DIP_POW_NOMEM;
  P.lo = 1;
  P.hi = 0;
  F(reset)(&P);
  for (g = 0; g < G->d; g++)
    for (r = 0; r < G->m[g]; r++) {
      F(add)(&P, len, G->w[g], 0.5, 0.5, 0);
      if (meter_step(mt)) {
        free(P.p);
        return DIP_POW_STOPPED;
      }
    }
  *below = *upto = 0;
  for (x = 0; x < len; x++) {
    s += P.p[x];
    if (x == lo - 1) *below = s;
    if (x == hi) *upto = s;
  }
  free(P.p);
  return DIP_POW_OK;
}

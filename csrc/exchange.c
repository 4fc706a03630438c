/*
** exchange.c — the exchange model of Stokman and Van Oosten with the
** equal-gain rule.  Hand-written for diplomat from the model's published
** description (F. N. Stokman and R. Van Oosten, "The exchange of voting
** positions: an object-oriented model of policy networks", in Bueno de
** Mesquita and Stokman (eds.), European Community Decision Making, Yale
** UP, 1994, ch. 5) and the description of the Decide software's
** equal-gain model; no code was copied.  No Lua calls here.
**
** Notation: actor a has capability c_a; on issue k position x_ak and
** salience s_ak.  The compromise (the outcome forecast without exchange)
** is O_k = sum_a c_a s_ak y_ak / sum_a c_a s_ak over the actors holding a
** position, y being the voting positions.  A voting shift d by actor a
** on issue k moves O_k by d c_a s_ak / sum c s (the exchange rate).
** Utility is linear: an actor loses s_ak for every point O_k lies from
** its own position x_ak, every issue rescaled to 0..100 (as Decide
** does), so that trades across issues of different scales compare.
**
** An exchange (i, j, p, q): i gives ground on p (moves its voting
** position towards x_jp), j on q (towards x_iq).  It needs i and j on
** opposite sides of the compromise on both issues, and i caring about p
** relatively less than j does: s_ip s_jq < s_jp s_iq.  If O_p moves by
** dp towards j and O_q by dq towards i, the gains are
**   gain_i = s_iq dq - s_ip dp,   gain_j = s_jp dp - s_jq dq,
** and the equal-gain rule (gain_i = gain_j) fixes the rate:
**   dq = dp (s_ip + s_jp) / (s_iq + s_jq),
**   gain = dp (s_jp s_iq - s_ip s_jq) / (s_iq + s_jq).
** (../shared/MODELS.md prints the ratio the other way up, (s_iq + s_jq)
** / (s_ip + s_jp); with its own labels that breaks the equality of
** gains.  Decide's code computes the ratio as here.)
** The exchange is as large as four limits allow; dp is the least of
**   (1) i moves all the way to x_jp:  dp <= |x_jp - y_ip| c_i s_ip / S_p
**   (2) O_p does not pass the demander's position x_jp
**   (3) j moves all the way to x_iq:  dq <= |x_iq - y_jq| c_j s_jq / S_q
**   (4) O_q does not pass x_iq
** ((1) and (3) are the "first try, then swap roles" of the model's
** description; (2) and (4) its rule that the outcome never moves past
** the demander's position.)
**
** Actors trade voting positions, not what they want: their own
** positions stay the stated ones throughout, and gains, externalities
** and the sides of the compromise are measured against them.  A round:
** every candidate exchange is sized; the one with the highest gain is
** made, then the candidates on either of its issues are sized again and
** those that no longer gain (more than tol) are dropped for the round;
** repeat.  Each candidate is made at most once a round.  The next round
** starts from the voting positions and compromises reached, which may
** open new exchanges.  Rounds stop when no exchange is possible
** (converged), after `rounds`, or after max_exchanges exchanges.
** (Letting actors adopt their voting positions as their own after each
** round, as Decide's iterations partly do, was tried and rejected: gains
** are then measured from ever-moving positions, and random systems of
** 12 actors on 3 issues traded back and forth for 100 rounds and more;
** with fixed preferences 300 random systems of 5 to 34 actors on 2 to 7
** issues all settled within 6 rounds.)
**
** Ties: candidates whose gains lie within a relative 1e-9 of the best
** are put in canonical order (actor ids, then issue ids) and one is
** drawn with the seeded generator of rng.c, so the choice depends on
** the seed, never on the order actors or issues were added.
**
** Time: O(m^2 n^2) per round to list and size the candidates (n actors,
** m issues), then O(K + n) per exchange made, K candidates in the round.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "rng.h"

#define TIE_REL 1e-9  /* gains this close (relatively) are equal */
#define SIDE_REL 1e-12 /* |x - O| below this times 100: at O */

/* A uniform integer in 0..k-1 (k >= 1). */
static long pick(dip_rng *g, long k) {
  long r = (long)(dip_rng_uniform(g) * (double)k);
  return r < k ? r : k - 1;
}

/* {====== State ====== */

/* A candidate exchange: i gives ground on p, j on q. */
typedef struct cand {
  int i, j, p, q;
  int bound;        /* which limit (1..4) sized it */
  double dp, dq;    /* compromise shifts, >= 0 */
  double gain;
} cand;

typedef struct state {
  const dip_exchange_in *in;
  double *y;    /* m * n voting positions, rescaled (in out->x) */
  double *own;  /* m * n own (stated) positions, rescaled */
  double *sum;  /* m: sum c s over actors holding a position */
  double *O;    /* m: compromise of the voting positions, NaN if none */
  cand *c;     /* the candidates still open this round, in no order */
  long nc, capc;
  long *tied;   /* room for nc indices */
  dip_rng rng;
} state;

#define X(st, k, a) ((st)->own[(size_t)(k) * (st)->in->n + (a)])
#define Y(st, k, a) ((st)->y[(size_t)(k) * (st)->in->n + (a)])
#define S(st, k, a) ((st)->in->s[(size_t)(k) * (st)->in->n + (a)])

/* The compromise of issue k from the voting positions. */
static double compromise(const state *st, int k) {
  const dip_exchange_in *in = st->in;
  double num = 0;
  int a;
  if (!(st->sum[k] > 0)) return NAN;
  for (a = 0; a < in->n; a++)
    if (!isnan(Y(st, k, a))) num += in->cap[a] * S(st, k, a) * Y(st, k, a);
  return num / st->sum[k];
}

/* Recomputes sum and O of every issue. */
static void outcomes(state *st) {
  const dip_exchange_in *in = st->in;
  int k, a;
  for (k = 0; k < in->m; k++) {
    double sum = 0;
    for (a = 0; a < in->n; a++)
      if (!isnan(Y(st, k, a))) sum += in->cap[a] * S(st, k, a);
    st->sum[k] = sum;
    st->O[k] = compromise(st, k);
  }
}

/* -1, 0 or 1: where actor a's own position lies from the compromise. */
static int side(const state *st, int k, int a) {
  double d = X(st, k, a) - st->O[k];
  if (isnan(d) || fabs(d) <= SIDE_REL * 100) return 0;
  return d < 0 ? -1 : 1;
}

/* }====== */

/* {====== Sizing an exchange ====== */

/*
** Sizes candidate c with the current voting positions and compromises.
** Returns 1 and sets dp, dq, gain and bound when the exchange gains more
** than tol for both; 0 otherwise.
*/
static int size(const state *st, cand *c) {
  const dip_exchange_in *in = st->in;
  int i = c->i, j = c->j, p = c->p, q = c->q, dirp, dirq, bound;
  double sip = S(st, p, i), sjp = S(st, p, j), siq = S(st, q, i);
  double sjq = S(st, q, j), wip = in->cap[i] * sip, wjq = in->cap[j] * sjq;
  double availi, availj, r, dp, b, gain;
  if (isnan(st->O[p]) || isnan(st->O[q])) return 0;
  dirp = side(st, p, j); /* O_p moves this way, towards j */
  dirq = side(st, q, i); /* O_q moves towards i */
  if (dirp == 0 || dirq == 0 || side(st, p, i) != -dirp ||
      side(st, q, j) != -dirq)
    return 0;
  if (!(wip > 0) || !(wjq > 0) || !(siq + sjq > 0)) return 0;
  if (!(sjp * siq - sip * sjq > 0)) return 0;
  availi = (X(st, p, j) - Y(st, p, i)) * dirp;
  availj = (X(st, q, i) - Y(st, q, j)) * dirq;
  if (!(availi > 0) || !(availj > 0)) return 0;
  r = (sip + sjp) / (siq + sjq); /* dq = r dp */
  dp = availi * wip / st->sum[p];
  bound = 1;
  b = (X(st, p, j) - st->O[p]) * dirp;
  if (b < dp) dp = b, bound = 2;
  b = availj * wjq / st->sum[q] / r;
  if (b < dp) dp = b, bound = 3;
  b = (X(st, q, i) - st->O[q]) * dirq / r;
  if (b < dp) dp = b, bound = 4;
  if (!(dp > 0)) return 0;
  gain = dp * (sjp * siq - sip * sjq) / (siq + sjq);
  if (!(gain > in->tol)) return 0;
  c->dp = dp;
  c->dq = r * dp;
  c->gain = gain;
  c->bound = bound;
  return 1;
}

/* }====== */

/* {====== Candidates ====== */

static int addcand(state *st, int i, int j, int p, int q) {
  cand *c;
  if (st->nc >= DIP_EXCHANGE_MAX_CANDIDATES) return DIP_EXCHANGE_TOOBIG;
  if (st->nc == st->capc) {
    long cap = st->capc ? 2 * st->capc : 64;
    cand *nw = realloc(st->c, (size_t)cap * sizeof *nw);
    if (nw == NULL) return -1;
    st->c = nw;
    st->capc = cap;
  }
  c = &st->c[st->nc];
  c->i = i, c->j = j, c->p = p, c->q = q;
  if (!size(st, c)) return 0;
  st->nc++;
  return 0;
}

/*
** Lists the exchanges possible at the start of a round.  Of two issues,
** p is the one whose id sorts first (so results do not depend on the
** order issues were added); of a pair of actors on opposite sides of
** both, the one caring relatively less about p gives ground on p.
** Returns 0, -1 when memory ran out, DIP_EXCHANGE_TOOBIG, or 1 when
** in->pr said stop.
*/
static int candidates(state *st) {
  const dip_exchange_in *in = st->in;
  int k, l, a, b;
  st->nc = 0;
  for (k = 0; k < in->m; k++) {
    if (isnan(st->O[k])) continue;
    for (l = k + 1; l < in->m; l++) {
      int p = k, q = l; /* p: the issue whose id sorts first */
      if (isnan(st->O[l])) continue;
      if (strcmp(in->issue_id[k], in->issue_id[l]) > 0) p = l, q = k;
      for (a = 0; a < in->n; a++) {
        int ak = side(st, p, a), al = side(st, q, a);
        if ((a & 255) == 0 && dip_progress_poll(in->pr)) return 1;
        if (ak == 0 || al == 0) continue;
        for (b = a + 1; b < in->n; b++) {
          double lhs, rhs;
          int e = 0;
          if (side(st, p, b) != -ak || side(st, q, b) != -al) continue;
          lhs = S(st, p, a) * S(st, q, b);
          rhs = S(st, p, b) * S(st, q, a);
          if (lhs < rhs)
            e = addcand(st, a, b, p, q);
          else if (rhs < lhs)
            e = addcand(st, b, a, p, q);
          if (e) return e;
        }
      }
    }
  }
  return 0;
}

/* Canonical order of candidates: actor ids, then issue ids. */
static int before(const dip_exchange_in *in, const cand *x, const cand *y) {
  int d = strcmp(in->actor_id[x->i], in->actor_id[y->i]);
  if (d == 0) d = strcmp(in->actor_id[x->j], in->actor_id[y->j]);
  if (d == 0) d = strcmp(in->issue_id[x->p], in->issue_id[y->p]);
  if (d == 0) d = strcmp(in->issue_id[x->q], in->issue_id[y->q]);
  return d < 0;
}

/* The candidate to make next, or -1 when none is left. */
static long best(state *st) {
  double top = 0;
  long k, ntied = 0, t, u;
  int any = 0;
  for (k = 0; k < st->nc; k++)
    if (!any || st->c[k].gain > top)
      top = st->c[k].gain, any = 1;
  if (!any) return -1;
  for (k = 0; k < st->nc; k++)
    if (st->c[k].gain >= top * (1 - TIE_REL))
      st->tied[ntied++] = k;
  if (ntied == 1) return st->tied[0];
  for (t = 1; t < ntied; t++) { /* insertion sort: ties are few */
    long v = st->tied[t];
    for (u = t; u > 0 && before(st->in, &st->c[v], &st->c[st->tied[u - 1]]);
         u--)
      st->tied[u] = st->tied[u - 1];
    st->tied[u] = v;
  }
  return st->tied[pick(&st->rng, ntied)];
}

/* }====== */

/* {====== Making an exchange ====== */

/* Moves voting position *y towards target by d, never past it. */
static double shiftto(double *y, double target, double d, int exact) {
  double old = *y, nw = exact ? target : old + (target > old ? d : -d);
  if ((target - nw) * (target - old) < 0) nw = target;
  *y = nw;
  return nw - old;
}

/* Adds the gains and losses of third parties on issue k. */
static void thirdparties(state *st, int k, int i, int j, double o0,
                         double o1, double *ext) {
  int a;
  for (a = 0; a < st->in->n; a++) {
    double x = X(st, k, a);
    if (a == i || a == j || isnan(x)) continue;
    ext[a] += S(st, k, a) * (fabs(o0 - x) - fabs(o1 - x));
  }
}

/* Makes candidate c; appends its record.  0, or -1 out of memory. */
static int make(state *st, const cand *c, int round, dip_exchange_out *out,
                long *caprec) {
  const dip_exchange_in *in = st->in;
  int i = c->i, j = c->j, p = c->p, q = c->q;
  double op = st->O[p], oq = st->O[q];
  dip_exchange_rec *r;
  if (out->nrecs == *caprec) {
    long cap = *caprec ? 2 * *caprec : 16;
    dip_exchange_rec *nw = realloc(out->recs, (size_t)cap * sizeof *nw);
    if (nw == NULL) return -1;
    out->recs = nw;
    *caprec = cap;
  }
  r = &out->recs[out->nrecs++];
  r->i = i, r->j = j, r->p = p, r->q = q, r->round = round;
  r->move_i = shiftto(&Y(st, p, i), X(st, p, j),
                      c->dp * st->sum[p] / (in->cap[i] * S(st, p, i)),
                      c->bound == 1);
  r->move_j = shiftto(&Y(st, q, j), X(st, q, i),
                      c->dq * st->sum[q] / (in->cap[j] * S(st, q, j)),
                      c->bound == 3);
  st->O[p] = compromise(st, p);
  st->O[q] = compromise(st, q);
  r->shift_p = st->O[p] - op;
  r->shift_q = st->O[q] - oq;
  r->gain_i = S(st, q, i) * fabs(r->shift_q) - S(st, p, i) * fabs(r->shift_p);
  r->gain_j = S(st, p, j) * fabs(r->shift_p) - S(st, q, j) * fabs(r->shift_q);
  r->move_i *= in->range[p] / 100, r->move_j *= in->range[q] / 100;
  r->shift_p *= in->range[p] / 100, r->shift_q *= in->range[q] / 100;
  thirdparties(st, p, i, j, op, st->O[p], out->externality);
  thirdparties(st, q, i, j, oq, st->O[q], out->externality);
  return 0;
}

/* }====== */

/* {====== The model ====== */

static void freestate(state *st) {
  free(st->own);
  free(st->sum);
  free(st->O);
  free(st->c);
  free(st->tied);
}

/* One round; *made receives the exchanges made.  0, or -1 (memory). */
static int round_(state *st, int round, dip_exchange_out *out,
                  long *caprec, long *made) {
  const dip_exchange_in *in = st->in;
  long k, t;
  *made = 0;
  while (out->nrecs < in->max_exchanges && (k = best(st)) >= 0) {
    cand done = st->c[k];
    st->c[k] = st->c[--st->nc]; /* made: drop it */
    if (make(st, &done, round, out, caprec)) return -1;
    ++*made;
    if (dip_progress_report(in->pr, (double)out->nrecs,
                            (double)in->max_exchanges))
      return 0; /* stopped: the caller sees in->pr->stop */
    for (t = 0; t < st->nc; t++) { /* size again what shares an issue */
      cand *c = &st->c[t];
      if (c->p != done.p && c->p != done.q && c->q != done.p &&
          c->q != done.q)
        continue;
      if (!size(st, c)) st->c[t--] = st->c[--st->nc]; /* no gain: drop */
    }
  }
  return 0;
}

/* A rescaled value of issue k back on the issue's own scale. */
static double back(const dip_exchange_in *in, int k, double v) {
  return in->lo[k] + v * in->range[k] / 100;
}

/*
** The voting positions y back on each issue's scale, in place.  A vote
** that did not move, or that moved exactly onto a partner's position,
** comes back as the stated value itself (rescaling both ways would leave
** rounding in the last digit); others are kept on the scale.  O(m n^2).
*/
static void positions(const state *st, double *y) {
  const dip_exchange_in *in = st->in;
  int k, a, b;
  for (k = 0; k < in->m; k++) {
    double lo = in->lo[k], hi = in->lo[k] + in->range[k];
    for (a = 0; a < in->n; a++) {
      double v = Y(st, k, a);
      if (isnan(v)) continue;
      for (b = 0; b < in->n; b++)
        if (X(st, k, b) == v) break; /* onto a stated position */
      if (b < in->n)
        v = in->x[(size_t)k * in->n + b];
      else
        v = fmin(hi, fmax(lo, back(in, k, v)));
      y[(size_t)k * in->n + a] = v;
    }
  }
}

int dip_exchange(const dip_exchange_in *in, dip_exchange_out *out) {
  state st;
  size_t nm = (size_t)in->n * (size_t)in->m;
  long caprec = 0, made;
  int k, round, rc = -1;
  memset(&st, 0, sizeof st);
  st.in = in;
  st.y = out->x;
  dip_rng_seed(&st.rng, in->seed);
  out->recs = NULL;
  out->nrecs = 0;
  out->rounds = 0;
  out->converged = 0;
  for (k = 0; k < in->m; k++) { /* rescale to 0..100 */
    size_t a, base = (size_t)k * in->n;
    for (a = 0; a < (size_t)in->n; a++)
      out->x[base + a] = (in->x[base + a] - in->lo[k]) * 100 / in->range[k];
  }
  memset(out->externality, 0, (size_t)in->n * sizeof(double));
  st.own = malloc((nm + 1) * sizeof(double));
  st.sum = malloc(((size_t)in->m + 1) * sizeof(double));
  st.O = malloc(((size_t)in->m + 1) * sizeof(double));
  if (!st.own || !st.sum || !st.O) goto oom;
  memcpy(st.own, out->x, nm * sizeof(double));
  outcomes(&st);
  for (k = 0; k < in->m; k++) out->before[k] = back(in, k, st.O[k]);
  for (round = 1;; round++) {
    int c = candidates(&st);
    if (c == DIP_EXCHANGE_TOOBIG) {
      rc = c;
      goto oom;
    }
    if (c < 0) goto oom;
    if (c > 0) break; /* stopped */
    if (st.nc == 0) {
      out->converged = 1;
      break;
    }
    if (round > in->rounds || out->nrecs >= in->max_exchanges) break;
    free(st.tied);
    if ((st.tied = malloc((size_t)st.nc * sizeof(long))) == NULL) goto oom;
    if (round_(&st, round, out, &caprec, &made)) goto oom;
    if (made > 0) out->rounds++;
    if (in->pr && in->pr->stop) break;
  }
  for (k = 0; k < in->m; k++) out->after[k] = back(in, k, st.O[k]);
  positions(&st, out->x);
  freestate(&st);
  return 0;
oom:
  freestate(&st);
  free(out->recs);
  out->recs = NULL;
  out->nrecs = 0;
  return rc;
}

/* }====== */

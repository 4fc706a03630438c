/*
** powercount.c — exact numbers of swings, winning, losing and minimal
** winning coalitions of a weighted voting game (see power.h), with a
** small arbitrary-precision integer type: counts pass 2^64 from 64
** players on, so machine integers will not do.
**
** The counting programme is the classic one (Brams & Affuso 1976; Matsui
** & Matsui 2000): c[x] = number of coalitions of weight x, for x below
** the quota, built by adding players one at a time.  Taking one player of
** weight w out again is an exact subtraction here,
**   c_(-i)[x] = c[x] - c_(-i)[x - w],
** (it is the floating-point form of this step that is unstable, which is
** why the indices themselves come from power.c).
*/
#include <stdlib.h>
#include <string.h>

#include "power.h"

/* {====== Big unsigned integers ====== */

/*
** A number is an array of `len` 32-bit limbs, least significant first;
** the caller sizes every array so that no result overflows it.
*/

/* a += b, b has blen <= len limbs; the carry runs on through a. */
static void big_add(uint32_t *a, const uint32_t *b, int blen, int len) {
  uint64_t carry = 0;
  int k;
  for (k = 0; k < blen; k++) {
    carry += (uint64_t)a[k] + b[k];
    a[k] = (uint32_t)carry;
    carry >>= 32;
  }
  for (; carry && k < len; k++) {
    carry += a[k];
    a[k] = (uint32_t)carry;
    carry >>= 32;
  }
}

/* a -= b (a >= b), both len limbs. */
static void big_sub(uint32_t *a, const uint32_t *b, int len) {
  uint64_t borrow = 0;
  int k;
  for (k = 0; k < len; k++) {
    uint64_t d = (uint64_t)a[k] - b[k] - borrow;
    a[k] = (uint32_t)d;
    borrow = (d >> 32) & 1;
  }
}

/* dst (len limbs) = src (slen limbs) * 2^bits; dst is large enough. */
static void big_shl(uint32_t *dst, int len, const uint32_t *src, int slen,
                    int bits) {
  int k, limbs = bits / 32, r = bits % 32;
  memset(dst, 0, (size_t)len * sizeof *dst);
  for (k = 0; k < slen && k + limbs < len; k++) {
    uint64_t v = (uint64_t)src[k] << r;
    dst[k + limbs] |= (uint32_t)v;
    if (k + limbs + 1 < len) dst[k + limbs + 1] |= (uint32_t)(v >> 32);
  }
}

/* The decimal digits of a (len limbs) as a malloc'd string, or NULL. */
static char *big_decimal(const uint32_t *a, int len) {
  uint32_t *t = malloc(((size_t)len + 1) * sizeof *t);
  /* 10 digits per 32 bits are plenty; chunks of 9 digits come out
     least significant first */
  char *buf = malloc((size_t)len * 10 + 2), *s;
  int top = len, k, n = 0;
  if (t == NULL || buf == NULL) {
    free(t);
    free(buf);
    return NULL;
  }
  memcpy(t, a, (size_t)len * sizeof *t);
  while (top > 0 && t[top - 1] == 0) top--;
  do {
    uint64_t rem = 0;
    for (k = top - 1; k >= 0; k--) { /* t /= 10^9 */
      uint64_t cur = (rem << 32) | t[k];
      t[k] = (uint32_t)(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    while (top > 0 && t[top - 1] == 0) top--;
    for (k = 0; k < 9 && (top > 0 || rem > 0 || k == 0); k++) {
      buf[n++] = (char)('0' + rem % 10);
      rem /= 10;
    }
  } while (top > 0);
  free(t);
  for (k = 0; k < n / 2; k++) { /* most significant first */
    char c = buf[k];
    buf[k] = buf[n - 1 - k];
    buf[n - 1 - k] = c;
  }
  buf[n] = '\0';
  s = buf;
  return s;
}

/* }====== */

/* {====== Counts ====== */

void dip_power_counts_free(dip_power_counts *c) {
  int i;
  if (c == NULL) return;
  if (c->swings)
    for (i = 0; i < c->n; i++) free(c->swings[i]);
  free(c->swings);
  free(c->winning);
  free(c->losing);
  free(c->minimal);
  free(c);
}

static int desc64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? 1 : x > y ? -1 : 0;
}

/* Limbs for numbers below 2^bits. */
static int limbs_for(int bits) {
  return bits / 32 + 2;
}

double dip_power_counts_cost(const dip_wgame *g) {
  int i, np = 0, d = 0;
  int64_t total = 0, *ws = malloc(((size_t)g->n + 1) * sizeof *ws);
  if (ws == NULL) return 1e300;
  for (i = 0; i < g->n; i++) {
    total += g->w[i];
    if (g->w[i] > 0) ws[np++] = g->w[i];
  }
  qsort(ws, (size_t)np, sizeof *ws, desc64);
  for (i = 0; i < np; i++) d += i == 0 || ws[i] != ws[i - 1];
  free(ws);
  if (g->quota > total) return g->n;
  /* adding player j costs q (j / 32 + 2) limbs; removing one of each of
     the d weights 2 q L */
  return (double)g->quota * ((double)np * np / 64.0 + 2.0 * np) +
         2.0 * d * (double)g->quota * limbs_for(np);
}

/* A decimal string of v * 2^shift (v has len limbs). */
static char *decimal_shifted(const uint32_t *v, int len, int shift) {
  int wide = len + shift / 32 + 2;
  uint32_t *t = calloc((size_t)wide, sizeof *t);
  char *s;
  if (t == NULL) return NULL;
  big_shl(t, wide, v, len, shift);
  s = big_decimal(t, wide);
  free(t);
  return s;
}

/*
** Players of positive weight are added heaviest first, so that when
** player j joins, every coalition counted so far is of heavier (or
** equally heavy, earlier) players: a coalition S with lightest member j
** is minimal winning exactly when w(S) - w_j < q <= w(S), so the
** minimal winning coalitions whose last member is j are the coalitions
** counted so far with weight in [q - w_j, q - 1].  Players of weight 0
** double every count of swings, winning and losing coalitions and are
** in no minimal winning coalition.  Time O(q n^2 / 32 + d q n / 32)
** limb operations (d distinct weights); memory 2 q n / 8 bytes.
*/
int dip_power_counts_get(const dip_wgame *g, dip_power_counts **out,
                         dip_progress *pr) {
  dip_power_counts *c = calloc(1, sizeof *c);
  int64_t *ws = malloc(((size_t)g->n + 1) * sizeof *ws), q = g->quota;
  int64_t total = 0, x;
  int i, j, np = 0, L, e = DIP_POW_NOMEM;
  uint32_t *cnt = NULL, *rem = NULL, *mwc = NULL, *lose = NULL,
           *win = NULL, *sw = NULL;
  *out = NULL;
  if (c == NULL || ws == NULL) goto fail;
  c->n = g->n;
  c->swings = calloc((size_t)g->n + 1, sizeof *c->swings);
  if (c->swings == NULL) goto fail;
  for (i = 0; i < g->n; i++) {
    total += g->w[i];
    if (g->w[i] > 0) ws[np++] = g->w[i];
  }
  qsort(ws, (size_t)np, sizeof *ws, desc64);
  L = limbs_for(np);
  mwc = calloc((size_t)L, sizeof *mwc);
  lose = calloc((size_t)L, sizeof *lose);
  win = calloc((size_t)L, sizeof *win);
  sw = calloc((size_t)L, sizeof *sw);
  if (!mwc || !lose || !win || !sw) goto fail;
  win[np / 32] = 1u << (np % 32); /* 2^np coalitions of positive players */
  if (q > total) {                /* nobody wins: everything is losing */
    memcpy(lose, win, (size_t)L * sizeof *win);
    memset(win, 0, (size_t)L * sizeof *win);
  } else {
    if (q > DIP_POW_MAX_QUOTA) {
      e = DIP_POW_TOOBIG;
      goto fail;
    }
    cnt = calloc((size_t)q * (size_t)L, sizeof *cnt);
    rem = calloc((size_t)q * (size_t)L, sizeof *rem);
    if (!cnt || !rem) goto fail;
    cnt[0] = 1;
    for (j = 0; j < np; j++) {
      int64_t w = ws[j];
      int act = limbs_for(j + 1) < L ? limbs_for(j + 1) : L;
      if (dip_progress_poll(pr)) {
        e = DIP_POW_STOPPED;
        goto fail;
      }
      for (x = q - w > 0 ? q - w : 0; x < q; x++)
        big_add(mwc, cnt + x * L, act, L);
      for (x = q - 1; x >= w; x--)
        big_add(cnt + x * L, cnt + (x - w) * L, act, act);
    }
    for (x = 0; x < q; x++) big_add(lose, cnt + x * L, L, L);
    big_sub(win, lose, L);
  }
  /* swings of each distinct weight: counts without one such player */
  for (j = 0; j < np; j++) {
    int64_t w = ws[j];
    if (j > 0 && ws[j - 1] == w) continue;
    if (dip_progress_poll(pr)) {
      e = DIP_POW_STOPPED;
      goto fail;
    }
    memset(sw, 0, (size_t)L * sizeof *sw);
    if (q <= total) {
      for (x = 0; x < q; x++) {
        uint32_t *r = rem + x * L;
        memcpy(r, cnt + x * L, (size_t)L * sizeof *r);
        if (x >= w) big_sub(r, rem + (x - w) * L, L);
        if (x >= q - w) big_add(sw, r, L, L);
      }
    }
    for (i = 0; i < g->n; i++)
      if (g->w[i] == w) {
        c->swings[i] = decimal_shifted(sw, L, g->n - np);
        if (c->swings[i] == NULL) goto fail;
      }
  }
  memset(sw, 0, (size_t)L * sizeof *sw);
  for (i = 0; i < g->n; i++)
    if (g->w[i] <= 0 && (c->swings[i] = decimal_shifted(sw, L, 0)) == NULL)
      goto fail;
  c->winning = decimal_shifted(win, L, g->n - np);
  c->losing = decimal_shifted(lose, L, g->n - np);
  c->minimal = decimal_shifted(mwc, L, 0);
  if (!c->winning || !c->losing || !c->minimal) goto fail;
  e = DIP_POW_OK;
  *out = c;
  c = NULL;
fail:
  dip_power_counts_free(c);
  free(ws);
  free(cnt);
  free(rem);
  free(mwc);
  free(lose);
  free(win);
  free(sw);
  return e;
}

/* }====== */

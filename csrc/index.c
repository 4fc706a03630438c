/*
** index.c — open-addressing hash index from keys to item positions.
**
** Written by hand: a dozen lines of linear probing, keyed through
** callbacks so one index serves actors, layers, issues, ties and
** positions.  Load factor stays at or below 1/2.  Each slot keeps the
** high half of its item's hash next to the item (a tag), so a probe
** compares items (reading the item, usually a cache miss on large
** systems) only when the tags agree: an unsuccessful search, as before
** every insertion, then reads no item at all.  No Lua calls here.
*/
#include <stdlib.h>
#include <string.h>

#include "diplomat.h"

/* FNV-1a, 64 bit. */
uint64_t dip_hash_str(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

/* splitmix64 finaliser over a combination of three integers. */
static uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t dip_hash_ints(uint64_t a, uint64_t b, uint64_t c) {
  return mix(mix(mix(a) ^ b) ^ c);
}

void dip_index_free(dip_index *ix) {
  free(ix->slots);
  ix->slots = NULL;
  ix->cap = 0;
  ix->stale = 0;
}

void dip_index_invalidate(dip_index *ix) { ix->stale = ix->cap > 0; }

int dip_index_copy(dip_index *dst, const dip_index *src) {
  dst->stale = src->stale;
  if (dst->cap != src->cap) { /* else dst's slots are reused */
    free(dst->slots);
    dst->slots = NULL;
    dst->cap = 0;
    if (src->cap == 0) return 0;
    dst->slots = malloc(src->cap * sizeof *dst->slots);
    if (dst->slots == NULL) return -1;
    dst->cap = src->cap;
  }
  if (src->cap > 0)
    memcpy(dst->slots, src->slots, src->cap * sizeof *dst->slots);
  return 0;
}

/* A slot: the tag (high half of the hash) above item + 1. */
#define SLOT(h, item) (((h) & 0xffffffff00000000ULL) | (uint32_t)((item) + 1))
#define ITEM(slot) ((int)(uint32_t)(slot) - 1)
#define TAG(x) ((x) & 0xffffffff00000000ULL)

void dip_index_insert(dip_index *ix, uint64_t h, int item) {
  size_t mask = ix->cap - 1, i = (size_t)h & mask;
  while (ix->slots[i] != 0) i = (i + 1) & mask;
  ix->slots[i] = SLOT(h, item);
}

void dip_index_rebuild(dip_index *ix, const dip_system *s, int n,
                       dip_hash_fn hf) {
  int k;
  ix->stale = 0;
  if (ix->cap == 0) return;
  memset(ix->slots, 0, ix->cap * sizeof *ix->slots);
  for (k = 0; k < n; k++) dip_index_insert(ix, hf(s, k), k);
}

int dip_index_grow(dip_index *ix, const dip_system *s, int n,
                   dip_hash_fn hf) {
  return dip_index_reserve(ix, s, n, n + 1, hf);
}

int dip_index_reserve(dip_index *ix, const dip_system *s, int n, int want,
                      dip_hash_fn hf) {
  size_t cap = ix->cap ? ix->cap : 16;
  uint64_t *slots;
  while ((size_t)want * 2 > cap) cap *= 2;
  if (cap == ix->cap) return 0;
  slots = calloc(cap, sizeof *slots);
  if (slots == NULL) return -1;
  free(ix->slots);
  ix->slots = slots;
  ix->cap = cap;
  dip_index_rebuild(ix, s, n, hf); /* the caller inserts item n */
  return 0;
}

int dip_index_find(const dip_index *ix, const dip_system *s, uint64_t h,
                   dip_eq_fn eq, const void *key) {
  size_t mask, i;
  uint64_t slot;
  if (ix->cap == 0) return -1;
  mask = ix->cap - 1;
  for (i = (size_t)h & mask; (slot = ix->slots[i]) != 0; i = (i + 1) & mask)
    if (TAG(slot) == TAG(h) && eq(s, ITEM(slot), key)) return ITEM(slot);
  return -1;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void dip_index_prefetch(const dip_index *ix, uint64_t h) {
  if (ix->cap > 0) PREFETCH(&ix->slots[(size_t)h & (ix->cap - 1)]);
}

int dip_index_peek(const dip_index *ix, uint64_t h) {
  size_t mask, i;
  uint64_t slot;
  if (ix->cap == 0 || ix->stale) return -1;
  mask = ix->cap - 1;
  for (i = (size_t)h & mask; (slot = ix->slots[i]) != 0; i = (i + 1) & mask)
    if (TAG(slot) == TAG(h)) return ITEM(slot);
  return -1;
}

/*
** system.c — the system map and its checked, atomic mutations.
**
** Every mutation first checks its whole input and reports each problem;
** only a clean input changes the system, and all allocations happen
** before the first write, so a failure (bad input or out of memory)
** leaves the system exactly as it was.  No Lua calls here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diplomat.h"

static const char *const KINDS[] = {"organisation", "person", "group", NULL};
static const char *const LEVELS[] = {"national", "regional", "system",
                                     "place", "neighbourhood", "frontline",
                                     NULL};
static const char *const MANDATES[] = {"elected", "appointed", "statutory",
                                       "none", NULL};

/* {====== Strings, tags and attributes ====== */

char *dip_strdup(const char *s) {
  size_t n;
  char *d;
  if (s == NULL) return NULL;
  n = strlen(s) + 1;
  d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Copies an optional string; *ok becomes 0 if memory ran out. */
static char *dupopt(const char *s, int *ok) {
  char *d;
  if (s == NULL) return NULL;
  d = dip_strdup(s);
  if (d == NULL) *ok = 0;
  return d;
}

void dip_attrs_free(dip_attrs *a) {
  int i;
  for (i = 0; i < a->n; i++) {
    free(a->items[i].key);
    if (a->items[i].type == DIP_STR) free(a->items[i].u.s);
  }
  free(a->items);
  a->items = NULL;
  a->n = 0;
}

int dip_attrs_copy(dip_attrs *dst, const dip_attrs *src) {
  int i;
  dst->items = NULL;
  dst->n = 0;
  if (src->n == 0) return 0;
  dst->items = calloc((size_t)src->n, sizeof(dip_attr));
  if (dst->items == NULL) return -1;
  for (i = 0; i < src->n; i++) {
    dip_attr *d = &dst->items[i];
    const dip_attr *a = &src->items[i];
    *d = *a;
    d->key = dip_strdup(a->key);
    if (a->type == DIP_STR) d->u.s = dip_strdup(a->u.s);
    dst->n = i + 1;
    if (d->key == NULL || (a->type == DIP_STR && d->u.s == NULL)) {
      dip_attrs_free(dst);
      return -1;
    }
  }
  return 0;
}

static int cmpattr(const void *a, const void *b) {
  return strcmp(((const dip_attr *)a)->key, ((const dip_attr *)b)->key);
}

void dip_attrs_sort(dip_attrs *a) {
  if (a->n > 1) qsort(a->items, (size_t)a->n, sizeof(dip_attr), cmpattr);
}

const dip_attr *dip_attrs_get(const dip_attrs *a, const char *key) {
  dip_attr k;
  if (a->n == 0) return NULL;
  k.key = (char *)key;
  return bsearch(&k, a->items, (size_t)a->n, sizeof(dip_attr), cmpattr);
}

static void tags_free(dip_tags *t) {
  int i;
  for (i = 0; i < t->n; i++) free(t->items[i]);
  free(t->items);
  t->items = NULL;
  t->n = 0;
}

static int tags_copy(dip_tags *dst, const dip_tags *src) {
  int i;
  dst->items = NULL;
  dst->n = 0;
  if (src->n == 0) return 0;
  dst->items = calloc((size_t)src->n, sizeof(char *));
  if (dst->items == NULL) return -1;
  for (i = 0; i < src->n; i++) {
    dst->items[i] = dip_strdup(src->items[i]);
    dst->n = i + 1;
    if (dst->items[i] == NULL) {
      tags_free(dst);
      return -1;
    }
  }
  return 0;
}

/* }====== */

/* {====== Field checks ====== */

/*
** Copies id into buf (size n) with each control character written as
** \xHH: a message that names a bad id must stay on one printable line
** (problem lists are one line per problem, and a raw escape character
** would reach the user's terminal).  Truncates to fit.
*/
static const char *printable(const char *id, char *buf, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *c;
  size_t k = 0;
  for (c = (const unsigned char *)id; *c && k + 5 < n; c++) {
    if (*c < 0x20 || *c == 0x7f) {
      buf[k++] = '\\';
      buf[k++] = 'x';
      buf[k++] = hex[*c >> 4];
      buf[k++] = hex[*c & 0xf];
    } else
      buf[k++] = (char)*c;
  }
  buf[k] = '\0';
  return buf;
}

int dip_check_id(const char *id, const char *field, dip_problems *pr) {
  const unsigned char *c;
  char shown[4 * DIP_MAX_ID + 8];
  if (id == NULL) {
    dip_problem(pr, field, "missing (an id is required)");
    return 1;
  }
  if (id[0] == '\0') {
    dip_problem(pr, field, "must not be empty");
    return 1;
  }
  if (strlen(id) > DIP_MAX_ID) {
    dip_problem(pr, field, "longer than %d bytes", DIP_MAX_ID);
    return 1;
  }
  for (c = (const unsigned char *)id; *c; c++)
    if (*c < 0x20 || *c == 0x7f) {
      dip_problem(pr, field, "id '%s' contains a control character",
                  printable(id, shown, sizeof shown));
      return 1;
    }
  return 0;
}

/* An optional label such as sector: absent is fine, empty is not. */
static int check_label(const char *v, const char *field, dip_problems *pr) {
  if (v != NULL && v[0] == '\0') {
    dip_problem(pr, field, "must not be empty (leave it out instead)");
    return 1;
  }
  return 0;
}

static int check_enum(const char *v, const char *const *allowed,
                      const char *field, dip_problems *pr) {
  int i;
  char list[200];
  size_t len = 0;
  if (v == NULL) return 0;
  for (i = 0; allowed[i]; i++)
    if (strcmp(v, allowed[i]) == 0) return 0;
  list[0] = '\0';
  for (i = 0; allowed[i] && len + 20 < sizeof list; i++) {
    size_t n = strlen(allowed[i]);
    if (i > 0) list[len++] = ',', list[len++] = ' ';
    memcpy(list + len, allowed[i], n + 1);
    len += n;
  }
  dip_problem(pr, field, "unknown %s '%s' (expected one of: %s)", field, v,
              list);
  return 1;
}

static int check_finite(double x, const char *field, dip_problems *pr) {
  if (isnan(x)) {
    dip_problem(pr, field, "must be a number, not NaN");
    return 1;
  }
  if (isinf(x)) {
    dip_problem(pr, field, "must be finite, not %s",
                x > 0 ? "inf" : "-inf");
    return 1;
  }
  return 0;
}

int dip_check_attrs(const dip_attrs *a, dip_problems *pr) {
  int i, bad = 0;
  char field[80];
  for (i = 0; i < a->n; i++) {
    const dip_attr *t = &a->items[i];
    if (t->key == NULL || t->key[0] == '\0') {
      dip_problem(pr, "attrs", "attribute names must not be empty");
      bad++;
      continue;
    }
    snprintf(field, sizeof field, "attrs.%.60s", t->key);
    if (i > 0 && a->items[i - 1].key &&
        strcmp(a->items[i - 1].key, t->key) == 0) {
      dip_problem(pr, field, "duplicate attribute");
      bad++;
    }
    if (t->type == DIP_NUM)
      bad += check_finite(t->u.n, field, pr);
    else if (t->type == DIP_INT &&
             (t->u.i > DIP_MAX_EXACT_INT || t->u.i < -DIP_MAX_EXACT_INT)) {
      dip_problem(pr, field,
                  "integer %lld is too large to store exactly (limit 2^53)",
                  t->u.i);
      bad++;
    } else if (t->type == DIP_STR && t->u.s == NULL) {
      dip_problem(pr, field, "missing value");
      bad++;
    }
  }
  return bad;
}

static int cmpstrp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int check_tags(const dip_tags *t, dip_problems *pr) {
  int i, j, bad = 0;
  for (i = 0; i < t->n; i++)
    if (t->items[i] == NULL || t->items[i][0] == '\0') {
      dip_problem(pr, "tags", "tag %d is empty", i + 1);
      return 1;
    }
  if (t->n <= 64) { /* small: compare pairs */
    for (i = 0; i < t->n; i++)
      for (j = 0; j < i; j++)
        if (strcmp(t->items[i], t->items[j]) == 0) {
          dip_problem(pr, "tags", "duplicate tag '%s'", t->items[i]);
          bad++;
          break;
        }
  } else {
    char **sorted = malloc((size_t)t->n * sizeof(char *));
    if (sorted == NULL) {
      pr->oom = 1;
      dip_problem(pr, "tags", "out of memory");
      return 1;
    }
    memcpy(sorted, t->items, (size_t)t->n * sizeof(char *));
    qsort(sorted, (size_t)t->n, sizeof(char *), cmpstrp);
    for (i = 1; i < t->n; i++)
      if (strcmp(sorted[i], sorted[i - 1]) == 0 &&
          (i == 1 || strcmp(sorted[i], sorted[i - 2]) != 0)) {
        dip_problem(pr, "tags", "duplicate tag '%s'", sorted[i]);
        bad++;
      }
    free(sorted);
  }
  return bad;
}

/* }====== */

/* {====== Indexes ====== */

static uint64_t layer_hash(const dip_system *s, int i) {
  return dip_hash_str(s->layers[i].id);
}
static int layer_eq(const dip_system *s, int i, const void *key) {
  return strcmp(s->layers[i].id, key) == 0;
}
static uint64_t actor_hash(const dip_system *s, int i) {
  return dip_hash_str(s->actors[i].id);
}
static int actor_eq(const dip_system *s, int i, const void *key) {
  return strcmp(s->actors[i].id, key) == 0;
}
static uint64_t issue_hash(const dip_system *s, int i) {
  return dip_hash_str(s->issues[i].id);
}
static int issue_eq(const dip_system *s, int i, const void *key) {
  return strcmp(s->issues[i].id, key) == 0;
}

/* A tie key: (a, b, layer); undirected layers use the ordered pair. */
typedef struct tiekey {
  int a, b, l, directed;
} tiekey;

static uint64_t tiekey_hash(int a, int b, int l, int directed) {
  if (!directed && a > b) {
    int t = a;
    a = b;
    b = t;
  }
  return dip_hash_ints((uint64_t)a, (uint64_t)b, (uint64_t)l);
}
static uint64_t tie_hash(const dip_system *s, int i) {
  const dip_tie *t = &s->ties[i];
  return tiekey_hash(t->from, t->to, t->layer, s->layers[t->layer].directed);
}
static int tie_eq(const dip_system *s, int i, const void *key) {
  const dip_tie *t = &s->ties[i];
  const tiekey *k = key;
  if (t->layer != k->l) return 0;
  if (t->from == k->a && t->to == k->b) return 1;
  return !k->directed && t->from == k->b && t->to == k->a;
}
static uint64_t pos_hash_of(int actor, int issue) {
  return dip_hash_ints((uint64_t)actor, (uint64_t)issue, 0x9e3779b9u);
}

void dip_prefetch_tie(const dip_system *s, int a, int b, int l) {
  dip_index_prefetch(&s->tie_ix,
                     tiekey_hash(a, b, l, s->layers[l].directed));
}

void dip_prefetch_position(const dip_system *s, int a, int i) {
  dip_index_prefetch(&s->position_ix, pos_hash_of(a, i));
}
static uint64_t pos_hash(const dip_system *s, int i) {
  return pos_hash_of(s->positions[i].actor, s->positions[i].issue);
}
static int pos_eq(const dip_system *s, int i, const void *key) {
  const int *k = key;
  return s->positions[i].actor == k[0] && s->positions[i].issue == k[1];
}

/*
** Indexes are rebuilt lazily: a removal only marks them stale (scenarios
** remove and move many items and may never look one up), and the next
** lookup rebuilds.  An index is a cache of the arrays, so a lookup on a
** const system may refresh it (the system itself is never const).
*/
static void fresh(const dip_system *s, const dip_index *ix, int n,
                  dip_hash_fn hf) {
  if (ix->stale) dip_index_rebuild((dip_index *)ix, s, n, hf);
}

int dip_find_layer(const dip_system *s, const char *id) {
  fresh(s, &s->layer_ix, s->nlayers, layer_hash);
  return dip_index_find(&s->layer_ix, s, dip_hash_str(id), layer_eq, id);
}
int dip_find_actor(const dip_system *s, const char *id) {
  fresh(s, &s->actor_ix, s->nactors, actor_hash);
  return dip_index_find(&s->actor_ix, s, dip_hash_str(id), actor_eq, id);
}
int dip_find_issue(const dip_system *s, const char *id) {
  fresh(s, &s->issue_ix, s->nissues, issue_hash);
  return dip_index_find(&s->issue_ix, s, dip_hash_str(id), issue_eq, id);
}
int dip_find_tie(const dip_system *s, int a, int b, int l) {
  tiekey k;
  k.a = a;
  k.b = b;
  k.l = l;
  k.directed = s->layers[l].directed;
  fresh(s, &s->tie_ix, s->nties, tie_hash);
  return dip_index_find(&s->tie_ix, s, tiekey_hash(a, b, l, k.directed),
                        tie_eq, &k);
}
int dip_find_position(const dip_system *s, int actor, int issue) {
  int k[2];
  k[0] = actor;
  k[1] = issue;
  fresh(s, &s->position_ix, s->npositions, pos_hash);
  return dip_index_find(&s->position_ix, s, pos_hash_of(actor, issue),
                        pos_eq, k);
}

/* Grows an array so that it holds at least n + 1 elements. */
static int grow(void **arr, int *cap, int n, size_t elem) {
  int c;
  void *p;
  if (n < *cap) return 0;
  if (n >= 0x3fffffff) return -1;
  c = *cap ? *cap * 2 : 8;
  p = realloc(*arr, (size_t)c * elem);
  if (p == NULL) return -1;
  *arr = p;
  *cap = c;
  return 0;
}

/* Room for n + more elements in *arr (capacity *cap); best effort. */
static void reserve(void **arr, int *cap, int n, int more, size_t elem) {
  void *p;
  if (more <= 0 || more >= 0x3fffffff - n || n + more <= *cap) return;
  p = realloc(*arr, (size_t)(n + more) * elem);
  if (p == NULL) return;
  *arr = p;
  *cap = n + more;
}

void dip_system_reserve(dip_system *s, int actors, int ties, int positions) {
  reserve((void **)&s->actors, &s->capactors, s->nactors, actors,
          sizeof(dip_actor));
  reserve((void **)&s->ties, &s->capties, s->nties, ties, sizeof(dip_tie));
  reserve((void **)&s->positions, &s->cappositions, s->npositions,
          positions, sizeof(dip_position));
  if (actors > 0 && actors < 0x3fffffff - s->nactors) {
    fresh(s, &s->actor_ix, s->nactors, actor_hash);
    (void)dip_index_reserve(&s->actor_ix, s, s->nactors,
                            s->nactors + actors, actor_hash);
  }
  if (ties > 0 && ties < 0x3fffffff - s->nties) {
    fresh(s, &s->tie_ix, s->nties, tie_hash);
    (void)dip_index_reserve(&s->tie_ix, s, s->nties, s->nties + ties,
                            tie_hash);
  }
  if (positions > 0 && positions < 0x3fffffff - s->npositions) {
    fresh(s, &s->position_ix, s->npositions, pos_hash);
    (void)dip_index_reserve(&s->position_ix, s, s->npositions,
                            s->npositions + positions, pos_hash);
  }
}

/* }====== */

/* {====== System lifetime ====== */

static void layer_free(dip_layer *l) {
  free(l->id);
  free(l->name);
  free(l->description);
  dip_attrs_free(&l->attrs);
}

/* An actor's strings live in one block that starts with its id (see
** actor_copy): freeing the id frees them all. */
static void actor_free(dip_actor *a) {
  free(a->id);
  tags_free(&a->tags);
  dip_attrs_free(&a->attrs);
}

static void issue_free(dip_issue *i) {
  free(i->id);
  free(i->name);
  free(i->description);
  free(i->min_label);
  free(i->max_label);
  dip_attrs_free(&i->attrs);
}

void dip_system_free(dip_system *s) {
  int i;
  if (s == NULL) return;
  for (i = 0; i < s->nlayers; i++) layer_free(&s->layers[i]);
  for (i = 0; i < s->nactors; i++) actor_free(&s->actors[i]);
  for (i = 0; i < s->nties; i++) dip_attrs_free(&s->ties[i].attrs);
  for (i = 0; i < s->nissues; i++) issue_free(&s->issues[i]);
  for (i = 0; i < s->npositions; i++) dip_attrs_free(&s->positions[i].attrs);
  free(s->layers);
  free(s->actors);
  free(s->ties);
  free(s->issues);
  free(s->positions);
  dip_index_free(&s->layer_ix);
  dip_index_free(&s->actor_ix);
  dip_index_free(&s->issue_ix);
  dip_index_free(&s->tie_ix);
  dip_index_free(&s->position_ix);
  free(s->name);
  free(s->description);
  dip_attrs_free(&s->attrs);
  dip_views_free(s->views);
  free(s);
}

dip_system *dip_system_new(const char *name, const char *description,
                           const dip_attrs *attrs, dip_problems *pr) {
  dip_system *s;
  int ok = 1, bad = 0;
  bad += check_label(name, "name", pr);
  if (attrs) bad += dip_check_attrs(attrs, pr);
  if (bad) return NULL;
  s = calloc(1, sizeof *s);
  if (s == NULL) goto oom;
  s->name = dupopt(name, &ok);
  s->description = dupopt(description, &ok);
  if (!ok || (attrs && dip_attrs_copy(&s->attrs, attrs) != 0)) goto oom;
  return s;
oom:
  dip_system_free(s);
  pr->oom = 1;
  dip_problem(pr, NULL, "out of memory");
  return NULL;
}

static int layer_copy(dip_layer *d, const dip_layer *l) {
  int ok = 1;
  *d = *l;
  d->attrs.items = NULL;
  d->attrs.n = 0;
  d->id = dupopt(l->id, &ok);
  d->name = dupopt(l->name ? l->name : l->id, &ok);
  d->description = dupopt(l->description, &ok);
  d->directed = l->directed != 0;
  d->informal = l->informal != 0;
  d->self_ties = l->self_ties != 0;
  if (ok && dip_attrs_copy(&d->attrs, &l->attrs) == 0) return 0;
  layer_free(d);
  return -1;
}

/*
** Copies an actor, its eight strings packed in one allocation that
** starts with the id (one malloc and one free an actor, where clones of
** large systems would make eight): id, name (the id when absent), kind
** ("organisation" when absent), org, sector, profession, level, mandate.
*/
static int actor_copy(dip_actor *d, const dip_actor *a) {
  const char *src[8];
  char **dst[8];
  size_t len[8], total = 0;
  char *p;
  int k;
  memset(d, 0, sizeof *d);
  src[0] = a->id, dst[0] = &d->id;
  src[1] = a->name ? a->name : a->id, dst[1] = &d->name;
  src[2] = a->kind ? a->kind : "organisation", dst[2] = &d->kind;
  src[3] = a->org, dst[3] = &d->org;
  src[4] = a->sector, dst[4] = &d->sector;
  src[5] = a->profession, dst[5] = &d->profession;
  src[6] = a->level, dst[6] = &d->level;
  src[7] = a->mandate, dst[7] = &d->mandate;
  if (a->id == NULL) return -1; /* checked before: ids are never absent */
  for (k = 0; k < 8; k++) total += len[k] = src[k] ? strlen(src[k]) + 1 : 0;
  p = malloc(total);
  if (p == NULL) return -1;
  for (k = 0; k < 8; k++)
    if (src[k]) {
      memcpy(p, src[k], len[k]);
      *dst[k] = p;
      p += len[k];
    }
  d->capability = a->capability;
  if (tags_copy(&d->tags, &a->tags) == 0 &&
      dip_attrs_copy(&d->attrs, &a->attrs) == 0)
    return 0;
  actor_free(d);
  return -1;
}

static int issue_copy(dip_issue *d, const dip_issue *i) {
  int ok = 1;
  *d = *i;
  d->attrs.items = NULL;
  d->attrs.n = 0;
  d->id = dupopt(i->id, &ok);
  d->name = dupopt(i->name ? i->name : i->id, &ok);
  d->description = dupopt(i->description, &ok);
  d->min_label = dupopt(i->min_label, &ok);
  d->max_label = dupopt(i->max_label, &ok);
  d->has_status_quo = i->has_status_quo != 0;
  if (ok && dip_attrs_copy(&d->attrs, &i->attrs) == 0) return 0;
  issue_free(d);
  return -1;
}

/* Empties s for dip_system_reclone: frees what its items own, keeps its
** arrays and index slots. */
static void system_clear(dip_system *s) {
  int i;
  for (i = 0; i < s->nlayers; i++) layer_free(&s->layers[i]);
  for (i = 0; i < s->nactors; i++) actor_free(&s->actors[i]);
  for (i = 0; i < s->nties; i++) dip_attrs_free(&s->ties[i].attrs);
  for (i = 0; i < s->nissues; i++) issue_free(&s->issues[i]);
  for (i = 0; i < s->npositions; i++) dip_attrs_free(&s->positions[i].attrs);
  s->nlayers = s->nactors = s->nties = s->nissues = s->npositions = 0;
  free(s->name);
  free(s->description);
  s->name = s->description = NULL;
  dip_attrs_free(&s->attrs);
  dip_views_free(s->views);
  s->views = NULL;
}

/*
** Makes c, a system without items (its arrays kept for reuse, or none),
** a copy of s.  0, or -1 out of memory: c then holds the items copied so
** far, for dip_system_free.
*/
static int copy_into(dip_system *c, const dip_system *s) {
  int i, ok = 1;
  c->name = dupopt(s->name, &ok);
  c->description = dupopt(s->description, &ok);
  if (!ok || dip_attrs_copy(&c->attrs, &s->attrs) != 0) return -1;
#define ROOM(field, cap, n)                                               \
  if ((n) > c->cap) {                                                     \
    void *p = realloc(c->field, (size_t)(n) * sizeof *c->field);          \
    if (p == NULL) return -1;                                             \
    c->field = p;                                                         \
    c->cap = (n);                                                         \
  }
  ROOM(layers, caplayers, s->nlayers)
  ROOM(actors, capactors, s->nactors)
  ROOM(ties, capties, s->nties)
  ROOM(issues, capissues, s->nissues)
  ROOM(positions, cappositions, s->npositions)
#undef ROOM
  for (i = 0; i < s->nlayers; i++, c->nlayers++)
    if (layer_copy(&c->layers[i], &s->layers[i]) != 0) return -1;
  for (i = 0; i < s->nactors; i++, c->nactors++)
    if (actor_copy(&c->actors[i], &s->actors[i]) != 0) return -1;
  for (i = 0; i < s->nties; i++, c->nties++) {
    c->ties[i] = s->ties[i];
    if (dip_attrs_copy(&c->ties[i].attrs, &s->ties[i].attrs) != 0) return -1;
  }
  for (i = 0; i < s->nissues; i++, c->nissues++)
    if (issue_copy(&c->issues[i], &s->issues[i]) != 0) return -1;
  for (i = 0; i < s->npositions; i++, c->npositions++) {
    c->positions[i] = s->positions[i];
    if (dip_attrs_copy(&c->positions[i].attrs, &s->positions[i].attrs) != 0)
      return -1;
  }
  if (dip_index_copy(&c->layer_ix, &s->layer_ix) != 0 ||
      dip_index_copy(&c->actor_ix, &s->actor_ix) != 0 ||
      dip_index_copy(&c->issue_ix, &s->issue_ix) != 0 ||
      dip_index_copy(&c->tie_ix, &s->tie_ix) != 0 ||
      dip_index_copy(&c->position_ix, &s->position_ix) != 0)
    return -1;
  c->generation = 0;
  return 0;
}

dip_system *dip_system_reclone(dip_system *spare, const dip_system *s) {
  dip_system *c = spare;
  if (c != NULL)
    system_clear(c);
  else if ((c = calloc(1, sizeof *c)) == NULL)
    return NULL;
  if (copy_into(c, s) == 0) return c;
  /* the element that failed freed itself; counts cover the rest */
  dip_system_free(c);
  return NULL;
}

dip_system *dip_system_clone(const dip_system *s) {
  return dip_system_reclone(NULL, s);
}

static int oom(dip_problems *pr) {
  pr->oom = 1;
  dip_problem(pr, NULL, "out of memory");
  return -2;
}

/* }====== */

/* {====== Layers and actors ====== */

int dip_add_layer(dip_system *s, const dip_layer *spec, dip_problems *pr) {
  int bad = dip_check_id(spec->id, "id", pr);
  dip_layer l;
  if (!bad && dip_find_layer(s, spec->id) >= 0) {
    dip_problem(pr, "id", "duplicate layer id '%s'", spec->id);
    bad++;
  }
  bad += check_label(spec->name, "name", pr);
  bad += dip_check_attrs(&spec->attrs, pr);
  if (bad) return -1;
  if (s->nlayers >= 0xffff) {
    dip_problem(pr, "id", "too many layers (limit 65535)");
    return -1;
  }
  if (grow((void **)&s->layers, &s->caplayers, s->nlayers, sizeof(dip_layer)))
    return oom(pr);
  fresh(s, &s->layer_ix, s->nlayers, layer_hash);
  if (dip_index_grow(&s->layer_ix, s, s->nlayers, layer_hash)) return oom(pr);
  if (layer_copy(&l, spec) != 0) return oom(pr);
  s->layers[s->nlayers] = l;
  dip_index_insert(&s->layer_ix, layer_hash(s, s->nlayers), s->nlayers);
  s->nlayers++;
  s->generation++;
  return 0;
}

/* Checks an actor; self is its own position when replacing, else -1. */
static int check_actor(const dip_system *s, const dip_actor *a, int self,
                       dip_problems *pr) {
  int bad = dip_check_id(a->id, "id", pr);
  if (!bad) {
    int other = dip_find_actor(s, a->id);
    if (other >= 0 && other != self) {
      dip_problem(pr, "id", "duplicate actor id '%s'", a->id);
      bad++;
    }
  }
  bad += check_label(a->name, "name", pr);
  bad += check_enum(a->kind, KINDS, "kind", pr);
  bad += check_label(a->org, "org", pr);
  bad += check_label(a->sector, "sector", pr);
  bad += check_label(a->profession, "profession", pr);
  bad += check_enum(a->level, LEVELS, "level", pr);
  bad += check_enum(a->mandate, MANDATES, "mandate", pr);
  if (check_finite(a->capability, "capability", pr))
    bad++;
  else if (a->capability < 0) {
    dip_problem(pr, "capability", "must not be negative (got %s)",
                DIP_NUM(a->capability));
    bad++;
  }
  bad += check_tags(&a->tags, pr);
  bad += dip_check_attrs(&a->attrs, pr);
  return bad;
}

int dip_add_actor(dip_system *s, const dip_actor *spec, dip_problems *pr) {
  dip_actor a;
  if (check_actor(s, spec, -1, pr)) return pr->oom ? -2 : -1;
  if (s->nactors >= 0x3fffffff) {
    dip_problem(pr, "id", "too many actors");
    return -1;
  }
  if (grow((void **)&s->actors, &s->capactors, s->nactors, sizeof(dip_actor)))
    return oom(pr);
  fresh(s, &s->actor_ix, s->nactors, actor_hash);
  if (dip_index_grow(&s->actor_ix, s, s->nactors, actor_hash)) return oom(pr);
  if (actor_copy(&a, spec) != 0) return oom(pr);
  s->actors[s->nactors] = a;
  dip_index_insert(&s->actor_ix, actor_hash(s, s->nactors), s->nactors);
  s->nactors++;
  s->generation++;
  return 0;
}

int dip_replace_actor(dip_system *s, int i, const dip_actor *spec,
                      dip_problems *pr) {
  dip_actor a;
  if (spec->id == NULL || strcmp(spec->id, s->actors[i].id) != 0) {
    dip_problem(pr, "id", "an actor's id cannot change ('%s' to '%s')",
                s->actors[i].id, spec->id ? spec->id : "(none)");
    return -1;
  }
  if (check_actor(s, spec, i, pr)) return pr->oom ? -2 : -1;
  if (actor_copy(&a, spec) != 0) return oom(pr);
  actor_free(&s->actors[i]);
  s->actors[i] = a; /* same id: the index stays valid */
  s->generation++;
  return 0;
}

void dip_remove_actor(dip_system *s, int actor) {
  int i, k;
  actor_free(&s->actors[actor]);
  memmove(&s->actors[actor], &s->actors[actor + 1],
          (size_t)(s->nactors - actor - 1) * sizeof(dip_actor));
  s->nactors--;
  for (i = 0, k = 0; i < s->nties; i++) {
    dip_tie t = s->ties[i];
    if (t.from == actor || t.to == actor) {
      dip_attrs_free(&t.attrs);
      continue;
    }
    if (t.from > actor) t.from--;
    if (t.to > actor) t.to--;
    s->ties[k++] = t;
  }
  s->nties = k;
  for (i = 0, k = 0; i < s->npositions; i++) {
    dip_position p = s->positions[i];
    if (p.actor == actor) {
      dip_attrs_free(&p.attrs);
      continue;
    }
    if (p.actor > actor) p.actor--;
    s->positions[k++] = p;
  }
  s->npositions = k;
  dip_index_invalidate(&s->actor_ix);
  dip_index_invalidate(&s->tie_ix);
  dip_index_invalidate(&s->position_ix);
  s->generation++;
}

/* }====== */

/* {====== Ties ====== */

static int check_weight(double w, dip_problems *pr) {
  if (check_finite(w, "weight", pr)) return 1;
  if (w <= 0) {
    dip_problem(pr, "weight", "must be greater than 0 (got %s)", DIP_NUM(w));
    return 1;
  }
  return 0;
}

int dip_add_tie(dip_system *s, const dip_tie_spec *spec, int replace,
                dip_problems *pr) {
  int bad = 0, a = -1, b = -1, l = -1, existing = -1;
  dip_tie t;
  if (dip_check_id(spec->from, "from", pr))
    bad++;
  else if ((a = dip_find_actor(s, spec->from)) < 0) {
    dip_problem(pr, "from", "unknown actor '%s'", spec->from);
    bad++;
  }
  if (dip_check_id(spec->to, "to", pr))
    bad++;
  else if ((b = dip_find_actor(s, spec->to)) < 0) {
    dip_problem(pr, "to", "unknown actor '%s'", spec->to);
    bad++;
  }
  if (dip_check_id(spec->layer, "layer", pr))
    bad++;
  else if ((l = dip_find_layer(s, spec->layer)) < 0) {
    dip_problem(pr, "layer", "unknown layer '%s'", spec->layer);
    bad++;
  }
  bad += check_weight(spec->weight, pr);
  bad += dip_check_attrs(&spec->attrs, pr);
  if (a >= 0 && b >= 0 && l >= 0) {
    if (a == b && !s->layers[l].self_ties) {
      dip_problem(pr, "to",
                  "self-tie on '%s' in layer '%s' (the layer does not allow "
                  "self-ties: add it with self_ties = true)",
                  spec->from, spec->layer);
      bad++;
    }
    existing = dip_find_tie(s, a, b, l);
    if (existing >= 0 && !replace) {
      dip_problem(pr, "to",
                  "tie from '%s' to '%s' in layer '%s' already exists%s",
                  spec->from, spec->to, spec->layer,
                  pr->from_file ? " (one tie per pair and layer)"
                                : " (change its weight with set_tie, or add "
                                  "with replace = true)");
      bad++;
    }
  }
  if (bad) return -1;
  t.from = a;
  t.to = b;
  t.layer = l;
  t.weight = spec->weight;
  if (existing >= 0) { /* replace weight and attrs; ends stay as stored */
    if (dip_attrs_copy(&t.attrs, &spec->attrs) != 0) return oom(pr);
    dip_attrs_free(&s->ties[existing].attrs);
    s->ties[existing].attrs = t.attrs;
    s->ties[existing].weight = t.weight;
    s->generation++;
    return 0;
  }
  if (grow((void **)&s->ties, &s->capties, s->nties, sizeof(dip_tie)))
    return oom(pr);
  fresh(s, &s->tie_ix, s->nties, tie_hash);
  if (dip_index_grow(&s->tie_ix, s, s->nties, tie_hash)) return oom(pr);
  if (dip_attrs_copy(&t.attrs, &spec->attrs) != 0) return oom(pr);
  s->ties[s->nties] = t;
  dip_index_insert(&s->tie_ix, tie_hash(s, s->nties), s->nties);
  s->nties++;
  s->generation++;
  return 0;
}

int dip_set_tie_weight(dip_system *s, int tie, double weight,
                       dip_problems *pr) {
  if (check_weight(weight, pr)) return -1;
  s->ties[tie].weight = weight;
  s->generation++;
  return 0;
}

void dip_reindex_ties(dip_system *s) {
  dip_index_invalidate(&s->tie_ix);
  s->generation++;
}

void dip_remove_tie(dip_system *s, int tie) {
  dip_attrs_free(&s->ties[tie].attrs);
  memmove(&s->ties[tie], &s->ties[tie + 1],
          (size_t)(s->nties - tie - 1) * sizeof(dip_tie));
  s->nties--;
  dip_index_invalidate(&s->tie_ix);
  s->generation++;
}

/* }====== */

/* {====== Issues and positions ====== */

int dip_add_issue(dip_system *s, const dip_issue *spec, dip_problems *pr) {
  int bad = dip_check_id(spec->id, "id", pr), scale_ok = 1;
  dip_issue is;
  if (!bad && dip_find_issue(s, spec->id) >= 0) {
    dip_problem(pr, "id", "duplicate issue id '%s'", spec->id);
    bad++;
  }
  bad += check_label(spec->name, "name", pr);
  if (check_finite(spec->min, "min", pr)) bad++, scale_ok = 0;
  if (check_finite(spec->max, "max", pr)) bad++, scale_ok = 0;
  if (scale_ok && !(spec->min < spec->max)) {
    dip_problem(pr, "max", "scale maximum %s must be above minimum %s",
                DIP_NUM(spec->max), DIP_NUM(spec->min));
    bad++;
    scale_ok = 0;
  }
  if (spec->has_status_quo) {
    if (check_finite(spec->status_quo, "status_quo", pr))
      bad++;
    else if (scale_ok && (spec->status_quo < spec->min ||
                          spec->status_quo > spec->max)) {
      dip_problem(pr, "status_quo", "%s is outside the scale %s..%s",
                  DIP_NUM(spec->status_quo), DIP_NUM(spec->min),
                  DIP_NUM(spec->max));
      bad++;
    }
  }
  bad += dip_check_attrs(&spec->attrs, pr);
  if (bad) return -1;
  if (grow((void **)&s->issues, &s->capissues, s->nissues, sizeof(dip_issue)))
    return oom(pr);
  fresh(s, &s->issue_ix, s->nissues, issue_hash);
  if (dip_index_grow(&s->issue_ix, s, s->nissues, issue_hash)) return oom(pr);
  if (issue_copy(&is, spec) != 0) return oom(pr);
  s->issues[s->nissues] = is;
  dip_index_insert(&s->issue_ix, issue_hash(s, s->nissues), s->nissues);
  s->nissues++;
  s->generation++;
  return 0;
}

int dip_set_position(dip_system *s, const dip_position_spec *spec,
                     dip_problems *pr) {
  int bad = 0, a = -1, i = -1, existing;
  dip_position p;
  if (dip_check_id(spec->actor, "actor", pr))
    bad++;
  else if ((a = dip_find_actor(s, spec->actor)) < 0) {
    dip_problem(pr, "actor", "unknown actor '%s'", spec->actor);
    bad++;
  }
  if (dip_check_id(spec->issue, "issue", pr))
    bad++;
  else if ((i = dip_find_issue(s, spec->issue)) < 0) {
    dip_problem(pr, "issue", "unknown issue '%s'", spec->issue);
    bad++;
  }
  if (check_finite(spec->position, "position", pr))
    bad++;
  else if (i >= 0 && (spec->position < s->issues[i].min ||
                      spec->position > s->issues[i].max)) {
    dip_problem(pr, "position", "%s is outside issue '%s' scale %s..%s",
                DIP_NUM(spec->position), spec->issue,
                DIP_NUM(s->issues[i].min), DIP_NUM(s->issues[i].max));
    bad++;
  }
  if (check_finite(spec->salience, "salience", pr))
    bad++;
  else if (spec->salience < 0 || spec->salience > 1) {
    dip_problem(pr, "salience", "%s is outside 0..1",
                DIP_NUM(spec->salience));
    bad++;
  }
  bad += dip_check_attrs(&spec->attrs, pr);
  if (bad) return -1;
  p.actor = a;
  p.issue = i;
  p.position = spec->position;
  p.salience = spec->salience;
  existing = dip_find_position(s, a, i);
  if (existing >= 0) {
    if (dip_attrs_copy(&p.attrs, &spec->attrs) != 0) return oom(pr);
    dip_attrs_free(&s->positions[existing].attrs);
    s->positions[existing] = p;
    s->generation++;
    return 0;
  }
  if (grow((void **)&s->positions, &s->cappositions, s->npositions,
           sizeof(dip_position)))
    return oom(pr);
  fresh(s, &s->position_ix, s->npositions, pos_hash);
  if (dip_index_grow(&s->position_ix, s, s->npositions, pos_hash))
    return oom(pr);
  if (dip_attrs_copy(&p.attrs, &spec->attrs) != 0) return oom(pr);
  s->positions[s->npositions] = p;
  dip_index_insert(&s->position_ix, pos_hash(s, s->npositions),
                   s->npositions);
  s->npositions++;
  s->generation++;
  return 0;
}

void dip_remove_position(dip_system *s, int position) {
  dip_attrs_free(&s->positions[position].attrs);
  memmove(&s->positions[position], &s->positions[position + 1],
          (size_t)(s->npositions - position - 1) * sizeof(dip_position));
  s->npositions--;
  dip_index_invalidate(&s->position_ix);
  s->generation++;
}

/* }====== */

/* {====== Invariants ====== */

int dip_system_check(const dip_system *s, dip_problems *pr) {
  int i, before = pr->count;
  for (i = 0; i < s->nlayers; i++)
    if (dip_find_layer(s, s->layers[i].id) != i)
      dip_problem(pr, NULL, "layer '%s' is duplicated or not indexed",
                  s->layers[i].id);
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    if (dip_find_actor(s, a->id) != i)
      dip_problem(pr, NULL, "actor '%s' is duplicated or not indexed", a->id);
    if (!(a->capability >= 0) || isinf(a->capability))
      dip_problem(pr, NULL, "actor '%s' has capability %s", a->id,
                  DIP_NUM(a->capability));
  }
  for (i = 0; i < s->nissues; i++)
    if (dip_find_issue(s, s->issues[i].id) != i)
      dip_problem(pr, NULL, "issue '%s' is duplicated or not indexed",
                  s->issues[i].id);
  for (i = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    if (t->from < 0 || t->from >= s->nactors || t->to < 0 ||
        t->to >= s->nactors || t->layer < 0 || t->layer >= s->nlayers) {
      dip_problem(pr, NULL, "tie %d references a missing actor or layer",
                  i + 1);
      continue;
    }
    if (dip_find_tie(s, t->from, t->to, t->layer) != i)
      dip_problem(pr, NULL, "tie %d is duplicated or not indexed", i + 1);
    if (!(t->weight > 0) || isinf(t->weight))
      dip_problem(pr, NULL, "tie %d has weight %s", i + 1,
                  DIP_NUM(t->weight));
    if (t->from == t->to && !s->layers[t->layer].self_ties)
      dip_problem(pr, NULL, "tie %d is a self-tie in layer '%s'", i + 1,
                  s->layers[t->layer].id);
  }
  for (i = 0; i < s->npositions; i++) {
    const dip_position *p = &s->positions[i];
    const dip_issue *is;
    if (p->actor < 0 || p->actor >= s->nactors || p->issue < 0 ||
        p->issue >= s->nissues) {
      dip_problem(pr, NULL, "position %d references a missing actor or issue",
                  i + 1);
      continue;
    }
    is = &s->issues[p->issue];
    if (dip_find_position(s, p->actor, p->issue) != i)
      dip_problem(pr, NULL, "position %d is duplicated or not indexed", i + 1);
    if (!(p->position >= is->min && p->position <= is->max))
      dip_problem(pr, NULL, "position %d is off the scale of '%s'", i + 1,
                  is->id);
    if (!(p->salience >= 0 && p->salience <= 1))
      dip_problem(pr, NULL, "position %d has salience %s", i + 1,
                  DIP_NUM(p->salience));
  }
  return pr->count - before;
}

/* }====== */

/*
** json.c — reading the diplomat/1 file format with cJSON (writing it:
** jsonwrite.c).
**
** Reading checks everything and names each problem by its JSON path
** ("$.ties[3].to: unknown actor 'icb_x'"); the model's own checks
** (system.c) do the rule checking, this file only maps JSON to specs.
** cJSON does all the parsing.  What is written by hand here is what no
** JSON library does for us: the strict checks cJSON leaves out
** (strict_scan), and building the system from the tree in one walk per
** item, in batches, freeing the tree as it goes ("Building from clean
** items").  Time: O(length of the text) plus the mutations.
** No Lua calls here.
*/
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diplomat.h"

/* {====== Reading helpers ====== */

/* Checks an object's keys against `allowed` (NULL-terminated): reports
** unknown and repeated keys.  At most 32 allowed keys. */
static void check_keys(const cJSON *obj, const char *const *allowed,
                       dip_problems *pr) {
  unsigned long seen = 0;
  const cJSON *c;
  for (c = obj->child; c; c = c->next) {
    int k;
    const char *name = c->string ? c->string : "";
    for (k = 0; allowed[k]; k++)
      if (strcmp(name, allowed[k]) == 0) break;
    if (allowed[k] == NULL)
      dip_problem(pr, name, "unknown field");
    else if (seen & (1UL << k))
      dip_problem(pr, name, "field given twice");
    else
      seen |= 1UL << k;
  }
}

static const char *jtype(const cJSON *v) {
  if (cJSON_IsNull(v)) return "null";
  if (cJSON_IsBool(v)) return "a boolean";
  if (cJSON_IsNumber(v)) return "a number";
  if (cJSON_IsString(v)) return "a string";
  if (cJSON_IsArray(v)) return "an array";
  return "an object";
}

/* Optional string field: *out stays as it was when absent. */
static int get_string(const cJSON *obj, const char *key, const char **out,
                      dip_problems *pr) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (v == NULL) return 0;
  if (!cJSON_IsString(v)) {
    dip_problem(pr, key, "must be a string, not %s", jtype(v));
    return 1;
  }
  *out = v->valuestring;
  return 0;
}

static int get_number(const cJSON *obj, const char *key, double *out,
                      int *present, dip_problems *pr) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (present) *present = 0;
  if (v == NULL) return 0;
  if (!cJSON_IsNumber(v)) {
    dip_problem(pr, key, "must be a number, not %s", jtype(v));
    return 1;
  }
  *out = v->valuedouble; /* valueint caps at INT_MAX: never use it */
  if (present) *present = 1;
  return 0;
}

static int get_bool(const cJSON *obj, const char *key, int *out,
                    dip_problems *pr) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (v == NULL) return 0;
  if (!cJSON_IsBool(v)) {
    dip_problem(pr, key, "must be true or false, not %s", jtype(v));
    return 1;
  }
  *out = cJSON_IsTrue(v);
  return 0;
}

/*
** Reads "attrs" into a malloc'd array whose strings are borrowed from the
** cJSON tree; the caller frees out->items (only the array).  Returns the
** number of problems; -1 when memory ran out.
*/
static int get_attrs(const cJSON *obj, dip_attrs *out, dip_problems *pr) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "attrs"), *c;
  int n = 0, bad = 0;
  out->items = NULL;
  out->n = 0;
  if (v == NULL) return 0;
  if (!cJSON_IsObject(v)) {
    dip_problem(pr, "attrs", "must be an object, not %s", jtype(v));
    return 1;
  }
  for (c = v->child; c; c = c->next) n++;
  if (n == 0) return 0;
  out->items = calloc((size_t)n, sizeof(dip_attr));
  if (out->items == NULL) return -1;
  for (c = v->child; c; c = c->next) {
    dip_attr *a = &out->items[out->n];
    char field[80];
    a->key = c->string ? c->string : (char *)"";
    snprintf(field, sizeof field, "attrs.%.60s", a->key);
    if (cJSON_IsString(c)) {
      a->type = DIP_STR;
      a->u.s = c->valuestring;
    } else if (cJSON_IsBool(c)) {
      a->type = DIP_BOOL;
      a->u.b = cJSON_IsTrue(c);
    } else if (cJSON_IsNumber(c)) {
      double x = c->valuedouble;
      if (x == floor(x) && fabs(x) <= (double)DIP_MAX_EXACT_INT) {
        a->type = DIP_INT;
        a->u.i = (long long)x;
      } else {
        a->type = DIP_NUM;
        a->u.n = x;
      }
    } else {
      dip_problem(pr, field, "must be a string, number or boolean, not %s",
                  jtype(c));
      bad++;
      continue;
    }
    out->n++;
  }
  dip_attrs_sort(out);
  return bad;
}

/* Reads "tags" as borrowed strings into a malloc'd array. */
static int get_tags(const cJSON *obj, dip_tags *out, dip_problems *pr) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "tags"), *c;
  int n = 0, i = 0;
  out->items = NULL;
  out->n = 0;
  if (v == NULL) return 0;
  if (!cJSON_IsArray(v)) {
    dip_problem(pr, "tags", "must be an array of strings, not %s", jtype(v));
    return 1;
  }
  for (c = v->child; c; c = c->next) {
    if (!cJSON_IsString(c)) {
      dip_problem(pr, "tags", "tag %d must be a string, not %s", n + 1,
                  jtype(c));
      return 1;
    }
    n++;
  }
  if (n == 0) return 0;
  out->items = calloc((size_t)n, sizeof(char *));
  if (out->items == NULL) return -1;
  for (c = v->child; c; c = c->next) out->items[i++] = c->valuestring;
  out->n = n;
  return 0;
}

/* }====== */

/* {====== Reading the sections ====== */

static const char *const TOP_KEYS[] = {"format", "name",   "description",
                                       "attrs",  "layers", "actors",
                                       "ties",   "issues", "positions",
                                       NULL};
static const char *const LAYER_KEYS[] = {"id",       "name",      "description",
                                         "directed", "informal",  "self_ties",
                                         "attrs",    NULL};
static const char *const ACTOR_KEYS[] = {
    "id",    "name",    "kind",       "org",  "sector", "profession",
    "level", "mandate", "capability", "tags", "attrs",  NULL};
static const char *const TIE_KEYS[] = {"from",   "to",    "layer",
                                       "weight", "attrs", NULL};
static const char *const ISSUE_KEYS[] = {
    "id",  "name",       "description", "min",       "max",
    "status_quo", "min_label", "max_label", "attrs", NULL};
static const char *const POSITION_KEYS[] = {"actor",    "issue", "position",
                                            "salience", "attrs", NULL};

typedef enum { S_LAYERS, S_ACTORS, S_TIES, S_ISSUES, S_POSITIONS } section;

/*
** Reads one item of a section and adds it to s.  Problems with the JSON
** shape are reported here; the rules of the model are checked by the
** dip_add_* call.  Returns -1 when memory ran out.
*/
static int read_item(dip_system *s, section sec, const cJSON *o,
                     dip_problems *pr) {
  int bad = 0, rc = 0, r;
  dip_attrs attrs = {NULL, 0};
  dip_tags tags = {NULL, 0};
  r = get_attrs(o, &attrs, pr);
  if (r < 0) return -1;
  bad += r;
  switch (sec) {
  case S_LAYERS: {
    dip_layer l;
    memset(&l, 0, sizeof l);
    check_keys(o, LAYER_KEYS, pr);
    bad += get_string(o, "id", (const char **)&l.id, pr);
    bad += get_string(o, "name", (const char **)&l.name, pr);
    bad += get_string(o, "description", (const char **)&l.description, pr);
    bad += get_bool(o, "directed", &l.directed, pr);
    bad += get_bool(o, "informal", &l.informal, pr);
    bad += get_bool(o, "self_ties", &l.self_ties, pr);
    l.attrs = attrs;
    if (!bad) rc = dip_add_layer(s, &l, pr);
    break;
  }
  case S_ACTORS: {
    dip_actor a;
    memset(&a, 0, sizeof a);
    a.capability = 1;
    check_keys(o, ACTOR_KEYS, pr);
    bad += get_string(o, "id", (const char **)&a.id, pr);
    bad += get_string(o, "name", (const char **)&a.name, pr);
    bad += get_string(o, "kind", (const char **)&a.kind, pr);
    bad += get_string(o, "org", (const char **)&a.org, pr);
    bad += get_string(o, "sector", (const char **)&a.sector, pr);
    bad += get_string(o, "profession", (const char **)&a.profession, pr);
    bad += get_string(o, "level", (const char **)&a.level, pr);
    bad += get_string(o, "mandate", (const char **)&a.mandate, pr);
    bad += get_number(o, "capability", &a.capability, NULL, pr);
    r = get_tags(o, &tags, pr);
    if (r < 0) {
      rc = -2;
      break;
    }
    bad += r;
    a.tags = tags;
    a.attrs = attrs;
    if (!bad) rc = dip_add_actor(s, &a, pr);
    break;
  }
  case S_TIES: {
    dip_tie_spec t;
    memset(&t, 0, sizeof t);
    t.weight = 1;
    check_keys(o, TIE_KEYS, pr);
    bad += get_string(o, "from", &t.from, pr);
    bad += get_string(o, "to", &t.to, pr);
    bad += get_string(o, "layer", &t.layer, pr);
    bad += get_number(o, "weight", &t.weight, NULL, pr);
    t.attrs = attrs;
    if (!bad) rc = dip_add_tie(s, &t, 0, pr);
    break;
  }
  case S_ISSUES: {
    dip_issue is;
    memset(&is, 0, sizeof is);
    is.min = 0;
    is.max = 100;
    check_keys(o, ISSUE_KEYS, pr);
    bad += get_string(o, "id", (const char **)&is.id, pr);
    bad += get_string(o, "name", (const char **)&is.name, pr);
    bad += get_string(o, "description", (const char **)&is.description, pr);
    bad += get_string(o, "min_label", (const char **)&is.min_label, pr);
    bad += get_string(o, "max_label", (const char **)&is.max_label, pr);
    bad += get_number(o, "min", &is.min, NULL, pr);
    bad += get_number(o, "max", &is.max, NULL, pr);
    bad += get_number(o, "status_quo", &is.status_quo, &is.has_status_quo,
                      pr);
    is.attrs = attrs;
    if (!bad) rc = dip_add_issue(s, &is, pr);
    break;
  }
  case S_POSITIONS: {
    dip_position_spec p;
    int has_pos = 0;
    memset(&p, 0, sizeof p);
    p.salience = 1;
    check_keys(o, POSITION_KEYS, pr);
    bad += get_string(o, "actor", &p.actor, pr);
    bad += get_string(o, "issue", &p.issue, pr);
    bad += get_number(o, "position", &p.position, &has_pos, pr);
    bad += get_number(o, "salience", &p.salience, NULL, pr);
    if (!has_pos && !bad) {
      dip_problem(pr, "position", "missing");
      bad++;
    }
    /* a second position for the same pair is an error in a file */
    if (!bad && p.actor && p.issue) {
      int a = dip_find_actor(s, p.actor), i = dip_find_issue(s, p.issue);
      if (a >= 0 && i >= 0 && dip_find_position(s, a, i) >= 0) {
        dip_problem(pr, "issue",
                    "actor '%s' already has a position on issue '%s'",
                    p.actor, p.issue);
        bad++;
      }
    }
    p.attrs = attrs;
    if (!bad) rc = dip_set_position(s, &p, pr);
    break;
  }
  }
  free(attrs.items);
  free(tags.items);
  return rc == -2 ? -1 : 0;
}

/* {====== Building from clean items ====== */

/*
** Most items of a large map are clean: known fields, each once, each of
** its type.  For those, one walk over the item's fields finds every
** value (scan), and the item goes straight to the system; any other item
** takes read_item above, which names each problem.  Both hand the same
** spec to the same dip_add_* call, so a map builds the same system and
** gives the same messages either way.
**
** Ties and positions, most of a large map, look actors up in indexes far
** bigger than the cache: each lookup waits on memory for the index slot,
** the actor and its id.  Clean ones are therefore added in batches: the
** batch's slots, actors and ids are fetched stage by stage so that the
** waits overlap, then the items are added one by one in file order,
** exactly as without the batch.  An item that is not clean first adds
** the batch before it, so problems come in file order.
*/

enum { F_STR, F_NUM, F_BOOL, F_ATTRS, F_TAGS };

static const unsigned char LAYER_TYPES[] = {F_STR,  F_STR,  F_STR,  F_BOOL,
                                            F_BOOL, F_BOOL, F_ATTRS};
static const unsigned char ACTOR_TYPES[] = {
    F_STR, F_STR, F_STR, F_STR, F_STR, F_STR,
    F_STR, F_STR, F_NUM, F_TAGS, F_ATTRS};
static const unsigned char TIE_TYPES[] = {F_STR, F_STR, F_STR, F_NUM,
                                          F_ATTRS};
static const unsigned char ISSUE_TYPES[] = {F_STR, F_STR, F_STR,
                                            F_NUM, F_NUM, F_NUM,
                                            F_STR, F_STR, F_ATTRS};
static const unsigned char POSITION_TYPES[] = {F_STR, F_STR, F_NUM, F_NUM,
                                               F_ATTRS};

/* Whether v is of type t, in full: an attrs object of strings, numbers
** and booleans; a tags array of strings. */
static int has_type(const cJSON *v, int t) {
  const cJSON *c;
  switch (t) {
  case F_STR: return cJSON_IsString(v);
  case F_NUM: return cJSON_IsNumber(v);
  case F_BOOL: return cJSON_IsBool(v);
  case F_ATTRS:
    if (!cJSON_IsObject(v)) return 0;
    for (c = v->child; c; c = c->next)
      if (!(c->type & (cJSON_String | cJSON_Number | cJSON_True |
                       cJSON_False)) || c->string == NULL)
        return 0;
    return 1;
  default:
    if (!cJSON_IsArray(v)) return 0;
    for (c = v->child; c; c = c->next)
      if (!cJSON_IsString(c)) return 0;
    return 1;
  }
}

/*
** One walk over o's fields: f[k] is the value of keys[k] (NULL when
** absent).  Returns 0 when o is not clean (a field unknown, repeated or
** of the wrong type).  Fields usually come in the order of keys, so the
** search for each starts after the previous one's.  O(fields).
*/
static int scan(const cJSON *o, const char *const *keys,
                const unsigned char *types, int nkeys, const cJSON **f) {
  const cJSON *c;
  int k, next = 0, tries;
  for (k = 0; k < nkeys; k++) f[k] = NULL;
  for (c = o->child; c; c = c->next) {
    if (c->string == NULL) return 0;
    for (k = next, tries = 0; tries < nkeys; tries++, k = k + 1 < nkeys ?
                                                         k + 1 : 0)
      if (c->string[0] == keys[k][0] && strcmp(c->string, keys[k]) == 0)
        break;
    if (tries == nkeys || f[k] != NULL || !has_type(c, types[k])) return 0;
    f[k] = c;
    next = k + 1 < nkeys ? k + 1 : 0;
  }
  return 1;
}

/* A growing array of attributes shared by the items of a batch (its
** strings borrowed from the cJSON tree). */
typedef struct pool {
  dip_attr *items;
  int n, cap;
} pool;

/* Appends the attrs object v (clean) to the pool, as get_attrs reads
** it; *first: where they start.  -1 when memory ran out. */
static int pool_attrs(pool *p, const cJSON *v, int *first) {
  const cJSON *c;
  dip_attrs a;
  *first = p->n;
  if (v == NULL) return 0;
  for (c = v->child; c; c = c->next) {
    dip_attr *t;
    if (p->n == p->cap) {
      int cap = p->cap ? 2 * p->cap : 64;
      dip_attr *items = realloc(p->items, (size_t)cap * sizeof *items);
      if (items == NULL) return -1;
      p->items = items;
      p->cap = cap;
    }
    t = &p->items[p->n++];
    t->key = c->string;
    if (cJSON_IsString(c)) {
      t->type = DIP_STR;
      t->u.s = c->valuestring;
    } else if (cJSON_IsBool(c)) {
      t->type = DIP_BOOL;
      t->u.b = cJSON_IsTrue(c);
    } else {
      double x = c->valuedouble;
      if (x == floor(x) && fabs(x) <= (double)DIP_MAX_EXACT_INT) {
        t->type = DIP_INT;
        t->u.i = (long long)x;
      } else {
        t->type = DIP_NUM;
        t->u.n = x;
      }
    }
  }
  if (p->n == *first) return 0; /* an empty object */
  a.items = p->items + *first;
  a.n = p->n - *first;
  dip_attrs_sort(&a);
  return 0;
}

/* "$.<name>[<i>]" into buf (as read_section's snprintf, without it). */
static void item_prefix(char *buf, const char *name, int i) {
  char digits[12];
  int n = 0;
  size_t len = strlen(name);
  memcpy(buf, "$.", 2);
  memcpy(buf + 2, name, len);
  buf += 2 + len;
  *buf++ = '[';
  do
    digits[n++] = (char)('0' + i % 10);
  while ((i /= 10) > 0);
  while (n > 0) *buf++ = digits[--n];
  *buf++ = ']';
  *buf = '\0';
}

#define BATCH 16

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* A clean tie or position waiting in a batch. */
typedef struct pending {
  int item;          /* its index in the section */
  const char *a, *b; /* tie: from, to; position: actor, issue */
  const char *c;     /* tie: layer */
  double x, y;       /* tie: weight; position: position, salience */
  int attr0, nattrs; /* its attrs in the pool */
  uint64_t ha, hb;   /* hashes of a and b */
  int ia, ib, ic;    /* likely indexes of a and b (-1: none); c's index */
} pending;

typedef struct builder {
  dip_system *s;
  dip_problems *pr;
  section sec;
  const char *name; /* the section's */
  char prefix[64];
  pending batch[BATCH];
  int n;
  pool attrs;
} builder;

/* Adds a batched item, as read_item would.  -1: out of memory. */
static int add_pending(builder *b, const pending *p) {
  dip_system *s = b->s;
  dip_problems *pr = b->pr;
  dip_attrs at;
  int rc;
  at.items = p->nattrs > 0 ? b->attrs.items + p->attr0 : NULL;
  at.n = p->nattrs;
  item_prefix(b->prefix, b->name, p->item);
  pr->prefix = b->prefix;
  if (b->sec == S_TIES) {
    dip_tie_spec t;
    t.from = p->a;
    t.to = p->b;
    t.layer = p->c;
    t.weight = p->x;
    t.attrs = at;
    rc = dip_add_tie(s, &t, 0, pr);
  } else {
    dip_position_spec q;
    int a = dip_find_actor(s, p->a), i = dip_find_issue(s, p->b);
    /* a second position for the same pair is an error in a file */
    if (a >= 0 && i >= 0 && dip_find_position(s, a, i) >= 0) {
      dip_problem(pr, "issue",
                  "actor '%s' already has a position on issue '%s'", p->a,
                  p->b);
      return 0;
    }
    q.actor = p->a;
    q.issue = p->b;
    q.position = p->x;
    q.salience = p->y;
    q.attrs = at;
    rc = dip_set_position(s, &q, pr);
  }
  return rc == -2 ? -1 : 0;
}

/* Fetches what the batch will look up, stage by stage, then adds it in
** order.  -1: out of memory. */
static int flush(builder *b) {
  dip_system *s = b->s;
  pending *p = b->batch;
  int k, n = b->n, ties = b->sec == S_TIES;
  b->n = 0;
  for (k = 0; k < n; k++) { /* the actor index slots */
    p[k].ha = dip_hash_str(p[k].a);
    dip_index_prefetch(&s->actor_ix, p[k].ha);
    if (ties) {
      p[k].hb = dip_hash_str(p[k].b);
      dip_index_prefetch(&s->actor_ix, p[k].hb);
    }
  }
  for (k = 0; k < n; k++) { /* the actors (a peek is only a guess) */
    p[k].ia = dip_index_peek(&s->actor_ix, p[k].ha);
    if (p[k].ia >= s->nactors) p[k].ia = -1;
    if (p[k].ia >= 0) PREFETCH(&s->actors[p[k].ia]);
    p[k].ib = -1;
    if (ties) {
      p[k].ib = dip_index_peek(&s->actor_ix, p[k].hb);
      if (p[k].ib >= s->nactors) p[k].ib = -1;
      if (p[k].ib >= 0) PREFETCH(&s->actors[p[k].ib]);
    }
  }
  for (k = 0; k < n; k++) { /* their ids, and the new item's slot */
    if (p[k].ia >= 0) PREFETCH(s->actors[p[k].ia].id);
    if (p[k].ib >= 0) PREFETCH(s->actors[p[k].ib].id);
    if (ties) {
      p[k].ic = dip_find_layer(s, p[k].c);
      if (p[k].ia >= 0 && p[k].ib >= 0 && p[k].ic >= 0)
        dip_prefetch_tie(s, p[k].ia, p[k].ib, p[k].ic);
    } else {
      p[k].ic = dip_find_issue(s, p[k].b);
      if (p[k].ia >= 0 && p[k].ic >= 0)
        dip_prefetch_position(s, p[k].ia, p[k].ic);
    }
  }
  for (k = 0; k < n; k++)
    if (add_pending(b, &p[k]) < 0) return -1;
  b->attrs.n = 0;
  return 0;
}

/* Adds item i (object o) if it is clean; 1 when it is not (nothing was
** done), -1 when memory ran out. */
static int add_clean(builder *b, const cJSON *o, int i) {
  const cJSON *f[11];
  dip_system *s = b->s;
  dip_problems *pr = b->pr;
  int first, rc = 0;
  switch (b->sec) {
  case S_TIES:
  case S_POSITIONS: {
    pending *p = &b->batch[b->n];
    if (b->sec == S_TIES) {
      if (!scan(o, TIE_KEYS, TIE_TYPES, 5, f) || !f[0] || !f[1] || !f[2])
        return 1;
      p->c = f[2]->valuestring;
      p->x = f[3] ? f[3]->valuedouble : 1;
    } else {
      if (!scan(o, POSITION_KEYS, POSITION_TYPES, 5, f) || !f[0] || !f[1] ||
          !f[2])
        return 1;
      p->x = f[2]->valuedouble;
      p->y = f[3] ? f[3]->valuedouble : 1;
    }
    p->item = i;
    p->a = f[0]->valuestring;
    p->b = f[1]->valuestring;
    if (pool_attrs(&b->attrs, f[4], &p->attr0) < 0) return -1;
    p->nattrs = b->attrs.n - p->attr0;
    if (++b->n == BATCH) return flush(b);
    return 0;
  }
  default:
    break;
  }
  /* layers, actors, issues: few, added one at a time */
  b->attrs.n = 0;
  item_prefix(b->prefix, b->name, i);
  pr->prefix = b->prefix;
  if (b->sec == S_LAYERS) {
    dip_layer l;
    if (!scan(o, LAYER_KEYS, LAYER_TYPES, 7, f)) return 1;
    memset(&l, 0, sizeof l);
    if (f[0]) l.id = f[0]->valuestring;
    if (f[1]) l.name = f[1]->valuestring;
    if (f[2]) l.description = f[2]->valuestring;
    if (f[3]) l.directed = cJSON_IsTrue(f[3]);
    if (f[4]) l.informal = cJSON_IsTrue(f[4]);
    if (f[5]) l.self_ties = cJSON_IsTrue(f[5]);
    if (pool_attrs(&b->attrs, f[6], &first) < 0) return -1;
    l.attrs.items = b->attrs.items;
    l.attrs.n = b->attrs.n;
    rc = dip_add_layer(s, &l, pr);
  } else if (b->sec == S_ACTORS) {
    dip_actor a;
    char *tags[16];
    const cJSON *c;
    int n = 0;
    if (!scan(o, ACTOR_KEYS, ACTOR_TYPES, 11, f)) return 1;
    if (f[9])
      for (c = f[9]->child; c; c = c->next) {
        if (n == 16) return 1; /* many tags: read_item */
        tags[n++] = c->valuestring;
      }
    memset(&a, 0, sizeof a);
    if (f[0]) a.id = f[0]->valuestring;
    if (f[1]) a.name = f[1]->valuestring;
    if (f[2]) a.kind = f[2]->valuestring;
    if (f[3]) a.org = f[3]->valuestring;
    if (f[4]) a.sector = f[4]->valuestring;
    if (f[5]) a.profession = f[5]->valuestring;
    if (f[6]) a.level = f[6]->valuestring;
    if (f[7]) a.mandate = f[7]->valuestring;
    a.capability = f[8] ? f[8]->valuedouble : 1;
    a.tags.items = n ? tags : NULL;
    a.tags.n = n;
    if (pool_attrs(&b->attrs, f[10], &first) < 0) return -1;
    a.attrs.items = b->attrs.items;
    a.attrs.n = b->attrs.n;
    rc = dip_add_actor(s, &a, pr);
  } else {
    dip_issue is;
    if (!scan(o, ISSUE_KEYS, ISSUE_TYPES, 9, f)) return 1;
    memset(&is, 0, sizeof is);
    if (f[0]) is.id = f[0]->valuestring;
    if (f[1]) is.name = f[1]->valuestring;
    if (f[2]) is.description = f[2]->valuestring;
    is.min = f[3] ? f[3]->valuedouble : 0;
    is.max = f[4] ? f[4]->valuedouble : 100;
    if (f[5]) {
      is.status_quo = f[5]->valuedouble;
      is.has_status_quo = 1;
    }
    if (f[6]) is.min_label = f[6]->valuestring;
    if (f[7]) is.max_label = f[7]->valuestring;
    if (pool_attrs(&b->attrs, f[8], &first) < 0) return -1;
    is.attrs.items = b->attrs.items;
    is.attrs.n = b->attrs.n;
    rc = dip_add_issue(s, &is, pr);
  }
  b->attrs.n = 0;
  return rc == -2 ? -1 : 0;
}

/* }====== */

/*
** Frees the items of arr before `upto` (an item of arr, or NULL for all)
** once the system holds them: each is freed while it is still in the
** cache, and its memory serves the allocations that follow, where
** freeing the whole tree at the end walks it all again (cJSON_Delete on
** the largest benchmark map: 0.2 s).  The tree stays a valid one.
*/
static void drop(cJSON *arr, cJSON *upto) {
  cJSON *c = arr->child, *last = c ? c->prev : NULL;
  while (c != upto) {
    cJSON *n = c->next;
    c->next = NULL; /* cJSON_Delete frees the siblings that follow */
    cJSON_Delete(c);
    c = n;
  }
  arr->child = upto;
  if (upto != NULL) upto->prev = last;
}

/* The number of items in section `name` (0 if it is not an array). */
static int count(const cJSON *root, const char *name) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, name);
  return cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
}

/* Reads one section: clean items through add_clean, others through
** read_item.  -1 when memory ran out. */
static int read_section(builder *b, cJSON *root, const char *name,
                        section sec) {
  cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, name), *o, *next;
  dip_problems *pr = b->pr;
  int i = 0, rc = 0;
  if (arr == NULL) return 0;
  if (!cJSON_IsArray(arr)) {
    pr->prefix = "$";
    dip_problem(pr, name, "must be an array, not %s", jtype(arr));
    pr->prefix = NULL;
    return 0;
  }
  b->sec = sec;
  b->name = name;
  b->n = 0;
  b->attrs.n = 0;
  for (o = arr->child; o; o = next, i++) {
    next = o->next;
    if (!cJSON_IsObject(o) || (rc = add_clean(b, o, i)) > 0) {
      /* not clean: the batch so far first, then this item, reported */
      if (b->n > 0 && (rc = flush(b)) < 0) break;
      item_prefix(b->prefix, name, i);
      pr->prefix = b->prefix;
      if (!cJSON_IsObject(o))
        dip_problem(pr, NULL, "must be an object, not %s", jtype(o));
      else
        rc = read_item(b->s, sec, o, pr);
    }
    if (rc < 0) break;
    if (b->n == 0) drop(arr, next); /* every item up to o is in s */
  }
  if (rc >= 0 && b->n > 0) rc = flush(b);
  pr->prefix = NULL;
  return rc < 0 ? -1 : 0;
}

/* {====== Strict JSON ====== */

/* A hint for text that is UTF-16 (a UTF-16 byte order mark, or a zero
** byte among the first four): cJSON sees only a syntax error there. */
static const char *utf16_hint(const char *buf, size_t len) {
  if ((len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 ||
                    memcmp(buf, "\xfe\xff", 2) == 0)) ||
      memchr(buf, '\0', len < 4 ? len : 4) != NULL)
    return " (the text looks like UTF-16: save the file as UTF-8)";
  return "";
}

/*
** cJSON accepts more than JSON (RFC 8259) allows, and some of that would
** change data silently.  After cJSON has parsed buf..end, this scan
** rejects, each with its line and column:
**   - bytes below 0x20 inside strings (JSON requires \n, \u0001, ...);
**   - \u0000 in a string (cJSON would cut the string there), and \u
**     without four hexadecimal digits (cJSON decodes it as \u0000);
**   - bytes below 0x20 other than space, tab, LF, CR between tokens
**     (cJSON skips them as white space: NULs mean a UTF-16 file);
**   - numbers outside JSON's grammar: 007, 1., -.5, 1.e5, 1e (cJSON
**     hands them to strtod);
**   - integers written in digits that a double cannot hold exactly
**     (9007199254740993 would read as 9007199254740992);
**   - non-zero numbers that round to 0 (1e-400).
** Invalid UTF-8 is kept byte for byte (save writes it back unchanged).
** One pass, O(length).  Returns the number of problems.
*/

/* Reads an RFC 8259 number at p (p < end); returns its length, 0 if the
** text at p is not one.  *integral: no fraction and no exponent. */
static size_t json_number(const char *p, const char *end, int *integral) {
  const char *q = p;
  *integral = 1;
  if (q < end && *q == '-') q++;
  if (q >= end || *q < '0' || *q > '9') return 0;
  if (*q == '0')
    q++;
  else
    while (q < end && *q >= '0' && *q <= '9') q++;
  if (q < end && *q == '.') {
    *integral = 0;
    if (++q >= end || *q < '0' || *q > '9') return 0;
    while (q < end && *q >= '0' && *q <= '9') q++;
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    *integral = 0;
    q++;
    if (q < end && (*q == '+' || *q == '-')) q++;
    if (q >= end || *q < '0' || *q > '9') return 0;
    while (q < end && *q >= '0' && *q <= '9') q++;
  }
  return (size_t)(q - p);
}

/* Checks the number token tok[0..n) (the characters cJSON takes as a
** number); reports at line:col. */
static void check_number(const char *tok, size_t n, int line, int col,
                         dip_problems *pr) {
  char b[400], shown[48];
  int integral, nonzero = 0;
  size_t len = json_number(tok, tok + n, &integral), i, k;
  double x;
  char point;
  /* the common case, settled without strtod: in JSON's grammar, no
     exponent and under 300 characters, so finite and, if not written as
     zero, not rounding to 0 (it is at least 1e-300); an integer of up
     to 15 digits is exact */
  if (len == n && n < 300 && memchr(tok, 'e', n) == NULL &&
      memchr(tok, 'E', n) == NULL &&
      (!integral || n - (tok[0] == '-') <= 15))
    return;
  snprintf(shown, sizeof shown, "%.*s%s", n > 40 ? 40 : (int)n, tok,
           n > 40 ? "..." : "");
  if (len != n) {
    const char *d = tok[0] == '-' ? tok + 1 : tok;
    dip_problem(pr, NULL, "not valid JSON: malformed number %s at line %d, "
                "column %d%s", shown, line, col,
                n > (size_t)(d - tok) + 1 && d[0] == '0' && d[1] >= '0' &&
                d[1] <= '9' ? " (JSON numbers have no leading zeros: write "
                "a code such as 007 as a string)" : "");
    return;
  }
  if (n >= sizeof b) { /* more than 300 digits: inf, reported later */
    if (integral)
      dip_problem(pr, NULL, "integer %s at line %d, column %d is too large "
                  "to store exactly", shown, line, col);
    return;
  }
  /* strtod follows LC_NUMERIC: give it the locale's decimal point */
  point = localeconv()->decimal_point[0];
  for (i = 0; i < n; i++) {
    b[i] = tok[i] == '.' ? point : tok[i];
    if (tok[i] >= '1' && tok[i] <= '9') nonzero = 1;
    if (tok[i] == 'e' || tok[i] == 'E') break; /* the exponent's digits */
  }
  for (; i < n; i++) b[i] = tok[i];
  b[n] = '\0';
  x = strtod(b, NULL);
  if (x == 0 && nonzero) {
    dip_problem(pr, NULL, "number %s at line %d, column %d is too small to "
                "store (it would read as 0)", shown, line, col);
    return;
  }
  if (!integral || !isfinite(x)) return; /* inf: reported with its path */
  k = tok[0] == '-' ? 1 : 0;
  if (n - k <= 15) return; /* up to 15 digits: always exact */
  snprintf(b, sizeof b, "%.0f", fabs(x)); /* the double's exact value */
  if (strlen(b) != n - k || memcmp(b, tok + k, n - k) != 0)
    dip_problem(pr, NULL, "integer %s at line %d, column %d is too large to "
                "store exactly (a double holds every integer up to 2^53 = "
                "9007199254740992; write it as a string)", shown, line, col);
}

static int ishex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

static int strict_scan(const char *buf, const char *end, dip_problems *pr) {
  const char *p = buf, *line_start = buf;
  int line = 1, before = pr->count;
#define COL ((int)(p - line_start) + 1)
  if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) p += 3; /* BOM */
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c == '\n') {
      line++;
      line_start = ++p;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      p++;
    } else if (c < 0x20) {
      dip_problem(pr, NULL, "not valid JSON: control character 0x%02x "
                  "outside a string at line %d, column %d%s", c, line, COL,
                  utf16_hint(buf, (size_t)(end - buf)));
      p++;
    } else if (c == '"') {
      for (p++; p < end && *p != '"'; p++) {
        c = (unsigned char)*p;
        if (c < 0x20)
          dip_problem(pr, NULL, "not valid JSON: control character 0x%02x "
                      "in a string at line %d, column %d (write it as an "
                      "escape such as \\n or \\u%04x)", c, line, COL, c);
        else if (c == '\\' && p + 1 < end && p[1] == 'u') {
          /* cJSON decodes \u with a non-hex digit as \u0000 */
          if (end - p < 6 || !ishex(p[2]) || !ishex(p[3]) || !ishex(p[4]) ||
              !ishex(p[5]))
            dip_problem(pr, NULL, "not valid JSON: \\u without four "
                        "hexadecimal digits in a string at line %d, column "
                        "%d", line, COL);
          else if (memcmp(p + 2, "0000", 4) == 0)
            dip_problem(pr, NULL, "\\u0000 (a zero character) in a string "
                        "at line %d, column %d: diplomat cannot store it",
                        line, COL);
          else
            p += 4; /* the four digits */
          p++;      /* the u */
        } else if (c == '\\' && p + 1 < end && (unsigned char)p[1] >= 0x20)
          p++; /* skip the escaped character (a control one is reported) */
        if (c == '\n') line++, line_start = p + 1;
      }
      p++; /* the closing quote */
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const char *q = p;
      while (q < end && strchr("0123456789+-eE.", *q) != NULL && *q) q++;
      check_number(p, (size_t)(q - p), line, COL, pr);
      p = q;
    } else {
      p++;
    }
  }
#undef COL
  return pr->count - before;
}

/* }====== */

/* Whether the bracket at p opens one level more than cJSON's nesting
** limit allows: cJSON then fails as if at a syntax error. */
static int too_deep(const char *buf, const char *p, const char *end) {
  const char *c;
  int depth = 0, in_string = 0;
  if (p >= end || (*p != '[' && *p != '{')) return 0;
  for (c = buf; c < p; c++) {
    if (in_string) {
      if (*c == '\\')
        c++;
      else if (*c == '"')
        in_string = 0;
    } else if (*c == '"')
      in_string = 1;
    else if (*c == '[' || *c == '{')
      depth++;
    else if (*c == ']' || *c == '}')
      depth--;
  }
  return depth >= CJSON_NESTING_LIMIT;
}

/* Line and column (1-based) of position p in buf. */
static void locate(const char *buf, const char *p, int *line, int *col) {
  const char *c;
  *line = 1;
  *col = 1;
  for (c = buf; c < p; c++) {
    if (*c == '\n')
      (*line)++, *col = 1;
    else
      (*col)++;
  }
}

dip_system *dip_json_decode(const char *buf, size_t len, dip_problems *pr) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
  dip_system *s = NULL;
  const cJSON *fmt;
  int line, col;
  dip_attrs attrs = {NULL, 0};
  const char *name = NULL, *description = NULL;
  builder b;
  b.attrs.items = NULL;
  b.attrs.n = b.attrs.cap = 0;
  pr->from_file = 1;
  if (root == NULL) {
    if (end == NULL || end < buf || end > buf + len) end = buf;
    locate(buf, end, &line, &col);
    if (too_deep(buf, end, buf + len))
      dip_problem(pr, NULL, "not valid JSON: nested more than %d levels "
                  "deep at line %d, column %d", CJSON_NESTING_LIMIT, line,
                  col);
    else if (len == 0 || end + 1 >= buf + len)
      dip_problem(pr, NULL, "not valid JSON: the text ends before the "
                            "JSON is complete (line %d, column %d)", line, col);
    else
      dip_problem(pr, NULL, "not valid JSON: syntax error at line %d, "
                            "column %d%s", line, col, utf16_hint(buf, len));
    return NULL;
  }
  while (end < buf + len &&
         (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
    end++;
  if (end < buf + len) {
    locate(buf, end, &line, &col);
    dip_problem(pr, NULL, "not valid JSON: unexpected text after the end "
                          "at line %d, column %d%s", line, col,
                utf16_hint(buf, len));
    goto done;
  }
  if (strict_scan(buf, end, pr) > 0) goto done;
  if (!cJSON_IsObject(root)) {
    dip_problem(pr, "$", "a system map must be a JSON object, not %s",
                jtype(root));
    goto done;
  }
  pr->prefix = "$";
  check_keys(root, TOP_KEYS, pr);
  fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
  if (fmt == NULL)
    dip_problem(pr, "format", "missing (expected \"%s\")", DIP_FORMAT);
  else if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, DIP_FORMAT) != 0)
    dip_problem(pr, "format", "unsupported format %s%s%s (expected \"%s\")",
                cJSON_IsString(fmt) ? "\"" : "",
                cJSON_IsString(fmt) ? fmt->valuestring : jtype(fmt),
                cJSON_IsString(fmt) ? "\"" : "", DIP_FORMAT);
  get_string(root, "name", &name, pr);
  get_string(root, "description", &description, pr);
  if (get_attrs(root, &attrs, pr) < 0) goto oom;
  if (pr->count > 0) goto done; /* not a diplomat map: stop here */
  s = dip_system_new(name, description, &attrs, pr);
  if (s == NULL) goto done;
  pr->prefix = NULL;
  b.s = s;
  b.pr = pr;
  dip_system_reserve(s, count(root, "actors"), count(root, "ties"),
                     count(root, "positions"));
  if (read_section(&b, root, "layers", S_LAYERS) < 0 ||
      read_section(&b, root, "actors", S_ACTORS) < 0 ||
      read_section(&b, root, "issues", S_ISSUES) < 0 ||
      read_section(&b, root, "ties", S_TIES) < 0 ||
      read_section(&b, root, "positions", S_POSITIONS) < 0)
    goto oom;
  goto done;
oom:
  pr->oom = 1;
  pr->prefix = NULL;
  dip_problem(pr, NULL, "out of memory");
done:
  pr->prefix = NULL;
  free(attrs.items);
  free(b.attrs.items);
  cJSON_Delete(root);
  if (pr->count > 0 || pr->oom) {
    dip_system_free(s);
    return NULL;
  }
  return s;
}

/* }====== */

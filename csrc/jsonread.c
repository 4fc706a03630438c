/*
** jsonread.c — the fast path for loading diplomat/1 maps.
**
** json.c reads a map through a cJSON tree: one allocation per value and
** per key, a validating walk over the tree, then freeing it.  On large
** maps that costs more than building the system itself.  This reader
** goes through the text once, without a tree, and hands each item to the
** same checked mutations of system.c.  It covers the subset of JSON that
** diplomat writes and that any tidy map uses; for everything else it
** gives up, and dip_json_decode runs the full reader, which names every
** problem.  So it never has to explain anything: it returns NULL on the
** first surprise and the caller starts again.
**
** What it accepts (anything else returns NULL):
**   - a top-level object whose "format", "name", "description" and
**     "attrs" come before the sections (layers, actors, issues, ties,
**     positions: each at most once, any may be missing), and whose
**     sections come in an order where every tie and position finds its
**     actors, layer and issue already read (the full reader reads them
**     in that order whatever the file's: the arrays it builds are the
**     same);
**   - each item an object of known fields, each at most once, of the
**     right type (the full reader would report anything else);
**   - strings without control characters and with the escapes \" \\ \/
**     \b \f \n \r \t (no \u: the full reader decodes those);
**   - numbers in JSON's grammar that read back as finite, non-zero
**     unless written as zero, and, when integral, exactly (the full
**     reader's checks);
**   - white space of space, tab, line feed and carriage return only, no
**     byte order mark, nothing after the top-level object;
**   - items that system.c accepts, and no second position for one actor
**     and issue.
** On that subset the result is the system the full reader builds: the
** same mutations with the same values in the same order.  Numbers are
** converted exactly as strtod (which cJSON calls) converts them: by
** Clinger's exact fast path when the digits fit in 15 and the power of
** ten in 22 (a correctly rounded product or quotient of two exact
** doubles; Clinger 1990, "How to read floating point numbers
** accurately", PLDI), and by strtod itself otherwise.
**
** Time: one pass over the text, O(length), plus the mutations.  Memory:
** a scratch buffer as long as the text for the strings of one item
** (reused per item, so only the pages one item touches become
** resident).  No Lua calls here.
*/
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diplomat.h"

/* {====== Tokens ====== */

typedef struct reader {
  const char *p, *end;
  char *scratch; /* strings of the current item, NUL-terminated */
  size_t used;
  dip_attr *attrs; /* attrs of the current item */
  int nattrs, capattrs;
  char **tags; /* tags of the current actor */
  int ntags, captags;
} reader;

static void ws(reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' ||
                           *r->p == '\t'))
    r->p++;
}

/* Consumes c (after white space); 0 when the next byte is another. */
static int eat(reader *r, char c) {
  ws(r);
  if (r->p < r->end && *r->p == c) {
    r->p++;
    return 1;
  }
  return 0;
}

/* A string into the scratch buffer; NULL if not in the subset. */
static char *string(reader *r) {
  char *out = r->scratch + r->used, *q = out;
  ws(r);
  if (r->p >= r->end || *r->p != '"') return NULL;
  for (r->p++; r->p < r->end; r->p++) {
    unsigned char c = (unsigned char)*r->p;
    if (c == '"') {
      r->p++;
      *q++ = '\0';
      r->used = (size_t)(q - r->scratch);
      return out;
    }
    if (c < 0x20) return NULL;
    if (c == '\\') {
      if (++r->p >= r->end) return NULL;
      switch (*r->p) {
      case '"': c = '"'; break;
      case '\\': c = '\\'; break;
      case '/': c = '/'; break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      default: return NULL; /* \u and errors: the full reader */
      }
    }
    *q++ = (char)c;
  }
  return NULL;
}

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                               1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                               1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod on the token, with the locale's decimal point (as cJSON). */
static double slow(const char *tok, size_t n) {
  char b[64];
  size_t i;
  if (n >= sizeof b) return NAN;
  for (i = 0; i < n; i++)
    b[i] = tok[i] == '.' ? localeconv()->decimal_point[0] : tok[i];
  b[n] = '\0';
  return strtod(b, NULL);
}

/* A number in JSON's grammar; 0 when not in the subset. */
static int number(reader *r, double *x) {
  const char *tok, *p;
  unsigned long long m = 0;
  int digits = 0, frac = 0, exp = 0, esign = 1, integral = 1, neg = 0;
  int nonzero = 0;
  ws(r);
  tok = p = r->p;
  if (p < r->end && *p == '-') neg = 1, p++;
  if (p >= r->end || *p < '0' || *p > '9') return 0;
  if (*p == '0') {
    p++;
  } else {
    while (p < r->end && *p >= '0' && *p <= '9') {
      if (digits < 19) m = m * 10 + (unsigned)(*p - '0');
      digits++, nonzero = 1, p++;
    }
  }
  if (p < r->end && *p == '.') {
    integral = 0;
    if (++p >= r->end || *p < '0' || *p > '9') return 0;
    while (p < r->end && *p >= '0' && *p <= '9') {
      if (*p != '0') nonzero = 1;
      if (digits > 0 || *p != '0') {
        if (digits < 19) m = m * 10 + (unsigned)(*p - '0');
        digits++;
      }
      frac++, p++;
    }
  }
  if (p < r->end && (*p == 'e' || *p == 'E')) {
    integral = 0;
    p++;
    if (p < r->end && (*p == '+' || *p == '-')) esign = *p++ == '-' ? -1 : 1;
    if (p >= r->end || *p < '0' || *p > '9') return 0;
    while (p < r->end && *p >= '0' && *p <= '9') {
      if (exp < 10000) exp = exp * 10 + (*p - '0');
      p++;
    }
  }
  /* what cJSON would take as part of the number must end here */
  if (p < r->end && (*p == '.' || *p == '+' || *p == '-' || *p == 'e' ||
                     *p == 'E' || (*p >= '0' && *p <= '9')))
    return 0;
  r->p = p;
  if (integral && digits > 15) {
    /* exact only if the double holds every digit (the full reader
       rejects the others, naming them) */
    double d = (double)m;
    if (digits > 19 || d >= 18446744073709551616.0 ||
        (unsigned long long)d != m)
      return 0;
    *x = neg ? -d : d;
    return 1;
  }
  exp = esign * exp - frac;
  if (digits <= 15 && exp >= -22 && exp <= 22) {
    *x = exp < 0 ? (double)m / POW10[-exp] : (double)m * POW10[exp];
    if (neg) *x = -*x;
  } else {
    *x = slow(tok, (size_t)(p - tok)); /* the sign included */
  }
  return isfinite(*x) && !(*x == 0 && nonzero);
}

/* true or false; 0 when neither. */
static int boolean(reader *r, int *b) {
  ws(r);
  if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) {
    r->p += 4, *b = 1;
    return 1;
  }
  if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) {
    r->p += 5, *b = 0;
    return 1;
  }
  return 0;
}

/* A key and its colon; NULL at the end of the object.  *ok = 0 on
** anything unexpected. */
static const char *key(reader *r, int first, int *ok) {
  const char *k;
  *ok = 1;
  if (eat(r, '}')) return NULL;
  if (!first && !eat(r, ',')) return *ok = 0, NULL;
  k = string(r);
  if (k == NULL || !eat(r, ':')) return *ok = 0, NULL;
  return k;
}

/* "attrs": { key: string | number | boolean, ... } into r->attrs. */
static int attrs(reader *r) {
  const char *k;
  int ok, first = 1;
  r->nattrs = 0;
  if (!eat(r, '{')) return 0;
  while ((k = key(r, first, &ok)) != NULL) {
    dip_attr *a;
    double x;
    first = 0;
    if (r->nattrs == r->capattrs) {
      int cap = r->capattrs ? 2 * r->capattrs : 8;
      dip_attr *t = realloc(r->attrs, (size_t)cap * sizeof *t);
      if (t == NULL) return 0;
      r->attrs = t, r->capattrs = cap;
    }
    a = &r->attrs[r->nattrs];
    a->key = (char *)k;
    ws(r);
    if (r->p >= r->end) return 0;
    if (*r->p == '"') {
      a->type = DIP_STR;
      if ((a->u.s = string(r)) == NULL) return 0;
    } else if (*r->p == 't' || *r->p == 'f') {
      a->type = DIP_BOOL;
      if (!boolean(r, &a->u.b)) return 0;
    } else {
      if (!number(r, &x)) return 0;
      if (x == floor(x) && fabs(x) <= (double)DIP_MAX_EXACT_INT) {
        a->type = DIP_INT;
        a->u.i = (long long)x;
      } else {
        a->type = DIP_NUM;
        a->u.n = x;
      }
    }
    r->nattrs++;
  }
  return ok;
}

/* "tags": [ string, ... ] into r->tags. */
static int tags(reader *r) {
  r->ntags = 0;
  if (!eat(r, '[')) return 0;
  if (eat(r, ']')) return 1;
  do {
    char *t;
    if (r->ntags == r->captags) {
      int cap = r->captags ? 2 * r->captags : 8;
      char **n = realloc(r->tags, (size_t)cap * sizeof *n);
      if (n == NULL) return 0;
      r->tags = n, r->captags = cap;
    }
    if ((t = string(r)) == NULL) return 0;
    r->tags[r->ntags++] = t;
  } while (eat(r, ','));
  return eat(r, ']');
}

/* }====== */

/* {====== Items ====== */

/* The index of k in names (NULL-terminated), or -1. */
static int field(const char *k, const char *const *names) {
  int i;
  for (i = 0; names[i]; i++)
    if (strcmp(k, names[i]) == 0) return i;
  return -1;
}

/* Marks field f seen; 0 when it was already. */
static int once(unsigned *seen, int f) {
  if (f < 0 || (*seen & (1u << f))) return 0;
  *seen |= 1u << f;
  return 1;
}

typedef enum { S_LAYERS, S_ACTORS, S_ISSUES, S_TIES, S_POSITIONS } section;

static const char *const LAYER_KEYS[] = {"id",       "name",     "description",
                                         "directed", "informal", "self_ties",
                                         "attrs",    NULL};
static const char *const ACTOR_KEYS[] = {
    "id",    "name",    "kind",       "org",  "sector", "profession",
    "level", "mandate", "capability", "tags", "attrs",  NULL};
static const char *const TIE_KEYS[] = {"from",   "to",    "layer",
                                       "weight", "attrs", NULL};
static const char *const ISSUE_KEYS[] = {
    "id",         "name",      "description", "min",   "max",
    "status_quo", "min_label", "max_label",   "attrs", NULL};
static const char *const POSITION_KEYS[] = {"actor",    "issue", "position",
                                            "salience", "attrs", NULL};

/* A string field into *out. */
static int str_field(reader *r, char **out) {
  return (*out = string(r)) != NULL;
}

static int layer(reader *r, dip_system *s, dip_problems *pr) {
  dip_layer l;
  const char *k;
  unsigned seen = 0;
  int ok, first = 1, f;
  memset(&l, 0, sizeof l);
  while ((k = key(r, first, &ok)) != NULL) {
    first = 0;
    f = field(k, LAYER_KEYS);
    if (!once(&seen, f)) return 0;
    switch (f) {
    case 0: ok = str_field(r, &l.id); break;
    case 1: ok = str_field(r, &l.name); break;
    case 2: ok = str_field(r, &l.description); break;
    case 3: ok = boolean(r, &l.directed); break;
    case 4: ok = boolean(r, &l.informal); break;
    case 5: ok = boolean(r, &l.self_ties); break;
    default: ok = attrs(r); break;
    }
    if (!ok) return 0;
  }
  if (!ok) return 0;
  if (!(seen & (1u << 6))) r->nattrs = 0;
  l.attrs.items = r->attrs;
  l.attrs.n = r->nattrs;
  dip_attrs_sort(&l.attrs);
  return dip_add_layer(s, &l, pr) == 0;
}

static int actor(reader *r, dip_system *s, dip_problems *pr) {
  dip_actor a;
  const char *k;
  unsigned seen = 0;
  int ok, first = 1, f;
  memset(&a, 0, sizeof a);
  a.capability = 1;
  while ((k = key(r, first, &ok)) != NULL) {
    first = 0;
    f = field(k, ACTOR_KEYS);
    if (!once(&seen, f)) return 0;
    switch (f) {
    case 0: ok = str_field(r, &a.id); break;
    case 1: ok = str_field(r, &a.name); break;
    case 2: ok = str_field(r, &a.kind); break;
    case 3: ok = str_field(r, &a.org); break;
    case 4: ok = str_field(r, &a.sector); break;
    case 5: ok = str_field(r, &a.profession); break;
    case 6: ok = str_field(r, &a.level); break;
    case 7: ok = str_field(r, &a.mandate); break;
    case 8: ok = number(r, &a.capability); break;
    case 9: ok = tags(r); break;
    default: ok = attrs(r); break;
    }
    if (!ok) return 0;
  }
  if (!ok) return 0;
  if (!(seen & (1u << 9))) r->ntags = 0;
  if (!(seen & (1u << 10))) r->nattrs = 0;
  a.tags.items = r->tags;
  a.tags.n = r->ntags;
  a.attrs.items = r->attrs;
  a.attrs.n = r->nattrs;
  dip_attrs_sort(&a.attrs);
  return dip_add_actor(s, &a, pr) == 0;
}

static int issue(reader *r, dip_system *s, dip_problems *pr) {
  dip_issue is;
  const char *k;
  unsigned seen = 0;
  int ok, first = 1, f;
  memset(&is, 0, sizeof is);
  is.min = 0;
  is.max = 100;
  while ((k = key(r, first, &ok)) != NULL) {
    first = 0;
    f = field(k, ISSUE_KEYS);
    if (!once(&seen, f)) return 0;
    switch (f) {
    case 0: ok = str_field(r, &is.id); break;
    case 1: ok = str_field(r, &is.name); break;
    case 2: ok = str_field(r, &is.description); break;
    case 3: ok = number(r, &is.min); break;
    case 4: ok = number(r, &is.max); break;
    case 5:
      ok = number(r, &is.status_quo);
      is.has_status_quo = 1;
      break;
    case 6: ok = str_field(r, &is.min_label); break;
    case 7: ok = str_field(r, &is.max_label); break;
    default: ok = attrs(r); break;
    }
    if (!ok) return 0;
  }
  if (!ok) return 0;
  if (!(seen & (1u << 8))) r->nattrs = 0;
  is.attrs.items = r->attrs;
  is.attrs.n = r->nattrs;
  dip_attrs_sort(&is.attrs);
  return dip_add_issue(s, &is, pr) == 0;
}

/*
** Ties and positions are most of a large map, and each looks actors up
** in indexes far bigger than the cache: a lookup waits on memory three
** times (the index slot, the actor, its id).  They are therefore read
** in batches: every item of a batch is parsed first, then the slots,
** actors and ids they need are fetched for the whole batch, one stage at
** a time, so that the waits overlap; then the items are added in order,
** exactly as one by one.  An item with attrs is added on its own.
*/
#define BATCH 16

typedef struct pending {
  char *a, *b, *c;  /* tie: from, to, layer; position: actor, issue */
  double x, y;      /* tie: weight; position: position, salience */
  uint64_t ha, hb;  /* hashes of a and b */
  int ia, ib, ic;   /* their likely indexes (-1: none) */
} pending;

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* A tie's fields into p; *has_attrs: whether it has attrs (they are in
** r->attrs).  0 when not in the subset or an end or the layer is
** missing (the full reader reports that). */
static int tie_read(reader *r, pending *p, int *has_attrs) {
  const char *k;
  unsigned seen = 0;
  int ok, first = 1, f;
  memset(p, 0, sizeof *p);
  p->x = 1;
  while ((k = key(r, first, &ok)) != NULL) {
    first = 0;
    f = field(k, TIE_KEYS);
    if (!once(&seen, f)) return 0;
    switch (f) {
    case 0: ok = str_field(r, &p->a); break;
    case 1: ok = str_field(r, &p->b); break;
    case 2: ok = str_field(r, &p->c); break;
    case 3: ok = number(r, &p->x); break;
    default: ok = attrs(r); break;
    }
    if (!ok) return 0;
  }
  *has_attrs = (seen & (1u << 4)) != 0;
  if (!*has_attrs) r->nattrs = 0;
  return ok && p->a != NULL && p->b != NULL && p->c != NULL;
}

static int position_read(reader *r, pending *p, int *has_attrs) {
  const char *k;
  unsigned seen = 0;
  int ok, first = 1, f;
  memset(p, 0, sizeof *p);
  p->y = 1;
  while ((k = key(r, first, &ok)) != NULL) {
    first = 0;
    f = field(k, POSITION_KEYS);
    if (!once(&seen, f)) return 0;
    switch (f) {
    case 0: ok = str_field(r, &p->a); break;
    case 1: ok = str_field(r, &p->b); break;
    case 2: ok = number(r, &p->x); break;
    case 3: ok = number(r, &p->y); break;
    default: ok = attrs(r); break;
    }
    if (!ok) return 0;
  }
  *has_attrs = (seen & (1u << 4)) != 0;
  if (!*has_attrs) r->nattrs = 0;
  return ok && (seen & (1u << 2)) && p->a != NULL && p->b != NULL;
}

/* Adds one pending item with the attrs in r->attrs (r->nattrs). */
static int add(reader *r, dip_system *s, section sec, const pending *p,
               dip_problems *pr) {
  dip_attrs at;
  at.items = r->attrs;
  at.n = r->nattrs;
  dip_attrs_sort(&at);
  if (sec == S_TIES) {
    dip_tie_spec t;
    t.from = p->a;
    t.to = p->b;
    t.layer = p->c;
    t.weight = p->x;
    t.attrs = at;
    return dip_add_tie(s, &t, 0, pr) == 0;
  } else {
    dip_position_spec q;
    int a = dip_find_actor(s, p->a), i = dip_find_issue(s, p->b);
    /* a second position for one actor and issue is an error in a file */
    if (a >= 0 && i >= 0 && dip_find_position(s, a, i) >= 0) return 0;
    q.actor = p->a;
    q.issue = p->b;
    q.position = p->x;
    q.salience = p->y;
    q.attrs = at;
    return dip_set_position(s, &q, pr) == 0;
  }
}

/* Fetches what the batch will look up, stage by stage, then adds it. */
static int flush(reader *r, dip_system *s, section sec, pending *b, int n,
                 dip_problems *pr) {
  int k;
  for (k = 0; k < n; k++) { /* the actor index slots */
    b[k].ha = dip_hash_str(b[k].a);
    dip_index_prefetch(&s->actor_ix, b[k].ha);
    if (sec == S_TIES) {
      b[k].hb = dip_hash_str(b[k].b);
      dip_index_prefetch(&s->actor_ix, b[k].hb);
    }
  }
  for (k = 0; k < n; k++) { /* the actors (peeks are guesses) */
    b[k].ia = dip_index_peek(&s->actor_ix, b[k].ha);
    if (b[k].ia >= s->nactors) b[k].ia = -1;
    if (b[k].ia >= 0) PREFETCH(&s->actors[b[k].ia]);
    b[k].ib = -1;
    if (sec == S_TIES) {
      b[k].ib = dip_index_peek(&s->actor_ix, b[k].hb);
      if (b[k].ib >= s->nactors) b[k].ib = -1;
      if (b[k].ib >= 0) PREFETCH(&s->actors[b[k].ib]);
    }
  }
  for (k = 0; k < n; k++) { /* their ids, and the slot of the new item */
    if (b[k].ia >= 0) PREFETCH(s->actors[b[k].ia].id);
    if (b[k].ib >= 0) PREFETCH(s->actors[b[k].ib].id);
    if (sec == S_TIES) {
      b[k].ic = dip_find_layer(s, b[k].c);
      if (b[k].ia >= 0 && b[k].ib >= 0 && b[k].ic >= 0)
        dip_prefetch_tie(s, b[k].ia, b[k].ib, b[k].ic);
    } else {
      b[k].ic = dip_find_issue(s, b[k].b);
      if (b[k].ia >= 0 && b[k].ic >= 0)
        dip_prefetch_position(s, b[k].ia, b[k].ic);
    }
  }
  r->nattrs = 0;
  for (k = 0; k < n; k++)
    if (!add(r, s, sec, &b[k], pr)) return 0;
  return 1;
}

/* One section's array of items. */
static int items(reader *r, dip_system *s, section sec, dip_problems *pr) {
  pending batch[BATCH];
  int n = 0;
  if (!eat(r, '[')) return 0;
  if (eat(r, ']')) return 1;
  do {
    int ok = 0, has_attrs;
    if (n == 0) r->used = 0; /* the batch's strings start afresh */
    if (!eat(r, '{')) return 0;
    switch (sec) {
    case S_LAYERS: ok = layer(r, s, pr); break;
    case S_ACTORS: ok = actor(r, s, pr); break;
    case S_ISSUES: ok = issue(r, s, pr); break;
    case S_TIES:
    case S_POSITIONS:
      ok = sec == S_TIES ? tie_read(r, &batch[n], &has_attrs)
                         : position_read(r, &batch[n], &has_attrs);
      if (!ok) return 0;
      if (has_attrs) { /* the batch so far, then this one with its attrs */
        int nattrs = r->nattrs;
        r->nattrs = 0;
        ok = flush(r, s, sec, batch, n, pr);
        r->nattrs = nattrs;
        ok = ok && add(r, s, sec, &batch[n], pr);
        n = 0;
      } else if (++n == BATCH) {
        ok = flush(r, s, sec, batch, n, pr);
        n = 0;
      }
      break;
    }
    if (!ok) return 0;
  } while (eat(r, ','));
  if (n > 0 && !flush(r, s, sec, batch, n, pr)) return 0;
  return eat(r, ']');
}

/* }====== */

static const char *const SECTIONS[] = {"layers", "actors",    "issues",
                                       "ties",   "positions", NULL};

/* The header fields, the system, then its sections in order. */
static dip_system *read_map(reader *r, dip_problems *pr) {
  const char *k;
  char *name = NULL, *description = NULL, *format = NULL;
  dip_attrs top = {NULL, 0};
  dip_system *s = NULL;
  int ok, first = 1;
  unsigned header = 0, sections = 0;
  size_t keep = 0;
  if (!eat(r, '{')) return NULL;
  for (;;) {
    int sec;
    r->used = keep; /* header strings stay */
    k = key(r, first, &ok);
    first = 0;
    if (k == NULL) break;
    sec = field(k, SECTIONS);
    if (sec < 0) { /* a header field: only before the sections */
      int f = field(k, (const char *const[]){"format", "name",
                                             "description", "attrs", NULL});
      if (s != NULL || !once(&header, f)) goto fail;
      if (f == 0) ok = str_field(r, &format);
      else if (f == 1) ok = str_field(r, &name);
      else if (f == 2) ok = str_field(r, &description);
      else {
        ok = attrs(r);
        if (ok) { /* keep them apart: item attrs reuse r->attrs */
          top.n = r->nattrs;
          top.items = malloc(((size_t)top.n + 1) * sizeof *top.items);
          if (top.items == NULL) goto fail;
          if (top.n) memcpy(top.items, r->attrs, top.n * sizeof *top.items);
          dip_attrs_sort(&top);
        }
      }
      if (!ok) goto fail;
      keep = r->used;
      continue;
    }
    if (!once(&sections, sec)) goto fail; /* twice */
    if (s == NULL) {
      if (format == NULL || strcmp(format, DIP_FORMAT) != 0) goto fail;
      if ((s = dip_system_new(name, description, &top, pr)) == NULL)
        goto fail;
    }
    if (!items(r, s, (section)sec, pr)) goto fail;
  }
  if (!ok) goto fail;
  if (s == NULL) {
    if (format == NULL || strcmp(format, DIP_FORMAT) != 0) goto fail;
    if ((s = dip_system_new(name, description, &top, pr)) == NULL) goto fail;
  }
  ws(r);
  if (r->p != r->end || pr->count > 0) goto fail;
  free(top.items);
  return s;
fail:
  free(top.items);
  dip_system_free(s);
  return NULL;
}

dip_system *dip_json_fast(const char *buf, size_t len) {
  reader r;
  dip_problems pr;
  dip_system *s;
  memset(&r, 0, sizeof r);
  r.p = buf;
  r.end = buf + len;
  r.scratch = malloc(len + 1);
  if (r.scratch == NULL) return NULL;
  dip_problems_init(&pr, 0);
  s = read_map(&r, &pr);
  dip_problems_free(&pr);
  free(r.scratch);
  free(r.attrs);
  free(r.tags);
  return s;
}

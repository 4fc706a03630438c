/*
** csvwrite.c — writing a system map as CSV tables, one per section, as
** csvmap.c reads them: the fields' columns, then one column per free
** attribute (per attribute and type when its values have several types,
** the type in the header).  Deterministic: items in the order they were
** added, attribute columns sorted by name; reads back equal.  No Lua
** calls here.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interchange.h"

/* Types of attribute values (as csvmap.c): a bit set. */
enum { A_STR = 1, A_NUM = 2, A_BOOL = 4 };
static const char *const TYPE_SUFFIX[] = {NULL, ":string", ":number", NULL,
                                          ":boolean"};

/* {====== Encoding a map ====== */

/* An attribute column to write: key and the one type it holds. */
typedef struct outcol {
  const char *key;
  int type;   /* A_STR, A_NUM or A_BOOL */
  int suffix; /* write the type in the header */
} outcol;

typedef struct outcols {
  outcol *c;
  int n, cap;
} outcols;

static int attr_kind(const dip_attr *a) {
  return a->type == DIP_STR ? A_STR : a->type == DIP_BOOL ? A_BOOL : A_NUM;
}

static int cmpoutcol(const void *x, const void *y) {
  const outcol *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  return c ? c : a->type - b->type;
}

/* The attrs of item i of a section, or NULL past the end. */
static const dip_attrs *item_attrs(const dip_system *s, dip_csv_section sec,
                                   int i) {
  switch (sec) {
  case DIP_CSV_SYSTEM: return i == 0 ? &s->attrs : NULL;
  case DIP_CSV_LAYERS: return i < s->nlayers ? &s->layers[i].attrs : NULL;
  case DIP_CSV_ACTORS: return i < s->nactors ? &s->actors[i].attrs : NULL;
  case DIP_CSV_ISSUES: return i < s->nissues ? &s->issues[i].attrs : NULL;
  case DIP_CSV_TIES: return i < s->nties ? &s->ties[i].attrs : NULL;
  case DIP_CSV_POSITIONS:
    return i < s->npositions ? &s->positions[i].attrs : NULL;
  default: return NULL;
  }
}

/*
** The attribute columns of a section: one per key, or, for a key whose
** values have several types, one per type with the type in its header
** (the same when the key itself ends like a type suffix).
*/
static int attr_columns(const dip_system *s, dip_csv_section sec,
                        outcols *o) {
  const dip_attrs *a;
  int i, k, w;
  for (i = 0; (a = item_attrs(s, sec, i)) != NULL; i++)
    for (k = 0; k < a->n; k++) {
      if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 16;
        void *p = realloc(o->c, (size_t)cap * sizeof *o->c);
        if (p == NULL) return -1;
        o->c = p;
        o->cap = cap;
      }
      o->c[o->n].key = a->items[k].key;
      o->c[o->n].type = attr_kind(&a->items[k]);
      o->c[o->n].suffix = 0;
      o->n++;
    }
  if (o->n == 0) return 0;
  qsort(o->c, (size_t)o->n, sizeof *o->c, cmpoutcol);
  for (i = 1, w = 1; i < o->n; i++)
    if (cmpoutcol(&o->c[i], &o->c[w - 1]) != 0) o->c[w++] = o->c[i];
  o->n = w;
  for (i = 0; i < o->n; i++) {
    size_t len;
    int several = (i > 0 && strcmp(o->c[i - 1].key, o->c[i].key) == 0) ||
                  (i + 1 < o->n && strcmp(o->c[i + 1].key, o->c[i].key) == 0);
    o->c[i].suffix = several || dip_csv_attr_type(o->c[i].key, &len) != 0;
  }
  return 0;
}

static void add_number(dip_buf *b, double x) {
  char n[40];
  dip_buf_adds(b, dip_fmtnum(n, sizeof n, x));
}

/* A string attribute that would read back as a number or boolean, or
** is empty, is quoted: a quoted cell is always a string. */
static void add_attr(dip_buf *b, const dip_attr *a) {
  double x;
  int v;
  switch (a->type) {
  case DIP_STR:
    dip_csv_field(b, a->u.s, dip_csv_number(a->u.s, &x) ||
                                 dip_csv_boolean(a->u.s, &v));
    break;
  case DIP_INT: dip_buf_addf(b, "%lld", a->u.i); break;
  case DIP_NUM: add_number(b, a->u.n); break;
  case DIP_BOOL: dip_buf_adds(b, a->u.b ? "true" : "false"); break;
  }
}

static void add_str(dip_buf *b, const char *s) {
  if (s) dip_csv_field(b, s, 0);
}

/* Writes the tags of actor a joined by ';'; reports any that would not
** read back the same.  Returns the problems. */
static int add_tags(dip_buf *b, const dip_actor *a, dip_problems *pr) {
  dip_buf t = {NULL, 0, 0, 0};
  int k, bad = 0;
  for (k = 0; k < a->tags.n; k++) {
    const char *g = a->tags.items[k];
    size_t n = strlen(g);
    if (strchr(g, ';') || g[0] == ' ' || g[0] == '\t' || g[n - 1] == ' ' ||
        g[n - 1] == '\t') {
      dip_problem(pr, NULL, "actor '%.100s': tag '%.100s' cannot be written "
                  "to CSV (tags are separated by ';' and trimmed of "
                  "spaces)", a->id, g);
      bad++;
    }
    if (k > 0) dip_buf_add(&t, ";", 1);
    dip_buf_adds(&t, g);
  }
  if (a->tags.n > 0 && t.s) dip_csv_field(b, t.s, 0);
  if (t.oom) b->oom = 1;
  dip_buf_free(&t);
  return bad;
}

/* The fixed fields of item i. */
static int add_fields(dip_buf *b, const dip_system *s, dip_csv_section sec,
                      int i, dip_problems *pr) {
  int bad = 0;
  switch (sec) {
  case DIP_CSV_SYSTEM:
    add_str(b, s->name);
    dip_buf_adds(b, ",");
    add_str(b, s->description);
    break;
  case DIP_CSV_LAYERS: {
    const dip_layer *l = &s->layers[i];
    add_str(b, l->id);
    dip_buf_adds(b, ",");
    add_str(b, l->name);
    dip_buf_adds(b, ",");
    add_str(b, l->description);
    dip_buf_addf(b, ",%s,%s,%s", l->directed ? "true" : "false",
                 l->informal ? "true" : "false",
                 l->self_ties ? "true" : "false");
    break;
  }
  case DIP_CSV_ACTORS: {
    const dip_actor *a = &s->actors[i];
    const char *str[8];
    int k;
    str[0] = a->id, str[1] = a->name, str[2] = a->kind, str[3] = a->org;
    str[4] = a->sector, str[5] = a->profession, str[6] = a->level;
    str[7] = a->mandate;
    for (k = 0; k < 8; k++) {
      add_str(b, str[k]);
      dip_buf_adds(b, ",");
    }
    add_number(b, a->capability);
    dip_buf_adds(b, ",");
    bad += add_tags(b, a, pr);
    break;
  }
  case DIP_CSV_ISSUES: {
    const dip_issue *is = &s->issues[i];
    add_str(b, is->id);
    dip_buf_adds(b, ",");
    add_str(b, is->name);
    dip_buf_adds(b, ",");
    add_str(b, is->description);
    dip_buf_adds(b, ",");
    add_number(b, is->min);
    dip_buf_adds(b, ",");
    add_number(b, is->max);
    dip_buf_adds(b, ",");
    if (is->has_status_quo) add_number(b, is->status_quo);
    dip_buf_adds(b, ",");
    add_str(b, is->min_label);
    dip_buf_adds(b, ",");
    add_str(b, is->max_label);
    break;
  }
  case DIP_CSV_TIES: {
    const dip_tie *t = &s->ties[i];
    add_str(b, s->actors[t->from].id);
    dip_buf_adds(b, ",");
    add_str(b, s->actors[t->to].id);
    dip_buf_adds(b, ",");
    add_str(b, s->layers[t->layer].id);
    dip_buf_adds(b, ",");
    add_number(b, t->weight);
    break;
  }
  case DIP_CSV_POSITIONS: {
    const dip_position *p = &s->positions[i];
    add_str(b, s->actors[p->actor].id);
    dip_buf_adds(b, ",");
    add_str(b, s->issues[p->issue].id);
    dip_buf_adds(b, ",");
    add_number(b, p->position);
    dip_buf_adds(b, ",");
    add_number(b, p->salience);
    break;
  }
  default:
    break;
  }
  return bad;
}

char *dip_csv_encode(const dip_system *s, dip_csv_section sec, int bom,
                     dip_problems *pr) {
  dip_buf b = {NULL, 0, 0, 0};
  outcols o = {NULL, 0, 0};
  const dip_attrs *a;
  int i, k, bad = 0;
  if (attr_columns(s, sec, &o) < 0) {
    pr->oom = 1;
    return NULL;
  }
  if (bom) dip_buf_adds(&b, "\xef\xbb\xbf");
  for (k = 0; dip_csv_column(sec, k); k++)
    dip_buf_addf(&b, "%s%s", k ? "," : "", dip_csv_column(sec, k));
  for (i = 0; i < o.n; i++) {
    dip_buf t = {NULL, 0, 0, 0};
    dip_buf_addf(&t, "attrs.%s%s", o.c[i].key,
                 o.c[i].suffix ? TYPE_SUFFIX[o.c[i].type] : "");
    dip_buf_adds(&b, ",");
    if (t.s) dip_csv_field(&b, t.s, 0);
    if (t.oom) b.oom = 1;
    dip_buf_free(&t);
  }
  dip_buf_adds(&b, "\r\n");
  for (i = 0; (a = item_attrs(s, sec, i)) != NULL; i++) {
    int j = 0;
    bad += add_fields(&b, s, sec, i, pr);
    for (k = 0; k < o.n; k++) {
      dip_buf_adds(&b, ",");
      /* a->items and o.c are both sorted by key (then type) */
      while (j < a->n && cmpoutcol(&(outcol){a->items[j].key,
                                             attr_kind(&a->items[j]), 0},
                                   &o.c[k]) < 0)
        j++;
      if (j < a->n && strcmp(a->items[j].key, o.c[k].key) == 0 &&
          attr_kind(&a->items[j]) == o.c[k].type)
        add_attr(&b, &a->items[j]);
    }
    dip_buf_adds(&b, "\r\n");
  }
  free(o.c);
  if (b.oom) pr->oom = 1;
  if (b.oom || bad) {
    dip_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* }====== */

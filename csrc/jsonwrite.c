/*
** jsonwrite.c — writing the diplomat/1 format, one item at a time.
**
** A map is written item by item: each layer, actor, issue, tie and
** position becomes a small cJSON object (its strings borrowed from the
** system, not copied), cJSON prints it into a scratch buffer, the text
** is appended to the document and the object is freed at once.  Peak
** memory is the document plus one item; a cJSON tree of the whole map
** (the old way, kept below as the specs' reference) took about nine
** times the document (9 GB for a million actors).
**
** cJSON formats every number and string.  What is written here by hand
** is the document's frame only, laid out exactly as cJSON_Print and
** cJSON_PrintUnformatted lay out the whole tree (cJSON 1.7): the five
** array keys of the top object, the ", " or "," between items, and, in
** pretty mode, two tabs after each line break of an item printed alone,
** which put it at its depth in the document (top object, then array).
** cJSON escapes line breaks inside strings, so every raw line break in
** its output is layout.  spec/json_writing_spec.lua compares the two
** writers byte for byte.
** Writing is deterministic: fixed key order, attributes sorted by key,
** numbers printed with the fewest digits that read back exactly
** (dip_fmtnum).  Time: O(length of the text).  No Lua calls here.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "interchange.h"

/* {====== The whole tree: the reference ====== */

/*
** The writer used until item-by-item writing replaced it, kept unchanged
** as the reference the specs compare against (core._encode_tree): one
** cJSON tree of the whole system, copied strings and all, printed at
** once.  Peak memory is the tree (some 9 times the text) plus the text.
*/

/* A number node printed with the fewest digits that read back exactly
** (dip_fmtnum: '.' whatever the locale).  x is finite. */
static cJSON *number(double x) {
  char b[40];
  return cJSON_CreateRaw(dip_fmtnum(b, sizeof b, x));
}

static int add(cJSON *obj, const char *key, cJSON *item) {
  if (item == NULL) return -1;
  if (!cJSON_AddItemToObject(obj, key, item)) {
    cJSON_Delete(item);
    return -1;
  }
  return 0;
}

static int add_str(cJSON *obj, const char *key, const char *v) {
  if (v == NULL) return 0;
  return add(obj, key, cJSON_CreateString(v));
}

static int add_attrs(cJSON *obj, const dip_attrs *a) {
  cJSON *o;
  int i;
  if (a->n == 0) return 0;
  o = cJSON_CreateObject();
  if (add(obj, "attrs", o) != 0) return -1;
  for (i = 0; i < a->n; i++) {
    const dip_attr *t = &a->items[i];
    cJSON *v = NULL;
    char b[32];
    switch (t->type) {
    case DIP_STR: v = cJSON_CreateString(t->u.s); break;
    case DIP_BOOL: v = cJSON_CreateBool(t->u.b); break;
    case DIP_NUM: v = number(t->u.n); break;
    case DIP_INT:
      snprintf(b, sizeof b, "%lld", t->u.i);
      v = cJSON_CreateRaw(b);
      break;
    }
    if (add(o, t->key, v) != 0) return -1;
  }
  return 0;
}

/* Appends a new object to array arr; NULL when memory ran out. */
static cJSON *push_object(cJSON *arr) {
  cJSON *o = cJSON_CreateObject();
  if (o == NULL) return NULL;
  if (!cJSON_AddItemToArray(arr, o)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static int write_layers(cJSON *root, const dip_system *s) {
  cJSON *arr = cJSON_CreateArray();
  int i;
  if (add(root, "layers", arr) != 0) return -1;
  for (i = 0; i < s->nlayers; i++) {
    const dip_layer *l = &s->layers[i];
    cJSON *o = push_object(arr);
    if (o == NULL || add_str(o, "id", l->id) || add_str(o, "name", l->name) ||
        add_str(o, "description", l->description) ||
        add(o, "directed", cJSON_CreateBool(l->directed)) ||
        add(o, "informal", cJSON_CreateBool(l->informal)) ||
        (l->self_ties && add(o, "self_ties", cJSON_CreateTrue())) ||
        add_attrs(o, &l->attrs))
      return -1;
  }
  return 0;
}

static int write_actors(cJSON *root, const dip_system *s) {
  cJSON *arr = cJSON_CreateArray();
  int i, k;
  if (add(root, "actors", arr) != 0) return -1;
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    cJSON *o = push_object(arr), *tags;
    if (o == NULL || add_str(o, "id", a->id) || add_str(o, "name", a->name) ||
        add_str(o, "kind", a->kind) || add_str(o, "org", a->org) ||
        add_str(o, "sector", a->sector) ||
        add_str(o, "profession", a->profession) ||
        add_str(o, "level", a->level) || add_str(o, "mandate", a->mandate) ||
        add(o, "capability", number(a->capability)))
      return -1;
    if (a->tags.n > 0) {
      tags = cJSON_CreateArray();
      if (add(o, "tags", tags) != 0) return -1;
      for (k = 0; k < a->tags.n; k++) {
        cJSON *t = cJSON_CreateString(a->tags.items[k]);
        if (t == NULL || !cJSON_AddItemToArray(tags, t)) {
          cJSON_Delete(t);
          return -1;
        }
      }
    }
    if (add_attrs(o, &a->attrs)) return -1;
  }
  return 0;
}

static int write_rest(cJSON *root, const dip_system *s) {
  cJSON *issues = cJSON_CreateArray(), *ties, *positions;
  int i;
  if (add(root, "issues", issues) != 0) return -1;
  for (i = 0; i < s->nissues; i++) {
    const dip_issue *is = &s->issues[i];
    cJSON *o = push_object(issues);
    if (o == NULL || add_str(o, "id", is->id) ||
        add_str(o, "name", is->name) ||
        add_str(o, "description", is->description) ||
        add(o, "min", number(is->min)) || add(o, "max", number(is->max)) ||
        (is->has_status_quo && add(o, "status_quo", number(is->status_quo))) ||
        add_str(o, "min_label", is->min_label) ||
        add_str(o, "max_label", is->max_label) || add_attrs(o, &is->attrs))
      return -1;
  }
  ties = cJSON_CreateArray();
  if (add(root, "ties", ties) != 0) return -1;
  for (i = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    cJSON *o = push_object(ties);
    if (o == NULL || add_str(o, "from", s->actors[t->from].id) ||
        add_str(o, "to", s->actors[t->to].id) ||
        add_str(o, "layer", s->layers[t->layer].id) ||
        add(o, "weight", number(t->weight)) || add_attrs(o, &t->attrs))
      return -1;
  }
  positions = cJSON_CreateArray();
  if (add(root, "positions", positions) != 0) return -1;
  for (i = 0; i < s->npositions; i++) {
    const dip_position *p = &s->positions[i];
    cJSON *o = push_object(positions);
    if (o == NULL || add_str(o, "actor", s->actors[p->actor].id) ||
        add_str(o, "issue", s->issues[p->issue].id) ||
        add(o, "position", number(p->position)) ||
        add(o, "salience", number(p->salience)) || add_attrs(o, &p->attrs))
      return -1;
  }
  return 0;
}

char *dip_json_encode_tree(const dip_system *s, int pretty) {
  cJSON *root = cJSON_CreateObject();
  char *out = NULL;
  if (root == NULL) return NULL;
  if (add_str(root, "format", DIP_FORMAT) == 0 &&
      add_str(root, "name", s->name) == 0 &&
      add_str(root, "description", s->description) == 0 &&
      add_attrs(root, &s->attrs) == 0 && write_layers(root, s) == 0 &&
      write_actors(root, s) == 0 && write_rest(root, s) == 0)
    out = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return out;
}

/* }====== */

/* {====== Items, their strings borrowed ====== */

/* Adds v to object o under key.  The key and v's strings are borrowed
** from the system (cJSON frees neither); they outlive the item, which
** is freed before the writer returns.  -1 when memory ran out (v is
** freed). */
static int put(cJSON *o, const char *key, cJSON *v) {
  if (v == NULL) return -1;
  if (!cJSON_AddItemToObjectCS(o, key, v)) {
    cJSON_Delete(v);
    return -1;
  }
  return 0;
}

static int put_str(cJSON *o, const char *key, const char *v) {
  if (v == NULL) return 0;
  return put(o, key, cJSON_CreateStringReference(v));
}

static int put_num(cJSON *o, const char *key, double x) {
  char b[40];
  return put(o, key, cJSON_CreateRaw(dip_fmtnum(b, sizeof b, x)));
}

static int put_attrs(cJSON *o, const dip_attrs *a) {
  cJSON *obj;
  int i;
  if (a->n == 0) return 0;
  obj = cJSON_CreateObject();
  if (put(o, "attrs", obj) != 0) return -1;
  for (i = 0; i < a->n; i++) {
    const dip_attr *t = &a->items[i];
    cJSON *v = NULL;
    char b[40];
    switch (t->type) {
    case DIP_STR: v = cJSON_CreateStringReference(t->u.s); break;
    case DIP_BOOL: v = cJSON_CreateBool(t->u.b); break;
    case DIP_NUM: v = cJSON_CreateRaw(dip_fmtnum(b, sizeof b, t->u.n)); break;
    case DIP_INT:
      snprintf(b, sizeof b, "%lld", t->u.i);
      v = cJSON_CreateRaw(b);
      break;
    }
    if (put(obj, t->key, v) != 0) return -1;
  }
  return 0;
}

/* Each item function returns a new object for item i of its section,
** NULL when memory ran out. */
typedef cJSON *(*item_fn)(const dip_system *s, int i);

/* The top object's own members: format, name, description, attrs. */
static cJSON *head_item(const dip_system *s, int i) {
  cJSON *o = cJSON_CreateObject();
  (void)i;
  if (o == NULL) return NULL;
  if (put_str(o, "format", DIP_FORMAT) || put_str(o, "name", s->name) ||
      put_str(o, "description", s->description) ||
      put_attrs(o, &s->attrs)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *layer_item(const dip_system *s, int i) {
  const dip_layer *l = &s->layers[i];
  cJSON *o = cJSON_CreateObject();
  if (o == NULL) return NULL;
  if (put_str(o, "id", l->id) || put_str(o, "name", l->name) ||
      put_str(o, "description", l->description) ||
      put(o, "directed", cJSON_CreateBool(l->directed)) ||
      put(o, "informal", cJSON_CreateBool(l->informal)) ||
      (l->self_ties && put(o, "self_ties", cJSON_CreateTrue())) ||
      put_attrs(o, &l->attrs)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *actor_item(const dip_system *s, int i) {
  const dip_actor *a = &s->actors[i];
  cJSON *o = cJSON_CreateObject(), *tags;
  int k;
  if (o == NULL) return NULL;
  if (put_str(o, "id", a->id) || put_str(o, "name", a->name) ||
      put_str(o, "kind", a->kind) || put_str(o, "org", a->org) ||
      put_str(o, "sector", a->sector) ||
      put_str(o, "profession", a->profession) ||
      put_str(o, "level", a->level) || put_str(o, "mandate", a->mandate) ||
      put_num(o, "capability", a->capability))
    goto oom;
  if (a->tags.n > 0) {
    tags = cJSON_CreateArray();
    if (put(o, "tags", tags) != 0) goto oom;
    for (k = 0; k < a->tags.n; k++) {
      cJSON *t = cJSON_CreateStringReference(a->tags.items[k]);
      if (t == NULL || !cJSON_AddItemToArray(tags, t)) {
        cJSON_Delete(t);
        goto oom;
      }
    }
  }
  if (put_attrs(o, &a->attrs)) goto oom;
  return o;
oom:
  cJSON_Delete(o);
  return NULL;
}

static cJSON *issue_item(const dip_system *s, int i) {
  const dip_issue *is = &s->issues[i];
  cJSON *o = cJSON_CreateObject();
  if (o == NULL) return NULL;
  if (put_str(o, "id", is->id) || put_str(o, "name", is->name) ||
      put_str(o, "description", is->description) ||
      put_num(o, "min", is->min) || put_num(o, "max", is->max) ||
      (is->has_status_quo && put_num(o, "status_quo", is->status_quo)) ||
      put_str(o, "min_label", is->min_label) ||
      put_str(o, "max_label", is->max_label) || put_attrs(o, &is->attrs)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *tie_item(const dip_system *s, int i) {
  const dip_tie *t = &s->ties[i];
  cJSON *o = cJSON_CreateObject();
  if (o == NULL) return NULL;
  if (put_str(o, "from", s->actors[t->from].id) ||
      put_str(o, "to", s->actors[t->to].id) ||
      put_str(o, "layer", s->layers[t->layer].id) ||
      put_num(o, "weight", t->weight) || put_attrs(o, &t->attrs)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *position_item(const dip_system *s, int i) {
  const dip_position *p = &s->positions[i];
  cJSON *o = cJSON_CreateObject();
  if (o == NULL) return NULL;
  if (put_str(o, "actor", s->actors[p->actor].id) ||
      put_str(o, "issue", s->issues[p->issue].id) ||
      put_num(o, "position", p->position) ||
      put_num(o, "salience", p->salience) || put_attrs(o, &p->attrs)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* }====== */

/* {====== The document, item by item ====== */

/* The scratch buffer for one item's text: items are a few hundred bytes
** unless they hold long texts. */
#define SCRATCH 65536

typedef struct writer {
  dip_buf text; /* the document so far (textbuf.c) */
  char *item;   /* scratch (SCRATCH bytes): the item cJSON printed */
  char *big;    /* an item too large for the scratch, printed by cJSON */
  int pretty, oom;
} writer;

static void emit(writer *w, const char *s, size_t n) {
  dip_buf_add(&w->text, s, n);
  if (w->text.oom) w->oom = 1;
}

/*
** Prints item with cJSON (pretty or compact, as w) and frees it.
** Returns the text and its length in *n: in w's scratch buffer, or, for
** an item too large for it (a long text), in a string cJSON allocates
** to size (w->big, freed at the next call); NULL when memory ran out
** (w->oom set; item NULL counts as that).
*/
static const char *print_item(writer *w, cJSON *item, size_t *n) {
  const char *out = NULL;
  cJSON_free(w->big); /* cJSON's allocator: the host may have set hooks */
  w->big = NULL;
  if (item != NULL && !w->oom) {
    if (w->item == NULL) w->item = malloc(SCRATCH);
    if (w->item != NULL &&
        cJSON_PrintPreallocated(item, w->item, SCRATCH, w->pretty))
      out = w->item; /* the usual case: no allocation */
    else if (w->item != NULL) {
      w->big = w->pretty ? cJSON_Print(item) : cJSON_PrintUnformatted(item);
      out = w->big;
    }
  }
  cJSON_Delete(item);
  if (out == NULL) {
    w->oom = 1;
    return NULL;
  }
  *n = strlen(out);
  return out;
}

/* Appends an item (text p, n bytes) printed alone, its lines after the
** first indented by `tabs` more tabs. */
static void emit_indented(writer *w, const char *p, size_t n, size_t tabs) {
  const char *end = p + n, *nl;
  size_t lines = 0;
  char *q;
  if (tabs == 0) {
    emit(w, p, n);
    return;
  }
  for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++)
    lines++;
  if (lines > ((size_t)-1) / 4 / tabs ||
      dip_buf_reserve(&w->text, n + lines * tabs) != 0) {
    w->oom = 1;
    return;
  }
  q = w->text.s + w->text.len;
  while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    memcpy(q, p, (size_t)(nl + 1 - p));
    q += nl + 1 - p;
    memset(q, '\t', tabs);
    q += tabs;
    p = nl + 1;
  }
  memcpy(q, p, (size_t)(end - p));
  q += end - p;
  *q = '\0';
  w->text.len = (size_t)(q - w->text.s);
}

/* One array of the top object: `"key": [item, item, ...]`, after the
** members before it. */
static void section(writer *w, const dip_system *s, const char *key,
                    int count, item_fn make) {
  int i;
  size_t n;
  const char *p;
  emit(w, w->pretty ? ",\n\t\"" : ",\"", w->pretty ? 4 : 2);
  emit(w, key, strlen(key));
  emit(w, w->pretty ? "\":\t[" : "\":[", w->pretty ? 4 : 3);
  for (i = 0; i < count && !w->oom; i++) {
    if (i > 0) emit(w, ", ", w->pretty ? 2 : 1);
    p = print_item(w, make(s, i), &n);
    if (p != NULL) emit_indented(w, p, n, w->pretty ? 2 : 0);
  }
  emit(w, "]", 1);
}

char *dip_json_write(const dip_system *s, int pretty, int newline,
                     size_t *len) {
  writer w;
  const char *p;
  size_t n = 0, cut = pretty ? 2 : 1;
  char *text;
  memset(&w, 0, sizeof w);
  w.pretty = pretty;
  /* the top object's own members, printed by cJSON, its closing "}"
     (pretty: "\n}") cut off; the arrays follow */
  p = print_item(&w, head_item(s, 0), &n);
  if (p != NULL && n > cut) emit(&w, p, n - cut);
  section(&w, s, "layers", s->nlayers, layer_item);
  section(&w, s, "actors", s->nactors, actor_item);
  section(&w, s, "issues", s->nissues, issue_item);
  section(&w, s, "ties", s->nties, tie_item);
  section(&w, s, "positions", s->npositions, position_item);
  emit(&w, pretty ? "\n}" : "}", cut);
  if (newline) emit(&w, "\n", 1);
  free(w.item);
  cJSON_free(w.big);
  if (w.oom || w.text.s == NULL) {
    dip_buf_free(&w.text);
    return NULL;
  }
  /* give back the unused end of the last doubling (no copy for a large
     block: glibc remaps it) */
  text = realloc(w.text.s, w.text.len + 1);
  if (text == NULL) text = w.text.s;
  if (len != NULL) *len = w.text.len;
  return text;
}

char *dip_json_encode(const dip_system *s, int pretty) {
  return dip_json_write(s, pretty, 0, NULL);
}

/* }====== */

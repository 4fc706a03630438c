/*
** graphml.c — GraphML in and out through igraph (igraph_write_graph_
** graphml and igraph_read_graph_graphml, built on libxml2).
**
** igraph keeps graph, vertex and edge attributes only when an attribute
** handler is installed; that is process-wide state in igraph, so the
** module installs igraph's C handler once per process when it is first
** loaded (dip_graphml_install, from errors.c) and never changes it:
** every graph igraph makes then carries an empty attribute table, which
** the other algorithm files never look at.  No Lua calls here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "interchange.h"

void dip_graphml_install(void) {
  if (!igraph_has_attribute_table())
    igraph_set_attribute_table(&igraph_cattribute_table);
}

/* {====== Writing ====== */

/* Names an actor's fields take as vertex attributes; free attributes
** with one of these names are written as "attrs.<name>". */
static const char *const VERTEX_RESERVED[] = {
    "id", "name", "kind", "org", "sector", "profession", "level", "mandate",
    "capability", "tags", "label", NULL};
static const char *const EDGE_RESERVED[] = {"id", "layer", "weight",
                                            "directed", "informal", NULL};
static const char *const GRAPH_RESERVED[] = {"name", "description", NULL};

/* The bits of the types an attribute's values take, and whether every
** item has a value. */
enum { T_STR = 1, T_NUM = 2, T_BOOL = 4 };

static int type_bit(const dip_attr *a) {
  return a->type == DIP_STR ? T_STR : a->type == DIP_BOOL ? T_BOOL : T_NUM;
}

/* An attribute set of item i (actors, or the selected ties), or NULL. */
typedef struct items {
  const dip_system *s;
  const unsigned char *selected;
  int vertices;
  int *tie; /* edge -> tie (edges only) */
  int n;
} items;

static const dip_attrs *attrs_of(const items *it, int i) {
  return it->vertices ? &it->s->actors[i].attrs
                      : &it->s->ties[it->tie[i]].attrs;
}

/* Text of a value when an attribute must be written as a string. */
static const char *as_text(const dip_attr *a, char *buf, size_t size) {
  switch (a->type) {
  case DIP_STR: return a->u.s;
  case DIP_INT: snprintf(buf, size, "%lld", a->u.i); return buf;
  case DIP_NUM: return dip_fmtnum(buf, size, a->u.n);
  default: return a->u.b ? "true" : "false";
  }
}

/*
** Sets free attribute `key` on every item: numeric when every value is a
** number (NaN where missing), boolean when every item has a boolean,
** otherwise strings ("" where missing; numbers and booleans as text).
*/
static igraph_error_t set_attr(igraph_t *g, const items *it, const char *key,
                               const char *const *reserved) {
  int i, types = 0, all = 1;
  char name[300], b[40];
  igraph_error_t e = IGRAPH_SUCCESS;
  const char *wname = dip_export_attrname(key, reserved, name, sizeof name);
  for (i = 0; i < it->n; i++) {
    const dip_attr *a = dip_attrs_get(attrs_of(it, i), key);
    if (a)
      types |= type_bit(a);
    else
      all = 0;
  }
  for (i = 0; i < it->n && e == IGRAPH_SUCCESS; i++) {
    const dip_attr *a = dip_attrs_get(attrs_of(it, i), key);
    if (types == T_NUM) {
      double x = a == NULL ? NAN : a->type == DIP_INT ? (double)a->u.i
                                                      : a->u.n;
      e = it->vertices ? SETVAN(g, wname, i, x) : SETEAN(g, wname, i, x);
    } else if (types == T_BOOL && all) {
      e = it->vertices ? SETVAB(g, wname, i, a->u.b)
                       : SETEAB(g, wname, i, a->u.b);
    } else {
      const char *v = a ? as_text(a, b, sizeof b) : "";
      e = it->vertices ? SETVAS(g, wname, i, v) : SETEAS(g, wname, i, v);
    }
  }
  return e;
}

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sets every free attribute found among the items. */
static igraph_error_t set_attrs(igraph_t *g, const items *it,
                                const char *const *reserved) {
  const char **keys;
  int n = 0, i, k, w;
  igraph_error_t e = IGRAPH_SUCCESS;
  for (i = 0; i < it->n; i++) n += attrs_of(it, i)->n;
  if (n == 0) return IGRAPH_SUCCESS;
  keys = malloc((size_t)n * sizeof *keys);
  if (keys == NULL) return IGRAPH_ENOMEM;
  for (i = 0, n = 0; i < it->n; i++) {
    const dip_attrs *a = attrs_of(it, i);
    for (k = 0; k < a->n; k++) keys[n++] = a->items[k].key;
  }
  qsort(keys, (size_t)n, sizeof *keys, cmpstr);
  for (i = 0, w = 0; i < n && e == IGRAPH_SUCCESS; i++) {
    if (w > 0 && strcmp(keys[i], keys[w - 1]) == 0) continue;
    keys[w++] = keys[i];
    e = set_attr(g, it, keys[i], reserved);
  }
  free(keys);
  return e;
}

static igraph_error_t set_vertices(igraph_t *g, const dip_system *s) {
  int i, k;
  igraph_error_t e = IGRAPH_SUCCESS;
  items it;
  for (i = 0; i < s->nactors && e == IGRAPH_SUCCESS; i++) {
    const dip_actor *a = &s->actors[i];
    const char *v[8];
    static const char *const f[8] = {"id", "name", "kind", "org", "sector",
                                     "profession", "level", "mandate"};
    v[0] = a->id, v[1] = a->name, v[2] = a->kind, v[3] = a->org;
    v[4] = a->sector, v[5] = a->profession, v[6] = a->level;
    v[7] = a->mandate;
    for (k = 0; k < 8 && e == IGRAPH_SUCCESS; k++)
      e = SETVAS(g, f[k], i, v[k] ? v[k] : "");
    if (e == IGRAPH_SUCCESS) e = SETVAN(g, "capability", i, a->capability);
    if (e == IGRAPH_SUCCESS) {
      dip_buf t = {NULL, 0, 0, 0};
      for (k = 0; k < a->tags.n; k++) {
        if (k) dip_buf_add(&t, ";", 1);
        dip_buf_adds(&t, a->tags.items[k]);
      }
      e = t.oom ? IGRAPH_ENOMEM : SETVAS(g, "tags", i, t.s ? t.s : "");
      dip_buf_free(&t);
    }
  }
  it.s = s;
  it.selected = NULL;
  it.vertices = 1;
  it.tie = NULL;
  it.n = s->nactors;
  return e == IGRAPH_SUCCESS ? set_attrs(g, &it, VERTEX_RESERVED) : e;
}

static igraph_error_t set_edges(igraph_t *g, const dip_system *s,
                                const int *tie, int m) {
  int i;
  igraph_error_t e = IGRAPH_SUCCESS;
  items it;
  for (i = 0; i < m && e == IGRAPH_SUCCESS; i++) {
    const dip_tie *t = &s->ties[tie[i]];
    const dip_layer *l = &s->layers[t->layer];
    e = SETEAS(g, "layer", i, l->id);
    if (e == IGRAPH_SUCCESS) e = SETEAN(g, "weight", i, t->weight);
    if (e == IGRAPH_SUCCESS) e = SETEAB(g, "directed", i, l->directed);
    if (e == IGRAPH_SUCCESS) e = SETEAB(g, "informal", i, l->informal);
  }
  it.s = s;
  it.selected = NULL;
  it.vertices = 0;
  it.tie = (int *)tie;
  it.n = m;
  return e == IGRAPH_SUCCESS ? set_attrs(g, &it, EDGE_RESERVED) : e;
}

static igraph_error_t set_graph(igraph_t *g, const dip_system *s) {
  igraph_error_t e = IGRAPH_SUCCESS;
  int k;
  char name[300], b[40];
  if (s->name) e = SETGAS(g, "name", s->name);
  if (e == IGRAPH_SUCCESS && s->description)
    e = SETGAS(g, "description", s->description);
  for (k = 0; k < s->attrs.n && e == IGRAPH_SUCCESS; k++) {
    const dip_attr *a = &s->attrs.items[k];
    const char *w = dip_export_attrname(a->key, GRAPH_RESERVED, name,
                                        sizeof name);
    switch (a->type) {
    case DIP_STR: e = SETGAS(g, w, a->u.s); break;
    case DIP_BOOL: e = SETGAB(g, w, a->u.b); break;
    default: e = SETGAN(g, w, a->type == DIP_INT ? (double)a->u.i : a->u.n);
    }
  }
  (void)b;
  return e;
}

int dip_graphml_write(const dip_system *s, const unsigned char *selected,
                      FILE *f) {
  igraph_t g;
  igraph_vector_int_t edges;
  igraph_error_t e;
  int *tie, i, m = 0, directed = 0;
  for (i = 0; i < s->nlayers; i++)
    if ((!selected || selected[i]) && s->layers[i].directed) directed = 1;
  tie = malloc(((size_t)s->nties + 1) * sizeof *tie);
  if (tie == NULL) return IGRAPH_ENOMEM;
  e = igraph_vector_int_init(&edges, 0);
  if (e != IGRAPH_SUCCESS) {
    free(tie);
    return e;
  }
  for (i = 0; i < s->nties && e == IGRAPH_SUCCESS; i++) {
    if (selected && !selected[s->ties[i].layer]) continue;
    tie[m++] = i;
    e = igraph_vector_int_push_back(&edges, s->ties[i].from);
    if (e == IGRAPH_SUCCESS)
      e = igraph_vector_int_push_back(&edges, s->ties[i].to);
  }
  if (e == IGRAPH_SUCCESS)
    e = igraph_create(&g, &edges, s->nactors, directed);
  igraph_vector_int_destroy(&edges);
  if (e != IGRAPH_SUCCESS) {
    free(tie);
    return e;
  }
  e = set_graph(&g, s);
  if (e == IGRAPH_SUCCESS) e = set_vertices(&g, s);
  if (e == IGRAPH_SUCCESS) e = set_edges(&g, s, tie, m);
  if (e == IGRAPH_SUCCESS) {
    /* numbers with '.' whatever the caller's locale (thread-local) */
    igraph_safelocale_t loc;
    e = igraph_enter_safelocale(&loc);
    if (e == IGRAPH_SUCCESS) {
      e = igraph_write_graph_graphml(&g, f, 1);
      igraph_exit_safelocale(&loc);
    }
  }
  igraph_destroy(&g);
  free(tie);
  return e;
}

/* }====== */

/* {====== Reading ====== */

typedef struct attrlist {
  igraph_strvector_t gn, vn, en;
  igraph_vector_int_t gt, vt, et;
} attrlist;

/* The type of attribute `name` in names/types, or 0 when absent. */
static int type_of(const igraph_strvector_t *names,
                   const igraph_vector_int_t *types, const char *name) {
  igraph_integer_t i, n = igraph_strvector_size(names);
  for (i = 0; i < n; i++)
    if (strcmp(igraph_strvector_get(names, i), name) == 0)
      return (int)VECTOR(*types)[i];
  return 0;
}

/* Item i's value of an attribute as text (NULL when missing: an empty
** string or NaN).  kind: 'g' graph, 'v' vertex, 'e' edge. */
static const char *text_of(const igraph_t *g, int kind, int type,
                           const char *name, igraph_integer_t i, char *buf,
                           size_t size) {
  const char *s;
  double x;
  switch (type) {
  case IGRAPH_ATTRIBUTE_STRING:
    s = kind == 'g' ? GAS(g, name) : kind == 'v' ? VAS(g, name, i)
                                                 : EAS(g, name, i);
    return s && s[0] ? s : NULL;
  case IGRAPH_ATTRIBUTE_NUMERIC:
    x = kind == 'g' ? GAN(g, name) : kind == 'v' ? VAN(g, name, i)
                                                 : EAN(g, name, i);
    return isnan(x) ? NULL : dip_fmtnum(buf, size, x);
  case IGRAPH_ATTRIBUTE_BOOLEAN:
    return (kind == 'g' ? GAB(g, name) : kind == 'v' ? VAB(g, name, i)
                                                    : EAB(g, name, i))
               ? "true"
               : "false";
  default:
    return NULL;
  }
}

/*
** The free attributes of an item: every attribute not in `known`, named
** without an "attrs." prefix.  Strings are borrowed from the graph.
** Returns -1 when memory ran out.
*/
static int read_attrs(const igraph_t *g, int kind, igraph_integer_t i,
                      const igraph_strvector_t *names,
                      const igraph_vector_int_t *types,
                      const char *const *known, dip_attrs *out) {
  igraph_integer_t j, n = igraph_strvector_size(names);
  out->items = NULL;
  out->n = 0;
  if (n == 0) return 0;
  out->items = calloc((size_t)n, sizeof(dip_attr));
  if (out->items == NULL) return -1;
  for (j = 0; j < n; j++) {
    const char *name = igraph_strvector_get(names, j), *s;
    dip_attr *a = &out->items[out->n];
    int k, type = (int)VECTOR(*types)[j];
    double x;
    for (k = 0; known[k]; k++)
      if (strcmp(name, known[k]) == 0) break;
    if (known[k]) continue;
    a->key = (char *)(strncmp(name, "attrs.", 6) == 0 && name[6] ? name + 6
                                                                 : name);
    if (type == IGRAPH_ATTRIBUTE_STRING) {
      s = kind == 'g' ? GAS(g, name) : kind == 'v' ? VAS(g, name, i)
                                                   : EAS(g, name, i);
      if (s == NULL || s[0] == '\0') continue;
      a->type = DIP_STR;
      a->u.s = (char *)s;
    } else if (type == IGRAPH_ATTRIBUTE_NUMERIC) {
      x = kind == 'g' ? GAN(g, name) : kind == 'v' ? VAN(g, name, i)
                                                   : EAN(g, name, i);
      if (isnan(x)) continue;
      if (x == floor(x) && fabs(x) <= (double)DIP_MAX_EXACT_INT) {
        a->type = DIP_INT;
        a->u.i = (long long)x;
      } else {
        a->type = DIP_NUM;
        a->u.n = x;
      }
    } else if (type == IGRAPH_ATTRIBUTE_BOOLEAN) {
      a->type = DIP_BOOL;
      a->u.b = kind == 'g' ? GAB(g, name) : kind == 'v' ? VAB(g, name, i)
                                                        : EAB(g, name, i);
    } else
      continue;
    out->n++;
  }
  dip_attrs_sort(out);
  return 0;
}

/* Passes on the problems in tmp, each prefixed with `where`. */
static void relay(const char *where, dip_problems *tmp, dip_problems *pr) {
  const char *p = tmp->text ? tmp->text : tmp->first;
  int n = 0;
  if (tmp->oom) pr->oom = 1;
  while (tmp->count > 0 && p && *p) {
    const char *end = strchr(p, '\n');
    int len = end ? (int)(end - p) : (int)strlen(p);
    dip_problem(pr, NULL, "%s: %.*s", where, len, p);
    n++;
    if (end == NULL || tmp->text == NULL) break;
    p = end + 1;
  }
  if (tmp->count > n) pr->count += tmp->count - n;
  dip_problems_free(tmp);
  dip_problems_init(tmp, 64);
  tmp->from_file = 1;
}

/* A layer met among the edges. */
typedef struct seen {
  char *id;
  int directed, informal, self_ties, bad;
} seen;

static const char *const VERTEX_KNOWN[] = {
    "id", "name", "kind", "org", "sector", "profession", "level", "mandate",
    "capability", "tags", NULL};
static const char *const EDGE_KNOWN[] = {"id", "layer", "weight", "directed",
                                         "informal", NULL};

/* The layers of the edges, in order of first appearance; ids are
** malloc'd copies.  Returns -1 when memory ran out. */
static int read_layers(const igraph_t *g, const attrlist *al,
                       const dip_graphml_opts *o, seen **out, int *nout,
                       dip_problems *pr) {
  igraph_integer_t e, m = igraph_ecount(g);
  int lt = type_of(&al->en, &al->et, "layer"),
      dt = type_of(&al->en, &al->et, "directed"),
      it = type_of(&al->en, &al->et, "informal"), n = 0, cap = 0, k;
  seen *l = NULL;
  char buf[40];
  *out = NULL;
  *nout = 0;
  for (e = 0; e < m; e++) {
    const char *id = text_of(g, 'e', lt, "layer", e, buf, sizeof buf);
    int dir = igraph_is_directed(g), inf = o->informal;
    if (id == NULL) id = o->layer;
    if (dt == IGRAPH_ATTRIBUTE_BOOLEAN) dir = EAB(g, "directed", e);
    if (it == IGRAPH_ATTRIBUTE_BOOLEAN) inf = EAB(g, "informal", e);
    for (k = 0; k < n; k++)
      if (strcmp(l[k].id, id) == 0) break;
    if (k == n) {
      if (n == cap) {
        void *p;
        cap = cap ? cap * 2 : 8;
        p = realloc(l, (size_t)cap * sizeof *l);
        if (p == NULL) goto oom;
        l = p;
      }
      l[n].id = dip_strdup(id);
      if (l[n].id == NULL) goto oom;
      l[n].directed = dir;
      l[n].informal = inf;
      l[n].self_ties = l[n].bad = 0;
      n++;
    }
    if (dir && !igraph_is_directed(g) && !l[k].bad) {
      dip_problem(pr, NULL, "layer '%.100s': an edge is marked directed in "
                  "an undirected graph", id);
      l[k].bad = 1;
    } else if ((l[k].directed != dir || l[k].informal != inf) && !l[k].bad) {
      dip_problem(pr, NULL, "layer '%.100s': its edges disagree on whether "
                  "it is %s", id, l[k].directed != dir ? "directed"
                                                       : "informal");
      l[k].bad = 1;
    }
    if (IGRAPH_FROM(g, e) == IGRAPH_TO(g, e)) l[k].self_ties = 1;
  }
  *out = l;
  *nout = n;
  return 0;
oom:
  for (k = 0; k < n; k++) free(l[k].id);
  free(l);
  return -1;
}

/* Splits a tags text on ';' into a malloc'd copy (*copy) and borrowed,
** trimmed tags; empty parts are skipped.  Returns -1 when memory ran
** out. */
static int split_tags(const char *text, char **copy, dip_tags *out) {
  char *p;
  int count = 1;
  *copy = dip_strdup(text);
  if (*copy == NULL) return -1;
  for (p = *copy; *p; p++) count += *p == ';';
  out->items = calloc((size_t)count, sizeof(char *));
  if (out->items == NULL) return -1;
  for (p = *copy;;) {
    char *end = strchr(p, ';');
    size_t len;
    if (end) *end = '\0';
    while (*p == ' ' || *p == '\t') p++;
    len = strlen(p);
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      p[--len] = '\0';
    if (*p) out->items[out->n++] = p;
    if (!end) break;
    p = end + 1;
  }
  return 0;
}

static int read_actors(dip_system *s, const igraph_t *g, const attrlist *al,
                       dip_problems *tmp, dip_problems *pr) {
  igraph_integer_t v, n = igraph_vcount(g);
  static const char *const f[7] = {"kind", "org", "sector", "profession",
                                   "level", "mandate", NULL};
  int idt = type_of(&al->vn, &al->vt, "id"),
      nt = type_of(&al->vn, &al->vt, "name"),
      lt = type_of(&al->vn, &al->vt, "label"),
      ct = type_of(&al->vn, &al->vt, "capability"),
      tt = type_of(&al->vn, &al->vt, "tags"), ft[6], k;
  char *fv[6];
  for (k = 0; k < 6; k++) ft[k] = type_of(&al->vn, &al->vt, f[k]);
  for (v = 0; v < n; v++) {
    dip_actor a;
    char idbuf[40], nbuf[40], cbuf[40], where[300], *tagcopy = NULL,
        fb[6][40];
    const char *cap;
    int bad = 0, rc = 0;
    memset(&a, 0, sizeof a);
    a.capability = 1;
    a.id = (char *)text_of(g, 'v', idt, "id", v, idbuf, sizeof idbuf);
    if (a.id == NULL) {
      dip_problem(pr, NULL, "node %ld: has no id", (long)v + 1);
      continue;
    }
    snprintf(where, sizeof where, "node '%.200s'", a.id);
    a.name = (char *)text_of(g, 'v', nt, "name", v, nbuf, sizeof nbuf);
    if (a.name == NULL)
      a.name = (char *)text_of(g, 'v', lt, "label", v, nbuf, sizeof nbuf);
    for (k = 0; k < 6; k++)
      fv[k] = (char *)text_of(g, 'v', ft[k], f[k], v, fb[k], sizeof fb[k]);
    a.kind = fv[0], a.org = fv[1], a.sector = fv[2];
    a.profession = fv[3], a.level = fv[4], a.mandate = fv[5];
    cap = text_of(g, 'v', ct, "capability", v, cbuf, sizeof cbuf);
    if (cap && !dip_csv_number(cap, &a.capability)) {
      dip_problem(pr, NULL, "%s: capability: must be a number, not "
                  "'%.80s'", where, cap);
      bad++;
    }
    if (tt == IGRAPH_ATTRIBUTE_STRING && VAS(g, "tags", v)[0] &&
        split_tags(VAS(g, "tags", v), &tagcopy, &a.tags) < 0) {
      free(tagcopy);
      free(a.tags.items);
      return -1;
    }
    if (read_attrs(g, 'v', v, &al->vn, &al->vt, VERTEX_KNOWN, &a.attrs) < 0)
      rc = -2;
    else if (!bad)
      rc = dip_add_actor(s, &a, tmp);
    relay(where, tmp, pr);
    free(a.attrs.items);
    free(a.tags.items);
    free(tagcopy);
    if (rc == -2) return -1;
  }
  return 0;
}

static int read_ties(dip_system *s, const igraph_t *g, const attrlist *al,
                     const dip_graphml_opts *o, dip_problems *tmp,
                     dip_problems *pr) {
  igraph_integer_t e, m = igraph_ecount(g);
  int idt = type_of(&al->vn, &al->vt, "id"),
      lt = type_of(&al->en, &al->et, "layer"),
      wt = type_of(&al->en, &al->et, "weight");
  for (e = 0; e < m; e++) {
    dip_tie_spec t;
    char fb[40], tb[40], lb[40], wb[40], where[500];
    const char *w;
    int bad = 0, rc = 0;
    memset(&t, 0, sizeof t);
    t.weight = 1;
    t.from = text_of(g, 'v', idt, "id", IGRAPH_FROM(g, e), fb, sizeof fb);
    t.to = text_of(g, 'v', idt, "id", IGRAPH_TO(g, e), tb, sizeof tb);
    if (t.from == NULL || t.to == NULL) continue; /* reported as a node */
    t.layer = text_of(g, 'e', lt, "layer", e, lb, sizeof lb);
    if (t.layer == NULL) t.layer = o->layer;
    snprintf(where, sizeof where, "edge %ld (%.200s -> %.200s)", (long)e + 1,
             t.from, t.to);
    w = text_of(g, 'e', wt, "weight", e, wb, sizeof wb);
    if (w && !dip_csv_number(w, &t.weight)) {
      dip_problem(pr, NULL, "%s: weight: must be a number, not '%.80s'",
                  where, w);
      bad++;
    }
    if (read_attrs(g, 'e', e, &al->en, &al->et, EDGE_KNOWN, &t.attrs) < 0)
      rc = -2;
    else if (!bad)
      rc = dip_add_tie(s, &t, 0, tmp);
    relay(where, tmp, pr);
    free(t.attrs.items);
    if (rc == -2) return -1;
  }
  return 0;
}

static int read_graph(const igraph_t *g, const attrlist *al,
                      const dip_graphml_opts *o, dip_system **out,
                      dip_problems *pr) {
  dip_problems tmp;
  dip_attrs at = {NULL, 0};
  seen *l = NULL;
  int nl = 0, k, rc = 0;
  char nb[40], db[40];
  const char *name = text_of(g, 'g', type_of(&al->gn, &al->gt, "name"),
                             "name", 0, nb, sizeof nb),
             *description =
                 text_of(g, 'g', type_of(&al->gn, &al->gt, "description"),
                         "description", 0, db, sizeof db);
  dip_system *s;
  dip_problems_init(&tmp, 64);
  tmp.from_file = 1;
  if (read_attrs(g, 'g', 0, &al->gn, &al->gt, GRAPH_RESERVED, &at) < 0)
    return -1;
  s = dip_system_new(name, description, &at, &tmp);
  relay("the graph", &tmp, pr);
  free(at.items);
  if (s == NULL && !pr->oom) s = dip_system_new(NULL, NULL, NULL, pr);
  if (s == NULL) return -1;
  *out = s;
  rc = read_layers(g, al, o, &l, &nl, pr);
  for (k = 0; k < nl && rc == 0; k++) {
    dip_layer spec;
    char where[300];
    memset(&spec, 0, sizeof spec);
    spec.id = l[k].id;
    spec.directed = l[k].directed;
    spec.informal = l[k].informal;
    spec.self_ties = l[k].self_ties;
    snprintf(where, sizeof where, "layer '%.200s'", l[k].id);
    if (dip_add_layer(s, &spec, &tmp) == -2) rc = -1;
    relay(where, &tmp, pr);
  }
  for (k = 0; k < nl; k++) free(l[k].id);
  free(l);
  if (rc == 0) rc = read_actors(s, g, al, &tmp, pr);
  if (rc == 0) rc = read_ties(s, g, al, o, &tmp, pr);
  dip_problems_free(&tmp);
  return rc;
}

dip_system *dip_graphml_read(FILE *f, const dip_graphml_opts *o, int *ierr,
                             dip_problems *pr) {
  igraph_t g;
  attrlist al;
  dip_system *s = NULL;
  igraph_error_t e;
  int live = 0, rc = 0;
  pr->from_file = 1;
  *ierr = IGRAPH_SUCCESS;
  {
    /* igraph reads numbers by the locale: read them in the C locale
       (for this thread only) so that "2.5" is 2.5 under a decimal
       comma too */
    igraph_safelocale_t loc;
    e = igraph_enter_safelocale(&loc);
    if (e == IGRAPH_SUCCESS) {
      e = igraph_read_graph_graphml(&g, f, 0);
      igraph_exit_safelocale(&loc);
    }
  }
  if (e != IGRAPH_SUCCESS) {
    *ierr = e;
    return NULL;
  }
  /* init each list; `live` counts those to destroy */
  if ((e = igraph_strvector_init(&al.gn, 0)) == IGRAPH_SUCCESS && ++live &&
      (e = igraph_strvector_init(&al.vn, 0)) == IGRAPH_SUCCESS && ++live &&
      (e = igraph_strvector_init(&al.en, 0)) == IGRAPH_SUCCESS && ++live &&
      (e = igraph_vector_int_init(&al.gt, 0)) == IGRAPH_SUCCESS && ++live &&
      (e = igraph_vector_int_init(&al.vt, 0)) == IGRAPH_SUCCESS && ++live &&
      (e = igraph_vector_int_init(&al.et, 0)) == IGRAPH_SUCCESS && ++live)
    e = igraph_cattribute_list(&g, &al.gn, &al.gt, &al.vn, &al.vt, &al.en,
                               &al.et);
  if (e != IGRAPH_SUCCESS)
    *ierr = e;
  else
    rc = read_graph(&g, &al, o, &s, pr);
  if (live > 5) igraph_vector_int_destroy(&al.et);
  if (live > 4) igraph_vector_int_destroy(&al.vt);
  if (live > 3) igraph_vector_int_destroy(&al.gt);
  if (live > 2) igraph_strvector_destroy(&al.en);
  if (live > 1) igraph_strvector_destroy(&al.vn);
  if (live > 0) igraph_strvector_destroy(&al.gn);
  igraph_destroy(&g);
  if (rc < 0) {
    pr->oom = 1;
    dip_problem(pr, NULL, "out of memory");
  }
  if (*ierr != IGRAPH_SUCCESS || pr->count > 0 || pr->oom) {
    dip_system_free(s);
    return NULL;
  }
  return s;
}

/* }====== */

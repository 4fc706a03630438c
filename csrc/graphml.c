/*
** graphml.c — GraphML in and out: written through libxml2's
** xmlTextWriter (xmlwrite.c), not igraph's writer, which loses digits
** and white space (see "Writing"); read through igraph
** (igraph_read_graph_graphml, built on libxml2).
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

/*
** GraphML is written through libxml2's xmlTextWriter (xmlwrite.c: the
** escaping and nesting are libxml2's), not igraph_write_graph_graphml:
** igraph 0.10 writes numbers with 15 significant digits (0.1 + 0.2 came
** back as 0.3) and leaves tab, line feed and carriage return in
** attribute values unescaped (XML reads them back as spaces), and
** neither can be changed from outside.  What this file decides is
** GraphML's content: the keys and their types, and numbers with the
** fewest digits that read back exactly (dip_fmtnum, up to 17).  Reading
** stays igraph's (below).  Node ids are the actor ids.
*/

/* Names an actor's fields take as node attributes; free attributes
** with one of these names are written as "attrs.<name>". */
static const char *const VERTEX_RESERVED[] = {
    "id", "name", "kind", "org", "sector", "profession", "level", "mandate",
    "capability", "tags", "label", NULL};
static const char *const EDGE_RESERVED[] = {"id", "layer", "weight",
                                            "directed", "informal", NULL};
static const char *const GRAPH_RESERVED[] = {"name", "description", NULL};

/* The bits of the types an attribute's values take. */
enum { T_STR = 1, T_INT = 2, T_NUM = 4, T_BOOL = 8 };

static int type_bit(const dip_attr *a) {
  switch (a->type) {
  case DIP_STR: return T_STR;
  case DIP_INT: return T_INT;
  case DIP_NUM: return T_NUM;
  default: return T_BOOL;
  }
}

/* A free attribute of nodes or edges: its name, the types of its
** values, and whether every item has one. */
typedef struct gkey {
  const char *key;
  int types, all;
} gkey;

/* The attribute sets written: the actors, or the selected ties. */
typedef struct items {
  const dip_system *s;
  const unsigned char *selected;
  int vertices;
} items;

static const dip_attrs *attrs_of(const items *it, int i) {
  if (it->vertices) return &it->s->actors[i].attrs;
  if (it->selected && !it->selected[it->s->ties[i].layer]) return NULL;
  return &it->s->ties[i].attrs;
}

static int cmpkey(const void *a, const void *b) {
  return strcmp(((const gkey *)a)->key, ((const gkey *)b)->key);
}

/* Collects the free attribute names of the items, sorted, with their
** types; NULL (and *n = -1) when memory ran out. */
static gkey *collect_keys(const items *it, int *nout) {
  int count = it->vertices ? it->s->nactors : it->s->nties, total = 0,
      nitems = 0, n = 0, i, k, w;
  gkey *g;
  for (i = 0; i < count; i++) {
    const dip_attrs *a = attrs_of(it, i);
    if (a) total += a->n, nitems++;
  }
  *nout = 0;
  if (total == 0) return NULL;
  g = malloc((size_t)total * sizeof *g);
  if (g == NULL) {
    *nout = -1;
    return NULL;
  }
  for (i = 0; i < count; i++) {
    const dip_attrs *a = attrs_of(it, i);
    for (k = 0; a && k < a->n; k++, n++) {
      g[n].key = a->items[k].key;
      g[n].types = type_bit(&a->items[k]);
      g[n].all = 1;
    }
  }
  qsort(g, (size_t)n, sizeof *g, cmpkey);
  for (i = 1, w = 1, k = 1; i <= n; i++) {
    if (i < n && strcmp(g[i].key, g[w - 1].key) == 0) {
      g[w - 1].types |= g[i].types;
      k++;
      continue;
    }
    g[w - 1].all = k == nitems; /* a key appears once per item */
    if (i < n) g[w++] = g[i];
    k = 1;
  }
  *nout = w;
  return g;
}

/* The GraphML type of a key: numbers as long (all integers) or double,
** booleans when every item has one (GraphML has no missing boolean),
** else string. */
static const char *key_type(int types, int all) {
  if (types == T_INT) return "long";
  if ((types & ~(T_INT | T_NUM)) == 0) return "double";
  if (types == T_BOOL && all) return "boolean";
  return "string";
}

/* Text of a value ("true"/"false", shortest exact number). */
static const char *value_text(const dip_attr *a, char *buf, size_t size) {
  switch (a->type) {
  case DIP_STR: return a->u.s;
  case DIP_INT: snprintf(buf, size, "%lld", a->u.i); return buf;
  case DIP_NUM: return dip_fmtnum(buf, size, a->u.n);
  default: return a->u.b ? "true" : "false";
  }
}

/* A GraphML document being written, with scratch text for a key's id
** ("v_<name>") and an actor's joined tags. */
typedef struct gw {
  dip_xml *x;
  dip_buf id, tags, name;
} gw;

/* A free attribute's name as written (dip_export_attrname); on running
** out of memory fails the document. */
static const char *attr_name(gw *g, const char *key,
                             const char *const *reserved) {
  const char *name = dip_export_attrname(key, reserved, &g->name);
  if (name) return name;
  dip_xml_fail(g->x);
  return "";
}

/* "<p>_<name>": the id of a key (p: 'g' graph, 'v' node, 'e' edge). */
static const char *key_id(gw *g, char p, const char *name) {
  const char pre[2] = {p, '_'};
  g->id.len = 0;
  dip_buf_add(&g->id, pre, 2);
  dip_buf_adds(&g->id, name);
  if (!g->id.oom) return g->id.s;
  dip_xml_fail(g->x);
  return "";
}

/* <key id="<p>_<name>" for="<what>" attr.name="<name>" attr.type=.../> */
static void put_key(gw *g, char p, const char *what, const char *name,
                    const char *type) {
  dip_xml_start(g->x, "key");
  dip_xml_attr(g->x, "id", key_id(g, p, name));
  dip_xml_attr(g->x, "for", what);
  dip_xml_attr(g->x, "attr.name", name);
  dip_xml_attr(g->x, "attr.type", type);
  dip_xml_end(g->x);
}

/* <data key="<p>_<name>">value</data>, nothing for a NULL value. */
static void put_data(gw *g, char p, const char *name, const char *value) {
  if (value == NULL) return;
  dip_xml_start(g->x, "data");
  dip_xml_attr(g->x, "key", key_id(g, p, name));
  dip_xml_text(g->x, value);
  dip_xml_end(g->x);
}

static void put_keys(gw *g, char p, const char *what, const gkey *k, int n,
                     const char *const *reserved) {
  int i;
  for (i = 0; i < n; i++)
    put_key(g, p, what, attr_name(g, k[i].key, reserved),
            key_type(k[i].types, k[i].all));
}

/* The free attributes of one item, each as its key's type needs. */
static void put_attrs(gw *g, char p, const dip_attrs *a,
                      const char *const *reserved) {
  char v[40];
  int k;
  for (k = 0; k < a->n; k++)
    put_data(g, p, attr_name(g, a->items[k].key, reserved),
             value_text(&a->items[k], v, sizeof v));
}

/* An actor's tags joined by ';'. */
static const char *tags_text(gw *g, const dip_tags *t) {
  int k;
  g->tags.len = 0;
  for (k = 0; k < t->n; k++) {
    if (k) dip_buf_add(&g->tags, ";", 1);
    dip_buf_adds(&g->tags, t->items[k]);
  }
  if (!g->tags.oom && g->tags.s) return g->tags.s;
  dip_xml_fail(g->x);
  return "";
}

static void put_nodes(gw *g, const dip_system *s) {
  static const char *const F[7] = {"name", "kind", "org", "sector",
                                   "profession", "level", "mandate"};
  int i, k;
  char n[40];
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    const char *v[7];
    v[0] = a->name, v[1] = a->kind, v[2] = a->org, v[3] = a->sector;
    v[4] = a->profession, v[5] = a->level, v[6] = a->mandate;
    dip_xml_start(g->x, "node");
    dip_xml_attr(g->x, "id", a->id);
    for (k = 0; k < 7; k++) put_data(g, 'v', F[k], v[k]);
    put_data(g, 'v', "capability", dip_fmtnum(n, sizeof n, a->capability));
    if (a->tags.n > 0) put_data(g, 'v', "tags", tags_text(g, &a->tags));
    put_attrs(g, 'v', &a->attrs, VERTEX_RESERVED);
    dip_xml_end(g->x);
  }
}

static void put_edges(gw *g, const dip_system *s,
                      const unsigned char *selected) {
  int i;
  char n[40];
  for (i = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    const dip_layer *l = &s->layers[t->layer];
    if (selected && !selected[t->layer]) continue;
    dip_xml_start(g->x, "edge");
    dip_xml_attr(g->x, "source", s->actors[t->from].id);
    dip_xml_attr(g->x, "target", s->actors[t->to].id);
    put_data(g, 'e', "layer", l->id);
    put_data(g, 'e', "weight", dip_fmtnum(n, sizeof n, t->weight));
    put_data(g, 'e', "directed", l->directed ? "true" : "false");
    put_data(g, 'e', "informal", l->informal ? "true" : "false");
    put_attrs(g, 'e', &t->attrs, EDGE_RESERVED);
    dip_xml_end(g->x);
  }
}

char *dip_graphml_write(const dip_system *s, const unsigned char *selected) {
  static const char *const VFIELDS[] = {"name", "kind", "org", "sector",
                                        "profession", "level", "mandate",
                                        NULL};
  gw g = {NULL, {NULL, 0, 0, 0}, {NULL, 0, 0, 0}, {NULL, 0, 0, 0}};
  items vi, ei;
  gkey *vk, *ek;
  int nv, ne, i, directed = 0;
  char *text;
  for (i = 0; i < s->nlayers; i++)
    if ((!selected || selected[i]) && s->layers[i].directed) directed = 1;
  vi.s = ei.s = s;
  vi.selected = ei.selected = selected;
  vi.vertices = 1;
  ei.vertices = 0;
  vk = collect_keys(&vi, &nv);
  ek = collect_keys(&ei, &ne);
  if (nv < 0 || ne < 0 || (g.x = dip_xml_begin()) == NULL) {
    free(vk);
    free(ek);
    return NULL;
  }
  dip_xml_start(g.x, "graphml");
  dip_xml_attr(g.x, "xmlns", "http://graphml.graphdrawing.org/xmlns");
  dip_xml_attr(g.x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  dip_xml_attr(g.x, "xsi:schemaLocation",
               "http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
  dip_xml_comment(g.x, " Created by diplomat " DIP_VERSION " ");
  if (s->name) put_key(&g, 'g', "graph", "name", "string");
  if (s->description) put_key(&g, 'g', "graph", "description", "string");
  for (i = 0; i < s->attrs.n; i++) {
    const dip_attr *a = &s->attrs.items[i];
    put_key(&g, 'g', "graph", attr_name(&g, a->key, GRAPH_RESERVED),
            key_type(type_bit(a), 1));
  }
  for (i = 0; VFIELDS[i]; i++) put_key(&g, 'v', "node", VFIELDS[i], "string");
  put_key(&g, 'v', "node", "capability", "double");
  put_key(&g, 'v', "node", "tags", "string");
  put_keys(&g, 'v', "node", vk, nv, VERTEX_RESERVED);
  put_key(&g, 'e', "edge", "layer", "string");
  put_key(&g, 'e', "edge", "weight", "double");
  put_key(&g, 'e', "edge", "directed", "boolean");
  put_key(&g, 'e', "edge", "informal", "boolean");
  put_keys(&g, 'e', "edge", ek, ne, EDGE_RESERVED);
  dip_xml_start(g.x, "graph");
  dip_xml_attr(g.x, "id", "G");
  dip_xml_attr(g.x, "edgedefault", directed ? "directed" : "undirected");
  put_data(&g, 'g', "name", s->name);
  put_data(&g, 'g', "description", s->description);
  put_attrs(&g, 'g', &s->attrs, GRAPH_RESERVED);
  put_nodes(&g, s);
  put_edges(&g, s, selected);
  text = dip_xml_finish(g.x); /* closes graph and graphml */
  dip_buf_free(&g.id);
  dip_buf_free(&g.tags);
  dip_buf_free(&g.name);
  free(vk);
  free(ek);
  return text;
}

/* }====== */

/* {====== Reading ====== */

/* The attributes igraph read: names (as igraph keys them), types, and
** the names as written in the file (gk, vk, ek: see unamp). */
typedef struct attrlist {
  igraph_strvector_t gn, vn, en;
  igraph_vector_int_t gt, vt, et;
  igraph_strvector_t gk, vk, ek;
} attrlist;

/*
** libxml2's SAX2 reader, as igraph runs it (without entity
** substitution, which keeps external entities out), hands over every
** "&" of an XML attribute value as "&#38;": node id="A&amp;E" arrives as
** "A&#38;E", and so do the names of keys.  Each "&#38;" of such a value
** stands for one "&", so replacing them gives back the text exactly.
** (Text between tags arrives right.)  Returns a malloc'd copy in *out,
** or NULL when s holds no "&#38;"; -1 when memory ran out.
*/
static int unamp(const char *s, char **out) {
  const char *p;
  char *w;
  *out = NULL;
  if (s == NULL || strstr(s, "&#38;") == NULL) return 0;
  *out = w = malloc(strlen(s) + 1);
  if (w == NULL) return -1;
  for (p = s; *p;) {
    if (strncmp(p, "&#38;", 5) == 0) {
      *w++ = '&';
      p += 5;
    } else
      *w++ = *p++;
  }
  *w = '\0';
  return 0;
}

/* keys: a copy of names with each "&#38;" read back as "&". */
static igraph_error_t unamp_names(const igraph_strvector_t *names,
                                  igraph_strvector_t *keys) {
  igraph_integer_t i, n = igraph_strvector_size(names);
  igraph_error_t e = igraph_strvector_init_copy(keys, names);
  for (i = 0; i < n && e == IGRAPH_SUCCESS; i++) {
    char *k;
    if (unamp(igraph_strvector_get(names, i), &k) < 0) e = IGRAPH_ENOMEM;
    if (k != NULL) {
      e = igraph_strvector_set(keys, i, k);
      free(k);
    }
  }
  if (e != IGRAPH_SUCCESS) igraph_strvector_destroy(keys);
  return e;
}

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
                      const igraph_strvector_t *keys,
                      const igraph_vector_int_t *types,
                      const char *const *known, dip_attrs *out) {
  igraph_integer_t j, n = igraph_strvector_size(names);
  out->items = NULL;
  out->n = 0;
  if (n == 0) return 0;
  out->items = calloc((size_t)n, sizeof(dip_attr));
  if (out->items == NULL) return -1;
  for (j = 0; j < n; j++) {
    const char *name = igraph_strvector_get(names, j), *s,
               *key = igraph_strvector_get(keys, j);
    dip_attr *a = &out->items[out->n];
    int k, type = (int)VECTOR(*types)[j];
    double x;
    for (k = 0; known[k]; k++)
      if (strcmp(key, known[k]) == 0) break;
    if (known[k]) continue;
    a->key = (char *)(strncmp(key, "attrs.", 6) == 0 && key[6] ? key + 6
                                                               : key);
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
        fb[6][40], *idcopy;
    const char *cap;
    int bad = 0, rc = 0;
    memset(&a, 0, sizeof a);
    a.capability = 1;
    a.id = (char *)text_of(g, 'v', idt, "id", v, idbuf, sizeof idbuf);
    if (a.id == NULL) {
      dip_problem(pr, NULL, "node %ld: has no id", (long)v + 1);
      continue;
    }
    if (unamp(a.id, &idcopy) < 0) return -1;
    if (idcopy) a.id = idcopy;
    snprintf(where, sizeof where, "node '%.200s'", a.id);
    a.name = (char *)text_of(g, 'v', nt, "name", v, nbuf, sizeof nbuf);
    if (a.name == NULL)
      a.name = (char *)text_of(g, 'v', lt, "label", v, nbuf, sizeof nbuf);
    for (k = 0; k < 6; k++)
      fv[k] = (char *)text_of(g, 'v', ft[k], f[k], v, fb[k], sizeof fb[k]);
    a.kind = fv[0], a.org = fv[1], a.sector = fv[2];
    a.profession = fv[3], a.level = fv[4], a.mandate = fv[5];
    cap = text_of(g, 'v', ct, "capability", v, cbuf, sizeof cbuf);
    if (cap && dip_csv_number(cap, &a.capability) != 1) {
      dip_problem(pr, NULL, "%s: capability: must be a number, not "
                  "'%.80s'", where, cap);
      bad++;
    }
    if (tt == IGRAPH_ATTRIBUTE_STRING && VAS(g, "tags", v)[0] &&
        split_tags(VAS(g, "tags", v), &tagcopy, &a.tags) < 0) {
      free(tagcopy);
      free(a.tags.items);
      free(idcopy);
      return -1;
    }
    if (read_attrs(g, 'v', v, &al->vn, &al->vk, &al->vt, VERTEX_KNOWN,
                   &a.attrs) < 0)
      rc = -2;
    else if (!bad)
      rc = dip_add_actor(s, &a, tmp);
    relay(where, tmp, pr);
    free(a.attrs.items);
    free(a.tags.items);
    free(tagcopy);
    free(idcopy);
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
    char fb[40], tb[40], lb[40], wb[40], where[500], *fcopy, *tcopy = NULL;
    const char *w;
    int bad = 0, rc = 0;
    memset(&t, 0, sizeof t);
    t.weight = 1;
    t.from = text_of(g, 'v', idt, "id", IGRAPH_FROM(g, e), fb, sizeof fb);
    t.to = text_of(g, 'v', idt, "id", IGRAPH_TO(g, e), tb, sizeof tb);
    if (t.from == NULL || t.to == NULL) continue; /* reported as a node */
    if (unamp(t.from, &fcopy) < 0 || unamp(t.to, &tcopy) < 0) {
      free(fcopy);
      return -1;
    }
    if (fcopy) t.from = fcopy;
    if (tcopy) t.to = tcopy;
    t.layer = text_of(g, 'e', lt, "layer", e, lb, sizeof lb);
    if (t.layer == NULL) t.layer = o->layer;
    snprintf(where, sizeof where, "edge %ld (%.200s -> %.200s)", (long)e + 1,
             t.from, t.to);
    w = text_of(g, 'e', wt, "weight", e, wb, sizeof wb);
    if (w && dip_csv_number(w, &t.weight) != 1) {
      dip_problem(pr, NULL, "%s: weight: must be a number, not '%.80s'",
                  where, w);
      bad++;
    }
    if (read_attrs(g, 'e', e, &al->en, &al->ek, &al->et, EDGE_KNOWN,
                   &t.attrs) < 0)
      rc = -2;
    else if (!bad)
      rc = dip_add_tie(s, &t, 0, tmp);
    relay(where, tmp, pr);
    free(t.attrs.items);
    free(fcopy);
    free(tcopy);
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
  if (read_attrs(g, 'g', 0, &al->gn, &al->gk, &al->gt, GRAPH_RESERVED,
                 &at) < 0)
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
  if (e == IGRAPH_SUCCESS && live == 6 &&
      (e = unamp_names(&al.gn, &al.gk)) == IGRAPH_SUCCESS && ++live &&
      (e = unamp_names(&al.vn, &al.vk)) == IGRAPH_SUCCESS && ++live &&
      (e = unamp_names(&al.en, &al.ek)) == IGRAPH_SUCCESS)
    ++live;
  if (e != IGRAPH_SUCCESS)
    *ierr = e;
  else
    rc = read_graph(&g, &al, o, &s, pr);
  if (live > 8) igraph_strvector_destroy(&al.ek);
  if (live > 7) igraph_strvector_destroy(&al.vk);
  if (live > 6) igraph_strvector_destroy(&al.gk);
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

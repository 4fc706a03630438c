/*
** export.c — a system map for drawing tools: DOT for Graphviz, written
** by hand into a text buffer, and GEXF 1.3 for Gephi, written through
** libxml2's xmlTextWriter (xmlwrite.c: XML escaping and nesting are
** libxml2's).
**
** Both carry every actor (isolated or not) with its fields and free
** attributes, and one edge per tie of the selected layers with its
** layer, weight and attributes.  Output is deterministic: actors and
** ties in the order they were added, attributes sorted by name.  No Lua
** calls here.  (GraphML: graphml.c.)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interchange.h"

/* {====== Checks and names ====== */

/* The first control character of s that XML cannot hold, or 0. */
static int badchar(const char *s) {
  const unsigned char *p;
  if (s == NULL) return 0;
  for (p = (const unsigned char *)s; *p; p++)
    if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
      return *p;
  return 0;
}

/* The offset of the first byte of s that is not part of valid UTF-8,
** or -1.  XML must be UTF-8 (a reader stops at the first bad byte), and
** Graphviz reads UTF-8 by default. */
static long badutf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n, i = 0, k;
  if (s == NULL) return -1;
  n = strlen(s);
  while (i < n) {
    if ((k = dip_utf8len(p + i, n - i)) == 0) return (long)i;
    i += k;
  }
  return -1;
}

static int check(const char *what, const char *id, const char *field,
                 const char *v, const char *format, dip_problems *pr) {
  int c = badchar(v);
  long at = badutf8(v);
  if (c == 0 && at < 0) return 0;
  if (c != 0)
    dip_problem(pr, NULL, "%s%s%.100s%s: %s holds a control character "
                "(U+%04X), which %s cannot hold", what, id ? " '" : "",
                id ? id : "", id ? "'" : "", field, c, format);
  else
    dip_problem(pr, NULL, "%s%s%.100s%s: %s is not valid UTF-8 (at byte "
                "%ld); %s text must be", what, id ? " '" : "", id ? id : "",
                id ? "'" : "", field, at + 1, format);
  return 1;
}

static int check_attrs(const char *what, const char *id, const dip_attrs *a,
                       const char *format, dip_problems *pr) {
  int k, bad = 0;
  char f[90];
  for (k = 0; k < a->n; k++) {
    snprintf(f, sizeof f, "attribute '%.60s'", a->items[k].key);
    bad += check(what, id, "the name of an attribute", a->items[k].key,
                 format, pr);
    if (a->items[k].type == DIP_STR)
      bad += check(what, id, f, a->items[k].u.s, format, pr);
  }
  return bad;
}

int dip_export_check_text(const dip_system *s, const unsigned char *selected,
                          const char *format, dip_problems *pr) {
  int i, k, bad = 0;
  bad += check("the system", NULL, "name", s->name, format, pr);
  bad += check("the system", NULL, "description", s->description, format,
               pr);
  bad += check_attrs("the system", NULL, &s->attrs, format, pr);
  for (i = 0; i < s->nlayers; i++) {
    char n[40];
    snprintf(n, sizeof n, "layer %d", i + 1);
    if (!selected || selected[i])
      bad += check(n, NULL, "its id", s->layers[i].id, format, pr);
  }
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    char n[40];
    snprintf(n, sizeof n, "actor %d", i + 1);
    if (check(n, NULL, "its id", a->id, format, pr)) {
      bad++;
      continue; /* the messages below would show the id */
    }
    const char *v[7];
    static const char *const f[7] = {"name", "kind", "org", "sector",
                                     "profession", "level", "mandate"};
    v[0] = a->name, v[1] = a->kind, v[2] = a->org, v[3] = a->sector;
    v[4] = a->profession, v[5] = a->level, v[6] = a->mandate;
    for (k = 0; k < 7; k++) bad += check("actor", a->id, f[k], v[k], format,
                                         pr);
    for (k = 0; k < a->tags.n; k++)
      bad += check("actor", a->id, "a tag", a->tags.items[k], format, pr);
    bad += check_attrs("actor", a->id, &a->attrs, format, pr);
  }
  for (i = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    char id[420];
    if (selected && !selected[t->layer]) continue;
    snprintf(id, sizeof id, "%.200s -> %.200s", s->actors[t->from].id,
             s->actors[t->to].id);
    bad += check_attrs("tie", id, &t->attrs, format, pr);
  }
  return bad;
}

const char *dip_export_attrname(const char *key, const char *const *reserved,
                                dip_buf *b) {
  int k;
  for (k = 0; reserved[k]; k++)
    if (strcmp(key, reserved[k]) == 0) break;
  if (reserved[k] == NULL && strncmp(key, "attrs.", 6) != 0) return key;
  b->len = 0; /* a buffer, not a fixed array: names have no length limit */
  dip_buf_adds(b, "attrs.");
  dip_buf_adds(b, key);
  return b->oom ? NULL : b->s;
}

/* }====== */

/* {====== DOT ====== */

/* A DOT quoted string: \ and " escaped, line breaks written \n. */
static void dot_str(dip_buf *b, const char *s) {
  const char *p;
  dip_buf_add(b, "\"", 1);
  for (p = s; *p; p++) {
    if (*p == '"' || *p == '\\') {
      dip_buf_add(b, "\\", 1);
      dip_buf_add(b, p, 1);
    } else if (*p == '\n')
      dip_buf_add(b, "\\n", 2);
    else if (*p == '\r') {
      if (p[1] != '\n') dip_buf_add(b, "\\n", 2);
    } else
      dip_buf_add(b, p, 1);
  }
  dip_buf_add(b, "\"", 1);
}

/* A name DOT reads without quotes: letters, digits and _, not starting
** with a digit, and none of DOT's keywords. */
static int dot_plain(const char *s) {
  static const char *const KEYWORDS[] = {"node", "edge", "graph", "digraph",
                                         "subgraph", "strict", NULL};
  const char *p;
  int k;
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
    return 0;
  for (p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '_'))
      return 0;
  for (k = 0; KEYWORDS[k]; k++)
    if (strcasecmp(s, KEYWORDS[k]) == 0) return 0;
  return 1;
}

static void dot_attr(dip_buf *b, int *first, const char *name,
                     const char *value) {
  if (value == NULL) return;
  dip_buf_adds(b, *first ? " [" : ", ");
  *first = 0;
  if (dot_plain(name))
    dip_buf_adds(b, name);
  else
    dot_str(b, name);
  dip_buf_add(b, "=", 1);
  dot_str(b, value);
}

static void dot_attrs(dip_buf *b, int *first, const dip_attrs *a) {
  int k;
  dip_buf name = {NULL, 0, 0, 0};
  for (k = 0; k < a->n; k++) {
    const dip_attr *t = &a->items[k];
    char v[40];
    const char *value = v;
    name.len = 0;
    dip_buf_adds(&name, "attrs.");
    dip_buf_adds(&name, t->key);
    if (name.oom) {
      b->oom = 1;
      break;
    }
    switch (t->type) {
    case DIP_STR: value = t->u.s; break;
    case DIP_INT: snprintf(v, sizeof v, "%lld", t->u.i); break;
    case DIP_NUM: dip_fmtnum(v, sizeof v, t->u.n); break;
    case DIP_BOOL: value = t->u.b ? "true" : "false"; break;
    }
    dot_attr(b, first, name.s, value);
  }
  dip_buf_free(&name);
}

/* Whether any selected layer is directed, and any undirected. */
static void directions(const dip_system *s, const unsigned char *selected,
                       int *directed, int *undirected) {
  int l;
  *directed = *undirected = 0;
  for (l = 0; l < s->nlayers; l++)
    if (!selected || selected[l]) {
      if (s->layers[l].directed)
        *directed = 1;
      else
        *undirected = 1;
    }
}

char *dip_export_dot(const dip_system *s, const unsigned char *selected) {
  dip_buf b = {NULL, 0, 0, 0};
  int directed, undirected, i, k;
  char n[40];
  directions(s, selected, &directed, &undirected);
  dip_buf_adds(&b, directed ? "digraph " : "graph ");
  if (s->name) {
    dot_str(&b, s->name);
    dip_buf_add(&b, " ", 1);
  }
  dip_buf_adds(&b, "{\n");
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    const char *v[7];
    static const char *const f[7] = {"kind", "org", "sector", "profession",
                                     "level", "mandate", NULL};
    int first = 1;
    v[0] = a->kind, v[1] = a->org, v[2] = a->sector, v[3] = a->profession;
    v[4] = a->level, v[5] = a->mandate;
    dip_buf_adds(&b, "  ");
    dot_str(&b, a->id);
    dot_attr(&b, &first, "label", a->name);
    for (k = 0; f[k]; k++) dot_attr(&b, &first, f[k], v[k]);
    dot_attr(&b, &first, "capability", dip_fmtnum(n, sizeof n,
                                                  a->capability));
    if (a->tags.n > 0) {
      dip_buf t = {NULL, 0, 0, 0};
      for (k = 0; k < a->tags.n; k++) {
        if (k) dip_buf_add(&t, ";", 1);
        dip_buf_adds(&t, a->tags.items[k]);
      }
      if (t.oom) b.oom = 1;
      dot_attr(&b, &first, "tags", t.s);
      dip_buf_free(&t);
    }
    dot_attrs(&b, &first, &a->attrs);
    dip_buf_adds(&b, first ? ";\n" : "];\n");
  }
  for (i = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    const dip_layer *l = &s->layers[t->layer];
    int first = 1;
    if (selected && !selected[t->layer]) continue;
    dip_buf_adds(&b, "  ");
    dot_str(&b, s->actors[t->from].id);
    dip_buf_adds(&b, directed ? " -> " : " -- ");
    dot_str(&b, s->actors[t->to].id);
    dot_attr(&b, &first, "layer", l->id);
    dot_attr(&b, &first, "weight", dip_fmtnum(n, sizeof n, t->weight));
    if (l->informal) dot_attr(&b, &first, "style", "dashed");
    if (directed && !l->directed) dot_attr(&b, &first, "dir", "none");
    dot_attrs(&b, &first, &t->attrs);
    dip_buf_adds(&b, "];\n");
  }
  dip_buf_adds(&b, "}\n");
  if (b.oom) {
    dip_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* }====== */

/* {====== GEXF ====== */

/* A GEXF document being written, with scratch text for an attribute's
** id ("attrs.<name>"), a value made a token, and an actor's joined
** tags. */
typedef struct gx {
  dip_xml *x;
  dip_buf id, token, tags, name;
} gx;

/* Ends a scratch text; on running out of memory fails the document. */
static const char *scratch(gx *g, dip_buf *b) {
  if (!b->oom && b->s) return b->s;
  dip_xml_fail(g->x);
  return "";
}

/*
** s as an xsd:token: runs of white space as one space, none at either
** end.  GEXF declares a node's label and an edge's kind so, and a
** reader collapses them the same way; this is GEXF's rule, not XML
** escaping (which libxml2 does).
*/
static const char *token(gx *g, const char *s) {
  const char *p;
  int space = 0;
  g->token.len = 0;
  dip_buf_add(&g->token, "", 0);
  for (p = s; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      space = 1;
      continue;
    }
    if (space && g->token.len > 0) dip_buf_add(&g->token, " ", 1);
    space = 0;
    dip_buf_add(&g->token, p, 1);
  }
  return scratch(g, &g->token);
}

/* The GEXF type of every value of attribute key among attrs: "long"
** for integers, "double" for numbers, "boolean", or "string" when they
** are strings or mixed. */
typedef struct gexfattr {
  const char *key;
  int types; /* bits: 1 string, 2 integer, 4 float, 8 boolean */
} gexfattr;

static int cmpgexf(const void *x, const void *y) {
  return strcmp(((const gexfattr *)x)->key, ((const gexfattr *)y)->key);
}

static const char *gexf_type(int types) {
  if (types == 2) return "long";
  if ((types & ~6) == 0) return "double";
  if (types == 8) return "boolean";
  return "string";
}

static int type_bit(const dip_attr *a) {
  switch (a->type) {
  case DIP_STR: return 1;
  case DIP_INT: return 2;
  case DIP_NUM: return 4;
  default: return 8;
  }
}

/* Collects the attribute keys of n attribute sets (get(i) gives set i, or
** NULL to skip it) with the types of their values. */
static int gexf_keys(const dip_system *s, const unsigned char *selected,
                     int nodes, gexfattr **out, int *nout) {
  gexfattr *g = NULL;
  int n = 0, cap = 0, i, k, w, count = nodes ? s->nactors : s->nties;
  for (i = 0; i < count; i++) {
    const dip_attrs *a;
    if (nodes)
      a = &s->actors[i].attrs;
    else if (selected && !selected[s->ties[i].layer])
      continue;
    else
      a = &s->ties[i].attrs;
    for (k = 0; k < a->n; k++) {
      if (n == cap) {
        void *p;
        cap = cap ? cap * 2 : 16;
        p = realloc(g, (size_t)cap * sizeof *g);
        if (p == NULL) {
          free(g);
          return -1;
        }
        g = p;
      }
      g[n].key = a->items[k].key;
      g[n].types = type_bit(&a->items[k]);
      n++;
    }
  }
  if (n > 0) qsort(g, (size_t)n, sizeof *g, cmpgexf);
  for (i = 1, w = n ? 1 : 0; i < n; i++) {
    if (strcmp(g[i].key, g[w - 1].key) == 0)
      g[w - 1].types |= g[i].types;
    else
      g[w++] = g[i];
  }
  *out = g;
  *nout = w;
  return 0;
}

static const char *const NODE_FIELDS[] = {
    "kind", "org", "sector", "profession", "level", "mandate",
    "capability", "tags", NULL};
static const char *const NODE_RESERVED[] = {
    "kind", "org", "sector", "profession", "level", "mandate",
    "capability", "tags", "id", "name", "label", NULL};
static const char *const EDGE_RESERVED[] = {
    "layer", "informal", "weight", "id", "kind", "label", "directed", NULL};

static void gexf_declare(gx *g, const gexfattr *a, int n,
                         const char *const *reserved) {
  int i;
  const char *title;
  for (i = 0; i < n; i++) {
    g->id.len = 0;
    dip_buf_adds(&g->id, "attrs.");
    dip_buf_adds(&g->id, a[i].key);
    dip_xml_start(g->x, "attribute");
    dip_xml_attr(g->x, "id", scratch(g, &g->id));
    title = dip_export_attrname(a[i].key, reserved, &g->name);
    dip_xml_attr(g->x, "title", title ? title : scratch(g, &g->name));
    dip_xml_attr(g->x, "type", gexf_type(a[i].types));
    dip_xml_end(g->x);
  }
}

/* <attribute id="<name>" title="<name>" type="<type>"/>, a field's */
static void gexf_field(gx *g, const char *name, const char *type) {
  dip_xml_start(g->x, "attribute");
  dip_xml_attr(g->x, "id", name);
  dip_xml_attr(g->x, "title", name);
  dip_xml_attr(g->x, "type", type);
  dip_xml_end(g->x);
}

static void gexf_value(gx *g, const char *id, const char *value) {
  if (value == NULL) return;
  dip_xml_start(g->x, "attvalue");
  dip_xml_attr(g->x, "for", id);
  dip_xml_attr(g->x, "value", value);
  dip_xml_end(g->x);
}

static void gexf_values(gx *g, const dip_attrs *a) {
  int k;
  for (k = 0; k < a->n; k++) {
    const dip_attr *t = &a->items[k];
    char v[40];
    const char *value = v;
    switch (t->type) {
    case DIP_STR: value = t->u.s; break;
    case DIP_INT: snprintf(v, sizeof v, "%lld", t->u.i); break;
    case DIP_NUM: dip_fmtnum(v, sizeof v, t->u.n); break;
    case DIP_BOOL: value = t->u.b ? "true" : "false"; break;
    }
    g->id.len = 0;
    dip_buf_adds(&g->id, "attrs.");
    dip_buf_adds(&g->id, t->key);
    gexf_value(g, scratch(g, &g->id), value);
  }
}

static void gexf_nodes(gx *g, const dip_system *s) {
  int i, k;
  char n[40];
  snprintf(n, sizeof n, "%d", s->nactors);
  dip_xml_start(g->x, "nodes");
  dip_xml_attr(g->x, "count", n);
  for (i = 0; i < s->nactors; i++) {
    const dip_actor *a = &s->actors[i];
    const char *v[7];
    v[0] = a->kind, v[1] = a->org, v[2] = a->sector, v[3] = a->profession;
    v[4] = a->level, v[5] = a->mandate;
    v[6] = dip_fmtnum(n, sizeof n, a->capability);
    dip_xml_start(g->x, "node");
    dip_xml_attr(g->x, "id", a->id);
    dip_xml_attr(g->x, "label", token(g, a->name));
    dip_xml_start(g->x, "attvalues");
    for (k = 0; k < 7; k++) gexf_value(g, NODE_FIELDS[k], v[k]);
    if (a->tags.n > 0) {
      g->tags.len = 0;
      for (k = 0; k < a->tags.n; k++) {
        if (k) dip_buf_add(&g->tags, ";", 1);
        dip_buf_adds(&g->tags, a->tags.items[k]);
      }
      gexf_value(g, "tags", scratch(g, &g->tags));
    }
    gexf_values(g, &a->attrs);
    dip_xml_end(g->x); /* attvalues */
    dip_xml_end(g->x); /* node */
  }
  dip_xml_end(g->x);
}

static void gexf_edges(gx *g, const dip_system *s,
                       const unsigned char *selected, int mixed) {
  int i, m = 0;
  char n[40];
  for (i = 0; i < s->nties; i++) m += !selected || selected[s->ties[i].layer];
  snprintf(n, sizeof n, "%d", m);
  dip_xml_start(g->x, "edges");
  dip_xml_attr(g->x, "count", n);
  for (i = 0, m = 0; i < s->nties; i++) {
    const dip_tie *t = &s->ties[i];
    const dip_layer *l = &s->layers[t->layer];
    if (selected && !selected[t->layer]) continue;
    snprintf(n, sizeof n, "%d", m++);
    dip_xml_start(g->x, "edge");
    dip_xml_attr(g->x, "id", n);
    dip_xml_attr(g->x, "source", s->actors[t->from].id);
    dip_xml_attr(g->x, "target", s->actors[t->to].id);
    dip_xml_attr(g->x, "weight", dip_fmtnum(n, sizeof n, t->weight));
    dip_xml_attr(g->x, "kind", token(g, l->id));
    if (mixed && !l->directed) dip_xml_attr(g->x, "type", "undirected");
    dip_xml_start(g->x, "attvalues");
    gexf_value(g, "layer", l->id);
    gexf_value(g, "informal", l->informal ? "true" : "false");
    gexf_values(g, &t->attrs);
    dip_xml_end(g->x); /* attvalues */
    dip_xml_end(g->x); /* edge */
  }
  dip_xml_end(g->x);
}

char *dip_export_gexf(const dip_system *s, const unsigned char *selected) {
  gx g = {NULL, {NULL, 0, 0, 0}, {NULL, 0, 0, 0}, {NULL, 0, 0, 0},
          {NULL, 0, 0, 0}};
  gexfattr *na = NULL, *ea = NULL;
  int nn = 0, ne = 0, directed, undirected, k;
  char *text;
  if (gexf_keys(s, selected, 1, &na, &nn) < 0 ||
      gexf_keys(s, selected, 0, &ea, &ne) < 0 ||
      (g.x = dip_xml_begin()) == NULL) {
    free(na);
    free(ea);
    return NULL;
  }
  directions(s, selected, &directed, &undirected);
  dip_xml_start(g.x, "gexf");
  dip_xml_attr(g.x, "xmlns", "http://gexf.net/1.3");
  dip_xml_attr(g.x, "version", "1.3");
  dip_xml_start(g.x, "meta");
  dip_xml_start(g.x, "creator");
  dip_xml_text(g.x, "diplomat " DIP_VERSION);
  dip_xml_end(g.x);
  if (s->name || s->description) {
    dip_xml_start(g.x, "description");
    if (s->name) dip_xml_text(g.x, s->name);
    if (s->name && s->description) dip_xml_text(g.x, ": ");
    if (s->description) dip_xml_text(g.x, s->description);
    dip_xml_end(g.x);
  }
  dip_xml_end(g.x); /* meta */
  dip_xml_start(g.x, "graph");
  dip_xml_attr(g.x, "mode", "static");
  dip_xml_attr(g.x, "defaultedgetype", directed ? "directed" : "undirected");
  dip_xml_start(g.x, "attributes");
  dip_xml_attr(g.x, "class", "node");
  for (k = 0; NODE_FIELDS[k]; k++)
    gexf_field(&g, NODE_FIELDS[k],
               strcmp(NODE_FIELDS[k], "capability") ? "string" : "double");
  gexf_declare(&g, na, nn, NODE_RESERVED);
  dip_xml_end(g.x);
  dip_xml_start(g.x, "attributes");
  dip_xml_attr(g.x, "class", "edge");
  gexf_field(&g, "layer", "string");
  gexf_field(&g, "informal", "boolean");
  gexf_declare(&g, ea, ne, EDGE_RESERVED);
  dip_xml_end(g.x);
  gexf_nodes(&g, s);
  gexf_edges(&g, s, selected, directed && undirected);
  text = dip_xml_finish(g.x); /* closes graph and gexf */
  dip_buf_free(&g.id);
  dip_buf_free(&g.token);
  dip_buf_free(&g.tags);
  dip_buf_free(&g.name);
  free(na);
  free(ea);
  return text;
}

/* }====== */

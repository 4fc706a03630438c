/*
** csvmap.c — a system map as CSV tables, one per section (system,
** layers, actors, issues, ties, positions), the way field teams collect
** data in spreadsheets.
**
** Columns are named as the fields of the JSON format; free attributes
** go in columns named "attrs.<name>", optionally typed "attrs.<name>:
** string" (or :number, :boolean).  Reading maps each row to a spec and
** lets the model's checked mutations (system.c) judge it, as json.c
** does; every problem is reported with the file, line and column of the
** cell at fault.  Writing is csvwrite.c.  No Lua calls here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interchange.h"

const char *const dip_csv_files[DIP_CSV_NSECTIONS] = {
    "system.csv", "layers.csv", "actors.csv",
    "issues.csv", "ties.csv",   "positions.csv"};

/* {====== Columns ====== */

typedef enum { F_STR, F_NUM, F_BOOL, F_TAGS } ftype;

typedef struct field {
  const char *name;
  ftype type;
} field;

static const field SYSTEM_F[] = {
    {"name", F_STR}, {"description", F_STR}, {NULL, F_STR}};
static const field LAYER_F[] = {
    {"id", F_STR},        {"name", F_STR},     {"description", F_STR},
    {"directed", F_BOOL}, {"informal", F_BOOL}, {"self_ties", F_BOOL},
    {NULL, F_STR}};
static const field ACTOR_F[] = {
    {"id", F_STR},         {"name", F_STR},    {"kind", F_STR},
    {"org", F_STR},        {"sector", F_STR},  {"profession", F_STR},
    {"level", F_STR},      {"mandate", F_STR}, {"capability", F_NUM},
    {"tags", F_TAGS},      {NULL, F_STR}};
static const field ISSUE_F[] = {
    {"id", F_STR},          {"name", F_STR},      {"description", F_STR},
    {"min", F_NUM},         {"max", F_NUM},       {"status_quo", F_NUM},
    {"min_label", F_STR},   {"max_label", F_STR}, {NULL, F_STR}};
static const field TIE_F[] = {{"from", F_STR},   {"to", F_STR},
                              {"layer", F_STR},  {"weight", F_NUM},
                              {NULL, F_STR}};
static const field POSITION_F[] = {{"actor", F_STR},    {"issue", F_STR},
                                   {"position", F_NUM}, {"salience", F_NUM},
                                   {NULL, F_STR}};

static const field *const FIELDS[DIP_CSV_NSECTIONS] = {
    SYSTEM_F, LAYER_F, ACTOR_F, ISSUE_F, TIE_F, POSITION_F};
/* the leading fields each section requires a column for */
static const int REQUIRED[DIP_CSV_NSECTIONS] = {0, 1, 1, 1, 3, 3};
static const char *const REQUIRED_TEXT[DIP_CSV_NSECTIONS] = {
    "", "layers need an id column", "actors need an id column",
    "issues need an id column", "ties need the columns from, to and layer",
    "positions need the columns actor, issue and position"};

#define MAX_FIELDS 12

/* Types of attribute values, also used as a bit set. */
enum { A_INFER = 0, A_STR = 1, A_NUM = 2, A_BOOL = 4 };
static const char *const TYPE_SUFFIX[] = {NULL, ":string", ":number", NULL,
                                          ":boolean"};

const char *dip_csv_column(dip_csv_section sec, int k) {
  return FIELDS[sec][k].name;
}

/* A column: a field, a free attribute, or one to skip. */
enum { C_ATTR = -1, C_SKIP = -2, C_UNNAMED = -3 };

typedef struct column {
  int field;  /* index into the section's fields, or C_* */
  char *key;  /* attribute name (malloc'd) */
  int type;   /* A_*: declared or inferred */
  int warned; /* a value in an unnamed column was reported */
} column;

/* One section being read. */
typedef struct table {
  dip_csv csv;
  const char *label;
  dip_csv_section sec;
  column *cols;
  int ncols;
  int fieldcol[MAX_FIELDS]; /* per field: its column, or -1 */
  int usable;               /* the header has what rows need */
} table;

static const dip_csv_cell *cellof(const table *t, int row, int col) {
  int first = t->csv.rows[row], n = t->csv.rows[row + 1] - first;
  return col < n ? &t->csv.cells[first + col] : NULL;
}

static int filled(const dip_csv_cell *c) {
  return c != NULL && (c->len > 0 || c->quoted);
}

/* Where a problem with row `row` at column col (-1: the row) lies. */
static void locate(const table *t, int row, int col, int *line, int *pos) {
  const dip_csv_cell *c = col >= 0 ? cellof(t, row, col) : NULL;
  if (c == NULL) c = cellof(t, row, 0);
  *line = c->line;
  *pos = col >= 0 && c == cellof(t, row, col) ? c->col : 1;
  if (col < 0) *pos = c->col;
}

static void cellproblem(dip_problems *pr, const table *t, int row, int col,
                        const char *msg) {
  int line, pos;
  locate(t, row, col, &line, &pos);
  dip_problem(pr, NULL, "%s:%d:%d: %s", t->label, line, pos, msg);
}

/* Trims spaces and tabs at both ends, in place (the pool is ours). */
static char *trim(char *s) {
  size_t n;
  while (*s == ' ' || *s == '\t') s++;
  n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
  return s;
}

int dip_csv_attr_type(const char *name, size_t *keylen) {
  int k;
  size_t n = strlen(name);
  for (k = 1; k <= A_BOOL; k++) {
    size_t m;
    if (TYPE_SUFFIX[k] == NULL) continue;
    m = strlen(TYPE_SUFFIX[k]);
    if (n > m && strcmp(name + n - m, TYPE_SUFFIX[k]) == 0) {
      *keylen = n - m;
      return k;
    }
  }
  *keylen = n;
  return A_INFER;
}

/* Infers the type of an undeclared attribute column from its cells:
** numbers when every filled cell is an unquoted number, booleans when
** every one is an unquoted true or false, otherwise strings. */
static int infer(const table *t, int col) {
  int row, seen = 0;
  for (row = 1; row < t->csv.nrows; row++) {
    const dip_csv_cell *c = cellof(t, row, col);
    const char *s;
    double x;
    int b;
    if (!filled(c)) continue;
    s = DIP_CSV_TEXT(&t->csv, c);
    if (c->quoted) return A_STR;
    if (dip_csv_number(s, &x) != 0) /* out of range: reported as a number */
      seen |= A_NUM;
    else if (dip_csv_boolean(s, &b))
      seen |= A_BOOL;
    else
      return A_STR;
  }
  return seen == A_NUM || seen == A_BOOL ? seen : A_STR;
}

/* Reads the header row.  Returns -1 when memory ran out. */
static int read_header(table *t, dip_problems *pr) {
  const field *f = FIELDS[t->sec];
  int j, k, nf;
  char msg[400];
  for (k = 0; k < MAX_FIELDS; k++) t->fieldcol[k] = -1;
  t->usable = 1;
  if (t->csv.nrows == 0) return 0; /* an empty file: an empty section */
  t->ncols = t->csv.rows[1];
  t->cols = calloc((size_t)t->ncols, sizeof *t->cols);
  if (t->cols == NULL) return -1;
  for (nf = 0; f[nf].name; nf++) {}
  for (j = 0; j < t->ncols; j++) {
    dip_csv_cell *c = &t->csv.cells[j];
    char *name = trim(t->csv.pool + c->text);
    column *col = &t->cols[j];
    col->field = C_SKIP;
    if (name[0] == '\0') {
      col->field = C_UNNAMED;
      continue;
    }
    for (k = 0; k < nf; k++)
      if (strcmp(name, f[k].name) == 0) break;
    if (k < nf) {
      if (t->fieldcol[k] >= 0) {
        snprintf(msg, sizeof msg, "column '%.100s' appears twice (columns "
                 "%d and %d)", name, t->fieldcol[k] + 1, j + 1);
        cellproblem(pr, t, 0, j, msg);
      } else {
        t->fieldcol[k] = j;
        col->field = k;
      }
    } else if (strncmp(name, "attrs.", 6) == 0) {
      size_t len;
      int type = dip_csv_attr_type(name + 6, &len), i;
      if (len == 0) {
        cellproblem(pr, t, 0, j, "a free attribute column needs a name "
                                 "after 'attrs.'");
        continue;
      }
      col->key = malloc(len + 1);
      if (col->key == NULL) return -1;
      memcpy(col->key, name + 6, len);
      col->key[len] = '\0';
      for (i = 0; i < j; i++)
        if (t->cols[i].field == C_ATTR &&
            strcmp(t->cols[i].key, col->key) == 0 &&
            (t->cols[i].type == type || type == A_INFER ||
             t->cols[i].type == A_INFER))
          break;
      if (i < j) {
        snprintf(msg, sizeof msg, "column '%.100s' appears twice (columns "
                 "%d and %d)", name, i + 1, j + 1);
        cellproblem(pr, t, 0, j, msg);
        continue;
      }
      col->field = C_ATTR;
      col->type = type;
    } else {
      size_t len = 0;
      len += (size_t)snprintf(msg, sizeof msg, "unknown column '%.60s' "
                              "(columns:", name);
      for (k = 0; k < nf && len < sizeof msg; k++)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s %s",
                                k ? "," : "", f[k].name);
      if (len < sizeof msg)
        snprintf(msg + len, sizeof msg - len, "; free attributes go in "
                 "columns named attrs.<name>)");
      cellproblem(pr, t, 0, j, msg);
    }
  }
  for (k = 0; k < REQUIRED[t->sec]; k++)
    if (t->fieldcol[k] < 0) {
      snprintf(msg, sizeof msg, "missing column '%s' (%s)", f[k].name,
               REQUIRED_TEXT[t->sec]);
      dip_problem(pr, NULL, "%s:1:1: %s", t->label, msg);
      t->usable = 0;
    }
  for (j = 0; j < t->ncols; j++)
    if (t->cols[j].field == C_ATTR && t->cols[j].type == A_INFER)
      t->cols[j].type = infer(t, j);
  return 0;
}

/* }====== */

/* {====== Reading rows ====== */

/* The text of field k in a row, or NULL when the cell is empty. */
static char *text(const table *t, int row, int k) {
  const dip_csv_cell *c;
  if (t->fieldcol[k] < 0) return NULL;
  c = cellof(t, row, t->fieldcol[k]);
  return filled(c) ? t->csv.pool + c->text : NULL;
}

/* A numeric field: *x keeps its default when the cell is empty. */
static int number(const table *t, int row, int k, double *x, int *present,
                  dip_problems *pr) {
  const char *s = text(t, row, k);
  char msg[300];
  int r;
  if (present) *present = 0;
  if (s == NULL) return 0;
  if ((r = dip_csv_number(s, x)) != 1) {
    if (r == 0)
      snprintf(msg, sizeof msg, "%s: must be a number (like 12 or 0.5), "
               "not '%.80s'", FIELDS[t->sec][k].name, s);
    else
      snprintf(msg, sizeof msg, "%s: the number '%.80s' %s",
               FIELDS[t->sec][k].name, s, dip_csv_range(r));
    cellproblem(pr, t, row, t->fieldcol[k], msg);
    return 1;
  }
  if (present) *present = 1;
  return 0;
}

static int boolean(const table *t, int row, int k, int *b,
                   dip_problems *pr) {
  const char *s = text(t, row, k);
  char msg[300];
  if (s == NULL) return 0;
  if (!dip_csv_boolean(s, b)) {
    snprintf(msg, sizeof msg, "%s: must be true or false, not '%.80s'",
             FIELDS[t->sec][k].name, s);
    cellproblem(pr, t, row, t->fieldcol[k], msg);
    return 1;
  }
  return 0;
}

/* Splits a tags cell on ';' into borrowed, trimmed strings (empty parts
** are skipped).  Returns -1 when memory ran out. */
static int tags(const table *t, int row, int k, dip_tags *out) {
  char *s = text(t, row, k), *p;
  int n = 1;
  out->items = NULL;
  out->n = 0;
  if (s == NULL) return 0;
  for (p = s; *p; p++) n += *p == ';';
  out->items = calloc((size_t)n, sizeof(char *));
  if (out->items == NULL) return -1;
  for (;;) {
    char *end = strchr(s, ';'), *tag;
    if (end) *end = '\0';
    tag = trim(s);
    if (tag[0] != '\0') out->items[out->n++] = tag;
    if (end == NULL) break;
    s = end + 1;
  }
  return 0;
}

/* The free attributes of a row, as borrowed strings in a malloc'd
** array, sorted.  Returns problems found, -1 when memory ran out. */
static int attrs(const table *t, int row, dip_attrs *out, dip_problems *pr) {
  int j, bad = 0;
  char msg[400];
  out->items = NULL;
  out->n = 0;
  for (j = 0; j < t->ncols; j++) {
    const column *col = &t->cols[j];
    const dip_csv_cell *c = cellof(t, row, j);
    dip_attr *a;
    const char *s;
    double x;
    if (col->field != C_ATTR || !filled(c)) continue;
    if (out->items == NULL) {
      out->items = calloc((size_t)t->ncols, sizeof(dip_attr));
      if (out->items == NULL) return -1;
    }
    s = t->csv.pool + c->text;
    a = &out->items[out->n];
    a->key = col->key;
    if (col->type == A_NUM) {
      int r = dip_csv_number(s, &x);
      if (r != 1) {
        if (r == 0)
          snprintf(msg, sizeof msg, "attrs.%.60s: must be a number, not "
                   "'%.80s'", col->key, s);
        else
          snprintf(msg, sizeof msg, "attrs.%.60s: the number '%.80s' %s "
                   "(for text, quote it or name the column attrs.%.60s:"
                   "string)", col->key, s, dip_csv_range(r), col->key);
        cellproblem(pr, t, row, j, msg);
        bad++;
        continue;
      }
      if (x == floor(x) && fabs(x) <= (double)DIP_MAX_EXACT_INT) {
        a->type = DIP_INT;
        a->u.i = (long long)x;
      } else {
        a->type = DIP_NUM;
        a->u.n = x;
      }
    } else if (col->type == A_BOOL) {
      if (!dip_csv_boolean(s, &a->u.b)) {
        snprintf(msg, sizeof msg, "attrs.%.60s: must be true or false, "
                 "not '%.80s'", col->key, s);
        cellproblem(pr, t, row, j, msg);
        bad++;
        continue;
      }
      a->type = DIP_BOOL;
    } else {
      a->type = DIP_STR;
      a->u.s = (char *)s;
    }
    out->n++;
  }
  dip_attrs_sort(out);
  return bad;
}

/* The column a model problem about `name` refers to, or -1. */
static int column_named(const table *t, const char *name, size_t n) {
  int j, k;
  const field *f = FIELDS[t->sec];
  if (n > 6 && strncmp(name, "attrs.", 6) == 0) {
    for (j = 0; j < t->ncols; j++)
      if (t->cols[j].field == C_ATTR && strlen(t->cols[j].key) == n - 6 &&
          strncmp(t->cols[j].key, name + 6, n - 6) == 0)
        return j;
    return -1;
  }
  for (k = 0; f[k].name; k++)
    if (strlen(f[k].name) == n && strncmp(f[k].name, name, n) == 0)
      return t->fieldcol[k];
  return -1;
}

/*
** Passes on the problems the model found (lines "field: message" in
** tmp), each placed at the cell of its field; without a table (layers
** given as specs), prefixed with `label`.  Resets tmp.
*/
static void relay(const table *t, int row, const char *label,
                  dip_problems *tmp, dip_problems *pr) {
  const char *p = tmp->text ? tmp->text : tmp->first;
  int n = 0;
  if (tmp->oom) pr->oom = 1;
  while (tmp->count > 0 && p && *p) {
    const char *end = strchr(p, '\n'), *colon = strstr(p, ": ");
    int len = end ? (int)(end - p) : (int)strlen(p);
    if (t) {
      int col = -1, line, pos;
      if (colon && (!end || colon < end))
        col = column_named(t, p, (size_t)(colon - p));
      locate(t, row, col, &line, &pos);
      dip_problem(pr, NULL, "%s:%d:%d: %.*s", t->label, line, pos, len, p);
    } else
      dip_problem(pr, NULL, "%s: %.*s", label, len, p);
    n++;
    if (end == NULL || tmp->text == NULL) break;
    p = end + 1;
  }
  if (tmp->count > n) pr->count += tmp->count - n;
  dip_problems_free(tmp);
  dip_problems_init(tmp, 64);
  tmp->from_file = 1;
}

/* Checks the cells that belong to no column. */
static void stray_cells(table *t, int row, dip_problems *pr) {
  int j, n = t->csv.rows[row + 1] - t->csv.rows[row];
  char msg[200];
  for (j = 0; j < n; j++) {
    const dip_csv_cell *c = cellof(t, row, j);
    if (!filled(c)) continue;
    if (j >= t->ncols) {
      snprintf(msg, sizeof msg, "a value beyond the last column (the "
               "header names %d column%s)", t->ncols,
               t->ncols == 1 ? "" : "s");
      cellproblem(pr, t, row, j, msg);
      return;
    }
    if (t->cols[j].field == C_UNNAMED && !t->cols[j].warned) {
      snprintf(msg, sizeof msg, "a value in column %d, which has no name "
               "in the header", j + 1);
      cellproblem(pr, t, row, j, msg);
      t->cols[j].warned = 1;
    }
  }
}

/*
** Reads row `row` of a section into a spec and adds it to s.  Returns
** -1 when memory ran out.
*/
static int read_row(dip_system *s, table *t, int row, dip_problems *tmp,
                    dip_problems *pr) {
  dip_attrs at = {NULL, 0};
  dip_tags tg = {NULL, 0};
  int bad, rc = 0, r;
  stray_cells(t, row, pr);
  r = attrs(t, row, &at, pr);
  if (r < 0) return -1;
  bad = r;
  switch (t->sec) {
  case DIP_CSV_LAYERS: {
    dip_layer l;
    memset(&l, 0, sizeof l);
    l.id = text(t, row, 0);
    l.name = text(t, row, 1);
    l.description = text(t, row, 2);
    bad += boolean(t, row, 3, &l.directed, pr);
    bad += boolean(t, row, 4, &l.informal, pr);
    bad += boolean(t, row, 5, &l.self_ties, pr);
    l.attrs = at;
    if (!bad) rc = dip_add_layer(s, &l, tmp);
    break;
  }
  case DIP_CSV_ACTORS: {
    dip_actor a;
    memset(&a, 0, sizeof a);
    a.capability = 1;
    a.id = text(t, row, 0);
    a.name = text(t, row, 1);
    a.kind = text(t, row, 2);
    a.org = text(t, row, 3);
    a.sector = text(t, row, 4);
    a.profession = text(t, row, 5);
    a.level = text(t, row, 6);
    a.mandate = text(t, row, 7);
    bad += number(t, row, 8, &a.capability, NULL, pr);
    if (tags(t, row, 9, &tg) < 0) {
      rc = -2;
      break;
    }
    a.tags = tg;
    a.attrs = at;
    if (!bad) rc = dip_add_actor(s, &a, tmp);
    break;
  }
  case DIP_CSV_ISSUES: {
    dip_issue is;
    memset(&is, 0, sizeof is);
    is.max = 100;
    is.id = text(t, row, 0);
    is.name = text(t, row, 1);
    is.description = text(t, row, 2);
    bad += number(t, row, 3, &is.min, NULL, pr);
    bad += number(t, row, 4, &is.max, NULL, pr);
    bad += number(t, row, 5, &is.status_quo, &is.has_status_quo, pr);
    is.min_label = text(t, row, 6);
    is.max_label = text(t, row, 7);
    is.attrs = at;
    if (!bad) rc = dip_add_issue(s, &is, tmp);
    break;
  }
  case DIP_CSV_TIES: {
    dip_tie_spec ts;
    memset(&ts, 0, sizeof ts);
    ts.weight = 1;
    ts.from = text(t, row, 0);
    ts.to = text(t, row, 1);
    ts.layer = text(t, row, 2);
    bad += number(t, row, 3, &ts.weight, NULL, pr);
    ts.attrs = at;
    if (!bad) rc = dip_add_tie(s, &ts, 0, tmp);
    break;
  }
  case DIP_CSV_POSITIONS: {
    dip_position_spec p;
    int has = 0;
    memset(&p, 0, sizeof p);
    p.salience = 1;
    p.actor = text(t, row, 0);
    p.issue = text(t, row, 1);
    bad += number(t, row, 2, &p.position, &has, pr);
    bad += number(t, row, 3, &p.salience, NULL, pr);
    if (!has && !bad) {
      cellproblem(pr, t, row, t->fieldcol[2], "position: missing");
      bad++;
    }
    /* a second position for the same pair is an error in a file */
    if (!bad && p.actor && p.issue) {
      int a = dip_find_actor(s, p.actor), i = dip_find_issue(s, p.issue);
      if (a >= 0 && i >= 0 && dip_find_position(s, a, i) >= 0) {
        char msg[400];
        snprintf(msg, sizeof msg, "issue: actor '%.150s' already has a "
                 "position on issue '%.150s'", p.actor, p.issue);
        cellproblem(pr, t, row, t->fieldcol[1], msg);
        bad++;
      }
    }
    p.attrs = at;
    if (!bad) rc = dip_set_position(s, &p, tmp);
    break;
  }
  default:
    break;
  }
  relay(t, row, NULL, tmp, pr);
  free(at.items);
  free(tg.items);
  return rc == -2 ? -1 : 0;
}

/* }====== */

/* {====== Decoding a map ====== */

static void table_free(table *t) {
  int j;
  for (j = 0; j < t->ncols; j++) free(t->cols[j].key);
  free(t->cols);
  dip_csv_free(&t->csv);
}

/* The system row: name, description and attributes.  NULL when memory
** ran out or the row was rejected (then an unnamed system stands in, so
** the other sections are still checked). */
static dip_system *read_system(table *t, const char *name,
                               const char *description, dip_problems *tmp,
                               dip_problems *pr) {
  dip_system *s = NULL;
  dip_attrs at = {NULL, 0};
  int bad = 0;
  /* no row (or only empty cells): a system without name or attributes */
  if (t == NULL || t->csv.nrows <= 1)
    return dip_system_new(name, description, NULL, pr);
  if (t->csv.nrows > 2) {
    dip_problem(pr, NULL, "%s:1:1: expected one row of values below the "
                "header, found %d", t->label, t->csv.nrows - 1);
  } else {
    stray_cells(t, 1, pr);
    bad = attrs(t, 1, &at, pr);
    if (bad < 0) return NULL;
    if (bad == 0) {
      s = dip_system_new(text(t, 1, 0), text(t, 1, 1), &at, tmp);
      relay(t, 1, NULL, tmp, pr);
    }
    free(at.items);
  }
  if (s == NULL && !pr->oom) s = dip_system_new(NULL, NULL, NULL, pr);
  return s;
}

/* Parses section k and reads its header; -1 when memory ran out. */
static int open_section(table *t, const dip_csv_source *src,
                        dip_problems *pr) {
  if (src->text == NULL) return 0;
  if (dip_csv_parse(&t->csv, src->text, src->len, src->label, pr) < 0)
    return -1;
  return read_header(t, pr);
}

dip_system *dip_csv_decode(const dip_csv_source *src, const dip_layer *layers,
                           const char *const *labels, int nlayers,
                           const char *name, const char *description,
                           dip_problems *pr) {
  table t[DIP_CSV_NSECTIONS];
  dip_problems tmp;
  dip_system *s = NULL;
  int k, row, i;
  memset(t, 0, sizeof t);
  dip_problems_init(&tmp, 64);
  tmp.from_file = pr->from_file = 1;
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
    t[k].sec = (dip_csv_section)k;
    t[k].label = src[k].label;
  }
  /* section by section, so that problems come file by file */
  if (open_section(&t[DIP_CSV_SYSTEM], &src[DIP_CSV_SYSTEM], pr) < 0)
    goto oom;
  s = read_system(src[DIP_CSV_SYSTEM].text ? &t[DIP_CSV_SYSTEM] : NULL,
                  name, description, &tmp, pr);
  if (s == NULL) goto oom;
  for (i = 0; i < nlayers; i++) {
    if (dip_add_layer(s, &layers[i], &tmp) == -2) goto oom;
    relay(NULL, 0, labels[i], &tmp, pr);
  }
  for (k = DIP_CSV_LAYERS; k < DIP_CSV_NSECTIONS; k++) {
    if (src[k].text == NULL) continue;
    if (open_section(&t[k], &src[k], pr) < 0) goto oom;
    if (k == DIP_CSV_TIES && t[k].csv.nrows > 1 && nlayers < 0 &&
        src[DIP_CSV_LAYERS].text == NULL) {
      dip_problem(pr, NULL, "%s: the ties need their layers: give a layers "
                  "file (layers.csv, a row per layer: id, directed, "
                  "informal) or a layers table", src[k].label);
      continue;
    }
    if (!t[k].usable) continue;
    for (row = 1; row < t[k].csv.nrows; row++)
      if (read_row(s, &t[k], row, &tmp, pr) < 0) goto oom;
  }
  if (pr->oom) goto oom;
  goto done;
oom:
  pr->oom = 1;
  dip_problem(pr, NULL, "out of memory");
done:
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) table_free(&t[k]);
  dip_problems_free(&tmp);
  if (pr->count > 0 || pr->oom) {
    dip_system_free(s);
    return NULL;
  }
  return s;
}

/* }====== */

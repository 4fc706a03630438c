/*
** csv.c — reading and writing CSV (RFC 4180), by hand.
**
** There is no standard C library for CSV (Debian 12 packages libcsv,
** but it is one more dependency and its callbacks do not say where a
** field starts), and the format is small: this file reads a whole
** buffer into cells that remember where they start (line and column,
** for messages such as "ties.csv:4:12: ..."), and appends quoted fields
** when writing.  No Lua calls here.
*/
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interchange.h"

/* {====== Reading ====== */

size_t dip_utf8len(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t k, need;
  unsigned min;
  unsigned long cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) need = 1, min = 0x80, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) need = 2, min = 0x800, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) need = 3, min = 0x10000, cp = c & 0x07;
  else return 0;
  if (n < need + 1) return 0;
  for (k = 1; k <= need; k++) {
    if ((p[k] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return need + 1;
}

/* The reading state: position, line and column of the next byte. */
typedef struct reader {
  const char *s;
  size_t n, i;
  int line, col;
  const char *label;
  dip_problems *pr;
  dip_csv *t;
  size_t used; /* bytes of pool used */
} reader;

static void problem(reader *r, int line, int col, const char *msg) {
  dip_problem(r->pr, NULL, "%s:%d:%d: %s", r->label, line, col, msg);
}

/* Advances over one byte, keeping line and column (in characters:
** continuation bytes of UTF-8 do not count). */
static void step(reader *r) {
  unsigned char c = (unsigned char)r->s[r->i++];
  if (c == '\n' || (c == '\r' && (r->i >= r->n || r->s[r->i] != '\n')))
    r->line++, r->col = 1;
  else if (c != '\r' && (c & 0xc0) != 0x80)
    r->col++;
}

static int push_cell(reader *r, size_t start, int line, int col,
                     int quoted) {
  dip_csv *t = r->t;
  dip_csv_cell *c;
  if (t->ncells == t->capcells) {
    int cap = t->capcells ? t->capcells * 2 : 64;
    void *p = realloc(t->cells, (size_t)cap * sizeof *t->cells);
    if (p == NULL) return -1;
    t->cells = p;
    t->capcells = cap;
  }
  c = &t->cells[t->ncells++];
  c->text = start;
  c->len = r->used - start;
  c->line = line;
  c->col = col;
  c->quoted = quoted;
  t->pool[r->used++] = '\0';
  return 0;
}

static int push_row(dip_csv *t, int first) {
  if (t->nrows + 1 >= t->caprows) {
    int cap = t->caprows ? t->caprows * 2 : 64;
    void *p = realloc(t->rows, (size_t)cap * sizeof *t->rows);
    if (p == NULL) return -1;
    t->rows = p;
    t->caprows = cap;
  }
  t->rows[t->nrows++] = first;
  t->rows[t->nrows] = t->ncells;
  return 0;
}

/* Checks the whole text is UTF-8 without zero bytes; reports the first
** place where it is not.  Returns 0 when it is. */
static int check_encoding(reader *r) {
  size_t i = r->i, k;
  int line = 1, col = 1;
  while (i < r->n) {
    const unsigned char *p = (const unsigned char *)r->s + i;
    if (*p == 0) {
      problem(r, line, col, "the file holds a zero byte (is it a "
                            "spreadsheet rather than CSV?)");
      return 1;
    }
    k = dip_utf8len(p, r->n - i);
    if (k == 0) {
      problem(r, line, col, "not valid UTF-8 (save the file as \"CSV "
                            "UTF-8\")");
      return 1;
    }
    if (*p == '\n' || (*p == '\r' && (i + 1 >= r->n || p[1] != '\n')))
      line++, col = 1;
    else if (*p != '\r')
      col++;
    i += k;
  }
  return 0;
}

/* Reads one field at r->i into the pool.  Returns 1 when a record
** separator or the end follows, 0 when a comma follows, -1 on a fatal
** problem (an unclosed quote), -2 when memory ran out. */
static int read_field(reader *r) {
  size_t start = r->used;
  int line = r->line, col = r->col, warned = 0;
  const char *s = r->s;
  if (r->i < r->n && s[r->i] == '"') {
    step(r);
    for (;;) {
      if (r->i >= r->n) {
        problem(r, line, col, "a quoted field is not closed (its closing "
                              "quote is missing)");
        return -1;
      }
      if (s[r->i] == '"') {
        if (r->i + 1 < r->n && s[r->i + 1] == '"') {
          r->t->pool[r->used++] = '"';
          step(r);
          step(r);
          continue;
        }
        step(r);
        break;
      }
      r->t->pool[r->used++] = s[r->i];
      step(r);
    }
    /* after the closing quote: a separator, or text that should not be */
    while (r->i < r->n && s[r->i] != ',' && s[r->i] != '\n' &&
           s[r->i] != '\r') {
      if (!warned)
        problem(r, r->line, r->col, "text after the closing quote of a "
                                    "field (a quote inside a field is "
                                    "written twice: \"\")");
      warned = 1;
      r->t->pool[r->used++] = s[r->i];
      step(r);
    }
    if (push_cell(r, start, line, col, 1) < 0) return -2;
  } else {
    while (r->i < r->n && s[r->i] != ',' && s[r->i] != '\n' &&
           s[r->i] != '\r') {
      if (s[r->i] == '"' && !warned) {
        problem(r, r->line, r->col, "a quote inside a field that does not "
                                    "start with one (enclose the field in "
                                    "quotes and write the quote twice)");
        warned = 1;
      }
      r->t->pool[r->used++] = s[r->i];
      step(r);
    }
    if (push_cell(r, start, line, col, 0) < 0) return -2;
  }
  if (r->i < r->n && s[r->i] == ',') {
    step(r);
    return 0;
  }
  if (r->i < r->n) step(r);                       /* \n or \r */
  if (r->i < r->n && s[r->i - 1] == '\r' && s[r->i] == '\n') step(r);
  return 1;
}

int dip_csv_parse(dip_csv *t, const char *text, size_t len,
                  const char *label, dip_problems *pr) {
  reader r;
  memset(t, 0, sizeof *t);
  memset(&r, 0, sizeof r);
  r.s = text;
  r.n = len;
  r.line = r.col = 1;
  r.label = label;
  r.pr = pr;
  r.t = t;
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) r.i = 3; /* BOM */
  if (check_encoding(&r)) return 0;
  /* every cell's text is at most its raw length, plus a NUL per cell,
     and there are at most len + 1 cells */
  t->pool = malloc(2 * len + 2);
  if (t->pool == NULL) return -1;
  while (r.i < r.n) {
    int first = t->ncells, rc, k, blank = 1;
    do /* after a comma another field follows, even at the very end */
      rc = read_field(&r);
    while (rc == 0);
    if (rc == -2) return -1;
    if (rc == -1) {
      t->ncells = first;
      break;
    }
    for (k = first; k < t->ncells; k++)
      if (t->cells[k].len > 0 || t->cells[k].quoted) blank = 0;
    if (blank) {
      t->ncells = first; /* a row of empty cells: skipped */
      continue;
    }
    if (push_row(t, first) < 0) return -1;
  }
  return 0;
}

void dip_csv_free(dip_csv *t) {
  free(t->pool);
  free(t->cells);
  free(t->rows);
  memset(t, 0, sizeof *t);
}

/* }====== */

/* {====== Values ====== */

static const char *skipspace(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

int dip_csv_number(const char *s, double *x) {
  char buf[64], *end;
  const char *p = skipspace(s), *start = p;
  size_t n, k;
  char point = '.';
  int nonzero = 0; /* a nonzero digit before the exponent */
  struct lconv *lc = localeconv();
  if (lc && lc->decimal_point && lc->decimal_point[0])
    point = lc->decimal_point[0];
  if (*p == '-') p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (isdigit((unsigned char)*p)) nonzero = 1, p++;
  else
    return 0;
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) nonzero |= *p++ != '0';
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
  }
  n = (size_t)(p - start);
  if (*skipspace(p) != '\0' || n >= sizeof buf) return 0;
  /* strtod follows LC_NUMERIC: give it the locale's decimal point */
  for (k = 0; k < n; k++) buf[k] = start[k] == '.' ? point : start[k];
  buf[n] = '\0';
  *x = strtod(buf, &end);
  if (end != buf + n) return 0;
  /* beyond a double's range: infinity, or a nonzero number read as 0
     (subnormal numbers are kept, as the JSON loader keeps them) */
  if (!isfinite(*x)) return DIP_NUM_TOO_LARGE;
  if (*x == 0 && nonzero) return DIP_NUM_TOO_SMALL;
  return 1;
}

const char *dip_csv_range(int r) {
  return r == DIP_NUM_TOO_LARGE ? "is too large to store"
                                : "is too small to store (it would read as 0)";
}

int dip_csv_boolean(const char *s, int *b) {
  const char *p = skipspace(s);
  size_t n = strlen(p);
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  if (n == 4 && strncasecmp(p, "true", 4) == 0) {
    *b = 1;
    return 1;
  }
  if (n == 5 && strncasecmp(p, "false", 5) == 0) {
    *b = 0;
    return 1;
  }
  return 0;
}

/* }====== */

/* {====== Writing ====== */

void dip_csv_field(dip_buf *b, const char *s, int force_quote) {
  size_t n = strlen(s);
  int quote = force_quote || n == 0 || strpbrk(s, ",\"\r\n") != NULL ||
              s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
              s[n - 1] == '\t';
  const char *p;
  if (!quote) {
    dip_buf_add(b, s, n);
    return;
  }
  dip_buf_add(b, "\"", 1);
  for (p = s; *p; p++) {
    if (*p == '"') dip_buf_add(b, "\"", 1);
    dip_buf_add(b, p, 1);
  }
  dip_buf_add(b, "\"", 1);
}

/* }====== */

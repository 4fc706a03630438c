/*
** json.c — the diplomat/1 file format, read and written with cJSON.
**
** Reading checks everything and names each problem by its JSON path
** ("$.ties[3].to: unknown actor 'icb_x'"); the model's own checks
** (system.c) do the rule checking, this file only maps JSON to specs.
** Writing is deterministic: fixed key order, attributes sorted by key,
** numbers printed with the fewest digits that read back exactly.
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

static int read_section(dip_system *s, const cJSON *root, const char *name,
                        section sec, dip_problems *pr) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, name), *o;
  char prefix[64];
  int i = 0;
  if (arr == NULL) return 0;
  if (!cJSON_IsArray(arr)) {
    pr->prefix = "$";
    dip_problem(pr, name, "must be an array, not %s", jtype(arr));
    return 0;
  }
  for (o = arr->child; o; o = o->next, i++) {
    snprintf(prefix, sizeof prefix, "$.%s[%d]", name, i);
    pr->prefix = prefix;
    if (!cJSON_IsObject(o)) {
      dip_problem(pr, NULL, "must be an object, not %s", jtype(o));
      continue;
    }
    if (read_item(s, sec, o, pr) < 0) {
      pr->prefix = NULL;
      return -1;
    }
  }
  pr->prefix = NULL;
  return 0;
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
  for (i = 0; i < n; i++) {
    b[i] = tok[i] == '.' ? localeconv()->decimal_point[0] : tok[i];
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
  dip_system *s = dip_json_fast(buf, len); /* jsonread.c: tidy maps */
  return s != NULL ? s : dip_json_decode_full(buf, len, pr);
}

dip_system *dip_json_decode_full(const char *buf, size_t len,
                                 dip_problems *pr) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
  dip_system *s = NULL;
  const cJSON *fmt;
  int line, col;
  dip_attrs attrs = {NULL, 0};
  const char *name = NULL, *description = NULL;
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
  if (read_section(s, root, "layers", S_LAYERS, pr) < 0 ||
      read_section(s, root, "actors", S_ACTORS, pr) < 0 ||
      read_section(s, root, "issues", S_ISSUES, pr) < 0 ||
      read_section(s, root, "ties", S_TIES, pr) < 0 ||
      read_section(s, root, "positions", S_POSITIONS, pr) < 0)
    goto oom;
  goto done;
oom:
  pr->oom = 1;
  pr->prefix = NULL;
  dip_problem(pr, NULL, "out of memory");
done:
  pr->prefix = NULL;
  free(attrs.items);
  cJSON_Delete(root);
  if (pr->count > 0 || pr->oom) {
    dip_system_free(s);
    return NULL;
  }
  return s;
}

/* }====== */

/* {====== Writing ====== */

/*
** A number node printed with the fewest digits that read back exactly.
** %g and strtod follow LC_NUMERIC, which the host may have set to a
** decimal comma: whatever is not a digit, sign or exponent is the
** decimal point and becomes the '.' JSON requires.  x is finite.
*/
/* A number node printed with the fewest digits that read back exactly. */
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

char *dip_json_encode(const dip_system *s, int pretty) {
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

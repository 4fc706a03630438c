/*
** problems.c — collecting validation problems as readable lines.
**
** Callers (the JSON reader, the bindings) check input against the model's
** rules and want every problem, each named by where it is:
** "$.ties[3].to: unknown actor 'icb_x'".  No Lua calls here.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diplomat.h"

char *dip_fmtnum(char *buf, size_t size, double x) {
  char b[40];
  size_t i, k = 0;
  /* a whole number below 10^15 in magnitude: %.15g would print its
     digits (no point, no exponent) and they read back exactly, so print
     them with %lld, several times faster (a map's weights and counts);
     -0 is left to %g, which keeps its sign */
  if (x > -1e15 && x < 1e15 && x == (double)(long long)x &&
      !(x == 0 && signbit(x))) {
    snprintf(buf, size, "%lld", (long long)x);
    return buf;
  }
  /* the fewest significant digits (15..17) that read back exactly; the
     formats are literals (a "%.*g" precision takes glibc's slow path) */
  snprintf(b, sizeof b, "%.15g", x);
  if (strtod(b, NULL) != x) {
    snprintf(b, sizeof b, "%.16g", x);
    if (strtod(b, NULL) != x) snprintf(b, sizeof b, "%.17g", x);
  }
  /* a decimal-comma locale writes "2,5": the point is always '.' */
  for (i = 0; b[i] != '\0' && k + 1 < size; i++) {
    if (strchr("0123456789+-eEinfa", b[i]) != NULL)
      buf[k++] = b[i];
    else if (k == 0 || buf[k - 1] != '.') /* one '.' per point */
      buf[k++] = '.';
  }
  buf[k] = '\0';
  return buf;
}

void dip_problems_init(dip_problems *p, int keep) {
  memset(p, 0, sizeof *p);
  p->keep = keep;
}

void dip_problems_free(dip_problems *p) {
  free(p->text);
  p->text = NULL;
  p->len = p->size = 0;
}

/* Appends one line to p->text; on allocation failure marks oom. */
static void append_line(dip_problems *p, const char *line) {
  size_t n = strlen(line);
  if (p->len + n + 2 > p->size) {
    size_t size = p->size ? p->size : 256;
    char *t;
    while (p->len + n + 2 > size) size *= 2;
    t = realloc(p->text, size);
    if (t == NULL) {
      p->oom = 1;
      return;
    }
    p->text = t;
    p->size = size;
  }
  if (p->len > 0) p->text[p->len++] = '\n';
  memcpy(p->text + p->len, line, n + 1);
  p->len += n;
}

void dip_problem(dip_problems *p, const char *field, const char *fmt, ...) {
  char msg[400], line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (p->prefix && p->prefix[0] && field && field[0])
    snprintf(line, sizeof line, "%s.%s: %s", p->prefix, field, msg);
  else if (p->prefix && p->prefix[0])
    snprintf(line, sizeof line, "%s: %s", p->prefix, msg);
  else if (field && field[0])
    snprintf(line, sizeof line, "%s: %s", field, msg);
  else
    snprintf(line, sizeof line, "%s", msg);
  if (p->count == 0) memcpy(p->first, line, strlen(line) + 1);
  if (p->count < p->keep) append_line(p, line);
  p->count++;
}

/*
** textbuf.c — growable text buffers (dip_buf, interchange.h), the one
** buffer every writer appends to: the diplomat/1 writer (jsonwrite.c),
** the XML output (xmlwrite.c), DOT, CSV.  A buffer remembers running out
** of memory (oom) and ignores appends after it, so writers check once
** at the end.  No Lua calls here.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interchange.h"

int dip_buf_reserve(dip_buf *b, size_t n) {
  size_t size;
  char *p;
  if (b->oom) return -1;
  if (n < b->size - b->len) return 0; /* room for n bytes and a NUL */
  if (n > ((size_t)-1) / 4 - b->len) goto oom; /* the doubling overflows */
  size = b->size ? b->size : 256;
  while (size <= b->len + n) size *= 2;
  p = realloc(b->s, size);
  if (p == NULL) goto oom;
  b->s = p;
  b->size = size;
  return 0;
oom:
  b->oom = 1;
  return -1;
}

void dip_buf_add(dip_buf *b, const char *s, size_t n) {
  if (dip_buf_reserve(b, n) != 0) return;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void dip_buf_adds(dip_buf *b, const char *s) { dip_buf_add(b, s, strlen(s)); }

void dip_buf_addf(dip_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->oom = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    dip_buf_add(b, small, (size_t)n);
    return;
  }
  {
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
      b->oom = 1;
      return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    dip_buf_add(b, big, (size_t)n);
    free(big);
  }
}

void dip_buf_free(dip_buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->size = 0;
}

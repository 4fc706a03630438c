/*
** fuzz/jsonread.c — libFuzzer harness comparing the two map readers.
**
** dip_json_decode tries the fast reader (csrc/jsonread.c) and falls back
** to the full one (csrc/json.c, through cJSON).  The fast reader must
** never accept what the full reader rejects, and when it accepts, both
** must build the same system (the same bytes when encoded, pretty and
** compact).  The seeds in fuzz/corpus/jsonread are maps the fast reader
** takes, so mutations explore the edge of its subset.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../csrc/diplomat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz/jsonread: %s\n%s\n", what, detail ? detail : "");
  abort();
}

static void same(const dip_system *a, const dip_system *b, int pretty) {
  char *x = dip_json_encode(a, pretty), *y = dip_json_encode(b, pretty);
  if (x == NULL || y == NULL) fail("encode failed", NULL);
  if (strcmp(x, y) != 0) fail("the readers built different systems", x);
  free(x);
  free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dip_problems pr;
  dip_system *fast, *full;
  /* a private copy sized exactly: reading past the end is caught */
  char *buf = malloc(size ? size : 1);
  if (buf == NULL) return 0;
  if (size) memcpy(buf, data, size);
  fast = dip_json_fast(buf, size);
  dip_problems_init(&pr, 20);
  full = dip_json_decode_full(buf, size, &pr);
  if (fast != NULL && full == NULL)
    fail("the fast reader took a map the full reader rejects", pr.first);
  if (fast != NULL) {
    if (dip_system_check(fast, &pr) != 0)
      fail("the fast reader's map breaks an invariant", pr.text);
    same(fast, full, 1);
    same(fast, full, 0);
  }
  dip_system_free(fast);
  dip_system_free(full);
  dip_problems_free(&pr);
  free(buf);
  return 0;
}

/*
** fuzz/json.c — libFuzzer harness for the diplomat/1 loader.
**
** Feeds arbitrary bytes to dip_json_decode (not NUL-terminated, exactly
** as a file's contents reach it).  A rejected input must come back as
** NULL with at least one problem and no "out of memory"; an accepted one
** must pass dip_system_check, encode -> decode -> encode must give the
** same bytes again, pretty and compact, and the item-by-item writer must
** give the same bytes as one cJSON tree of the system
** (dip_json_encode_tree, the writer it replaced).  ASan/UBSan/LSan (from
** -fsanitize=fuzzer,address,undefined) catch memory errors and leaks.
** Build and run: make fuzz (see fuzz/RESULTS.md).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../csrc/diplomat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz/json: %s\n%s\n", what, detail ? detail : "");
  abort();
}

/* encode(s) must decode to a system that encodes to the same bytes. */
static void round_trip(const dip_system *s, int pretty) {
  char *e1 = dip_json_encode(s, pretty), *e2;
  dip_problems pr;
  dip_system *t;
  if (e1 == NULL) fail("encode failed on a decoded system", NULL);
  e2 = dip_json_encode_tree(s, pretty);
  if (e2 == NULL) fail("the tree writer failed on a decoded system", NULL);
  if (strcmp(e1, e2) != 0) fail("item by item and the tree differ", e2);
  free(e2);
  dip_problems_init(&pr, 20);
  t = dip_json_decode(e1, strlen(e1), &pr);
  if (t == NULL) fail("our own output does not decode", pr.text);
  dip_problems_free(&pr);
  e2 = dip_json_encode(t, pretty);
  if (e2 == NULL) fail("encode failed on a re-decoded system", NULL);
  if (strcmp(e1, e2) != 0) fail("encode -> decode -> encode differs", e1);
  free(e1);
  free(e2);
  dip_system_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dip_problems pr;
  dip_system *s;
  /* a private copy sized exactly: reading past the end is caught */
  char *buf = malloc(size ? size : 1);
  if (buf == NULL) return 0;
  if (size) memcpy(buf, data, size);
  dip_problems_init(&pr, 20);
  s = dip_json_decode(buf, size, &pr);
  if (s == NULL) {
    if (pr.count == 0 || pr.first[0] == '\0')
      fail("rejected without a message", NULL);
    if (pr.oom) fail("out of memory reported on a small input", pr.first);
  } else {
    size_t i;
    if (pr.count != 0) fail("accepted with problems", pr.text);
    /* JSON allows no other control bytes, in strings or between tokens */
    for (i = 0; i < size; i++)
      if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' &&
          data[i] != '\r')
        fail("accepted a raw control byte", NULL);
    if (dip_system_check(s, &pr) != 0)
      fail("accepted map breaks an invariant", pr.text);
    round_trip(s, 1);
    round_trip(s, 0);
    dip_system_free(s);
  }
  dip_problems_free(&pr);
  free(buf);
  return 0;
}

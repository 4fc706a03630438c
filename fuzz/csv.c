/*
** fuzz/csv.c — libFuzzer harness for the CSV importer (csv.c, csvmap.c).
**
** The input is split at each byte 0x1e (ASCII record separator) into up
** to six section texts, in the order system, layers, actors, issues,
** ties, positions; an empty piece is an absent section.  A rejected
** input must come back as NULL with a message (no "out of memory");
** an accepted one must pass dip_system_check, and writing it as CSV and
** reading that back must give the same system (compared through its
** diplomat/1 JSON) and the same CSV bytes.  ASan/UBSan/LSan catch
** memory errors and leaks.  Build and run: make fuzz (fuzz/RESULTS.md).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../csrc/interchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz/csv: %s\n%s\n", what, detail ? detail : "");
  abort();
}

static dip_system *decode(const dip_csv_source *src, dip_problems *pr) {
  dip_problems_init(pr, 20);
  return dip_csv_decode(src, NULL, NULL, -1, "fuzz", NULL, pr);
}

/* Writes every section of s as CSV into text[] (malloc'd); 0 when a
** value cannot be written as CSV (reported by the writer, not a bug). */
static int encode_all(const dip_system *s, char *text[DIP_CSV_NSECTIONS]) {
  int k;
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
    dip_problems pr;
    dip_problems_init(&pr, 20);
    text[k] = dip_csv_encode(s, (dip_csv_section)k, 0, &pr);
    if (text[k] == NULL) {
      if (pr.oom || pr.count == 0) fail("CSV encode failed", pr.first);
      fail("a map read from CSV cannot be written as CSV", pr.first);
    }
    dip_problems_free(&pr);
  }
  return 1;
}

static void round_trip(const dip_system *s) {
  char *text[DIP_CSV_NSECTIONS], *again[DIP_CSV_NSECTIONS], *j1, *j2;
  dip_csv_source src[DIP_CSV_NSECTIONS];
  dip_problems pr;
  dip_system *t;
  int k;
  if (!encode_all(s, text)) return;
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
    src[k].label = dip_csv_files[k];
    src[k].text = text[k];
    src[k].len = strlen(text[k]);
  }
  t = decode(src, &pr);
  if (t == NULL) fail("our own CSV does not read back", pr.text);
  dip_problems_free(&pr);
  j1 = dip_json_encode(s, 0);
  j2 = dip_json_encode(t, 0);
  if (j1 == NULL || j2 == NULL) fail("JSON encode failed", NULL);
  if (strcmp(j1, j2) != 0) fail("CSV -> system -> CSV -> system differs", j1);
  encode_all(t, again);
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) {
    if (strcmp(text[k], again[k]) != 0)
      fail("CSV written twice differs", text[k]);
    free(text[k]);
    free(again[k]);
  }
  free(j1);
  free(j2);
  dip_system_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dip_csv_source src[DIP_CSV_NSECTIONS];
  char *piece[DIP_CSV_NSECTIONS];
  dip_problems pr;
  dip_system *s;
  size_t start = 0, i;
  int k = 0;
  memset(src, 0, sizeof src);
  memset(piece, 0, sizeof piece);
  /* each piece gets a private buffer of exactly its size, so reading past
     its end is caught (the importer must not rely on a NUL) */
  for (i = 0; i <= size && k < DIP_CSV_NSECTIONS; i++) {
    if (i < size && data[i] != 0x1e) continue;
    if (i > start) {
      piece[k] = malloc(i - start);
      if (piece[k] == NULL) abort();
      memcpy(piece[k], data + start, i - start);
      src[k].text = piece[k];
      src[k].len = i - start;
    }
    src[k].label = dip_csv_files[k];
    k++;
    start = i + 1;
  }
  for (; k < DIP_CSV_NSECTIONS; k++) src[k].label = dip_csv_files[k];
  s = decode(src, &pr);
  if (s == NULL) {
    if (pr.count == 0 || pr.first[0] == '\0')
      fail("rejected without a message", NULL);
    if (pr.oom) fail("out of memory reported on a small input", pr.first);
  } else {
    if (pr.count != 0) fail("accepted with problems", pr.text);
    if (dip_system_check(s, &pr) != 0)
      fail("accepted map breaks an invariant", pr.text);
    round_trip(s);
    dip_system_free(s);
  }
  dip_problems_free(&pr);
  for (k = 0; k < DIP_CSV_NSECTIONS; k++) free(piece[k]);
  return 0;
}

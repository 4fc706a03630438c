/*
** json_cjson.c — cJSON alone on a diplomat/1 file: the floor for
** diplomat's load and save (which use cJSON and then validate and build
** the system, or build a cJSON tree from it and print that).
**
**   json_cjson OP MAP.json REPS TMPDIR
**
** OP: parse    cJSON_ParseWithLengthOpts on the text in memory (the tree
**              is freed after each call, not timed)
**     load     read the file and parse it
**     print    cJSON_Print of the parsed tree (formatted, as diplomat's
**              save), the string freed untimed
**     compact  cJSON_PrintUnformatted
**     write    cJSON_Print, write to TMPDIR/out.json, fsync, rename
** Prints the BENCH line of timing.h, then "BENCH delete=<s>": the time
** of one cJSON_Delete of the tree, for the record.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "timing.h"

static char *text, *printed, path[4096], tmppath[4200], target[4200];
static size_t len;
static cJSON *tree;

static char *slurp(const char *p, size_t *n) {
  FILE *f = fopen(p, "rb");
  size_t size = 1 << 16, got = 0;
  char *buf = malloc(size);
  if (f == NULL || buf == NULL) {
    fprintf(stderr, "json_cjson: cannot read %s\n", p);
    exit(1);
  }
  for (;;) {
    got += fread(buf + got, 1, size - got, f);
    if (got < size) break;
    size *= 2;
    buf = realloc(buf, size);
    if (buf == NULL) exit(1);
  }
  fclose(f);
  *n = got;
  return buf;
}

static void parse(void) {
  if (tree) cJSON_Delete(tree);
  tree = cJSON_ParseWithLengthOpts(text, len, NULL, 0);
  if (tree == NULL) exit(1);
}

static void load(void) {
  char *buf;
  size_t n;
  if (tree) cJSON_Delete(tree);
  buf = slurp(path, &n);
  tree = cJSON_ParseWithLengthOpts(buf, n, NULL, 0);
  free(buf);
  if (tree == NULL) exit(1);
}

static void print(void) {
  free(printed);
  printed = cJSON_Print(tree);
}

static void compact(void) {
  free(printed);
  printed = cJSON_PrintUnformatted(tree);
}

static void write_file(void) {
  FILE *f;
  size_t n;
  print();
  n = strlen(printed);
  f = fopen(tmppath, "wb");
  if (f == NULL || fwrite(printed, 1, n, f) != n || fputc('\n', f) == EOF ||
      fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 ||
      rename(tmppath, target) != 0) {
    fprintf(stderr, "json_cjson: cannot write %s\n", target);
    exit(1);
  }
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    void (*run)(void);
  } OPS[] = {{"parse", parse}, {"load", load}, {"print", print},
             {"compact", compact}, {"write", write_file}};
  bench_times b;
  int k;
  double t;
  bench_start(&b);
  if (argc != 5) {
    fprintf(stderr, "usage: json_cjson OP MAP.json REPS TMPDIR\n");
    return 2;
  }
  for (k = 0; k < 5; k++)
    if (strcmp(argv[1], OPS[k].name) == 0) break;
  if (k == 5) return 2;
  snprintf(path, sizeof path, "%s", argv[2]);
  snprintf(target, sizeof target, "%s/out.json", argv[4]);
  snprintf(tmppath, sizeof tmppath, "%s/out.json.tmp", argv[4]);
  text = slurp(path, &len);
  if (k >= 2) { /* printing: parse once, untimed */
    parse();
    free(text);
    text = NULL;
  }
  bench_loaded(&b);
  if (k < 2) { /* free each tree outside the timed calls */
    int r;
    double w, c;
    t = bench_now();
    parse();
    b.first = bench_now() - t;
    b.reps = atoi(argv[3]);
    for (r = 0; r < b.reps; r++) {
      cJSON_Delete(tree);
      tree = NULL;
      w = bench_now(), c = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
      OPS[k].run();
      b.cpu[r] = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c;
      b.wall[r] = bench_now() - w;
    }
  } else
    bench_run(&b, OPS[k].run, atoi(argv[3]));
  t = bench_now();
  cJSON_Delete(tree);
  t = bench_now() - t;
  bench_report(&b);
  printf("BENCH delete=%.6f\n", t);
  return 0;
}

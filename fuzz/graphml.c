/*
** fuzz/graphml.c — libFuzzer harness for GraphML import (graphml.c,
** igraph_read_graph_graphml on libxml2).
**
** The input is the file's bytes, read through fmemopen as the binding
** reads a FILE.  igraph's handlers are set as the module sets them (an
** error frees igraph's FINALLY stack and returns; warnings are dropped).
** A rejected input must give an igraph error code, or NULL with a
** message; an accepted one must pass dip_system_check, and writing it
** as GraphML and reading that back must give the same system (compared
** through its diplomat/1 JSON).  ASan/UBSan/LSan catch memory errors
** and leaks in our code (igraph and libxml2 are not instrumented, but
** their heap use is checked).  Build and run: make fuzz.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "../csrc/interchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const dip_graphml_opts OPTS = {"graphml", 0};

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz/graphml: %s\n%s\n", what, detail ? detail : "");
  abort();
}

static void on_error(const char *why, const char *file, int line,
                     igraph_error_t err) {
  (void)why, (void)file, (void)line, (void)err;
  IGRAPH_FINALLY_FREE();
}

static void on_warning(const char *why, const char *file, int line) {
  (void)why, (void)file, (void)line;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  igraph_set_error_handler(on_error);
  igraph_set_warning_handler(on_warning);
  dip_graphml_install();
  return 0;
}

/* The JSON of s with each undirected tie written from its lower-numbered
** actor: igraph may turn an undirected edge round, which changes nothing. */
static char *canonical(const dip_system *s) {
  dip_system *c = dip_system_clone(s);
  char *j;
  int i;
  if (c == NULL) abort();
  for (i = 0; i < c->nties; i++) {
    dip_tie *t = &c->ties[i];
    if (!c->layers[t->layer].directed && t->from > t->to) {
      int a = t->from;
      t->from = t->to;
      t->to = a;
    }
  }
  j = dip_json_encode(c, 0);
  dip_system_free(c);
  return j;
}

/* Every number, white space and "&" now survives the writer (the losses
** the first runs found, fuzz/RESULTS.md, are fixed): no input is left
** out of the round trip. */
static void round_trip(const dip_system *s) {
  char *text, *j1, *j2;
  FILE *f;
  dip_problems pr;
  dip_system *t;
  int ierr;
  text = dip_graphml_write(s, NULL);
  if (text == NULL) fail("GraphML write failed on an imported map", NULL);
  f = fmemopen(text, strlen(text), "rb");
  if (f == NULL) abort();
  dip_problems_init(&pr, 20);
  t = dip_graphml_read(f, &OPTS, &ierr, &pr);
  fclose(f);
  if (t == NULL)
    fail(ierr ? "igraph cannot read our own GraphML"
              : "our own GraphML does not import",
         ierr ? text : pr.text);
  dip_problems_free(&pr);
  j1 = canonical(s);
  j2 = canonical(t);
  if (j1 == NULL || j2 == NULL) fail("JSON encode failed", NULL);
  if (strcmp(j1, j2) != 0) fail("GraphML -> system -> GraphML differs", j1);
  free(j1);
  free(j2);
  free(text);
  dip_system_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dip_problems pr;
  dip_system *s;
  FILE *f;
  int ierr;
  char *buf;
  if (size == 0) return 0;
  buf = malloc(size);
  if (buf == NULL) return 0;
  memcpy(buf, data, size);
  f = fmemopen(buf, size, "rb");
  if (f == NULL) abort();
  dip_problems_init(&pr, 20);
  s = dip_graphml_read(f, &OPTS, &ierr, &pr);
  fclose(f);
  if (s == NULL) {
    if (ierr == IGRAPH_SUCCESS && (pr.count == 0 || pr.first[0] == '\0'))
      fail("rejected without a message", NULL);
    if (pr.oom) fail("out of memory reported on a small input", pr.first);
  } else {
    if (ierr != IGRAPH_SUCCESS || pr.count != 0)
      fail("accepted with problems", pr.text);
    if (dip_system_check(s, &pr) != 0)
      fail("accepted map breaks an invariant", pr.text);
    round_trip(s);
    dip_system_free(s);
  }
  dip_problems_free(&pr);
  free(buf);
  return 0;
}

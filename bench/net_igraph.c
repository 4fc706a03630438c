/*
** net_igraph.c — network measures through igraph's C API directly, the
** floor diplomat's network methods are measured against.
**
**   net_igraph MEASURE EDGEFILE REPS OUT
**
** Reads an edge file written by bench/prepare.lua (not timed), builds the
** igraph graph and its weight and cost (1 / weight) vectors, then runs
** the same igraph calls with the same arguments as diplomat's
** centrality.c, holes.c and community.c do: one call (`first`), then
** REPS timed calls.  Prints the BENCH line of timing.h and writes the
** values (communities: modularity and count) to OUT.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "timing.h"

static void check(igraph_error_t e, const char *what) {
  if (e != IGRAPH_SUCCESS) {
    fprintf(stderr, "net_igraph: %s failed (%d)\n", what, (int)e);
    exit(1);
  }
}

static igraph_t graph;
static igraph_vector_t weight, cost;

static void load(const char *path) {
  FILE *f = fopen(path, "rb");
  long n, m, k, directed;
  igraph_vector_int_t edges;
  if (f == NULL || fscanf(f, "%ld %ld %ld", &n, &m, &directed) != 3) {
    fprintf(stderr, "net_igraph: cannot read %s\n", path);
    exit(1);
  }
  check(igraph_vector_int_init(&edges, 2 * m), "init");
  check(igraph_vector_init(&weight, m), "init");
  check(igraph_vector_init(&cost, m), "init");
  for (k = 0; k < m; k++) {
    long u, v;
    double w;
    if (fscanf(f, "%ld %ld %lf", &u, &v, &w) != 3) {
      fprintf(stderr, "net_igraph: %s: bad edge %ld\n", path, k + 1);
      exit(1);
    }
    VECTOR(edges)[2 * k] = u;
    VECTOR(edges)[2 * k + 1] = v;
    VECTOR(weight)[k] = w;
    VECTOR(cost)[k] = 1.0 / w;
  }
  fclose(f);
  check(igraph_create(&graph, &edges, n, directed != 0), "create");
  igraph_vector_int_destroy(&edges);
}

/* {====== The measures, as diplomat calls them ====== */

static igraph_vector_t res;
static igraph_vector_int_t membership;
static double modularity;
static igraph_integer_t count;

static void pagerank(void) {
  igraph_real_t value;
  check(igraph_pagerank(&graph, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value,
                        igraph_vss_all(), igraph_is_directed(&graph), 0.85,
                        &weight, NULL),
        "pagerank");
}

static void betweenness(void) {
  check(igraph_betweenness(&graph, &res, igraph_vss_all(),
                           igraph_is_directed(&graph), &cost),
        "betweenness");
}

static void constraint(void) {
  igraph_integer_t i, n;
  check(igraph_constraint(&graph, &res, igraph_vss_all(), &weight),
        "constraint");
  n = igraph_vector_size(&res);
  for (i = 0; i < n; i++)
    if (isnan(VECTOR(res)[i])) VECTOR(res)[i] = 0;
}

/* Numbers communities 0.. in order of first appearance (as diplomat). */
static void renumber(void) {
  igraph_integer_t n = igraph_vector_int_size(&membership), i, k = 0;
  igraph_integer_t *map = malloc((size_t)(n + 1) * sizeof *map);
  for (i = 0; i < n; i++) map[i] = -1;
  for (i = 0; i < n; i++) {
    igraph_integer_t c = VECTOR(membership)[i];
    if (map[c] < 0) map[c] = k++;
    VECTOR(membership)[i] = map[c];
  }
  free(map);
  count = k;
}

/* Leiden for modularity: node weights = strengths, resolution 1 / 2m,
** one iteration at a time until stable (at most 50), as community.c. */
static void leiden(void) {
  igraph_vector_t strength;
  igraph_vector_int_t last;
  igraph_real_t quality, previous, twom;
  igraph_integer_t nb, it;
  igraph_rng_t rng;
  igraph_rng_t *saved = igraph_rng_default();
  check(igraph_rng_init(&rng, &igraph_rngtype_mt19937), "rng");
  check(igraph_rng_seed(&rng, 1), "rng");
  igraph_rng_set_default(&rng);
  check(igraph_vector_init(&strength, 0), "init");
  check(igraph_strength(&graph, &strength, igraph_vss_all(), IGRAPH_ALL,
                        IGRAPH_LOOPS, &weight),
        "strength");
  twom = igraph_vector_sum(&strength);
  check(igraph_community_leiden(&graph, &weight, &strength, 1.0 / twom, 0.01,
                                0, 1, &membership, &nb, &quality),
        "leiden");
  check(igraph_vector_int_init_copy(&last, &membership), "init");
  for (it = 1; it < 50; it++) {
    previous = quality;
    check(igraph_community_leiden(&graph, &weight, &strength, 1.0 / twom,
                                  0.01, 1, 1, &membership, &nb, &quality),
          "leiden");
    if (igraph_vector_int_all_e(&last, &membership)) break;
    if (!(quality > previous + 1e-12 * fabs(previous))) break;
    check(igraph_vector_int_update(&last, &membership), "update");
  }
  igraph_vector_int_destroy(&last);
  igraph_vector_destroy(&strength);
  igraph_rng_set_default(saved);
  igraph_rng_destroy(&rng);
  renumber();
  check(igraph_modularity(&graph, &membership, &weight, 1.0,
                          IGRAPH_UNDIRECTED, &modularity),
        "modularity");
}

static void louvain(void) {
  igraph_rng_t rng;
  igraph_rng_t *saved = igraph_rng_default();
  check(igraph_rng_init(&rng, &igraph_rngtype_mt19937), "rng");
  check(igraph_rng_seed(&rng, 1), "rng");
  igraph_rng_set_default(&rng);
  check(igraph_community_multilevel(&graph, &weight, 1.0, &membership, NULL,
                                    NULL),
        "multilevel");
  igraph_rng_set_default(saved);
  igraph_rng_destroy(&rng);
  renumber();
  check(igraph_modularity(&graph, &membership, &weight, 1.0,
                          IGRAPH_UNDIRECTED, &modularity),
        "modularity");
}

/* }====== */

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    void (*run)(void);
    int communities;
  } MEASURES[] = {{"pagerank", pagerank, 0},
                  {"betweenness", betweenness, 0},
                  {"constraint", constraint, 0},
                  {"leiden", leiden, 1},
                  {"louvain", louvain, 1}};
  int k;
  igraph_integer_t r;
  bench_times b;
  FILE *out;
  bench_start(&b);
  if (argc != 5) {
    fprintf(stderr, "usage: net_igraph MEASURE EDGEFILE REPS OUT\n");
    return 2;
  }
  for (k = 0; k < 5; k++)
    if (strcmp(argv[1], MEASURES[k].name) == 0) break;
  if (k == 5) {
    fprintf(stderr, "net_igraph: unknown measure %s\n", argv[1]);
    return 2;
  }
  load(argv[2]);
  check(igraph_vector_init(&res, 0), "init");
  check(igraph_vector_int_init(&membership, 0), "init");
  bench_loaded(&b);
  bench_run(&b, MEASURES[k].run, atoi(argv[3]));
  bench_report(&b);
  out = fopen(argv[4], "wb");
  if (out == NULL) return 1;
  if (MEASURES[k].communities)
    fprintf(out, "%.17g\n%ld\n", modularity, (long)count);
  else
    for (r = 0; r < igraph_vector_size(&res); r++)
      fprintf(out, "%.17g\n", VECTOR(res)[r]);
  fclose(out);
  return 0;
}

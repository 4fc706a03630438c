/*
** interrupt_sweep.c — by hand, not run by make test: the check behind
** csrc/watch.c's way of stopping igraph.  For each igraph routine that
** diplomat watches (betweenness, closeness, harmonic, eigenvector,
** Louvain, Leiden, Fruchterman-Reingold with and without the grid,
** Kamada-Kawai; weighted and not), it first counts the routine's
** interruption checks and progress reports, then runs it again stopping
** at the 1st, 2nd, ... of them (about 200 stops per routine), as
** watch.c's handlers stop it: the interruption handler frees igraph's
** FINALLY stack and returns IGRAPH_INTERRUPTED, the progress handler
** returns IGRAPH_INTERRUPTED.  Under ASan/LSan every stop must free all
** it allocated, and the FINALLY stack must be empty after each.
**
**   cc -g -fsanitize=address,undefined -I/usr/include/igraph \
**     spec/hosts/interrupt_sweep.c -o /tmp/interrupt_sweep -ligraph -lm
**   /tmp/interrupt_sweep
**
** Prints one line per routine: checks, runs interrupted, runs that ended
** (a randomised routine may make fewer checks on a later run).  Against
** Debian's igraph 0.10.2: no ASan report, no leak, no "finally stack"
** line; weighted closeness and harmonic make no checks at all.
*/
#include <igraph.h>
#include <stdio.h>

static long count, stopat;

static igraph_error_t on_interrupt(void *data) {
  (void)data;
  if (++count != stopat) return IGRAPH_SUCCESS;
  IGRAPH_FINALLY_FREE();
  return IGRAPH_INTERRUPTED;
}

static igraph_error_t on_progress(const char *message, igraph_real_t percent,
                                  void *data) {
  (void)message, (void)percent, (void)data;
  return ++count == stopat ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

static void on_error(const char *reason, const char *file, int line,
                     igraph_error_t e) {
  (void)reason, (void)file, (void)line, (void)e;
  IGRAPH_FINALLY_FREE();
}

static igraph_vector_t res;
static igraph_matrix_t xy;
static igraph_vector_int_t membership;

typedef igraph_error_t (*routine)(const igraph_t *, const igraph_vector_t *);

static igraph_error_t betweenness(const igraph_t *g,
                                  const igraph_vector_t *w) {
  return igraph_betweenness(g, &res, igraph_vss_all(), 0, w);
}
static igraph_error_t closeness(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_closeness(g, &res, NULL, NULL, igraph_vss_all(), IGRAPH_OUT,
                          w, 0);
}
static igraph_error_t harmonic(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_harmonic_centrality(g, &res, igraph_vss_all(), IGRAPH_OUT,
                                    w, 0);
}
static igraph_error_t eigenvector(const igraph_t *g,
                                  const igraph_vector_t *w) {
  igraph_real_t value;
  igraph_arpack_options_t ao;
  igraph_arpack_options_init(&ao);
  return igraph_eigenvector_centrality(g, &res, &value, 0, 1, w, &ao);
}
static igraph_error_t louvain(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_community_multilevel(g, w, 1, &membership, NULL, NULL);
}
static igraph_error_t leiden(const igraph_t *g, const igraph_vector_t *w) {
  igraph_integer_t nb;
  igraph_real_t q;
  return igraph_community_leiden(g, w, NULL, 0.001, 0.01, 0, 1, &membership,
                                 &nb, &q);
}
static igraph_error_t fr(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_layout_fruchterman_reingold(g, &xy, 0, 30, 10,
                                            IGRAPH_LAYOUT_NOGRID, w, NULL,
                                            NULL, NULL, NULL);
}
static igraph_error_t frgrid(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_layout_fruchterman_reingold(g, &xy, 0, 30, 10,
                                            IGRAPH_LAYOUT_GRID, w, NULL,
                                            NULL, NULL, NULL);
}
static igraph_error_t kk(const igraph_t *g, const igraph_vector_t *w) {
  return igraph_layout_kamada_kawai(g, &xy, 0, 200, 0, 150, w, NULL, NULL,
                                    NULL, NULL);
}

int main(void) {
  static const struct {
    const char *name;
    routine f;
  } rs[] = {{"betweenness", betweenness}, {"closeness", closeness},
            {"harmonic", harmonic},       {"eigenvector", eigenvector},
            {"louvain", louvain},         {"leiden", leiden},
            {"fr", fr},                   {"fr grid", frgrid},
            {"kk", kk}};
  igraph_t g;
  igraph_vector_t w;
  int k, weighted;
  igraph_set_error_handler(on_error);
  igraph_rng_seed(igraph_rng_default(), 1);
  igraph_erdos_renyi_game_gnm(&g, 150, 600, IGRAPH_UNDIRECTED,
                              IGRAPH_NO_LOOPS);
  igraph_vector_init(&w, igraph_ecount(&g));
  igraph_vector_fill(&w, 1.5);
  igraph_vector_init(&res, 0);
  igraph_matrix_init(&xy, 0, 0);
  igraph_vector_int_init(&membership, 0);
  igraph_set_interruption_handler(on_interrupt);
  igraph_set_progress_handler(on_progress);
  for (k = 0; k < (int)(sizeof rs / sizeof rs[0]); k++)
    for (weighted = 0; weighted < 2; weighted++) {
      const igraph_vector_t *wt = weighted ? &w : NULL;
      long checks, stopped = 0, ended = 0;
      count = 0;
      stopat = -1;
      rs[k].f(&g, wt);
      checks = count;
      for (stopat = 1; stopat <= checks;
           stopat += checks > 400 ? checks / 200 : 1) {
        count = 0;
        if (rs[k].f(&g, wt) == IGRAPH_INTERRUPTED)
          stopped++;
        else
          ended++;
        if (IGRAPH_FINALLY_STACK_SIZE() != 0)
          printf("  %s: finally stack %d after a stop at %ld\n", rs[k].name,
                 IGRAPH_FINALLY_STACK_SIZE(), stopat);
      }
      printf("%-12s weighted=%d checks=%ld interrupted=%ld ended=%ld\n",
             rs[k].name, weighted, checks, stopped, ended);
    }
  igraph_set_interruption_handler(NULL);
  igraph_set_progress_handler(NULL);
  igraph_vector_destroy(&res);
  igraph_matrix_destroy(&xy);
  igraph_vector_int_destroy(&membership);
  igraph_vector_destroy(&w);
  igraph_destroy(&g);
  return 0;
}

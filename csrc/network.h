/*
** network.h — igraph views of a system and the network algorithms that
** run on them (graph.c, centrality.c, ...).  No Lua calls in these files.
*/
#ifndef DIPLOMAT_NETWORK_H
#define DIPLOMAT_NETWORK_H

#include <igraph.h>

#include "diplomat.h"
#include "progress.h"

/* How ties in several selected layers between one pair become one edge. */
typedef enum {
  DIP_COMBINE_SUM, DIP_COMBINE_MAX, DIP_COMBINE_COUNT
} dip_combine;

/*
** A view: the ties of the selected layers as one igraph graph.  Vertex i
** is actor i (every actor, isolated or not).  The graph is directed when
** any selected layer is directed; a tie of an undirected layer then
** becomes two arcs.  Parallel ties (several layers, same pair) become one
** edge whose weight combines theirs.  Edges are sorted by (from, to).
*/
typedef struct dip_view {
  struct dip_view *next;
  unsigned long generation; /* the system's generation when built */
  int nlayers;
  unsigned char *selected;  /* nlayers flags */
  dip_combine combine;
  int undirected;           /* every layer read as undirected (a key) */
  int directed;
  int live;                 /* which igraph members are initialised */
  igraph_t graph;
  igraph_vector_t weight;   /* combined strength per edge */
  igraph_vector_t cost;     /* 1 / weight per edge: for path lengths */
  igraph_vector_int_t ties; /* per edge: how many ties were combined */
} dip_view;

struct dip_viewcache {
  dip_view *head;
  int count;
};

/*
** The view of the layers flagged in selected (s->nlayers flags), cached on
** the system and rebuilt after any change to it.  Returns NULL with *err
** set when igraph or memory fails.  The cache keeps the VIEWS_KEPT (8)
** most recently used views, so a view stays valid until the system
** changes or 7 other views have been asked for since (two views got one
** after the other, e.g. a selection and its undirected form, are safe).
*/
const dip_view *dip_view_get(dip_system *s, const unsigned char *selected,
                             dip_combine combine, igraph_error_t *err);

/*
** The same selection with every layer read as undirected: a tie A -> B of
** a directed layer becomes a tie between A and B, so A -> B and B -> A
** are parallel ties and combine into one edge.  This is what mode "all"
** (direction ignored) measures.  The same object as dip_view_get when no
** selected layer is directed.  Lifetime as for dip_view_get.
*/
const dip_view *dip_view_undirected(dip_system *s,
                                    const unsigned char *selected,
                                    dip_combine combine,
                                    igraph_error_t *err);

/*
** A seeded random number generator for the igraph calls of one
** computation (graph.c).  igraph_rng_set_default copies the generator
** struct into a global, so the previous default is saved by value and
** put back by dip_rngscope_end; the seeded generator's state is freed
** then.  Between begin and end every igraph call draws from the seeded
** stream: results are reproducible for a seed.
*/
typedef struct dip_rngscope {
  igraph_rng_t rng, saved;
} dip_rngscope;
igraph_error_t dip_rngscope_begin(dip_rngscope *sc, unsigned long seed);
void dip_rngscope_end(dip_rngscope *sc);

/* {====== Centrality (centrality.c) ====== */

typedef enum {
  DIP_DEGREE, DIP_STRENGTH, DIP_BETWEENNESS, DIP_CLOSENESS, DIP_HARMONIC,
  DIP_EIGENVECTOR, DIP_PAGERANK
} dip_measure;

typedef struct dip_centrality_opts {
  dip_measure measure;
  igraph_neimode_t mode; /* IGRAPH_OUT, IGRAPH_IN, IGRAPH_ALL */
  int weighted;
  int normalized;
  double damping;
  dip_progress *pr; /* or NULL: see dip_centrality */
} dip_centrality_opts;

/*
** res: an initialised vector; receives one value per actor.  v: for mode
** IGRAPH_ALL, the view from dip_view_undirected.  o->pr (time budget and
** callback, or NULL) watches igraph's call (dip_watch): betweenness, and
** closeness and harmonic without weights, report sources done of the
** actors and check the budget for each source; weighted closeness and
** harmonic, which igraph 0.10.2 never checks, go to igraph in at most
** 256 blocks of sources and report and check between blocks;
** eigenvector checks each ARPACK iteration; degree, strength and
** pagerank never check.  A stopped call fails with IGRAPH_INTERRUPTED
** (no values).
*/
igraph_error_t dip_centrality(const dip_view *v, const dip_centrality_opts *o,
                              igraph_vector_t *res);

/* }====== */

/* {====== Communities (community.c) ====== */

typedef enum { DIP_LEIDEN, DIP_LOUVAIN } dip_community_method;

typedef struct dip_community_opts {
  dip_community_method method;
  double resolution; /* >= 0: the gamma of generalised modularity */
  igraph_uint_t seed;
  int weighted;
  dip_progress *pr; /* Leiden: told (iteration, LEIDEN_ITERATIONS = 50)
                       after each iteration but the last; stopping keeps
                       the partition reached, and the time budget is also
                       checked inside each iteration after the first (a
                       stopped one is undone).
                       Louvain: the time budget checked by igraph between
                       levels; stopped, IGRAPH_INTERRUPTED.  NULL: none */
} dip_community_opts;

/*
** Modularity-based communities of view v, which must be undirected
** (direction ignored: dip_view_undirected; a directed view gives
** IGRAPH_EINVAL).  membership: an initialised vector; receives each
** actor's community, 0-based, numbered in order of first appearance
** among the actors.  *count: the number of communities; *modularity:
** Newman's modularity (resolution 1) of the partition.
*/
igraph_error_t dip_communities(const dip_view *v,
                               const dip_community_opts *o,
                               igraph_vector_int_t *membership,
                               igraph_integer_t *count, double *modularity);

/* A non-empty cell of a crosstab: how many actors are in both. */
typedef struct dip_cell {
  int community, group, count;
} dip_cell;

/*
** Cross-tabulates two partitions of n actors (community[i] in 0..,
** group[i] in 0..).  cells: room for n cells; receives the non-empty
** ones sorted by (community, group), *ncells of them.  *purity and *ari:
** purity and adjusted Rand index of the communities against the groups.
** Returns 0, or -1 when memory runs out.
*/
int dip_crosstab(const igraph_integer_t *community, const int *group, int n,
                 dip_cell *cells, int *ncells, double *purity, double *ari);

/* }====== */

/* {====== Paths and reach (paths.c) ====== */

/*
** The most trusted route from actor `from` to actor `to` in view v: the
** one of least total cost (1 / weight per edge), following direction.
** vertices, edges: initialised vectors; receive the route's actors and
** view edges (both empty when `to` cannot be reached).  *cost: the
** route's cost (infinity when there is none).
*/
igraph_error_t dip_path(const dip_view *v, igraph_integer_t from,
                        igraph_integer_t to, igraph_vector_int_t *vertices,
                        igraph_vector_int_t *edges, double *cost);

/*
** Steps from actor `from` to every actor in graph g following `mode`,
** at most `steps` of them (steps < 0: any number).  dist: an initialised
** vector; receives per actor its distance in steps, or -1 when not
** reached (0 for `from` itself).  *count: actors reached, `from` aside.
*/
igraph_error_t dip_reach(const igraph_t *g, igraph_integer_t from,
                         igraph_neimode_t mode, igraph_integer_t steps,
                         igraph_vector_int_t *dist, igraph_integer_t *count);

/* What dip_channels computes; the caller initialises the vectors. */
typedef struct dip_channels_result {
  igraph_vector_int_t *reach_all;    /* per actor: reached, all layers */
  igraph_vector_int_t *reach_formal; /* ... over formal layers only */
  igraph_vector_int_t *carries;      /* per actor: connected pairs lost
                                        without its informal ties */
  igraph_integer_t pairs_all;        /* connected pairs, all layers */
  igraph_integer_t pairs_formal;     /* ... formal layers only */
} dip_channels_result;

/*
** Channel dependence between the formal graph and the informal graph of
** one selection (same actors).  mode IGRAPH_ALL counts unordered pairs
** (weak connectivity); IGRAPH_OUT / IGRAPH_IN count ordered pairs (i
** reaches j following / against direction).
*/
igraph_error_t dip_channels(const igraph_t *formal, const igraph_t *informal,
                            igraph_neimode_t mode, dip_channels_result *r);

/* }====== */

/* {====== Structural holes (holes.c) ====== */

typedef enum {
  DIP_CONSTRAINT, DIP_EFFECTIVE_SIZE, DIP_EFFICIENCY
} dip_hole_measure;

/*
** Burt's constraint, effective size or efficiency of every actor of view
** v into res (an initialised vector).  weighted = 0 counts 1 per edge
** of the view.  Self-ties are ignored; an actor with no other contact
** gets 0.
*/
igraph_error_t dip_holes(const dip_view *v, dip_hole_measure m, int weighted,
                         igraph_vector_t *res);

/* }====== */

/* {====== Coreness (coreness.c) ====== */

/*
** The k-core number of every actor of view v into res (an initialised
** vector; whole numbers).  mode: IGRAPH_ALL, IGRAPH_IN or IGRAPH_OUT
** (ignored for undirected views).  Self-ties are ignored.
*/
igraph_error_t dip_coreness(const dip_view *v, igraph_neimode_t mode,
                            igraph_vector_t *res);

/* }====== */

/* {====== Brokerage (brokerage.c) ====== */

/* Gould-Fernandez roles, in the column order of R's sna::brokerage
** (w_I, w_O, b_IO, b_OI, b_O, t). */
enum {
  DIP_COORDINATOR, DIP_ITINERANT, DIP_REPRESENTATIVE, DIP_GATEKEEPER,
  DIP_LIAISON, DIP_BROKERAGE_TOTAL, DIP_NROLES
};

/*
** Results of dip_brokerage; the caller owns every array (n actors, g
** groups, rows of DIP_NROLES values).
*/
typedef struct dip_brokerage_res {
  double *raw;      /* n rows: role counts per actor */
  double *z;        /* n rows: (raw - expected of its group) / sd */
  double *expected; /* g rows: expected counts per member of each group */
  double *sd;       /* g rows: their standard deviations */
  double sys_raw[DIP_NROLES], sys_expected[DIP_NROLES];
  double sys_sd[DIP_NROLES], sys_z[DIP_NROLES];
  double density;   /* arcs / (n (n - 1)), self-ties left out */
} dip_brokerage_res;

/* group: per actor, its group 0..ngroups-1. */
igraph_error_t dip_brokerage(const dip_view *v, const int *group, int ngroups,
                             dip_brokerage_res *r);

/* }====== */

/* {====== Boundary ties: E-I index, spanners (boundary.c) ====== */

/*
** Ties within and across groups; the caller owns every array (n actors,
** g groups).  Counts are of edges of the view (arcs in a directed view),
** weights their combined weights; self-ties are left out.
*/
typedef struct dip_boundary_res {
  double *external, *internal;    /* n: ties to other groups, own group */
  double *external_w, *internal_w; /* n: their summed weights */
  int *reached;                    /* n: other groups tied to */
  double *g_external, *g_internal; /* g: ties leaving / inside a group */
  double *g_external_w, *g_internal_w;
  double sys_external, sys_internal;     /* the system */
  double sys_external_w, sys_internal_w;
} dip_boundary_res;

/* mode: which of an actor's arcs count (ignored for undirected views). */
igraph_error_t dip_boundary(const dip_view *v, const int *group, int ngroups,
                            igraph_neimode_t mode, dip_boundary_res *r);

/*
** Fills order with the actors that have a tie across a boundary, most
** such ties first (then most weight, then id), and returns how many.
** order: room for s->nactors ints.  Returns -1 when out of memory.
*/
int dip_spanners_rank(const dip_system *s, const dip_boundary_res *r,
                      int *order);

/* }====== */

/* {====== Layout (layout.c) ====== */

typedef enum { DIP_LAYOUT_FR, DIP_LAYOUT_KK } dip_layout_method;

typedef struct dip_layout_opts {
  dip_layout_method method;
  igraph_uint_t seed;
  int weighted;
  igraph_integer_t iterations; /* <= 0: igraph's default */
  dip_progress *pr; /* time budget (or NULL), checked by igraph each
                       iteration; a stopped layout fails with
                       IGRAPH_INTERRUPTED */
} dip_layout_opts;

/*
** Coordinates of every actor of view v, which must be undirected
** (dip_view_undirected; a directed view gives IGRAPH_EINVAL).  res: an
** initialised matrix; receives n rows of (x, y) in igraph's units.
*/
igraph_error_t dip_layout(const dip_view *v, const dip_layout_opts *o,
                          igraph_matrix_t *res);

/* }====== */

/* {====== Opinion dynamics (dynamics.c) ====== */

typedef enum { DIP_FJ_ITERATE, DIP_FJ_SOLVE } dip_fj_method;

/* Most actors the dense method "solve" takes (an n x n matrix). */
#define DIP_FJ_SOLVE_MAX 1000

/*
** Friedkin-Johnsen on view v (n actors); arrays hold one value per actor
** and are read only where `in` flags the actor as taking part.
*/
typedef struct dip_fj_in {
  const unsigned char *in; /* 1: holds an opinion, takes part */
  const double *x0;        /* starting opinions */
  const double *lambda;    /* susceptibilities in [0, 1] */
  int coupled;             /* 1: lambda_i = 1 - W_ii instead (Friedkin) */
  const double *self;      /* self-weights >= 0; < 0: the mean weight of
                              the actor's incoming ties */
  int weighted;            /* 0: every edge of the view weighs 1 */
  dip_fj_method method;
  double tol;              /* converged: opinions move < tol * scale,
                              influence rows < tol */
  double scale;            /* the max - min */
  int max_iterations;
  const int *rows;         /* actors (taking part) whose rows of V ... */
  int nrows;               /* ... are wanted */
  dip_progress *pr;        /* "iterate": told (done, max_iterations *
                              (1 + nrows)) every 16 steps, done counting
                              max_iterations per finished phase (opinions,
                              then each row); NULL: none */
} dip_fj_in;

typedef struct dip_fj_out {
  double *x;      /* n: final opinions, NaN outside the model */
  double *v;      /* nrows * n: rows of V, 0 outside the model */
  int iterations; /* steps taken for the opinions (0 with "solve") */
  int converged;  /* opinions and every row */
  int singular;   /* "solve": I - L W has no inverse (x = x(0)) */
  int rows_done;  /* rows of v computed (< nrows: stopped by pr) */
} dip_fj_out;

/*
** Opinions at equilibrium and chosen rows of the total-influence matrix.
** Returns 0, or -1 when memory ran out.  Time: O((n + m) k) per row and
** for the opinions (k iterations) with "iterate"; O(n^3) with "solve".
*/
int dip_dynamics(const dip_view *v, const dip_fj_in *in, dip_fj_out *out);

/* }====== */

/* {====== Watching igraph calls (watch.c) ====== */

/*
** A watch on igraph calls: between dip_watch_begin and dip_watch_end,
** igraph's interruption checks stop the call (IGRAPH_INTERRUPTED, no
** result) once p stops (time budget, or its callback asked), and
** igraph's progress reports, in percent, are reported to p as done of
** total (0 and 100 percent left out; total <= 0: not reported).  p
** NULL: no watch (igraph's handlers off).  Hold the igraph lock from
** begin to end, with nothing between that can longjmp; watches nest.
** Time: O(1) per check, plus p's callback.
*/
typedef struct dip_watch {
  dip_progress *p;
  double total, last;
  struct dip_watch *prev;
  igraph_interruption_handler_t *interrupt; /* the handlers before */
  igraph_progress_handler_t *progress;
} dip_watch;

void dip_watch_begin(dip_watch *w, dip_progress *p, double total);
void dip_watch_end(dip_watch *w);

/* }====== */

/* {====== Coalitions (coalition.c) ====== */

/* How the kept coalitions rank (ties: then the members' indices). */
typedef enum {
  DIP_COAL_BY_SIZE,   /* fewest members, then least weight */
  DIP_COAL_BY_WEIGHT, /* least weight, then fewest members */
  DIP_COAL_BY_RANGE,  /* narrowest range, fewest members, least weight */
  DIP_COAL_BY_COST    /* cheapest, fewest members, then most weight */
} dip_coal_order;

enum { DIP_COAL_OK = 0, DIP_COAL_NOMEM = -1 };

/* The searches check their budgets every this many nodes. */
#define DIP_COAL_CHECK 1024

/* One coalition.  members: player indices, ascending; pivotal, broker:
** one flag per member. */
typedef struct dip_coalition {
  int size;
  int *members;
  unsigned char *pivotal; /* its exit leaves less than the quota */
  unsigned char *broker;  /* its exit disconnects the rest (network) */
  int64_t weight;         /* in units */
  double cost;            /* sum of members' costs (search) */
  double range;           /* max - min of members' positions (with x) */
} dip_coalition;

/*
** A weighted voting game of n players with the conditions on the
** coalitions sought.  Arrays have n entries; the caller owns them.
*/
typedef struct dip_coal_in {
  int n;
  const int64_t *w;              /* weights in units, >= 0 */
  int64_t quota;                 /* a coalition wins with weight >= quota */
  const unsigned char *can_join; /* 0: never a member */
  const unsigned char *required; /* 1: must be a member (or NULL) */
  const double *cost;            /* >= 0, finite (dip_coal_search) */
  const double *x;               /* positions, or NULL */
  double max_range;              /* with x: members span at most this;
                                    < 0: no limit */
  const igraph_t *graph;         /* vertex i = player i, edges read as
                                    undirected, loops ignored: members
                                    must induce a connected subgraph.
                                    NULL: no condition.  Read once at the
                                    start, never after. */
  dip_coal_order order;
  int limit;                     /* keep the best `limit` (>= 1) */
  long long max_nodes;           /* budget in search nodes (0: none) */
  dip_progress *progress;        /* time budget and callback (or NULL):
                                    reported every DIP_COAL_CHECK nodes
                                    as nodes of max_nodes */
  /* Enumeration only: when set, called with each coalition as found
  ** (valid during the call) instead of keeping the best; return 0 to
  ** stop. */
  int (*each)(void *ud, const dip_coalition *c);
  void *ud;
} dip_coal_in;

typedef struct dip_coal_out {
  dip_coalition *best;  /* count coalitions, best first */
  int count;
  long long found;      /* coalitions met that meet every condition */
  long long nodes;      /* search nodes explored */
  double seconds;
  int complete;         /* 1: the whole space was searched (0: max_nodes,
                           the progress or each stopped it first) */
  int stopped;          /* 1: each returned 0 */
  double lower_bound;   /* search: no coalition costs less (inf: none) */
} dip_coal_out;

/*
** Minimal winning coalitions (with a graph: minimal connected winning)
** that hold every required player, within the range.  Time: O(n) per
** coalition found without a network (players in decreasing weight);
** with one, O(n^2 / 64) per connected set grown.  Returns DIP_COAL_OK or
** DIP_COAL_NOMEM (out is then empty).  Free out with dip_coal_out_free.
*/
int dip_minimal_winning(const dip_coal_in *in, dip_coal_out *out);

/*
** The best `limit` minimal (connected) winning coalitions by cost
** (order DIP_COAL_BY_COST), by branch and bound; exact when
** out->complete, otherwise the best found within the budgets, with
** out->lower_bound.
*/
int dip_coal_search(const dip_coal_in *in, dip_coal_out *out);

void dip_coal_out_free(dip_coal_out *out);

/* }====== */

#endif

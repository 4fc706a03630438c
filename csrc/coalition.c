/*
** coalition.c — minimal winning coalitions, and the cheapest coalitions
** that can carry a proposal, in a weighted voting game whose players may
** be tied by a network.  Hand-written for diplomat: no library offers
** these searches, and none was copied.
**
** Game: players with whole-number weights w_i >= 0 (in units) and a quota
** q >= 1; a coalition S wins when w(S) >= q.  Restrictions (dip_coal_in):
** who may join at all, who must be in, a network (S must induce a
** connected subgraph, ties read as undirected) and a policy range (the
** members' positions span at most d).
**
** Minimal.  Without a network, S is minimal winning when it wins and
** every member is critical: w(S) - w_i < q for all i in S (von Neumann &
** Morgenstern; Riker 1962).  With a network, S is minimal connected
** winning when it is connected and wins and no proper subset is both
** connected and winning.  That is the same as: every member whose exit
** leaves S connected is critical (if T is a connected proper subset of a
** connected S, some u in S \ T leaves S \ {u} connected and still holding
** T: a leaf of a spanning tree of S with T contracted).  On a line
** (players tied to their neighbours in left-right order) these are
** Axelrod's minimal connected winning coalitions (Axelrod 1970, Conflict
** of Interest, ch. 8): intervals that win and lose when either end
** leaves; on a graph a zero-weight member may belong as a bridge.  The
** range condition is hereditary (a subset spans no more), so the
** coalitions found with it are the minimal ones that also respect it (de
** Swaan 1973, policy-compact coalitions).
**
** Enumeration.  Without a network: include/exclude depth-first search
** over the players in a fixed order, stopping at the first winning set on
** each branch (a winning set plus anyone is not minimal) and pruning when
** the players left cannot reach the quota.  With players in decreasing
** weight order, every winning set reached is minimal (its last member is
** its lightest) and every branch not pruned holds one, so the work is
** O(n) per coalition found.  With a network: connected sets are grown
** one neighbour at a time with Wernicke's ESU rule (Wernicke 2006,
** IEEE/ACM TCBB 3(4): a set grows only by vertices after its first one,
** and a vertex joins the candidates only if it was not next to the set
** before), which meets every connected set exactly once; growth stops at
** winning sets, and a branch is pruned when the vertices it can still
** reach (a breadth-first search, O(n / 64 + their degrees)) cannot make
** up the quota.  A winning set is minimal when each member that is not
** critical is an articulation point of it (Hopcroft & Tarjan 1973).
**
** Budgets.  A node is one call of the search (a set judged or
** extended; the loop of the plain enumeration counts the same nodes);
** every DIP_COAL_CHECK nodes the search reports its nodes of
** max_nodes to the progress (progress.h), which reads the clock for the
** time budget and may ask it to stop; at max_nodes it stops.  Checking
** there and not at every node keeps the count of nodes exact but takes
** the clock and the callback off the inner loop.
**
** Search.  Every player also has a cost c_i >= 0; coalitions rank by
** (total cost, then fewer members, then more weight, then the members'
** indices), and the best k minimal (connected) winning coalitions are
** kept.  Branch and bound: the same enumerations, players taken in
** increasing cost per unit of weight, a branch pruned when its lower
** bound cannot beat the k-th best kept.  The bound is the cost so far
** plus the fractional covering knapsack over the players the branch can
** still add (the cheapest cost per unit of weight first, the last one in
** part; Dantzig 1957); when that ties with the k-th best's cost, the
** fewest of those players that can make up the quota, and on a tie in
** size too, the most weight the set can reach.  Stopped early (node
** or time budget, or the progress), the search keeps what it found (the
** first coalition found is the greedy one: cheapest per unit of weight
** first, in a network the cheapest reachable neighbour first) and
** reports as lower bound the least of the bounds of every branch left
** unexplored and of the best cost found.  A run is complete when no
** branch was left unexplored, even if a budget ran out at its end.
**
** Time: exponential in the worst case (there can be C(n, n/2) minimal
** winning coalitions); the budgets bound it.  No Lua calls here.
*/
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"

typedef uint64_t word;

/* {====== Bit sets ====== */

#define WORDOF(i) ((i) >> 6)
#define BITOF(i) ((word)1 << ((i) & 63))

static int has(const word *b, int i) { return (b[WORDOF(i)] & BITOF(i)) != 0; }
static void put(word *b, int i) { b[WORDOF(i)] |= BITOF(i); }
static void del(word *b, int i) { b[WORDOF(i)] &= ~BITOF(i); }

static int lowbit(word x) {
#if defined(__GNUC__)
  return __builtin_ctzll(x);
#else
  int k = 0;
  while (!(x & 1)) x >>= 1, k++;
  return k;
#endif
}

/* b (nw words) := the members from..to-1. */
static void fromon(word *b, int from, int to, int nw) {
  int k;
  for (k = 0; k < nw; k++) {
    int lo = k * 64;
    word x = 0;
    if (from < lo + 64 && to > lo) {
      int a = from > lo ? from - lo : 0, z = to - lo;
      x = z >= 64 ? ~(word)0 : ((word)1 << z) - 1;
      x &= ~(((word)1 << a) - 1);
    }
    b[k] = x;
  }
}

/* The first member of b (nw words), or -1 when b is empty. */
static int firstof(const word *b, int nw) {
  int k;
  for (k = 0; k < nw; k++)
    if (b[k]) return k * 64 + lowbit(b[k]);
  return -1;
}

/* }====== */

/* {====== The engine ====== */

typedef struct eng {
  const dip_coal_in *in;
  int search, conn, range;
  int m, nw, nreq, limit;
  int64_t q;
  double d;
  int *id;          /* m: vertex -> player; vertices are players in search
                       order, required ones first */
  int *vx;          /* n: player -> vertex, or -1 */
  int64_t *w, *suffix; /* m weights; suffix[i] = w of vertices i.. */
  int64_t *minw;    /* m + 1: the lightest weight of the first k members
                       (plain) */
  double *c, *x;    /* m costs (0 when not searching), positions (or 0) */
  int *start, *nbr; /* with a network: the neighbours of v are
                       nbr[start[v] .. start[v + 1] - 1] */
  word *req;        /* required vertices */
  int *byratio;     /* vertices of positive weight by c / w ascending */
  int *byweight;    /* vertices of positive weight by w descending */
  int weighed;      /* byweight is sorted */
  struct sortkey *keys; /* n + 1: scratch for sorting the vertices */
  void *block;      /* the arrays above, in one allocation */
  int nb;           /* how many vertices have positive weight */
  int ratioid;      /* byratio is 0, 1, ..., m - 1 */
  /* the current set */
  int *mem, k;
  int64_t ws;
  word *lvl;        /* per depth: S, N[S], candidates (3 nw words each) */
  int root;         /* the first vertex of the sets being grown */
  word *cand, *gt, *cut, *t1; /* scratch sets */
  int *queue, *disc, *low, *par, *it; /* scratch per vertex */
  /* results */
  dip_coalition *heap; /* the best kept: a max-heap (worst on top) */
  int nheap, capheap;
  dip_coalition cur;   /* the coalition being judged (scratch buffers) */
  long long nodes, found;
  long long next;   /* the node count at which to check the budgets */
  int stop;         /* a budget ran out or the progress asked to stop */
  int lost;         /* since then, a branch was left unexplored */
  int halt, nomem;
  double pend;
} eng;

/* The checks of tick, at node e->next: max_nodes, then the progress
** (time budget and callback); schedules the next check. */
static void check(eng *e) {
  long long max = e->in->max_nodes;
  if (max > 0 && e->nodes >= max) {
    e->stop = 1;
    return;
  }
  if (dip_progress_report(e->in->progress, (double)e->nodes, (double)max)) {
    e->stop = 1;
    return;
  }
  e->next = e->nodes + DIP_COAL_CHECK;
  if (max > 0 && e->next > max) e->next = max;
}

/* Counts a node; sets stop when a budget runs out.  O(1) but every
** DIP_COAL_CHECK nodes, when it reads the clock and calls the progress. */
static inline void tick(eng *e) {
  if (e->stop) return;
  if (++e->nodes >= e->next) check(e);
}

/* min and max of positions, which are never NaN (fmin and fmax are
** library calls that also handle NaN). */
static inline double lesser(double a, double b) { return b < a ? b : a; }
static inline double greater(double a, double b) { return b > a ? b : a; }

/* }====== */

/* {====== Ranking and the kept coalitions ====== */

static int lexcmp(const dip_coalition *a, const dip_coalition *b) {
  int i;
  for (i = 0; i < a->size && i < b->size; i++)
    if (a->members[i] != b->members[i])
      return a->members[i] < b->members[i] ? -1 : 1;
  return a->size < b->size ? -1 : a->size > b->size;
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* < 0 when a ranks before b under the order asked for. */
static int rank(const eng *e, const dip_coalition *a, const dip_coalition *b) {
  int r = 0;
  switch (e->in->order) {
  case DIP_COAL_BY_COST:
    if (!(r = CMP3(a->cost, b->cost)) && !(r = CMP3(a->size, b->size)))
      r = CMP3(b->weight, a->weight);
    break;
  case DIP_COAL_BY_SIZE:
    if (!(r = CMP3(a->size, b->size))) r = CMP3(a->weight, b->weight);
    break;
  case DIP_COAL_BY_WEIGHT:
    if (!(r = CMP3(a->weight, b->weight))) r = CMP3(a->size, b->size);
    break;
  case DIP_COAL_BY_RANGE:
    if (!(r = CMP3(a->range, b->range)) && !(r = CMP3(a->size, b->size)))
      r = CMP3(a->weight, b->weight);
    break;
  }
  return r ? r : lexcmp(a, b);
}

static void swaprec(dip_coalition *a, dip_coalition *b) {
  dip_coalition t = *a;
  *a = *b;
  *b = t;
}

static void siftdown(eng *e, int i, int n) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, top = i;
    if (l < n && rank(e, &e->heap[l], &e->heap[top]) > 0) top = l;
    if (r < n && rank(e, &e->heap[r], &e->heap[top]) > 0) top = r;
    if (top == i) return;
    swaprec(&e->heap[i], &e->heap[top]);
    i = top;
  }
}

/* Copies the members of src into dst, whose buffer holds room for cap. */
static int copyrec(eng *e, dip_coalition *dst, const dip_coalition *src,
                   int cap) {
  if (cap < src->size) {
    void *p = realloc(dst->members, (size_t)src->size * sizeof(int) + 1);
    if (p == NULL) return e->nomem = 1, 0;
    dst->members = p;
  }
  memcpy(dst->members, src->members, (size_t)src->size * sizeof(int));
  dst->size = src->size;
  dst->weight = src->weight;
  dst->cost = src->cost;
  dst->range = src->range;
  dst->pivotal = dst->broker = NULL;
  return 1;
}

/* Keeps e->cur if it ranks among the best `limit` met so far. */
static void keep(eng *e) {
  if (e->nheap < e->limit) {
    int i;
    if (e->nheap == e->capheap) {
      int cap = e->capheap ? 2 * e->capheap : 16;
      void *p;
      if (cap > e->limit) cap = e->limit;
      p = realloc(e->heap, (size_t)cap * sizeof *e->heap);
      if (p == NULL) {
        e->nomem = 1;
        return;
      }
      e->heap = p;
      e->capheap = cap;
    }
    i = e->nheap;
    e->heap[i].members = NULL;
    if (!copyrec(e, &e->heap[i], &e->cur, 0)) return;
    e->nheap++;
    while (i > 0 && rank(e, &e->heap[(i - 1) / 2], &e->heap[i]) < 0) {
      swaprec(&e->heap[(i - 1) / 2], &e->heap[i]);
      i = (i - 1) / 2;
    }
  } else if (rank(e, &e->cur, &e->heap[0]) < 0) {
    if (!copyrec(e, &e->heap[0], &e->cur, e->heap[0].size)) return;
    siftdown(e, 0, e->nheap);
  }
}

/* }====== */

/* {====== Judging a winning set ====== */

static int cmpint(const void *pa, const void *pb) {
  int a = *(const int *)pa, b = *(const int *)pb;
  return (a > b) - (a < b);
}

/*
** Into e->cut: the articulation points of the graph that S induces (S
** connected, holding root): members whose exit disconnects the rest.
** Iterative depth-first search with low points (Hopcroft & Tarjan 1973,
** CACM 16(6)).  Time O(nw + the degrees of S's members).
*/
static void cutpoints(eng *e, const word *S, int root) {
  int *disc = e->disc, *low = e->low, *par = e->par, *it = e->it;
  int *stk = e->queue, sp = 0, time = 0, kids = 0, k;
  for (k = 0; k < e->nw; k++) {
    word b = S[k];
    e->cut[k] = 0;
    while (b) {
      disc[k * 64 + lowbit(b)] = -1;
      b &= b - 1;
    }
  }
  disc[root] = low[root] = time++;
  par[root] = -1;
  it[root] = e->start[root];
  stk[sp++] = root;
  while (sp > 0) {
    int v = stk[sp - 1];
    if (it[v] < e->start[v + 1]) {
      int u = e->nbr[it[v]++];
      if (!has(S, u)) continue;
      if (disc[u] < 0) {
        par[u] = v;
        disc[u] = low[u] = time++;
        it[u] = e->start[u];
        stk[sp++] = u;
        kids += v == root;
      } else if (u != par[v] && disc[u] < low[v])
        low[v] = disc[u];
    } else {
      int p = par[v];
      sp--;
      if (p < 0) continue;
      if (low[v] < low[p]) low[p] = low[v];
      if (p != root && low[v] >= disc[p]) put(e->cut, p);
    }
  }
  if (kids > 1) put(e->cut, root);
}

/* Roles of the members of c: pivotal (its exit loses the quota), broker
** (its exit disconnects the rest; only with a network). */
static void roles(eng *e, const dip_coalition *c, unsigned char *pivotal,
                  unsigned char *broker) {
  word *S = e->t1;
  int i;
  if (e->conn && c->size > 0) {
    memset(S, 0, (size_t)e->nw * sizeof(word));
    for (i = 0; i < c->size; i++) put(S, e->vx[c->members[i]]);
    cutpoints(e, S, e->vx[c->members[0]]);
  }
  for (i = 0; i < c->size; i++) {
    int v = e->vx[c->members[i]];
    pivotal[i] = c->weight - e->w[v] < e->q;
    broker[i] = e->conn && has(e->cut, v);
  }
}

/* Does c rank after the k-th best kept on the keys before its members
** (c->members not yet filled; cs: its cost up to rounding)? */
static inline int beaten(const eng *e, const dip_coalition *c, double cs) {
  const dip_coalition *t = &e->heap[0];
  switch (e->in->order) {
  case DIP_COAL_BY_COST: return cs * (1 - 1e-12) > t->cost;
  case DIP_COAL_BY_SIZE:
    return c->size > t->size || (c->size == t->size && c->weight > t->weight);
  case DIP_COAL_BY_WEIGHT:
    return c->weight > t->weight || (c->weight == t->weight &&
                                     c->size > t->size);
  case DIP_COAL_BY_RANGE:
    if (c->range != t->range) return c->range > t->range;
    return c->size > t->size || (c->size == t->size && c->weight > t->weight);
  }
  return 0;
}

/*
** The members as players, ascending.  Coalitions have a few members, for
** which an insertion sort is several times faster than qsort's call
** through a comparator per step; larger ones go to qsort.
*/
static void sortmembers(int *a, int n) {
  int i;
  if (n > 32) {
    qsort(a, (size_t)n, sizeof(int), cmpint);
    return;
  }
  for (i = 1; i < n; i++) {
    int x = a[i], j = i;
    for (; j > 0 && a[j - 1] > x; j--) a[j] = a[j - 1];
    a[j] = x;
  }
}

/* The current set, minimal and able to rank among the best kept (or
** handed to each): its members and cost, then kept or handed over. */
static void accept(eng *e) {
  const dip_coal_in *in = e->in;
  dip_coalition *c = &e->cur;
  int i;
  /* the members as players, ascending; the cost summed in that order so
     that one set always costs the same */
  for (i = 0; i < e->k; i++) c->members[i] = e->id[e->mem[i]];
  sortmembers(c->members, c->size);
  if (in->cost)
    for (i = 0; i < c->size; i++) c->cost += in->cost[c->members[i]];
  if (in->each) {
    roles(e, c, c->pivotal, c->broker);
    if (!in->each(in->ud, c)) e->halt = 1;
  } else
    keep(e);
}

/* The current set is a coalition asked for: counts it, and keeps it (or
** hands it to each) unless it cannot rank among the best kept.  cs: its
** cost up to rounding. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void winner(eng *e, double cs) {
  const dip_coal_in *in = e->in;
  dip_coalition *c = &e->cur;
  e->found++;
  c->size = e->k;
  c->weight = e->ws;
  c->cost = 0;
  c->range = 0;
  if (in->x && c->size > 0) {
    double lo = e->x[e->mem[0]], hi = lo;
    int i;
    for (i = 1; i < c->size; i++) {
      lo = lesser(lo, e->x[e->mem[i]]);
      hi = greater(hi, e->x[e->mem[i]]);
    }
    c->range = hi - lo;
  }
  if (!in->each && e->nheap == e->limit && beaten(e, c, cs)) return;
  accept(e);
}

/*
** The current set wins: keeps it (or hands it to each) if it is minimal
** and holds the required players.  S: its vertex set (with a network);
** minw: its lightest weight (without); cs: its cost.  O(k log k) for k
** members, O(k) when it cannot rank among the best kept; with a network
** also O(the members' degrees) when some member is not critical.
*/
static void judge(eng *e, const word *S, int64_t minw, double cs) {
  int i, slack = 0;
  if (e->conn) {
    for (i = 0; i < e->nw; i++)
      if (e->req[i] & ~S[i]) return;
    /* a member whose exit keeps the quota must hold the rest together */
    for (i = 0; i < e->k && !slack; i++)
      slack = e->ws - e->w[e->mem[i]] >= e->q;
    if (slack) {
      cutpoints(e, S, e->mem[0]);
      for (i = 0; i < e->k; i++) {
        int u = e->mem[i];
        if (e->ws - e->w[u] >= e->q && !has(e->cut, u)) return;
      }
    }
  } else if (e->k < e->nreq || e->ws - minw >= e->q)
    return; /* a required player missing, or a member not critical */
  winner(e, cs);
}

/* }====== */

/* {====== Bounds ====== */

typedef struct sortkey {
  int player, req;
  double ratio;
  int64_t w;
} sortkey;

/* Required first; then (search) cost per unit of weight ascending, or
** (enumeration) weight descending; ties by weight, then player. */
static int bysearch(const void *pa, const void *pb) {
  const sortkey *a = pa, *b = pb;
  if (a->req != b->req) return b->req - a->req;
  if (a->ratio != b->ratio) return a->ratio < b->ratio ? -1 : 1;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  return a->player - b->player;
}

/* Sorts n keys by bysearch, a total order (players differ): an insertion
** sort for the few players of most games, which is several times faster
** than qsort's call through a comparator per step; qsort beyond. */
static void sortkeys(sortkey *k, int n) {
  int i;
  if (n > 32) {
    qsort(k, (size_t)n, sizeof *k, bysearch);
    return;
  }
  for (i = 1; i < n; i++) {
    sortkey x = k[i];
    int j = i;
    for (; j > 0 && bysearch(&k[j - 1], &x) > 0; j--) k[j] = k[j - 1];
    k[j] = x;
  }
}

/*
** Into order: the vertices of positive weight by cost per unit of weight
** (pass 0) or by weight (pass 1), then heavier, then vertex number.
** qsort only when they are not in that order already (the vertex order
** often is it).
*/
static void sortorder(eng *e, int *order, int pass) {
  sortkey *k = e->keys;
  int i, sorted = 1;
  e->nb = 0;
  for (i = 0; i < e->m; i++) {
    if (e->w[i] <= 0) continue;
    k[e->nb].player = i;
    k[e->nb].req = 0;
    k[e->nb].w = e->w[i];
    k[e->nb].ratio = pass == 0 ? e->c[i] / (double)e->w[i]
                               : -(double)e->w[i];
    if (e->nb > 0 && sorted) sorted = bysearch(&k[e->nb - 1], &k[e->nb]) < 0;
    e->nb++;
  }
  if (!sorted) sortkeys(k, e->nb);
  for (i = 0; i < e->nb; i++) order[i] = k[i].player;
}

/* The vertices by weight, sorted when first asked for (only ties in the
** bound of a search ask). */
static const int *byweight(eng *e) {
  if (!e->weighed) {
    sortorder(e, e->byweight, 1);
    e->weighed = 1;
  }
  return e->byweight;
}

/*
** Over the candidate vertices (the set cand): their total weight, and,
** when searching, the cheapest fractional cover of the deficit q - w(S)
** added to cs (Dantzig's bound for the covering knapsack).
*/
static int64_t available(eng *e, double cs, double *lb) {
  int64_t need = e->q - e->ws, got = 0;
  int i, k;
  *lb = cs;
  for (k = 0; k < e->nw; k++) {
    word b = e->cand[k];
    while (b) {
      got += e->w[k * 64 + lowbit(b)];
      b &= b - 1;
    }
  }
  if (!e->search || got < need) return got;
  for (i = 0; i < e->nb && need > 0; i++) {
    int v = e->byratio[i];
    if (!has(e->cand, v)) continue;
    if (e->w[v] <= need) {
      *lb += e->c[v];
      need -= e->w[v];
    } else {
      *lb += e->c[v] * ((double)need / (double)e->w[v]);
      need = 0;
    }
  }
  return got;
}

/*
** The bound of available when the candidates are the vertices i.. (no
** range) and can make up the deficit.  When the vertices are already in
** order of cost per unit of weight (no required ones), they are walked
** from i in that order, without the test of every vertex before i: the
** same additions in the same order, so the same bound to the last bit.
*/
static void cover(eng *e, int i, double cs, double *lb) {
  int64_t need = e->q - e->ws;
  int j;
  if (!e->ratioid) {
    available(e, cs, lb);
    return;
  }
  *lb = cs;
  for (j = i; j < e->m && need > 0; j++) {
    if (e->w[j] <= need) {
      *lb += e->c[j];
      need -= e->w[j];
    } else {
      *lb += e->c[j] * ((double)need / (double)e->w[j]);
      need = 0;
    }
  }
}

/* The fewest candidates that make up the deficit (it can be made up). */
static int fewest(eng *e) {
  int64_t need = e->q - e->ws;
  const int *order = byweight(e);
  int i, n = 0;
  for (i = 0; i < e->nb && need > 0; i++) {
    int v = order[i];
    if (!has(e->cand, v)) continue;
    need -= e->w[v];
    n++;
  }
  return n;
}

/* The weight of the set and its `count` heaviest candidates. */
static int64_t heaviest(eng *e, int count) {
  int64_t got = e->ws;
  const int *order = byweight(e);
  int i;
  for (i = 0; i < e->nb && count > 0; i++) {
    int v = order[i];
    if (!has(e->cand, v)) continue;
    got += e->w[v];
    count--;
  }
  return got;
}

/*
** Can no coalition of this branch (cost >= lb) beat the k-th best?  On a
** tie in cost, it must also tie in size (it has at least the fewest
** members that make up the deficit) and then outweigh the k-th best (it
** weighs at most the set plus its heaviest candidates).
*/
static int dominated(eng *e, double lb) {
  const dip_coalition *t;
  double safe = lb * (1 - 1e-12); /* rounding never prunes a winner */
  int size;
  if (!e->search || e->nheap < e->limit) return 0;
  t = &e->heap[0];
  if (safe > t->cost) return 1;
  if (safe < t->cost) return 0;
  size = e->k + fewest(e);
  if (size != t->size) return size > t->size;
  return heaviest(e, t->size - e->k) < t->weight;
}

/* The window of positions a new member may take: [hi - d, lo + d]. */
static int fits(const eng *e, int v, double lo, double hi) {
  return !e->range || greater(hi, e->x[v]) - lesser(lo, e->x[v]) <= e->d;
}

/* }====== */

/* {====== Without a network: include or exclude each vertex ====== */

/*
** Decides vertex i given the set so far (e->mem, e->ws; cs its cost,
** minw its lightest weight, lo..hi its positions).  Vertices 0..nreq-1
** are required: always included.
*/
static void line(eng *e, int i, int64_t minw, double lo, double hi,
                 double cs) {
  int64_t got;
  double lb = cs;
  int j;
  if (e->halt || e->nomem) return;
  tick(e);
  if (e->ws >= e->q) {
    judge(e, NULL, minw, cs);
    return;
  }
  if (i == e->m) return;
  if (!e->search && !e->range)
    got = e->suffix[i];
  else if (!e->range) { /* candidates: every vertex from i */
    fromon(e->cand, i, e->m, e->nw);
    got = e->suffix[i];
    if (got >= e->q - e->ws) cover(e, i, cs, &lb);
    if (i < e->nreq) lb = cs; /* the bound assumes free choice */
  } else { /* candidates: vertices i.. that fit the window */
    memset(e->cand, 0, (size_t)e->nw * sizeof(word));
    for (j = i; j < e->m; j++)
      if (fits(e, j, lo, hi)) put(e->cand, j);
    got = available(e, cs, &lb);
    if (i < e->nreq) lb = cs; /* the bound assumes free choice */
  }
  if (e->ws + got < e->q) return;
  if (e->search && i >= e->nreq && dominated(e, lb)) return;
  if (e->stop) { /* a branch left unexplored: its bound bounds the rest */
    e->lost = 1;
    if (lb < e->pend) e->pend = lb;
    return;
  }
  if (fits(e, i, lo, hi)) {
    e->mem[e->k++] = i;
    e->ws += e->w[i];
    line(e, i + 1, e->w[i] < minw ? e->w[i] : minw, lesser(lo, e->x[i]),
         greater(hi, e->x[i]), cs + e->c[i]);
    e->ws -= e->w[i];
    e->k--;
  } else if (i < e->nreq)
    return;
  if (i >= e->nreq) line(e, i + 1, minw, lo, hi, cs);
}

/*
** The same search as line (the same nodes, in the same order, with the
** same effects) for the plain enumeration: no costs, no range of
** positions, players in decreasing weight.  Here a node is a few
** comparisons, as cheap as line's call and arguments, so the search is
** a loop with its state in registers, and each child is taken for what
** it can be: an include child wins or is searched further (never
** pruned: it can still reach what its parent could), an exclude child
** is pruned or searched further (never wins: it weighs what its parent
** weighs).  The frames are implicit: when a branch is done, the search
** returns to the latest member mem[k - 1] and takes its exclude child.
*/
#if defined(__GNUC__) /* one copy per case: nreq 0 folds away */
__attribute__((always_inline))
#endif
static inline void plainwith(eng *e, const int nreq) {
  const int64_t *w = e->w, *rest = e->suffix + 1, q = e->q;
  int64_t *minw = e->minw, ws = 0;
  int *mem = e->mem, k = 0, i = 0;
  /* the node count and the next check in registers; once stopped, nodes
     are no longer counted (e->nodes keeps the count at the stop) */
  long long nodes = e->nodes, next = e->next;
  int stop = 0, bysize = !e->in->each && e->in->order == DIP_COAL_BY_SIZE;
#define NODE()                                      \
  do {                                              \
    if (++nodes >= next) {                          \
      e->nodes = nodes;                             \
      check(e);                                     \
      stop = e->stop;                               \
      next = stop ? LLONG_MAX : e->next;            \
    }                                               \
  } while (0)
  minw[0] = INT64_MAX;
  NODE(); /* the root: it neither wins (q >= 1) nor is pruned (run) */
  for (;;) {
    /* vertex i of a node searched further: ws < q <= ws + w[i] + rest[i] */
    if (stop) { /* a branch left unexplored (its bound: 0) */
      e->lost = 1;
      if (0 < e->pend) e->pend = 0;
      goto up;
    }
    if (nreq == 0 && bysize && ws + w[i] >= q && e->nheap == e->limit &&
        k + 1 > e->heap[0].size) {
      /* Its include child wins but has more members than the worst kept
         (order "size"), and so do the include children of the exclude
         chain that follows, as long as they win: each such step is two
         nodes (the winner, the exclude child) and a coalition found that
         cannot be kept.  Counted at once, when no budget check falls
         among them; the chain then goes on at the first vertex whose
         include child does not win, or ends when an exclude child is
         pruned. */
      int64_t d = q - ws;
      int j = i, wins;
      while (w[j] >= d && ws + rest[j] >= q) j++;
      wins = j - i + (w[j] >= d);
      if (nodes + 2 * (long long)wins < next) {
        nodes += 2 * (long long)wins;
        e->found += wins;
        if (w[j] >= d) goto up;
        i = j;
        continue;
      }
    }
    NODE(); /* include i */
    mem[k] = i;
    if (nreq > 0) minw[k + 1] = w[i] < minw[k] ? w[i] : minw[k];
    if (ws + w[i] < q) {
      ws += w[i];
      k++;
      i++;
      continue;
    }
    /* it wins; minimal unless a required player is missing or (with
       required players, who come first whatever their weight) a member
       is not critical: without, the last member is the lightest */
    if (nreq == 0 || !(k + 1 < nreq || ws + w[i] - minw[k + 1] >= q)) {
      e->k = k + 1;
      e->ws = ws + w[i];
      winner(e, 0);
      if (e->halt || e->nomem) break;
    }
  next: /* the include child of i is done: leave i out (rest[m - 1] = 0
           and ws < q prune the last vertex's) */
    if (i >= nreq) {
      NODE();
      if (ws + rest[i] >= q) {
        i++;
        continue;
      }
    }
  up: /* this node is done: back to the latest member */
    if (k == 0) break;
    i = mem[--k];
    ws -= w[i];
    goto next;
  }
  if (!stop) e->nodes = nodes;
#undef NODE
}

#if defined(__GNUC__) /* apart from run, whose size spills the loop's state */
__attribute__((noinline))
#endif
static void plain(eng *e) {
  if (e->nreq > 0)
    plainwith(e, e->nreq);
  else
    plainwith(e, 0); /* the usual case, with the checks for nreq folded */
}

/* }====== */

/* {====== With a network: grow connected sets (ESU) ====== */

#define LVL(e, depth, which) \
  ((e)->lvl + ((size_t)(depth) * 3 + (which)) * (e)->nw)

/*
** Into e->cand: the vertices a branch may still add — reachable from the
** candidates ext through vertices after the root (e->gt) that fit the
** window and are either candidates or not next to S (N: S and its
** neighbours).  Returns 0 when a required vertex is neither in S nor
** reachable.  Time O(nw + the degrees of the vertices reached).
*/
static int region(eng *e, const word *S, const word *N, const word *ext,
                  double lo, double hi) {
  word *allow = e->t1, *R = e->cand;
  int *queue = e->queue, head = 0, tail = 0, k;
  for (k = 0; k < e->nw; k++) allow[k] = (~N[k] | ext[k]) & e->gt[k];
  if (e->range)
    for (k = 0; k < e->nw; k++) {
      word b = allow[k];
      while (b) {
        int v = k * 64 + lowbit(b);
        b &= b - 1;
        if (!fits(e, v, lo, hi)) del(allow, v);
      }
    }
  for (k = 0; k < e->nw; k++) {
    word b = R[k] = ext[k] & allow[k];
    while (b) {
      queue[tail++] = k * 64 + lowbit(b);
      b &= b - 1;
    }
  }
  while (head < tail) {
    int v = queue[head++], j;
    for (j = e->start[v]; j < e->start[v + 1]; j++) {
      int u = e->nbr[j];
      if (has(allow, u) && !has(R, u)) {
        put(R, u);
        queue[tail++] = u;
      }
    }
  }
  for (k = 0; k < e->nw; k++)
    if (e->req[k] & ~(S[k] | R[k])) return 0;
  return 1;
}

/*
** Grows the connected set at this depth (S, N[S] and the candidates ext
** at LVL(depth, 0..2); e->mem, e->ws) whose first vertex is the root.
*/
static void grow(eng *e, int depth, double lo, double hi, double cs) {
  word *S = LVL(e, depth, 0), *N = LVL(e, depth, 1), *ext = LVL(e, depth, 2);
  if (e->halt || e->nomem) return;
  tick(e);
  if (e->ws >= e->q) {
    judge(e, S, 0, cs);
    return;
  }
  for (;;) {
    double lb;
    int64_t got;
    int v, j;
    word *S2, *N2, *ext2;
    if (!region(e, S, N, ext, lo, hi)) return;
    got = available(e, cs, &lb);
    if (e->ws + got < e->q) return;
    if (dominated(e, lb)) return;
    if (e->stop) { /* a branch left unexplored: its bound bounds the rest */
      e->lost = 1;
      if (lb < e->pend) e->pend = lb;
      return;
    }
    v = firstof(ext, e->nw);
    del(ext, v);
    if (!fits(e, v, lo, hi)) continue;
    S2 = LVL(e, depth + 1, 0);
    N2 = LVL(e, depth + 1, 1);
    ext2 = LVL(e, depth + 1, 2);
    memcpy(S2, S, (size_t)e->nw * sizeof(word));
    memcpy(N2, N, (size_t)e->nw * sizeof(word));
    memcpy(ext2, ext, (size_t)e->nw * sizeof(word));
    for (j = e->start[v]; j < e->start[v + 1]; j++) {
      int u = e->nbr[j]; /* ESU: only vertices not next to S join */
      if (!has(N, u) && u > e->root) put(ext2, u);
      put(N2, u);
    }
    put(S2, v);
    e->mem[e->k++] = v;
    e->ws += e->w[v];
    grow(e, depth + 1, lesser(lo, e->x[v]), greater(hi, e->x[v]),
         cs + e->c[v]);
    e->ws -= e->w[v];
    e->k--;
    if (e->halt || e->nomem) return;
  }
}

/* Every connected set, by its first vertex (the first required one when
** some are required). */
static void roots(eng *e) {
  int r, k;
  for (r = 0; r < e->m; r++) {
    word *S = LVL(e, 0, 0), *N = LVL(e, 0, 1), *ext = LVL(e, 0, 2);
    if (e->halt || e->nomem || (e->nreq > 0 && r > 0)) break;
    e->root = r;
    memset(e->gt, 0, (size_t)e->nw * sizeof(word));
    for (k = r + 1; k < e->m; k++) put(e->gt, k);
    memset(S, 0, (size_t)e->nw * sizeof(word));
    memset(N, 0, (size_t)e->nw * sizeof(word));
    memset(ext, 0, (size_t)e->nw * sizeof(word));
    for (k = e->start[r]; k < e->start[r + 1]; k++) {
      int u = e->nbr[k];
      put(N, u);
      if (u > r) put(ext, u);
    }
    put(S, r);
    put(N, r);
    e->k = 1;
    e->mem[0] = r;
    e->ws = e->w[r];
    grow(e, 0, e->x[r], e->x[r], e->c[r]);
  }
}

/* }====== */

/* {====== Setting up ====== */

/* The neighbour lists of the vertices from graph (loops, ties to players
** who cannot join left out).  Returns 0, or -1 when out of memory. */
static int neighbours(eng *e, const igraph_t *g) {
  igraph_integer_t k, ne = igraph_ecount(g);
  int pass, n = e->in->n;
  for (pass = 0; pass < 2; pass++) {
    int v;
    for (k = 0; k < ne; k++) {
      int a = (int)IGRAPH_FROM(g, k), b = (int)IGRAPH_TO(g, k);
      if (a == b || a >= n || b >= n) continue;
      a = e->vx[a];
      b = e->vx[b];
      if (a < 0 || b < 0) continue;
      if (pass == 0) {
        e->start[a + 1]++;
        e->start[b + 1]++;
      } else {
        e->nbr[e->it[a]++] = b;
        e->nbr[e->it[b]++] = a;
      }
    }
    if (pass == 1) break;
    for (v = 0; v < e->m; v++) e->start[v + 1] += e->start[v];
    e->nbr = malloc(sizeof(int) * ((size_t)e->start[e->m] + 1));
    if (e->nbr == NULL) return -1;
    for (v = 0; v < e->m; v++) e->it[v] = e->start[v];
  }
  return 0;
}

static void eng_free(eng *e) {
  int i;
  for (i = 0; i < e->nheap; i++) free(e->heap[i].members);
  free(e->heap);
  free(e->block);
  free(e->nbr);
  free(e->lvl);
}

/* The next `bytes` of block (at offset *at, kept 16-byte aligned), or
** NULL when only measuring (block NULL). */
static void *carve(char *block, size_t *at, size_t bytes) {
  void *r = block ? block + *at : NULL;
  *at += (bytes + 15) & ~(size_t)15;
  return r;
}

/* The arrays of eng_init, for n players, carved from one block (or, with
** p NULL, its size): one allocation instead of twenty, which for small
** searches cost as much as the search. */
static size_t eng_arrays(eng *e, char *p, int n) {
  size_t n1 = (size_t)n + 1, nw = (size_t)n / 64 + 1, at = 0;
  e->keys = carve(p, &at, sizeof(sortkey) * n1);
  e->vx = carve(p, &at, sizeof(int) * n1);
  e->id = carve(p, &at, sizeof(int) * n1);
  e->mem = carve(p, &at, sizeof(int) * n1);
  e->byratio = carve(p, &at, sizeof(int) * n1);
  e->byweight = carve(p, &at, sizeof(int) * n1);
  e->w = carve(p, &at, sizeof(int64_t) * n1);
  e->suffix = carve(p, &at, sizeof(int64_t) * n1);
  e->minw = carve(p, &at, sizeof(int64_t) * n1);
  e->c = carve(p, &at, sizeof(double) * n1);
  e->x = carve(p, &at, sizeof(double) * n1);
  e->req = carve(p, &at, sizeof(word) * nw);
  e->cand = carve(p, &at, sizeof(word) * nw * 4);
  e->queue = carve(p, &at, sizeof(int) * n1 * 5);
  e->cur.members = carve(p, &at, sizeof(int) * n1);
  e->cur.pivotal = carve(p, &at, 2 * n1);
  e->start = carve(p, &at, sizeof(int) * (n1 + 1));
  return at;
}

/* Fills e from in.  Returns 0, or -1 when out of memory.  *none: some
** required player can never be in a coalition. */
static int eng_init(eng *e, const dip_coal_in *in, int search, int *none) {
  int n = in->n, i, m = 0, nw;
  sortkey *keys;
  eng sizes;
  memset(e, 0, sizeof *e);
  e->in = in;
  e->search = search;
  e->conn = in->graph != NULL;
  e->range = in->x != NULL && in->max_range >= 0;
  e->d = in->max_range;
  e->q = in->quota;
  e->limit = in->limit > 0 ? in->limit : 1;
  e->pend = INFINITY;
  *none = 0;
  e->block = malloc(eng_arrays(&sizes, NULL, n));
  if (e->block == NULL) return -1;
  eng_arrays(e, e->block, n);
  keys = e->keys;
  for (i = 0; i < n; i++) {
    int ok = in->can_join[i] && (e->conn || in->w[i] > 0);
    int rq = in->required && in->required[i];
    e->vx[i] = -1;
    if (rq && !ok) *none = 1;
    if (!ok) continue;
    keys[m].player = i;
    keys[m].req = rq;
    keys[m].w = in->w[i];
    if (!search)
      keys[m].ratio = -(double)in->w[i];
    else if (in->w[i] > 0)
      keys[m].ratio = in->cost[i] / (double)in->w[i];
    else
      keys[m].ratio = INFINITY;
    e->nreq += rq;
    m++;
  }
  sortkeys(keys, m);
  e->m = m;
  e->nw = nw = m / 64 + 1;
  memset(e->req, 0, sizeof(word) * (size_t)nw);
  memset(e->start, 0, sizeof(int) * ((size_t)m + 2));
  if (e->conn) {
    e->lvl = malloc(sizeof(word) * ((size_t)m + 2) * 3 * nw);
    if (e->lvl == NULL) return -1;
  }
  e->gt = e->cand + nw;
  e->cut = e->gt + nw;
  e->t1 = e->cut + nw;
  e->disc = e->queue + m + 1;
  e->low = e->disc + m + 1;
  e->par = e->low + m + 1;
  e->it = e->par + m + 1;
  e->cur.broker = e->cur.pivotal + m + 1;
  for (i = 0; i < m; i++) {
    int p = keys[i].player;
    e->id[i] = p;
    e->vx[p] = i;
    e->w[i] = in->w[p];
    e->c[i] = search ? in->cost[p] : 0;
    e->x[i] = in->x ? in->x[p] : 0;
    if (keys[i].req) put(e->req, i);
  }
  e->suffix[m] = 0;
  for (i = m - 1; i >= 0; i--) e->suffix[i] = e->suffix[i + 1] + e->w[i];
  return e->conn ? neighbours(e, in->graph) : 0;
}

/* The order of the vertices by cost per unit of weight (the order by
** weight waits until a bound needs it), and whether it is theirs. */
static void bound_orders(eng *e) {
  int i;
  sortorder(e, e->byratio, 0);
  e->ratioid = e->nb == e->m;
  for (i = 0; i < e->nb && e->ratioid; i++) e->ratioid = e->byratio[i] == i;
}

/* }====== */

static int run(const dip_coal_in *in, dip_coal_out *out, int search) {
  eng e;
  int none, i;
  double t0 = dip_clock();
  memset(out, 0, sizeof *out);
  if (eng_init(&e, in, search, &none) != 0) {
    eng_free(&e);
    return DIP_COAL_NOMEM;
  }
  bound_orders(&e);
  e.next = DIP_COAL_CHECK;
  if (in->max_nodes > 0 && e.next > in->max_nodes) e.next = in->max_nodes;
  if (!none && e.suffix[0] >= e.q) {
    if (e.conn)
      roots(&e);
    else if (!search && !e.range && e.q > 0)
      plain(&e);
    else {
      e.k = 0;
      e.ws = 0;
      line(&e, 0, INT64_MAX, INFINITY, -INFINITY, 0);
    }
  }
  if (e.nomem) {
    eng_free(&e);
    return DIP_COAL_NOMEM;
  }
  /* heap sort: best first */
  for (i = e.nheap - 1; i > 0; i--) {
    swaprec(&e.heap[0], &e.heap[i]);
    siftdown(&e, 0, i);
  }
  for (i = 0; i < e.nheap; i++) {
    dip_coalition *c = &e.heap[i];
    void *p = realloc(c->members, (size_t)c->size * (sizeof(int) + 2) + 1);
    if (p == NULL) {
      eng_free(&e);
      return DIP_COAL_NOMEM;
    }
    c->members = p;
    c->pivotal = (unsigned char *)(c->members + c->size);
    c->broker = c->pivotal + c->size;
    roles(&e, c, c->pivotal, c->broker);
  }
  out->best = e.heap;
  out->count = e.nheap;
  e.heap = NULL;
  e.nheap = 0;
  out->found = e.found;
  out->nodes = e.nodes;
  out->complete = !e.lost && !e.halt;
  out->stopped = e.halt;
  out->lower_bound = out->count > 0 ? out->best[0].cost : INFINITY;
  if (e.lost && e.pend < out->lower_bound) out->lower_bound = e.pend;
  eng_free(&e);
  out->seconds = dip_clock() - t0;
  return DIP_COAL_OK;
}

int dip_minimal_winning(const dip_coal_in *in, dip_coal_out *out) {
  return run(in, out, 0);
}

int dip_coal_search(const dip_coal_in *in, dip_coal_out *out) {
  return run(in, out, 1);
}

void dip_coal_out_free(dip_coal_out *out) {
  int i;
  for (i = 0; i < out->count; i++) free(out->best[i].members);
  free(out->best);
  out->best = NULL;
  out->count = 0;
}

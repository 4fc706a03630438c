/*
** scenario.c — shocks: what a reform does to a system map (scenario.h).
**
** Each shock works on a clone through the checked mutations of system.c
** (dip_add_actor, dip_add_tie, dip_remove_actor, ...), plus two bulk
** operations kept here for speed: dropping many ties in one pass and
** moving the ends of ties in place, after which the tie index is rebuilt
** with the same key system.c uses.  Random choices draw from the caller's
** generator (rng.c) in a documented order, so a seed fixes the result.
** No Lua calls here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* {====== Helpers ====== */

static int nomem(dip_problems *pr) {
  pr->oom = 1;
  dip_problem(pr, NULL, "out of memory");
  return -2;
}

static int findactor(const dip_system *s, const char *id, const char *field,
                     dip_problems *pr) {
  int i = dip_find_actor(s, id);
  if (i < 0) dip_problem(pr, field, "unknown actor '%s'", id);
  return i;
}

/* A uniform integer in [0, k), k >= 1: floor(u k) for one uniform u. */
static long pick(dip_rng *g, long k) {
  long r = (long)(dip_rng_uniform(g) * (double)k);
  return r < k ? r : k - 1;
}

/* Drops the ties flagged in drop (one flag per tie) in one pass, O(m). */
static void drop_ties(dip_system *s, const unsigned char *drop) {
  int i, k = 0;
  for (i = 0; i < s->nties; i++) {
    if (drop[i]) {
      dip_attrs_free(&s->ties[i].attrs);
      continue;
    }
    s->ties[k++] = s->ties[i];
  }
  s->nties = k;
  dip_reindex_ties(s);
}

/*
** Flags (one per layer, calloc'd) of the layers named in ids; NULL with
** a problem for an unknown id (or when memory runs out).
*/
static unsigned char *layerflags(const dip_system *s, char *const *ids,
                                 int n, const char *field,
                                 dip_problems *pr) {
  unsigned char *f = calloc((size_t)s->nlayers + 1, 1);
  int k;
  if (f == NULL) {
    nomem(pr);
    return NULL;
  }
  for (k = 0; k < n; k++) {
    int l = dip_find_layer(s, ids[k]);
    if (l < 0) {
      dip_problem(pr, field, "unknown layer '%s'", ids[k]);
      free(f);
      return NULL;
    }
    f[l] = 1;
  }
  return f;
}

/*
** Puts the tie a -> b in layer l (weight w, attrs copied) into s: a new
** tie, or, when the pair already has a tie in l, combined into it by join
** (sum of the weights, the larger, or the one already there kept).  A tie
** that would join an actor to itself is dropped unless the layer allows
** self-ties.  attrs must not point into s->ties (dip_add_tie may move it).
*/
static int puttie(dip_system *s, int a, int b, int l, double w,
                  dip_attrs attrs, dip_join join, dip_problems *pr) {
  int e;
  dip_tie_spec t;
  if (a == b && !s->layers[l].self_ties) return 0;
  e = dip_find_tie(s, a, b, l);
  if (e >= 0) {
    double x = s->ties[e].weight;
    if (join == DIP_JOIN_SUM)
      x += w;
    else if (join == DIP_JOIN_MAX && w > x)
      x = w;
    if (x == s->ties[e].weight) return 0;
    return dip_set_tie_weight(s, e, x, pr);
  }
  t.from = s->actors[a].id;
  t.to = s->actors[b].id;
  t.layer = s->layers[l].id;
  t.weight = w;
  t.attrs = attrs;
  return dip_add_tie(s, &t, 0, pr);
}

/* A tie waiting to be re-attached: new ends, layer, weight, attrs. */
typedef struct move {
  int a, b, l;
  double w;
  dip_attrs attrs; /* borrowed from a tie that goes with its actor */
} move;

/*
** The ties of the actors flagged in merged pass to actor t (t may be
** flagged: it then stays, the others go).  In map order, each tie with an
** end at a merged actor: in an informal layer it draws one uniform u and
** is lost when u < loss; in a formal layer it is lost when pass is given
** and its layer is not flagged there.  A tie of a going actor that is not
** lost is re-attached (every merged end becomes t) by puttie; a lost tie
** of t itself is dropped.  The going actors are not removed here.
** O(n + m).
*/
static int retie(dip_system *s, const unsigned char *merged, int t,
                 const unsigned char *pass, double loss, dip_join join,
                 dip_rng *g, dip_problems *pr) {
  int m0 = s->nties, i, nm = 0, ndrop = 0, rc = 0;
  move *mv = malloc(((size_t)m0 + 1) * sizeof *mv);
  unsigned char *drop = calloc((size_t)m0 + 1, 1);
  if (mv == NULL || drop == NULL) {
    free(mv);
    free(drop);
    return nomem(pr);
  }
  for (i = 0; i < m0; i++) {
    const dip_tie *e = &s->ties[i];
    int fa = merged[e->from], ta = merged[e->to], lost, going;
    if (!fa && !ta) continue;
    if (s->layers[e->layer].informal)
      lost = dip_rng_uniform(g) < loss;
    else
      lost = pass != NULL && !pass[e->layer];
    going = (fa && e->from != t) || (ta && e->to != t);
    if (!going) { /* a tie of t (the continuing actor) */
      if (lost) drop[i] = 1, ndrop++;
      continue;
    }
    if (lost) continue; /* goes with its actor */
    mv[nm].a = fa ? t : e->from;
    mv[nm].b = ta ? t : e->to;
    mv[nm].l = e->layer;
    mv[nm].w = e->weight;
    mv[nm].attrs = e->attrs;
    nm++;
  }
  if (ndrop > 0) drop_ties(s, drop); /* t's lost ties first */
  for (i = 0; i < nm && rc == 0; i++)
    rc = puttie(s, mv[i].a, mv[i].b, mv[i].l, mv[i].w, mv[i].attrs, join,
                pr);
  free(mv);
  free(drop);
  return rc;
}

/*
** Actors that stay and whose org names a going actor (flagged in gone)
** now belong to t.
*/
static int repoint(dip_system *s, const unsigned char *gone, int t,
                   dip_problems *pr) {
  int j;
  for (j = 0; j < s->nactors; j++) {
    dip_actor spec;
    int o;
    if (gone[j] || s->actors[j].org == NULL) continue;
    o = dip_find_actor(s, s->actors[j].org);
    if (o < 0 || !gone[o]) continue;
    spec = s->actors[j]; /* borrowed: replace_actor copies, then frees */
    spec.org = s->actors[t].id;
    if (dip_replace_actor(s, j, &spec, pr) != 0) return pr->oom ? -2 : -1;
  }
  return 0;
}

/* Removes the actors flagged in gone (n flags), highest index first. */
static void remove_flagged(dip_system *s, const unsigned char *gone, int n) {
  int j;
  for (j = n - 1; j >= 0; j--)
    if (gone[j]) dip_remove_actor(s, j);
}

/* capability of actor i += x, which must stay finite. */
static int addcapability(dip_system *s, int i, double x, dip_problems *pr) {
  double c = s->actors[i].capability + x;
  if (!isfinite(c)) {
    dip_problem(pr, "capability", "actor '%s' would get capability %s",
                s->actors[i].id, DIP_NUM(c));
    return -1;
  }
  s->actors[i].capability = c < 0 ? 0 : c;
  s->generation++;
  return 0;
}

/* A position for actor a on issue i (attrs borrowed, copied). */
static int setpos(dip_system *s, int a, int i, double x, double sal,
                  dip_attrs attrs, dip_problems *pr) {
  dip_position_spec p;
  const dip_issue *is = &s->issues[i];
  p.actor = s->actors[a].id;
  p.issue = is->id;
  p.position = x < is->min ? is->min : x > is->max ? is->max : x;
  p.salience = sal < 0 ? 0 : sal > 1 ? 1 : sal;
  p.attrs = attrs;
  return dip_set_position(s, &p, pr);
}

static const dip_attrs NOATTRS = {NULL, 0};

/* }====== */

/* {====== Abolish and merge ====== */

static int abolish(dip_system *s, const dip_shock *k, dip_rng *g,
                   dip_problems *pr) {
  int x = findactor(s, k->actors[0], "actor", pr), y, l, rc;
  unsigned char *pass = NULL, *gone;
  if (x < 0) return -1;
  if (k->successor == NULL) {
    dip_remove_actor(s, x);
    return 0;
  }
  if ((y = findactor(s, k->successor, "successor", pr)) < 0) return -1;
  if (x == y) {
    dip_problem(pr, "successor", "'%s' cannot succeed itself", k->successor);
    return -1;
  }
  if (!k->all_formal) {
    pass = layerflags(s, k->layers, k->nlayers, "transfer", pr);
    if (pass == NULL) return pr->oom ? -2 : -1;
    for (l = 0; l < s->nlayers; l++)
      if (pass[l] && s->layers[l].informal) {
        dip_problem(pr, "transfer",
                    "layer '%s' is informal (informal ties follow "
                    "informal_loss)", s->layers[l].id);
        free(pass);
        return -1;
      }
  }
  gone = calloc((size_t)s->nactors, 1);
  if (gone == NULL) {
    free(pass);
    return nomem(pr);
  }
  gone[x] = 1;
  rc = retie(s, gone, y, pass, k->loss, k->join, g, pr);
  if (rc == 0)
    rc = addcapability(s, y, k->share * s->actors[x].capability, pr);
  if (rc == 0) rc = repoint(s, gone, y, pr);
  if (rc == 0) dip_remove_actor(s, x);
  free(pass);
  free(gone);
  return rc;
}

/* Sums over the merged actors holding a position on one issue. */
typedef struct possum {
  int count;
  double csx, cs, c, x, sal; /* Σ c s x, Σ c s, Σ c, Σ x, Σ s */
} possum;

/*
** The merged actor's position on each issue some merged actor holds:
** weighted, x = Σ c s x / Σ c s and salience = Σ c s / Σ c over the
** holders (plain means when the weights are all 0); or, with keep, the
** kept actor's positions exactly (the others dropped).
*/
static int mergepositions(dip_system *s, const unsigned char *merged,
                          int t, int keep, dip_problems *pr) {
  int i, rc = 0;
  if (keep >= 0) {
    int np = s->npositions;
    if (keep != t)
      for (i = 0; i < np && rc == 0; i++) {
        dip_position p = s->positions[i];
        if (p.actor == keep)
          rc = setpos(s, t, p.issue, p.position, p.salience, p.attrs, pr);
      }
    for (i = s->npositions - 1; i >= 0 && rc == 0; i--)
      if (s->positions[i].actor == t &&
          dip_find_position(s, keep, s->positions[i].issue) < 0)
        dip_remove_position(s, i);
    return rc;
  } else {
    possum *sum = calloc((size_t)s->nissues + 1, sizeof *sum);
    if (sum == NULL) return nomem(pr);
    for (i = 0; i < s->npositions; i++) {
      const dip_position *p = &s->positions[i];
      double c = s->actors[p->actor].capability;
      possum *u = &sum[p->issue];
      if (!merged[p->actor]) continue;
      u->count++;
      u->csx += c * p->salience * p->position;
      u->cs += c * p->salience;
      u->c += c;
      u->x += p->position;
      u->sal += p->salience;
    }
    for (i = 0; i < s->nissues && rc == 0; i++) {
      const possum *u = &sum[i];
      int own;
      double x, sal;
      if (u->count == 0) continue;
      x = u->cs > 0 ? u->csx / u->cs : u->x / u->count;
      sal = u->c > 0 ? u->cs / u->c : u->sal / u->count;
      own = dip_find_position(s, t, i);
      rc = setpos(s, t, i, x, sal,
                  own >= 0 ? s->positions[own].attrs : NOATTRS, pr);
    }
    free(sum);
    return rc;
  }
}

static int merge(dip_system *s, const dip_shock *k, dip_rng *g,
                 dip_problems *pr) {
  int n = s->nactors, j, t, first = -1, keep = -1, rc = 0;
  double cap = 0;
  unsigned char *merged = calloc((size_t)n + 1, 1);
  unsigned char *gone = calloc((size_t)n + 1, 1);
  if (merged == NULL || gone == NULL) {
    rc = nomem(pr);
    goto done;
  }
  for (j = 0; j < k->nactors; j++) {
    int a = findactor(s, k->actors[j], "actors", pr);
    if (a < 0) {
      rc = -1;
      goto done;
    }
    if (merged[a]) {
      dip_problem(pr, "actors", "'%s' is listed twice", k->actors[j]);
      rc = -1;
      goto done;
    }
    merged[a] = 1;
    cap += s->actors[a].capability;
    if (first < 0) first = a;
  }
  if (k->keep) keep = dip_find_actor(s, k->keep);
  if (k->keep && (keep < 0 || !merged[keep])) {
    dip_problem(pr, "position", "'%s' is not one of the merged actors",
                k->keep);
    rc = -1;
    goto done;
  }
  t = dip_find_actor(s, k->successor);
  if (t >= 0 && !merged[t]) {
    dip_problem(pr, "id", "actor '%s' already exists (give a new id or one "
                "of the merged actors)", k->successor);
    rc = -1;
    goto done;
  }
  if (t < 0) { /* a new actor, with the first merged actor's fields */
    dip_actor spec = s->actors[first];
    spec.id = k->successor;
    spec.name = k->name ? k->name : k->successor;
    spec.capability = 0;
    if ((rc = dip_add_actor(s, &spec, pr)) != 0) goto done;
    t = s->nactors - 1;
  } else if (k->name) {
    dip_actor spec = s->actors[t];
    spec.name = k->name;
    if ((rc = dip_replace_actor(s, t, &spec, pr)) != 0) goto done;
  }
  for (j = 0; j < n; j++) gone[j] = merged[j] && j != t;
  if (!isfinite(cap)) {
    dip_problem(pr, "actors", "the merged capability is not finite");
    rc = -1;
    goto done;
  }
  /* positions read the merged capabilities before they are summed */
  if ((rc = mergepositions(s, merged, t, keep, pr)) != 0) goto done;
  s->actors[t].capability = cap;
  s->generation++;
  if ((rc = retie(s, merged, t, NULL, k->loss, k->join, g, pr)) != 0)
    goto done;
  if ((rc = repoint(s, gone, t, pr)) != 0) goto done;
  remove_flagged(s, gone, n);
done:
  free(merged);
  free(gone);
  return rc;
}

/* }====== */

/* {====== Split and devolve ====== */

/* The part a tie goes to: the first whose cumulative share exceeds u. */
static int drawpart(const dip_shock *k, double total, dip_rng *g) {
  double u = dip_rng_uniform(g) * total, cum = 0;
  int q, last = 0;
  for (q = 0; q < k->nparts; q++) {
    if (k->parts[q].share <= 0) continue;
    cum += k->parts[q].share;
    last = q;
    if (u < cum) return q;
  }
  return last;
}

static int split(dip_system *s, const dip_shock *k, dip_rng *g,
                 dip_problems *pr) {
  int o = findactor(s, k->actors[0], "actor", pr), q, i, m0, np, rc = 0;
  int reused = 0, *part = NULL;
  unsigned char *drop = NULL;
  double cap, total = 0;
  if (o < 0) return -1;
  for (q = 0; q < k->nparts; q++) {
    int e = dip_find_actor(s, k->parts[q].id);
    total += k->parts[q].share;
    if (e == o) reused = 1;
    else if (e >= 0) {
      dip_problem(pr, "into", "actor '%s' already exists", k->parts[q].id);
      return -1;
    }
  }
  part = malloc(((size_t)k->nparts + 1) * sizeof *part);
  drop = calloc((size_t)s->nties + 1, 1);
  if (part == NULL || drop == NULL) {
    rc = nomem(pr);
    goto done;
  }
  cap = s->actors[o].capability;
  for (q = 0; q < k->nparts && rc == 0; q++) {
    double c = total > 0 ? cap * k->parts[q].share / total : 0;
    if (strcmp(k->parts[q].id, s->actors[o].id) == 0) {
      part[q] = o;
      s->actors[o].capability = c;
      s->generation++;
      if (k->parts[q].name) {
        dip_actor spec = s->actors[o];
        spec.name = k->parts[q].name;
        rc = dip_replace_actor(s, o, &spec, pr);
      }
    } else {
      dip_actor spec = s->actors[o];
      spec.id = k->parts[q].id;
      spec.name = k->parts[q].name ? k->parts[q].name : k->parts[q].id;
      spec.capability = c;
      rc = dip_add_actor(s, &spec, pr);
      part[q] = s->nactors - 1;
    }
  }
  /* every new part holds the original's positions */
  np = s->npositions;
  for (i = 0; i < np && rc == 0; i++) {
    dip_position p = s->positions[i];
    if (p.actor != o) continue;
    for (q = 0; q < k->nparts && rc == 0; q++)
      if (part[q] != o)
        rc = setpos(s, part[q], p.issue, p.position, p.salience, p.attrs,
                    pr);
  }
  /* ties: drawn to one part by share, or copied to every new part */
  m0 = s->nties;
  for (i = 0; i < m0 && rc == 0; i++) {
    dip_tie e = s->ties[i];
    if (e.from != o && e.to != o) continue;
    if (k->copy_ties) {
      for (q = 0; q < k->nparts && rc == 0; q++)
        if (part[q] != o)
          rc = puttie(s, e.from == o ? part[q] : e.from,
                      e.to == o ? part[q] : e.to, e.layer, e.weight,
                      e.attrs, DIP_JOIN_SUM, pr);
    } else {
      int p = part[drawpart(k, total, g)];
      if (p == o) continue;
      rc = puttie(s, e.from == o ? p : e.from, e.to == o ? p : e.to,
                  e.layer, e.weight, e.attrs, DIP_JOIN_SUM, pr);
      drop[i] = 1;
    }
  }
  if (rc == 0) {
    if (!reused)
      dip_remove_actor(s, o);
    else if (!k->copy_ties) { /* the ties that left the original */
      unsigned char *d = realloc(drop, (size_t)s->nties + 1);
      if (d == NULL) {
        rc = nomem(pr);
        goto done;
      }
      drop = d;
      memset(drop + m0, 0, (size_t)(s->nties - m0) + 1);
      drop_ties(s, drop);
    }
  }
done:
  free(part);
  free(drop);
  return rc;
}

static int devolve(dip_system *s, const dip_shock *k, dip_problems *pr) {
  int a = findactor(s, k->actors[0], "from", pr), b, j, rc;
  double moved;
  if (a < 0) return -1;
  if ((b = findactor(s, k->actors[1], "to", pr)) < 0) return -1;
  if (a == b) {
    dip_problem(pr, "to", "'%s' cannot devolve to itself", k->actors[0]);
    return -1;
  }
  for (j = 0; j < k->nissues; j++)
    if (dip_find_issue(s, k->issues[j]) < 0) {
      dip_problem(pr, "issues", "unknown issue '%s'", k->issues[j]);
      return -1;
    }
  moved = k->share * s->actors[a].capability;
  s->actors[a].capability -= moved;
  if (s->actors[a].capability < 0) s->actors[a].capability = 0;
  if ((rc = addcapability(s, b, moved, pr)) != 0) return rc;
  for (j = 0; j < k->nissues; j++) {
    int i = dip_find_issue(s, k->issues[j]);
    int pa = dip_find_position(s, a, i), pb = dip_find_position(s, b, i);
    dip_position p;
    if (pa < 0) continue;
    p = s->positions[pa];
    if (pb >= 0) {
      if (p.salience > s->positions[pb].salience) {
        s->positions[pb].salience = p.salience;
        s->generation++;
      }
    } else if ((rc = setpos(s, b, i, p.position, p.salience, p.attrs,
                            pr)) != 0)
      return rc;
    dip_remove_position(s, dip_find_position(s, a, i));
  }
  return 0;
}

/* }====== */

/* {====== Cut and rewire ====== */

/*
** The ties of the layers flagged in f, in map order, shuffled so that
** the first r = round(fraction x count) (halves rounding up) are a
** uniform draw without replacement: a partial Fisher-Yates shuffle, step
** j swapping position j with j + pick(count - j).  *count and *r out;
** the array is malloc'd (NULL when memory runs out).
*/
static int *choose(const dip_system *s, const unsigned char *f,
                   double fraction, dip_rng *g, int *count, int *r) {
  int i, c = 0, j;
  int *pool = malloc(((size_t)s->nties + 1) * sizeof *pool);
  if (pool == NULL) return NULL;
  for (i = 0; i < s->nties; i++)
    if (f[s->ties[i].layer]) pool[c++] = i;
  *count = c;
  *r = (int)floor(fraction * c + 0.5);
  if (*r > c) *r = c;
  for (j = 0; j < *r; j++) {
    int x = j + (int)pick(g, c - j), t = pool[j];
    pool[j] = pool[x];
    pool[x] = t;
  }
  return pool;
}

static int cut(dip_system *s, const dip_shock *k, dip_rng *g,
               dip_problems *pr) {
  unsigned char *f = layerflags(s, k->layers, k->nlayers, "layer", pr);
  unsigned char *drop;
  int *pool, c, r, j;
  if (f == NULL) return pr->oom ? -2 : -1;
  drop = calloc((size_t)s->nties + 1, 1);
  pool = drop ? choose(s, f, k->fraction, g, &c, &r) : NULL;
  free(f);
  if (pool == NULL) {
    free(drop);
    return nomem(pr);
  }
  for (j = 0; j < r; j++) drop[pool[j]] = 1;
  if (r > 0) drop_ties(s, drop);
  free(pool);
  free(drop);
  return 0;
}

/*
** Each chosen tie (in the order drawn) keeps its from end, weight and
** attrs and gets a new to end: one uniform picks among the actors, in
** map order, that are not the from end and have no tie with it in that
** layer (from it, in a directed layer) at that moment; a tie with no such
** actor stays.  O(r (n + m)).
*/
static int rewire(dip_system *s, const dip_shock *k, dip_rng *g,
                  dip_problems *pr) {
  unsigned char *f = layerflags(s, k->layers, k->nlayers, "layer", pr);
  unsigned char *mark;
  int *pool, c, r, j, i, moved = 0;
  if (f == NULL) return pr->oom ? -2 : -1;
  mark = malloc((size_t)s->nactors + 1);
  pool = mark ? choose(s, f, k->fraction, g, &c, &r) : NULL;
  free(f);
  if (pool == NULL) {
    free(mark);
    return nomem(pr);
  }
  for (j = 0; j < r; j++) {
    dip_tie *e = &s->ties[pool[j]];
    int a = e->from, l = e->layer, dir = s->layers[l].directed, n = 0;
    memset(mark, 0, (size_t)s->nactors);
    mark[a] = 1;
    for (i = 0; i < s->nties; i++) {
      const dip_tie *t = &s->ties[i];
      if (t->layer != l) continue;
      if (t->from == a) mark[t->to] = 1;
      if (!dir && t->to == a) mark[t->from] = 1;
    }
    for (i = 0; i < s->nactors; i++) n += !mark[i];
    if (n == 0) continue;
    n = (int)pick(g, n);
    for (i = 0; i < s->nactors; i++)
      if (!mark[i] && n-- == 0) break;
    e->to = i;
    moved++;
  }
  if (moved > 0) dip_reindex_ties(s);
  free(pool);
  free(mark);
  return 0;
}

/* }====== */

/* {====== Small shocks: add, shift, set ====== */

static int add(dip_system *s, const dip_shock *k, dip_problems *pr) {
  const char *id = k->tmpl->id;
  const char *saved = pr->prefix;
  char where[300];
  int j, rc;
  if (dip_find_actor(s, id) >= 0) {
    dip_problem(pr, "actor", "actor '%s' already exists", id);
    return -1;
  }
  if ((rc = dip_add_actor(s, k->tmpl, pr)) != 0) return rc;
  for (j = 0; j < k->nties && rc == 0; j++) {
    dip_tie_spec t;
    t.from = k->ties[j].from ? k->ties[j].from : id;
    t.to = k->ties[j].to ? k->ties[j].to : id;
    t.layer = k->ties[j].layer;
    t.weight = k->ties[j].weight;
    t.attrs = NOATTRS;
    snprintf(where, sizeof where, "ties[%d]", j + 1);
    pr->prefix = where;
    rc = dip_add_tie(s, &t, 0, pr);
  }
  for (j = 0; j < k->npositions && rc == 0; j++) {
    dip_position_spec p;
    p.actor = id;
    p.issue = k->positions[j].issue;
    p.position = k->positions[j].position;
    p.salience = k->positions[j].salience;
    p.attrs = NOATTRS;
    snprintf(where, sizeof where, "positions.%.200s", p.issue);
    pr->prefix = where;
    rc = dip_set_position(s, &p, pr);
  }
  pr->prefix = saved;
  return rc;
}

static int shift(dip_system *s, const dip_shock *k, dip_problems *pr) {
  int i = dip_find_issue(s, k->issues[0]), a, p;
  const dip_issue *is;
  double x;
  if (i < 0) {
    dip_problem(pr, "issue", "unknown issue '%s'", k->issues[0]);
    return -1;
  }
  if ((a = findactor(s, k->actors[0], "actor", pr)) < 0) return -1;
  if ((p = dip_find_position(s, a, i)) < 0) {
    dip_problem(pr, "actor", "'%s' holds no position on issue '%s'",
                k->actors[0], k->issues[0]);
    return -1;
  }
  is = &s->issues[i];
  x = s->positions[p].position + k->delta;
  s->positions[p].position = x < is->min ? is->min : x > is->max ? is->max
                                                                  : x;
  s->generation++;
  return 0;
}

/* Replaces one attribute (or clears it) in a copy of the actor's attrs. */
static int setattr(dip_system *s, int a, const dip_shock *k,
                   dip_problems *pr) {
  const dip_attrs *old = &s->actors[a].attrs;
  const dip_attr *v = dip_attrs_get(&k->tmpl->attrs, k->attr);
  dip_actor spec = s->actors[a];
  dip_attr *items = malloc(((size_t)old->n + 1) * sizeof *items);
  int j, n = 0, rc;
  if (items == NULL) return nomem(pr);
  for (j = 0; j < old->n; j++)
    if (strcmp(old->items[j].key, k->attr) != 0) items[n++] = old->items[j];
  if (!k->clear && v != NULL) items[n++] = *v;
  spec.attrs.items = items;
  spec.attrs.n = n;
  dip_attrs_sort(&spec.attrs);
  rc = dip_replace_actor(s, a, &spec, pr);
  free(items);
  return rc;
}

static int set(dip_system *s, const dip_shock *k, dip_problems *pr) {
  int a = findactor(s, k->actors[0], "actor", pr);
  const dip_actor *v = k->tmpl;
  dip_actor spec;
  if (a < 0) return -1;
  if (k->field == DIP_FIELD_ATTR) return setattr(s, a, k, pr);
  spec = s->actors[a]; /* borrowed: replace_actor copies, then frees */
  switch (k->field) {
  case DIP_FIELD_NAME: spec.name = k->clear ? NULL : v->name; break;
  case DIP_FIELD_KIND: spec.kind = k->clear ? NULL : v->kind; break;
  case DIP_FIELD_ORG: spec.org = v->org; break;
  case DIP_FIELD_SECTOR: spec.sector = v->sector; break;
  case DIP_FIELD_PROFESSION: spec.profession = v->profession; break;
  case DIP_FIELD_LEVEL: spec.level = v->level; break;
  case DIP_FIELD_MANDATE: spec.mandate = v->mandate; break;
  case DIP_FIELD_CAPABILITY: spec.capability = v->capability; break;
  case DIP_FIELD_TAGS: spec.tags = v->tags; break;
  case DIP_FIELD_ATTRS: spec.attrs = v->attrs; break;
  default: break;
  }
  return dip_replace_actor(s, a, &spec, pr);
}

/* }====== */

/* {====== Dispatch ====== */

int dip_shock_apply(dip_system *s, const dip_shock *k, dip_rng *g,
                    dip_problems *pr) {
  int a;
  switch (k->kind) {
  case DIP_SHOCK_ABOLISH: return abolish(s, k, g, pr);
  case DIP_SHOCK_MERGE: return merge(s, k, g, pr);
  case DIP_SHOCK_SPLIT: return split(s, k, g, pr);
  case DIP_SHOCK_DEVOLVE: return devolve(s, k, pr);
  case DIP_SHOCK_ADD: return add(s, k, pr);
  case DIP_SHOCK_REMOVE:
    if ((a = findactor(s, k->actors[0], "actor", pr)) < 0) return -1;
    dip_remove_actor(s, a);
    return 0;
  case DIP_SHOCK_CUT: return cut(s, k, g, pr);
  case DIP_SHOCK_REWIRE: return rewire(s, k, g, pr);
  case DIP_SHOCK_SHIFT: return shift(s, k, pr);
  case DIP_SHOCK_SET: return set(s, k, pr);
  case DIP_SHOCK_CUSTOM: return 0; /* the binding runs it */
  }
  return 0;
}

static void freestrings(char **v, int n) {
  int j;
  if (v == NULL) return;
  for (j = 0; j < n; j++) free(v[j]);
  free(v);
}

void dip_shock_free(dip_shock *k) {
  int j;
  freestrings(k->actors, k->nactors);
  freestrings(k->layers, k->nlayers);
  freestrings(k->issues, k->nissues);
  free(k->successor);
  free(k->name);
  free(k->keep);
  free(k->attr);
  if (k->parts)
    for (j = 0; j < k->nparts; j++) {
      free(k->parts[j].id);
      free(k->parts[j].name);
    }
  free(k->parts);
  if (k->ties)
    for (j = 0; j < k->nties; j++) {
      free(k->ties[j].from);
      free(k->ties[j].to);
      free(k->ties[j].layer);
    }
  free(k->ties);
  if (k->positions)
    for (j = 0; j < k->npositions; j++) free(k->positions[j].issue);
  free(k->positions);
  memset(k, 0, sizeof *k);
}

uint64_t dip_replicate_seed(uint64_t seed, uint64_t r) {
  uint64_t state = seed, u = dip_splitmix64(&state);
  state = u ^ r;
  return dip_splitmix64(&state) >> 11;
}

/* }====== */

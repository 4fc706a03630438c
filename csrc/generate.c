/*
** generate.c — synthetic system maps for scale tests (generate.h).
**
** The structure, in the order it is drawn (one xoshiro256** stream from
** the seed, so a seed always gives the same system):
**
** 1. Organisations.  orgs organisation actors take turns round the
**    sectors (organisation o is in sector o mod sectors).  Their sizes
**    are heterogeneous: the actors - orgs people are shared out in
**    proportion to log-normal weights exp(Z), Z ~ N(0, 1) (firm sizes
**    are roughly log-normal: Gibrat's law; Axtell 2001, Science 293 for
**    the heavier tail), remainders one by one in proportion to the same
**    weights.
** 2. People.  Each organisation's people form a line-management tree
**    with `span` reports per manager: person t (0-based within the
**    organisation) reports to person (t - 1) / span, the chief (t = 0)
**    to the organisation actor.  Chiefs carry the organisation's level,
**    managers go one level down per step (never below neighbourhood),
**    people with no reports are frontline staff.
** 3. Formal ties.  `formal` (directed): the organisation to its chief
**    (weight 3) and every manager to each report (weight 2): one tie per
**    person.  `board` (undirected): each organisation proposes two board
**    partners, from its own sector with probability 0.7 (weights 1..3).
**    `team` (undirected): colleagues in one organisation: the rest of
**    the formal budget, shared among organisations by size, each tie
**    joining a random person to a member of their team (manager, fellow
**    reports or own reports) with probability 0.7, or to anyone in the
**    organisation; weights 1..3.  An organisation takes at most half of
**    its possible pairs (a small one cannot hold more).
** 4. Informal ties (`whatsapp`, and `frontline` when both ends are
**    frontline staff; undirected, informal, weights 1..5) join people
**    of different organisations, the ends drawn in proportion to
**    expected degrees w_r = (r + 1)^(-1 / (exponent - 1)) over a random
**    ranking r of the people: the Chung-Lu model (Chung & Lu 2002, PNAS
**    99(25)), whose degrees follow a power law with that exponent.
**    Repeated pairs and pairs inside one organisation are drawn again.
** 5. Issues and positions.  On each issue every sector gets a mean
**    z_s, the k sectors spread evenly in a random order with unit
**    variance: z = ((j + 1/2) / k * 2 - 1) sqrt(3 k^2 / (k^2 - 1)); an
**    actor's position is 50 + 15 (sqrt(c) z_s + sqrt(1 - c) e), e ~
**    N(0, 1), c the cohesion, clamped to 0..100 and rounded to 0.1, so
**    sector explains about a share c of the variance of positions.
**    Salience is uniform on 0.1..1 (two decimals).
**
** The ties budget: T = round(actors * degree / 2) ties, of which
** round(informal * T) informal.  Every tie goes through dip_add_tie and
** every actor, issue and position through its checked mutation, so the
** result passes dip_system_check like any hand-made map; a pair is
** looked up (O(1)) before it is added, so rejections cost no message.
** No Lua calls here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"
#include "rng.h"

/* {====== Sectors ====== */

typedef struct sector_info {
  const char *name, *level, *mandate;
  const char *const *professions; /* NULL-terminated, chiefs aside */
} sector_info;

static const char *const P_HEALTH[] = {"nursing", "medicine", "allied_health",
                                       "administration", NULL};
static const char *const P_COUNCIL[] = {"social_work", "housing",
                                        "public_health", "administration",
                                        NULL};
static const char *const P_VOLUNTARY[] = {"support_work", "advocacy",
                                          "fundraising", NULL};
static const char *const P_CENTRAL[] = {"policy", "finance", "analysis",
                                        NULL};
static const char *const P_POLITICAL[] = {"politics", NULL};
static const char *const P_COMMUNITY[] = {"organising", "volunteering",
                                          NULL};
static const char *const P_OTHER[] = {"generalist", NULL};

static const sector_info SECTORS[] = {
    {"health", "system", "statutory", P_HEALTH},
    {"local_government", "place", "elected", P_COUNCIL},
    {"voluntary", "place", "none", P_VOLUNTARY},
    {"central_government", "national", "statutory", P_CENTRAL},
    {"political", "place", "elected", P_POLITICAL},
    {"community", "neighbourhood", "none", P_COMMUNITY},
};
#define NAMED_SECTORS ((int)(sizeof SECTORS / sizeof SECTORS[0]))

static const char *const LEVELS[] = {"national", "regional", "system",
                                     "place", "neighbourhood", "frontline"};
#define NEIGHBOURHOOD 4
#define FRONTLINE 5

static int level_index(const char *level) {
  int k;
  for (k = 0; k < FRONTLINE; k++)
    if (strcmp(level, LEVELS[k]) == 0) return k;
  return NEIGHBOURHOOD;
}

/* }====== */

/* {====== Layers ====== */

enum { L_FORMAL, L_TEAM, L_BOARD, L_WHATSAPP, L_FRONTLINE, NLAYERS };

static const struct {
  const char *id, *name, *description;
  int directed, informal;
} LAYERS[NLAYERS] = {
    {"formal", "Line management",
     "A tie from A to B: A manages B (an organisation its chief).", 1, 0},
    {"team", "Working together",
     "Colleagues in one organisation, mostly in one team.", 0, 0},
    {"board", "Board co-membership",
     "Organisations sitting on boards and partnerships together.", 0, 0},
    {"whatsapp", "Messaging groups",
     "Informal contact across organisations.", 0, 1},
    {"frontline", "Frontline joint working",
     "Frontline staff of different organisations working cases together.",
     0, 1},
};

/* }====== */

/* {====== Drawing ====== */

/* Uniform integer in 0..k-1 (k >= 1). */
static long long below(dip_rng *g, long long k) {
  long long r = (long long)(dip_rng_uniform(g) * (double)k);
  return r < k ? r : k - 1;
}

/* The first index r with cum[r] > u (cum ascending, n entries). */
static int search(const double *cum, int n, double u) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (cum[mid] > u)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static double round_to(double x, double unit) {
  return floor(x / unit + 0.5) * unit;
}

/* }====== */

/* {====== Building ====== */

/* Everything the steps share. */
typedef struct gen {
  dip_system *s;
  const dip_generate_opts *o;
  dip_generate_stats *st;
  dip_rng g;
  dip_ziggurat z; /* the layers of dip_rng_normal */
  dip_problems pr;
  int people;
  int *size;   /* per organisation: people */
  int *first;  /* per organisation: its actor index (people follow) */
  int *orgof;  /* per actor: its organisation */
  double *orgw; /* per organisation: cumulative size weights */
  dip_progress *prog; /* bounded work: items made and planned */
  double made, planned;
} gen;

/* One more item (actor, tie, position) made: -3 when the run must stop. */
static int step(gen *G) {
  G->made++;
  if (G->prog && ((long long)G->made & 0xFFFF) == 0 &&
      G->made < G->planned &&
      dip_progress_report(G->prog, G->made, G->planned))
    return -3;
  return 0;
}

/*
** Adds the tie a - b (a -> b when directed) in layer l unless it exists
** or a == b.  Returns 1 when added, 0 when skipped, -2 when memory ran
** out (or -1 if system.c refused it, which valid input never causes), -3
** when added and the run must stop.
*/
static int tie(gen *G, int a, int b, int l, double w) {
  dip_tie_spec t;
  int rc;
  if (a == b || dip_find_tie(G->s, a, b, l) >= 0) return 0;
  memset(&t, 0, sizeof t);
  t.from = G->s->actors[a].id;
  t.to = G->s->actors[b].id;
  t.layer = LAYERS[l].id;
  t.weight = w;
  rc = dip_add_tie(G->s, &t, 0, &G->pr);
  if (rc != 0) return rc;
  if (LAYERS[l].informal)
    G->st->informal++;
  else
    G->st->formal++;
  return step(G) ? -3 : 1;
}

static int add_layers(gen *G) {
  int l;
  for (l = 0; l < NLAYERS; l++) {
    dip_layer spec;
    memset(&spec, 0, sizeof spec);
    spec.id = (char *)LAYERS[l].id;
    spec.name = (char *)LAYERS[l].name;
    spec.description = (char *)LAYERS[l].description;
    spec.directed = LAYERS[l].directed;
    spec.informal = LAYERS[l].informal;
    if (dip_add_layer(G->s, &spec, &G->pr) != 0) return -2;
  }
  return 0;
}

static sector_info sector_of(int org, int sectors, char *buf, size_t n) {
  int k = org % sectors;
  sector_info si;
  if (k < NAMED_SECTORS) return SECTORS[k];
  snprintf(buf, n, "sector_%d", k + 1);
  si.name = buf;
  si.level = "place";
  si.mandate = "none";
  si.professions = P_OTHER;
  return si;
}

/* Step 1: organisation sizes, proportional to log-normal weights. */
static void share_people(gen *G) {
  int orgs = G->o->orgs, o, given = 0;
  double total = 0;
  for (o = 0; o < orgs; o++) {
    double w = exp(dip_rng_normal(&G->g, &G->z));
    total += w;
    G->orgw[o] = total;
  }
  for (o = 0; o < orgs; o++) {
    double w = G->orgw[o] - (o > 0 ? G->orgw[o - 1] : 0);
    G->size[o] = (int)floor((double)G->people * w / total);
    given += G->size[o];
  }
  for (; given < G->people; given++)
    G->size[search(G->orgw, orgs, dip_rng_uniform(&G->g) * total)]++;
}

/* Depth of local person t in a tree with the given span. */
static int depth_of(int t, int span) {
  int d = 0;
  while (t > 0) t = (t - 1) / span, d++;
  return d;
}

/* Steps 1-2: the organisations and their people, and the formal tree. */
static int add_actors(gen *G) {
  const dip_generate_opts *o = G->o;
  int org, span = o->span, person = 0;
  char id[32], name[96], sbuf[32];
  for (org = 0; org < o->orgs; org++) {
    sector_info si = sector_of(org, o->sectors, sbuf, sizeof sbuf);
    int t, lv = level_index(si.level), at = G->s->nactors;
    dip_actor a;
    char orgid[32];
    snprintf(orgid, sizeof orgid, "org%d", org + 1);
    memset(&a, 0, sizeof a);
    snprintf(name, sizeof name, "%s organisation %d", si.name, org + 1);
    a.id = orgid;
    a.name = name;
    a.kind = "organisation";
    a.org = orgid;
    a.sector = (char *)si.name;
    a.profession = "management";
    a.level = (char *)si.level;
    a.mandate = (char *)si.mandate;
    a.capability = round_to(1 + G->size[org] / 10.0, 0.1);
    if (dip_add_actor(G->s, &a, &G->pr) != 0) return -2;
    G->first[org] = at;
    G->orgof[at] = org;
    if (step(G)) return -3;
    for (t = 0; t < G->size[org]; t++) {
      int d = depth_of(t, span);
      int leaf = (long long)span * t + 1 >= G->size[org];
      int np = 0;
      while (si.professions[np]) np++;
      memset(&a, 0, sizeof a);
      snprintf(id, sizeof id, "p%d", ++person);
      a.id = id;
      a.kind = "person";
      a.org = orgid;
      a.sector = (char *)si.name;
      if (t == 0) {
        a.profession = "management";
        a.level = (char *)si.level;
        a.mandate = strcmp(si.mandate, "elected") == 0 &&
                            strcmp(si.name, "political") == 0
                        ? "elected"
                        : "appointed";
        a.capability = 3;
      } else {
        int k = lv + d < NEIGHBOURHOOD ? lv + d : NEIGHBOURHOOD;
        a.profession = (char *)si.professions[below(&G->g, np)];
        a.level = (char *)LEVELS[leaf ? FRONTLINE : k];
        a.mandate = strcmp(si.name, "political") == 0 ? "elected" : "none";
        a.capability = leaf ? 0.5 : round_to(3.0 / (1 + d), 0.01);
      }
      if (dip_add_actor(G->s, &a, &G->pr) != 0) return -2;
      G->orgof[at + 1 + t] = org;
      if (step(G)) return -3;
    }
  }
  /* the line of management: one formal tie per person */
  for (org = 0; org < o->orgs; org++) {
    int t, base = G->first[org] + 1;
    for (t = 0; t < G->size[org]; t++) {
      int boss = t == 0 ? G->first[org] : base + (t - 1) / span;
      int rc = tie(G, boss, base + t, L_FORMAL, t == 0 ? 3 : 2);
      if (rc < 0) return rc == -3 ? -3 : -2;
    }
  }
  return 0;
}

/* Step 3: board partners between organisations. */
static int add_boards(gen *G) {
  int orgs = G->o->orgs, k = G->o->sectors, org, p;
  if (orgs < 2) return 0;
  for (org = 0; org < orgs; org++)
    for (p = 0; p < 2; p++) {
      int sec = org % k, other;
      int insector = (orgs - 1 - sec) / k + 1; /* organisations sec + k j */
      if (dip_rng_uniform(&G->g) < 0.7 && insector > 1)
        other = sec + k * (int)below(&G->g, insector);
      else
        other = (int)below(&G->g, orgs);
      int rc = tie(G, G->first[org], G->first[other], L_BOARD,
                   1 + (double)below(&G->g, 3));
      if (rc < 0) return rc == -3 ? -3 : -2;
    }
  return 0;
}

/* A team mate of local person t (organisation of n people), or -1. */
static int teammate(gen *G, int t, int n) {
  int span = G->o->span, p = t > 0 ? (t - 1) / span : -1;
  long long s0 = 0, s1 = -1, c0 = (long long)span * t + 1, c1;
  long long np = p >= 0, ns = 0, nc, r;
  if (p >= 0) {
    s0 = (long long)span * p + 1;
    s1 = s0 + span - 1 < n - 1 ? s0 + span - 1 : n - 1;
    ns = s1 - s0; /* fellow reports, t aside */
  }
  c1 = c0 + span - 1 < n - 1 ? c0 + span - 1 : n - 1;
  nc = c1 >= c0 ? c1 - c0 + 1 : 0;
  if (np + ns + nc == 0) return -1;
  r = below(&G->g, np + ns + nc);
  if (r < np) return p;
  r -= np;
  if (r < ns) return (int)(s0 + r + (s0 + r >= t)); /* skip t itself */
  return (int)(c0 + r - ns);
}

/*
** Shares budget among organisations in proportion to their people, each
** capped at cap[org]; what a full one cannot take goes to the others
** (water-filling: each pass shares the rest among those with room).
*/
static void share_budget(gen *G, long long budget, const long long *cap,
                         long long *quota) {
  int orgs = G->o->orgs, org;
  long long left = budget;
  while (left > 0) {
    long long room = 0, given = 0, open = 0;
    for (org = 0; org < orgs; org++)
      if (quota[org] < cap[org]) room += G->size[org], open++;
    if (room == 0) break;
    for (org = 0; org < orgs; org++) {
      long long q;
      if (quota[org] >= cap[org]) continue;
      q = left * G->size[org] / room;
      if (q == 0 && left - given > 0) q = 1; /* small remainders */
      if (q > cap[org] - quota[org]) q = cap[org] - quota[org];
      if (q > left - given) q = left - given;
      quota[org] += q;
      given += q;
    }
    left -= given;
    if (given == 0) break;
  }
}

/* Step 3: colleagues within organisations, to the formal budget. */
static int add_teams(gen *G, long long budget) {
  int orgs = G->o->orgs, org;
  long long *quota, *cap;
  if (budget <= 0 || G->people == 0) return 0;
  quota = calloc((size_t)orgs, sizeof *quota);
  cap = calloc((size_t)orgs, sizeof *cap);
  if (quota == NULL || cap == NULL) {
    free(quota), free(cap);
    return -2;
  }
  for (org = 0; org < orgs; org++)
    cap[org] = (long long)G->size[org] * (G->size[org] - 1) / 4;
  share_budget(G, budget, cap, quota);
  for (org = 0; org < orgs; org++) {
    int n = G->size[org], base = G->first[org] + 1;
    long long made = 0, tries = 0, want = quota[org];
    while (made < want && tries < 20 * want + 100) {
      int u = (int)below(&G->g, n), v = -1, rc;
      tries++;
      if (dip_rng_uniform(&G->g) < 0.7) v = teammate(G, u, n);
      if (v < 0) v = (int)below(&G->g, n);
      rc = tie(G, base + u, base + v, L_TEAM, 1 + (double)below(&G->g, 3));
      if (rc < 0) {
        free(quota), free(cap);
        return rc == -3 ? -3 : -2;
      }
      made += rc;
    }
  }
  free(quota), free(cap);
  return 0;
}

/* Step 4: informal ties across organisations (Chung-Lu). */
static int add_informal(gen *G, long long want) {
  int n = G->people, r, busy = 0, org, rc = 0;
  int *who;
  double *cum, total = 0, alpha = 1.0 / (G->o->exponent - 1);
  long long made = 0, tries = 0;
  for (org = 0; org < G->o->orgs; org++) busy += G->size[org] > 0;
  if (want <= 0 || busy < 2) return 0;
  who = malloc((size_t)n * sizeof *who);
  cum = malloc((size_t)n * sizeof *cum);
  if (who == NULL || cum == NULL) {
    free(who), free(cum);
    return -2;
  }
  for (r = 0, org = 0; org < G->o->orgs; org++) {
    int t;
    for (t = 0; t < G->size[org]; t++) who[r++] = G->first[org] + 1 + t;
  }
  for (r = n - 1; r > 0; r--) { /* a random ranking (Fisher-Yates) */
    int j = (int)below(&G->g, r + 1), x = who[r];
    who[r] = who[j], who[j] = x;
  }
  for (r = 0; r < n; r++) {
    total += pow(r + 1.0, -alpha);
    cum[r] = total;
  }
  while (made < want && tries < 20 * want + 1000) {
    int a = who[search(cum, n, dip_rng_uniform(&G->g) * total)];
    int b = who[search(cum, n, dip_rng_uniform(&G->g) * total)];
    double w = 1 + (double)below(&G->g, 5);
    int l;
    tries++;
    if (G->orgof[a] == G->orgof[b]) continue;
    l = G->s->actors[a].level && G->s->actors[b].level &&
                strcmp(G->s->actors[a].level, "frontline") == 0 &&
                strcmp(G->s->actors[b].level, "frontline") == 0
            ? L_FRONTLINE
            : L_WHATSAPP;
    if ((rc = tie(G, a, b, l, w)) < 0) break;
    made += rc;
  }
  free(who);
  free(cum);
  return rc < 0 ? (rc == -3 ? -3 : -2) : 0;
}

/* Step 5: issues and positions correlated by sector. */
static int add_issues(gen *G) {
  const dip_generate_opts *o = G->o;
  int k = o->sectors, q, i, j;
  double *z = malloc((size_t)k * sizeof *z), scale;
  int *perm = malloc((size_t)k * sizeof *perm);
  double a = sqrt(o->cohesion), b = sqrt(1 - o->cohesion);
  if (z == NULL || perm == NULL) {
    free(z), free(perm);
    return -2;
  }
  scale = k > 1 ? sqrt(3.0 * k * k / ((double)k * k - 1)) : 0;
  for (q = 0; q < o->issues; q++) {
    dip_issue is;
    char id[32], name[48];
    memset(&is, 0, sizeof is);
    snprintf(id, sizeof id, "issue%d", q + 1);
    snprintf(name, sizeof name, "Issue %d", q + 1);
    is.id = id;
    is.name = name;
    is.min = 0;
    is.max = 100;
    is.has_status_quo = 1;
    is.status_quo = round_to(20 + 60 * dip_rng_uniform(&G->g), 1);
    if (dip_add_issue(G->s, &is, &G->pr) != 0) goto oom;
    for (j = 0; j < k; j++) perm[j] = j;
    for (j = k - 1; j > 0; j--) {
      int r = (int)below(&G->g, j + 1), x = perm[j];
      perm[j] = perm[r], perm[r] = x;
    }
    for (j = 0; j < k; j++)
      z[j] = ((perm[j] + 0.5) / k * 2 - 1) * scale;
    for (i = 0; i < G->s->nactors; i++) {
      dip_position_spec p;
      double e = dip_rng_normal(&G->g, &G->z), u = dip_rng_uniform(&G->g);
      double c = dip_rng_uniform(&G->g), x;
      if (c >= o->coverage) continue;
      x = 50 + 15 * (a * z[G->orgof[i] % k] + b * e);
      x = round_to(x < 0 ? 0 : x > 100 ? 100 : x, 0.1);
      memset(&p, 0, sizeof p);
      p.actor = G->s->actors[i].id;
      p.issue = id;
      p.position = x < 0 ? 0 : x > 100 ? 100 : x;
      p.salience = round_to(0.1 + 0.9 * u, 0.01);
      if (p.salience > 1) p.salience = 1;
      if (dip_set_position(G->s, &p, &G->pr) != 0) goto oom;
      if (step(G)) {
        free(z);
        free(perm);
        return -3;
      }
    }
  }
  free(z);
  free(perm);
  return 0;
oom:
  free(z);
  free(perm);
  return -2;
}

/* }====== */

void dip_generate_defaults(dip_generate_opts *o, int actors) {
  o->actors = actors;
  o->orgs = actors / 40 > 1 ? (int)floor(actors / 40.0 + 0.5) : 1;
  o->sectors = o->orgs < NAMED_SECTORS ? o->orgs : NAMED_SECTORS;
  o->degree = 20;
  o->informal = 0.3;
  o->issues = 5;
  o->coverage = 1;
  o->cohesion = 0.6;
  o->exponent = 2.5;
  o->span = 6;
  o->seed = 1;
}

/* The options as attributes of the system, so a saved map says how it
** was made. */
static dip_system *new_system(const dip_generate_opts *o) {
  dip_attr a[11];
  dip_attrs attrs;
  dip_problems pr;
  dip_system *s;
  char description[200];
  int n = 0;
#define INT(k, v) a[n].key = k, a[n].type = DIP_INT, a[n++].u.i = (v)
#define NUM(k, v) a[n].key = k, a[n].type = DIP_NUM, a[n++].u.n = (v)
  INT("actors", o->actors);
  NUM("cohesion", o->cohesion);
  NUM("coverage", o->coverage);
  NUM("degree", o->degree);
  NUM("exponent", o->exponent);
  NUM("informal", o->informal);
  INT("issues", o->issues);
  INT("orgs", o->orgs);
  INT("sectors", o->sectors);
  INT("seed", (long long)o->seed);
  INT("span", o->span);
#undef INT
#undef NUM
  attrs.items = a;
  attrs.n = n; /* sorted by key, as attrs must be */
  snprintf(description, sizeof description,
           "Synthetic system from diplomat.generate: %d actors in %d "
           "organisations and %d sectors (seed %llu)",
           o->actors, o->orgs, o->sectors, (unsigned long long)o->seed);
  dip_problems_init(&pr, 0);
  s = dip_system_new("synthetic", description, &attrs, &pr);
  dip_problems_free(&pr);
  return s;
}

dip_system *dip_generate(const dip_generate_opts *o, dip_generate_stats *st,
                         dip_progress *pr) {
  gen G;
  long long total;
  int ok = 0, rc;
  memset(&G, 0, sizeof G);
  memset(st, 0, sizeof *st);
  G.s = new_system(o);
  G.o = o;
  G.st = st;
  G.people = o->actors - o->orgs;
  dip_rng_seed(&G.g, o->seed);
  dip_ziggurat_init(&G.z);
  dip_problems_init(&G.pr, 0);
  G.size = calloc((size_t)o->orgs, sizeof *G.size);
  G.first = calloc((size_t)o->orgs, sizeof *G.first);
  G.orgw = calloc((size_t)o->orgs, sizeof *G.orgw);
  G.orgof = calloc((size_t)o->actors, sizeof *G.orgof);
  if (!G.s || !G.size || !G.first || !G.orgw || !G.orgof) goto done;
  total = llround(o->actors * o->degree / 2);
  st->target_informal = llround(o->informal * (double)total);
  st->target_formal = total - st->target_informal;
  G.prog = pr;
  G.planned = o->actors + (double)total +
              (double)o->issues * o->actors * o->coverage;
  share_people(&G);
  if ((rc = add_layers(&G)) == 0 && (rc = add_actors(&G)) == 0 &&
      (rc = add_boards(&G)) == 0 &&
      (rc = add_teams(&G, st->target_formal - st->formal)) == 0 &&
      (rc = add_informal(&G, st->target_informal)) == 0)
    rc = add_issues(&G);
  st->stopped = rc == -3;
  ok = rc == 0 || rc == -3;
done:
  free(G.size);
  free(G.first);
  free(G.orgw);
  free(G.orgof);
  dip_problems_free(&G.pr);
  if (!ok) {
    dip_system_free(G.s);
    return NULL;
  }
  return G.s;
}

/*
** scenario.h — shocks: the changes a reform makes to a system map
** (scenario.c), applied to a clone by the scenario binding
** (lua_scenario.c).  What each shock does to actors, ties, positions and
** capability is stated beside its kind below and in the README
** ("Scenarios").  No Lua calls in scenario.c.
*/
#ifndef DIPLOMAT_SCENARIO_H
#define DIPLOMAT_SCENARIO_H

#include <stdint.h>

#include "diplomat.h"
#include "rng.h"

/* {====== Shocks ====== */

typedef enum {
  /* actors[0] goes.  With a successor: its ties in formal layers listed
  ** in layers (all formal layers when all_formal) pass to the successor,
  ** its other formal ties are lost; each informal tie is lost with
  ** probability loss, else passes; the successor gains share of its
  ** capability; actors whose org is actors[0] move to the successor.
  ** Without a successor: removed with its ties and positions. */
  DIP_SHOCK_ABOLISH,
  /* actors[0..nactors-1] become one actor, successor (one of them, which
  ** continues, or a new id copying the first one's fields).  Capability
  ** summed; ties unioned; informal ties of any of them each lost with
  ** probability loss; positions weighted (or keep's); orgs re-pointed. */
  DIP_SHOCK_MERGE,
  /* actors[0] becomes the parts (one may keep its id): capability by
  ** share, positions copied, each tie to one part drawn by share (or a
  ** copy to every part when copy_ties). */
  DIP_SHOCK_SPLIT,
  /* share of actors[0]'s capability moves to actors[1]; on each listed
  ** issue actors[0]'s stake moves to actors[1]. */
  DIP_SHOCK_DEVOLVE,
  DIP_SHOCK_ADD,     /* tmpl joins, with ties and positions */
  DIP_SHOCK_REMOVE,  /* actors[0] goes with its ties and positions */
  DIP_SHOCK_CUT,     /* round(fraction m) ties of the layers are lost */
  DIP_SHOCK_REWIRE,  /* round(fraction m) ties get a new random `to` end */
  DIP_SHOCK_SHIFT,   /* actors[0]'s position on issues[0] moves by delta */
  DIP_SHOCK_SET,     /* one field of actors[0] takes tmpl's value */
  DIP_SHOCK_CUSTOM   /* a Lua function: applied by the binding */
} dip_shock_kind;

/* How a transferred tie combines with a tie already there. */
typedef enum { DIP_JOIN_SUM, DIP_JOIN_MAX, DIP_JOIN_KEEP } dip_join;

/* The actor field a set shock changes. */
typedef enum {
  DIP_FIELD_NAME, DIP_FIELD_KIND, DIP_FIELD_ORG, DIP_FIELD_SECTOR,
  DIP_FIELD_PROFESSION, DIP_FIELD_LEVEL, DIP_FIELD_MANDATE,
  DIP_FIELD_CAPABILITY, DIP_FIELD_TAGS, DIP_FIELD_ATTRS, DIP_FIELD_ATTR
} dip_field;

typedef struct dip_part {
  char *id, *name; /* name NULL: the part's id */
  double share;    /* of the capability (and of the ties, drawn) */
} dip_part;

/* A tie of an added actor: NULL from or to is the new actor. */
typedef struct dip_newtie {
  char *from, *to, *layer;
  double weight;
} dip_newtie;

typedef struct dip_newpos {
  char *issue;
  double position, salience;
} dip_newpos;

/*
** One shock.  Strings are owned (dip_shock_free); tmpl is borrowed from
** a template system the binding keeps alive.  Fields a kind does not use
** are zero.
*/
typedef struct dip_shock {
  dip_shock_kind kind;
  char **actors;
  int nactors;
  char *successor;   /* abolish: NULL for none; merge: the resulting id */
  char *name;        /* merge: the resulting actor's new name, or NULL */
  char *keep;        /* merge: positions kept from this actor, or NULL */
  char **layers;     /* abolish: transfer; cut, rewire: the layers */
  int nlayers;
  int all_formal;    /* abolish: transfer every formal layer */
  char **issues;     /* devolve: the issues; shift: issues[0] */
  int nissues;
  double loss;       /* informal_loss, in [0, 1] */
  double share;      /* abolish, devolve: capability share in [0, 1] */
  double fraction;   /* cut, rewire: in [0, 1] */
  double delta;      /* shift */
  dip_join join;     /* abolish, merge: transferred tie meets a tie */
  dip_part *parts;   /* split */
  int nparts;
  int copy_ties;     /* split: every part gets every tie */
  const dip_actor *tmpl; /* add: the actor; set: holds the value */
  dip_field field;   /* set */
  char *attr;        /* set, DIP_FIELD_ATTR: the attribute's name */
  int clear;         /* set: the value is nil */
  dip_newtie *ties;  /* add */
  int nties;
  dip_newpos *positions; /* add */
  int npositions;
} dip_shock;

/* Frees what the shock owns (not the struct itself); idempotent. */
void dip_shock_free(dip_shock *k);

/*
** Applies shock k to s, drawing from g.  Returns 0, -1 when the system
** does not fit the shock (an unknown id, a missing position: the first
** problem is in pr, naming the option), -2 when memory ran out.  On
** failure s may be partly changed but stays a valid system (the caller
** applies shocks to a clone it then throws away).  Time: O(n + m) per
** shock for n actors and m ties, with the exceptions noted in
** scenario.c (merge and split O(k (n + m)) for k actors; rewire
** O(r (n + m)) for r rewired ties).
*/
int dip_shock_apply(dip_system *s, const dip_shock *k, dip_rng *g,
                    dip_problems *pr);

/*
** The seed of replicate r of a run seeded with seed: the first splitmix64
** output from the state (first splitmix64 output from seed) XOR r, shifted
** right by 11 bits (so it lies in [0, 2^53) and is an exact Lua number).
** Replicates are independent of the order they run in.
*/
uint64_t dip_replicate_seed(uint64_t seed, uint64_t r);

/* }====== */

#endif

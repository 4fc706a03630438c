/*
** diplomat.h — cross-file internals of the diplomat C core.
**
** The model (a system map) lives in plain C structs owned by one
** dip_system.  Files that hold algorithms or model code (system.c,
** index.c, problems.c, json.c) never call the Lua API; bindings
** (lua_*.c) convert Lua values to and from these structs.
*/
#ifndef DIPLOMAT_H
#define DIPLOMAT_H

#include <stddef.h>
#include <stdint.h>

#define DIP_VERSION "0.1.0"
#define DIP_FORMAT "diplomat/1"

#define DIP_SYSTEM_MT "diplomat.System"
#define DIP_BOX_MT "diplomat.Box"

/* Longest id, in bytes; ids are also free of control characters. */
#define DIP_MAX_ID 200
/* Largest integer an attribute may hold: JSON numbers are doubles. */
#define DIP_MAX_EXACT_INT 9007199254740992LL /* 2^53 */

/* {====== Values ====== */

typedef enum { DIP_STR, DIP_INT, DIP_NUM, DIP_BOOL } dip_vtype;

/* One free attribute: key -> string, integer, float or boolean. */
typedef struct dip_attr {
  char *key;
  dip_vtype type;
  union {
    char *s;
    long long i;
    double n;
    int b;
  } u;
} dip_attr;

/* Attributes, kept sorted by key (strcmp) so output is deterministic. */
typedef struct dip_attrs {
  dip_attr *items;
  int n;
} dip_attrs;

typedef struct dip_tags {
  char **items;
  int n;
} dip_tags;

/* }====== */

/* {====== The model ====== */

typedef struct dip_layer {
  char *id, *name, *description;
  int directed, informal, self_ties;
  dip_attrs attrs;
} dip_layer;

typedef struct dip_actor {
  char *id, *name, *kind, *org, *sector, *profession, *level, *mandate;
  double capability;
  dip_tags tags;
  dip_attrs attrs;
} dip_actor;

/* A tie refers to actors and its layer by position in their arrays. */
typedef struct dip_tie {
  int from, to, layer;
  double weight;
  dip_attrs attrs;
} dip_tie;

typedef struct dip_issue {
  char *id, *name, *description, *min_label, *max_label;
  double min, max, status_quo;
  int has_status_quo;
  dip_attrs attrs;
} dip_issue;

typedef struct dip_position {
  int actor, issue;
  double position, salience;
  dip_attrs attrs;
} dip_position;

/* Borrowed-string forms used to ask for a tie or a position. */
typedef struct dip_tie_spec {
  const char *from, *to, *layer;
  double weight;
  dip_attrs attrs; /* borrowed */
} dip_tie_spec;

typedef struct dip_position_spec {
  const char *actor, *issue;
  double position, salience;
  dip_attrs attrs; /* borrowed */
} dip_position_spec;

/* Open-addressing hash index: a slot holds the item's position + 1 in its
** low 32 bits (0 = empty) and the high 32 bits of its hash above them,
** so probes skip other items without reading them. */
typedef struct dip_index {
  uint64_t *slots;
  size_t cap; /* power of two, or 0 */
  int stale;  /* the items moved: rebuild before the next lookup */
} dip_index;

typedef struct dip_system {
  char *name, *description;
  dip_attrs attrs;
  dip_layer *layers;
  int nlayers, caplayers;
  dip_actor *actors;
  int nactors, capactors;
  dip_tie *ties;
  int nties, capties;
  dip_issue *issues;
  int nissues, capissues;
  dip_position *positions;
  int npositions, cappositions;
  dip_index layer_ix, actor_ix, issue_ix, tie_ix, position_ix;
  unsigned long generation; /* bumped by every successful mutation */
  struct dip_viewcache *views; /* igraph views (graph.c); never cloned */
} dip_system;

/* }====== */

/* Frees the cached igraph views of a system (graph.c). */
struct dip_viewcache;
void dip_views_free(struct dip_viewcache *c);

/* {====== Problems: validation messages ====== */

/*
** Collects problems found while checking input. Each problem is one line
** "<prefix>.<field>: <message>" (or "<field>: <message>" without prefix).
** The first message is always kept in `first`; up to `keep` lines go to
** the malloc'd `text` (keep = 0: only `first`).  `count` counts all.
*/
typedef struct dip_problems {
  int count;
  int keep;
  int oom; /* an allocation failed: the caller must report "out of memory" */
  int from_file; /* checking a file: no advice about Lua calls */
  const char *prefix;
  char first[512];
  char *text;
  size_t len, size;
} dip_problems;

void dip_problems_init(dip_problems *p, int keep);
/* x with the fewest digits (15..17) that read back exactly, '.' as the
** decimal point whatever the locale; returns buf. */
char *dip_fmtnum(char *buf, size_t size, double x);
/* For messages: DIP_NUM(x) is a string valid until the end of the block. */
#define DIP_NUM(x) dip_fmtnum((char[40]){0}, 40, (x))
void dip_problems_free(dip_problems *p);
void dip_problem(dip_problems *p, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* }====== */

/* {====== Memory and strings (system.c) ====== */

char *dip_strdup(const char *s);           /* NULL in, NULL out */
int dip_attrs_copy(dip_attrs *dst, const dip_attrs *src);
void dip_attrs_free(dip_attrs *a);
void dip_attrs_sort(dip_attrs *a);         /* in place, by key */
const dip_attr *dip_attrs_get(const dip_attrs *a, const char *key);

/* }====== */

/* {====== The system (system.c) ====== */

dip_system *dip_system_new(const char *name, const char *description,
                           const dip_attrs *attrs, dip_problems *pr);
void dip_system_free(dip_system *s);
dip_system *dip_system_clone(const dip_system *s); /* NULL: out of memory */
/* A clone of s made in spare (a system no one else holds; NULL: a new
** one), whose arrays and index slots are reused where large enough.
** NULL: out of memory (spare is then freed). */
dip_system *dip_system_reclone(dip_system *spare, const dip_system *s);

int dip_find_layer(const dip_system *s, const char *id);  /* -1: none */
int dip_find_actor(const dip_system *s, const char *id);
int dip_find_issue(const dip_system *s, const char *id);
/* The tie between actors a and b in layer l (either way round in an
** undirected layer), or -1. */
int dip_find_tie(const dip_system *s, int a, int b, int l);
int dip_find_position(const dip_system *s, int actor, int issue);

/*
** Mutations.  Each checks its whole input first and reports every problem
** to `pr`; only when there is none does it change the system.  Returns 0
** on success, -1 when input was rejected, -2 when memory ran out (the
** system is then unchanged as well).  Specs are borrowed: the system
** copies what it keeps.
*/
int dip_add_layer(dip_system *s, const dip_layer *spec, dip_problems *pr);
int dip_add_actor(dip_system *s, const dip_actor *spec, dip_problems *pr);
/* Replaces every field of actor i; spec->id must be the actor's id. */
int dip_replace_actor(dip_system *s, int i, const dip_actor *spec,
                      dip_problems *pr);
/* replace != 0: an existing tie gets the new weight and attrs. */
int dip_add_tie(dip_system *s, const dip_tie_spec *spec, int replace,
                dip_problems *pr);
int dip_add_issue(dip_system *s, const dip_issue *spec, dip_problems *pr);
/* Adds or updates the position of an actor on an issue. */
int dip_set_position(dip_system *s, const dip_position_spec *spec,
                     dip_problems *pr);
int dip_set_tie_weight(dip_system *s, int tie, double weight,
                       dip_problems *pr);

/* Removals cannot fail on valid indices. */
void dip_remove_actor(dip_system *s, int actor);
void dip_remove_tie(dip_system *s, int tie);
void dip_remove_position(dip_system *s, int position);
/* After changing ties in place (ends, layers, order) without creating
** duplicates: rebuilds the tie index (no allocation) and bumps the
** generation. */
void dip_reindex_ties(dip_system *s);

/* Cache hints for bulk loading (json.c): fetch the index slots of
** the tie a-b in layer l and of the position of actor a on issue i.
** They change nothing. */
void dip_prefetch_tie(const dip_system *s, int a, int b, int l);
void dip_prefetch_position(const dip_system *s, int a, int i);

/* Makes room for `actors`, `ties` and `positions` more items (arrays and
** indexes), so that adding them reallocates and rehashes nothing: for
** bulk loading, which knows how many items a file lists.  Best effort:
** changes nothing observable; when memory runs out the additions grow
** as usual. */
void dip_system_reserve(dip_system *s, int actors, int ties, int positions);

/* Checks every invariant; reports each broken one.  Returns count. */
int dip_system_check(const dip_system *s, dip_problems *pr);

/* Field checks shared by the binding and the JSON reader. */
int dip_check_id(const char *id, const char *field, dip_problems *pr);
int dip_check_attrs(const dip_attrs *a, dip_problems *pr);

/* }====== */

/* {====== Hash index (index.c) ====== */

uint64_t dip_hash_str(const char *s);
uint64_t dip_hash_ints(uint64_t a, uint64_t b, uint64_t c);

typedef uint64_t (*dip_hash_fn)(const dip_system *s, int item);
typedef int (*dip_eq_fn)(const dip_system *s, int item, const void *key);

void dip_index_free(dip_index *ix);
/* Makes dst (zeroed, or an index whose slots are reused when of the
** same size) a copy of src.  0 ok, -1 out of memory (dst then empty). */
int dip_index_copy(dip_index *dst, const dip_index *src);
/* Makes room for item n when items 0..n-1 exist (rehashing them with hf
** if the table grows).  0 ok, -1 out of memory (index unchanged). */
int dip_index_grow(dip_index *ix, const dip_system *s, int n,
                   dip_hash_fn hf);
/* The same, with room for `want` items (want > n). */
int dip_index_reserve(dip_index *ix, const dip_system *s, int n, int want,
                      dip_hash_fn hf);
int dip_index_find(const dip_index *ix, const dip_system *s, uint64_t h,
                   dip_eq_fn eq, const void *key);
/* Adds item; the caller has reserved room and checked it is new. */
void dip_index_insert(dip_index *ix, uint64_t h, int item);
/* Clears and re-inserts items 0..n-1 in place (no allocation). */
void dip_index_rebuild(dip_index *ix, const dip_system *s, int n,
                       dip_hash_fn hf);
/* Marks the index stale (items removed or moved): system.c rebuilds it
** before the next lookup or insertion. */
void dip_index_invalidate(dip_index *ix);
/* Hints for bulk loading, which look items up in batches: fetch the slot
** of hash h into the cache; the first item whose tag matches h (not
** compared with the key: a guess to prefetch), or -1. */
void dip_index_prefetch(const dip_index *ix, uint64_t h);
int dip_index_peek(const dip_index *ix, uint64_t h);

/* }====== */

/* {====== JSON (json.c reads, jsonwrite.c writes) ====== */

/* Builds a system from diplomat/1 JSON; NULL with problems on failure. */
dip_system *dip_json_decode(const char *buf, size_t len, dip_problems *pr);
/*
** Writes s as diplomat/1 text (jsonwrite.c), item by item: a malloc'd
** string, its length in *len (if not NULL), ending with a line break
** when `newline` is set (as save writes it).  pretty: cJSON_Print's
** layout, else cJSON_PrintUnformatted's.  NULL: out of memory.  Peak
** memory: the text plus one item.
*/
char *dip_json_write(const dip_system *s, int pretty, int newline,
                     size_t *len);
/* dip_json_write without the line break or the length. */
char *dip_json_encode(const dip_system *s, int pretty);
/* The same text from one cJSON tree of the whole system, the way it was
** written before: the specs' reference (core._encode_tree). */
char *dip_json_encode_tree(const dip_system *s, int pretty);

/* }====== */

#endif

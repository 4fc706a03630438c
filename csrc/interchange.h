/*
** interchange.h — moving system maps between diplomat and other tools:
** CSV tables (csv.c, csvmap.c, csvwrite.c), DOT and GEXF (export.c),
** GraphML (graphml.c: read through igraph), XML output through libxml2
** (xmlwrite.c, for GEXF and GraphML), and writing files atomically
** (files.c).  No Lua calls in these files; the bindings are lua_csv.c
** and lua_export.c.
*/
#ifndef DIPLOMAT_INTERCHANGE_H
#define DIPLOMAT_INTERCHANGE_H

#include <stdio.h>

#include "diplomat.h"

/* {====== Text buffers (textbuf.c) ====== */

/* A growable string; oom is set (and appends ignored) once memory ran
** out, so writers check it once at the end. */
typedef struct dip_buf {
  char *s;
  size_t len, size;
  int oom;
} dip_buf;

/* Makes room for n more bytes and a NUL at b->s + b->len (for writing
** in place); 0, or -1 with oom set. */
int dip_buf_reserve(dip_buf *b, size_t n);
void dip_buf_add(dip_buf *b, const char *s, size_t n);
void dip_buf_adds(dip_buf *b, const char *s);
void dip_buf_addf(dip_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dip_buf_free(dip_buf *b);

/* }====== */

/* {====== XML output through libxml2 (xmlwrite.c) ====== */

/*
** A document being written by libxml2's xmlTextWriter: UTF-8, indented
** two spaces a level, escaped by libxml2 (attribute values keep tab and
** line breaks as &#9; &#10; &#13;).  Calls after a failure do nothing;
** dip_xml_finish tells.  Between dip_xml_begin and dip_xml_finish the
** thread's libxml2 error handlers are the writer's: make no other
** libxml2 call on the thread (and no Lua call) in between.
*/
typedef struct dip_xml dip_xml;

/* Once per process, before threads use libxml2 (errors.c). */
void dip_xml_init(void);
/* A new document, its XML declaration written; NULL: out of memory. */
dip_xml *dip_xml_begin(void);
void dip_xml_start(dip_xml *x, const char *name);   /* <name */
void dip_xml_attr(dip_xml *x, const char *name, const char *value);
void dip_xml_text(dip_xml *x, const char *text);    /* element content */
void dip_xml_comment(dip_xml *x, const char *text); /* <!--text--> */
void dip_xml_end(dip_xml *x); /* closes the innermost open element */
/* Marks the document failed (the caller ran out of memory). */
void dip_xml_fail(dip_xml *x);
/* Closes what is open and frees x.  Returns the text (malloc'd), or
** NULL when anything failed (out of memory). */
char *dip_xml_finish(dip_xml *x);

/* }====== */

/* {====== CSV tables (csv.c) ====== */

/* One cell: its text (unquoted, NUL-terminated, in the table's pool),
** where it starts (1-based line and column in characters) and whether
** it was quoted ("" is an empty string, an empty bare cell is nothing). */
typedef struct dip_csv_cell {
  size_t text; /* offset into pool */
  size_t len;
  int line, col;
  int quoted;
} dip_csv_cell;

/* A parsed CSV file: row 0 is the header.  Rows whose cells are all
** empty and unquoted are left out. */
typedef struct dip_csv {
  char *pool;
  dip_csv_cell *cells;
  int ncells, capcells;
  int *rows; /* index of each row's first cell; rows[nrows] = ncells */
  int nrows, caprows;
} dip_csv;

#define DIP_CSV_TEXT(t, c) ((t)->pool + (c)->text)

/*
** Parses RFC 4180 CSV: comma-separated, fields optionally enclosed in
** double quotes (a quote inside one is doubled; a quoted field may hold
** commas and line breaks); records end with CRLF, LF or CR; a UTF-8 BOM
** at the start is skipped.  Text must be UTF-8 without zero bytes.
** Problems go to pr as "label:line:column: message".  Returns 0 (check
** pr->count), -1 when memory ran out.  Free with dip_csv_free.
** Time: O(len).
*/
int dip_csv_parse(dip_csv *t, const char *text, size_t len,
                  const char *label, dip_problems *pr);
void dip_csv_free(dip_csv *t);

/* Appends one field to b, quoted when it must be (a comma, quote, line
** break, or space at either end) or when force_quote is set. */
void dip_csv_field(dip_buf *b, const char *s, int force_quote);

/*
** A JSON-syntax number (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)
** read whatever the locale; spaces around it are allowed.  Returns 1
** and sets *x when s is one and a double holds it; 0 when s is not a
** number; DIP_NUM_TOO_LARGE when it is beyond a double's range (1e400)
** and DIP_NUM_TOO_SMALL when it has a nonzero digit but reads as 0
** (1e-400), as the JSON loader refuses them.  Test the result against 1.
*/
/* A UTF-8 sequence starting at p (at most n bytes): its length, or 0
** when it is not valid UTF-8 (overlong forms and surrogates included). */
size_t dip_utf8len(const unsigned char *p, size_t n);

#define DIP_NUM_TOO_LARGE (-1)
#define DIP_NUM_TOO_SMALL (-2)
int dip_csv_number(const char *s, double *x);
/* The words for an out-of-range result: "is too large to store", "is
** too small to store (it would read as 0)". */
const char *dip_csv_range(int r);
/* true / false in any case: 1 and sets *b, or 0. */
int dip_csv_boolean(const char *s, int *b);

/* }====== */

/* {====== System maps as CSV (csvmap.c reads, csvwrite.c writes) ====== */

typedef enum {
  DIP_CSV_SYSTEM, DIP_CSV_LAYERS, DIP_CSV_ACTORS, DIP_CSV_ISSUES,
  DIP_CSV_TIES, DIP_CSV_POSITIONS, DIP_CSV_NSECTIONS
} dip_csv_section;

/* The file name of each section in a map folder ("actors.csv", ...). */
extern const char *const dip_csv_files[DIP_CSV_NSECTIONS];

/* The name of field column k of a section, NULL past the last. */
const char *dip_csv_column(dip_csv_section sec, int k);

/* Splits an attribute column name "name[:type]": returns the declared
** type (0 none, 1 string, 2 number, 4 boolean) and writes the length of
** the name without the type. */
int dip_csv_attr_type(const char *name, size_t *keylen);

/* One section's text; text NULL when the section is absent.  label names
** the file in messages. */
typedef struct dip_csv_source {
  const char *label;
  const char *text;
  size_t len;
} dip_csv_source;

/*
** Builds a system from CSV sections (any may be absent) and, instead of
** a layers file, `nlayers` layer specs (labels[i] names spec i in
** messages; nlayers = -1 when there are none).  name / description are
** used when there is no system section.  Every problem is collected;
** returns NULL when there was any (or memory ran out: pr->oom).
*/
dip_system *dip_csv_decode(const dip_csv_source *src, const dip_layer *layers,
                           const char *const *labels, int nlayers,
                           const char *name, const char *description,
                           dip_problems *pr);

/*
** The CSV text of one section (header row, then one row per item; CRLF
** line ends).  Returns a malloc'd string, or NULL: when pr->oom, out of
** memory, else a value CSV cannot hold (reported to pr: a tag holding
** ';' or starting or ending with a space).
*/
char *dip_csv_encode(const dip_system *s, dip_csv_section sec, int bom,
                     dip_problems *pr);

/* }====== */

/* {====== DOT and GEXF (export.c) ====== */

/*
** Reports each text of s that XML or DOT cannot hold: control characters
** other than tab, line feed and carriage return.  Returns the count.
*/
int dip_export_check_text(const dip_system *s, const unsigned char *selected,
                          const char *format, dip_problems *pr);

/*
** DOT for Graphviz: the actors and the ties of the layers flagged in
** selected (one edge per tie).  `digraph` when any selected layer is
** directed (an undirected tie then gets dir=none), else `graph`;
** informal ties are dashed.  Returns malloc'd text, NULL: out of memory.
*/
char *dip_export_dot(const dip_system *s, const unsigned char *selected);

/* GEXF 1.3 for Gephi: the same content, one edge per tie, the layer as
** the edge's kind and an attribute; written through xmlwrite.c.  NULL:
** out of memory. */
char *dip_export_gexf(const dip_system *s, const unsigned char *selected);

/* Free attributes are written under their own name, or as
** "attrs.<name>" when the name is one of these reserved ones (NULL
** terminated) or itself begins "attrs.".  Returns key, or the prefixed
** name made in b; NULL: out of memory (b->oom). */
const char *dip_export_attrname(const char *key, const char *const *reserved,
                                dip_buf *b);

/* }====== */

/* {====== GraphML (graphml.c) ====== */

/* Installs igraph's C attribute handler (once per process; idempotent).
** Every igraph graph then carries an (empty) attribute table. */
void dip_graphml_install(void);

/*
** The selected part of s as GraphML text (malloc'd), or NULL when memory
** ran out.  Every actor is a node (id = actor id), every selected tie an
** edge; numbers keep every digit, and text is escaped by libxml2 so
** that XML reads it back exactly (in attribute values, tab and line
** breaks as character references).  Written through xmlwrite.c.
*/
char *dip_graphml_write(const dip_system *s, const unsigned char *selected);

/* Options for reading: the layer given to edges without a "layer"
** attribute, and whether it is informal. */
typedef struct dip_graphml_opts {
  const char *layer;
  int informal;
} dip_graphml_opts;

/*
** Reads a GraphML file into a new system: nodes become actors, edges
** ties.  *ierr receives igraph's code when igraph could not read the
** file (NULL returned, nothing reported to pr: the caller reports
** igraph's reason); otherwise problems with the content go to pr
** ("node 'x': ..." / "edge 3 (a -> b): ...") and NULL is returned when
** there was any.
*/
dip_system *dip_graphml_read(FILE *f, const dip_graphml_opts *o,
                             int *ierr, dip_problems *pr);

/* }====== */

/* {====== Files (files.c) ====== */

/* Text to write: len bytes at s. */
typedef struct dip_text {
  const char *s;
  size_t len;
} dip_text;

/*
** Writes n files safely, all or none: each text goes to a new temporary
** file in its target's folder ("<path>.tmpXXXXXX", mode 0666 less the
** umask, or the mode of the file it replaces), which is synced; only when
** every one is complete are they put in place, and the folders synced.
** A target is therefore always its old file or its new one, whole, even
** if the process is killed (a killed writer can leave its temporary file
** behind).  On an error before the files are put in place every
** temporary file is removed and no target changes.
**
** replace != 0: each is renamed over its target; only a rename that
** fails after others succeeded (n > 1) leaves some targets new.
** replace == 0: nothing that exists at a target is ever replaced, even
** if it appears while the files are written: each is hard-linked to
** its target's name, which fails with EEXIST in one step when something
** is there (files.c's put_new: the fallback where there are no hard
** links); if any target cannot be made, those this call made are
** removed again, so the folders are as they were.
**
** Returns 0, or an errno value (EISDIR: a target is a folder; EEXIST: a
** target exists and replace == 0) or DIP_ENOTFILE (a target is a
** device, pipe or socket, which a rename would replace) with *which (if
** not NULL) the index of the file that failed.
*/
#define DIP_ENOTFILE (-1)
int dip_write_files(int n, const char *const *paths, const dip_text *texts,
                    int replace, int *which);
/* dip_write_files for one file. */
int dip_write_file(const char *path, const char *s, size_t len,
                   int replace);
/* Words for a result of dip_write_files: strerror's ("No such file or
** directory" for a folder that does not exist, "Is a directory" for a
** target that is a folder), or for DIP_ENOTFILE "not a regular file
** (...)". */
const char *dip_write_reason(int e);

/* What is at path: 0 nothing, 1 a file (or other non-folder), 2 a
** folder; -1 with errno when it cannot be told. */
int dip_path_kind(const char *path);

/*
** Loads read at most max_bytes of a file: 4 GiB by default.  The point
** is to refuse at once what cannot load, rather than read until memory
** runs out.  The default is far above real maps (the 100,000-actor
** benchmark map is 154 MB, the 10^6-actor map of bench/huge.lua about
** 1 GB), and a larger file could not load on most machines anyway: a map
** like the benchmark's takes about 8 times its size in memory while it
** loads (cJSON's tree), so a 4 GiB map needs some 35 GB.
*/
#define DIP_MAX_BYTES ((size_t)4 << 30)
/* Largest max_bytes a caller may give (sizes stay far from overflow). */
#define DIP_MAX_BYTES_LIMIT ((size_t)1 << 52)

/* dip_read_file and dip_open_file failures besides errno values. */
#define DIP_ENOTREG (-1) /* not a regular file: a device, pipe, socket */
#define DIP_ETOOBIG (-2) /* more than max bytes */

/*
** Reads a whole regular file of at most max bytes into a malloc'd
** buffer (NUL-terminated; *len without the NUL).  Opens without waiting
** (a pipe with no writer is refused, not waited on) and reads no more
** than max + 1 bytes, so a device that never ends (/dev/zero) or a file
** that grows while it is read cannot fill the memory.  Returns 0, an
** errno value (EISDIR for a folder, ENOMEM), DIP_ENOTREG or DIP_ETOOBIG.
*/
int dip_read_file(const char *path, size_t max, char **buf, size_t *len);

/* Opens a regular file of at most max bytes for reading, with the same
** checks; the size is checked when the file is opened. */
int dip_open_file(const char *path, size_t max, FILE **f);

/* }====== */

#endif

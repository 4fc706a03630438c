/*
** xmlwrite.c — XML output through libxml2's xmlTextWriter, into a text
** buffer.  GraphML (graphml.c) and GEXF (export.c) are written with it:
** libxml2 does the escaping, the nesting and the indentation; this file
** only adapts its error reporting.  No Lua calls here.
**
** Escaping (libxml2 2.9.14, xmlwriter.c): in attribute values &, <, >
** and " as entities, and tab, line feed and carriage return as
** character references (&#9; &#10; &#13;), so a reader's
** attribute-value normalisation leaves them as they were; in text &, <,
** > and " as entities and carriage return as &#13;, while tab and line
** feed are written as they are (a reader keeps them in text).  Text
** must be UTF-8 without the control characters XML cannot hold: the
** writer does not check (callers do, dip_export_check_text).
**
** Errors.  Some of libxml2's failures surface only through its error
** handlers: when it cannot allocate the escaped copy of a text, the text
** is left out and the call still succeeds.  So while a writer is open,
** the thread's libxml2 error handlers are this file's, which mark the
** document failed (and keep libxml2 from printing to stderr);
** dip_xml_finish puts the thread's handlers back.  libxml2 keeps its
** handlers per thread, so writers on other threads, and igraph's
** GraphML reader on another thread, are not affected.
*/
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "interchange.h"

struct dip_xml {
  xmlTextWriterPtr w;
  dip_buf out; /* what libxml2 has flushed so far */
  int bad;     /* a call failed or libxml2 reported an error */
  xmlGenericErrorFunc generic; /* the thread's handlers, put back */
  void *generic_ctx;
  xmlStructuredErrorFunc structured;
  void *structured_ctx;
};

void dip_xml_init(void) { xmlInitParser(); }

/* libxml2's output callback: appends to the buffer; -1 once memory ran
** out, which libxml2 passes on as a failed write.  (After a failure of
** its own, libxml2 may flush an empty buffer: s NULL, len 0.) */
static int sink(void *ctx, const char *s, int len) {
  dip_buf *b = (dip_buf *)ctx;
  if (len > 0) dip_buf_add(b, s, (size_t)len);
  return b->oom ? -1 : len;
}

static void on_generic(void *ctx, const char *msg, ...) {
  (void)msg;
  ((dip_xml *)ctx)->bad = 1;
}

static void on_structured(void *ctx, xmlErrorPtr e) {
  (void)e;
  ((dip_xml *)ctx)->bad = 1;
}

static void restore(dip_xml *x) {
  xmlSetGenericErrorFunc(x->generic_ctx, x->generic);
  xmlSetStructuredErrorFunc(x->structured_ctx, x->structured);
}

dip_xml *dip_xml_begin(void) {
  dip_xml *x = (dip_xml *)calloc(1, sizeof *x);
  xmlOutputBufferPtr out;
  if (x == NULL) return NULL;
  x->generic = xmlGenericError;
  x->generic_ctx = xmlGenericErrorContext;
  x->structured = xmlStructuredError;
  x->structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(x, on_generic);
  xmlSetStructuredErrorFunc(x, on_structured);
  out = xmlOutputBufferCreateIO(sink, NULL, &x->out, NULL);
  if (out != NULL) {
    x->w = xmlNewTextWriter(out);
    if (x->w == NULL) xmlOutputBufferClose(out); /* not taken over */
  }
  if (x->w == NULL) {
    restore(x);
    free(x->out.s);
    free(x);
    return NULL;
  }
  /* two spaces a level; the declaration names UTF-8, which also keeps
     libxml2 from writing non-ASCII characters as references */
  if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
      xmlTextWriterSetIndentString(x->w, (const xmlChar *)"  ") < 0 ||
      xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
    x->bad = 1;
  return x;
}

void dip_xml_start(dip_xml *x, const char *name) {
  if (!x->bad && xmlTextWriterStartElement(x->w, (const xmlChar *)name) < 0)
    x->bad = 1;
}

void dip_xml_attr(dip_xml *x, const char *name, const char *value) {
  if (!x->bad && xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name,
                                             (const xmlChar *)value) < 0)
    x->bad = 1;
}

void dip_xml_text(dip_xml *x, const char *text) {
  if (!x->bad && xmlTextWriterWriteString(x->w, (const xmlChar *)text) < 0)
    x->bad = 1;
}

void dip_xml_comment(dip_xml *x, const char *text) {
  if (!x->bad && xmlTextWriterWriteComment(x->w, (const xmlChar *)text) < 0)
    x->bad = 1;
}

void dip_xml_end(dip_xml *x) {
  if (!x->bad && xmlTextWriterEndElement(x->w) < 0) x->bad = 1;
}

void dip_xml_fail(dip_xml *x) { x->bad = 1; }

char *dip_xml_finish(dip_xml *x) {
  char *s = NULL;
  if (!x->bad && xmlTextWriterEndDocument(x->w) < 0) x->bad = 1;
  xmlFreeTextWriter(x->w); /* flushes what is left into x->out */
  restore(x);
  if (x->bad || x->out.oom || x->out.s == NULL)
    free(x->out.s);
  else
    s = x->out.s;
  free(x);
  return s;
}

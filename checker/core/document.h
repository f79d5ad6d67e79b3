/* One input document: raw bytes, the parsed tree and each element's span. */
#pragma once
#include "core/spans.h"
#include <glib.h>
#include <libxml/tree.h>

#define GDN_MAX_INPUT_BYTES (16 * 1024 * 1024)
/* libvirt elements have a few dozen attributes; more is hostile input. */
#define GDN_MAX_ATTRIBUTES 256

typedef struct {
    char *file;   /* path as given, "<stdin>", or NULL for libvirt sources */
    char *uri;    /* libvirt URI, or NULL */
    char *domain; /* domain name from <name> (or libvirt) */
    char *bytes;  /* NUL-terminated original text */
    gsize len;
    xmlDocPtr xml;
    GArray *spans;       /* GdnSpan, element i in document order */
    GArray *line_starts; /* gsize */
    GArray *utf8_marks;  /* gdn_utf8_marks, only when a line is long; else NULL */
} GdnDoc;

/* A problem with one input; reported as "file:line: message". */
typedef struct {
    char *file;
    guint line; /* 0 when unknown */
    char *message;
    gboolean skip; /* well-formed XML that is not a domain: a notice, not an error */
} GdnInputError;

/* Parses bytes (taking ownership). Returns NULL and sets *err on bad input. */
GdnDoc *gdn_doc_parse(const char *file, const char *uri, char *bytes, gsize len,
                      GdnInputError **err);
/* Parses any XML with guardian's safety rules (no DTD, no entities, no
 * network, no NUL bytes). Returns NULL and sets *err on bad input. */
xmlDocPtr gdn_xml_parse_safe(const char *name, const char *bytes, gsize len, GdnInputError **err);
/* The checks gdn_xml_parse_safe makes before parsing (size, NUL bytes,
 * DOCTYPE, crowded tags): FALSE and *err on bad input. */
gboolean gdn_xml_precheck(const char *name, const char *bytes, gsize len, GdnInputError **err);
/* Would gdn_doc_parse accept bytes as a domain (well-formed, safe, root
 * <domain> without a namespace)? Checked without building a tree
 * (domain_text.c); *err says why not. */
gboolean gdn_domain_text_ok(const char *name, const char *bytes, gsize len, GdnInputError **err);
/* Reads a whole file (or stdin for "-") within the input size limit. */
gboolean gdn_read_input(const char *path, char **bytes, gsize *len, GdnInputError **err);
/* gdn_read_input for config-side text files: also refuses NUL bytes and
 * invalid UTF-8 (path:line). */
gboolean gdn_read_text(const char *path, char **bytes, gsize *len, GdnInputError **err);
/* Reads and parses a file, or stdin when path is "-". */
GdnDoc *gdn_doc_load(const char *path, GdnInputError **err);
void gdn_doc_free(GdnDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnDoc, gdn_doc_free)

/* The name to print for this document: file, or URI/DOMAIN. */
char *gdn_doc_display_name(const GdnDoc *doc);
const GdnSpan *gdn_doc_span(const GdnDoc *doc, xmlNodePtr node);
void gdn_doc_node_pos(const GdnDoc *doc, xmlNodePtr node, guint *line, guint *col);

GdnInputError *gdn_input_error_new(const char *file, guint line, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
void gdn_input_error_free(GdnInputError *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnInputError, gdn_input_error_free)

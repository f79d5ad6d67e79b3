/* Byte spans of every element in a well-formed document, in document order.
 * The fixer edits original bytes through these; reporters take line:column
 * from them. */
#pragma once
#include <glib.h>

typedef struct {
    gsize start;     /* offset of '<' of the start tag */
    gsize start_end; /* offset just past the start tag's '>' */
    gsize end;       /* offset just past the end tag (== start_end when empty) */
    gboolean empty;  /* written as <x/> */
} GdnSpan;

/* Scans bytes[0..len) and returns the element spans in document order, or
 * NULL if the text does not scan as markup (the parser reports why). */
GArray *gdn_spans_scan(const char *bytes, gsize len);

/* Offsets of the first byte of every line. */
GArray *gdn_line_starts(const char *bytes, gsize len);

/* Lines longer than this get UTF-8 marks (see below). */
#define GDN_LONG_LINE 1024

/* Length in bytes of the longest line. */
gsize gdn_longest_line(const GArray *line_starts, gsize len);
/* Continuation bytes (10xxxxxx) before each 64-byte block: with them a
 * column costs a look-up, not a scan from the start of its line (one-line
 * XML with thousands of elements would be quadratic). */
GArray *gdn_utf8_marks(const char *bytes, gsize len);

/* 1-based line and column (in code points) of offset; marks may be NULL. */
void gdn_offset_to_line_col(const char *bytes, const GArray *line_starts, const GArray *marks,
                            gsize offset, guint *line, guint *col);

/* Offset of the first start tag with more than max attributes, or -1; in
 * time linear in len (libxml2 checks duplicate attributes in quadratic
 * time, so such tags are refused before parsing). */
gssize gdn_crowded_tag(const char *bytes, gsize len, guint max);

/* Offset of the first "<!DOCTYPE" in the prolog, or -1. */
gssize gdn_prolog_doctype(const char *bytes, gsize len);

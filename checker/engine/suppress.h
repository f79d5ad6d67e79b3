/* Suppressions that live in the document or the config: a <metadata>
 * element in guardian's namespace (survives virsh define/dumpxml), an XML
 * comment "guardian-ignore: ID[,ID] reason" right before an element, and the
 * config's per-path ignores. Suppressed findings are marked, not dropped. */
#pragma once
#include "source/config.h"
#include "core/document.h"
#include "engine/finding.h"

#define GDN_XMLNS "https://guardian-virt.dev/xmlns/guardian/1"

/* One suppression written in a document, well-formed or not. */
typedef struct {
    xmlNodePtr node;  /* the <guardian:ignore> (or misspelt) element, or the comment */
    xmlNodePtr scope; /* the element a comment covers; NULL: the whole domain */
    char **tokens;    /* the known rule IDs, names, modules or tags it names */
    char *reason;     /* may be NULL */
    char *problem;    /* what is wrong with it as written (SUP001), or NULL */
    gboolean inert;   /* the problem makes it suppress nothing (wrong namespace, syntax) */
} GdnSuppression;

void gdn_suppression_free(GdnSuppression *s);
/* Every suppression in doc (GdnSuppression*), in document order. */
GPtrArray *gdn_suppressions_find(const GdnDoc *doc);
/* TRUE when token t of s covers finding f (f->node must still be valid). */
gboolean gdn_suppression_covers(const GdnSuppression *s, const char *token, const GdnFinding *f);

/* Marks findings[first..] suppressed by the document's metadata or comments. */
void gdn_suppress_in_doc(const GdnDoc *doc, GPtrArray *findings, guint first);
/* Marks findings[first..] of file suppressed by config per-path ignores. */
void gdn_suppress_paths(const GdnConfig *config, const char *file, GPtrArray *findings,
                        guint first);

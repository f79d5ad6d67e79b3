/* The fixer: findings -> XSLT stylesheets (fixes/ID.xsl) -> result tree ->
 * minimal text edits of the original bytes -> unified diff / in-place write.
 *
 * Pipeline per document (run.c):
 *   1. every active finding whose fix is allowed (safe, or unsafe with
 *      --unsafe-fixes) and that has a stylesheet is a fix;
 *   2. the fixes of a round are chained on one annotated tree (round.c):
 *      each pass (pass.c) transforms only the nodes its stylesheet's
 *      templates match, for one finding or a batch of one rule's findings;
 *      a fix that changes what an earlier fix of the same round changed is
 *      a conflict: reported, not applied, retried next round;
 *   3. the final result tree is compared with the original tree, whose
 *      elements carry byte spans, and the difference becomes edits of the
 *      original bytes (tree.c); untouched bytes stay byte-identical;
 *   4. the edited text must re-parse as a domain, or the round is dropped and
 *      reported; it is then re-checked and the loop repeats (bounded) until
 *      no fixable finding remains;
 *   5. the edits of all rounds are composed into edits of the original bytes
 *      (edits.c), which give the unified diff (diff.c), the
 *      in-place write (core/safe_write.c) and SARIF replacements.
 *
 * Stylesheets see an identity-tracking attribute {urn:x-guardian:fixer}id on
 * every original element (see docs/fixes.md); it never reaches any output. */
#pragma once
#include "core/document.h"
#include "engine/engine.h"
#include "source/inputs.h"
#include "engine/run.h"
#include <libxml/tree.h>

/* The fixer's errors (its own domain: guardian does not load GIO). */
#define GDN_FIX_ERROR g_quark_from_static_string("gdn-fix-error")
enum { GDN_FIX_ERROR_FAILED, GDN_FIX_ERROR_INVALID };

/* One edit of the original bytes: replace [offset, offset+length) by
 * replacement. Offsets and lengths count bytes of the file as read (SARIF:
 * deletedRegion.byteOffset/byteLength, insertedContent.text). Edits of one
 * file are sorted and never overlap; an insertion has length 0. The edits
 * of a file are the composition of every applied fix (GdnFileFix.applied
 * lists which), not one list per finding. */
typedef struct {
    gsize offset;
    gsize length;
    char *replacement;
} GdnEdit;

/* A fix that was applied, or offered: the rule and the finding's xpath it
 * answered. */
typedef struct {
    char *rule;
    char *xpath;
    guint round;      /* 1-based fixing round (offered: 1) */
    GPtrArray *edits; /* offered: GdnEdit*, this fix alone applied to the
                       * original file; applied: NULL */
} GdnAppliedFix;

/* The fixes of one input (kept in GdnReport.fixes, in input order). */
typedef struct GdnFileFix {
    char *name;          /* display name: file, or URI/DOMAIN */
    char *path;          /* file to write, NULL for stdin and libvirt sources */
    char *diff_name;     /* path in diff headers: relative path, or DOMAIN.xml */
    GPtrArray *edits;    /* GdnEdit*, in original byte offsets, sorted */
    GPtrArray *applied;  /* GdnAppliedFix*, in order of application */
    GPtrArray *offered;  /* GdnAppliedFix*: each fixable finding's fix alone on
                          * the original, when it changes it and the text
                          * parses (SARIF: GdnFixerConfig.fix_edits without
                          * write), in finding order */
    GPtrArray *problems; /* char*: conflicts, dropped results, failed stylesheets */
    char *diff;          /* unified diff text (with --diff), or NULL */
    guint rounds;        /* fixing rounds run */
    guint remaining;     /* fixable findings left after fixing */
    gboolean written;    /* --fix wrote the file */
} GdnFileFix;

void gdn_edit_free(GdnEdit *e);
void gdn_applied_fix_free(GdnAppliedFix *a);
void gdn_file_fix_free(GdnFileFix *ff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnFileFix, gdn_file_fix_free)

typedef struct {
    const GdnEngine *engine; /* re-checks each round */
    const char *fixes_dir;   /* NULL: the embedded stylesheets */
    gboolean unsafe;         /* include unsafe fixes */
    gboolean write;          /* --fix: write files in place */
    gboolean diff;           /* --diff: render GdnFileFix.diff */
    const char *emit_xslt;   /* --emit-xslt DIR, or NULL */
    guint max_rounds;        /* 0: default (5) */
    gboolean fix_edits;      /* fill GdnFileFix.offered (SARIF; not with write) */
} GdnFixerConfig;

typedef struct GdnFixer GdnFixer;

GdnFixer *gdn_fixer_new(const GdnFixerConfig *cfg);
void gdn_fixer_free(GdnFixer *fx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnFixer, gdn_fixer_free)

/* GdnDocHook: fixes one checked document in the worker; stores a
 * GdnFileFix in res->fix when there was anything to fix, and with --fix
 * replaces res->findings by what remains in the written file. */
void gdn_fixer_hook(const GdnDoc *doc, const GdnInput *in, GdnInputResult *res, gpointer fixer);

/* Fixes one document: the core of the hook, usable from tests. findings are
 * doc's findings (from the engine); engine (the input's own profile)
 * re-checks the fixed text. Returns NULL when nothing was fixable.
 * *fixed receives the fixed text (when non-NULL and there are edits) and
 * *remaining (when non-NULL) the findings of the fixed text. */
GdnFileFix *gdn_fixer_fix_doc_with(GdnFixer *fx, const GdnEngine *engine, const GdnDoc *doc,
                                   const GPtrArray *findings, char **fixed, GPtrArray **remaining);

/* ---- stylesheets (xslt.c) ---- */

/* The stylesheet of a rule's fix (cached, compiled once per thread: a
 * compiled stylesheet must not be shared, see xslt.c), or NULL when the
 * rule has none. Thread-safe. */
struct _xsltStylesheet *gdn_fixer_stylesheet(GdnFixer *fx, const char *rule_id, GError **error);
/* The stylesheet's source text (for --emit-xslt), or NULL. */
char *gdn_fixer_stylesheet_text(GdnFixer *fx, const char *rule_id);
/* Builds one XSLT 1.0 stylesheet that applies the given fixes in order
 * (each fix's templates in its own mode, chained through exsl:node-set) so a
 * reviewer can run it with xsltproc on the original file. texts[i] is the
 * source of fix i, targets[i] its xpath, params[i] its parameters and
 * tparams[i] (tparams may be NULL) its target parameters (gdn:param). */
char *gdn_fixer_combine(GPtrArray *texts, GPtrArray *rules, GPtrArray *targets, GPtrArray *params,
                        GPtrArray *tparams, GError **error);

/* ---- trees -> edits (tree.c) ---- */

#define GDN_FIXER_NS "urn:x-guardian:fixer"

/* A copy of doc->xml whose elements carry {GDN_FIXER_NS}id = their index in
 * doc->spans. */
xmlDocPtr gdn_fixer_annotate(const GdnDoc *doc);
/* Edits (GdnEdit*) that turn doc->bytes into the text of result, an
 * annotated tree derived from gdn_fixer_annotate(doc). */
GPtrArray *gdn_fixer_tree_edits(const GdnDoc *doc, xmlDocPtr result, GError **error);
/* ---- edits (edits.c) ---- */

GdnEdit *gdn_edit_new(gsize offset, gsize length, const char *replacement);
/* Sorts edits (stable: insertions at one offset keep their order); FALSE if
 * two overlap. */
gboolean gdn_edits_sort(GPtrArray *edits);
/* Applies sorted edits to bytes; returns the new text (NUL-terminated). */
char *gdn_edits_apply(const char *bytes, gsize len, const GPtrArray *edits, gsize *out_len);

/* Composes successive rounds of edits into edits of the original text. */
typedef struct GdnEditComposer GdnEditComposer;
GdnEditComposer *gdn_edit_composer_new(gsize original_len);
/* Adds one round: sorted edits in the coordinates of the current text. */
void gdn_edit_composer_add(GdnEditComposer *c, const GPtrArray *edits, const char *current);
/* The composed edits (GdnEdit*) of the original text. */
GPtrArray *gdn_edit_composer_finish(GdnEditComposer *c, const char *original);
void gdn_edit_composer_free(GdnEditComposer *c);

/* ---- output (diff.c, write.c; files are written by core/safe_write.c) ---- */

/* Unified diff (--- a/NAME, +++ b/NAME, 3 lines of context) of applying
 * sorted edits to bytes; "" when edits is empty. */
char *gdn_unified_diff(const char *name, const char *bytes, gsize len, const GPtrArray *edits);
/* The name for diff headers: path relative to the current directory when
 * possible (for git apply / patch -p1), DOMAIN.xml for libvirt sources. */
char *gdn_fixer_diff_name(const GdnInput *in, const GdnDoc *doc);

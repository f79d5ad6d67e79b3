/* Fixer internals shared by the files of checker/fix/. */
#pragma once
#include "fix/fixer.h"
#include <libxslt/xsltInternals.h>

struct GdnFixer {
    GdnFixerConfig cfg;
    char *fixes_dir;
    GMutex lock;        /* guards styles */
    GHashTable *styles; /* GThread* -> its own rule id -> FixStyle* (xslt.c);
                         * compiled once per thread, never freed early */
};

/* A compiled fix stylesheet and what the pass needs to know about it. */
typedef struct {
    xsltStylesheetPtr style; /* NULL: no stylesheet or it failed to compile */
    char *text;
    char *error;
    /* The identity template and the templates that copy their node whole
     * (xsl:copy-of select="."): a pass skips what only they match. NULL
     * identity: the stylesheet runs over the whole document. */
    xsltTemplatePtr identity;
    GPtrArray *copies;    /* xsltTemplatePtr */
    gboolean attrs_plain; /* only the identity template matches attributes */
    /* Which nodes another template may match (a superset, from the match
     * patterns): elements by name and parent name (NULL: any), owners of
     * attributes, and whether text or comments can be matched at all. */
    GArray *elems, *owners; /* FixName */
    gboolean texts_plain;
} FixStyle;

typedef struct {
    char *name, *parent; /* local names; NULL: any */
} FixName;

/* Could a template other than the identity match n (an element), or one
 * of n's attributes? */
gboolean gdn_fix_style_may_match(const FixStyle *fs, xmlNodePtr n);
gboolean gdn_fix_style_may_match_attrs(const FixStyle *fs, xmlNodePtr n);

/* Inlines sdoc's <xsl:include href="lib/NAME.xsl"/> from the embedded
 * stylesheets (include.c): the number inlined, or -1 and *why when sdoc
 * includes or imports anything else. */
int gdn_fix_style_inline(xmlDocPtr sdoc, char **why);
/* Reads the stylesheet's shape (shape.c), compiles sdoc (which the result
 * then owns) into fs->style and fills fs's pass fields. */
xsltStylesheetPtr gdn_fix_style_compile(FixStyle *fs, xmlDocPtr sdoc);
/* The FixStyle a compiled stylesheet belongs to (style->_private). */
const FixStyle *gdn_fix_style_of(xsltStylesheetPtr style);

/* ---- one pass of a stylesheet (pass.c) ---- */

/* A stylesheet applied to an annotated tree for a set of targets; the tree
 * changes only on commit. */
typedef struct GdnFixPass GdnFixPass;

/* targets: tracking ids (as GINT_TO_POINTER(id + 1)) of the target elements
 * and their ancestors, for gdn:target(); target_xpath is $target (legacy);
 * params (char* -> char*) may be NULL. */
GdnFixPass *gdn_fix_pass_run(const FixStyle *fs, xmlDocPtr tree, GHashTable *targets,
                             const char *target_xpath, GHashTable *params, GError **error);
/* Number of changes; keys (when non-NULL) gets one key per changed
 * attribute, text or removed element ("ID@name", "ID#text", "ID#removed");
 * insertions only count. */
guint gdn_fix_pass_changes(GdnFixPass *p, GHashTable *keys);
/* Is every changed unit (but those in skip: ids + 1, may be NULL) replaced
 * by one element with its tracking id? */
gboolean gdn_fix_pass_in_place(GdnFixPass *p, GHashTable *skip);
/* The tracking ids of the elements the pass replaces (-1: a new element). */
GArray *gdn_fix_pass_changed_units(GdnFixPass *p);
/* The changed units' results as text, by tracking id + 1 (after
 * gdn_fix_pass_changes). */
GHashTable *gdn_fix_pass_results(GdnFixPass *p);
/* Did p change its unit id into exactly what results holds for it? */
gboolean gdn_fix_pass_unit_matches(GdnFixPass *p, gint id, GHashTable *results);
/* Are the changed units of p no member owns (orphans: tracking ids) what
 * fs changes, and all it changes, with no target on tree (shared.c)? */
gboolean gdn_fix_shared_holds(const FixStyle *fs, xmlDocPtr tree, GHashTable *params, GdnFixPass *p,
                              GArray *orphans);
/* Puts the pass's result into its tree. The replaced nodes stay alive
 * with the tree: free it with gdn_fixer_tree_free. */
void gdn_fix_pass_commit(GdnFixPass *p);

/* Taking back commits (undo.c): SARIF's per-fix edits run each fix alone
 * on one annotated tree of the original, put back after each fix. */
typedef struct GdnFixUndo GdnFixUndo;
GdnFixUndo *gdn_fix_undo_new(void);
/* Called by the commit: before unit old is replaced, before the original
 * element orig is moved into a result. */
void gdn_fix_undo_unit(GdnFixUndo *u, xmlNodePtr old);
void gdn_fix_undo_move(GdnFixUndo *u, xmlNodePtr orig);
/* Commits p, recording into undo. */
void gdn_fix_pass_commit_undoable(GdnFixPass *p, GdnFixUndo *undo);
/* Puts tree back as it was before the recorded commits (the pass that
 * made them may be freed before) and frees u. */
void gdn_fix_undo_apply(GdnFixUndo *u, xmlDocPtr tree);

/* What passes did to a tree (its _private): the edits compare only the
 * replaced elements and the elements that hold them. */
typedef struct {
    GPtrArray *gone;      /* replaced nodes, freed with the tree */
    GHashTable *replaced; /* ids (+1) of replaced elements */
    GHashTable *holders;  /* ids (+1) of the elements holding them */
    GHashTable *kept;     /* ids (+1) of original elements put back whole */
} GdnTreeLog;

void gdn_fixer_tree_free(xmlDocPtr tree);
void gdn_fix_pass_free(GdnFixPass *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnFixPass, gdn_fix_pass_free)

/* The target set of gdn_fix_pass_run for the nodes xpath selects in tree,
 * with the finding's target parameters (may be NULL). */
GHashTable *gdn_fixer_targets_of_xpath(xmlDocPtr tree, const char *xpath, GHashTable *tparams);
/* The same with an XPath context of the tree, for many xpaths. */
GHashTable *gdn_fixer_targets_of_xpath_in(struct _xmlXPathContext *xc, const char *xpath,
                                          GHashTable *tparams);
/* Adds n and its ancestors to targets (id + 1 -> tparams, the finding's
 * target parameters, for gdn:param(); an element already in keeps the
 * first): n is an element of doc (ids are span indexes) or, when doc is
 * NULL, of an annotated tree. */
void gdn_fixer_add_target(GHashTable *targets, const GdnDoc *doc, xmlNodePtr n,
                          GHashTable *tparams);

/* Registers gdn:target(), gdn:param() and gdn:units() (once per process). */
void gdn_fix_pass_register(void);
/* Sets the forbid-all security prefs and error collection on ctxt. */
void gdn_fixer_secure_ctxt(xsltTransformContextPtr ctxt, GString *msgs);

/* The member (added with gdn_owners_add) whose targets an element lies in
 * or holds, -1 when not exactly one (owners.c). */
typedef struct GdnOwners GdnOwners;
GdnOwners *gdn_owners_new(void);
void gdn_owners_add(GdnOwners *o, xmlNodePtr target, gint member);
gint gdn_owners_of(const GdnOwners *o, xmlNodePtr n);
/* Whether n lies in or holds any target added. */
gboolean gdn_owners_related(const GdnOwners *o, xmlNodePtr n);
void gdn_owners_free(GdnOwners *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnOwners, gdn_owners_free)

/* ---- annotated trees (tree.c, changes.c) ---- */

/* gdn_fixer_tree_edits for many results of one document: its elements
 * and style are read once. */
typedef struct GdnTreeDiffer GdnTreeDiffer;
GdnTreeDiffer *gdn_fixer_differ_new(const GdnDoc *doc);
GPtrArray *gdn_fixer_differ_edits(GdnTreeDiffer *t, xmlDocPtr result, GError **error);
void gdn_fixer_differ_free(GdnTreeDiffer *t);

gint gdn_fixer_node_id(xmlNodePtr n);
gboolean gdn_fixer_is_tracking_attr(const xmlAttr *a);
xmlAttrPtr gdn_fixer_find_attr(xmlNodePtr n, xmlAttrPtr like);
gboolean gdn_fixer_same_text(xmlNodePtr x, xmlNodePtr y);
gboolean gdn_fixer_has_element_child(xmlNodePtr n);
/* The elements of the subtree at old by tracking id (GINT_TO_POINTER(id + 1)). */
GHashTable *gdn_fixer_subtree_index(xmlNodePtr old);
/* Changes from the subtree indexed by before to its replacement nodes outs
 * (a list of siblings) under a parent whose id is parent_id. */
guint gdn_fixer_subtree_changes(GHashTable *before, xmlNodePtr outs, gint parent_id,
                                GHashTable *keys);
/* <gdn:keep ref="ID"/>: the original element ID, kept whole (shape.c). */
gboolean gdn_fixer_is_keep(xmlNodePtr n);
gint gdn_fixer_keep_ref(xmlNodePtr n);

/* ---- problems and --emit-xslt (run.c, emit.c) ---- */

/* Adds a problem to ff (once). */
void gdn_file_fix_problem(GdnFileFix *ff, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

typedef struct {
    GPtrArray *texts, *rules, *targets, *params, *tparams; /* NULL: not emitting */
} GdnEmit;

void gdn_emit_init(GdnEmit *e, gboolean on);
void gdn_emit_clear(GdnEmit *e);
void gdn_emit_truncate(GdnEmit *e, guint n);
void gdn_emit_add(GdnFixer *fx, GdnEmit *e, const GdnFinding *f);
void gdn_emit_write(GdnFixer *fx, GdnFileFix *ff, GdnEmit *e);

/* ---- the fixing loop (run.c, round.c) ---- */

/* The state of fixing one document, across rounds. */
typedef struct {
    GdnFixer *fx;
    const GdnEngine *engine; /* re-checks each round */
    const GdnDoc *doc0;      /* the input */
    GdnFileFix *ff;
    GHashTable *excluded;  /* fix keys no longer tried */
    GHashTable *noop;      /* fix keys whose fix changed nothing */
    GHashTable *conflicts; /* fix key -> message, while it never applied */
    GdnEmit emit;
    GdnEditComposer *composer;
    const GdnDoc *doc; /* the current text: doc0, or owned_doc */
    GdnDoc *owned_doc;
    xmlDocPtr pristine;        /* doc0 annotated, for the fixes alone (SARIF) */
    GPtrArray *pristine_elems; /* its elements, index = tracking id */
    GHashTable *alone;         /* fix key -> its edits alone, from a shared pass */
    GdnTreeDiffer *differ;     /* doc0's, for the fixes alone */
    struct _xmlXPathContext *pristine_xc;
    GHashTable *pristine_paths; /* element path -> its element, NULL with namespaces */
    const GPtrArray *findings;  /* doc's findings */
    GPtrArray *owned_findings;
    gboolean one_at_a_time; /* a combined round failed: one fix per round */
    gboolean changed;
} GdnFixRun;

/* One round: the fixes of doc, applied to one annotated tree. */
typedef struct {
    guint number;
    xmlDocPtr tree;
    GPtrArray *elems;      /* doc's elements, index = tracking id */
    GHashTable *touched;   /* change key -> rule that made it */
    GPtrArray *set_aside;  /* keys excluded this round (no change, failure) */
    GPtrArray *applied;    /* const GdnFinding* applied this round */
    guint applied_before;  /* ff->applied->len before the round */
    guint problems_before; /* ff->problems->len before the round */
} GdnRound;

char *gdn_fix_key(const GdnFinding *f);
/* Rule and parameters: the findings that may share one pass. */
char *gdn_fix_batch_key(const GdnFinding *f);

/* ---- each fix alone on the original, for SARIF (alone.c) ---- */

/* The edits of f's fix alone on the original document (empty if none). */
GPtrArray *gdn_fix_own_edits(GdnFixRun *r, const GdnFinding *f);
/* Before a round on the original: the findings of one rule with equal
 * parameters and distinct nodes get their edits alone from one pass. */
void gdn_alone_prepare(GdnFixRun *r, const GPtrArray *fixes);
void gdn_alone_clear(GdnFixRun *r);
/* SARIF's fixes (offer.c): each of fixes alone on the original, kept in
 * ff->offered when it changes it and the result parses; FALSE when there
 * is none. */
gboolean gdn_fix_offer(GdnFixRun *r, const GPtrArray *fixes);
/* Does doc with edits applied parse as a domain? *why (allocated) if not. */
gboolean gdn_fix_edits_parse(const GdnDoc *doc, const GPtrArray *edits, char **why);
/* Applies fixes (allowed, with a stylesheet) to round->tree: per rule, one
 * pass for all its findings when that is provably the same as one pass
 * per finding in order, else one pass per finding. */
void gdn_round_apply(GdnFixRun *r, GdnRound *round, const GPtrArray *fixes);

/* Appends n, its following siblings and their descendants (elements only),
 * in document order: the order node ids are given in. */
void gdn_fixer_collect_elems(xmlNodePtr n, GPtrArray *out);

/* Each fix alone on the original document: SARIF's per-fix edits.
 *
 * One annotated tree of the original serves every fix: a fix's pass is
 * committed, its edits read, and the commit taken back (undo.c). The
 * findings of one rule with equal parameters and distinct nodes share one
 * pass, as in a round (round.c), when that is provably the same as one
 * pass each: every element it changed lies in (or holds) exactly one
 * finding's node and is changed in place (one element with its id), so
 * the edits of each finding's elements are its edits alone; or it is a
 * shared change (shared.c), whose edits are every finding's. */
#include "fix/fixer_priv.h"
#include "core/xmlq.h"
#include <libxml/xpath.h>
#include <string.h>

/* Each element's path (gdn_node_path) to the element, in one walk: a
 * finding's path is then found without an XPath search of its siblings.
 * Without namespaced elements a path selects exactly its element, so the
 * lookup is the XPath's answer; with them, NULL (XPath is asked). */
static GHashTable *element_paths(GPtrArray *elems)
{
    for (guint i = 0; i < elems->len; i++)
        if (((xmlNodePtr)g_ptr_array_index(elems, i))->ns)
            return NULL;
    g_autoptr(GHashTable) cache = gdn_path_cache_new();
    GHashTable *paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < elems->len; i++) {
        xmlNodePtr n = g_ptr_array_index(elems, i);
        g_hash_table_insert(paths, gdn_node_path_cached(n, cache), n);
    }
    return paths;
}

static xmlDocPtr pristine(GdnFixRun *r)
{
    if (!r->pristine) {
        r->pristine = gdn_fixer_annotate(r->doc0);
        r->pristine_elems = g_ptr_array_new();
        r->differ = gdn_fixer_differ_new(r->doc0);
        r->pristine_xc = r->pristine ? xmlXPathNewContext(r->pristine) : NULL;
        if (r->pristine) {
            gdn_fixer_collect_elems(xmlDocGetRootElement(r->pristine), r->pristine_elems);
            r->pristine_paths = element_paths(r->pristine_elems);
        }
    }
    return r->pristine;
}

static const FixStyle *style_of(GdnFixRun *r, const GdnFinding *f)
{
    return gdn_fix_style_of(gdn_fixer_stylesheet(r->fx, gdn_finding_rule_id(f), NULL));
}

/* f alone: one pass on the original's tree, taken back. */
static GPtrArray *edits_alone(GdnFixRun *r, const GdnFinding *f)
{
    xmlDocPtr tree = pristine(r);
    if (!tree)
        return NULL;
    g_autoptr(GHashTable) targets =
        gdn_fixer_targets_of_xpath_in(r->pristine_xc, f->xpath, f->target_params);
    g_autoptr(GdnFixPass) p =
        gdn_fix_pass_run(style_of(r, f), tree, targets, f->xpath, f->params, NULL);
    if (!p)
        return NULL;
    gdn_fix_pass_changes(p, NULL);
    GdnFixUndo *undo = gdn_fix_undo_new();
    gdn_fix_pass_commit_undoable(p, undo);
    GPtrArray *edits = gdn_fixer_differ_edits(r->differ, tree, NULL);
    gdn_fix_undo_apply(undo, tree);
    return edits;
}

GPtrArray *gdn_fix_own_edits(GdnFixRun *r, const GdnFinding *f)
{
    g_autofree char *key = gdn_fix_key(f);
    gpointer stolen_key = NULL, shared = NULL;
    gboolean found = r->alone && g_hash_table_steal_extended(r->alone, key, &stolen_key, &shared);
    g_free(stolen_key);
    if (found && shared)
        return shared;
    GPtrArray *edits = edits_alone(r, f);
    return edits ? edits : g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
}

/* ---- one pass for the findings of one rule ---- */

/* The element nodes f's xpath selects in the original's tree. */
static GPtrArray *target_nodes(GdnFixRun *r, const char *xpath)
{
    GPtrArray *out = g_ptr_array_new();
    xmlNodePtr known =
        r->pristine_paths && xpath ? g_hash_table_lookup(r->pristine_paths, xpath) : NULL;
    if (known) {
        g_ptr_array_add(out, known);
        return out;
    }
    xmlXPathContextPtr xc = r->pristine_xc;
    xmlXPathObjectPtr o = xc && xpath ? xmlXPathEvalExpression(BAD_CAST xpath, xc) : NULL;
    if (o && o->type == XPATH_NODESET && o->nodesetval)
        for (int i = 0; i < o->nodesetval->nodeNr; i++) {
            xmlNodePtr n = o->nodesetval->nodeTab[i];
            g_ptr_array_add(out, n->type == XML_ATTRIBUTE_NODE ? n->parent : n);
        }
    xmlXPathFreeObject(o);
    return out;
}

/* The tree's log as if only the units of one member were replaced (made
 * before the commit, which unlinks them; kept is filled after it). */
static void log_units(GdnFixRun *r, GdnTreeLog *log, GArray *units)
{
    for (guint i = 0; i < units->len; i++) {
        gint id = g_array_index(units, gint, i);
        g_hash_table_add(log->replaced, GINT_TO_POINTER(id + 1));
        xmlNodePtr n = g_ptr_array_index(r->pristine_elems, id);
        for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
            g_hash_table_add(log->holders, GINT_TO_POINTER(gdn_fixer_node_id(a) + 1));
    }
}

/* (with the shared units, which every member's pass alone replaces too) */
static GdnTreeLog *member_log(GdnFixRun *r, GArray *units, GArray *shared)
{
    GdnTreeLog *log = g_new0(GdnTreeLog, 1);
    log->replaced = g_hash_table_new(g_direct_hash, g_direct_equal);
    log->holders = g_hash_table_new(g_direct_hash, g_direct_equal);
    log_units(r, log, units);
    log_units(r, log, shared);
    return log;
}

static void member_log_free(gpointer p)
{
    GdnTreeLog *log = p;
    g_hash_table_unref(log->replaced);
    g_hash_table_unref(log->holders);
    g_free(log);
}

/* Each member's elements (ids) and, last, the shared ones (shared.c), or
 * NULL when the pass does not split. */
static GPtrArray *split_units(GdnFixRun *r, GdnFixPass *p, GPtrArray *nodes, const GdnOwners *by,
                              const GdnFinding *first)
{
    g_autoptr(GPtrArray) per = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    for (guint m = 0; m <= nodes->len; m++)
        g_ptr_array_add(per, g_array_new(FALSE, FALSE, sizeof(gint)));
    GArray *shared = g_ptr_array_index(per, nodes->len);
    g_autoptr(GHashTable) skip = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GArray) units = gdn_fix_pass_changed_units(p);
    for (guint i = 0; i < units->len; i++) {
        gint id = g_array_index(units, gint, i);
        if (id < 0 || (guint)id >= r->pristine_elems->len)
            return NULL;
        gint m = gdn_owners_of(by, g_ptr_array_index(r->pristine_elems, id));
        g_array_append_val(m < 0 ? shared : g_ptr_array_index(per, m), id);
        if (m < 0)
            g_hash_table_add(skip, GINT_TO_POINTER(id + 1));
    }
    /* Shared units may grow new siblings: their edits are whatever the
     * diff finds outside the members' elements. */
    if (!gdn_fix_pass_in_place(p, skip) ||
        (shared->len &&
         !gdn_fix_shared_holds(style_of(r, first), r->pristine, first->params, p, shared)))
        return NULL;
    return g_steal_pointer(&per);
}

/* A member's stretch of the original bytes: the span of one element it
 * changed (ids are span indexes of the original). */
typedef struct {
    gsize start, end;
    guint member;
} Stretch;

static gint stretch_cmp(gconstpointer a, gconstpointer b)
{
    const Stretch *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The members' stretches, sorted and merged; NULL when two members'
 * overlap. */
static GArray *stretches(GdnFixRun *r, GPtrArray *per, guint members)
{
    g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(Stretch));
    for (guint m = 0; m < members; m++) {
        GArray *units = g_ptr_array_index(per, m);
        for (guint i = 0; i < units->len; i++) {
            const GdnSpan *sp =
                &g_array_index(r->doc0->spans, GdnSpan, g_array_index(units, gint, i));
            Stretch st = {sp->start, sp->end, m};
            g_array_append_val(all, st);
        }
    }
    g_array_sort(all, stretch_cmp);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(Stretch));
    for (guint i = 0; i < all->len; i++) {
        Stretch st = g_array_index(all, Stretch, i);
        Stretch *last = out->len ? &g_array_index(out, Stretch, out->len - 1) : NULL;
        if (last && st.start < last->end) {
            if (st.member != last->member) {
                g_array_unref(out);
                return NULL;
            }
            last->end = MAX(last->end, st.end);
        } else {
            g_array_append_val(out, st);
        }
    }
    return out;
}

/* The member whose stretch holds edit e, -1 when none does, -2 when two
 * may. */
static gint stretch_of(GArray *sts, const GdnEdit *e)
{
    guint lo = 0, hi = sts->len; /* first stretch starting after e */
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (g_array_index(sts, Stretch, mid).start <= e->offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    const Stretch *st = &g_array_index(sts, Stretch, lo - 1);
    if (e->offset + e->length > st->end)
        return e->offset >= st->end ? -1 : -2;
    /* An insertion where one stretch ends and the next starts is either's. */
    if (lo >= 2 && e->length == 0 && g_array_index(sts, Stretch, lo - 2).end == e->offset)
        return -2;
    return (gint)st->member;
}

/* Each member's edits out of one diff of the whole shared pass, or NULL.
 * Members' changed elements are disjoint and in place, so the diff under
 * the union of their logs makes each member's edits, inside its elements,
 * as its own log would; an edit outside them or a failed diff leaves each
 * member to be diffed under its own log. */
static GPtrArray *split_edits(GdnFixRun *r, xmlDocPtr tree, GPtrArray *logs, GPtrArray *per)
{
    GdnTreeLog *all = tree->_private;
    g_autoptr(GArray) sts = stretches(r, per, logs->len);
    gboolean shared = ((GArray *)g_ptr_array_index(per, logs->len))->len > 0;
    if (!all || !sts)
        return NULL;
    g_autoptr(GHashTable) replaced = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GHashTable) holders = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint m = 0; m < logs->len; m++) {
        GdnTreeLog *log = g_ptr_array_index(logs, m);
        GHashTableIter it;
        gpointer k;
        for (g_hash_table_iter_init(&it, log->replaced); g_hash_table_iter_next(&it, &k, NULL);)
            g_hash_table_add(replaced, k);
        for (g_hash_table_iter_init(&it, log->holders); g_hash_table_iter_next(&it, &k, NULL);)
            g_hash_table_add(holders, k);
    }
    GdnTreeLog joint = {.replaced = replaced, .holders = holders, .kept = all->kept};
    tree->_private = &joint;
    g_autoptr(GPtrArray) edits = gdn_fixer_differ_edits(r->differ, tree, NULL);
    tree->_private = all;
    if (!edits)
        return NULL;
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (guint m = 0; m < logs->len; m++)
        g_ptr_array_add(out, g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free));
    for (guint i = 0; i < edits->len; i++) {
        gint m = stretch_of(sts, g_ptr_array_index(edits, i));
        if (m == -2 || (m == -1 && !shared)) {
            g_ptr_array_unref(out);
            return NULL;
        }
    }
    g_ptr_array_set_free_func(edits, NULL);
    for (guint i = 0; i < edits->len; i++) {
        GdnEdit *e = g_ptr_array_index(edits, i);
        gint m = stretch_of(sts, e);
        if (m >= 0) {
            g_ptr_array_add(g_ptr_array_index(out, m), e);
            continue;
        }
        for (guint k = 0; k < logs->len; k++) /* shared: every member's */
            g_ptr_array_add(g_ptr_array_index(out, k),
                            gdn_edit_new(e->offset, e->length, e->replacement));
        gdn_edit_free(e);
    }
    for (guint k = 0; k < logs->len; k++)
        gdn_edits_sort(g_ptr_array_index(out, k));
    return out;
}

/* Stores each member's edits from the shared pass, or nothing when the
 * pass is not provably the same as one each. */
static void run_group(GdnFixRun *r, GPtrArray *members, GPtrArray *nodes, const GdnOwners *by)
{
    xmlDocPtr tree = r->pristine;
    const GdnFinding *first = g_ptr_array_index(members, 0);
    g_autoptr(GHashTable) targets = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint m = 0; m < nodes->len; m++) {
        GPtrArray *ts = g_ptr_array_index(nodes, m);
        GHashTable *tparams = ((const GdnFinding *)g_ptr_array_index(members, m))->target_params;
        for (guint k = 0; k < ts->len; k++)
            gdn_fixer_add_target(targets, NULL, g_ptr_array_index(ts, k), tparams);
    }
    g_autoptr(GdnFixPass) p =
        gdn_fix_pass_run(style_of(r, first), tree, targets, first->xpath, first->params, NULL);
    if (!p)
        return;
    gdn_fix_pass_changes(p, NULL);
    g_autoptr(GPtrArray) per = split_units(r, p, nodes, by, first);
    if (!per)
        return;
    g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func(member_log_free);
    for (guint m = 0; m < members->len; m++)
        g_ptr_array_add(
            logs, member_log(r, g_ptr_array_index(per, m), g_ptr_array_index(per, members->len)));
    GdnFixUndo *undo = gdn_fix_undo_new();
    gdn_fix_pass_commit_undoable(p, undo);
    GdnTreeLog *all = tree->_private;
    g_autoptr(GPtrArray) split = split_edits(r, tree, logs, per);
    for (guint m = 0; m < members->len; m++) {
        GdnTreeLog *log = g_ptr_array_index(logs, m);
        GPtrArray *edits = NULL;
        if (split && all)
            edits = g_ptr_array_ref(g_ptr_array_index(split, m));
        else if (g_hash_table_size(log->replaced) && all) {
            log->kept = all->kept;
            tree->_private = log;
            edits = gdn_fixer_differ_edits(r->differ, tree, NULL);
            tree->_private = all;
        }
        if (!edits)
            edits = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
        char *key = gdn_fix_key(g_ptr_array_index(members, m));
        /* A key twice (other parameters): neither is taken from here. */
        if (g_hash_table_contains(r->alone, key)) {
            g_ptr_array_unref(edits);
            edits = NULL;
        }
        g_hash_table_insert(r->alone, key, edits);
    }
    gdn_fix_undo_apply(undo, tree);
}

/* Members with distinct, disjoint targets (their target nodes in *nodes,
 * indexed in by), or FALSE. */
static gboolean group_nodes(GdnFixRun *r, GPtrArray *members, GPtrArray *nodes, GdnOwners *by)
{
    for (guint m = 0; m < members->len; m++) {
        const GdnFinding *f = g_ptr_array_index(members, m);
        GPtrArray *ts = target_nodes(r, f->xpath);
        g_ptr_array_add(nodes, ts);
        if (ts->len == 0)
            return FALSE;
        for (guint k = 0; k < ts->len; k++)
            if (gdn_owners_related(by, g_ptr_array_index(ts, k)))
                return FALSE;
        for (guint k = 0; k < ts->len; k++)
            gdn_owners_add(by, g_ptr_array_index(ts, k), (gint)m);
    }
    return TRUE;
}

static void edits_unref(gpointer p)
{
    if (p)
        g_ptr_array_unref(p);
}

/* The shared pass gets the first member's $target: only for stylesheets
 * that read gdn:target() alone. */
static gboolean reads_target_param(GdnFixRun *r, const GdnFinding *f)
{
    const FixStyle *fs = style_of(r, f);
    return !fs || !fs->text || strstr(fs->text, "$target") != NULL;
}

void gdn_alone_prepare(GdnFixRun *r, const GPtrArray *fixes)
{
    if (r->alone)
        g_hash_table_remove_all(r->alone);
    g_autoptr(GHashTable) groups =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    for (guint i = 0; i < fixes->len; i++) {
        const GdnFinding *f = g_ptr_array_index(fixes, i);
        char *key = gdn_fix_batch_key(f);
        GPtrArray *g = g_hash_table_lookup(groups, key);
        if (!g) {
            g = g_ptr_array_new();
            g_hash_table_insert(groups, key, g);
            g_ptr_array_add(order, g);
        } else {
            g_free(key);
        }
        g_ptr_array_add(g, (gpointer)f);
    }
    for (guint i = 0; i < order->len; i++) {
        GPtrArray *members = g_ptr_array_index(order, i);
        if (members->len < 2 || reads_target_param(r, g_ptr_array_index(members, 0)) ||
            !pristine(r))
            continue;
        if (!r->alone)
            r->alone = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, edits_unref);
        g_autoptr(GPtrArray) nodes =
            g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
        g_autoptr(GdnOwners) by = gdn_owners_new();
        if (group_nodes(r, members, nodes, by))
            run_group(r, members, nodes, by);
    }
}

void gdn_alone_clear(GdnFixRun *r)
{
    if (r->alone)
        g_hash_table_unref(r->alone);
    if (r->pristine_elems)
        g_ptr_array_unref(r->pristine_elems);
    if (r->pristine_paths)
        g_hash_table_unref(r->pristine_paths);
    gdn_fixer_differ_free(r->differ);
    xmlXPathFreeContext(r->pristine_xc);
    if (r->pristine)
        gdn_fixer_tree_free(r->pristine);
}

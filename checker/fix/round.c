/* One round's fixes applied to the round's annotated tree.
 *
 * The findings of one rule with the same parameters (target parameters
 * aside) and distinct targets form a batch: one pass with all their
 * targets (gdn:target(), gdn:param()). The batch stands when each element
 * it changed lies in (or holds) exactly one member's target or is a shared
 * change (shared.c), and none of its changes touches what an earlier fix
 * of the round changed: then it equals one pass per finding in order.
 * Else it waits for the next round, or its findings run one pass each, as
 * conflicts and failures are judged per finding. */
#include "fix/fixer_priv.h"
#include <libxml/xpath.h>

typedef struct {
    char *key;          /* rule + parameters */
    GPtrArray *members; /* const GdnFinding* */
    GArray *tids;       /* gint: each member's target id, -1 when unknown */
    guint order;        /* 1-based, in the order batches were opened */
} Batch;

static void batch_free(gpointer p)
{
    Batch *b = p;
    g_free(b->key);
    g_ptr_array_unref(b->members);
    g_array_unref(b->tids);
    g_free(b);
}

/* The tracking id of the finding's node in doc (span index), or -1. */
static gint target_id(const GdnDoc *doc, const GdnFinding *f)
{
    xmlNodePtr n = f->node;
    xmlXPathObjectPtr o = NULL;
    if (!n && f->xpath) {
        xmlXPathContextPtr xc = xmlXPathNewContext(doc->xml);
        o = xc ? xmlXPathEvalExpression(BAD_CAST f->xpath, xc) : NULL;
        if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0)
            n = o->nodesetval->nodeTab[0];
        xmlXPathFreeContext(xc);
    }
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->parent;
    gint id = n && n->_private
                  ? (gint)((const GdnSpan *)n->_private - (const GdnSpan *)doc->spans->data)
                  : -1;
    xmlXPathFreeObject(o);
    return id;
}

char *gdn_fix_batch_key(const GdnFinding *f)
{
    GString *k = g_string_new(gdn_finding_rule_id(f));
    if (f->params) {
        g_autoptr(GList) names = g_hash_table_get_keys(f->params);
        names = g_list_sort(names, (GCompareFunc)g_strcmp0);
        for (GList *l = names; l; l = l->next)
            g_string_append_printf(k, "\x1f%s=%s", (const char *)l->data,
                                   (const char *)g_hash_table_lookup(f->params, l->data));
    }
    return g_string_free(k, FALSE);
}

static gboolean has_tid(const Batch *b, gint tid)
{
    for (guint i = 0; i < b->tids->len; i++)
        if (g_array_index(b->tids, gint, i) == tid)
            return TRUE;
    return FALSE;
}

/* Where a finding acts: its target's ancestor-or-self at depth 2 at most
 * (a device, a feature, <clock>), or NULL when unknown. */
static xmlNodePtr scope_of(const GdnRound *rd, gint tid)
{
    if (tid < 0 || (guint)tid >= rd->elems->len)
        return NULL;
    xmlNodePtr n = g_ptr_array_index(rd->elems, tid);
    guint depth = 0;
    for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        depth++;
    for (; depth > 2; depth--)
        n = n->parent;
    return n;
}

/* Fixes are tried in report order (position, then rule) and batches run in
 * the order they were opened. A finding joins an open batch of its rule
 * only if no earlier finding acting on the same scope (or one holding or
 * held by it) sits in a later batch: fixes that meet keep their order. */
typedef struct {
    GHashTable *last_in; /* scope -> latest batch of a finding at or inside it */
    GHashTable *last_at; /* scope -> latest batch of a finding at it */
} Seen;

/* Did a finding of a batch opened after batch number order act on scope
 * (or a scope holding or held by it)? */
static gboolean met_later(const Seen *seen, xmlNodePtr scope, guint order)
{
    if (GPOINTER_TO_UINT(g_hash_table_lookup(seen->last_in, scope)) > order)
        return TRUE;
    for (xmlNodePtr a = scope->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (GPOINTER_TO_UINT(g_hash_table_lookup(seen->last_at, a)) > order)
            return TRUE;
    return FALSE;
}

static void raise_to(GHashTable *t, xmlNodePtr key, guint order)
{
    if (GPOINTER_TO_UINT(g_hash_table_lookup(t, key)) < order)
        g_hash_table_insert(t, key, GUINT_TO_POINTER(order));
}

static void record(Seen *seen, xmlNodePtr scope, guint order)
{
    raise_to(seen->last_at, scope, order);
    for (xmlNodePtr a = scope; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        raise_to(seen->last_in, a, order);
}

static Batch *open_batch(GPtrArray *batches, const Seen *seen, const GdnFinding *f,
                         xmlNodePtr scope, gint tid)
{
    g_autofree char *key = scope ? gdn_fix_batch_key(f) : NULL;
    for (guint i = 0; key && i < batches->len; i++) {
        Batch *b = g_ptr_array_index(batches, i);
        if (b->key && g_str_equal(b->key, key) && !has_tid(b, tid) &&
            !met_later(seen, scope, b->order))
            return b;
    }
    Batch *b = g_new0(Batch, 1);
    b->key = g_steal_pointer(&key);
    b->members = g_ptr_array_new();
    b->tids = g_array_new(FALSE, FALSE, sizeof(gint));
    g_ptr_array_add(batches, b);
    b->order = batches->len;
    return b;
}

/* Batches run in the order of their first finding. */
static GPtrArray *make_batches(const GdnFixRun *r, const GdnRound *rd, const GPtrArray *fixes)
{
    GPtrArray *batches = g_ptr_array_new_with_free_func(batch_free);
    Seen seen = {g_hash_table_new(g_direct_hash, g_direct_equal),
                 g_hash_table_new(g_direct_hash, g_direct_equal)};
    for (guint i = 0; i < fixes->len; i++) {
        const GdnFinding *f = g_ptr_array_index(fixes, i);
        gint tid = target_id(r->doc, f);
        xmlNodePtr scope = r->one_at_a_time ? NULL : scope_of(rd, tid);
        Batch *b = open_batch(batches, &seen, f, scope, tid);
        g_ptr_array_add(b->members, (gpointer)f);
        g_array_append_val(b->tids, tid);
        if (scope)
            record(&seen, scope, b->order);
    }
    g_hash_table_unref(seen.last_in);
    g_hash_table_unref(seen.last_at);
    return batches;
}

/* gdn:target()'s set: the targets' ids and their ancestors', with each
 * member's target parameters (members[i] has target tids[i]). */
static GHashTable *targets_of(const GdnFixRun *r, const GdnRound *rd, const gint *tids,
                              const GPtrArray *members)
{
    GHashTable *t = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < members->len; i++)
        if (tids[i] >= 0 && (guint)tids[i] < rd->elems->len)
            gdn_fixer_add_target(
                t, r->doc, g_ptr_array_index(rd->elems, tids[i]),
                ((const GdnFinding *)g_ptr_array_index(members, i))->target_params);
    return t;
}

static const FixStyle *style_of(GdnFixer *fx, const GdnFinding *f)
{
    return gdn_fix_style_of(gdn_fixer_stylesheet(fx, gdn_finding_rule_id(f), NULL));
}

static void set_aside(GdnFixRun *r, GdnRound *rd, const char *key)
{
    g_ptr_array_add(rd->set_aside, g_strdup(key));
    g_hash_table_add(r->excluded, g_strdup(key));
}

static void no_change(GdnFixRun *r, GdnRound *rd, const GdnFinding *f)
{
    g_autofree char *key = gdn_fix_key(f);
    g_hash_table_add(r->noop, g_strdup(key));
    set_aside(r, rd, key);
}

/* The rule of an earlier fix of the round that changed one of keys. */
static const char *clash_of(const GdnRound *rd, GHashTable *keys)
{
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, keys);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        const char *rule = g_hash_table_lookup(rd->touched, k);
        if (rule)
            return rule;
    }
    return NULL;
}

static void mark_applied(GdnFixRun *r, GdnRound *rd, const GdnFinding *f, GHashTable *keys)
{
    const char *rule = gdn_finding_rule_id(f);
    g_autofree char *key = gdn_fix_key(f);
    g_hash_table_remove(r->conflicts, key);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, keys);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_insert(rd->touched, g_strdup(k), g_strdup(rule));
    GdnAppliedFix *a = g_new0(GdnAppliedFix, 1);
    a->rule = g_strdup(rule);
    a->xpath = g_strdup(f->xpath);
    a->round = rd->number;
    g_ptr_array_add(r->ff->applied, a);
    g_ptr_array_add(rd->applied, (gpointer)f);
    gdn_emit_add(r->fx, &r->emit, f);
}

static GHashTable *new_keys(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

/* One finding, one pass; TRUE when applied. */
static gboolean apply_one(GdnFixRun *r, GdnRound *rd, const GdnFinding *f, gint tid)
{
    const char *rule = gdn_finding_rule_id(f);
    g_autofree char *key = gdn_fix_key(f);
    g_autoptr(GPtrArray) one = g_ptr_array_new();
    g_ptr_array_add(one, (gpointer)f);
    g_autoptr(GHashTable) targets = targets_of(r, rd, &tid, one);
    g_autoptr(GError) err = NULL;
    g_autoptr(GdnFixPass) p =
        gdn_fix_pass_run(style_of(r->fx, f), rd->tree, targets, f->xpath, f->params, &err);
    if (!p) {
        gdn_file_fix_problem(r->ff, "%s at %s: %s; not applied", rule, f->xpath, err->message);
        set_aside(r, rd, key);
        return FALSE;
    }
    g_autoptr(GHashTable) keys = new_keys();
    guint n = gdn_fix_pass_changes(p, keys);
    const char *clash = clash_of(rd, keys);
    if (clash) {
        g_hash_table_replace(r->conflicts, g_strdup(key),
                             g_strdup_printf("%s at %s conflicts with %s (same node); not applied",
                                             rule, f->xpath, clash));
        return FALSE;
    }
    if (n == 0) {
        no_change(r, rd, f);
        return FALSE;
    }
    gdn_fix_pass_commit(p);
    mark_applied(r, rd, f, keys);
    return TRUE;
}

static char *joined_xpaths(const Batch *b)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < b->members->len; i++) {
        const GdnFinding *f = g_ptr_array_index(b->members, i);
        g_string_append_printf(s, "%s%s", i ? " | " : "", f->xpath);
    }
    return g_string_free(s, FALSE);
}

/* Which members own the elements the pass changed; FALSE when one is new
 * this round, or has no single owner (a target it lies in or holds) and is
 * not a change the stylesheet makes without targets (shared.c). */
static gboolean owners(const GdnFixRun *r, const GdnRound *rd, const Batch *b, GdnFixPass *p,
                       gboolean *owns)
{
    g_autoptr(GdnOwners) by = gdn_owners_new();
    for (guint i = 0; i < b->tids->len; i++) {
        gint t = g_array_index(b->tids, gint, i);
        if (t >= 0 && (guint)t < rd->elems->len)
            gdn_owners_add(by, g_ptr_array_index(rd->elems, t), (gint)i);
    }
    g_autoptr(GArray) units = gdn_fix_pass_changed_units(p);
    g_autoptr(GArray) orphans = g_array_new(FALSE, FALSE, sizeof(gint));
    for (guint i = 0; i < units->len; i++) {
        gint u = g_array_index(units, gint, i);
        if (u < 0 || (guint)u >= rd->elems->len)
            return FALSE;
        gint o = gdn_owners_of(by, g_ptr_array_index(rd->elems, u));
        if (o < 0)
            g_array_append_val(orphans, u);
        else
            owns[o] = TRUE;
    }
    const GdnFinding *first = g_ptr_array_index(b->members, 0);
    return orphans->len == 0 ||
           gdn_fix_shared_holds(style_of(r->fx, first), rd->tree, first->params, p, orphans);
}

/* One pass for the whole batch; FALSE (nothing changed) when it does not
 * provably equal one pass per member. */
static gboolean apply_batch(GdnFixRun *r, GdnRound *rd, const Batch *b)
{
    const GdnFinding *first = g_ptr_array_index(b->members, 0);
    g_autoptr(GHashTable) targets = targets_of(r, rd, (const gint *)b->tids->data, b->members);
    g_autofree char *xpaths = joined_xpaths(b);
    g_autoptr(GdnFixPass) p =
        gdn_fix_pass_run(style_of(r->fx, first), rd->tree, targets, xpaths, first->params, NULL);
    if (!p)
        return FALSE;
    g_autoptr(GHashTable) keys = new_keys();
    guint n = gdn_fix_pass_changes(p, keys);
    g_autofree gboolean *owns = g_new0(gboolean, b->members->len);
    if (n > 0 && (clash_of(rd, keys) || !owners(r, rd, b, p, owns)))
        return FALSE;
    gboolean any = FALSE;
    for (guint i = 0; i < b->members->len; i++)
        any = any || owns[i];
    if (n > 0 && !any)
        return FALSE; /* shared changes alone: each member says for itself */
    gdn_fix_pass_commit(p);
    g_autoptr(GHashTable) none = new_keys();
    gboolean keys_given = FALSE;
    for (guint i = 0; i < b->members->len; i++) {
        const GdnFinding *f = g_ptr_array_index(b->members, i);
        if (!owns[i]) {
            no_change(r, rd, f);
            continue;
        }
        mark_applied(r, rd, f, keys_given ? none : keys);
        keys_given = TRUE;
    }
    return TRUE;
}

/* A batch that does not stand after other fixes of the round waits for
 * the next round, which re-checks their result (a finding they solved is
 * gone, one still there is fixed then or reported as remaining), instead
 * of running one pass per member: N passes over a domain of N disks would
 * be N^2. The last round runs them one by one. */
static gboolean defer_batch(const GdnFixRun *r, const GdnRound *rd)
{
    return rd->applied->len > 0 && rd->number < r->fx->cfg.max_rounds;
}

void gdn_round_apply(GdnFixRun *r, GdnRound *rd, const GPtrArray *fixes)
{
    g_autoptr(GPtrArray) batches = make_batches(r, rd, fixes);
    for (guint i = 0; i < batches->len; i++) {
        const Batch *b = g_ptr_array_index(batches, i);
        if (b->members->len > 1 && (apply_batch(r, rd, b) || defer_batch(r, rd)))
            continue;

        for (guint k = 0; k < b->members->len; k++)
            if (apply_one(r, rd, g_ptr_array_index(b->members, k),
                          g_array_index(b->tids, gint, k)) &&
                r->one_at_a_time)
                return;
    }
}

/* The fixing loop of one document and the worker hook. */
#include "fix/fixer_priv.h"
#include "core/safe_write.h"
#include <errno.h>
#include <libxslt/xsltInternals.h>
#include <string.h>

void gdn_applied_fix_free(GdnAppliedFix *a)
{
    if (!a)
        return;
    g_free(a->rule);
    g_free(a->xpath);
    g_free(a);
}

void gdn_file_fix_free(GdnFileFix *ff)
{
    if (!ff)
        return;
    g_free(ff->name);
    g_free(ff->path);
    g_free(ff->diff_name);
    if (ff->edits)
        g_ptr_array_unref(ff->edits);
    g_ptr_array_unref(ff->applied);
    g_ptr_array_unref(ff->problems);
    g_free(ff->diff);
    g_free(ff);
}

static gboolean safety_allowed(const GdnFixer *fx, const GdnFinding *f)
{
    if (f->suppressed || f->fix_safety == GDN_FIX_NONE)
        return FALSE;
    return f->fix_safety == GDN_FIX_SAFE || fx->cfg.unsafe;
}

static char *fix_key(const GdnFinding *f)
{
    return g_strdup_printf("%s %s", gdn_finding_rule_id(f), f->xpath);
}

static void problem(GdnFileFix *ff, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void problem(GdnFileFix *ff, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    for (guint i = 0; i < ff->problems->len; i++)
        if (g_str_equal(g_ptr_array_index(ff->problems, i), msg)) {
            g_free(msg);
            return;
        }
    g_ptr_array_add(ff->problems, msg);
}

/* The fixes to run this round: allowed, with a stylesheet, not excluded. */
static GPtrArray *round_fixes(GdnFixer *fx, GdnFileFix *ff, const GPtrArray *findings,
                              GHashTable *excluded)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < findings->len; i++) {
        GdnFinding *f = g_ptr_array_index(findings, i);
        if (!safety_allowed(fx, f))
            continue;
        g_autofree char *key = fix_key(f);
        if (g_hash_table_contains(excluded, key))
            continue;
        g_autoptr(GError) err = NULL;
        if (!gdn_fixer_stylesheet(fx, gdn_finding_rule_id(f), &err)) {
            if (err)
                problem(ff, "%s: %s", gdn_finding_rule_id(f), err->message);
            continue;
        }
        g_ptr_array_add(out, f);
    }
    return out;
}

typedef struct {
    GPtrArray *texts, *rules, *targets, *params; /* for --emit-xslt */
} Emit;

static void unref_params(gpointer p)
{
    if (p)
        g_hash_table_unref(p);
}

static void emit_clear(Emit *e)
{
    g_clear_pointer(&e->texts, g_ptr_array_unref);
    g_clear_pointer(&e->rules, g_ptr_array_unref);
    g_clear_pointer(&e->targets, g_ptr_array_unref);
    g_clear_pointer(&e->params, g_ptr_array_unref);
}

static void emit_truncate(Emit *e, guint n)
{
    if (!e->texts)
        return;
    g_ptr_array_set_size(e->texts, n);
    g_ptr_array_set_size(e->rules, n);
    g_ptr_array_set_size(e->targets, n);
    g_ptr_array_set_size(e->params, n);
}

static void emit_add(GdnFixer *fx, Emit *e, const GdnFinding *f)
{
    if (!e->texts)
        return;
    g_ptr_array_add(e->texts, gdn_fixer_stylesheet_text(fx, gdn_finding_rule_id(f)));
    g_ptr_array_add(e->rules, g_strdup(gdn_finding_rule_id(f)));
    g_ptr_array_add(e->targets, g_strdup(f->xpath));
    g_ptr_array_add(e->params, f->params ? g_hash_table_ref(f->params) : NULL);
}

static void emit_write(GdnFixer *fx, GdnFileFix *ff, Emit *e)
{
    if (!e->texts || e->texts->len == 0)
        return;
    g_autoptr(GError) err = NULL;
    g_autofree char *xsl = gdn_fixer_combine(e->texts, e->rules, e->targets, e->params, &err);
    if (!xsl) {
        problem(ff, "--emit-xslt: %s", err->message);
        return;
    }
    g_autofree char *base = g_strdup(ff->name);
    g_strdelimit(base, "/\\:<>", '_');
    while (base[0] == '_')
        memmove(base, base + 1, strlen(base));
    if (g_str_has_suffix(base, ".xml"))
        base[strlen(base) - 4] = '\0';
    g_autofree char *file = g_strdup_printf("%s.xsl", base);
    g_autofree char *path = g_build_filename(fx->cfg.emit_xslt, file, NULL);
    if (g_mkdir_with_parents(fx->cfg.emit_xslt, 0755) != 0 ||
        !g_file_set_contents(path, xsl, -1, &err))
        problem(ff, "--emit-xslt: cannot write %s: %s", path,
                err ? err->message : g_strerror(errno));
}

/* Nodes die with their document. */
static void forget_nodes(GPtrArray *findings)
{
    for (guint i = 0; findings && i < findings->len; i++)
        ((GdnFinding *)g_ptr_array_index(findings, i))->node = NULL;
}

/* Does fix f alone give text that parses? (Used to find the culprit when a
 * round's combined result does not.) */
static gboolean works_alone(GdnFixer *fx, const GdnDoc *doc, const GdnFinding *f, char **msg)
{
    g_autoptr(GError) err = NULL;
    xsltStylesheetPtr style = gdn_fixer_stylesheet(fx, gdn_finding_rule_id(f), NULL);
    xmlDocPtr tree = gdn_fixer_annotate(doc);
    if (!tree) {
        *msg = g_strdup("cannot prepare the document for fixing");
        return FALSE;
    }
    xmlDocPtr res = gdn_fixer_transform(style, tree, f->xpath, f->params, &err);
    xmlFreeDoc(tree);
    if (!res) {
        *msg = g_strdup(err->message);
        return FALSE;
    }
    g_autoptr(GPtrArray) edits = gdn_fixer_tree_edits(doc, res, &err);
    xmlFreeDoc(res);
    if (!edits) {
        *msg = g_strdup(err->message);
        return FALSE;
    }
    gsize len = 0;
    char *bytes = gdn_edits_apply(doc->bytes, doc->len, edits, &len);
    g_autoptr(GdnInputError) perr = NULL;
    g_autoptr(GdnDoc) next = gdn_doc_parse(doc->file, doc->uri, bytes, len, &perr);
    if (!next)
        *msg = g_strdup(perr->message);
    return next != NULL;
}

GdnFileFix *gdn_fixer_fix_doc(GdnFixer *fx, const GdnDoc *doc0, const GPtrArray *findings0,
                              char **fixed, GPtrArray **remaining)
{
    return gdn_fixer_fix_doc_with(fx, fx->cfg.engine, doc0, findings0, fixed, remaining);
}

GdnFileFix *gdn_fixer_fix_doc_with(GdnFixer *fx, const GdnEngine *engine, const GdnDoc *doc0,
                                   const GPtrArray *findings0, char **fixed, GPtrArray **remaining)
{
    g_autoptr(GdnFileFix) ff = g_new0(GdnFileFix, 1);
    ff->name = gdn_doc_display_name(doc0);
    ff->applied = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_applied_fix_free);
    ff->problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) excluded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) noop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* Conflicting fixes wait for the next round, which re-checks the result
     * of the fix they clashed with; only those that never apply are reported. */
    g_autoptr(GHashTable) conflicts =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    Emit emit = {0};
    if (fx->cfg.emit_xslt) {
        emit.texts = g_ptr_array_new_with_free_func(g_free);
        emit.rules = g_ptr_array_new_with_free_func(g_free);
        emit.targets = g_ptr_array_new_with_free_func(g_free);
        emit.params = g_ptr_array_new_with_free_func(unref_params);
    }
    GdnEditComposer *composer = gdn_edit_composer_new(doc0->len);
    const GdnDoc *doc = doc0;
    GdnDoc *owned_doc = NULL;
    const GPtrArray *findings = findings0;
    GPtrArray *owned_findings = NULL;
    gboolean any = FALSE, one_at_a_time = FALSE, changed = FALSE;

    for (guint round = 1; round <= fx->cfg.max_rounds; round++) {
        g_autoptr(GPtrArray) fixes = round_fixes(fx, ff, findings, excluded);
        if (fixes->len == 0)
            break;
        any = TRUE;
        ff->rounds = round;
        guint applied_before = ff->applied->len, problems_before = ff->problems->len;
        /* Fixes set aside this round (no change, conflict, failure): judged
         * against this round's chain, so forgotten if the round is dropped. */
        g_autoptr(GPtrArray) set_aside = g_ptr_array_new_with_free_func(g_free);
        xmlDocPtr tree = gdn_fixer_annotate(doc);
        if (!tree) {
            problem(ff, "cannot prepare the document for fixing");
            break;
        }
        g_autoptr(GHashTable) touched =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free); /* key -> rule */
        g_autoptr(GPtrArray) applied_keys = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) applied_findings = g_ptr_array_new();
        /* Tracking-id index of tree, kept while tree is (multi-fix rounds). */
        g_autoptr(GHashTable) tree_index = NULL;
        for (guint i = 0; i < fixes->len; i++) {
            const GdnFinding *f = g_ptr_array_index(fixes, i);
            const char *rule = gdn_finding_rule_id(f);
            char *key = fix_key(f);
            g_autoptr(GError) err = NULL;
            xsltStylesheetPtr style = gdn_fixer_stylesheet(fx, rule, NULL);
            xmlDocPtr res = gdn_fixer_transform(style, tree, f->xpath, f->params, &err);
            if (!res) {
                problem(ff, "%s at %s: %s; not applied", rule, f->xpath, err->message);
                g_ptr_array_add(set_aside, g_strdup(key));
                g_hash_table_add(excluded, key);
                continue;
            }
            g_autoptr(GHashTable) keys =
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            /* Alone in its round a fix cannot conflict, and a no-op shows as
             * an empty edit list: skip the tree comparison. */
            g_autoptr(GHashTable) res_index = NULL;
            guint n = 1;
            if (fixes->len > 1) {
                if (!tree_index)
                    tree_index = gdn_fixer_tree_index(tree);
                n = gdn_fixer_tree_changes_indexed(tree_index, res, keys, &res_index);
            }
            const char *clash = NULL;
            GHashTableIter it;
            gpointer k;
            g_hash_table_iter_init(&it, keys);
            while (!clash && g_hash_table_iter_next(&it, &k, NULL))
                if (g_hash_table_contains(touched, k))
                    clash = g_hash_table_lookup(touched, k);
            if (clash) {
                g_hash_table_replace(conflicts, key,
                                     g_strdup_printf("%s at %s conflicts with %s (same node); "
                                                     "not applied",
                                                     rule, f->xpath, clash));
                xmlFreeDoc(res);
                continue;
            }
            if (n == 0) {
                g_hash_table_add(noop, g_strdup(key));
                xmlFreeDoc(res);
                g_ptr_array_add(set_aside, g_strdup(key));
                g_hash_table_add(excluded, key);
                continue;
            }
            g_hash_table_remove(conflicts, key);
            g_hash_table_iter_init(&it, keys);
            while (g_hash_table_iter_next(&it, &k, NULL))
                g_hash_table_insert(touched, g_strdup(k), g_strdup(rule));
            xmlFreeDoc(tree);
            tree = res;
            g_clear_pointer(&tree_index, g_hash_table_unref);
            tree_index = g_steal_pointer(&res_index);
            GdnAppliedFix *a = g_new0(GdnAppliedFix, 1);
            a->rule = g_strdup(rule);
            a->xpath = g_strdup(f->xpath);
            a->round = round;
            g_ptr_array_add(ff->applied, a);
            g_ptr_array_add(applied_keys, key);
            g_ptr_array_add(applied_findings, (gpointer)f);
            emit_add(fx, &emit, f);
            if (one_at_a_time)
                break;
        }
        if (ff->applied->len == applied_before) {
            xmlFreeDoc(tree);
            continue; /* every fix failed or was excluded; the next round sees fewer */
        }
        g_autoptr(GError) err = NULL;
        g_autoptr(GPtrArray) edits = gdn_fixer_tree_edits(doc, tree, &err);
        xmlFreeDoc(tree);
        GdnDoc *next = NULL;
        g_autoptr(GdnInputError) perr = NULL;
        if (edits && edits->len) {
            gsize len = 0;
            char *bytes = gdn_edits_apply(doc->bytes, doc->len, edits, &len);
            next = gdn_doc_parse(doc->file, doc->uri, bytes, len, &perr);
        }
        if (!next) {
            /* Drop this round; retry its fixes one at a time to find the bad one. */
            g_autoptr(GString) which = g_string_new(NULL);
            for (guint i = applied_before; i < ff->applied->len; i++) {
                GdnAppliedFix *a = g_ptr_array_index(ff->applied, i);
                g_string_append_printf(which, "%s%s", which->len ? ", " : "", a->rule);
            }
            guint n_applied = ff->applied->len - applied_before;
            g_ptr_array_set_size(ff->applied, applied_before);
            g_ptr_array_set_size(ff->problems, problems_before);
            emit_truncate(&emit, applied_before);
            for (guint i = 0; i < set_aside->len; i++) {
                g_hash_table_remove(excluded, g_ptr_array_index(set_aside, i));
                g_hash_table_remove(noop, g_ptr_array_index(set_aside, i));
            }
            if (edits && edits->len == 0) {
                for (guint i = 0; i < applied_keys->len; i++)
                    g_hash_table_add(noop, g_strdup(g_ptr_array_index(applied_keys, i)));
            } else if (n_applied > 1 && !one_at_a_time) {
                /* Find the fixes that fail on their own; retry the others. */
                guint bad = 0;
                for (guint i = 0; i < applied_findings->len; i++) {
                    const GdnFinding *f = g_ptr_array_index(applied_findings, i);
                    g_autofree char *msg = NULL;
                    if (!works_alone(fx, doc, f, &msg)) {
                        problem(ff, "%s at %s: result dropped: %s", gdn_finding_rule_id(f),
                                f->xpath, msg);
                        g_hash_table_add(excluded, fix_key(f));
                        bad++;
                    }
                }
                if (bad == 0)
                    one_at_a_time = TRUE; /* they fail only together */
                continue;
            } else {
                problem(ff, "%s: result dropped: %s", which->str,
                        err    ? err->message
                        : perr ? perr->message
                               : "does not parse");
            }
            for (guint i = 0; i < applied_keys->len; i++)
                g_hash_table_add(excluded, g_strdup(g_ptr_array_index(applied_keys, i)));
            continue;
        }
        gdn_edit_composer_add(composer, edits, doc->bytes);
        changed = TRUE;
        GPtrArray *nf = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
        g_autofree char *skipped = NULL;
        gdn_engine_check(engine, next, nf, &skipped);
        forget_nodes(owned_findings);
        g_clear_pointer(&owned_findings, g_ptr_array_unref);
        gdn_doc_free(owned_doc);
        owned_doc = next;
        doc = next;
        owned_findings = nf;
        findings = nf;
    }

    GHashTableIter cit;
    gpointer cmsg;
    g_hash_table_iter_init(&cit, conflicts);
    while (g_hash_table_iter_next(&cit, NULL, &cmsg))
        problem(ff, "%s", (const char *)cmsg);

    if (!any) {
        gdn_edit_composer_free(composer);
        emit_clear(&emit);
        forget_nodes(owned_findings);
        if (owned_findings)
            g_ptr_array_unref(owned_findings);
        gdn_doc_free(owned_doc);
        return NULL;
    }
    ff->edits = gdn_edit_composer_finish(composer, doc0->bytes);
    gdn_edit_composer_free(composer);
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        if (!safety_allowed(fx, f) || !gdn_fixer_stylesheet(fx, gdn_finding_rule_id(f), NULL))
            continue;
        ff->remaining++;
        g_autofree char *key = fix_key(f);
        if (g_hash_table_contains(noop, key))
            problem(ff, "%s at %s: the fix made no change", gdn_finding_rule_id(f), f->xpath);
    }
    if (ff->remaining && ff->rounds >= fx->cfg.max_rounds)
        problem(ff, "fixable findings remain after %u rounds", ff->rounds);
    emit_write(fx, ff, &emit);
    emit_clear(&emit);
    if (fixed && changed && ff->edits->len)
        *fixed = g_strndup(doc->bytes, doc->len);
    forget_nodes(owned_findings);
    if (remaining && owned_findings)
        *remaining = g_steal_pointer(&owned_findings);
    if (owned_findings)
        g_ptr_array_unref(owned_findings);
    gdn_doc_free(owned_doc);
    return g_steal_pointer(&ff);
}

void gdn_fixer_hook(const GdnDoc *doc, const GdnInput *in, GdnInputResult *res, gpointer data)
{
    GdnFixer *fx = data;
    g_autofree char *fixed = NULL;
    GPtrArray *remaining = NULL;
    /* Re-check with the input's own rules (its config profile). */
    const GdnEngine *engine = in->engine ? in->engine : fx->cfg.engine;
    GdnFileFix *ff = gdn_fixer_fix_doc_with(fx, engine, doc, res->findings, &fixed, &remaining);
    if (!ff)
        return;
    ff->path = in->kind == GDN_INPUT_FILE ? g_strdup(in->path) : NULL;
    ff->diff_name = gdn_fixer_diff_name(in, doc);
    if (fx->cfg.diff && ff->edits->len)
        ff->diff = gdn_unified_diff(ff->diff_name, doc->bytes, doc->len, ff->edits);
    if (fx->cfg.write && fixed && ff->path) {
        g_autoptr(GError) err = NULL;
        /* Only over the bytes that were checked: never a concurrent edit. */
        if (gdn_write_file(ff->path, fixed, strlen(fixed), doc->bytes, doc->len, &err)) {
            ff->written = TRUE;
            if (remaining) {
                g_ptr_array_unref(res->findings);
                res->findings = g_steal_pointer(&remaining);
                if (res->checked)
                    res->checked->count = res->findings->len;
            }
        } else if (!res->error) {
            res->error = gdn_input_error_new(
                ff->path, 0, "cannot write the fixed file (left unchanged): %s", err->message);
        }
    }
    if (remaining)
        g_ptr_array_unref(remaining);
    res->fix = ff;
}

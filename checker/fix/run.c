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
    if (a->edits)
        g_ptr_array_unref(a->edits);
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
    g_ptr_array_unref(ff->offered);
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

char *gdn_fix_key(const GdnFinding *f)
{
    return g_strdup_printf("%s %s", gdn_finding_rule_id(f), f->xpath);
}

void gdn_file_fix_problem(GdnFileFix *ff, const char *fmt, ...)
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
static GPtrArray *round_fixes(GdnFixRun *r)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < r->findings->len; i++) {
        GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (!safety_allowed(r->fx, f))
            continue;
        g_autofree char *key = gdn_fix_key(f);
        if (g_hash_table_contains(r->excluded, key))
            continue;
        g_autoptr(GError) err = NULL;
        if (!gdn_fixer_stylesheet(r->fx, gdn_finding_rule_id(f), &err)) {
            if (err)
                gdn_file_fix_problem(r->ff, "%s: %s", gdn_finding_rule_id(f), err->message);
            continue;
        }
        g_ptr_array_add(out, f);
    }
    return out;
}

/* Nodes die with their document. */
static void forget_nodes(GPtrArray *findings)
{
    for (guint i = 0; findings && i < findings->len; i++)
        ((GdnFinding *)g_ptr_array_index(findings, i))->node = NULL;
}

/* The edits of fix f alone on doc, or NULL (*err says why). */
static GPtrArray *edits_alone(GdnFixer *fx, const GdnDoc *doc, const GdnFinding *f, GError **err)
{
    xmlDocPtr tree = gdn_fixer_annotate(doc);
    if (!tree) {
        g_set_error_literal(err, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED,
                            "cannot prepare the document for fixing");
        return NULL;
    }
    xsltStylesheetPtr style = gdn_fixer_stylesheet(fx, gdn_finding_rule_id(f), NULL);
    g_autoptr(GHashTable) targets = gdn_fixer_targets_of_xpath(tree, f->xpath, f->target_params);
    GdnFixPass *p =
        gdn_fix_pass_run(gdn_fix_style_of(style), tree, targets, f->xpath, f->params, err);
    GPtrArray *edits = NULL;
    if (p) {
        gdn_fix_pass_changes(p, NULL);
        gdn_fix_pass_commit(p);
        gdn_fix_pass_free(p);
        edits = gdn_fixer_tree_edits(doc, tree, err);
    }
    gdn_fixer_tree_free(tree);
    return edits;
}

/* Does fix f alone give text that parses? (Used to find the culprit when a
 * round's combined result does not.) */
static gboolean works_alone(GdnFixRun *r, const GdnFinding *f, char **msg)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) edits = edits_alone(r->fx, r->doc, f, &err);
    if (!edits) {
        *msg = g_strdup(err->message);
        return FALSE;
    }
    return gdn_fix_edits_parse(r->doc, edits, msg);
}

static gboolean round_begin(GdnFixRun *r, GdnRound *rd, guint number)
{
    rd->number = number;
    rd->applied_before = r->ff->applied->len;
    rd->problems_before = r->ff->problems->len;
    rd->set_aside = g_ptr_array_new_with_free_func(g_free);
    rd->applied = g_ptr_array_new();
    rd->touched = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    rd->elems = g_ptr_array_new();
    gdn_fixer_collect_elems(xmlDocGetRootElement(r->doc->xml), rd->elems);
    rd->tree = gdn_fixer_annotate(r->doc);
    if (!rd->tree)
        gdn_file_fix_problem(r->ff, "cannot prepare the document for fixing");
    return rd->tree != NULL;
}

static void round_clear(GdnRound *rd)
{
    gdn_fixer_tree_free(rd->tree);
    g_ptr_array_unref(rd->set_aside);
    g_ptr_array_unref(rd->applied);
    g_hash_table_unref(rd->touched);
    g_ptr_array_unref(rd->elems);
}

static void exclude_applied(const GdnRound *rd, GHashTable *set)
{
    for (guint i = 0; i < rd->applied->len; i++)
        g_hash_table_add(set, gdn_fix_key(g_ptr_array_index(rd->applied, i)));
}

/* The fixes of a dropped round that fail on their own are excluded; if
 * none does, they fail only together: one fix per round from now on. */
static void find_culprits(GdnFixRun *r, const GdnRound *rd)
{
    guint bad = 0;
    for (guint i = 0; i < rd->applied->len; i++) {
        const GdnFinding *f = g_ptr_array_index(rd->applied, i);
        g_autofree char *msg = NULL;
        if (!works_alone(r, f, &msg)) {
            gdn_file_fix_problem(r->ff, "%s at %s: result dropped: %s", gdn_finding_rule_id(f),
                                 f->xpath, msg);
            g_hash_table_add(r->excluded, gdn_fix_key(f));
            bad++;
        }
    }
    if (bad == 0)
        r->one_at_a_time = TRUE;
}

/* The round's text does not parse (or it changed nothing): forget the
 * round, and find which fixes to retry. */
static void round_drop(GdnFixRun *r, const GdnRound *rd, const GPtrArray *edits, const char *why)
{
    GdnFileFix *ff = r->ff;
    g_autoptr(GString) which = g_string_new(NULL);
    for (guint i = rd->applied_before; i < ff->applied->len; i++) {
        GdnAppliedFix *a = g_ptr_array_index(ff->applied, i);
        g_string_append_printf(which, "%s%s", which->len ? ", " : "", a->rule);
    }
    g_ptr_array_set_size(ff->applied, rd->applied_before);
    g_ptr_array_set_size(ff->problems, rd->problems_before);
    gdn_emit_truncate(&r->emit, rd->applied_before);
    for (guint i = 0; i < rd->set_aside->len; i++) {
        g_hash_table_remove(r->excluded, g_ptr_array_index(rd->set_aside, i));
        g_hash_table_remove(r->noop, g_ptr_array_index(rd->set_aside, i));
    }
    if (edits && edits->len == 0) {
        exclude_applied(rd, r->noop);
    } else if (rd->applied->len > 1 && !r->one_at_a_time) {
        find_culprits(r, rd);
        return;
    } else {
        gdn_file_fix_problem(ff, "%s: result dropped: %s", which->str, why);
    }
    exclude_applied(rd, r->excluded);
}

/* The round's text becomes the current document, re-checked. */
static void advance(GdnFixRun *r, GdnDoc *next, const GPtrArray *edits)
{
    gdn_edit_composer_add(r->composer, edits, r->doc->bytes);
    r->changed = TRUE;
    GPtrArray *nf = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *skipped = NULL;
    gdn_engine_check(r->engine, next, nf, &skipped);
    forget_nodes(r->owned_findings);
    g_clear_pointer(&r->owned_findings, g_ptr_array_unref);
    gdn_doc_free(r->owned_doc);
    r->owned_doc = next;
    r->doc = next;
    r->owned_findings = nf;
    r->findings = nf;
}

/* The round's tree as text: the next document, or NULL (*why says why). */
static GdnDoc *round_text(GdnFixRun *r, const GdnRound *rd, GPtrArray **edits, char **why)
{
    g_autoptr(GError) err = NULL;
    *edits = gdn_fixer_tree_edits(r->doc, rd->tree, &err);
    if (!*edits) {
        *why = g_strdup(err->message);
        return NULL;
    }
    if ((*edits)->len == 0) {
        *why = g_strdup("does not parse");
        return NULL;
    }
    gsize len = 0;
    char *bytes = gdn_edits_apply(r->doc->bytes, r->doc->len, *edits, &len);
    g_autoptr(GdnInputError) perr = NULL;
    GdnDoc *next = gdn_doc_parse(r->doc->file, r->doc->uri, bytes, len, &perr);
    if (!next)
        *why = g_strdup(perr->message);
    return next;
}

/* One round; FALSE when there is nothing (more) to do. */
static gboolean run_round(GdnFixRun *r, guint number)
{
    g_autoptr(GPtrArray) fixes = round_fixes(r);
    if (fixes->len == 0)
        return FALSE;
    r->ff->rounds = number;
    GdnRound rd = {0};
    gboolean ok = round_begin(r, &rd, number);
    if (ok)
        gdn_round_apply(r, &rd, fixes);
    /* With nothing applied, the next round sees fewer fixes. */
    if (ok && r->ff->applied->len > rd.applied_before) {
        g_autoptr(GPtrArray) edits = NULL;
        g_autofree char *why = NULL;
        GdnDoc *next = round_text(r, &rd, &edits, &why);
        if (next)
            advance(r, next, edits);
        else
            round_drop(r, &rd, edits, why);
    }
    round_clear(&rd);
    return ok;
}

static void fix_run_init(GdnFixRun *r, GdnFixer *fx, const GdnEngine *engine, const GdnDoc *doc0,
                         const GPtrArray *findings0)
{
    r->fx = fx;
    r->engine = engine;
    r->doc0 = r->doc = doc0;
    r->findings = findings0;
    r->ff = g_new0(GdnFileFix, 1);
    r->ff->name = gdn_doc_display_name(doc0);
    r->ff->applied = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_applied_fix_free);
    r->ff->offered = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_applied_fix_free);
    r->ff->problems = g_ptr_array_new_with_free_func(g_free);
    r->excluded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->noop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* Conflicting fixes wait for the next round, which re-checks the result
     * of the fix they clashed with; only those that never apply are reported. */
    r->conflicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    gdn_emit_init(&r->emit, fx->cfg.emit_xslt != NULL);
    r->composer = gdn_edit_composer_new(doc0->len);
}

static void fix_run_clear(GdnFixRun *r)
{
    gdn_edit_composer_free(r->composer);
    gdn_emit_clear(&r->emit);
    forget_nodes(r->owned_findings);
    if (r->owned_findings)
        g_ptr_array_unref(r->owned_findings);
    gdn_doc_free(r->owned_doc);
    gdn_alone_clear(r);
    g_hash_table_unref(r->excluded);
    g_hash_table_unref(r->noop);
    g_hash_table_unref(r->conflicts);
    gdn_file_fix_free(r->ff);
}

/* Conflicts never resolved, fixes without effect, what remains. */
static void fix_run_report(GdnFixRun *r)
{
    GdnFileFix *ff = r->ff;
    GHashTableIter it;
    gpointer msg;
    g_hash_table_iter_init(&it, r->conflicts);
    while (g_hash_table_iter_next(&it, NULL, &msg))
        gdn_file_fix_problem(ff, "%s", (const char *)msg);
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (!safety_allowed(r->fx, f) || !gdn_fixer_stylesheet(r->fx, gdn_finding_rule_id(f), NULL))
            continue;
        ff->remaining++;
        g_autofree char *key = gdn_fix_key(f);
        if (g_hash_table_contains(r->noop, key))
            gdn_file_fix_problem(ff, "%s at %s: the fix made no change", gdn_finding_rule_id(f),
                                 f->xpath);
    }
    if (ff->remaining && ff->rounds >= r->fx->cfg.max_rounds)
        gdn_file_fix_problem(ff, "fixable findings remain after %u rounds", ff->rounds);
}

/* SARIF offers each fix alone on the original (offer.c); after --fix it
 * reports the written file, to which those edits do not apply. */
static gboolean offers(const GdnFixer *fx)
{
    return fx->cfg.fix_edits && !fx->cfg.write;
}

/* The fixing loop composes fixes for --fix, --diff and --emit-xslt. */
static gboolean loops(const GdnFixer *fx)
{
    return fx->cfg.write || fx->cfg.diff || fx->cfg.emit_xslt || !fx->cfg.fix_edits;
}

GdnFileFix *gdn_fixer_fix_doc_with(GdnFixer *fx, const GdnEngine *engine, const GdnDoc *doc0,
                                   const GPtrArray *findings0, char **fixed, GPtrArray **remaining)
{
    GdnFixRun r = {0};
    fix_run_init(&r, fx, engine, doc0, findings0);
    /* Offers first: they read the original and its findings. */
    if (offers(fx)) {
        g_autoptr(GPtrArray) fixes = round_fixes(&r);
        gdn_fix_offer(&r, fixes);
    }
    for (guint round = 1; loops(fx) && round <= fx->cfg.max_rounds; round++)
        if (!run_round(&r, round))
            break;
    GdnFileFix *ff = NULL;
    if (r.ff->rounds > 0) {
        if (loops(fx))
            fix_run_report(&r);
        r.ff->edits = gdn_edit_composer_finish(r.composer, doc0->bytes);
        gdn_emit_write(fx, r.ff, &r.emit);
        if (fixed && r.changed && r.ff->edits->len)
            *fixed = g_strndup(r.doc->bytes, r.doc->len);
        forget_nodes(r.owned_findings);
        if (remaining)
            *remaining = g_steal_pointer(&r.owned_findings);
        ff = g_steal_pointer(&r.ff);
    }
    fix_run_clear(&r);
    return ff;
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

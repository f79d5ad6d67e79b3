#include "engine/run.h"
#include "fix/fixer.h"
#include <libxml/tree.h>

typedef struct {
    const GdnEngine *engine;
    GdnDocHook hook;
    gpointer hook_data;
    GdnInputResult *results;
} RunCtx;

static void check_one(const RunCtx *ctx, const GdnInput *in, GdnInputResult *res)
{
    res->findings = g_ptr_array_new_full(32, (GDestroyNotify)gdn_finding_free);
    g_autoptr(GdnDoc) doc = gdn_input_load(in, &res->error);
    if (!doc)
        return;
    g_autofree char *skipped = NULL;
    gboolean windows = FALSE;
    const GdnEngine *engine = in->engine ? in->engine : ctx->engine;
    if (!gdn_engine_check_guest(engine, doc, res->findings, &skipped, &windows)) {
        res->notice = g_new0(GdnNotice, 1);
        res->notice->file = gdn_doc_display_name(doc);
        res->notice->message = g_steal_pointer(&skipped);
        return;
    }
    res->checked = g_new0(GdnChecked, 1);
    res->checked->name = gdn_doc_display_name(doc);
    res->checked->domain = g_strdup(doc->domain);
    res->checked->windows = windows;
    if (ctx->hook)
        ctx->hook(doc, in, res, ctx->hook_data);
    res->checked->count = res->findings->len; /* --fix replaces them by what is left */
    /* Nodes die with the document. */
    for (guint i = 0; i < res->findings->len; i++)
        ((GdnFinding *)g_ptr_array_index(res->findings, i))->node = NULL;
}

typedef struct {
    const GdnInput *in;
    GdnInputResult *res;
} Job;

static void job_func(gpointer data, gpointer user)
{
    Job *job = data;
    check_one(user, job->in, job->res);
    g_free(job);
}

void gdn_report_init(GdnReport *r)
{
    r->findings = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    r->errors = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_error_free);
    r->notices = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_notice_free);
    r->checked = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_checked_free);
    r->fixes = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_file_fix_free);
    r->sources = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_source_info_free);
}

void gdn_report_clear(GdnReport *r)
{
    g_clear_pointer(&r->findings, g_ptr_array_unref);
    g_clear_pointer(&r->errors, g_ptr_array_unref);
    g_clear_pointer(&r->notices, g_ptr_array_unref);
    g_clear_pointer(&r->checked, g_ptr_array_unref);
    g_clear_pointer(&r->fixes, g_ptr_array_unref);
    g_clear_pointer(&r->sources, g_ptr_array_unref);
}

void gdn_run_inputs(const GdnEngine *engine, GPtrArray *inputs, guint jobs, GdnDocHook hook,
                    gpointer hook_data, GdnReport *report)
{
    RunCtx ctx = {engine, hook, hook_data, g_new0(GdnInputResult, inputs->len)};
    if (jobs <= 1 || inputs->len <= 1) {
        for (guint i = 0; i < inputs->len; i++)
            check_one(&ctx, g_ptr_array_index(inputs, i), &ctx.results[i]);
    } else {
        GThreadPool *pool = g_thread_pool_new(job_func, &ctx, (gint)jobs, TRUE, NULL);
        for (guint i = 0; i < inputs->len; i++) {
            Job *job = g_new0(Job, 1);
            job->in = g_ptr_array_index(inputs, i);
            job->res = &ctx.results[i];
            g_thread_pool_push(pool, job, NULL);
        }
        g_thread_pool_free(pool, FALSE, TRUE);
    }
    /* Merge in input order so output does not depend on -j. */
    for (guint i = 0; i < inputs->len; i++) {
        GdnInputResult *res = &ctx.results[i];
        if (res->checked) {
            res->checked->first = report->findings->len;
            g_ptr_array_add(report->checked, res->checked);
        }
        if (res->findings) {
            g_ptr_array_extend_and_steal(report->findings, res->findings);
        }
        if (res->error)
            g_ptr_array_add(report->errors, res->error);
        if (res->notice)
            g_ptr_array_add(report->notices, res->notice);
        if (res->fix)
            g_ptr_array_add(report->fixes, res->fix);
    }
    g_free(ctx.results);
}

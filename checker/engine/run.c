#include "engine/run.h"
#include "fix/fixer.h"
#include <libxml/tree.h>

void gdn_input_result_clear(GdnInputResult *res)
{
    g_clear_pointer(&res->findings, g_ptr_array_unref);
    g_clear_pointer(&res->error, gdn_input_error_free);
    g_clear_pointer(&res->notice, gdn_notice_free);
    g_clear_pointer(&res->checked, gdn_checked_free);
    g_clear_pointer(&res->fix, gdn_file_fix_free);
}

static void check_one(const GdnEngine *fallback, const GdnRunConfig *cfg, const GdnInput *in,
                      GdnInputResult *res)
{
    res->findings = g_ptr_array_new_full(32, (GDestroyNotify)gdn_finding_free);
    g_autoptr(GdnDoc) doc = gdn_input_load(in, &res->error);
    if (!doc)
        return;
    g_autofree char *skipped = NULL;
    gboolean windows = FALSE;
    const GdnEngine *engine = in->engine ? in->engine : fallback;
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
    res->checked->count = res->findings->len;
    if (cfg->hook)
        cfg->hook(doc, in, res, cfg->hook_data);
    /* Nodes die with the document. */
    for (guint i = 0; i < res->findings->len; i++)
        ((GdnFinding *)g_ptr_array_index(res->findings, i))->node = NULL;
}

static void deliver(const GdnInputSource *source, const GdnRunConfig *cfg, GdnInput *in,
                    GdnInputResult *res)
{
    cfg->deliver(in, res, cfg->deliver_data);
    gdn_input_result_clear(res);
    if (source->free_input)
        source->free_input(in);
}

/* A bounded window of inputs in flight, delivered in order. */
typedef struct {
    GdnInput *in;
    GdnInputResult res;
    gboolean done;
} Slot;

typedef struct {
    const GdnEngine *engine;
    const GdnRunConfig *cfg;
    GMutex lock;
    GCond done;
} Shared;

static void job_func(gpointer data, gpointer user)
{
    Slot *slot = data;
    Shared *sh = user;
    check_one(sh->engine, sh->cfg, slot->in, &slot->res);
    g_mutex_lock(&sh->lock);
    slot->done = TRUE;
    g_cond_signal(&sh->done);
    g_mutex_unlock(&sh->lock);
}

/* first and second are the source's first two inputs. */
static void run_parallel(const GdnEngine *engine, const GdnInputSource *source,
                         const GdnRunConfig *cfg, GdnInput *first, GdnInput *second)
{
    /* Enough ahead to keep every worker busy past one slow input, few
     * enough that memory does not grow with the number of inputs. */
    const guint window = cfg->jobs * 8;
    Slot *slots = g_new0(Slot, window);
    Shared sh = {.engine = engine, .cfg = cfg};
    g_mutex_init(&sh.lock);
    g_cond_init(&sh.done);
    GThreadPool *pool = g_thread_pool_new(job_func, &sh, (gint)cfg->jobs, FALSE, NULL);
    guint64 submitted = 0, delivered = 0;
    gboolean more = TRUE;
    for (;;) {
        while (more && submitted - delivered < window) {
            GdnInput *in = submitted == 0   ? first
                           : submitted == 1 ? second
                                            : source->next(source->data);
            if (!in) {
                more = FALSE;
                break;
            }
            Slot *slot = &slots[submitted++ % window];
            *slot = (Slot){.in = in};
            g_thread_pool_push(pool, slot, NULL);
        }
        if (delivered == submitted)
            break;
        Slot *slot = &slots[delivered++ % window];
        g_mutex_lock(&sh.lock);
        while (!slot->done)
            g_cond_wait(&sh.done, &sh.lock);
        g_mutex_unlock(&sh.lock);
        deliver(source, cfg, slot->in, &slot->res);
    }
    g_thread_pool_free(pool, FALSE, TRUE);
    g_mutex_clear(&sh.lock);
    g_cond_clear(&sh.done);
    g_free(slots);
}

static void run_one(const GdnEngine *engine, const GdnInputSource *source, const GdnRunConfig *cfg,
                    GdnInput *in)
{
    GdnInputResult res = {0};
    check_one(engine, cfg, in, &res);
    deliver(source, cfg, in, &res);
}

void gdn_run(const GdnEngine *engine, const GdnInputSource *source, const GdnRunConfig *cfg)
{
    GdnInput *first = source->next(source->data);
    if (!first)
        return;
    /* No threads for a single input (a pre-commit hook's usual run). */
    GdnInput *second = cfg->jobs > 1 ? source->next(source->data) : NULL;
    if (second) {
        run_parallel(engine, source, cfg, first, second);
        return;
    }
    run_one(engine, source, cfg, first);
    GdnInput *in;
    while ((in = source->next(source->data)))
        run_one(engine, source, cfg, in);
}

typedef struct {
    GPtrArray *inputs;
    guint next;
} ArrayIter;

static GdnInput *array_next(gpointer data)
{
    ArrayIter *it = data;
    return it->next < it->inputs->len ? g_ptr_array_index(it->inputs, it->next++) : NULL;
}

void gdn_run_inputs(const GdnEngine *engine, GPtrArray *inputs, const GdnRunConfig *cfg)
{
    ArrayIter it = {inputs, 0};
    GdnInputSource source = {array_next, NULL, &it};
    gdn_run(engine, &source, cfg);
}

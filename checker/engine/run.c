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
    if (!doc && res->error && res->error->skip) {
        g_autoptr(GdnInputError) e = g_steal_pointer(&res->error);
        res->notice = g_new0(GdnNotice, 1);
        res->notice->file = g_steal_pointer(&e->file);
        res->notice->message = g_steal_pointer(&e->message);
    }
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

/* -j N: a ring of inputs in flight, checked by N workers, delivered in
 * order by the calling thread, which also walks the inputs. Before it
 * checks an input itself, the caller walks on until the ring is full and
 * delivers what is done, so the workers never wait for the walk or the
 * output. Synchronisation is kept off the per-input path where it can be:
 * workers sleep only when every input in the ring is taken, the caller
 * only when it has nothing to deliver, walk or check, and results are
 * freed by the worker that reuses their slot (not by the caller, whose
 * frees would contend for the workers' allocator arenas). */
typedef struct {
    GdnInput *in;
    GdnInputResult res;
    gint done;          /* atomic */
    GdnInput *old_in;   /* delivered, to free */
    GdnInputResult old; /* delivered, to clear */
} Slot;

#define NONE G_MAXUINT64

typedef struct {
    const GdnEngine *engine;
    const GdnRunConfig *cfg;
    const GdnInputSource *source;
    Slot *slots;
    guint window;
    GMutex lock;
    GCond work, done;
    guint64 produced, claimed, wait_for; /* under lock */
    guint idle;
    gboolean finished;
    guint64 delivered; /* the caller's own */
    gboolean more;     /* the source may have more inputs */
} Pipe;

static void free_old(const Pipe *p, Slot *slot)
{
    gdn_input_result_clear(&slot->old);
    if (slot->old_in && p->source->free_input)
        p->source->free_input(slot->old_in);
    slot->old_in = NULL;
}

/* Checks input i (claimed under the lock, which is released meanwhile). */
static void check_claimed(Pipe *p, guint64 i)
{
    Slot *slot = &p->slots[i % p->window];
    g_mutex_unlock(&p->lock);
    free_old(p, slot);
    check_one(p->engine, p->cfg, slot->in, &slot->res);
    g_mutex_lock(&p->lock);
    g_atomic_int_set(&slot->done, TRUE);
    if (p->wait_for == i)
        g_cond_signal(&p->done);
}

static gpointer worker(gpointer data)
{
    Pipe *p = data;
    g_mutex_lock(&p->lock);
    for (;;) {
        while (p->claimed == p->produced && !p->finished) {
            p->idle++;
            g_cond_wait(&p->work, &p->lock);
            p->idle--;
        }
        if (p->claimed == p->produced)
            break;
        check_claimed(p, p->claimed++);
    }
    g_mutex_unlock(&p->lock);
    return NULL;
}

/* Puts in into the next slot for the workers. */
static void produce(Pipe *p, GdnInput *in)
{
    Slot *slot = &p->slots[p->produced % p->window];
    slot->in = in;
    g_atomic_int_set(&slot->done, FALSE);
    g_mutex_lock(&p->lock);
    p->produced++;
    if (p->idle)
        g_cond_signal(&p->work);
    g_mutex_unlock(&p->lock);
}

/* Walks on until the ring is full (called without the lock; only the
 * caller produces, so produced is stable here). */
static void fill(Pipe *p)
{
    GdnInput *in = NULL;
    while (p->more && p->produced - p->delivered < p->window &&
           (p->more = (in = p->source->next(p->source->data)) != NULL))
        produce(p, in);
}

static void deliver_next(Pipe *p)
{
    Slot *slot = &p->slots[p->delivered % p->window];
    p->cfg->deliver(slot->in, &slot->res, p->cfg->deliver_data);
    slot->old = slot->res;
    slot->res = (GdnInputResult){0};
    slot->old_in = slot->in;
    slot->in = NULL;
    p->delivered++;
}

/* One step of the caller: walk until the ring is full, deliver what is
 * done in order, then check an input no worker has taken yet (the caller
 * is one of the -j N: N-1 worker threads), or else sleep until the next
 * input to deliver is done. */
static void caller_step(Pipe *p)
{
    fill(p);
    while (p->delivered < p->produced && g_atomic_int_get(&p->slots[p->delivered % p->window].done))
        deliver_next(p);
    if (p->delivered == p->produced)
        return;
    Slot *slot = &p->slots[p->delivered % p->window];
    g_mutex_lock(&p->lock);
    if (p->claimed < p->produced) {
        check_claimed(p, p->claimed++);
    } else {
        p->wait_for = p->delivered;
        while (!g_atomic_int_get(&slot->done))
            g_cond_wait(&p->done, &p->lock);
        p->wait_for = NONE;
    }
    g_mutex_unlock(&p->lock);
}

/* first and second are the source's first two inputs. */
static void run_parallel(const GdnEngine *engine, const GdnInputSource *source,
                         const GdnRunConfig *cfg, GdnInput *first, GdnInput *second)
{
    /* Enough ahead to keep every worker busy while the input to deliver
     * next is a slow one (measured over the corpus: with 16 per job the
     * worker slept hundreds of times a run, with 128 a few), and still a
     * bound: memory does not grow with the number of inputs. */
    Pipe p = {.engine = engine, .cfg = cfg, .source = source, .window = cfg->jobs * 128};
    p.slots = g_new0(Slot, p.window);
    p.wait_for = NONE;
    g_mutex_init(&p.lock);
    g_cond_init(&p.work);
    g_cond_init(&p.done);
    /* The caller checks too while it waits: N - 1 threads for -j N. */
    guint n_threads = cfg->jobs - 1;
    GThread **threads = g_new0(GThread *, n_threads);
    for (guint t = 0; t < n_threads; t++)
        threads[t] = g_thread_new("check", worker, &p);
    produce(&p, first);
    produce(&p, second);
    p.more = TRUE;
    while (p.more || p.delivered < p.produced)
        caller_step(&p);
    g_mutex_lock(&p.lock);
    p.finished = TRUE;
    g_cond_broadcast(&p.work);
    g_mutex_unlock(&p.lock);
    for (guint t = 0; t < n_threads; t++)
        g_thread_join(threads[t]);
    for (guint i = 0; i < p.window; i++)
        free_old(&p, &p.slots[i]);
    g_free(threads);
    g_free(p.slots);
    g_mutex_clear(&p.lock);
    g_cond_clear(&p.work);
    g_cond_clear(&p.done);
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

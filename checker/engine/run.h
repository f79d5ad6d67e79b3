/* Checks inputs (in parallel with -j) and hands each result to a callback
 * in input order, as soon as it and every input before it are done. */
#pragma once
#include "engine/engine.h"
#include "source/inputs.h"
#include "report/report.h"

/* Per-document hook run by the worker after checking (e.g. the fixer); it
 * may keep what it needs from doc, which is freed right after. */
typedef void (*GdnDocHook)(const GdnDoc *doc, const GdnInput *in, GdnInputResult *res,
                           gpointer data);

/* Where the inputs come from: next() is called on the calling thread, so
 * walking directories overlaps with checking; NULL ends the run. */
typedef struct {
    GdnInput *(*next)(gpointer data);
    GDestroyNotify free_input; /* for what next() returns; NULL when borrowed */
    gpointer data;
} GdnInputSource;

/* Receives each result on the calling thread, in input order; res is
 * cleared afterwards. */
typedef void (*GdnResultFunc)(const GdnInput *in, GdnInputResult *res, gpointer data);

typedef struct {
    guint jobs; /* worker threads; 1 checks on the calling thread */
    GdnDocHook hook;
    gpointer hook_data;
    GdnResultFunc deliver;
    gpointer deliver_data;
} GdnRunConfig;

/* engine is used for inputs without their own (GdnInput.engine). */
void gdn_run(const GdnEngine *engine, const GdnInputSource *source, const GdnRunConfig *cfg);
/* The same over an array of GdnInput* (borrowed). */
void gdn_run_inputs(const GdnEngine *engine, GPtrArray *inputs, const GdnRunConfig *cfg);
/* Frees what res holds and zeroes it. */
void gdn_input_result_clear(GdnInputResult *res);

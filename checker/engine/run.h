/* Checks a list of inputs (in parallel with -j) into a report. */
#pragma once
#include "engine/engine.h"
#include "source/inputs.h"
#include "report/report.h"

typedef struct {
    GPtrArray *findings; /* GdnFinding* */
    GdnInputError *error;
    GdnNotice *notice;
    GdnChecked *checked;
    struct GdnFileFix *fix; /* set by the fixer hook (checker/fix/fixer.h), or NULL */
} GdnInputResult;

/* Per-document hook run by the worker after checking (e.g. the fixer); it
 * may keep what it needs from doc, which is freed right after. */
typedef void (*GdnDocHook)(const GdnDoc *doc, const GdnInput *in, GdnInputResult *res,
                           gpointer data);

void gdn_run_inputs(const GdnEngine *engine, GPtrArray *inputs, guint jobs, GdnDocHook hook,
                    gpointer hook_data, GdnReport *report);
void gdn_report_init(GdnReport *r);
void gdn_report_clear(GdnReport *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(GdnReport, gdn_report_clear)

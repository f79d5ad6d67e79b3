/* Baselines: findings recorded once and suppressed afterwards, keyed on
 * (file, domain, rule, xpath) — never on line numbers, so edits elsewhere
 * in a file do not resurrect them. */
#pragma once
#include "engine/finding.h"
#include <glib.h>

typedef struct GdnBaseline GdnBaseline;

GdnBaseline *gdn_baseline_load(const char *path, GError **error);
void gdn_baseline_free(GdnBaseline *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnBaseline, gdn_baseline_free)
/* Marks the findings the baseline records as suppressed. */
void gdn_baseline_apply(const GdnBaseline *b, GPtrArray *findings);
/* Appends to into (GdnFinding*) what gdn_baseline_write needs of the active
 * findings, so a run can record them after freeing the findings. */
void gdn_baseline_record(GPtrArray *into, const GPtrArray *findings);
/* Writes the active findings to path (atomically). */
gboolean gdn_baseline_write(const char *path, const GPtrArray *findings, GError **error);

/* The run's totals as the text formats state them: findings by severity,
 * what --fix would apply, what was suppressed, skipped, unreadable or
 * fixed (from GdnReport.totals, errors and notices). */
#pragma once
#include "report/report.h"

/* One line: "Found 3 findings (...) in 2 domains; 2 fixable with --fix, 1
 * more with --fix --unsafe-fixes; 1 suppressed; 1 input could not be
 * checked.\n" */
void gdn_summary_text(const GdnReport *r, GString *out);

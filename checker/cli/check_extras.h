/* Parts of `guardian check` beside the report: --statistics, --show-settings. */
#pragma once
#include "cli/options.h"
#include "report/report.h"
#include "source/profile.h"

/* --statistics: counts per rule and the summary line (not a --format). */
extern const GdnReporter gdn_reporter_statistics;
/* --show-settings: for each operand's directory (or the current one), the
 * config file, rule selection and host facts that apply. FALSE (message
 * printed) on a bad config. */
gboolean gdn_show_settings(const GdnOptions *o, GdnProfiles *profiles, GString *out);

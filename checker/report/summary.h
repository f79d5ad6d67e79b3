/* The run's totals as every format states them: findings by severity, what
 * --fix would apply, what was suppressed, skipped, unreadable or fixed. */
#pragma once
#include "report/report.h"

typedef struct {
    guint shown;      /* active findings */
    guint by_sev[3];  /* active findings by GdnSeverity */
    guint safe;       /* active findings --fix applies */
    guint unsafe;     /* ... and those that need --unsafe-fixes too */
    guint suppressed; /* in-source, config, baseline */
    guint skipped;    /* inputs skipped with a notice (not QEMU/KVM) */
    guint errors;     /* inputs that could not be read, parsed or connected to */
    guint fixed;      /* fixes --fix wrote */
    guint fixed_files;
} GdnSummary;

void gdn_summary_compute(const GdnReport *r, GdnSummary *s);
/* One line: "Found 3 findings (...) in 2 domains; 2 fixable with --fix, 1
 * more with --fix --unsafe-fixes; 1 suppressed; 1 input error.\n" */
void gdn_summary_text(const GdnReport *r, GString *out);

/* Progress on stderr for long runs on a terminal (large trees, fleets over
 * -c): "guardian: N inputs checked, M findings", rewritten in place from
 * one second into the run, at most ten times a second, and erased before
 * the report writes to the terminal and at the end. Never when stderr is
 * not a terminal (CI logs, pipes, files). */
#pragma once
#include "report/report.h"

typedef struct {
    gboolean on;    /* stderr is a terminal and not --quiet */
    gboolean shown; /* a progress line is on the terminal */
    gint64 start, last;
    guint inputs, findings;
} GdnProgress;

void gdn_progress_init(GdnProgress *p, gboolean quiet);
/* Counts res (before the report takes it) and updates the line when due. */
void gdn_progress_add(GdnProgress *p, const GdnInputResult *res);
/* Erases the line, if shown; the next due update draws it again. */
void gdn_progress_clear(GdnProgress *p);

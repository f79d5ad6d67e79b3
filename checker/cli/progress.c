#include "cli/progress.h"
#include <stdio.h>
#include <unistd.h>

#define AFTER_US G_USEC_PER_SEC        /* short runs show nothing */
#define EVERY_US (G_USEC_PER_SEC / 10) /* redraws at most this often */

void gdn_progress_init(GdnProgress *p, gboolean quiet)
{
    *p = (GdnProgress){.on = !quiet && isatty(STDERR_FILENO)};
    p->start = g_get_monotonic_time();
}

void gdn_progress_add(GdnProgress *p, const GdnInputResult *res)
{
    if (!p->on)
        return;
    p->inputs++;
    p->findings += res->findings ? res->findings->len : 0;
    gint64 now = g_get_monotonic_time();
    if (now - p->start < AFTER_US || (p->shown && now - p->last < EVERY_US))
        return;
    /* \033[K: erase the rest of a longer previous line. */
    fprintf(stderr, "\rguardian: %u input%s checked, %u finding%s\033[K", p->inputs,
            p->inputs == 1 ? "" : "s", p->findings, p->findings == 1 ? "" : "s");
    fflush(stderr);
    p->shown = TRUE;
    p->last = now;
}

void gdn_progress_clear(GdnProgress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = FALSE;
}

/* --diff: each input's unified diff as soon as it is fixed, in input order. */
#include "report/report.h"
#include "fix/fixer.h"

static void diff_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)state;
    (void)r;
    if (res->fix && res->fix->diff)
        g_string_append(out, res->fix->diff);
}

const GdnReporter gdn_reporter_diff = {"diff", NULL, diff_input, NULL};

#include "report/summary.h"

static const char *plural(guint n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void tail(const GdnReport *r, GString *out)
{
    const GdnReportTotals *t = &r->totals;
    if (t->fixed_files)
        g_string_append_printf(out, "; %u %s applied in %u %s", t->fixed,
                               plural(t->fixed, "fix", "fixes"), t->fixed_files,
                               plural(t->fixed_files, "file", "files"));
    if (r->unsafe_fixes && t->safe + t->unsafe)
        g_string_append_printf(out, "; %u fixable with --fix --unsafe-fixes", t->safe + t->unsafe);
    else if (t->unsafe)
        g_string_append_printf(out, "; %u fixable with --fix, %u more with --fix --unsafe-fixes",
                               t->safe, t->unsafe);
    else if (t->safe)
        g_string_append_printf(out, "; %u fixable with --fix", t->safe);
    if (t->suppressed)
        g_string_append_printf(out, "; %u suppressed", t->suppressed);
    guint skipped = r->notices->len, errors = r->errors->len;
    if (skipped)
        g_string_append_printf(out, "; %u %s skipped", skipped, plural(skipped, "input", "inputs"));
    if (errors)
        g_string_append_printf(out, "; %u %s could not be checked", errors,
                               plural(errors, "input", "inputs"));
    g_string_append(out, ".\n");
}

void gdn_summary_text(const GdnReport *r, GString *out)
{
    const GdnReportTotals *t = &r->totals;
    guint docs = t->domains, shown = t->active;
    const char *in = t->fixed_files ? " left" : "";
    if (shown == 0)
        g_string_append_printf(out, "No findings%s in %u %s", in, docs,
                               plural(docs, "domain", "domains"));
    else
        g_string_append_printf(out, "Found %u %s%s (%u %s, %u %s, %u info) in %u %s", shown,
                               plural(shown, "finding", "findings"), in, t->by_sev[GDN_SEV_ERROR],
                               plural(t->by_sev[GDN_SEV_ERROR], "error", "errors"),
                               t->by_sev[GDN_SEV_WARNING],
                               plural(t->by_sev[GDN_SEV_WARNING], "warning", "warnings"),
                               t->by_sev[GDN_SEV_INFO], docs, plural(docs, "domain", "domains"));
    tail(r, out);
}

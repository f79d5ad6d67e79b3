#include "report/summary.h"
#include "fix/fixer.h"

void gdn_summary_compute(const GdnReport *r, GdnSummary *s)
{
    *s = (GdnSummary){0};
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (f->suppressed) {
            s->suppressed++;
            continue;
        }
        s->shown++;
        s->by_sev[f->severity]++;
        if (f->fix_safety == GDN_FIX_SAFE)
            s->safe++;
        else if (f->fix_safety == GDN_FIX_UNSAFE)
            s->unsafe++;
    }
    s->skipped = r->notices->len;
    s->errors = r->errors->len;
    for (guint i = 0; i < r->fixes->len; i++) {
        const GdnFileFix *ff = g_ptr_array_index(r->fixes, i);
        if (ff->written) {
            s->fixed += ff->applied->len;
            s->fixed_files++;
        }
    }
}

static const char *plural(guint n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void tail(const GdnReport *r, const GdnSummary *s, GString *out)
{
    if (s->fixed_files)
        g_string_append_printf(out, "; %u %s applied in %u %s", s->fixed,
                               plural(s->fixed, "fix", "fixes"), s->fixed_files,
                               plural(s->fixed_files, "file", "files"));
    if (r->unsafe_fixes && s->safe + s->unsafe)
        g_string_append_printf(out, "; %u fixable with --fix --unsafe-fixes", s->safe + s->unsafe);
    else if (s->unsafe)
        g_string_append_printf(out, "; %u fixable with --fix, %u more with --fix --unsafe-fixes",
                               s->safe, s->unsafe);
    else if (s->safe)
        g_string_append_printf(out, "; %u fixable with --fix", s->safe);
    if (s->suppressed)
        g_string_append_printf(out, "; %u suppressed", s->suppressed);
    if (s->skipped)
        g_string_append_printf(out, "; %u %s skipped", s->skipped,
                               plural(s->skipped, "input", "inputs"));
    if (s->errors)
        g_string_append_printf(out, "; %u %s could not be checked", s->errors,
                               plural(s->errors, "input", "inputs"));
    g_string_append(out, ".\n");
}

void gdn_summary_text(const GdnReport *r, GString *out)
{
    GdnSummary s;
    gdn_summary_compute(r, &s);
    guint docs = r->checked->len;
    const char *in = s.fixed_files ? " left" : "";
    if (s.shown == 0)
        g_string_append_printf(out, "No findings%s in %u %s", in, docs,
                               plural(docs, "domain", "domains"));
    else
        g_string_append_printf(out, "Found %u %s%s (%u %s, %u %s, %u info) in %u %s", s.shown,
                               plural(s.shown, "finding", "findings"), in, s.by_sev[GDN_SEV_ERROR],
                               plural(s.by_sev[GDN_SEV_ERROR], "error", "errors"),
                               s.by_sev[GDN_SEV_WARNING],
                               plural(s.by_sev[GDN_SEV_WARNING], "warning", "warnings"),
                               s.by_sev[GDN_SEV_INFO], docs, plural(docs, "domain", "domains"));
    tail(r, &s, out);
}

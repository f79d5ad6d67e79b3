/* Compiler-style text: "path:line:col: severity: message [ID name]". */
#include "report.h"
#include "rule.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"

static const char *sev_color(GdnSeverity s)
{
    switch (s) {
    case GDN_SEV_ERROR:
        return "\033[1;31m";
    case GDN_SEV_WARNING:
        return "\033[1;35m";
    case GDN_SEV_INFO:
        return "\033[1;36m";
    }
    return "";
}

static void write_finding(const GdnReport *r, const GdnFinding *f, GString *out)
{
    gboolean c = r->color;
    g_autofree char *loc = gdn_finding_location(f);
    g_string_append_printf(out, "%s%s:%u:%u:%s %s%s:%s %s [%s %s]\n", c ? C_BOLD : "", loc, f->line,
                           f->column, c ? C_RESET : "", c ? sev_color(f->severity) : "",
                           gdn_severity_name(f->severity), c ? C_RESET : "", f->message,
                           f->rule->id, f->rule->name);
    g_string_append_printf(out, "    %simpact:%s %s\n", c ? C_DIM : "", c ? C_RESET : "",
                           f->rule->impact);
    if (f->note)
        g_string_append_printf(out, "    %snote:%s %s\n", c ? C_DIM : "", c ? C_RESET : "",
                               f->note);
    const char *how = f->fix_safety == GDN_FIX_SAFE     ? "fix (safe, --fix)"
                      : f->fix_safety == GDN_FIX_UNSAFE ? "fix (unsafe, --fix --unsafe-fixes)"
                                                        : "advice (no autofix)";
    g_string_append_printf(out, "    %s%s:%s %s\n", c ? C_DIM : "", how, c ? C_RESET : "",
                           f->rule->fix_text);
}

static void write_text(const GdnReport *r, GString *out)
{
    guint shown = 0, fixable = 0, by_sev[3] = {0};
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (f->suppressed)
            continue;
        write_finding(r, f, out);
        shown++;
        by_sev[f->severity]++;
        if (f->fix_safety != GDN_FIX_NONE)
            fixable++;
    }
    guint docs = r->checked->len;
    if (shown == 0) {
        g_string_append_printf(out, "No findings in %u domain%s.\n", docs, docs == 1 ? "" : "s");
        return;
    }
    g_string_append_printf(out,
                           "Found %u finding%s (%u error%s, %u warning%s, %u info) in %u "
                           "domain%s; %u fixable.\n",
                           shown, shown == 1 ? "" : "s", by_sev[GDN_SEV_ERROR],
                           by_sev[GDN_SEV_ERROR] == 1 ? "" : "s", by_sev[GDN_SEV_WARNING],
                           by_sev[GDN_SEV_WARNING] == 1 ? "" : "s", by_sev[GDN_SEV_INFO], docs,
                           docs == 1 ? "" : "s", fixable);
}

GDN_REPORTER(text, write_text);

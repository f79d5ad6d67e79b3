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

/* Appends "label: text" as an indented detail line. */
static void detail(GString *out, gboolean c, const char *label, const char *text)
{
    g_string_append(out, "    ");
    if (c)
        g_string_append(out, C_DIM);
    g_string_append(out, label);
    g_string_append_c(out, ':');
    if (c)
        g_string_append(out, C_RESET);
    g_string_append_c(out, ' ');
    g_string_append(out, text);
    g_string_append_c(out, '\n');
}

/* Plain appends rather than printf: text output is on the hot path for
 * large inputs. */
static void write_finding(const GdnReport *r, const GdnFinding *f, GString *out)
{
    gboolean c = r->color;
    char num[32];
    if (c)
        g_string_append(out, C_BOLD);
    if (f->uri) {
        g_string_append(out, f->uri);
        g_string_append_c(out, '/');
        g_string_append(out, f->domain ? f->domain : "?");
    } else {
        g_string_append(out, f->file);
    }
    g_snprintf(num, sizeof num, ":%u:%u:", f->line, f->column);
    g_string_append(out, num);
    if (c)
        g_string_append(out, C_RESET);
    g_string_append_c(out, ' ');
    if (c)
        g_string_append(out, sev_color(f->severity));
    g_string_append(out, gdn_severity_name(f->severity));
    g_string_append_c(out, ':');
    if (c)
        g_string_append(out, C_RESET);
    g_string_append_c(out, ' ');
    g_string_append(out, f->message);
    g_string_append(out, " [");
    g_string_append(out, f->rule->id);
    g_string_append_c(out, ' ');
    g_string_append(out, f->rule->name);
    g_string_append(out, "]\n");
    detail(out, c, "impact", f->rule->impact);
    if (f->note)
        detail(out, c, "note", f->note);
    const char *how = f->fix_safety == GDN_FIX_SAFE     ? "fix (safe, --fix)"
                      : f->fix_safety == GDN_FIX_UNSAFE ? "fix (unsafe, --fix --unsafe-fixes)"
                                                        : "advice (no autofix)";
    detail(out, c, how, f->rule->fix_text);
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

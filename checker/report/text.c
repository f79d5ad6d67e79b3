/* Compiler-style text: "path:line:col: severity: message [ID name]". */
#include "report/report.h"
#include "engine/rule.h"
#include <string.h>

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

/* A finding's text is assembled from pieces, then copied into out with
 * one resize: text output is on the hot path for large inputs. */
typedef struct {
    const char *s[48];
    gsize n[48];
    guint len;
} Pieces;

static void add_n(Pieces *p, const char *s, gsize n)
{
    p->s[p->len] = s;
    p->n[p->len++] = n;
}

static void add(Pieces *p, const char *s)
{
    add_n(p, s, strlen(s));
}

static void flush(Pieces *p, GString *out)
{
    gsize total = 0;
    for (guint i = 0; i < p->len; i++)
        total += p->n[i];
    gsize at = out->len;
    g_string_set_size(out, at + total);
    char *w = out->str + at;
    for (guint i = 0; i < p->len; i++) {
        memcpy(w, p->s[i], p->n[i]);
        w += p->n[i];
    }
    p->len = 0;
}

/* Writes v in decimal ending just before end; returns its first digit. */
static char *utoa_back(char *end, guint v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

/* Adds "label: text" as an indented detail line. */
static void detail(Pieces *p, gboolean c, const char *label, const char *text)
{
    add_n(p, "    ", 4);
    if (c)
        add(p, C_DIM);
    add(p, label);
    add_n(p, ":", 1);
    if (c)
        add(p, C_RESET);
    add_n(p, " ", 1);
    add(p, text);
    add_n(p, "\n", 1);
}

static void write_finding(const GdnReport *r, const GdnFinding *f, GString *out)
{
    gboolean c = r->color;
    /* Input-borne text, cleaned (it lives until flush). */
    g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL;
    const char *file = gdn_report_clean(f->file, &o1), *uri = gdn_report_clean(f->uri, &o2);
    const char *dom = gdn_report_clean(f->domain ? f->domain : "?", &o3);
    const char *msg = gdn_report_clean(f->message, &o4), *note = gdn_report_clean(f->note, &o5);
    Pieces p;
    p.len = 0;
    char num[32], *end = num + sizeof num;
    if (c)
        add(&p, C_BOLD);
    if (uri) {
        add(&p, uri);
        add_n(&p, "/", 1);
        add(&p, dom);
    } else {
        add(&p, file);
    }
    /* ":LINE:COL:" */
    char *d = end;
    *--d = ':';
    d = utoa_back(d, f->column);
    *--d = ':';
    d = utoa_back(d, f->line);
    *--d = ':';
    add_n(&p, d, end - d);
    if (c)
        add(&p, C_RESET);
    add_n(&p, " ", 1);
    if (c)
        add(&p, sev_color(f->severity));
    add(&p, gdn_severity_name(f->severity));
    add_n(&p, ":", 1);
    if (c)
        add(&p, C_RESET);
    add_n(&p, " ", 1);
    add(&p, msg);
    add_n(&p, " [", 2);
    add(&p, f->rule->id);
    add_n(&p, " ", 1);
    add(&p, f->rule->name);
    add_n(&p, "]\n", 2);
    detail(&p, c, "impact", f->rule->impact);
    if (note)
        detail(&p, c, "note", note);
    const char *how = f->fix_safety == GDN_FIX_SAFE     ? "fix (safe, --fix)"
                      : f->fix_safety == GDN_FIX_UNSAFE ? "fix (unsafe, --fix --unsafe-fixes)"
                                                        : "advice (no autofix)";
    detail(&p, c, how, f->rule->fix_text);
    flush(&p, out);
}

static void text_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)state;
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (!f->suppressed)
            write_finding(r, f, out);
    }
}

static void text_end(gpointer state, const GdnReport *r, GString *out)
{
    (void)state;
    const GdnReportTotals *t = &r->totals;
    guint shown = t->active, docs = t->domains;
    if (shown == 0) {
        g_string_append_printf(out, "No findings in %u domain%s.\n", docs, docs == 1 ? "" : "s");
        return;
    }
    g_string_append_printf(out,
                           "Found %u finding%s (%u error%s, %u warning%s, %u info) in %u "
                           "domain%s; %u fixable.\n",
                           shown, shown == 1 ? "" : "s", t->by_sev[GDN_SEV_ERROR],
                           t->by_sev[GDN_SEV_ERROR] == 1 ? "" : "s", t->by_sev[GDN_SEV_WARNING],
                           t->by_sev[GDN_SEV_WARNING] == 1 ? "" : "s", t->by_sev[GDN_SEV_INFO],
                           docs, docs == 1 ? "" : "s", t->fixable);
}

GDN_REPORTER(text, NULL, text_input, text_end);

/* Markdown review report for a pull-request comment, in the shape of the
 * seed's "Performance Optimization Report": per domain an executive
 * summary, Hyper-V enlightenments N/14, VirtIO, CPU, memory and clock
 * sections with ✅/❌, and a findings table with impact.
 *
 * Everything is derived from the findings (the report sees no facts):
 * - Enlightenments: HV001 (no <hyperv>) → 0/14. Otherwise 14 minus the
 *   distinct rules among HV002..HV016 except HV009 (stimer without direct
 *   is a ⚠️ on the stimer line, the enlightenment is on). An HV015 error
 *   (evmcs on an AMD host) makes the set 13: evmcs does not apply there.
 *   Without --host-caps HV015 does not run and evmcs counts as enabled.
 * - A line is ❌ when it has an active error or warning finding, ✅
 *   otherwise (info findings are listed as suggestions), and "not checked"
 *   when no rule behind it is selected or built in. */
#include "engine/registry.h"
#include "report/report.h"
#include "engine/rule.h"
#include <stdlib.h>
#include <string.h>

#define OK "✅"
#define BAD "❌"
#define WARN "⚠️"
#define SKIP "➖"

typedef struct {
    const char *label;
    const char *ids; /* space-separated rule IDs or ID prefixes */
} Item;

static const Item hv_items[] = {
    {"relaxed", "HV002"},
    {"vapic", "HV003"},
    {"spinlocks (retries=8191)", "HV004"},
    {"vpindex", "HV005"},
    {"runtime", "HV006"},
    {"synic", "HV007"},
    {"stimer (direct=on)", "HV008 HV009"},
    {"reset", "HV010"},
    {"vendor_id", "HV016"},
    {"frequencies", "HV011"},
    {"reenlightenment", "HV012"},
    {"tlbflush", "HV013"},
    {"ipi", "HV014"},
    {"evmcs (Intel only)", "HV015"},
};

static const Item virtio_items[] = {
    {"Disk", "DSK Q001 Q003 Q004 Q007"},
    {"Network", "NET Q002 Q003 Q005 Q006"},
    {"Graphics", "GPU"},
};

static const Item cpu_items[] = {
    {"Mode", "CPU001 CPU007"},
    {"Topology", "CPU002 CPU003 CPU006"},
    {"Cache", "CPU004 CPU005"},
    {"Pinning", "PIN001 PIN002 PIN003 PIN004 PIN005 PIN006 PIN007 PIN009"},
    {"NUMA", "PIN008"},
};

static const Item mem_items[] = {
    {"Huge Pages", "MEM001 MEM002 MEM003 MEM007"},
    {"Backing", "MEM004 MEM005"},
    {"Limits", "MEM006"},
};

static const Item clock_items[] = {
    {"Timers", "CLK001 CLK002 CLK003 CLK004 CLK006 CLK007"},
    {"Offset", "CLK005"},
};

static gboolean id_matches(const char *ids, const char *id)
{
    g_auto(GStrv) parts = g_strsplit(ids, " ", -1);
    for (char **p = parts; *p; p++)
        if (**p && g_str_has_prefix(id, *p))
            return TRUE;
    return FALSE;
}

static gboolean item_matches(const Item *it, const GdnFinding *f)
{
    /* queues-count applies to disks and interfaces alike: the node decides. */
    if (g_str_equal(f->rule->id, "Q003")) {
        gboolean net = f->xpath && strstr(f->xpath, "/interface");
        return g_str_equal(it->label, net ? "Network" : "Disk");
    }
    return id_matches(it->ids, f->rule->id);
}

/* TRUE when a rule behind ids is built in and selected. */
static gboolean ids_selected(const GdnReport *r, const char *ids)
{
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint i = 0; i < mod->n_rules; i++) {
            const GdnRule *rule = &mod->rules[i];
            if (!id_matches(ids, rule->id))
                continue;
            if (r->selection ? gdn_selection_enabled(r->selection, mod, rule) : !rule->default_off)
                return TRUE;
        }
    }
    return FALSE;
}

/* Markdown inline text: HTML-escaped (messages quote XML) and table-safe. */
static void md_text(GString *out, const char *raw)
{
    g_autofree char *owned = NULL;
    const char *s = gdn_report_clean(raw, &owned);
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '>':
            g_string_append(out, "&gt;");
            break;
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '|':
            g_string_append(out, "\\|");
            break;
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '\\':
            g_string_append_c(out, '\\');
            g_string_append_c(out, *s);
            break;
        case '\n':
        case '\r':
            g_string_append_c(out, ' ');
            break;
        default:
            g_string_append_c(out, *s);
        }
    }
}

/* `code` with a fence longer than any backtick run inside. */
static void md_code(GString *out, const char *s)
{
    guint run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = MAX(longest, run);
    }
    g_autofree char *fence = g_strnfill(longest + 1, '`');
    g_autofree char *owned = NULL;
    g_autofree char *flat = g_strdup(gdn_report_clean(s, &owned));
    g_strdelimit(flat, "|", ' ');
    g_string_append_printf(out, "%s%s%s%s%s", fence, longest ? " " : "", flat, longest ? " " : "",
                           fence);
}

typedef struct {
    const GdnReport *r;
    const GdnChecked *c;
    const GPtrArray *findings; /* the domain's, may be NULL */
} Dom;

#define FOR_DOMAIN_FINDINGS(d, f)                                                                  \
    for (guint _i = 0; (d)->findings && _i < (d)->findings->len; _i++)                             \
        for (const GdnFinding *f = g_ptr_array_index((d)->findings, _i); f; f = NULL)              \
            if (!f->suppressed)

static gboolean has_rule(const Dom *d, const char *id, GdnSeverity *sev)
{
    FOR_DOMAIN_FINDINGS(d, f)
    {
        if (g_str_equal(f->rule->id, id)) {
            if (sev)
                *sev = f->severity;
            return TRUE;
        }
    }
    return FALSE;
}

/* A line was checked when one of its rules ran: selected and built in,
 * or evidently, because it reported here. */
static gboolean ids_checked(const Dom *d, const char *ids)
{
    FOR_DOMAIN_FINDINGS(d, f)
    {
        if (id_matches(ids, f->rule->id))
            return TRUE;
    }
    return ids_selected(d->r, ids);
}

/* "ID name" of each distinct rule matching it, at or above / below warning. */
static void item_rules(const Dom *d, const Item *it, GString *bad, GString *info)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    FOR_DOMAIN_FINDINGS(d, f)
    {
        if (!item_matches(it, f) || !g_hash_table_add(seen, (gpointer)f->rule->id))
            continue;
        GString *to = f->severity >= GDN_SEV_WARNING ? bad : info;
        g_string_append_printf(to, "%s`%s` %s", to->len ? ", " : "", f->rule->id, f->rule->name);
    }
}

static void write_items(GString *out, const Dom *d, const Item *items, guint n)
{
    for (guint i = 0; i < n; i++) {
        const Item *it = &items[i];
        if (!ids_checked(d, it->ids)) {
            g_string_append_printf(out, "- %s **%s:** not checked\n", SKIP, it->label);
            continue;
        }
        g_autoptr(GString) bad = g_string_new(NULL);
        g_autoptr(GString) info = g_string_new(NULL);
        item_rules(d, it, bad, info);
        g_string_append_printf(out, "- %s **%s:** %s", bad->len ? BAD : OK, it->label,
                               bad->len ? bad->str : "no findings");
        if (info->len)
            g_string_append_printf(out, "%ssuggestions: %s", bad->len ? "; " : " (", info->str);
        g_string_append(out, info->len && !bad->len ? ")\n" : "\n");
    }
}

static void write_hyperv(GString *out, const Dom *d)
{
    if (!d->c->windows) {
        g_string_append(out,
                        "### Hyper-V Enlightenments: not applicable (not a Windows guest)\n\n");
        return;
    }
    if (!ids_checked(d, "HV001 HV002 HV003 HV004 HV005 HV006 HV007 HV008 HV010 HV011 HV012 HV013 "
                        "HV014 HV015 HV016")) {
        g_string_append(out, "### Hyper-V Enlightenments: not checked\n\n");
        return;
    }
    gboolean none = has_rule(d, "HV001", NULL);
    GdnSeverity evmcs_sev = GDN_SEV_INFO;
    gboolean amd_evmcs = has_rule(d, "HV015", &evmcs_sev) && evmcs_sev == GDN_SEV_ERROR;
    guint total = amd_evmcs ? 13 : 14, on = 0;
    g_autoptr(GString) lines = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(hv_items); i++) {
        const Item *it = &hv_items[i];
        const char *id = it->ids; /* first ID is the enlightenment's own rule */
        g_autofree char *own = g_strndup(id, strcspn(id, " "));
        if (g_str_equal(own, "HV015") && amd_evmcs) {
            g_string_append_printf(lines,
                                   "- %s evmcs: on with an AMD host, must be removed "
                                   "(`HV015`)\n",
                                   BAD);
            continue;
        }
        if (none || has_rule(d, own, NULL)) {
            g_string_append_printf(lines, "- %s %s%s%s%s\n", BAD, it->label, none ? "" : " (`",
                                   none ? "" : own, none ? "" : "`)");
            continue;
        }
        on++;
        if (g_str_equal(own, "HV008") && has_rule(d, "HV009", NULL))
            g_string_append_printf(lines, "- %s stimer, %s direct=on missing (`HV009`)\n", OK,
                                   WARN);
        else
            g_string_append_printf(lines, "- %s %s\n", OK, it->label);
    }
    g_string_append_printf(out, "### Hyper-V Enlightenments: %u/%u Enabled\n", on, total);
    if (none)
        g_string_append(out, "No `<hyperv>` element (`HV001` hyperv-missing).\n");
    g_string_append(out, lines->str);
    /* Dependencies, AVIC, kvm hidden, vmport: not part of the 14. */
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    FOR_DOMAIN_FINDINGS(d, f)
    {
        int n = g_str_has_prefix(f->rule->id, "HV") ? atoi(f->rule->id + 2) : 0;
        if (n >= 17 && g_hash_table_add(seen, (gpointer)f->rule->id))
            g_string_append_printf(out, "- %s `%s` %s\n",
                                   f->severity >= GDN_SEV_WARNING ? BAD : WARN, f->rule->id,
                                   f->rule->name);
    }
    g_string_append_c(out, '\n');
}

static const char *sev_label(GdnSeverity s)
{
    return s == GDN_SEV_ERROR ? "🔴 error" : s == GDN_SEV_WARNING ? "🟠 warning" : "🔵 info";
}

static void write_table(GString *out, const Dom *d)
{
    guint n = 0;
    FOR_DOMAIN_FINDINGS(d, f) n++;
    if (!n) {
        g_string_append(out, "### Findings\n\nNo findings.\n\n");
        return;
    }
    g_string_append(out, "### Findings\n\n| Severity | Rule | Location | Message | Impact | Fix |\n"
                         "|---|---|---|---|---|---|\n");
    FOR_DOMAIN_FINDINGS(d, f)
    {
        g_autofree char *where = g_strdup_printf("%u:%u", f->line, f->column);
        g_string_append_printf(out, "| %s | `%s` %s | %s ", sev_label(f->severity), f->rule->id,
                               f->rule->name, where);
        if (f->xpath)
            md_code(out, f->xpath);
        g_string_append(out, " | ");
        md_text(out, f->message);
        g_string_append(out, " | ");
        md_text(out, f->rule->impact);
        g_string_append(out, " | ");
        g_string_append(out, f->fix_safety == GDN_FIX_SAFE     ? "safe"
                             : f->fix_safety == GDN_FIX_UNSAFE ? "unsafe"
                                                               : "advice");
        g_string_append(out, " |\n");
    }
    g_string_append_c(out, '\n');
}

static void write_domain(GString *out, const GdnReport *r, const GdnChecked *c,
                         const GPtrArray *findings)
{
    Dom d = {r, c, findings};
    guint by_sev[3] = {0}, fixes[3] = {0}, failing = 0;
    FOR_DOMAIN_FINDINGS(&d, f)
    {
        by_sev[f->severity]++;
        fixes[f->fix_safety]++;
        failing += !r->fail_never && f->severity >= r->fail_on;
    }
    g_string_append(out, "## Performance Optimization Report: ");
    md_text(out, c->domain ? c->domain : c->name);
    g_string_append(out, "\n\n**Source:** ");
    md_code(out, c->name);
    g_string_append(out, "\n\n### Executive Summary\n\n");
    if (failing)
        g_string_append_printf(out, "- **Status:** %s FAIL (%u finding%s at or above `%s`)\n", BAD,
                               failing, failing == 1 ? "" : "s", gdn_severity_name(r->fail_on));
    else
        g_string_append_printf(out, "- **Status:** %s PASS\n", OK);
    g_string_append(out, "- **Critical Issues:** ");
    if (!by_sev[GDN_SEV_ERROR]) {
        g_string_append(out, "None\n");
    } else {
        guint k = 0;
        FOR_DOMAIN_FINDINGS(&d, f)
        {
            if (f->severity != GDN_SEV_ERROR)
                continue;
            g_string_append_printf(out, "%s`%s` ", k++ ? "; " : "", f->rule->id);
            md_text(out, f->message);
        }
        g_string_append_c(out, '\n');
    }
    g_string_append_printf(out, "- **Findings:** %u error%s, %u warning%s, %u info\n",
                           by_sev[GDN_SEV_ERROR], by_sev[GDN_SEV_ERROR] == 1 ? "" : "s",
                           by_sev[GDN_SEV_WARNING], by_sev[GDN_SEV_WARNING] == 1 ? "" : "s",
                           by_sev[GDN_SEV_INFO]);
    if (fixes[GDN_FIX_SAFE] + fixes[GDN_FIX_UNSAFE] + fixes[GDN_FIX_NONE])
        g_string_append_printf(out,
                               "- **Recommendations:** %u safe fix%s (`guardian check --fix`), "
                               "%u unsafe (`--fix --unsafe-fixes`), %u advice only\n",
                               fixes[GDN_FIX_SAFE], fixes[GDN_FIX_SAFE] == 1 ? "" : "es",
                               fixes[GDN_FIX_UNSAFE], fixes[GDN_FIX_NONE]);
    g_string_append_c(out, '\n');

    write_hyperv(out, &d);
    g_string_append(out, "### VirtIO Drivers\n");
    write_items(out, &d, virtio_items, G_N_ELEMENTS(virtio_items));
    g_string_append(out, "\n### CPU Configuration\n");
    write_items(out, &d, cpu_items, G_N_ELEMENTS(cpu_items));
    g_string_append(out, "\n### Memory Configuration\n");
    write_items(out, &d, mem_items, G_N_ELEMENTS(mem_items));
    g_string_append(out, "\n### Clock and Timers\n");
    write_items(out, &d, clock_items, G_N_ELEMENTS(clock_items));
    g_string_append_c(out, '\n');
    write_table(out, &d);
}

/* The summary heads the report, so each domain's section is rendered as
 * it is checked (its findings are then freed) and written at the end. */
typedef struct {
    GString *rows;     /* the per-domain summary table's rows */
    GString *sections; /* "---" and each domain's section */
} Markdown;

static gpointer markdown_begin(const GdnReport *r, GString *out)
{
    (void)r;
    (void)out;
    Markdown *m = g_new0(Markdown, 1);
    m->rows = g_string_new(NULL);
    m->sections = g_string_new(NULL);
    return m;
}

static void markdown_input(gpointer state, const GdnReport *r, const GdnInputResult *res,
                           GString *out)
{
    (void)out;
    Markdown *m = state;
    const GdnChecked *c = res->checked;
    if (!c)
        return;
    Dom d = {r, c, res->findings};
    guint s[3] = {0};
    FOR_DOMAIN_FINDINGS(&d, f) s[f->severity]++;
    g_string_append(m->rows, "| ");
    md_text(m->rows, c->domain ? c->domain : "?");
    g_string_append(m->rows, " | ");
    md_code(m->rows, c->name);
    g_string_append_printf(m->rows, " | %u | %u | %u |\n", s[GDN_SEV_ERROR], s[GDN_SEV_WARNING],
                           s[GDN_SEV_INFO]);
    g_string_append(m->sections, "---\n\n");
    write_domain(m->sections, r, c, res->findings);
}

static void write_status(GString *out, const GdnReport *r)
{
    const GdnReportTotals *t = &r->totals;
    guint failing = t->failing, total = t->active;
    g_string_append(out, "# guardian performance review\n\n");
    if (failing)
        g_string_append_printf(out, "**Status:** %s FAIL: %u finding%s at or above `%s`\n\n", BAD,
                               failing, failing == 1 ? "" : "s", gdn_severity_name(r->fail_on));
    else if (r->errors->len)
        g_string_append_printf(out, "**Status:** %s ERROR: %u input%s could not be checked\n\n",
                               BAD, r->errors->len, r->errors->len == 1 ? "" : "s");
    else
        g_string_append_printf(out, "**Status:** %s PASS\n\n", OK);
    g_string_append_printf(out,
                           "%u domain%s checked, %u skipped, %u unreadable. %u finding%s "
                           "(%u error%s, %u warning%s, %u info), %u fixable, %u suppressed.\n\n",
                           t->domains, t->domains == 1 ? "" : "s", r->notices->len, r->errors->len,
                           total, total == 1 ? "" : "s", t->by_sev[GDN_SEV_ERROR],
                           t->by_sev[GDN_SEV_ERROR] == 1 ? "" : "s", t->by_sev[GDN_SEV_WARNING],
                           t->by_sev[GDN_SEV_WARNING] == 1 ? "" : "s", t->by_sev[GDN_SEV_INFO],
                           t->fixable, t->suppressed);
}

static void markdown_end(gpointer state, const GdnReport *r, GString *out)
{
    Markdown *m = state;
    write_status(out, r);
    if (r->totals.domains > 1) {
        g_string_append(out,
                        "| Domain | Source | Errors | Warnings | Info |\n|---|---|---|---|---|\n");
        g_string_append_len(out, m->rows->str, (gssize)m->rows->len);
        g_string_append_c(out, '\n');
    }
    if (r->errors->len) {
        g_string_append(out, "## Inputs that could not be checked\n\n");
        for (guint i = 0; i < r->errors->len; i++) {
            const GdnInputError *e = g_ptr_array_index(r->errors, i);
            g_autofree char *where =
                e->line ? g_strdup_printf("%s:%u", e->file, e->line) : g_strdup(e->file);
            g_string_append_printf(out, "- %s ", BAD);
            md_code(out, where);
            g_string_append(out, ": ");
            md_text(out, e->message);
            g_string_append_c(out, '\n');
        }
        g_string_append_c(out, '\n');
    }
    if (r->notices->len) {
        g_string_append(out, "## Skipped\n\n");
        for (guint i = 0; i < r->notices->len; i++) {
            const GdnNotice *n = g_ptr_array_index(r->notices, i);
            g_string_append_printf(out, "- %s ", SKIP);
            md_code(out, n->file);
            g_string_append(out, ": ");
            md_text(out, n->message);
            g_string_append_c(out, '\n');
        }
        g_string_append_c(out, '\n');
    }
    g_string_append_len(out, m->sections->str, (gssize)m->sections->len);
    g_string_free(m->rows, TRUE);
    g_string_free(m->sections, TRUE);
    g_free(m);
}

GDN_REPORTER(markdown, markdown_begin, markdown_input, markdown_end);

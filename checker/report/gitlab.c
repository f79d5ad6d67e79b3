/* GitLab Code Quality (the CodeClimate subset GitLab reads): an array of
 * {description, check_name, fingerprint, severity, location{path,
 * lines{begin}}}. Fingerprints hash (file, domain, rule, xpath), never the
 * line, so an issue keeps its identity when lines move. */
#include "report/report.h"
#include "engine/rule.h"
#include "report/json_gen.h"
#include <string.h>

static const char *severity(GdnSeverity s)
{
    return s == GDN_SEV_ERROR ? "critical" : s == GDN_SEV_WARNING ? "major" : "info";
}

static char *fingerprint(const char *path, const char *domain, const char *rule, const char *xpath)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    const char *parts[] = {path, domain ? domain : "", rule, xpath ? xpath : ""};
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++)
        g_checksum_update(sum, (const guchar *)parts[i], (gssize)strlen(parts[i]) + 1);
    return g_strdup(g_checksum_get_string(sum));
}

/* Two findings of one rule on one element get "-2", "-3": GitLab needs
 * fingerprints unique within a report. */
static char *unique(GHashTable *seen, char *fp)
{
    char *u = g_strdup(fp);
    for (guint n = 2; g_hash_table_contains(seen, u); n++) {
        g_free(u);
        u = g_strdup_printf("%s-%u", fp, n);
    }
    g_free(fp);
    g_hash_table_add(seen, g_strdup(u));
    return u;
}

static void issue(yajl_gen g, const char *description, const char *check, const char *fp,
                  const char *sev, const char *path, guint line)
{
    gdn_jgen_object(g, NULL);
    gdn_jgen_str(g, "description", description);
    gdn_jgen_str(g, "check_name", check);
    gdn_jgen_str(g, "fingerprint", fp);
    gdn_jgen_str(g, "severity", sev);
    gdn_jgen_object(g, "location");
    gdn_jgen_str(g, "path", path);
    gdn_jgen_object(g, "lines");
    gdn_jgen_int(g, "begin", line ? line : 1);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
}

static gpointer gitlab_begin(const GdnReport *r, GString *out)
{
    yajl_gen g = gdn_jgen_new(out, r->pretty);
    yajl_gen_array_open(g);
    return g;
}

/* Fingerprints name the file and domain, so uniqueness is per input. */
static void gitlab_input(gpointer state, const GdnReport *r, const GdnInputResult *res,
                         GString *out)
{
    (void)r;
    (void)out;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (f->suppressed)
            continue;
        g_autofree char *path = gdn_finding_location(f);
        g_autofree char *fp = unique(seen, fingerprint(path, f->domain, f->rule->id, f->xpath));
        g_autofree char *check = g_strdup_printf("%s %s", f->rule->id, f->rule->name);
        g_autofree char *desc =
            g_strdup_printf("%s: %s (impact: %s)", f->rule->id, f->message, f->rule->impact);
        issue(state, desc, check, fp, severity(f->severity), path, f->line);
    }
}

/* An input that could not be checked blocks the merge like a broken VM. */
static void gitlab_end(gpointer state, const GdnReport *r, GString *out)
{
    yajl_gen g = state;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        g_autofree char *fp = unique(seen, fingerprint(e->file, NULL, "input-error", e->message));
        g_autofree char *desc =
            g_strdup_printf("guardian could not check this file: %s", e->message);
        issue(g, desc, "guardian input-error", fp, "blocker", e->file, e->line);
    }
    yajl_gen_array_close(g);
    gdn_jgen_finish(g, out, r->pretty);
}

GDN_REPORTER(gitlab, gitlab_begin, gitlab_input, gitlab_end);

/* GitLab Code Quality (the CodeClimate subset GitLab reads): an array of
 * {description, check_name, fingerprint, severity, location{path,
 * lines{begin}}}. Fingerprints hash (file, domain, rule, xpath), never the
 * line, so an issue keeps its identity when lines move. */
#include "report/report.h"
#include "engine/rule.h"
#include "report/json_util.h"
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

static void issue(JsonBuilder *b, const char *description, const char *check, const char *fp,
                  const char *sev, const char *path, guint line)
{
    json_builder_begin_object(b);
    gdn_json_add_str(b, "description", description);
    gdn_json_add_str(b, "check_name", check);
    gdn_json_add_str(b, "fingerprint", fp);
    gdn_json_add_str(b, "severity", sev);
    json_builder_set_member_name(b, "location");
    json_builder_begin_object(b);
    gdn_json_add_str(b, "path", path);
    json_builder_set_member_name(b, "lines");
    json_builder_begin_object(b);
    gdn_json_add_int(b, "begin", line ? line : 1);
    json_builder_end_object(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

static void write_gitlab(const GdnReport *r, GString *out)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    json_builder_begin_array(b);
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (f->suppressed)
            continue;
        g_autofree char *path = gdn_finding_location(f);
        g_autofree char *fp = unique(seen, fingerprint(path, f->domain, f->rule->id, f->xpath));
        g_autofree char *check = g_strdup_printf("%s %s", f->rule->id, f->rule->name);
        g_autofree char *desc =
            g_strdup_printf("%s: %s (impact: %s)", f->rule->id, f->message, f->rule->impact);
        issue(b, desc, check, fp, severity(f->severity), path, f->line);
    }
    /* An input that could not be checked blocks the merge like a broken VM. */
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        g_autofree char *fp = unique(seen, fingerprint(e->file, NULL, "input-error", e->message));
        g_autofree char *desc =
            g_strdup_printf("guardian could not check this file: %s", e->message);
        issue(b, desc, "guardian input-error", fp, "blocker", e->file, e->line);
    }
    json_builder_end_array(b);
    g_autofree char *text = gdn_json_text(b);
    g_string_append(out, text);
}

GDN_REPORTER(gitlab, write_gitlab);

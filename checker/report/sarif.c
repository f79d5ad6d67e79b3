/* SARIF 2.1.0 (OASIS), as GitHub code scanning and `sarif-multitool
 * validate` read it: one run, every rule in tool.driver.rules, one result
 * per finding; suppressed findings stay in as results with `suppressions`. */
#include "cli/docs.h"
#include "engine/registry.h"
#include "report/report.h"
#include "engine/rule.h"
#include "core/version.h"
#include "report/json_util.h"
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* SARIF strings are never null. */
static void add_str(JsonBuilder *b, const char *key, const char *val)
{
    gdn_json_add_str(b, key, val ? val : "");
}

/* {"text": ...}; SARIF2001 wants messages to end with a period. */
static void add_message(JsonBuilder *b, const char *key, const char *text)
{
    json_builder_set_member_name(b, key);
    json_builder_begin_object(b);
    gsize n = text ? strlen(text) : 0;
    if (n && (text[n - 1] == '.' || text[n - 1] == '!' || text[n - 1] == '?'))
        add_str(b, "text", text);
    else {
        g_autofree char *dotted = g_strconcat(text ? text : "", ".", NULL);
        add_str(b, "text", dotted);
    }
    json_builder_end_object(b);
}

static const char *sarif_level(GdnSeverity s)
{
    switch (s) {
    case GDN_SEV_ERROR:
        return "error";
    case GDN_SEV_WARNING:
        return "warning";
    case GDN_SEV_INFO:
        return "note";
    }
    return "none";
}

/* GitHub's non-security severity scale. */
static const char *problem_severity(GdnSeverity s)
{
    return s == GDN_SEV_ERROR ? "error" : s == GDN_SEV_WARNING ? "warning" : "recommendation";
}

/* A URI reference for an input: relative paths stay relative (GitHub
 * resolves them against the repository root), absolute ones become file://
 * URIs; libvirt domains are the connection URI with the domain as fragment
 * (line numbers refer to the inactive XML libvirt returned). */
static char *artifact_uri(const GdnFinding *f)
{
    if (f->uri) {
        g_autofree char *dom = g_uri_escape_string(f->domain ? f->domain : "", NULL, FALSE);
        return g_strdup_printf("%s#domain=%s", f->uri, dom);
    }
    const char *file = f->file ? f->file : "-";
    if (g_path_is_absolute(file)) {
        char *uri = g_filename_to_uri(file, NULL, NULL);
        if (uri)
            return uri;
    }
    const char *p = file;
    while (g_str_has_prefix(p, "./"))
        p += 2;
    return g_uri_escape_string(p, "/", FALSE);
}

static void add_rule(JsonBuilder *b, const GdnModule *m, const GdnRule *r)
{
    json_builder_begin_object(b);
    add_str(b, "id", r->id);
    add_str(b, "name", r->name);
    add_message(b, "shortDescription", r->summary);
    g_autofree char *full = g_strdup_printf("%s. Impact: %s. Fix (%s): %s.", r->summary, r->impact,
                                            gdn_fix_safety_name(r->fix), r->fix_text);
    add_message(b, "fullDescription", full);
    g_autofree char *page = gdn_docs_rule_page(r->id);
    json_builder_set_member_name(b, "help");
    json_builder_begin_object(b);
    add_str(b, "text", page ? page : full);
    add_str(b, "markdown", page ? page : full);
    json_builder_end_object(b);
    g_autofree char *help_uri = g_strdup_printf("%s/blob/main/docs/rules/%s.md", GDN_URL, r->id);
    add_str(b, "helpUri", help_uri);

    json_builder_set_member_name(b, "defaultConfiguration");
    json_builder_begin_object(b);
    add_str(b, "level", sarif_level(r->severity));
    if (r->default_off) {
        json_builder_set_member_name(b, "enabled");
        json_builder_add_boolean_value(b, FALSE);
    }
    json_builder_end_object(b);

    json_builder_set_member_name(b, "properties");
    json_builder_begin_object(b);
    /* SARIF wants unique tags; a rule's own tags may repeat "host". */
    g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(tags, g_strdup(m->name));
    g_auto(GStrv) own = g_strsplit(r->tags ? r->tags : "", " ", -1);
    for (char **t = own; *t; t++)
        if (**t)
            g_ptr_array_add(tags, g_strdup(*t));
    if (r->needs_host)
        g_ptr_array_add(tags, g_strdup("host"));
    if (m->windows_only)
        g_ptr_array_add(tags, g_strdup("windows"));
    g_ptr_array_add(tags, g_strdup("performance"));
    json_builder_set_member_name(b, "tags");
    json_builder_begin_array(b);
    for (guint i = 0; i < tags->len; i++) {
        gboolean dup = FALSE;
        for (guint j = 0; j < i && !dup; j++)
            dup = g_str_equal(g_ptr_array_index(tags, i), g_ptr_array_index(tags, j));
        if (!dup)
            json_builder_add_string_value(b, g_ptr_array_index(tags, i));
    }
    json_builder_end_array(b);
    add_str(b, "problem.severity", problem_severity(r->severity));
    add_str(b, "impact", r->impact);
    add_str(b, "fixSafety", gdn_fix_safety_name(r->fix));
    json_builder_end_object(b);
    json_builder_end_object(b);
}

/* "artifactLocation": {"uri": ...} of the finding's file or domain. */
static void add_artifact_location(JsonBuilder *b, const GdnFinding *f)
{
    json_builder_set_member_name(b, "artifactLocation");
    json_builder_begin_object(b);
    g_autofree char *uri = artifact_uri(f);
    add_str(b, "uri", uri);
    json_builder_end_object(b);
}

static void add_location(JsonBuilder *b, const GdnFinding *f)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "physicalLocation");
    json_builder_begin_object(b);
    add_artifact_location(b, f);
    json_builder_set_member_name(b, "region");
    json_builder_begin_object(b);
    gdn_json_add_int(b, "startLine", f->line ? f->line : 1);
    gdn_json_add_int(b, "startColumn", f->column ? f->column : 1);
    json_builder_end_object(b);
    json_builder_end_object(b);

    if (f->xpath) {
        json_builder_set_member_name(b, "logicalLocations");
        json_builder_begin_array(b);
        json_builder_begin_object(b);
        const char *slash = strrchr(f->xpath, '/');
        g_autofree char *name = g_strdup(slash ? slash + 1 : f->xpath);
        char *bracket = strchr(name, '[');
        if (bracket)
            *bracket = '\0';
        add_str(b, "name", name);
        add_str(b, "fullyQualifiedName", f->xpath);
        add_str(b, "kind", "element");
        json_builder_end_object(b);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

/* Suppressions come from in-file markers (guardian metadata, XML comments)
 * or from outside the file (config ignores, baseline); the finding says which. */
static const char *suppression_kind(const GdnFinding *f)
{
    return f->suppression_kind ? f->suppression_kind : "inSource";
}

/* Stable across line moves: the baseline key (file, domain, rule, xpath). */
static char *fingerprint(const GdnFinding *f)
{
    g_autofree char *key =
        g_strdup_printf("%s\x1f%s\x1f%s\x1f%s", f->uri ? f->uri : (f->file ? f->file : ""),
                        f->domain ? f->domain : "", f->rule->id, f->xpath ? f->xpath : "");
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
}

/* SARIF fixes from the fixer's edits (GdnReport.fixes, GdnFileFix in
 * fixer.h): a finding whose (rule, xpath) the fixer applied gets one fix
 * holding all of its file's composed edits (they are computed together and
 * may depend on each other), as replacements of byte regions of the
 * original file. Compiled only once the fixer is part of the build. */
#if __has_include("fixer.h")
#include "fix/fixer.h"

static const GdnFileFix *file_fix_for(const GdnReport *r, const GdnFinding *f)
{
    g_autofree char *name = gdn_finding_location(f);
    for (guint i = 0; r->fixes && i < r->fixes->len; i++) {
        const GdnFileFix *ff = g_ptr_array_index(r->fixes, i);
        if (g_strcmp0(ff->name, name) != 0 || !ff->edits || !ff->edits->len)
            continue;
        for (guint k = 0; k < ff->applied->len; k++) {
            const GdnAppliedFix *a = g_ptr_array_index(ff->applied, k);
            if (g_strcmp0(a->rule, f->rule->id) == 0 && g_strcmp0(a->xpath, f->xpath) == 0)
                return ff;
        }
    }
    return NULL;
}

static void add_fixes(JsonBuilder *b, const GdnReport *r, const GdnFinding *f)
{
    const GdnFileFix *ff = file_fix_for(r, f);
    if (!ff)
        return;
    json_builder_set_member_name(b, "fixes");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    g_autofree char *desc = g_strdup_printf(
        "Apply guardian's fixes for %s (%u fix%s, as `guardian check --fix%s` would).", ff->name,
        ff->applied->len, ff->applied->len == 1 ? "" : "es",
        r->unsafe_fixes ? " --unsafe-fixes" : "");
    add_message(b, "description", desc);
    json_builder_set_member_name(b, "artifactChanges");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    add_artifact_location(b, f);
    json_builder_set_member_name(b, "replacements");
    json_builder_begin_array(b);
    for (guint i = 0; i < ff->edits->len; i++) {
        const GdnEdit *e = g_ptr_array_index(ff->edits, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "deletedRegion");
        json_builder_begin_object(b);
        gdn_json_add_int(b, "byteOffset", (gint64)e->offset);
        gdn_json_add_int(b, "byteLength", (gint64)e->length);
        json_builder_end_object(b);
        if (e->replacement && *e->replacement) {
            json_builder_set_member_name(b, "insertedContent");
            json_builder_begin_object(b);
            add_str(b, "text", e->replacement);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_array(b);
}
#else
static void add_fixes(JsonBuilder *b, const GdnReport *r, const GdnFinding *f)
{
    (void)b;
    (void)r;
    (void)f;
}
#endif

static void add_result(JsonBuilder *b, const GdnReport *r, const GdnFinding *f,
                       GHashTable *rule_index)
{
    json_builder_begin_object(b);
    add_str(b, "ruleId", f->rule->id);
    guint index = GPOINTER_TO_UINT(g_hash_table_lookup(rule_index, f->rule->id));
    if (index)
        gdn_json_add_int(b, "ruleIndex", index - 1);
    add_str(b, "level", sarif_level(f->severity));
    add_message(b, "message", f->message);
    json_builder_set_member_name(b, "locations");
    json_builder_begin_array(b);
    add_location(b, f);
    json_builder_end_array(b);

    json_builder_set_member_name(b, "partialFingerprints");
    json_builder_begin_object(b);
    g_autofree char *fp = fingerprint(f);
    add_str(b, "guardianFindingKey/v1", fp);
    json_builder_end_object(b);

    if (f->suppressed) {
        json_builder_set_member_name(b, "suppressions");
        json_builder_begin_array(b);
        json_builder_begin_object(b);
        add_str(b, "kind", suppression_kind(f));
        add_str(b, "status", "accepted");
        add_str(b, "justification", f->suppressed);
        json_builder_end_object(b);
        json_builder_end_array(b);
    }
    add_fixes(b, r, f);

    json_builder_set_member_name(b, "properties");
    json_builder_begin_object(b);
    add_str(b, "module", f->module->name);
    if (f->domain)
        add_str(b, "domain", f->domain);
    add_str(b, "impact", f->rule->impact);
    add_str(b, "fixSafety", gdn_fix_safety_name(f->fix_safety));
    if (f->note)
        add_str(b, "note", f->note);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

/* Unreadable inputs and skipped documents: invocation notifications. */
static void add_notification(JsonBuilder *b, const char *level, const char *file, guint line,
                             const char *message)
{
    json_builder_begin_object(b);
    add_str(b, "level", level);
    add_message(b, "message", message);
    if (file) {
        GdnFinding pseudo = {.file = (char *)file};
        g_autofree char *uri = artifact_uri(&pseudo);
        json_builder_set_member_name(b, "locations");
        json_builder_begin_array(b);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "physicalLocation");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "artifactLocation");
        json_builder_begin_object(b);
        add_str(b, "uri", uri);
        json_builder_end_object(b);
        if (line) {
            json_builder_set_member_name(b, "region");
            json_builder_begin_object(b);
            gdn_json_add_int(b, "startLine", line);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
        json_builder_end_object(b);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

static void write_sarif(const GdnReport *r, GString *out)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(GHashTable) rule_index = g_hash_table_new(g_str_hash, g_str_equal);

    json_builder_begin_object(b);
    add_str(b, "$schema", SARIF_SCHEMA);
    add_str(b, "version", "2.1.0");
    json_builder_set_member_name(b, "runs");
    json_builder_begin_array(b);
    json_builder_begin_object(b);

    json_builder_set_member_name(b, "tool");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "driver");
    json_builder_begin_object(b);
    add_str(b, "name", "guardian");
    add_str(b, "version", GDN_VERSION);
    add_str(b, "semanticVersion", GDN_VERSION);
    add_str(b, "informationUri", GDN_URL);
    json_builder_set_member_name(b, "rules");
    json_builder_begin_array(b);
    guint n = 0;
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint i = 0; i < mod->n_rules; i++) {
            add_rule(b, mod, &mod->rules[i]);
            g_hash_table_insert(rule_index, (gpointer)mod->rules[i].id, GUINT_TO_POINTER(++n));
        }
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);

    json_builder_set_member_name(b, "invocations");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "executionSuccessful");
    json_builder_add_boolean_value(b, r->errors->len == 0);
    json_builder_set_member_name(b, "toolExecutionNotifications");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        add_notification(b, "error", e->file, e->line, e->message);
    }
    for (guint i = 0; i < r->notices->len; i++) {
        const GdnNotice *no = g_ptr_array_index(r->notices, i);
        add_notification(b, "note", no->file, 0, no->message);
    }
    guint shown =
        r->max_results && r->max_results < r->findings->len ? r->max_results : r->findings->len;
    if (shown < r->findings->len) {
        g_autofree char *msg =
            g_strdup_printf("%u of %u results left out (--max-results %u)",
                            r->findings->len - shown, r->findings->len, r->max_results);
        add_notification(b, "warning", NULL, 0, msg);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_array(b);

    add_str(b, "columnKind", "unicodeCodePoints");
    json_builder_set_member_name(b, "results");
    json_builder_begin_array(b);
    for (guint i = 0; i < shown; i++)
        add_result(b, r, g_ptr_array_index(r->findings, i), rule_index);
    json_builder_end_array(b);

    json_builder_end_object(b);
    json_builder_end_array(b);
    json_builder_end_object(b);

    g_autofree char *text = gdn_json_text(b);
    g_string_append(out, text);
}

GDN_REPORTER(sarif, write_sarif);

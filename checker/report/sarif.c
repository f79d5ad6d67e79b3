/* SARIF 2.1.0 (OASIS), as GitHub code scanning and `sarif-multitool
 * validate` read it: one run, every rule in tool.driver.rules, one result
 * per finding; suppressed findings stay in as results with `suppressions`. */
#include "cli/docs.h"
#include "engine/registry.h"
#include "report/report.h"
#include "engine/rule.h"
#include "core/version.h"
#include "fix/fixer.h"
#include "report/json_gen.h"
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* SARIF strings are never null. */
static void add_str(yajl_gen b, const char *key, const char *val)
{
    gdn_jgen_str(b, key, val ? val : "");
}

/* {"text": ...}; SARIF2001 wants messages to end with a period. */
static void add_message(yajl_gen b, const char *key, const char *text)
{
    gdn_jgen_object(b, key);
    gsize n = text ? strlen(text) : 0;
    if (n && (text[n - 1] == '.' || text[n - 1] == '!' || text[n - 1] == '?'))
        add_str(b, "text", text);
    else {
        g_autofree char *dotted = g_strconcat(text ? text : "", ".", NULL);
        add_str(b, "text", dotted);
    }
    yajl_gen_map_close(b);
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

static void add_rule(yajl_gen b, const GdnModule *m, const GdnRule *r)
{
    gdn_jgen_object(b, NULL);
    add_str(b, "id", r->id);
    add_str(b, "name", r->name);
    add_message(b, "shortDescription", r->summary);
    g_autofree char *full = g_strdup_printf("%s. Impact: %s. Fix (%s): %s.", r->summary, r->impact,
                                            gdn_fix_safety_name(r->fix), r->fix_text);
    add_message(b, "fullDescription", full);
    g_autofree char *page = gdn_docs_rule_page(r);
    gdn_jgen_object(b, "help");
    add_str(b, "text", page);
    add_str(b, "markdown", page);
    yajl_gen_map_close(b);
    g_autofree char *help_uri = gdn_rule_url(r->id);
    add_str(b, "helpUri", help_uri);

    gdn_jgen_object(b, "defaultConfiguration");
    add_str(b, "level", sarif_level(r->severity));
    if (r->default_off) {
        gdn_jgen_bool(b, "enabled", FALSE);
    }
    yajl_gen_map_close(b);

    gdn_jgen_object(b, "properties");
    /* The rule's tags, plus SARIF categories (GitHub filters on them). */
    g_auto(GStrv) tags = gdn_rule_tags(m, r);
    gdn_jgen_array(b, "tags");
    for (char **t = tags; *t; t++)
        gdn_jgen_string(b, *t);
    if (m->windows_only && !g_strv_contains((const char *const *)tags, "windows"))
        gdn_jgen_string(b, "windows");
    if (!g_strv_contains((const char *const *)tags, "performance"))
        gdn_jgen_string(b, "performance");
    yajl_gen_array_close(b);
    add_str(b, "problem.severity", problem_severity(r->severity));
    add_str(b, "impact", r->impact);
    add_str(b, "fixSafety", gdn_fix_safety_name(r->fix));
    yajl_gen_map_close(b);
    yajl_gen_map_close(b);
}

/* "artifactLocation": {"uri": ...} of the finding's file or domain. */
static void add_artifact_location(yajl_gen b, const char *uri)
{
    gdn_jgen_object(b, "artifactLocation");
    add_str(b, "uri", uri);
    yajl_gen_map_close(b);
}

static void add_location(yajl_gen b, const GdnFinding *f, const char *uri)
{
    gdn_jgen_object(b, NULL);
    gdn_jgen_object(b, "physicalLocation");
    add_artifact_location(b, uri);
    gdn_jgen_object(b, "region");
    gdn_jgen_int(b, "startLine", f->line ? f->line : 1);
    gdn_jgen_int(b, "startColumn", f->column ? f->column : 1);
    yajl_gen_map_close(b);
    yajl_gen_map_close(b);

    if (f->xpath) {
        gdn_jgen_array(b, "logicalLocations");
        gdn_jgen_object(b, NULL);
        const char *slash = strrchr(f->xpath, '/');
        g_autofree char *name = g_strdup(slash ? slash + 1 : f->xpath);
        char *bracket = strchr(name, '[');
        if (bracket)
            *bracket = '\0';
        add_str(b, "name", name);
        add_str(b, "fullyQualifiedName", f->xpath);
        add_str(b, "kind", "element");
        yajl_gen_map_close(b);
        yajl_gen_array_close(b);
    }
    yajl_gen_map_close(b);
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

/* The key of a (rule, xpath) pair; "\x02" stands for a missing one. */
static char *applied_key(const char *rule, const char *xpath)
{
    return g_strdup_printf("%s\x1f%s", rule ? rule : "\x02", xpath ? xpath : "\x02");
}

/* The edits of the first fix offered for each (rule, xpath) of an input
 * (GdnFileFix.offered in fix/fixer.h), looked up once per finding. */
static GHashTable *offered_index(const GdnFileFix *ff)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint k = 0; ff && k < ff->offered->len; k++) {
        const GdnAppliedFix *a = g_ptr_array_index(ff->offered, k);
        char *key = applied_key(a->rule, a->xpath);
        if (g_hash_table_contains(h, key))
            g_free(key);
        else
            g_hash_table_insert(h, key, a->edits);
    }
    return h;
}

/* SARIF fixes from the fixer's edits: a finding whose (rule, xpath) the
 * fixer offered a fix for gets one fix holding the edits of its own fix
 * alone (GdnFileFix.offered), as replacements of byte regions of the
 * original file. */
static void add_fixes(yajl_gen b, const GdnReport *r, GHashTable *applied, const GdnFinding *f,
                      const char *uri)
{
    g_autofree char *key = applied_key(f->rule->id, f->xpath);
    const GPtrArray *edits = g_hash_table_lookup(applied, key);
    if (!edits || !edits->len)
        return;
    gdn_jgen_array(b, "fixes");
    gdn_jgen_object(b, NULL);
    g_autofree char *desc = g_strdup_printf(
        "Apply guardian's fix for %s at %s (this fix alone; `guardian check --fix%s` applies "
        "every fix of the file).",
        f->rule->id, f->xpath, r->unsafe_fixes ? " --unsafe-fixes" : "");
    add_message(b, "description", desc);
    gdn_jgen_array(b, "artifactChanges");
    gdn_jgen_object(b, NULL);
    add_artifact_location(b, uri);
    gdn_jgen_array(b, "replacements");
    for (guint i = 0; i < edits->len; i++) {
        const GdnEdit *e = g_ptr_array_index(edits, i);
        /* An insertion where the next edit starts joins it: two regions
         * at one offset could be applied in either order. */
        g_autoptr(GString) text = g_string_new(e->replacement);
        while (e->length == 0 && i + 1 < edits->len &&
               ((const GdnEdit *)g_ptr_array_index(edits, i + 1))->offset == e->offset) {
            e = g_ptr_array_index(edits, ++i);
            g_string_append(text, e->replacement);
        }
        gdn_jgen_object(b, NULL);
        gdn_jgen_object(b, "deletedRegion");
        gdn_jgen_int(b, "byteOffset", (gint64)e->offset);
        gdn_jgen_int(b, "byteLength", (gint64)e->length);
        yajl_gen_map_close(b);
        if (text->len) {
            gdn_jgen_object(b, "insertedContent");
            add_str(b, "text", text->str);
            yajl_gen_map_close(b);
        }
        yajl_gen_map_close(b);
    }
    yajl_gen_array_close(b);
    yajl_gen_map_close(b);
    yajl_gen_array_close(b);
    yajl_gen_map_close(b);
    yajl_gen_array_close(b);
}

/* uri: the finding's artifact_uri */
static void add_result(yajl_gen b, const GdnReport *r, const GdnFinding *f, const char *uri,
                       GHashTable *applied, GHashTable *rule_index)
{
    gdn_jgen_object(b, NULL);
    add_str(b, "ruleId", f->rule->id);
    guint index = GPOINTER_TO_UINT(g_hash_table_lookup(rule_index, f->rule->id));
    if (index)
        gdn_jgen_int(b, "ruleIndex", index - 1);
    add_str(b, "level", sarif_level(f->severity));
    add_message(b, "message", f->message);
    gdn_jgen_array(b, "locations");
    add_location(b, f, uri);
    yajl_gen_array_close(b);

    gdn_jgen_object(b, "partialFingerprints");
    g_autofree char *fp = fingerprint(f);
    add_str(b, "guardianFindingKey/v1", fp);
    yajl_gen_map_close(b);

    if (f->suppressed) {
        gdn_jgen_array(b, "suppressions");
        gdn_jgen_object(b, NULL);
        add_str(b, "kind", suppression_kind(f));
        add_str(b, "status", "accepted");
        add_str(b, "justification", f->suppressed);
        yajl_gen_map_close(b);
        yajl_gen_array_close(b);
    }
    add_fixes(b, r, applied, f, uri);

    gdn_jgen_object(b, "properties");
    add_str(b, "module", f->module->name);
    if (f->domain)
        add_str(b, "domain", f->domain);
    add_str(b, "impact", f->rule->impact);
    add_str(b, "fixSafety", gdn_fix_safety_name(f->fix_safety));
    if (f->note)
        add_str(b, "note", f->note);
    yajl_gen_map_close(b);
    yajl_gen_map_close(b);
}

/* Unreadable inputs and skipped documents: invocation notifications. */
static void add_notification(yajl_gen b, const char *level, const char *file, guint line,
                             const char *message)
{
    gdn_jgen_object(b, NULL);
    add_str(b, "level", level);
    add_message(b, "message", message);
    if (file) {
        GdnFinding pseudo = {.file = (char *)file};
        g_autofree char *uri = artifact_uri(&pseudo);
        gdn_jgen_array(b, "locations");
        gdn_jgen_object(b, NULL);
        gdn_jgen_object(b, "physicalLocation");
        gdn_jgen_object(b, "artifactLocation");
        add_str(b, "uri", uri);
        yajl_gen_map_close(b);
        if (line) {
            gdn_jgen_object(b, "region");
            gdn_jgen_int(b, "startLine", line);
            yajl_gen_map_close(b);
        }
        yajl_gen_map_close(b);
        yajl_gen_map_close(b);
        yajl_gen_array_close(b);
    }
    yajl_gen_map_close(b);
}

typedef struct {
    yajl_gen g;
    GHashTable *rule_index; /* rule id -> index + 1 */
    guint seen, shown;      /* results, and those written (--max-results) */
} Sarif;

static void add_driver(yajl_gen b, GHashTable *rule_index)
{
    gdn_jgen_object(b, "tool");
    gdn_jgen_object(b, "driver");
    add_str(b, "name", "guardian");
    add_str(b, "version", GDN_VERSION);
    add_str(b, "semanticVersion", GDN_VERSION);
    add_str(b, "informationUri", GDN_URL);
    gdn_jgen_array(b, "rules");
    guint n = 0;
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint i = 0; i < mod->n_rules; i++) {
            add_rule(b, mod, &mod->rules[i]);
            g_hash_table_insert(rule_index, (gpointer)mod->rules[i].id, GUINT_TO_POINTER(++n));
        }
    }
    yajl_gen_array_close(b);
    yajl_gen_map_close(b);
    yajl_gen_map_close(b);
}

/* Results stream, so the run lists them before its invocation (whose
 * notifications are the inputs' errors, known only at the end). */
static gpointer sarif_begin(const GdnReport *r, GString *out)
{
    Sarif *s = g_new0(Sarif, 1);
    s->g = gdn_jgen_new(out, r->pretty);
    s->rule_index = g_hash_table_new(g_str_hash, g_str_equal);
    yajl_gen b = s->g;
    gdn_jgen_object(b, NULL);
    add_str(b, "$schema", SARIF_SCHEMA);
    add_str(b, "version", "2.1.0");
    gdn_jgen_array(b, "runs");
    gdn_jgen_object(b, NULL);
    add_driver(b, s->rule_index);
    add_str(b, "columnKind", "unicodeCodePoints");
    gdn_jgen_array(b, "results");
    return s;
}

static void sarif_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)out;
    Sarif *s = state;
    g_autoptr(GHashTable) applied = offered_index(res->fix);
    g_autofree char *uri = NULL; /* of prev: an input's findings share it */
    const GdnFinding *prev = NULL;
    for (guint i = 0; res->findings && i < res->findings->len; i++, s->seen++) {
        if (r->max_results && s->shown >= r->max_results)
            continue;
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (!prev || g_strcmp0(f->file, prev->file) || g_strcmp0(f->uri, prev->uri) ||
            g_strcmp0(f->domain, prev->domain)) {
            g_free(uri);
            uri = artifact_uri(f);
            prev = f;
        }
        add_result(s->g, r, f, uri, applied, s->rule_index);
        s->shown++;
    }
}

static void sarif_end(gpointer state, const GdnReport *r, GString *out)
{
    Sarif *s = state;
    yajl_gen b = s->g;
    yajl_gen_array_close(b);
    gdn_jgen_array(b, "invocations");
    gdn_jgen_object(b, NULL);
    gdn_jgen_bool(b, "executionSuccessful", r->errors->len == 0);
    gdn_jgen_array(b, "toolExecutionNotifications");
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        add_notification(b, "error", e->file, e->line, e->message);
    }
    for (guint i = 0; i < r->notices->len; i++) {
        const GdnNotice *no = g_ptr_array_index(r->notices, i);
        add_notification(b, "note", no->file, 0, no->message);
    }
    if (s->seen > s->shown) {
        g_autofree char *msg = g_strdup_printf("%u of %u results left out (--max-results %u)",
                                               s->seen - s->shown, s->seen, r->max_results);
        add_notification(b, "warning", NULL, 0, msg);
    }
    yajl_gen_array_close(b);
    yajl_gen_map_close(b);
    yajl_gen_array_close(b);

    yajl_gen_map_close(b);
    yajl_gen_array_close(b);
    yajl_gen_map_close(b);
    gdn_jgen_finish(b, out, r->pretty);
    g_hash_table_unref(s->rule_index);
    g_free(s);
}

GDN_REPORTER(sarif, sarif_begin, sarif_input, sarif_end);

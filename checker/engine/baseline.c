#include "engine/baseline.h"
#include "core/document.h"
#include "core/safe_write.h"
#include <string.h>
#include "core/version.h"
#include "report/json_util.h"

struct GdnBaseline {
    GHashTable *keys;
};

static char *key_of(const char *file, const char *domain, const char *rule, const char *xpath)
{
    return g_strjoin("\x1f", file ? file : "", domain ? domain : "", rule ? rule : "",
                     xpath ? xpath : "", NULL);
}

static char *finding_key(const GdnFinding *f)
{
    g_autofree char *where = f->uri ? g_strdup(f->uri) : g_strdup(f->file);
    return key_of(where, f->domain, gdn_finding_rule_id(f), f->xpath);
}

void gdn_baseline_free(GdnBaseline *b)
{
    if (!b)
        return;
    g_hash_table_unref(b->keys);
    g_free(b);
}

#define BASELINE_MAX_DEPTH 16

static gboolean fail(GError **error, const char *path, guint line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean fail(GError **error, const char *path, guint line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (line)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", path, line, msg);
    else
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, msg);
    return FALSE;
}

/* A baseline is shallow: deeper nesting is refused before json-glib's
 * recursive parser could exhaust the stack. */
static gboolean depth_ok(const char *path, const char *text, gsize len, GError **error)
{
    guint depth = 0, line = 1;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = text[i];
        line += c == '\n';
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if ((c == '[' || c == '{') && ++depth > BASELINE_MAX_DEPTH) {
            return fail(error, path, line, "nested deeper than %d levels", BASELINE_MAX_DEPTH);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return TRUE;
}

/* Each entry: an object whose file, domain, rule and xpath are strings. */
static gboolean add_entry(GdnBaseline *b, JsonNode *n, guint i, const char *path, GError **error)
{
    static const char *const keys[] = {"file", "domain", "rule", "xpath"};
    const char *v[G_N_ELEMENTS(keys)];
    JsonObject *e = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
    if (!e)
        return fail(error, path, 0, "findings[%u] is not an object", i);
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        JsonNode *m = json_object_get_member(e, keys[k]);
        if (!m || !JSON_NODE_HOLDS_VALUE(m) || json_node_get_value_type(m) != G_TYPE_STRING)
            return fail(error, path, 0, "findings[%u].%s must be a string", i, keys[k]);
        v[k] = json_node_get_string(m);
    }
    g_hash_table_add(b->keys, key_of(v[0], v[1], v[2], v[3]));
    return TRUE;
}

static JsonArray *entries_of(JsonNode *root, const char *path, GError **error)
{
    JsonObject *obj = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonNode *ver = obj ? json_object_get_member(obj, "guardian_baseline") : NULL;
    JsonNode *fs = obj ? json_object_get_member(obj, "findings") : NULL;
    if (!fs || !JSON_NODE_HOLDS_ARRAY(fs)) {
        fail(error, path, 0, "not a guardian baseline (no \"findings\" array)");
        return NULL;
    }
    if (!ver || !JSON_NODE_HOLDS_VALUE(ver) || json_node_get_value_type(ver) != G_TYPE_INT64 ||
        json_node_get_int(ver) != 1) {
        fail(error, path, 0, "unsupported baseline format (\"guardian_baseline\" must be 1)");
        return NULL;
    }
    return json_node_get_array(fs);
}

GdnBaseline *gdn_baseline_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    g_autoptr(GdnInputError) ierr = NULL;
    if (!gdn_read_text(path, &text, &len, &ierr)) {
        fail(error, ierr->file, ierr->line, "%s", ierr->message);
        return NULL;
    }
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) jerr = NULL;
    if (!depth_ok(path, text, len, error))
        return NULL;
    if (!json_parser_load_from_data(parser, text, (gssize)len, &jerr)) {
        fail(error, path, 0, "%s", jerr->message);
        return NULL;
    }
    JsonArray *entries = entries_of(json_parser_get_root(parser), path, error);
    if (!entries)
        return NULL;
    g_autoptr(GdnBaseline) b = g_new0(GdnBaseline, 1);
    b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < json_array_get_length(entries); i++)
        if (!add_entry(b, json_array_get_element(entries, i), i, path, error))
            return NULL;
    return g_steal_pointer(&b);
}

void gdn_baseline_apply(const GdnBaseline *b, GPtrArray *findings)
{
    for (guint i = 0; b && i < findings->len; i++) {
        GdnFinding *f = g_ptr_array_index(findings, i);
        g_autofree char *k = finding_key(f);
        if (!f->suppressed && g_hash_table_contains(b->keys, k)) {
            f->suppressed = g_strdup("recorded in baseline");
            f->suppression_kind = "external";
        }
    }
}

gboolean gdn_baseline_write(const char *path, const GPtrArray *findings, GError **error)
{
    g_autoptr(JsonBuilder) jb = json_builder_new();
    json_builder_begin_object(jb);
    json_builder_set_member_name(jb, "guardian_baseline");
    json_builder_add_int_value(jb, 1);
    json_builder_set_member_name(jb, "version");
    json_builder_add_string_value(jb, GDN_VERSION);
    json_builder_set_member_name(jb, "findings");
    json_builder_begin_array(jb);
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        if (f->suppressed)
            continue;
        json_builder_begin_object(jb);
        json_builder_set_member_name(jb, "file");
        json_builder_add_string_value(jb, f->uri ? f->uri : f->file);
        json_builder_set_member_name(jb, "domain");
        json_builder_add_string_value(jb, f->domain ? f->domain : "");
        json_builder_set_member_name(jb, "rule");
        json_builder_add_string_value(jb, gdn_finding_rule_id(f));
        json_builder_set_member_name(jb, "xpath");
        json_builder_add_string_value(jb, f->xpath);
        json_builder_end_object(jb);
    }
    json_builder_end_array(jb);
    json_builder_end_object(jb);
    g_autofree char *text = gdn_json_text(jb);
    return gdn_write_file(path, text, strlen(text), NULL, 0, error);
}

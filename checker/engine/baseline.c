#include "engine/baseline.h"
#include "report/output.h"
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

static const char *member(JsonObject *o, const char *name)
{
    return json_object_has_member(o, name) ? json_object_get_string_member(o, name) : NULL;
}

GdnBaseline *gdn_baseline_load(const char *path, GError **error)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    if (!json_parser_load_from_file(parser, path, error))
        return NULL;
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *obj = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonArray *entries = obj && json_object_has_member(obj, "findings")
                             ? json_object_get_array_member(obj, "findings")
                             : NULL;
    if (!entries) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: not a guardian baseline (no \"findings\" array)", path);
        return NULL;
    }
    GdnBaseline *b = g_new0(GdnBaseline, 1);
    b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < json_array_get_length(entries); i++) {
        JsonNode *n = json_array_get_element(entries, i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            continue;
        JsonObject *e = json_node_get_object(n);
        g_hash_table_add(b->keys, key_of(member(e, "file"), member(e, "domain"), member(e, "rule"),
                                         member(e, "xpath")));
    }
    return b;
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

void gdn_baseline_record(GPtrArray *into, const GPtrArray *findings)
{
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        if (f->suppressed)
            continue;
        GdnFinding *k = g_new0(GdnFinding, 1);
        k->rule = f->rule;
        k->file = g_strdup(f->file);
        k->uri = g_strdup(f->uri);
        k->domain = g_strdup(f->domain);
        k->xpath = g_strdup(f->xpath);
        g_ptr_array_add(into, k);
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
    return gdn_write_output(path, text, strlen(text), error);
}

#include "engine/baseline.h"
#include "report/output.h"
#include <string.h>
#include "core/version.h"
#include "core/document.h"
#include "report/json_gen.h"
#include <yajl/yajl_tree.h>

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

static const char *member(yajl_val entry, const char *name)
{
    const char *path[] = {name, NULL};
    return YAJL_GET_STRING(yajl_tree_get(entry, path, yajl_t_string));
}

/* The file within the input size limit, parsed as JSON. */
static yajl_val parse_file(const char *path, GError **error)
{
    g_autofree char *bytes = NULL;
    gsize len = 0;
    GdnInputError *err = NULL;
    if (!gdn_read_input(path, &bytes, &len, &err)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, err->message);
        gdn_input_error_free(err);
        return NULL;
    }
    char why[256] = "";
    yajl_val root = strlen(bytes) == len ? yajl_tree_parse(bytes, why, sizeof why) : NULL;
    if (!root)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not valid JSON: %s", path,
                    why[0] ? g_strstrip(why) : "NUL byte");
    return root;
}

GdnBaseline *gdn_baseline_load(const char *path, GError **error)
{
    yajl_val root = parse_file(path, error);
    if (!root)
        return NULL;
    const char *findings[] = {"findings", NULL};
    yajl_val entries = yajl_tree_get(root, findings, yajl_t_array);
    if (!entries) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: not a guardian baseline (no \"findings\" array)", path);
        yajl_tree_free(root);
        return NULL;
    }
    GdnBaseline *b = g_new0(GdnBaseline, 1);
    b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t i = 0; i < YAJL_GET_ARRAY(entries)->len; i++) {
        yajl_val e = YAJL_GET_ARRAY(entries)->values[i];
        if (!YAJL_IS_OBJECT(e))
            continue;
        g_hash_table_add(b->keys, key_of(member(e, "file"), member(e, "domain"), member(e, "rule"),
                                         member(e, "xpath")));
    }
    yajl_tree_free(root);
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

/* Pretty-printed: baselines are committed and reviewed as diffs. */
gboolean gdn_baseline_write(const char *path, const GPtrArray *findings, GError **error)
{
    g_autoptr(GString) text = g_string_new(NULL);
    yajl_gen g = gdn_jgen_new(text, TRUE);
    gdn_jgen_object(g, NULL);
    gdn_jgen_int(g, "guardian_baseline", 1);
    gdn_jgen_str(g, "version", GDN_VERSION);
    gdn_jgen_array(g, "findings");
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        if (f->suppressed)
            continue;
        gdn_jgen_object(g, NULL);
        gdn_jgen_str(g, "file", f->uri ? f->uri : f->file);
        gdn_jgen_str(g, "domain", f->domain ? f->domain : "");
        gdn_jgen_str(g, "rule", gdn_finding_rule_id(f));
        gdn_jgen_str(g, "xpath", f->xpath);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    gdn_jgen_finish(g, text, TRUE);
    return gdn_write_output(path, text->str, text->len, error);
}

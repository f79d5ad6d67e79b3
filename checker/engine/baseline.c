#include "engine/baseline.h"
#include "core/document.h"
#include "core/safe_write.h"
#include <string.h>
#include "core/version.h"
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

/* A baseline is shallow: deeper nesting is refused before yajl builds (and
 * recursively frees) a tree as deep as the input. */
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

/* The file within the input size limit, valid UTF-8 without NUL bytes and
 * shallow, parsed as JSON. */
static yajl_val parse_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    g_autoptr(GdnInputError) ierr = NULL;
    if (!gdn_read_text(path, &text, &len, &ierr)) {
        fail(error, ierr->file, ierr->line, "%s", ierr->message);
        return NULL;
    }
    if (!depth_ok(path, text, len, error))
        return NULL;
    char why[256] = "";
    yajl_val root = yajl_tree_parse(text, why, sizeof why);
    if (!root)
        fail(error, path, 0, "not valid JSON: %s", why[0] ? g_strstrip(why) : "parse error");
    return root;
}

/* Each entry: an object whose file, domain, rule and xpath are strings. */
static gboolean add_entry(GdnBaseline *b, yajl_val e, gsize i, const char *path, GError **error)
{
    static const char *const keys[] = {"file", "domain", "rule", "xpath"};
    const char *v[G_N_ELEMENTS(keys)];
    if (!YAJL_IS_OBJECT(e))
        return fail(error, path, 0, "findings[%zu] is not an object", i);
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        const char *at[] = {keys[k], NULL};
        v[k] = YAJL_GET_STRING(yajl_tree_get(e, at, yajl_t_string));
        if (!v[k])
            return fail(error, path, 0, "findings[%zu].%s must be a string", i, keys[k]);
    }
    g_hash_table_add(b->keys, key_of(v[0], v[1], v[2], v[3]));
    return TRUE;
}

/* The findings array of a version 1 baseline, or NULL. */
static yajl_val entries_of(yajl_val root, const char *path, GError **error)
{
    const char *findings[] = {"findings", NULL}, *version[] = {"guardian_baseline", NULL};
    yajl_val fs = yajl_tree_get(root, findings, yajl_t_array);
    yajl_val ver = yajl_tree_get(root, version, yajl_t_number);
    if (!fs) {
        fail(error, path, 0, "not a guardian baseline (no \"findings\" array)");
        return NULL;
    }
    if (!YAJL_IS_INTEGER(ver) || YAJL_GET_INTEGER(ver) != 1) {
        fail(error, path, 0, "unsupported baseline format (\"guardian_baseline\" must be 1)");
        return NULL;
    }
    return fs;
}

typedef struct yajl_val_s JsonTree;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonTree, yajl_tree_free)

GdnBaseline *gdn_baseline_load(const char *path, GError **error)
{
    g_autoptr(JsonTree) root = parse_file(path, error);
    yajl_val entries = root ? entries_of(root, path, error) : NULL;
    if (!entries)
        return NULL;
    g_autoptr(GdnBaseline) b = g_new0(GdnBaseline, 1);
    b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t i = 0; i < YAJL_GET_ARRAY(entries)->len; i++)
        if (!add_entry(b, YAJL_GET_ARRAY(entries)->values[i], i, path, error))
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
    return gdn_write_file(path, text->str, text->len, NULL, 0, error);
}

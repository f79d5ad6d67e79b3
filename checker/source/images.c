#include "source/images.h"
#include "core/document.h"
#include <string.h>
#include <yajl/yajl_tree.h>

struct GdnImages {
    GHashTable *by_path; /* path -> GdnImageInfo* */
};

static void info_free(GdnImageInfo *i)
{
    g_free(i->path);
    g_free(i->format);
    g_free(i);
}

GdnImages *gdn_images_new(void)
{
    GdnImages *images = g_new0(GdnImages, 1);
    images->by_path =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)info_free);
    return images;
}

void gdn_images_free(GdnImages *images)
{
    if (!images)
        return;
    g_hash_table_unref(images->by_path);
    g_free(images);
}

static void put(GdnImages *images, GdnImageInfo *info)
{
    g_hash_table_replace(images->by_path, info->path, info);
}

/* A cluster size QEMU can have (a power of two, 512 B to 2 MiB); any other
 * is not a fact. */
static gboolean valid_cluster(guint64 c)
{
    return c >= 512 && c <= 2 * 1024 * 1024 && (c & (c - 1)) == 0;
}

void gdn_images_add(GdnImages *images, const char *path, const char *format, guint64 virtual_size,
                    guint64 cluster_size, gboolean extended_l2)
{
    GdnImageInfo *i = g_new0(GdnImageInfo, 1);
    i->path = g_strdup(path);
    i->format = g_strdup(format);
    i->virtual_size = virtual_size;
    i->cluster_size = valid_cluster(cluster_size) ? cluster_size : 0;
    i->extended_l2 = extended_l2;
    put(images, i);
}

/* A non-negative JSON integer member, or FALSE. */
static gboolean member_uint(yajl_val obj, const char *key, guint64 *out)
{
    const char *path[] = {key, NULL};
    yajl_val v = yajl_tree_get(obj, path, yajl_t_number);
    if (!v || !YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 0)
        return FALSE;
    *out = (guint64)YAJL_GET_INTEGER(v);
    return TRUE;
}

/* One image object of qemu-img info: filename and virtual-size required. */
static gboolean parse_image(GdnImages *images, const char *name, yajl_val obj, GError **error)
{
    const char *fn[] = {"filename", NULL}, *fmt[] = {"format", NULL};
    const char *ext[] = {"format-specific", "data", "extended-l2", NULL};
    const char *file = YAJL_GET_STRING(yajl_tree_get(obj, fn, yajl_t_string));
    guint64 vsize = 0, cluster = 0;
    if (!YAJL_IS_OBJECT(obj) || !file || !member_uint(obj, "virtual-size", &vsize)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: not `qemu-img info --output=json` output (an image needs \"filename\" "
                    "and \"virtual-size\")",
                    name);
        return FALSE;
    }
    if (member_uint(obj, "cluster-size", &cluster) && !valid_cluster(cluster))
        cluster = 0;
    GdnImageInfo *i = g_new0(GdnImageInfo, 1);
    i->path = g_strdup(file);
    i->format = g_strdup(YAJL_GET_STRING(yajl_tree_get(obj, fmt, yajl_t_string)));
    i->virtual_size = vsize;
    i->cluster_size = cluster;
    i->extended_l2 = YAJL_IS_TRUE(yajl_tree_get(obj, ext, yajl_t_true));
    put(images, i);
    return TRUE;
}

gboolean gdn_images_parse(GdnImages *images, const char *name, const char *json, gsize len,
                          GError **error)
{
    char why[256] = "";
    yajl_val root = strlen(json) == len ? yajl_tree_parse(json, why, sizeof why) : NULL;
    if (!root) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not valid JSON: %s", name,
                    why[0] ? g_strstrip(why) : "NUL byte");
        return FALSE;
    }
    gboolean ok = TRUE;
    if (YAJL_IS_ARRAY(root)) {
        for (size_t k = 0; ok && k < YAJL_GET_ARRAY(root)->len; k++)
            ok = parse_image(images, name, YAJL_GET_ARRAY(root)->values[k], error);
    } else {
        ok = parse_image(images, name, root, error);
    }
    yajl_tree_free(root);
    return ok;
}

static gboolean load_file(GdnImages *images, const char *path, GError **error)
{
    g_autofree char *bytes = NULL;
    gsize len = 0;
    GdnInputError *err = NULL;
    if (!gdn_read_input(path, &bytes, &len, &err)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", err->file, err->line,
                    err->message);
        gdn_input_error_free(err);
        return FALSE;
    }
    return gdn_images_parse(images, path, bytes, len, error);
}

gboolean gdn_images_load(GdnImages *images, const char *path, GError **error)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        return load_file(images, path, error);
    g_autoptr(GDir) dir = g_dir_open(path, 0, error);
    if (!dir)
        return FALSE;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(dir));)
        if (g_str_has_suffix(n, ".json"))
            g_ptr_array_add(names, g_build_filename(path, n, NULL));
    /* Sorted: with two files for one image, the result must not depend on
     * the directory's order. */
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    for (guint i = 0; i < names->len; i++)
        if (!load_file(images, g_ptr_array_index(names, i), error))
            return FALSE;
    return TRUE;
}

const GdnImageInfo *gdn_images_find(const GdnImages *images, const char *path)
{
    return images && path ? g_hash_table_lookup(images->by_path, path) : NULL;
}

guint gdn_images_count(const GdnImages *images)
{
    return images ? g_hash_table_size(images->by_path) : 0;
}

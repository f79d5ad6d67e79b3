#include "source/inputs.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

void gdn_input_free(GdnInput *in)
{
    if (!in)
        return;
    g_free(in->path);
    g_free(in->uri);
    g_free(in->domain);
    g_free(in->xml);
    g_free(in);
}

static GdnInput *file_input(const char *path)
{
    GdnInput *in = g_new0(GdnInput, 1);
    in->kind = GDN_INPUT_FILE;
    in->path = g_strdup(path);
    return in;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks dir recursively; symlinked directories are not followed (no loops). */
static void walk_dir(const char *dir, GPtrArray *inputs, GPtrArray *errors)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
    if (!d) {
        g_ptr_array_add(errors,
                        gdn_input_error_new(dir, 0, "cannot read directory: %s", error->message));
        return;
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, cmp_str);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *full = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk_dir(full, inputs, errors);
        else if (g_str_has_suffix(full, ".xml") && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            g_ptr_array_add(inputs, file_input(full));
    }
}

void gdn_inputs_expand(char **operands, GPtrArray *inputs, GPtrArray *errors)
{
    for (char **op = operands; op && *op; op++) {
        if (strcmp(*op, "-") == 0) {
            GdnInput *in = g_new0(GdnInput, 1);
            in->kind = GDN_INPUT_STDIN;
            g_ptr_array_add(inputs, in);
            continue;
        }
        struct stat st;
        if (stat(*op, &st) != 0) {
            g_ptr_array_add(errors,
                            gdn_input_error_new(*op, 0, "cannot open: %s", g_strerror(errno)));
        } else if (S_ISDIR(st.st_mode)) {
            walk_dir(*op, inputs, errors);
        } else {
            g_ptr_array_add(inputs, file_input(*op));
        }
    }
}

GdnDoc *gdn_input_load(const GdnInput *in, GdnInputError **err)
{
    switch (in->kind) {
    case GDN_INPUT_FILE:
        return gdn_doc_load(in->path, err);
    case GDN_INPUT_STDIN: {
        char *bytes = NULL;
        gsize len = 0;
        if (!gdn_read_input("-", &bytes, &len, err))
            return NULL;
        return gdn_doc_parse(in->path ? in->path : "<stdin>", NULL, bytes, len, err);
    }
    case GDN_INPUT_LIBVIRT: {
        g_autofree char *label = g_strdup_printf("%s/%s", in->uri, in->domain);
        GdnDoc *doc = gdn_doc_parse(NULL, in->uri, g_strdup(in->xml), strlen(in->xml), err);
        if (!doc && *err) {
            g_free((*err)->file);
            (*err)->file = g_steal_pointer(&label);
        }
        if (doc && !doc->domain)
            doc->domain = g_strdup(in->domain);
        return doc;
    }
    }
    return NULL;
}

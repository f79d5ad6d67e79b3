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

/* A file found on the command line or in a walk, before de-duplication. */
typedef struct {
    char *path;
    dev_t dev;
    ino_t ino;
    gboolean via_link; /* reached through a symlink in a walked directory */
} Candidate;

static void candidate_clear(gpointer p)
{
    g_free(((Candidate *)p)->path);
}

/* Adds path (whose target is st) as a candidate, or an error when it is not
 * a regular file: FIFOs, sockets and devices are never opened. */
static void add_file(const char *path, const struct stat *st, gboolean via_link, GArray *found,
                     GPtrArray *errors)
{
    if (!S_ISREG(st->st_mode)) {
        g_ptr_array_add(errors, gdn_input_error_new(path, 0, "not a regular file"));
        return;
    }
    Candidate c = {g_strdup(path), st->st_dev, st->st_ino, via_link};
    g_array_append_val(found, c);
}

/* Walks dir recursively; symlinked directories are not followed (no loops). */
static void walk_dir(const char *dir, GArray *found, GPtrArray *errors)
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
        if (S_ISDIR(st.st_mode)) {
            walk_dir(full, found, errors);
        } else if (g_str_has_suffix(full, ".xml")) {
            gboolean link = S_ISLNK(st.st_mode);
            if (link && stat(full, &st) != 0)
                g_ptr_array_add(errors,
                                gdn_input_error_new(full, 0, "cannot open: %s", g_strerror(errno)));
            else if (!link || !S_ISDIR(st.st_mode))
                add_file(full, &st, link, found, errors);
        }
    }
}

static guint file_id_hash(gconstpointer p)
{
    const Candidate *c = p;
    return g_int64_hash(&(gint64){(gint64)c->ino}) ^ (guint)c->dev;
}

static gboolean file_id_equal(gconstpointer a, gconstpointer b)
{
    const Candidate *x = a, *y = b;
    return x->dev == y->dev && x->ino == y->ino;
}

/* Each real file once (device + inode), under the name it has where it is
 * not a symlink when there is one (autostart/ links name their guests). */
static void add_unique(GArray *found, GPtrArray *inputs)
{
    g_autoptr(GHashTable) best = g_hash_table_new(file_id_hash, file_id_equal);
    for (guint i = 0; i < found->len; i++) {
        Candidate *c = &g_array_index(found, Candidate, i);
        if (!c->path)
            continue;
        Candidate *b = g_hash_table_lookup(best, c);
        if (!b || (b->via_link && !c->via_link))
            g_hash_table_replace(best, c, c);
    }
    for (guint i = 0; i < found->len; i++) {
        Candidate *c = &g_array_index(found, Candidate, i);
        if (!c->path) {
            GdnInput *in = g_new0(GdnInput, 1);
            in->kind = GDN_INPUT_STDIN;
            g_ptr_array_add(inputs, in);
        } else if (g_hash_table_lookup(best, c) == c) {
            g_ptr_array_add(inputs, file_input(c->path));
        }
    }
}

void gdn_inputs_expand(char **operands, GPtrArray *inputs, GPtrArray *errors)
{
    g_autoptr(GArray) found = g_array_new(FALSE, FALSE, sizeof(Candidate));
    g_array_set_clear_func(found, candidate_clear);
    for (char **op = operands; op && *op; op++) {
        if (strcmp(*op, "-") == 0) {
            Candidate in = {0}; /* stdin: no path */
            g_array_append_val(found, in);
            continue;
        }
        struct stat st;
        if (stat(*op, &st) != 0) {
            g_ptr_array_add(errors,
                            gdn_input_error_new(*op, 0, "cannot open: %s", g_strerror(errno)));
        } else if (S_ISDIR(st.st_mode)) {
            walk_dir(*op, found, errors);
        } else {
            add_file(*op, &st, FALSE, found, errors);
        }
    }
    add_unique(found, inputs);
}

GdnDoc *gdn_input_load(const GdnInput *in, GdnInputError **err)
{
    switch (in->kind) {
    case GDN_INPUT_FILE:
        return gdn_doc_load(in->path, err);
    case GDN_INPUT_STDIN:
        return gdn_doc_load("-", err);
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

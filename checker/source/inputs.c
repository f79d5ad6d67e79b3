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

/* A directory being listed: its entries, sorted, and the next one. */
typedef struct {
    char *dir;
    GPtrArray *names;
    guint next;
} Frame;

static void frame_free(Frame *f)
{
    g_free(f->dir);
    g_ptr_array_unref(f->names);
    g_free(f);
}

struct GdnInputWalk {
    GPtrArray *operands; /* GdnInput* (file or stdin) or char* dir, in order */
    GPtrArray *is_dir;   /* GINT_TO_POINTER: operands[i] is a directory */
    guint next;
    GPtrArray *stack; /* Frame*: the directory being walked and its parents */
    GPtrArray *errors;
};

GdnInputWalk *gdn_input_walk_new(char **operands, GPtrArray *errors)
{
    GdnInputWalk *w = g_new0(GdnInputWalk, 1);
    w->operands = g_ptr_array_new();
    w->is_dir = g_ptr_array_new();
    w->stack = g_ptr_array_new_with_free_func((GDestroyNotify)frame_free);
    w->errors = errors;
    for (char **op = operands; op && *op; op++) {
        struct stat st;
        gpointer item = NULL;
        gboolean dir = FALSE;
        if (strcmp(*op, "-") == 0) {
            GdnInput *in = g_new0(GdnInput, 1);
            in->kind = GDN_INPUT_STDIN;
            item = in;
        } else if (stat(*op, &st) != 0) {
            g_ptr_array_add(errors,
                            gdn_input_error_new(*op, 0, "cannot open: %s", g_strerror(errno)));
        } else if ((dir = S_ISDIR(st.st_mode))) {
            item = g_strdup(*op);
        } else {
            item = file_input(*op);
        }
        if (item) {
            g_ptr_array_add(w->operands, item);
            g_ptr_array_add(w->is_dir, GINT_TO_POINTER(dir));
        }
    }
    return w;
}

/* Pushes dir's sorted entries; an unreadable directory is an error. */
static void push_dir(GdnInputWalk *w, const char *dir)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
    if (!d) {
        g_ptr_array_add(w->errors,
                        gdn_input_error_new(dir, 0, "cannot read directory: %s", error->message));
        return;
    }
    Frame *f = g_new0(Frame, 1);
    f->dir = g_strdup(dir);
    f->names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        g_ptr_array_add(f->names, g_strdup(name));
    g_ptr_array_sort(f->names, cmp_str);
    g_ptr_array_add(w->stack, f);
}

/* The next *.xml file in the directories being walked, or NULL; symlinked
 * directories are not followed (no loops). */
static GdnInput *next_in_dirs(GdnInputWalk *w)
{
    while (w->stack->len) {
        Frame *f = g_ptr_array_index(w->stack, w->stack->len - 1);
        if (f->next == f->names->len) {
            g_ptr_array_remove_index(w->stack, w->stack->len - 1);
            continue;
        }
        g_autofree char *full =
            g_build_filename(f->dir, g_ptr_array_index(f->names, f->next++), NULL);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            push_dir(w, full);
        else if (g_str_has_suffix(full, ".xml") && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            return file_input(full);
    }
    return NULL;
}

GdnInput *gdn_input_walk_next(GdnInputWalk *w)
{
    for (;;) {
        GdnInput *in = next_in_dirs(w);
        if (in)
            return in;
        if (w->next == w->operands->len)
            return NULL;
        guint i = w->next++;
        gpointer item = g_steal_pointer(&w->operands->pdata[i]);
        if (!GPOINTER_TO_INT(g_ptr_array_index(w->is_dir, i)))
            return item;
        push_dir(w, item);
        g_free(item);
    }
}

void gdn_input_walk_free(GdnInputWalk *w)
{
    if (!w)
        return;
    /* Operands not reached yet. */
    for (guint i = w->next; i < w->operands->len; i++) {
        if (GPOINTER_TO_INT(g_ptr_array_index(w->is_dir, i)))
            g_free(g_ptr_array_index(w->operands, i));
        else
            gdn_input_free(g_ptr_array_index(w->operands, i));
    }
    g_ptr_array_unref(w->operands);
    g_ptr_array_unref(w->is_dir);
    g_ptr_array_unref(w->stack);
    g_free(w);
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

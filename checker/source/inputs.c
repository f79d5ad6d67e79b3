#include "source/inputs.h"
#include <dirent.h>
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

/* A directory entry: its type from readdir (DT_UNKNOWN: ask lstat), then
 * its name; sorted by name. The walk runs on the caller's thread while the
 * workers check, so it skips the lstat per entry when it can. */
typedef struct {
    unsigned char type;
    char name[];
} Entry;

static gint cmp_entry(gconstpointer a, gconstpointer b)
{
    return strcmp((*(Entry *const *)a)->name, (*(Entry *const *)b)->name);
}

/* A directory being listed: its entries, sorted, and the next one. */
typedef struct {
    char *dir;
    GPtrArray *names; /* Entry* */
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
    GPtrArray *links; /* char*: symlinked files met in walks, visited last */
    guint next_link;
    GHashTable *seen; /* FileId of every file given out */
    GPtrArray *errors;
};

/* A real file: each is checked once, whatever the names leading to it. */
typedef struct {
    dev_t dev;
    ino_t ino;
} FileId;

static guint file_id_hash(gconstpointer p)
{
    const FileId *f = p;
    return g_int64_hash(&(gint64){(gint64)f->ino}) ^ (guint)f->dev;
}

static gboolean file_id_equal(gconstpointer a, gconstpointer b)
{
    const FileId *x = a, *y = b;
    return x->dev == y->dev && x->ino == y->ino;
}

/* Is path (whose target is st) a regular file not given out before? Other
 * types are an error: FIFOs, sockets and devices are never opened. */
static gboolean admit(GdnInputWalk *w, const char *path, const struct stat *st)
{
    if (!S_ISREG(st->st_mode)) {
        g_ptr_array_add(w->errors, gdn_input_error_new(path, 0, "not a regular file"));
        return FALSE;
    }
    FileId id = {st->st_dev, st->st_ino};
    if (g_hash_table_contains(w->seen, &id))
        return FALSE;
    g_hash_table_add(w->seen, g_memdup2(&id, sizeof id));
    return TRUE;
}

GdnInputWalk *gdn_input_walk_new(char **operands, GPtrArray *errors)
{
    GdnInputWalk *w = g_new0(GdnInputWalk, 1);
    w->operands = g_ptr_array_new();
    w->is_dir = g_ptr_array_new();
    w->stack = g_ptr_array_new_with_free_func((GDestroyNotify)frame_free);
    w->links = g_ptr_array_new_with_free_func(g_free);
    w->seen = g_hash_table_new_full(file_id_hash, file_id_equal, g_free, NULL);
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
        } else if (admit(w, *op, &st)) {
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
    DIR *d = opendir(dir);
    if (!d) {
        /* Worded as g_dir_open's error, which this replaces. */
        g_ptr_array_add(w->errors, gdn_input_error_new(dir, 0,
                                                       "cannot read directory: Error opening "
                                                       "directory \u201c%s\u201d: %s",
                                                       dir, g_strerror(errno)));
        return;
    }
    Frame *f = g_new0(Frame, 1);
    f->dir = g_strdup(dir);
    f->names = g_ptr_array_new_with_free_func(g_free);
    const struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        gsize len = strlen(de->d_name);
        Entry *e = g_malloc(sizeof(Entry) + len + 1);
        e->type = de->d_type;
        memcpy(e->name, de->d_name, len + 1);
        g_ptr_array_add(f->names, e);
    }
    closedir(d);
    g_ptr_array_sort(f->names, cmp_entry);
    g_ptr_array_add(w->stack, f);
}

/* The entry's type as lstat would give it (S_IFDIR, S_IFREG, S_IFLNK, other
 * or 0 when it is gone). */
static mode_t entry_type(const Entry *e, const char *full)
{
    switch (e->type) {
    case DT_DIR:
        return S_IFDIR;
    case DT_REG:
        return S_IFREG;
    case DT_LNK:
        return S_IFLNK;
    case DT_UNKNOWN:
        break;
    default:
        return S_IFIFO; /* neither a file nor a directory */
    }
    struct stat st;
    return lstat(full, &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

/* The next *.xml file in the directories being walked, or NULL; symlinked
 * directories are not followed (no loops). Symlinked files wait in links:
 * a guest is named where it is a file (autostart/ links name their guests). */
static GdnInput *next_in_dirs(GdnInputWalk *w)
{
    while (w->stack->len) {
        Frame *f = g_ptr_array_index(w->stack, w->stack->len - 1);
        if (f->next == f->names->len) {
            g_ptr_array_remove_index(w->stack, w->stack->len - 1);
            continue;
        }
        const Entry *e = g_ptr_array_index(f->names, f->next++);
        gboolean xml = g_str_has_suffix(e->name, ".xml");
        if (!xml && e->type != DT_DIR && e->type != DT_UNKNOWN)
            continue;
        g_autofree char *full = g_build_filename(f->dir, e->name, NULL);
        mode_t type = entry_type(e, full);
        struct stat st; /* for admit(): the file type and the inode */
        if (type == S_IFDIR)
            push_dir(w, full);
        else if (!xml || type == 0)
            continue;
        else if (type == S_IFLNK)
            g_ptr_array_add(w->links, g_steal_pointer(&full));
        else if (lstat(full, &st) == 0 && admit(w, full, &st))
            return file_input(full);
    }
    return NULL;
}

/* The next symlinked file whose target was not given out, or NULL. */
static GdnInput *next_link(GdnInputWalk *w)
{
    while (w->next_link < w->links->len) {
        const char *path = g_ptr_array_index(w->links, w->next_link++);
        struct stat st;
        if (stat(path, &st) != 0)
            g_ptr_array_add(w->errors,
                            gdn_input_error_new(path, 0, "cannot open: %s", g_strerror(errno)));
        else if (!S_ISDIR(st.st_mode) && admit(w, path, &st))
            return file_input(path);
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
            return next_link(w);
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
    g_ptr_array_unref(w->links);
    g_hash_table_unref(w->seen);
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

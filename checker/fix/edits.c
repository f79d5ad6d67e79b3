/* Text edits: sorting, applying, and composing rounds into edits of the
 * original bytes. */
#include "fix/fixer.h"
#include <string.h>

GdnEdit *gdn_edit_new(gsize offset, gsize length, const char *replacement)
{
    GdnEdit *e = g_new0(GdnEdit, 1);
    e->offset = offset;
    e->length = length;
    e->replacement = g_strdup(replacement ? replacement : "");
    return e;
}

void gdn_edit_free(GdnEdit *e)
{
    if (!e)
        return;
    g_free(e->replacement);
    g_free(e);
}

/* Insertions before replacements at the same offset; otherwise stable. */
static gint edit_cmp(gconstpointer a, gconstpointer b)
{
    const GdnEdit *x = *(GdnEdit *const *)a, *y = *(GdnEdit *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if ((x->length == 0) != (y->length == 0))
        return x->length == 0 ? -1 : 1;
    return 0;
}

gboolean gdn_edits_sort(GPtrArray *edits)
{
    /* g_ptr_array_sort is not guaranteed stable: sort indices explicitly. */
    guint n = edits->len;
    for (guint i = 1; i < n; i++) {
        gpointer cur = edits->pdata[i];
        guint j = i;
        while (j > 0 && edit_cmp(&edits->pdata[j - 1], &cur) > 0) {
            edits->pdata[j] = edits->pdata[j - 1];
            j--;
        }
        edits->pdata[j] = cur;
    }
    for (guint i = 1; i < n; i++) {
        const GdnEdit *p = edits->pdata[i - 1], *c = edits->pdata[i];
        if (c->offset < p->offset + p->length)
            return FALSE;
        if (c->offset == p->offset && p->length > 0 && c->length > 0)
            return FALSE;
    }
    return TRUE;
}

char *gdn_edits_apply(const char *bytes, gsize len, const GPtrArray *edits, gsize *out_len)
{
    GString *out = g_string_sized_new(len + 256);
    gsize pos = 0;
    for (guint i = 0; i < edits->len; i++) {
        const GdnEdit *e = g_ptr_array_index(edits, i);
        g_assert(e->offset >= pos && e->offset + e->length <= len);
        g_string_append_len(out, bytes + pos, (gssize)(e->offset - pos));
        g_string_append(out, e->replacement);
        pos = e->offset + e->length;
    }
    g_string_append_len(out, bytes + pos, (gssize)(len - pos));
    if (out_len)
        *out_len = out->len;
    return g_string_free(out, FALSE);
}

/* The current text as pieces: runs of original bytes or new text. */
typedef struct {
    gboolean orig;
    gsize start; /* original offset (orig) */
    gsize len;
    char *text; /* new text (!orig) */
} Piece;

struct GdnEditComposer {
    GArray *pieces; /* Piece */
    gsize orig_len;
};

static void piece_clear(gpointer p)
{
    g_free(((Piece *)p)->text);
}

GdnEditComposer *gdn_edit_composer_new(gsize original_len)
{
    GdnEditComposer *c = g_new0(GdnEditComposer, 1);
    c->pieces = g_array_new(FALSE, FALSE, sizeof(Piece));
    c->orig_len = original_len;
    g_array_set_clear_func(c->pieces, piece_clear);
    Piece p = {TRUE, 0, original_len, NULL};
    if (original_len)
        g_array_append_val(c->pieces, p);
    return c;
}

void gdn_edit_composer_free(GdnEditComposer *c)
{
    if (!c)
        return;
    g_array_unref(c->pieces);
    g_free(c);
}

/* Splits pieces so that one starts at current offset off; returns its index. */
static guint split_at(GArray *pieces, gsize off)
{
    gsize pos = 0;
    for (guint i = 0; i < pieces->len; i++) {
        Piece *p = &g_array_index(pieces, Piece, i);
        if (pos == off)
            return i;
        if (off < pos + p->len) {
            gsize k = off - pos;
            Piece tail = {p->orig, p->orig ? p->start + k : 0, p->len - k,
                          p->orig ? NULL : g_strndup(p->text + k, p->len - k)};
            if (!p->orig)
                p->text[k] = '\0';
            p->len = k;
            g_array_insert_val(pieces, i + 1, tail);
            return i + 1;
        }
        pos += p->len;
    }
    return pieces->len;
}

void gdn_edit_composer_add(GdnEditComposer *c, const GPtrArray *edits, const char *current)
{
    (void)current;
    /* Apply back to front so earlier offsets stay valid. */
    for (guint k = edits->len; k-- > 0;) {
        const GdnEdit *e = g_ptr_array_index(edits, k);
        guint a = split_at(c->pieces, e->offset);
        guint b = split_at(c->pieces, e->offset + e->length);
        if (b > a)
            g_array_remove_range(c->pieces, a, b - a);
        if (e->replacement[0]) {
            Piece p = {FALSE, 0, strlen(e->replacement), g_strdup(e->replacement)};
            g_array_insert_val(c->pieces, a, p);
        }
    }
}

GPtrArray *gdn_edit_composer_finish(GdnEditComposer *c, const char *original)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    gsize orig_pos = 0; /* original offset covered so far */
    GString *pending = g_string_new(NULL);
    for (guint i = 0; i <= c->pieces->len; i++) {
        const Piece *p = i < c->pieces->len ? &g_array_index(c->pieces, Piece, i) : NULL;
        if (p && !p->orig) {
            g_string_append_len(pending, p->text, (gssize)p->len);
            continue;
        }
        if (p && p->len == 0)
            continue;
        /* The original text between orig_pos and the next kept run was
         * replaced by pending. */
        gsize next = p ? p->start : c->orig_len;
        gsize len = next - orig_pos;
        gboolean same = len == pending->len && memcmp(original + orig_pos, pending->str, len) == 0;
        if (!same)
            g_ptr_array_add(out, gdn_edit_new(orig_pos, len, pending->str));
        g_string_truncate(pending, 0);
        if (p)
            orig_pos = p->start + p->len;
    }
    g_string_free(pending, TRUE);
    return out;
}

/* Unified diff straight from the edits: each edit touches whole lines of the
 * original; nearby blocks share a hunk with 3 lines of context. */
#include "fix/fixer.h"
#include <string.h>

#define CONTEXT 3

typedef struct {
    gsize s, e;    /* original bytes [s, e): whole lines */
    GString *text; /* what replaces them */
} Block;

typedef struct {
    const char *b;
    gsize len;
    GArray *starts; /* line starts, without an empty last line */
} Lines;

static guint line_of(const Lines *l, gsize off)
{
    /* first line whose start is >= off, for line-aligned offsets */
    guint lo = 0, hi = l->starts->len;
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (g_array_index(l->starts, gsize, mid) < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static gsize line_start_off(const Lines *l, guint i)
{
    return i < l->starts->len ? g_array_index(l->starts, gsize, i) : l->len;
}

/* The start of off's line, and the end of it (after its '\n', else len):
 * from the line starts, since one long line may take many edits. */
static gsize line_begin(const Lines *l, gsize off)
{
    if (off == 0 || l->b[off - 1] == '\n')
        return off;
    guint i = line_of(l, off + 1); /* first line starting after off */
    return i > 0 ? g_array_index(l->starts, gsize, i - 1) : 0;
}

static gsize line_after(const Lines *l, gsize off)
{
    guint i = line_of(l, off + 1);
    return i < l->starts->len ? g_array_index(l->starts, gsize, i) : l->len;
}

/* Emits text as diff lines with mark; returns the number of lines. */
static guint emit_lines(GString *out, char mark, const char *t, gsize n)
{
    guint count = 0;
    gsize p = 0;
    while (p < n) {
        const char *nl = memchr(t + p, '\n', n - p);
        gsize e = nl ? (gsize)(nl - t) + 1 : n;
        g_string_append_c(out, mark);
        g_string_append_len(out, t + p, (gssize)(e - p));
        if (!nl)
            g_string_append(out, "\n\\ No newline at end of file\n");
        count++;
        p = e;
    }
    return count;
}

static guint count_lines(const char *t, gsize n)
{
    guint c = 0;
    for (gsize i = 0; i < n; i++)
        c += t[i] == '\n';
    return c + (n && t[n - 1] != '\n');
}

char *gdn_unified_diff(const char *name, const char *bytes, gsize len, const GPtrArray *edits)
{
    if (!edits || edits->len == 0)
        return g_strdup("");
    Lines l = {bytes, len, gdn_line_starts(bytes, len)};
    if (l.starts->len > 1 && g_array_index(l.starts, gsize, l.starts->len - 1) == len)
        g_array_set_size(l.starts, l.starts->len - 1);
    if (len == 0)
        g_array_set_size(l.starts, 0);

    /* Blocks of whole lines: an edit extends to the lines it touches; edits
     * sharing a line share a block. */
    GArray *blocks = g_array_new(FALSE, FALSE, sizeof(Block));
    for (guint i = 0; i < edits->len;) {
        const GdnEdit *first = g_ptr_array_index(edits, i);
        Block bl = {line_begin(&l, first->offset), 0, g_string_new(NULL)};
        gsize pos = bl.s;
        for (;;) {
            const GdnEdit *e = g_ptr_array_index(edits, i);
            g_string_append_len(bl.text, bytes + pos, (gssize)(e->offset - pos));
            g_string_append(bl.text, e->replacement);
            pos = e->offset + e->length;
            i++;
            /* Where does the block end? At pos if it is a line start and the
             * new text ends a line; else at the end of pos's line. */
            gboolean at_line = (pos == 0 || bytes[pos - 1] == '\n');
            gboolean text_ends = bl.text->len == 0 || bl.text->str[bl.text->len - 1] == '\n';
            gsize end = (at_line && text_ends) ? pos : line_after(&l, pos);
            if (i < edits->len) {
                const GdnEdit *nx = g_ptr_array_index(edits, i);
                if (line_begin(&l, nx->offset) <= end)
                    continue; /* next edit touches this block's lines or the next one */
            }
            g_string_append_len(bl.text, bytes + pos, (gssize)(end - pos));
            bl.e = end;
            break;
        }
        g_array_append_val(blocks, bl);
    }

    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "--- a/%s\n+++ b/%s\n", name, name);
    glong delta = 0; /* new line numbers minus old ones so far */
    guint nlines = l.starts->len;
    for (guint i = 0; i < blocks->len;) {
        /* A hunk: blocks whose context overlaps. */
        guint j = i;
        guint first_line = line_of(&l, g_array_index(blocks, Block, i).s);
        guint hs = first_line > CONTEXT ? first_line - CONTEXT : 0;
        for (;;) {
            guint end_line = line_of(&l, g_array_index(blocks, Block, j).e);
            if (j + 1 < blocks->len &&
                line_of(&l, g_array_index(blocks, Block, j + 1).s) <= end_line + 2 * CONTEXT)
                j++;
            else
                break;
        }
        guint last_end = line_of(&l, g_array_index(blocks, Block, j).e);
        guint he = MIN(nlines, last_end + CONTEXT);
        GString *body = g_string_new(NULL);
        guint old_n = 0, new_n = 0;
        guint cur = hs;
        for (guint k = i; k <= j; k++) {
            const Block *bl = &g_array_index(blocks, Block, k);
            guint bs = line_of(&l, bl->s), be = line_of(&l, bl->e);
            gsize cs = line_start_off(&l, cur), ce = line_start_off(&l, bs);
            guint c = emit_lines(body, ' ', bytes + cs, ce - cs);
            old_n += c;
            new_n += c;
            old_n += emit_lines(body, '-', bytes + bl->s, bl->e - bl->s);
            new_n += emit_lines(body, '+', bl->text->str, bl->text->len);
            cur = be;
        }
        gsize cs = line_start_off(&l, cur), ce = line_start_off(&l, he);
        guint c = emit_lines(body, ' ', bytes + cs, ce - cs);
        old_n += c;
        new_n += c;
        (void)count_lines;
        guint old_start = old_n ? hs + 1 : hs;
        glong new_start = (glong)hs + delta + (new_n ? 1 : 0);
        g_string_append_printf(out, "@@ -%u,%u +%ld,%u @@\n", old_start, old_n, new_start, new_n);
        g_string_append_len(out, body->str, (gssize)body->len);
        g_string_free(body, TRUE);
        delta += (glong)new_n - (glong)old_n;
        i = j + 1;
    }
    for (guint i = 0; i < blocks->len; i++)
        g_string_free(g_array_index(blocks, Block, i).text, TRUE);
    g_array_unref(blocks);
    g_array_unref(l.starts);
    return g_string_free(out, FALSE);
}

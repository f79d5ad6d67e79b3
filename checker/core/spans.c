#define _GNU_SOURCE /* memmem */
#include "core/spans.h"
#include <string.h>

static gboolean starts(const char *p, const char *end, const char *lit)
{
    gsize n = strlen(lit);
    return (gsize)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Returns the position just past the first occurrence of lit, or NULL. */
static const char *skip_past(const char *p, const char *end, const char *lit)
{
    gsize n = strlen(lit);
    if (p > end)
        return NULL;
    const char *q = memmem(p, end - p, lit, n);
    return q ? q + n : NULL;
}

/* Bytes that end a run of plain start-tag text: quotes, '/', '>'. */
static const guint8 tag_stop[256] = {['"'] = 1, ['\''] = 1, ['/'] = 1, ['>'] = 1};

/* Skips a start tag body (attributes) and returns the position past '>'. */
static const char *skip_tag(const char *p, const char *end, gboolean *empty)
{
    *empty = FALSE;
    while (p < end) {
        while (p < end && !tag_stop[(guchar)*p])
            p++;
        if (p == end)
            break;
        if (*p == '"' || *p == '\'') {
            const char *q = memchr(p + 1, *p, end - p - 1);
            if (!q)
                return NULL;
            p = q + 1;
        } else if (*p == '/') {
            if (p + 1 < end && p[1] == '>') {
                *empty = TRUE;
                return p + 2;
            }
            p++;
        } else {
            return p + 1;
        }
    }
    return NULL;
}

/* Element i of an array used as a buffer (its length is the capacity),
 * grown geometrically; the caller trims it to the used length. */
static inline gpointer slot(GArray *a, gsize size, guint i)
{
    if (i >= a->len)
        g_array_set_size(a, MAX(a->len * 2, 64));
    return a->data + (gsize)i * size;
}

GArray *gdn_spans_scan(const char *bytes, gsize len)
{
    const char *p = bytes, *end = bytes + len;
    g_autoptr(GArray) spans = g_array_sized_new(FALSE, FALSE, sizeof(GdnSpan), 64);
    g_autoptr(GArray) stack = g_array_sized_new(FALSE, FALSE, sizeof(guint), 16);
    guint n = 0, depth = 0; /* used lengths; the arrays' own lengths are capacity */

    while (p < end) {
        const char *lt = memchr(p, '<', end - p);
        if (!lt)
            break;
        p = lt;
        char c1 = p + 1 < end ? p[1] : '\0';
        if (c1 == '!' && starts(p, end, "<!--")) {
            p = skip_past(p + 4, end, "-->");
        } else if (c1 == '!' && starts(p, end, "<![CDATA[")) {
            p = skip_past(p + 9, end, "]]>");
        } else if (c1 == '?') {
            p = skip_past(p + 2, end, "?>");
        } else if (c1 == '!') {
            p = skip_past(p + 2, end, ">");
        } else if (c1 == '/') {
            const char *gt = memchr(p, '>', end - p);
            if (!gt || depth == 0)
                return NULL;
            guint idx = g_array_index(stack, guint, --depth);
            g_array_index(spans, GdnSpan, idx).end = gt + 1 - bytes;
            p = gt + 1;
        } else {
            GdnSpan s = {.start = p - bytes};
            p = skip_tag(p + 1, end, &s.empty);
            if (!p)
                return NULL;
            s.start_end = s.end = p - bytes;
            *(GdnSpan *)slot(spans, sizeof(GdnSpan), n) = s;
            if (!s.empty) {
                *(guint *)slot(stack, sizeof(guint), depth) = n;
                depth++;
            }
            n++;
        }
        if (!p)
            return NULL;
    }
    if (depth != 0)
        return NULL;
    g_array_set_size(spans, n);
    return g_steal_pointer(&spans);
}

GArray *gdn_line_starts(const char *bytes, gsize len)
{
    GArray *starts_arr = g_array_sized_new(FALSE, FALSE, sizeof(gsize), 64);
    guint n = 0;
    *(gsize *)slot(starts_arr, sizeof(gsize), n++) = 0;
    for (const char *p = bytes; (p = memchr(p, '\n', bytes + len - p)) != NULL; n++) {
        p++;
        *(gsize *)slot(starts_arr, sizeof(gsize), n) = p - bytes;
    }
    g_array_set_size(starts_arr, n);
    return starts_arr;
}

gsize gdn_longest_line(const GArray *line_starts, gsize len)
{
    gsize longest = 0;
    for (guint i = 0; i < line_starts->len; i++) {
        gsize next = i + 1 < line_starts->len ? g_array_index(line_starts, gsize, i + 1) : len;
        longest = MAX(longest, next - g_array_index(line_starts, gsize, i));
    }
    return longest;
}

#define MARK_BLOCK 64

static inline gboolean continuation(char c)
{
    return ((guchar)c & 0xC0) == 0x80;
}

GArray *gdn_utf8_marks(const char *bytes, gsize len)
{
    GArray *marks = g_array_sized_new(FALSE, FALSE, sizeof(guint32), len / MARK_BLOCK + 1);
    guint32 n = 0;
    for (gsize i = 0; i < len; i++) {
        if (i % MARK_BLOCK == 0)
            g_array_append_val(marks, n);
        n += continuation(bytes[i]);
    }
    if (len % MARK_BLOCK == 0)
        g_array_append_val(marks, n);
    return marks;
}

/* Continuation bytes in bytes[0 .. offset). */
static gsize continuations_before(const char *bytes, const GArray *marks, gsize offset)
{
    gsize block = offset / MARK_BLOCK;
    gsize n = g_array_index(marks, guint32, block);
    for (gsize i = block * MARK_BLOCK; i < offset; i++)
        n += continuation(bytes[i]);
    return n;
}

void gdn_offset_to_line_col(const char *bytes, const GArray *line_starts, const GArray *marks,
                            gsize offset, guint *line, guint *col)
{
    guint lo = 0, hi = line_starts->len;
    while (hi - lo > 1) {
        guint mid = (lo + hi) / 2;
        if (g_array_index(line_starts, gsize, mid) <= offset)
            lo = mid;
        else
            hi = mid;
    }
    gsize ls = g_array_index(line_starts, gsize, lo);
    *line = lo + 1;
    /* Count code points: continuation bytes do not start one. */
    if (marks) {
        gsize cont =
            continuations_before(bytes, marks, offset) - continuations_before(bytes, marks, ls);
        *col = (guint)(offset - ls - cont + 1);
        return;
    }
    guint c = 1;
    for (gsize i = ls; i < offset; i++)
        c += !continuation(bytes[i]);
    *col = c;
}

gssize gdn_crowded_tag(const char *bytes, gsize len, guint max)
{
    const char *p = bytes, *end = bytes + len;
    /* A tag with more than max attributes spans at least 4 * max bytes
     * (a='') and holds no '<': only such runs are looked at closely. */
    while (p && p < end) {
        const char *lt = memchr(p, '<', end - p);
        if (!lt)
            return -1;
        const char *next = memchr(lt + 1, '<', end - lt - 1);
        if ((gsize)((next ? next : end) - lt) > 4 * (gsize)max && lt + 1 < end &&
            !strchr("!?/", lt[1])) {
            guint quotes = 0;
            for (const char *q = lt; q < (next ? next : end) && *q != '>'; q++) {
                if (*q == '"' || *q == '\'') {
                    const char *close = memchr(q + 1, *q, (next ? next : end) - q - 1);
                    if (!close)
                        break;
                    q = close;
                    if (++quotes > max)
                        return lt - bytes;
                }
            }
        }
        p = next;
    }
    return -1;
}

gssize gdn_prolog_doctype(const char *bytes, gsize len)
{
    const char *p = bytes, *end = bytes + len;
    while (p && p < end) {
        if (g_ascii_isspace(*p) || (guchar)*p == 0xEF || (guchar)*p == 0xBB || (guchar)*p == 0xBF) {
            p++;
        } else if (starts(p, end, "<?")) {
            p = skip_past(p + 2, end, "?>");
        } else if (starts(p, end, "<!--")) {
            p = skip_past(p + 4, end, "-->");
        } else if (starts(p, end, "<!DOCTYPE")) {
            return p - bytes;
        } else {
            break;
        }
    }
    return -1;
}

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

/* Code points in [from, to): continuation bytes (10xxxxxx) start none. */
static gsize count_code_points(const char *bytes, gsize from, gsize to)
{
    gsize c = 0;
    for (gsize i = from; i < to; i++)
        c += ((guchar)bytes[i] & 0xC0) != 0x80;
    return c;
}

#define MARK_BYTES 4096

/* Code points before offset, through marks (code points before each
 * MARK_BYTES block, built on first use): O(MARK_BYTES) per call. */
static gsize code_points_before(const char *bytes, gsize len, GArray **marks, gsize offset)
{
    if (!*marks) {
        *marks = g_array_sized_new(FALSE, FALSE, sizeof(gsize), len / MARK_BYTES + 1);
        gsize c = 0;
        for (gsize b = 0; b <= len; b += MARK_BYTES) {
            g_array_append_val(*marks, c);
            c += count_code_points(bytes, b, MIN(b + MARK_BYTES, len));
        }
    }
    gsize block = offset / MARK_BYTES;
    return g_array_index(*marks, gsize, block) +
           count_code_points(bytes, block * MARK_BYTES, offset);
}

void gdn_offset_to_line_col(const char *bytes, gsize len, const GArray *line_starts, GArray **marks,
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
    /* Long (minified) lines: counting from the line start each time would
     * make positions quadratic in the line's length. */
    if (offset - ls <= 2 * MARK_BYTES)
        *col = (guint)count_code_points(bytes, ls, offset) + 1;
    else
        *col = (guint)(code_points_before(bytes, len, marks, offset) -
                       code_points_before(bytes, len, marks, ls)) +
               1;
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

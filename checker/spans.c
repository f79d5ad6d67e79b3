#include "spans.h"
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
    while ((gsize)(end - p) >= n) {
        if (memcmp(p, lit, n) == 0)
            return p + n;
        p++;
    }
    return NULL;
}

/* Skips a start tag body (attributes) and returns the position past '>'. */
static const char *skip_tag(const char *p, const char *end, gboolean *empty)
{
    *empty = FALSE;
    while (p < end) {
        if (*p == '"' || *p == '\'') {
            const char *q = memchr(p + 1, *p, end - p - 1);
            if (!q)
                return NULL;
            p = q + 1;
        } else if (*p == '/' && p + 1 < end && p[1] == '>') {
            *empty = TRUE;
            return p + 2;
        } else if (*p == '>') {
            return p + 1;
        } else {
            p++;
        }
    }
    return NULL;
}

GArray *gdn_spans_scan(const char *bytes, gsize len)
{
    const char *p = bytes, *end = bytes + len;
    g_autoptr(GArray) spans = g_array_new(FALSE, FALSE, sizeof(GdnSpan));
    g_autoptr(GArray) stack = g_array_new(FALSE, FALSE, sizeof(guint));

    while (p < end) {
        const char *lt = memchr(p, '<', end - p);
        if (!lt)
            break;
        p = lt;
        if (starts(p, end, "<!--")) {
            p = skip_past(p + 4, end, "-->");
        } else if (starts(p, end, "<![CDATA[")) {
            p = skip_past(p + 9, end, "]]>");
        } else if (starts(p, end, "<?")) {
            p = skip_past(p + 2, end, "?>");
        } else if (starts(p, end, "<!")) {
            p = skip_past(p + 2, end, ">");
        } else if (starts(p, end, "</")) {
            const char *gt = memchr(p, '>', end - p);
            if (!gt || stack->len == 0)
                return NULL;
            guint idx = g_array_index(stack, guint, stack->len - 1);
            g_array_set_size(stack, stack->len - 1);
            g_array_index(spans, GdnSpan, idx).end = gt + 1 - bytes;
            p = gt + 1;
        } else {
            GdnSpan s = {.start = p - bytes};
            p = skip_tag(p + 1, end, &s.empty);
            if (!p)
                return NULL;
            s.start_end = s.end = p - bytes;
            g_array_append_val(spans, s);
            if (!s.empty) {
                guint idx = spans->len - 1;
                g_array_append_val(stack, idx);
            }
        }
        if (!p)
            return NULL;
    }
    if (stack->len != 0)
        return NULL;
    return g_steal_pointer(&spans);
}

GArray *gdn_line_starts(const char *bytes, gsize len)
{
    GArray *starts_arr = g_array_new(FALSE, FALSE, sizeof(gsize));
    gsize zero = 0;
    g_array_append_val(starts_arr, zero);
    for (const char *p = bytes; (p = memchr(p, '\n', bytes + len - p)) != NULL;) {
        gsize off = ++p - bytes;
        g_array_append_val(starts_arr, off);
    }
    return starts_arr;
}

void gdn_offset_to_line_col(const char *bytes, const GArray *line_starts, gsize offset, guint *line,
                            guint *col)
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
    /* Count code points: continuation bytes (10xxxxxx) do not start one. */
    guint c = 1;
    for (gsize i = ls; i < offset; i++)
        if (((guchar)bytes[i] & 0xC0) != 0x80)
            c++;
    *col = c;
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

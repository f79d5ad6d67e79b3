#include "core/cpuset.h"
#include <stdlib.h>

#define GDN_CPUSET_MAX 65536

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

static gboolean parse_num(const char **p, guint *out)
{
    if (!g_ascii_isdigit(**p))
        return FALSE;
    guint64 v = 0;
    while (g_ascii_isdigit(**p)) {
        v = v * 10 + (guint)(**p - '0');
        if (v >= GDN_CPUSET_MAX)
            return FALSE;
        (*p)++;
    }
    *out = (guint)v;
    return TRUE;
}

GArray *gdn_cpuset_parse(const char *s)
{
    return gdn_cpuset_parse_max(s, GDN_CPUSET_MAX);
}

/* Is v in the sorted array del? */
static gboolean in_sorted(const GArray *del, guint v)
{
    return del->len && bsearch(&v, del->data, del->len, sizeof(guint), cmp_uint) != NULL;
}

GArray *gdn_cpuset_parse_max(const char *s, guint max)
{
    if (!s)
        return NULL;
    g_autoptr(GArray) add = g_array_new(FALSE, FALSE, sizeof(guint));
    g_autoptr(GArray) del = g_array_new(FALSE, FALSE, sizeof(guint));
    const char *p = s;
    for (;;) {
        while (g_ascii_isspace(*p))
            p++;
        gboolean neg = (*p == '^');
        if (neg)
            p++;
        guint lo, hi;
        if (!parse_num(&p, &lo))
            return NULL;
        hi = lo;
        if (*p == '-') {
            p++;
            if (neg || !parse_num(&p, &hi) || hi < lo)
                return NULL;
        }
        GArray *to = neg ? del : add;
        if (to->len + (hi - lo + 1) > max) /* bounded before expanding */
            return NULL;
        for (guint i = lo; i <= hi; i++)
            g_array_append_val(to, i);
        while (g_ascii_isspace(*p))
            p++;
        if (*p == '\0')
            break;
        if (*p != ',')
            return NULL;
        p++;
    }
    g_array_sort(add, cmp_uint);
    g_array_sort(del, cmp_uint);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < add->len; i++) {
        guint v = g_array_index(add, guint, i);
        if (out->len && g_array_index(out, guint, out->len - 1) == v)
            continue;
        if (!in_sorted(del, v))
            g_array_append_val(out, v);
    }
    return out;
}

char *gdn_cpuset_format(const GArray *ids)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < ids->len;) {
        guint lo = g_array_index(ids, guint, i), hi = lo;
        guint j = i + 1;
        while (j < ids->len && g_array_index(ids, guint, j) == hi + 1)
            hi = g_array_index(ids, guint, j++);
        if (s->len)
            g_string_append_c(s, ',');
        if (hi == lo)
            g_string_append_printf(s, "%u", lo);
        else
            g_string_append_printf(s, "%u-%u", lo, hi);
        i = j;
    }
    return g_string_free(s, FALSE);
}

gboolean gdn_cpuset_contains(const GArray *ids, guint id)
{
    return ids && ids->len && bsearch(&id, ids->data, ids->len, sizeof(guint), cmp_uint) != NULL;
}

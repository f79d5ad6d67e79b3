#include "core/strfmt.h"
#include <string.h>

typedef struct {
    char *p;
    gsize len, cap;
    char local[256];
} Buf;

static void put(Buf *b, const char *s, gsize n)
{
    if (b->len + n + 1 > b->cap) {
        gsize cap = MAX(b->cap * 2, b->len + n + 1);
        if (b->p == b->local) {
            b->p = g_malloc(cap);
            memcpy(b->p, b->local, b->len);
        } else {
            b->p = g_realloc(b->p, cap);
        }
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void put_unsigned(Buf *b, unsigned long long v, gboolean negative)
{
    char num[24], *end = num + sizeof num, *d = end;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--d = '-';
    put(b, d, end - d);
}

static void put_signed(Buf *b, long long v)
{
    if (v < 0)
        put_unsigned(b, 0ULL - (unsigned long long)v, TRUE);
    else
        put_unsigned(b, (unsigned long long)v, FALSE);
}

char *gdn_strdup_vprintf(const char *fmt, va_list ap)
{
    va_list fallback;
    va_copy(fallback, ap);
    Buf b = {.cap = sizeof b.local};
    b.p = b.local;
    const char *f = fmt;
    while (*f) {
        const char *pct = strchr(f, '%');
        if (!pct) {
            put(&b, f, strlen(f));
            break;
        }
        put(&b, f, pct - f);
        f = pct + 1;
        int longs = 0;
        gboolean size = FALSE;
        if (*f == 'l') {
            longs = f[1] == 'l' ? 2 : 1;
            f += longs;
        } else if (*f == 'z') {
            size = TRUE;
            f++;
        }
        char conv = *f++;
        gboolean plain = longs == 0 && !size;
        if (conv == '%' && plain) {
            put(&b, "%", 1);
        } else if (conv == 's' && plain) {
            const char *s = va_arg(ap, const char *);
            s = s ? s : "(null)";
            put(&b, s, strlen(s));
        } else if (conv == 'c' && plain) {
            char c = (char)va_arg(ap, int);
            put(&b, &c, 1);
        } else if (conv == 'd' || conv == 'i') {
            long long v = size         ? (long long)va_arg(ap, gssize)
                          : longs == 2 ? va_arg(ap, long long)
                          : longs == 1 ? (long long)va_arg(ap, long)
                                       : (long long)va_arg(ap, int);
            put_signed(&b, v);
        } else if (conv == 'u') {
            unsigned long long v = size         ? (unsigned long long)va_arg(ap, gsize)
                                   : longs == 2 ? va_arg(ap, unsigned long long)
                                   : longs == 1 ? (unsigned long long)va_arg(ap, unsigned long)
                                                : (unsigned long long)va_arg(ap, unsigned int);
            put_unsigned(&b, v, FALSE);
        } else {
            /* Not ours (or a trailing '%'): let GLib format the whole thing. */
            if (b.p != b.local)
                g_free(b.p);
            char *r = g_strdup_vprintf(fmt, fallback);
            va_end(fallback);
            return r;
        }
    }
    va_end(fallback);
    if (b.p == b.local)
        return g_strndup(b.local, b.len);
    b.p[b.len] = '\0';
    return b.p;
}

char *gdn_strdup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = gdn_strdup_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

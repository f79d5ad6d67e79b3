/* gdn_strdup_vprintf: the same text as g_strdup_printf for every format. */
#include "helpers.h"
#include "core/strfmt.h"
#include <limits.h>

static char *fmt(const char *f, ...) G_GNUC_PRINTF(1, 2);
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = gdn_strdup_vprintf(f, ap);
    va_end(ap);
    return s;
}

#define SAME(...)                                                                                  \
    do {                                                                                           \
        g_autofree char *want = g_strdup_printf(__VA_ARGS__);                                      \
        g_autofree char *got = fmt(__VA_ARGS__);                                                   \
        assert_string_equal(got, want);                                                            \
    } while (0)

static void same_as_printf(void **state)
{
    (void)state;
    SAME("%s", "");
    SAME("plain text, no conversions");
    SAME("disk '%s' uses the emulated '%s' bus%s, expected virtio-scsi", "sda", "sata", "");
    SAME("%u %d %i %c %%", 0u, -1, INT_MIN, 'x');
    SAME("%u/%u", UINT_MAX, 7u);
    SAME("%lu %ld %llu %lld", ULONG_MAX, LONG_MIN, ULLONG_MAX, LLONG_MIN);
    SAME("%" G_GUINT64_FORMAT " KiB, %" G_GINT64_FORMAT, G_MAXUINT64, G_MININT64);
    SAME("%zu items", (size_t)12345);
    SAME("100%% of %s", "memory");
    /* Handed to GLib: width, precision, flags, floats. */
    SAME("%.1f MiB and %s", 1.25, "more");
    SAME("%5u|%-4s|%03d|%x", 42u, "ab", 7, 255u);
    SAME("%s then %.3s", "first", "truncated");
}

static void long_output_grows(void **state)
{
    (void)state;
    g_autofree char *big = g_strnfill(5000, 'z');
    SAME("<%s>%u<%s>", big, 99u, big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_printf),
        cmocka_unit_test(long_output_grows),
    };
    return cmocka_run_group_tests_name("strfmt", tests, NULL, NULL);
}

/* Whole-catalog outcomes on the bundled examples and the seed's own XML:
 * what "done" means for the foundation and rule-module issues. */
#include "helpers.h"

typedef struct {
    const char *rule;
    guint line;
} Expect;

static void expect_exactly(const GPtrArray *f, const Expect *want, guint n)
{
    for (guint i = 0; i < n; i++) {
        const GdnFinding *x = gt_find(f, want[i].rule, 0);
        if (!x) {
            gt_dump(f);
            fail_msg("expected %s", want[i].rule);
        }
        if (x->line != want[i].line) {
            gt_dump(f);
            fail_msg("%s at line %u, expected %u", want[i].rule, x->line, want[i].line);
        }
    }
    if (f->len != n) {
        gt_dump(f);
        fail_msg("%u findings, expected exactly %u", f->len, n);
    }
}

static void tuned_windows_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml", GDN_GUEST_AUTO, NULL);
    if (f->len) {
        gt_dump(f);
        fail_msg("a fully tuned Windows 11 guest must have no findings");
    }
    g_autoptr(GPtrArray) nohost =
        gt_check_file("examples/win11-tuned.xml", NULL, GDN_GUEST_AUTO, NULL);
    assert_int_equal(nohost->len, 0);
}

static void virt_install_default_windows(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, NULL);
    static const Expect want[] = {
        {"MEM001", 1},  {"MEM005", 1},  {"PIN001", 1},  {"HV012", 18},  {"HV016", 18},
        {"HV009", 25},  {"CPU002", 34}, {"CPU004", 34}, {"CPU007", 34}, {"DSK003", 48},
        {"DSK004", 48}, {"DSK006", 48}, {"DSK001", 50}, {"NET001", 79}, {"GPU001", 91},
    };
    expect_exactly(f, want, G_N_ELEMENTS(want));
    /* 16 GiB without hugepages is a warning, not info. */
    assert_int_equal(gt_find(f, "MEM001", 0)->severity, GDN_SEV_WARNING);
}

static void seed_template_errata(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("tests/data/seed-template.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, NULL);
    static const char *const errata[] = {"Q004", "DSK010", "GPU004", "Q006", "NET003"};
    for (guint i = 0; i < G_N_ELEMENTS(errata); i++)
        assert_rule(f, errata[i]);
    assert_no_rule(f, "HV015"); /* evmcs is fine on Intel */
    g_autoptr(GPtrArray) amd = gt_check_file("tests/data/seed-template.xml",
                                             "examples/host-amd.xml", GDN_GUEST_AUTO, NULL);
    const GdnFinding *hv15 = gt_find(amd, "HV015", 0);
    assert_non_null(hv15);
    assert_int_equal(hv15->severity, GDN_SEV_ERROR);
}

static void linux_guest_gets_no_windows_rules(void **state)
{
    (void)state;
    g_autofree char *xml = gt_read("examples/win11-virt-install.xml");
    /* Same hardware, Linux guest: drop the libosinfo Windows id and <hyperv>. */
    g_auto(GStrv) parts = g_strsplit(xml, "http://microsoft.com/win/11", -1);
    g_autofree char *a = g_strjoinv("http://fedoraproject.org/fedora/38", parts);
    GRegex *re = g_regex_new("<hyperv>.*</hyperv>", G_REGEX_DOTALL, 0, NULL);
    g_autofree char *b = g_regex_replace_literal(re, a, -1, 0, "", 0, NULL);
    g_regex_unref(re);
    g_autoptr(GPtrArray) f = gt_check(b,
                                      "<capabilities><host><cpu><vendor>Intel</vendor></cpu>"
                                      "</host></capabilities>",
                                      GDN_GUEST_AUTO, NULL);
    for (guint i = 0; i < f->len; i++) {
        const char *m = ((const GdnFinding *)g_ptr_array_index(f, i))->module->name;
        if (g_str_equal(m, "enlightenments") || g_str_equal(m, "clock")) {
            gt_dump(f);
            fail_msg("Linux guest got a %s finding", m);
        }
    }
    assert_rule(f, "DSK001"); /* hardware rules still apply */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tuned_windows_is_clean),
        cmocka_unit_test(virt_install_default_windows),
        cmocka_unit_test(seed_template_errata),
        cmocka_unit_test(linux_guest_gets_no_windows_rules),
    };
    return cmocka_run_group_tests_name("integration", tests, NULL, NULL);
}

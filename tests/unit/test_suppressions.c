/* SUP module: malformed suppressions (SUP001) and unused ones (SUP002),
 * and that well-formed suppressions still suppress. */
#include "helpers.h"
#include <string.h>

#define NS "https://guardian-virt.dev/xmlns/guardian/1"
#define DISK(attrs)                                                                                \
    "<disk type='file' device='disk'><driver name='qemu' type='raw' " attrs "/>"                   \
    "<source file='/x.img'/><target dev='vda' bus='virtio'/></disk>"
#define TUNED "cache='none' io='native' discard='unmap' detect_zeroes='unmap' queues='2'"
#define DOMAIN(metadata, devices)                                                                  \
    "<domain type='kvm'>\n<name>n</name>\n" metadata "<memory>4194304</memory><vcpu>2</vcpu>\n"    \
    "<devices>\n" devices "</devices>\n</domain>\n"

static guint active(const GPtrArray *f, const char *id)
{
    guint n = 0;
    for (guint i = 0; i < f->len; i++) {
        const GdnFinding *x = g_ptr_array_index(f, i);
        n += !x->suppressed && g_strcmp0(gdn_finding_rule_id(x), id) == 0;
    }
    return n;
}

static void wrong_namespace_is_reported_and_suppresses_nothing(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN("<metadata><guardian:ignore xmlns:guardian='https://github.com/guardian-virt/"
               "guardian' rules='DSK003'/></metadata>\n",
               DISK("")),
        NULL, GDN_GUEST_AUTO, "storage,suppressions");
    const GdnFinding *s = gt_find(f, "SUP001", 0);
    assert_non_null(s);
    assert_int_equal(s->line, 3);
    assert_non_null(strstr(s->message, "namespace"));
    assert_int_equal(active(f, "DSK003"), 1);
}

static void unknown_rule_and_bad_comment_are_reported(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("<metadata><g:ignore xmlns:g='" NS "' rules='DSK003 HV99X'/></metadata>\n",
                        "  <!-- guardian-ignore DSK004 no colon -->\n" DISK(
                            "") "  <!-- guardian-ignore: DSK005 -->\n"),
                 NULL, GDN_GUEST_AUTO, "storage,suppressions");
    assert_int_equal(gt_count(f, "SUP001"), 3);
    assert_non_null(strstr(gt_find(f, "SUP001", 0)->message, "'HV99X'"));
    /* The comments' own lines and columns, not their parents'. */
    const GdnFinding *colon = gt_find(f, "SUP001", 1), *dangling = gt_find(f, "SUP001", 2);
    assert_int_equal(colon->line, 6);
    assert_int_equal(colon->column, 3);
    assert_non_null(strstr(colon->message, "guardian-ignore: ID"));
    assert_int_equal(dangling->line, 7); /* after the disk, on its line */
    assert_non_null(strstr(dangling->message, "no element follows"));
    /* The known rule of the first still works; the others suppress nothing. */
    assert_int_equal(active(f, "DSK003"), 0);
    assert_int_equal(active(f, "DSK004"), 1);
}

static void well_formed_suppressions_are_quiet(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN("<metadata><g:guardian xmlns:g='" NS "'><g:ignore rules='DSK003' reason='r'/>"
               "</g:guardian></metadata>\n",
               "  <!-- guardian-ignore: DSK004,DSK005 on purpose -->\n" DISK("")),
        NULL, GDN_GUEST_AUTO, "storage,suppressions");
    assert_no_rule(f, "SUP001");
    assert_no_rule(f, "SUP002");
    assert_int_equal(active(f, "DSK003") + active(f, "DSK004") + active(f, "DSK005"), 0);
}

static void unused_is_opt_in_and_counts_only_running_rules(void **state)
{
    (void)state;
    const char *xml =
        DOMAIN("<metadata><g:ignore xmlns:g='" NS "' rules='DSK003 NET001'/></metadata>\n",
               "  <!-- guardian-ignore: DSK004 -->\n" DISK(TUNED));
    g_autoptr(GPtrArray) off = gt_check(xml, NULL, GDN_GUEST_AUTO, "storage");
    assert_no_rule(off, "SUP002");
    /* network is not selected: NET001 is not called unused. */
    g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "storage,SUP002");
    assert_int_equal(gt_count(f, "SUP002"), 2);
    assert_string_equal(gt_find(f, "SUP002", 0)->message,
                        "suppression of DSK003 suppresses nothing here");
    assert_int_equal(gt_find(f, "SUP002", 1)->line, 6);
    g_autoptr(GPtrArray) net = gt_check(xml, NULL, GDN_GUEST_AUTO, "storage,network,SUP002");
    assert_non_null(strstr(gt_find(net, "SUP002", 0)->message, "DSK003, NET001"));
}

static void used_suppression_is_not_unused(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("", "  <!-- guardian-ignore: DSK003 writeback on purpose -->\n" DISK("")),
                 NULL, GDN_GUEST_AUTO, "storage,SUP002");
    assert_no_rule(f, "SUP002");
    assert_int_equal(active(f, "DSK003"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrong_namespace_is_reported_and_suppresses_nothing),
        cmocka_unit_test(unknown_rule_and_bad_comment_are_reported),
        cmocka_unit_test(well_formed_suppressions_are_quiet),
        cmocka_unit_test(unused_is_opt_in_and_counts_only_running_rules),
        cmocka_unit_test(used_suppression_is_not_unused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

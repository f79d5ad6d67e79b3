/* LAT module (opt-in profile) and the Linux clock rules (CLK050/CLK051). */
#include "helpers.h"
#include <string.h>

#define LINUX_META                                                                                 \
    "<metadata><libosinfo:libosinfo "                                                              \
    "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'><libosinfo:os "               \
    "id='http://debian.org/debian/12'/></libosinfo:libosinfo></metadata>"
#define DOM(meta, top, devices)                                                                    \
    "<domain type='kvm'><name>l</name>" meta "<memory>1048576</memory><vcpu>2</vcpu>" top          \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>" devices "</devices></domain>"

static void profile_is_off_by_default(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOM("", "", ""), NULL, GDN_GUEST_AUTO, NULL);
    for (guint i = 0; i < f->len; i++) {
        const GdnFinding *fd = g_ptr_array_index(f, i);
        if (g_str_has_prefix(fd->rule->id, "LAT"))
            fail_msg("%s fired without --select latency", fd->rule->id);
    }
    g_autoptr(GPtrArray) on = gt_check(DOM("", "", ""), NULL, GDN_GUEST_AUTO, "latency");
    assert_rule(on, "LAT002");
    assert_rule(on, "LAT003");
    assert_no_rule(on, "LAT001"); /* nothing pinned */
    assert_no_rule(on, "LAT004"); /* no USB controller */
}

static void latency_rules(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOM("", "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/></cputune>",
            "<controller type='usb' index='0' model='qemu-xhci'/>"),
        NULL, GDN_GUEST_AUTO, "latency");
    assert_string_equal(gt_find(f, "LAT001", 0)->message,
                        "pinned vCPUs run under the normal host scheduler");
    assert_string_equal(gt_find(f, "LAT004", 0)->message,
                        "USB controller 'qemu-xhci' without any USB device");
    g_autoptr(GPtrArray) tuned = gt_check(
        DOM("",
            "<memoryBacking><locked/></memoryBacking><cputune><vcpupin vcpu='0' cpuset='2'/>"
            "<vcpusched vcpus='0' scheduler='fifo' priority='1'/></cputune>"
            "<features><pmu state='off'/></features>",
            "<controller type='usb' index='0' model='none'/>"),
        NULL, GDN_GUEST_AUTO, "latency");
    assert_no_findings(tuned);
    /* A tablet needs its controller. */
    g_autoptr(GPtrArray) tablet =
        gt_check(DOM("", "", "<controller type='usb' model='qemu-xhci'/><input type='tablet'/>"),
                 NULL, GDN_GUEST_AUTO, "LAT004");
    assert_int_equal(tablet->len, 0);
    /* So does SPICE USB redirection. */
    g_autoptr(GPtrArray) redir = gt_check(
        DOM("", "",
            "<controller type='usb' model='qemu-xhci'/><redirdev bus='usb' type='spicevmc'/>"),
        NULL, GDN_GUEST_AUTO, "LAT004");
    assert_int_equal(redir->len, 0);
}

static void linux_clock(void **state)
{
    (void)state;
    const char *bad = DOM(LINUX_META,
                          "<cpu mode='host-model'><feature policy='disable' name='tsc-deadline'/>"
                          "</cpu><clock offset='utc'><timer name='kvmclock' present='no'/>"
                          "<timer name='hpet' present='no'/></clock>",
                          "");
    g_autoptr(GPtrArray) f = gt_check(bad, NULL, GDN_GUEST_AUTO, "CLK");
    assert_string_equal(gt_find(f, "CLK050", 0)->message, "kvmclock is disabled on a Linux guest");
    assert_string_equal(gt_find(f, "CLK051", 0)->message,
                        "tsc-deadline is disabled for a Linux guest");
    assert_int_equal(f->len, 2); /* no Windows clock rule on a Linux guest */
    g_autoptr(GPtrArray) forbid = gt_check(
        DOM(LINUX_META,
            "<cpu mode='host-model'><feature policy='forbid' name='tsc-deadline'/></cpu>", ""),
        NULL, GDN_GUEST_AUTO, "CLK051");
    assert_int_equal(forbid->len, 1);
    assert_string_equal(gt_find(forbid, "CLK051", 0)->message,
                        "tsc-deadline is forbidden for a Linux guest");
    /* Unknown OS: not advised (Windows does not use kvmclock); --guest linux is known. */
    g_autoptr(GPtrArray) unknown = gt_check(DOM("",
                                                "<clock offset='utc'><timer name='kvmclock' "
                                                "present='no'/></clock>",
                                                ""),
                                            NULL, GDN_GUEST_AUTO, "CLK050");
    assert_int_equal(unknown->len, 0);
    g_autoptr(GPtrArray) forced = gt_check(DOM("",
                                               "<clock offset='utc'><timer name='kvmclock' "
                                               "present='no'/></clock>",
                                               ""),
                                           NULL, GDN_GUEST_LINUX, "CLK050");
    assert_int_equal(forced->len, 1);
    g_autoptr(GPtrArray) good = gt_check(
        DOM(LINUX_META, "<clock offset='utc'><timer name='kvmclock' present='yes'/></clock>", ""),
        NULL, GDN_GUEST_AUTO, "CLK050,CLK051");
    assert_int_equal(good->len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_is_off_by_default),
        cmocka_unit_test(latency_rules),
        cmocka_unit_test(linux_clock),
    };
    return cmocka_run_group_tests_name("latency", tests, NULL, NULL);
}

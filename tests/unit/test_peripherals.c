/* DEV module: each rule triggered and not triggered. */
#include "helpers.h"
#include <string.h>

#define DOM(machine, mb, devices)                                                                  \
    "<domain type='kvm'><name>p</name><memory>4194304</memory><vcpu>4</vcpu>" mb                   \
    "<os><type arch='x86_64' machine='" machine "'>hvm</type></os><devices>" devices               \
    "</devices></domain>"
#define TABLET "<input type='tablet' bus='usb'/>"
#define GFX "<graphics type='vnc'/><video><model type='virtio'/></video>"

static void tablet_on_uhci(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) ich9 =
        gt_check(DOM("q35", "",
                     "<controller type='usb' index='0' model='ich9-ehci1'/>"
                     "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/>"
                     "</controller>" TABLET GFX),
                 NULL, GDN_GUEST_AUTO, "DEV001");
    assert_int_equal(gt_count(ich9, "DEV001"), 1);
    assert_string_equal(gt_find(ich9, "DEV001", 0)->message,
                        "USB tablet on a 'ich9-ehci1' controller; qemu-xhci costs less host CPU");
    /* i440fx without a controller: libvirt's default piix3-uhci. */
    g_autoptr(GPtrArray) pc =
        gt_check(DOM("pc-i440fx-7.2", "", TABLET GFX), NULL, GDN_GUEST_AUTO, "DEV001");
    assert_int_equal(gt_count(pc, "DEV001"), 1);
    /* XHCI, no tablet, or a q35 default (version-dependent): nothing. */
    g_autoptr(GPtrArray) xhci =
        gt_check(DOM("q35", "", "<controller type='usb' index='0' model='qemu-xhci'/>" TABLET GFX),
                 NULL, GDN_GUEST_AUTO, "DEV001");
    g_autoptr(GPtrArray) notablet =
        gt_check(DOM("pc", "", "<controller type='usb' index='0' model='piix3-uhci'/>" GFX), NULL,
                 GDN_GUEST_AUTO, "DEV001");
    g_autoptr(GPtrArray) q35 = gt_check(DOM("q35", "", TABLET GFX), NULL, GDN_GUEST_AUTO, "DEV001");
    assert_int_equal(xhci->len + notablet->len + q35->len, 0);
}

static void balloon_with_pinned_memory(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) hp = gt_check(
        DOM("q35", "<memoryBacking><hugepages/></memoryBacking>", "<memballoon model='virtio'/>"),
        NULL, GDN_GUEST_AUTO, "DEV002");
    assert_string_equal(gt_find(hp, "DEV002", 0)->message,
                        "memory balloon 'virtio' with huge pages: it cannot reclaim memory");
    g_autoptr(GPtrArray) implied =
        gt_check(DOM("q35", "<memoryBacking><locked/></memoryBacking>", GFX), NULL, GDN_GUEST_AUTO,
                 "DEV002");
    assert_int_equal(gt_count(implied, "DEV002"), 1);
    /* libvirt adds the implicit balloon on x86 only. */
    g_autoptr(GPtrArray) arm = gt_check(
        "<domain type='kvm'><name>p</name><memory>4194304</memory><vcpu>4</vcpu>"
        "<memoryBacking><locked/></memoryBacking><os><type arch='aarch64' machine='virt'>hvm</type>"
        "</os><devices>" GFX "</devices></domain>",
        NULL, GDN_GUEST_AUTO, "DEV002");
    assert_int_equal(gt_count(arm, "DEV002"), 0);
    g_autoptr(GPtrArray) hostdev = gt_check(
        DOM("q35", "",
            "<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='1' slot='0' "
            "function='0'/></source></hostdev>"),
        NULL, GDN_GUEST_AUTO, "DEV002");
    assert_int_equal(gt_count(hostdev, "DEV002"), 1);
    /* A plain guest keeps its balloon; model none is the goal. */
    g_autoptr(GPtrArray) plain =
        gt_check(DOM("q35", "", "<memballoon model='virtio'/>"), NULL, GDN_GUEST_AUTO, "DEV002");
    g_autoptr(GPtrArray) none = gt_check(
        DOM("q35", "<memoryBacking><hugepages/></memoryBacking>", "<memballoon model='none'/>"),
        NULL, GDN_GUEST_AUTO, "DEV002");
    assert_int_equal(plain->len + none->len, 0);
}

static void desktop_devices_on_server(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) headless =
        gt_check(DOM("q35", "",
                     "<sound model='ich9'/><redirdev bus='usb' type='spicevmc'/>"
                     "<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' "
                     "service='4000'/></redirdev>"),
                 NULL, GDN_GUEST_AUTO, "DEV003");
    assert_int_equal(gt_count(headless, "DEV003"), 2);
    assert_string_equal(gt_find(headless, "DEV003", 0)->message,
                        "sound card 'ich9' on a headless guest");
    g_autoptr(GPtrArray) server =
        gt_check("<domain type='kvm'><name>w</name><metadata><libosinfo:libosinfo "
                 "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'><libosinfo:os "
                 "id='http://microsoft.com/win/2k22'/></libosinfo:libosinfo></metadata>"
                 "<memory>4194304</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>"
                 "<devices><sound model='ich9'/>" GFX "</devices></domain>",
                 NULL, GDN_GUEST_AUTO, "DEV003");
    assert_string_equal(gt_find(server, "DEV003", 0)->message,
                        "sound card 'ich9' on a Windows Server guest");
    /* A desktop guest with a display keeps its sound card. */
    g_autoptr(GPtrArray) desktop =
        gt_check(DOM("q35", "", "<sound model='ich9'/>" GFX), NULL, GDN_GUEST_AUTO, "DEV003");
    assert_int_equal(desktop->len, 0);
}

static void old_machine_types(void **state)
{
    (void)state;
    static const struct {
        const char *machine;
        const char *alias; /* NULL: no finding */
    } cases[] = {
        {"pc-i440fx-2.11", "pc"},
        {"pc-q35-5.1", "q35"},
        {"pc-1.2", "pc"},
        {"pc-q35-5.2", NULL},
        {"pc-i440fx-7.2", NULL},
        {"q35", NULL},
        {"pc", NULL},
        {"pc-q35-rhel8.6.0", NULL},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *xml = g_strdup_printf(
            "<domain type='kvm'><name>m</name><memory>1048576</memory><vcpu>2</vcpu><os><type "
            "arch='x86_64' machine='%s'>hvm</type></os><devices/></domain>",
            cases[i].machine);
        g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "DEV004");
        if (!cases[i].alias) {
            assert_int_equal(f->len, 0);
            continue;
        }
        assert_int_equal(gt_count(f, "DEV004"), 1);
        assert_string_equal(gt_param(gt_find(f, "DEV004", 0), "machine"), cases[i].alias);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tablet_on_uhci),
        cmocka_unit_test(balloon_with_pinned_memory),
        cmocka_unit_test(desktop_devices_on_server),
        cmocka_unit_test(old_machine_types),
    };
    return cmocka_run_group_tests_name("peripherals", tests, NULL, NULL);
}

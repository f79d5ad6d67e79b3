/* Q module: each rule triggered and not triggered, q = min(vcpus, 8). */
#include "helpers.h"
#include <string.h>

#define DOMAIN_V(vcpus, devices)                                                                   \
    "<domain type='kvm'><name>q</name><memory>4194304</memory><vcpu>" vcpus "</vcpu>"              \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>" devices "</devices></domain>"
#define DOMAIN(devices) DOMAIN_V("4", devices)

#define VSCSI(driver)                                                                              \
    "<controller type='scsi' index='0' model='virtio-scsi'>" driver "</controller>"
#define NIC(type, source, driver)                                                                  \
    "<interface type='" type "'>" source "<model type='virtio'/>" driver "</interface>"
#define NET                                                                                        \
    NIC("network", "<source network='default'/>",                                                  \
        "<driver name='vhost' queues='4' rx_queue_size='1024'/>")
#define VDISK(driver)                                                                              \
    "<disk type='file' device='disk'>" driver "<source file='/i/q.raw'/>"                          \
    "<target dev='vda' bus='virtio'/></disk>"

static void assert_message_has(const GdnFinding *f, const char *text)
{
    assert_non_null(f);
    if (!strstr(f->message, text))
        fail_msg("message '%s' lacks '%s'", f->message, text);
}

static void tuned_devices_are_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN(VSCSI("<driver queues='4'/>") NET VDISK("<driver name='qemu' queues='4'/>")), NULL,
        GDN_GUEST_AUTO, "queues");
    assert_no_findings(f);
    g_autoptr(GPtrArray) ex =
        gt_check_file("examples/win11-tuned.xml", NULL, GDN_GUEST_AUTO, "queues");
    assert_int_equal(ex->len, 0);
}

static void scsi_queues(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOMAIN_V("12", VSCSI("")), NULL, GDN_GUEST_AUTO, "Q001");
    const GdnFinding *fd = gt_find(f, "Q001", 0);
    assert_int_equal(fd->severity, GDN_SEV_WARNING);
    assert_string_equal(fd->message,
                        "virtio-scsi controller 0 has no driver queues, expected queues='8'");
    assert_string_equal(fd->xpath, "/domain/devices/controller");
    assert_string_equal(gt_param(fd, "queues"), "8");
    g_autoptr(GPtrArray) drv =
        gt_check(DOMAIN(VSCSI("<driver iothread='1'/>")), NULL, GDN_GUEST_AUTO, "Q001");
    assert_string_equal(gt_find(drv, "Q001", 0)->xpath, "/domain/devices/controller/driver");
    assert_string_equal(gt_param(gt_find(drv, "Q001", 0), "queues"), "4");
    /* One vCPU: queues='1' is QEMU's default already. */
    g_autoptr(GPtrArray) one = gt_check(DOMAIN_V("1", VSCSI("")), NULL, GDN_GUEST_AUTO, "Q001");
    assert_no_rule(one, "Q001");
    g_autoptr(GPtrArray) lsi =
        gt_check(DOMAIN("<controller type='scsi' index='0' model='lsilogic'/>"), NULL,
                 GDN_GUEST_AUTO, "Q001");
    assert_no_rule(lsi, "Q001");
}

static void net_queues(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN(NIC("bridge", "<source bridge='br0'/>", "<driver name='vhost'/>")
                            NIC("network", "<source network='default'/>", "")),
                 NULL, GDN_GUEST_AUTO, "Q002");
    assert_int_equal(gt_count(f, "Q002"), 2);
    const GdnFinding *fd = gt_find(f, "Q002", 0);
    assert_string_equal(fd->message, "virtio interface (type 'bridge') has no driver queues, "
                                     "expected queues='4' for 4 vCPUs");
    assert_string_equal(gt_param(fd, "queues"), "4");
    assert_string_equal(gt_find(f, "Q002", 1)->xpath, "/domain/devices/interface[2]");
    /* Single vCPU, user networking (no multiqueue), emulated NIC: nothing. */
    g_autoptr(GPtrArray) one =
        gt_check(DOMAIN_V("1", NIC("network", "<source network='default'/>", "")), NULL,
                 GDN_GUEST_AUTO, "Q002");
    assert_no_rule(one, "Q002");
    g_autoptr(GPtrArray) user = gt_check(DOMAIN(NIC("user", "", "")), NULL, GDN_GUEST_AUTO, "Q002");
    assert_no_rule(user, "Q002");
    g_autoptr(GPtrArray) e1000 =
        gt_check(DOMAIN("<interface type='network'><source network='default'/><model "
                        "type='e1000e'/></interface>"),
                 NULL, GDN_GUEST_AUTO, "queues");
    assert_int_equal(e1000->len, 0);
}

static void queue_counts(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) many =
        gt_check(DOMAIN_V("16", VSCSI("<driver queues='16'/>")), NULL, GDN_GUEST_AUTO, "Q003");
    const GdnFinding *fd = gt_find(many, "Q003", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_string_equal(fd->message, "virtio-scsi controller 0: queues is 16 (more than 8), "
                                     "expected 8 for 16 vCPUs");
    assert_string_equal(gt_param(fd, "queues"), "8");
    g_autoptr(GPtrArray) over =
        gt_check(DOMAIN(NIC("network", "<source network='default'/>", "<driver queues='8'/>")),
                 NULL, GDN_GUEST_AUTO, "Q003");
    assert_message_has(gt_find(over, "Q003", 0), "queues is 8 (more than the vCPUs), expected 4");
    g_autoptr(GPtrArray) under =
        gt_check(DOMAIN(VDISK("<driver name='qemu' queues='2'/>")), NULL, GDN_GUEST_AUTO, "Q003");
    assert_message_has(gt_find(under, "Q003", 0), "disk 'vda': queues is 2 (fewer than");
    /* 12 vCPUs: q = 8, and 8 is right. */
    g_autoptr(GPtrArray) capped =
        gt_check(DOMAIN_V("12", VSCSI("<driver queues='8'/>")), NULL, GDN_GUEST_AUTO, "Q003");
    assert_no_rule(capped, "Q003");
}

static void disk_queues_need_virtio(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN("<disk type='file' device='disk'><driver name='qemu' queues='4'/><source "
               "file='/i/q.raw'/><target dev='sda' bus='scsi'/></disk>" VSCSI(
                   "") "<disk type='file' device='disk'><driver name='qemu' queues='2'/><source "
                       "file='/i/r.raw'/><target dev='hda'/></disk>"),
        NULL, GDN_GUEST_AUTO, "Q004,Q003");
    assert_int_equal(gt_count(f, "Q004"), 2);
    assert_no_rule(f, "Q003"); /* Q004 says it all */
    const GdnFinding *fd = gt_find(f, "Q004", 0);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_string_equal(fd->message, "disk 'sda': queues='4' on a disk with bus 'scsi'; only "
                                     "virtio-blk disks take queues");
    assert_string_equal(gt_param(fd, "action"), "move");
    assert_string_equal(gt_param(fd, "controller"), "0");
    assert_string_equal(gt_param(fd, "queues"), "4");
    const GdnFinding *ide = gt_find(f, "Q004", 1);
    assert_message_has(ide, "bus 'ide'"); /* inferred from hda */
    assert_string_equal(gt_param(ide, "action"), "remove");
    g_autoptr(GPtrArray) blk =
        gt_check(DOMAIN(VDISK("<driver name='qemu' queues='4'/>")), NULL, GDN_GUEST_AUTO, "Q004");
    assert_no_rule(blk, "Q004");
}

static void rx_queue_size(void **state)
{
    (void)state;
    static const struct {
        const char *driver;
        int sev; /* -1: no finding */
    } cases[] = {
        {"", GDN_SEV_INFO},
        {"<driver rx_queue_size='512'/>", GDN_SEV_INFO},
        {"<driver rx_queue_size='256'/>", GDN_SEV_INFO},
        {"<driver rx_queue_size='1024'/>", -1},
        {"<driver rx_queue_size='300'/>", GDN_SEV_ERROR},
        {"<driver rx_queue_size='2048'/>", GDN_SEV_ERROR},
        {"<driver rx_queue_size='128'/>", GDN_SEV_ERROR},
        {"<driver rx_queue_size='big'/>", GDN_SEV_ERROR},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *xml = g_strdup_printf(
            DOMAIN(NIC("network", "<source network='default'/>", "%s")), cases[i].driver);
        g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "Q005");
        if (cases[i].sev < 0) {
            assert_no_rule(f, "Q005");
            continue;
        }
        const GdnFinding *fd = gt_find(f, "Q005", 0);
        if (!fd)
            fail_msg("no Q005 for '%s'", cases[i].driver);
        assert_int_equal(fd->severity, cases[i].sev);
        assert_string_equal(gt_param(fd, "rx_queue_size"), "1024");
    }
    g_autoptr(GPtrArray) unset =
        gt_check(DOMAIN(NIC("network", "", "")), NULL, GDN_GUEST_AUTO, "Q005");
    assert_message_has(gt_find(unset, "Q005", 0), "rx_queue_size is 256 (unset), expected 1024");
}

static void tx_queue_size(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN(NIC("network", "<source network='default'/>",
                   "<driver name='vhost' queues='4' rx_queue_size='1024' tx_queue_size='1024'/>")),
        NULL, GDN_GUEST_AUTO, "queues");
    assert_int_equal(f->len, 1);
    const GdnFinding *fd = gt_find(f, "Q006", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_message_has(fd, "tx_queue_size is 1024, but QEMU caps it at 256");
    g_autoptr(GPtrArray) vhu =
        gt_check(DOMAIN(NIC("vhostuser", "<source type='unix' path='/s' mode='client'/>",
                            "<driver queues='4' rx_queue_size='1024' tx_queue_size='1024'/>")),
                 NULL, GDN_GUEST_AUTO, "Q006");
    assert_no_rule(vhu, "Q006");
    g_autoptr(GPtrArray) small = gt_check(
        DOMAIN(NIC("network", "", "<driver tx_queue_size='256'/>")), NULL, GDN_GUEST_AUTO, "Q006");
    assert_no_rule(small, "Q006");
}

static void blk_queues(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN(VDISK("<driver name='qemu' cache='none'/>")), NULL, GDN_GUEST_AUTO, "Q007");
    const GdnFinding *fd = gt_find(f, "Q007", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_string_equal(fd->message, "virtio-blk disk 'vda' has no driver queues, expected "
                                     "queues='4'");
    assert_string_equal(fd->xpath, "/domain/devices/disk/driver");
    assert_string_equal(gt_param(fd, "queues"), "4");
    g_autoptr(GPtrArray) one = gt_check(DOMAIN_V("1", VDISK("")), NULL, GDN_GUEST_AUTO, "Q007");
    assert_no_rule(one, "Q007");
    g_autoptr(GPtrArray) scsi = gt_check(
        DOMAIN("<disk type='file' device='disk'><source file='/i/q.raw'/><target dev='sda' "
               "bus='scsi'/></disk>"),
        NULL, GDN_GUEST_AUTO, "Q007");
    assert_no_rule(scsi, "Q007");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tuned_devices_are_clean),
        cmocka_unit_test(scsi_queues),
        cmocka_unit_test(net_queues),
        cmocka_unit_test(queue_counts),
        cmocka_unit_test(disk_queues_need_virtio),
        cmocka_unit_test(rx_queue_size),
        cmocka_unit_test(tx_queue_size),
        cmocka_unit_test(blk_queues),
    };
    return cmocka_run_group_tests_name("queues", tests, NULL, NULL);
}

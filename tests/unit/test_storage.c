/* DSK module: each rule triggered and not triggered, the examples, and the
 * seed's VirtIO-SCSI disk snippet. */
#include "helpers.h"
#include <string.h>

#define DOMAIN_V(vcpus, top, devices)                                                              \
    "<domain type='kvm'><name>s</name><memory>4194304</memory><vcpu>" vcpus "</vcpu>" top          \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>" devices "</devices></domain>"
#define DOMAIN(top, devices) DOMAIN_V("4", top, devices)

#define GOOD_DRIVER                                                                                \
    "<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap' "                   \
    "detect_zeroes='unmap'/>"
#define SRC "<source file='/var/lib/libvirt/images/s.qcow2'/>"
#define DISK(driver, target, extra)                                                                \
    "<disk type='file' device='disk'>" driver SRC target extra "</disk>"
#define SCSI_TARGET "<target dev='sda' bus='scsi'/>"
#define ADDR(ctrl) "<address type='drive' controller='" ctrl "' bus='0' target='0' unit='0'/>"
#define VSCSI                                                                                      \
    "<controller type='scsi' index='0' model='virtio-scsi'><driver queues='4' "                    \
    "iothread='1'/></controller>"
#define IOTHREADS "<iothreads>1</iothreads>"
#define TUNED DOMAIN(IOTHREADS, DISK(GOOD_DRIVER, SCSI_TARGET, ADDR("0")) VSCSI)

static void assert_message_has(const GdnFinding *f, const char *text)
{
    assert_non_null(f);
    if (!strstr(f->message, text))
        fail_msg("message '%s' lacks '%s'", f->message, text);
}

static void tuned_disk_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "storage");
    assert_no_findings(f);
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml",
                                           GDN_GUEST_AUTO, "storage,queues");
    assert_no_findings(f);
}

static void virt_install_example(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-virt-install.xml", NULL, GDN_GUEST_AUTO, "storage");
    /* One disk: the sata cdrom is out of scope. */
    assert_int_equal(gt_count(f, "DSK001"), 1);
    const GdnFinding *bus = gt_find(f, "DSK001", 0);
    assert_int_equal(bus->line, 50); /* <target dev="sda" bus="sata"/> */
    assert_int_equal(bus->severity, GDN_SEV_WARNING);
    assert_int_equal(bus->fix_safety, GDN_FIX_UNSAFE);
    assert_message_has(bus, "'sata'");
    assert_string_equal(gt_param(bus, "dev"), "sda"); /* already an sdX name */
    assert_string_equal(gt_param(bus, "controller"), "0");
    assert_string_equal(gt_param(bus, "add_controller"), "yes");
    assert_string_equal(gt_param(bus, "queues"), "4");
    const GdnFinding *cache = gt_find(f, "DSK003", 0);
    assert_int_equal(cache->line, 48); /* <driver name="qemu" type="qcow2" discard="unmap"/> */
    assert_string_equal(cache->message,
                        "disk 'sda': cache is 'writeback' (unset), expected 'none'");
    const GdnFinding *io = gt_find(f, "DSK004", 0);
    assert_int_equal(io->line, 48);
    assert_string_equal(io->message, "disk 'sda': io is 'threads' (unset), expected 'native'");
    assert_string_equal(gt_param(io, "cache"), "none");
    assert_int_equal(gt_count(f, "DSK003"), 1);
    assert_int_equal(gt_count(f, "DSK004"), 1);
    assert_no_rule(f, "DSK005"); /* discard="unmap" */
    assert_rule(f, "DSK006");
    assert_no_rule(f, "DSK002");
    assert_no_rule(f, "DSK008");
}

/* The seed's "VirtIO-SCSI Disk (Optimal Configuration)" (comments removed:
 * inside a start tag they are not XML) with its controller. */
#define SEED_DISK                                                                                  \
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none' io='native' "   \
    "discard='unmap' detect_zeroes='unmap' queues='4' iothread='1'/>"                              \
    "<source file='/var/lib/libvirt/images/vm.qcow2'/><target dev='sda' bus='scsi'/>"              \
    "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>"                    \
    "<controller type='scsi' index='0' model='virtio-scsi'><driver queues='4' iothread='1'/>"      \
    "<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/></controller>"

static void seed_snippet_is_rejected(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOMAIN(IOTHREADS, SEED_DISK), NULL, GDN_GUEST_AUTO, NULL);
    assert_rule(f, "Q004");
    assert_int_equal(gt_count(f, "DSK010"), 1);
    const GdnFinding *dsk = gt_find(f, "DSK010", 0);
    assert_int_equal(dsk->severity, GDN_SEV_ERROR);
    assert_string_equal(dsk->xpath, "/domain/devices/disk/driver");
    assert_message_has(dsk, "bus 'scsi'");
    /* The controller already has iothread='1': the disk's copy just goes. */
    assert_string_equal(gt_param(dsk, "action"), "remove");
    assert_int_equal(gt_find(f, "Q004", 0)->severity, GDN_SEV_ERROR);

    /* Without <iothreads> the controller's iothread is undefined as well. */
    g_autoptr(GPtrArray) bare = gt_check(DOMAIN("", SEED_DISK), NULL, GDN_GUEST_AUTO, "DSK010");
    assert_int_equal(gt_count(bare, "DSK010"), 2);
    assert_message_has(gt_find(bare, "DSK010", 0), "not defined");
    assert_string_equal(gt_find(bare, "DSK010", 1)->xpath, "/domain/devices/controller/driver");
    assert_string_equal(gt_param(gt_find(bare, "DSK010", 1), "action"), "define");
}

static void emulated_buses(void **state)
{
    (void)state;
    static const char *const buses[] = {"ide", "sata", "usb", "fdc"};
    for (guint i = 0; i < G_N_ELEMENTS(buses); i++) {
        g_autofree char *xml = g_strdup_printf(
            DOMAIN("", DISK(GOOD_DRIVER, "<target dev='hdb' bus='%s'/>", "")), buses[i]);
        g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "DSK001");
        assert_int_equal(gt_count(f, "DSK001"), 1);
        /* hdb is not an sdX name: the fix picks the first free one. */
        assert_string_equal(gt_param(gt_find(f, "DSK001", 0), "dev"), "sda");
    }
    /* No bus: libvirt infers ide from hdX. */
    g_autoptr(GPtrArray) inferred = gt_check(
        DOMAIN("", DISK(GOOD_DRIVER, "<target dev='hda'/>",
                        "") "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/>"
                            "</disk>"
                            "<controller type='scsi' index='2' model='virtio-scsi'/>"),
        NULL, GDN_GUEST_AUTO, "DSK001");
    assert_int_equal(gt_count(inferred, "DSK001"), 1); /* the cdrom is out of scope */
    const GdnFinding *fd = gt_find(inferred, "DSK001", 0);
    assert_message_has(fd, "inferred from target 'hda'");
    assert_string_equal(gt_param(fd, "dev"), "sdb"); /* sda is the cdrom's */
    assert_string_equal(gt_param(fd, "controller"), "2");
    assert_string_equal(gt_param(fd, "add_controller"), "no");

    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK001");
    assert_no_rule(clean, "DSK001");
    g_autoptr(GPtrArray) lun = gt_check(
        DOMAIN("", "<disk type='block' device='lun'><source dev='/dev/sdz'/>"
                   "<target dev='hda' bus='ide'/></disk>"
                   "<disk type='file' device='floppy'><target dev='fda' bus='fdc'/></disk>"),
        NULL, GDN_GUEST_AUTO, "storage");
    assert_int_equal(lun->len, 0);
}

static void virtio_blk_is_info(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("", DISK(GOOD_DRIVER, "<target dev='vda' bus='virtio'/>", "")
                                DISK(GOOD_DRIVER, "<target dev='vdb'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK002");
    assert_int_equal(gt_count(f, "DSK002"), 2);
    const GdnFinding *fd = gt_find(f, "DSK002", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_int_equal(fd->fix_safety, GDN_FIX_UNSAFE);
    assert_message_has(fd, "QEMU itself recommends virtio-blk for speed");
    assert_message_has(fd, "seed mandates virtio-scsi");
    /* Two disks moved to SCSI get two names. */
    assert_string_equal(gt_param(fd, "dev"), "sda");
    assert_string_equal(gt_param(gt_find(f, "DSK002", 1), "dev"), "sdb");
    assert_string_equal(gt_param(fd, "add_controller"), "yes");
    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK002");
    assert_no_rule(clean, "DSK002");
    /* vhost-user disks are virtio-blk only: nothing to move them to. */
    g_autoptr(GPtrArray) vhu = gt_check(
        DOMAIN("", "<disk type='vhostuser' device='disk'><driver name='qemu' type='raw'/>"
                   "<source type='unix' path='/tmp/vhost-blk.sock'><reconnect enabled='yes' "
                   "timeout='10'/></source><target dev='vda' bus='virtio'/></disk>"),
        NULL, GDN_GUEST_AUTO, "DSK002");
    assert_no_rule(vhu, "DSK002");
}

static void cache_modes(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) wt =
        gt_check(DOMAIN(IOTHREADS, DISK("<driver name='qemu' cache='writethrough' io='threads'/>",
                                        SCSI_TARGET, "") VSCSI),
                 NULL, GDN_GUEST_AUTO, "DSK003");
    assert_string_equal(gt_find(wt, "DSK003", 0)->message,
                        "disk 'sda': cache is 'writethrough', expected 'none'");
    assert_string_equal(gt_param(gt_find(wt, "DSK003", 0), "cache"), "none");
    g_autoptr(GPtrArray) dflt =
        gt_check(DOMAIN("", DISK("<driver name='qemu' cache='default'/>", SCSI_TARGET, "")), NULL,
                 GDN_GUEST_AUTO, "DSK003");
    assert_message_has(gt_find(dflt, "DSK003", 0), "'default' (writeback)");
    g_autoptr(GPtrArray) nodriver =
        gt_check(DOMAIN("", DISK("", SCSI_TARGET, "")), NULL, GDN_GUEST_AUTO, "DSK003");
    assert_string_equal(gt_find(nodriver, "DSK003", 0)->xpath, "/domain/devices/disk");
    g_autoptr(GPtrArray) direct = gt_check(
        DOMAIN("", DISK("<driver name='qemu' cache='directsync' io='native'/>", SCSI_TARGET, "")),
        NULL, GDN_GUEST_AUTO, "DSK003,DSK004,DSK008");
    assert_int_equal(direct->len, 0);
}

static void io_modes(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) threads = gt_check(
        DOMAIN("", DISK("<driver name='qemu' cache='none' io='threads'/>", SCSI_TARGET, "")), NULL,
        GDN_GUEST_AUTO, "DSK004");
    const GdnFinding *fd = gt_find(threads, "DSK004", 0);
    assert_string_equal(fd->message, "disk 'sda': io is 'threads', expected 'native'");
    assert_string_equal(gt_param(fd, "io"), "native");
    assert_null(gt_param(fd, "cache")); /* cache is already none */
    g_autoptr(GPtrArray) uring = gt_check(
        DOMAIN("", DISK("<driver name='qemu' cache='writeback' io='io_uring'/>", SCSI_TARGET, "")),
        NULL, GDN_GUEST_AUTO, "DSK004,DSK008");
    assert_int_equal(uring->len, 0); /* io_uring works with any cache mode */
    g_autoptr(GPtrArray) rbd = gt_check(
        DOMAIN("",
               "<disk type='network' device='disk'><driver name='qemu' type='raw'/><source "
               "protocol='rbd' name='pool/img'><host name='mon1'/></source>" SCSI_TARGET "</disk>"),
        NULL, GDN_GUEST_AUTO, "DSK003,DSK004");
    assert_no_rule(rbd, "DSK004"); /* no AIO mode on a network disk */
    assert_rule(rbd, "DSK003");
}

static void discard_and_detect_zeroes(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("", DISK("<driver name='qemu' type='qcow2' discard='ignore' "
                                 "detect_zeroes='on'/>",
                                 SCSI_TARGET, "")),
                 NULL, GDN_GUEST_AUTO, "DSK005,DSK006");
    assert_string_equal(gt_find(f, "DSK005", 0)->message,
                        "disk 'sda': discard is 'ignore', expected 'unmap'");
    const GdnFinding *dz = gt_find(f, "DSK006", 0);
    assert_string_equal(dz->message, "disk 'sda': detect_zeroes is 'on', expected 'unmap'");
    assert_string_equal(gt_param(dz, "detect_zeroes"), "unmap");
    assert_string_equal(gt_param(dz, "discard"), "unmap");
    g_autoptr(GPtrArray) unset =
        gt_check(DOMAIN("", DISK("<driver name='qemu' type='qcow2'/>", SCSI_TARGET, "")), NULL,
                 GDN_GUEST_AUTO, "DSK005,DSK006");
    assert_message_has(gt_find(unset, "DSK005", 0), "'ignore' (unset)");
    assert_message_has(gt_find(unset, "DSK006", 0), "'off' (unset)");
    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK005,DSK006");
    assert_int_equal(clean->len, 0);
    /* Zero detection only pays in thin images: raw files and devices (sparse
     * or thin-provisioned or not, the XML does not say) are not advised. */
    g_autoptr(GPtrArray) raw =
        gt_check(DOMAIN("", DISK("<driver name='qemu' type='raw'/>", SCSI_TARGET, "") DISK(
                                "<driver name='qemu'/>", "<target dev='sdb' bus='scsi'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK006");
    assert_int_equal(raw->len, 0);
}

static void scsi_controller_model(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) lsi =
        gt_check(DOMAIN("", DISK(GOOD_DRIVER, SCSI_TARGET, ADDR("0")) DISK(
                                GOOD_DRIVER, "<target dev='sdb' bus='scsi'/>",
                                ADDR("0")) "<controller type='scsi' index='0' model='lsilogic'/>"),
                 NULL, GDN_GUEST_AUTO, "DSK007");
    assert_int_equal(gt_count(lsi, "DSK007"), 1); /* once per controller */
    const GdnFinding *fd = gt_find(lsi, "DSK007", 0);
    assert_string_equal(fd->xpath, "/domain/devices/controller");
    assert_string_equal(fd->message,
                        "disk 'sda' sits on SCSI controller 0 with model 'lsilogic', expected "
                        "'virtio-scsi'");
    assert_string_equal(gt_param(fd, "add_controller"), "no");
    assert_int_equal(fd->fix_safety, GDN_FIX_UNSAFE);

    /* Undeclared controller 1: libvirt adds an lsilogic one on x86, even
     * though controller 0 is virtio-scsi (checked against libvirt 9.0). */
    g_autoptr(GPtrArray) undeclared =
        gt_check(DOMAIN(IOTHREADS, DISK(GOOD_DRIVER, SCSI_TARGET, ADDR("1")) VSCSI), NULL,
                 GDN_GUEST_AUTO, "DSK007");
    fd = gt_find(undeclared, "DSK007", 0);
    assert_string_equal(fd->xpath, "/domain/devices/disk");
    assert_message_has(fd, "controller 1, which is not declared: libvirt adds it as 'lsilogic'");
    assert_string_equal(gt_param(fd, "controller"), "1");
    assert_string_equal(gt_param(fd, "add_controller"), "yes");

    g_autoptr(GPtrArray) nomodel = gt_check(
        DOMAIN("", DISK(GOOD_DRIVER, SCSI_TARGET, "") "<controller type='scsi' index='0'/>"), NULL,
        GDN_GUEST_AUTO, "DSK007");
    assert_message_has(gt_find(nomodel, "DSK007", 0), "without a model: libvirt picks 'lsilogic'");

    /* Another architecture's default depends on the build: not guessed. */
    g_autoptr(GPtrArray) arm =
        gt_check("<domain type='kvm'><name>a</name><memory>1048576</memory><vcpu>2</vcpu><os><type "
                 "arch='aarch64' machine='virt'>hvm</type></os><devices>" DISK(
                     GOOD_DRIVER, SCSI_TARGET, "") "</devices></domain>",
                 NULL, GDN_GUEST_AUTO, "DSK007");
    assert_no_rule(arm, "DSK007");
    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK007");
    assert_no_rule(clean, "DSK007");
}

static void io_native_needs_direct_cache(void **state)
{
    (void)state;
    const char *xml = DOMAIN("", DISK("<driver name='qemu' io='native'/>", SCSI_TARGET, ""));
    g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "storage");
    const GdnFinding *fd = gt_find(f, "DSK008", 0);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_string_equal(fd->message, "disk 'sda': io='native' with cache 'writeback' (unset); "
                                     "libvirt requires cache 'none' or 'directsync'");
    assert_string_equal(gt_param(fd, "cache"), "none");
    /* Same problem, same fix: DSK003 stays quiet while DSK008 reports... */
    assert_no_rule(f, "DSK003");
    assert_no_rule(f, "DSK004");
    /* ...but speaks when DSK008 is ignored. */
    g_autoptr(GPtrArray) only3 = gt_check(xml, NULL, GDN_GUEST_AUTO, "DSK003");
    assert_rule(only3, "DSK003");
    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK008");
    assert_no_rule(clean, "DSK008");
}

static void scsi_iothread(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) none =
        gt_check(DOMAIN("", DISK(GOOD_DRIVER, SCSI_TARGET,
                                 "") "<controller type='scsi' index='0' model='virtio-scsi'/>"),
                 NULL, GDN_GUEST_AUTO, "DSK009");
    const GdnFinding *fd = gt_find(none, "DSK009", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_string_equal(gt_param(fd, "iothread"), "1");
    assert_string_equal(gt_param(fd, "add_iothreads"), "yes");
    g_autoptr(GPtrArray) defined =
        gt_check(DOMAIN("<iothreads>1</iothreads><iothreadids><iothread id='7'/></iothreadids>",
                        "<controller type='scsi' index='0' model='virtio-scsi'><driver queues='4'/>"
                        "</controller>"),
                 NULL, GDN_GUEST_AUTO, "DSK009");
    fd = gt_find(defined, "DSK009", 0);
    assert_string_equal(fd->xpath, "/domain/devices/controller/driver");
    assert_string_equal(gt_param(fd, "iothread"), "7");
    assert_string_equal(gt_param(fd, "add_iothreads"), "no");
    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK009");
    assert_no_rule(clean, "DSK009");
}

/* <iothreads>COUNT</iothreads>; vda on I/O thread ID, vdb and vdc on none. */
#define BLK_VDA_ON(count, id)                                                                      \
    DOMAIN("<iothreads>" count "</iothreads>",                                                     \
           DISK("<driver name='qemu' iothread='" id "'/>", "<target dev='vda' bus='virtio'/>", "") \
               DISK("", "<target dev='vdb' bus='virtio'/>", "")                                    \
                   DISK("", "<target dev='vdc' bus='virtio'/>", ""))

static void blk_iothreads(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("", DISK(GOOD_DRIVER, "<target dev='vda' bus='virtio'/>", "")), NULL,
                 GDN_GUEST_AUTO, "DSK050,DSK051");
    assert_int_equal(f->len, 1);
    assert_string_equal(gt_find(f, "DSK050", 0)->message,
                        "virtio-blk disk 'vda' has no I/O thread");
    assert_string_equal(gt_target_param(gt_find(f, "DSK050", 0), "iothread"), "1");
    assert_string_equal(gt_param(gt_find(f, "DSK050", 0), "iothreads_first"), "1");
    assert_string_equal(gt_param(gt_find(f, "DSK050", 0), "iothreads_new"), "1");
    /* The fix gives each disk its own thread: a defined one no device uses
     * first, then new ids past the defined ones and DSK009's choice; every
     * disk's finding names all the new ones (one pass defines them). */
    g_autoptr(GPtrArray) plan = gt_check(BLK_VDA_ON("2", "1"), NULL, GDN_GUEST_AUTO, "DSK050");
    assert_int_equal(plan->len, 2);
    assert_string_equal(gt_target_param(gt_find(plan, "DSK050", 0), "iothread"), "2");
    assert_string_equal(gt_target_param(gt_find(plan, "DSK050", 1), "iothread"), "3");
    for (guint i = 0; i < 2; i++) {
        assert_string_equal(gt_param(gt_find(plan, "DSK050", i), "iothreads_first"), "3");
        assert_string_equal(gt_param(gt_find(plan, "DSK050", i), "iothreads_new"), "1");
    }
    /* A device naming an undefined thread: the new ids start above it. */
    g_autoptr(GPtrArray) above = gt_check(BLK_VDA_ON("1", "5"), NULL, GDN_GUEST_AUTO, "DSK050");
    assert_string_equal(gt_target_param(gt_find(above, "DSK050", 0), "iothread"), "1");
    assert_string_equal(gt_target_param(gt_find(above, "DSK050", 1), "iothread"), "6");
    assert_string_equal(gt_param(gt_find(above, "DSK050", 1), "iothreads_first"), "6");
    assert_string_equal(gt_param(gt_find(above, "DSK050", 1), "iothreads_new"), "1");
    g_autoptr(GPtrArray) scsi_too =
        gt_check(DOMAIN("", DISK("", "<target dev='vda' bus='virtio'/>",
                                 "") "<controller type='scsi' index='0' model='virtio-scsi'/>"),
                 NULL, GDN_GUEST_AUTO, "DSK050");
    assert_string_equal(gt_target_param(gt_find(scsi_too, "DSK050", 0), "iothread"), "2");
    /* Two disks on one of two threads' worth of work: shared. */
    g_autoptr(GPtrArray) shared =
        gt_check(DOMAIN(IOTHREADS, DISK("<driver name='qemu' type='qcow2' iothread='1'/>",
                                        "<target dev='vda' bus='virtio'/>", "")
                                       DISK("<driver name='qemu' type='qcow2' iothread='1'/>",
                                            "<target dev='vdb' bus='virtio'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK050,DSK051");
    assert_int_equal(shared->len, 1);
    assert_string_equal(gt_find(shared, "DSK051", 0)->message,
                        "I/O thread 1 serves several disks/controllers; 2 devices share 1 I/O "
                        "threads");
    /* One thread each, or a SCSI disk: nothing. */
    g_autoptr(GPtrArray) spread =
        gt_check(DOMAIN("<iothreads>2</iothreads>",
                        DISK("<driver name='qemu' type='qcow2' iothread='1'/>",
                             "<target dev='vda' bus='virtio'/>", "")
                            DISK("<driver name='qemu' type='qcow2' iothread='2'/>",
                                 "<target dev='vdb' bus='virtio'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK050,DSK051");
    g_autoptr(GPtrArray) scsi = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK050,DSK051");
    assert_int_equal(spread->len + scsi->len, 0);
}

static void iothread_placement(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) sata =
        gt_check(DOMAIN(IOTHREADS, DISK("<driver name='qemu' iothread='1'/>",
                                        "<target dev='sda' bus='sata'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK010");
    const GdnFinding *fd = gt_find(sata, "DSK010", 0);
    assert_message_has(fd, "iothread='1' on a disk with bus 'sata'");
    assert_string_equal(gt_param(fd, "action"), "remove");

    /* A SCSI disk's iothread moves to its virtio-scsi controller. */
    g_autoptr(GPtrArray) move = gt_check(
        DOMAIN(IOTHREADS, DISK("<driver name='qemu' iothread='1'/>", SCSI_TARGET,
                               "") "<controller type='scsi' index='0' model='virtio-scsi'/>"),
        NULL, GDN_GUEST_AUTO, "DSK010");
    fd = gt_find(move, "DSK010", 0);
    assert_string_equal(gt_param(fd, "action"), "move");
    assert_string_equal(gt_param(fd, "controller"), "0");

    g_autoptr(GPtrArray) undefined =
        gt_check(DOMAIN(IOTHREADS, DISK("<driver name='qemu' iothread='2'/>",
                                        "<target dev='vda' bus='virtio'/>", "")),
                 NULL, GDN_GUEST_AUTO, "DSK010");
    fd = gt_find(undefined, "DSK010", 0);
    assert_string_equal(fd->message, "disk 'vda': iothread '2' is not defined by "
                                     "<iothreads>/<iothreadids> (1 defined)");
    assert_string_equal(gt_param(fd, "action"), "define");

    /* libvirt fills <iothreads>2</iothreads> with <iothreadids> 5 up with id 1. */
    const char *ids = "<iothreads>2</iothreads><iothreadids><iothread id='5'/></iothreadids>";
    g_autofree char *ok = g_strdup_printf(
        DOMAIN("%s", DISK("<driver name='qemu' iothread='1'/>", "<target dev='vda' bus='virtio'/>",
                          "") DISK("<driver name='qemu' iothread='5'/>",
                                   "<target dev='vdb' bus='virtio'/>", "")),
        ids);
    g_autoptr(GPtrArray) filled = gt_check(ok, NULL, GDN_GUEST_AUTO, "DSK010");
    assert_no_rule(filled, "DSK010");
    g_autofree char *bad =
        g_strdup_printf(DOMAIN("%s", DISK("<driver name='qemu' iothread='2'/>",
                                          "<target dev='vda' bus='virtio'/>", "")),
                        ids);
    g_autoptr(GPtrArray) notfilled = gt_check(bad, NULL, GDN_GUEST_AUTO, "DSK010");
    assert_rule(notfilled, "DSK010");

    /* Controllers: undefined id, and iothread on a non-virtio-scsi model. */
    g_autoptr(GPtrArray) ctrl =
        gt_check(DOMAIN(IOTHREADS, "<controller type='scsi' index='0' model='virtio-scsi'><driver "
                                   "iothread='3'/></controller><controller type='scsi' index='1' "
                                   "model='lsilogic'><driver iothread='1'/></controller>"),
                 NULL, GDN_GUEST_AUTO, "DSK010");
    assert_int_equal(gt_count(ctrl, "DSK010"), 2);
    assert_message_has(gt_find(ctrl, "DSK010", 0), "iothread '3' is not defined");
    assert_message_has(gt_find(ctrl, "DSK010", 1), "only virtio-scsi controllers");

    g_autoptr(GPtrArray) clean = gt_check(TUNED, NULL, GDN_GUEST_AUTO, "DSK010");
    assert_no_rule(clean, "DSK010");
}

/* Issue 12 #5: DSK001 and DSK007 in one run make one virtio-scsi controller:
 * the emulated disk joins the SCSI controller DSK007 converts. */
static void bus_fix_reuses_the_converted_controller(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("", DISK(GOOD_DRIVER, "<target dev='sda' bus='sata'/>", "")
                                DISK(GOOD_DRIVER, "<target dev='sdb' bus='scsi'/>",
                                     "") "<controller type='scsi' index='0' model='lsilogic'/>"),
                 NULL, GDN_GUEST_AUTO, "DSK001,DSK007");
    const GdnFinding *b = gt_find(f, "DSK001", 0);
    assert_string_equal(gt_param(b, "controller"), "0");
    assert_string_equal(gt_param(b, "add_controller"), "no");
    assert_string_equal(gt_param(gt_find(f, "DSK007", 0), "controller"), "0");
    /* Undeclared: both fixes declare the same index as virtio-scsi. */
    g_autoptr(GPtrArray) u = gt_check(
        DOMAIN("", DISK(GOOD_DRIVER, "<target dev='sda' bus='sata'/>", "") DISK(GOOD_DRIVER,
                                                                                "<target dev='sdb' "
                                                                                "bus='scsi'/>",
                                                                                "")),
        NULL, GDN_GUEST_AUTO, "DSK001,DSK007");
    b = gt_find(u, "DSK001", 0);
    assert_string_equal(gt_param(b, "controller"), "0");
    assert_string_equal(gt_param(b, "add_controller"), "yes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bus_fix_reuses_the_converted_controller),
        cmocka_unit_test(tuned_disk_is_clean),
        cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(virt_install_example),
        cmocka_unit_test(seed_snippet_is_rejected),
        cmocka_unit_test(emulated_buses),
        cmocka_unit_test(virtio_blk_is_info),
        cmocka_unit_test(cache_modes),
        cmocka_unit_test(io_modes),
        cmocka_unit_test(discard_and_detect_zeroes),
        cmocka_unit_test(scsi_controller_model),
        cmocka_unit_test(io_native_needs_direct_cache),
        cmocka_unit_test(scsi_iothread),
        cmocka_unit_test(iothread_placement),
        cmocka_unit_test(blk_iothreads),
    };
    return cmocka_run_group_tests_name("storage", tests, NULL, NULL);
}

/* DSK: disk bus, cache and I/O modes, SCSI controller, I/O threads (seed
 * Phase 3, VirtIO-SCSI). Only <disk device='disk'>: cdrom/floppy/lun are out
 * of scope (facts->disks holds disks only). */
#include "devices.h"
#include "engine/rule.h"

static const GdnRule rules[] = {
    {.id = "DSK001",
     .name = "disk-bus-emulated",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "disks must not use an emulated bus (ide, sata, fdc, usb); use virtio-scsi",
     .fix_text = "set bus='scsi' on a virtio-scsi controller, drop the drive address and rename "
                 "the target sdX (the guest needs the VirtIO SCSI driver first)",
     .impact = "performance.md matrix: disk I/O <10,000 IOPS with IDE/SATA emulation; switching to "
               "VirtIO-SCSI "
               "gives +400% IOPS"},
    {.id = "DSK002",
     .name = "disk-bus-virtio-blk",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .default_off = TRUE,
     .summary = "the seed mandates virtio-scsi instead of virtio-blk (QEMU itself recommends "
                "virtio-blk for speed)",
     .fix_text = "set bus='scsi' on a virtio-scsi controller and rename the target sdX (the guest "
                 "needs the VirtIO SCSI driver first)",
     .impact = "upstream: QEMU recommends virtio-blk for performance; the rule is kept only "
               "because the seed mandates virtio-scsi"},
    {.id = "DSK003",
     .name = "disk-cache-mode",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "disks should use cache='none' (or directsync); unset means writeback",
     .fix_text = "set cache='none' on the disk <driver>",
     .impact = "performance.md: direct I/O, the production default (no double caching in host and "
               "guest)"},
    {.id = "DSK004",
     .name = "disk-io-mode",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "disks should use io='native' (or io_uring); unset means threads",
     .fix_text = "set io='native' on the disk <driver> (and cache='none' if the cache mode does "
                 "not bypass the host page cache)",
     .impact = "performance.md: Linux AIO (asynchronous I/O without a thread pool)"},
    {.id = "DSK005",
     .name = "disk-discard",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "disks should pass discard (TRIM) requests: discard='unmap'",
     .fix_text = "set discard='unmap' on the disk <driver>",
     .impact = "performance.md: TRIM support (freed guest blocks are released in the image)"},
    {.id = "DSK006",
     .name = "disk-detect-zeroes",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "qcow2 disks should turn zero writes into discards: detect_zeroes='unmap'",
     .fix_text = "set detect_zeroes='unmap' (and discard='unmap', without which it acts as 'on') "
                 "on the disk <driver>",
     .impact = "performance.md: zero writes become discards (saves image space and write time)"},
    {.id = "DSK007",
     .name = "scsi-controller-model",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "a disk on a SCSI controller needs model='virtio-scsi' (an undeclared or "
                "model-less controller gets libvirt's default, lsilogic on x86)",
     .fix_text = "set model='virtio-scsi' on the SCSI controller (declaring it if needed)",
     .impact =
         "performance.md: VirtIO-SCSI is the mandatory storage path; emulated LSI/MegaRAID HBAs "
         "trap on every register access"},
    {.id = "DSK008",
     .name = "io-native-cache",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "io='native' needs cache='none' or 'directsync'",
     .fix_text = "set cache='none' on the disk <driver>",
     .impact = "upstream: libvirt rejects the domain (\"io='native' needs either no disk cache "
               "or directsync cache mode\")"},
    {.id = "DSK009",
     .name = "scsi-iothread",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio-scsi controller should run in a dedicated I/O thread",
     .fix_text = "add <iothreads> if none is defined and set <driver iothread='N'/> on the "
                 "controller",
     .impact =
         "performance.md reference config: I/O is processed off the vCPU and main loop threads"},
    {.id = "DSK010",
     .name = "iothread-placement",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "iothread belongs on virtio-blk disks and virtio-scsi controllers, and must name "
                "an I/O thread defined in <iothreads>/<iothreadids>",
     .fix_text = "move the iothread to the disk's virtio-scsi controller (or drop it), or define "
                 "the I/O thread",
     .impact = "upstream: libvirt rejects the domain (the seed's VirtIO-SCSI disk snippet puts "
               "iothread on a bus='scsi' disk)"},
    {.id = "DSK050",
     .name = "virtio-blk-iothread",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio-blk disk should run in an I/O thread: <driver iothread='N'/>",
     .fix_text = "set iothread='N' on the disk's <driver>: an I/O thread no device uses, or a "
                 "new one (<iothreads>), one per disk",
     .impact = "upstream: requests are served off QEMU's main loop (the big QEMU lock); "
               "QEMU's I/O thread docs show large IOPS gains for fast storage"},
    {.id = "DSK051",
     .name = "iothread-shared",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_NONE,
     .summary = "busy disks should not share one I/O thread while others are missing",
     .fix_text = "define one I/O thread per busy disk or controller (<iothreads>) and spread "
                 "the iothread attributes over them",
     .impact = "upstream: one I/O thread runs on one host CPU; disks that share it share that "
               "CPU's throughput"},
};

/* "'writeback' (unset)" style description of an attribute with a default. */
static char *shown(const char *value, const char *dflt)
{
    if (!value)
        return g_strdup_printf("'%s' (unset)", dflt);
    if (strcmp(value, "default") == 0)
        return g_strdup_printf("'default' (%s)", dflt);
    return g_strdup_printf("'%s'", value);
}

static gboolean cache_is_direct(const char *cache)
{
    return g_strcmp0(cache, "none") == 0 || g_strcmp0(cache, "directsync") == 0;
}

static guint64 attr_index(xmlNodePtr node)
{
    guint64 idx = 0;
    gdn_attr_uint(node, "index", &idx);
    return idx;
}

/* SCSI controller index a disk sits on (<address type='drive' controller=N>). */
static guint64 disk_controller_index(xmlNodePtr disk)
{
    xmlNodePtr addr = gdn_child(disk, "address");
    guint64 idx = 0;
    if (gdn_attr_is(addr, "type", "drive"))
        gdn_attr_uint(addr, "controller", &idx);
    return idx;
}

/* The model libvirt gives a SCSI controller without one (libvirt 9.x
 * qemuDomainDefaultSCSIControllerModel): ibmvscsi on pseries, else lsilogic
 * when QEMU has it, which every x86 build does. NULL when it depends on the
 * QEMU build or libvirt version (other architectures): never guessed. */
static const char *default_scsi_model(const GdnFacts *f)
{
    xmlNodePtr type = gdn_child(f->os, "type");
    const char *arch = gdn_attr(type, "arch");
    const char *machine = gdn_attr(type, "machine");
    if (!arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0)
        return "lsilogic";
    if (g_str_has_prefix(arch, "ppc64") && machine && g_str_has_prefix(machine, "pseries"))
        return "ibmvscsi";
    return NULL;
}

/* The lowest SCSI controller in use whose model DSK007 turns into
 * virtio-scsi (declared or not), or -1. */
static gint64 converted_controller(const GdnFacts *f, gboolean *declared)
{
    gint64 best = -1;
    const char *dflt = default_scsi_model(f);
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr d = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        if (g_strcmp0(gdn_disk_bus(d, &inferred), "scsi") != 0)
            continue;
        xmlNodePtr c = gdn_facts_disk_controller(f, d, "scsi");
        const char *model = gdn_attr(c, "model");
        gboolean converts =
            model && strcmp(model, "auto") != 0 ? !gdn_scsi_model_is_virtio(model) : dflt != NULL;
        guint64 idx = disk_controller_index(d);
        if (converts && (best < 0 || idx < (guint64)best) && idx <= G_MAXINT64) {
            best = (gint64)idx;
            *declared = c != NULL;
        }
    }
    return best;
}

/* Index of the virtio-scsi controller a bus fix would use: the first declared
 * one; else the one DSK007 converts (one virtio-scsi controller is enough);
 * else a new one after every SCSI controller in use. */
static guint64 fix_controller(const GdnFacts *f, gboolean *add)
{
    guint64 next = 0;
    gboolean any = FALSE, declared = FALSE;
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (gdn_is_virtio_scsi_controller(c)) {
            *add = FALSE;
            return attr_index(c);
        }
    }
    gint64 conv = converted_controller(f, &declared);
    if (conv >= 0) {
        *add = !declared; /* DSK001 and DSK007 both declare it as virtio-scsi */
        return (guint64)conv;
    }
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (!gdn_attr_is(c, "type", "scsi"))
            continue;
        next = MAX(next, attr_index(c) + 1);
        any = TRUE;
    }
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr d = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        if (g_strcmp0(gdn_disk_bus(d, &inferred), "scsi") == 0) {
            next = MAX(next, disk_controller_index(d) + 1);
            any = TRUE;
        }
    }
    *add = TRUE;
    return any ? next : 0;
}

/* libvirt's disk names: sda..sdz, sdaa.. (virDiskNameToIndex). */
static char *sd_name(guint idx)
{
    char suffix[8];
    int n = 0;
    for (guint i = idx + 1; i > 0 && n < (int)sizeof suffix; i = (i - 1) / 26)
        suffix[n++] = (char)('a' + (i - 1) % 26);
    GString *s = g_string_new("sd");
    while (n > 0)
        g_string_append_c(s, suffix[--n]);
    return g_string_free(s, FALSE);
}

/* What the bus fixes of one domain share, computed once so that a domain's
 * fixes take time linear in its disks. */
typedef struct {
    GHashTable *used; /* target names in use or taken by a fix */
    guint next_sd;    /* no sdX name below this index is free */
    gboolean known;   /* ctrl and add computed */
    gboolean add;
    guint64 ctrl;
} BusFix;

/* The first sdX name no <disk> target uses (cdroms included); a name taken
 * goes into used so two fixes never pick the same one. Names only ever get
 * taken, so the search resumes where the last one stopped. */
static char *free_sd_name(BusFix *bf)
{
    for (;; bf->next_sd++) {
        char *name = sd_name(bf->next_sd);
        if (!g_hash_table_contains(bf->used, name)) {
            g_hash_table_add(bf->used, g_strdup(name));
            return name;
        }
        g_free(name);
    }
}

static void bus_fix_params(GdnFinding *fd, const GdnFacts *f, xmlNodePtr disk, BusFix *bf)
{
    if (!gdn_finding_wants_params(fd))
        return;
    if (!bf->known) {
        bf->ctrl = fix_controller(f, &bf->add);
        bf->known = TRUE;
    }
    /* An sdX name is already unique among all disks: keep it. */
    const char *cur = gdn_attr(gdn_child(disk, "target"), "dev");
    g_autofree char *dev = cur && g_str_has_prefix(cur, "sd") ? g_strdup(cur) : free_sd_name(bf);
    gdn_finding_param(fd, "bus", "scsi");
    gdn_finding_param(fd, "dev", "%s", dev);
    gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, bf->ctrl);
    gdn_finding_param(fd, "add_controller", "%s", bf->add ? "yes" : "no");
    gdn_finding_param(fd, "queues", "%u", f->q);
}

static void check_bus(GdnCheck *ck, const GdnFacts *f, xmlNodePtr disk, BusFix *bf)
{
    gboolean inferred;
    const char *bus = gdn_disk_bus(disk, &inferred);
    xmlNodePtr target = gdn_child(disk, "target");
    xmlNodePtr where = target ? target : disk;
    g_autofree char *how =
        inferred ? g_strdup_printf(" (inferred from target '%s')", gdn_disk_name(disk))
                 : g_strdup("");
    static const char *const emulated[] = {"ide", "sata", "fdc", "usb"};
    for (guint i = 0; bus && i < G_N_ELEMENTS(emulated); i++)
        if (strcmp(bus, emulated[i]) == 0)
            bus_fix_params(gdn_report(ck, "DSK001", where,
                                      "disk '%s' uses the emulated '%s' bus%s, expected "
                                      "virtio-scsi",
                                      gdn_disk_name(disk), bus, how),
                           f, disk, bf);
    /* A vhost-user disk is virtio-blk only (libvirt: "vhostuser disk supports
     * only virtio bus"): no virtio-scsi to move it to. */
    if (g_strcmp0(bus, "virtio") == 0 && !gdn_attr_is(disk, "type", "vhostuser"))
        bus_fix_params(gdn_report(ck, "DSK002", where,
                                  "disk '%s' uses virtio-blk (bus 'virtio'%s); QEMU itself "
                                  "recommends virtio-blk for speed, kept only because the seed "
                                  "mandates virtio-scsi",
                                  gdn_disk_name(disk), inferred ? ", inferred" : ""),
                       f, disk, bf);
}

static void check_driver_modes(GdnCheck *ck, xmlNodePtr disk)
{
    /* vhost-user disks have no host-side cache or AIO mode (libvirt rejects them). */
    if (gdn_attr_is(disk, "type", "vhostuser"))
        return;
    const char *name = gdn_disk_name(disk);
    xmlNodePtr drv = gdn_child(disk, "driver");
    xmlNodePtr where = drv ? drv : disk;
    const char *cache = gdn_attr(drv, "cache");
    const char *io = gdn_attr(drv, "io");
    g_autofree char *cache_s = shown(cache, "writeback");

    /* DSK008 is the error and carries the same fix as DSK003 (cache='none'):
     * one finding per problem, so DSK003 stays quiet when DSK008 reports. */
    gboolean io_cache_error = FALSE;
    if (g_strcmp0(io, "native") == 0 && !cache_is_direct(cache)) {
        GdnFinding *fd = gdn_report(ck, "DSK008", where,
                                    "disk '%s': io='native' with cache %s; libvirt requires "
                                    "cache 'none' or 'directsync'",
                                    name, cache_s);
        gdn_finding_param(fd, "cache", "none");
        io_cache_error = fd != NULL;
    }
    if (!cache_is_direct(cache) && !io_cache_error)
        gdn_finding_param(gdn_report(ck, "DSK003", where, "disk '%s': cache is %s, expected 'none'",
                                     name, cache_s),
                          "cache", "none");
    /* The AIO mode is a property of host files and block devices only: QEMU's
     * network (rbd, nbd, iscsi, ...) and userspace NVMe drivers have none. */
    gboolean has_aio = !gdn_attr_is(disk, "type", "network") && !gdn_attr_is(disk, "type", "nvme");
    if (has_aio && g_strcmp0(io, "native") != 0 && g_strcmp0(io, "io_uring") != 0) {
        g_autofree char *io_s = shown(io, "threads");
        GdnFinding *fd =
            gdn_report(ck, "DSK004", where, "disk '%s': io is %s, expected 'native'", name, io_s);
        gdn_finding_param(fd, "io", "native");
        if (!cache_is_direct(cache))
            gdn_finding_param(fd, "cache", "none");
    }
    const char *discard = gdn_attr(drv, "discard");
    if (g_strcmp0(discard, "unmap") != 0) {
        g_autofree char *s = shown(discard, "ignore");
        gdn_finding_param(
            gdn_report(ck, "DSK005", where, "disk '%s': discard is %s, expected 'unmap'", name, s),
            "discard", "unmap");
    }
    /* Zero detection costs CPU on every write; it pays only where discards
     * free space, in thin (qcow2) images. Raw files and devices are skipped:
     * whether they are sparse or thin-provisioned is not in the XML. */
    const char *dz = gdn_attr(drv, "detect_zeroes");
    if (g_strcmp0(dz, "unmap") != 0 && gdn_attr_is(drv, "type", "qcow2")) {
        g_autofree char *s = shown(dz, "off");
        GdnFinding *fd = gdn_report(ck, "DSK006", where,
                                    "disk '%s': detect_zeroes is %s, expected 'unmap'", name, s);
        gdn_finding_param(fd, "detect_zeroes", "unmap");
        gdn_finding_param(fd, "discard", "unmap");
    }
}

/* DSK007: one finding per SCSI controller (declared: at the controller;
 * undeclared: at the first disk that makes libvirt add it). */
static void check_scsi_model(GdnCheck *ck, const GdnFacts *f)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    const char *dflt = default_scsi_model(f);
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        if (g_strcmp0(gdn_disk_bus(disk, &inferred), "scsi") != 0)
            continue;
        guint64 idx = disk_controller_index(disk);
        if (g_hash_table_contains(seen, &idx))
            continue;
        g_hash_table_add(seen, g_memdup2(&idx, sizeof idx));
        xmlNodePtr c = gdn_facts_disk_controller(f, disk, "scsi");
        const char *model = gdn_attr(c, "model");
        if (gdn_scsi_model_is_virtio(model))
            continue;
        GdnFinding *fd;
        if (model && strcmp(model, "auto") != 0) {
            fd = gdn_report(ck, "DSK007", c,
                            "disk '%s' sits on SCSI controller %" G_GUINT64_FORMAT
                            " with model '%s', expected 'virtio-scsi'",
                            gdn_disk_name(disk), idx, model);
        } else if (!dflt) {
            continue;
        } else if (c) {
            fd = gdn_report(ck, "DSK007", c,
                            "disk '%s' sits on SCSI controller %" G_GUINT64_FORMAT
                            " without a model: libvirt picks '%s', expected 'virtio-scsi'",
                            gdn_disk_name(disk), idx, dflt);
        } else {
            fd = gdn_report(ck, "DSK007", disk,
                            "disk '%s' sits on SCSI controller %" G_GUINT64_FORMAT
                            ", which is not declared: libvirt adds it as '%s', expected "
                            "'virtio-scsi'",
                            gdn_disk_name(disk), idx, dflt);
        }
        gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, idx);
        gdn_finding_param(fd, "add_controller", "%s", c ? "no" : "yes");
        gdn_finding_param(fd, "model", "virtio-scsi");
        gdn_finding_param(fd, "queues", "%u", f->q);
    }
}

static void check_scsi_iothread(GdnCheck *ck, const GdnFacts *f)
{
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (!gdn_is_virtio_scsi_controller(c))
            continue;
        xmlNodePtr drv = gdn_child(c, "driver");
        if (gdn_attr(drv, "iothread"))
            continue;
        gboolean add = f->iothread_ids->len == 0;
        guint id = add ? 1 : g_array_index(f->iothread_ids, guint, 0);
        GdnFinding *fd =
            gdn_report(ck, "DSK009", drv ? drv : c,
                       "virtio-scsi controller %" G_GUINT64_FORMAT " has no iothread%s",
                       attr_index(c), add ? " (and the domain defines no <iothreads>)" : "");
        gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, attr_index(c));
        gdn_finding_param(fd, "iothread", "%u", id);
        gdn_finding_param(fd, "add_iothreads", "%s", add ? "yes" : "no");
    }
}

static gboolean iothread_defined(const GdnFacts *f, const char *value)
{
    guint64 id;
    return gdn_parse_uint(value, &id) && id <= G_MAXUINT && gdn_facts_has_iothread(f, (guint)id);
}

static void report_undefined(GdnCheck *ck, const GdnFacts *f, xmlNodePtr node, const char *what,
                             const char *value)
{
    GdnFinding *fd = gdn_report(ck, "DSK010", node,
                                "%s: iothread '%s' is not defined by <iothreads>/<iothreadids> "
                                "(%u defined)",
                                what, value, f->iothread_ids->len);
    gdn_finding_param(fd, "action", "define");
    gdn_finding_param(fd, "iothread", "%s", value);
}

static void check_disk_iothread(GdnCheck *ck, const GdnFacts *f, xmlNodePtr disk)
{
    xmlNodePtr drv = gdn_child(disk, "driver");
    const char *value = gdn_attr(drv, "iothread");
    gboolean inferred;
    const char *bus = gdn_disk_bus(disk, &inferred);
    g_autofree char *what = g_strdup_printf("disk '%s'", gdn_disk_name(disk));
    if (value && g_strcmp0(bus, "virtio") != 0) {
        /* A SCSI disk's I/O thread is its virtio-scsi controller's. */
        xmlNodePtr c =
            g_strcmp0(bus, "scsi") == 0 ? gdn_facts_disk_controller(f, disk, "scsi") : NULL;
        gboolean move =
            gdn_is_virtio_scsi_controller(c) && !gdn_attr(gdn_child(c, "driver"), "iothread");
        GdnFinding *fd = gdn_report(ck, "DSK010", drv,
                                    "%s: iothread='%s' on a disk with bus '%s'; only virtio-blk "
                                    "disks take an iothread (%s)%s",
                                    what, value, bus ? bus : "unknown",
                                    move ? "it belongs on the virtio-scsi controller"
                                         : "set it on a virtio-scsi controller instead",
                                    iothread_defined(f, value) ? "" : ", and it is not defined");
        gdn_finding_param(fd, "action", "%s", move ? "move" : "remove");
        gdn_finding_param(fd, "iothread", "%s", value);
        if (move)
            gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, attr_index(c));
        if (!iothread_defined(f, value))
            gdn_finding_param(fd, "add_iothreads", "yes");
    } else if (value && !iothread_defined(f, value)) {
        report_undefined(ck, f, drv, what, value);
    }
    /* libvirt >= 9.4 maps a virtio-blk disk to several threads. */
    GDN_FOR_EACH_CHILD(gdn_child(drv, "iothreads"), "iothread", t)
    {
        const char *id = gdn_attr(t, "id");
        if (id && !iothread_defined(f, id))
            report_undefined(ck, f, t, what, id);
    }
}

static void check_controller_iothreads(GdnCheck *ck, const GdnFacts *f)
{
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        xmlNodePtr drv = gdn_child(c, "driver");
        const char *value = gdn_attr(drv, "iothread");
        if (!value)
            continue;
        g_autofree char *what =
            g_strdup_printf("%s controller %" G_GUINT64_FORMAT,
                            gdn_attr(c, "type") ? gdn_attr(c, "type") : "?", attr_index(c));
        if (!gdn_is_virtio_scsi_controller(c)) {
            const char *model = gdn_attr(c, "model");
            GdnFinding *fd = gdn_report(ck, "DSK010", drv,
                                        "%s (model '%s'): iothread='%s', but only virtio-scsi "
                                        "controllers take an iothread",
                                        what, model ? model : "unset", value);
            gdn_finding_param(fd, "action", "remove");
            gdn_finding_param(fd, "iothread", "%s", value);
        } else if (!iothread_defined(f, value)) {
            report_undefined(ck, f, drv, what, value);
        }
    }
}

/* Ids named by a device's iothread (plus DSK009's choice for a controller
 * that lacks one), so DSK050 gives each disk a thread of its own. */
static GHashTable *iothreads_in_use(const GdnFacts *f)
{
    GHashTable *used = g_hash_table_new(g_direct_hash, g_direct_equal);
    guint64 id;
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr drv = gdn_child(g_ptr_array_index(f->disks, i), "driver");
        if (gdn_parse_uint(gdn_attr(drv, "iothread"), &id) && id <= G_MAXUINT)
            g_hash_table_add(used, GUINT_TO_POINTER((guint)id));
        GDN_FOR_EACH_CHILD(gdn_child(drv, "iothreads"), "iothread", t)
        if (gdn_parse_uint(gdn_attr(t, "id"), &id) && id <= G_MAXUINT)
            g_hash_table_add(used, GUINT_TO_POINTER((guint)id));
    }
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        const char *value = gdn_attr(gdn_child(c, "driver"), "iothread");
        if (gdn_parse_uint(value, &id) && id <= G_MAXUINT)
            g_hash_table_add(used, GUINT_TO_POINTER((guint)id));
        else if (!value && gdn_is_virtio_scsi_controller(c))
            g_hash_table_add(used, GUINT_TO_POINTER(f->iothread_ids->len
                                                        ? g_array_index(f->iothread_ids, guint, 0)
                                                        : 1u));
    }
    return used;
}

/* The first id of the new threads: above every used one (used holds the
 * defined ids too), so the new ids are consecutive and one shared change
 * defines them all. */
static guint first_new_iothread(GHashTable *used)
{
    guint top = 0;
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, used);
    while (g_hash_table_iter_next(&it, &k, NULL))
        top = MAX(top, GPOINTER_TO_UINT(k));
    return top + 1;
}

/* The virtio-blk disks without an I/O thread (a <driver><iothreads> queue
 * mapping, libvirt >= 10, counts as one). */
static GPtrArray *blk_disks_without_iothread(const GdnFacts *f)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        if (g_strcmp0(gdn_disk_bus(disk, &inferred), "virtio") != 0)
            continue;
        xmlNodePtr drv = gdn_child(disk, "driver");
        if (!gdn_attr(drv, "iothread") && !gdn_child(drv, "iothreads"))
            g_ptr_array_add(out, disk);
    }
    return out;
}

/* DSK050: each such disk gets a defined thread nobody uses, in order, then
 * a new one; the new threads are defined together (the shared parameters
 * iothreads_first and iothreads_new are the same for every disk). */
static void check_blk_iothreads(GdnCheck *ck, const GdnFacts *f)
{
    g_autoptr(GPtrArray) disks = blk_disks_without_iothread(f);
    if (disks->len == 0 || !gdn_check_wants(ck, "DSK050"))
        return;
    g_autoptr(GHashTable) used = iothreads_in_use(f);
    g_autoptr(GArray) free_ids = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < f->iothread_ids->len; i++) {
        guint id = g_array_index(f->iothread_ids, guint, i);
        if (g_hash_table_add(used, GUINT_TO_POINTER(id)))
            g_array_append_val(free_ids, id);
    }
    guint first = first_new_iothread(used);
    guint n_new = disks->len > free_ids->len ? disks->len - free_ids->len : 0;
    /* ids run out (a device names one near G_MAXUINT): advice only */
    gboolean room = first != 0 && (guint64)first + n_new - 1 <= G_MAXUINT;
    for (guint i = 0; i < disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index(disks, i), drv = gdn_child(disk, "driver");
        const char *dev = gdn_attr(gdn_child(disk, "target"), "dev");
        GdnFinding *fd = gdn_report(ck, "DSK050", drv ? drv : disk,
                                    "virtio-blk disk '%s' has no I/O thread", dev ? dev : "?");
        guint id =
            i < free_ids->len ? g_array_index(free_ids, guint, i) : first + i - free_ids->len;
        gdn_finding_target_param(fd, "iothread", "%u", id);
        gdn_finding_param(fd, "iothreads_first", "%u", first);
        gdn_finding_param(fd, "iothreads_new", "%u", n_new);
        if (!room)
            gdn_finding_set_fix(fd, GDN_FIX_NONE);
    }
}

/* DSK051: an I/O thread that serves several devices while the domain defines
 * fewer I/O threads than it has devices that could use one. */
static void check_shared_iothreads(GdnCheck *ck, const GdnFacts *f)
{
    g_autoptr(GHashTable) users = g_hash_table_new(g_str_hash, g_str_equal);
    guint devices = 0;
    g_autoptr(GPtrArray) nodes = g_ptr_array_new();
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr d = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        if (g_strcmp0(gdn_disk_bus(d, &inferred), "virtio") == 0)
            g_ptr_array_add(nodes, gdn_child(d, "driver")), devices++;
    }
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (gdn_is_virtio_scsi_controller(c))
            g_ptr_array_add(nodes, gdn_child(c, "driver")), devices++;
    }
    if (devices <= f->n_iothreads)
        return;
    for (guint i = 0; i < nodes->len; i++) {
        xmlNodePtr drv = g_ptr_array_index(nodes, i);
        const char *id = gdn_attr(drv, "iothread");
        if (!id)
            continue;
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(users, id)) + 1;
        g_hash_table_insert(users, (gpointer)id, GUINT_TO_POINTER(n));
        if (n == 2)
            gdn_report(ck, "DSK051", drv->parent,
                       "I/O thread %s serves several disks/controllers; %u devices share %u "
                       "I/O threads",
                       id, devices, f->n_iothreads);
    }
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    BusFix bf = {.used = used};
    GDN_FOR_EACH_CHILD(f->devices, "disk", d)
    {
        const char *dev = gdn_attr(gdn_child(d, "target"), "dev");
        if (dev)
            g_hash_table_add(used, g_strdup(dev));
    }
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index(f->disks, i);
        check_bus(ck, f, disk, &bf);
        check_driver_modes(ck, disk);
        check_disk_iothread(ck, f, disk);
    }
    check_blk_iothreads(ck, f);
    check_shared_iothreads(ck, f);
    check_scsi_model(ck, f);
    check_scsi_iothread(ck, f);
    check_controller_iothreads(ck, f);
}

GDN_MODULE(storage, "disk bus, cache and I/O modes, SCSI controller, I/O threads", FALSE, rules,
           check);

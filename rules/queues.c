/* Q: multi-queue virtio-scsi, virtio-net and virtio-blk, and virtio-net ring
 * sizes (seed Phase 3). The seed's queue count is q = min(vcpus, 8). */
#include "devices.h"
#include "engine/rule.h"

static const GdnRule rules[] = {
    {.id = "Q001",
     .name = "scsi-queues",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio-scsi controller of a multi-vCPU guest should set <driver queues='q'/>, "
                "q = min(vCPUs, 8)",
     .fix_text = "set <driver queues='q'/> on the controller",
     .impact = "performance.md: multi-queue I/O, one request queue per vCPU (max 8)"},
    {.id = "Q002",
     .name = "net-queues",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio interface of a multi-vCPU guest should set <driver queues='q'/>, q = "
                "min(vCPUs, 8)",
     .fix_text = "set <driver queues='q'/> on the interface",
     .impact = "performance.md: one queue per vCPU (network processing spread over vCPUs)"},
    {.id = "Q003",
     .name = "queues-count",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "queues should be q = min(vCPUs, 8): not more than the vCPUs, not more than 8, "
                "not fewer than q",
     .fix_text = "set queues='q'",
     .impact =
         "performance.md: match the vCPU count, max 8 (extra queues cost memory and interrupts; "
         "fewer leave vCPUs sharing a queue)"},
    {.id = "Q004",
     .name = "disk-queues-bus",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "queues on a disk <driver> is only valid for virtio-blk (bus='virtio')",
     .fix_text = "remove queues from the disk <driver> (set it on the virtio-scsi controller "
                 "instead)",
     .impact = "upstream: libvirt rejects the domain (\"queues attribute in disk driver element "
               "is only supported by virtio-blk\"); the seed's VirtIO-SCSI disk snippet does this"},
    {.id = "Q005",
     .name = "rx-queue-size",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio interface should set rx_queue_size='1024' (a power of two in "
                "256..1024)",
     .fix_text = "set rx_queue_size='1024' on the interface <driver>",
     .impact = "performance.md: large RX buffer (default 256) absorbs bursts without drops; a size "
               "that is "
               "not a power of two in 256..1024 is rejected by libvirt or QEMU"},
    {.id = "Q006",
     .name = "tx-queue-size-ignored",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "tx_queue_size above 256 only takes effect on vhost-user and vDPA interfaces",
     .fix_text = "remove tx_queue_size from the interface <driver>",
     .impact = "upstream: QEMU silently caps tx_queue_size at 256 unless the backend is "
               "vhost-user or vDPA (the seed's tx_queue_size='1024' does nothing)"},
    {.id = "Q007",
     .name = "blk-queues",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a virtio-blk disk of a multi-vCPU guest should set <driver queues='q'/>, q = "
                "min(vCPUs, 8)",
     .fix_text = "set queues='q' on the disk <driver>",
     .impact = "upstream: multi-queue virtio-blk (one queue per vCPU, max 8)"},
};

/* Interface types whose backend can open several queues (libvirt refuses to
 * start others with queues: "multiqueue is not supported for network
 * interfaces of type user"). */
static gboolean multiqueue_type(const char *type)
{
    static const char *const ok[] = {"network",  "bridge",    "direct",
                                     "ethernet", "vhostuser", "vdpa"};
    for (guint i = 0; type && i < G_N_ELEMENTS(ok); i++)
        if (strcmp(type, ok[i]) == 0)
            return TRUE;
    return FALSE;
}

/* Q003 on an explicit queues attribute; FALSE when absent. */
static gboolean check_count(GdnCheck *ck, const GdnFacts *f, xmlNodePtr drv, const char *what)
{
    const char *value = gdn_attr(drv, "queues");
    if (!value)
        return FALSE;
    guint64 n;
    if (!gdn_parse_uint(value, &n))
        return TRUE; /* not a number: the schema's business */
    const char *why = NULL;
    if (n > f->vcpus)
        why = "more than the vCPUs";
    else if (n > 8)
        why = "more than 8";
    else if (n < f->q)
        why = "fewer than min(vCPUs, 8)";
    if (why)
        gdn_finding_param(gdn_report(ck, "Q003", drv,
                                     "%s: queues is %" G_GUINT64_FORMAT
                                     " (%s), expected %u for %u vCPUs",
                                     what, n, why, f->q, f->vcpus),
                          "queues", "%u", f->q);
    return TRUE;
}

static void check_controllers(GdnCheck *ck, const GdnFacts *f)
{
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (!gdn_is_virtio_scsi_controller(c))
            continue;
        guint64 idx = 0;
        gdn_attr_uint(c, "index", &idx);
        g_autofree char *what = g_strdup_printf("virtio-scsi controller %" G_GUINT64_FORMAT, idx);
        xmlNodePtr drv = gdn_child(c, "driver");
        /* One vCPU: queues='1' is what QEMU does anyway (as for Q002). */
        if (check_count(ck, f, drv, what) || f->vcpus == 1)
            continue;
        GdnFinding *fd = gdn_report(ck, "Q001", drv ? drv : c,
                                    "%s has no driver queues, expected queues='%u'", what, f->q);
        gdn_finding_param(fd, "queues", "%u", f->q);
        gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, idx);
    }
}

/* Power of two in 256..1024: what QEMU's virtio-net accepts for rx_queue_size. */
static gboolean valid_ring(guint64 n)
{
    return n >= 256 && n <= 1024 && (n & (n - 1)) == 0;
}

static void check_interfaces(GdnCheck *ck, const GdnFacts *f)
{
    for (guint i = 0; i < f->interfaces->len; i++) {
        xmlNodePtr iface = g_ptr_array_index(f->interfaces, i);
        if (!gdn_is_virtio_interface(iface))
            continue;
        const char *type = gdn_attr(iface, "type");
        g_autofree char *what =
            g_strdup_printf("virtio interface (type '%s')", type ? type : "unset");
        xmlNodePtr drv = gdn_child(iface, "driver");
        xmlNodePtr where = drv ? drv : iface;
        if (!check_count(ck, f, drv, what) && f->vcpus > 1 && multiqueue_type(type))
            gdn_finding_param(gdn_report(ck, "Q002", where,
                                         "%s has no driver queues, expected queues='%u' for %u "
                                         "vCPUs",
                                         what, f->q, f->vcpus),
                              "queues", "%u", f->q);

        const char *rx = gdn_attr(drv, "rx_queue_size");
        guint64 n = 256;
        if (rx && (!gdn_parse_uint(rx, &n) || !valid_ring(n)))
            gdn_finding_param(gdn_report_sev(ck, "Q005", GDN_SEV_ERROR, where,
                                             "%s: rx_queue_size is '%s', must be a power of two "
                                             "between 256 and 1024",
                                             what, rx),
                              "rx_queue_size", "1024");
        else if (n < 1024)
            gdn_finding_param(gdn_report(ck, "Q005", where,
                                         "%s: rx_queue_size is %" G_GUINT64_FORMAT
                                         "%s, expected 1024",
                                         what, n, rx ? "" : " (unset)"),
                              "rx_queue_size", "1024");

        guint64 tx;
        if (gdn_attr_uint(drv, "tx_queue_size", &tx) && tx > 256 &&
            g_strcmp0(type, "vhostuser") != 0 && g_strcmp0(type, "vdpa") != 0)
            gdn_report(ck, "Q006", drv,
                       "%s: tx_queue_size is %" G_GUINT64_FORMAT
                       ", but QEMU caps it at 256 unless the backend is vhost-user or vDPA",
                       what, tx);
    }
}

static void check_disks(GdnCheck *ck, const GdnFacts *f)
{
    for (guint i = 0; i < f->disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index(f->disks, i);
        gboolean inferred;
        const char *bus = gdn_disk_bus(disk, &inferred);
        xmlNodePtr drv = gdn_child(disk, "driver");
        const char *queues = gdn_attr(drv, "queues");
        g_autofree char *what = g_strdup_printf("disk '%s'", gdn_disk_name(disk));
        if (g_strcmp0(bus, "virtio") != 0) {
            if (!queues)
                continue;
            GdnFinding *fd = gdn_report(ck, "Q004", drv,
                                        "%s: queues='%s' on a disk with bus '%s'; only "
                                        "virtio-blk disks take queues",
                                        what, queues, bus ? bus : "unknown");
            gdn_finding_param(fd, "queues", "%u", f->q);
            xmlNodePtr c =
                g_strcmp0(bus, "scsi") == 0 ? gdn_facts_disk_controller(f, disk, "scsi") : NULL;
            /* Moved to the disk's virtio-scsi controller unless that one has queues. */
            if (gdn_is_virtio_scsi_controller(c) && !gdn_attr(gdn_child(c, "driver"), "queues")) {
                guint64 idx = 0;
                gdn_attr_uint(c, "index", &idx);
                gdn_finding_param(fd, "action", "move");
                gdn_finding_param(fd, "controller", "%" G_GUINT64_FORMAT, idx);
            } else {
                gdn_finding_param(fd, "action", "remove");
            }
            continue;
        }
        if (!check_count(ck, f, drv, what) && f->vcpus > 1)
            gdn_finding_param(gdn_report(ck, "Q007", drv ? drv : disk,
                                         "virtio-blk %s has no driver queues, expected "
                                         "queues='%u'",
                                         what, f->q),
                              "queues", "%u", f->q);
    }
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_controllers(ck, f);
    check_interfaces(ck, f);
    check_disks(ck, f);
}

GDN_MODULE(queues, "multi-queue virtio-scsi, virtio-net and virtio-blk; virtio-net ring sizes",
           FALSE, rules, check);

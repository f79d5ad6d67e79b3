/* What the disk images themselves say (qemu-img info, or libvirt over -c):
 * qcow2 metadata caches too small for the image. A module beside `storage`,
 * tagged `storage`; a disk whose image facts are not given is skipped. */
#include "devices.h"
#include "engine/rule.h"

static const GdnRule rules[] = {
    {.id = "DSK052",
     .name = "qcow2-l2-cache",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream storage images",
     .fix = GDN_FIX_UNSAFE,
     .summary = "a qcow2 disk's metadata (L2) cache should cover the whole image "
                "(<driver><metadata_cache><max_size/>)",
     .fix_text = "set <metadata_cache><max_size unit='MiB'>N</max_size></metadata_cache> in the "
                 "disk's <driver>: the image's L2 tables plus the minimum refcount cache",
     .impact = "upstream: random I/O beyond the cache's reach first reads an L2 table from the "
               "image (QEMU commit af39bd0d: 40 GB image, 1 MB cache ~6.5K IOPS, full "
               "coverage ~56K IOPS)"},
};

#define MIB (1024ull * 1024ull)
/* QEMU >= 3.1 on Linux (block/qcow2.h DEFAULT_L2_CACHE_MAX_SIZE): 256 GiB of
 * image with 64 KiB clusters. libvirt's metadata_cache needs -blockdev
 * (QEMU >= 4.2), so every QEMU the fix applies to has it. */
#define DEFAULT_L2_MAX (32ull * MIB)
#define MIN_REFCOUNT_CLUSTERS 4

/* QEMU's read_cache_sizes(): the L2 cache that holds every L2 table. */
static guint64 full_l2(const GdnImageInfo *img)
{
    guint64 c = img->cluster_size;
    guint64 entries = img->virtual_size / c + (img->virtual_size % c != 0);
    guint64 bytes = entries * (img->extended_l2 ? 16 : 8);
    return (bytes + c - 1) / c * c;
}

/* The L2 cache QEMU gives this disk: the default, or what libvirt's
 * max_size ('cache-size', L2 and refcount caches together) leaves after
 * the minimum refcount cache. Sets *max to max_size in bytes (0 unset). */
static guint64 l2_cache(xmlNodePtr drv, const GdnImageInfo *img, guint64 *max)
{
    xmlNodePtr ms = gdn_path(drv, "metadata_cache/max_size");
    g_autofree char *text = gdn_text(ms);
    const char *unit = gdn_attr(ms, "unit");
    guint64 kib, l2 = full_l2(img), refcount = MIN_REFCOUNT_CLUSTERS * img->cluster_size;
    *max = 0;
    /* libvirt's max_size counts bytes unless a unit says otherwise. */
    if (!text || !gdn_scaled_to_kib(text, unit ? unit : "bytes", &kib) || kib == 0)
        return MIN(l2, DEFAULT_L2_MAX);
    *max = kib * 1024;
    if (*max >= l2 + refcount)
        return l2;
    return *max - MIN(*max, refcount);
}

static void check_disk(GdnCheck *ck, xmlNodePtr disk)
{
    xmlNodePtr drv = gdn_child(disk, "driver"), src = gdn_child(disk, "source");
    const char *path = gdn_attr(src, "file") ? gdn_attr(src, "file") : gdn_attr(src, "dev");
    const GdnImageInfo *img = gdn_check_image(ck, path);
    /* The image's facts: qcow2 (the driver and the image agree), with its
     * cluster size known. */
    if (!img || !img->cluster_size || g_strcmp0(gdn_attr(drv, "type"), "qcow2") != 0 ||
        g_strcmp0(img->format, "qcow2") != 0)
        return;
    guint64 max, have = l2_cache(drv, img, &max), need = full_l2(img);
    if (have >= need)
        return;
    guint64 covered = have / (img->extended_l2 ? 16 : 8) * img->cluster_size;
    guint64 size = need + MIN_REFCOUNT_CLUSTERS * img->cluster_size;
    guint64 mib = (size + MIB - 1) / MIB;
    g_autofree char *set = max ? g_strdup_printf("max_size %" G_GUINT64_FORMAT " KiB", max / 1024)
                               : g_strdup_printf("QEMU's default maximum");
    const char *dev = gdn_attr(gdn_child(disk, "target"), "dev");
    GdnFinding *fd = gdn_report(
        ck, "DSK052", drv,
        "qcow2 disk '%s' (%s): %" G_GUINT64_FORMAT " GiB image, %" G_GUINT64_FORMAT
        " KiB clusters; its L2 cache (%" G_GUINT64_FORMAT " KiB, %s) covers %" G_GUINT64_FORMAT
        " GiB, full coverage needs max_size %" G_GUINT64_FORMAT " MiB",
        dev ? dev : "?", path, img->virtual_size >> 30, img->cluster_size / 1024, have / 1024, set,
        covered >> 30, mib);
    gdn_finding_param(fd, "max_size", "%" G_GUINT64_FORMAT, mib);
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    for (guint i = 0; i < f->disks->len; i++)
        check_disk(ck, g_ptr_array_index(f->disks, i));
}

GDN_MODULE(storage_images, "qcow2 metadata caches sized for the images the host describes", FALSE,
           rules, check);

/* DSK052 (storage_images) and the image facts it needs: qemu-img's JSON
 * (tests/data/images, made with `qemu-img create` + `qemu-img info
 * --output=json`), skipped without them. */
#include "helpers.h"
#include "source/images.h"
#include <string.h>

#define DOMAIN(disks)                                                                              \
    "<domain type='kvm'><name>s</name><memory>4194304</memory><vcpu>4</vcpu>"                      \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>" disks "</devices></domain>"
#define DISK(driver, file)                                                                         \
    "<disk type='file' device='disk'>" driver "<source file='/var/lib/libvirt/images/" file        \
    "'/><target dev='vda' bus='virtio'/></disk>"
#define QCOW2 "<driver name='qemu' type='qcow2'/>"

static GdnImages *images(void)
{
    GdnImages *imgs = gdn_images_new();
    g_autoptr(GError) err = NULL;
    if (!gdn_images_load(imgs, "tests/data/images", &err))
        fail_msg("%s", err->message);
    return imgs;
}

static void qemu_img_json_is_read(void **state)
{
    (void)state;
    g_autoptr(GdnImages) imgs = images();
    assert_int_equal(gdn_images_count(imgs), 3);
    const GdnImageInfo *big = gdn_images_find(imgs, "/var/lib/libvirt/images/data-1t.qcow2");
    assert_non_null(big);
    assert_true(big->virtual_size == 1ull << 40);
    assert_int_equal(big->cluster_size, 65536);
    assert_false(big->extended_l2);
    const GdnImageInfo *sub = gdn_images_find(imgs, "/var/lib/libvirt/images/sub-200g.qcow2");
    assert_true(sub->extended_l2);
    assert_null(gdn_images_find(imgs, "/var/lib/libvirt/images/other.qcow2"));
    /* Not qemu-img's output: a clear error naming the file. */
    g_autoptr(GError) err = NULL;
    assert_false(gdn_images_parse(imgs, "x.json", "{\"filename\":\"a\"}", 16, &err));
    assert_non_null(strstr(err->message, "x.json: not `qemu-img info --output=json` output"));
    g_clear_error(&err);
    assert_false(gdn_images_parse(imgs, "y.json", "[1,", 3, &err));
    assert_non_null(strstr(err->message, "y.json: not valid JSON"));
}

static void large_image_default_cache(void **state)
{
    (void)state;
    g_autoptr(GdnImages) imgs = images();
    g_autoptr(GPtrArray) f = gt_check_images(DOMAIN(DISK(QCOW2, "data-1t.qcow2")), imgs, "DSK052");
    const GdnFinding *fd = gt_find(f, "DSK052", 0);
    assert_non_null(fd);
    assert_int_equal(fd->severity, GDN_SEV_WARNING);
    assert_string_equal(fd->message,
                        "qcow2 disk 'vda' (/var/lib/libvirt/images/data-1t.qcow2): 1024 GiB image, "
                        "64 KiB clusters; its L2 cache (32768 KiB, QEMU's default maximum) covers "
                        "256 GiB, full coverage needs max_size 129 MiB");
    /* 1 TiB / 64 KiB * 8 bytes = 128 MiB of L2, + 4 clusters of refcount. */
    assert_string_equal(gt_param(fd, "max_size"), "129");
    /* Extended L2 entries need twice the cache: 200 GiB -> 50 MiB. */
    g_autoptr(GPtrArray) x = gt_check_images(DOMAIN(DISK(QCOW2, "sub-200g.qcow2")), imgs, "DSK052");
    assert_string_equal(gt_param(gt_find(x, "DSK052", 0), "max_size"), "51");
}

static void covered_or_unknown_is_quiet(void **state)
{
    (void)state;
    g_autoptr(GdnImages) imgs = images();
    const char *quiet[] = {
        /* 2 MiB clusters: 1 TiB needs 4 MiB of L2, within the default. */
        DOMAIN(DISK(QCOW2, "data-1t-2m.qcow2")),
        /* A max_size that covers it (bytes: libvirt's default unit). */
        DOMAIN(DISK("<driver name='qemu' type='qcow2'><metadata_cache><max_size>135266304"
                    "</max_size></metadata_cache></driver>",
                    "data-1t.qcow2")),
        /* Exactly L2 + the minimum refcount cache. */
        DOMAIN(DISK("<driver name='qemu' type='qcow2'><metadata_cache><max_size unit='KiB'>131328"
                    "</max_size></metadata_cache></driver>",
                    "data-1t.qcow2")),
        /* No facts for the image: skipped, never guessed. */
        DOMAIN(DISK(QCOW2, "unknown.qcow2")),
        /* The driver says raw: QEMU has no qcow2 cache for it. */
        DOMAIN(DISK("<driver name='qemu' type='raw'/>", "data-1t.qcow2")),
    };
    for (guint i = 0; i < G_N_ELEMENTS(quiet); i++) {
        g_autoptr(GPtrArray) f = gt_check_images(quiet[i], imgs, "DSK052");
        if (f->len) {
            gt_dump(f);
            fail_msg("case %u: expected no DSK052", i);
        }
    }
    /* Without any image facts the rule is silent too. */
    g_autoptr(GPtrArray) none =
        gt_check(DOMAIN(DISK(QCOW2, "data-1t.qcow2")), NULL, GDN_GUEST_AUTO, "DSK052");
    assert_int_equal(none->len, 0);
}

static void too_small_max_size(void **state)
{
    (void)state;
    g_autoptr(GdnImages) imgs = images();
    /* 1 KiB short of L2 + the minimum refcount cache (131328 KiB). */
    g_autoptr(GPtrArray) f = gt_check_images(
        DOMAIN(DISK("<driver name='qemu' type='qcow2'><metadata_cache><max_size unit='KiB'>"
                    "131327</max_size></metadata_cache></driver>",
                    "data-1t.qcow2")),
        imgs, "DSK052");
    const GdnFinding *fd = gt_find(f, "DSK052", 0);
    assert_non_null(strstr(fd->message, "max_size 131327 KiB"));
    assert_string_equal(gt_param(fd, "max_size"), "129");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_img_json_is_read),
        cmocka_unit_test(large_image_default_cache),
        cmocka_unit_test(covered_or_unknown_is_quiet),
        cmocka_unit_test(too_small_max_size),
    };
    return cmocka_run_group_tests_name("storage_images", tests, NULL, NULL);
}

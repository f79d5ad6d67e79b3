/* NET module: each rule triggered and not triggered, the examples and the seed. */
#include "helpers.h"
#include <string.h>

/* A Linux-looking guest (no Windows markers): the module applies to every guest. */
#define DOMAIN_T(type, os, devices)                                                                \
    "<domain type='" type "'><name>n</name><memory>4194304</memory><vcpu>4</vcpu>" os              \
    "<devices>" devices "</devices></domain>"
#define DOMAIN(devices) DOMAIN_T("kvm", "", devices)

static GPtrArray *net(const char *xml)
{
    return gt_check(xml, NULL, GDN_GUEST_AUTO, "network");
}

static void emulated_models_warn(void **state)
{
    (void)state;
    static const char *const models[] = {"e1000", "e1000e", "rtl8139", "ne2k_pci", "pcnet"};
    for (guint i = 0; i < G_N_ELEMENTS(models); i++) {
        g_autofree char *xml = g_strdup_printf(
            DOMAIN("<interface type='bridge'><source bridge='br0'/><model type='%s'/>"
                   "</interface>"),
            models[i]);
        g_autoptr(GPtrArray) f = net(xml);
        assert_int_equal(f->len, 1);
        const GdnFinding *n1 = gt_find(f, "NET001", 0);
        assert_non_null(n1);
        assert_int_equal(n1->severity, GDN_SEV_WARNING);
        assert_int_equal(n1->fix_safety, GDN_FIX_UNSAFE);
        assert_string_equal(n1->xpath, "/domain/devices/interface/model");
        assert_non_null(strstr(n1->message, models[i]));
    }
}

static void virtio_and_passthrough_are_fine(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = net(DOMAIN(
        "<interface type='network'><source network='default'/><model type='virtio'/></interface>"
        "<interface type='bridge'><model type='virtio-non-transitional'/></interface>"
        "<interface type='hostdev'><source><address type='pci' bus='0x3' slot='0x0'/></source>"
        "</interface>"
        "<interface type='vhostuser'><source type='unix' path='/s' mode='client'/></interface>"));
    assert_int_equal(f->len, 0);
}

static void missing_model_defaults_to_rtl8139_on_x86(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = net(DOMAIN("<interface type='user'/>"));
    const GdnFinding *n1 = gt_find(f, "NET001", 0);
    assert_non_null(n1);
    assert_string_equal(n1->xpath, "/domain/devices/interface");
    assert_non_null(strstr(n1->message, "rtl8139"));

    g_autoptr(GPtrArray) q35 =
        net(DOMAIN_T("kvm", "<os><type arch='x86_64' machine='q35'>hvm</type></os>",
                     "<interface type='network'><source network='default'/></interface>"));
    assert_rule(q35, "NET001");

    /* aarch64 'virt' gets virtio by default: nothing to say. */
    g_autoptr(GPtrArray) arm =
        net(DOMAIN_T("kvm", "<os><type arch='aarch64' machine='virt'>hvm</type></os>",
                     "<interface type='network'><source network='default'/></interface>"));
    assert_int_equal(arm->len, 0);
}

static void qemu_backend_warns(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = net(DOMAIN("<interface type='bridge'><source bridge='br0'/>"
                                        "<model type='virtio'/><driver name='qemu' queues='4'/>"
                                        "</interface>"));
    assert_int_equal(f->len, 1);
    const GdnFinding *n2 = gt_find(f, "NET002", 0);
    assert_non_null(n2);
    assert_string_equal(n2->xpath, "/domain/devices/interface/driver");
    assert_int_equal(n2->severity, GDN_SEV_WARNING);
    assert_int_equal(n2->fix_safety, GDN_FIX_SAFE);
}

static void vhost_or_default_backend_is_fine(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = net(
        DOMAIN("<interface type='bridge'><model type='virtio'/><driver name='vhost'/></interface>"
               "<interface type='bridge'><model type='virtio'/><driver queues='4'/></interface>"
               "<interface type='bridge'><model type='virtio'/></interface>"
               /* slirp: libvirt never opens vhost-net for user networking */
               "<interface type='user'><model type='virtio'/><driver name='qemu'/></interface>"));
    assert_int_equal(f->len, 0);
    /* TCG guests never use vhost-net: the name changes nothing there. */
    g_autoptr(GPtrArray) tcg = net(DOMAIN_T("qemu", "",
                                            "<interface type='bridge'><model type='virtio'/>"
                                            "<driver name='qemu'/></interface>"));
    assert_no_rule(tcg, "NET002");
}

static void ufo_on_is_reported_per_element(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = net(DOMAIN("<interface type='network'><model type='virtio'/>"
                                        "<driver name='vhost'><host tso4='on' ufo='on'/>"
                                        "<guest ufo='on'/></driver></interface>"));
    assert_int_equal(gt_count(f, "NET003"), 2);
    const GdnFinding *host = gt_find(f, "NET003", 0);
    assert_string_equal(host->xpath, "/domain/devices/interface/driver/host");
    assert_int_equal(host->severity, GDN_SEV_INFO);
    assert_int_equal(host->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(gt_find(f, "NET003", 1)->xpath, "/domain/devices/interface/driver/guest");

    g_autoptr(GPtrArray) off = net(DOMAIN("<interface type='network'><model type='virtio'/>"
                                          "<driver><host ufo='off' tso4='on'/><guest tso4='on'/>"
                                          "</driver></interface>"));
    assert_int_equal(off->len, 0);
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml",
                                           GDN_GUEST_AUTO, "network");
    assert_int_equal(f->len, 0);
}

static void virt_install_example_has_e1000e(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, "network");
    assert_int_equal(f->len, 1);
    const GdnFinding *n1 = gt_find(f, "NET001", 0);
    assert_non_null(n1);
    assert_int_equal(n1->line, 79);
    assert_int_equal(n1->column, 7);
    assert_non_null(strstr(n1->message, "'e1000e'"));
}

static void seed_template_raises_ufo(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("tests/data/seed-template.xml", NULL, GDN_GUEST_AUTO, "network");
    assert_int_equal(gt_count(f, "NET003"), 2);
    assert_int_equal(gt_find(f, "NET003", 0)->line, 161);
    assert_int_equal(gt_find(f, "NET003", 1)->line, 166);
    assert_no_rule(f, "NET001");
    assert_no_rule(f, "NET002");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emulated_models_warn),
        cmocka_unit_test(virtio_and_passthrough_are_fine),
        cmocka_unit_test(missing_model_defaults_to_rtl8139_on_x86),
        cmocka_unit_test(qemu_backend_warns),
        cmocka_unit_test(vhost_or_default_backend_is_fine),
        cmocka_unit_test(ufo_on_is_reported_per_element),
        cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(virt_install_example_has_e1000e),
        cmocka_unit_test(seed_template_raises_ufo),
    };
    return cmocka_run_group_tests_name("network", tests, NULL, NULL);
}

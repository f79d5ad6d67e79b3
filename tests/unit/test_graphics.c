/* GPU module: each rule triggered and not triggered, the examples and the seed.
 * The GPU004 cases mirror what libvirt 9.0 + QEMU 7.2 actually did when the
 * domain was started (see docs/rules/GPU004.md). */
#include "helpers.h"
#include <string.h>

#define DOMAIN_OS(os, devices)                                                                     \
    "<domain type='kvm'><name>g</name><memory>4194304</memory><vcpu>4</vcpu>" os                   \
    "<devices>" devices "</devices></domain>"
#define DOMAIN(devices) DOMAIN_OS("", devices)
#define WINDOWS_OS                                                                                 \
    "<metadata><libosinfo:libosinfo "                                                              \
    "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"                             \
    "<libosinfo:os id='http://microsoft.com/win/11'/></libosinfo:libosinfo></metadata>"

/* A tuned virtio video and a local GL display: no GPU finding at all. */
#define GOOD_VIDEO                                                                                 \
    "<video><model type='virtio' heads='2' primary='yes'><acceleration accel3d='yes'/>"            \
    "</model></video>"
#define LOCAL_GL_SPICE                                                                             \
    "<graphics type='spice'><listen type='none'/><image compression='off'/>"                       \
    "<jpeg compression='never'/><zlib compression='never'/><playback compression='off'/>"          \
    "<gl enable='yes'/></graphics>"

static GPtrArray *gpu(const char *xml)
{
    return gt_check(xml, NULL, GDN_GUEST_AUTO, "graphics");
}

static void tuned_devices_are_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gpu(DOMAIN(GOOD_VIDEO LOCAL_GL_SPICE));
    assert_no_findings(f);
}

static void emulated_primary_video_warns(void **state)
{
    (void)state;
    static const char *const models[] = {"qxl", "vga", "cirrus", "bochs", "ramfb"};
    for (guint i = 0; i < G_N_ELEMENTS(models); i++) {
        g_autofree char *xml =
            g_strdup_printf(DOMAIN("<video><model type='%s'/></video>"), models[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        assert_int_equal(f->len, 1);
        const GdnFinding *g1 = gt_find(f, "GPU001", 0);
        assert_non_null(g1);
        assert_int_equal(g1->severity, GDN_SEV_WARNING);
        assert_int_equal(g1->fix_safety, GDN_FIX_UNSAFE);
        assert_string_equal(g1->xpath, "/domain/devices/video/model");
        assert_non_null(strstr(g1->message, models[i]));
    }
}

static void only_the_primary_video_counts(void **state)
{
    (void)state;
    /* A secondary qxl head next to a primary virtio-gpu is fine. */
    g_autoptr(GPtrArray) ok =
        gpu(DOMAIN("<video><model type='qxl'/></video>" GOOD_VIDEO LOCAL_GL_SPICE));
    assert_int_equal(ok->len, 0);
    /* primary='yes' on the second video makes it the one that counts. */
    g_autoptr(GPtrArray) bad =
        gpu(DOMAIN("<video><model type='virtio' heads='2'><acceleration accel3d='yes'/></model>"
                   "</video><video><model type='vga' primary='yes'/></video>" LOCAL_GL_SPICE));
    assert_int_equal(gt_count(bad, "GPU001"), 1);
    assert_string_equal(gt_find(bad, "GPU001", 0)->xpath, "/domain/devices/video[2]/model");
    /* Headless (model none) and virtio are not emulated. */
    g_autoptr(GPtrArray) none = gpu(DOMAIN("<video><model type='none'/></video>"));
    assert_int_equal(none->len, 0);
}

static void default_video_is_cirrus_on_x86(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) nomodel = gpu(DOMAIN("<graphics type='vnc'/><video/>"));
    assert_string_equal(gt_find(nomodel, "GPU001", 0)->xpath, "/domain/devices/video");
    g_autoptr(GPtrArray) novideo = gpu(DOMAIN("<graphics type='vnc'/>"));
    const GdnFinding *g1 = gt_find(novideo, "GPU001", 0);
    assert_non_null(g1);
    assert_string_equal(g1->xpath, "/domain/devices");
    assert_non_null(strstr(g1->message, "cirrus"));
    /* No display at all: libvirt adds no video, nothing to say. */
    g_autoptr(GPtrArray) headless = gpu(DOMAIN(""));
    assert_int_equal(headless->len, 0);
    /* aarch64 virt defaults to virtio-gpu. */
    g_autoptr(GPtrArray) arm = gpu(DOMAIN_OS(
        "<os><type arch='aarch64' machine='virt'>hvm</type></os>", "<graphics type='vnc'/>"));
    assert_int_equal(arm->len, 0);
}

static void virtio_without_accel3d_is_info(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) lin = gpu(DOMAIN("<video><model type='virtio' heads='2'/></video>"));
    assert_int_equal(lin->len, 1);
    const GdnFinding *g2 = gt_find(lin, "GPU002", 0);
    assert_non_null(g2);
    assert_int_equal(g2->severity, GDN_SEV_INFO);
    assert_int_equal(g2->fix_safety, GDN_FIX_UNSAFE);
    assert_string_equal(g2->xpath, "/domain/devices/video/model");
    assert_null(strstr(g2->message, "Windows"));

    g_autoptr(GPtrArray) win = gpu(DOMAIN_OS(
        WINDOWS_OS, "<video><model type='virtio' heads='2'><acceleration accel3d='no'/></model>"
                    "</video>"));
    g2 = gt_find(win, "GPU002", 0);
    assert_non_null(g2);
    assert_string_equal(g2->xpath, "/domain/devices/video/model/acceleration");
    assert_non_null(strstr(g2->message, "Windows has no virtio-gpu 3D driver"));
}

static void heads_below_two_is_info(void **state)
{
    (void)state;
    static const char *const models[] = {
        "<model type='virtio'><acceleration accel3d='yes'/></model>",
        "<model type='virtio' heads='1'><acceleration accel3d='yes'/></model>"};
    for (guint i = 0; i < G_N_ELEMENTS(models); i++) {
        g_autofree char *xml =
            g_strdup_printf(DOMAIN("<video>%s</video>" LOCAL_GL_SPICE), models[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        assert_int_equal(f->len, 1);
        const GdnFinding *g3 = gt_find(f, "GPU003", 0);
        assert_non_null(g3);
        assert_int_equal(g3->severity, GDN_SEV_INFO);
        assert_int_equal(g3->fix_safety, GDN_FIX_SAFE);
        assert_non_null(strstr(g3->message, "1 head"));
        assert_string_equal(g_hash_table_lookup(g3->params, "heads"), "2");
    }
    /* A secondary virtio head is not judged: one virtio-gpu-gl device only. */
    g_autoptr(GPtrArray) second =
        gpu(DOMAIN(GOOD_VIDEO "<video><model type='virtio' heads='1'/></video>" LOCAL_GL_SPICE));
    assert_int_equal(second->len, 0);
    /* heads applies to virtio only. */
    g_autoptr(GPtrArray) qxl = gpu(DOMAIN("<video><model type='qxl' heads='1'/></video>"));
    assert_no_rule(qxl, "GPU003");
}

#define GL "<gl enable='yes' rendernode='/dev/dri/renderD128'/>"

static void spice_gl_with_tcp_port_is_error(void **state)
{
    (void)state;
    /* Each of these made QEMU 7.2 exit with "SPICE GL support is local-only". */
    static const char *const remote[] = {
        "<graphics type='spice' autoport='yes'>" GL "</graphics>",
        "<graphics type='spice' port='5944'>" GL "</graphics>",
        "<graphics type='spice' port='-1'>" GL "</graphics>",
        "<graphics type='spice' tlsPort='5945'>" GL "</graphics>",
        "<graphics type='spice' autoport='yes' listen='0.0.0.0'>"
        "<listen type='address' address='0.0.0.0'/>" GL "</graphics>",
        "<graphics type='spice' autoport='yes'><listen type='network' network='default'/>" GL
        "</graphics>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(remote); i++) {
        g_autofree char *xml = g_strdup_printf(DOMAIN(GOOD_VIDEO "%s"), remote[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        const GdnFinding *g4 = gt_find(f, "GPU004", 0);
        if (!g4) {
            gt_dump(f);
            fail_msg("no GPU004 for %s", remote[i]);
        }
        assert_int_equal(g4->severity, GDN_SEV_ERROR);
        assert_int_equal(g4->fix_safety, GDN_FIX_UNSAFE);
        assert_string_equal(g4->xpath, "/domain/devices/graphics/gl");
        assert_int_equal(gt_count(f, "GPU004"), 1);
        assert_no_rule(f, "GPU005"); /* the GL display exists; it just cannot start */
    }
}

static void spice_gl_without_tcp_port_is_fine(void **state)
{
    (void)state;
    /* Each of these started under libvirt 9.0 + QEMU 7.2 (no TCP port opened). */
    static const char *const local[] = {
        "<graphics type='spice'><listen type='none'/>" GL "</graphics>",
        "<graphics type='spice'><listen type='socket'/>" GL "</graphics>",
        "<graphics type='spice' autoport='yes'><listen type='none'/>" GL "</graphics>",
        "<graphics type='spice' port='5944'><listen type='none'/>" GL "</graphics>",
        "<graphics type='spice' autoport='yes'><listen type='socket'/>" GL "</graphics>",
        "<graphics type='spice'><listen type='address' address='127.0.0.1'/>" GL "</graphics>",
        "<graphics type='spice' listen='127.0.0.1'>" GL "</graphics>",
        "<graphics type='spice'>" GL "</graphics>",
        "<graphics type='spice' port='0' autoport='no'>" GL "</graphics>",
        /* GL off: a remote port is fine */
        "<graphics type='spice' autoport='yes'><gl enable='no'/></graphics>"
        "<graphics type='egl-headless'/>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(local); i++) {
        g_autofree char *xml = g_strdup_printf(DOMAIN(GOOD_VIDEO "%s"), local[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        if (gt_count(f, "GPU004")) {
            gt_dump(f);
            fail_msg("unexpected GPU004 for %s", local[i]);
        }
    }
}

static void accel3d_needs_a_gl_display(void **state)
{
    (void)state;
    static const char *const no_gl[] = {
        "",
        "<graphics type='vnc' port='-1'/>",
        "<graphics type='spice'><listen type='none'/></graphics>",
        "<graphics type='spice'><listen type='none'/><gl enable='no'/></graphics>",
        "<graphics type='sdl' display=':0'/>",
        "<graphics type='sdl' display=':0'><gl enable='no'/></graphics>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(no_gl); i++) {
        g_autofree char *xml = g_strdup_printf(DOMAIN(GOOD_VIDEO "%s"), no_gl[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        const GdnFinding *g5 = gt_find(f, "GPU005", 0);
        if (!g5) {
            gt_dump(f);
            fail_msg("no GPU005 with '%s'", no_gl[i]);
        }
        assert_int_equal(g5->severity, GDN_SEV_ERROR);
        assert_int_equal(g5->fix_safety, GDN_FIX_UNSAFE);
        assert_string_equal(g5->xpath, "/domain/devices/video/model/acceleration");
    }
    static const char *const gl[] = {
        "<graphics type='vnc'/><graphics type='egl-headless'><gl rendernode='/dev/dri/x'/>"
        "</graphics>",
        "<graphics type='sdl' display=':0'><gl enable='yes'/></graphics>",
        "<graphics type='dbus'><gl enable='yes'/></graphics>",
        LOCAL_GL_SPICE,
    };
    for (guint i = 0; i < G_N_ELEMENTS(gl); i++) {
        g_autofree char *xml = g_strdup_printf(DOMAIN(GOOD_VIDEO "%s"), gl[i]);
        g_autoptr(GPtrArray) f = gpu(xml);
        assert_no_rule(f, "GPU005");
    }
    /* vhost-user-gpu renders in the external process. */
    g_autoptr(GPtrArray) vu = gpu(DOMAIN("<video><driver name='vhostuser'/><model type='virtio' "
                                         "heads='2'><acceleration accel3d='yes' "
                                         "rendernode='/dev/dri/r'/></model></video>"));
    assert_no_rule(vu, "GPU005");
    /* accel3d='no' needs nothing. */
    g_autoptr(GPtrArray) off = gpu(DOMAIN("<video><model type='virtio' heads='2'>"
                                          "<acceleration accel3d='no'/></model></video>"));
    assert_no_rule(off, "GPU005");
}

static void local_spice_compression_is_info(void **state)
{
    (void)state;
    /* Unset means QEMU's defaults: every compression is on. */
    g_autoptr(GPtrArray) f =
        gpu(DOMAIN(GOOD_VIDEO "<graphics type='spice'><listen type='none'/>" GL "</graphics>"));
    assert_int_equal(f->len, 1);
    const GdnFinding *g6 = gt_find(f, "GPU006", 0);
    assert_non_null(g6);
    assert_int_equal(g6->severity, GDN_SEV_INFO);
    assert_int_equal(g6->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(g6->xpath, "/domain/devices/graphics");
    assert_non_null(strstr(g6->message, "image 'auto_glz' (default)"));
    assert_non_null(strstr(g6->message, "playback 'on' (default)"));

    g_autoptr(GPtrArray) one = gpu(
        DOMAIN(GOOD_VIDEO "<graphics type='spice'><listen type='socket'/><image compression='off'/>"
                          "<jpeg compression='auto'/><zlib compression='never'/>"
                          "<playback compression='off'/>" GL "</graphics>"));
    g6 = gt_find(one, "GPU006", 0);
    assert_non_null(g6);
    assert_non_null(strstr(g6->message, "jpeg 'auto'"));
    assert_null(strstr(g6->message, "image"));

    /* A remote display may need the compression. */
    g_autoptr(GPtrArray) remote = gpu(DOMAIN(GOOD_VIDEO "<graphics type='spice' autoport='yes'/>"
                                                        "<graphics type='egl-headless'/>"));
    assert_no_rule(remote, "GPU006");
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml",
                                           GDN_GUEST_AUTO, "graphics");
    assert_no_findings(f);
}

static void virt_install_example_has_qxl(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, "graphics");
    assert_int_equal(f->len, 1);
    const GdnFinding *g1 = gt_find(f, "GPU001", 0);
    assert_non_null(g1);
    assert_int_equal(g1->line, 91);
    assert_int_equal(g1->column, 7);
    assert_non_null(strstr(g1->message, "'qxl'"));
}

static void seed_template_gl_with_autoport_is_error(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("tests/data/seed-template.xml", NULL, GDN_GUEST_AUTO, "graphics");
    assert_int_equal(f->len, 1);
    const GdnFinding *g4 = gt_find(f, "GPU004", 0);
    assert_non_null(g4);
    assert_int_equal(g4->line, 189);
    assert_non_null(strstr(g4->message, "autoport"));
}

/* Issue 12 #3: no 3D fix for Windows guests (no driver; start fails on
 * hosts without /dev/dri); Linux keeps the unsafe fix and learns about the
 * render node. */
static void accel3d_fix_only_for_linux(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) win =
        gpu(DOMAIN_OS(WINDOWS_OS, "<video><model type='virtio' heads='2'/></video>"));
    assert_int_equal(gt_find(win, "GPU002", 0)->fix_safety, GDN_FIX_NONE);
    g_autoptr(GPtrArray) lin = gpu(DOMAIN("<video><model type='virtio' heads='2'/></video>"));
    const GdnFinding *l = gt_find(lin, "GPU002", 0);
    assert_int_equal(l->fix_safety, GDN_FIX_UNSAFE);
    assert_non_null(strstr(l->note, "render node"));
    assert_null(strstr(l->rule->impact, "Windows"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accel3d_fix_only_for_linux),
        cmocka_unit_test(tuned_devices_are_clean),
        cmocka_unit_test(emulated_primary_video_warns),
        cmocka_unit_test(only_the_primary_video_counts),
        cmocka_unit_test(default_video_is_cirrus_on_x86),
        cmocka_unit_test(virtio_without_accel3d_is_info),
        cmocka_unit_test(heads_below_two_is_info),
        cmocka_unit_test(spice_gl_with_tcp_port_is_error),
        cmocka_unit_test(spice_gl_without_tcp_port_is_fine),
        cmocka_unit_test(accel3d_needs_a_gl_display),
        cmocka_unit_test(local_spice_compression_is_info),
        cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(virt_install_example_has_qxl),
        cmocka_unit_test(seed_template_gl_with_autoport_is_error),
    };
    return cmocka_run_group_tests_name("graphics", tests, NULL, NULL);
}

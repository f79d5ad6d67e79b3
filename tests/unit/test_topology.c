/* CPU module: each rule triggered and not triggered, the two examples, and
 * the host-aware rule never firing without host facts. */
#include "helpers.h"

#define INTEL "examples/host-intel.xml"
#define AMD "examples/host-amd.xml"

/* A Linux kvm guest: only the topology module matters here. */
#define GUEST(vcpus, cpu)                                                                          \
    "<domain type='kvm'><name>g</name><memory>4194304</memory><vcpu>" vcpus "</vcpu>"              \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os>" cpu "</domain>"

#define TUNED_CPU                                                                                  \
    "<cpu mode='host-passthrough' check='none' migratable='off'>"                                  \
    "<topology sockets='1' dies='1' cores='2' threads='2'/><cache mode='passthrough'/></cpu>"

static GPtrArray *check_xml(const char *xml, const char *host_path)
{
    g_autofree char *host = host_path ? gt_read(host_path) : NULL;
    return gt_check(xml, host, GDN_GUEST_AUTO, "topology");
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-tuned.xml", INTEL, GDN_GUEST_AUTO, "topology");
    assert_no_findings(f);
    g_autoptr(GPtrArray) amd =
        gt_check_file("examples/win11-tuned.xml", AMD, GDN_GUEST_AUTO, "topology");
    /* On AMD the tuned guest (threads=2, no topoext) gets CPU006 only. */
    assert_int_equal(amd->len, 1);
    assert_rule(amd, "CPU006");
}

static void virt_install_example(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-virt-install.xml", INTEL, GDN_GUEST_AUTO, "topology");
    assert_int_equal(f->len, 3);
    const char *ids[] = {"CPU002", "CPU004", "CPU007"};
    GdnSeverity sev[] = {GDN_SEV_WARNING, GDN_SEV_WARNING, GDN_SEV_INFO};
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++) {
        const GdnFinding *x = gt_find(f, ids[i], 0);
        assert_non_null(x);
        assert_int_equal(x->line, 34); /* <cpu mode="host-passthrough"/> */
        assert_string_equal(x->xpath, "/domain/cpu");
        assert_int_equal(x->severity, sev[i]);
    }
    /* 4 vCPUs on an SMT-2 host: 1 socket, 2 cores, 2 threads. */
    const GdnFinding *topo = gt_find(f, "CPU002", 0);
    assert_string_equal(gt_param(topo, "sockets"), "1");
    assert_string_equal(gt_param(topo, "dies"), "1");
    assert_string_equal(gt_param(topo, "cores"), "2");
    assert_string_equal(gt_param(topo, "threads"), "2");
    assert_int_equal(topo->fix_safety, GDN_FIX_SAFE);

    /* Without host facts threads is 1. */
    g_autoptr(GPtrArray) nohost =
        gt_check_file("examples/win11-virt-install.xml", NULL, GDN_GUEST_AUTO, "topology");
    topo = gt_find(nohost, "CPU002", 0);
    assert_string_equal(gt_param(topo, "cores"), "4");
    assert_string_equal(gt_param(topo, "threads"), "1");
}

static void cpu001_mode(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) hm = check_xml(GUEST("1", "<cpu mode='host-model'/>"), NULL);
    assert_rule(hm, "CPU001");
    const GdnFinding *x = gt_find(hm, "CPU001", 0);
    assert_int_equal(x->severity, GDN_SEV_WARNING);
    assert_int_equal(x->fix_safety, GDN_FIX_UNSAFE);
    assert_non_null(strstr(x->message, "'host-model'"));

    /* <cpu> without mode is custom. */
    g_autoptr(GPtrArray) custom =
        check_xml(GUEST("1", "<cpu match='exact'><model>Haswell</model></cpu>"), NULL);
    x = gt_find(custom, "CPU001", 0);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "'custom' (default) with model 'Haswell'"));

    /* Neither mode nor model: QEMU's default model. */
    g_autoptr(GPtrArray) bare =
        check_xml(GUEST("2", "<cpu><topology sockets='1' cores='2' threads='1'/></cpu>"), NULL);
    x = gt_find(bare, "CPU001", 0);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "<cpu> names no mode or model"));

    /* No <cpu> at all: reported at <domain>. */
    g_autoptr(GPtrArray) none = check_xml(GUEST("1", ""), NULL);
    x = gt_find(none, "CPU001", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain");
    assert_int_equal(x->line, 1);

    g_autoptr(GPtrArray) ok = check_xml(GUEST("1", TUNED_CPU), NULL);
    assert_no_rule(ok, "CPU001");

    /* TCG (type='qemu') cannot run host-passthrough: QEMU refuses to start. */
    g_autoptr(GPtrArray) tcg = check_xml("<domain type='qemu'><name>t</name><memory>1024</memory>"
                                         "<cpu mode='host-model'/></domain>",
                                         NULL);
    assert_no_rule(tcg, "CPU001");
}

static void cpu002_topology_missing(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) one = check_xml(GUEST("1", "<cpu mode='host-passthrough'/>"), INTEL);
    assert_no_rule(one, "CPU002");

    g_autoptr(GPtrArray) six = check_xml(GUEST("6", "<cpu mode='host-passthrough'/>"), INTEL);
    const GdnFinding *x = gt_find(six, "CPU002", 0);
    assert_string_equal(gt_param(x, "cores"), "3");
    assert_string_equal(gt_param(x, "threads"), "2");

    /* Host SMT 2 does not divide 3 vCPUs: threads=1. */
    g_autoptr(GPtrArray) three = check_xml(GUEST("3", "<cpu mode='host-passthrough'/>"), INTEL);
    x = gt_find(three, "CPU002", 0);
    assert_string_equal(gt_param(x, "cores"), "3");
    assert_string_equal(gt_param(x, "threads"), "1");
    assert_non_null(strstr(x->message, "3 vCPUs"));

    /* No <cpu> element: reported at <domain>. */
    g_autoptr(GPtrArray) nocpu = check_xml(GUEST("2", ""), NULL);
    x = gt_find(nocpu, "CPU002", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain");

    g_autoptr(GPtrArray) with = check_xml(GUEST("4", TUNED_CPU), NULL);
    assert_no_rule(with, "CPU002");
}

static void cpu003_topology_mismatch(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = check_xml(
        GUEST("4", "<cpu mode='host-passthrough'><topology sockets='1' dies='1' cores='4' "
                   "threads='2'/></cpu>"),
        NULL);
    const GdnFinding *x = gt_find(f, "CPU003", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
    assert_string_equal(x->xpath, "/domain/cpu/topology");
    assert_non_null(strstr(x->message, "= 8 vCPUs, but <vcpu> is 4"));
    /* threads=2 still divides 4: kept, cores recomputed. */
    assert_string_equal(gt_param(x, "sockets"), "1");
    assert_string_equal(gt_param(x, "cores"), "2");
    assert_string_equal(gt_param(x, "threads"), "2");

    /* sockets=4 cores=5 threads=2 for 5 vCPUs: falls back to one socket. */
    g_autoptr(GPtrArray) fb =
        check_xml(GUEST("5", "<cpu><topology sockets='4' cores='5' threads='2'/></cpu>"), NULL);
    x = gt_find(fb, "CPU003", 0);
    assert_string_equal(gt_param(x, "sockets"), "1");
    assert_string_equal(gt_param(x, "cores"), "5");
    assert_string_equal(gt_param(x, "threads"), "1");

    /* libvirt requires cores. */
    g_autoptr(GPtrArray) missing =
        check_xml(GUEST("2", "<cpu><topology sockets='1' threads='2'/></cpu>"), NULL);
    x = gt_find(missing, "CPU003", 0);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "'cores'"));

    /* dies and clusters default to 1 and count when present. */
    g_autoptr(GPtrArray) nodies =
        check_xml(GUEST("4", "<cpu><topology sockets='1' cores='2' threads='2'/></cpu>"), NULL);
    assert_no_rule(nodies, "CPU003");
    g_autoptr(GPtrArray) clusters = check_xml(
        GUEST("8", "<cpu><topology sockets='1' dies='1' clusters='2' cores='2' threads='2'/>"
                   "</cpu>"),
        NULL);
    assert_no_rule(clusters, "CPU003");
}

static void cpu004_005_cache(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) emu = check_xml(
        GUEST("1", "<cpu mode='host-passthrough'><cache level='3' mode='emulate'/></cpu>"), NULL);
    const GdnFinding *x = gt_find(emu, "CPU004", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain/cpu/cache");
    assert_non_null(strstr(x->message, "'emulate'"));
    assert_no_rule(emu, "CPU005");

    /* Cache settings are x86-only: no CPU004 on aarch64. */
    g_autoptr(GPtrArray) arm =
        check_xml("<domain type='kvm'><name>a</name><memory>1024</memory>"
                  "<os><type arch='aarch64' machine='virt'>hvm</type></os>"
                  "<cpu mode='host-passthrough' check='none' migratable='off'/></domain>",
                  NULL);
    assert_int_equal(arm->len, 0);

    g_autoptr(GPtrArray) hm =
        check_xml(GUEST("1", "<cpu mode='host-model'><cache mode='passthrough'/></cpu>"), NULL);
    x = gt_find(hm, "CPU005", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
    assert_non_null(strstr(x->message, "cpu mode 'host-model'"));

    g_autoptr(GPtrArray) maxi =
        check_xml(GUEST("1", "<cpu mode='maximum'><cache mode='passthrough'/></cpu>"), NULL);
    assert_no_rule(maxi, "CPU005");
    assert_no_rule(maxi, "CPU004");

    g_autoptr(GPtrArray) ok = check_xml(GUEST("4", TUNED_CPU), NULL);
    assert_int_equal(ok->len, 0);
}

static void cpu006_topoext_needs_amd_host(void **state)
{
    (void)state;
    const char *xml = GUEST("4", TUNED_CPU);
    g_autoptr(GPtrArray) amd = check_xml(xml, AMD);
    const GdnFinding *x = gt_find(amd, "CPU006", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_INFO);
    assert_non_null(strstr(x->message, "threads=2"));

    g_autoptr(GPtrArray) nohost = check_xml(xml, NULL);
    assert_no_rule(nohost, "CPU006");
    /* Selected explicitly, still skipped without host facts. */
    g_autoptr(GPtrArray) sel = gt_check(xml, NULL, GDN_GUEST_AUTO, "CPU006");
    assert_int_equal(sel->len, 0);
    g_autoptr(GPtrArray) tcg =
        check_xml("<domain type='qemu'><name>t</name><memory>1024</memory><vcpu>4</vcpu>"
                  "<cpu><topology sockets='1' cores='2' threads='2'/></cpu></domain>",
                  AMD);
    assert_no_rule(tcg, "CPU006");
    g_autoptr(GPtrArray) intel = check_xml(xml, INTEL);
    assert_no_rule(intel, "CPU006");

    g_autoptr(GPtrArray) with =
        check_xml(GUEST("4", "<cpu mode='host-passthrough' check='none' migratable='off'>"
                             "<topology sockets='1' dies='1' cores='2' threads='2'/>"
                             "<cache mode='passthrough'/><feature policy='require' "
                             "name='topoext'/></cpu>"),
                  AMD);
    assert_int_equal(with->len, 0);

    g_autoptr(GPtrArray) disabled =
        check_xml(GUEST("4", "<cpu mode='host-passthrough' check='none' migratable='off'>"
                             "<topology sockets='1' dies='1' cores='2' threads='2'/>"
                             "<cache mode='passthrough'/><feature policy='disable' "
                             "name='topoext'/></cpu>"),
                  AMD);
    x = gt_find(disabled, "CPU006", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain/cpu/feature");

    g_autoptr(GPtrArray) single =
        check_xml(GUEST("4", "<cpu mode='host-passthrough' check='none' migratable='off'>"
                             "<topology sockets='1' dies='1' cores='4' threads='1'/>"
                             "<cache mode='passthrough'/></cpu>"),
                  AMD);
    assert_no_rule(single, "CPU006");
}

static void cpu007_migratable(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) partial = check_xml(
        GUEST("1", "<cpu mode='host-passthrough' check='partial'><cache mode='passthrough'/>"
                   "</cpu>"),
        NULL);
    const GdnFinding *x = gt_find(partial, "CPU007", 0);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "check='partial' and no migratable"));

    g_autoptr(GPtrArray) on =
        check_xml(GUEST("1", "<cpu mode='host-passthrough' check='none' migratable='on'/>"), NULL);
    assert_rule(on, "CPU007");

    g_autoptr(GPtrArray) ok = check_xml(GUEST("1", TUNED_CPU), NULL);
    assert_no_rule(ok, "CPU007");
    g_autoptr(GPtrArray) hm = check_xml(GUEST("1", "<cpu mode='host-model'/>"), NULL);
    assert_no_rule(hm, "CPU007");
}

/* Issue 12 #8 and #13: CPU007 says what migratable='off' costs; CPU002
 * names Windows only for Windows guests. */
static void texts_fit_the_guest(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) m = check_xml(
        GUEST("1", "<cpu mode='host-passthrough'><cache mode='passthrough'/></cpu>"), NULL);
    assert_non_null(strstr(gt_find(m, "CPU007", 0)->message,
                           "save, managedsave and migration are then blocked"));
    g_autoptr(GPtrArray) lin = check_xml(GUEST("4", ""), NULL);
    const GdnFinding *l = gt_find(lin, "CPU002", 0);
    assert_null(strstr(l->message, "Windows"));
    assert_null(strstr(l->rule->impact, "Windows"));
    g_autoptr(GPtrArray) win =
        gt_check("<domain type='kvm'><name>w</name><metadata><libosinfo:libosinfo "
                 "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'><libosinfo:os "
                 "id='http://microsoft.com/win/10'/></libosinfo:libosinfo></metadata><vcpu>4</"
                 "vcpu></domain>",
                 NULL, GDN_GUEST_AUTO, "CPU002");
    assert_non_null(strstr(gt_find(win, "CPU002", 0)->message, "Windows client editions"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(texts_fit_the_guest),     cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(virt_install_example),    cmocka_unit_test(cpu001_mode),
        cmocka_unit_test(cpu002_topology_missing), cmocka_unit_test(cpu003_topology_mismatch),
        cmocka_unit_test(cpu004_005_cache),        cmocka_unit_test(cpu006_topoext_needs_amd_host),
        cmocka_unit_test(cpu007_migratable),
    };
    return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}

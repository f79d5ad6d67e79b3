/* MEM module: each rule triggered and not triggered, the seed's page count,
 * per-NUMA-node huge pages, and host-aware rules without host facts. */
#include "helpers.h"

#define INTEL "examples/host-intel.xml"

#define GUEST(memory, backing, extra)                                                              \
    "<domain type='kvm'><name>g</name>" memory "<vcpu>2</vcpu>"                                    \
    "<os><type arch='x86_64' machine='q35'>hvm</type></os>" backing extra "</domain>"

#define GIB(n) "<memory unit='GiB'>" #n "</memory>"

/* The seed's reference backing. */
#define TUNED_BACKING                                                                              \
    "<memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages><nosharepages/>"          \
    "<source type='memfd'/><access mode='shared'/><allocation mode='immediate'/>"                  \
    "</memoryBacking>"

/* Host with huge page sizes but no page counts (no <topology><cells>). */
#define HOST_NO_COUNTS                                                                             \
    "<capabilities><host><cpu><arch>x86_64</arch><vendor>Intel</vendor>"                           \
    "<pages unit='KiB' size='4'/><pages unit='KiB' size='2048'/>"                                  \
    "<pages unit='KiB' size='1048576'/></cpu></host></capabilities>"

static GPtrArray *check_xml(const char *xml, const char *host_path)
{
    g_autofree char *host = host_path ? gt_read(host_path) : NULL;
    return gt_check(xml, host, GDN_GUEST_AUTO, "hugepages");
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-tuned.xml", INTEL, GDN_GUEST_AUTO, "hugepages");
    assert_no_findings(f);
}

static void virt_install_example(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check_file("examples/win11-virt-install.xml", INTEL, GDN_GUEST_AUTO, "hugepages");
    const GdnFinding *x = gt_find(f, "MEM001", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_WARNING); /* 16 GiB > 8 GiB */
    assert_int_equal(x->line, 1);                   /* no <memoryBacking>: at <domain> */
    assert_string_equal(x->xpath, "/domain");
    assert_int_equal(x->fix_safety, GDN_FIX_UNSAFE);
    /* ceil(16384 MiB / 2 * 1.1) = ceil(9011.2) */
    assert_non_null(strstr(x->note, "vm.nr_hugepages = 9012"));
    assert_string_equal(gt_param(x, "size"), "2048");
    assert_string_equal(gt_param(x, "unit"), "KiB");
    assert_non_null(strstr(x->note, "vm.nr_hugepages = 9012"));
    assert_no_rule(f, "MEM004"); /* no huge pages, no device that needs shared memory */
    assert_rule(f, "MEM005");
    assert_no_rule(f, "MEM002");
    assert_no_rule(f, "MEM003");
    assert_no_rule(f, "MEM006");
    assert_no_rule(f, "MEM007");
}

static void mem001_seed_example(void **state)
{
    (void)state;
    /* The seed: "8GB VM = (8 * 1024 / 2) * 1.1 = 4,506 pages"; 8 GiB is not
     * above 8 GiB, so info. */
    g_autoptr(GPtrArray) f = check_xml(GUEST(GIB(8), "", ""), NULL);
    const GdnFinding *x = gt_find(f, "MEM001", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_INFO);
    assert_non_null(strstr(x->note, "vm.nr_hugepages = 4506"));
    assert_non_null(strstr(x->message, "8192 MiB"));

    /* Scaled units: 8389632 KiB is 8 GiB + 1 MiB, above 8 GiB. */
    g_autoptr(GPtrArray) big =
        check_xml(GUEST("<memory unit='KiB'>8389632</memory>", "", ""), NULL);
    x = gt_find(big, "MEM001", 0);
    assert_int_equal(x->severity, GDN_SEV_WARNING);
    /* ceil(8193 / 2 * 1.1) = ceil(4506.15) */
    assert_non_null(strstr(x->note, "vm.nr_hugepages = 4507"));

    /* An empty <memoryBacking> is where the element goes. */
    g_autoptr(GPtrArray) mb = check_xml(GUEST(GIB(2),
                                              "<memoryBacking><nosharepages/>"
                                              "</memoryBacking>",
                                              ""),
                                        NULL);
    x = gt_find(mb, "MEM001", 0);
    assert_string_equal(x->xpath, "/domain/memoryBacking");

    g_autoptr(GPtrArray) ok = check_xml(GUEST(GIB(16), TUNED_BACKING, ""), NULL);
    assert_no_rule(ok, "MEM001");
}

static void mem002_page_size(void **state)
{
    (void)state;
    const char *xml = GUEST(GIB(4),
                            "<memoryBacking><hugepages><page size='4' unit='MiB'/></hugepages>"
                            "<source type='memfd'/><access mode='shared'/>"
                            "<allocation mode='immediate'/><nosharepages/></memoryBacking>",
                            "");
    g_autoptr(GPtrArray) f = check_xml(xml, INTEL);
    const GdnFinding *x = gt_find(f, "MEM002", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
    assert_string_equal(x->xpath, "/domain/memoryBacking/hugepages/page");
    assert_non_null(strstr(x->message, "4096 KiB (size='4' unit='MiB')"));
    assert_string_equal(gt_param(x, "size"), "2048");
    assert_int_equal(f->len, 1);

    /* 768 MiB pages: 1 GiB is nearer than 2 MiB (log distance). */
    g_autoptr(GPtrArray) near =
        check_xml(GUEST(GIB(4),
                        "<memoryBacking><hugepages><page size='768' unit='MiB'/></hugepages>"
                        "</memoryBacking>",
                        ""),
                  INTEL);
    assert_string_equal(gt_param(gt_find(near, "MEM002", 0), "size"), "1048576");

    g_autoptr(GPtrArray) nohost = check_xml(xml, NULL);
    assert_no_rule(nohost, "MEM002");

    /* 1 GiB given in G is offered. */
    g_autoptr(GPtrArray) gig =
        check_xml(GUEST(GIB(4),
                        "<memoryBacking><hugepages><page size='1' unit='G'/></hugepages>"
                        "</memoryBacking>",
                        ""),
                  INTEL);
    assert_no_rule(gig, "MEM002");
}

static void mem003_host_pages(void **state)
{
    (void)state;
    /* The Intel host has 10240 pages of 2 MiB and none of 1 GiB. */
    g_autoptr(GPtrArray) fits = check_xml(GUEST(GIB(16), TUNED_BACKING, ""), INTEL);
    assert_int_equal(fits->len, 0);

    g_autoptr(GPtrArray) big = check_xml(GUEST(GIB(32), TUNED_BACKING, ""), INTEL);
    const GdnFinding *x = gt_find(big, "MEM003", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_WARNING);
    assert_int_equal(x->fix_safety, GDN_FIX_NONE);
    assert_non_null(strstr(x->message, "has 10240 pages of 2048 KiB; the guest needs 16384"));

    const char *gig = GUEST(GIB(4),
                            "<memoryBacking><hugepages><page size='1048576' unit='KiB'/>"
                            "</hugepages></memoryBacking>",
                            "");
    g_autoptr(GPtrArray) none = check_xml(gig, INTEL);
    assert_rule(none, "MEM003");

    /* Host-aware: never without host facts, skipped when counts are unknown. */
    g_autoptr(GPtrArray) nohost = check_xml(gig, NULL);
    assert_no_rule(nohost, "MEM003");
    g_autoptr(GPtrArray) sel = gt_check(gig, NULL, GDN_GUEST_AUTO, "MEM002,MEM003");
    assert_int_equal(sel->len, 0);
    g_autoptr(GPtrArray) nocount = gt_check(gig, HOST_NO_COUNTS, GDN_GUEST_AUTO, "hugepages");
    assert_no_rule(nocount, "MEM003");
    assert_no_rule(nocount, "MEM002");

    /* <hugepages/> without <page>: the host's default (smallest) huge size. */
    g_autoptr(GPtrArray) dflt =
        check_xml(GUEST(GIB(32), "<memoryBacking><hugepages/></memoryBacking>", ""), INTEL);
    x = gt_find(dflt, "MEM003", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain/memoryBacking/hugepages");
}

#define NUMA4                                                                                      \
    "<cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB'/>"                                     \
    "<cell id='1' cpus='1' memory='16' unit='GiB'/></numa></cpu>"

static void per_node_hugepages(void **state)
{
    (void)state;
    /* 1 GiB pages only for node 0 (1 page), which the host lacks; node 1's
     * 16 GiB on 2 MiB pages (8192) fits in 10240. */
    g_autoptr(GPtrArray) f =
        check_xml(GUEST("<memory unit='GiB'>17</memory>",
                        "<memoryBacking><hugepages><page size='1048576' unit='KiB' nodeset='0'/>"
                        "<page size='2048' unit='KiB'/></hugepages></memoryBacking>",
                        NUMA4),
                  INTEL);
    assert_int_equal(gt_count(f, "MEM003"), 1);
    const GdnFinding *x = gt_find(f, "MEM003", 0);
    assert_non_null(strstr(x->message, "1048576 KiB; the guest needs 1 for 1024 MiB"));
    assert_no_rule(f, "MEM001");
    assert_no_rule(f, "MEM002");

    /* Node 1 only on huge pages, node 0 on regular pages: no finding. */
    g_autoptr(GPtrArray) part =
        check_xml(GUEST("<memory unit='GiB'>17</memory>",
                        "<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='1'/>"
                        "</hugepages></memoryBacking>",
                        NUMA4),
                  INTEL);
    assert_no_rule(part, "MEM001");
    assert_no_rule(part, "MEM002");
    assert_no_rule(part, "MEM003");

    /* Node 0 asks for an unsupported size: MEM002 there, and its 20 GiB do
     * not fall back to the 2 MiB default page of node 1. */
    g_autoptr(GPtrArray) bad =
        check_xml(GUEST("<memory unit='GiB'>21</memory>",
                        "<memoryBacking><hugepages><page size='4096' unit='KiB' nodeset='0'/>"
                        "<page size='2048' unit='KiB'/></hugepages></memoryBacking>",
                        "<cpu><numa><cell id='0' cpus='0' memory='20' unit='GiB'/>"
                        "<cell id='1' cpus='1' memory='1' unit='GiB'/></numa></cpu>"),
                  INTEL);
    assert_int_equal(gt_count(bad, "MEM002"), 1);
    assert_no_rule(bad, "MEM003");

    /* Two nodes on 2 MiB pages add up: 2 x 12 GiB = 12288 pages > 10240. */
    g_autoptr(GPtrArray) sum =
        check_xml(GUEST("<memory unit='GiB'>24</memory>",
                        "<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='0'/>"
                        "<page size='2048' unit='KiB' nodeset='1'/></hugepages></memoryBacking>",
                        "<cpu><numa><cell id='0' cpus='0' memory='12' unit='GiB'/>"
                        "<cell id='1' cpus='1' memory='12' unit='GiB'/></numa></cpu>"),
                  INTEL);
    assert_int_equal(gt_count(sum, "MEM003"), 1);
    assert_non_null(strstr(gt_find(sum, "MEM003", 0)->message, "needs 12288"));
}

static void mem004_shared_memory(void **state)
{
    (void)state;
    /* Issue 12 #2: a plain guest keeps anonymous memory (memfd + shared
     * would turn transparent huge pages off); huge pages get the advice. */
    g_autoptr(GPtrArray) plain = check_xml(GUEST(GIB(2), "", ""), NULL);
    assert_no_rule(plain, "MEM004");
    g_autoptr(GPtrArray) hp =
        check_xml(GUEST(GIB(2), "<memoryBacking><hugepages/></memoryBacking>", ""), NULL);
    const GdnFinding *x = gt_find(hp, "MEM004", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_INFO);
    assert_int_equal(x->fix_safety, GDN_FIX_SAFE);

    g_autoptr(GPtrArray) file =
        check_xml(GUEST(GIB(2),
                        "<memoryBacking><hugepages/><source type='file'/><access mode='shared'/>"
                        "</memoryBacking>",
                        ""),
                  NULL);
    x = gt_find(file, "MEM004", 0);
    assert_string_equal(x->xpath, "/domain/memoryBacking/source");
    assert_non_null(strstr(x->message, "source is 'file' and access is 'shared'"));

#define VIRTIOFS                                                                                   \
    "<devices><filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/>"         \
    "<source dir='/srv'/><target dir='srv'/></filesystem></devices>"
    g_autoptr(GPtrArray) fs = check_xml(GUEST(GIB(2), "", VIRTIOFS), NULL);
    assert_int_equal(gt_count(fs, "MEM004"), 1);
    x = gt_find(fs, "MEM004", 0);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
    assert_string_equal(x->xpath, "/domain/devices/filesystem");
    assert_non_null(strstr(x->message, "virtiofs filesystem"));

    g_autoptr(GPtrArray) vhu = check_xml(
        GUEST(GIB(2), "<memoryBacking><source type='memfd'/></memoryBacking>",
              "<devices><interface type='vhostuser'><source type='unix' path='/run/v.sock' "
              "mode='server'/><model type='virtio'/></interface></devices>"),
        NULL);
    x = gt_find(vhu, "MEM004", 0);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
    assert_non_null(strstr(x->message, "vhost-user interface"));

    g_autoptr(GPtrArray) ok = check_xml(GUEST(GIB(2), TUNED_BACKING, VIRTIOFS), NULL);
    assert_no_rule(ok, "MEM004");

    /* Every NUMA cell shared is shared memory (libvirt's own test). */
    g_autoptr(GPtrArray) cells = check_xml(
        GUEST(GIB(2), "<memoryBacking><source type='memfd'/></memoryBacking>",
              "<cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB' memAccess='shared'/>"
              "<cell id='1' cpus='1' memory='1' unit='GiB' "
              "memAccess='shared'/></numa></cpu>" VIRTIOFS),
        NULL);
    assert_no_rule(cells, "MEM004");
    /* One private cell breaks it. */
    g_autoptr(GPtrArray) oneprivate =
        check_xml(GUEST(GIB(2),
                        "<memoryBacking><source type='memfd'/><access mode='shared'/>"
                        "</memoryBacking>",
                        "<cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB'/>"
                        "<cell id='1' cpus='1' memory='1' unit='GiB' "
                        "memAccess='private'/></numa></cpu>" VIRTIOFS),
                  NULL);
    x = gt_find(oneprivate, "MEM004", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_ERROR);
}

static void mem005_allocation(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        check_xml(GUEST(GIB(2),
                        "<memoryBacking><allocation mode='ondemand'/><nosharepages/>"
                        "</memoryBacking>",
                        ""),
                  NULL);
    const GdnFinding *x = gt_find(f, "MEM005", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain/memoryBacking/allocation");
    assert_non_null(strstr(x->message, "'ondemand'"));

    g_autoptr(GPtrArray) noshare = check_xml(
        GUEST(GIB(2), "<memoryBacking><allocation mode='immediate'/></memoryBacking>", ""), NULL);
    x = gt_find(noshare, "MEM005", 0);
    assert_non_null(strstr(x->message, "<nosharepages/> is missing"));

    g_autoptr(GPtrArray) ok = check_xml(GUEST(GIB(2), TUNED_BACKING, ""), NULL);
    assert_no_rule(ok, "MEM005");
}

static void mem006_locked(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        check_xml(GUEST(GIB(2), "<memoryBacking><locked/></memoryBacking>", ""), NULL);
    const GdnFinding *x = gt_find(f, "MEM006", 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GDN_SEV_WARNING);
    assert_int_equal(x->fix_safety, GDN_FIX_NONE);
    assert_string_equal(x->xpath, "/domain/memoryBacking/locked");

    g_autoptr(GPtrArray) ok =
        check_xml(GUEST(GIB(2), "<memoryBacking><locked/></memoryBacking>",
                        "<memtune><hard_limit unit='GiB'>3</hard_limit></memtune>"),
                  NULL);
    assert_no_rule(ok, "MEM006");
}

static void mem007_conflicts(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = check_xml(GUEST(GIB(2),
                                             "<memoryBacking><hugepages/><source type='anonymous'/>"
                                             "<allocation mode='ondemand'/></memoryBacking>",
                                             ""),
                                       NULL);
    assert_int_equal(gt_count(f, "MEM007"), 2);
    const GdnFinding *x = gt_find(f, "MEM007", 0);
    assert_int_equal(x->severity, GDN_SEV_ERROR);

    /* Without huge pages both are legal. */
    g_autoptr(GPtrArray) ok =
        check_xml(GUEST(GIB(2),
                        "<memoryBacking><source type='anonymous'/><allocation mode='ondemand'/>"
                        "</memoryBacking>",
                        ""),
                  NULL);
    assert_no_rule(ok, "MEM007");
}

/* Issue 12 #7: memory bound to NUMA nodes takes only their huge pages;
 * MEM001 then gives the per-node reservation, not vm.nr_hugepages. */
static void pages_per_bound_node(void **state)
{
    (void)state;
    const char *host = "tests/data/host-2node.xml"; /* 10240 pages of 2 MiB per node */
#define HP24 "<memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages></memoryBacking>"
    g_autoptr(GPtrArray) spread = check_xml(GUEST(GIB(24), HP24, ""), host);
    assert_no_rule(spread, "MEM003"); /* 20480 in all >= 12288 */
    g_autoptr(GPtrArray) bound = check_xml(
        GUEST(GIB(24), HP24, "<numatune><memory mode='strict' nodeset='0'/></numatune>"), host);
    const GdnFinding *x = gt_find(bound, "MEM003", 0);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "10240 pages of 2048 KiB on NUMA node 0"));
    assert_non_null(strstr(x->message, "needs 12288"));
    /* Both nodes bound: their pages add up again; interleave binds nothing. */
    g_autoptr(GPtrArray) both = check_xml(
        GUEST(GIB(24), HP24, "<numatune><memory mode='strict' nodeset='0-1'/></numatune>"), host);
    assert_no_rule(both, "MEM003");
    g_autoptr(GPtrArray) inter = check_xml(
        GUEST(GIB(24), HP24, "<numatune><memory mode='interleave' nodeset='0'/></numatune>"), host);
    assert_no_rule(inter, "MEM003");

    g_autoptr(GPtrArray) m = check_xml(
        GUEST(GIB(4), "", "<numatune><memory mode='strict' nodeset='1'/></numatune>"), host);
    const GdnFinding *n = gt_find(m, "MEM001", 0);
    assert_non_null(strstr(n->note, "echo 2253 > /sys/devices/system/node/node1/hugepages/"
                                    "hugepages-2048kB/nr_hugepages"));
    assert_null(strstr(n->note, "sysctl -w"));
    g_autoptr(GPtrArray) u = check_xml(GUEST(GIB(4), "", ""), host);
    assert_non_null(strstr(gt_find(u, "MEM001", 0)->note, "vm.nr_hugepages = 2253"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tuned_example_is_clean), cmocka_unit_test(virt_install_example),
        cmocka_unit_test(mem001_seed_example),    cmocka_unit_test(mem002_page_size),
        cmocka_unit_test(mem003_host_pages),      cmocka_unit_test(per_node_hugepages),
        cmocka_unit_test(mem004_shared_memory),   cmocka_unit_test(pages_per_bound_node),
        cmocka_unit_test(mem005_allocation),      cmocka_unit_test(mem006_locked),
        cmocka_unit_test(mem007_conflicts),
    };
    return cmocka_run_group_tests_name("hugepages", tests, NULL, NULL);
}

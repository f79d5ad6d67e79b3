/* The rules for what libvirt rejects (rules/..._libvirt.c): each rule fires
 * on a domain libvirt 9.0 refuses and stays quiet on the nearest domain it
 * accepts (most pairs were checked with `virsh define` on a session
 * daemon). Host-aware rules are skipped without host facts. */
#include "helpers.h"

#define HOST "tests/data/host-small.xml"

#define DOM(arch, machine, vcpu, body, devices)                                                    \
    "<domain type='qemu'><name>g</name><memory>1048576</memory>" vcpu "<os><type arch='" arch      \
    "' machine='" machine "'>hvm</type></os>" body "<devices>" devices "</devices></domain>"
#define X86(body) DOM("x86_64", "pc", "<vcpu>4</vcpu>", body, "")
#define X86DEV(devices) DOM("x86_64", "pc", "<vcpu>4</vcpu>", "", devices)
#define NUMA2                                                                                      \
    "<cpu><numa><cell id='0' cpus='0-1' memory='524288'/><cell id='1' cpus='2-3' "                 \
    "memory='524288'/></numa></cpu>"

typedef struct {
    const char *rule, *bad, *good;
    gboolean host;
} Case;

static const Case cases[] = {
    {"CPU030", X86("<cpu mode='host-model'><cache level='2' mode='emulate'/></cpu>"),
     X86("<cpu mode='host-model'><cache level='3' mode='emulate'/></cpu>"), FALSE},
    {"CPU031",
     X86("<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' bits='42'/></cpu>"),
     X86("<cpu mode='host-passthrough'><maxphysaddr mode='emulate' bits='42'/></cpu>"), FALSE},
    {"CPU032",
     X86("<cpu><numa><cell id='1' cpus='0-1' memory='524288'/><cell id='2' cpus='2-3' "
         "memory='524288'/></numa></cpu>"),
     X86(NUMA2), FALSE},
    {"CPU033",
     DOM("ppc64", "pseries", "<vcpu current='2'>8</vcpu>",
         "<cpu><topology sockets='1' dies='1' cores='2' threads='4'/></cpu>", ""),
     DOM("ppc64", "pseries", "<vcpu current='4'>8</vcpu>",
         "<cpu><topology sockets='1' dies='1' cores='2' threads='4'/></cpu>", ""),
     FALSE},
    {"CPU034", X86("<cpu mode='host-passthrough'/>"), X86("<cpu mode='maximum'/>"), FALSE},
    {"CPU035",
     DOM("aarch64", "virt", "<vcpu>1</vcpu>",
         "<cpu mode='host-passthrough'><feature policy='disable' name='sve'/>"
         "<feature policy='require' name='sve128'/></cpu>",
         ""),
     DOM("aarch64", "virt", "<vcpu>1</vcpu>",
         "<cpu mode='host-passthrough'><feature policy='require' name='sve'/>"
         "<feature policy='require' name='sve128'/></cpu>",
         ""),
     FALSE},
    {"CPU036", DOM("x86_64", "pc", "<vcpu>288</vcpu>", "", ""),
     DOM("x86_64", "q35", "<vcpu>288</vcpu>", "",
         "<iommu model='intel'><driver intremap='on' eim='on'/></iommu>"),
     FALSE},
    {"CPU037",
     DOM("x86_64", "pc", "<vcpu>4</vcpu>", NUMA2,
         "<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'>"
         "<node>2</node></target></controller>"),
     DOM("x86_64", "pc", "<vcpu>4</vcpu>", NUMA2,
         "<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'>"
         "<node>1</node></target></controller>"),
     FALSE},
    {"PIN030", X86("<numatune><memory mode='strict'/></numatune>"),
     X86("<numatune><memory mode='strict' nodeset='0'/></numatune>"), FALSE},
    {"PIN030",
     X86("<numatune><memory mode='strict' nodeset='0'/><memnode cellid='0' "
         "nodeset='0'/></numatune>"),
     X86(NUMA2 "<numatune><memory mode='strict' nodeset='0'/><memnode cellid='1' nodeset='0'/>"
               "</numatune>"),
     FALSE},
    {"PIN031", X86("<numatune><memory mode='strict' nodeset='0-1'/></numatune>"),
     X86("<numatune><memory mode='strict' nodeset='0'/></numatune>"), TRUE},
    {"PIN032",
     X86("<cputune><vcpusched vcpus='0-1' scheduler='batch'/><vcpusched vcpus='1-2' "
         "scheduler='idle'/></cputune>"),
     X86("<cputune><vcpusched vcpus='0-1' scheduler='batch'/><vcpusched vcpus='2-3' "
         "scheduler='idle'/></cputune>"),
     FALSE},
    {"PIN033",
     X86("<iothreads>1</iothreads><cputune><iothreadpin iothread='3' cpuset='0'/></cputune>"),
     X86("<iothreads>3</iothreads><cputune><iothreadpin iothread='3' cpuset='0'/></cputune>"),
     FALSE},
    {"MEM030",
     X86("<memoryBacking><hugepages><page size='1048576' unit='KiB'/><page size='2048' "
         "unit='KiB' nodeset='0'/></hugepages></memoryBacking>"),
     X86(NUMA2 "<memoryBacking><hugepages><page size='1048576' unit='KiB'/><page size='2048' "
               "unit='KiB' nodeset='1'/></hugepages></memoryBacking>"),
     FALSE},
    {"MEM031",
     X86("<cpu><numa><cell id='0' cpus='0-3' memory='1048576' memAccess='x'/></numa></cpu>"),
     X86("<cpu><numa><cell id='0' cpus='0-3' memory='1048576' memAccess='shared'/></numa></cpu>"),
     FALSE},
    {"MEM032", X86("<cpu><numa><cell id='0' cpus='0-3' memory='9007199254740991'/></numa></cpu>"),
     X86("<cpu><numa><cell id='0' cpus='0-3' memory='9007199254739968'/></numa></cpu>"), FALSE},
    {"MEM033", X86("<maxMemory slots='4' unit='GiB'>8</maxMemory>"),
     X86("<maxMemory slots='4' unit='GiB'>8</maxMemory><cpu><numa><cell id='0' cpus='0-3' "
         "memory='1048576'/></numa></cpu>"),
     FALSE},
    {"MEM034", "<domain type='qemu'><name>g</name><vcpu>1</vcpu><os><type>hvm</type></os></domain>",
     "<domain type='qemu'><name>g</name><vcpu>1</vcpu><os><type>hvm</type></os><cpu><numa>"
     "<cell cpus='0' memory='1048576'/></numa></cpu></domain>",
     FALSE},
    {"Q030",
     X86DEV("<interface type='user'><model type='virtio'/><driver queues='-5'/></interface>"),
     X86DEV("<interface type='user'><model type='virtio'/><driver queues='0'/></interface>"),
     FALSE},
    {"Q031",
     X86DEV(
         "<interface type='user'><model type='virtio'/><driver tx_queue_size='500'/></interface>"),
     X86DEV(
         "<interface type='user'><model type='virtio'/><driver tx_queue_size='512'/></interface>"),
     FALSE},
    {"GPU030",
     X86DEV("<video><model type='vga' primary='yes'/></video><video><model type='qxl' "
            "primary='yes'/></video>"),
     X86DEV("<video><model type='vga' primary='yes'/></video><video><model type='qxl'/></video>"),
     FALSE},
    {"GPU031", X86DEV("<graphics type='sdl'/><graphics type='egl-headless'/>"),
     X86DEV("<graphics type='vnc'/><graphics type='egl-headless'/>"), FALSE},
    {"GPU032",
     X86DEV("<video><model type='ramfb'/><address type='pci' domain='0' bus='0' slot='5' "
            "function='0'/></video>"),
     X86DEV("<video><model type='ramfb'/></video>"), FALSE},
    {"CLK030",
     DOM("s390x", "s390-ccw-virtio", "<vcpu>1</vcpu>",
         "<clock offset='utc'><timer name='tsc' present='yes'/></clock>", ""),
     DOM("x86_64", "pc", "<vcpu>1</vcpu>",
         "<clock offset='utc'><timer name='tsc' present='yes'/></clock>", ""),
     FALSE},
};

static void each_rule_fires_and_stays_quiet(void **state)
{
    (void)state;
    g_autofree char *host = gt_read(HOST);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        const Case *c = &cases[i];
        g_autoptr(GPtrArray) bad = gt_check(c->bad, c->host ? host : NULL, GDN_GUEST_AUTO, c->rule);
        const GdnFinding *f = gt_find(bad, c->rule, 0);
        if (!f || f->severity != GDN_SEV_ERROR) {
            gt_dump(bad);
            fail_msg("case %u: expected a %s error", i, c->rule);
        }
        g_autoptr(GPtrArray) good =
            gt_check(c->good, c->host ? host : NULL, GDN_GUEST_AUTO, c->rule);
        assert_no_rule(good, c->rule);
    }
}

/* Host-aware rules are skipped without host facts, never guessed. */
static void host_rules_need_host(void **state)
{
    (void)state;
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (!cases[i].host)
            continue;
        g_autoptr(GPtrArray) f = gt_check(cases[i].bad, NULL, GDN_GUEST_AUTO, cases[i].rule);
        assert_no_rule(f, cases[i].rule);
    }
}

/* MEM035: host fit from the capabilities' cell memory (two 32 GiB nodes). */
static void mem035_host_fit(void **state)
{
    (void)state;
    g_autofree char *host = gt_read("tests/data/host-2node.xml");
#define FIT(gib, tune)                                                                             \
    "<domain type='kvm'><name>g</name><memory unit='GiB'>" gib "</memory><vcpu>1</vcpu><os>"       \
    "<type arch='x86_64'>hvm</type></os>" tune "</domain>"
#define STRICT(n) "<numatune><memory mode='strict' nodeset='" n "'/></numatune>"
    g_autoptr(GPtrArray) over = gt_check(FIT("80", ""), host, GDN_GUEST_AUTO, "MEM035");
    assert_rule(over, "MEM035");
    g_autoptr(GPtrArray) fits = gt_check(FIT("40", ""), host, GDN_GUEST_AUTO, "MEM035");
    assert_no_rule(fits, "MEM035");
    g_autoptr(GPtrArray) node = gt_check(FIT("40", STRICT("0")), host, GDN_GUEST_AUTO, "MEM035");
    assert_rule(node, "MEM035");
    g_autoptr(GPtrArray) both = gt_check(FIT("40", STRICT("0-1")), host, GDN_GUEST_AUTO, "MEM035");
    assert_no_rule(both, "MEM035");
    g_autoptr(GPtrArray) nohost = gt_check(FIT("80", ""), NULL, GDN_GUEST_AUTO, "MEM035");
    assert_no_rule(nohost, "MEM035");
#undef STRICT
#undef FIT
}

/* MEM036: live free memory (-c) of the nodes a stopped guest is strictly
 * bound to: two 32 GiB nodes, 8 and 30 GiB free, domain "busy" running. */
static void mem036_free_fit(void **state)
{
    (void)state;
    g_autofree char *caps = gt_read("tests/data/host-2node.xml");
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnHost) host = gdn_host_parse("host", caps, strlen(caps), &err);
    assert_non_null(host);
#define FIT(name, gib, tune)                                                                       \
    "<domain type='kvm'><name>" name "</name><memory unit='GiB'>" gib "</memory><vcpu>1</vcpu>"    \
    "<os><type arch='x86_64'>hvm</type></os>" tune "</domain>"
#define STRICT(n) "<numatune><memory mode='strict' nodeset='" n "'/></numatune>"
    /* Without live facts (a capabilities file): skipped. */
    g_autoptr(GPtrArray) file = gt_check_host(FIT("g", "16", STRICT("0")), host, "MEM036");
    assert_no_rule(file, "MEM036");
    guint64 free_kib[] = {8ull << 20, 30ull << 20};
    g_array_append_vals(host->cell_free_kib, free_kib, 2);
    host->running = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_add(host->running, (gpointer) "busy");
    g_autoptr(GPtrArray) over = gt_check_host(FIT("g", "16", STRICT("0")), host, "MEM036");
    const GdnFinding *fd = gt_find(over, "MEM036", 0);
    assert_non_null(fd);
    assert_string_equal(fd->message, "guest memory 16384 MiB exceeds the 8192 MiB free now on "
                                     "host NUMA node(s) 0 it is strictly bound to");
    const char *quiet[] = {
        FIT("g", "16", STRICT("0-1")),  /* 38 GiB free */
        FIT("busy", "16", STRICT("0")), /* running: it holds its memory */
        FIT("g", "16", STRICT("0") "<memoryBacking><hugepages/></memoryBacking>"), /* MEM003 */
        FIT("g", "40", STRICT("0")), /* larger than the node: MEM035's */
        FIT("g", "16", "<numatune><memory mode='preferred' nodeset='0'/></numatune>"),
        FIT("g", "16", ""),
    };
    for (guint i = 0; i < G_N_ELEMENTS(quiet); i++) {
        g_autoptr(GPtrArray) f = gt_check_host(quiet[i], host, "MEM036");
        if (gt_count(f, "MEM036"))
            fail_msg("case %u: unexpected MEM036", i);
    }
#undef STRICT
#undef FIT
}

/* The examples get none of these findings. */
static void examples_are_clean(void **state)
{
    (void)state;
    g_autoptr(GString) sel = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
        g_string_append_printf(sel, "%s%s", i ? "," : "", cases[i].rule);
    const char *files[] = {"examples/win11-tuned.xml", "examples/win11-virt-install.xml"};
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autoptr(GPtrArray) f =
            gt_check_file(files[i], "examples/host-intel.xml", GDN_GUEST_AUTO, sel->str);
        assert_no_findings(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_rule_fires_and_stays_quiet),
        cmocka_unit_test(host_rules_need_host),
        cmocka_unit_test(mem035_host_fit),
        cmocka_unit_test(mem036_free_fit),
        cmocka_unit_test(examples_are_clean),
    };
    return cmocka_run_group_tests_name("libvirt_rejects", tests, NULL, NULL);
}

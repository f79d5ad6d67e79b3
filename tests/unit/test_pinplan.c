/* Pin planner: reserve, sibling-aware placement, NUMA choice, failure,
 * determinism and the parameter encoding, on real capabilities files. */
#include "helpers.h"
#include "core/cpuset.h"
#include "rules/pinplan.h"
#include <string.h>

static GdnHost *load(const char *path)
{
    g_autoptr(GdnInputError) err = NULL;
    GdnHost *host = gdn_host_load(path, &err);
    if (!host)
        fail_msg("cannot load %s: %s", path, err->message);
    return host;
}

/* "vcpupin=0:2,1:10 emulatorpin=0-1,8-9 iothreadpin=0-1,8-9[ nodeset=0]". */
static char *plan_text(const GdnPinPlan *plan)
{
    g_autofree char *pins = gdn_pinplan_vcpupin_string(plan);
    GString *s = g_string_new(NULL);
    g_string_printf(s, "vcpupin=%s emulatorpin=%s iothreadpin=%s", pins, plan->emulatorpin,
                    plan->iothreadpin);
    if (plan->ok && plan->n_nodes > 1 && plan->node >= 0)
        g_string_append_printf(s, " nodeset=%d", plan->node);
    return g_string_free(s, FALSE);
}

static char *plan_string(const char *host_path, guint vcpus, guint threads)
{
    g_autoptr(GdnHost) host = load(host_path);
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, vcpus, threads);
    return plan_text(plan);
}

static void intel_smt_threads2_matches_tuned_example(void **state)
{
    (void)state;
    g_autoptr(GdnHost) host = load("examples/host-intel.xml");
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, 8, 2);
    assert_true(plan->ok);
    assert_null(plan->reason);
    static const guint want[] = {2, 10, 3, 11, 4, 12, 5, 13};
    assert_int_equal(plan->vcpupin->len, 8);
    for (guint v = 0; v < 8; v++)
        assert_int_equal(g_array_index(plan->vcpupin, guint, v), want[v]);
    assert_string_equal(plan->emulatorpin, "0-1,8-9");
    assert_string_equal(plan->iothreadpin, "0-1,8-9");
    assert_int_equal(plan->node, 0);
    assert_int_equal(plan->n_available, 12);
    assert_true(plan->smt);
    g_autofree char *pins = gdn_pinplan_vcpupin_string(plan);
    assert_string_equal(pins, "0:2,1:10,2:3,3:11,4:4,5:12,6:5,7:13");
    /* One node: no nodeset in the encoding. */
    g_autofree char *s = plan_text(plan);
    assert_string_equal(s, "vcpupin=0:2,1:10,2:3,3:11,4:4,5:12,6:5,7:13 emulatorpin=0-1,8-9 "
                           "iothreadpin=0-1,8-9");
    /* Cores and reserve lookups. */
    assert_int_equal(gdn_pinplan_core(plan, 2), gdn_pinplan_core(plan, 10));
    assert_int_not_equal(gdn_pinplan_core(plan, 2), gdn_pinplan_core(plan, 3));
    assert_int_equal(gdn_pinplan_core(plan, 16), -1);
    assert_true(gdn_pinplan_reserved(plan, 8));
    assert_false(gdn_pinplan_reserved(plan, 2));
}

static void intel_smt_threads1_one_per_core_first(void **state)
{
    (void)state;
    g_autofree char *s = plan_string("examples/host-intel.xml", 8, 1);
    /* Six free cores (2-7) get a vCPU each, then the siblings 10, 11. */
    assert_string_equal(s, "vcpupin=0:2,1:3,2:4,3:5,4:6,5:7,6:10,7:11 emulatorpin=0-1,8-9 "
                           "iothreadpin=0-1,8-9");
    /* threads=0 means 1. */
    g_autofree char *s0 = plan_string("examples/host-intel.xml", 8, 0);
    assert_string_equal(s, s0);
}

static void odd_vcpus_threads2(void **state)
{
    (void)state;
    g_autofree char *s = plan_string("examples/host-intel.xml", 5, 2);
    assert_string_equal(s, "vcpupin=0:2,1:10,2:3,3:11,4:4 emulatorpin=0-1,8-9 "
                           "iothreadpin=0-1,8-9");
}

static void nosmt_host(void **state)
{
    (void)state;
    g_autoptr(GdnHost) host = load("tests/data/host-nosmt.xml");
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, 4, 2);
    assert_true(plan->ok);
    assert_false(plan->smt);
    assert_int_equal(plan->n_available, 6);
    g_autofree char *s = plan_text(plan);
    /* No siblings to pair on: one vCPU per core outside the reserve 0-1. */
    assert_string_equal(s, "vcpupin=0:2,1:3,2:4,3:5 emulatorpin=0-1 iothreadpin=0-1");
    g_autoptr(GdnPinPlan) big = gdn_pinplan_new(host, 7, 1);
    assert_false(big->ok);
    assert_non_null(strstr(big->reason, "7 vCPUs but the host has 6 CPUs"));
}

static void two_node_prefers_one_node(void **state)
{
    (void)state;
    g_autoptr(GdnHost) host = load("tests/data/host-2node.xml");
    /* Reserve: cores of CPUs 0 and 1 (node 0); node 0 keeps 4 free CPUs. */
    g_autoptr(GdnPinPlan) small = gdn_pinplan_new(host, 4, 2);
    assert_true(small->ok);
    assert_int_equal(small->node, 0);
    g_autofree char *s4 = plan_text(small);
    assert_string_equal(s4, "vcpupin=0:2,1:10,2:3,3:11 emulatorpin=0-1,8-9 "
                            "iothreadpin=0-1,8-9 nodeset=0");
    /* Socket 1 reuses core ids 0-3: still distinct cores (socket differs). */
    assert_int_not_equal(gdn_pinplan_core(small, 0), gdn_pinplan_core(small, 4));
    assert_int_equal(gdn_pinplan_core(small, 4), gdn_pinplan_core(small, 12));

    /* 6 vCPUs do not fit node 0's 4 free CPUs but fit node 1. */
    g_autofree char *s6 = plan_string("tests/data/host-2node.xml", 6, 2);
    assert_string_equal(s6, "vcpupin=0:4,1:12,2:5,3:13,4:6,5:14 emulatorpin=0-1,8-9 "
                            "iothreadpin=0-1,8-9 nodeset=1");
    g_autofree char *s6t1 = plan_string("tests/data/host-2node.xml", 6, 1);
    assert_string_equal(s6t1, "vcpupin=0:4,1:5,2:6,3:7,4:12,5:13 emulatorpin=0-1,8-9 "
                              "iothreadpin=0-1,8-9 nodeset=1");

    /* 10 vCPUs fit no node: the bigger node 1 is filled first, then node 0. */
    g_autoptr(GdnPinPlan) span = gdn_pinplan_new(host, 10, 2);
    assert_true(span->ok);
    assert_int_equal(span->node, -1);
    g_autofree char *p = gdn_pinplan_vcpupin_string(span);
    assert_string_equal(p, "0:4,1:12,2:5,3:13,4:6,5:14,6:7,7:15,8:2,9:10");
    g_autofree char *s10 = plan_text(span);
    assert_null(strstr(s10, "nodeset"));
}

static void small_host_fails(void **state)
{
    (void)state;
    g_autoptr(GdnHost) host = load("tests/data/host-small.xml");
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, 2, 1);
    assert_false(plan->ok);
    assert_int_equal(plan->n_available, 0);
    assert_string_equal(plan->emulatorpin, "0-3");
    assert_non_null(plan->reason);
    assert_non_null(strstr(plan->reason, "0 CPUs outside the reserve"));
    assert_int_equal(plan->vcpupin->len, 0);
    assert_int_equal(plan->node, -1);
    g_autofree char *pins = gdn_pinplan_vcpupin_string(plan);
    assert_string_equal(pins, "");
}

static void deterministic(void **state)
{
    (void)state;
    const char *hosts[] = {"examples/host-intel.xml", "examples/host-amd.xml",
                           "tests/data/host-2node.xml", "tests/data/host-nosmt.xml"};
    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        for (guint v = 1; v <= 16; v++) {
            for (guint t = 1; t <= 2; t++) {
                g_autofree char *a = plan_string(hosts[h], v, t);
                g_autofree char *b = plan_string(hosts[h], v, t);
                assert_string_equal(a, b);
            }
        }
    }
}

/* Every ok plan: one distinct, existing, non-reserved host CPU per vCPU. */
static void plans_are_valid(void **state)
{
    (void)state;
    const char *hosts[] = {"examples/host-intel.xml", "examples/host-amd.xml",
                           "tests/data/host-2node.xml", "tests/data/host-nosmt.xml",
                           "tests/data/host-small.xml"};
    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        g_autoptr(GdnHost) host = load(hosts[h]);
        for (guint v = 1; v <= 20; v++) {
            for (guint t = 1; t <= 2; t++) {
                g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, v, t);
                assert_int_equal(plan->ok, v <= plan->n_available);
                if (!plan->ok)
                    continue;
                g_autoptr(GHashTable) used = g_hash_table_new(g_direct_hash, g_direct_equal);
                for (guint i = 0; i < v; i++) {
                    guint cpu = g_array_index(plan->vcpupin, guint, i);
                    assert_true(gdn_pinplan_core(plan, cpu) >= 0);
                    assert_false(gdn_pinplan_reserved(plan, cpu));
                    assert_true(g_hash_table_add(used, GUINT_TO_POINTER(cpu)));
                }
            }
        }
    }
}

static void split_groups_counts_pairs(void **state)
{
    (void)state;
    g_autoptr(GdnHost) host = load("examples/host-intel.xml");
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, 4, 2);
    /* The seed's layout: vCPU 0-1 on cores 2,3 (split), 2-3 on 4,5 (split). */
    const char *seed[] = {"2", "3", "4", "5"};
    GArray *pins[4];
    for (guint v = 0; v < 4; v++)
        pins[v] = gdn_cpuset_parse(seed[v]);
    g_autoptr(GString) which = g_string_new(NULL);
    assert_int_equal(gdn_pinplan_split_groups(plan, pins, 4, which), 2);
    assert_string_equal(which->str, "(0,1), (2,3)");
    for (guint v = 0; v < 4; v++)
        g_array_unref(pins[v]);
    /* Sibling sets ("2,10" for both vCPUs of a pair) are one core. */
    const char *ok[] = {"2,10", "2,10", "3", "11"};
    for (guint v = 0; v < 4; v++)
        pins[v] = gdn_cpuset_parse(ok[v]);
    assert_int_equal(gdn_pinplan_split_groups(plan, pins, 4, NULL), 0);
    /* An unpinned vCPU leaves its group out. */
    g_array_unref(pins[1]);
    pins[1] = NULL;
    assert_int_equal(gdn_pinplan_split_groups(plan, pins, 4, NULL), 0);
    for (guint v = 0; v < 4; v++)
        if (pins[v])
            g_array_unref(pins[v]);
}

/* Capabilities without topology attributes: one core per CPU, no SMT. */
static void caps_without_topology_attributes(void **state)
{
    (void)state;
    const char *xml = "<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells "
                      "num='1'><cell id='0'><cpus num='4'><cpu id='0'/><cpu id='1'/><cpu "
                      "id='2'/><cpu id='3'/></cpus></cell></cells></topology></host>"
                      "</capabilities>";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnHost) host = gdn_host_parse("caps", xml, strlen(xml), &err);
    assert_non_null(host);
    g_autoptr(GdnPinPlan) plan = gdn_pinplan_new(host, 2, 1);
    assert_true(plan->ok);
    assert_false(plan->smt);
    g_autofree char *s = plan_text(plan);
    assert_string_equal(s, "vcpupin=0:2,1:3 emulatorpin=0-1 iothreadpin=0-1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intel_smt_threads2_matches_tuned_example),
        cmocka_unit_test(intel_smt_threads1_one_per_core_first),
        cmocka_unit_test(odd_vcpus_threads2),
        cmocka_unit_test(nosmt_host),
        cmocka_unit_test(two_node_prefers_one_node),
        cmocka_unit_test(small_host_fails),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(plans_are_valid),
        cmocka_unit_test(split_groups_counts_pairs),
        cmocka_unit_test(caps_without_topology_attributes),
    };
    return cmocka_run_group_tests_name("pinplan", tests, NULL, NULL);
}

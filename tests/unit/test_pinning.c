/* PIN module: each rule triggered and not triggered, host-aware rules only
 * with host facts, and the tuned example clean. */
#include "helpers.h"
#include <string.h>

#define INTEL "examples/host-intel.xml"
#define NOSMT "tests/data/host-nosmt.xml"
#define TWONODE "tests/data/host-2node.xml"
#define SMALL "tests/data/host-small.xml"

/* A Linux KVM guest (the module is not Windows-only). */
#define DOMAIN(vcpus, threads, extra)                                                              \
    "<domain type='kvm'><name>p</name><memory>4194304</memory><vcpu placement='static'>" vcpus     \
    "</vcpu>" extra "<cpu mode='host-passthrough'><topology sockets='1' dies='1' cores='4' "       \
    "threads='" threads "'/></cpu></domain>"

#define PINS8                                                                                      \
    "<vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='10'/>"                                \
    "<vcpupin vcpu='2' cpuset='3'/><vcpupin vcpu='3' cpuset='11'/>"                                \
    "<vcpupin vcpu='4' cpuset='4'/><vcpupin vcpu='5' cpuset='12'/>"                                \
    "<vcpupin vcpu='6' cpuset='5'/><vcpupin vcpu='7' cpuset='13'/>"

/* The seed's Phase 4 example: vCPU 0-3 -> 2-5, 4-7 -> 10-13. */
#define SEED_PINS                                                                                  \
    "<vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/>"                                 \
    "<vcpupin vcpu='2' cpuset='4'/><vcpupin vcpu='3' cpuset='5'/>"                                 \
    "<vcpupin vcpu='4' cpuset='10'/><vcpupin vcpu='5' cpuset='11'/>"                               \
    "<vcpupin vcpu='6' cpuset='12'/><vcpupin vcpu='7' cpuset='13'/>"

#define EMU "<emulatorpin cpuset='0-1,8-9'/>"

static guint count_pin(const GPtrArray *f)
{
    guint n = 0;
    for (guint i = 0; i < f->len; i++)
        n += g_str_has_prefix(gdn_finding_rule_id(g_ptr_array_index(f, i)), "PIN");
    return n;
}

static char *host(const char *path)
{
    return gt_read(path);
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", INTEL, GDN_GUEST_AUTO, NULL);
    assert_int_equal(count_pin(f), 0);
    g_autoptr(GPtrArray) all =
        gt_check_file("examples/win11-tuned.xml", INTEL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(all->len, 0);
    g_autoptr(GPtrArray) nohost =
        gt_check_file("examples/win11-tuned.xml", NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(nohost->len, 0);
}

static void pin001_missing_without_host_is_advice(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOMAIN("4", "1", ""), NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN001", 0);
    assert_non_null(p);
    assert_int_equal(p->severity, GDN_SEV_WARNING);
    assert_int_equal(p->fix_safety, GDN_FIX_NONE);
    assert_null(p->params);
    assert_string_equal(p->xpath, "/domain");
    /* PIN001's plan adds emulatorpin: no separate PIN005 when nothing is pinned. */
    assert_no_rule(f, "PIN005");
}

static void pin001_missing_with_host_carries_plan(void **state)
{
    (void)state;
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("8", "2", "<cputune/>"), caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN001", 0);
    assert_non_null(p);
    assert_string_equal(p->xpath, "/domain/cputune");
    assert_int_equal(p->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(gt_param(p, "vcpupin"), "0:2,1:10,2:3,3:11,4:4,5:12,6:5,7:13");
    assert_string_equal(gt_param(p, "emulatorpin"), "0-1,8-9");
    assert_string_equal(gt_param(p, "iothreadpin"), "0-1,8-9");
    assert_null(gt_param(p, "nodeset")); /* one-node host */
    assert_non_null(strstr(p->note, "vcpupin=0:2,1:10"));
}

static void pin001_not_when_pinned(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOMAIN("8", "2", "<cputune>" PINS8 EMU "</cputune>"), NULL,
                                      GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 0);
}

static void pin002_partial(void **state)
{
    (void)state;
    const char *xml = DOMAIN("8", "2",
                             "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' "
                             "cpuset='10'/><vcpupin vcpu='2' cpuset='3'/>" EMU "</cputune>");
    g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN002", 0);
    assert_non_null(p);
    assert_non_null(strstr(p->message, "vCPUs 3-7 of 8"));
    assert_int_equal(p->fix_safety, GDN_FIX_NONE);
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) h = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(h->len, 1);
    p = gt_find(h, "PIN002", 0);
    assert_int_equal(p->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(gt_param(p, "vcpupin"), "0:2,1:10,2:3,3:11,4:4,5:12,6:5,7:13");
    /* A vCPU whose cpuset cannot be analysed still has a <vcpupin>: not partial. */
    g_autoptr(GPtrArray) bad = gt_check(DOMAIN("2", "1",
                                               "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin "
                                               "vcpu='1' cpuset='x'/>" EMU "</cputune>"),
                                        NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(bad->len, 0);
}

static void pin003_out_of_range(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("2", "1",
                        "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/>"
                        "<vcpupin vcpu='2' cpuset='4'/><emulatorpin cpuset='0-1'/></cputune>"),
                 NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN003", 0);
    assert_non_null(p);
    assert_int_equal(p->severity, GDN_SEV_ERROR);
    assert_string_equal(p->xpath, "/domain/cputune/vcpupin[3]");
    assert_non_null(strstr(p->message, "vCPU 2, but the domain has 2 vCPUs"));
    assert_string_equal(gt_param(p, "vcpu"), "2");
}

static void pin004_reserved_and_missing(void **state)
{
    (void)state;
    const char *xml = DOMAIN("4", "1",
                             "<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' "
                             "cpuset='99'/><vcpupin vcpu='2' cpuset='3-4,^4'/><vcpupin "
                             "vcpu='3' cpuset='5'/><emulatorpin cpuset='8-9'/></cputune>");
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) f = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(gt_count(f, "PIN004"), 2);
    const GdnFinding *res = gt_find(f, "PIN004", 0);
    assert_int_equal(res->severity, GDN_SEV_WARNING);
    assert_string_equal(res->xpath, "/domain/cputune/vcpupin[1]");
    assert_non_null(
        strstr(res->message, "cpuset '0', which includes host CPU 0 of the host reserve 0-1,8-9"));
    assert_string_equal(gt_param(res, "vcpupin"), "0:2,1:3,2:4,3:5");
    const GdnFinding *miss = gt_find(f, "PIN004", 1);
    assert_int_equal(miss->severity, GDN_SEV_ERROR);
    assert_string_equal(miss->xpath, "/domain/cputune/vcpupin[2]");
    assert_non_null(strstr(miss->message, "cpuset '99', but the host has no CPU 99"));
    /* Host-aware: nothing without host facts. */
    g_autoptr(GPtrArray) n = gt_check(xml, NULL, GDN_GUEST_AUTO, "pinning");
    assert_no_rule(n, "PIN004");
    /* A list that avoids the reserve is fine. */
    g_autoptr(GPtrArray) ok = gt_check(DOMAIN("2", "1",
                                              "<cputune><vcpupin vcpu='0' cpuset='2-3,^3'/>"
                                              "<vcpupin vcpu='1' cpuset='3'/>" EMU "</cputune>"),
                                       caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(ok->len, 0);
}

static void pin005_missing_and_overlap(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) miss =
        gt_check(DOMAIN("8", "2", "<cputune>" PINS8 "</cputune>"), NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(miss->len, 1);
    const GdnFinding *p = gt_find(miss, "PIN005", 0);
    assert_non_null(p);
    assert_int_equal(p->severity, GDN_SEV_INFO);
    assert_int_equal(p->fix_safety, GDN_FIX_NONE);
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) h =
        gt_check(DOMAIN("8", "2", "<cputune>" PINS8 "<emulatorpin cpuset='0-3'/></cputune>"), caps,
                 GDN_GUEST_AUTO, "pinning");
    assert_int_equal(h->len, 1);
    p = gt_find(h, "PIN005", 0);
    assert_int_equal(p->severity, GDN_SEV_WARNING);
    assert_string_equal(p->xpath, "/domain/cputune/emulatorpin");
    assert_non_null(strstr(p->message, "host CPU 2-3"));
    assert_int_equal(p->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(gt_param(p, "emulatorpin"), "0-1,8-9");
}

/* Moving the emulator cannot resolve an overlap while vCPUs sit on the host
 * reserve: then PIN005 is advice and PIN004's re-plan is the fix. */
static void pin005_advice_when_vcpus_on_reserve(void **state)
{
    (void)state;
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) f = gt_check(DOMAIN("2", "1",
                                             "<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin "
                                             "vcpu='1' cpuset='1'/><emulatorpin cpuset='1'/>"
                                             "</cputune>"),
                                      caps, GDN_GUEST_AUTO, "pinning");
    const GdnFinding *p = gt_find(f, "PIN005", 0);
    assert_non_null(p);
    assert_int_equal(p->fix_safety, GDN_FIX_NONE);
    assert_null(gt_param(p, "emulatorpin"));
    const GdnFinding *r = gt_find(f, "PIN004", 0);
    assert_non_null(r);
    assert_non_null(gt_param(r, "emulatorpin"));
}

/* Pins on one node, but re-planned (here PIN006) onto another: PIN008 binds
 * memory to the plan's node, so both fixes of one round agree. */
static void pin008_nodeset_follows_replan(void **state)
{
    (void)state;
    g_autofree char *caps = host(TWONODE);
    /* Both vCPUs on CPU 4 (node 1); the plan puts them on node 0. */
    const char *xml = DOMAIN("2", "1",
                             "<cputune><vcpupin vcpu='0' cpuset='4'/><vcpupin vcpu='1' "
                             "cpuset='4'/>" EMU "</cputune>");
    g_autoptr(GPtrArray) f = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    const GdnFinding *r = gt_find(f, "PIN006", 0);
    const GdnFinding *n = gt_find(f, "PIN008", 0);
    assert_non_null(r);
    assert_non_null(n);
    assert_string_equal(gt_param(r, "nodeset"), "0");
    assert_string_equal(gt_param(n, "nodeset"), "0");
    /* Only PIN008 selected: nothing re-plans, memory follows the pins. */
    g_autoptr(GPtrArray) only = gt_check(xml, caps, GDN_GUEST_AUTO, "PIN008");
    n = gt_find(only, "PIN008", 0);
    assert_non_null(n);
    assert_string_equal(gt_param(n, "nodeset"), "1");
}

static void pin006_shared(void **state)
{
    (void)state;
    /* vCPUs 0 and 3 on the same single CPU. */
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN("4", "1",
               "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/>"
               "<vcpupin vcpu='2' cpuset='4'/><vcpupin vcpu='3' cpuset='2'/>" EMU "</cputune>"),
        NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN006", 0);
    assert_non_null(p);
    assert_string_equal(p->message, "vCPUs 0,3 are pinned within host CPU 2 (2 vCPUs on 1 CPU)");
    assert_string_equal(p->xpath, "/domain/cputune/vcpupin[4]");
    /* Three vCPUs confined to two CPUs: forced sharing, one finding. */
    g_autoptr(GPtrArray) three = gt_check(
        DOMAIN("4", "1",
               "<cputune><vcpupin vcpu='0' cpuset='2-3'/><vcpupin vcpu='1' cpuset='2-3'/>"
               "<vcpupin vcpu='2' cpuset='3'/><vcpupin vcpu='3' cpuset='5'/>" EMU "</cputune>"),
        NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(gt_count(three, "PIN006"), 1);
    assert_non_null(strstr(gt_find(three, "PIN006", 0)->message, "vCPUs 0-2"));
    assert_non_null(strstr(gt_find(three, "PIN006", 0)->message, "host CPUs 2-3"));
    /* Overlapping sets where each vCPU can still have a CPU of its own. */
    g_autoptr(GPtrArray) ok = gt_check(
        DOMAIN("4", "1",
               "<cputune><vcpupin vcpu='0' cpuset='2-3'/><vcpupin vcpu='1' cpuset='3-4'/>"
               "<vcpupin vcpu='2' cpuset='2-7'/><vcpupin vcpu='3' cpuset='2-7'/>" EMU "</cputune>"),
        NULL, GDN_GUEST_AUTO, "pinning");
    assert_no_rule(ok, "PIN006");
}

static void pin007_seed_example_not_sibling_aware(void **state)
{
    (void)state;
    const char *xml = DOMAIN("8", "2", "<cputune>" SEED_PINS EMU "</cputune>");
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) f = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN007", 0);
    assert_non_null(p);
    assert_int_equal(p->severity, GDN_SEV_INFO);
    assert_non_null(strstr(p->message, "(0,1), (2,3), (4,5), (6,7)"));
    assert_string_equal(gt_param(p, "vcpupin"), "0:2,1:10,2:3,3:11,4:4,5:12,6:5,7:13");
    /* Not for threads=1 guests, not on a host without SMT, not without host facts. */
    g_autoptr(GPtrArray) t1 = gt_check(DOMAIN("8", "1", "<cputune>" SEED_PINS EMU "</cputune>"),
                                       caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(t1->len, 0);
    g_autofree char *nosmt = host(NOSMT);
    g_autoptr(GPtrArray) ns =
        gt_check(DOMAIN("4", "2",
                        "<cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/>"
                        "<vcpupin vcpu='2' cpuset='4'/><vcpupin vcpu='3' cpuset='5'/>"
                        "<emulatorpin cpuset='0-1'/></cputune>"),
                 nosmt, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(ns->len, 0);
    g_autoptr(GPtrArray) n = gt_check(xml, NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(n->len, 0);
}

static void pin008_numa(void **state)
{
    (void)state;
    g_autofree char *caps = host(TWONODE);
    /* CPU 3 is on node 0, CPU 4 on node 1. */
    g_autoptr(GPtrArray) span =
        gt_check(DOMAIN("2", "1",
                        "<cputune><vcpupin vcpu='0' cpuset='3'/><vcpupin vcpu='1' cpuset='4'/>" EMU
                        "</cputune><numatune><memory mode='strict' nodeset='0'/></numatune>"),
                 caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(span->len, 1);
    const GdnFinding *p = gt_find(span, "PIN008", 0);
    assert_non_null(strstr(p->message, "span host NUMA nodes 0-1"));
    assert_string_equal(gt_param(p, "nodeset"), "0");
    assert_string_equal(gt_param(p, "vcpupin"), "0:2,1:3");

#define NODE1_PINS "<cputune><vcpupin vcpu='0' cpuset='4'/><vcpupin vcpu='1' cpuset='5'/>" EMU
    g_autoptr(GPtrArray) none =
        gt_check(DOMAIN("2", "1", NODE1_PINS "</cputune>"), caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(none->len, 1);
    p = gt_find(none, "PIN008", 0);
    assert_non_null(strstr(p->message, "node 1 but no <numatune>"));
    assert_string_equal(gt_param(p, "nodeset"), "1");

    g_autoptr(GPtrArray) mode = gt_check(
        DOMAIN("2", "1",
               NODE1_PINS "</cputune><numatune><memory mode='interleave' nodeset='1'/></numatune>"),
        caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(mode->len, 1);
    assert_string_equal(gt_find(mode, "PIN008", 0)->xpath, "/domain/numatune/memory");

    g_autoptr(GPtrArray) wrong = gt_check(
        DOMAIN("2", "1",
               NODE1_PINS "</cputune><numatune><memory mode='strict' nodeset='0'/></numatune>"),
        caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(wrong->len, 1);
    assert_non_null(strstr(gt_find(wrong, "PIN008", 0)->message, "nodeset is '0', expected '1'"));

    /* mode defaults to strict. */
    const char *good =
        DOMAIN("2", "1", NODE1_PINS "</cputune><numatune><memory nodeset='1'/></numatune>");
    g_autoptr(GPtrArray) ok = gt_check(good, caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(ok->len, 0);
    /* One-node host and no host facts: nothing. */
    g_autofree char *intel = host(INTEL);
    g_autoptr(GPtrArray) one =
        gt_check(DOMAIN("2", "1", NODE1_PINS "</cputune>"), intel, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(one->len, 0);
    g_autoptr(GPtrArray) nohost =
        gt_check(DOMAIN("2", "1",
                        "<cputune><vcpupin vcpu='0' cpuset='3'/>"
                        "<vcpupin vcpu='1' cpuset='4'/>" EMU "</cputune>"),
                 NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(nohost->len, 0);
    /* 10 vCPUs cannot fit one node (4 + 8 free CPUs): spanning is not reported. */
    const char *span_plan = DOMAIN("10", "2",
                                   "<cputune><vcpupin vcpu='0' cpuset='4'/><vcpupin vcpu='1' "
                                   "cpuset='12'/><vcpupin vcpu='2' cpuset='5'/><vcpupin vcpu='3' "
                                   "cpuset='13'/><vcpupin vcpu='4' cpuset='6'/><vcpupin vcpu='5' "
                                   "cpuset='14'/><vcpupin vcpu='6' cpuset='7'/><vcpupin vcpu='7' "
                                   "cpuset='15'/><vcpupin vcpu='8' cpuset='2'/><vcpupin vcpu='9' "
                                   "cpuset='10'/>" EMU "</cputune>");
    g_autoptr(GPtrArray) big = gt_check(span_plan, caps, GDN_GUEST_AUTO, "pinning");
    /* ... but the guest then needs NUMA cells of its own (PIN050, advice). */
    assert_int_equal(big->len, 1);
    assert_string_equal(gt_find(big, "PIN050", 0)->message,
                        "10 vCPUs span host NUMA nodes of at most 8 CPUs, but the guest has no "
                        "NUMA cells");
    /* Guest NUMA cells, a <numatune>, or numad placement: not reported. */
    static const char *const fine[] = {
        "<cpu><numa><cell id='0' cpus='0-4' memory='1' unit='GiB'/><cell id='1' cpus='5-9' "
        "memory='1' unit='GiB'/></numa></cpu>",
        "<numatune><memory mode='interleave' nodeset='0-1'/></numatune>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(fine); i++) {
        g_autofree char *xml = g_strdup_printf("<domain type='kvm'><name>n</name><memory>2097152"
                                               "</memory><vcpu>10</vcpu>%s<os><type>hvm</type>"
                                               "</os></domain>",
                                               fine[i]);
        g_autoptr(GPtrArray) ok = gt_check(xml, caps, GDN_GUEST_AUTO, "PIN050");
        assert_int_equal(ok->len, 0);
    }
    g_autoptr(GPtrArray) numad = gt_check(
        "<domain type='kvm'><name>n</name><memory>2097152</memory><vcpu placement='auto'>10"
        "</vcpu><os><type>hvm</type></os></domain>",
        caps, GDN_GUEST_AUTO, "PIN050");
    assert_int_equal(numad->len, 0);
}

static void pin009_host_too_small(void **state)
{
    (void)state;
    g_autofree char *small = host(SMALL);
    g_autoptr(GPtrArray) f = gt_check(DOMAIN("2", "1", ""), small, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 2);
    const GdnFinding *p = gt_find(f, "PIN009", 0);
    assert_non_null(p);
    assert_string_equal(p->xpath, "/domain/vcpu");
    assert_int_equal(p->fix_safety, GDN_FIX_NONE);
    assert_non_null(strstr(p->message, "2 vCPUs but the host has 0 CPUs outside the reserve"));
    /* No plan: PIN001 becomes advice only. */
    const GdnFinding *m = gt_find(f, "PIN001", 0);
    assert_int_equal(m->fix_safety, GDN_FIX_NONE);
    assert_null(m->params);
    g_autofree char *intel = host(INTEL);
    g_autoptr(GPtrArray) fits = gt_check(DOMAIN("12", "2", ""), intel, GDN_GUEST_AUTO, "PIN009");
    assert_int_equal(fits->len, 0);
    g_autoptr(GPtrArray) over = gt_check(DOMAIN("13", "1", ""), intel, GDN_GUEST_AUTO, "PIN009");
    assert_int_equal(over->len, 1);
}

static void host_rules_never_fire_without_host(void **state)
{
    (void)state;
    /* Everything wrong a host could tell: reserved, missing CPU, split pairs. */
    const char *xml = DOMAIN("16", "2",
                             "<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' "
                             "cpuset='99'/><vcpupin vcpu='2' cpuset='3'/></cputune>");
    g_autoptr(GPtrArray) f = gt_check(xml, NULL, GDN_GUEST_AUTO, "all");
    assert_no_rule(f, "PIN004");
    assert_no_rule(f, "PIN007");
    assert_no_rule(f, "PIN008");
    assert_no_rule(f, "PIN009");
    assert_rule(f, "PIN002");
    g_autofree char *caps = host(SMALL);
    g_autoptr(GPtrArray) h = gt_check(xml, caps, GDN_GUEST_AUTO, "all");
    assert_rule(h, "PIN004");
    assert_rule(h, "PIN009");
}

/* Applying a plan's parameters leaves no PIN finding: the fixes converge. */
static void applied_plans_are_clean(void **state)
{
    (void)state;
    const char *hosts[] = {INTEL, "examples/host-amd.xml", TWONODE, NOSMT};
    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        g_autofree char *caps = host(hosts[h]);
        for (guint t = 1; t <= 2; t++) {
            for (guint v = t; v <= 12; v += t) {
                g_autofree char *bare = g_strdup_printf(
                    "<domain type='kvm'><name>p</name><memory>1048576</memory><vcpu>%u</vcpu>"
                    "<cpu><topology sockets='1' dies='1' cores='%u' threads='%u'/></cpu>"
                    "</domain>",
                    v, v / t, t);
                g_autoptr(GPtrArray) f = gt_check(bare, caps, GDN_GUEST_AUTO, "PIN001");
                const GdnFinding *p = gt_find(f, "PIN001", 0);
                assert_non_null(p);
                if (p->fix_safety == GDN_FIX_NONE)
                    continue; /* host too small: PIN009 */
                GString *x = g_string_new(NULL);
                g_string_printf(x,
                                "<domain type='kvm'><name>p</name><memory>1048576</memory>"
                                "<vcpu>%u</vcpu><iothreads>1</iothreads><cputune>",
                                v);
                g_auto(GStrv) pairs = g_strsplit(gt_param(p, "vcpupin"), ",", -1);
                assert_int_equal(g_strv_length(pairs), v);
                for (guint i = 0; pairs[i]; i++) {
                    g_auto(GStrv) kv = g_strsplit(pairs[i], ":", 2);
                    g_string_append_printf(x, "<vcpupin vcpu='%s' cpuset='%s'/>", kv[0], kv[1]);
                }
                g_string_append_printf(x,
                                       "<emulatorpin cpuset='%s'/><iothreadpin iothread='1' "
                                       "cpuset='%s'/></cputune>",
                                       gt_param(p, "emulatorpin"), gt_param(p, "iothreadpin"));
                if (gt_param(p, "nodeset"))
                    g_string_append_printf(x,
                                           "<numatune><memory mode='strict' nodeset='%s'/>"
                                           "</numatune>",
                                           gt_param(p, "nodeset"));
                g_string_append_printf(x,
                                       "<cpu><topology sockets='1' dies='1' cores='%u' "
                                       "threads='%u'/></cpu></domain>",
                                       v / t, t);
                g_autofree char *fixed = g_string_free(x, FALSE);
                g_autoptr(GPtrArray) after = gt_check(fixed, caps, GDN_GUEST_AUTO, "pinning");
                /* PIN050 (guest NUMA cells, advice only) is all a plan that
                 * spans host nodes leaves. */
                for (guint i = after->len; i-- > 0;)
                    if (strcmp(((const GdnFinding *)g_ptr_array_index(after, i))->rule->id,
                               "PIN050") == 0)
                        g_ptr_array_remove_index(after, i);
                if (after->len)
                    fail_msg("%s, %u vCPUs threads=%u: %s", hosts[h], v, t,
                             ((const GdnFinding *)g_ptr_array_index(after, 0))->message);
            }
        }
    }
}

/* Issue 12 #12: numad places the vCPUs: no static-pin advice. */
static void placement_auto_gets_no_pin_advice(void **state)
{
    (void)state;
    g_autofree char *caps = host(INTEL);
    const char *xml = "<domain type='kvm'><name>p</name><memory>4194304</memory>"
                      "<vcpu placement='auto'>4</vcpu><cputune><vcpupin vcpu='0' cpuset='0'/>"
                      "<vcpupin vcpu='1' cpuset='0'/></cputune></domain>";
    g_autoptr(GPtrArray) f = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    assert_no_findings(f);
    g_autoptr(GPtrArray) g = gt_check("<domain type='kvm'><name>p</name><vcpu placement='auto'>4"
                                      "</vcpu></domain>",
                                      caps, GDN_GUEST_AUTO, "pinning");
    assert_no_findings(g);
    /* Overcommit is still overcommit. */
    g_autofree char *small = host(SMALL);
    g_autoptr(GPtrArray) h = gt_check("<domain type='kvm'><name>p</name><vcpu placement='auto'>"
                                      "64</vcpu></domain>",
                                      small, GDN_GUEST_AUTO, "pinning");
    assert_rule(h, "PIN009");
    assert_int_equal(h->len, 1);
}

/* Issue 12 #6: capabilities without <topology>, or with <cells num='0'>
 * (libvirt's test driver), say nothing about host CPUs: no PIN004 "host has
 * no CPU 2 (0 CPUs)", no PIN009 "(CPUs )", and no plan. */
static void unknown_topology_is_not_zero_cpus(void **state)
{
    (void)state;
    const char *caps[] = {
        "<capabilities><host><cpu><arch>x86_64</arch><vendor>Intel</vendor></cpu></host>"
        "</capabilities>",
        "<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num='0'/>"
        "</topology></host></capabilities>",
        /* CPUs without sibling lists on an SMT host: the reserve is unknown. */
        "<capabilities><host><cpu><arch>x86_64</arch><topology sockets='1' cores='2' "
        "threads='2'/></cpu><topology><cells num='1'><cell id='0'><cpus num='4'>"
        "<cpu id='0'/><cpu id='1'/><cpu id='2'/><cpu id='3'/></cpus></cell></cells></topology>"
        "</host></capabilities>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(caps); i++) {
        g_autoptr(GPtrArray) f = gt_check(DOMAIN("8", "2", "<cputune>" SEED_PINS EMU "</cputune>"),
                                          caps[i], GDN_GUEST_AUTO, "pinning");
        assert_no_rule(f, "PIN004");
        assert_no_rule(f, "PIN007");
        assert_no_rule(f, "PIN008");
        assert_no_rule(f, "PIN009");
        g_autoptr(GPtrArray) g = gt_check(DOMAIN("4", "1", ""), caps[i], GDN_GUEST_AUTO, "pinning");
        const GdnFinding *p = gt_find(g, "PIN001", 0);
        assert_int_equal(p->fix_safety, GDN_FIX_NONE);
        assert_no_rule(g, "PIN009");
    }
}

/* Issue 12 #5: pinned vCPUs and an unpinned I/O thread (what DSK009's fix
 * adds after the plan ran) give PIN010, fixed onto the host reserve. */
static void pin010_unpinned_iothread(void **state)
{
    (void)state;
    g_autofree char *caps = host(INTEL);
    const char *xml = DOMAIN("8", "2",
                             "<iothreads>2</iothreads><cputune>" PINS8 EMU
                             "<iothreadpin iothread='2' cpuset='0-1,8-9'/></cputune>");
    g_autoptr(GPtrArray) f = gt_check(xml, caps, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(f->len, 1);
    const GdnFinding *p = gt_find(f, "PIN010", 0);
    assert_non_null(strstr(p->message, "I/O thread 1 has no <iothreadpin>"));
    assert_int_equal(p->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(gt_param(p, "iothreadpin"), "0-1,8-9");
    g_autoptr(GPtrArray) n = gt_check(xml, NULL, GDN_GUEST_AUTO, "pinning");
    assert_int_equal(gt_find(n, "PIN010", 0)->fix_safety, GDN_FIX_NONE);
    /* Nothing pinned: PIN001's plan pins the I/O threads itself. */
    g_autoptr(GPtrArray) u =
        gt_check(DOMAIN("8", "2", "<iothreads>1</iothreads>"), caps, GDN_GUEST_AUTO, "pinning");
    assert_no_rule(u, "PIN010");
    assert_non_null(strstr(gt_find(u, "PIN001", 0)->note, "iothreadpin=0-1,8-9"));
}

/* Issue 12 #4: without a <topology>, the plan is made for the threads
 * CPU002's fix adds, and the note says so: the note is what --fix writes. */
static void pin001_note_matches_the_fix(void **state)
{
    (void)state;
    g_autofree char *caps = host(INTEL);
    g_autoptr(GPtrArray) f = gt_check("<domain type='kvm'><name>p</name><vcpu>4</vcpu></domain>",
                                      caps, GDN_GUEST_AUTO, "pinning");
    const GdnFinding *p = gt_find(f, "PIN001", 0);
    assert_string_equal(gt_param(p, "vcpupin"), "0:2,1:10,2:3,3:11");
    assert_string_equal(p->note, "plan: vcpupin=0:2,1:10,2:3,3:11 emulatorpin=0-1,8-9 (for "
                                 "threads=2, the <topology> CPU002's fix adds)");
    /* No I/O threads: the note names no iothreadpin. */
    assert_null(strstr(p->note, "iothreadpin"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(placement_auto_gets_no_pin_advice),
        cmocka_unit_test(unknown_topology_is_not_zero_cpus),
        cmocka_unit_test(pin010_unpinned_iothread),
        cmocka_unit_test(pin001_note_matches_the_fix),
        cmocka_unit_test(pin001_missing_without_host_is_advice),
        cmocka_unit_test(pin001_missing_with_host_carries_plan),
        cmocka_unit_test(pin001_not_when_pinned),
        cmocka_unit_test(pin002_partial),
        cmocka_unit_test(pin003_out_of_range),
        cmocka_unit_test(pin004_reserved_and_missing),
        cmocka_unit_test(pin005_missing_and_overlap),
        cmocka_unit_test(pin005_advice_when_vcpus_on_reserve),
        cmocka_unit_test(pin008_nodeset_follows_replan),
        cmocka_unit_test(pin006_shared),
        cmocka_unit_test(pin007_seed_example_not_sibling_aware),
        cmocka_unit_test(pin008_numa),
        cmocka_unit_test(pin009_host_too_small),
        cmocka_unit_test(host_rules_never_fire_without_host),
        cmocka_unit_test(applied_plans_are_clean),
    };
    return cmocka_run_group_tests_name("pinning", tests, NULL, NULL);
}

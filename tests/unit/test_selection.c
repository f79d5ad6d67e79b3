/* --select/--ignore semantics, facts (units, Windows detection), registry. */
#include "engine/facts.h"
#include "helpers.h"
#include "engine/registry.h"
#include "engine/selection.h"
#include <string.h>

static gboolean enabled(const GdnSelection *sel, const char *id)
{
    const GdnModule *m = NULL;
    const GdnRule *r = gdn_registry_find_rule(id, &m);
    assert_non_null(r);
    return gdn_selection_enabled(sel, m, r);
}

static void defaults_and_tokens(void **state)
{
    (void)state;
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    assert_true(enabled(sel, "CLK001"));
    assert_false(enabled(sel, "CLK006")); /* default off */
    g_autoptr(GError) err = NULL;
    assert_true(gdn_selection_add(sel, "CLK006", FALSE, &err));
    assert_true(enabled(sel, "CLK006"));
    assert_false(enabled(sel, "CLK001")); /* a select list narrows */
    g_autoptr(GdnSelection) by_tag = gdn_selection_new();
    assert_true(gdn_selection_add(by_tag, "upstream", FALSE, &err));
    assert_true(enabled(by_tag, "CLK007"));
    assert_false(enabled(by_tag, "CLK001"));
    g_autoptr(GdnSelection) ign = gdn_selection_new();
    assert_true(gdn_selection_add(ign, "clock, timer-hpet", TRUE, &err));
    assert_false(enabled(ign, "CLK002"));
    assert_false(enabled(ign, "CLK001"));
    g_autoptr(GdnSelection) prefix = gdn_selection_new();
    assert_true(gdn_selection_add(prefix, "clk00", FALSE, &err));
    assert_true(enabled(prefix, "CLK003"));
}

static char *tags_of(const char *id)
{
    const GdnModule *m = NULL;
    const GdnRule *r = gdn_registry_find_rule(id, &m);
    assert_non_null(r);
    g_auto(GStrv) tags = gdn_rule_tags(m, r);
    return g_strjoinv(" ", tags);
}

/* One tag list for --select, `rules`, `explain` and SARIF: module first,
 * then the rule's own, then "host" for host-aware rules, each once. */
static void rule_tags(void **state)
{
    (void)state;
    g_autofree char *clk = tags_of("CLK007");
    assert_string_equal(clk, "clock upstream");
    g_autofree char *hv15 = tags_of("HV015"); /* its table says "seed host" */
    assert_string_equal(hv15, "enlightenments seed host");
    g_autofree char *mem = tags_of("MEM002");
    assert_string_equal(mem, "hugepages seed host");
    g_autoptr(GdnSelection) host = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    assert_true(gdn_selection_add(host, "HOST", FALSE, &err));
    assert_true(enabled(host, "MEM002"));
    assert_true(enabled(host, "HV015"));
    assert_false(enabled(host, "MEM001"));
}

static void unknown_token_is_an_error(void **state)
{
    (void)state;
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    assert_false(gdn_selection_add(sel, "NOPE999", FALSE, &err));
    assert_non_null(err);
}

static void scaled_units(void **state)
{
    (void)state;
    guint64 k = 0;
    assert_true(gdn_scaled_to_kib("16", "GiB", &k));
    assert_int_equal(k, 16777216);
    assert_true(gdn_scaled_to_kib("1", "G", &k));
    assert_int_equal(k, 1048576);
    assert_true(gdn_scaled_to_kib("1000000", "KB", &k));
    assert_int_equal(k, 976562);
    assert_true(gdn_scaled_to_kib("2048", "bytes", &k));
    assert_int_equal(k, 2);
    assert_true(gdn_scaled_to_kib("5", NULL, &k));
    assert_int_equal(k, 5);
    assert_false(gdn_scaled_to_kib("5", "parsecs", &k));
    assert_false(gdn_scaled_to_kib("-5", "KiB", &k));
}

static void windows_detection(void **state)
{
    (void)state;
    const char *osinfo = "<domain type='kvm'><metadata><libosinfo:libosinfo "
                         "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
                         "<libosinfo:os id='http://microsoft.com/win/10'/></libosinfo:libosinfo>"
                         "</metadata><vcpu>12</vcpu></domain>";
    g_autoptr(GPtrArray) w = gt_check(osinfo, NULL, GDN_GUEST_AUTO, "clock");
    assert_rule(w, "CLK001");
    g_autoptr(GPtrArray) forced = gt_check(osinfo, NULL, GDN_GUEST_LINUX, "clock");
    assert_int_equal(forced->len, 0);
    const char *linux_os = "<domain type='kvm'><metadata><libosinfo:libosinfo "
                           "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
                           "<libosinfo:os id='http://fedoraproject.org/fedora/38'/>"
                           "</libosinfo:libosinfo></metadata></domain>";
    g_autoptr(GPtrArray) l = gt_check(linux_os, NULL, GDN_GUEST_AUTO, "clock");
    assert_int_equal(l->len, 0);
}

static void non_qemu_is_skipped(void **state)
{
    (void)state;
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    GdnEngineConfig cfg = {.selection = sel};
    g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
    const char *xml = "<domain type='xen'><hyperv/></domain>";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = gdn_doc_parse("x.xml", NULL, g_strdup(xml), strlen(xml), &err);
    g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *why = NULL;
    assert_false(gdn_engine_check(engine, doc, f, &why));
    assert_non_null(strstr(why, "xen"));
    assert_int_equal(f->len, 0);
}

static void facts_counts(void **state)
{
    (void)state;
    const char *xml = "<domain type='kvm'><vcpu current='2'>12</vcpu><memory unit='G'>3</memory>"
                      "<iothreads>2</iothreads><devices><disk/><disk device='cdrom'/>"
                      "<disk device='disk'/></devices></domain>";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = gdn_doc_parse("x.xml", NULL, g_strdup(xml), strlen(xml), &err);
    g_autoptr(GdnFacts) f = gdn_facts_new(xmlDocGetRootElement(doc->xml), GDN_GUEST_AUTO);
    assert_int_equal(f->vcpus, 12);
    assert_int_equal(f->q, 8);
    assert_int_equal(f->memory_kib, 3145728);
    assert_int_equal(f->disks->len, 2);
    assert_true(gdn_facts_has_iothread(f, 2));
    assert_false(gdn_facts_has_iothread(f, 3));
    assert_false(f->is_windows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_and_tokens),
        cmocka_unit_test(rule_tags),
        cmocka_unit_test(unknown_token_is_an_error),
        cmocka_unit_test(scaled_units),
        cmocka_unit_test(windows_detection),
        cmocka_unit_test(non_qemu_is_skipped),
        cmocka_unit_test(facts_counts),
    };
    return cmocka_run_group_tests_name("selection", tests, NULL, NULL);
}

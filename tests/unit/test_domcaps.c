/* Domain capabilities as host facts: the parser (what it knows and what it
 * leaves unknown), matching a guest to them, and each rule that needs them
 * firing, staying quiet, and skipping without matching facts. */
#include "helpers.h"
#include "source/domcaps.h"

#define KVM_Q35 "tests/data/domcaps/kvm-q35-max2.xml"
#define SESSION "tests/data/domcaps/session-qemu-x86_64.xml"
#define GUEST(type, machine, vcpus, body)                                                          \
    "<domain type='" type "'><name>g</name><memory>1048576</memory><vcpu>" vcpus "</vcpu>"         \
    "<os><type arch='x86_64' machine='" machine "'>hvm</type></os>" body "</domain>"

static GPtrArray *caps_of(const char *path)
{
    GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_domcaps_free);
    g_autoptr(GdnInputError) err = NULL;
    GdnDomCaps *c = gdn_domcaps_load(path, &err);
    if (!c)
        fail_msg("%s: %s", path, err->message);
    g_ptr_array_add(all, c);
    return all;
}

static void parses_a_real_document(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) all = caps_of(SESSION);
    const GdnDomCaps *c = g_ptr_array_index(all, 0);
    assert_string_equal(c->virt_type, "qemu");
    assert_string_equal(c->arch, "x86_64");
    assert_int_equal(c->max_vcpus, 255);
    assert_int_equal(c->iothreads, 1);
    assert_string_equal(g_hash_table_lookup(c->cpu_modes, "host-passthrough"), "no");
    assert_string_equal(g_hash_table_lookup(c->cpu_models, "Westmere"), "yes");
    assert_true(g_hash_table_contains(c->video_models, "virtio"));
    assert_true(g_hash_table_contains(c->graphics_types, "egl-headless"));
    assert_int_equal(c->hyperv, 1);
    assert_true(g_hash_table_contains(c->hyperv_features, "spinlocks"));
    assert_false(g_hash_table_contains(c->hyperv_features, "relaxed"));
}

static void unknown_stays_unknown(void **state)
{
    (void)state;
    const char *xml = "<domainCapabilities><domain>kvm</domain></domainCapabilities>";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDomCaps) c = gdn_domcaps_parse("x", xml, strlen(xml), &err);
    assert_non_null(c);
    assert_int_equal(c->max_vcpus, 0);
    assert_int_equal(c->iothreads, -1);
    assert_int_equal(c->hyperv, -1);
    assert_null(c->cpu_models);
    assert_null(c->video_models);
    g_autoptr(GdnDomCaps) bad = gdn_domcaps_parse("caps.xml", "<capabilities/>", 15, &err);
    assert_null(bad);
    assert_non_null(strstr(err->message, "not a libvirt domain capabilities document"));
}

static void matching(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) all = caps_of(KVM_Q35);
    assert_non_null(gdn_domcaps_find(all, "kvm", "x86_64", "q35", NULL, TRUE));
    assert_non_null(gdn_domcaps_find(all, "kvm", "x86_64", "pc-q35-7.2", NULL, TRUE));
    assert_null(gdn_domcaps_find(all, "kvm", "x86_64", "pc", NULL, TRUE));
    assert_non_null(gdn_domcaps_find(all, "kvm", "x86_64", "pc", NULL, FALSE));
    assert_null(gdn_domcaps_find(all, "qemu", "x86_64", "q35", NULL, FALSE));
    assert_null(gdn_domcaps_find(all, "kvm", "aarch64", "virt", NULL, FALSE));
    assert_null(gdn_domcaps_find(all, "kvm", "x86_64", "q35", "/opt/qemu", FALSE));
}

typedef struct {
    const char *rule, *bad, *good;
} Case;

static const Case cases[] = {
    {"CPU039", GUEST("kvm", "q35", "2", "<cpu><model fallback='forbid'>Westmere</model></cpu>"),
     GUEST("kvm", "q35", "2", "<cpu><model fallback='forbid'>qemu64</model></cpu>")},
    {"CPU040", GUEST("kvm", "q35", "4", ""), GUEST("kvm", "q35", "2", "")},
    {"DSK030", GUEST("kvm", "q35", "2", "<iothreads>1</iothreads>"), GUEST("kvm", "q35", "2", "")},
    {"HV030",
     GUEST("kvm", "q35", "2",
           "<features><hyperv mode='custom'><synic state='on'/></hyperv></features>"),
     GUEST("kvm", "q35", "2",
           "<features><hyperv mode='custom'><relaxed state='on'/><synic state='off'/></hyperv>"
           "</features>")},
};

static void rules_fire_and_stay_quiet(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) all = caps_of(KVM_Q35);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GPtrArray) bad = gt_check_domcaps(cases[i].bad, all, cases[i].rule);
        assert_rule(bad, cases[i].rule);
        g_autoptr(GPtrArray) good = gt_check_domcaps(cases[i].good, all, cases[i].rule);
        assert_no_rule(good, cases[i].rule);
        /* Without domain capabilities, or for another virt type: skipped. */
        g_autoptr(GPtrArray) none = gt_check(cases[i].bad, NULL, GDN_GUEST_AUTO, cases[i].rule);
        assert_no_rule(none, cases[i].rule);
    }
    /* CPU040 needs the guest's machine: a 'pc' guest is not described. */
    g_autoptr(GPtrArray) pc = gt_check_domcaps(GUEST("kvm", "pc", "4", ""), all, "CPU040");
    assert_no_rule(pc, "CPU040");
}

static void display_and_mode_from_a_real_document(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) all = caps_of(SESSION);
    g_autoptr(GPtrArray) mode =
        gt_check_domcaps(GUEST("qemu", "pc", "1", "<cpu mode='host-model'/>"), all, "CPU039");
    assert_no_rule(mode, "CPU039");
    g_autoptr(GPtrArray) video = gt_check_domcaps(
        GUEST("qemu", "pc", "1", "<devices><video><model type='vmvga'/></video></devices>"), all,
        "GPU033");
    assert_no_rule(video, "GPU033");
    g_autoptr(GPtrArray) gfx = gt_check_domcaps(
        GUEST("qemu", "pc", "1", "<devices><graphics type='rdp'/></devices>"), all, "GPU033");
    assert_rule(gfx, "GPU033");
}

static void refusal_is_reported(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_domcaps_free);
    g_ptr_array_add(all, gdn_domcaps_new_error(NULL, "x86_64", "q35", "kvm",
                                               "invalid argument: the accel 'kvm' is not "
                                               "supported by '/usr/bin/qemu-system-x86_64' on "
                                               "this host"));
    g_autoptr(GPtrArray) f = gt_check_domcaps(GUEST("kvm", "q35", "2", ""), all, "CPU038");
    const GdnFinding *fd = gt_find(f, "CPU038", 0);
    assert_non_null(fd);
    assert_non_null(strstr(fd->message, "the accel 'kvm' is not supported"));
    g_autoptr(GPtrArray) other = gt_check_domcaps(GUEST("kvm", "pc", "2", ""), all, "CPU038");
    assert_no_rule(other, "CPU038");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_a_real_document),
        cmocka_unit_test(unknown_stays_unknown),
        cmocka_unit_test(matching),
        cmocka_unit_test(rules_fire_and_stay_quiet),
        cmocka_unit_test(display_and_mode_from_a_real_document),
        cmocka_unit_test(refusal_is_reported),
    };
    return cmocka_run_group_tests_name("domcaps", tests, NULL, NULL);
}

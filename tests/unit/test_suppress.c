/* Selection tokens (one-letter prefixes, host, fixable), suppressions in the
 * document (kind, default reason, ignores nested in a guardian container)
 * and baselines (libvirt sources keyed by URI, in-source reasons win). */
#include "engine/baseline.h"
#include "engine/registry.h"
#include "engine/selection.h"
#include "engine/suppress.h"
#include "helpers.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static void one_letter_prefix_is_not_a_token(void **state)
{
    (void)state;
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    assert_false(gdn_selection_add(sel, "C", FALSE, &err));
    assert_non_null(err);
    g_autoptr(GdnSelection) two = gdn_selection_new();
    assert_true(gdn_selection_add(two, "HV", FALSE, NULL));
}

/* "host" selects exactly the rules that need host facts, "fixable" exactly
 * those with a fix. */
static void host_and_fixable_tokens(void **state)
{
    (void)state;
    g_autoptr(GdnSelection) host = gdn_selection_new();
    g_autoptr(GdnSelection) fixable = gdn_selection_new();
    assert_true(gdn_selection_add(host, "host", FALSE, NULL));
    assert_true(gdn_selection_add(fixable, "fixable", FALSE, NULL));
    guint n_host = 0, n_fix = 0, n_rules = 0;
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++) {
            const GdnRule *rule = &mod->rules[r];
            n_rules++;
            assert_int_equal(gdn_selection_enabled(host, mod, rule), rule->needs_host);
            assert_int_equal(gdn_selection_enabled(fixable, mod, rule), rule->fix != GDN_FIX_NONE);
            n_host += rule->needs_host;
            n_fix += rule->fix != GDN_FIX_NONE;
        }
    }
    /* Both tokens select some rules and leave some out. */
    assert_true(n_host > 0 && n_host < n_rules);
    assert_true(n_fix > 0 && n_fix < n_rules);
}

#define DOMAIN_WITH(META)                                                                          \
    "<domain type='kvm'><name>sup</name><metadata>" META "</metadata>"                             \
    "<vcpu>1</vcpu><os><type arch='x86_64' machine='q35'>hvm</type></os>"                          \
    "<clock offset='utc'><timer name='hpet' present='yes'/></clock></domain>"
#define NS "xmlns:g='" GDN_XMLNS "'"

static void nested_ignore_kind_and_reason(void **state)
{
    (void)state;
    /* The form a define/dumpxml round trip keeps: one container element. */
    g_autoptr(GPtrArray) f = gt_check(DOMAIN_WITH("<g:guardian " NS "><g:ignore rules='CLK005' "
                                                  "reason='dual boot'/><g:ignore rules='CLK002'/>"
                                                  "</g:guardian>"),
                                      NULL, GDN_GUEST_WINDOWS, "CLK002,CLK005,CLK003");
    const GdnFinding *c5 = gt_find(f, "CLK005", 0), *c2 = gt_find(f, "CLK002", 0);
    assert_non_null(c5);
    assert_non_null(c2);
    assert_string_equal(c5->suppressed, "dual boot");
    assert_string_equal(c5->suppression_kind, "inSource");
    assert_string_equal(c2->suppressed, "suppressed"); /* no reason given */
    assert_string_equal(c2->suppression_kind, "inSource");
    const GdnFinding *c3 = gt_find(f, "CLK003", 0);
    assert_non_null(c3);
    assert_null(c3->suppressed);
    /* An empty reason is no reason. */
    g_autoptr(GPtrArray) e = gt_check(DOMAIN_WITH("<g:ignore " NS " rules='CLK002' reason=''/>"),
                                      NULL, GDN_GUEST_WINDOWS, "CLK002");
    assert_string_equal(gt_find(e, "CLK002", 0)->suppressed, "suppressed");
}

static char *write_baseline(const GPtrArray *findings, const char *as_file)
{
    g_autoptr(JsonBuilder) jb = json_builder_new();
    json_builder_begin_object(jb);
    json_builder_set_member_name(jb, "guardian_baseline");
    json_builder_add_int_value(jb, 1);
    json_builder_set_member_name(jb, "findings");
    json_builder_begin_array(jb);
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        json_builder_begin_object(jb);
        json_builder_set_member_name(jb, "file");
        json_builder_add_string_value(jb, as_file);
        json_builder_set_member_name(jb, "domain");
        json_builder_add_string_value(jb, f->domain ? f->domain : "");
        json_builder_set_member_name(jb, "rule");
        json_builder_add_string_value(jb, gdn_finding_rule_id(f));
        json_builder_set_member_name(jb, "xpath");
        json_builder_add_string_value(jb, f->xpath);
        json_builder_end_object(jb);
    }
    json_builder_end_array(jb);
    json_builder_end_object(jb);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = json_builder_get_root(jb);
    json_generator_set_root(gen, root);
    g_autofree char *text = json_generator_to_data(gen, NULL);
    char *path = NULL;
    int fd = g_file_open_tmp("gdn-baseline-XXXXXX.json", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* A finding suppressed in the document keeps its own reason and kind when
 * the baseline records it too; the others become external. */
static void baseline_after_in_source(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN_WITH("<g:ignore " NS " rules='CLK005' reason='mine'/>"), NULL,
                 GDN_GUEST_WINDOWS, "CLK002,CLK005");
    g_autofree char *path = write_baseline(f, "test.xml");
    g_autoptr(GdnBaseline) b = gdn_baseline_load(path, NULL);
    g_unlink(path);
    assert_non_null(b);
    gdn_baseline_apply(b, f);
    assert_string_equal(gt_find(f, "CLK005", 0)->suppressed, "mine");
    assert_string_equal(gt_find(f, "CLK005", 0)->suppression_kind, "inSource");
    assert_string_equal(gt_find(f, "CLK002", 0)->suppressed, "recorded in baseline");
    assert_string_equal(gt_find(f, "CLK002", 0)->suppression_kind, "external");
}

/* libvirt sources have no file: the baseline keys them by URI. */
static void baseline_keys_libvirt_sources_by_uri(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) checked = gt_check(DOMAIN_WITH(""), NULL, GDN_GUEST_WINDOWS, "CLK002");
    assert_int_equal(checked->len, 1);
    const GdnFinding *c = g_ptr_array_index(checked, 0);
    /* The same finding as a libvirt source reports it: uri, no file. */
    GdnFinding *fd = g_new0(GdnFinding, 1);
    fd->rule = c->rule;
    fd->module = c->module;
    fd->uri = g_strdup("test:///default");
    fd->domain = g_strdup(c->domain);
    fd->xpath = g_strdup(c->xpath);
    g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(f, fd);
    g_autofree char *path = write_baseline(f, "test:///default");
    g_autoptr(GdnBaseline) b = gdn_baseline_load(path, NULL);
    g_unlink(path);
    assert_non_null(b);
    gdn_baseline_apply(b, f);
    assert_string_equal(fd->suppressed, "recorded in baseline");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_letter_prefix_is_not_a_token),
        cmocka_unit_test(host_and_fixable_tokens),
        cmocka_unit_test(nested_ignore_kind_and_reason),
        cmocka_unit_test(baseline_after_in_source),
        cmocka_unit_test(baseline_keys_libvirt_sources_by_uri),
    };
    return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}

/* Reporters (sarif, junit, github, markdown) on real clock findings and on
 * hand-made findings for rules another module owns (HV), parsed back with
 * json-glib / libxml2 where the format allows. */
#include "helpers.h"
#include "engine/registry.h"
#include "report/report.h"
#include "engine/run.h"
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

/* Stand-ins for the enlightenments module's rules: the markdown reporter
 * reads only id, name, severity, impact and fix text. */
static const GdnRule hv_rules[] = {
    {.id = "HV001",
     .name = "hyperv-missing",
     .severity = GDN_SEV_WARNING,
     .impact = "boot",
     .fix_text = "on"},
    {.id = "HV002",
     .name = "hyperv-relaxed",
     .severity = GDN_SEV_WARNING,
     .impact = "idle",
     .fix_text = "on"},
    {.id = "HV003",
     .name = "hyperv-vapic",
     .severity = GDN_SEV_WARNING,
     .impact = "irq",
     .fix_text = "on"},
    {.id = "HV009",
     .name = "hyperv-stimer-direct",
     .severity = GDN_SEV_WARNING,
     .impact = "t",
     .fix_text = "on"},
    {.id = "HV013",
     .name = "hyperv-tlbflush",
     .severity = GDN_SEV_INFO,
     .impact = "tlb",
     .fix_text = "on"},
    {.id = "HV015",
     .name = "hyperv-evmcs",
     .severity = GDN_SEV_INFO,
     .impact = "evmcs",
     .fix_text = "on"},
    /* Not a guardian rule: no ruleIndex in SARIF. */
    {.id = "ZZ001", .name = "not-registered", .impact = "-", .fix_text = "-"},
    {.id = "HV017",
     .name = "hyperv-dependency",
     .severity = GDN_SEV_ERROR,
     .impact = "qemu",
     .fix_text = "on"},
};
static const GdnModule hv_module = {"enlightenments",       "Hyper-V", TRUE, hv_rules,
                                    G_N_ELEMENTS(hv_rules), NULL};

static const GdnRule *hv(const char *id)
{
    for (guint i = 0; i < G_N_ELEMENTS(hv_rules); i++)
        if (g_str_equal(hv_rules[i].id, id))
            return &hv_rules[i];
    fail_msg("no stand-in rule %s", id);
    return NULL;
}

static GdnFinding *fake(const char *id, GdnSeverity sev, const char *file, const char *msg)
{
    GdnFinding *f = g_new0(GdnFinding, 1);
    f->rule = hv(id);
    f->module = &hv_module;
    f->severity = sev;
    f->file = g_strdup(file);
    f->domain = g_strdup("w");
    f->line = 3;
    f->column = 5;
    f->xpath = g_strdup("/domain/features/hyperv");
    f->message = g_strdup(msg);
    f->fix_safety = GDN_FIX_SAFE;
    return f;
}

static GPtrArray *findings_new(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
}

static gboolean to_string(const char *bytes, gsize len, gpointer data)
{
    g_string_append_len(data, bytes, (gssize)len);
    return TRUE;
}

/* Renders one input: a checked Windows domain (unless name is NULL)
 * holding findings. r's totals start from zero each time. */
static char *render(const char *format, GdnReport *r, const char *name, GPtrArray *findings)
{
    const GdnReporter *rep = gdn_reporter_find(format);
    assert_non_null(rep);
    GdnInputResult res = {.findings = g_ptr_array_ref(findings)};
    if (name) {
        res.checked = g_new0(GdnChecked, 1);
        res.checked->name = g_strdup(name);
        res.checked->domain = g_strdup("w");
        res.checked->windows = TRUE;
        res.checked->count = findings->len;
    }
    r->totals = (GdnReportTotals){0};
    GString *text = g_string_new(NULL);
    GdnReportStream *s = gdn_report_stream_new(rep, r, to_string, text);
    gdn_report_stream_add(s, &res);
    assert_true(gdn_report_stream_finish(s));
    gdn_input_result_clear(&res);
    return g_string_free(text, FALSE);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n  %s\nin:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect\n  %s\nin:\n%s", needle, hay);
}

static void markdown_counts_enlightenments_from_findings(void **state)
{
    (void)state;
    g_auto(GdnReport) r = {0};
    gdn_report_init(&r);
    g_autoptr(GPtrArray) found = findings_new();
    g_ptr_array_add(found, fake("HV003", GDN_SEV_WARNING, "a.xml", "vapic is off"));
    g_ptr_array_add(found, fake("HV009", GDN_SEV_WARNING, "a.xml", "no direct"));
    g_ptr_array_add(found, fake("HV013", GDN_SEV_INFO, "a.xml", "tlbflush is off"));
    g_ptr_array_add(found, fake("HV013", GDN_SEV_INFO, "a.xml", "counted once"));
    g_ptr_array_add(found, fake("HV017", GDN_SEV_ERROR, "a.xml", "synic needs <vpindex>"));
    g_autofree char *md = render("markdown", &r, "a.xml", found);
    /* 14 - HV003 - HV013; HV009 and HV017 are not part of the count. */
    assert_contains(md, "### Hyper-V Enlightenments: 12/14 Enabled\n");
    assert_contains(md, "- ❌ vapic (`HV003`)\n");
    assert_contains(md, "- ✅ stimer, ⚠️ direct=on missing (`HV009`)\n");
    assert_contains(md, "- ❌ `HV017` hyperv-dependency\n");
    assert_contains(md, "- ✅ relaxed\n");
    /* Messages quote XML: escaped, not raw HTML in a PR comment. */
    assert_contains(md, "synic needs &lt;vpindex&gt;");
    assert_contains(md, "**Critical Issues:** `HV017` synic needs &lt;vpindex&gt;\n");
    assert_contains(md, "| 🔴 error | `HV017` hyperv-dependency | 3:5 `/domain/features/hyperv` |");
}

static void markdown_hyperv_missing_and_amd_evmcs(void **state)
{
    (void)state;
    {
        g_auto(GdnReport) r = {0};
        gdn_report_init(&r);
        g_autoptr(GPtrArray) found = findings_new();
        g_ptr_array_add(found, fake("HV001", GDN_SEV_WARNING, "a.xml", "no <hyperv>"));
        g_autofree char *md = render("markdown", &r, "a.xml", found);
        assert_contains(md, "### Hyper-V Enlightenments: 0/14 Enabled\n");
        assert_contains(md, "- ❌ relaxed\n");
        assert_lacks(md, "- ✅ vapic");
        assert_lacks(md, "- ✅ stimer");
    }
    {
        g_auto(GdnReport) r = {0};
        gdn_report_init(&r);
        g_autoptr(GPtrArray) found = findings_new();
        g_ptr_array_add(found, fake("HV002", GDN_SEV_WARNING, "a.xml", "relaxed off"));
        g_ptr_array_add(found, fake("HV015", GDN_SEV_ERROR, "a.xml", "evmcs on AMD"));
        g_autofree char *md = render("markdown", &r, "a.xml", found);
        assert_contains(md, "### Hyper-V Enlightenments: 12/13 Enabled\n");
        assert_contains(md, "evmcs: on with an AMD host, must be removed");
    }
    {
        /* Suppressed findings do not count against the guest. */
        g_auto(GdnReport) r = {0};
        gdn_report_init(&r);
        g_autoptr(GPtrArray) found = findings_new();
        GdnFinding *f = fake("HV002", GDN_SEV_WARNING, "a.xml", "relaxed off");
        f->suppressed = g_strdup("accepted for this guest");
        g_ptr_array_add(found, f);
        g_ptr_array_add(found, fake("HV015", GDN_SEV_INFO, "a.xml", "evmcs off"));
        g_autofree char *md = render("markdown", &r, "a.xml", found);
        assert_contains(md, "### Hyper-V Enlightenments: 13/14 Enabled\n");
        assert_contains(md, "- ❌ evmcs (Intel only) (`HV015`)\n");
        assert_contains(md, "1 suppressed.");
    }
}

static void github_escapes_properties_and_data(void **state)
{
    (void)state;
    g_auto(GdnReport) r = {0};
    gdn_report_init(&r);
    g_autoptr(GPtrArray) found = findings_new();
    g_ptr_array_add(found, fake("HV017", GDN_SEV_ERROR, "dir/a:b,c%.xml", "100% off\r\nnext: a,b"));
    g_ptr_array_add(found, fake("HV013", GDN_SEV_INFO, "x.xml", "m"));
    g_ptr_array_add(found, fake("HV003", GDN_SEV_WARNING, "y.xml", "w"));
    GdnFinding *s = fake("HV002", GDN_SEV_WARNING, "z.xml", "suppressed");
    s->suppressed = g_strdup("why");
    g_ptr_array_add(found, s);
    g_autofree char *out = render("github", &r, "dir/a:b,c%.xml", found);
    assert_contains(out, "::error file=dir/a%3Ab%2Cc%25.xml,line=3,col=5,"
                         "title=HV017 hyperv-dependency::100%25 off%0D%0Anext: a,b%0A"
                         "Impact: qemu%0AFix (safe, --fix): on\n");
    assert_contains(out, "::notice file=x.xml,line=3,col=5,title=HV013 hyperv-tlbflush::m");
    assert_contains(out, "::warning file=y.xml,");
    assert_lacks(out, "z.xml");
    /* One command per line: no raw newline inside a command. */
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    assert_int_equal(g_strv_length(lines), 4); /* 3 commands + the empty tail */
}

static guint count_nodes(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    guint n = obj && obj->nodesetval ? (guint)obj->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return n;
}

static void junit_failures_follow_fail_on(void **state)
{
    (void)state;
    g_auto(GdnReport) r = {0};
    gdn_report_init(&r);
    g_autoptr(GPtrArray) found = findings_new();
    g_ptr_array_add(found, fake("HV017", GDN_SEV_ERROR, "a.xml", "dep & <x>"));
    g_ptr_array_add(found, fake("HV003", GDN_SEV_WARNING, "a.xml", "vapic"));
    g_ptr_array_add(found, fake("HV013", GDN_SEV_INFO, "a.xml", "tlb"));
    g_ptr_array_add(r.errors, gdn_input_error_new("bad.xml", 2, "not well-formed"));
    const struct {
        GdnSeverity fail_on;
        gboolean never;
        guint failures;
    } cases[] = {{GDN_SEV_INFO, FALSE, 3},
                 {GDN_SEV_WARNING, FALSE, 2},
                 {GDN_SEV_ERROR, FALSE, 1},
                 {GDN_SEV_ERROR, TRUE, 0}};
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        r.fail_on = cases[i].fail_on;
        r.fail_never = cases[i].never;
        g_autofree char *xml = render("junit", &r, "a.xml", found);
        xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL, XML_PARSE_NONET);
        assert_non_null(doc);
        assert_int_equal(count_nodes(doc, "/testsuites/testsuite/testcase"), 2);
        assert_int_equal(count_nodes(doc, "//testcase[@name='w (a.xml)']/failure"),
                         cases[i].failures);
        assert_int_equal(count_nodes(doc, "//testcase[@name='bad.xml']/error[@type='input']"), 1);
        assert_int_equal(count_nodes(doc, "//failure[@message='HV017 hyperv-dependency: dep & "
                                          "<x>' and @type='error']"),
                         cases[i].failures > 0);
        g_autofree char *failures = g_strdup_printf("/testsuites[@failures='%u' and @errors='1' "
                                                    "and @tests='2']",
                                                    cases[i].failures ? 1u : 0u);
        assert_int_equal(count_nodes(doc, failures), 1);
        /* Findings below --fail-on still show, as output. */
        assert_int_equal(count_nodes(doc, "//testcase/system-out"), cases[i].failures < 3);
        xmlFreeDoc(doc);
    }
}

static JsonNode *path(JsonNode *root, const char *expr)
{
    g_autoptr(GError) err = NULL;
    JsonNode *res = json_path_query(expr, root, &err);
    assert_null(err);
    return res;
}

static void sarif_keeps_suppressed_findings(void **state)
{
    (void)state;
    g_auto(GdnReport) r = {0};
    gdn_report_init(&r);
    g_autoptr(GPtrArray) found =
        gt_check_file("tests/cli/data/win-untuned.xml", NULL, GDN_GUEST_AUTO, "clock");
    assert_true(found->len >= 2);
    guint n = found->len;
    GdnFinding *sup = g_ptr_array_index(found, 0);
    const char *sup_rule = sup->rule->id;
    sup->suppressed = g_strdup("config: accepted for lab guests");
    sup->suppression_kind = "external";
    GdnFinding *sup2 = g_ptr_array_index(found, 1);
    sup2->suppressed = g_strdup("guardian:ignore metadata");
    g_ptr_array_add(r.errors, gdn_input_error_new("bad dir/x.xml", 0, "cannot read"));
    g_autofree char *text = render("sarif", &r, "tests/cli/data/win-untuned.xml", found);

    /* Kept for the SARIF validator test (tests/cli/test_sarif_validator.sh). */
    g_mkdir_with_parents("tests/out", 0755);
    assert_true(g_file_set_contents("tests/out/unit-suppressed.sarif", text, -1, NULL));

    g_autoptr(JsonParser) p = json_parser_new();
    assert_true(json_parser_load_from_data(p, text, -1, NULL));
    JsonNode *root = json_parser_get_root(p);
    JsonObject *run = json_array_get_object_element(
        json_object_get_array_member(json_node_get_object(root), "runs"), 0);
    JsonArray *results = json_object_get_array_member(run, "results");
    assert_int_equal(json_array_get_length(results), n);
    JsonArray *rules = json_object_get_array_member(
        json_object_get_object_member(json_object_get_object_member(run, "tool"), "driver"),
        "rules");
    guint total = 0;
    for (guint m = 0; m < gdn_registry_n_modules(); m++)
        total += gdn_registry_module(m)->n_rules;
    assert_int_equal(json_array_get_length(rules), total);

    guint suppressed = 0;
    for (guint i = 0; i < n; i++) {
        JsonObject *res = json_array_get_object_element(results, i);
        const char *id = json_object_get_string_member(res, "ruleId");
        JsonObject *rule = json_array_get_object_element(
            rules, (guint)json_object_get_int_member(res, "ruleIndex"));
        assert_string_equal(json_object_get_string_member(rule, "id"), id);
        assert_non_null(
            json_object_get_string_member(json_object_get_object_member(rule, "help"), "markdown"));
        if (json_object_has_member(res, "suppressions")) {
            suppressed++;
            JsonObject *s0 =
                json_array_get_object_element(json_object_get_array_member(res, "suppressions"), 0);
            const char *kind = json_object_get_string_member(s0, "kind");
            const char *why = json_object_get_string_member(s0, "justification");
            if (g_str_equal(why, "config: accepted for lab guests")) {
                assert_string_equal(kind, "external");
                assert_string_equal(id, sup_rule);
            } else {
                assert_string_equal(why, "guardian:ignore metadata");
                assert_string_equal(kind, "inSource");
            }
        }
    }
    assert_int_equal(suppressed, 2);
    g_autoptr(JsonNode) notes =
        path(root, "$.runs[0].invocations[0].toolExecutionNotifications[0].locations[0]"
                   ".physicalLocation.artifactLocation.uri");
    assert_string_equal(json_array_get_string_element(json_node_get_array(notes), 0),
                        "bad%20dir/x.xml");
    g_autoptr(JsonNode) ok = path(root, "$.runs[0].invocations[0].executionSuccessful");
    assert_false(json_array_get_boolean_element(json_node_get_array(ok), 0));
}

static void sarif_uris(void **state)
{
    (void)state;
    g_auto(GdnReport) r = {0};
    gdn_report_init(&r);
    g_autoptr(GPtrArray) found = findings_new();
    g_ptr_array_add(found, fake("ZZ001", GDN_SEV_WARNING, "./a b/c#1.xml", "m"));
    g_ptr_array_add(found, fake("ZZ001", GDN_SEV_WARNING, "/srv/vm s/d.xml", "m"));
    GdnFinding *lv = fake("ZZ001", GDN_SEV_WARNING, NULL, "m");
    lv->uri = g_strdup("qemu:///system");
    g_free(lv->domain);
    lv->domain = g_strdup("win 11");
    g_ptr_array_add(found, lv);
    g_autofree char *text = render("sarif", &r, NULL, found);
    assert_contains(text, "\"uri\":\"a%20b/c%231.xml\"");
    assert_contains(text, "\"uri\":\"file:///srv/vm%20s/d.xml\"");
    assert_contains(text, "\"uri\":\"qemu:///system#domain=win%2011\"");
    /* A rule guardian does not register gets no ruleIndex. */
    assert_lacks(text, "\"ruleIndex\"");
    assert_contains(text, "\"text\":\"m.\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown_counts_enlightenments_from_findings),
        cmocka_unit_test(markdown_hyperv_missing_and_amd_evmcs),
        cmocka_unit_test(github_escapes_properties_and_data),
        cmocka_unit_test(junit_failures_follow_fail_on),
        cmocka_unit_test(sarif_keeps_suppressed_findings),
        cmocka_unit_test(sarif_uris),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

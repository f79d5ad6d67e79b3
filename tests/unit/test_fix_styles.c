/* Fix stylesheets as guardian loads them: shared templates come from the
 * embedded fixes/lib/ only (every other include or import is refused), and
 * every parameter a rule attaches to a finding is declared and used by the
 * rule's stylesheet (checked on the findings of every fix fixture). */
#include "helpers.h"
#include "fix/fixer.h"
#include <libxml/parser.h>
#include <string.h>

#define TEST_FIXES "tests/data/fix-stylesheets"
#define FIXTURES "tests/data/fix-rules"
#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

static GdnFixer *fixer(const char *dir)
{
    GdnFixerConfig cfg = {.fixes_dir = dir};
    return gdn_fixer_new(&cfg);
}

static void includes_outside_lib_are_refused(void **state)
{
    (void)state;
    g_autoptr(GdnFixer) fx = fixer(TEST_FIXES);
    const char *ids[] = {"TINCABS", "TINCUP", "TINCURL", "TIMPORT"};
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_autoptr(GError) err = NULL;
        assert_null(gdn_fixer_stylesheet(fx, ids[i], &err));
        assert_non_null(err);
        if (!strstr(err->message, "refused") && !strstr(err->message, "not allowed"))
            fail_msg("%s: %s", ids[i], err->message);
    }
    g_autoptr(GError) err = NULL;
    assert_null(gdn_fixer_stylesheet(fx, "TINCMISSING", &err));
    assert_non_null(strstr(err->message, "no such shared stylesheet"));
}

static void shared_templates_come_from_the_embedded_lib(void **state)
{
    (void)state;
    g_autoptr(GdnFixer) fx = fixer(NULL);
    const char *ids[] = {"PIN001", "PIN002", "PIN008", "DSK001", "DSK002", "DSK009", "DSK010"};
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_autoptr(GError) err = NULL;
        if (!gdn_fixer_stylesheet(fx, ids[i], &err))
            fail_msg("%s: %s", ids[i], err ? err->message : "missing");
        g_autofree char *text = gdn_fixer_stylesheet_text(fx, ids[i]);
        assert_null(strstr(text, "xsl:include"));
    }
    g_autofree char *pin = gdn_fixer_stylesheet_text(fx, "PIN002");
    assert_non_null(strstr(pin, "name=\"new-cputune\""));
}

/* Top-level xsl:param names of a stylesheet, and whether $name is used. */
static gboolean declares(xmlDocPtr sdoc, const char *name)
{
    for (xmlNodePtr c = xmlDocGetRootElement(sdoc)->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !c->ns || !xmlStrEqual(c->ns->href, BAD_CAST XSL_NS) ||
            !xmlStrEqual(c->name, BAD_CAST "param"))
            continue;
        xmlChar *n = xmlGetNoNsProp(c, BAD_CAST "name");
        gboolean hit = xmlStrEqual(n, BAD_CAST name);
        xmlFree(n);
        if (hit)
            return TRUE;
    }
    return FALSE;
}

static gboolean uses(const char *text, const char *name)
{
    g_autofree char *ref = g_strdup_printf("$%s", name);
    gsize n = strlen(ref);
    for (const char *p = strstr(text, ref); p; p = strstr(p + 1, ref)) {
        char after = p[n];
        if (!g_ascii_isalnum(after) && after != '_' && after != '-' && after != '.')
            return TRUE;
    }
    return FALSE;
}

/* Is a target parameter read with gdn:param(..., 'name')? */
static gboolean reads_target_param(const char *text, const char *name)
{
    g_autofree char *q1 = g_strdup_printf("'%s')", name);
    g_autofree char *q2 = g_strdup_printf("\"%s\")", name);
    for (const char *p = strstr(text, "gdn:param("); p; p = strstr(p + 1, "gdn:param(")) {
        const char *end = strchr(p, ')');
        const char *q = strstr(p, q1) ? strstr(p, q1) : strstr(p, q2);
        if (end && q && q + strlen(q1) - 1 == end)
            return TRUE;
    }
    return FALSE;
}

/* A target parameter is read with gdn:param() and never declared: the
 * pass gets each target's own value, not one for all. */
static void check_target_params(GdnFixer *fx, const GdnFinding *f, GHashTable *seen, GString *bad)
{
    const char *rule = gdn_finding_rule_id(f);
    g_autoptr(GList) keys = g_hash_table_get_keys(f->target_params);
    for (GList *l = keys; l; l = l->next) {
        g_autofree char *what = g_strdup_printf("%s target %s", rule, (const char *)l->data);
        if (!g_hash_table_add(seen, g_strdup(what)))
            continue;
        g_autofree char *text = gdn_fixer_stylesheet_text(fx, rule);
        if (!text)
            fail_msg("%s attaches '%s' but has no stylesheet", rule, (const char *)l->data);
        xmlDocPtr sdoc = xmlReadMemory(text, (int)strlen(text), rule, NULL, XML_PARSE_NONET);
        assert_non_null(sdoc);
        gboolean declared = declares(sdoc, l->data);
        xmlFreeDoc(sdoc);
        if (declared || !reads_target_param(text, l->data))
            g_string_append_printf(bad,
                                   "\n  %s attaches target parameter '%s': fixes/%s.xsl must "
                                   "read it with gdn:param() and not declare it",
                                   rule, (const char *)l->data, rule);
    }
}

static void check_params(GdnFixer *fx, const GdnFinding *f, GHashTable *seen, GString *bad)
{
    const char *rule = gdn_finding_rule_id(f);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, f->params);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_autofree char *what = g_strdup_printf("%s %s", rule, (const char *)k);
        if (!g_hash_table_add(seen, g_strdup(what)))
            continue;
        g_autofree char *text = gdn_fixer_stylesheet_text(fx, rule);
        if (!text)
            fail_msg("%s attaches '%s' but has no stylesheet", rule, (const char *)k);
        xmlDocPtr sdoc = xmlReadMemory(text, (int)strlen(text), rule, NULL, XML_PARSE_NONET);
        assert_non_null(sdoc);
        gboolean declared = declares(sdoc, k);
        xmlFreeDoc(sdoc);
        if (!declared)
            g_string_append_printf(bad, "\n  %s attaches '%s': fixes/%s.xsl does not declare it",
                                   rule, (const char *)k, rule);
        else if (!uses(text, k))
            g_string_append_printf(bad, "\n  %s attaches '%s': fixes/%s.xsl does not use it", rule,
                                   (const char *)k, rule);
    }
}

/* "<!-- guardian-test: guest=windows host-caps=FILE -->" on the first line. */
static void fixture_options(const char *text, GdnGuestMode *guest, char **host)
{
    const char *hdr = g_str_has_prefix(text, "<!-- guardian-test:") ? text : NULL;
    g_autofree char *line = hdr ? g_strndup(hdr, strcspn(hdr, "\n")) : NULL;
    *guest = line && strstr(line, "guest=windows") ? GDN_GUEST_WINDOWS : GDN_GUEST_AUTO;
    const char *h = line ? strstr(line, "host-caps=") : NULL;
    *host = h ? g_strndup(h + strlen("host-caps="), strcspn(h + strlen("host-caps="), " ")) : NULL;
}

static void attached_params_are_declared_and_used(void **state)
{
    (void)state;
    g_autoptr(GdnFixer) fx = fixer(NULL);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GString) bad = g_string_new(NULL);
    g_autoptr(GDir) dir = g_dir_open(FIXTURES, 0, NULL);
    assert_non_null(dir);
    for (const char *name; (name = g_dir_read_name(dir));) {
        if (!g_str_has_suffix(name, ".xml"))
            continue;
        g_autofree char *path = g_build_filename(FIXTURES, name, NULL);
        g_autofree char *text = gt_read(path);
        GdnGuestMode guest;
        g_autofree char *host = NULL;
        fixture_options(text, &guest, &host);
        g_autoptr(GPtrArray) findings = gt_check_file(path, host, guest, "all");
        for (guint i = 0; i < findings->len; i++) {
            const GdnFinding *f = g_ptr_array_index(findings, i);
            if (f->params)
                check_params(fx, f, seen, bad);
            if (f->target_params)
                check_target_params(fx, f, seen, bad);
        }
    }
    if (bad->len) {
        g_printerr("parameters the stylesheets ignore:%s\n", bad->str);
        fail();
    }
    /* The fixtures reach the parameters of every rule that attaches any. */
    assert_true(g_hash_table_contains(seen, "DSK004 io"));
    assert_true(g_hash_table_contains(seen, "PIN001 vcpupin"));
    assert_true(g_hash_table_contains(seen, "DSK050 target iothread"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(includes_outside_lib_are_refused),
        cmocka_unit_test(shared_templates_come_from_the_embedded_lib),
        cmocka_unit_test(attached_params_are_declared_and_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

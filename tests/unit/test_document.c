/* Parsing: spans, positions, and hostile input rejected with file:line. */
#include "core/document.h"
#include "helpers.h"
#include "core/xmlq.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static GdnDoc *parse(const char *xml, GdnInputError **err)
{
    return gdn_doc_parse("in.xml", NULL, g_strdup(xml), strlen(xml), err);
}

static void expect_error(const char *xml, guint line, const char *needle)
{
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(xml, &err);
    assert_null(doc);
    assert_non_null(err);
    assert_string_equal(err->file, "in.xml");
    if (!strstr(err->message, needle))
        fail_msg("message '%s' lacks '%s'", err->message, needle);
    assert_int_equal(err->line, line);
    /* Only well-formed XML with another root is skipped, not an error. */
    assert_int_equal(err->skip, strstr(needle, "skipped") != NULL);
}

static void spans_and_positions(void **state)
{
    (void)state;
    const char *xml = "<?xml version='1.0'?>\n<!-- c <x> -->\n<domain type=\"kvm\">\n"
                      "  <name>a&amp;b</name>\n\t<devices><disk a='>'/><![CDATA[<no/>]]>"
                      "</devices>\n</domain>\n";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(xml, &err);
    assert_non_null(doc);
    assert_string_equal(doc->domain, "a&b");
    assert_int_equal(doc->spans->len, 4);
    xmlNodePtr root = xmlDocGetRootElement(doc->xml);
    xmlNodePtr disk = gdn_path(root, "devices/disk");
    assert_non_null(disk);
    const GdnSpan *s = gdn_doc_span(doc, disk);
    assert_true(s->empty);
    assert_memory_equal(xml + s->start, "<disk a='>'/>", s->end - s->start);
    guint line, col;
    gdn_doc_node_pos(doc, disk, &line, &col);
    assert_int_equal(line, 5);
    assert_int_equal(col, 11);
    const GdnSpan *d = gdn_doc_span(doc, gdn_child(root, "devices"));
    assert_false(d->empty);
    assert_memory_equal(xml + d->end - 10, "</devices>", 10);
}

static void utf8_columns_count_code_points(void **state)
{
    (void)state;
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse("<domain><title>é</title><vcpu>1</vcpu></domain>", &err);
    assert_non_null(doc);
    guint line, col;
    gdn_doc_node_pos(doc, gdn_child(xmlDocGetRootElement(doc->xml), "vcpu"), &line, &col);
    assert_int_equal(col, 25);
}

static void hostile_inputs(void **state)
{
    (void)state;
    expect_error("", 0, "empty input");
    expect_error("<domain>\n<a/>\n", 3, "not well-formed");
    expect_error("<domain/>\n<domain/>\n", 2, "more than one document");
    expect_error("<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY a 'b'>]>\n<domain/>", 2,
                 "DOCTYPE");
    expect_error("<!DOCTYPE d SYSTEM 'http://example.com/x.dtd'><domain/>", 1, "DOCTYPE");
    expect_error("<capabilities/>", 1, "not <domain>: skipped");
    expect_error("<domain>\n<name>&xxe;</name></domain>", 2, "not well-formed");
    char bin[] = "<domain>\n\0\1\2</domain>";
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc =
        gdn_doc_parse("in.xml", NULL, g_memdup2(bin, sizeof bin - 1), sizeof bin - 1, &err);
    assert_null(doc);
    assert_non_null(strstr(err->message, "binary"));
    assert_int_equal(err->line, 2);
}

static void namespaced_root_is_rejected(void **state)
{
    (void)state;
    expect_error("<x:domain xmlns:x='urn:x'/>", 1, "not <domain>: skipped");
}

static void entity_bomb_is_rejected_before_parsing(void **state)
{
    (void)state;
    GString *s = g_string_new("<!DOCTYPE lolz [<!ENTITY lol 'lol'>");
    for (int i = 1; i < 10; i++)
        g_string_append_printf(s, "<!ENTITY lol%d '&lol%d;&lol%d;&lol%d;'>", i, i - 1, i - 1,
                               i - 1);
    g_string_append(s, "]><domain><name>&lol9;</name></domain>");
    expect_error(s->str, 1, "DOCTYPE");
    g_string_free(s, TRUE);
}

static void missing_and_oversized_files(void **state)
{
    (void)state;
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = gdn_doc_load("/nonexistent/x.xml", &err);
    assert_null(doc);
    assert_non_null(strstr(err->message, "cannot open"));
    g_autofree char *dir = g_dir_make_tmp("gdn-XXXXXX", NULL);
    g_autofree char *big = g_build_filename(dir, "big.xml", NULL);
    FILE *fp = fopen(big, "w");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, GDN_MAX_INPUT_BYTES + 1, SEEK_SET), 0);
    fputc('x', fp);
    fclose(fp);
    g_autoptr(GdnInputError) err2 = NULL;
    g_autoptr(GdnDoc) doc2 = gdn_doc_load(big, &err2);
    assert_null(doc2);
    assert_non_null(strstr(err2->message, "too large"));
    g_unlink(big);
    g_rmdir(dir);
}

static void compare_paths_with(xmlNodePtr n, GHashTable *cache)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *want = xmlGetNodePath(n);
        g_autofree char *got = gdn_node_path(n);
        assert_string_equal(got, (const char *)want);
        g_autofree char *cached = gdn_node_path_cached(n, cache);
        assert_string_equal(cached, (const char *)want);
        xmlFree(want);
        compare_paths_with(n->children, cache);
    }
}

static void compare_paths(xmlNodePtr n)
{
    g_autoptr(GHashTable) cache = gdn_path_cache_new();
    compare_paths_with(n, cache);
}

static void node_paths_match_libxml2(void **state)
{
    (void)state;
    const char *files[] = {"examples/win11-tuned.xml", "tests/data/seed-template.xml"};
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autoptr(GdnInputError) err = NULL;
        g_autoptr(GdnDoc) doc = gdn_doc_load(files[i], &err);
        assert_non_null(doc);
        compare_paths(xmlDocGetRootElement(doc->xml));
    }
}

/* Deeper than gdn_node_path's stack of steps, with prefixes and indexes. */
static void node_paths_deep_and_prefixed(void **state)
{
    (void)state;
    GString *x = g_string_new("<domain xmlns:q='urn:q'><q:a/><q:a>");
    for (int i = 0; i < 70; i++)
        g_string_append(x, i % 3 ? "<b>" : "<b/><b>");
    for (int i = 0; i < 70; i++)
        g_string_append(x, "</b>");
    g_string_append(x, "</q:a></domain>");
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(x->str, &err);
    g_string_free(x, TRUE);
    assert_non_null(doc);
    compare_paths(xmlDocGetRootElement(doc->xml));
}

/* Thousands of same-named siblings mixed with others (indexes come from one
 * pass per parent), and a second path query on the same parent. */
static void node_paths_many_siblings(void **state)
{
    (void)state;
    GString *x = g_string_new("<domain><devices>");
    for (int i = 0; i < 3000; i++)
        g_string_append(x, i % 7 ? "<disk/>" : "<controller/><interface/>");
    g_string_append(x, "<video/></devices></domain>");
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(x->str, &err);
    g_string_free(x, TRUE);
    assert_non_null(doc);
    compare_paths(xmlDocGetRootElement(doc->xml));
    compare_paths(xmlDocGetRootElement(doc->xml));
}

/* One-line (minified) documents: columns in code points, as counted from
 * the line start, also far into a long line and across multi-byte text. */
static void long_line_columns(void **state)
{
    (void)state;
    GString *x = g_string_new("<domain>");
    for (int i = 0; i < 4000; i++)
        g_string_append(x, i % 3 ? "<title>\u00e9\u20ac</title>" : "<vcpu>1</vcpu>");
    g_string_append(x, "</domain>\n<!-- -->");
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(x->str, &err);
    assert_non_null(doc);
    for (xmlNodePtr n = xmlDocGetRootElement(doc->xml)->children; n; n = n->next) {
        guint line, col;
        gdn_doc_node_pos(doc, n, &line, &col);
        const GdnSpan *s = gdn_doc_span(doc, n);
        assert_int_equal(line, 1);
        assert_int_equal(col, g_utf8_strlen(x->str, (gssize)s->start) + 1);
    }
    g_string_free(x, TRUE);
}

/* Many siblings (cached sibling indexes), names that repeat and names that
 * do not, in another namespace too; all on one long line with multibyte
 * text, so columns come from UTF-8 marks: both must equal the plain way. */
static void many_siblings_on_one_long_line(void **state)
{
    (void)state;
    GString *x = g_string_new("<domain xmlns:q='urn:q'><devices>");
    for (int i = 0; i < 300; i++)
        g_string_append_printf(x, "<disk><alias name='é%d'/></disk>%s", i,
                               i % 50 ? "" : "<q:disk/><only/>");
    g_string_append(x, "<last/></devices></domain>");
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = parse(x->str, &err);
    assert_non_null(doc);
    assert_non_null(doc->utf8_marks);
    compare_paths(xmlDocGetRootElement(doc->xml));
    xmlNodePtr last = gdn_path(xmlDocGetRootElement(doc->xml), "devices/last");
    assert_non_null(last);
    guint line, col;
    gdn_doc_node_pos(doc, last, &line, &col);
    const char *at = strstr(x->str, "<last/>");
    assert_int_equal(line, 1);
    assert_int_equal(col, g_utf8_strlen(x->str, at - x->str) + 1);
    g_string_free(x, TRUE);
}

/* Parser contexts are reused: each document is judged as if parsed alone. */
static void parses_do_not_depend_on_earlier_ones(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) {
        expect_error("<domain>\n<a/>\n", 3, "not well-formed");
        expect_error("<domain/>\n<domain/>\n", 2, "more than one document");
        g_autoptr(GdnInputError) err = NULL;
        g_autoptr(GdnDoc) doc = parse("<domain>\n<name>n</name>\n<vcpu>2</vcpu></domain>", &err);
        assert_non_null(doc);
        assert_string_equal(doc->domain, "n");
        guint line, col;
        gdn_doc_node_pos(doc, gdn_child(xmlDocGetRootElement(doc->xml), "vcpu"), &line, &col);
        assert_int_equal(line, 3);
        assert_int_equal(col, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spans_and_positions),
        cmocka_unit_test(utf8_columns_count_code_points),
        cmocka_unit_test(hostile_inputs),
        cmocka_unit_test(namespaced_root_is_rejected),
        cmocka_unit_test(entity_bomb_is_rejected_before_parsing),
        cmocka_unit_test(missing_and_oversized_files),
        cmocka_unit_test(node_paths_match_libxml2),
        cmocka_unit_test(node_paths_deep_and_prefixed),
        cmocka_unit_test(node_paths_many_siblings),
        cmocka_unit_test(long_line_columns),
        cmocka_unit_test(many_siblings_on_one_long_line),
        cmocka_unit_test(parses_do_not_depend_on_earlier_ones),
    };
    return cmocka_run_group_tests_name("document", tests, NULL, NULL);
}

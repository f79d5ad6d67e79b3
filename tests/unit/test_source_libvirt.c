/* Read-only libvirt source against libvirt's real test driver with the node
 * file tests/data/libvirt/node.xml (run from the source tree root). */
#include "helpers.h"
#include "source/inputs.h"
#include "source/libvirt.h"

#ifdef WITH_LIBVIRT

static char *node_uri(void)
{
    g_autofree char *cwd = g_get_current_dir();
    return g_strdup_printf("test://%s/tests/data/libvirt/node.xml", cwd);
}

static GdnLibvirtSource *fetch1(const char *uri, char **domains, gboolean read_host,
                                GPtrArray **keep)
{
    char *uris[] = {(char *)uri, NULL};
    *keep = gdn_libvirt_fetch(uris, domains, read_host, 0);
    assert_int_equal((*keep)->len, 1);
    return g_ptr_array_index(*keep, 0);
}

static void all_domains_sorted_with_live_host(void **state)
{
    (void)state;
    g_autofree char *uri = node_uri();
    g_autoptr(GPtrArray) keep = NULL;
    GdnLibvirtSource *src = fetch1(uri, NULL, TRUE, &keep);
    assert_int_equal(src->errors->len, 0);
    assert_int_equal(src->inputs->len, 3);
    const char *want[] = {"linux-guest", "win-tuned-clock", "win-untuned"};
    for (guint i = 0; i < 3; i++) {
        const GdnInput *in = g_ptr_array_index(src->inputs, i);
        assert_int_equal(in->kind, GDN_INPUT_LIBVIRT);
        assert_string_equal(in->uri, uri);
        assert_string_equal(in->domain, want[i]);
        assert_non_null(strstr(in->xml, "<domain type='kvm'"));
    }
    /* Live facts: the test driver answers 97 free 2 MiB pages per cell. */
    assert_non_null(src->host);
    assert_true(src->pages_free);
    assert_true(src->host->pages_counted);
    assert_int_equal(gdn_host_pages(src->host, 2048), 97);
}

static void named_domains_and_unknown_name(void **state)
{
    (void)state;
    g_autofree char *uri = node_uri();
    char *names[] = {"win-untuned", "nope", "win-untuned", NULL};
    g_autoptr(GPtrArray) keep = NULL;
    GdnLibvirtSource *src = fetch1(uri, names, FALSE, &keep);
    assert_null(src->host); /* read_host FALSE: --host-caps given */
    assert_int_equal(src->inputs->len, 1);
    assert_int_equal(src->errors->len, 1);
    const GdnInputError *e = g_ptr_array_index(src->errors, 0);
    assert_string_equal(e->file, uri);
    assert_string_equal(e->message, "no domain named 'nope'");
}

static void bad_uri_is_an_error(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) keep = NULL;
    GdnLibvirtSource *src = fetch1("test:///nonexistent/node.xml", NULL, TRUE, &keep);
    assert_int_equal(src->inputs->len, 0);
    assert_int_equal(src->errors->len, 1);
    const GdnInputError *e = g_ptr_array_index(src->errors, 0);
    assert_true(g_str_has_prefix(e->message, "cannot connect: "));
}

typedef struct {
    GPtrArray *findings;
    guint checked, notices;
} Collected;

static void collect(const GdnInput *in, GdnInputResult *res, gpointer data)
{
    (void)in;
    Collected *c = data;
    if (res->findings)
        g_ptr_array_extend_and_steal(c->findings, g_steal_pointer(&res->findings));
    c->checked += res->checked != NULL;
    c->notices += res->notice != NULL;
}

static void run_uses_each_sources_host(void **state)
{
    (void)state;
    g_autofree char *uri = node_uri();
    char *uris[] = {uri, "test:///default", NULL};
    g_autoptr(GPtrArray) sources = gdn_libvirt_fetch(uris, NULL, TRUE, 0);
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    /* Only clock rules: the fixtures differ only in their clocks. */
    assert_true(gdn_selection_add(sel, "clock", FALSE, NULL));
    assert_true(gdn_selection_add(sel, "CLK006", TRUE, NULL));
    GdnEngineConfig cfg = {.selection = sel};
    g_auto(GdnReport) report = {0};
    gdn_report_init(&report);
    Collected got = {g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free), 0, 0};
    GdnRunConfig run = {.jobs = 2, .deliver = collect, .deliver_data = &got};
    gdn_libvirt_run(sources, &cfg, &run, &report);
    assert_int_equal(report.sources->len, 2);
    const GdnSourceInfo *a = g_ptr_array_index(report.sources, 0);
    const GdnSourceInfo *b = g_ptr_array_index(report.sources, 1);
    assert_string_equal(a->host_from, "live");
    assert_int_equal(a->host->n_nodes, 1);
    assert_int_equal(b->host->n_nodes, 2); /* test:///default has two cells */
    assert_ptr_not_equal(a->host, b->host);
    assert_true(got.findings->len > 0);
    for (guint i = 0; i < got.findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(got.findings, i);
        assert_string_equal(f->uri, uri);
        assert_string_equal(f->domain, "win-untuned");
        assert_null(f->file);
    }
    assert_int_equal(got.checked, 3);
    assert_int_equal(got.notices, 1); /* test:///default's type='test' guest */
    g_ptr_array_unref(got.findings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_domains_sorted_with_live_host),
        cmocka_unit_test(named_domains_and_unknown_name),
        cmocka_unit_test(bad_uri_is_an_error),
        cmocka_unit_test(run_uses_each_sources_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* !WITH_LIBVIRT */

static void not_built_in(void **state)
{
    (void)state;
    assert_false(gdn_libvirt_available());
    char *uris[] = {"test:///default", NULL};
    g_autoptr(GPtrArray) sources = gdn_libvirt_fetch(uris, NULL, TRUE, 0);
    const GdnLibvirtSource *src = g_ptr_array_index(sources, 0);
    assert_int_equal(src->inputs->len, 0);
    const GdnInputError *e = g_ptr_array_index(src->errors, 0);
    assert_string_equal(e->message, "libvirt support is not built in");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(not_built_in)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif

#include "helpers.h"
#include "core/document.h"
#include "source/host.h"
#include "engine/selection.h"
#include <stdio.h>
#include <string.h>

char *gt_read(const char *path)
{
    char *text = NULL;
    g_autoptr(GError) err = NULL;
    if (!g_file_get_contents(path, &text, NULL, &err))
        fail_msg("cannot read %s: %s", path, err->message);
    return text;
}

static GPtrArray *engine_run(const char *name, char *xml, const GdnHost *host, GdnGuestMode guest,
                             const char *select, const GPtrArray *domcaps, const GdnImages *images)
{
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    if (select && !gdn_selection_add(sel, select, FALSE, &err))
        fail_msg("bad select '%s': %s", select, err->message);
    GdnEngineConfig cfg = {
        .selection = sel, .host = host, .guest = guest, .domcaps = domcaps, .images = images};
    g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
    g_autoptr(GdnInputError) derr = NULL;
    g_autoptr(GdnDoc) doc = gdn_doc_parse(name, NULL, xml, strlen(xml), &derr);
    if (!doc)
        fail_msg("bad domain XML: %s:%u: %s", derr->file, derr->line, derr->message);
    GPtrArray *findings = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *skipped = NULL;
    gdn_engine_check(engine, doc, findings, &skipped);
    for (guint i = 0; i < findings->len; i++)
        ((GdnFinding *)g_ptr_array_index(findings, i))->node = NULL;
    return findings;
}

static GPtrArray *run_with(const char *name, char *xml, const char *host_xml, GdnGuestMode guest,
                           const char *select, const GPtrArray *domcaps, const GdnImages *images)
{
    g_autoptr(GdnHost) host = NULL;
    if (host_xml) {
        g_autoptr(GdnInputError) herr = NULL;
        host = gdn_host_parse("host", host_xml, strlen(host_xml), &herr);
        if (!host)
            fail_msg("bad host caps: %s", herr->message);
    }
    return engine_run(name, xml, host, guest, select, domcaps, images);
}

static GPtrArray *run(const char *name, char *xml, const char *host_xml, GdnGuestMode guest,
                      const char *select)
{
    return run_with(name, xml, host_xml, guest, select, NULL, NULL);
}

GPtrArray *gt_check_domcaps(const char *xml, const GPtrArray *domcaps, const char *select)
{
    return run_with("test.xml", g_strdup(xml), NULL, GDN_GUEST_AUTO, select, domcaps, NULL);
}

GPtrArray *gt_check_host(const char *xml, const GdnHost *host, const char *select)
{
    return engine_run("test.xml", g_strdup(xml), host, GDN_GUEST_AUTO, select, NULL, NULL);
}

GPtrArray *gt_check_images(const char *xml, const GdnImages *images, const char *select)
{
    return run_with("test.xml", g_strdup(xml), NULL, GDN_GUEST_AUTO, select, NULL, images);
}

GPtrArray *gt_check(const char *xml, const char *host_xml, GdnGuestMode guest, const char *select)
{
    return run("test.xml", g_strdup(xml), host_xml, guest, select);
}

GPtrArray *gt_check_file(const char *path, const char *host_path, GdnGuestMode guest,
                         const char *select)
{
    g_autofree char *host_xml = host_path ? gt_read(host_path) : NULL;
    return run(path, gt_read(path), host_xml, guest, select);
}

guint gt_count(const GPtrArray *findings, const char *rule_id)
{
    guint n = 0;
    for (guint i = 0; i < findings->len; i++)
        n += g_strcmp0(gdn_finding_rule_id(g_ptr_array_index(findings, i)), rule_id) == 0;
    return n;
}

const GdnFinding *gt_find(const GPtrArray *findings, const char *rule_id, guint n)
{
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        if (g_strcmp0(gdn_finding_rule_id(f), rule_id) == 0 && n-- == 0)
            return f;
    }
    return NULL;
}

void gt_dump(const GPtrArray *findings)
{
    for (guint i = 0; i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        fprintf(stderr, "  %u:%u %s %s: %s\n", f->line, f->column, gdn_finding_rule_id(f),
                gdn_severity_name(f->severity), f->message);
    }
}

const char *gt_param(const GdnFinding *f, const char *key)
{
    assert_non_null(f);
    return f->params ? g_hash_table_lookup(f->params, key) : NULL;
}

const char *gt_target_param(const GdnFinding *f, const char *key)
{
    assert_non_null(f);
    return f->target_params ? g_hash_table_lookup(f->target_params, key) : NULL;
}

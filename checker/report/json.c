/* JSON: {"tool", "findings", "errors", "notices", "summary"} (CLI contract). */
#include "report/report.h"
#include "engine/rule.h"
#include "core/version.h"
#include "report/json_util.h"

static void add_finding(JsonBuilder *b, const GdnFinding *f)
{
    json_builder_begin_object(b);
    gdn_json_add_str(b, "rule", f->rule->id);
    gdn_json_add_str(b, "name", f->rule->name);
    gdn_json_add_str(b, "module", f->module->name);
    gdn_json_add_str(b, "severity", gdn_severity_name(f->severity));
    if (f->uri)
        gdn_json_add_str(b, "uri", f->uri);
    else
        gdn_json_add_str(b, "file", f->file);
    gdn_json_add_str(b, "domain", f->domain);
    gdn_json_add_int(b, "line", f->line);
    gdn_json_add_int(b, "column", f->column);
    gdn_json_add_str(b, "xpath", f->xpath);
    gdn_json_add_str(b, "message", f->message);
    gdn_json_add_str(b, "impact", f->rule->impact);
    if (f->note)
        gdn_json_add_str(b, "note", f->note);
    json_builder_set_member_name(b, "fixable");
    json_builder_add_boolean_value(b, f->fix_safety != GDN_FIX_NONE);
    gdn_json_add_str(b, "fix_safety", gdn_fix_safety_name(f->fix_safety));
    gdn_json_add_str(b, "fix", f->rule->fix_text);
    if (f->suppressed)
        gdn_json_add_str(b, "suppressed", f->suppressed);
    json_builder_end_object(b);
}

/* The host facts each libvirt source was checked with: proof of what
 * host-aware rules saw (vendor, CPUs, cells, page sizes and counts). */
static void add_source(JsonBuilder *b, const GdnSourceInfo *s)
{
    json_builder_begin_object(b);
    gdn_json_add_str(b, "uri", s->uri);
    gdn_json_add_int(b, "domains", s->domains);
    json_builder_set_member_name(b, "host");
    if (!s->host) {
        json_builder_add_null_value(b);
        json_builder_end_object(b);
        return;
    }
    json_builder_begin_object(b);
    gdn_json_add_str(b, "from", s->host_from);
    gdn_json_add_str(b, "vendor", s->host->vendor);
    gdn_json_add_int(b, "cpus", s->host->cpus->len);
    gdn_json_add_int(b, "cells", s->host->n_nodes);
    gdn_json_add_int(b, "threads_per_core", s->host->threads_per_core);
    json_builder_set_member_name(b, "pages");
    json_builder_begin_array(b);
    for (guint i = 0; i < s->host->pages->len; i++) {
        const GdnHostPages *p = &g_array_index(s->host->pages, GdnHostPages, i);
        json_builder_begin_object(b);
        gdn_json_add_int(b, "size_kib", (gint64)p->size_kib);
        json_builder_set_member_name(b, s->pages_free ? "free" : "total");
        if (s->host->pages_counted)
            json_builder_add_int_value(b, (gint64)p->pages);
        else
            json_builder_add_null_value(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

static void write_json(const GdnReport *r, GString *out)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "tool");
    json_builder_begin_object(b);
    gdn_json_add_str(b, "name", "guardian");
    gdn_json_add_str(b, "version", GDN_VERSION);
    json_builder_end_object(b);

    guint by_sev[3] = {0}, fixable = 0, suppressed = 0;
    json_builder_set_member_name(b, "findings");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (f->suppressed) {
            suppressed++;
            continue;
        }
        add_finding(b, f);
        by_sev[f->severity]++;
        fixable += f->fix_safety != GDN_FIX_NONE;
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "errors");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        json_builder_begin_object(b);
        gdn_json_add_str(b, "file", e->file);
        gdn_json_add_int(b, "line", e->line);
        gdn_json_add_str(b, "message", e->message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "notices");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->notices->len; i++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        json_builder_begin_object(b);
        gdn_json_add_str(b, "file", n->file);
        gdn_json_add_str(b, "message", n->message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    if (r->sources && r->sources->len) {
        json_builder_set_member_name(b, "sources");
        json_builder_begin_array(b);
        for (guint i = 0; i < r->sources->len; i++)
            add_source(b, g_ptr_array_index(r->sources, i));
        json_builder_end_array(b);
    }

    json_builder_set_member_name(b, "summary");
    json_builder_begin_object(b);
    gdn_json_add_int(b, "domains", r->checked->len);
    gdn_json_add_int(b, "skipped", r->notices->len);
    gdn_json_add_int(b, "errors", r->errors->len);
    gdn_json_add_int(b, "findings", by_sev[0] + by_sev[1] + by_sev[2]);
    json_builder_set_member_name(b, "by_severity");
    json_builder_begin_object(b);
    gdn_json_add_int(b, "error", by_sev[GDN_SEV_ERROR]);
    gdn_json_add_int(b, "warning", by_sev[GDN_SEV_WARNING]);
    gdn_json_add_int(b, "info", by_sev[GDN_SEV_INFO]);
    json_builder_end_object(b);
    gdn_json_add_int(b, "fixable", fixable);
    gdn_json_add_int(b, "suppressed", suppressed);
    json_builder_end_object(b);
    json_builder_end_object(b);

    g_autofree char *text = gdn_json_text(b);
    g_string_append(out, text);
}

GDN_REPORTER(json, write_json);

/* JSON: {"tool", "findings", "errors", "notices", "summary"} (CLI contract),
 * streamed: each input's findings are written as soon as it is checked. */
#include "report/report.h"
#include "engine/rule.h"
#include "core/version.h"
#include "report/json_gen.h"

static void add_finding(yajl_gen g, const GdnFinding *f)
{
    gdn_jgen_object(g, NULL);
    gdn_jgen_str(g, "rule", f->rule->id);
    gdn_jgen_str(g, "name", f->rule->name);
    gdn_jgen_str(g, "module", f->module->name);
    gdn_jgen_str(g, "severity", gdn_severity_name(f->severity));
    if (f->uri)
        gdn_jgen_str(g, "uri", f->uri);
    else
        gdn_jgen_str(g, "file", f->file);
    gdn_jgen_str(g, "domain", f->domain);
    gdn_jgen_int(g, "line", f->line);
    gdn_jgen_int(g, "column", f->column);
    gdn_jgen_str(g, "xpath", f->xpath);
    gdn_jgen_str(g, "message", f->message);
    gdn_jgen_str(g, "impact", f->rule->impact);
    if (f->note)
        gdn_jgen_str(g, "note", f->note);
    gdn_jgen_bool(g, "fixable", f->fix_safety != GDN_FIX_NONE);
    gdn_jgen_str(g, "fix_safety", gdn_fix_safety_name(f->fix_safety));
    gdn_jgen_str(g, "fix", f->rule->fix_text);
    if (f->suppressed)
        gdn_jgen_str(g, "suppressed", f->suppressed);
    yajl_gen_map_close(g);
}

/* The host facts each libvirt source was checked with: proof of what
 * host-aware rules saw (vendor, CPUs, cells, page sizes and counts). */
static void add_source(yajl_gen g, const GdnSourceInfo *s)
{
    gdn_jgen_object(g, NULL);
    gdn_jgen_str(g, "uri", s->uri);
    gdn_jgen_int(g, "domains", s->domains);
    gdn_jgen_key(g, "host");
    if (!s->host) {
        yajl_gen_null(g);
        yajl_gen_map_close(g);
        return;
    }
    gdn_jgen_object(g, NULL);
    gdn_jgen_str(g, "from", s->host_from);
    gdn_jgen_str(g, "vendor", s->host->vendor);
    gdn_jgen_int(g, "cpus", s->host->cpus->len);
    gdn_jgen_int(g, "cells", s->host->n_nodes);
    gdn_jgen_int(g, "threads_per_core", s->host->threads_per_core);
    gdn_jgen_array(g, "pages");
    for (guint i = 0; i < s->host->pages->len; i++) {
        const GdnHostPages *p = &g_array_index(s->host->pages, GdnHostPages, i);
        gdn_jgen_object(g, NULL);
        gdn_jgen_int(g, "size_kib", (gint64)p->size_kib);
        gdn_jgen_key(g, s->pages_free ? "free" : "total");
        if (s->host->pages_counted)
            yajl_gen_integer(g, (long long)p->pages);
        else
            yajl_gen_null(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
}

static gpointer json_begin(const GdnReport *r, GString *out)
{
    yajl_gen g = gdn_jgen_new(out, r->pretty);
    gdn_jgen_object(g, NULL);
    gdn_jgen_object(g, "tool");
    gdn_jgen_str(g, "name", "guardian");
    gdn_jgen_str(g, "version", GDN_VERSION);
    yajl_gen_map_close(g);
    gdn_jgen_array(g, "findings");
    return g;
}

static void json_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)r;
    (void)out;
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (!f->suppressed)
            add_finding(state, f);
    }
}

static void add_summary(yajl_gen g, const GdnReport *r)
{
    const GdnReportTotals *t = &r->totals;
    gdn_jgen_object(g, "summary");
    gdn_jgen_int(g, "domains", t->domains);
    gdn_jgen_int(g, "skipped", r->notices->len);
    gdn_jgen_int(g, "errors", r->errors->len);
    gdn_jgen_int(g, "findings", t->active);
    gdn_jgen_object(g, "by_severity");
    gdn_jgen_int(g, "error", t->by_sev[GDN_SEV_ERROR]);
    gdn_jgen_int(g, "warning", t->by_sev[GDN_SEV_WARNING]);
    gdn_jgen_int(g, "info", t->by_sev[GDN_SEV_INFO]);
    yajl_gen_map_close(g);
    gdn_jgen_int(g, "fixable", t->fixable);
    gdn_jgen_int(g, "suppressed", t->suppressed);
    yajl_gen_map_close(g);
}

static void json_end(gpointer state, const GdnReport *r, GString *out)
{
    yajl_gen g = state;
    yajl_gen_array_close(g);
    gdn_jgen_array(g, "errors");
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        gdn_jgen_object(g, NULL);
        gdn_jgen_str(g, "file", e->file);
        gdn_jgen_int(g, "line", e->line);
        gdn_jgen_str(g, "message", e->message);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    gdn_jgen_array(g, "notices");
    for (guint i = 0; i < r->notices->len; i++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        gdn_jgen_object(g, NULL);
        gdn_jgen_str(g, "file", n->file);
        gdn_jgen_str(g, "message", n->message);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    if (r->sources && r->sources->len) {
        gdn_jgen_array(g, "sources");
        for (guint i = 0; i < r->sources->len; i++)
            add_source(g, g_ptr_array_index(r->sources, i));
        yajl_gen_array_close(g);
    }
    add_summary(g, r);
    yajl_gen_map_close(g);
    gdn_jgen_finish(g, out, r->pretty);
}

GDN_REPORTER(json, json_begin, json_input, json_end);

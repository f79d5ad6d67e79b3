/* Drives a reporter over a run: totals, buffering, writing in chunks. */
#include "report/report.h"

/* Output is handed to write() once this much is buffered (and at the end):
 * few system calls, little memory. */
#define CHUNK (64 * 1024)

struct GdnReportStream {
    const GdnReporter *reporter;
    GdnReport *report;
    GdnReportWrite write;
    gpointer write_data;
    gpointer state;
    GString *out;
    gboolean failed;
};

static void flush(GdnReportStream *s, gsize at_least)
{
    if (s->out->len < at_least || s->out->len == 0)
        return;
    if (!s->failed && !s->write(s->out->str, s->out->len, s->write_data))
        s->failed = TRUE;
    g_string_truncate(s->out, 0);
}

GdnReportStream *gdn_report_stream_new(const GdnReporter *reporter, GdnReport *report,
                                       GdnReportWrite write, gpointer write_data)
{
    GdnReportStream *s = g_new0(GdnReportStream, 1);
    s->reporter = reporter;
    s->report = report;
    s->write = write;
    s->write_data = write_data;
    s->out = g_string_sized_new(CHUNK + CHUNK / 4);
    s->state = reporter->begin ? reporter->begin(report, s->out) : NULL;
    flush(s, CHUNK);
    return s;
}

static void count(GdnReport *r, const GdnInputResult *res)
{
    GdnReportTotals *t = &r->totals;
    if (res->checked)
        t->domains++;
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (f->suppressed) {
            t->suppressed++;
            continue;
        }
        t->active++;
        t->by_sev[f->severity]++;
        t->fixable += f->fix_safety != GDN_FIX_NONE;
        t->failing += !r->fail_never && f->severity >= r->fail_on;
    }
}

void gdn_report_stream_add(GdnReportStream *s, GdnInputResult *res)
{
    count(s->report, res);
    if (res->error)
        g_ptr_array_add(s->report->errors, res->error);
    if (res->notice)
        g_ptr_array_add(s->report->notices, res->notice);
    s->reporter->input(s->state, s->report, res, s->out);
    /* Owned by the report now; still readable until the next input. */
    res->error = NULL;
    res->notice = NULL;
    flush(s, CHUNK);
}

gboolean gdn_report_stream_finish(GdnReportStream *s)
{
    if (s->reporter->end)
        s->reporter->end(s->state, s->report, s->out);
    flush(s, 1);
    gboolean ok = !s->failed;
    g_string_free(s->out, TRUE);
    g_free(s);
    return ok;
}

#include "report/report.h"
#include "engine/rule.h"

#define GDN_REPORTER_ENTRY(ident) extern const GdnReporter gdn_reporter_##ident;
#include "report/reporter_list.h"
#undef GDN_REPORTER_ENTRY

static const GdnReporter *const reporters[] = {
#define GDN_REPORTER_ENTRY(ident) &gdn_reporter_##ident,
#include "report/reporter_list.h"
#undef GDN_REPORTER_ENTRY
};

const GdnReporter *gdn_reporter_find(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(reporters); i++)
        if (g_strcmp0(reporters[i]->name, name) == 0)
            return reporters[i];
    return NULL;
}

char *gdn_reporter_names(void)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(reporters); i++)
        g_string_append_printf(s, "%s%s", i ? "|" : "", reporters[i]->name);
    return g_string_free(s, FALSE);
}

void gdn_report_init(GdnReport *r)
{
    r->errors = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_error_free);
    r->notices = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_notice_free);
    r->sources = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_source_info_free);
}

void gdn_report_clear(GdnReport *r)
{
    g_clear_pointer(&r->errors, g_ptr_array_unref);
    g_clear_pointer(&r->notices, g_ptr_array_unref);
    g_clear_pointer(&r->sources, g_ptr_array_unref);
}

char *gdn_finding_location(const GdnFinding *f)
{
    if (f->uri)
        return g_strdup_printf("%s/%s", f->uri, f->domain ? f->domain : "?");
    return g_strdup(f->file);
}

void gdn_notice_free(GdnNotice *n)
{
    if (!n)
        return;
    g_free(n->file);
    g_free(n->message);
    g_free(n);
}

void gdn_checked_free(GdnChecked *c)
{
    if (!c)
        return;
    g_free(c->name);
    g_free(c->domain);
    g_free(c);
}

void gdn_source_info_free(GdnSourceInfo *s)
{
    if (!s)
        return;
    g_free(s->uri);
    g_free(s);
}

const char *gdn_report_clean(const char *s, char **owned)
{
    *owned = NULL;
    const guchar *p = (const guchar *)s;
    while (p && *p && *p >= 0x20 && *p != 0x7f && !(p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
        p++;
    if (!p || !*p)
        return s;
    GString *out = g_string_new_len(s, (const char *)p - s);
    for (; *p; p++) {
        if (*p == '\n')
            g_string_append(out, "\\n");
        else if (*p == '\r')
            g_string_append(out, "\\r");
        else if (*p == '\t')
            g_string_append(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf(out, "\\x%02x", *p);
        else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
            g_string_append_printf(out, "\\u%04x", *++p);
        else
            g_string_append_c(out, (char)*p);
    }
    return *owned = g_string_free(out, FALSE);
}

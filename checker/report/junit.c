/* JUnit XML (the Jenkins/GitLab dialect): one testcase per checked domain,
 * one <failure> per active finding at or above --fail-on, findings below it
 * in <system-out>, one testcase with an <error> per unreadable input and a
 * <skipped> one per domain guardian does not check. Built with libxml2's
 * tree API so escaping is libxml2's; the counts head the document, so it is
 * written at the end (each input's findings are freed once its testcase is
 * built). */
#include "report/report.h"
#include "engine/rule.h"
#include <libxml/tree.h>

#define X(s) BAD_CAST(s)

static void set_uint(xmlNodePtr n, const char *name, guint v)
{
    char buf[16];
    g_snprintf(buf, sizeof buf, "%u", v);
    xmlSetProp(n, X(name), X(buf));
}

static gboolean fails(const GdnReport *r, const GdnFinding *f)
{
    return !f->suppressed && !r->fail_never && f->severity >= r->fail_on;
}

/* An attribute holding input-borne text, control characters escaped. */
static void set_clean(xmlNodePtr n, const char *name, const char *value)
{
    g_autofree char *owned = NULL;
    xmlSetProp(n, X(name), X(gdn_report_clean(value, &owned)));
}

static char *finding_text(const GdnFinding *f)
{
    g_autofree char *loc = gdn_finding_location(f);
    g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%s:%u:%u: %s: %s [%s %s]\n", gdn_report_clean(loc, &o1), f->line,
                           f->column, gdn_severity_name(f->severity),
                           gdn_report_clean(f->message, &o2), f->rule->id, f->rule->name);
    g_string_append_printf(s, "impact: %s\n", f->rule->impact);
    if (f->note)
        g_string_append_printf(s, "note: %s\n", gdn_report_clean(f->note, &o3));
    g_string_append_printf(s, "fix (%s): %s\n", gdn_fix_safety_name(f->fix_safety),
                           f->rule->fix_text);
    if (f->suppressed)
        g_string_append_printf(s, "suppressed: %s\n", f->suppressed);
    return g_string_free(s, FALSE);
}

/* The domain's testcase; returns TRUE when it has failures. */
static gboolean add_domain(xmlNodePtr suite, const GdnReport *r, const GdnChecked *c,
                           const GPtrArray *findings)
{
    xmlNodePtr tc = xmlNewChild(suite, NULL, X("testcase"), NULL);
    xmlSetProp(tc, X("classname"), X("guardian"));
    g_autofree char *name =
        c->domain ? g_strdup_printf("%s (%s)", c->domain, c->name) : g_strdup(c->name);
    set_clean(tc, "name", name);
    if (findings && findings->len > 0) {
        const GdnFinding *f0 = g_ptr_array_index(findings, 0);
        if (f0->file)
            set_clean(tc, "file", f0->file);
    }
    gboolean failed = FALSE;
    g_autoptr(GString) out = g_string_new(NULL);
    for (guint i = 0; findings && i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        g_autofree char *text = finding_text(f);
        if (!fails(r, f)) {
            g_string_append(out, text);
            continue;
        }
        failed = TRUE;
        xmlNodePtr fl = xmlNewChild(tc, NULL, X("failure"), NULL);
        g_autofree char *msg = g_strdup_printf("%s %s: %s", f->rule->id, f->rule->name, f->message);
        set_clean(fl, "message", msg);
        xmlSetProp(fl, X("type"), X(gdn_severity_name(f->severity)));
        xmlNodeAddContent(fl, X(text));
    }
    if (out->len)
        xmlNewTextChild(tc, NULL, X("system-out"), X(out->str));
    return failed;
}

typedef struct {
    xmlDocPtr doc;
    xmlNodePtr suites, suite;
    guint tests, failures;
} JUnit;

static gpointer junit_begin(const GdnReport *r, GString *out)
{
    (void)r;
    (void)out;
    JUnit *j = g_new0(JUnit, 1);
    j->doc = xmlNewDoc(X("1.0"));
    j->suites = xmlNewNode(NULL, X("testsuites"));
    xmlDocSetRootElement(j->doc, j->suites);
    xmlSetProp(j->suites, X("name"), X("guardian"));
    j->suite = xmlNewChild(j->suites, NULL, X("testsuite"), NULL);
    xmlSetProp(j->suite, X("name"), X("guardian"));
    return j;
}

static void junit_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)out;
    JUnit *j = state;
    if (!res->checked)
        return;
    j->tests++;
    j->failures += add_domain(j->suite, r, res->checked, res->findings);
}

static void junit_end(gpointer state, const GdnReport *r, GString *out)
{
    JUnit *j = state;
    xmlNodePtr suite = j->suite;
    guint tests = j->tests;
    for (guint i = 0; i < r->errors->len; i++, tests++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        xmlNodePtr tc = xmlNewChild(suite, NULL, X("testcase"), NULL);
        xmlSetProp(tc, X("classname"), X("guardian"));
        set_clean(tc, "name", e->file);
        set_clean(tc, "file", e->file);
        xmlNodePtr err = xmlNewChild(tc, NULL, X("error"), NULL);
        set_clean(err, "message", e->message);
        xmlSetProp(err, X("type"), X("input"));
        g_autofree char *o1 = NULL, *o2 = NULL;
        const char *file = gdn_report_clean(e->file, &o1), *m = gdn_report_clean(e->message, &o2);
        g_autofree char *text = e->line ? g_strdup_printf("%s:%u: %s\n", file, e->line, m)
                                        : g_strdup_printf("%s: %s\n", file, m);
        xmlNodeAddContent(err, X(text));
    }
    for (guint i = 0; i < r->notices->len; i++, tests++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        xmlNodePtr tc = xmlNewChild(suite, NULL, X("testcase"), NULL);
        xmlSetProp(tc, X("classname"), X("guardian"));
        set_clean(tc, "name", n->file);
        xmlNodePtr sk = xmlNewChild(tc, NULL, X("skipped"), NULL);
        set_clean(sk, "message", n->message);
    }
    for (xmlNodePtr s = j->suites; s; s = s == j->suites ? suite : NULL) {
        set_uint(s, "tests", tests);
        set_uint(s, "failures", j->failures);
        set_uint(s, "errors", r->errors->len);
        set_uint(s, "skipped", r->notices->len);
    }

    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(j->doc, &mem, &len, "UTF-8", 1);
    g_string_append_len(out, (const char *)mem, len);
    xmlFree(mem);
    xmlFreeDoc(j->doc);
    g_free(j);
}

GDN_REPORTER(junit, junit_begin, junit_input, junit_end);

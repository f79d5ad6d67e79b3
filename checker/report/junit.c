/* JUnit XML (the Jenkins/GitLab dialect): one testsuite per checked domain,
 * named "DOMAIN (FILE)", holding one testcase with a <failure> per active
 * finding at or above --fail-on (with file and line, so CI widgets list
 * every finding, not only a testcase's first failure), or one passing
 * testcase when the domain has none; findings below --fail-on go to the
 * suite's <system-out>. Unreadable inputs (<error>) and domains guardian
 * does not check (<skipped>) are testcases of a last suite, "guardian
 * inputs". Built with libxml2's tree API so escaping is libxml2's; the
 * counts head the document, so it is written at the end (each input's
 * findings are freed once its suite is built). */
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

static xmlNodePtr new_testcase(xmlNodePtr suite, const char *classname, const char *name,
                               const char *file, guint line)
{
    xmlNodePtr tc = xmlNewChild(suite, NULL, X("testcase"), NULL);
    xmlSetProp(tc, X("classname"), X(classname));
    set_clean(tc, "name", name);
    if (file)
        set_clean(tc, "file", file);
    if (file && line)
        set_uint(tc, "line", line);
    return tc;
}

/* A failing finding's testcase: "ID name (LOCATION:LINE)" in class
 * guardian.MODULE, so CI groups findings by module. */
static void add_failure(xmlNodePtr suite, const GdnFinding *f, const char *text)
{
    g_autofree char *loc = gdn_finding_location(f);
    g_autofree char *name =
        g_strdup_printf("%s %s (%s:%u)", f->rule->id, f->rule->name, loc, f->line);
    g_autofree char *cls = g_strdup_printf("guardian.%s", f->module->name);
    xmlNodePtr tc = new_testcase(suite, cls, name, f->file, f->line);
    xmlNodePtr fl = xmlNewChild(tc, NULL, X("failure"), NULL);
    g_autofree char *msg = g_strdup_printf("%s %s: %s", f->rule->id, f->rule->name, f->message);
    set_clean(fl, "message", msg);
    xmlSetProp(fl, X("type"), X(gdn_severity_name(f->severity)));
    xmlNodeAddContent(fl, X(text));
}

/* The domain's testsuite; returns its number of failures. */
static guint add_domain(xmlNodePtr root, const GdnReport *r, const GdnChecked *c,
                        const GPtrArray *findings)
{
    xmlNodePtr suite = xmlNewChild(root, NULL, X("testsuite"), NULL);
    g_autofree char *name =
        c->domain ? g_strdup_printf("%s (%s)", c->domain, c->name) : g_strdup(c->name);
    set_clean(suite, "name", name);
    guint failures = 0;
    g_autoptr(GString) out = g_string_new(NULL);
    for (guint i = 0; findings && i < findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(findings, i);
        g_autofree char *text = finding_text(f);
        if (fails(r, f)) {
            add_failure(suite, f, text);
            failures++;
        } else {
            g_string_append(out, text);
        }
    }
    if (!failures)
        new_testcase(suite, "guardian", name, c->file, 0);
    if (out->len)
        xmlNewTextChild(suite, NULL, X("system-out"), X(out->str));
    set_uint(suite, "tests", failures ? failures : 1);
    set_uint(suite, "failures", failures);
    set_uint(suite, "errors", 0);
    set_uint(suite, "skipped", 0);
    return failures;
}

typedef struct {
    xmlDocPtr doc;
    xmlNodePtr suites;
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
    return j;
}

static void junit_input(gpointer state, const GdnReport *r, const GdnInputResult *res, GString *out)
{
    (void)out;
    JUnit *j = state;
    if (!res->checked)
        return;
    guint failures = add_domain(j->suites, r, res->checked, res->findings);
    j->failures += failures;
    j->tests += failures ? failures : 1;
}

/* "guardian inputs": an <error> per unreadable input, a <skipped> per
 * domain guardian does not check. */
static void add_inputs(xmlNodePtr root, const GdnReport *r)
{
    if (!r->errors->len && !r->notices->len)
        return;
    xmlNodePtr suite = xmlNewChild(root, NULL, X("testsuite"), NULL);
    xmlSetProp(suite, X("name"), X("guardian inputs"));
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        xmlNodePtr tc = new_testcase(suite, "guardian", e->file, e->file, e->line);
        xmlNodePtr err = xmlNewChild(tc, NULL, X("error"), NULL);
        set_clean(err, "message", e->message);
        xmlSetProp(err, X("type"), X("input"));
        g_autofree char *o1 = NULL, *o2 = NULL;
        const char *file = gdn_report_clean(e->file, &o1), *m = gdn_report_clean(e->message, &o2);
        g_autofree char *text = e->line ? g_strdup_printf("%s:%u: %s\n", file, e->line, m)
                                        : g_strdup_printf("%s: %s\n", file, m);
        xmlNodeAddContent(err, X(text));
    }
    for (guint i = 0; i < r->notices->len; i++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        xmlNodePtr tc = new_testcase(suite, "guardian", n->file, NULL, 0);
        xmlNodePtr sk = xmlNewChild(tc, NULL, X("skipped"), NULL);
        set_clean(sk, "message", n->message);
    }
    set_uint(suite, "tests", r->errors->len + r->notices->len);
    set_uint(suite, "failures", 0);
    set_uint(suite, "errors", r->errors->len);
    set_uint(suite, "skipped", r->notices->len);
}

static void junit_end(gpointer state, const GdnReport *r, GString *out)
{
    JUnit *j = state;
    add_inputs(j->suites, r);
    set_uint(j->suites, "tests", j->tests + r->errors->len + r->notices->len);
    set_uint(j->suites, "failures", j->failures);
    set_uint(j->suites, "errors", r->errors->len);
    set_uint(j->suites, "skipped", r->notices->len);

    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(j->doc, &mem, &len, "UTF-8", 1);
    g_string_append_len(out, (const char *)mem, len);
    xmlFree(mem);
    xmlFreeDoc(j->doc);
    g_free(j);
}

GDN_REPORTER(junit, junit_begin, junit_input, junit_end);

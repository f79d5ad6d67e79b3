/* Fixes on several threads at once (-j N): each thread's stylesheets are
 * its own. libxml2 before 2.14 swaps a union's operands in a compiled XPath
 * while evaluating (x|y)[1] or (x|y)[last()], so a thread sharing the
 * expression with another can evaluate one operand twice and miss the
 * other. The test forces that interleaving: thread A stops inside the
 * union's first operand (t:pause) until thread B has run the same fix. */
#include "helpers.h"
#include "fix/fixer.h"
#include "engine/selection.h"
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <string.h>

#define TEST_FIXES "tests/data/fix-stylesheets"
#define TEST_NS "urn:x-guardian:test"

static const GdnRule union_rule = {.id = "TUNION", .name = "u", .fix = GDN_FIX_SAFE};

static const char *const doc_text = "<domain type='kvm'>\n  <name>d</name>\n"
                                    "  <memory>1048576</memory>\n  <vcpu>2</vcpu>\n</domain>\n";
static const char *const want = "<domain type='kvm'>\n  <name>memory</name>\n"
                                "  <memory>1048576</memory>\n  <vcpu>2</vcpu>\n</domain>\n";

/* The handshake between thread A (paused once in t:pause) and thread B. */
static struct {
    GMutex lock;
    GCond cond;
    GThread *waiter; /* A */
    gboolean armed, paused, resumed;
} hs;

/* Waits (under hs.lock) for *flag, at most 20 s: FALSE on time-out. */
static gboolean wait_for(const gboolean *flag)
{
    gint64 until = g_get_monotonic_time() + 20 * G_TIME_SPAN_SECOND;
    while (!*flag)
        if (!g_cond_wait_until(&hs.cond, &hs.lock, until))
            return *flag;
    return TRUE;
}

/* t:pause(node-set): its argument, left on the stack as the result; in A,
 * the first time, once B has run. */
static void fn_pause(xmlXPathParserContextPtr pctxt, int nargs)
{
    if (nargs != 1) {
        xmlXPathErr(pctxt, XPATH_INVALID_ARITY);
        return;
    }
    g_mutex_lock(&hs.lock);
    if (hs.armed && g_thread_self() == hs.waiter) {
        hs.armed = FALSE;
        hs.paused = TRUE;
        g_cond_broadcast(&hs.cond);
        wait_for(&hs.resumed);
    }
    g_mutex_unlock(&hs.lock);
}

typedef struct {
    GdnFixer *fx;
    const GdnEngine *engine;
} Fixing;

/* One fix of TUNION on the name: the fixed text. */
static char *fix_once(const Fixing *fg)
{
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc =
        gdn_doc_parse("t.xml", NULL, g_strdup(doc_text), strlen(doc_text), &err);
    g_assert_nonnull(doc);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    GdnFinding *f = g_new0(GdnFinding, 1);
    f->rule = &union_rule;
    f->xpath = g_strdup("/domain/name");
    f->fix_safety = union_rule.fix;
    g_ptr_array_add(fs, f);
    char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(fg->fx, fg->engine, doc, fs, &fixed, NULL);
    return fixed;
}

static gpointer thread_a(gpointer data)
{
    g_mutex_lock(&hs.lock);
    hs.waiter = g_thread_self();
    g_mutex_unlock(&hs.lock);
    return fix_once(data);
}

static void union_is_whole_while_another_thread_evaluates_it(void **state)
{
    (void)state;
    xsltRegisterExtModuleFunction(BAD_CAST "pause", BAD_CAST TEST_NS, fn_pause);
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    assert_true(gdn_selection_add(sel, "CLK007", FALSE, NULL)); /* re-checks find nothing */
    GdnEngineConfig cfg = {.selection = sel};
    g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
    GdnFixerConfig fcfg = {.engine = engine, .fixes_dir = TEST_FIXES};
    g_autoptr(GdnFixer) fx = gdn_fixer_new(&fcfg);
    Fixing fg = {fx, engine};

    g_mutex_lock(&hs.lock);
    hs.armed = TRUE;
    g_mutex_unlock(&hs.lock);
    GThread *a = g_thread_new("fix-a", thread_a, &fg);
    g_mutex_lock(&hs.lock);
    gboolean paused = wait_for(&hs.paused);
    g_mutex_unlock(&hs.lock);
    g_autofree char *b_fixed = paused ? fix_once(&fg) : NULL;
    g_mutex_lock(&hs.lock);
    hs.resumed = TRUE;
    g_cond_broadcast(&hs.cond);
    g_mutex_unlock(&hs.lock);
    g_autofree char *a_fixed = g_thread_join(a);

    assert_true(paused);
    assert_string_equal(b_fixed, want);
    assert_string_equal(a_fixed, want);
    xsltUnregisterExtModuleFunction(BAD_CAST "pause", BAD_CAST TEST_NS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(union_is_whole_while_another_thread_evaluates_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

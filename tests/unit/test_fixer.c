/* The fixer: stylesheets -> result tree -> minimal edits -> diff / write.
 * Golden diffs on single-quoted, double-quoted and tab/CRLF files; every
 * fixed file must validate against libvirt's schema and be accepted by
 * libvirt's test driver; a second run changes nothing. */
#include "helpers.h"
#include "fix/fixer.h"
#include "fix/fixer_priv.h"
#include "engine/selection.h"
#include <libxslt/xsltInternals.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef WITH_LIBVIRT
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif

#define DATA "tests/data/fix-cli/"
#define TEST_FIXES "tests/data/fix-stylesheets"
#define RNG "/usr/share/libvirt/schemas/domain.rng"

typedef struct {
    GdnSelection *sel;
    GdnEngine *engine;
    GdnFixer *fx;
} Ctx;

static Ctx *ctx_new_full(const char *select, const char *fixes_dir, gboolean unsafe);

static Ctx *ctx_new(const char *select, const char *fixes_dir)
{
    return ctx_new_full(select, fixes_dir, FALSE);
}

static Ctx *ctx_new_edits(const char *select, const char *fixes_dir, gboolean unsafe,
                          gboolean fix_edits);

static Ctx *ctx_new_full(const char *select, const char *fixes_dir, gboolean unsafe)
{
    return ctx_new_edits(select, fixes_dir, unsafe, FALSE);
}

static Ctx *ctx_new_edits(const char *select, const char *fixes_dir, gboolean unsafe,
                          gboolean fix_edits)
{
    Ctx *c = g_new0(Ctx, 1);
    c->sel = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    if (select && !gdn_selection_add(c->sel, select, FALSE, &err))
        fail_msg("bad select: %s", err->message);
    GdnEngineConfig cfg = {.selection = c->sel};
    c->engine = gdn_engine_new(&cfg);
    GdnFixerConfig fcfg = {
        .engine = c->engine, .fixes_dir = fixes_dir, .unsafe = unsafe, .fix_edits = fix_edits};
    c->fx = gdn_fixer_new(&fcfg);
    return c;
}

static void ctx_free(Ctx *c)
{
    gdn_fixer_free(c->fx);
    gdn_engine_free(c->engine);
    gdn_selection_free(c->sel);
    g_free(c);
}

static GdnDoc *parse(const char *name, const char *text)
{
    g_autoptr(GdnInputError) err = NULL;
    GdnDoc *doc = gdn_doc_parse(name, NULL, g_strdup(text), strlen(text), &err);
    if (!doc)
        fail_msg("%s does not parse: %s", name, err->message);
    return doc;
}

/* Checks text and fixes it: returns the GdnFileFix (NULL if nothing was
 * fixable) and the fixed text in *fixed (NULL when unchanged). */
static GdnFileFix *fix_text(Ctx *c, const char *name, const char *text, char **fixed)
{
    g_autoptr(GdnDoc) doc = parse(name, text);
    g_autoptr(GPtrArray) findings =
        g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *skipped = NULL;
    gdn_engine_check(c->engine, doc, findings, &skipped);
    *fixed = NULL;
    return gdn_fixer_fix_doc_with(c->fx, c->engine, doc, findings, fixed, NULL);
}

static gboolean run(const char *const *argv, const char *cwd, const char *stdin_text, char **out)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GSubprocessLauncher) l =
        g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_MERGE);
    if (cwd)
        g_subprocess_launcher_set_cwd(l, cwd);
    g_autoptr(GSubprocess) p = g_subprocess_launcher_spawnv(l, argv, &err);
    if (!p)
        fail_msg("cannot run %s: %s", argv[0], err->message);
    g_autofree char *o = NULL;
    if (!g_subprocess_communicate_utf8(p, stdin_text, NULL, &o, NULL, &err))
        fail_msg("%s: %s", argv[0], err->message);
    gboolean ok = g_subprocess_get_if_exited(p) && g_subprocess_get_exit_status(p) == 0;
    if (out)
        *out = g_steal_pointer(&o);
    else if (!ok)
        print_error("%s\n", o);
    return ok;
}

static void assert_schema_valid(const char *xml)
{
    g_autofree char *dir = g_dir_make_tmp("gdn-fixer-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "fixed.xml", NULL);
    assert_true(g_file_set_contents(path, xml, -1, NULL));
    const char *argv[] = {"xmllint", "--noout", "--relaxng", RNG, path, NULL};
    gboolean ok = run(argv, NULL, NULL, NULL);
    unlink(path);
    rmdir(dir);
    if (!ok)
        fail_msg("fixed XML does not validate against %s:\n%s", RNG, xml);
}

static void assert_libvirt_accepts(const char *xml)
{
#ifdef WITH_LIBVIRT
    virConnectPtr conn = virConnectOpen("test:///default");
    assert_non_null(conn);
    virDomainPtr dom = virDomainDefineXMLFlags(conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
    if (!dom) {
        virErrorPtr e = virGetLastError();
        fail_msg("libvirt rejects the fixed XML: %s\n%s", e ? e->message : "?", xml);
    }
    virDomainUndefine(dom);
    virDomainFree(dom);
    virConnectClose(conn);
#else
    (void)xml;
#endif
}

/* One stylesheet over a copy of tree, as one pass of the fixer: target
 * (xpath) and params (may be NULL) are the fix parameters. */
static xmlDocPtr transform(xsltStylesheetPtr style, xmlDocPtr tree, const char *target,
                           GHashTable *params, GError **error)
{
    xmlDocPtr out = xmlCopyDoc(tree, 1);
    g_autoptr(GHashTable) targets = gdn_fixer_targets_of_xpath(out, target, NULL);
    g_autoptr(GdnFixPass) p =
        gdn_fix_pass_run(gdn_fix_style_of(style), out, targets, target, params, error);
    if (!p) {
        gdn_fixer_tree_free(out);
        return NULL;
    }
    gdn_fix_pass_changes(p, NULL);
    gdn_fix_pass_commit(p);
    return out; /* free with gdn_fixer_tree_free */
}

/* Applies the test stylesheet id to text; returns the edited text. */
static char *apply_test_xsl(Ctx *c, const char *id, const char *text, GHashTable *params,
                            const char *target)
{
    g_autoptr(GdnDoc) doc = parse("t.xml", text);
    g_autoptr(GError) err = NULL;
    xsltStylesheetPtr style = gdn_fixer_stylesheet(c->fx, id, &err);
    if (!style)
        fail_msg("stylesheet %s: %s", id, err ? err->message : "missing");
    xmlDocPtr tree = gdn_fixer_annotate(doc);
    xmlDocPtr res = transform(style, tree, target, params, &err);
    xmlFreeDoc(tree);
    if (!res)
        fail_msg("%s failed: %s", id, err->message);
    g_autoptr(GPtrArray) edits = gdn_fixer_tree_edits(doc, res, &err);
    gdn_fixer_tree_free(res);
    if (!edits)
        fail_msg("%s: no edits: %s", id, err->message);
    return gdn_edits_apply(doc->bytes, doc->len, edits, NULL);
}

/* ---- golden files ---- */

static void golden(const char *base)
{
    Ctx *c = ctx_new("clock", NULL);
    g_autofree char *xml_path = g_strdup_printf(DATA "%s.xml", base);
    g_autofree char *diff_path = g_strdup_printf(DATA "%s.diff", base);
    g_autofree char *name = g_strdup_printf("%s.xml", base);
    g_autofree char *text = gt_read(xml_path);
    g_autofree char *want = gt_read(diff_path);
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = fix_text(c, xml_path, text, &fixed);
    assert_non_null(ff);
    assert_non_null(fixed);
    assert_int_equal(ff->problems->len, 0);
    assert_int_equal(ff->remaining, 0);
    g_autofree char *diff = gdn_unified_diff(name, text, strlen(text), ff->edits);
    if (!g_str_equal(diff, want))
        fail_msg("diff differs from %s:\n%s", diff_path, diff);
    /* The composed edits give exactly the text the last round parsed. */
    g_autofree char *again = gdn_edits_apply(text, strlen(text), ff->edits, NULL);
    assert_string_equal(again, fixed);
    assert_schema_valid(fixed);
    assert_libvirt_accepts(fixed);

    /* Idempotent: the fixed file has nothing left to fix. */
    g_autofree char *fixed2 = NULL;
    g_autoptr(GdnFileFix) ff2 = fix_text(c, xml_path, fixed, &fixed2);
    assert_null(ff2);
    assert_null(fixed2);

    /* git apply and patch -p1 accept the diff from the file's directory. */
    g_autofree char *dir = g_dir_make_tmp("gdn-fixer-XXXXXX", NULL);
    g_autofree char *copy = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(copy, text, -1, NULL));
    const char *git[] = {"git", "apply", "--check", "-", NULL};
    const char *patch[] = {"patch", "-p1", "--dry-run", "-s", NULL};
    assert_true(run(git, dir, diff, NULL));
    assert_true(run(patch, dir, diff, NULL));
    const char *apply[] = {"patch", "-p1", "-s", NULL};
    assert_true(run(apply, dir, diff, NULL));
    g_autofree char *patched = gt_read(copy);
    assert_string_equal(patched, fixed);
    unlink(copy);
    g_autofree char *orig = g_strconcat(copy, ".orig", NULL);
    unlink(orig);
    rmdir(dir);
    ctx_free(c);
}

static void golden_virsh_single_quotes(void **state)
{
    (void)state;
    golden("virsh-single");
}

static void golden_virt_install_double_quotes(void **state)
{
    (void)state;
    golden("virt-install-double");
}

static void golden_tabs_crlf(void **state)
{
    (void)state;
    golden("tabs-crlf");
    /* Every line of the fixed file still ends in CRLF. */
    Ctx *c = ctx_new("clock", NULL);
    g_autofree char *text = gt_read(DATA "tabs-crlf.xml");
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = fix_text(c, "tabs-crlf.xml", text, &fixed);
    for (const char *p = fixed; (p = strchr(p, '\n')); p++)
        assert_true(p > fixed && p[-1] == '\r');
    assert_null(strstr(fixed, "  <timer")); /* tabs, not spaces */
    ctx_free(c);
}

/* ---- edits on the original bytes ---- */

static void removal_takes_whole_lines(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autofree char *out = apply_test_xsl(c, "TREMOVE",
                                          "<domain type='kvm'>\n  <name>d</name>\n  <features>\n"
                                          "    <acpi/>\n    <apic/>\n    <!-- keep -->\n"
                                          "  </features>\n</domain>\n",
                                          NULL, NULL);
    assert_string_equal(out, "<domain type='kvm'>\n  <name>d</name>\n  <features>\n"
                             "    <acpi/>\n    <!-- keep -->\n  </features>\n</domain>\n");
    /* Inline: only the element goes. */
    g_autofree char *inl = apply_test_xsl(
        c, "TREMOVE", "<domain><name>d</name><features><acpi/><apic/></features></domain>", NULL,
        NULL);
    assert_string_equal(inl, "<domain><name>d</name><features><acpi/></features></domain>");
    ctx_free(c);
}

static void text_content_from_param(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autoptr(GHashTable) p = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(p, "vcpus", "8");
    g_autofree char *out =
        apply_test_xsl(c, "TVCPU",
                       "<domain>\r\n  <name>d</name>\r\n  <vcpu placement='static'>4</vcpu>"
                       "<!-- c -->\r\n</domain>",
                       p, NULL);
    assert_string_equal(out, "<domain>\r\n  <name>d</name>\r\n  <vcpu placement='static'>8</vcpu>"
                             "<!-- c -->\r\n</domain>");
    /* <vcpu/> written empty gains text. */
    g_autofree char *empty =
        apply_test_xsl(c, "TVCPU", "<domain><name>d</name><vcpu /></domain>", p, NULL);
    assert_string_equal(empty, "<domain><name>d</name><vcpu>8</vcpu></domain>");
    ctx_free(c);
}

static void empty_parent_is_expanded(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autofree char *out = apply_test_xsl(
        c, "TEXPAND", "<domain type='kvm'>\n\t<name>d</name>\n\t<features/>\n</domain>\n", NULL,
        NULL);
    assert_string_equal(out, "<domain type='kvm'>\n\t<name>d</name>\n\t<features>\n"
                             "\t\t<hyperv mode='custom'>\n"
                             "\t\t\t<relaxed state='on'/>\n"
                             "\t\t\t<spinlocks state='on' retries='8191'/>\n"
                             "\t\t</hyperv>\n\t</features>\n</domain>\n");
    /* Existing children: appended after the last one, with its indentation. */
    g_autofree char *out2 = apply_test_xsl(
        c, "TEXPAND",
        "<domain type=\"kvm\">\n    <name>d</name>\n    <features>\n        <acpi/>\n"
        "    </features>\n</domain>\n",
        NULL, NULL);
    assert_string_equal(out2, "<domain type=\"kvm\">\n    <name>d</name>\n    <features>\n"
                              "        <acpi/>\n"
                              "        <hyperv mode=\"custom\">\n"
                              "            <relaxed state=\"on\"/>\n"
                              "            <spinlocks state=\"on\" retries=\"8191\"/>\n"
                              "        </hyperv>\n    </features>\n</domain>\n");
    /* An open-close pair with nothing inside. */
    g_autofree char *out3 = apply_test_xsl(
        c, "TEXPAND", "<domain>\n  <name>d</name>\n  <features></features>\n</domain>", NULL, NULL);
    assert_string_equal(out3, "<domain>\n  <name>d</name>\n  <features>\n"
                              "    <hyperv mode='custom'>\n      <relaxed state='on'/>\n"
                              "      <spinlocks state='on' retries='8191'/>\n    </hyperv>\n"
                              "  </features>\n</domain>");
    ctx_free(c);
}

static void insertions_follow_the_line_layout(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    /* The parent's end tag shares the last child's line. */
    g_autofree char *a = apply_test_xsl(
        c, "TEXPAND", "<domain>\n  <name>d</name>\n  <features>\n    <acpi/></features>\n</domain>",
        NULL, NULL);
    assert_string_equal(a,
                        "<domain>\n  <name>d</name>\n  <features>\n    <acpi/>\n"
                        "    <hyperv mode='custom'>\n      <relaxed state='on'/>\n"
                        "      <spinlocks state='on' retries='8191'/>\n    </hyperv></features>\n"
                        "</domain>");
    /* A trailing comment stays on its line. */
    g_autofree char *b = apply_test_xsl(c, "TEXPAND",
                                        "<domain>\n  <name>d</name>\n  <features>\n"
                                        "    <acpi/> <!-- on -->\n  </features>\n</domain>",
                                        NULL, NULL);
    assert_string_equal(b, "<domain>\n  <name>d</name>\n  <features>\n    <acpi/> <!-- on -->\n"
                           "    <hyperv mode='custom'>\n      <relaxed state='on'/>\n"
                           "      <spinlocks state='on' retries='8191'/>\n    </hyperv>\n"
                           "  </features>\n</domain>");
    /* Only blanks between the tags: replaced, no trailing blanks left. */
    g_autofree char *e = apply_test_xsl(
        c, "TEXPAND", "<domain>\n  <name>d</name>\n  <features>  </features>\n</domain>", NULL,
        NULL);
    assert_string_equal(
        e, "<domain>\n  <name>d</name>\n  <features>\n    <hyperv mode='custom'>\n"
           "      <relaxed state='on'/>\n      <spinlocks state='on' retries='8191'/>\n"
           "    </hyperv>\n  </features>\n</domain>");
    ctx_free(c);
}

static void attributes_edit_only_their_start_tag(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autofree char *out =
        apply_test_xsl(c, "TATTRS",
                       "<domain  type = \"kvm\"  id='7'>\n  <name>d</name>\n"
                       "  <memory unit='KiB'  dumpCore='on'>1024</memory>\n</domain>\n",
                       NULL, NULL);
    assert_string_equal(out, "<domain  type = \"qemu\"  id='7'>\n"
                             "  <name note=\"it's &quot;x&quot; &amp; y\">d</name>\n"
                             "  <memory dumpCore='on'>1024</memory>\n</domain>\n");
    ctx_free(c);
}

static void insert_before_first_child(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autofree char *out = apply_test_xsl(c, "TFIRST",
                                          "<domain>\n  <name>d</name>\n  <devices>\n"
                                          "    <disk type='file'/>\n  </devices>\n</domain>\n",
                                          NULL, NULL);
    assert_string_equal(out, "<domain>\n  <name>d</name>\n  <devices>\n"
                             "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
                             "    <disk type='file'/>\n  </devices>\n</domain>\n");
    ctx_free(c);
}

static void target_param_selects_the_node(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    const char *xml = "<domain>\n  <name>d</name>\n  <devices>\n"
                      "    <disk><target dev='sda' bus='sata'/></disk>\n"
                      "    <disk><target dev='sdb' bus='sata'/></disk>\n  </devices>\n</domain>\n";
    g_autofree char *out = apply_test_xsl(c, "TTARGET", xml, NULL, "/domain/devices/disk[2]");
    assert_string_equal(out, "<domain>\n  <name>d</name>\n  <devices>\n"
                             "    <disk><target dev='sda' bus='sata'/></disk>\n"
                             "    <disk><target dev='sdb' bus='scsi'/></disk>\n  </devices>\n"
                             "</domain>\n");
    ctx_free(c);
}

static void security_forbids_files(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autoptr(GdnDoc) doc = parse("t.xml", "<domain><name>d</name></domain>");
    g_autoptr(GError) err = NULL;
    xsltStylesheetPtr style = gdn_fixer_stylesheet(c->fx, "TREAD", &err);
    assert_non_null(style);
    xmlDocPtr tree = gdn_fixer_annotate(doc);
    xmlDocPtr res = transform(style, tree, NULL, NULL, &err);
    if (res) {
        /* libxslt may yield an empty node-set instead of failing: nothing read. */
        xmlChar *name = xmlNodeGetContent(xmlDocGetRootElement(res)->children);
        assert_true(name == NULL || g_strcmp0((const char *)name, "1") != 0);
        xmlFree(name);
        gdn_fixer_tree_free(res);
    } else {
        assert_non_null(err);
    }
    xmlFreeDoc(tree);
    g_clear_error(&err);
    assert_null(gdn_fixer_stylesheet(c->fx, "TIMPORT", &err));
    assert_non_null(err);
    ctx_free(c);
}

/* ---- the loop: conflicts and dropped results ---- */

static const GdnRule test_rules[] = {
    {.id = "TOFFSETA", .name = "a", .fix = GDN_FIX_SAFE},
    {.id = "TOFFSETB", .name = "b", .fix = GDN_FIX_SAFE},
    {.id = "TROOT", .name = "r", .fix = GDN_FIX_SAFE},
    {.id = "TVCPU", .name = "v", .fix = GDN_FIX_UNSAFE},
    {.id = "TADDX", .name = "x", .fix = GDN_FIX_SAFE},
    {.id = "TSWAPX", .name = "s", .fix = GDN_FIX_SAFE},
};

static GdnFinding *fake(const GdnRule *rule, const char *xpath)
{
    GdnFinding *f = g_new0(GdnFinding, 1);
    f->rule = rule;
    f->xpath = g_strdup(xpath);
    f->fix_safety = rule->fix;
    return f;
}

static void conflicts_are_reported_not_applied(void **state)
{
    (void)state;
    Ctx *c = ctx_new("CLK007", TEST_FIXES); /* re-checks find nothing fixable */
    const char *xml = "<domain type='kvm'>\n  <name>d</name>\n  <clock offset='localtime'/>\n"
                      "</domain>\n";
    g_autoptr(GdnDoc) doc = parse("t.xml", xml);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(fs, fake(&test_rules[0], "/domain/clock"));
    g_ptr_array_add(fs, fake(&test_rules[1], "/domain/clock"));
    g_ptr_array_add(fs, fake(&test_rules[3], "/domain/vcpu"));
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(c->fx, c->engine, doc, fs, &fixed, NULL);
    assert_non_null(ff);
    assert_int_equal(ff->applied->len, 1); /* TVCPU is unsafe: not without --unsafe-fixes */
    assert_string_equal(((GdnAppliedFix *)g_ptr_array_index(ff->applied, 0))->rule, "TOFFSETA");
    assert_int_equal(ff->problems->len, 1);
    assert_non_null(strstr(g_ptr_array_index(ff->problems, 0), "TOFFSETB"));
    assert_non_null(strstr(g_ptr_array_index(ff->problems, 0), "conflicts with TOFFSETA"));
    assert_string_equal(fixed, "<domain type='kvm'>\n  <name>d</name>\n  <clock offset='utc'/>\n"
                               "</domain>\n");
    ctx_free(c);
}

static void unsafe_fixes_only_when_asked(void **state)
{
    (void)state;
    Ctx *c = ctx_new_full("CLK007", TEST_FIXES, TRUE);
    const char *xml = "<domain type='kvm'>\n  <name>d</name>\n  <vcpu>2</vcpu>\n</domain>\n";
    g_autoptr(GdnDoc) doc = parse("t.xml", xml);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    GdnFinding *f = fake(&test_rules[3], "/domain/vcpu");
    gdn_finding_param(f, "vcpus", "%u", 6u);
    g_ptr_array_add(fs, f);
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(c->fx, c->engine, doc, fs, &fixed, NULL);
    assert_non_null(ff);
    assert_int_equal(ff->applied->len, 1);
    assert_string_equal(fixed,
                        "<domain type='kvm'>\n  <name>d</name>\n  <vcpu>6</vcpu>\n</domain>\n");
    ctx_free(c);
}

static void fix_without_effect_is_reported(void **state)
{
    (void)state;
    Ctx *c = ctx_new("CLK007", TEST_FIXES);
    const char *xml = "<domain type='kvm'>\n  <name>d</name>\n  <clock offset='utc'/>\n</domain>\n";
    g_autoptr(GdnDoc) doc = parse("t.xml", xml);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(fs, fake(&test_rules[0], "/domain/clock"));
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(c->fx, c->engine, doc, fs, &fixed, NULL);
    assert_non_null(ff);
    assert_null(fixed);
    assert_int_equal(ff->edits->len, 0);
    assert_int_equal(ff->applied->len, 0);
    assert_int_equal(ff->problems->len, 1);
    assert_non_null(strstr(g_ptr_array_index(ff->problems, 0), "made no change"));
    ctx_free(c);
}

static void unparsable_result_is_dropped(void **state)
{
    (void)state;
    Ctx *c = ctx_new("CLK007", TEST_FIXES);
    const char *xml = "<domain type='kvm'>\n  <name>d</name>\n  <clock offset='localtime'/>\n"
                      "</domain>\n";
    g_autoptr(GdnDoc) doc = parse("t.xml", xml);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(fs, fake(&test_rules[2], "/domain"));
    g_ptr_array_add(fs, fake(&test_rules[0], "/domain/clock"));
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(c->fx, c->engine, doc, fs, &fixed, NULL);
    assert_non_null(ff);
    /* The round with both fails; one at a time, TOFFSETA stays, TROOT goes. */
    for (guint i = 0; i < ff->problems->len; i++)
        print_message("problem: %s\n", (char *)g_ptr_array_index(ff->problems, i));
    assert_int_equal(ff->applied->len, 1);
    assert_string_equal(((GdnAppliedFix *)g_ptr_array_index(ff->applied, 0))->rule, "TOFFSETA");
    gboolean reported = FALSE;
    for (guint i = 0; i < ff->problems->len; i++)
        reported |= strstr(g_ptr_array_index(ff->problems, i), "TROOT") != NULL &&
                    strstr(g_ptr_array_index(ff->problems, i), "dropped") != NULL;
    assert_true(reported);
    assert_non_null(strstr(fixed, "<clock offset='utc'/>"));
    ctx_free(c);
}

/* ---- edits, composition and diff text ---- */

static void composer_maps_rounds_to_original(void **state)
{
    (void)state;
    const char *orig = "abcdef";
    g_autoptr(GPtrArray) r1 = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    g_ptr_array_add(r1, gdn_edit_new(1, 1, "XY")); /* aXYcdef */
    g_ptr_array_add(r1, gdn_edit_new(4, 0, "+"));  /* aXYcd+ef */
    g_autofree char *t1 = gdn_edits_apply(orig, 6, r1, NULL);
    assert_string_equal(t1, "aXYcd+ef");
    g_autoptr(GPtrArray) r2 = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    g_ptr_array_add(r2, gdn_edit_new(2, 2, "Z")); /* aXZd+ef */
    g_ptr_array_add(r2, gdn_edit_new(7, 1, ""));  /* aXZd+e */
    g_autofree char *t2 = gdn_edits_apply(t1, strlen(t1), r2, NULL);
    assert_string_equal(t2, "aXZd+e");
    GdnEditComposer *comp = gdn_edit_composer_new(6);
    gdn_edit_composer_add(comp, r1, orig);
    gdn_edit_composer_add(comp, r2, t1);
    g_autoptr(GPtrArray) all = gdn_edit_composer_finish(comp, orig);
    gdn_edit_composer_free(comp);
    assert_true(gdn_edits_sort(all));
    g_autofree char *t3 = gdn_edits_apply(orig, 6, all, NULL);
    assert_string_equal(t3, "aXZd+e");
    /* Edits in original coordinates: never past the original text. */
    for (guint i = 0; i < all->len; i++) {
        const GdnEdit *e = g_ptr_array_index(all, i);
        assert_true(e->offset + e->length <= 6);
    }
}

/* A CR in a value the fix writes must stay a character reference: a raw CR
 * would be normalised to a space by the next parse. */
static void carriage_return_in_changed_attribute(void **state)
{
    (void)state;
    Ctx *c = ctx_new(NULL, TEST_FIXES);
    g_autofree char *out = apply_test_xsl(
        c, "TCR", "<domain>\r\n  <name note='x'>d</name>\r\n</domain>\r\n", NULL, NULL);
    assert_string_equal(out, "<domain>\r\n  <name note='a&#13;b'>d</name>\r\n</domain>\r\n");
    ctx_free(c);
}

/* An insertion and a replacement at one offset: the insertion goes first. */
static void insertion_before_replacement_at_one_offset(void **state)
{
    (void)state;
    const char *t = "<a><b/></a>";
    g_autoptr(GPtrArray) e = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    g_ptr_array_add(e, gdn_edit_new(3, 4, "<c/>"));
    g_ptr_array_add(e, gdn_edit_new(3, 0, "<i/>"));
    assert_true(gdn_edits_sort(e));
    assert_int_equal(((GdnEdit *)g_ptr_array_index(e, 0))->length, 0);
    g_autofree char *out = gdn_edits_apply(t, strlen(t), e, NULL);
    assert_string_equal(out, "<a><i/><c/></a>");
}

/* Two changed lines share a hunk when at most 2 x 3 context lines lie
 * between them (as diff -u), and get two hunks from 7 lines on. */
static void hunks_merge_within_twice_the_context(void **state)
{
    (void)state;
    g_autoptr(GString) t = g_string_new(NULL);
    for (int i = 0; i < 20; i++)
        g_string_append_printf(t, "l%02d\n", i);
    for (guint gap = 5; gap <= 8; gap++) {
        g_autoptr(GPtrArray) e = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
        g_ptr_array_add(e, gdn_edit_new(2 * 4, 3, "X02"));           /* line 2 */
        g_ptr_array_add(e, gdn_edit_new((2 + gap + 1) * 4, 3, "Y")); /* gap lines later */
        g_autofree char *d = gdn_unified_diff("h.xml", t->str, t->len, e);
        guint hunks = 0;
        for (const char *p = d; (p = strstr(p, "\n@@ ")); p++)
            hunks++;
        assert_int_equal(hunks, gap <= 6 ? 1 : 2);
    }
}

static void diff_marks_missing_final_newline(void **state)
{
    (void)state;
    const char *t = "<a>\n<b/>\n</a>";
    g_autoptr(GPtrArray) e = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    g_ptr_array_add(e, gdn_edit_new(10, 3, "A>"));
    g_autofree char *d = gdn_unified_diff("x.xml", t, strlen(t), e);
    assert_string_equal(d, "--- a/x.xml\n+++ b/x.xml\n@@ -1,3 +1,3 @@\n <a>\n <b/>\n-</a>\n"
                           "\\ No newline at end of file\n+<A>\n\\ No newline at end of file\n");
    g_autoptr(GPtrArray) none = g_ptr_array_new();
    g_autofree char *empty = gdn_unified_diff("x.xml", t, strlen(t), none);
    assert_string_equal(empty, "");
}

/* Random edits on random text: the diff must apply with patch -p1 and give
 * exactly the edited text (hunk arithmetic, context merging, CRLF, missing
 * final newline). */
static void diff_applies_for_random_edits(void **state)
{
    (void)state;
    GRand *rnd = g_rand_new_with_seed(4242);
    guint patched = 0;
    g_autofree char *dir = g_dir_make_tmp("gdn-fixer-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "r.xml", NULL);
    for (guint round = 0; round < 40; round++) {
        g_autoptr(GString) text = g_string_new(NULL);
        guint lines = g_rand_int_range(rnd, 1, 60);
        for (guint i = 0; i < lines; i++) {
            g_string_append_printf(text, "line %u %s", i, i % 3 ? "abc" : "");
            if (i + 1 < lines || g_rand_boolean(rnd))
                g_string_append(text, round % 4 == 0 ? "\r\n" : "\n");
        }
        g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
        gsize pos = 0;
        while (pos < text->len) {
            pos += g_rand_int_range(rnd, 0, 80);
            if (pos > text->len)
                break;
            gsize len = MIN((gsize)g_rand_int_range(rnd, 0, 12), text->len - pos);
            const char *repl[] = {"", "X", "new line\n", "a\nb", "\n"};
            g_ptr_array_add(edits, gdn_edit_new(pos, len, repl[g_rand_int_range(rnd, 0, 5)]));
            pos += len + 1;
        }
        assert_true(gdn_edits_sort(edits));
        g_autofree char *want = gdn_edits_apply(text->str, text->len, edits, NULL);
        g_autofree char *diff = gdn_unified_diff("r.xml", text->str, text->len, edits);
        assert_true(g_file_set_contents(path, text->str, (gssize)text->len, NULL));
        if (edits->len == 0 || g_str_equal(want, text->str))
            continue;
        const char *patch[] = {"patch", "-p1", "-s", "--no-backup-if-mismatch", NULL};
        if (!run(patch, dir, diff, NULL))
            fail_msg("patch rejects:\n%s", diff);
        g_autofree char *got = gt_read(path);
        patched++;
        if (!g_str_equal(got, want))
            fail_msg("patched text differs for diff:\n%s", diff);
    }
    assert_true(patched >= 30); /* the cases really ran through patch */
    unlink(path);
    rmdir(dir);
    g_rand_free(rnd);
}

/* SARIF's per-fix edits: each offered fix's own edits (passes on one tree
 * of the original, put back after each) equal the edits of a run with only
 * its rule selected. */
static void own_edits_equal_rule_alone(void **state)
{
    (void)state;
    g_autofree char *text = NULL;
    assert_true(g_file_get_contents(DATA "virt-install-double.xml", &text, NULL, NULL));
    Ctx *all = ctx_new_edits(NULL, NULL, TRUE, TRUE);
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = fix_text(all, "all.xml", text, &fixed);
    assert_non_null(ff);
    guint compared = 0;
    for (guint i = 0; i < ff->offered->len; i++) {
        const GdnAppliedFix *a = g_ptr_array_index(ff->offered, i);
        guint same_rule = 0;
        for (guint k = 0; k < ff->offered->len; k++)
            same_rule +=
                g_str_equal(((GdnAppliedFix *)g_ptr_array_index(ff->offered, k))->rule, a->rule);
        if (same_rule > 1 || a->round > 1)
            continue; /* a run of the rule alone fixes its other findings too */
        Ctx *one = ctx_new_full(a->rule, NULL, TRUE);
        g_autofree char *fixed1 = NULL;
        g_autoptr(GdnFileFix) ff1 = fix_text(one, "one.xml", text, &fixed1);
        assert_non_null(ff1);
        if (ff1->rounds > 1) {
            ctx_free(one);
            continue;
        }
        /* The same text (the composer may join adjacent insertions). */
        g_autofree char *mine = gdn_edits_apply(text, strlen(text), a->edits, NULL);
        g_autofree char *theirs = gdn_edits_apply(text, strlen(text), ff1->edits, NULL);
        assert_string_equal(mine, theirs);
        assert_true(a->edits->len > 0);
        compared++;
        ctx_free(one);
    }
    ctx_free(all);
    assert_true(compared >= 3);
}

/* SARIF without --fix or --diff (offer.c): the fixes of findings a (rule
 * index ra at xpath xa) and b offered on xml, with no fixing loop. */
static GdnFileFix *offer_two(const char *xml, guint ra, const char *xa, guint rb, const char *xb)
{
    Ctx *c = ctx_new_edits("CLK007", TEST_FIXES, FALSE, TRUE);
    g_autoptr(GdnDoc) doc = parse("t.xml", xml);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(fs, fake(&test_rules[ra], xa));
    g_ptr_array_add(fs, fake(&test_rules[rb], xb));
    GdnFileFix *ff = gdn_fixer_fix_doc_with(c->fx, c->engine, doc, fs, NULL, NULL);
    assert_non_null(ff);
    ctx_free(c);
    return ff;
}

#define CLOCK_LOCALTIME                                                                            \
    "<domain type='kvm'>\n  <name>d</name>\n  <clock offset='localtime'/>\n</domain>\n"

/* Two fixes that conflict in a round are both offered, each with its own
 * edit, and nothing is composed. */
static void offers_conflicting_fixes_each_alone(void **state)
{
    (void)state;
    g_autoptr(GdnFileFix) ff = offer_two(CLOCK_LOCALTIME, 0, "/domain/clock", 1, "/domain/clock");
    assert_int_equal(ff->problems->len, 0);
    assert_int_equal(ff->offered->len, 2);
    const char *want[] = {"utc", "timezone"};
    for (guint i = 0; i < 2; i++) {
        const GdnAppliedFix *a = g_ptr_array_index(ff->offered, i);
        assert_int_equal(a->edits->len, 1);
        assert_string_equal(((GdnEdit *)g_ptr_array_index(a->edits, 0))->replacement, want[i]);
    }
    assert_int_equal(ff->edits->len, 0); /* nothing composed: no --diff */
    assert_int_equal(ff->applied->len, 0);
}

/* An offered fix whose text does not parse as a domain is dropped, the
 * others stay. */
static void offers_drop_what_does_not_parse(void **state)
{
    (void)state;
    g_autoptr(GdnFileFix) ff = offer_two(CLOCK_LOCALTIME, 2, "/domain", 0, "/domain/clock");
    assert_int_equal(ff->offered->len, 1);
    assert_string_equal(((GdnAppliedFix *)g_ptr_array_index(ff->offered, 0))->rule, "TOFFSETA");
    assert_int_equal(ff->problems->len, 1);
    const char *p = g_ptr_array_index(ff->problems, 0);
    assert_non_null(strstr(p, "TROOT at /domain: result dropped"));
    assert_non_null(strstr(p, "not <domain>"));
}

/* Two fixes that add the same attribute to one element (each alone fine,
 * together a duplicate) are both offered: they are not checked as one
 * text, or, if they were, each would be checked alone after it. */
static void offers_same_attribute_twice(void **state)
{
    (void)state;
    const char *xml = "<domain type='kvm'>\n  <name>d</name>\n"
                      "  <clock offset='variable' adjustment='reset' x='1'/>\n</domain>\n";
    g_autoptr(GdnFileFix) ff = offer_two(xml, 4, "/domain/clock", 5, "/domain/clock");
    assert_int_equal(ff->problems->len, 0);
    assert_int_equal(ff->offered->len, 2);
    const GdnAppliedFix *swap = g_ptr_array_index(ff->offered, 1);
    assert_int_equal(swap->edits->len, 2); /* adjustment removed, basis added */
}

/* With --fix, SARIF reports the written file: the loop applies the fixes
 * and nothing is offered against the original. */
static void offers_none_when_writing(void **state)
{
    (void)state;
    GdnSelection *sel = gdn_selection_new();
    assert_true(gdn_selection_add(sel, "CLK007", FALSE, NULL));
    GdnEngineConfig cfg = {.selection = sel};
    GdnEngine *engine = gdn_engine_new(&cfg);
    GdnFixerConfig fcfg = {
        .engine = engine, .fixes_dir = TEST_FIXES, .fix_edits = TRUE, .write = TRUE};
    GdnFixer *fx = gdn_fixer_new(&fcfg);
    g_autoptr(GdnDoc) doc = parse("t.xml", CLOCK_LOCALTIME);
    g_autoptr(GPtrArray) fs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_ptr_array_add(fs, fake(&test_rules[0], "/domain/clock"));
    g_autofree char *fixed = NULL;
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(fx, engine, doc, fs, &fixed, NULL);
    assert_non_null(ff);
    assert_int_equal(ff->applied->len, 1);
    assert_int_equal(ff->offered->len, 0);
    assert_non_null(strstr(fixed, "offset='utc'"));
    gdn_fixer_free(fx);
    gdn_engine_free(engine);
    gdn_selection_free(sel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_virsh_single_quotes),
        cmocka_unit_test(golden_virt_install_double_quotes),
        cmocka_unit_test(golden_tabs_crlf),
        cmocka_unit_test(removal_takes_whole_lines),
        cmocka_unit_test(text_content_from_param),
        cmocka_unit_test(empty_parent_is_expanded),
        cmocka_unit_test(insertions_follow_the_line_layout),
        cmocka_unit_test(attributes_edit_only_their_start_tag),
        cmocka_unit_test(insert_before_first_child),
        cmocka_unit_test(target_param_selects_the_node),
        cmocka_unit_test(security_forbids_files),
        cmocka_unit_test(conflicts_are_reported_not_applied),
        cmocka_unit_test(unparsable_result_is_dropped),
        cmocka_unit_test(offers_conflicting_fixes_each_alone),
        cmocka_unit_test(offers_drop_what_does_not_parse),
        cmocka_unit_test(offers_same_attribute_twice),
        cmocka_unit_test(offers_none_when_writing),
        cmocka_unit_test(fix_without_effect_is_reported),
        cmocka_unit_test(unsafe_fixes_only_when_asked),
        cmocka_unit_test(composer_maps_rounds_to_original),
        cmocka_unit_test(diff_marks_missing_final_newline),
        cmocka_unit_test(carriage_return_in_changed_attribute),
        cmocka_unit_test(insertion_before_replacement_at_one_offset),
        cmocka_unit_test(hunks_merge_within_twice_the_context),
        cmocka_unit_test(diff_applies_for_random_edits),
        cmocka_unit_test(own_edits_equal_rule_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

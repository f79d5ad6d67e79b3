/* `guardian check`: options -> inputs -> engine -> report -> exit status. */
#include "commands.h"
#include "engine.h"
#include "fixer.h"
#include "inputs.h"
#include "options.h"
#include "report.h"
#include "run.h"
#include <stdio.h>
#include <unistd.h>

static gboolean usage_error(const char *fmt, const char *arg)
{
    g_printerr("guardian: ");
    g_printerr(fmt, arg);
    g_printerr("\nTry 'guardian check --help'.\n");
    return FALSE;
}

static gboolean parse_settings(const GdnOptions *o, GdnSelection *sel, GdnEngineConfig *cfg,
                               GdnReport *report)
{
    if (o->guest && !g_str_equal(o->guest, "auto")) {
        if (g_str_equal(o->guest, "windows"))
            cfg->guest = GDN_GUEST_WINDOWS;
        else if (g_str_equal(o->guest, "linux"))
            cfg->guest = GDN_GUEST_LINUX;
        else
            return usage_error("--guest must be windows, linux or auto, not '%s'", o->guest);
    }
    const char *fail_on = o->fail_on ? o->fail_on : "warning";
    if (g_str_equal(fail_on, "never"))
        report->fail_never = TRUE;
    else if (!gdn_severity_parse(fail_on, &report->fail_on))
        return usage_error("--fail-on must be error, warning, info or never, not '%s'", fail_on);
    const char *color = o->color ? o->color : "auto";
    if (g_str_equal(color, "always"))
        report->color = TRUE;
    else if (g_str_equal(color, "auto"))
        report->color = !o->output && isatty(STDOUT_FILENO) && !g_getenv("NO_COLOR");
    else if (!g_str_equal(color, "never"))
        return usage_error("--color must be auto, always or never, not '%s'", color);
    for (char **s = o->select; s && *s; s++) {
        g_autoptr(GError) err = NULL;
        if (!gdn_selection_add(sel, *s, FALSE, &err))
            return usage_error("%s", err->message);
    }
    for (char **s = o->ignore; s && *s; s++) {
        g_autoptr(GError) err = NULL;
        if (!gdn_selection_add(sel, *s, TRUE, &err))
            return usage_error("%s", err->message);
    }
    if (o->jobs < 0)
        return usage_error("--jobs must be positive, not '%s'", "negative");
    return TRUE;
}

static void print_diagnostics(const GdnReport *r, gboolean quiet)
{
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        if (e->line)
            g_printerr("%s:%u: %s\n", e->file, e->line, e->message);
        else
            g_printerr("%s: %s\n", e->file, e->message);
    }
    for (guint i = 0; !quiet && i < r->notices->len; i++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        g_printerr("%s: notice: %s\n", n->file, n->message);
    }
}

static void print_fix_notes(const GdnReport *r, gboolean quiet)
{
    for (guint i = 0; i < r->fixes->len; i++) {
        const GdnFileFix *ff = g_ptr_array_index(r->fixes, i);
        for (guint k = 0; k < ff->problems->len; k++)
            g_printerr("%s: fix: %s\n", ff->name, (const char *)g_ptr_array_index(ff->problems, k));
        if (ff->written && !quiet)
            g_printerr("%s: fixed: %u fix%s applied, %u fixable finding%s left\n", ff->name,
                       ff->applied->len, ff->applied->len == 1 ? "" : "es", ff->remaining,
                       ff->remaining == 1 ? "" : "s");
    }
}

/* --diff: the unified diffs of all inputs, in input order. */
static void write_diffs(const GdnReport *r, GString *text)
{
    for (guint i = 0; i < r->fixes->len; i++) {
        const GdnFileFix *ff = g_ptr_array_index(r->fixes, i);
        if (ff->diff)
            g_string_append(text, ff->diff);
    }
}

static gboolean fix_options_ok(const GdnOptions *o)
{
    if (!o->fix)
        return TRUE;
    if (o->connect)
        return usage_error("%s", "--fix cannot write to libvirt; use --diff and virsh edit");
    for (char **p = o->paths; p && *p; p++)
        if (g_str_equal(*p, "-"))
            return usage_error("%s", "--fix cannot write to stdin; use --diff");
    return TRUE;
}

static gboolean write_output(const GdnOptions *o, const GString *text)
{
    if (!o->output) {
        fwrite(text->str, 1, text->len, stdout);
        return fflush(stdout) == 0;
    }
    g_autoptr(GError) err = NULL;
    if (!g_file_set_contents(o->output, text->str, (gssize)text->len, &err)) {
        g_printerr("guardian: cannot write report: %s\n", err->message);
        return FALSE;
    }
    return TRUE;
}

static int check_with(const GdnOptions *o)
{
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    g_autoptr(GdnHost) host = NULL;
    g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_free);
    GdnEngineConfig cfg = {.selection = sel};
    g_auto(GdnReport) report = {0};
    gdn_report_init(&report);
    report.selection = sel;

    const GdnReporter *reporter = gdn_reporter_find(o->format ? o->format : "text");
    if (!reporter)
        return usage_error("unknown --format '%s'", o->format), 2;
    if (!parse_settings(o, sel, &cfg, &report) || !fix_options_ok(o))
        return 2;
    report.unsafe_fixes = o->unsafe_fixes;
    if (!o->paths && !o->connect)
        return usage_error("%s", "nothing to check: give PATH, - (stdin) or --connect URI"), 2;
    if (o->host_caps) {
        g_autoptr(GdnInputError) herr = NULL;
        host = gdn_host_load(o->host_caps, &herr);
        if (!host) {
            g_printerr("%s:%u: %s\n", herr->file, herr->line, herr->message);
            return 2;
        }
        cfg.host = host;
    }
    gdn_inputs_expand(o->paths, inputs, report.errors);
    g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
    guint jobs = o->jobs > 0 ? (guint)o->jobs : g_get_num_processors();
    g_autoptr(GdnFixer) fixer = NULL;
    /* SARIF carries the fixes as replacements, so it needs them too. */
    if (o->fix || o->diff || o->emit_xslt || g_strcmp0(o->format, "sarif") == 0) {
        GdnFixerConfig fcfg = {.engine = engine,
                               .fixes_dir = o->fixes_dir,
                               .unsafe = o->unsafe_fixes,
                               .write = o->fix,
                               .diff = o->diff,
                               .emit_xslt = o->emit_xslt};
        fixer = gdn_fixer_new(&fcfg);
    }
    gdn_run_inputs(engine, inputs, jobs, fixer ? gdn_fixer_hook : NULL, fixer, &report);

    g_autoptr(GString) text = g_string_new(NULL);
    if (o->diff)
        write_diffs(&report, text);
    else
        reporter->write(&report, text);
    print_diagnostics(&report, o->quiet);
    print_fix_notes(&report, o->quiet);
    if (!write_output(o, text) || report.errors->len)
        return 2;
    if (!report.fail_never && gdn_report_count(&report, report.fail_on) > 0)
        return 1;
    return 0;
}

int gdn_cmd_check(int argc, char **argv)
{
    GdnOptions o = {0};
    g_autoptr(GError) err = NULL;
    int status = 2;
    if (gdn_options_parse(&o, &argc, &argv, &err))
        status = check_with(&o);
    else
        usage_error("%s", err->message);
    gdn_options_clear(&o);
    return status;
}

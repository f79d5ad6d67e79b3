/* `guardian check`: options -> inputs -> profiles -> engine -> report -> exit status. */
#include "engine/baseline.h"
#include "cli/commands.h"
#include "fix/fixer.h"
#include "source/inputs.h"
#include "cli/options.h"
#include "report/output.h"
#include "source/profile.h"
#include "report/report.h"
#include "engine/run.h"
#include "source/libvirt.h"
#include <stdio.h>
#include <unistd.h>

static int usage_error(const char *fmt, const char *arg)
{
    g_printerr("guardian: ");
    g_printerr(fmt, arg);
    g_printerr("\nTry 'guardian check --help'.\n");
    return 2;
}

static gboolean parse_output_settings(const GdnOptions *o, const GdnConfig *config,
                                      GdnReport *report)
{
    const char *fail_on = o->fail_on                  ? o->fail_on
                          : config && config->fail_on ? config->fail_on
                                                      : "warning";
    if (g_str_equal(fail_on, "never"))
        report->fail_never = TRUE;
    else if (!gdn_severity_parse(fail_on, &report->fail_on))
        return usage_error("--fail-on must be error, warning, info or never, not '%s'", fail_on),
               FALSE;
    const char *color = o->color ? o->color : "auto";
    if (g_str_equal(color, "always"))
        report->color = TRUE;
    else if (g_str_equal(color, "auto"))
        report->color = !o->output && isatty(STDOUT_FILENO) && !g_getenv("NO_COLOR");
    else if (!g_str_equal(color, "never"))
        return usage_error("--color must be auto, always or never, not '%s'", color), FALSE;
    if (o->jobs < 0)
        return usage_error("--jobs must be positive, not %s", "negative"), FALSE;
    if (o->fix_rounds < 0)
        return usage_error("--fix-rounds must be positive, not %s", "negative"), FALSE;
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
    if (o->connect) {
        usage_error("%s", "--fix cannot write to libvirt; use --diff and virsh edit");
        return FALSE;
    }
    for (char **p = o->paths; p && *p; p++) {
        if (g_str_equal(*p, "-")) {
            usage_error("%s", "--fix cannot write to stdin; use --diff");
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean write_output(const GdnOptions *o, const GString *text)
{
    if (!o->output) {
        fwrite(text->str, 1, text->len, stdout);
        return fflush(stdout) == 0;
    }
    g_autoptr(GError) err = NULL;
    if (!gdn_write_output(o->output, text->str, text->len, &err)) {
        g_printerr("guardian: cannot write report: %s\n", err->message);
        return FALSE;
    }
    return TRUE;
}

/* Attaches each input's engine; FALSE (message printed) on a bad config. */
static gboolean resolve_profiles(GdnProfiles *profiles, GPtrArray *inputs)
{
    for (guint i = 0; i < inputs->len; i++) {
        GdnInput *in = g_ptr_array_index(inputs, i);
        g_autofree char *dir =
            in->kind == GDN_INPUT_FILE ? g_path_get_dirname(in->path) : g_get_current_dir();
        g_autoptr(GError) err = NULL;
        const GdnProfile *p = gdn_profiles_for_dir(profiles, dir, &err);
        if (!p) {
            g_printerr("guardian: %s\n", err->message);
            return FALSE;
        }
        in->engine = p->engine;
    }
    return TRUE;
}

static int check_with(const GdnOptions *o)
{
    g_autoptr(GdnProfiles) profiles = gdn_profiles_new(o);
    g_autoptr(GPtrArray) sources = NULL; /* outlives report: it lends host facts */
    g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_free);
    g_autoptr(GdnBaseline) baseline = NULL;
    g_autoptr(GError) err = NULL;
    g_auto(GdnReport) report = {0};
    gdn_report_init(&report);

    const GdnReporter *reporter = gdn_reporter_find(o->format ? o->format : "text");
    if (!reporter)
        return usage_error("unknown --format '%s'", o->format);
    if (!fix_options_ok(o))
        return 2;
    report.unsafe_fixes = o->unsafe_fixes;
    if (!o->paths && !o->connect)
        return usage_error("%s", "nothing to check: give PATH, - (stdin) or --connect URI");
    if (o->domains && !o->connect)
        return usage_error("%s", "--domain needs --connect URI");
    if (o->connect && !gdn_libvirt_available()) {
        g_printerr("guardian: --connect: libvirt support is not built in "
                   "(this guardian was built with WITH_LIBVIRT=no)\n");
        return 2;
    }
    if (o->connect && !gdn_libvirt_load(&err)) {
        g_printerr("guardian: -c: cannot load libvirt: %s\n", err->message);
        return 2;
    }
    g_autofree char *cwd = g_get_current_dir();
    const GdnProfile *main_profile = gdn_profiles_for_dir(profiles, cwd, &err);
    if (!main_profile)
        return usage_error("%s", err->message);
    report.selection = main_profile->selection;
    if (!parse_output_settings(o, main_profile->config, &report))
        return 2;
    if (o->baseline && !(baseline = gdn_baseline_load(o->baseline, &err))) {
        g_printerr("guardian: cannot read baseline: %s\n", err->message);
        return 2;
    }

    gdn_inputs_expand(o->paths, inputs, report.errors);
    if (!resolve_profiles(profiles, inputs))
        return 2;
    guint jobs = o->jobs > 0 ? (guint)o->jobs : g_get_num_processors();
    g_autoptr(GdnFixer) fixer = NULL;
    if (gdn_options_run_fixer(o)) {
        GdnFixerConfig fcfg = {.engine = main_profile->engine,
                               .fixes_dir = o->fixes_dir,
                               .unsafe = o->unsafe_fixes,
                               .write = o->fix,
                               .diff = o->diff,
                               .emit_xslt = o->emit_xslt,
                               .max_rounds = o->fix_rounds > 0 ? (guint)o->fix_rounds : 0};
        fixer = gdn_fixer_new(&fcfg);
    }
    GdnDocHook hook = fixer ? gdn_fixer_hook : NULL;
    gdn_run_inputs(main_profile->engine, inputs, jobs, hook, fixer, &report);
    if (o->connect) {
        /* libvirt sources use the working directory's profile; live host
         * facts unless --host-caps (or the config) gives them. */
        sources = gdn_libvirt_fetch(o->connect, o->domains, !main_profile->host);
        gdn_libvirt_run(sources, &main_profile->engine_config, jobs, hook, fixer, &report);
    }
    gdn_baseline_apply(baseline, report.findings);
    if (o->write_baseline) {
        if (!gdn_baseline_write(o->write_baseline, report.findings, &err)) {
            g_printerr("guardian: cannot write baseline: %s\n", err->message);
            return 2;
        }
        /* Everything just recorded is accepted from now on. */
        for (guint i = 0; i < report.findings->len; i++) {
            GdnFinding *f = g_ptr_array_index(report.findings, i);
            if (!f->suppressed) {
                f->suppressed = g_strdup("recorded in baseline");
                f->suppression_kind = "external";
            }
        }
    }

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
    g_set_prgname("guardian check"); /* for --help's usage line */
    if (gdn_options_parse(&o, &argc, &argv, &err))
        status = check_with(&o);
    else
        usage_error("%s", err->message);
    gdn_options_clear(&o);
    return status;
}

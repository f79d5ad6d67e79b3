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
#include <sys/stat.h>
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
    if (o->connect_timeout < 0)
        return usage_error("--connect-timeout must be positive, not %s", "negative"), FALSE;
    return TRUE;
}

static void print_diagnostics(const GdnReport *r, gboolean quiet)
{
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        g_autofree char *o1 = NULL, *o2 = NULL;
        const char *file = gdn_report_clean(e->file, &o1), *msg = gdn_report_clean(e->message, &o2);
        if (e->line)
            g_printerr("%s:%u: %s\n", file, e->line, msg);
        else
            g_printerr("%s: %s\n", file, msg);
    }
    for (guint i = 0; !quiet && i < r->notices->len; i++) {
        const GdnNotice *n = g_ptr_array_index(r->notices, i);
        g_autofree char *o1 = NULL, *o2 = NULL;
        g_printerr("%s: notice: %s\n", gdn_report_clean(n->file, &o1),
                   gdn_report_clean(n->message, &o2));
    }
}

/* One notice per host-facts source that leaves something unknown: the
 * checks that need it were skipped, not guessed. */
static void print_host_gaps(const char *caps, const GdnHost *file_host, const GdnReport *r,
                            gboolean quiet)
{
    if (quiet)
        return;
    g_autofree char *gaps = file_host ? gdn_host_gaps(file_host) : NULL;
    if (gaps)
        g_printerr("%s: notice: %s\n", caps, gaps);
    for (guint i = 0; i < r->sources->len; i++) {
        const GdnSourceInfo *s = g_ptr_array_index(r->sources, i);
        g_autofree char *live =
            s->host && g_strcmp0(s->host_from, "live") == 0 ? gdn_host_gaps(s->host) : NULL;
        if (live)
            g_printerr("%s: notice: %s\n", s->uri, live);
    }
}

/* What the fixer did to one input, for stderr at the end. */
static void add_fix_notes(GString *notes, const GdnFileFix *ff, gboolean quiet)
{
    g_autofree char *owned = NULL;
    const char *name = gdn_report_clean(ff->name, &owned);
    for (guint k = 0; k < ff->problems->len; k++) {
        g_autofree char *o = NULL;
        g_string_append_printf(notes, "%s: fix: %s\n", name,
                               gdn_report_clean(g_ptr_array_index(ff->problems, k), &o));
    }
    if (ff->written && !quiet)
        g_string_append_printf(notes, "%s: fixed: %u fix%s applied, %u fixable finding%s left\n",
                               name, ff->applied->len, ff->applied->len == 1 ? "" : "es",
                               ff->remaining, ff->remaining == 1 ? "" : "s");
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

/* The run: where inputs come from and where each result goes. */
typedef struct {
    const GdnOptions *o;
    GdnProfiles *profiles;
    GdnInputWalk *walk;
    struct stat outs[2]; /* --output, --write-baseline (st_nlink 0: none) */
    gboolean stopped;    /* a bad config or an input that is an output */
    const GdnBaseline *baseline;
    GPtrArray *recorded; /* --write-baseline: GdnFinding stubs */
    GString *fix_notes;
    GdnReportStream *stream;
} Run;

static const char *const output_options[] = {"--output", "--write-baseline"};

/* Notes the files --output and --write-baseline would replace. */
static void stat_outputs(Run *run)
{
    const char *paths[] = {run->o->output, run->o->write_baseline};
    for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
        if (!paths[i] || stat(paths[i], &run->outs[i]) != 0 || !S_ISREG(run->outs[i].st_mode))
            run->outs[i].st_nlink = 0;
}

/* Would writing an output replace this input? Then the run stops. */
static gboolean is_an_output(const Run *run, const GdnInput *in)
{
    struct stat st;
    if ((!run->outs[0].st_nlink && !run->outs[1].st_nlink) || in->kind != GDN_INPUT_FILE ||
        stat(in->path, &st) != 0)
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(run->outs); i++) {
        if (run->outs[i].st_nlink && run->outs[i].st_dev == st.st_dev &&
            run->outs[i].st_ino == st.st_ino) {
            g_printerr("guardian: %s names %s, a file being checked; refusing to replace it\n",
                       output_options[i], in->path);
            return TRUE;
        }
    }
    return FALSE;
}

/* The next file input with its engine (its directory's config profile);
 * a bad config, or an input an output would replace, ends the run. */
static GdnInput *next_input(gpointer data)
{
    Run *run = data;
    GdnInput *in = run->stopped ? NULL : gdn_input_walk_next(run->walk);
    if (!in)
        return NULL;
    if ((run->stopped = is_an_output(run, in))) {
        gdn_input_free(in);
        return NULL;
    }
    g_autofree char *dir =
        in->kind == GDN_INPUT_FILE ? g_path_get_dirname(in->path) : g_get_current_dir();
    g_autoptr(GError) err = NULL;
    const GdnProfile *p = gdn_profiles_for_dir(run->profiles, dir, &err);
    if (!p) {
        g_printerr("guardian: %s\n", err->message);
        run->stopped = TRUE;
        gdn_input_free(in);
        return NULL;
    }
    in->engine = p->engine;
    return in;
}

/* --write-baseline: what is recorded is accepted from now on. */
static void record_baseline(GPtrArray *recorded, GPtrArray *findings)
{
    gdn_baseline_record(recorded, findings);
    for (guint i = 0; i < findings->len; i++) {
        GdnFinding *f = g_ptr_array_index(findings, i);
        if (!f->suppressed) {
            f->suppressed = g_strdup("recorded in baseline");
            f->suppression_kind = "external";
        }
    }
}

static void take_result(const GdnInput *in, GdnInputResult *res, gpointer data)
{
    (void)in;
    Run *run = data;
    if (res->findings) {
        gdn_baseline_apply(run->baseline, res->findings);
        if (run->recorded)
            record_baseline(run->recorded, res->findings);
    }
    if (res->fix)
        add_fix_notes(run->fix_notes, res->fix, run->o->quiet);
    gdn_report_stream_add(run->stream, res);
}

/* Checks every input and streams the report; FALSE when the run stopped. */
static gboolean run_all(const GdnOptions *o, Run *run, const GdnProfile *main_profile,
                        GdnReport *report, GPtrArray **sources)
{
    guint jobs = o->jobs > 0 ? (guint)o->jobs : g_get_num_processors();
    g_autoptr(GdnFixer) fixer = NULL;
    if (gdn_options_run_fixer(o)) {
        GdnFixerConfig fcfg = {.engine = main_profile->engine,
                               .fixes_dir = o->fixes_dir,
                               .unsafe = o->unsafe_fixes,
                               .write = o->fix,
                               .diff = o->diff,
                               .emit_xslt = o->emit_xslt,
                               .fix_edits = g_strcmp0(o->format, "sarif") == 0};
        fixer = gdn_fixer_new(&fcfg);
    }
    GdnRunConfig rcfg = {.jobs = jobs,
                         .hook = fixer ? gdn_fixer_hook : NULL,
                         .hook_data = fixer,
                         .deliver = take_result,
                         .deliver_data = run};
    GdnInputSource files = {next_input, (GDestroyNotify)gdn_input_free, run};
    gdn_run(main_profile->engine, &files, &rcfg);
    if (run->stopped)
        return FALSE;
    if (o->connect) {
        /* libvirt sources use the working directory's profile; live host
         * facts unless --host-caps (or the config) gives them. */
        guint timeout = o->connect_timeout > 0 ? (guint)o->connect_timeout
                        : main_profile->config ? main_profile->config->connect_timeout
                                               : 0;
        *sources = gdn_libvirt_fetch(o->connect, o->domains, !main_profile->host, timeout);
        gdn_libvirt_run(*sources, &main_profile->engine_config, &rcfg, report);
    }
    return TRUE;
}

/* Checks that need nothing but the options; a status, or -1 to go on. */
static int check_options(const GdnOptions *o, const GdnReporter *reporter)
{
    if (!reporter)
        return usage_error("unknown --format '%s'", o->format);
    if (!fix_options_ok(o))
        return 2;
    if (!o->paths && !o->connect)
        return usage_error("%s", "nothing to check: give PATH, - (stdin) or --connect URI");
    if (o->domains && !o->connect)
        return usage_error("%s", "--domain needs --connect URI");
    g_autoptr(GError) err = NULL;
    if (o->connect && !gdn_libvirt_available()) {
        g_printerr("guardian: --connect: libvirt support is not built in "
                   "(this guardian was built with WITH_LIBVIRT=no)\n");
        return 2;
    }
    if (o->connect && !gdn_libvirt_load(&err)) {
        g_printerr("guardian: -c: cannot load libvirt: %s\n", err->message);
        return 2;
    }
    return -1;
}

static int check_with(const GdnOptions *o)
{
    g_autoptr(GdnProfiles) profiles = gdn_profiles_new(o);
    g_autoptr(GPtrArray) sources = NULL; /* outlives report: it lends host facts */
    g_autoptr(GdnBaseline) baseline = NULL;
    g_autoptr(GError) err = NULL;
    g_auto(GdnReport) report = {0};
    gdn_report_init(&report);

    const GdnReporter *reporter =
        o->diff ? &gdn_reporter_diff : gdn_reporter_find(o->format ? o->format : "text");
    int status = check_options(o, gdn_reporter_find(o->format ? o->format : "text"));
    if (status >= 0)
        return status;
    report.unsafe_fixes = o->unsafe_fixes;
    report.pretty = o->pretty;
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
    GdnOutput *out = gdn_output_open(o->output, &err);
    if (!out) {
        g_printerr("guardian: cannot write report: %s\n", err->message);
        return 2;
    }

    g_autoptr(GPtrArray) recorded =
        o->write_baseline ? g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free) : NULL;
    g_autoptr(GString) fix_notes = g_string_new(NULL);
    g_autoptr(GdnInputWalk) walk = gdn_input_walk_new(o->paths, report.errors);
    Run run = {.o = o,
               .profiles = profiles,
               .walk = walk,
               .baseline = baseline,
               .recorded = recorded,
               .fix_notes = fix_notes,
               .stream = gdn_report_stream_new(reporter, &report, gdn_output_write, out)};
    stat_outputs(&run);
    gboolean ran = run_all(o, &run, main_profile, &report, &sources);
    gboolean wrote = gdn_report_stream_finish(run.stream);
    if (ran && recorded && !gdn_baseline_write(o->write_baseline, recorded, &err)) {
        g_printerr("guardian: cannot write baseline: %s\n", err->message);
        ran = FALSE;
        g_clear_error(&err);
    }
    wrote = gdn_output_close(out, ran, &err) && wrote;
    if (!ran)
        return 2;
    print_diagnostics(&report, o->quiet);
    print_host_gaps(o->host_caps ? o->host_caps
                    : main_profile->config && main_profile->config->host_caps
                        ? main_profile->config->host_caps
                        : "host facts",
                    main_profile->host, &report, o->quiet);
    g_printerr("%s", fix_notes->str);
    if (!wrote) {
        g_printerr("guardian: cannot write report: %s\n", err ? err->message : "write failed");
        return 2;
    }
    if (report.errors->len)
        return 2;
    return !report.fail_never && report.totals.failing > 0 ? 1 : 0;
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

#include "cli/options.h"
#include "report/report.h"
#include "source/schema.h"

gboolean gdn_options_parse(GdnOptions *o, int *argc, char ***argv, GError **error)
{
    g_autofree char *formats = gdn_reporter_names();
    g_autofree char *format_help = g_strdup_printf("Output format: %s (default text)", formats);
    GOptionEntry entries[] = {
        {"connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &o->connect,
         "Read domains through a read-only libvirt connection (repeatable)", "URI"},
        {"domain", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &o->domains,
         "Only these libvirt domains (repeatable)", "NAME"},
        {"connect-timeout", 0, 0, G_OPTION_ARG_INT, &o->connect_timeout,
         "Give up on a -c URI that does not connect or answer within SECONDS (default 30)",
         "SECONDS"},
        {"host-caps", 0, 0, G_OPTION_ARG_FILENAME, &o->host_caps,
         "Host facts from `virsh capabilities` output", "FILE"},
        {"domain-caps", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->domain_caps,
         "Domain capabilities from `virsh domcapabilities` output (repeatable)", "FILE"},
        {"image-info", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->image_info,
         "Disk image facts from `qemu-img info --output=json` files, or a DIR of *.json "
         "(repeatable)",
         "FILE|DIR"},
        {"schema", 0, 0, G_OPTION_ARG_NONE, &o->schema,
         "Also validate against libvirt's domain schema (" GDN_DOMAIN_RNG ")", NULL},
        {"schema-file", 0, 0, G_OPTION_ARG_FILENAME, &o->schema_file,
         "Validate against this domain.rng instead (implies --schema)", "FILE"},
        {"guest", 0, 0, G_OPTION_ARG_STRING, &o->guest, "Guest OS: windows|linux|auto", "OS"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format, format_help, "FORMAT"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output, "Write the report to FILE", "FILE"},
        {"pretty", 0, 0, G_OPTION_ARG_NONE, &o->pretty, "Indent JSON and SARIF (default compact)",
         NULL},
        {"select", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->select,
         "Only these rule IDs, ID prefixes, names, modules or tags", "LIST"},
        {"ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->ignore,
         "Skip these rule IDs, names, modules or tags", "LIST"},
        {"fail-on", 0, 0, G_OPTION_ARG_STRING, &o->fail_on,
         "Exit 1 on findings at or above: error|warning|info|never (default warning)", "LEVEL"},
        {"fix", 0, 0, G_OPTION_ARG_NONE, &o->fix, "Apply safe fixes in place (files only)", NULL},
        {"unsafe-fixes", 0, 0, G_OPTION_ARG_NONE, &o->unsafe_fixes, "Include unsafe fixes", NULL},
        {"diff", 0, 0, G_OPTION_ARG_NONE, &o->diff, "Print the fixes as a unified diff", NULL},
        {"emit-xslt", 0, 0, G_OPTION_ARG_FILENAME, &o->emit_xslt,
         "Write the combined stylesheet applied to each input into DIR", "DIR"},
        {"fixes-dir", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &o->fixes_dir,
         "Load fix stylesheets from DIR instead of the embedded ones", "DIR"},
        {"fix-rounds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &o->fix_rounds,
         "At most N fixing rounds (default 5; 1 pins what each stylesheet writes)", "N"},
        {"config", 0, 0, G_OPTION_ARG_FILENAME, &o->config, "Read configuration from FILE", "FILE"},
        {"no-config", 0, 0, G_OPTION_ARG_NONE, &o->no_config, "Do not read any config file", NULL},
        {"baseline", 0, 0, G_OPTION_ARG_FILENAME, &o->baseline,
         "Suppress findings recorded in FILE", "FILE"},
        {"write-baseline", 0, 0, G_OPTION_ARG_FILENAME, &o->write_baseline,
         "Record current findings in FILE", "FILE"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs, "Check N inputs in parallel", "N"},
        {"color", 0, 0, G_OPTION_ARG_STRING, &o->color, "Colour: auto|always|never", "WHEN"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
         "Do not print notices or progress on stderr", NULL},
        {"statistics", 0, 0, G_OPTION_ARG_NONE, &o->statistics,
         "Print counts per rule instead of the findings", NULL},
        {"show-settings", 0, 0, G_OPTION_ARG_NONE, &o->show_settings,
         "Print the config file, rule selection and host facts used, then exit", NULL},
        {"max-results", 0, 0, G_OPTION_ARG_INT, &o->max_results,
         "SARIF: at most N results (GitHub code scanning takes 25,000 per run)", "N"},
        {"stdin-filename", 0, 0, G_OPTION_ARG_FILENAME, &o->stdin_filename,
         "The name stdin (-) gets in reports, configs and diffs", "NAME"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->paths, NULL, "[PATH|-]..."},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- check domain XML");
    g_option_context_set_summary(ctx, "Check libvirt domain XML against guardian's rules.\n"
                                      "PATH is a file or a directory (recursive *.xml); "
                                      "- reads stdin.");
    g_option_context_set_description(ctx, "Exit status: 0 no finding at or above --fail-on, "
                                          "1 such findings, 2 usage or input errors.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_help_enabled(ctx, TRUE);
    return g_option_context_parse(ctx, argc, argv, error);
}

void gdn_options_clear(GdnOptions *o)
{
    g_strfreev(o->connect);
    g_strfreev(o->domains);
    g_free(o->host_caps);
    g_free(o->schema_file);
    g_strfreev(o->domain_caps);
    g_strfreev(o->image_info);
    g_free(o->guest);
    g_free(o->format);
    g_free(o->output);
    g_strfreev(o->select);
    g_strfreev(o->ignore);
    g_free(o->fail_on);
    g_free(o->emit_xslt);
    g_free(o->fixes_dir);
    g_free(o->config);
    g_free(o->baseline);
    g_free(o->write_baseline);
    g_free(o->color);
    g_free(o->stdin_filename);
    g_strfreev(o->paths);
}

const char *gdn_options_conflict(const GdnOptions *o)
{
    gboolean other_format = o->format && !g_str_equal(o->format, "text");
    if (o->diff && o->fix)
        return "--diff shows what --fix would write and writes nothing; give one of them";
    if (o->diff && other_format)
        return "--diff prints a patch, not a report; drop --diff or --format";
    if (o->diff && o->write_baseline)
        return "--diff writes nothing; run --write-baseline separately";
    if (o->statistics && (o->diff || other_format))
        return "--statistics prints a text table; it cannot be combined with --diff or --format";
    return NULL;
}

gboolean gdn_options_run_fixer(const GdnOptions *o)
{
    return o->fix || o->diff || o->emit_xslt || g_strcmp0(o->format, "sarif") == 0;
}

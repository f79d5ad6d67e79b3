/* `guardian rules [-f text|json] [--select LIST] [--ignore LIST] [TOKEN...]`. */
#include "cli/commands.h"
#include "engine/registry.h"
#include "engine/selection.h"
#include "report/json_gen.h"
#include <stdio.h>

static void rule_json(yajl_gen b, const GdnModule *m, const GdnRule *r)
{
    yajl_gen_map_open(b);
    gdn_jgen_str(b, "id", r->id);
    gdn_jgen_str(b, "name", r->name);
    gdn_jgen_str(b, "module", m->name);
    gdn_jgen_str(b, "severity", gdn_severity_name(r->severity));
    gdn_jgen_array(b, "tags");
    g_auto(GStrv) tags = gdn_rule_tags(m, r);
    for (char **t = tags; *t; t++)
        gdn_jgen_string(b, *t);
    yajl_gen_array_close(b);
    gdn_jgen_bool(b, "fixable", r->fix != GDN_FIX_NONE);
    gdn_jgen_str(b, "safety", gdn_fix_safety_name(r->fix));
    gdn_jgen_str(b, "default", r->default_off ? "off" : "on");
    gdn_jgen_bool(b, "windows_only", m->windows_only);
    gdn_jgen_str(b, "summary", r->summary);
    gdn_jgen_str(b, "impact", r->impact);
    gdn_jgen_str(b, "fix", r->fix_text);
    yajl_gen_map_close(b);
}

typedef struct {
    GdnSelection *filter; /* operands (ANDed with --select), --ignore */
    GdnSelection *select; /* --select */
} RuleFilter;

/* Every rule is listed (default-off ones too) unless a filter excludes it. */
static gboolean wanted(const RuleFilter *rf, const GdnModule *m, const GdnRule *r)
{
    GdnRule on = *r;
    on.default_off = FALSE;
    return gdn_selection_enabled(rf->filter, m, &on) && gdn_selection_enabled(rf->select, m, &on);
}

static void list_json(const RuleFilter *rf)
{
    g_autoptr(GString) text = g_string_new(NULL);
    yajl_gen b = gdn_jgen_new(text, FALSE);
    yajl_gen_array_open(b);
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++)
            if (wanted(rf, mod, &mod->rules[r]))
                rule_json(b, mod, &mod->rules[r]);
    }
    yajl_gen_array_close(b);
    gdn_jgen_finish(b, text, FALSE);
    fputs(text->str, stdout);
}

static void list_text(const RuleFilter *rf)
{
    gboolean first = TRUE;
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        gboolean header = FALSE;
        for (guint r = 0; r < mod->n_rules; r++) {
            const GdnRule *rule = &mod->rules[r];
            if (!wanted(rf, mod, rule))
                continue;
            if (!header)
                printf("%s%s: %s%s\n", first ? "" : "\n", mod->name, mod->summary,
                       mod->windows_only ? " (Windows guests)" : "");
            header = TRUE, first = FALSE;
            printf("  %-7s %-28s %-8s fix:%-7s%s%s  %s\n", rule->id, rule->name,
                   gdn_severity_name(rule->severity), gdn_fix_safety_name(rule->fix),
                   rule->default_off ? " [off]" : "", rule->needs_host ? " [host]" : "",
                   rule->summary);
        }
    }
}

static gboolean add_lists(GdnSelection *sel, char **lists, gboolean ignore, GError **error)
{
    for (char **l = lists; l && *l; l++)
        if (!gdn_selection_add(sel, *l, ignore, error))
            return FALSE;
    return TRUE;
}

static int rules_with(const char *format, char **select, char **ignore, char **tokens)
{
    g_autoptr(GdnSelection) filter = gdn_selection_new();
    g_autoptr(GdnSelection) sel = gdn_selection_new();
    g_autoptr(GError) err = NULL;
    if (!add_lists(filter, tokens, FALSE, &err) || !add_lists(filter, ignore, TRUE, &err) ||
        !add_lists(sel, select, FALSE, &err))
        return gdn_cli_usage_error("rules", "%s", err->message);
    RuleFilter rf = {filter, sel};
    if (!format || g_str_equal(format, "text"))
        list_text(&rf);
    else if (g_str_equal(format, "json"))
        list_json(&rf);
    else
        return gdn_cli_usage_error("rules", "--format must be text or json, not '%s'", format);
    return fflush(stdout) == 0 ? 0 : 2;
}

int gdn_cmd_rules(int argc, char **argv)
{
    g_autofree char *format = NULL;
    g_auto(GStrv) select = NULL, ignore = NULL, tokens = NULL;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: text|json (default text)",
         "FORMAT"},
        {"select", 0, 0, G_OPTION_ARG_STRING_ARRAY, &select,
         "Only these rule IDs, ID prefixes, names, modules or tags", "LIST"},
        {"ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ignore, "Leave these out", "LIST"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &tokens, NULL, "[ID|PREFIX|NAME]..."},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- list guardian's rules");
    g_option_context_set_summary(ctx, "Every rule with its module, severity, fix safety, "
                                      "[off] (runs only when selected) and [host] (needs host "
                                      "facts).\nOperands and --select filter by rule ID, ID "
                                      "prefix (HV0), name, module or tag (seed, upstream, host, "
                                      "fixable).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) err = NULL;
    g_set_prgname("guardian rules");
    if (!g_option_context_parse(ctx, &argc, &argv, &err))
        return gdn_cli_usage_error("rules", "%s", err->message);
    return rules_with(format, select, ignore, tokens);
}

/* `guardian explain ID`: the rule's page (docs/rules/ID.md, embedded). */
#include "cli/commands.h"
#include "cli/docs.h"
#include "engine/registry.h"
#include <stdio.h>

static int explain(const char *id)
{
    const GdnModule *mod = NULL;
    const GdnRule *r = gdn_registry_find_rule(id, &mod);
    if (!r) {
        g_printerr("guardian: no rule '%s' (see 'guardian rules')\n", id);
        return 2;
    }
    printf("%s %s (module %s%s)\n", r->id, r->name, mod->name,
           mod->windows_only ? ", Windows guests" : "");
    g_auto(GStrv) tags = gdn_rule_tags(mod, r);
    g_autofree char *tag_list = g_strjoinv(" ", tags);
    printf("severity: %s   fix: %s   default: %s%s   tags: %s\n\n", gdn_severity_name(r->severity),
           gdn_fix_safety_name(r->fix), r->default_off ? "off" : "on",
           r->needs_host ? "   needs host facts" : "", tag_list);
    g_autofree char *page = gdn_docs_rule_page(r);
    fputs(page, stdout);
    return fflush(stdout) == 0 ? 0 : 2;
}

int gdn_cmd_explain(int argc, char **argv)
{
    g_auto(GStrv) ids = NULL;
    GOptionEntry entries[] = {
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &ids, NULL, "ID"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- show a rule's page");
    g_option_context_set_summary(ctx, "Why the rule exists, its expected impact and where that "
                                      "comes from (docs/performance.md), the fix, sources.\n"
                                      "ID is a rule ID (HV008) or name (hyperv-stimer).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) err = NULL;
    g_set_prgname("guardian explain");
    if (!g_option_context_parse(ctx, &argc, &argv, &err))
        return gdn_cli_usage_error("explain", "%s", err->message);
    if (!ids || !ids[0] || ids[1])
        return gdn_cli_usage_error("explain", "%s", "give exactly one rule ID or name");
    return explain(ids[0]);
}

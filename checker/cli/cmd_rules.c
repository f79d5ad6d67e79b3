/* `guardian rules` and `guardian explain ID`. */
#include "cli/commands.h"
#include "cli/docs.h"
#include "engine/registry.h"
#include "report/json_gen.h"
#include <stdio.h>
#include <string.h>

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

int gdn_cmd_rules(int argc, char **argv)
{
    gboolean json = FALSE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc && strcmp(argv[i + 1], "json") == 0)
            json = TRUE, i++;
        else if (strcmp(argv[i], "--format=json") == 0)
            json = TRUE;
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
                 strcmp(argv[i + 1], "text") == 0)
            i++;
        else {
            fprintf(stderr, "guardian rules: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (json) {
        g_autoptr(GString) text = g_string_new(NULL);
        yajl_gen b = gdn_jgen_new(text, FALSE);
        yajl_gen_array_open(b);
        for (guint m = 0; m < gdn_registry_n_modules(); m++) {
            const GdnModule *mod = gdn_registry_module(m);
            for (guint r = 0; r < mod->n_rules; r++)
                rule_json(b, mod, &mod->rules[r]);
        }
        yajl_gen_array_close(b);
        gdn_jgen_finish(b, text, FALSE);
        fputs(text->str, stdout);
        return 0;
    }
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        printf("%s%s: %s%s\n", m ? "\n" : "", mod->name, mod->summary,
               mod->windows_only ? " (Windows guests)" : "");
        for (guint r = 0; r < mod->n_rules; r++) {
            const GdnRule *rule = &mod->rules[r];
            printf("  %-7s %-28s %-8s fix:%-7s%s%s  %s\n", rule->id, rule->name,
                   gdn_severity_name(rule->severity), gdn_fix_safety_name(rule->fix),
                   rule->default_off ? " [off]" : "", rule->needs_host ? " [host]" : "",
                   rule->summary);
        }
    }
    return 0;
}

int gdn_cmd_explain(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "Usage: guardian explain ID\n");
        return 2;
    }
    const GdnModule *mod = NULL;
    const GdnRule *r = gdn_registry_find_rule(argv[1], &mod);
    if (!r) {
        fprintf(stderr, "guardian: no rule '%s' (see 'guardian rules')\n", argv[1]);
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
    return 0;
}

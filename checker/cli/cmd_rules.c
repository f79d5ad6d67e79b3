/* `guardian rules` and `guardian explain ID`. */
#include "cli/commands.h"
#include "cli/docs.h"
#include "engine/registry.h"
#include "report/json_util.h"
#include <stdio.h>
#include <string.h>

static void rule_json(JsonBuilder *b, const GdnModule *m, const GdnRule *r)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, r->id);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, r->name);
    json_builder_set_member_name(b, "module");
    json_builder_add_string_value(b, m->name);
    json_builder_set_member_name(b, "severity");
    json_builder_add_string_value(b, gdn_severity_name(r->severity));
    json_builder_set_member_name(b, "tags");
    json_builder_begin_array(b);
    g_auto(GStrv) tags = gdn_rule_tags(m, r);
    for (char **t = tags; *t; t++)
        json_builder_add_string_value(b, *t);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "fixable");
    json_builder_add_boolean_value(b, r->fix != GDN_FIX_NONE);
    json_builder_set_member_name(b, "safety");
    json_builder_add_string_value(b, gdn_fix_safety_name(r->fix));
    json_builder_set_member_name(b, "default");
    json_builder_add_string_value(b, r->default_off ? "off" : "on");
    json_builder_set_member_name(b, "windows_only");
    json_builder_add_boolean_value(b, m->windows_only);
    json_builder_set_member_name(b, "summary");
    json_builder_add_string_value(b, r->summary);
    json_builder_set_member_name(b, "impact");
    json_builder_add_string_value(b, r->impact);
    json_builder_set_member_name(b, "fix");
    json_builder_add_string_value(b, r->fix_text);
    json_builder_end_object(b);
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
        g_autoptr(JsonBuilder) b = json_builder_new();
        json_builder_begin_array(b);
        for (guint m = 0; m < gdn_registry_n_modules(); m++) {
            const GdnModule *mod = gdn_registry_module(m);
            for (guint r = 0; r < mod->n_rules; r++)
                rule_json(b, mod, &mod->rules[r]);
        }
        json_builder_end_array(b);
        g_autofree char *text = gdn_json_text(b);
        fputs(text, stdout);
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

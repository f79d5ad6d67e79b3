#include "engine/registry.h"

#define GDN_MODULE_ENTRY(ident) extern const GdnModule gdn_module_##ident;
#include "rules/module_list.h"
#undef GDN_MODULE_ENTRY

static const GdnModule *const modules[] = {
#define GDN_MODULE_ENTRY(ident) &gdn_module_##ident,
#include "rules/module_list.h"
#undef GDN_MODULE_ENTRY
};

guint gdn_registry_n_modules(void)
{
    return G_N_ELEMENTS(modules);
}

const GdnModule *gdn_registry_module(guint i)
{
    return i < G_N_ELEMENTS(modules) ? modules[i] : NULL;
}

const GdnRule *gdn_registry_find_rule(const char *id_or_name, const GdnModule **module_out)
{
    for (guint m = 0; m < G_N_ELEMENTS(modules); m++) {
        for (guint r = 0; r < modules[m]->n_rules; r++) {
            const GdnRule *rule = &modules[m]->rules[r];
            if (g_ascii_strcasecmp(rule->id, id_or_name) == 0 ||
                g_ascii_strcasecmp(rule->name, id_or_name) == 0) {
                if (module_out)
                    *module_out = modules[m];
                return rule;
            }
        }
    }
    return NULL;
}

static void add_tag(GPtrArray *tags, const char *tag)
{
    if (*tag && !g_ptr_array_find_with_equal_func(tags, tag, g_str_equal, NULL))
        g_ptr_array_add(tags, g_strdup(tag));
}

GStrv gdn_rule_tags(const GdnModule *module, const GdnRule *rule)
{
    GPtrArray *tags = g_ptr_array_new();
    add_tag(tags, module->name);
    g_auto(GStrv) own = g_strsplit(rule->tags ? rule->tags : "", " ", -1);
    for (char **t = own; *t; t++)
        add_tag(tags, *t);
    if (rule->needs_host)
        add_tag(tags, "host");
    g_ptr_array_add(tags, NULL);
    return (GStrv)g_ptr_array_free(tags, FALSE);
}

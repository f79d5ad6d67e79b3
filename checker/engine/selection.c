#include "engine/selection.h"
#include "engine/registry.h"
#include <string.h>

GdnSelection *gdn_selection_new(void)
{
    GdnSelection *sel = g_new0(GdnSelection, 1);
    sel->select = g_ptr_array_new_with_free_func(g_free);
    sel->ignore = g_ptr_array_new_with_free_func(g_free);
    sel->severity = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return sel;
}

void gdn_selection_free(GdnSelection *sel)
{
    if (!sel)
        return;
    g_ptr_array_unref(sel->select);
    g_ptr_array_unref(sel->ignore);
    g_hash_table_unref(sel->severity);
    g_free(sel);
}

static gboolean has_tag(const GdnModule *module, const GdnRule *rule, const char *token)
{
    g_auto(GStrv) tags = gdn_rule_tags(module, rule);
    for (char **t = tags; *t; t++)
        if (g_ascii_strcasecmp(*t, token) == 0)
            return TRUE;
    return FALSE;
}

gboolean gdn_selection_token_matches(const char *token, const GdnModule *module,
                                     const GdnRule *rule)
{
    gsize n = strlen(token);
    return g_ascii_strcasecmp(token, "all") == 0 ||
           (n >= 2 && g_ascii_strncasecmp(rule->id, token, n) == 0) ||
           g_ascii_strcasecmp(token, rule->name) == 0 || has_tag(module, rule, token) ||
           (rule->fix != GDN_FIX_NONE && g_ascii_strcasecmp(token, "fixable") == 0);
}

gboolean gdn_selection_token_known(const char *token)
{
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++)
            if (gdn_selection_token_matches(token, mod, &mod->rules[r]))
                return TRUE;
    }
    return FALSE;
}

gboolean gdn_selection_add(GdnSelection *sel, const char *list, gboolean ignore, GError **error)
{
    g_auto(GStrv) parts = g_strsplit_set(list, ", ", -1);
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        if (!gdn_selection_token_known(*p)) {
            g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "unknown rule, module or tag '%s' (see 'guardian rules')", *p);
            return FALSE;
        }
        g_ptr_array_add(ignore ? sel->ignore : sel->select, g_strdup(*p));
    }
    return TRUE;
}

static gboolean any_matches(const GPtrArray *tokens, const GdnModule *module, const GdnRule *rule)
{
    for (guint i = 0; i < tokens->len; i++)
        if (gdn_selection_token_matches(g_ptr_array_index(tokens, i), module, rule))
            return TRUE;
    return FALSE;
}

gboolean gdn_selection_enabled(const GdnSelection *sel, const GdnModule *module,
                               const GdnRule *rule)
{
    gboolean on = sel->select->len ? any_matches(sel->select, module, rule) : !rule->default_off;
    return on && !any_matches(sel->ignore, module, rule);
}

GdnSeverity gdn_selection_severity(const GdnSelection *sel, const GdnRule *rule, GdnSeverity found)
{
    gpointer v = g_hash_table_lookup(sel->severity, rule->id);
    return v ? (GdnSeverity)(GPOINTER_TO_INT(v) - 1) : found;
}

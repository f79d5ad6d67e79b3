/* --show-settings: what a run would use, without checking anything. */
#include "cli/check_extras.h"
#include "engine/registry.h"

#define INDENT "                 "

static void list(GString *out, const char *label, const GPtrArray *tokens, const char *none)
{
    g_string_append_printf(out, "  %-10s ", label);
    for (guint i = 0; i < tokens->len; i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "",
                               (const char *)g_ptr_array_index(tokens, i));
    g_string_append_printf(out, "%s\n", tokens->len ? "" : none);
}

/* Why a selected rule would not run: the facts it needs are missing
 * (0: it runs). With --connect, domain capabilities come from libvirt. */
enum { RUNS, NO_HOST, NO_SCHEMA, NO_DOMCAPS, N_STATES };

static guint rule_state(const GdnOptions *o, const GdnProfile *p, const GdnRule *rule)
{
    if (rule->needs_host && !p->host)
        return NO_HOST;
    if (rule->needs_schema && !p->schema)
        return NO_SCHEMA;
    if (rule->needs_domcaps && !o->connect && (!p->domcaps || p->domcaps->len == 0))
        return NO_DOMCAPS;
    return RUNS;
}

static void rules_enabled(const GdnOptions *o, const GdnProfile *p, GString *out)
{
    static const char *const labels[N_STATES] = {"rules", "no host", "no schema", "no domcaps"};
    GString *ids[N_STATES];
    guint n[N_STATES] = {0};
    for (guint k = 0; k < N_STATES; k++)
        ids[k] = g_string_new(NULL);
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++) {
            const GdnRule *rule = &mod->rules[r];
            if (!gdn_selection_enabled(p->selection, mod, rule))
                continue;
            guint k = rule_state(o, p, rule);
            /* Twelve IDs a line, under the first. */
            g_string_append_printf(ids[k], "%s%s", n[k] && n[k] % 12 == 0 ? "\n" INDENT : " ",
                                   rule->id);
            n[k]++;
        }
    }
    for (guint k = 0; k < N_STATES; k++) {
        if (k == RUNS || n[k])
            g_string_append_printf(out, "  %-10s %u:%s\n", labels[k], n[k], ids[k]->str);
        g_string_free(ids[k], TRUE);
    }
}

static void host_source(const GdnOptions *o, const GdnProfile *p, GString *out)
{
    const char *from;
    g_autofree char *what = NULL;
    if (o->host_caps)
        what = g_strdup(o->host_caps), from = "--host-caps";
    else if (p->config && p->config->host_caps)
        what = g_strdup(p->config->host_caps), from = p->config->path;
    else if (o->connect)
        what = g_strdup("live, from each --connect URI"), from = "libvirt";
    else
        what = g_strdup("none: host-aware rules are skipped"), from = NULL;
    g_string_append_printf(out, "  %-10s %s%s%s%s\n", "host facts", what, from ? " (" : "",
                           from ? from : "", from ? ")" : "");
}

static void show_profile(const GdnOptions *o, const char *dir, const GdnProfile *p, GString *out)
{
    g_string_append_printf(out, "%s:\n", dir);
    const char *config = p->config      ? p->config->path
                         : o->no_config ? "none (--no-config)"
                                        : "none found";
    g_string_append_printf(out, "  %-10s %s\n", "config", config);
    list(out, "select", p->selection->select, "(default: every rule not marked [off])");
    list(out, "ignore", p->selection->ignore, "(none)");
    rules_enabled(o, p, out);
    host_source(o, p, out);
    const char *guest = o->guest                        ? o->guest
                        : p->config && p->config->guest ? p->config->guest
                                                        : "auto";
    const char *fail_on = o->fail_on                        ? o->fail_on
                          : p->config && p->config->fail_on ? p->config->fail_on
                                                            : "warning";
    g_string_append_printf(out, "  %-10s %s\n  %-10s %s\n", "guest", guest, "fail-on", fail_on);
}

gboolean gdn_show_settings(const GdnOptions *o, GdnProfiles *profiles, GString *out)
{
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
    for (char **p = o->paths; p && *p; p++) {
        if (g_str_equal(*p, "-"))
            g_ptr_array_add(dirs, o->stdin_filename ? g_path_get_dirname(o->stdin_filename)
                                                    : g_get_current_dir());
        else if (g_file_test(*p, G_FILE_TEST_IS_DIR))
            g_ptr_array_add(dirs, g_strdup(*p));
        else
            g_ptr_array_add(dirs, g_path_get_dirname(*p));
    }
    if (!dirs->len)
        g_ptr_array_add(dirs, g_get_current_dir());
    for (guint i = 0; i < dirs->len; i++) {
        const char *dir = g_ptr_array_index(dirs, i);
        g_autoptr(GError) err = NULL;
        const GdnProfile *p = gdn_profiles_for_dir(profiles, dir, &err);
        if (!p) {
            g_printerr("guardian: %s\n", err->message);
            return FALSE;
        }
        show_profile(o, dir, p, out);
    }
    return TRUE;
}

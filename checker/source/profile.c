#include "source/profile.h"
#include <string.h>

struct GdnProfiles {
    const GdnOptions *opts;
    GHashTable *by_config; /* config path or "" -> GdnProfile* */
    GHashTable *by_dir;    /* directory -> GdnProfile* (borrowed): discovery is per dir */
};

static void profile_free(gpointer data)
{
    GdnProfile *p = data;
    gdn_engine_free(p->engine);
    gdn_host_free(p->host);
    gdn_schema_free(p->schema);
    if (p->domcaps)
        g_ptr_array_unref(p->domcaps);
    gdn_images_free(p->images);
    gdn_selection_free(p->selection);
    gdn_config_free(p->config);
    g_free(p);
}

GdnProfiles *gdn_profiles_new(const GdnOptions *opts)
{
    GdnProfiles *p = g_new0(GdnProfiles, 1);
    p->opts = opts;
    p->by_config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, profile_free);
    p->by_dir = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return p;
}

void gdn_profiles_free(GdnProfiles *p)
{
    if (!p)
        return;
    g_hash_table_unref(p->by_dir);
    g_hash_table_unref(p->by_config);
    g_free(p);
}

static gboolean add_lists(GdnSelection *sel, char **lists, gboolean ignore, GError **error)
{
    for (char **l = lists; l && *l; l++)
        if (!gdn_selection_add(sel, *l, ignore, error))
            return FALSE;
    return TRUE;
}

static gboolean parse_guest(const char *s, GdnGuestMode *out, GError **error)
{
    if (!s || g_str_equal(s, "auto"))
        *out = GDN_GUEST_AUTO;
    else if (g_str_equal(s, "windows"))
        *out = GDN_GUEST_WINDOWS;
    else if (g_str_equal(s, "linux"))
        *out = GDN_GUEST_LINUX;
    else {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "guest must be windows, linux or auto, not '%s'", s);
        return FALSE;
    }
    return TRUE;
}

/* --schema / --schema-file, or the config's schema / schema-file keys. */
static gboolean load_schema(const GdnOptions *o, const GdnConfig *config, GdnSchema **out,
                            GError **error)
{
    const char *file = o->schema_file ? o->schema_file : config ? config->schema_file : NULL;
    if (!file && !o->schema && !(config && config->schema))
        return TRUE;
    *out = gdn_schema_load(file, error);
    return *out != NULL;
}

/* --domain-caps files (or the config's domain-caps list). */
static gboolean load_domcaps(char **paths, GPtrArray **out, GError **error)
{
    *out = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_domcaps_free);
    for (char **p = paths; p && *p; p++) {
        g_autoptr(GdnInputError) err = NULL;
        GdnDomCaps *c = gdn_domcaps_load(*p, &err);
        if (!c) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", err->file, err->line,
                        err->message);
            return FALSE;
        }
        g_ptr_array_add(*out, c);
    }
    return TRUE;
}

static GdnProfile *build(const GdnOptions *o, GdnConfig *config, GError **error)
{
    GdnProfile *p = g_new0(GdnProfile, 1);
    p->config = config;
    p->selection = gdn_selection_new();
    const char *src = config ? config->path : "command line";
    g_autoptr(GError) err = NULL;
    /* --select replaces the config's select; --ignore adds to its ignore. */
    if (!add_lists(p->selection,
                   o->select ? o->select
                   : config  ? config->select
                             : NULL,
                   FALSE, &err) ||
        !add_lists(p->selection, config ? config->ignore : NULL, TRUE, &err) ||
        !add_lists(p->selection, o->ignore, TRUE, &err))
        goto fail;
    if (config) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, config->severity);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            GdnSeverity sev;
            gdn_severity_parse(v, &sev);
            g_hash_table_replace(p->selection->severity, g_strdup(k),
                                 GINT_TO_POINTER((gint)sev + 1));
        }
    }
    GdnEngineConfig cfg = {
        .selection = p->selection, .config = config, .skip_fix_params = !gdn_options_run_fixer(o)};
    if (!parse_guest(o->guest ? o->guest : config ? config->guest : NULL, &cfg.guest, &err))
        goto fail;
    const char *caps = o->host_caps ? o->host_caps : config ? config->host_caps : NULL;
    if (caps) {
        g_autoptr(GdnInputError) herr = NULL;
        p->host = gdn_host_load(caps, &herr);
        if (!p->host) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", herr->file,
                        herr->line, herr->message);
            profile_free(p);
            return NULL;
        }
    }
    cfg.host = p->host;
    if (!load_schema(o, config, &p->schema, error)) {
        profile_free(p);
        return NULL;
    }
    cfg.schema = p->schema;
    if (!load_domcaps(o->domain_caps ? o->domain_caps
                      : config       ? config->domain_caps
                                     : NULL,
                      &p->domcaps, error)) {
        profile_free(p);
        return NULL;
    }
    cfg.domcaps = p->domcaps;
    char **infos = o->image_info ? o->image_info : config ? config->image_info : NULL;
    for (char **i = infos; i && *i; i++) {
        if (!p->images)
            p->images = gdn_images_new();
        if (!gdn_images_load(p->images, *i, error)) {
            profile_free(p);
            return NULL;
        }
    }
    cfg.images = p->images;
    p->engine_config = cfg;
    p->engine = gdn_engine_new(&cfg);
    return p;
fail:
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", src, err->message);
    profile_free(p);
    return NULL;
}

const GdnProfile *gdn_profiles_for_dir(GdnProfiles *p, const char *dir, GError **error)
{
    const GdnOptions *o = p->opts;
    GdnProfile *cached = g_hash_table_lookup(p->by_dir, dir);
    if (cached)
        return cached;
    g_autofree char *path = NULL;
    if (o->config)
        path = g_strdup(o->config);
    else if (!o->no_config)
        path = gdn_config_discover(dir);
    const char *key = path ? path : "";
    GdnProfile *prof = g_hash_table_lookup(p->by_config, key);
    if (!prof) {
        GdnConfig *config = NULL;
        if (path && !(config = gdn_config_load(path, error)))
            return NULL;
        prof = build(o, config, error);
        if (!prof)
            return NULL;
        g_hash_table_insert(p->by_config, g_strdup(key), prof);
    }
    g_hash_table_insert(p->by_dir, g_strdup(dir), prof);
    return prof;
}

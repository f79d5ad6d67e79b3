#include "source/config.h"
#include "core/document.h"
#include "core/severity.h"
#include <string.h>

#define GROUP "guardian"

void gdn_config_free(GdnConfig *c)
{
    if (!c)
        return;
    g_free(c->path);
    g_free(c->dir);
    g_strfreev(c->select);
    g_strfreev(c->ignore);
    g_hash_table_unref(c->severity);
    g_ptr_array_unref(c->path_ignores);
    g_free(c->fail_on);
    g_free(c->guest);
    g_free(c->host_caps);
    g_free(c->schema_file);
    g_strfreev(c->domain_caps);
    g_strfreev(c->image_info);
    g_free(c);
}

static void path_ignore_free(gpointer p)
{
    GdnPathIgnore *pi = p;
    g_free(pi->glob);
    g_free(pi->rules);
    g_free(pi);
}

static char *opt_string(GKeyFile *kf, const char *key)
{
    char *v = g_key_file_get_string(kf, GROUP, key, NULL);
    return v ? g_strstrip(v) : NULL;
}

/* A list of paths relative to the config's directory, made absolute. */
static void absolute(char **paths, const char *dir)
{
    for (char **d = paths; d && *d; d++) {
        char *abs = g_canonicalize_filename(g_strstrip(*d), dir);
        g_free(*d);
        *d = abs;
    }
}

GdnConfig *gdn_config_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    g_autoptr(GdnInputError) ierr = NULL;
    if (!gdn_read_text(path, &text, &len, &ierr)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s", ierr->file, ierr->line,
                    ierr->message);
        return NULL;
    }
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_key_file_set_list_separator(kf, ',');
    g_autoptr(GError) kerr = NULL;
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &kerr)) {
        g_set_error(error, G_KEY_FILE_ERROR, kerr->code, "%s: %s", path, kerr->message);
        return NULL;
    }
    g_autoptr(GdnConfig) c = g_new0(GdnConfig, 1);
    c->path = g_strdup(path);
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    c->dir = g_path_get_dirname(abs);
    c->severity = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->path_ignores = g_ptr_array_new_with_free_func(path_ignore_free);
    c->select = g_key_file_get_string_list(kf, GROUP, "select", NULL, NULL);
    c->ignore = g_key_file_get_string_list(kf, GROUP, "ignore", NULL, NULL);
    c->fail_on = opt_string(kf, "fail-on");
    c->guest = opt_string(kf, "guest");
    g_autofree char *timeout = opt_string(kf, "connect-timeout");
    guint64 secs = 0;
    if (timeout && (!g_ascii_string_to_unsigned(timeout, 10, 1, 86400, &secs, NULL))) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    "%s: connect-timeout must be a number of seconds (1-86400), not '%s'", path,
                    timeout);
        return NULL;
    }
    c->connect_timeout = (guint)secs;
    g_autofree char *caps = opt_string(kf, "host-caps");
    if (caps)
        c->host_caps = g_canonicalize_filename(caps, c->dir);
    g_autoptr(GError) berr = NULL;
    c->schema = g_key_file_has_key(kf, GROUP, "schema", NULL) &&
                g_key_file_get_boolean(kf, GROUP, "schema", &berr);
    if (berr) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    "%s: schema must be true or false", path);
        return NULL;
    }
    c->domain_caps = g_key_file_get_string_list(kf, GROUP, "domain-caps", NULL, NULL);
    absolute(c->domain_caps, c->dir);
    c->image_info = g_key_file_get_string_list(kf, GROUP, "image-info", NULL, NULL);
    absolute(c->image_info, c->dir);
    g_autofree char *schema_file = opt_string(kf, "schema-file");
    if (schema_file)
        c->schema_file = g_canonicalize_filename(schema_file, c->dir);

    g_auto(GStrv) keys = g_key_file_get_keys(kf, "severity", NULL, NULL);
    for (char **k = keys; k && *k; k++) {
        g_autofree char *v = g_key_file_get_string(kf, "severity", *k, NULL);
        GdnSeverity sev;
        if (!v || !gdn_severity_parse(g_strstrip(v), &sev)) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        "%s: [severity] %s must be error, warning or info", path, *k);
            return NULL;
        }
        g_hash_table_replace(c->severity, g_ascii_strup(*k, -1), g_strdup(v));
    }
    g_auto(GStrv) globs = g_key_file_get_keys(kf, "per-path-ignores", NULL, NULL);
    for (char **k = globs; k && *k; k++) {
        GdnPathIgnore *pi = g_new0(GdnPathIgnore, 1);
        pi->glob = g_strdup(*k);
        pi->rules = g_key_file_get_string(kf, "per-path-ignores", *k, NULL);
        g_ptr_array_add(c->path_ignores, pi);
    }
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    for (char **gr = groups; *gr; gr++) {
        if (strcmp(*gr, GROUP) && strcmp(*gr, "severity") && strcmp(*gr, "per-path-ignores")) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                        "%s: unknown section [%s]", path, *gr);
            return NULL;
        }
    }
    return g_steal_pointer(&c);
}

char *gdn_config_discover(const char *dir)
{
    static const char *const names[] = {".guardian.conf", "guardian.conf"};
    g_autofree char *d = g_canonicalize_filename(dir ? dir : ".", NULL);
    for (;;) {
        for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
            g_autofree char *p = g_build_filename(d, names[i], NULL);
            if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
                return g_steal_pointer(&p);
        }
        g_autofree char *parent = g_path_get_dirname(d);
        if (strcmp(parent, d) == 0)
            break;
        g_free(d);
        d = g_steal_pointer(&parent);
    }
    g_autofree char *xdg =
        g_build_filename(g_get_user_config_dir(), "guardian", "guardian.conf", NULL);
    if (g_file_test(xdg, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer(&xdg);
    return NULL;
}

gboolean gdn_path_ignore_matches(const GdnPathIgnore *pi, const char *base_dir, const char *path)
{
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    g_autofree char *pattern = g_canonicalize_filename(pi->glob, base_dir);
    /* GPatternSpec stars also match slashes, so a directory glob covers subdirectories. */
    return g_pattern_match_simple(pattern, abs) || g_pattern_match_simple(pi->glob, path);
}

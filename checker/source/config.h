/* guardian's config file (GKeyFile), discovered from a checked file's
 * directory upward (.guardian.conf or guardian.conf), then
 * $XDG_CONFIG_HOME/guardian/guardian.conf. */
#pragma once
#include <glib.h>

typedef struct {
    char *glob;  /* relative to the config file's directory, or absolute */
    char *rules; /* rule tokens, as for --ignore */
} GdnPathIgnore;

typedef struct {
    char *path; /* the file read */
    char *dir;  /* its directory: base of relative paths */
    char **select;
    char **ignore;
    GHashTable *severity;    /* rule id -> "error"|"warning"|"info" */
    GPtrArray *path_ignores; /* GdnPathIgnore* */
    char *fail_on;
    char *guest;
    char *host_caps;       /* absolute */
    gboolean schema;       /* schema = true: validate against libvirt's domain.rng */
    char *schema_file;     /* absolute; implies schema */
    char **domain_caps;    /* absolute paths */
    char **image_info;     /* absolute paths */
    guint connect_timeout; /* seconds, 0 when not set */
} GdnConfig;

GdnConfig *gdn_config_load(const char *path, GError **error);
void gdn_config_free(GdnConfig *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnConfig, gdn_config_free)

/* The config file that applies to files in dir, or NULL. */
char *gdn_config_discover(const char *dir);
/* TRUE when path (as given) matches a path-ignore glob of the config. */
gboolean gdn_path_ignore_matches(const GdnPathIgnore *pi, const char *base_dir, const char *path);

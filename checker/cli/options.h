/* Parsed `guardian check` options (the CLI contract in DESIGN.md). */
#pragma once
#include <glib.h>

typedef struct {
    char **connect;
    char **domains;
    gint connect_timeout; /* seconds, 0: config or default */
    char *host_caps;
    char **domain_caps;
    char **image_info;
    gboolean schema;
    char *schema_file;
    char *guest;
    char *format;
    char *output;
    gboolean pretty;
    char **select;
    char **ignore;
    char *fail_on;
    gboolean fix;
    gboolean unsafe_fixes;
    gboolean diff;
    char *emit_xslt;
    char *fixes_dir;
    gint fix_rounds; /* hidden, for tests: 0 = default */
    char *config;
    gboolean no_config;
    char *baseline;
    char *write_baseline;
    gint jobs;
    char *color;
    gboolean quiet;
    gboolean statistics;
    gboolean show_settings;
    char *stdin_filename;
    gint max_results;
    char **paths;
} GdnOptions;

/* Parses argv (after the "check" word). Returns FALSE with *error set on a
 * usage error. */
gboolean gdn_options_parse(GdnOptions *o, int *argc, char ***argv, GError **error);
void gdn_options_clear(GdnOptions *o);
/* TRUE when these options run the fixer (--fix, --diff, --emit-xslt, or
 * SARIF, which carries fixes as replacements). */
gboolean gdn_options_run_fixer(const GdnOptions *o);
/* NULL when the options can work together, else why not (static text). */
const char *gdn_options_conflict(const GdnOptions *o);

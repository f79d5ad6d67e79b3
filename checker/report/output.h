/* Writing reports and baselines: atomically (temp file + rename) for
 * regular files, through symlinks to what they name, and straight into
 * devices and pipes (-o /dev/stdout, /dev/null) instead of replacing them. */
#pragma once
#include <glib.h>

gboolean gdn_write_output(const char *path, const char *bytes, gsize len, GError **error);

/* A report written as it is produced: to stdout (path NULL), into a device
 * or pipe, or into a temporary file renamed over path by
 * gdn_output_close(commit = TRUE); without commit it is removed. */
typedef struct GdnOutput GdnOutput;
GdnOutput *gdn_output_open(const char *path, GError **error);
/* A GdnReportWrite (report/report.h): output is the GdnOutput. */
gboolean gdn_output_write(const char *bytes, gsize len, gpointer output);
/* Closes (and commits) the output; FALSE with error when any write failed. */
gboolean gdn_output_close(GdnOutput *o, gboolean commit, GError **error);

/* Where a report goes: standard output, or -o FILE through core/safe_write
 * (a device or pipe in place; a regular file replaced at the end, keeping
 * its owner and mode, or left untouched when the run fails). */
#pragma once
#include <glib.h>

typedef struct GdnOutput GdnOutput;
/* path NULL: standard output. */
GdnOutput *gdn_output_open(const char *path, GError **error);
/* A GdnReportWrite (report/report.h): output is the GdnOutput. */
gboolean gdn_output_write(const char *bytes, gsize len, gpointer output);
/* Closes (and commits) the output; FALSE with error when any write failed. */
gboolean gdn_output_close(GdnOutput *o, gboolean commit, GError **error);

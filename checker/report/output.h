/* Writing reports and baselines: atomically (temp file + rename) for
 * regular files, through symlinks to what they name, and straight into
 * devices and pipes (-o /dev/stdout, /dev/null) instead of replacing them. */
#pragma once
#include <glib.h>

gboolean gdn_write_output(const char *path, const char *bytes, gsize len, GError **error);

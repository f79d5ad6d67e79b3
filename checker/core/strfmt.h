/* printf into a new string without stdio for the conversions findings use
 * (%s %d %i %u %c %%, with l, ll or z): findings are formatted on the hot
 * path. Anything else (flags, width, precision, floats) goes to
 * g_strdup_vprintf, so the result is always the same as its. */
#pragma once
#include <glib.h>
#include <stdarg.h>

char *gdn_strdup_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
char *gdn_strdup_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#include "cli/commands.h"

int gdn_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_printerr("guardian: %s\nTry 'guardian %s --help'.\n", msg, command);
    return 2;
}

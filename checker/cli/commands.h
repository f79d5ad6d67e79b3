/* Subcommands; each returns the process exit status. */
#pragma once
#include <glib.h>

int gdn_cmd_check(int argc, char **argv);
int gdn_cmd_rules(int argc, char **argv);
int gdn_cmd_explain(int argc, char **argv);
/* Prints "guardian: MESSAGE" and a pointer to COMMAND's --help; returns 2. */
int gdn_cli_usage_error(const char *command, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

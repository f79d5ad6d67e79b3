/* Subcommands; each returns the process exit status. */
#pragma once
int gdn_cmd_check(int argc, char **argv);
int gdn_cmd_rules(int argc, char **argv);
int gdn_cmd_explain(int argc, char **argv);

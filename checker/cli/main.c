#include "cli/commands.h"
#include "core/version.h"
#include <glib.h>
#include <libxml/parser.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "Usage:\n"
                "  guardian check [OPTIONS] [PATH|-]...   check domain XML (see check --help)\n"
                "  guardian rules [--format json]         list every rule\n"
                "  guardian explain ID                    show a rule's page\n"
                "  guardian --version\n");
}

int main(int argc, char **argv)
{
    /* The character set (for file names and messages on a terminal) and
     * GLib's own messages; not the other categories, whose files cost more
     * start-up than checking a small file (output is C-locale anyway). */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    /* A closed pipe is a write error to report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    xmlInitParser();
    int status;
    if (argc < 2) {
        usage(stderr);
        status = 2;
    } else if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("guardian %s\n", GDN_VERSION);
        status = 0;
    } else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
               strcmp(argv[1], "help") == 0) {
        usage(stdout);
        status = 0;
    } else if (strcmp(argv[1], "check") == 0) {
        status = gdn_cmd_check(argc - 1, argv + 1);
    } else if (strcmp(argv[1], "rules") == 0) {
        status = gdn_cmd_rules(argc - 1, argv + 1);
    } else if (strcmp(argv[1], "explain") == 0) {
        status = gdn_cmd_explain(argc - 1, argv + 1);
    } else {
        fprintf(stderr, "guardian: unknown command '%s'\n", argv[1]);
        usage(stderr);
        status = 2;
    }
    xmlCleanupParser();
    return status;
}

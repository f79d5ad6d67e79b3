/* Expands command-line operands into the list of inputs to check:
 * files, directories (recursive *.xml, sorted), and stdin ("-"). Each real
 * file is checked once (device + inode), whatever the symlinks; what is not
 * a regular file (FIFO, socket, device) is an error, never opened. */
#pragma once
#include "core/document.h"
#include <glib.h>

typedef enum { GDN_INPUT_FILE, GDN_INPUT_STDIN, GDN_INPUT_LIBVIRT } GdnInputKind;

typedef struct {
    GdnInputKind kind;
    char *path;                     /* file path; NULL otherwise */
    char *uri;                      /* libvirt URI */
    char *domain;                   /* libvirt domain name */
    char *xml;                      /* libvirt: the XML already fetched (owned) */
    const struct GdnEngine *engine; /* borrowed: rules/config for this input */
} GdnInput;

void gdn_input_free(GdnInput *in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnInput, gdn_input_free)

/* The inputs of the operands, one at a time, so walking overlaps with
 * checking: operands are looked at first (those that cannot be opened are errors at
 * once), directories are listed as the walk reaches them (an unreadable
 * one is an error then); files reached through symlinks in directories
 * come last, those already checked under another name skipped. errors must
 * outlive the walk. */
typedef struct GdnInputWalk GdnInputWalk;
GdnInputWalk *gdn_input_walk_new(char **operands, GPtrArray *errors);
/* The next input (the caller's), or NULL at the end. */
GdnInput *gdn_input_walk_next(GdnInputWalk *w);
void gdn_input_walk_free(GdnInputWalk *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnInputWalk, gdn_input_walk_free)
/* Loads and parses one input. */
GdnDoc *gdn_input_load(const GdnInput *in, GdnInputError **err);

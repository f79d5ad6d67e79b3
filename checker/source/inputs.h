/* Expands command-line operands into the list of inputs to check:
 * files, directories (recursive *.xml, sorted), and stdin ("-"). */
#pragma once
#include "core/document.h"
#include <glib.h>

typedef enum { GDN_INPUT_FILE, GDN_INPUT_STDIN, GDN_INPUT_LIBVIRT } GdnInputKind;

typedef struct {
    GdnInputKind kind;
    char *path;                     /* file path; stdin: --stdin-filename or NULL */
    char *uri;                      /* libvirt URI */
    char *domain;                   /* libvirt domain name */
    char *xml;                      /* libvirt: the XML already fetched (owned) */
    const struct GdnEngine *engine; /* borrowed: rules/config for this input */
} GdnInput;

void gdn_input_free(GdnInput *in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnInput, gdn_input_free)

/* Appends GdnInput* for each operand; unreadable operands become errors. */
void gdn_inputs_expand(char **operands, GPtrArray *inputs, GPtrArray *errors);
/* Loads and parses one input. */
GdnDoc *gdn_input_load(const GdnInput *in, GdnInputError **err);

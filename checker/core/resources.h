/* Rule pages and fix stylesheets embedded in the binary at build time
 * (ci/gen-resources.sh), found by path: "docs/rules/ID.md",
 * "fixes/ID.xsl". */
#pragma once
#include <glib.h>

typedef struct {
    const char *path;
    const char *data; /* NUL-terminated */
    gsize len;
} GdnResource;

/* Sorted by path. */
extern const GdnResource gdn_resources[];
extern const unsigned gdn_n_resources;

/* The embedded file at path, or NULL. */
const GdnResource *gdn_resource_find(const char *path);

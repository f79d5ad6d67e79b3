/* libvirt's domain schema (the domain.rng virt-xml-validate uses), compiled
 * once and shared read-only by every check: `check --schema`. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

#define GDN_DOMAIN_RNG "/usr/share/libvirt/schemas/domain.rng"

typedef struct GdnSchema GdnSchema;

/* Compiles the RELAX NG schema at path (NULL: GDN_DOMAIN_RNG). Returns NULL
 * with "path[:line]: reason" in *error when it is missing or not a schema. */
GdnSchema *gdn_schema_load(const char *path, GError **error);
void gdn_schema_free(GdnSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnSchema, gdn_schema_free)

/* One schema violation: the element it concerns (NULL when unknown), and
 * libxml2's message without its trailing newline. */
typedef void (*GdnSchemaErrorFn)(gpointer data, xmlNodePtr node, const char *message);
/* Validates doc; calls fn per violation. TRUE when the document is valid.
 * Thread-safe: each call has its own validation context. */
gboolean gdn_schema_validate(const GdnSchema *schema, xmlDocPtr doc, GdnSchemaErrorFn fn,
                             gpointer data);

/* Small, allocation-free queries on the libxml2 tree used by every rule. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* First child element called name (no namespace), or NULL. */
xmlNodePtr gdn_child(xmlNodePtr node, const char *name);
/* Next sibling element called name after node, or NULL. */
xmlNodePtr gdn_next(xmlNodePtr node, const char *name);
/* Follows a '/'-separated path of child element names ("features/hyperv"). */
xmlNodePtr gdn_path(xmlNodePtr node, const char *path);
/* First child element whose attribute attr equals value. */
xmlNodePtr gdn_child_with(xmlNodePtr node, const char *name, const char *attr, const char *value);

/* Attribute value (owned by the tree), or NULL when absent. */
const char *gdn_attr(xmlNodePtr node, const char *name);
gboolean gdn_attr_is(xmlNodePtr node, const char *name, const char *value);
/* Parses an unsigned decimal (or 0x hex) attribute; FALSE if absent or invalid. */
gboolean gdn_attr_uint(xmlNodePtr node, const char *name, guint64 *out);
/* Element text, stripped; NULL if none. Caller frees. */
char *gdn_text(xmlNodePtr node);
gboolean gdn_text_uint(xmlNodePtr node, guint64 *out);
gboolean gdn_parse_uint(const char *s, guint64 *out);

/* Iterates over the child elements of parent called name. */
#define GDN_FOR_EACH_CHILD(parent, name, var)                                                      \
    for (xmlNodePtr var = gdn_child((parent), (name)); var; var = gdn_next(var, (name)))

/* The node's path in libxml2's xmlGetNodePath() format
 * ("/domain/devices/disk[2]/driver"), built without its per-step
 * allocations: findings, baselines and fixes key on it. */
char *gdn_node_path(xmlNodePtr node);
/* The same; cache (from gdn_path_cache_new, for one document while it is
 * unchanged) remembers sibling indexes under parents with many children,
 * so paths of all N children cost O(N), not O(N^2). */
char *gdn_node_path_cached(xmlNodePtr node, GHashTable *cache);
GHashTable *gdn_path_cache_new(void);

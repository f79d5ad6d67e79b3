#include "cli/docs.h"
#include "core/resources.h"

char *gdn_docs_rule_page(const char *id)
{
    g_autofree char *path = g_strdup_printf("/guardian/docs/rules/%s.md", id);
    g_autoptr(GBytes) bytes =
        g_resource_lookup_data(gdn_get_resource(), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    if (!bytes)
        return NULL;
    gsize len;
    const char *data = g_bytes_get_data(bytes, &len);
    return g_strndup(data, len);
}

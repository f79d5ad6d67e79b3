#include "cli/docs.h"
#include "core/resources.h"

char *gdn_docs_rule_page(const char *id)
{
    g_autofree char *path = g_strdup_printf("docs/rules/%s.md", id);
    const GdnResource *res = gdn_resource_find(path);
    return res ? g_strndup(res->data, res->len) : NULL;
}

#include "core/resources.h"
#include <stdlib.h>
#include <string.h>

static int cmp_path(const void *key, const void *res)
{
    return strcmp(key, ((const GdnResource *)res)->path);
}

const GdnResource *gdn_resource_find(const char *path)
{
    return bsearch(path, gdn_resources, gdn_n_resources, sizeof gdn_resources[0], cmp_path);
}

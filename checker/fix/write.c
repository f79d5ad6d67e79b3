/* Output names of fixed inputs. */
#include "fix/fixer.h"
#include <string.h>

char *gdn_fixer_diff_name(const GdnInput *in, const GdnDoc *doc)
{
    if (in->kind == GDN_INPUT_LIBVIRT)
        return g_strdup_printf("%s.xml", doc->domain ? doc->domain : in->domain);
    if (in->kind == GDN_INPUT_STDIN)
        return g_strdup("stdin.xml");
    const char *p = in->path;
    if (g_path_is_absolute(p)) {
        g_autofree char *cwd = g_get_current_dir();
        g_autofree char *prefix = g_strconcat(cwd, G_DIR_SEPARATOR_S, NULL);
        if (g_str_has_prefix(p, prefix))
            p += strlen(prefix);
        else
            while (*p == '/')
                p++;
    }
    while (g_str_has_prefix(p, "./"))
        p += 2;
    return g_strdup(p);
}

/* Output names and the atomic in-place write. */
#include "fix/fixer.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *gdn_fixer_diff_name(const GdnInput *in, const GdnDoc *doc)
{
    if (in->kind == GDN_INPUT_LIBVIRT)
        return g_strdup_printf("%s.xml", doc->domain ? doc->domain : in->domain);
    if (in->kind == GDN_INPUT_STDIN && !in->path)
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

gboolean gdn_fixer_write(const char *path, const char *bytes, gsize len, GError **error)
{
    /* Write through symlinks to the file they name. */
    g_autofree char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    struct stat st;
    if (stat(target, &st) != 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot stat %s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    /* Temp file in the same directory + fsync + rename: all or nothing. */
    return g_file_set_contents_full(target, bytes, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
                                    (int)(st.st_mode & 07777), error);
}

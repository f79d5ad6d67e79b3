#include "report/output.h"
#include "core/safe_write.h"
#include <unistd.h>

struct GdnOutput {
    GdnSafeFile *file; /* -o FILE; NULL for standard output */
    int error;         /* standard output: errno of the first failed write */
};

GdnOutput *gdn_output_open(const char *path, GError **error)
{
    GdnOutput *o = g_new0(GdnOutput, 1);
    if (path && !(o->file = gdn_safe_file_open(path, error)))
        g_clear_pointer(&o, g_free);
    return o;
}

gboolean gdn_output_write(const char *bytes, gsize len, gpointer output)
{
    GdnOutput *o = output;
    if (o->file)
        return gdn_safe_file_write(o->file, bytes, len);
    if (!o->error)
        o->error = gdn_write_fd(STDOUT_FILENO, bytes, len);
    return o->error == 0;
}

gboolean gdn_output_close(GdnOutput *o, gboolean commit, GError **error)
{
    gboolean ok = o->file ? gdn_safe_file_close(o->file, commit, error) : o->error == 0;
    if (!o->file && !ok)
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(o->error),
                    "cannot write standard output: %s", g_strerror(o->error));
    g_free(o);
    return ok;
}

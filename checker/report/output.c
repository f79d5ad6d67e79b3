#include "report/output.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* 0, or the errno of a failed write. */
static int write_fd(int fd, const char *bytes, gsize len)
{
    while (len > 0) {
        ssize_t n = write(fd, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        bytes += n;
        len -= (gsize)n;
    }
    return 0;
}

static gboolean write_all(const char *path, const char *bytes, gsize len, GError **error)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot open %s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    int e = write_fd(fd, bytes, len);
    if (e) {
        close(fd);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write %s: %s", path,
                    g_strerror(e));
        return FALSE;
    }
    return close(fd) == 0;
}

gboolean gdn_write_output(const char *path, const char *bytes, gsize len, GError **error)
{
    g_autofree char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode))
        return write_all(target, bytes, len, error);
    return g_file_set_contents_full(target, bytes, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
                                    0644, error);
}

struct GdnOutput {
    int fd;
    char *target; /* the file to replace, or NULL when writing fd in place */
    char *tmp;    /* the temporary file beside target */
    int error;    /* errno of the first failed write */
};

GdnOutput *gdn_output_open(const char *path, GError **error)
{
    GdnOutput *o = g_new0(GdnOutput, 1);
    o->fd = STDOUT_FILENO;
    if (!path)
        return o;
    g_autofree char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC);
    } else {
        o->target = g_strdup(target);
        o->tmp = g_strdup_printf("%s.XXXXXX", target);
        o->fd = g_mkstemp_full(o->tmp, O_WRONLY | O_CLOEXEC, 0644);
    }
    if (o->fd < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot open %s: %s",
                    o->tmp ? o->tmp : target, g_strerror(errno));
        g_free(o->target);
        g_free(o->tmp);
        g_free(o);
        return NULL;
    }
    return o;
}

gboolean gdn_output_write(const char *bytes, gsize len, gpointer output)
{
    GdnOutput *o = output;
    if (!o->error)
        o->error = write_fd(o->fd, bytes, len);
    return o->error == 0;
}

gboolean gdn_output_close(GdnOutput *o, gboolean commit, GError **error)
{
    const char *name = o->target ? o->target : "standard output";
    int e = o->error;
    if (o->fd != STDOUT_FILENO) {
        if (!e && o->target && fsync(o->fd) != 0)
            e = errno;
        if (close(o->fd) != 0 && !e)
            e = errno;
    }
    if (!e && o->tmp && commit && rename(o->tmp, o->target) != 0)
        e = errno;
    if (o->tmp && (e || !commit))
        unlink(o->tmp);
    if (e)
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write %s: %s", name,
                    g_strerror(e));
    g_free(o->target);
    g_free(o->tmp);
    g_free(o);
    return e == 0;
}

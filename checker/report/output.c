#include "report/output.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static gboolean write_all(const char *path, const char *bytes, gsize len, GError **error)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot open %s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    while (len > 0) {
        ssize_t n = write(fd, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write %s: %s",
                        path, g_strerror(e));
            return FALSE;
        }
        bytes += n;
        len -= (gsize)n;
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

#define _GNU_SOURCE /* O_TMPFILE */
#include "core/safe_write.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static gboolean fail_errno(GError **error, int e, const char *what, const char *path)
{
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot %s %s: %s", what, path,
                g_strerror(e));
    return FALSE;
}

/* 0 or the errno of the failed write. */
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

/* Devices and pipes: written in place (there is nothing to replace). */
static gboolean write_stream(const char *path, const char *bytes, gsize len, GError **error)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail_errno(error, errno, "open", path);
    int e = write_fd(fd, bytes, len);
    if (close(fd) != 0 && e == 0)
        e = errno;
    return e == 0 || fail_errno(error, e, "write", path);
}

/* Does fd (a regular file of st's size) hold exactly expected? */
static gboolean holds(int fd, const struct stat *st, const char *expected, gsize len)
{
    if ((gsize)st->st_size != len)
        return FALSE;
    char buf[65536];
    gsize off = 0;
    while (off < len) {
        ssize_t n = pread(fd, buf, MIN(sizeof buf, len - off), (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || memcmp(buf, expected + off, (gsize)n) != 0)
            return FALSE;
        off += (gsize)n;
    }
    return TRUE;
}

/* Copies every extended attribute (POSIX ACLs and SELinux labels are
 * ones) of src to dst; 0 or an errno. */
static int copy_xattrs(int src, int dst)
{
    ssize_t n = flistxattr(src, NULL, 0);
    if (n <= 0)
        return n < 0 && errno != ENOTSUP ? errno : 0;
    g_autofree char *names = g_malloc((gsize)n);
    n = flistxattr(src, names, (gsize)n);
    if (n < 0)
        return errno;
    for (char *k = names; k < names + n; k += strlen(k) + 1) {
        ssize_t vn = fgetxattr(src, k, NULL, 0);
        if (vn < 0)
            return errno;
        g_autofree char *v = g_malloc((gsize)vn + 1);
        g_autofree char *now = g_malloc((gsize)vn + 1);
        vn = fgetxattr(src, k, v, (gsize)vn);
        if (vn < 0)
            return errno;
        /* Already so (e.g. the directory's default SELinux label): setting
         * it again could need a relabel permission for nothing. */
        if (fgetxattr(dst, k, now, (gsize)vn) == vn && memcmp(now, v, (gsize)vn) == 0)
            continue;
        if (fsetxattr(dst, k, v, (gsize)vn, 0) != 0)
            return errno;
    }
    return 0;
}

/* Gives tmp what the file it replaces has: owner, group, exact mode (not
 * filtered by the umask), then extended attributes. */
static gboolean keep_attributes(int old, const struct stat *st, int tmp, const char *path,
                                GError **error)
{
    struct stat ts;
    if (fstat(tmp, &ts) != 0)
        return fail_errno(error, errno, "stat the new copy of", path);
    if ((ts.st_uid != st->st_uid || ts.st_gid != st->st_gid) &&
        fchown(tmp, st->st_uid, st->st_gid) != 0)
        return fail_errno(error, errno, "keep the owner of", path);
    if (fchmod(tmp, st->st_mode & 07777) != 0)
        return fail_errno(error, errno, "keep the mode of", path);
    int e = copy_xattrs(old, tmp);
    return e == 0 || fail_errno(error, e, "keep the extended attributes (ACLs, labels) of", path);
}

/* An unnamed file in dir (O_TMPFILE); *name stays NULL. Where the file
 * system lacks O_TMPFILE, a named one: *name is set. mode goes through the
 * umask, as for any new file. */
static int open_tmp(const char *dir, mode_t mode, char **name)
{
    *name = NULL;
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    *name = g_build_filename(dir, ".guardian-XXXXXX", NULL);
    fd = g_mkstemp_full(*name, O_WRONLY | O_CLOEXEC, (int)mode);
    int e = errno;
    if (fd < 0)
        g_clear_pointer(name, g_free);
    errno = e; /* for the caller's message */
    return fd;
}

/* Gives the unnamed file tmp a fresh name in dir; NULL and errno on failure. */
static char *link_tmp(int tmp, const char *dir)
{
    g_autofree char *proc = g_strdup_printf("/proc/self/fd/%d", tmp);
    for (guint i = 0; i < 16; i++) {
        g_autofree char *name = g_strdup_printf("%s/.guardian-%08x", dir, g_random_int());
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
            return g_steal_pointer(&name);
        if (errno != EEXIST)
            return NULL;
    }
    errno = EEXIST;
    return NULL;
}

/* Puts tmp at target. A new target is linked (never clobbering a file
 * created meanwhile); an existing one is replaced by linking tmp under a
 * fresh name and renaming that over it, the only moment the new copy has a
 * name of its own. */
static gboolean publish(int tmp, const char *named, const char *dir, const char *target,
                        gboolean exists, GError **error)
{
    if (!exists && !named) {
        g_autofree char *proc = g_strdup_printf("/proc/self/fd/%d", tmp);
        return linkat(AT_FDCWD, proc, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 ||
               fail_errno(error, errno, "create", target);
    }
    if (!exists) {
        int e = link(named, target) == 0 ? 0 : errno;
        unlink(named);
        return e == 0 || fail_errno(error, e, "create", target);
    }
    g_autofree char *link = named ? NULL : link_tmp(tmp, dir);
    if (!named && !link)
        return fail_errno(error, errno, "create the new copy of", target);
    if (rename(named ? named : link, target) != 0) {
        int e = errno;
        unlink(named ? named : link);
        return fail_errno(error, e, "replace", target);
    }
    return TRUE;
}

/* Refusals that depend on the file as it is now; old is open on it. */
static gboolean may_replace(const struct stat *st, const char *path, GError **error)
{
    if (!S_ISREG(st->st_mode)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a regular file", path);
        return FALSE;
    }
    if (st->st_nlink > 1) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "%s has %lu hard links; replacing it would split them", path,
                    (unsigned long)st->st_nlink);
        return FALSE;
    }
    if (!(st->st_mode & S_IWUSR)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                    "%s is read-only (mode %04o); guardian does not override that", path,
                    (unsigned)(st->st_mode & 07777));
        return FALSE;
    }
    return TRUE;
}

/* Is target still the file old was opened on, with the expected bytes? */
static gboolean unchanged(int old, const char *target, const char *expected, gsize len,
                          GError **error)
{
    struct stat now, then;
    if (!expected)
        return TRUE;
    if (fstat(old, &then) == 0 && stat(target, &now) == 0 && now.st_dev == then.st_dev &&
        now.st_ino == then.st_ino && holds(old, &then, expected, len))
        return TRUE;
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                "%s changed since guardian read it; not overwritten", target);
    return FALSE;
}

/* Writes bytes into a new copy of target and puts it in place; old (-1 for
 * a new file) is open on the file replaced, st its status. */
static gboolean replace(int old, const struct stat *st, const char *target, const char *bytes,
                        gsize len, const char *expected, gsize expected_len, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(target);
    g_autofree char *named = NULL;
    int tmp = open_tmp(dir, old < 0 ? 0666 : 0600, &named);
    if (tmp < 0)
        return fail_errno(error, errno, "create a new copy of", target);
    int e = write_fd(tmp, bytes, len);
    gboolean ok = (e == 0 || fail_errno(error, e, "write", target)) &&
                  (fsync(tmp) == 0 || fail_errno(error, errno, "sync", target)) &&
                  (old < 0 || keep_attributes(old, st, tmp, target, error)) &&
                  (old < 0 || unchanged(old, target, expected, expected_len, error)) &&
                  publish(tmp, named, dir, target, old >= 0, error);
    if (!ok && named)
        unlink(named);
    close(tmp);
    return ok;
}

gboolean gdn_write_file(const char *path, const char *bytes, gsize len, const char *expected,
                        gsize expected_len, GError **error)
{
    /* Write through symlinks to the file they name. */
    g_autofree char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    int old = open(target, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (old < 0 && errno == ENOENT && !expected)
        return replace(-1, NULL, target, bytes, len, NULL, 0, error);
    if (old < 0)
        return fail_errno(error, errno, "open", path);
    struct stat st;
    if (fstat(old, &st) != 0) {
        int e = errno;
        close(old);
        return fail_errno(error, e, "stat", path);
    }
    if (!S_ISREG(st.st_mode) && !expected) {
        close(old); /* a pipe's reader: not us */
        return write_stream(target, bytes, len, error);
    }
    gboolean ok = may_replace(&st, path, error) &&
                  replace(old, &st, target, bytes, len, expected, expected_len, error);
    close(old);
    return ok;
}

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

int gdn_write_fd(int fd, const char *bytes, gsize len)
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

struct GdnSafeFile {
    char *path;     /* as given, for messages */
    char *target;   /* the file written: symlinks resolved */
    char *dir;      /* target's directory, where the new copy is made */
    int old;        /* open on the file replaced; -1 for a new file or in place */
    struct stat st; /* old's status */
    int fd;         /* the new copy, or a device or pipe written in place */
    gboolean in_place;
    char *named; /* the new copy's name where the file system lacks O_TMPFILE */
    int error;   /* errno of the first failed write */
};

static void safe_file_free(GdnSafeFile *f)
{
    if (f->named)
        unlink(f->named);
    if (f->fd >= 0)
        close(f->fd);
    if (f->old >= 0)
        close(f->old);
    g_free(f->path);
    g_free(f->target);
    g_free(f->dir);
    g_free(f->named);
    g_free(f);
}

/* Opens where the bytes go once f->old (or its absence) is known. */
static gboolean open_new_copy(GdnSafeFile *f, gboolean must_exist, GError **error)
{
    if (f->old < 0 && (errno != ENOENT || must_exist))
        return fail_errno(error, errno, "open", f->path);
    if (f->old >= 0 && fstat(f->old, &f->st) != 0)
        return fail_errno(error, errno, "stat", f->path);
    if (f->old >= 0 && !S_ISREG(f->st.st_mode) && !must_exist) {
        /* Devices and pipes: written in place (nothing to replace); the
         * descriptor opened to look was a reader, not us. */
        close(f->old);
        f->old = -1;
        f->in_place = TRUE;
        f->fd = open(f->target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
        return f->fd >= 0 || fail_errno(error, errno, "open", f->path);
    }
    if (f->old >= 0 && !may_replace(&f->st, f->path, error))
        return FALSE;
    f->fd = open_tmp(f->dir, f->old < 0 ? 0666 : 0600, &f->named);
    return f->fd >= 0 || fail_errno(error, errno, "create a new copy of", f->target);
}

static GdnSafeFile *safe_open(const char *path, gboolean must_exist, GError **error)
{
    GdnSafeFile *f = g_new0(GdnSafeFile, 1);
    f->path = g_strdup(path);
    /* Write through symlinks to the file they name. */
    f->target = realpath(path, NULL);
    if (!f->target)
        f->target = g_strdup(path);
    f->dir = g_path_get_dirname(f->target);
    f->fd = -1;
    f->old = open(f->target, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (!open_new_copy(f, must_exist, error)) {
        safe_file_free(f);
        return NULL;
    }
    return f;
}

GdnSafeFile *gdn_safe_file_open(const char *path, GError **error)
{
    return safe_open(path, FALSE, error);
}

gboolean gdn_safe_file_write(GdnSafeFile *f, const char *bytes, gsize len)
{
    if (!f->error)
        f->error = gdn_write_fd(f->fd, bytes, len);
    return f->error == 0;
}

/* Puts the new copy in place: synced, with the old file's attributes, and
 * only over the bytes expected (when given). */
static gboolean commit_copy(GdnSafeFile *f, const char *expected, gsize expected_len,
                            GError **error)
{
    gboolean ok = (fsync(f->fd) == 0 || fail_errno(error, errno, "sync", f->target)) &&
                  (f->old < 0 || keep_attributes(f->old, &f->st, f->fd, f->target, error)) &&
                  (f->old < 0 || unchanged(f->old, f->target, expected, expected_len, error)) &&
                  publish(f->fd, f->named, f->dir, f->target, f->old >= 0, error);
    if (ok)
        g_clear_pointer(&f->named, g_free); /* published: no longer ours to remove */
    return ok;
}

static gboolean safe_close(GdnSafeFile *f, gboolean commit, const char *expected,
                           gsize expected_len, GError **error)
{
    gboolean ok = f->error == 0 || fail_errno(error, f->error, "write", f->target);
    if (f->in_place) {
        int fd = f->fd;
        f->fd = -1;
        if (close(fd) != 0 && ok)
            ok = fail_errno(error, errno, "write", f->target);
    } else if (ok && commit) {
        ok = commit_copy(f, expected, expected_len, error);
    }
    safe_file_free(f);
    return ok;
}

gboolean gdn_safe_file_close(GdnSafeFile *f, gboolean commit, GError **error)
{
    return safe_close(f, commit, NULL, 0, error);
}

gboolean gdn_write_file(const char *path, const char *bytes, gsize len, const char *expected,
                        gsize expected_len, GError **error)
{
    GdnSafeFile *f = safe_open(path, expected != NULL, error);
    if (!f)
        return FALSE;
    gdn_safe_file_write(f, bytes, len);
    return safe_close(f, TRUE, expected, expected_len, error);
}

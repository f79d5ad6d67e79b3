/* The one file writer (--fix, -o, --write-baseline): all or nothing, keeps
 * owner, group, exact mode and extended attributes, refuses hard links,
 * read-only files and files changed since they were read, and leaves no
 * temporary file behind. */
#include "helpers.h"
#include "core/safe_write.h"
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

typedef struct {
    char *dir;
    char *path;
} Tmp;

static int setup(void **state)
{
    Tmp *t = g_new0(Tmp, 1);
    t->dir = g_dir_make_tmp("gdn-write-XXXXXX", NULL);
    t->path = g_build_filename(t->dir, "d.xml", NULL);
    g_file_set_contents(t->path, "old", -1, NULL);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    Tmp *t = *state;
    chmod(t->dir, 0755);
    g_autoptr(GDir) d = g_dir_open(t->dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(t->dir, n, NULL);
        unlink(p);
    }
    rmdir(t->dir);
    g_free(t->dir);
    g_free(t->path);
    g_free(t);
    return 0;
}

static guint entries(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    while (g_dir_read_name(d))
        n++;
    return n;
}

static void keeps_exact_mode_and_owner(void **state)
{
    Tmp *t = *state;
    chmod(t->path, 0664);
    mode_t old_mask = umask(077);
    gboolean running_as_root = geteuid() == 0;
    if (running_as_root)
        assert_int_equal(chown(t->path, 65534, 65534), 0);
    g_autoptr(GError) err = NULL;
    gboolean ok = gdn_write_file(t->path, "new", 3, "old", 3, &err);
    umask(old_mask);
    assert_true(ok);
    struct stat st;
    assert_int_equal(stat(t->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0664); /* not 0600 through the umask */
    if (running_as_root) {
        assert_int_equal(st.st_uid, 65534);
        assert_int_equal(st.st_gid, 65534);
    }
    g_autofree char *now = gt_read(t->path);
    assert_string_equal(now, "new");
    assert_int_equal(entries(t->dir), 1);
}

static void keeps_extended_attributes(void **state)
{
    Tmp *t = *state;
    if (setxattr(t->path, "user.guardian-test", "kept", 4, 0) != 0) {
        print_message("no user xattrs on this file system; skipped\n");
        return;
    }
    assert_true(gdn_write_file(t->path, "new", 3, NULL, 0, NULL));
    char v[16] = {0};
    assert_int_equal(getxattr(t->path, "user.guardian-test", v, sizeof v), 4);
    assert_string_equal(v, "kept");
}

static void refuses_hard_links_and_read_only_files(void **state)
{
    Tmp *t = *state;
    g_autofree char *other = g_build_filename(t->dir, "other.xml", NULL);
    assert_int_equal(link(t->path, other), 0);
    g_autoptr(GError) err = NULL;
    assert_false(gdn_write_file(t->path, "new", 3, "old", 3, &err));
    assert_non_null(strstr(err->message, "hard links"));
    g_autofree char *kept = gt_read(other);
    assert_string_equal(kept, "old");
    unlink(other);

    g_clear_error(&err);
    chmod(t->path, 0444);
    assert_false(gdn_write_file(t->path, "new", 3, "old", 3, &err));
    assert_non_null(strstr(err->message, "read-only"));
    g_autofree char *still = gt_read(t->path);
    assert_string_equal(still, "old");
    assert_int_equal(entries(t->dir), 1);
}

static void never_overwrites_a_concurrent_edit(void **state)
{
    Tmp *t = *state;
    /* Edited in place since it was read ("old"). */
    g_file_set_contents(t->path, "edited", -1, NULL);
    g_autoptr(GError) err = NULL;
    assert_false(gdn_write_file(t->path, "fixed", 5, "old", 3, &err));
    assert_non_null(strstr(err->message, "changed since"));
    /* Replaced by another file with the same text (sed -i): still refused,
     * the replacement may carry another owner or mode. */
    g_autofree char *other = g_build_filename(t->dir, "new.xml", NULL);
    g_file_set_contents(other, "edited", -1, NULL);
    g_autofree char *before = gt_read(t->path);
    g_clear_error(&err);
    assert_true(gdn_write_file(t->path, "fixed", 5, before, strlen(before), &err));
    assert_int_equal(rename(other, t->path), 0);
    assert_false(gdn_write_file(t->path, "again", 5, "fixed", 5, &err));
    g_autofree char *now = gt_read(t->path);
    assert_string_equal(now, "edited");
    /* Removed since it was read: not recreated. */
    unlink(t->path);
    g_clear_error(&err);
    assert_false(gdn_write_file(t->path, "fixed", 5, "edited", 6, &err));
    assert_false(g_file_test(t->path, G_FILE_TEST_EXISTS));
    assert_int_equal(entries(t->dir), 0);
}

static void new_files_devices_and_symlinks(void **state)
{
    Tmp *t = *state;
    g_autofree char *fresh = g_build_filename(t->dir, "report.json", NULL);
    mode_t old_mask = umask(022);
    gboolean ok = gdn_write_file(fresh, "{}", 2, NULL, 0, NULL);
    umask(old_mask);
    assert_true(ok);
    struct stat st;
    assert_int_equal(stat(fresh, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    /* Through a symlink: the file it names is written, the link stays. */
    g_autofree char *lnk = g_build_filename(t->dir, "link.xml", NULL);
    assert_int_equal(symlink("d.xml", lnk), 0);
    assert_true(gdn_write_file(lnk, "via", 3, "old", 3, NULL));
    assert_int_equal(lstat(lnk, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    g_autofree char *now = gt_read(t->path);
    assert_string_equal(now, "via");
    assert_true(gdn_write_file("/dev/null", "x", 1, NULL, 0, NULL));
    g_autoptr(GError) err = NULL;
    assert_false(gdn_write_file("/dev/full", "x", 1, NULL, 0, &err));
    assert_non_null(err); /* the message the caller prints is always set */
    assert_int_equal(entries(t->dir), 3);
}

/* As nobody when run as root, so a read-only directory really is one. */
static void read_only_directory_fails_cleanly(void **state)
{
    Tmp *t = *state;
    chmod(t->path, 0666);
    chmod(t->dir, 0555);
    pid_t pid = fork();
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        g_autoptr(GError) err = NULL;
        gboolean ok = gdn_write_file(t->path, "new", 3, "old", 3, &err);
        _exit(ok ? 0 : err && strstr(err->message, t->dir) ? 1 : 4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    g_autofree char *still = gt_read(t->path);
    assert_string_equal(still, "old");
    assert_int_equal(entries(t->dir), 1);
}

/* In steps (streamed -o reports): chunks land only at commit, with the old
 * file's mode; without commit (a failed run) the file is untouched and no
 * copy is left; refusals come at open. */
static void in_steps(void **state)
{
    Tmp *t = *state;
    chmod(t->path, 0640);
    GdnSafeFile *f = gdn_safe_file_open(t->path, NULL);
    assert_non_null(f);
    assert_true(gdn_safe_file_write(f, "ne", 2));
    assert_true(gdn_safe_file_write(f, "w", 1));
    g_autofree char *during = gt_read(t->path);
    assert_string_equal(during, "old");
    assert_true(gdn_safe_file_close(f, TRUE, NULL));
    g_autofree char *now = gt_read(t->path);
    assert_string_equal(now, "new");
    struct stat st;
    assert_int_equal(stat(t->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    f = gdn_safe_file_open(t->path, NULL);
    assert_non_null(f);
    gdn_safe_file_write(f, "partial", 7);
    assert_true(gdn_safe_file_close(f, FALSE, NULL));
    g_autofree char *kept = gt_read(t->path);
    assert_string_equal(kept, "new");
    assert_int_equal(entries(t->dir), 1);
    g_autofree char *second = g_build_filename(t->dir, "second.xml", NULL);
    assert_int_equal(link(t->path, second), 0);
    g_autoptr(GError) err = NULL;
    assert_null(gdn_safe_file_open(t->path, &err));
    assert_non_null(strstr(err->message, "hard links"));
    f = gdn_safe_file_open("/dev/full", NULL);
    assert_non_null(f);
    assert_false(gdn_safe_file_write(f, "x", 1));
    g_clear_error(&err);
    assert_false(gdn_safe_file_close(f, TRUE, &err));
    assert_non_null(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(keeps_exact_mode_and_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(keeps_extended_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_hard_links_and_read_only_files, setup, teardown),
        cmocka_unit_test_setup_teardown(never_overwrites_a_concurrent_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(new_files_devices_and_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(read_only_directory_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(in_steps, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

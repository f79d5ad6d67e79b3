/* The one writer of files (--fix, -o reports, --write-baseline). A regular
 * file is replaced all or nothing: the new text goes to an unnamed
 * O_TMPFILE in the same directory, gets the old file's owner, group, exact
 * mode and extended attributes (POSIX ACLs, SELinux labels), and is then
 * linked and renamed over it, so a killed guardian leaves no temp file.
 * Symlinks are written through; devices and pipes (-o /dev/stdout) are
 * written in place. Refused: files with several hard links (a rename would
 * split them), files their owner cannot write, and, when expected bytes are
 * given, a file that no longer holds them (changed since it was read). */
#pragma once
#include <glib.h>

/* expected (or NULL): what path must still contain; a missing path is then
 * an error too. Without expected, a missing path is created. */
gboolean gdn_write_file(const char *path, const char *bytes, gsize len, const char *expected,
                        gsize expected_len, GError **error);

/* The same in steps, for text written as it is produced (streamed
 * reports): refusals come at open, nothing is in place before close. */
typedef struct GdnSafeFile GdnSafeFile;
GdnSafeFile *gdn_safe_file_open(const char *path, GError **error);
/* FALSE once any write failed (the error comes at close). */
gboolean gdn_safe_file_write(GdnSafeFile *f, const char *bytes, gsize len);
/* Puts the new text in place when commit (else drops it) and frees f;
 * FALSE with error when a write or the commit failed. */
gboolean gdn_safe_file_close(GdnSafeFile *f, gboolean commit, GError **error);

/* Writes all of bytes to fd (retrying short writes); 0 or an errno. */
int gdn_write_fd(int fd, const char *bytes, gsize len);

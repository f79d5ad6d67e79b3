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

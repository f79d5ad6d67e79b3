/* The fuzz input as a file path (an in-memory file), for loaders that take
 * a path: /proc/self/fd/N of a memfd holding exactly the bytes. */
#pragma once
#define _GNU_SOURCE
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static inline char *fuzz_file(const uint8_t *data, size_t size, int *fd)
{
    *fd = memfd_create("fuzz", MFD_CLOEXEC);
    if (*fd < 0 || write(*fd, data, size) != (ssize_t)size)
        abort();
    return g_strdup_printf("/proc/self/fd/%d", *fd);
}

/* libFuzzer harness: arbitrary bytes as a baseline (depth limit, json-glib,
 * format and type checks). */
#include "fuzz_file.h"
#include "engine/baseline.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd;
    g_autofree char *path = fuzz_file(data, size, &fd);
    g_autoptr(GError) err = NULL;
    g_autoptr(GdnBaseline) b = gdn_baseline_load(path, &err);
    g_assert(b || err);
    close(fd);
    return 0;
}

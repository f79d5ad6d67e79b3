/* libFuzzer harness: arbitrary bytes as a config file (GKeyFile, text
 * checks, value parsing). */
#include "fuzz_file.h"
#include "source/config.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd;
    g_autofree char *path = fuzz_file(data, size, &fd);
    g_autoptr(GError) err = NULL;
    g_autoptr(GdnConfig) c = gdn_config_load(path, &err);
    g_assert(c || err);
    close(fd);
    return 0;
}

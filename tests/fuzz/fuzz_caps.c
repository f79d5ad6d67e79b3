/* libFuzzer harness: arbitrary bytes as `virsh capabilities` output (safe
 * parse, cells, CPUs, siblings cpusets, page sizes) and as `virsh
 * domcapabilities` output (--domain-caps). */
#include "source/domcaps.h"
#include "source/host.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *bytes = g_malloc(size + 1);
    memcpy(bytes, data, size);
    bytes[size] = '\0';
    g_autoptr(GdnInputError) err = NULL;
    GdnHost *host = gdn_host_parse("caps.xml", bytes, size, &err);
    g_assert(host || err);
    if (host) {
        gdn_host_cpu(host, 0);
        gdn_host_pages(host, 2048);
        gdn_host_free(host);
    }
    g_autoptr(GdnInputError) derr = NULL;
    g_autoptr(GdnDomCaps) dc = gdn_domcaps_parse("domcaps.xml", bytes, size, &derr);
    g_assert(dc || derr);
    return 0;
}

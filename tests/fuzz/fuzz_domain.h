/* What the domain harnesses share: a 4-CPU host (one NUMA cell, SMT
 * siblings) of a given vendor with hugepages 2 MiB pages free, and the
 * fuzz input parsed as a domain (NULL when it is none). */
#pragma once
#include "core/document.h"
#include "source/host.h"
#include <stdint.h>
#include <string.h>

static inline GdnHost *fuzz_host(const char *vendor, guint hugepages)
{
    g_autofree char *xml = g_strdup_printf(
        "<capabilities><host><cpu><vendor>%s</vendor><topology sockets='1' cores='2' "
        "threads='2'/><pages size='4'/><pages size='2048'/></cpu><topology><cells num='1'>"
        "<cell id='0'><pages size='2048'>%u</pages><cpus num='4'>"
        "<cpu id='0' socket_id='0' core_id='0' siblings='0,2'/>"
        "<cpu id='1' socket_id='0' core_id='1' siblings='1,3'/>"
        "<cpu id='2' socket_id='0' core_id='0' siblings='0,2'/>"
        "<cpu id='3' socket_id='0' core_id='1' siblings='1,3'/>"
        "</cpus></cell></cells></topology></host></capabilities>",
        vendor, hugepages);
    GdnInputError *err = NULL;
    return gdn_host_parse("host", xml, strlen(xml), &err);
}

static inline GdnDoc *fuzz_doc(const uint8_t *data, size_t size)
{
    char *bytes = g_malloc(size + 1);
    memcpy(bytes, data, size);
    bytes[size] = '\0';
    g_autoptr(GdnInputError) err = NULL;
    return gdn_doc_parse("fuzz.xml", NULL, bytes, size, &err);
}

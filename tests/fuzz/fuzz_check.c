/* libFuzzer harness: arbitrary bytes through the whole pipeline (safe parse,
 * spans, facts, every rule with and without host facts). */
#include "core/document.h"
#include "engine/engine.h"
#include "source/host.h"
#include "engine/selection.h"
#include <string.h>

static const char host_xml[] =
    "<capabilities><host><cpu><vendor>AMD</vendor><topology sockets='1' cores='2' "
    "threads='2'/><pages size='4'/><pages size='2048'/></cpu><topology><cells num='1'>"
    "<cell id='0'><pages size='2048'>16</pages><cpus num='4'>"
    "<cpu id='0' socket_id='0' core_id='0' siblings='0,2'/>"
    "<cpu id='1' socket_id='0' core_id='1' siblings='1,3'/>"
    "<cpu id='2' socket_id='0' core_id='0' siblings='0,2'/>"
    "<cpu id='3' socket_id='0' core_id='1' siblings='1,3'/>"
    "</cpus></cell></cells></topology></host></capabilities>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static GdnSelection *sel;
    static GdnHost *host;
    if (!sel) {
        sel = gdn_selection_new();
        gdn_selection_add(sel, "all", FALSE, NULL);
        GdnInputError *err = NULL;
        host = gdn_host_parse("host", host_xml, strlen(host_xml), &err);
    }
    for (int with_host = 0; with_host < 2; with_host++) {
        GdnEngineConfig cfg = {.selection = sel,
                               .host = with_host ? host : NULL,
                               .guest = with_host ? GDN_GUEST_WINDOWS : GDN_GUEST_AUTO};
        g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
        g_autoptr(GdnInputError) err = NULL;
        char *bytes = g_malloc(size + 1);
        memcpy(bytes, data, size);
        bytes[size] = '\0';
        g_autoptr(GdnDoc) doc = gdn_doc_parse("fuzz.xml", NULL, bytes, size, &err);
        if (!doc)
            continue;
        g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
        g_autofree char *skipped = NULL;
        gdn_engine_check(engine, doc, f, &skipped);
    }
    return 0;
}

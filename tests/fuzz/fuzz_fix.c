/* libFuzzer harness: the fixer as --diff runs it (every rule, safe and
 * unsafe fixes, host facts): stylesheets, tree -> edits, composition of
 * rounds, re-parse, unified diff. */
#include "core/document.h"
#include "engine/engine.h"
#include "engine/selection.h"
#include "fix/fixer.h"
#include "source/host.h"
#include <stdint.h>
#include <string.h>

static const char host_xml[] =
    "<capabilities><host><cpu><vendor>Intel</vendor><topology sockets='1' cores='2' "
    "threads='2'/><pages size='4'/><pages size='2048'/></cpu><topology><cells num='1'>"
    "<cell id='0'><pages size='2048'>4096</pages><cpus num='4'>"
    "<cpu id='0' socket_id='0' core_id='0' siblings='0,2'/>"
    "<cpu id='1' socket_id='0' core_id='1' siblings='1,3'/>"
    "<cpu id='2' socket_id='0' core_id='0' siblings='0,2'/>"
    "<cpu id='3' socket_id='0' core_id='1' siblings='1,3'/>"
    "</cpus></cell></cells></topology></host></capabilities>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static GdnEngine *engine;
    static GdnFixer *fixer;
    if (!engine) {
        GdnSelection *sel = gdn_selection_new();
        gdn_selection_add(sel, "all", FALSE, NULL);
        GdnInputError *err = NULL;
        GdnHost *host = gdn_host_parse("host", host_xml, strlen(host_xml), &err);
        GdnEngineConfig cfg = {.selection = sel, .host = host};
        engine = gdn_engine_new(&cfg);
        GdnFixerConfig fcfg = {.engine = engine, .unsafe = TRUE, .diff = TRUE};
        fixer = gdn_fixer_new(&fcfg);
    }
    char *bytes = g_malloc(size + 1);
    memcpy(bytes, data, size);
    bytes[size] = '\0';
    g_autoptr(GdnInputError) err = NULL;
    g_autoptr(GdnDoc) doc = gdn_doc_parse("fuzz.xml", NULL, bytes, size, &err);
    if (!doc)
        return 0;
    g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *skipped = NULL;
    gdn_engine_check(engine, doc, f, &skipped);
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(fixer, engine, doc, f, NULL, NULL);
    if (ff && ff->edits->len) {
        g_autofree char *diff = gdn_unified_diff("fuzz.xml", doc->bytes, doc->len, ff->edits);
        g_assert(diff[0] == '-');
    }
    return 0;
}

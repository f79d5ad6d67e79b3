/* libFuzzer harness: arbitrary bytes through the whole pipeline (safe parse,
 * spans, facts, every rule with and without host facts). */
#include "engine/engine.h"
#include "engine/selection.h"
#include "fuzz_domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static GdnSelection *sel;
    static GdnHost *host;
    if (!sel) {
        sel = gdn_selection_new();
        gdn_selection_add(sel, "all", FALSE, NULL);
        host = fuzz_host("AMD", 16);
    }
    for (int with_host = 0; with_host < 2; with_host++) {
        GdnEngineConfig cfg = {.selection = sel,
                               .host = with_host ? host : NULL,
                               .guest = with_host ? GDN_GUEST_WINDOWS : GDN_GUEST_AUTO};
        g_autoptr(GdnEngine) engine = gdn_engine_new(&cfg);
        g_autoptr(GdnDoc) doc = fuzz_doc(data, size);
        if (!doc)
            continue;
        g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
        g_autofree char *skipped = NULL;
        gdn_engine_check(engine, doc, f, &skipped);
    }
    return 0;
}

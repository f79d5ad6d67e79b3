/* libFuzzer harness: the fixer as --diff runs it (every rule, safe and
 * unsafe fixes, host facts): stylesheets, tree -> edits, composition of
 * rounds, re-parse, unified diff; and as SARIF runs it (each fix alone,
 * offer.c), where every fix offered must give a text that parses as a
 * domain on its own. */
#include "engine/engine.h"
#include "engine/selection.h"
#include "fix/fixer.h"
#include "fuzz_domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void offers_parse(const GdnDoc *doc, const GdnFileFix *ff)
{
    for (guint i = 0; ff && i < ff->offered->len; i++) {
        const GdnAppliedFix *a = g_ptr_array_index(ff->offered, i);
        gsize len = 0;
        g_autofree char *text = gdn_edits_apply(doc->bytes, doc->len, a->edits, &len);
        g_autoptr(GdnInputError) err = NULL;
        g_assert(gdn_domain_text_ok("fuzz.xml", text, len, &err));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static GdnEngine *engine;
    static GdnFixer *differ, *offerer;
    if (!engine) {
        GdnSelection *sel = gdn_selection_new();
        gdn_selection_add(sel, "all", FALSE, NULL);
        GdnEngineConfig cfg = {.selection = sel, .host = fuzz_host("Intel", 4096)};
        engine = gdn_engine_new(&cfg);
        GdnFixerConfig dcfg = {.engine = engine, .unsafe = TRUE, .diff = TRUE};
        differ = gdn_fixer_new(&dcfg);
        GdnFixerConfig ocfg = {.engine = engine, .unsafe = TRUE, .fix_edits = TRUE};
        offerer = gdn_fixer_new(&ocfg);
    }
    g_autoptr(GdnDoc) doc = fuzz_doc(data, size);
    if (!doc)
        return 0;
    g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_finding_free);
    g_autofree char *skipped = NULL;
    gdn_engine_check(engine, doc, f, &skipped);
    g_autoptr(GdnFileFix) ff = gdn_fixer_fix_doc_with(differ, engine, doc, f, NULL, NULL);
    if (ff && ff->edits->len) {
        g_autofree char *diff = gdn_unified_diff("fuzz.xml", doc->bytes, doc->len, ff->edits);
        g_assert(diff[0] == '-');
    }
    g_autoptr(GdnFileFix) offers = gdn_fixer_fix_doc_with(offerer, engine, doc, f, NULL, NULL);
    offers_parse(doc, offers);
    return 0;
}

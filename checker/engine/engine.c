#include "engine/engine.h"
#include "engine/registry.h"
#include "engine/rule.h"
#include "engine/suppress.h"
#include "core/xmlq.h"
#include <libxml/tree.h>
#include <string.h>

struct GdnEngine {
    GdnEngineConfig cfg;
    GHashTable *enabled; /* const GdnRule* set */
};

struct GdnCheck {
    const GdnEngine *engine;
    const GdnModule *module;
    const GdnDoc *doc;
    const GdnFacts *facts;
    GPtrArray *findings;
    GHashTable *paths; /* gdn_node_path_cached's cache for doc */
    guint first;       /* this document's first finding */
};

GdnEngine *gdn_engine_new(const GdnEngineConfig *cfg)
{
    GdnEngine *e = g_new0(GdnEngine, 1);
    e->cfg = *cfg;
    e->enabled = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++) {
            const GdnRule *rule = &mod->rules[r];
            if ((rule->needs_host && !cfg->host) || (rule->needs_schema && !cfg->schema) ||
                (rule->needs_domcaps && (!cfg->domcaps || cfg->domcaps->len == 0)))
                continue;
            if (gdn_selection_enabled(cfg->selection, mod, rule))
                g_hash_table_add(e->enabled, (gpointer)rule);
        }
    }
    return e;
}

void gdn_engine_free(GdnEngine *e)
{
    if (!e)
        return;
    g_hash_table_unref(e->enabled);
    g_free(e);
}

const GdnDoc *gdn_check_doc(const GdnCheck *ck)
{
    return ck->doc;
}

const GdnFacts *gdn_check_facts(const GdnCheck *ck)
{
    return ck->facts;
}

const GdnHost *gdn_check_host(const GdnCheck *ck)
{
    return ck->engine->cfg.host;
}

const GdnSchema *gdn_check_schema(const GdnCheck *ck)
{
    return ck->engine->cfg.schema;
}

const GdnDomCaps *gdn_check_domcaps(const GdnCheck *ck, gboolean need_machine)
{
    const GdnFacts *f = ck->facts;
    if (!ck->engine->cfg.domcaps)
        return NULL;
    xmlNodePtr type = gdn_path(f->root, "os/type");
    g_autofree char *emulator = gdn_text(gdn_child(f->devices, "emulator"));
    return gdn_domcaps_find(ck->engine->cfg.domcaps, f->type, gdn_attr(type, "arch"),
                            gdn_attr(type, "machine"), emulator, need_machine);
}

const GdnImageInfo *gdn_check_image(const GdnCheck *ck, const char *path)
{
    return gdn_images_find(ck->engine->cfg.images, path);
}

static const GdnRule *module_rule(const GdnModule *mod, const char *id)
{
    for (guint r = 0; r < mod->n_rules; r++)
        if (g_strcmp0(mod->rules[r].id, id) == 0)
            return &mod->rules[r];
    return NULL;
}

const GPtrArray *gdn_check_findings(const GdnCheck *ck, guint *first)
{
    *first = ck->first;
    return ck->findings;
}

gboolean gdn_check_rule_runs(const GdnCheck *ck, const GdnModule *module, const GdnRule *rule)
{
    return g_hash_table_contains(ck->engine->enabled, rule) &&
           !(module->windows_only && !ck->facts->is_windows);
}

gboolean gdn_check_wants(const GdnCheck *ck, const char *rule_id)
{
    const GdnRule *rule = module_rule(ck->module, rule_id);
    g_return_val_if_fail(rule != NULL, FALSE);
    return g_hash_table_contains(ck->engine->enabled, rule);
}

static GdnFinding *report_va(GdnCheck *ck, const char *rule_id, gboolean has_sev, GdnSeverity sev,
                             xmlNodePtr node, const char *fmt, va_list ap)
{
    const GdnRule *rule = module_rule(ck->module, rule_id);
    g_return_val_if_fail(rule != NULL, NULL);
    if (!g_hash_table_contains(ck->engine->enabled, rule))
        return NULL;
    if (!node)
        node = ck->facts->root;
    /* One block for the finding and its document's names: a run makes
     * many findings. */
    const char *names[3] = {ck->doc->file, ck->doc->uri, ck->doc->domain};
    gsize lens[3], total = 0;
    for (guint i = 0; i < 3; i++)
        total += lens[i] = names[i] ? strlen(names[i]) + 1 : 0;
    GdnFinding *f = g_malloc0(sizeof *f + total);
    char *w = (char *)(f + 1);
    char **dest[3] = {&f->file, &f->uri, &f->domain};
    for (guint i = 0; i < 3; i++) {
        if (names[i]) {
            *dest[i] = memcpy(w, names[i], lens[i]);
            w += lens[i];
        }
    }
    f->inline_names = TRUE;
    f->rule = rule;
    f->module = ck->module;
    f->severity =
        gdn_selection_severity(ck->engine->cfg.selection, rule, has_sev ? sev : rule->severity);
    gdn_doc_node_pos(ck->doc, node, &f->line, &f->column);
    f->xpath = gdn_node_path_cached(node, ck->paths);
    f->message = g_strdup_vprintf(fmt, ap);
    f->fix_safety = rule->fix;
    f->skip_params = ck->engine->cfg.skip_fix_params;
    f->node = node;
    g_ptr_array_add(ck->findings, f);
    return f;
}

GdnFinding *gdn_report(GdnCheck *ck, const char *rule_id, xmlNodePtr node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    GdnFinding *f = report_va(ck, rule_id, FALSE, GDN_SEV_INFO, node, fmt, ap);
    va_end(ap);
    return f;
}

GdnFinding *gdn_report_sev(GdnCheck *ck, const char *rule_id, GdnSeverity sev, xmlNodePtr node,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    GdnFinding *f = report_va(ck, rule_id, TRUE, sev, node, fmt, ap);
    va_end(ap);
    return f;
}

static gint cmp_findings(gconstpointer a, gconstpointer b, gpointer data)
{
    (void)data;
    return gdn_finding_cmp(a, b);
}

gboolean gdn_engine_check(const GdnEngine *engine, const GdnDoc *doc, GPtrArray *findings,
                          char **skipped)
{
    return gdn_engine_check_guest(engine, doc, findings, skipped, NULL);
}

gboolean gdn_engine_check_guest(const GdnEngine *engine, const GdnDoc *doc, GPtrArray *findings,
                                char **skipped, gboolean *is_windows)
{
    xmlNodePtr root = xmlDocGetRootElement(doc->xml);
    g_autoptr(GdnFacts) facts = gdn_facts_new(root, engine->cfg.guest);
    if (!facts->is_qemu) {
        *skipped = g_strdup_printf("domain type '%s' is not QEMU/KVM; skipped",
                                   facts->type ? facts->type : "(none)");
        return FALSE;
    }
    if (is_windows)
        *is_windows = facts->is_windows;
    guint first = findings->len;
    g_autoptr(GHashTable) paths = gdn_path_cache_new();
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        if (mod->windows_only && !facts->is_windows)
            continue;
        GdnCheck ck = {engine, mod, doc, facts, findings, paths, first};
        mod->check(&ck);
    }
    /* Sort only this document's findings; facts die with this call. */
    g_qsort_with_data(findings->pdata + first, (gint)(findings->len - first), sizeof(gpointer),
                      cmp_findings, NULL);
    gdn_suppress_in_doc(doc, findings, first);
    gdn_suppress_paths(engine->cfg.config, doc->file, findings, first);
    return TRUE;
}

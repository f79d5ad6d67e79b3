#include "engine/suppress.h"
#include "engine/registry.h"
#include "engine/selection.h"
#include "core/xmlq.h"
#include <string.h>

static gboolean list_names_rule(const char *list, const GdnFinding *f)
{
    g_auto(GStrv) toks = g_strsplit_set(list ? list : "", ", ", -1);
    for (char **t = toks; *t; t++)
        if (**t && gdn_selection_token_matches(*t, f->module, f->rule))
            return TRUE;
    return FALSE;
}

static void mark(GdnFinding *f, const char *kind, const char *reason)
{
    if (f->suppressed)
        return;
    f->suppressed = g_strdup(reason && *reason ? reason : "suppressed");
    f->suppression_kind = kind;
}

static gboolean in_ns(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST GDN_XMLNS);
}

/* <guardian:ignore rules='...' reason='...'/>, at the top of <metadata> or
 * inside one guardian-namespace container (libvirt keeps one element per
 * namespace). */
static void apply_ignore(xmlNodePtr ig, GPtrArray *findings, guint first)
{
    if (!in_ns(ig) || !xmlStrEqual(ig->name, BAD_CAST "ignore"))
        return;
    xmlChar *rules = xmlGetProp(ig, BAD_CAST "rules");
    xmlChar *reason = xmlGetProp(ig, BAD_CAST "reason");
    for (guint i = first; i < findings->len; i++) {
        GdnFinding *f = g_ptr_array_index(findings, i);
        if (list_names_rule((const char *)rules, f))
            mark(f, "inSource", (const char *)reason);
    }
    xmlFree(rules);
    xmlFree(reason);
}

static void metadata_ignores(xmlNodePtr root, GPtrArray *findings, guint first)
{
    xmlNodePtr md = gdn_child(root, "metadata");
    for (xmlNodePtr c = md ? md->children : NULL; c; c = c->next) {
        if (!in_ns(c))
            continue;
        apply_ignore(c, findings, first);
        for (xmlNodePtr g = c->children; g; g = g->next)
            apply_ignore(g, findings, first);
    }
}

static gboolean is_ancestor_or_self(xmlNodePtr anc, xmlNodePtr n)
{
    for (; n; n = n->parent)
        if (n == anc)
            return TRUE;
    return FALSE;
}

/* "guardian-ignore: HV016,CLK006 reason" in the comment before element. */
static void comment_ignores(xmlNodePtr node, GPtrArray *findings, guint first)
{
    for (xmlNodePtr c = node; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE) {
            const char *text = (const char *)c->content;
            const char *tag = text ? strstr(text, "guardian-ignore:") : NULL;
            xmlNodePtr el = c->next;
            while (el && el->type != XML_ELEMENT_NODE)
                el = el->next;
            if (!tag || !el)
                continue;
            g_autofree char *dup = g_strdup(tag + 16);
            g_auto(GStrv) parts = g_strsplit(g_strstrip(dup), " ", 2);
            const char *ids = parts[0];
            const char *reason = parts[0] ? parts[1] : NULL;
            for (guint i = first; i < findings->len; i++) {
                GdnFinding *f = g_ptr_array_index(findings, i);
                if (f->node && is_ancestor_or_self(el, f->node) && list_names_rule(ids, f))
                    mark(f, "inSource", reason ? g_strstrip((char *)reason) : NULL);
            }
        } else if (c->type == XML_ELEMENT_NODE && c->children) {
            comment_ignores(c->children, findings, first);
        }
    }
}

void gdn_suppress_in_doc(const GdnDoc *doc, GPtrArray *findings, guint first)
{
    if (first >= findings->len)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc->xml);
    metadata_ignores(root, findings, first);
    /* Comments before <domain> live at the document level. */
    comment_ignores(doc->xml->children, findings, first);
}

void gdn_suppress_paths(const GdnConfig *config, const char *file, GPtrArray *findings, guint first)
{
    if (!config || !file)
        return;
    for (guint p = 0; p < config->path_ignores->len; p++) {
        const GdnPathIgnore *pi = g_ptr_array_index(config->path_ignores, p);
        if (!gdn_path_ignore_matches(pi, config->dir, file))
            continue;
        for (guint i = first; i < findings->len; i++) {
            GdnFinding *f = g_ptr_array_index(findings, i);
            if (list_names_rule(pi->rules, f))
                mark(f, "external", "per-path ignore in config");
        }
    }
}

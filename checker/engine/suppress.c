#include "engine/suppress.h"
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

void gdn_suppression_free(GdnSuppression *s)
{
    if (!s)
        return;
    g_strfreev(s->tokens);
    g_free(s->reason);
    g_free(s->problem);
    g_free(s);
}

/* Splits a rule list into tokens; notes the first problem (none, unknown). */
static GdnSuppression *suppression_new(xmlNodePtr node, xmlNodePtr scope, const char *list,
                                       const char *reason)
{
    GdnSuppression *s = g_new0(GdnSuppression, 1);
    s->node = node;
    s->scope = scope;
    s->reason = reason && *reason ? g_strstrip(g_strdup(reason)) : NULL;
    g_auto(GStrv) parts = g_strsplit_set(list ? list : "", ", \t\n", -1);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        if (gdn_selection_token_known(*p))
            g_strv_builder_add(b, *p);
        else if (!s->problem)
            s->problem = g_strdup_printf("unknown rule, module or tag '%s'", *p);
    }
    s->tokens = g_strv_builder_end(b);
    if (!s->problem && !s->tokens[0])
        s->problem = g_strdup("names no rule");
    return s;
}

/* Replaces the problem by one that makes the suppression do nothing. */
static void set_inert(GdnSuppression *s, char *problem)
{
    g_free(s->problem);
    s->problem = problem;
    s->inert = TRUE;
}

static gboolean in_ns(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST GDN_XMLNS);
}

/* <ignore> (or <guardian:ignore>) in a namespace that is not guardian's:
 * a copied example with a wrong URI suppresses nothing. */
static gboolean wrong_ns_ignore(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && !in_ns(n) && xmlStrEqual(n->name, BAD_CAST "ignore") &&
           ((n->ns && strstr((const char *)n->ns->href, "guardian")) ||
            (n->ns && n->ns->prefix && xmlStrEqual(n->ns->prefix, BAD_CAST "guardian")));
}

static void add_element(GPtrArray *out, xmlNodePtr el, gboolean nested)
{
    xmlChar *rules = xmlGetProp(el, BAD_CAST "rules");
    xmlChar *reason = xmlGetProp(el, BAD_CAST "reason");
    GdnSuppression *s = suppression_new(el, NULL, (const char *)rules, (const char *)reason);
    if (wrong_ns_ignore(el)) {
        set_inert(s, g_strdup_printf("namespace '%s' is not guardian's; use xmlns:guardian='%s'",
                                     el->ns->href, GDN_XMLNS));
    } else if (!xmlStrEqual(el->name, BAD_CAST "ignore")) {
        set_inert(s, g_strdup_printf("unknown element <guardian:%s>%s", (const char *)el->name,
                                     nested ? " (expected <guardian:ignore>)"
                                            : " (expected <guardian:ignore> or a container of "
                                              "them)"));
    } else if (!rules) {
        set_inert(s, g_strdup("<guardian:ignore> has no rules attribute"));
    }
    g_ptr_array_add(out, s);
    xmlFree(rules);
    xmlFree(reason);
}

/* <guardian:ignore rules='...' reason='...'/>, at the top of <metadata> or
 * inside one guardian-namespace container (libvirt keeps one element per
 * namespace). */
static void metadata_suppressions(xmlNodePtr root, GPtrArray *out)
{
    xmlNodePtr md = gdn_child(root, "metadata");
    for (xmlNodePtr c = md ? md->children : NULL; c; c = c->next) {
        if (wrong_ns_ignore(c) || (in_ns(c) && xmlStrEqual(c->name, BAD_CAST "ignore"))) {
            add_element(out, c, FALSE);
            continue;
        }
        if (!in_ns(c))
            continue;
        gboolean any = FALSE;
        for (xmlNodePtr g = c->children; g; g = g->next) {
            if (in_ns(g) || wrong_ns_ignore(g)) {
                add_element(out, g, TRUE);
                any = TRUE;
            }
        }
        if (!any && xmlHasProp(c, BAD_CAST "rules"))
            add_element(out, c, FALSE);
    }
}

/* "guardian-ignore: HV016,CLK006 reason" in the comment before an element. */
static void add_comment(GPtrArray *out, xmlNodePtr c)
{
    const char *text = (const char *)c->content;
    const char *tag = text ? strstr(text, "guardian-ignore") : NULL;
    if (!tag)
        return;
    xmlNodePtr el = c->next;
    while (el && el->type != XML_ELEMENT_NODE)
        el = el->next;
    const char *after = tag + strlen("guardian-ignore");
    g_autofree char *dup = g_strdup(*after == ':' ? after + 1 : after);
    g_auto(GStrv) parts = g_strsplit(g_strstrip(dup), " ", 2);
    GdnSuppression *s = suppression_new(c, el, parts[0], parts[0] ? parts[1] : NULL);
    const char *problem = *after != ':' ? "expected 'guardian-ignore: ID[,ID...] reason'"
                          : !el         ? "no element follows the comment"
                                        : NULL;
    if (problem)
        set_inert(s, g_strdup(problem));
    g_ptr_array_add(out, s);
}

static void comment_suppressions(xmlNodePtr first, GPtrArray *out)
{
    for (xmlNodePtr c = first; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE)
            add_comment(out, c);
        else if (c->type == XML_ELEMENT_NODE && c->children)
            comment_suppressions(c->children, out);
    }
}

GPtrArray *gdn_suppressions_find(const GdnDoc *doc)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_suppression_free);
    metadata_suppressions(xmlDocGetRootElement(doc->xml), out);
    /* Comments before <domain> live at the document level. */
    comment_suppressions(doc->xml->children, out);
    return out;
}

static gboolean is_ancestor_or_self(xmlNodePtr anc, xmlNodePtr n)
{
    for (; n; n = n->parent)
        if (n == anc)
            return TRUE;
    return FALSE;
}

gboolean gdn_suppression_covers(const GdnSuppression *s, const char *token, const GdnFinding *f)
{
    if (s->scope && !(f->node && is_ancestor_or_self(s->scope, f->node)))
        return FALSE;
    return gdn_selection_token_matches(token, f->module, f->rule);
}

void gdn_suppress_in_doc(const GdnDoc *doc, GPtrArray *findings, guint first)
{
    if (first >= findings->len)
        return;
    g_autoptr(GPtrArray) sups = gdn_suppressions_find(doc);
    for (guint k = 0; k < sups->len; k++) {
        const GdnSuppression *s = g_ptr_array_index(sups, k);
        if (s->inert)
            continue;
        for (guint i = first; i < findings->len; i++) {
            GdnFinding *f = g_ptr_array_index(findings, i);
            for (char **t = s->tokens; *t; t++) {
                if (gdn_suppression_covers(s, *t, f)) {
                    mark(f, "inSource", s->reason);
                    break;
                }
            }
        }
    }
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

/* What a fix stylesheet looks like to a pass (pass.c), read from its
 * source before compiling:
 *   - the identity template
 *       <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates
 *       select="@*|node()"/></xsl:copy></xsl:template>
 *     and the templates that copy their node whole (<xsl:copy-of
 *     select="."/>): nodes only they match need no transform;
 *   - whether another template can match an attribute. When none can, the
 *     identity template's per-attribute dispatch always picks itself again,
 *     so <xsl:copy-of select="@*"/> gives the same tree: the compiled
 *     stylesheet (not its text, which --emit-xslt uses) gets that body;
 *   - an injected <xsl:template match="/"> that applies templates to the
 *     pass's units only (gdn:units()), one <gdn:unit> result per unit. */
#include "fix/fixer_priv.h"
#include <string.h>

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

static gboolean xsl_elem(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XSL_NS) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

/* The only element child of n, ignoring whitespace text; NULL otherwise. */
static xmlNodePtr only_child(xmlNodePtr n)
{
    xmlNodePtr found = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && xmlIsBlankNode(c))
            continue;
        if (c->type == XML_COMMENT_NODE)
            continue;
        if (c->type != XML_ELEMENT_NODE || found)
            return NULL;
        found = c;
    }
    return found;
}

static gboolean has_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    gboolean ok = v && (!value || xmlStrEqual(v, BAD_CAST value));
    xmlFree(v);
    return ok;
}

static gboolean only_attrs(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->ns || !name || !xmlStrEqual(a->name, BAD_CAST name))
            return FALSE;
    return TRUE;
}

/* Could an alternative of this match pattern select an attribute? Looks at
 * the last step of each |-alternative (predicates and literals skipped);
 * anything unusual counts as yes. */
static gboolean may_match_attr(const char *pat)
{
    int depth = 0;
    char quote = 0;
    const char *step = pat;
    for (const char *p = pat;; p++) {
        char c = *p;
        if (quote) {
            if (!c)
                return TRUE;
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (c == '[' || c == '(') {
            depth++;
            continue;
        }
        if (c == ']' || c == ')') {
            depth--;
            if (depth < 0)
                return TRUE;
            continue;
        }
        if (depth > 0) {
            if (!c)
                return TRUE;
            continue;
        }
        if (c == '/') {
            step = p + 1;
            continue;
        }
        if (c == '|' || !c) {
            while (*step == ' ' || *step == '\t' || *step == '\n' || *step == '\r')
                step++;
            /* A name test, *, or text()/comment()/processing-instruction()
             * on the child axis cannot match an attribute. */
            gboolean safe = g_ascii_isalpha(*step) || *step == '_' || *step == '*';
            const char *e = step;
            while (safe && e < p && *e != '[') {
                if (*e == ':' && e[1] == ':')
                    safe = FALSE; /* an explicit axis */
                e++;
            }
            if (safe) {
                g_autofree char *s = g_strndup(step, p - step);
                if (strstr(s, "node(") || strstr(s, "attribute") || strchr(s, '@') == s)
                    safe = FALSE;
                /* id() and key() as a whole pattern */
                if (g_str_has_prefix(s, "id(") || g_str_has_prefix(s, "key("))
                    safe = FALSE;
            }
            if (!safe)
                return TRUE;
            if (!c)
                return FALSE;
            step = p + 1;
        }
    }
}

/* Is one |-alternative of the pattern the root ("/")? */
static gboolean may_match_root(const char *pat)
{
    g_auto(GStrv) alts = g_strsplit(pat, "|", -1);
    for (guint i = 0; alts[i]; i++)
        if (g_str_equal(g_strstrip(alts[i]), "/"))
            return TRUE;
    return FALSE;
}

static gboolean is_identity(xmlNodePtr t, const char *match)
{
    if (!g_str_equal(match, "@*|node()") || !only_attrs(t, "match"))
        return FALSE;
    xmlNodePtr copy = only_child(t);
    xmlNodePtr apply =
        copy && xsl_elem(copy, "copy") && only_attrs(copy, NULL) ? only_child(copy) : NULL;
    return apply && xsl_elem(apply, "apply-templates") && only_attrs(apply, "select") &&
           has_attr(apply, "select", "@*|node()") && !apply->children;
}

/* <xsl:template match="..."><xsl:copy-of select="."/></xsl:template> */
static gboolean is_whole_copy(xmlNodePtr t)
{
    for (xmlAttrPtr a = t->properties; a; a = a->next)
        if (a->ns ||
            (!xmlStrEqual(a->name, BAD_CAST "match") && !xmlStrEqual(a->name, BAD_CAST "priority")))
            return FALSE;
    xmlNodePtr c = only_child(t);
    return c && xsl_elem(c, "copy-of") && only_attrs(c, "select") && has_attr(c, "select", ".") &&
           !c->children;
}

typedef struct {
    xmlNodePtr identity;
    GPtrArray *copies; /* xsl:template elements */
    gboolean attrs_plain, matches_root;
} Shape;

static void read_shape(xmlNodePtr root, Shape *sh)
{
    sh->attrs_plain = TRUE;
    for (xmlNodePtr t = root->children; t; t = t->next) {
        /* A template with a mode is never chosen by a default-mode
         * xsl:apply-templates; one without match is only called by name. */
        if (!xsl_elem(t, "template") || has_attr(t, "mode", NULL))
            continue;
        xmlChar *m = xmlGetNoNsProp(t, BAD_CAST "match");
        if (!m)
            continue;
        if (!sh->identity && is_identity(t, (const char *)m)) {
            sh->identity = t;
        } else {
            if (is_whole_copy(t))
                g_ptr_array_add(sh->copies, t);
            sh->attrs_plain &= !may_match_attr((const char *)m);
            sh->matches_root |= may_match_root((const char *)m);
        }
        xmlFree(m);
    }
}

static void cheaper_identity(xmlNodePtr identity)
{
    xmlNodePtr copy = only_child(identity);
    xmlNodePtr apply = only_child(copy);
    xmlNodePtr copy_of = xmlNewDocNode(identity->doc, apply->ns, BAD_CAST "copy-of", NULL);
    xmlNewProp(copy_of, BAD_CAST "select", BAD_CAST "@*");
    xmlAddPrevSibling(apply, copy_of);
    xmlSetProp(apply, BAD_CAST "select", BAD_CAST "node()");
}

static void inject_driver(xmlNodePtr root, xmlNsPtr xsl)
{
    xmlNodePtr t = xmlNewDocNode(root->doc, xsl, BAD_CAST "template", NULL);
    xmlNewProp(t, BAD_CAST "match", BAD_CAST "/");
    xmlNsPtr g = xmlNewNs(t, BAD_CAST GDN_FIXER_NS, BAD_CAST "gdnfx");
    xmlNodePtr units = xmlNewChild(t, g, BAD_CAST "units", NULL);
    xmlNodePtr each = xmlNewChild(units, xsl, BAD_CAST "for-each", NULL);
    xmlNewProp(each, BAD_CAST "select", BAD_CAST "gdnfx:units()");
    xmlNodePtr unit = xmlNewChild(each, g, BAD_CAST "unit", NULL);
    xmlNodePtr apply = xmlNewChild(unit, xsl, BAD_CAST "apply-templates", NULL);
    xmlNewProp(apply, BAD_CAST "select", BAD_CAST ".");
    xmlAddChild(root, t);
}

xsltStylesheetPtr gdn_fix_style_compile(FixStyle *fs, xmlDocPtr sdoc)
{
    xmlNodePtr root = xmlDocGetRootElement(sdoc);
    Shape sh = {.copies = g_ptr_array_new()};
    gboolean xslt = xsl_elem(root, "stylesheet") || xsl_elem(root, "transform");
    if (xslt)
        read_shape(root, &sh);
    if (sh.identity && sh.attrs_plain)
        cheaper_identity(sh.identity);
    if (sh.identity && !sh.matches_root)
        inject_driver(root, sh.identity->ns);
    else
        sh.identity = NULL;
    fs->style = xsltParseStylesheetDoc(sdoc);
    fs->copies = g_ptr_array_new();
    fs->attrs_plain = sh.attrs_plain;
    for (xsltTemplatePtr t = fs->style ? fs->style->templates : NULL; t; t = t->next) {
        if (sh.identity && t->elem == sh.identity)
            fs->identity = t;
        for (guint i = 0; i < sh.copies->len; i++)
            if (t->elem == g_ptr_array_index(sh.copies, i))
                g_ptr_array_add(fs->copies, t);
    }
    g_ptr_array_unref(sh.copies);
    if (fs->style)
        fs->style->_private = fs;
    return fs->style;
}

const FixStyle *gdn_fix_style_of(xsltStylesheetPtr style)
{
    return style->_private;
}

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
 *     pass's units only (gdn:units()), one <gdn:unit> result per unit;
 *   - inside a unit, a whole copy of an original element becomes a
 *     placeholder <gdn:keep ref="ID"/>: the pass puts the element itself
 *     back instead of copying it (a fix that inserts one child of <domain>
 *     does not copy the whole domain). */
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

/* ---- which nodes a pattern can match ---- */

static void fix_name_clear(gpointer p)
{
    FixName *n = p;
    g_free(n->name);
    g_free(n->parent);
}

static GArray *fix_names(void)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(FixName));
    g_array_set_clear_func(a, fix_name_clear);
    return a;
}

/* The |-alternatives of a pattern with predicates removed; NULL when the
 * pattern has quotes outside predicates or does not balance. */
static GPtrArray *alternatives(const char *pat)
{
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    int depth = 0;
    char quote = 0;
    gboolean ok = TRUE;
    for (const char *p = pat; ok; p++) {
        char c = *p;
        if (quote) {
            ok = c != '\0';
            quote = c == quote ? 0 : quote;
        } else if (depth > 0 && (c == '\'' || c == '"')) {
            quote = c;
        } else if (c == '[') {
            depth++;
        } else if (c == ']') {
            ok = --depth >= 0;
        } else if (depth > 0) {
            ok = c != '\0';
        } else if (c == '\'' || c == '"') {
            ok = FALSE;
        } else if (c == '|' || c == '\0') {
            g_ptr_array_add(alts, g_strstrip(g_strdup(cur->str)));
            g_string_truncate(cur, 0);
            if (!c)
                break;
        } else {
            g_string_append_c(cur, c);
        }
    }
    g_string_free(cur, TRUE);
    if (!ok)
        g_clear_pointer(&alts, g_ptr_array_unref);
    return alts;
}

static gboolean plain_name(const char *s)
{
    if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
        return FALSE;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && !strchr("_-.:", *s))
            return FALSE;
    return TRUE;
}

static char *local_part(const char *s)
{
    const char *colon = s ? strrchr(s, ':') : NULL;
    return plain_name(s) ? g_strdup(colon ? colon + 1 : s) : NULL;
}

static void add_name(GArray *to, const char *name, const char *parent)
{
    FixName n = {local_part(name), local_part(parent)};
    g_array_append_val(to, n);
}

/* One alternative; FALSE when it is beyond this analysis. */
static gboolean read_alternative(const char *alt, FixStyle *fs)
{
    if (strstr(alt, "::") || strstr(alt, "..") || g_str_has_prefix(alt, "id(") ||
        g_str_has_prefix(alt, "key("))
        return FALSE;
    g_auto(GStrv) steps = g_strsplit(alt, "/", -1);
    guint n = g_strv_length(steps);
    const char *last = n ? steps[n - 1] : "";
    const char *prev = n >= 2 ? steps[n - 2] : NULL;
    const char *prev2 = n >= 3 ? steps[n - 3] : NULL;
    if (last[0] == '@') {
        add_name(fs->owners, prev && *prev && !g_str_equal(prev, "*") ? prev : NULL, prev2);
        return prev == NULL || *prev == '\0' || g_str_equal(prev, "*") || plain_name(prev);
    }
    if (g_str_equal(last, "text()") || g_str_equal(last, "comment()") ||
        g_str_has_prefix(last, "processing-instruction(")) {
        fs->texts_plain = FALSE;
        return TRUE;
    }
    if (g_str_equal(last, "node()"))
        fs->texts_plain = FALSE;
    if (g_str_equal(last, "node()") || g_str_equal(last, "*") || plain_name(last)) {
        add_name(fs->elems, plain_name(last) ? last : NULL, prev);
        return TRUE;
    }
    return g_str_equal(last, ""); /* "/": the root, not an element */
}

/* Adds what a template's match pattern can match; an unusual pattern may
 * match anything. */
static void read_candidates(const char *pat, FixStyle *fs)
{
    g_autoptr(GPtrArray) alts = alternatives(pat);
    gboolean ok = alts != NULL;
    for (guint i = 0; ok && i < alts->len; i++)
        ok = read_alternative(g_ptr_array_index(alts, i), fs);
    if (!ok) {
        add_name(fs->elems, NULL, NULL);
        add_name(fs->owners, NULL, NULL);
        fs->texts_plain = FALSE;
    }
}

static gboolean name_fits(const FixName *f, xmlNodePtr n)
{
    if (f->name && !xmlStrEqual(n->name, BAD_CAST f->name))
        return FALSE;
    if (!f->parent)
        return TRUE;
    xmlNodePtr p = n->parent;
    return p && p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, BAD_CAST f->parent);
}

static gboolean any_fits(const GArray *names, xmlNodePtr n)
{
    for (guint i = 0; i < names->len; i++)
        if (name_fits(&g_array_index(names, FixName, i), n))
            return TRUE;
    return FALSE;
}

gboolean gdn_fix_style_may_match(const FixStyle *fs, xmlNodePtr n)
{
    return any_fits(fs->elems, n);
}

gboolean gdn_fix_style_may_match_attrs(const FixStyle *fs, xmlNodePtr n)
{
    return any_fits(fs->owners, n);
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
    FixStyle *fs; /* gets the candidates */
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
            read_candidates((const char *)m, sh->fs);
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

static void keep_instead_of_copy(xmlNodePtr t)
{
    xmlNodePtr copy = only_child(t);
    xmlNsPtr xsl = copy->ns;
    xmlNsPtr g = xmlNewNs(t, BAD_CAST GDN_FIXER_NS, BAD_CAST "gdnfx");
    xmlNodePtr choose = xmlNewDocNode(t->doc, xsl, BAD_CAST "choose", NULL);
    xmlNodePtr when = xmlNewChild(choose, xsl, BAD_CAST "when", NULL);
    xmlNewProp(when, BAD_CAST "test", BAD_CAST "@gdnfx:id");
    xmlNodePtr keep = xmlNewChild(when, g, BAD_CAST "keep", NULL);
    xmlNewProp(keep, BAD_CAST "ref", BAD_CAST "{@gdnfx:id}");
    xmlNodePtr other = xmlNewChild(choose, xsl, BAD_CAST "otherwise", NULL);
    xmlReplaceNode(copy, choose);
    xmlAddChild(other, copy);
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
    Shape sh = {.copies = g_ptr_array_new(), .fs = fs};
    fs->elems = fix_names();
    fs->owners = fix_names();
    fs->texts_plain = TRUE;
    gboolean xslt = xsl_elem(root, "stylesheet") || xsl_elem(root, "transform");
    if (xslt)
        read_shape(root, &sh);
    if (sh.identity && sh.attrs_plain)
        cheaper_identity(sh.identity);
    if (sh.identity && !sh.matches_root) {
        inject_driver(root, sh.identity->ns);
        for (guint i = 0; i < sh.copies->len; i++)
            keep_instead_of_copy(g_ptr_array_index(sh.copies, i));
    } else {
        sh.identity = NULL;
    }
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

/* Fix stylesheets: loading (embedded or --fixes-dir), compiling once per
 * process, applying under forbid-all security prefs, and combining the
 * applied fixes into one stylesheet for --emit-xslt. */
#include "fix/fixer_priv.h"
#include "core/resources.h"
#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <string.h>

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

typedef struct {
    xsltStylesheetPtr style; /* NULL: no stylesheet or it failed to compile */
    char *text;
    char *error;
} FixStyle;

static xsltSecurityPrefsPtr security;

static gpointer init_xslt(gpointer data)
{
    (void)data;
    xmlInitParser();
    exsltRegisterAll();
    security = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    /* The default prefs also guard xsl:import/xsl:include while compiling. */
    xsltSetDefaultSecurityPrefs(security);
    return NULL;
}

static void ensure_init(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, init_xslt, NULL);
}

static void fix_style_free(gpointer p)
{
    FixStyle *s = p;
    if (s->style)
        xsltFreeStylesheet(s->style);
    g_free(s->text);
    g_free(s->error);
    g_free(s);
}

GdnFixer *gdn_fixer_new(const GdnFixerConfig *cfg)
{
    ensure_init();
    GdnFixer *fx = g_new0(GdnFixer, 1);
    fx->cfg = *cfg;
    fx->fixes_dir = g_strdup(cfg->fixes_dir);
    fx->cfg.fixes_dir = fx->fixes_dir;
    fx->cfg.emit_xslt = NULL;
    if (cfg->emit_xslt)
        fx->cfg.emit_xslt = g_strdup(cfg->emit_xslt);
    if (!fx->cfg.max_rounds)
        fx->cfg.max_rounds = 5;
    g_mutex_init(&fx->lock);
    fx->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fix_style_free);
    return fx;
}

void gdn_fixer_free(GdnFixer *fx)
{
    if (!fx)
        return;
    g_hash_table_unref(fx->styles);
    g_mutex_clear(&fx->lock);
    g_free(fx->fixes_dir);
    g_free((char *)fx->cfg.emit_xslt);
    g_free(fx);
}

static char *load_text(const GdnFixer *fx, const char *rule_id, gsize *len)
{
    g_autofree char *name = g_strdup_printf("%s.xsl", rule_id);
    if (fx->fixes_dir) {
        g_autofree char *path = g_build_filename(fx->fixes_dir, name, NULL);
        char *text = NULL;
        if (!g_file_get_contents(path, &text, len, NULL))
            return NULL;
        return text;
    }
    g_autofree char *rpath = g_strdup_printf("fixes/%s", name);
    const GdnResource *res = gdn_resource_find(rpath);
    if (!res)
        return NULL;
    *len = res->len;
    return g_strndup(res->data, res->len);
}

/* ---- a cheaper identity template (same result) ----
 *
 * Fix stylesheets copy everything with the identity template
 *   <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates
 *   select="@*|node()"/></xsl:copy></xsl:template>
 * which dispatches a template per attribute (every element carries the
 * tracking attribute). When no other default-mode template can match an
 * attribute, that dispatch always picks the identity template again, so
 * <xsl:copy-of select="@*"/> gives the same tree: the compiled stylesheet
 * (not its text, which --emit-xslt uses) gets that body. */

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

static void cheaper_identity(xmlDocPtr sdoc)
{
    xmlNodePtr root = xmlDocGetRootElement(sdoc);
    if (!xsl_elem(root, "stylesheet") && !xsl_elem(root, "transform"))
        return;
    xmlNodePtr identity = NULL;
    for (xmlNodePtr t = root->children; t; t = t->next) {
        if (t->type != XML_ELEMENT_NODE)
            continue;
        if (!xsl_elem(t, "template"))
            continue;
        if (has_attr(t, "mode", NULL))
            continue; /* never chosen by a default-mode xsl:apply-templates */
        xmlChar *m = xmlGetNoNsProp(t, BAD_CAST "match");
        if (!m)
            continue; /* named template */
        gboolean is_identity = xmlStrEqual(m, BAD_CAST "@*|node()") && only_attrs(t, "match");
        if (is_identity && !identity) {
            xmlNodePtr copy = only_child(t);
            xmlNodePtr apply =
                copy && xsl_elem(copy, "copy") && only_attrs(copy, NULL) ? only_child(copy) : NULL;
            if (apply && xsl_elem(apply, "apply-templates") && only_attrs(apply, "select") &&
                has_attr(apply, "select", "@*|node()") && !apply->children) {
                identity = t;
                xmlFree(m);
                continue;
            }
        }
        gboolean risky = may_match_attr((const char *)m);
        xmlFree(m);
        if (risky)
            return;
    }
    if (!identity)
        return;
    xmlNodePtr copy = only_child(identity);
    xmlNodePtr apply = only_child(copy);
    xmlNodePtr copy_of = xmlNewDocNode(sdoc, apply->ns, BAD_CAST "copy-of", NULL);
    xmlNewProp(copy_of, BAD_CAST "select", BAD_CAST "@*");
    xmlAddPrevSibling(apply, copy_of);
    xmlSetProp(apply, BAD_CAST "select", BAD_CAST "node()");
}

static FixStyle *get_style(GdnFixer *fx, const char *rule_id)
{
    g_mutex_lock(&fx->lock);
    FixStyle *s = g_hash_table_lookup(fx->styles, rule_id);
    if (!s) {
        s = g_new0(FixStyle, 1);
        gsize len = 0;
        s->text = load_text(fx, rule_id, &len);
        if (s->text) {
            xmlDocPtr sdoc = xmlReadMemory(s->text, (int)len, rule_id, NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOWARNING);
            if (sdoc) {
                cheaper_identity(sdoc);
                s->style = xsltParseStylesheetDoc(sdoc);
            }
            if (!s->style) {
                if (sdoc && !s->style)
                    xmlFreeDoc(sdoc);
                s->error = g_strdup_printf("fixes/%s.xsl does not compile", rule_id);
            }
        }
        g_hash_table_insert(fx->styles, g_strdup(rule_id), s);
    }
    g_mutex_unlock(&fx->lock);
    return s;
}

xsltStylesheetPtr gdn_fixer_stylesheet(GdnFixer *fx, const char *rule_id, GError **error)
{
    FixStyle *s = get_style(fx, rule_id);
    if (s->error)
        g_set_error_literal(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID, s->error);
    return s->style;
}

char *gdn_fixer_stylesheet_text(GdnFixer *fx, const char *rule_id)
{
    FixStyle *s = get_style(fx, rule_id);
    return g_strdup(s->text);
}

static void collect_error(void *ctx, const char *msg, ...)
{
    GString *buf = ctx;
    va_list ap;
    va_start(ap, msg);
    g_autofree char *s = g_strdup_vprintf(msg, ap);
    va_end(ap);
    if (buf->len < 4096)
        g_string_append(buf, s);
}

xmlDocPtr gdn_fixer_transform(xsltStylesheetPtr style, xmlDocPtr in, const char *target,
                              GHashTable *params, GError **error)
{
    ensure_init();
    g_autoptr(GPtrArray) pv = g_ptr_array_new();
    g_ptr_array_add(pv, "target");
    g_ptr_array_add(pv, (gpointer)(target ? target : ""));
    if (params) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, params);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_ptr_array_add(pv, k);
            g_ptr_array_add(pv, v);
        }
    }
    g_ptr_array_add(pv, NULL);
    xsltTransformContextPtr ctxt = xsltNewTransformContext(style, in);
    if (!ctxt) {
        g_set_error_literal(error, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED, "out of memory");
        return NULL;
    }
    g_autoptr(GString) msgs = g_string_new(NULL);
    xsltSetCtxtSecurityPrefs(security, ctxt);
    xsltSetTransformErrorFunc(ctxt, msgs, collect_error);
    xmlDocPtr res = NULL;
    if (xsltQuoteUserParams(ctxt, (const char **)pv->pdata) == 0)
        res = xsltApplyStylesheetUser(style, in, NULL, NULL, NULL, ctxt);
    if (!res || ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED) {
        g_strstrip(msgs->str);
        char *nl = strchr(msgs->str, '\n');
        if (nl)
            *nl = '\0';
        g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED, "the stylesheet failed%s%s",
                    msgs->str[0] ? ": " : "", msgs->str);
        if (res)
            xmlFreeDoc(res);
        res = NULL;
    }
    xsltFreeTransformContext(ctxt);
    return res;
}

/* ---- the combined stylesheet (--emit-xslt) ---- */

static gboolean is_xsl(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XSL_NS) &&
           (!name || xmlStrEqual(n->name, BAD_CAST name));
}

static gboolean name_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Renames $var references to the fix's global variables. */
static char *rename_vars(const char *expr, GHashTable *globals, const char *prefix)
{
    GString *out = g_string_new(NULL);
    for (const char *p = expr; *p;) {
        if (*p != '$') {
            g_string_append_c(out, *p++);
            continue;
        }
        const char *s = ++p;
        while (name_char(*p))
            p++;
        g_autofree char *name = g_strndup(s, p - s);
        if (g_hash_table_contains(globals, name))
            g_string_append_printf(out, "$%s.%s", prefix, name);
        else
            g_string_append_printf(out, "$%s", name);
    }
    return g_string_free(out, FALSE);
}

static void set_prefixed(xmlNodePtr n, const char *attr, const char *prefix, const char *dflt)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST attr);
    if (v || dflt) {
        g_autofree char *nv =
            v ? g_strdup_printf("%s.%s", prefix, (const char *)v) : g_strdup(dflt);
        xmlSetProp(n, BAD_CAST attr, BAD_CAST nv);
    }
    xmlFree(v);
}

static void rewrite(xmlNodePtr n, GHashTable *globals, const char *prefix)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_xsl(n, "template")) {
            /* A template without match must not have a mode. */
            if (xmlHasProp(n, BAD_CAST "match"))
                set_prefixed(n, "mode", prefix, prefix);
            set_prefixed(n, "name", prefix, NULL);
        } else if (is_xsl(n, "apply-templates")) {
            set_prefixed(n, "mode", prefix, prefix);
        } else if (is_xsl(n, "call-template")) {
            set_prefixed(n, "name", prefix, NULL);
        }
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            if (v && strchr((const char *)v, '$')) {
                g_autofree char *nv = rename_vars((const char *)v, globals, prefix);
                xmlSetProp(n, a->name, BAD_CAST nv);
            }
            xmlFree(v);
        }
        rewrite(n->children, globals, prefix);
    }
}

static char *xpath_literal(const char *v)
{
    if (!strchr(v, '\''))
        return g_strdup_printf("'%s'", v);
    if (!strchr(v, '"'))
        return g_strdup_printf("\"%s\"", v);
    GString *s = g_string_new("concat(");
    g_auto(GStrv) parts = g_strsplit(v, "'", -1);
    for (guint i = 0; parts[i]; i++) {
        if (i)
            g_string_append(s, ", \"'\", ");
        g_string_append_printf(s, "'%s'", parts[i]);
    }
    g_string_append(s, ")");
    return g_string_free(s, FALSE);
}

char *gdn_fixer_combine(GPtrArray *texts, GPtrArray *rules, GPtrArray *targets, GPtrArray *params,
                        GError **error)
{
    xmlDocPtr out = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(out, NULL, BAD_CAST "stylesheet", NULL);
    xmlDocSetRootElement(out, root);
    xmlNsPtr xsl = xmlNewNs(root, BAD_CAST XSL_NS, BAD_CAST "xsl");
    xmlSetNs(root, xsl);
    xmlNewNs(root, BAD_CAST "http://exslt.org/common", BAD_CAST "exsl");
    xmlSetProp(root, BAD_CAST "version", BAD_CAST "1.0");
    g_autoptr(GString) exclude = g_string_new("exsl");
    g_autoptr(GString) order = g_string_new(NULL);

    xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
    xmlNodePtr output = xmlNewChild(root, xsl, BAD_CAST "output", NULL);
    xmlSetProp(output, BAD_CAST "method", BAD_CAST "xml");
    xmlSetProp(output, BAD_CAST "encoding", BAD_CAST "UTF-8");
    xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
    xmlNodePtr main = xmlNewChild(root, xsl, BAD_CAST "template", NULL);
    xmlSetProp(main, BAD_CAST "match", BAD_CAST "/");
    gboolean ok = TRUE;
    for (guint i = 0; i < texts->len && ok; i++) {
        const char *text = g_ptr_array_index(texts, i);
        g_autofree char *prefix = g_strdup_printf("f%u", i + 1);
        g_string_append_printf(order, "\n  %s: %s at %s", prefix,
                               (const char *)g_ptr_array_index(rules, i),
                               (const char *)g_ptr_array_index(targets, i));
        xmlDocPtr sdoc = xmlReadMemory(text, (int)strlen(text), "fix.xsl", NULL, XML_PARSE_NONET);
        xmlNodePtr sroot = sdoc ? xmlDocGetRootElement(sdoc) : NULL;
        if (!sroot || !is_xsl(sroot, NULL)) {
            g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID,
                        "fix %s is not an XSLT stylesheet",
                        (const char *)g_ptr_array_index(rules, i));
            ok = FALSE;
            if (sdoc)
                xmlFreeDoc(sdoc);
            break;
        }
        /* Namespaces of the fix, declared on the combined root for XPath. */
        for (xmlNsPtr ns = sroot->nsDef; ns; ns = ns->next) {
            if (!ns->prefix || xmlStrEqual(ns->href, BAD_CAST XSL_NS))
                continue;
            xmlNsPtr have = xmlSearchNs(out, root, ns->prefix);
            if (!have) {
                xmlNewNs(root, ns->href, ns->prefix);
                g_string_append_printf(exclude, " %s", (const char *)ns->prefix);
            }
        }
        g_autoptr(GHashTable) globals =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (xmlNodePtr c = sroot->children; c; c = c->next)
            if (is_xsl(c, "param") || is_xsl(c, "variable")) {
                xmlChar *name = xmlGetProp(c, BAD_CAST "name");
                if (name)
                    g_hash_table_add(globals, g_strdup((const char *)name));
                xmlFree(name);
            }
        GHashTable *pmap = g_ptr_array_index(params, i);
        const char *target = g_ptr_array_index(targets, i);
        for (xmlNodePtr c = sroot->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || is_xsl(c, "output") || is_xsl(c, "strip-space") ||
                is_xsl(c, "preserve-space"))
                continue;
            xmlNodePtr copy = xmlDocCopyNode(c, out, 1);
            if (is_xsl(c, "param") || is_xsl(c, "variable")) {
                xmlChar *name = xmlGetProp(c, BAD_CAST "name");
                const char *value = NULL;
                if (xmlStrEqual(name, BAD_CAST "target"))
                    value = target;
                else if (pmap && name)
                    value = g_hash_table_lookup(pmap, name);
                if (value && is_xsl(c, "param")) {
                    xmlNodeSetName(copy, BAD_CAST "variable");
                    xmlFreeNodeList(copy->children);
                    copy->children = copy->last = NULL;
                    g_autofree char *lit = xpath_literal(value);
                    xmlSetProp(copy, BAD_CAST "select", BAD_CAST lit);
                } else {
                    xmlNodeSetName(copy, BAD_CAST "variable");
                }
                g_autofree char *nn = g_strdup_printf("%s.%s", prefix, (const char *)name);
                xmlSetProp(copy, BAD_CAST "name", BAD_CAST nn);
                xmlFree(name);
            }
            rewrite(copy, globals, prefix);
            xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
            xmlAddChild(root, copy);
            /* 1 = XML_DOM_RECONNS_REMOVEREDUND (not in the public header) */
            xmlDOMWrapReconcileNamespaces(NULL, copy, 1);
        }
        xmlFreeDoc(sdoc);
        /* <xsl:variable name="sI"><xsl:apply-templates select="..." mode="fI"/></...> */
        g_autofree char *var = g_strdup_printf("s%u", i + 1);
        xmlNodePtr v = xmlNewChild(main, xsl, BAD_CAST "variable", NULL);
        xmlSetProp(v, BAD_CAST "name", BAD_CAST var);
        xmlNodePtr at = xmlNewChild(v, xsl, BAD_CAST "apply-templates", NULL);
        g_autofree char *sel = i ? g_strdup_printf("exsl:node-set($s%u)", i) : g_strdup("/");
        xmlSetProp(at, BAD_CAST "select", BAD_CAST sel);
        xmlSetProp(at, BAD_CAST "mode", BAD_CAST prefix);
    }
    xmlNodePtr last = xmlNewChild(main, xsl, BAD_CAST "copy-of", NULL);
    g_autofree char *lsel =
        texts->len ? g_strdup_printf("exsl:node-set($s%u)", texts->len) : g_strdup("/");
    xmlSetProp(last, BAD_CAST "select", BAD_CAST lsel);
    xmlSetProp(root, BAD_CAST "exclude-result-prefixes", BAD_CAST exclude->str);
    xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
    g_autofree char *comment = g_strdup_printf(
        " guardian: the fixes applied, in order (run: xsltproc THIS.xsl DOMAIN.xml):%s ",
        order->str);
    xmlAddPrevSibling(root, xmlNewDocComment(out, BAD_CAST comment));
    char *result = NULL;
    if (ok) {
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemoryEnc(out, &mem, &len, "UTF-8");
        result = g_strndup((const char *)mem, len);
        xmlFree(mem);
    }
    xmlFreeDoc(out);
    return result;
}

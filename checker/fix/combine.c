/* The combined stylesheet of --emit-xslt: the fixes applied to one input,
 * in order, each in its own mode and chained through exsl:node-set, so
 * `xsltproc THIS.xsl DOMAIN.xml` gives the tree --fix gives. A fix's
 * gdn:target() becomes an EXSLT function over the finding's xpath. */
#include "fix/fixer_priv.h"
#include <string.h>

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"
#define FUNC_NS "http://exslt.org/functions"

static gboolean is_xsl(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XSL_NS) &&
           (!name || xmlStrEqual(n->name, BAD_CAST name));
}

static gboolean name_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Renames $var references to the fix's global variables and its
 * gdn:target( and gdn:param( calls (tcall: "GDNPREFIX:") to the fix's own
 * functions. */
static char *rewrite_expr(const char *expr, GHashTable *globals, const char *prefix,
                          const char *tcall)
{
    GString *out = g_string_new(NULL);
    gsize tlen = tcall ? strlen(tcall) : 0;
    for (const char *p = expr; *p;) {
        if (tcall && strncmp(p, tcall, tlen) == 0 && (p == expr || !name_char(p[-1])) &&
            (g_str_has_prefix(p + tlen, "target(") || g_str_has_prefix(p + tlen, "param("))) {
            g_string_append_printf(out, "%s:", prefix);
            p += tlen;
            continue;
        }
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

static void rewrite(xmlNodePtr n, GHashTable *globals, const char *prefix, const char *tcall)
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
            if (v && (strchr((const char *)v, '$') || (tcall && strstr((const char *)v, tcall)))) {
                g_autofree char *nv = rewrite_expr((const char *)v, globals, prefix, tcall);
                xmlSetProp(n, a->name, BAD_CAST nv);
            }
            xmlFree(v);
        }
        rewrite(n->children, globals, prefix, tcall);
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

typedef struct {
    xmlDocPtr out;
    xmlNodePtr root, main;
    xmlNsPtr xsl;
    GString *exclude, *order;
    gboolean funcs; /* func: and dyn: declared */
} Combined;

static void combined_init(Combined *c)
{
    c->out = xmlNewDoc(BAD_CAST "1.0");
    c->root = xmlNewDocNode(c->out, NULL, BAD_CAST "stylesheet", NULL);
    xmlDocSetRootElement(c->out, c->root);
    c->xsl = xmlNewNs(c->root, BAD_CAST XSL_NS, BAD_CAST "xsl");
    xmlSetNs(c->root, c->xsl);
    xmlNewNs(c->root, BAD_CAST "http://exslt.org/common", BAD_CAST "exsl");
    xmlSetProp(c->root, BAD_CAST "version", BAD_CAST "1.0");
    c->exclude = g_string_new("exsl");
    c->order = g_string_new(NULL);
    xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
    xmlNodePtr output = xmlNewChild(c->root, c->xsl, BAD_CAST "output", NULL);
    xmlSetProp(output, BAD_CAST "method", BAD_CAST "xml");
    xmlSetProp(output, BAD_CAST "encoding", BAD_CAST "UTF-8");
    xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
    c->main = xmlNewChild(c->root, c->xsl, BAD_CAST "template", NULL);
    xmlSetProp(c->main, BAD_CAST "match", BAD_CAST "/");
}

/* Namespaces of the fix, declared on the combined root for XPath; returns
 * the "PREFIX:" of gdn:target() and gdn:param() when the fix declares it. */
static char *declare_namespaces(Combined *c, xmlNodePtr sroot)
{
    char *tcall = NULL;
    for (xmlNsPtr ns = sroot->nsDef; ns; ns = ns->next) {
        if (!ns->prefix || xmlStrEqual(ns->href, BAD_CAST XSL_NS))
            continue;
        if (xmlStrEqual(ns->href, BAD_CAST GDN_FIXER_NS)) {
            g_free(tcall);
            tcall = g_strdup_printf("%s:", (const char *)ns->prefix);
            continue;
        }
        if (!xmlSearchNs(c->out, c->root, ns->prefix)) {
            xmlNewNs(c->root, ns->href, ns->prefix);
            g_string_append_printf(c->exclude, " %s", (const char *)ns->prefix);
        }
    }
    return tcall;
}

/* <func:function name="fI:target">: is $n (default: the context node) the
 * finding's node or an ancestor of it, in the tree being transformed? */
static void add_target_function(Combined *c, const char *prefix, const char *target)
{
    if (!c->funcs) {
        xmlNewNs(c->root, BAD_CAST FUNC_NS, BAD_CAST "func");
        if (!xmlSearchNs(c->out, c->root, BAD_CAST "dyn")) {
            xmlNewNs(c->root, BAD_CAST "http://exslt.org/dynamic", BAD_CAST "dyn");
            g_string_append(c->exclude, " dyn");
        }
        g_string_append(c->exclude, " func");
        xmlSetProp(c->root, BAD_CAST "extension-element-prefixes", BAD_CAST "func");
        c->funcs = TRUE;
    }
    g_autofree char *uri = g_strdup_printf("urn:x-guardian:emit:%s", prefix);
    xmlNewNs(c->root, BAD_CAST uri, BAD_CAST prefix);
    g_string_append_printf(c->exclude, " %s", prefix);
    xmlNsPtr func = xmlSearchNs(c->out, c->root, BAD_CAST "func");
    xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
    xmlNodePtr f = xmlNewChild(c->root, func, BAD_CAST "function", NULL);
    g_autofree char *name = g_strdup_printf("%s:target", prefix);
    xmlSetProp(f, BAD_CAST "name", BAD_CAST name);
    xmlNodePtr p = xmlNewChild(f, c->xsl, BAD_CAST "param", NULL);
    xmlSetProp(p, BAD_CAST "name", BAD_CAST "n");
    xmlSetProp(p, BAD_CAST "select", BAD_CAST ".");
    xmlNodePtr v = xmlNewChild(f, c->xsl, BAD_CAST "variable", NULL);
    xmlSetProp(v, BAD_CAST "name", BAD_CAST "t");
    g_autofree char *lit = xpath_literal(target ? target : "/..");
    g_autofree char *sel = g_strdup_printf("dyn:evaluate(%s)/ancestor-or-self::*", lit);
    xmlSetProp(v, BAD_CAST "select", BAD_CAST sel);
    xmlNodePtr r = xmlNewChild(f, func, BAD_CAST "result", NULL);
    xmlSetProp(r, BAD_CAST "select", BAD_CAST "boolean($n) and count($n[1] | $t) = count($t)");
}

/* <func:function name="fI:param">: the finding's target parameter $name
 * (the fix answers one finding, whatever node is asked about). */
static void add_param_function(Combined *c, const char *prefix, GHashTable *tmap)
{
    xmlNsPtr func = xmlSearchNs(c->out, c->root, BAD_CAST "func");
    xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
    xmlNodePtr f = xmlNewChild(c->root, func, BAD_CAST "function", NULL);
    g_autofree char *name = g_strdup_printf("%s:param", prefix);
    xmlSetProp(f, BAD_CAST "name", BAD_CAST name);
    xmlSetProp(xmlNewChild(f, c->xsl, BAD_CAST "param", NULL), BAD_CAST "name", BAD_CAST "n");
    xmlSetProp(xmlNewChild(f, c->xsl, BAD_CAST "param", NULL), BAD_CAST "name", BAD_CAST "name");
    xmlNodePtr choose = xmlNewChild(f, c->xsl, BAD_CAST "choose", NULL);
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(tmap), (GCompareFunc)g_strcmp0);
    for (GList *l = keys; l; l = l->next) {
        const char *k = l->data, *v = g_hash_table_lookup(tmap, k);
        xmlNodePtr when = xmlNewChild(choose, c->xsl, BAD_CAST "when", NULL);
        g_autofree char *klit = xpath_literal(k);
        g_autofree char *test = g_strdup_printf("$name = %s", klit);
        xmlSetProp(when, BAD_CAST "test", BAD_CAST test);
        g_autofree char *vlit = xpath_literal(v);
        xmlSetProp(xmlNewChild(when, func, BAD_CAST "result", NULL), BAD_CAST "select",
                   BAD_CAST vlit);
    }
    xmlNodePtr other = xmlNewChild(choose, c->xsl, BAD_CAST "otherwise", NULL);
    xmlSetProp(xmlNewChild(other, func, BAD_CAST "result", NULL), BAD_CAST "select", BAD_CAST "''");
}

static GHashTable *global_names(xmlNodePtr sroot)
{
    GHashTable *globals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (xmlNodePtr n = sroot->children; n; n = n->next)
        if (is_xsl(n, "param") || is_xsl(n, "variable")) {
            xmlChar *name = xmlGetProp(n, BAD_CAST "name");
            if (name)
                g_hash_table_add(globals, g_strdup((const char *)name));
            xmlFree(name);
        }
    return globals;
}

/* A global xsl:param or xsl:variable of the fix becomes the variable
 * PREFIX.NAME; a parameter the fix was given becomes its value. */
static void global_to_variable(xmlNodePtr n, xmlNodePtr copy, const char *prefix,
                               const char *target, GHashTable *pmap)
{
    xmlChar *name = xmlGetProp(n, BAD_CAST "name");
    const char *value = NULL;
    if (xmlStrEqual(name, BAD_CAST "target"))
        value = target;
    else if (pmap && name)
        value = g_hash_table_lookup(pmap, name);
    xmlNodeSetName(copy, BAD_CAST "variable");
    if (value && is_xsl(n, "param")) {
        xmlFreeNodeList(copy->children);
        copy->children = copy->last = NULL;
        g_autofree char *lit = xpath_literal(value);
        xmlSetProp(copy, BAD_CAST "select", BAD_CAST lit);
    }
    g_autofree char *nn = g_strdup_printf("%s.%s", prefix, (const char *)name);
    xmlSetProp(copy, BAD_CAST "name", BAD_CAST nn);
    xmlFree(name);
}

/* <xsl:variable name="sI"><xsl:apply-templates select="..." mode="fI"/></...> */
static void chain_step(Combined *c, guint i, const char *prefix)
{
    g_autofree char *var = g_strdup_printf("s%u", i + 1);
    xmlNodePtr v = xmlNewChild(c->main, c->xsl, BAD_CAST "variable", NULL);
    xmlSetProp(v, BAD_CAST "name", BAD_CAST var);
    xmlNodePtr at = xmlNewChild(v, c->xsl, BAD_CAST "apply-templates", NULL);
    g_autofree char *sel = i ? g_strdup_printf("exsl:node-set($s%u)", i) : g_strdup("/");
    xmlSetProp(at, BAD_CAST "select", BAD_CAST sel);
    xmlSetProp(at, BAD_CAST "mode", BAD_CAST prefix);
}

static gboolean add_fix(Combined *c, guint i, const char *text, const char *rule,
                        const char *target, GHashTable *pmap, GHashTable *tmap, GError **error)
{
    g_autofree char *prefix = g_strdup_printf("f%u", i + 1);
    g_string_append_printf(c->order, "\n  %s: %s at %s", prefix, rule, target);
    xmlDocPtr sdoc = xmlReadMemory(text, (int)strlen(text), "fix.xsl", NULL, XML_PARSE_NONET);
    xmlNodePtr sroot = sdoc ? xmlDocGetRootElement(sdoc) : NULL;
    if (!sroot || !is_xsl(sroot, NULL)) {
        g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID, "fix %s is not an XSLT stylesheet",
                    rule);
        if (sdoc)
            xmlFreeDoc(sdoc);
        return FALSE;
    }
    g_autofree char *tcall = declare_namespaces(c, sroot);
    g_autofree char *pcall = tcall ? g_strconcat(tcall, "param(", NULL) : NULL;
    if (tcall)
        add_target_function(c, prefix, target);
    if (pcall && strstr(text, pcall)) {
        g_autoptr(GHashTable) empty = g_hash_table_new(g_str_hash, g_str_equal);
        add_param_function(c, prefix, tmap ? tmap : empty);
    }
    g_autoptr(GHashTable) globals = global_names(sroot);
    for (xmlNodePtr n = sroot->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || is_xsl(n, "output") || is_xsl(n, "strip-space") ||
            is_xsl(n, "preserve-space"))
            continue;
        xmlNodePtr copy = xmlDocCopyNode(n, c->out, 1);
        if (is_xsl(n, "param") || is_xsl(n, "variable"))
            global_to_variable(n, copy, prefix, target, pmap);
        rewrite(copy, globals, prefix, tcall);
        xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
        xmlAddChild(c->root, copy);
        /* 1 = XML_DOM_RECONNS_REMOVEREDUND (not in the public header) */
        xmlDOMWrapReconcileNamespaces(NULL, copy, 1);
    }
    xmlFreeDoc(sdoc);
    chain_step(c, i, prefix);
    return TRUE;
}

static char *combined_finish(Combined *c, guint n, gboolean ok)
{
    xmlNodePtr last = xmlNewChild(c->main, c->xsl, BAD_CAST "copy-of", NULL);
    g_autofree char *lsel = n ? g_strdup_printf("exsl:node-set($s%u)", n) : g_strdup("/");
    xmlSetProp(last, BAD_CAST "select", BAD_CAST lsel);
    xmlSetProp(c->root, BAD_CAST "exclude-result-prefixes", BAD_CAST c->exclude->str);
    xmlAddChild(c->root, xmlNewText(BAD_CAST "\n"));
    g_autofree char *comment = g_strdup_printf(
        " guardian: the fixes applied, in order (run: xsltproc THIS.xsl DOMAIN.xml):%s ",
        c->order->str);
    xmlAddPrevSibling(c->root, xmlNewDocComment(c->out, BAD_CAST comment));
    char *result = NULL;
    if (ok) {
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemoryEnc(c->out, &mem, &len, "UTF-8");
        result = g_strndup((const char *)mem, len);
        xmlFree(mem);
    }
    xmlFreeDoc(c->out);
    g_string_free(c->exclude, TRUE);
    g_string_free(c->order, TRUE);
    return result;
}

char *gdn_fixer_combine(GPtrArray *texts, GPtrArray *rules, GPtrArray *targets, GPtrArray *params,
                        GPtrArray *tparams, GError **error)
{
    Combined c = {0};
    combined_init(&c);
    gboolean ok = TRUE;
    for (guint i = 0; i < texts->len && ok; i++)
        ok = add_fix(&c, i, g_ptr_array_index(texts, i), g_ptr_array_index(rules, i),
                     g_ptr_array_index(targets, i), g_ptr_array_index(params, i),
                     tparams ? g_ptr_array_index(tparams, i) : NULL, error);
    return combined_finish(&c, texts->len, ok);
}

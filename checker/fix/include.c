/* Shared templates: a fix stylesheet may <xsl:include href="lib/NAME.xsl"/>
 * one of the embedded fixes/lib/ stylesheets. The include is inlined before
 * compiling (libxslt itself never loads anything); every other include,
 * any xsl:import, and includes inside a lib are refused. */
#include "fix/fixer_priv.h"
#include "core/resources.h"
#include <string.h>

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

static gboolean is_xsl(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XSL_NS) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

/* "lib/NAME.xsl" with NAME of [a-z0-9-] only. */
static gboolean lib_href(const char *href)
{
    if (!href || !g_str_has_prefix(href, "lib/") || !g_str_has_suffix(href, ".xsl"))
        return FALSE;
    gsize n = strlen(href) - strlen("lib/") - strlen(".xsl");
    if (n == 0)
        return FALSE;
    for (const char *p = href + 4; n--; p++)
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
            return FALSE;
    return TRUE;
}

static xmlDocPtr load_lib(const char *href, char **why)
{
    g_autofree char *rpath = g_strdup_printf("fixes/%s", href);
    const GdnResource *res = gdn_resource_find(rpath);
    gsize len = res ? res->len : 0;
    const char *data = res ? (const char *)res->data : NULL;
    xmlDocPtr lib =
        data ? xmlReadMemory(data, (int)len, href, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING)
             : NULL;
    xmlNodePtr root = lib ? xmlDocGetRootElement(lib) : NULL;
    if (!root || !is_xsl(root, "stylesheet")) {
        *why = g_strdup_printf("xsl:include of '%s': no such shared stylesheet", href);
        if (lib)
            xmlFreeDoc(lib);
        return NULL;
    }
    return lib;
}

/* The lib's namespaces join the including stylesheet's root (excluded from
 * results as the lib excludes them). */
static void merge_namespaces(xmlNodePtr root, xmlNodePtr lroot)
{
    g_autoptr(GString) exclude = g_string_new(NULL);
    xmlChar *have = xmlGetNoNsProp(root, BAD_CAST "exclude-result-prefixes");
    if (have)
        g_string_append(exclude, (const char *)have);
    xmlFree(have);
    for (xmlNsPtr ns = lroot->nsDef; ns; ns = ns->next) {
        if (!ns->prefix || xmlStrEqual(ns->href, BAD_CAST XSL_NS))
            continue;
        xmlNsPtr cur = xmlSearchNs(root->doc, root, ns->prefix);
        if (!cur) {
            xmlNewNs(root, ns->href, ns->prefix);
            g_string_append_printf(exclude, "%s%s", exclude->len ? " " : "",
                                   (const char *)ns->prefix);
        }
    }
    if (exclude->len)
        xmlSetProp(root, BAD_CAST "exclude-result-prefixes", BAD_CAST exclude->str);
}

/* Puts the lib's top-level children in place of the include. */
static gboolean inline_lib(xmlNodePtr include, xmlDocPtr lib, char **why)
{
    xmlNodePtr lroot = xmlDocGetRootElement(lib);
    for (xmlNodePtr c = lroot->children; c; c = c->next)
        if (is_xsl(c, "include") || is_xsl(c, "import")) {
            *why = g_strdup_printf("%s: nested xsl:%s is not allowed", lib->URL,
                                   (const char *)c->name);
            return FALSE;
        }
    merge_namespaces(include->parent, lroot);
    for (xmlNodePtr c = lroot->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlNodePtr copy = xmlDocCopyNode(c, include->doc, 1);
        xmlAddPrevSibling(include, copy);
        xmlDOMWrapReconcileNamespaces(NULL, copy, 0);
    }
    return TRUE;
}

int gdn_fix_style_inline(xmlDocPtr sdoc, char **why)
{
    xmlNodePtr root = xmlDocGetRootElement(sdoc);
    int n = 0;
    xmlNodePtr next = NULL;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_xsl(c, "import")) {
            *why = g_strdup("xsl:import is not allowed");
            return -1;
        }
        if (!is_xsl(c, "include"))
            continue;
        xmlChar *href = xmlGetNoNsProp(c, BAD_CAST "href");
        gboolean ok = lib_href((const char *)href);
        if (!ok)
            *why = g_strdup_printf("xsl:include of '%s' refused: only lib/NAME.xsl of the "
                                   "embedded stylesheets",
                                   href ? (const char *)href : "");
        xmlDocPtr lib = ok ? load_lib((const char *)href, why) : NULL;
        xmlFree(href);
        ok = lib && inline_lib(c, lib, why);
        if (lib)
            xmlFreeDoc(lib);
        if (!ok)
            return -1;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        n++;
    }
    return n;
}

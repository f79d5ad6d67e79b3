#include "xmlq.h"
#include <string.h>

static gboolean is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns == NULL && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr gdn_child(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

xmlNodePtr gdn_next(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node ? node->next : NULL; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

xmlNodePtr gdn_path(xmlNodePtr node, const char *path)
{
    const char *p = path;
    while (node && *p) {
        const char *slash = strchr(p, '/');
        gsize n = slash ? (gsize)(slash - p) : strlen(p);
        char name[64];
        if (n >= sizeof name)
            return NULL;
        memcpy(name, p, n);
        name[n] = '\0';
        node = gdn_child(node, name);
        p += n + (slash ? 1 : 0);
    }
    return node;
}

xmlNodePtr gdn_child_with(xmlNodePtr node, const char *name, const char *attr, const char *value)
{
    GDN_FOR_EACH_CHILD(node, name, c)
    {
        if (gdn_attr_is(c, attr, value))
            return c;
    }
    return NULL;
}

const char *gdn_attr(xmlNodePtr node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        if (a->ns == NULL && strcmp((const char *)a->name, name) == 0) {
            if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
                return (const char *)a->children->content;
            return a->children ? (const char *)a->children->content : "";
        }
    }
    return NULL;
}

gboolean gdn_attr_is(xmlNodePtr node, const char *name, const char *value)
{
    return g_strcmp0(gdn_attr(node, name), value) == 0;
}

gboolean gdn_parse_uint(const char *s, guint64 *out)
{
    if (!s)
        return FALSE;
    while (g_ascii_isspace(*s))
        s++;
    if (!*s || *s == '-' || *s == '+')
        return FALSE;
    char *end = NULL;
    guint base = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10;
    guint64 v = g_ascii_strtoull(s, &end, base);
    if (end == s)
        return FALSE;
    while (g_ascii_isspace(*end))
        end++;
    if (*end)
        return FALSE;
    *out = v;
    return TRUE;
}

gboolean gdn_attr_uint(xmlNodePtr node, const char *name, guint64 *out)
{
    return gdn_parse_uint(gdn_attr(node, name), out);
}

char *gdn_text(xmlNodePtr node)
{
    if (!node)
        return NULL;
    xmlChar *c = xmlNodeGetContent(node);
    if (!c)
        return NULL;
    char *s = g_strstrip(g_strdup((const char *)c));
    xmlFree(c);
    return s;
}

gboolean gdn_text_uint(xmlNodePtr node, guint64 *out)
{
    g_autofree char *t = gdn_text(node);
    return gdn_parse_uint(t, out);
}

static gboolean same_name(xmlNodePtr a, xmlNodePtr b)
{
    return a->type == XML_ELEMENT_NODE && xmlStrEqual(a->name, b->name) &&
           (a->ns == b->ns || (a->ns && b->ns && xmlStrEqual(a->ns->href, b->ns->href)));
}

static void append_step(GString *s, xmlNodePtr n)
{
    if (n->parent && n->parent->type != XML_DOCUMENT_NODE)
        append_step(s, n->parent);
    g_string_append_c(s, '/');
    if (n->ns && n->ns->prefix)
        g_string_append_printf(s, "%s:", (const char *)n->ns->prefix);
    g_string_append(s, (const char *)n->name);
    guint occur = 0;
    for (xmlNodePtr t = n->prev; t; t = t->prev)
        occur += same_name(t, n);
    if (occur == 0) {
        for (xmlNodePtr t = n->next; t && occur == 0; t = t->next)
            occur = same_name(t, n) ? 1 : 0;
        if (occur)
            g_string_append(s, "[1]");
    } else {
        g_string_append_printf(s, "[%u]", occur + 1);
    }
}

char *gdn_node_path(xmlNodePtr node)
{
    if (!node || node->type != XML_ELEMENT_NODE) {
        xmlChar *p = xmlGetNodePath(node);
        char *r = g_strdup((const char *)p);
        xmlFree(p);
        return r;
    }
    GString *s = g_string_sized_new(64);
    append_step(s, node);
    return g_string_free(s, FALSE);
}

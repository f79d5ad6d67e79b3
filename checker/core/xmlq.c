#include "core/xmlq.h"
#include <string.h>

static gboolean is_elem(xmlNodePtr n, const char *name)
{
    /* First byte inline: most siblings differ there (this is the hot query). */
    return n->type == XML_ELEMENT_NODE && n->ns == NULL && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
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
    return a->type == XML_ELEMENT_NODE &&
           (a->name == b->name || (a->name[0] == b->name[0] && xmlStrEqual(a->name, b->name))) &&
           (a->ns == b->ns || (a->ns && b->ns && xmlStrEqual(a->ns->href, b->ns->href)));
}

/* One step of an element's path: its node and its index among same-named
 * siblings (0: the only one, no index written). */
typedef struct {
    xmlNodePtr node;
    guint index;
} Step;

/* Siblings scanned before an index is worth caching for the whole parent. */
#define SCAN_LIMIT 32

GHashTable *gdn_path_cache_new(void)
{
    return g_hash_table_new(g_direct_hash, g_direct_equal);
}

static char *name_key(xmlNodePtr n)
{
    return g_strconcat(n->ns && n->ns->href ? (const char *)n->ns->href : "", "\x1f",
                       (const char *)n->name, NULL);
}

/* Caches the index (+1) of every element child of parent. */
static void cache_children(GHashTable *cache, xmlNodePtr parent)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *key = name_key(c);
        guint count = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) + 1;
        g_hash_table_insert(seen, key, GUINT_TO_POINTER(count));
        g_hash_table_insert(cache, c, GUINT_TO_POINTER(count + 1));
    }
    /* The only one of its name has no index. */
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        g_autofree char *key = name_key(c);
        if (GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) == 1)
            g_hash_table_insert(cache, c, GUINT_TO_POINTER(1));
    }
}

static guint step_index(xmlNodePtr n, GHashTable *cache)
{
    if (cache) {
        guint hit = GPOINTER_TO_UINT(g_hash_table_lookup(cache, n));
        if (hit)
            return hit - 1;
    }
    guint occur = 0, scanned = 0;
    for (xmlNodePtr t = n->prev; t; t = t->prev) {
        occur += same_name(t, n);
        if (cache && ++scanned == SCAN_LIMIT && n->parent) {
            cache_children(cache, n->parent);
            return GPOINTER_TO_UINT(g_hash_table_lookup(cache, n)) - 1;
        }
    }
    if (occur)
        return occur + 1;
    for (xmlNodePtr t = n->next; t; t = t->next)
        if (same_name(t, n))
            return 1;
    return 0;
}

/* Writes v in decimal ending just before end; returns its first digit. */
static char *utoa_back(char *end, guint v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

char *gdn_node_path(xmlNodePtr node)
{
    return gdn_node_path_cached(node, NULL);
}

char *gdn_node_path_cached(xmlNodePtr node, GHashTable *cache)
{
    if (!node || node->type != XML_ELEMENT_NODE) {
        xmlChar *p = xmlGetNodePath(node);
        char *r = g_strdup((const char *)p);
        xmlFree(p);
        return r;
    }
    /* Steps from node up to the root element, then written root first into
     * one exactly sized string: this runs once per finding. */
    Step local[32];
    g_autofree Step *heap = NULL;
    Step *steps = local;
    guint n = 0, cap = G_N_ELEMENTS(local);
    gsize total = 0;
    for (xmlNodePtr t = node; t; t = t->parent) {
        if (n == cap) {
            cap *= 2;
            if (steps == local)
                heap = g_memdup2(local, sizeof local);
            heap = g_renew(Step, heap, cap);
            steps = heap;
        }
        steps[n].node = t;
        steps[n].index = step_index(t, cache);
        total += 1 + (t->name ? strlen((const char *)t->name) : 0);
        if (t->ns && t->ns->prefix)
            total += strlen((const char *)t->ns->prefix) + 1;
        if (steps[n].index)
            total += 2 + 10;
        n++;
        if (!t->parent || t->parent->type == XML_DOCUMENT_NODE)
            break;
    }
    char *out = g_malloc(total + 1), *w = out;
    while (n-- > 0) {
        xmlNodePtr t = steps[n].node;
        *w++ = '/';
        if (t->ns && t->ns->prefix) {
            gsize l = strlen((const char *)t->ns->prefix);
            memcpy(w, t->ns->prefix, l);
            w += l;
            *w++ = ':';
        }
        if (t->name) {
            gsize l = strlen((const char *)t->name);
            memcpy(w, t->name, l);
            w += l;
        }
        if (steps[n].index) {
            char num[16];
            char *d = utoa_back(num + sizeof num, steps[n].index);
            *w++ = '[';
            memcpy(w, d, num + sizeof num - d);
            w += num + sizeof num - d;
            *w++ = ']';
        }
    }
    *w = '\0';
    return out;
}

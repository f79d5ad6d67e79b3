/* What a pass changed: its replacement nodes against the subtree they
 * replace, by tracking id (conflict detection and no-op fixes). */
#include "fix/fixer_priv.h"

static void add_key(GHashTable *keys, char *key)
{
    if (keys)
        g_hash_table_add(keys, key);
    else
        g_free(key);
}

gboolean gdn_fixer_is_keep(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST GDN_FIXER_NS) && xmlStrEqual(n->name, BAD_CAST "keep");
}

gint gdn_fixer_keep_ref(xmlNodePtr n)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST "ref");
    gint id = v && g_ascii_isdigit(v[0]) ? (gint)g_ascii_strtoll((const char *)v, NULL, 10) : -1;
    xmlFree(v);
    return id;
}

static void index_ids(xmlNodePtr n, GHashTable *map)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        gint id = gdn_fixer_node_id(n);
        if (id >= 0)
            g_hash_table_insert(map, GINT_TO_POINTER(id + 1), n);
        index_ids(n->children, map);
    }
}

static guint attr_changes(gint id, xmlNodePtr b, xmlNodePtr a, GHashTable *keys)
{
    guint n = 0;
    for (xmlAttrPtr x = b->properties; x; x = x->next) {
        if (gdn_fixer_is_tracking_attr(x))
            continue;
        xmlAttrPtr y = gdn_fixer_find_attr(a, x);
        if (!y || !gdn_fixer_same_text((xmlNodePtr)x, (xmlNodePtr)y)) {
            add_key(keys, g_strdup_printf("%d@%s", id, (const char *)x->name));
            n++;
        }
    }
    for (xmlAttrPtr y = a->properties; y; y = y->next)
        if (!gdn_fixer_is_tracking_attr(y) && !gdn_fixer_find_attr(b, y)) {
            add_key(keys, g_strdup_printf("%d@%s", id, (const char *)y->name));
            n++;
        }
    return n;
}

typedef struct {
    GHashTable *before; /* id + 1 -> element of the replaced subtree */
    GHashTable *seen;   /* elements of before met in the replacement */
    GHashTable *keys;
} Walk;

static gint parent_id_of(xmlNodePtr b)
{
    return b->parent && b->parent->type == XML_ELEMENT_NODE ? gdn_fixer_node_id(b->parent) : -2;
}

static guint elem_changes(Walk *w, xmlNodePtr n, gint id, xmlNodePtr b, gint parent_id)
{
    guint changes = 0;
    if (parent_id != parent_id_of(b)) {
        add_key(w->keys, g_strdup_printf("%d#moved", id));
        changes++;
    }
    if (!xmlStrEqual(b->name, n->name)) {
        add_key(w->keys, g_strdup_printf("%d#name", id));
        changes++;
    }
    changes += attr_changes(id, b, n, w->keys);
    if (!gdn_fixer_has_element_child(b) && !gdn_fixer_has_element_child(n) &&
        !gdn_fixer_same_text(b, n)) {
        add_key(w->keys, g_strdup_printf("%d#text", id));
        changes++;
    }
    return changes;
}

static void see_subtree(Walk *w, xmlNodePtr b)
{
    g_hash_table_add(w->seen, b);
    for (xmlNodePtr c = b->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            see_subtree(w, c);
}

/* A placeholder for an original element kept whole: unchanged unless it
 * moved; a second one (or one for an element from elsewhere) is a copy. */
static guint keep_changes(Walk *w, xmlNodePtr n, gint parent_id)
{
    gint id = gdn_fixer_keep_ref(n);
    xmlNodePtr b = id >= 0 ? g_hash_table_lookup(w->before, GINT_TO_POINTER(id + 1)) : NULL;
    if (!b || g_hash_table_contains(w->seen, b))
        return 1;
    see_subtree(w, b);
    if (parent_id == parent_id_of(b))
        return 0;
    add_key(w->keys, g_strdup_printf("%d#moved", id));
    return 1;
}

static guint walk(Walk *w, xmlNodePtr n, gint parent_id)
{
    guint changes = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (gdn_fixer_is_keep(n)) {
            changes += keep_changes(w, n, parent_id);
            continue;
        }
        gint id = gdn_fixer_node_id(n);
        xmlNodePtr b = id >= 0 ? g_hash_table_lookup(w->before, GINT_TO_POINTER(id + 1)) : NULL;
        if (!b || g_hash_table_contains(w->seen, b)) {
            changes++; /* new element */
        } else {
            g_hash_table_add(w->seen, b);
            changes += elem_changes(w, n, id, b, parent_id);
        }
        changes += walk(w, n->children, id >= 0 ? id : -1);
    }
    return changes;
}

GHashTable *gdn_fixer_subtree_index(xmlNodePtr old)
{
    GHashTable *before = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (old->type == XML_ELEMENT_NODE) {
        gint id = gdn_fixer_node_id(old);
        if (id >= 0)
            g_hash_table_insert(before, GINT_TO_POINTER(id + 1), old);
        index_ids(old->children, before);
    }
    return before;
}

guint gdn_fixer_subtree_changes(GHashTable *before, xmlNodePtr outs, gint parent_id,
                                GHashTable *keys)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    Walk w = {before, seen, keys};
    guint changes = walk(&w, outs, parent_id);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, before);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!g_hash_table_contains(seen, v)) {
            add_key(keys, g_strdup_printf("%d#removed", GPOINTER_TO_INT(k) - 1));
            changes++;
        }
    }
    return changes;
}

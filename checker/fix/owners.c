/* Which member of a batch owns an element: the one whose target the element
 * lies in or holds. Targets and their ancestors are indexed once, so each
 * question costs the element's depth, not the number of members (a batch of
 * N disks would otherwise take N^2). */
#include "fix/fixer_priv.h"

#define MANY GINT_TO_POINTER(-1) /* more than one member */

struct GdnOwners {
    GHashTable *self;      /* target node -> member + 1, or MANY */
    GHashTable *ancestors; /* strict ancestor of a target -> member + 1, or MANY */
};

GdnOwners *gdn_owners_new(void)
{
    GdnOwners *o = g_new0(GdnOwners, 1);
    o->self = g_hash_table_new(g_direct_hash, g_direct_equal);
    o->ancestors = g_hash_table_new(g_direct_hash, g_direct_equal);
    return o;
}

void gdn_owners_free(GdnOwners *o)
{
    if (!o)
        return;
    g_hash_table_unref(o->self);
    g_hash_table_unref(o->ancestors);
    g_free(o);
}

static void mark(GHashTable *h, xmlNodePtr n, gint member)
{
    gpointer cur = g_hash_table_lookup(h, n), v = GINT_TO_POINTER(member + 1);
    if (!cur)
        g_hash_table_insert(h, n, v);
    else if (cur != v)
        g_hash_table_insert(h, n, MANY);
}

void gdn_owners_add(GdnOwners *o, xmlNodePtr target, gint member)
{
    mark(o->self, target, member);
    for (xmlNodePtr a = target->parent; a; a = a->parent)
        mark(o->ancestors, a, member);
}

/* Merges value v (member + 1, MANY or NULL) into *found; FALSE when that
 * makes more than one member. */
static gboolean merge(gpointer v, gint *found)
{
    if (!v)
        return TRUE;
    if (v == MANY)
        return FALSE;
    gint m = GPOINTER_TO_INT(v) - 1;
    if (*found >= 0 && *found != m)
        return FALSE;
    *found = m;
    return TRUE;
}

gint gdn_owners_of(const GdnOwners *o, xmlNodePtr n)
{
    gint found = -1;
    for (xmlNodePtr a = n; a; a = a->parent)
        if (!merge(g_hash_table_lookup(o->self, a), &found))
            return -1;
    if (!merge(g_hash_table_lookup(o->ancestors, n), &found))
        return -1;
    return found;
}

gboolean gdn_owners_related(const GdnOwners *o, xmlNodePtr n)
{
    for (xmlNodePtr a = n; a; a = a->parent)
        if (g_hash_table_contains(o->self, a))
            return TRUE;
    return g_hash_table_contains(o->ancestors, n);
}

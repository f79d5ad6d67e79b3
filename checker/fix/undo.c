/* Taking back the commits of a pass, so that one annotated tree of the
 * original serves every fix run alone (SARIF's per-fix edits) instead of
 * a fresh copy of the document per fix.
 *
 * A commit replaces each changed unit by its result nodes (inserted just
 * before it, the unit then unlinked) and moves the original elements the
 * result keeps whole out of the unit into the result. Undoing moves those
 * back in reverse order, removes the result nodes between the unit's old
 * neighbours, restores a neighbouring text node a result text merged into,
 * and puts the unit back. */
#include "fix/fixer_priv.h"

typedef struct {
    xmlNodePtr node, parent, prev, next;
    xmlChar *prev_text; /* prev's content when it is a text node */
} Place;

struct GdnFixUndo {
    GArray *units; /* Place, in commit order */
    GArray *moves; /* Place, in move order */
};

static void place_clear(gpointer p)
{
    xmlFree(((Place *)p)->prev_text);
}

GdnFixUndo *gdn_fix_undo_new(void)
{
    GdnFixUndo *u = g_new0(GdnFixUndo, 1);
    u->units = g_array_new(FALSE, TRUE, sizeof(Place));
    u->moves = g_array_new(FALSE, TRUE, sizeof(Place));
    g_array_set_clear_func(u->units, place_clear);
    return u;
}

static Place place_of(xmlNodePtr n)
{
    Place p = {n, n->parent, n->prev, n->next, NULL};
    if (p.prev && p.prev->type == XML_TEXT_NODE)
        p.prev_text = xmlStrdup(p.prev->content);
    return p;
}

void gdn_fix_undo_unit(GdnFixUndo *u, xmlNodePtr old)
{
    Place p = place_of(old);
    g_array_append_val(u->units, p);
}

void gdn_fix_undo_move(GdnFixUndo *u, xmlNodePtr orig)
{
    Place p = {orig, orig->parent, NULL, orig->next, NULL};
    g_array_append_val(u->moves, p);
}

/* Links n back between its old neighbours. */
static void relink(const Place *p)
{
    if (p->next)
        xmlAddPrevSibling(p->next, p->node);
    else if (p->parent)
        xmlAddChild(p->parent, p->node);
}

static void undo_unit(const Place *p)
{
    xmlNodePtr n = p->prev ? p->prev->next : p->parent->children;
    while (n && n != p->next) {
        xmlNodePtr next = n->next;
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        n = next;
    }
    if (p->prev_text && !xmlStrEqual(p->prev->content, p->prev_text))
        xmlNodeSetContent(p->prev, p->prev_text);
    relink(p);
}

/* The tree's log of replaced nodes (GdnTreeLog): the replaced nodes are
 * back in the tree, so they are not freed with it. */
static void log_forget(xmlDocPtr tree)
{
    GdnTreeLog *log = tree->_private;
    if (!log)
        return;
    g_ptr_array_set_free_func(log->gone, NULL);
    g_ptr_array_unref(log->gone);
    g_hash_table_unref(log->replaced);
    g_hash_table_unref(log->holders);
    g_hash_table_unref(log->kept);
    g_free(log);
    tree->_private = NULL;
}

void gdn_fix_undo_apply(GdnFixUndo *u, xmlDocPtr tree)
{
    for (guint i = u->moves->len; i-- > 0;) {
        const Place *p = &g_array_index(u->moves, Place, i);
        xmlUnlinkNode(p->node);
        relink(p);
    }
    for (guint i = u->units->len; i-- > 0;)
        undo_unit(&g_array_index(u->units, Place, i));
    log_forget(tree);
    g_array_unref(u->units);
    g_array_unref(u->moves);
    g_free(u);
}

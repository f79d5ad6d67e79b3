/* A batch's shared changes: elements no member's target lies in or holds
 * that the batch's pass changed (the I/O threads DSK050's disks need,
 * defined once in <iothreads>). They stand when the stylesheet changes
 * exactly those elements exactly so with no target at all: then each
 * member's pass alone would make the same change, and as fixes are
 * idempotent the first member makes it and the others find it made. */
#include "fix/fixer_priv.h"

gboolean gdn_fix_shared_holds(const FixStyle *fs, xmlDocPtr tree, GHashTable *params, GdnFixPass *p,
                              GArray *orphans)
{
    g_autoptr(GHashTable) none = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GdnFixPass) alone = gdn_fix_pass_run(fs, tree, none, NULL, params, NULL);
    if (!alone || gdn_fix_pass_changes(alone, NULL) == 0)
        return FALSE;
    g_autoptr(GHashTable) results = gdn_fix_pass_results(alone);
    if (g_hash_table_size(results) != orphans->len)
        return FALSE;
    for (guint i = 0; i < orphans->len; i++) {
        gint id = g_array_index(orphans, gint, i);
        if (id < 0 || !gdn_fix_pass_unit_matches(p, id, results))
            return FALSE;
    }
    return TRUE;
}

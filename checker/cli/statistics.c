/* --statistics: active findings counted per rule, most frequent first (as
 * ruff --statistics), then the summary line. */
#include "cli/check_extras.h"
#include "engine/rule.h"
#include "report/summary.h"

typedef struct {
    const GdnFinding *first; /* a finding of the rule: its rule and fix safety */
    guint count, safe, unsafe;
} RuleCount;

static gint by_count(gconstpointer a, gconstpointer b)
{
    const RuleCount *x = *(RuleCount *const *)a, *y = *(RuleCount *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return g_strcmp0(x->first->rule->id, y->first->rule->id);
}

void gdn_write_statistics(const GdnReport *r, GString *out)
{
    g_autoptr(GHashTable) by_rule = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    g_autoptr(GPtrArray) rows = g_ptr_array_new();
    for (guint i = 0; i < r->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(r->findings, i);
        if (f->suppressed)
            continue;
        RuleCount *c = g_hash_table_lookup(by_rule, f->rule);
        if (!c) {
            c = g_new0(RuleCount, 1);
            c->first = f;
            g_hash_table_insert(by_rule, (gpointer)f->rule, c);
            g_ptr_array_add(rows, c);
        }
        c->count++;
        c->safe += f->fix_safety == GDN_FIX_SAFE;
        c->unsafe += f->fix_safety == GDN_FIX_UNSAFE;
    }
    g_ptr_array_sort(rows, by_count);
    for (guint i = 0; i < rows->len; i++) {
        const RuleCount *c = g_ptr_array_index(rows, i);
        const GdnRule *rule = c->first->rule;
        const char *mark = c->safe ? "[*]" : c->unsafe ? "[-]" : "   ";
        g_string_append_printf(out, "%6u  %-7s %s %-28s %s\n", c->count, rule->id, mark, rule->name,
                               gdn_severity_name(rule->severity));
    }
    if (rows->len)
        g_string_append(out, "[*] fixable with --fix   [-] fixable with --fix --unsafe-fixes\n");
    gdn_summary_text(r, out);
}

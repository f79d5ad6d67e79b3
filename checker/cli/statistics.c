/* --statistics: active findings counted per rule, most frequent first (as
 * ruff --statistics), then the summary line. */
#include "cli/check_extras.h"
#include "engine/rule.h"
#include "report/summary.h"

typedef struct {
    const GdnRule *rule;
    guint count, safe, unsafe;
} RuleCount;

static gint by_count(gconstpointer a, gconstpointer b)
{
    const RuleCount *x = *(RuleCount *const *)a, *y = *(RuleCount *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return g_strcmp0(x->rule->id, y->rule->id);
}

typedef struct {
    GHashTable *by_rule; /* const GdnRule* -> RuleCount* */
    GPtrArray *rows;     /* RuleCount*, owned by by_rule */
} Statistics;

static gpointer statistics_begin(const GdnReport *r, GString *out)
{
    (void)r;
    (void)out;
    Statistics *st = g_new0(Statistics, 1);
    st->by_rule = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    st->rows = g_ptr_array_new();
    return st;
}

/* Bounded by the number of rules, not of findings. */
static void statistics_input(gpointer state, const GdnReport *r, const GdnInputResult *res,
                             GString *out)
{
    (void)r;
    (void)out;
    Statistics *st = state;
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (f->suppressed)
            continue;
        RuleCount *c = g_hash_table_lookup(st->by_rule, f->rule);
        if (!c) {
            c = g_new0(RuleCount, 1);
            c->rule = f->rule;
            g_hash_table_insert(st->by_rule, (gpointer)f->rule, c);
            g_ptr_array_add(st->rows, c);
        }
        c->count++;
        c->safe += f->fix_safety == GDN_FIX_SAFE;
        c->unsafe += f->fix_safety == GDN_FIX_UNSAFE;
    }
}

static void statistics_end(gpointer state, const GdnReport *r, GString *out)
{
    Statistics *st = state;
    g_ptr_array_sort(st->rows, by_count);
    for (guint i = 0; i < st->rows->len; i++) {
        const RuleCount *c = g_ptr_array_index(st->rows, i);
        const char *mark = c->safe ? "[*]" : c->unsafe ? "[-]" : "   ";
        g_string_append_printf(out, "%6u  %-7s %s %-28s %s\n", c->count, c->rule->id, mark,
                               c->rule->name, gdn_severity_name(c->rule->severity));
    }
    if (st->rows->len)
        g_string_append(out, "[*] fixable with --fix   [-] fixable with --fix --unsafe-fixes\n");
    gdn_summary_text(r, out);
    g_ptr_array_free(st->rows, TRUE);
    g_hash_table_unref(st->by_rule);
    g_free(st);
}

const GdnReporter gdn_reporter_statistics = {"statistics", statistics_begin, statistics_input,
                                             statistics_end};

#include "engine/finding.h"
#include "engine/rule.h"

void gdn_finding_free(GdnFinding *f)
{
    if (!f)
        return;
    if (!f->inline_names) {
        g_free(f->file);
        g_free(f->uri);
        g_free(f->domain);
    }
    g_free(f->xpath);
    g_free(f->message);
    g_free(f->note);
    g_free(f->suppressed);
    if (f->params)
        g_hash_table_unref(f->params);
    if (f->target_params)
        g_hash_table_unref(f->target_params);
    g_free(f);
}

gboolean gdn_finding_wants_params(const GdnFinding *f)
{
    return f && !f->skip_params;
}

static void set_param(GdnFinding *f, GHashTable **params, const char *key, const char *fmt,
                      va_list ap)
{
    if (!gdn_finding_wants_params(f))
        return;
    if (!*params)
        *params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_replace(*params, g_strdup(key), g_strdup_vprintf(fmt, ap));
}

void gdn_finding_param(GdnFinding *f, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_param(f, f ? &f->params : NULL, key, fmt, ap);
    va_end(ap);
}

void gdn_finding_target_param(GdnFinding *f, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_param(f, f ? &f->target_params : NULL, key, fmt, ap);
    va_end(ap);
}

void gdn_finding_set_fix(GdnFinding *f, GdnFixSafety safety)
{
    if (f)
        f->fix_safety = safety;
}

void gdn_finding_set_note(GdnFinding *f, const char *fmt, ...)
{
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    g_free(f->note);
    f->note = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

const char *gdn_finding_rule_id(const GdnFinding *f)
{
    return f->rule->id;
}

gint gdn_finding_cmp(gconstpointer a, gconstpointer b)
{
    const GdnFinding *x = *(GdnFinding *const *)a, *y = *(GdnFinding *const *)b;
    gint c = g_strcmp0(x->file ? x->file : x->uri, y->file ? y->file : y->uri);
    if (c)
        return c;
    if ((c = g_strcmp0(x->domain, y->domain)))
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return g_strcmp0(gdn_finding_rule_id(x), gdn_finding_rule_id(y));
}

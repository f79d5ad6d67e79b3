/* --emit-xslt: the fixes applied to one input, kept in order of
 * application, written as one combined stylesheet (combine.c). */
#include "fix/fixer_priv.h"
#include <errno.h>
#include <string.h>

static void unref_params(gpointer p)
{
    if (p)
        g_hash_table_unref(p);
}

void gdn_emit_init(GdnEmit *e, gboolean on)
{
    if (!on)
        return;
    e->texts = g_ptr_array_new_with_free_func(g_free);
    e->rules = g_ptr_array_new_with_free_func(g_free);
    e->targets = g_ptr_array_new_with_free_func(g_free);
    e->params = g_ptr_array_new_with_free_func(unref_params);
    e->tparams = g_ptr_array_new_with_free_func(unref_params);
}

void gdn_emit_clear(GdnEmit *e)
{
    g_clear_pointer(&e->texts, g_ptr_array_unref);
    g_clear_pointer(&e->rules, g_ptr_array_unref);
    g_clear_pointer(&e->targets, g_ptr_array_unref);
    g_clear_pointer(&e->params, g_ptr_array_unref);
    g_clear_pointer(&e->tparams, g_ptr_array_unref);
}

void gdn_emit_truncate(GdnEmit *e, guint n)
{
    if (!e->texts)
        return;
    g_ptr_array_set_size(e->texts, n);
    g_ptr_array_set_size(e->rules, n);
    g_ptr_array_set_size(e->targets, n);
    g_ptr_array_set_size(e->params, n);
    g_ptr_array_set_size(e->tparams, n);
}

void gdn_emit_add(GdnFixer *fx, GdnEmit *e, const GdnFinding *f)
{
    if (!e->texts)
        return;
    g_ptr_array_add(e->texts, gdn_fixer_stylesheet_text(fx, gdn_finding_rule_id(f)));
    g_ptr_array_add(e->rules, g_strdup(gdn_finding_rule_id(f)));
    g_ptr_array_add(e->targets, g_strdup(f->xpath));
    g_ptr_array_add(e->params, f->params ? g_hash_table_ref(f->params) : NULL);
    g_ptr_array_add(e->tparams, f->target_params ? g_hash_table_ref(f->target_params) : NULL);
}

void gdn_emit_write(GdnFixer *fx, GdnFileFix *ff, GdnEmit *e)
{
    if (!e->texts || e->texts->len == 0)
        return;
    g_autoptr(GError) err = NULL;
    g_autofree char *xsl =
        gdn_fixer_combine(e->texts, e->rules, e->targets, e->params, e->tparams, &err);
    if (!xsl) {
        gdn_file_fix_problem(ff, "--emit-xslt: %s", err->message);
        return;
    }
    g_autofree char *base = g_strdup(ff->name);
    g_strdelimit(base, "/\\:<>", '_');
    while (base[0] == '_')
        memmove(base, base + 1, strlen(base));
    if (g_str_has_suffix(base, ".xml"))
        base[strlen(base) - 4] = '\0';
    g_autofree char *file = g_strdup_printf("%s.xsl", base);
    g_autofree char *path = g_build_filename(fx->cfg.emit_xslt, file, NULL);
    if (g_mkdir_with_parents(fx->cfg.emit_xslt, 0755) != 0 ||
        !g_file_set_contents(path, xsl, -1, &err))
        gdn_file_fix_problem(ff, "--emit-xslt: cannot write %s: %s", path,
                             err ? err->message : g_strerror(errno));
}

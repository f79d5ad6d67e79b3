/* Fix stylesheets: loading (embedded or --fixes-dir), compiling once per
 * thread, applying under forbid-all security prefs, and combining the
 * applied fixes into one stylesheet for --emit-xslt. */
#include "fix/fixer_priv.h"
#include "core/resources.h"
#include <gmodule.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <string.h>

static xsltSecurityPrefsPtr security;

/* EXSLT (str:tokenize, math:max: PIN010) comes from libexslt, loaded when
 * the first stylesheet is: it links libgcrypt, whose relocations were a
 * tenth of the start-up of a run that fixes nothing. Without it, a fix
 * that uses EXSLT fails to compile and is reported. */
#define EXSLT_SONAME "libexslt.so.0"

static void register_exslt(void)
{
    GModule *mod = g_module_open(EXSLT_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    void (*register_all)(void) = NULL;
    if (mod && g_module_symbol(mod, "exsltRegisterAll", (gpointer *)&register_all)) {
        g_module_make_resident(mod);
        register_all();
    } else if (mod) {
        g_module_close(mod);
    }
}

static gpointer init_xslt(gpointer data)
{
    (void)data;
    xmlInitParser();
    register_exslt();
    security = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    /* The default prefs also guard xsl:import/xsl:include while compiling. */
    xsltSetDefaultSecurityPrefs(security);
    gdn_fix_pass_register();
    return NULL;
}

static void ensure_init(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, init_xslt, NULL);
}

static void fix_style_free(gpointer p)
{
    FixStyle *s = p;
    if (s->style)
        xsltFreeStylesheet(s->style);
    g_free(s->text);
    g_free(s->error);
    if (s->copies)
        g_ptr_array_unref(s->copies);
    if (s->elems)
        g_array_unref(s->elems);
    if (s->owners)
        g_array_unref(s->owners);
    g_free(s);
}

GdnFixer *gdn_fixer_new(const GdnFixerConfig *cfg)
{
    ensure_init();
    GdnFixer *fx = g_new0(GdnFixer, 1);
    fx->cfg = *cfg;
    fx->fixes_dir = g_strdup(cfg->fixes_dir);
    fx->cfg.fixes_dir = fx->fixes_dir;
    fx->cfg.emit_xslt = NULL;
    if (cfg->emit_xslt)
        fx->cfg.emit_xslt = g_strdup(cfg->emit_xslt);
    if (!fx->cfg.max_rounds)
        fx->cfg.max_rounds = 5;
    g_mutex_init(&fx->lock);
    fx->styles = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify)g_hash_table_unref);
    return fx;
}

void gdn_fixer_free(GdnFixer *fx)
{
    if (!fx)
        return;
    g_hash_table_unref(fx->styles);
    g_mutex_clear(&fx->lock);
    g_free(fx->fixes_dir);
    g_free((char *)fx->cfg.emit_xslt);
    g_free(fx);
}

static char *load_text(const GdnFixer *fx, const char *rule_id, gsize *len)
{
    g_autofree char *name = g_strdup_printf("%s.xsl", rule_id);
    if (fx->fixes_dir) {
        g_autofree char *path = g_build_filename(fx->fixes_dir, name, NULL);
        char *text = NULL;
        if (!g_file_get_contents(path, &text, len, NULL))
            return NULL;
        return text;
    }
    g_autofree char *rpath = g_strdup_printf("fixes/%s", name);
    const GdnResource *res = gdn_resource_find(rpath);
    if (!res)
        return NULL;
    *len = res->len;
    return g_strndup(res->data, res->len);
}

/* Parses, inlines shared templates (the source --emit-xslt then uses is
 * the inlined one) and compiles. */
static void build_style(FixStyle *s, const char *rule_id, gsize len)
{
    xmlDocPtr sdoc =
        xmlReadMemory(s->text, (int)len, rule_id, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    g_autofree char *why = NULL;
    int inlined = sdoc ? gdn_fix_style_inline(sdoc, &why) : -1;
    if (inlined > 0) {
        xmlChar *mem = NULL;
        int n = 0;
        xmlDocDumpMemoryEnc(sdoc, &mem, &n, "UTF-8");
        g_free(s->text);
        s->text = g_strndup((const char *)mem, n);
        xmlFree(mem);
    }
    if (sdoc && (inlined < 0 || !gdn_fix_style_compile(s, sdoc)))
        xmlFreeDoc(sdoc);
    if (!s->style)
        s->error = g_strdup_printf("fixes/%s.xsl does not compile%s%s", rule_id, why ? ": " : "",
                                   why ? why : "");
}

/* The calling thread's stylesheets (rule id -> FixStyle*). Each thread
 * compiles its own: libxml2 before 2.14 rewrites a compiled XPath while
 * evaluating it (xmlXPathCompSwap swaps the operands of a union under
 * [1] or [last()]), so a thread evaluating an expression another thread
 * is swapping can read one operand twice and miss the other, e.g.
 * CPU002's (...|os|...|features)[last()] answering os. A GThread's
 * address is reused only after that thread ended, so its table is then
 * no longer in use. */
static GHashTable *thread_styles(GdnFixer *fx)
{
    GThread *self = g_thread_self();
    g_mutex_lock(&fx->lock);
    GHashTable *mine = g_hash_table_lookup(fx->styles, self);
    if (!mine) {
        mine = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fix_style_free);
        g_hash_table_insert(fx->styles, self, mine);
    }
    g_mutex_unlock(&fx->lock);
    return mine;
}

static FixStyle *get_style(GdnFixer *fx, const char *rule_id)
{
    GHashTable *mine = thread_styles(fx);
    FixStyle *s = g_hash_table_lookup(mine, rule_id);
    if (!s) {
        s = g_new0(FixStyle, 1);
        gsize len = 0;
        s->text = load_text(fx, rule_id, &len);
        if (s->text)
            build_style(s, rule_id, len);
        g_hash_table_insert(mine, g_strdup(rule_id), s);
    }
    return s;
}

xsltStylesheetPtr gdn_fixer_stylesheet(GdnFixer *fx, const char *rule_id, GError **error)
{
    FixStyle *s = get_style(fx, rule_id);
    if (s->error)
        g_set_error_literal(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID, s->error);
    return s->style;
}

char *gdn_fixer_stylesheet_text(GdnFixer *fx, const char *rule_id)
{
    FixStyle *s = get_style(fx, rule_id);
    return g_strdup(s->text);
}

static void collect_error(void *ctx, const char *msg, ...)
{
    GString *buf = ctx;
    va_list ap;
    va_start(ap, msg);
    g_autofree char *s = g_strdup_vprintf(msg, ap);
    va_end(ap);
    if (buf->len < 4096)
        g_string_append(buf, s);
}

void gdn_fixer_secure_ctxt(xsltTransformContextPtr ctxt, GString *msgs)
{
    xsltSetCtxtSecurityPrefs(security, ctxt);
    xsltSetTransformErrorFunc(ctxt, msgs, collect_error);
}

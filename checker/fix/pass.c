/* One pass of a fix stylesheet over the round's annotated tree.
 *
 * A fix stylesheet is an identity transform plus templates for what it
 * changes, so its result is the input with every topmost node that another
 * template matches (a "unit") replaced by what the templates make of it.
 * A pass finds the units with xsltGetTemplate (nothing is copied), runs the
 * stylesheet on them only (an injected "/" template applies templates to
 * gdn:units(), see xslt.c) and, on commit, splices the results into the tree
 * in place: the same tree as a full run, at the cost of the units. The
 * finding's targets reach the stylesheet through gdn:target(). */
#include "fix/fixer_priv.h"
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/pattern.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <string.h>

struct GdnFixPass {
    xmlDocPtr tree;
    xmlDocPtr res;
    GPtrArray *units;  /* xmlNodePtr of tree */
    GPtrArray *outs;   /* per unit, the node of res whose children replace it */
    gboolean *changed; /* per unit, set by gdn_fix_pass_changes */
    GPtrArray *before; /* per unit, its elements by id (GHashTable*) */
    GHashTable *index; /* the whole tree's elements by id, when needed */
    GdnFixUndo *undo;  /* records the commit, or NULL */
};

/* What gdn:target(), gdn:param() and gdn:units() see (the transform context's _private). */
typedef struct {
    GHashTable *targets;
    GPtrArray *units;
} PassCtx;

void gdn_fixer_add_target(GHashTable *targets, const GdnDoc *doc, xmlNodePtr n, GHashTable *tparams)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        gint id = doc ? (gint)((const GdnSpan *)n->_private - (const GdnSpan *)doc->spans->data)
                      : gdn_fixer_node_id(n);
        if (id < 0)
            continue;
        if (g_hash_table_contains(targets, GINT_TO_POINTER(id + 1)))
            break; /* its ancestors are in already (with an earlier target's parameters) */
        g_hash_table_insert(targets, GINT_TO_POINTER(id + 1), tparams);
    }
}

GHashTable *gdn_fixer_targets_of_xpath_in(xmlXPathContextPtr xc, const char *xpath,
                                          GHashTable *tparams)
{
    GHashTable *targets = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (!xc || !xpath || !*xpath)
        return targets;
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, xc);
    if (o && o->type == XPATH_NODESET && o->nodesetval)
        for (int i = 0; i < o->nodesetval->nodeNr; i++) {
            xmlNodePtr n = o->nodesetval->nodeTab[i];
            gdn_fixer_add_target(targets, NULL, n->type == XML_ATTRIBUTE_NODE ? n->parent : n,
                                 tparams);
        }
    xmlXPathFreeObject(o);
    return targets;
}

GHashTable *gdn_fixer_targets_of_xpath(xmlDocPtr tree, const char *xpath, GHashTable *tparams)
{
    if (!xpath || !*xpath)
        return g_hash_table_new(g_direct_hash, g_direct_equal);
    xmlXPathContextPtr xc = xmlXPathNewContext(tree);
    GHashTable *targets = gdn_fixer_targets_of_xpath_in(xc, xpath, tparams);
    xmlXPathFreeContext(xc);
    return targets;
}

static PassCtx *pass_ctx(xmlXPathParserContextPtr pctxt)
{
    xsltTransformContextPtr t = xsltXPathGetTransformContext(pctxt);
    return t ? t->_private : NULL;
}

/* The (first) node of the node-set on the stack, or with no argument the
 * context node; FALSE (an XPath error raised) on a wrong call. */
static gboolean node_arg(xmlXPathParserContextPtr pctxt, int nargs, int max, xmlNodePtr *n)
{
    *n = NULL;
    if (nargs == 0) {
        *n = pctxt->context->node;
        return TRUE;
    }
    if (nargs > max) {
        xmlXPathErr(pctxt, XPATH_INVALID_ARITY);
        return FALSE;
    }
    xmlXPathObjectPtr o = valuePop(pctxt);
    if (!o || o->type != XPATH_NODESET) {
        xmlXPathFreeObject(o);
        xmlXPathErr(pctxt, XPATH_INVALID_TYPE);
        return FALSE;
    }
    if (o->nodesetval && o->nodesetval->nodeNr > 0)
        *n = o->nodesetval->nodeTab[0];
    xmlXPathFreeObject(o);
    return TRUE;
}

/* Is n a target (or an element that holds one)? Its parameters in *tparams. */
static gboolean is_target(xmlXPathParserContextPtr pctxt, xmlNodePtr n, GHashTable **tparams)
{
    PassCtx *pc = pass_ctx(pctxt);
    gint id = n && n->type == XML_ELEMENT_NODE ? gdn_fixer_node_id(n) : -1;
    gpointer value = NULL;
    gboolean on = pc && pc->targets && id >= 0 &&
                  g_hash_table_lookup_extended(pc->targets, GINT_TO_POINTER(id + 1), NULL, &value);
    *tparams = value;
    return on;
}

/* gdn:target(node-set?): is the (first) node, or the context node, a
 * finding's target or an element that holds one? */
static void fn_target(xmlXPathParserContextPtr pctxt, int nargs)
{
    xmlNodePtr n;
    GHashTable *tparams;
    if (node_arg(pctxt, nargs, 1, &n))
        valuePush(pctxt, xmlXPathNewBoolean(is_target(pctxt, n, &tparams)));
}

/* gdn:param(node-set, name): the target parameter name of the finding
 * whose target the (first) node is or holds (the first such finding), or
 * the empty string. */
static void fn_param(xmlXPathParserContextPtr pctxt, int nargs)
{
    if (nargs != 2) {
        xmlXPathErr(pctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlChar *name = xmlXPathPopString(pctxt);
    xmlNodePtr n;
    GHashTable *tparams = NULL;
    if (!pctxt->error && node_arg(pctxt, 1, 1, &n) && is_target(pctxt, n, &tparams)) {
        const char *v = tparams && name ? g_hash_table_lookup(tparams, name) : NULL;
        valuePush(pctxt, xmlXPathNewString(BAD_CAST(v ? v : "")));
    } else if (!pctxt->error) {
        valuePush(pctxt, xmlXPathNewString(BAD_CAST ""));
    }
    xmlFree(name);
}

/* gdn:units(): the nodes the pass transforms, in document order. */
static void fn_units(xmlXPathParserContextPtr pctxt, int nargs)
{
    if (nargs != 0) {
        xmlXPathErr(pctxt, XPATH_INVALID_ARITY);
        return;
    }
    PassCtx *pc = pass_ctx(pctxt);
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    for (guint i = 0; pc && i < pc->units->len; i++)
        xmlXPathNodeSetAddUnique(set, g_ptr_array_index(pc->units, i));
    valuePush(pctxt, xmlXPathWrapNodeSet(set));
}

void gdn_fix_pass_register(void)
{
    xsltRegisterExtModuleFunction(BAD_CAST "target", BAD_CAST GDN_FIXER_NS, fn_target);
    xsltRegisterExtModuleFunction(BAD_CAST "units", BAD_CAST GDN_FIXER_NS, fn_units);
    xsltRegisterExtModuleFunction(BAD_CAST "param", BAD_CAST GDN_FIXER_NS, fn_param);
}

/* ---- finding the units ---- */

static gboolean is_copy(const FixStyle *fs, xsltTemplatePtr t)
{
    for (guint i = 0; i < fs->copies->len; i++)
        if (g_ptr_array_index(fs->copies, i) == t)
            return TRUE;
    return FALSE;
}

/* Adds the units inside n; TRUE when n itself must be a unit (a template
 * other than the identity matches it, one of its attributes or a
 * non-element child). */
static gboolean find_units(xsltTransformContextPtr c, const FixStyle *fs, xmlNodePtr n,
                           GPtrArray *units)
{
    gboolean elem = n->type == XML_ELEMENT_NODE;
    /* Only nodes some other template's pattern may match are looked up. */
    xsltTemplatePtr t =
        !elem || gdn_fix_style_may_match(fs, n) ? xsltGetTemplate(c, n, NULL) : fs->identity;
    if (t && t != fs->identity && is_copy(fs, t))
        return FALSE; /* copied whole: nothing inside changes */
    if (t != fs->identity)
        return TRUE;
    if (!elem)
        return FALSE;
    if (!fs->attrs_plain && gdn_fix_style_may_match_attrs(fs, n))
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            if (xsltGetTemplate(c, (xmlNodePtr)a, NULL) != fs->identity)
                return TRUE;
    guint mark = units->len;
    for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE && fs->texts_plain)
            continue;
        if (!find_units(c, fs, ch, units))
            continue;
        if (ch->type != XML_ELEMENT_NODE) {
            g_ptr_array_set_size(units, mark);
            return TRUE;
        }
        g_ptr_array_add(units, ch);
    }
    return FALSE;
}

/* ---- what changed in the tree ---- */

static GdnTreeLog *tree_log(xmlDocPtr tree)
{
    GdnTreeLog *log = tree->_private;
    if (!log) {
        log = g_new0(GdnTreeLog, 1);
        log->gone = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeNode);
        log->replaced = g_hash_table_new(g_direct_hash, g_direct_equal);
        log->holders = g_hash_table_new(g_direct_hash, g_direct_equal);
        log->kept = g_hash_table_new(g_direct_hash, g_direct_equal);
        tree->_private = log;
    }
    return log;
}

static void log_replaced(GdnTreeLog *log, xmlNodePtr old)
{
    gint id = gdn_fixer_node_id(old);
    if (id >= 0)
        g_hash_table_add(log->replaced, GINT_TO_POINTER(id + 1));
    for (xmlNodePtr a = old->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        gint aid = gdn_fixer_node_id(a);
        if (aid >= 0 && !g_hash_table_add(log->holders, GINT_TO_POINTER(aid + 1)))
            break; /* its ancestors are in already */
    }
}

/* ---- running ---- */

static const char **param_vector(const char *target_xpath, GHashTable *params)
{
    GPtrArray *pv = g_ptr_array_new();
    g_ptr_array_add(pv, "target");
    g_ptr_array_add(pv, (gpointer)(target_xpath ? target_xpath : ""));
    if (params) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, params);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_ptr_array_add(pv, k);
            g_ptr_array_add(pv, v);
        }
    }
    g_ptr_array_add(pv, NULL);
    return (const char **)g_ptr_array_free(pv, FALSE);
}

static void set_failed(GError **error, GString *msgs)
{
    g_strstrip(msgs->str);
    char *nl = strchr(msgs->str, '\n');
    if (nl)
        *nl = '\0';
    g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED, "the stylesheet failed%s%s",
                msgs->str[0] ? ": " : "", msgs->str);
}

/* Pairs each unit with its result: the children of <gdn:units> (one
 * <gdn:unit> per unit), or the whole result document for a full run. */
static gboolean pair_outputs(GdnFixPass *p, const FixStyle *fs)
{
    if (!fs->identity) {
        g_ptr_array_add(p->outs, p->res);
        return TRUE;
    }
    xmlNodePtr root = xmlDocGetRootElement(p->res);
    for (xmlNodePtr u = root ? root->children : NULL; u; u = u->next)
        if (u->type == XML_ELEMENT_NODE)
            g_ptr_array_add(p->outs, u);
    return p->outs->len == p->units->len;
}

static GdnFixPass *pass_new(xmlDocPtr tree)
{
    GdnFixPass *p = g_new0(GdnFixPass, 1);
    p->tree = tree;
    p->units = g_ptr_array_new();
    p->outs = g_ptr_array_new();
    p->before = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
    return p;
}

GdnFixPass *gdn_fix_pass_run(const FixStyle *fs, xmlDocPtr tree, GHashTable *targets,
                             const char *target_xpath, GHashTable *params, GError **error)
{
    g_autoptr(GdnFixPass) p = pass_new(tree);
    xsltTransformContextPtr ctxt = xsltNewTransformContext(fs->style, tree);
    if (!ctxt) {
        g_set_error_literal(error, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED, "out of memory");
        return NULL;
    }
    PassCtx pc = {targets, p->units};
    ctxt->_private = &pc;
    g_autoptr(GString) msgs = g_string_new(NULL);
    gdn_fixer_secure_ctxt(ctxt, msgs);
    xmlNodePtr root = xmlDocGetRootElement(tree);
    if (!fs->identity)
        g_ptr_array_add(p->units, root);
    else if (root && find_units(ctxt, fs, root, p->units))
        g_ptr_array_add(p->units, root);
    g_autofree const char **pv = param_vector(target_xpath, params);
    if (p->units->len && xsltQuoteUserParams(ctxt, pv) == 0)
        p->res = xsltApplyStylesheetUser(fs->style, tree, NULL, NULL, NULL, ctxt);
    gboolean failed = p->units->len && (!p->res || ctxt->state == XSLT_STATE_ERROR ||
                                        ctxt->state == XSLT_STATE_STOPPED);
    xsltFreeTransformContext(ctxt);
    if (failed) {
        set_failed(error, msgs);
        return NULL;
    }
    if (p->units->len && !pair_outputs(p, fs)) {
        g_set_error_literal(error, GDN_FIX_ERROR, GDN_FIX_ERROR_FAILED,
                            "the stylesheet failed: its result does not map to the document");
        return NULL;
    }
    p->changed = g_new0(gboolean, p->units->len + 1);
    return g_steal_pointer(&p);
}

guint gdn_fix_pass_changes(GdnFixPass *p, GHashTable *keys)
{
    guint n = 0;
    for (guint i = 0; i < p->units->len; i++) {
        xmlNodePtr old = g_ptr_array_index(p->units, i);
        xmlNodePtr out = g_ptr_array_index(p->outs, i);
        gint parent_id = old->parent && old->parent->type == XML_ELEMENT_NODE
                             ? gdn_fixer_node_id(old->parent)
                             : -2;
        GHashTable *before = gdn_fixer_subtree_index(old);
        g_ptr_array_add(p->before, before);
        guint c = gdn_fixer_subtree_changes(before, out->children, parent_id, keys);
        p->changed[i] = c > 0;
        n += c;
    }
    return n;
}

gboolean gdn_fix_pass_in_place(GdnFixPass *p, GHashTable *skip)
{
    for (guint i = 0; i < p->units->len; i++) {
        if (!p->changed[i] ||
            (skip &&
             g_hash_table_contains(
                 skip, GINT_TO_POINTER(gdn_fixer_node_id(g_ptr_array_index(p->units, i)) + 1))))
            continue;
        xmlNodePtr out = ((xmlNodePtr)g_ptr_array_index(p->outs, i))->children;
        if (!out || out->next || out->type != XML_ELEMENT_NODE ||
            gdn_fixer_node_id(out) != gdn_fixer_node_id(g_ptr_array_index(p->units, i)))
            return FALSE;
    }
    return TRUE;
}

GArray *gdn_fix_pass_changed_units(GdnFixPass *p)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint));
    for (guint i = 0; i < p->units->len; i++)
        if (p->changed[i]) {
            gint id = gdn_fixer_node_id(g_ptr_array_index(p->units, i));
            g_array_append_val(ids, id);
        }
    return ids;
}

/* What unit i became, as text (its result nodes serialized). */
static char *unit_text(GdnFixPass *p, guint i)
{
    xmlNodePtr out = g_ptr_array_index(p->outs, i);
    xmlBufferPtr buf = xmlBufferCreate();
    for (xmlNodePtr c = out->children; c; c = c->next)
        xmlNodeDump(buf, p->res, c, 0, 0);
    char *text = g_strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}

GHashTable *gdn_fix_pass_results(GdnFixPass *p)
{
    GHashTable *results = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    for (guint i = 0; i < p->units->len; i++)
        if (p->changed[i])
            g_hash_table_insert(
                results, GINT_TO_POINTER(gdn_fixer_node_id(g_ptr_array_index(p->units, i)) + 1),
                unit_text(p, i));
    return results;
}

gboolean gdn_fix_pass_unit_matches(GdnFixPass *p, gint id, GHashTable *results)
{
    const char *want = g_hash_table_lookup(results, GINT_TO_POINTER(id + 1));
    for (guint i = 0; want && i < p->units->len; i++)
        if (p->changed[i] && gdn_fixer_node_id(g_ptr_array_index(p->units, i)) == id) {
            g_autofree char *text = unit_text(p, i);
            return g_str_equal(text, want);
        }
    return FALSE;
}

/* An original element by id: from the unit (moved, once) or, for a copy,
 * from anywhere in the tree. */
static xmlNodePtr kept_node(GdnFixPass *p, GHashTable *before, GHashTable *moved, gint id)
{
    gpointer key = GINT_TO_POINTER(id + 1);
    xmlNodePtr orig = id >= 0 ? g_hash_table_lookup(before, key) : NULL;
    if (orig && g_hash_table_add(moved, orig)) {
        if (p->undo)
            gdn_fix_undo_move(p->undo, orig);
        xmlUnlinkNode(orig);
        g_hash_table_add(tree_log(p->tree)->kept, key);
        return orig;
    }
    if (!orig && id >= 0) {
        if (!p->index)
            p->index = gdn_fixer_subtree_index(xmlDocGetRootElement(p->tree));
        orig = g_hash_table_lookup(p->index, key);
    }
    return orig ? xmlDocCopyNode(orig, p->tree, 1) : NULL;
}

static void resolve_keeps(GdnFixPass *p, xmlNodePtr n, GHashTable *before, GHashTable *moved);

/* n: a <gdn:keep/> placeholder, replaced by its element; or an element
 * whose descendants may hold some. */
static void resolve_one(GdnFixPass *p, xmlNodePtr n, GHashTable *before, GHashTable *moved)
{
    if (!gdn_fixer_is_keep(n)) {
        resolve_keeps(p, n->children, before, moved);
        return;
    }
    xmlNodePtr put = kept_node(p, before, moved, gdn_fixer_keep_ref(n));
    if (put)
        xmlReplaceNode(n, put);
    else
        xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* Resolves the placeholders in the sibling list starting at n. */
static void resolve_keeps(GdnFixPass *p, xmlNodePtr n, GHashTable *before, GHashTable *moved)
{
    xmlNodePtr next = NULL;
    for (; n; n = next) {
        next = n->next;
        if (n->type == XML_ELEMENT_NODE)
            resolve_one(p, n, before, moved);
    }
}

static void commit_unit(GdnFixPass *p, guint i)
{
    xmlNodePtr old = g_ptr_array_index(p->units, i);
    xmlNodePtr wrap = g_ptr_array_index(p->outs, i);
    gboolean top = old->parent == (xmlNodePtr)p->tree;
    if (p->undo)
        gdn_fix_undo_unit(p->undo, old);
    g_autoptr(GPtrArray) put = g_ptr_array_new();
    xmlNodePtr next = NULL;
    for (xmlNodePtr out = wrap->children; out; out = next) {
        next = out->next;
        if (top && out->type != XML_ELEMENT_NODE)
            continue; /* what surrounds the root element is not edited */
        xmlUnlinkNode(out);
        xmlDOMWrapAdoptNode(NULL, p->res, out, p->tree, old->parent, 0);
        out = xmlAddPrevSibling(old, out); /* a text node may merge */
        if (out->type == XML_ELEMENT_NODE)
            g_ptr_array_add(put, out);
    }
    g_autoptr(GHashTable) moved = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint k = 0; k < put->len; k++)
        resolve_one(p, g_ptr_array_index(put, k), g_ptr_array_index(p->before, i), moved);
    log_replaced(tree_log(p->tree), old);
    xmlUnlinkNode(old);
    /* Kept elements may refer to namespace declarations of old: it lives
     * as long as the tree. */
    g_ptr_array_add(tree_log(p->tree)->gone, old);
}

void gdn_fix_pass_commit_undoable(GdnFixPass *p, GdnFixUndo *undo)
{
    p->undo = undo;
    gdn_fix_pass_commit(p);
    p->undo = NULL;
}

void gdn_fix_pass_commit(GdnFixPass *p)
{
    for (guint i = 0; i < p->units->len; i++)
        if (p->changed[i]) {
            commit_unit(p, i);
            p->changed[i] = FALSE;
        }
}

static void tree_log_free(GdnTreeLog *log)
{
    if (!log)
        return;
    g_ptr_array_unref(log->gone);
    g_hash_table_unref(log->replaced);
    g_hash_table_unref(log->holders);
    g_hash_table_unref(log->kept);
    g_free(log);
}

void gdn_fixer_tree_free(xmlDocPtr tree)
{
    if (!tree)
        return;
    /* The replaced nodes first: freeing a node reads its document (the
     * tree's nodes never read the namespace declarations they refer to). */
    tree_log_free(tree->_private);
    xmlFreeDoc(tree);
}

void gdn_fix_pass_free(GdnFixPass *p)
{
    if (!p)
        return;
    if (p->res)
        xmlFreeDoc(p->res);
    g_ptr_array_unref(p->units);
    g_ptr_array_unref(p->outs);
    g_ptr_array_unref(p->before);
    if (p->index)
        g_hash_table_unref(p->index);
    g_free(p->changed);
    g_free(p);
}

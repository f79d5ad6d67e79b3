/* Result tree -> minimal edits of the original bytes.
 *
 * Original elements are tracked through the XSLT by an id attribute (their
 * index in doc->spans), so matching is exact: an id'd result element is the
 * original element, an element without id is new, a missing id is removed.
 * Only what differs is written, in the file's own style (quotes,
 * indentation, line ending); everything else keeps its bytes. */
#include "fix/fixer_priv.h"
#include <string.h>

typedef struct {
    const GdnDoc *doc;
    const GdnTreeLog *log; /* NULL: compare everything */
    GPtrArray *elems;      /* original element nodes, index = span index */
    GPtrArray *edits;
    char quote;
    const char *eol;
    char *unit; /* one indentation level */
} Diff;

/* ---- ids ---- */

gboolean gdn_fixer_is_tracking_attr(const xmlAttr *a)
{
    return a->ns && xmlStrEqual(a->ns->href, BAD_CAST GDN_FIXER_NS);
}

gint gdn_fixer_node_id(xmlNodePtr n)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (gdn_fixer_is_tracking_attr(a) && xmlStrEqual(a->name, BAD_CAST "id") && a->children &&
            a->children->content) {
            /* The ids are ours ("%u"): short digit strings parse directly. */
            const xmlChar *c = a->children->content;
            gint v = 0, k = 0;
            for (; k < 9 && c[k] >= '0' && c[k] <= '9'; k++)
                v = v * 10 + (c[k] - '0');
            if (k > 0 && c[k] == '\0')
                return v;
            return (gint)g_ascii_strtoll((const char *)c, NULL, 10);
        }
    }
    return -1;
}

static void annotate_walk(xmlNodePtr n, xmlNsPtr ns, guint *i)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char buf[16];
        g_snprintf(buf, sizeof buf, "%u", (*i)++);
        xmlNewNsProp(n, ns, BAD_CAST "id", BAD_CAST buf);
        annotate_walk(n->children, ns, i);
    }
}

xmlDocPtr gdn_fixer_annotate(const GdnDoc *doc)
{
    xmlDocPtr copy = xmlCopyDoc(doc->xml, 1);
    if (!copy)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(copy);
    /* The prefix does not matter (matching is by namespace URI), but it
     * must not clash with one the document declares on its root. */
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST GDN_FIXER_NS, BAD_CAST "gdnfx");
    for (guint k = 1; !ns && k < 100; k++) {
        char prefix[16];
        g_snprintf(prefix, sizeof prefix, "gdnfx%u", k);
        ns = xmlNewNs(root, BAD_CAST GDN_FIXER_NS, BAD_CAST prefix);
    }
    if (!ns) {
        xmlFreeDoc(copy);
        return NULL;
    }
    guint i = 0;
    annotate_walk(root, ns, &i);
    return copy;
}

void gdn_fixer_collect_elems(xmlNodePtr n, GPtrArray *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        g_ptr_array_add(out, n);
        gdn_fixer_collect_elems(n->children, out);
    }
}

/* ---- the file's style ---- */

static const GdnSpan *span_of(xmlNodePtr n)
{
    return n->_private;
}

static gsize line_start(const char *b, gsize off)
{
    while (off > 0 && b[off - 1] != '\n')
        off--;
    return off;
}

static gboolean all_blank(const char *b, gsize from, gsize to)
{
    for (gsize i = from; i < to; i++)
        if (b[i] != ' ' && b[i] != '\t')
            return FALSE;
    return TRUE;
}

/* Whitespace before the element on its line, or NULL if it does not start
 * its line. */
/* Whether only blanks precede start on its line (then *ls is the line's
 * start). Scans back only over blanks: on a long line, a test per element
 * must not cost the line's length. */
static gboolean blank_before(const char *b, gsize start, gsize *ls)
{
    gsize k = start;
    for (; k > 0 && b[k - 1] != '\n'; k--)
        if (b[k - 1] != ' ' && b[k - 1] != '\t')
            return FALSE;
    *ls = k;
    return TRUE;
}

static char *indent_of(const Diff *d, gsize start)
{
    gsize ls;
    if (!blank_before(d->doc->bytes, start, &ls))
        return NULL;
    return g_strndup(d->doc->bytes + ls, start - ls);
}

static void detect_style(Diff *d)
{
    const char *b = d->doc->bytes;
    const char *nl = memchr(b, '\n', d->doc->len);
    d->eol = (nl && nl > b && nl[-1] == '\r') ? "\r\n" : "\n";
    d->quote = '\'';
    for (guint i = 0; i < d->elems->len; i++) {
        const GdnSpan *s = span_of(g_ptr_array_index(d->elems, i));
        const char *q = NULL;
        for (gsize k = s->start; k < s->start_end; k++)
            if (b[k] == '=') {
                q = b + k + 1;
                while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
                    q++;
                break;
            }
        if (q && (*q == '"' || *q == '\'')) {
            d->quote = *q;
            break;
        }
    }
    gboolean tabs = FALSE;
    for (guint i = 0; i < d->elems->len && !d->unit; i++) {
        xmlNodePtr n = g_ptr_array_index(d->elems, i);
        g_autofree char *pi = indent_of(d, span_of(n)->start);
        if (!pi)
            continue;
        tabs |= strchr(pi, '\t') != NULL;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            g_autofree char *ci = indent_of(d, span_of(c)->start);
            if (ci && strlen(ci) > strlen(pi) && g_str_has_prefix(ci, pi))
                d->unit = g_strdup(ci + strlen(pi));
            break;
        }
    }
    if (!d->unit)
        d->unit = g_strdup(tabs ? "\t" : "  ");
}

/* ---- serialization of new content ---- */

static void escape(GString *out, const char *s, char quote)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '>':
            g_string_append(out, "&gt;");
            break;
        case '\r':
            g_string_append(out, "&#13;");
            break;
        case '"':
            g_string_append(out, quote == '"' ? "&quot;" : "\"");
            break;
        case '\'':
            g_string_append(out, quote == '\'' ? "&apos;" : "'");
            break;
        case '\n':
        case '\t':
            if (quote)
                g_string_append_printf(out, "&#%d;", *s);
            else
                g_string_append_c(out, *s);
            break;
        default:
            g_string_append_c(out, *s);
        }
    }
}

static void append_qname(GString *out, xmlNsPtr ns, const xmlChar *name)
{
    if (ns && ns->prefix)
        g_string_append_printf(out, "%s:", (const char *)ns->prefix);
    g_string_append(out, (const char *)name);
}

static char *content_of(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = g_strdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* Compares two values without allocating in the common case (one text
 * child each). */
gboolean gdn_fixer_same_text(xmlNodePtr x, xmlNodePtr y)
{
    xmlNodePtr a = x->children, b = y->children;
    if ((!a || (!a->next && a->type == XML_TEXT_NODE)) &&
        (!b || (!b->next && b->type == XML_TEXT_NODE))) {
        const xmlChar *av = a ? a->content : NULL, *bv = b ? b->content : NULL;
        return xmlStrEqual(av ? av : BAD_CAST "", bv ? bv : BAD_CAST "");
    }
    g_autofree char *as = content_of(x);
    g_autofree char *bs = content_of(y);
    return g_strcmp0(as, bs) == 0;
}

gboolean gdn_fixer_has_element_child(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return TRUE;
    return FALSE;
}

/* Is ns (of a new element) already bound with the same prefix at scope, an
 * original element? */
static gboolean ns_bound(const Diff *d, xmlNodePtr scope, xmlNsPtr ns)
{
    if (!scope)
        return FALSE;
    xmlNsPtr found = xmlSearchNs(d->doc->xml, scope, ns->prefix);
    return found && xmlStrEqual(found->href, ns->href);
}

static void attr_string(GString *out, const Diff *d, xmlAttrPtr a, char quote)
{
    (void)d;
    g_autofree char *v = content_of((xmlNodePtr)a);
    g_string_append_c(out, ' ');
    append_qname(out, a->ns, a->name);
    g_string_append_printf(out, "=%c", quote);
    escape(out, v, quote);
    g_string_append_c(out, quote);
}

/* Serializes a new element at indentation ind (NULL: inline). scope is the
 * original element it goes into (for namespace declarations). */
static void serialize(const Diff *d, GString *out, xmlNodePtr n, const char *ind, xmlNodePtr scope)
{
    g_string_append_c(out, '<');
    append_qname(out, n->ns, n->name);
    if (n->ns) {
        xmlNodePtr rp = n->parent;
        gboolean from_parent = scope == NULL && rp && rp->type == XML_ELEMENT_NODE && rp->ns &&
                               xmlStrEqual(rp->ns->href, n->ns->href) &&
                               xmlStrEqual(rp->ns->prefix, n->ns->prefix);
        if (!from_parent && !ns_bound(d, scope, n->ns)) {
            if (n->ns->prefix)
                g_string_append_printf(out, " xmlns:%s=%c", (const char *)n->ns->prefix, d->quote);
            else
                g_string_append_printf(out, " xmlns=%c", d->quote);
            escape(out, (const char *)n->ns->href, d->quote);
            g_string_append_c(out, d->quote);
        }
    }
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (!gdn_fixer_is_tracking_attr(a))
            attr_string(out, d, a, d->quote);
    if (!gdn_fixer_has_element_child(n)) {
        g_autofree char *text = content_of(n);
        if (!text[0]) {
            g_string_append(out, "/>");
            return;
        }
        g_string_append_c(out, '>');
        escape(out, text, 0);
    } else {
        g_string_append_c(out, '>');
        g_autofree char *cind = ind ? g_strconcat(ind, d->unit, NULL) : NULL;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE && c->type != XML_COMMENT_NODE)
                continue;
            if (cind)
                g_string_append_printf(out, "%s%s", d->eol, cind);
            if (c->type == XML_COMMENT_NODE)
                g_string_append_printf(out, "<!--%s-->", (const char *)c->content);
            else
                serialize(d, out, c, cind, NULL);
        }
        if (ind)
            g_string_append_printf(out, "%s%s", d->eol, ind);
    }
    g_string_append(out, "</");
    append_qname(out, n->ns, n->name);
    g_string_append_c(out, '>');
}

static void add_edit(Diff *d, gsize off, gsize len, const char *text)
{
    g_ptr_array_add(d->edits, gdn_edit_new(off, len, text));
}

/* ---- start tags ---- */

typedef struct {
    gsize ws_start, name_start, name_end, val_start, val_end;
    char quote;
} AttrTok;

static gboolean is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Tokenizes the attributes of the start tag at span; *insert_at is where a
 * new attribute goes (after the last attribute, or after the name). */
static GArray *tokenize_tag(const char *b, const GdnSpan *s, gsize *insert_at)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(AttrTok));
    gsize p = s->start + 1, end = s->start_end;
    while (p < end && !is_ws(b[p]) && b[p] != '/' && b[p] != '>')
        p++;
    for (;;) {
        AttrTok t = {.ws_start = p};
        while (p < end && is_ws(b[p]))
            p++;
        if (p >= end || b[p] == '/' || b[p] == '>') {
            *insert_at = t.ws_start;
            break;
        }
        t.name_start = p;
        while (p < end && !is_ws(b[p]) && b[p] != '=')
            p++;
        t.name_end = p;
        while (p < end && (is_ws(b[p]) || b[p] == '='))
            p++;
        if (p >= end) {
            *insert_at = t.ws_start;
            break;
        }
        t.quote = b[p];
        t.val_start = ++p;
        while (p < end && b[p] != t.quote)
            p++;
        t.val_end = p++;
        g_array_append_val(toks, t);
    }
    return toks;
}

static const AttrTok *find_tok(const char *b, GArray *toks, xmlAttrPtr a)
{
    g_autoptr(GString) q = g_string_new(NULL);
    append_qname(q, a->ns, a->name);
    for (guint i = 0; i < toks->len; i++) {
        const AttrTok *t = &g_array_index(toks, AttrTok, i);
        if (t->name_end - t->name_start == q->len && memcmp(b + t->name_start, q->str, q->len) == 0)
            return t;
    }
    return NULL;
}

xmlAttrPtr gdn_fixer_find_attr(xmlNodePtr n, xmlAttrPtr like)
{
    const xmlChar *href = like->ns ? like->ns->href : NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (gdn_fixer_is_tracking_attr(a) || !xmlStrEqual(a->name, like->name))
            continue;
        if (xmlStrEqual(a->ns ? a->ns->href : NULL, href))
            return a;
    }
    return NULL;
}

static gboolean diff_attrs(Diff *d, xmlNodePtr o, xmlNodePtr r)
{
    const char *b = d->doc->bytes;
    gsize insert_at = 0;
    g_autoptr(GArray) toks = tokenize_tag(b, span_of(o), &insert_at);
    g_autofree gboolean *removed = g_new0(gboolean, toks->len + 1);
    for (xmlAttrPtr a = o->properties; a; a = a->next) {
        const AttrTok *t = find_tok(b, toks, a);
        if (!t)
            return FALSE;
        xmlAttrPtr ra = gdn_fixer_find_attr(r, a);
        if (!ra) {
            removed[t - (const AttrTok *)toks->data] = TRUE;
            continue;
        }
        if (!gdn_fixer_same_text((xmlNodePtr)a, (xmlNodePtr)ra)) {
            g_autofree char *rv = content_of((xmlNodePtr)ra);
            g_autoptr(GString) s = g_string_new(NULL);
            escape(s, rv, t->quote);
            add_edit(d, t->val_start, t->val_end - t->val_start, s->str);
        }
    }
    /* A removed attribute takes the blanks after it when a kept attribute
     * follows (so the next one keeps its place), else the blanks before. */
    for (guint i = 0; i < toks->len; i++) {
        if (!removed[i])
            continue;
        const AttrTok *t = &g_array_index(toks, AttrTok, i);
        if (i + 1 < toks->len && !removed[i + 1])
            add_edit(d, t->name_start, (t + 1)->name_start - t->name_start, "");
        else
            add_edit(d, t->ws_start, t->val_end + 1 - t->ws_start, "");
    }
    char quote = toks->len ? g_array_index(toks, AttrTok, 0).quote : d->quote;
    g_autoptr(GString) added = g_string_new(NULL);
    for (xmlAttrPtr ra = r->properties; ra; ra = ra->next)
        if (!gdn_fixer_is_tracking_attr(ra) && !gdn_fixer_find_attr(o, ra))
            attr_string(added, d, ra, quote);
    if (added->len)
        add_edit(d, insert_at, 0, added->str);
    return TRUE;
}

/* ---- children ---- */

/* Offset of the '<' of the end tag of a non-empty element. */
static gsize end_tag_start(const char *b, const GdnSpan *s)
{
    gsize p = s->end - 1;
    while (p > s->start_end && b[p] != '<')
        p--;
    return p;
}

static void append_end_tag(GString *out, xmlNodePtr o)
{
    g_string_append(out, "</");
    append_qname(out, o->ns, o->name);
    g_string_append_c(out, '>');
}

/* Start of "/>" of an empty element, with any blanks before it. */
static gsize empty_close_start(const char *b, const GdnSpan *s)
{
    gsize p = s->start_end - 2;
    while (p > s->start && is_ws(b[p - 1]))
        p--;
    return p;
}

static void diff_text(Diff *d, xmlNodePtr o, xmlNodePtr r)
{
    if (gdn_fixer_same_text(o, r))
        return;
    g_autofree char *rt = content_of(r);
    const GdnSpan *s = span_of(o);
    g_autoptr(GString) text = g_string_new(NULL);
    if (s->empty) {
        g_string_append_c(text, '>');
        escape(text, rt, 0);
        append_end_tag(text, o);
        gsize at = empty_close_start(d->doc->bytes, s);
        add_edit(d, at, s->start_end - at, text->str);
    } else {
        escape(text, rt, 0);
        gsize et = end_tag_start(d->doc->bytes, s);
        add_edit(d, s->start_end, et - s->start_end, text->str);
    }
}

static void remove_elem(Diff *d, xmlNodePtr o)
{
    const char *b = d->doc->bytes;
    const GdnSpan *s = span_of(o);
    gsize ls;
    if (!blank_before(b, s->start, &ls)) {
        add_edit(d, s->start, s->end - s->start, "");
        return;
    }
    const char *nl = memchr(b + s->end, '\n', d->doc->len - s->end);
    gsize eol = nl ? (gsize)(nl - b) : d->doc->len;
    /* a trailing '\r' counts as blank */
    gsize rest_end = (eol > s->end && b[eol - 1] == '\r') ? eol - 1 : eol;
    if (all_blank(b, s->end, rest_end) && nl)
        add_edit(d, ls, eol + 1 - ls, "");
    else
        add_edit(d, s->start, s->end - s->start, "");
}

static void insert_after(Diff *d, xmlNodePtr sib, xmlNodePtr c, xmlNodePtr parent)
{
    const char *b = d->doc->bytes;
    const GdnSpan *s = span_of(sib);
    g_autofree char *ind = indent_of(d, s->start);
    const char *nl = memchr(b + s->end, '\n', d->doc->len - s->end);
    gsize eol = nl ? (gsize)(nl - b) : d->doc->len;
    gsize rest_end = (eol > s->end && b[eol - 1] == '\r') ? eol - 1 : eol;
    g_autoptr(GString) t = g_string_new(NULL);
    gsize rest = s->end;
    while (rest < rest_end && (b[rest] == ' ' || b[rest] == '\t'))
        rest++;
    /* A comment that ends the sibling's line stays with it. */
    if (rest + 4 <= rest_end && memcmp(b + rest, "<!--", 4) == 0) {
        const char *ce = g_strstr_len(b + rest, (gssize)(rest_end - rest), "-->");
        if (ce && all_blank(b, (gsize)(ce - b) + 3, rest_end))
            rest = rest_end;
    }
    if (ind && nl && rest == rest_end) {
        g_string_append(t, ind);
        serialize(d, t, c, ind, parent);
        g_string_append(t, d->eol);
        add_edit(d, eol + 1, 0, t->str);
    } else if (ind && rest + 2 <= rest_end && b[rest] == '<' && b[rest + 1] == '/') {
        /* The parent's end tag shares the sibling's line: new line before it. */
        g_string_append(t, d->eol);
        g_string_append(t, ind);
        serialize(d, t, c, ind, parent);
        add_edit(d, s->end, 0, t->str);
    } else {
        serialize(d, t, c, NULL, parent);
        add_edit(d, s->end, 0, t->str);
    }
}

static void insert_before(Diff *d, xmlNodePtr sib, xmlNodePtr c, xmlNodePtr parent)
{
    const GdnSpan *s = span_of(sib);
    g_autofree char *ind = indent_of(d, s->start);
    g_autoptr(GString) t = g_string_new(NULL);
    if (ind) {
        g_string_append(t, ind);
        serialize(d, t, c, ind, parent);
        g_string_append(t, d->eol);
        add_edit(d, line_start(d->doc->bytes, s->start), 0, t->str);
    } else {
        serialize(d, t, c, NULL, parent);
        add_edit(d, s->start, 0, t->str);
    }
}

/* New children of an element none of whose original children remain. */
static void insert_into(Diff *d, xmlNodePtr o, GPtrArray *news)
{
    const char *b = d->doc->bytes;
    const GdnSpan *s = span_of(o);
    g_autofree char *pind = indent_of(d, s->start);
    g_autofree char *cind = pind ? g_strconcat(pind, d->unit, NULL) : NULL;
    g_autoptr(GString) t = g_string_new(NULL);
    if (s->empty) {
        gsize at = empty_close_start(b, s);
        g_string_append_c(t, '>');
        for (guint i = 0; i < news->len; i++) {
            if (cind)
                g_string_append_printf(t, "%s%s", d->eol, cind);
            serialize(d, t, g_ptr_array_index(news, i), cind, o);
        }
        if (pind)
            g_string_append_printf(t, "%s%s", d->eol, pind);
        append_end_tag(t, o);
        add_edit(d, at, s->start_end - at, t->str);
        return;
    }
    gsize et = end_tag_start(b, s);
    gsize els = line_start(b, et);
    if (cind && els > s->start_end && all_blank(b, els, et)) {
        for (guint i = 0; i < news->len; i++) {
            g_string_append(t, cind);
            serialize(d, t, g_ptr_array_index(news, i), cind, o);
            g_string_append(t, d->eol);
        }
        add_edit(d, els, 0, t->str);
    } else {
        for (guint i = 0; i < news->len; i++) {
            if (cind)
                g_string_append_printf(t, "%s%s", d->eol, cind);
            serialize(d, t, g_ptr_array_index(news, i), cind, o);
        }
        if (pind)
            g_string_append_printf(t, "%s%s", d->eol, pind);
        /* Blanks alone between the tags (no line break) are replaced. */
        gsize from = (cind && all_blank(b, s->start_end, et)) ? s->start_end : et;
        add_edit(d, from, et - from, t->str);
    }
}

static gboolean diff_elem(Diff *d, xmlNodePtr o, xmlNodePtr r, gboolean all);

static gboolean diff_children(Diff *d, xmlNodePtr o, xmlNodePtr r, gboolean all)
{
    if (!gdn_fixer_has_element_child(o) && !gdn_fixer_has_element_child(r)) {
        diff_text(d, o, r);
        return TRUE;
    }
    g_autoptr(GPtrArray) kids = g_ptr_array_new();  /* r's element children */
    g_autoptr(GPtrArray) match = g_ptr_array_new(); /* original or NULL (new) */
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    guint n_matched = 0;
    for (xmlNodePtr c = r->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        gint id = gdn_fixer_node_id(c);
        xmlNodePtr oc = NULL;
        if (id >= 0 && (guint)id < d->elems->len) {
            oc = g_ptr_array_index(d->elems, id);
            if (oc->parent != o || g_hash_table_contains(seen, oc))
                oc = NULL;
        }
        if (oc) {
            g_hash_table_add(seen, oc);
            n_matched++;
        }
        g_ptr_array_add(kids, c);
        g_ptr_array_add(match, oc);
    }
    for (xmlNodePtr oc = o->children; oc; oc = oc->next)
        if (oc->type == XML_ELEMENT_NODE && !g_hash_table_contains(seen, oc))
            remove_elem(d, oc);
    if (n_matched == 0) {
        if (kids->len)
            insert_into(d, o, kids);
        return TRUE;
    }
    for (guint i = 0; i < kids->len; i++) {
        xmlNodePtr oc = g_ptr_array_index(match, i);
        if (oc) {
            if (!diff_elem(d, oc, g_ptr_array_index(kids, i), all))
                return FALSE;
            continue;
        }
        /* Anchor on the nearest kept sibling: after the previous, else
         * before the next. Same-offset insertions keep their order. */
        xmlNodePtr prev = NULL, next = NULL;
        for (guint k = i; k-- > 0 && !prev;)
            prev = g_ptr_array_index(match, k);
        for (guint k = i + 1; k < kids->len && !next; k++)
            next = g_ptr_array_index(match, k);
        if (prev)
            insert_after(d, prev, g_ptr_array_index(kids, i), o);
        else
            insert_before(d, next, g_ptr_array_index(kids, i), o);
    }
    return TRUE;
}

/* all: r is in a replaced element, compare everything. Else an element
 * the passes did not replace, nor hold a replaced one, is unchanged. */
static gboolean diff_elem(Diff *d, xmlNodePtr o, xmlNodePtr r, gboolean all)
{
    if (d->log) {
        gpointer key = GINT_TO_POINTER(gdn_fixer_node_id(r) + 1);
        gboolean replaced = g_hash_table_contains(d->log->replaced, key);
        /* An original element put back whole is unchanged itself. */
        if (!replaced && g_hash_table_contains(d->log->kept, key))
            all = FALSE;
        if (!all && !replaced && !g_hash_table_contains(d->log->holders, key))
            return TRUE;
        all = all || replaced;
    }
    const xmlChar *oh = o->ns ? o->ns->href : NULL, *rh = r->ns ? r->ns->href : NULL;
    if (!xmlStrEqual(o->name, r->name) || !xmlStrEqual(oh, rh)) {
        const GdnSpan *s = span_of(o);
        g_autofree char *ind = indent_of(d, s->start);
        g_autoptr(GString) t = g_string_new(NULL);
        serialize(d, t, r, ind, o->parent);
        add_edit(d, s->start, s->end - s->start, t->str);
        return TRUE;
    }
    return diff_attrs(d, o, r) && diff_children(d, o, r, all);
}

/* What the edits of one document need, read once: its elements by span
 * index and its style. */
struct GdnTreeDiffer {
    Diff base;
};

GdnTreeDiffer *gdn_fixer_differ_new(const GdnDoc *doc)
{
    GdnTreeDiffer *t = g_new0(GdnTreeDiffer, 1);
    t->base.doc = doc;
    t->base.elems = g_ptr_array_new();
    gdn_fixer_collect_elems(xmlDocGetRootElement(doc->xml), t->base.elems);
    detect_style(&t->base);
    return t;
}

void gdn_fixer_differ_free(GdnTreeDiffer *t)
{
    if (!t)
        return;
    g_ptr_array_unref(t->base.elems);
    g_free(t->base.unit);
    g_free(t);
}

GPtrArray *gdn_fixer_differ_edits(GdnTreeDiffer *t, xmlDocPtr result, GError **error)
{
    Diff d = t->base;
    d.log = result->_private;
    d.edits = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_edit_free);
    xmlNodePtr rroot = xmlDocGetRootElement(result);
    gboolean ok = FALSE;
    if (!rroot || gdn_fixer_node_id(rroot) != 0)
        g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID,
                    "the fix did not keep the <domain> root element");
    else if (!diff_elem(&d, g_ptr_array_index(d.elems, 0), rroot, FALSE))
        g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID,
                    "could not map the fix result to the source text");
    else if (!gdn_edits_sort(d.edits))
        g_set_error(error, GDN_FIX_ERROR, GDN_FIX_ERROR_INVALID,
                    "the fix produced overlapping edits");
    else
        ok = TRUE;
    if (!ok)
        g_clear_pointer(&d.edits, g_ptr_array_unref);
    return d.edits;
}

GPtrArray *gdn_fixer_tree_edits(const GdnDoc *doc, xmlDocPtr result, GError **error)
{
    GdnTreeDiffer *t = gdn_fixer_differ_new(doc);
    GPtrArray *edits = gdn_fixer_differ_edits(t, result, error);
    gdn_fixer_differ_free(t);
    return edits;
}

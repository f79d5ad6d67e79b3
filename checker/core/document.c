#include "core/document.h"
#include <errno.h>
#include <fcntl.h>
#include <libxml/dict.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

GdnInputError *gdn_input_error_new(const char *file, guint line, const char *fmt, ...)
{
    GdnInputError *e = g_new0(GdnInputError, 1);
    va_list ap;
    va_start(ap, fmt);
    e->file = g_strdup(file);
    e->line = line;
    e->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return e;
}

void gdn_input_error_free(GdnInputError *e)
{
    if (!e)
        return;
    g_free(e->file);
    g_free(e->message);
    g_free(e);
}

void gdn_doc_free(GdnDoc *doc)
{
    if (!doc)
        return;
    if (doc->xml)
        xmlFreeDoc(doc->xml);
    if (doc->spans)
        g_array_unref(doc->spans);
    if (doc->line_starts)
        g_array_unref(doc->line_starts);
    if (doc->utf8_marks)
        g_array_unref(doc->utf8_marks);
    g_free(doc->file);
    g_free(doc->uri);
    g_free(doc->domain);
    g_free(doc->bytes);
    g_free(doc);
}

char *gdn_doc_display_name(const GdnDoc *doc)
{
    if (doc->uri)
        return g_strdup_printf("%s/%s", doc->uri, doc->domain ? doc->domain : "?");
    return g_strdup(doc->file);
}

/* Attach span i to the i-th element of a preorder walk. */
static gboolean attach_spans(xmlNodePtr node, GArray *spans, guint *i)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (*i >= spans->len)
            return FALSE;
        node->_private = &g_array_index(spans, GdnSpan, (*i)++);
        if (!attach_spans(node->children, spans, i))
            return FALSE;
    }
    return TRUE;
}

static char *first_line(const char *msg)
{
    char *s = g_strdup(msg ? msg : "unknown error");
    char *nl = strchr(s, '\n');
    if (nl)
        *nl = '\0';
    return g_strstrip(s);
}

static guint line_at(const char *bytes, gsize off)
{
    guint line = 1;
    for (gsize i = 0; i < off; i++)
        line += bytes[i] == '\n';
    return line;
}

static void free_parser_ctxt(gpointer ctxt)
{
    xmlFreeParserCtxt(ctxt);
}

static GPrivate parser_ctxt = G_PRIVATE_INIT(free_parser_ctxt);

/* A reused context starts over with a new dictionary beyond this size, so
 * memory stays flat in the number of documents. */
#define PARSER_DICT_RECYCLE_BYTES (256 * 1024)

gboolean gdn_xml_precheck(const char *name, const char *bytes, gsize len, GdnInputError **err)
{
    if (len == 0) {
        *err = gdn_input_error_new(name, 0, "empty input");
        return FALSE;
    }
    const char *nul = memchr(bytes, '\0', len);
    if (nul) {
        *err = gdn_input_error_new(name, line_at(bytes, nul - bytes),
                                   "binary data (NUL byte), not an XML document");
        return FALSE;
    }
    gssize dt = gdn_prolog_doctype(bytes, len);
    if (dt >= 0) {
        *err = gdn_input_error_new(name, line_at(bytes, dt),
                                   "DOCTYPE and entity declarations are not allowed");
        return FALSE;
    }
    gssize crowded = gdn_crowded_tag(bytes, len, GDN_MAX_ATTRIBUTES);
    if (crowded >= 0) {
        *err = gdn_input_error_new(name, line_at(bytes, crowded),
                                   "an element with more than %d attributes", GDN_MAX_ATTRIBUTES);
        return FALSE;
    }
    return TRUE;
}

xmlDocPtr gdn_xml_parse_safe(const char *name, const char *bytes, gsize len, GdnInputError **err)
{
    if (!gdn_xml_precheck(name, bytes, len, err))
        return NULL;
    /* One parser context per thread, reused: its dictionary of names is
     * shared by the documents it parses (they hold references to it). */
    xmlParserCtxtPtr ctxt = g_private_get(&parser_ctxt);
    gboolean reused = ctxt != NULL;
    if (ctxt && xmlDictGetUsage(ctxt->dict) > PARSER_DICT_RECYCLE_BYTES) {
        g_private_replace(&parser_ctxt, NULL);
        ctxt = NULL;
        reused = FALSE;
    }
    if (!ctxt) {
        ctxt = xmlNewParserCtxt();
        if (!ctxt) {
            *err = gdn_input_error_new(name, 0, "out of memory");
            return NULL;
        }
        g_private_set(&parser_ctxt, ctxt);
    }
    /* No NOENT/DTDLOAD: entities are never substituted or fetched. COMPACT
     * (as xmllint): short text and attribute values live in their nodes,
     * no allocation each. */
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
               XML_PARSE_COMPACT;
    xmlDocPtr xml = xmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, NULL, opts);
    if (!xml || !ctxt->wellFormed) {
        if (xml)
            xmlFreeDoc(xml);
        if (reused) {
            /* The shared dictionary counts towards libxml2's size limits:
             * judge a failing document exactly as a fresh parser would. */
            g_private_replace(&parser_ctxt, NULL);
            return gdn_xml_parse_safe(name, bytes, len, err);
        }
        const xmlError *xe = xmlCtxtGetLastError(ctxt);
        g_autofree char *msg = first_line(xe ? xe->message : NULL);
        const char *hint = (xe && xe->code == XML_ERR_DOCUMENT_END)
                               ? " (more than one document in one file?)"
                               : "";
        *err = gdn_input_error_new(name, xe ? (guint)xe->line : 0, "not well-formed XML: %s%s", msg,
                                   hint);
        return NULL;
    }
    return xml;
}

GdnDoc *gdn_doc_parse(const char *file, const char *uri, char *bytes, gsize len,
                      GdnInputError **err)
{
    g_autoptr(GdnDoc) doc = g_new0(GdnDoc, 1);
    doc->file = g_strdup(file);
    doc->uri = g_strdup(uri);
    doc->bytes = bytes;
    doc->len = len;
    const char *name = file ? file : uri;
    doc->xml = gdn_xml_parse_safe(name, bytes, len, err);
    if (!doc->xml)
        return NULL;
    doc->line_starts = gdn_line_starts(bytes, len);
    if (gdn_longest_line(doc->line_starts, len) > GDN_LONG_LINE)
        doc->utf8_marks = gdn_utf8_marks(bytes, len);

    xmlNodePtr root = xmlDocGetRootElement(doc->xml);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "domain") || root->ns) {
        *err = gdn_input_error_new(name, root ? (guint)xmlGetLineNo(root) : 0,
                                   "root element is <%s>, not <domain>: skipped",
                                   root ? (const char *)root->name : "");
        (*err)->skip = TRUE;
        return NULL;
    }
    doc->spans = gdn_spans_scan(bytes, len);
    guint i = 0;
    if (!doc->spans || !attach_spans(root, doc->spans, &i) || i != doc->spans->len) {
        *err = gdn_input_error_new(name, 0, "could not map elements to source positions");
        return NULL;
    }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "name")) {
            xmlChar *n = xmlNodeGetContent(c);
            doc->domain = g_strdup((const char *)n);
            xmlFree(n);
            break;
        }
    }
    return g_steal_pointer(&doc);
}

/* Reads fd to its end into one buffer sized from hint (a regular file's
 * size), NUL-terminated; grows it only when there is more. */
static gboolean read_stream(int fd, const char *name, gsize hint, char **out, gsize *out_len,
                            GdnInputError **err)
{
    gsize cap = hint + 2, len = 0; /* room for the NUL and for reading EOF */
    g_autofree char *buf = g_malloc(cap);
    for (;;) {
        if (len + 1 == cap) {
            cap = MIN(cap * 2, (gsize)GDN_MAX_INPUT_BYTES + 2);
            buf = g_realloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = gdn_input_error_new(name, 0, "cannot read: %s", g_strerror(errno));
            return FALSE;
        }
        if (n == 0)
            break;
        len += (gsize)n;
        if (len > GDN_MAX_INPUT_BYTES) {
            *err = gdn_input_error_new(name, 0, "input too large (limit %d MiB)",
                                       GDN_MAX_INPUT_BYTES / (1024 * 1024));
            return FALSE;
        }
    }
    buf[len] = '\0';
    *out_len = len;
    *out = g_steal_pointer(&buf);
    return TRUE;
}

gboolean gdn_read_input(const char *path, char **bytes, gsize *len, GdnInputError **err)
{
    if (g_strcmp0(path, "-") == 0)
        return read_stream(STDIN_FILENO, "<stdin>", 65536, bytes, len, err);
    /* O_NONBLOCK: a FIFO or device is refused below, never waited on. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *err = gdn_input_error_new(path, 0, "cannot open: %s", g_strerror(errno));
        return FALSE;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *err = gdn_input_error_new(path, 0, "not a regular file");
        return FALSE;
    }
    if (st.st_size > GDN_MAX_INPUT_BYTES) {
        close(fd);
        *err = gdn_input_error_new(path, 0, "input too large (%lld bytes, limit %d MiB)",
                                   (long long)st.st_size, GDN_MAX_INPUT_BYTES / (1024 * 1024));
        return FALSE;
    }
    gboolean ok = read_stream(fd, path, (gsize)st.st_size, bytes, len, err);
    close(fd);
    return ok;
}

gboolean gdn_read_text(const char *path, char **bytes, gsize *len, GdnInputError **err)
{
    if (!gdn_read_input(path, bytes, len, err))
        return FALSE;
    const char *nul = memchr(*bytes, '\0', *len), *bad = NULL;
    if (nul || !g_utf8_validate(*bytes, (gssize)*len, &bad)) {
        const char *at = nul ? nul : bad;
        *err = gdn_input_error_new(path, line_at(*bytes, (gsize)(at - *bytes)), "%s",
                                   nul ? "NUL byte: not a text file" : "invalid UTF-8");
        g_clear_pointer(bytes, g_free);
        return FALSE;
    }
    return TRUE;
}

GdnDoc *gdn_doc_load(const char *path, GdnInputError **err)
{
    char *bytes = NULL;
    gsize len = 0;
    if (!gdn_read_input(path, &bytes, &len, err))
        return NULL;
    return gdn_doc_parse(g_strcmp0(path, "-") == 0 ? "<stdin>" : path, NULL, bytes, len, err);
}

const GdnSpan *gdn_doc_span(const GdnDoc *doc, xmlNodePtr node)
{
    (void)doc;
    while (node && node->type != XML_ELEMENT_NODE)
        node = node->parent;
    return node ? node->_private : NULL;
}

void gdn_doc_node_pos(const GdnDoc *doc, xmlNodePtr node, guint *line, guint *col)
{
    const GdnSpan *s = gdn_doc_span(doc, node);
    if (!s) {
        *line = node ? (guint)xmlGetLineNo(node) : 0;
        *col = 1;
        return;
    }
    gdn_offset_to_line_col(doc->bytes, doc->line_starts, doc->utf8_marks, s->start, line, col);
}

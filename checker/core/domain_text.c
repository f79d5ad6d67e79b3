/* Whether text would parse as a domain, without building its tree: a SAX
 * pass that only looks at the root element. Checking each fix's own
 * result (SARIF) this way costs a fraction of gdn_doc_parse. */
#include "core/document.h"
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>

typedef struct {
    gboolean seen; /* the root element was met */
    char *root;    /* its name when it is not <domain> (no namespace) */
} RootCheck;

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix, (void)nb_namespaces, (void)namespaces, (void)nb_attributes, (void)nb_defaulted,
        (void)attributes;
    RootCheck *rc = ctx;
    if (rc->seen)
        return;
    rc->seen = TRUE;
    if (uri || !xmlStrEqual(localname, BAD_CAST "domain"))
        rc->root = g_strdup((const char *)localname);
}

gboolean gdn_domain_text_ok(const char *name, const char *bytes, gsize len, GdnInputError **err)
{
    if (!gdn_xml_precheck(name, bytes, len, err))
        return FALSE;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    RootCheck rc = {0};
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &rc, NULL, 0, name);
    if (!ctxt) {
        *err = gdn_input_error_new(name, 0, "out of memory");
        return FALSE;
    }
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    xmlParseChunk(ctxt, bytes, (int)len, 1);
    if (!ctxt->wellFormed) {
        const xmlError *xe = xmlCtxtGetLastError(ctxt);
        const char *msg = xe && xe->message ? xe->message : "unknown error";
        *err = gdn_input_error_new(name, xe ? (guint)xe->line : 0, "not well-formed XML: %.*s",
                                   (int)strcspn(msg, "\n"), msg);
    } else if (rc.root) {
        *err = gdn_input_error_new(name, 0, "root element is <%s>, not <domain>", rc.root);
    }
    gboolean ok = ctxt->wellFormed && !rc.root;
    g_free(rc.root);
    xmlFreeParserCtxt(ctxt);
    return ok;
}

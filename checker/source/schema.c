#include "source/schema.h"
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <string.h>

struct GdnSchema {
    char *path;
    xmlRelaxNGPtr rng;
};

/* The first error libxml2 reports while compiling, for the user. */
static void keep_first(void *data, xmlErrorPtr e)
{
    GString *first = data;
    if (first->len == 0 && e && e->message)
        g_string_printf(first, "%s%s%u: %s", e->file ? e->file : "", e->file ? ":" : "line ",
                        (guint)e->line, e->message);
}

GdnSchema *gdn_schema_load(const char *path, GError **error)
{
    if (!path)
        path = GDN_DOMAIN_RNG;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                    "%s: cannot read the domain schema (libvirt's domain.rng, from the libvirt "
                    "package; --schema needs it)",
                    path);
        return NULL;
    }
    g_autoptr(GString) first = g_string_new(NULL);
    xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGSetParserStructuredErrors(pctxt, keep_first, first);
    xmlRelaxNGPtr rng = xmlRelaxNGParse(pctxt);
    xmlRelaxNGFreeParserCtxt(pctxt);
    if (!rng) {
        g_strchomp(first->str);
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a usable RELAX NG schema%s%s",
                    path, first->len ? ": " : "", first->str);
        return NULL;
    }
    GdnSchema *s = g_new0(GdnSchema, 1);
    s->path = g_strdup(path);
    s->rng = rng;
    return s;
}

void gdn_schema_free(GdnSchema *schema)
{
    if (!schema)
        return;
    xmlRelaxNGFree(schema->rng);
    g_free(schema->path);
    g_free(schema);
}

typedef struct {
    GdnSchemaErrorFn fn;
    gpointer data;
} Sink;

static void on_error(void *data, xmlErrorPtr e)
{
    const Sink *sink = data;
    if (!e || !e->message)
        return;
    g_autofree char *msg = g_strchomp(g_strdup(e->message));
    sink->fn(sink->data, e->node, msg);
}

gboolean gdn_schema_validate(const GdnSchema *schema, xmlDocPtr doc, GdnSchemaErrorFn fn,
                             gpointer data)
{
    Sink sink = {fn, data};
    xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(schema->rng);
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_error, &sink);
    int rc = xmlRelaxNGValidateDoc(vctxt, doc);
    xmlRelaxNGFreeValidCtxt(vctxt);
    return rc == 0;
}

#include "report/json_gen.h"
#include <string.h>

static void print(void *ctx, const char *str, size_t len)
{
    g_string_append_len(ctx, str, (gssize)len);
}

yajl_gen gdn_jgen_new(GString *out, gboolean pretty)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_print_callback, print, out);
    if (pretty) {
        yajl_gen_config(g, yajl_gen_beautify, 1);
        yajl_gen_config(g, yajl_gen_indent_string, "  ");
    }
    return g;
}

void gdn_jgen_finish(yajl_gen g, GString *out, gboolean pretty)
{
    /* yajl ends beautified documents with a newline itself. */
    if (!pretty)
        g_string_append_c(out, '\n');
    yajl_gen_free(g);
}

void gdn_jgen_string(yajl_gen g, const char *val)
{
    if (val)
        yajl_gen_string(g, (const unsigned char *)val, strlen(val));
    else
        yajl_gen_null(g);
}

void gdn_jgen_key(yajl_gen g, const char *key)
{
    yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void gdn_jgen_str(yajl_gen g, const char *key, const char *val)
{
    gdn_jgen_key(g, key);
    gdn_jgen_string(g, val);
}

void gdn_jgen_int(yajl_gen g, const char *key, gint64 val)
{
    gdn_jgen_key(g, key);
    yajl_gen_integer(g, (long long)val);
}

void gdn_jgen_bool(yajl_gen g, const char *key, gboolean val)
{
    gdn_jgen_key(g, key);
    yajl_gen_bool(g, val ? 1 : 0);
}

void gdn_jgen_object(yajl_gen g, const char *key)
{
    if (key)
        gdn_jgen_key(g, key);
    yajl_gen_map_open(g);
}

void gdn_jgen_array(yajl_gen g, const char *key)
{
    if (key)
        gdn_jgen_key(g, key);
    yajl_gen_array_open(g);
}

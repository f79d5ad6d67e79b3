/* Streaming JSON output (yajl) for the JSON and SARIF reports: written as
 * it is generated, never held as a tree. Compact, or indented by two
 * spaces (--pretty). */
#pragma once
#include <glib.h>
#include <yajl/yajl_gen.h>

/* A generator appending to out, which must outlive it. */
yajl_gen gdn_jgen_new(GString *out, gboolean pretty);
/* Ends the document with a newline (compact output has none of its own). */
void gdn_jgen_finish(yajl_gen g, GString *out, gboolean pretty);

void gdn_jgen_key(yajl_gen g, const char *key);
/* A string value; NULL is null. */
void gdn_jgen_string(yajl_gen g, const char *val);
/* "key": value members; a NULL string is null. */
void gdn_jgen_str(yajl_gen g, const char *key, const char *val);
void gdn_jgen_int(yajl_gen g, const char *key, gint64 val);
void gdn_jgen_bool(yajl_gen g, const char *key, gboolean val);
/* Opens an object or array, as member key unless key is NULL. */
void gdn_jgen_object(yajl_gen g, const char *key);
void gdn_jgen_array(yajl_gen g, const char *key);

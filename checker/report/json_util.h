/* Small json-glib helpers shared by the JSON writers (reports, SARIF, rule
 * list, baselines). */
#pragma once
#include <json-glib/json-glib.h>

/* "key": val, or null when val is NULL. */
void gdn_json_add_str(JsonBuilder *b, const char *key, const char *val);
void gdn_json_add_int(JsonBuilder *b, const char *key, gint64 val);
/* The builder's document, pretty-printed, with a final newline. */
char *gdn_json_text(JsonBuilder *b);

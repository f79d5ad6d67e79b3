#include "report/json_util.h"

void gdn_json_add_str(JsonBuilder *b, const char *key, const char *val)
{
    json_builder_set_member_name(b, key);
    if (val)
        json_builder_add_string_value(b, val);
    else
        json_builder_add_null_value(b);
}

void gdn_json_add_int(JsonBuilder *b, const char *key, gint64 val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_int_value(b, val);
}

char *gdn_json_text(JsonBuilder *b)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    g_autofree char *text = json_generator_to_data(gen, NULL);
    return g_strconcat(text, "\n", NULL);
}

#include "cli/docs.h"
#include "core/resources.h"
#include <string.h>

typedef struct {
    const char *title;
    char *body; /* trimmed, may be empty */
} Section;

static void section_clear(gpointer p)
{
    g_free(((Section *)p)->body);
}

static char *page_source(const char *id)
{
    g_autofree char *path = g_strdup_printf("docs/rules/%s.md", id);
    const GdnResource *res = gdn_resource_find(path);
    return res ? g_strndup(res->data, res->len) : NULL;
}

/* The "## TITLE" sections of src, in order; lines points into src. */
static GArray *split_sections(char **lines)
{
    GArray *secs = g_array_new(FALSE, TRUE, sizeof(Section));
    g_array_set_clear_func(secs, section_clear);
    GString *body = NULL;
    for (char **l = lines;; l++) {
        if (!*l || g_str_has_prefix(*l, "## ")) {
            if (body)
                g_array_index(secs, Section, secs->len - 1).body =
                    g_strstrip(g_string_free(body, FALSE));
            if (!*l)
                return secs;
            Section s = {.title = *l + 3};
            g_array_append_val(secs, s);
            body = g_string_new(NULL);
        } else if (body) {
            g_string_append_printf(body, "%s\n", *l);
        }
    }
}

static const char *section_body(GArray *secs, const char *title)
{
    for (guint i = 0; i < secs->len; i++)
        if (g_str_equal(g_array_index(secs, Section, i).title, title))
            return g_array_index(secs, Section, i).body;
    return NULL;
}

/* Table text as Markdown: XML in code spans (as the pages write it) and a
 * final period; a sentence gets a capital first letter. */
static char *table_text(const char *text, gboolean sentence)
{
    static GRegex *xml;
    if (g_once_init_enter(&xml)) {
        GRegex *re = g_regex_new("</?[A-Za-z][^<>]*>([^<>\\s]*</?[A-Za-z][^<>]*>)*",
                                 G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave(&xml, re);
    }
    char *md = g_regex_replace(xml, text, -1, 0, "`\\0`", 0, NULL);
    gsize n = strlen(md);
    if (n && !strchr(".!?", md[n - 1])) {
        char *dotted = g_strconcat(md, ".", NULL);
        g_free(md);
        md = dotted;
    }
    if (sentence)
        md[0] = g_ascii_toupper(md[0]);
    return md;
}

static void add_section(GString *out, const char *title, const char *lead, const char *detail)
{
    g_string_append_printf(out, "%s## %s\n\n", out->len ? "\n" : "", title);
    if (lead)
        g_string_append_printf(out, "%s\n", lead);
    if (detail && *detail)
        g_string_append_printf(out, "%s%s\n", lead ? "\n" : "", detail);
}

static const char *fix_lead(GdnFixSafety safety)
{
    switch (safety) {
    case GDN_FIX_SAFE:
        return "Safe autofix (`--fix`)";
    case GDN_FIX_UNSAFE:
        return "Unsafe autofix (`--fix --unsafe-fixes`)";
    case GDN_FIX_NONE:
        break;
    }
    return "No autofix";
}

char *gdn_docs_rule_page(const GdnRule *rule)
{
    g_autofree char *src = page_source(rule->id);
    g_auto(GStrv) lines = g_strsplit(src ? src : "", "\n", -1);
    g_autoptr(GArray) secs = split_sections(lines);
    GString *out = g_string_new(NULL);
    const char *why = section_body(secs, "Why");
    g_autofree char *summary = why ? NULL : table_text(rule->summary, TRUE);
    add_section(out, "Why", why ? NULL : summary, why);
    g_autofree char *impact = table_text(rule->impact, TRUE);
    add_section(out, "Impact", impact, section_body(secs, "Impact"));
    g_autofree char *fix = table_text(rule->fix_text, FALSE);
    g_autofree char *fix_line = g_strdup_printf("%s: %s", fix_lead(rule->fix), fix);
    add_section(out, "Fix", fix_line, section_body(secs, "Fix"));
    for (guint i = 0; i < secs->len; i++) {
        const Section *s = &g_array_index(secs, Section, i);
        if (!g_str_equal(s->title, "Why") && !g_str_equal(s->title, "Impact") &&
            !g_str_equal(s->title, "Fix"))
            add_section(out, s->title, NULL, s->body);
    }
    return g_string_free(out, FALSE);
}

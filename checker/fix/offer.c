/* SARIF without --fix or --diff: each fixable finding's fix alone on the
 * original document, and no fixing loop.
 *
 * A SARIF result carries only its own fix (alone.c computes it), so the
 * rounds that compose every fix (round.c) would be paid for and thrown
 * away. A fix is offered when, applied alone to the original, it changes
 * it and the text still parses as a domain: the check a round makes of its
 * result, made of each fix's own.
 *
 * One parse per fix would cost more than the fixes: fixes whose edits can
 * be applied together are checked together. A fix's edits replace whole
 * elements, attributes or text and insert whole nodes or attributes
 * (tree.c), so the joint text parses only if each fix's own does; when
 * it does not, each is checked alone. */
#include "fix/fixer_priv.h"
#include <string.h>

gboolean gdn_fix_edits_parse(const GdnDoc *doc, const GPtrArray *edits, char **why)
{
    gsize len = 0;
    g_autofree char *bytes = gdn_edits_apply(doc->bytes, doc->len, edits, &len);
    g_autoptr(GdnInputError) err = NULL;
    gboolean ok = gdn_domain_text_ok(doc->file ? doc->file : doc->uri, bytes, len, &err);
    if (!ok)
        *why = g_strdup(err->message);
    return ok;
}

/* Edits of several fixes that apply together: no byte is replaced by two
 * different edits, no insertion falls inside a replaced stretch, and
 * insertions at one offset are all elements or all attributes with
 * distinct names (two fixes may add the same attribute at one place: a
 * duplicate, not a fault of either). */
typedef struct {
    gint *owner;      /* per original byte: the joint edit replacing it, -1 */
    GPtrArray *edits; /* GdnEdit* (borrowed) */
    GHashTable *same; /* "offset length text" of the joint edits */
    GHashTable *ins;  /* offset + 1 -> what is inserted there (insertion_kind) */
} Joint;

static void joint_init(Joint *j, gsize len)
{
    j->owner = g_new(gint, len + 1);
    for (gsize i = 0; i <= len; i++)
        j->owner[i] = -1;
    j->edits = g_ptr_array_new();
    j->same = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    j->ins = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
}

static void joint_clear(Joint *j)
{
    g_free(j->owner);
    g_ptr_array_unref(j->edits);
    g_hash_table_unref(j->same);
    g_hash_table_unref(j->ins);
}

static char *edit_key(const GdnEdit *e)
{
    return g_strdup_printf("%zu %zu %s", e->offset, e->length, e->replacement);
}

/* What an insertion adds: "<" whole elements (after blanks), " a b " the
 * attributes a and b (as tree.c writes them: name='value' or name="value"),
 * "?" anything else. */
static char *insertion_kind(const char *p)
{
    const char *q = p;
    while (g_ascii_isspace(*q))
        q++;
    if (*q == '<')
        return g_strdup("<");
    g_autoptr(GString) names = g_string_new(" ");
    while (*p) {
        if (!g_ascii_isspace(*p))
            return g_strdup("?");
        while (g_ascii_isspace(*p))
            p++;
        const char *n = p;
        while (*p && *p != '=' && !g_ascii_isspace(*p))
            p++;
        char quote = *p == '=' ? p[1] : 0;
        const char *end = quote == '\'' || quote == '"' ? strchr(p + 2, quote) : NULL;
        if (p == n || !end)
            return g_strdup("?");
        g_string_append_printf(names, "%.*s ", (int)(p - n), n);
        p = end + 1;
    }
    return names->len > 1 ? g_string_free(g_steal_pointer(&names), FALSE) : g_strdup("?");
}

/* May an insertion of kind `add` join the insertions of kind `there`? */
static gboolean kinds_join(const char *there, const char *add)
{
    if (!there)
        return TRUE;
    if (*there != ' ' || *add != ' ')
        return *there == '<' && *add == '<';
    g_auto(GStrv) names = g_strsplit(add, " ", -1);
    for (guint i = 0; names[i]; i++) {
        if (!*names[i])
            continue;
        g_autofree char *word = g_strdup_printf(" %s ", names[i]);
        if (strstr(there, word))
            return FALSE;
    }
    return TRUE;
}

static gboolean fits(const Joint *j, const GdnEdit *e)
{
    if (e->length == 0) {
        g_autofree char *kind = insertion_kind(e->replacement);
        if (!kinds_join(g_hash_table_lookup(j->ins, GSIZE_TO_POINTER(e->offset + 1)), kind))
            return FALSE;
        return e->offset == 0 || j->owner[e->offset - 1] < 0 ||
               j->owner[e->offset - 1] != j->owner[e->offset];
    }
    for (gsize i = e->offset; i < e->offset + e->length; i++)
        if (j->owner[i] >= 0 ||
            (i > e->offset && g_hash_table_contains(j->ins, GSIZE_TO_POINTER(i + 1))))
            return FALSE;
    return TRUE;
}

static void note_insertion(Joint *j, const GdnEdit *e)
{
    gpointer at = GSIZE_TO_POINTER(e->offset + 1);
    char *kind = insertion_kind(e->replacement);
    const char *there = g_hash_table_lookup(j->ins, at);
    if (there && *there == ' ' && *kind == ' ') {
        char *both = g_strconcat(there, kind + 1, NULL);
        g_free(kind);
        kind = both;
    }
    g_hash_table_insert(j->ins, at, kind);
}

/* Adds edits (one fix's) when they all fit; FALSE (nothing added) if not. */
static gboolean joint_add(Joint *j, GPtrArray *edits)
{
    g_autoptr(GPtrArray) fresh = g_ptr_array_new();
    for (guint i = 0; i < edits->len; i++) {
        const GdnEdit *e = g_ptr_array_index(edits, i);
        g_autofree char *key = edit_key(e);
        if (g_hash_table_contains(j->same, key))
            continue; /* a change the fixes share */
        if (!fits(j, e))
            return FALSE;
        g_ptr_array_add(fresh, (gpointer)e);
    }
    for (guint i = 0; i < fresh->len; i++) {
        const GdnEdit *e = g_ptr_array_index(fresh, i);
        for (gsize k = e->offset; k < e->offset + e->length; k++)
            j->owner[k] = (gint)j->edits->len;
        if (e->length == 0)
            note_insertion(j, e);
        g_ptr_array_add(j->edits, (gpointer)e);
        g_hash_table_add(j->same, edit_key(e));
    }
    return TRUE;
}

/* A fix with edits, waiting for its check. */
typedef struct {
    const GdnFinding *f;
    GPtrArray *edits;
    gboolean done;
} Offer;

static void settle(GdnFixRun *r, Offer *o, const char *why)
{
    o->done = TRUE;
    if (why) {
        gdn_file_fix_problem(r->ff, "%s at %s: result dropped: %s", gdn_finding_rule_id(o->f),
                             o->f->xpath, why);
        g_clear_pointer(&o->edits, g_ptr_array_unref);
    }
}

/* Checks the offers not done that fit together (at least the first). */
static void check_some(GdnFixRun *r, GArray *offers)
{
    Joint j;
    joint_init(&j, r->doc0->len);
    g_autoptr(GArray) some = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < offers->len; i++) {
        Offer *o = &g_array_index(offers, Offer, i);
        if (!o->done && joint_add(&j, o->edits))
            g_array_append_val(some, i);
    }
    g_autofree char *why = NULL;
    gboolean ok = gdn_edits_sort(j.edits) && gdn_fix_edits_parse(r->doc0, j.edits, &why);
    joint_clear(&j);
    for (guint k = 0; k < some->len; k++) {
        Offer *o = &g_array_index(offers, Offer, g_array_index(some, guint, k));
        g_autofree char *own = NULL;
        if (ok || (some->len == 1 && why))
            settle(r, o, ok ? NULL : why);
        else
            settle(r, o, gdn_fix_edits_parse(r->doc0, o->edits, &own) ? NULL : own);
    }
}

gboolean gdn_fix_offer(GdnFixRun *r, const GPtrArray *fixes)
{
    if (!fixes->len)
        return FALSE;
    r->ff->rounds = 1;
    gdn_alone_prepare(r, fixes);
    g_autoptr(GArray) offers = g_array_new(FALSE, TRUE, sizeof(Offer));
    for (guint i = 0; i < fixes->len; i++) {
        Offer o = {g_ptr_array_index(fixes, i), NULL, FALSE};
        o.edits = gdn_fix_own_edits(r, o.f);
        if (o.edits->len) {
            g_array_append_val(offers, o);
            continue;
        }
        gdn_file_fix_problem(r->ff, "%s at %s: the fix made no change", gdn_finding_rule_id(o.f),
                             o.f->xpath);
        g_ptr_array_unref(o.edits);
    }
    for (guint i = 0; i < offers->len; i++)
        if (!g_array_index(offers, Offer, i).done)
            check_some(r, offers);
    for (guint i = 0; i < offers->len; i++) {
        Offer *o = &g_array_index(offers, Offer, i);
        if (!o->edits)
            continue;
        GdnAppliedFix *a = g_new0(GdnAppliedFix, 1);
        a->rule = g_strdup(gdn_finding_rule_id(o->f));
        a->xpath = g_strdup(o->f->xpath);
        a->round = 1;
        a->edits = o->edits;
        g_ptr_array_add(r->ff->offered, a);
    }
    return TRUE;
}

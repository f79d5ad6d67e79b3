/* SUP: suppressions that cannot work as written (SUP001) or suppress
 * nothing (SUP002, default off, like ruff's RUF100). Listed last in
 * module_list.h so every other module's findings are in. */
#include "engine/rule.h"
#include "engine/registry.h"
#include "engine/selection.h"
#include "engine/suppress.h"
#include <string.h>

static const GdnRule rules[] = {
    {.id = "SUP001",
     .name = "suppression-invalid",
     .severity = GDN_SEV_WARNING,
     .tags = "meta",
     .fix = GDN_FIX_NONE,
     .summary = "a guardian-ignore comment or <guardian:ignore> element must be well-formed, in "
                "guardian's namespace, and name known rules",
     .fix_text = "correct the rule IDs, the namespace URI or the comment syntax",
     .impact = "none on the guest; a malformed suppression silently suppresses nothing (or less "
               "than intended)"},
    {.id = "SUP002",
     .name = "suppression-unused",
     .severity = GDN_SEV_INFO,
     .tags = "meta",
     .fix = GDN_FIX_NONE,
     .default_off = TRUE,
     .summary = "a suppression should suppress a finding; one that suppresses nothing hides "
                "future findings",
     .fix_text = "remove the rule from the suppression (or the whole suppression)",
     .impact = "none on the guest; stale suppressions would hide a regression later"},
};

/* A comment's position is its own line, not its parent element's. */
static void at_comment(const GdnDoc *doc, GdnFinding *f, xmlNodePtr node)
{
    if (!f || node->type != XML_COMMENT_NODE)
        return;
    f->line = (guint)xmlGetLineNo(node);
    f->column = 1;
    if (f->line == 0 || f->line > doc->line_starts->len)
        return;
    const char *start = doc->bytes + g_array_index(doc->line_starts, gsize, f->line - 1);
    const char *eol = strchr(start, '\n');
    const char *open = g_strstr_len(start, eol ? eol - start : -1, "<!--");
    if (open)
        f->column = (guint)(open - start) + 1;
}

/* TRUE when token names a rule that runs on this document. */
static gboolean names_running_rule(GdnCheck *ck, const char *token)
{
    for (guint m = 0; m < gdn_registry_n_modules(); m++) {
        const GdnModule *mod = gdn_registry_module(m);
        for (guint r = 0; r < mod->n_rules; r++)
            if (gdn_selection_token_matches(token, mod, &mod->rules[r]) &&
                gdn_check_rule_runs(ck, mod, &mod->rules[r]))
                return TRUE;
    }
    return FALSE;
}

static gboolean token_used(GdnCheck *ck, const GdnSuppression *s, const char *token)
{
    guint first;
    const GPtrArray *findings = gdn_check_findings(ck, &first);
    for (guint i = first; i < findings->len; i++)
        if (gdn_suppression_covers(s, token, g_ptr_array_index(findings, i)))
            return TRUE;
    return FALSE;
}

static void check_unused(GdnCheck *ck, const GdnSuppression *s)
{
    g_autoptr(GString) unused = g_string_new(NULL);
    for (char **t = s->tokens; *t; t++)
        if (names_running_rule(ck, *t) && !token_used(ck, s, *t))
            g_string_append_printf(unused, "%s%s", unused->len ? ", " : "", *t);
    if (!unused->len)
        return;
    GdnFinding *f =
        gdn_report(ck, "SUP002", s->node, "suppression of %s suppresses nothing here", unused->str);
    at_comment(gdn_check_doc(ck), f, s->node);
}

static void check(GdnCheck *ck)
{
    gboolean invalid = gdn_check_wants(ck, "SUP001"), unused = gdn_check_wants(ck, "SUP002");
    if (!invalid && !unused)
        return;
    const GdnDoc *doc = gdn_check_doc(ck);
    g_autoptr(GPtrArray) sups = gdn_suppressions_find(doc);
    for (guint i = 0; i < sups->len; i++) {
        const GdnSuppression *s = g_ptr_array_index(sups, i);
        if (s->problem) {
            GdnFinding *f = gdn_report(ck, "SUP001", s->node, "%s: %s",
                                       s->node->type == XML_COMMENT_NODE ? "guardian-ignore comment"
                                                                         : "guardian suppression",
                                       s->problem);
            at_comment(doc, f, s->node);
        }
        if (unused && !s->inert)
            check_unused(ck, s);
    }
}

GDN_MODULE(suppressions, "suppressions that are malformed or suppress nothing", FALSE, rules,
           check);

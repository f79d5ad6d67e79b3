/* Which rules run: --select/--ignore lists of rule IDs (or ID prefixes),
 * rule names, module names and tags, plus per-rule severity overrides. */
#pragma once
#include "engine/rule.h"

typedef struct {
    GPtrArray *select;    /* char*; empty = every default-on rule */
    GPtrArray *ignore;    /* char* */
    GHashTable *severity; /* rule id -> GINT_TO_POINTER(severity + 1) */
} GdnSelection;

GdnSelection *gdn_selection_new(void);
void gdn_selection_free(GdnSelection *sel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnSelection, gdn_selection_free)

/* Adds a comma/space separated list; fails on a token that names nothing. */
gboolean gdn_selection_add(GdnSelection *sel, const char *list, gboolean ignore, GError **error);
gboolean gdn_selection_enabled(const GdnSelection *sel, const GdnModule *module,
                               const GdnRule *rule);
/* TRUE when token names this rule: ID, ID prefix, name, module, tag or "all". */
gboolean gdn_selection_token_matches(const char *token, const GdnModule *module,
                                     const GdnRule *rule);
/* Does token name any registered rule (ID, prefix, name, module or tag)? */
gboolean gdn_selection_token_known(const char *token);
/* Severity for a finding of rule, after overrides. */
GdnSeverity gdn_selection_severity(const GdnSelection *sel, const GdnRule *rule, GdnSeverity found);

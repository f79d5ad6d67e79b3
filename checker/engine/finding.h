/* One finding: which rule, where, what was found, and how to fix it. */
#pragma once
#include "core/severity.h"
#include <glib.h>
#include <libxml/tree.h>

struct GdnRule;
struct GdnModule;

typedef struct {
    const struct GdnRule *rule;
    const struct GdnModule *module;
    GdnSeverity severity;
    /* file, uri, domain: owned; the engine stores them in the finding's own
     * allocation (inline_names), so they are never reassigned in place. */
    char *file; /* NULL for libvirt sources */
    char *uri;
    char *domain;
    guint line, column;
    char *xpath;
    char *message;
    char *note;                   /* extra advice for this finding (e.g. sysctl lines), or NULL */
    GdnFixSafety fix_safety;      /* GDN_FIX_NONE when this finding has no fix */
    GHashTable *params;           /* fix parameters: char* -> char* */
    GHashTable *target_params;    /* this target's own fix parameters (gdn:param) */
    xmlNodePtr node;              /* valid only while the document is alive */
    char *suppressed;             /* suppression reason, NULL if active */
    const char *suppression_kind; /* SARIF kind: "inSource" or "external" */
    gboolean skip_params;         /* no fixer runs: gdn_finding_param does nothing */
    gboolean inline_names;        /* file, uri, domain live in this finding's own block */
} GdnFinding;

void gdn_finding_free(GdnFinding *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnFinding, gdn_finding_free)

/* TRUE when f collects fix parameters (a fixer runs); rules may skip
 * computing costly ones otherwise. FALSE for NULL. */
gboolean gdn_finding_wants_params(const GdnFinding *f);
/* Sets a fix parameter; a NULL finding is ignored so calls can chain on gdn_report. */
void gdn_finding_param(GdnFinding *f, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Sets a parameter of this finding's target alone: findings that differ
 * only in these still share one pass, whose stylesheet reads each target's
 * value with gdn:param(NODE, 'key') (docs/fixes.md). */
void gdn_finding_target_param(GdnFinding *f, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Overrides the fix safety of this finding (GDN_FIX_NONE: advice only). */
void gdn_finding_set_fix(GdnFinding *f, GdnFixSafety safety);
void gdn_finding_set_note(GdnFinding *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
const char *gdn_finding_rule_id(const GdnFinding *f);
/* Orders by file, line, column, rule id. */
gint gdn_finding_cmp(gconstpointer a, gconstpointer b);

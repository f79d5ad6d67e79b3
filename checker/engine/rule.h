/* What a rule module sees and declares. A module is one file under rules/
 * with a static table of rules and one check function, registered by one
 * line in rules/module_list.h. The engine never names a module. */
#pragma once
#include "core/document.h"
#include "engine/facts.h"
#include "engine/finding.h"
#include "source/host.h"
#include "source/schema.h"
#include "source/domcaps.h"
#include "source/images.h"
#include "core/severity.h"

typedef struct GdnRule {
    const char *id;         /* "HV001": stable, never renumbered */
    const char *name;       /* "hyperv-missing": stable */
    GdnSeverity severity;   /* default; a finding may carry another (HV015, Q005, ...) */
    const char *tags;       /* space-separated: "seed" or "upstream", plus e.g. "host" */
    GdnFixSafety fix;       /* safety of the rule's autofix, GDN_FIX_NONE if advice only */
    gboolean default_off;   /* runs only when selected explicitly */
    gboolean needs_host;    /* skipped without host facts, never guessed */
    gboolean needs_schema;  /* runs only with --schema (libvirt's domain.rng loaded) */
    gboolean needs_domcaps; /* skipped without domain capabilities (--domain-caps, -c) */
    const char *summary;    /* one line: what the rule wants */
    const char *fix_text;   /* one line: what the fix does */
    const char *impact;     /* expected impact, with its source (matrix/seed/upstream) */
} GdnRule;

typedef struct GdnCheck GdnCheck;

typedef struct GdnModule {
    const char *name;    /* module name, usable in --select/--ignore */
    const char *summary; /* one line */
    gboolean windows_only;
    const GdnRule *rules;
    guint n_rules;
    void (*check)(GdnCheck *ck);
} GdnModule;

#define GDN_MODULE(ident, summary_, windows_only_, rules_, check_)                                 \
    const GdnModule gdn_module_##ident = {                                                         \
        #ident, summary_, windows_only_, rules_, G_N_ELEMENTS(rules_), check_}

const GdnDoc *gdn_check_doc(const GdnCheck *ck);
const GdnFacts *gdn_check_facts(const GdnCheck *ck);
/* Host facts, or NULL when none were given (host-aware checks must skip). */
const GdnHost *gdn_check_host(const GdnCheck *ck);
/* The findings reported on this document so far (findings[*first..]); a
 * module listed last sees every other module's (rules/suppressions.c). */
const GPtrArray *gdn_check_findings(const GdnCheck *ck, guint *first);
/* TRUE when rule of module runs on this document (selected, host facts it
 * needs, Windows-only modules on Windows guests). */
gboolean gdn_check_rule_runs(const GdnCheck *ck, const GdnModule *module, const GdnRule *rule);
/* libvirt's domain schema, or NULL without --schema. */
const GdnSchema *gdn_check_schema(const GdnCheck *ck);
/* The domain capabilities describing this guest (its virt type, arch,
 * emulator and, with need_machine, machine), or NULL: rules then skip. */
const GdnDomCaps *gdn_check_domcaps(const GdnCheck *ck, gboolean need_machine);
/* The facts of the disk image at path (--image-info, -c), or NULL: skip. */
const GdnImageInfo *gdn_check_image(const GdnCheck *ck, const char *path);
/* TRUE when the rule is selected (and has the host facts it needs). */
gboolean gdn_check_wants(const GdnCheck *ck, const char *rule_id);

/* Reports a finding at node with the rule's default severity. Returns the
 * finding (to attach fix parameters) or NULL when the rule is not wanted. */
GdnFinding *gdn_report(GdnCheck *ck, const char *rule_id, xmlNodePtr node, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
GdnFinding *gdn_report_sev(GdnCheck *ck, const char *rule_id, GdnSeverity sev, xmlNodePtr node,
                           const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Runs every selected rule module over one document. */
#pragma once
#include "source/config.h"
#include "core/document.h"
#include "engine/facts.h"
#include "source/host.h"
#include "source/schema.h"
#include "source/domcaps.h"
#include "source/images.h"
#include "engine/selection.h"

typedef struct {
    const GdnSelection *selection;
    const GdnHost *host;      /* may be NULL: host-aware rules are then skipped */
    const GdnSchema *schema;  /* --schema: libvirt's domain.rng, else NULL */
    const GPtrArray *domcaps; /* GdnDomCaps*: --domain-caps or read over -c; may be NULL */
    const GdnImages *images;  /* disk image facts: --image-info or read over -c; may be NULL */
    GdnGuestMode guest;
    const GdnConfig *config; /* per-path ignores; may be NULL */
    /* No fixer runs (and no reporter shows fix parameters): findings skip
     * collecting them (gdn_finding_wants_params). */
    gboolean skip_fix_params;
} GdnEngineConfig;

typedef struct GdnEngine GdnEngine;

GdnEngine *gdn_engine_new(const GdnEngineConfig *cfg);
void gdn_engine_free(GdnEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnEngine, gdn_engine_free)

/* Appends doc's findings (sorted) to findings. Returns FALSE and sets
 * *skipped to a reason when the domain is not one guardian checks. */
gboolean gdn_engine_check(const GdnEngine *engine, const GdnDoc *doc, GPtrArray *findings,
                          char **skipped);
/* Same, and tells whether the domain was checked as a Windows guest. */
gboolean gdn_engine_check_guest(const GdnEngine *engine, const GdnDoc *doc, GPtrArray *findings,
                                char **skipped, gboolean *is_windows);

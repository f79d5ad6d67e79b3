/* Resolves which config, rule selection, host facts and engine apply to an
 * input: CLI options layered over the config file found for its directory
 * (or --config, or none with --no-config). Built once per config file. */
#pragma once
#include "source/config.h"
#include "engine/engine.h"
#include "cli/options.h"

typedef struct {
    GdnConfig *config; /* NULL when none applies */
    GdnSelection *selection;
    GdnHost *host;
    GdnSchema *schema;  /* --schema, else NULL */
    GPtrArray *domcaps; /* GdnDomCaps* from --domain-caps files */
    GdnImages *images;  /* --image-info files, else NULL */
    GdnEngine *engine;
    GdnEngineConfig engine_config; /* what engine was built from */
} GdnProfile;

typedef struct GdnProfiles GdnProfiles;

GdnProfiles *gdn_profiles_new(const GdnOptions *opts);
void gdn_profiles_free(GdnProfiles *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnProfiles, gdn_profiles_free)

/* The profile for inputs in dir. Returns NULL with *error on a bad config,
 * a bad rule list or unreadable host facts. */
const GdnProfile *gdn_profiles_for_dir(GdnProfiles *p, const char *dir, GError **error);

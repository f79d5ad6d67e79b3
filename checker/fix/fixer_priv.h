/* Fixer internals shared by the files of checker/fix/. */
#pragma once
#include "fix/fixer.h"

struct GdnFixer {
    GdnFixerConfig cfg;
    char *fixes_dir;
    GMutex lock;
    GHashTable *styles; /* rule id -> FixStyle* (compiled once, never freed early) */
};

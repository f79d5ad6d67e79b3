/* Fixer internals shared by checker/fixer_*.c. */
#pragma once
#include "fixer.h"

struct GdnFixer {
    GdnFixerConfig cfg;
    char *fixes_dir;
    GMutex lock;
    GHashTable *styles; /* rule id -> FixStyle* (compiled once, never freed early) */
};

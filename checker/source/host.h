/* Host facts for host-aware rules: CPU vendor, topology, NUMA cells and
 * huge page sizes. Built from `virsh capabilities` XML (a file or a live
 * read-only connection); rules that need them are skipped without them. */
#pragma once
#include "core/document.h"
#include <glib.h>

typedef struct {
    guint id;
    guint socket_id, die_id, core_id;
    guint node;       /* NUMA cell */
    GArray *siblings; /* guint, sorted, includes id itself */
} GdnHostCpu;

typedef struct {
    guint64 size_kib;
    guint64 pages; /* pages of this size the host has (free pages when live) */
} GdnHostPages;

typedef struct {
    char *vendor;            /* "Intel", "AMD", or NULL if unknown */
    GArray *cpus;            /* GdnHostCpu, sorted by id */
    guint n_nodes;           /* NUMA cells, >= 1 */
    GArray *pages;           /* GdnHostPages, sorted by size, summed over cells */
    gboolean pages_counted;  /* TRUE when page counts are known */
    guint threads_per_core;  /* from host/cpu/topology, 1 if unknown */
    GArray *cell_memory_kib; /* guint64 per NUMA cell id (0: unknown); empty if unknown */
} GdnHost;

/* Parses capabilities XML. Returns NULL and sets *err on bad input. */
GdnHost *gdn_host_parse(const char *name, const char *xml, gsize len, GdnInputError **err);
GdnHost *gdn_host_load(const char *path, GdnInputError **err);
void gdn_host_free(GdnHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnHost, gdn_host_free)

gboolean gdn_host_is_amd(const GdnHost *host);
gboolean gdn_host_is_intel(const GdnHost *host);
const GdnHostCpu *gdn_host_cpu(const GdnHost *host, guint id);
/* TRUE when the host offers pages of this size (KiB). */
gboolean gdn_host_has_page_size(const GdnHost *host, guint64 size_kib);
/* Pages of this size the host has, or -1 if unknown. */
gint64 gdn_host_pages(const GdnHost *host, guint64 size_kib);

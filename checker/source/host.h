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

/* Pages of one size on one NUMA cell. */
typedef struct {
    guint node;
    guint64 size_kib;
    guint64 pages;
} GdnHostNodePages;

typedef struct {
    char *vendor;            /* "Intel", "AMD", or NULL if unknown */
    GArray *cpus;            /* GdnHostCpu, sorted by id */
    guint n_nodes;           /* NUMA cells, >= 1 */
    GArray *pages;           /* GdnHostPages, sorted by size, summed over cells */
    gboolean pages_counted;  /* TRUE when page counts are known */
    guint threads_per_core;  /* from host/cpu/topology, 1 if unknown */
    GArray *cell_memory_kib; /* guint64 per NUMA cell id (0: unknown); empty if unknown */
    gboolean siblings_known; /* every CPU lists its SMT siblings (or the host has 1 thread/core) */
    GArray *node_pages;      /* GdnHostNodePages per cell and size, empty when not counted */
    GPtrArray *features;     /* host CPU feature names (char*), may be empty */
    /* Live (-c) only: free memory per NUMA cell id (virNodeGetCellsFreeMemory),
     * empty if unknown; and the domains running then, whose memory is
     * already taken (NULL if unknown). */
    GArray *cell_free_kib; /* guint64 */
    GHashTable *running;   /* domain names */
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
/* Pages of this size on the given NUMA cells (sorted ids), or -1 if unknown. */
gint64 gdn_host_node_pages(const GdnHost *host, const GArray *nodes, guint64 size_kib);
/* TRUE when the CPU topology is known: CPU ids with their cells and SMT
 * siblings. Pin plans and the rules that judge pins against the host need it. */
gboolean gdn_host_topology_known(const GdnHost *host);
gboolean gdn_host_has_feature(const GdnHost *host, const char *name);
/* APIC virtualization (Intel APICv, AMD AVIC) shown by the host CPU features. */
gboolean gdn_host_has_apicv(const GdnHost *host);
/* Threads per core for a guest topology of vcpus that mirrors the host's
 * SMT: the host's threads per core when known and dividing vcpus, else 1
 * (CPU002's fix, and the pin plan made before that fix lands). */
guint gdn_host_guest_threads(const GdnHost *host, guint vcpus);
/* What the facts leave unknown and which checks skip it, one line; NULL
 * when nothing relevant is missing. */
char *gdn_host_gaps(const GdnHost *host);

/* MEM: huge pages and memory backing for every QEMU/KVM guest (seed Phase 5). */
#include "core/cpuset.h"
#include "engine/rule.h"
#include "core/xmlq.h"
#include <math.h>
#include <string.h>

#define EIGHT_GIB_KIB (G_GUINT64_CONSTANT(8) * 1024 * 1024)
#define SEED_PAGE_KIB 2048

static const GdnRule rules[] = {
    {.id = "MEM001",
     .name = "hugepages-missing",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "back guest memory with huge pages (seed: strongly recommended above 8 GiB)",
     .fix_text = "add <memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages>; the "
                 "host must reserve the pages first (see the note)",
     .impact = "performance.md matrix: high memory latency -> -47% latency; performance.md: "
               "+10-15% memory bandwidth, "
               "-60-80% TLB misses"},
    {.id = "MEM002",
     .name = "hugepage-size-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "every <page size> must be a page size the host offers",
     .fix_text = "use the nearest page size the host offers",
     .impact = "the VM fails to start (no hugetlbfs mount for that page size)"},
    {.id = "MEM003",
     .name = "hugepages-insufficient",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "the host must have enough huge pages of each size the guest uses",
     .fix_text = "reserve more pages on the host (vm.nr_hugepages or "
                 "/sys/kernel/mm/hugepages/hugepages-SIZEkB/nr_hugepages)",
     .impact = "the VM fails to start (QEMU cannot allocate guest memory)"},
    {.id = "MEM004",
     .name = "memfd-shared",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "with huge pages, use <source type='memfd'/> with <access mode='shared'/>; "
                "virtio-fs and vhost-user devices require shared memory (error without it)",
     .fix_text = "set <memoryBacking><source type='memfd'/><access mode='shared'/>",
     .impact =
         "performance.md: memfd shared memory is required for virtio-fs and vhost-user devices, "
         "which do not work without it"},
    {.id = "MEM005",
     .name = "allocation-immediate",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "allocate guest memory up front and keep it out of KSM: <allocation "
                "mode='immediate'/> and <nosharepages/>",
     .fix_text = "add <allocation mode='immediate'/> and <nosharepages/> to <memoryBacking>",
     .impact = "performance.md: no page faults on first touch, no KSM scanning of guest memory"},
    {.id = "MEM006",
     .name = "locked-no-hard-limit",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream",
     .fix = GDN_FIX_NONE,
     .summary = "<locked/> needs a <memtune><hard_limit>",
     .fix_text = "add <memtune><hard_limit unit='KiB'>N</hard_limit></memtune> sized for guest "
                 "memory plus QEMU overhead, or drop <locked/>",
     .impact = "upstream: libvirt makes the memlock limit unlimited, so QEMU can lock all host "
               "memory (host DoS risk)"},
    {.id = "MEM007",
     .name = "hugepages-conflict",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "huge pages cannot be combined with allocation mode='ondemand' or source "
                "type='anonymous'",
     .fix_text = "remove the conflicting <allocation> or <source> element",
     .impact = "libvirt rejects the domain (\"hugepages are not allowed with ...\")"},
};

/* Guest NUMA cell: id and memory. */
typedef struct {
    guint id;
    guint64 kib;
    const char *mem_access;
} Cell;

static GArray *guest_cells(const GdnFacts *f)
{
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(Cell));
    guint idx = 0;
    GDN_FOR_EACH_CHILD(gdn_child(f->cpu, "numa"), "cell", c)
    {
        guint64 id = idx, kib = 0;
        gdn_attr_uint(c, "id", &id);
        if (!gdn_scaled_to_kib(gdn_attr(c, "memory"), gdn_attr(c, "unit"), &kib))
            kib = 0;
        Cell cell = {.id = (guint)id, .kib = kib, .mem_access = gdn_attr(c, "memAccess")};
        g_array_append_val(cells, cell);
        idx++;
    }
    return cells;
}

/* Guest memory: <memory>, or the sum of the NUMA cells when it is absent. */
static guint64 guest_kib(const GdnFacts *f, const GArray *cells)
{
    if (f->memory_kib)
        return f->memory_kib;
    guint64 sum = 0;
    for (guint i = 0; i < cells->len; i++)
        sum += g_array_index(cells, Cell, i).kib;
    return sum;
}

/* The seed's reservation: ceil(MiB / 2 * 1.1) pages of 2 MiB, in integers. */
static guint64 seed_pages(guint64 kib)
{
    const guint64 div = 2048 * 10;
    return (kib / div) * 11 + ((kib % div) * 11 + div - 1) / div;
}

static char *format_mib(guint64 kib)
{
    if (kib % 1024 == 0)
        return g_strdup_printf("%" G_GUINT64_FORMAT " MiB", kib / 1024);
    return g_strdup_printf("%.1f MiB", (double)kib / 1024.0);
}

/* Effective shared access as libvirt decides it for vhost-user devices:
 * without NUMA cells <access mode='shared'/>; with cells, every cell's
 * memAccess (falling back to <access>) must be shared. */
static gboolean access_shared(const GdnFacts *f, const GArray *cells)
{
    gboolean backing = gdn_attr_is(gdn_child(f->memory_backing, "access"), "mode", "shared");
    if (cells->len == 0)
        return backing;
    for (guint i = 0; i < cells->len; i++) {
        const char *a = g_array_index(cells, Cell, i).mem_access;
        if (a ? strcmp(a, "shared") != 0 : !backing)
            return FALSE;
    }
    return TRUE;
}

/* Where a missing memory setting belongs: <memoryBacking>, else the
 * <memory> element that motivates it (not <domain> on line 1). */
static xmlNodePtr memory_where(const GdnFacts *f)
{
    xmlNodePtr mem = gdn_child(f->root, "memory");
    return f->memory_backing ? f->memory_backing : mem ? mem : f->root;
}

/* Host NUMA nodes guest memory is bound to: <numatune><memory> with mode
 * strict (libvirt's default) or restrictive and a nodeset; NULL otherwise. */
static GArray *bound_nodes(const GdnFacts *f)
{
    xmlNodePtr mem = gdn_child(f->numatune, "memory");
    const char *mode = gdn_attr(mem, "mode");
    if (!mem || (mode && strcmp(mode, "strict") != 0 && strcmp(mode, "restrictive") != 0) ||
        gdn_attr_is(mem, "placement", "auto"))
        return NULL;
    GArray *nodes = gdn_cpuset_parse(gdn_attr(mem, "nodeset"));
    if (nodes && (nodes->len == 0 || nodes->len > 64)) {
        g_array_unref(nodes);
        return NULL;
    }
    return nodes;
}

/* The per-node reservation when memory is bound to nodes: vm.nr_hugepages
 * spreads pages over every node, and a bound guest takes only its nodes'. */
static char *node_commands(const GArray *nodes, guint64 pages)
{
    GString *s = g_string_new(NULL);
    guint64 each = (pages + nodes->len - 1) / nodes->len;
    for (guint i = 0; i < nodes->len; i++)
        g_string_append_printf(s,
                               "%secho %" G_GUINT64_FORMAT
                               " > /sys/devices/system/node/node%u/hugepages/"
                               "hugepages-2048kB/nr_hugepages",
                               i ? "; " : "", each, g_array_index(nodes, guint, i));
    return g_string_free(s, FALSE);
}

static void check_missing(GdnCheck *ck, const GdnFacts *f, const GArray *cells)
{
    guint64 kib = guest_kib(f, cells);
    GdnSeverity sev = kib > EIGHT_GIB_KIB ? GDN_SEV_WARNING : GDN_SEV_INFO;
    g_autofree char *mib = format_mib(kib);
    GdnFinding *fd = gdn_report_sev(ck, "MEM001", sev, memory_where(f),
                                    "no <hugepages> in <memoryBacking>%s%s%s%s", kib ? " for " : "",
                                    kib ? mib : "", kib ? " of guest memory" : "",
                                    kib > EIGHT_GIB_KIB ? " (above 8 GiB)" : "");
    gdn_finding_param(fd, "size", "%d", SEED_PAGE_KIB);
    gdn_finding_param(fd, "unit", "KiB");
    if (kib == 0)
        return;
    guint64 pages = seed_pages(kib);
    g_autoptr(GArray) nodes = bound_nodes(f);
    if (nodes) {
        g_autofree char *nl = gdn_cpuset_format(nodes);
        g_autofree char *cmds = node_commands(nodes, pages);
        gdn_finding_set_note(fd,
                             "reserve %" G_GUINT64_FORMAT " pages of 2 MiB (ceil(%s / 2 * 1.1), "
                             "add the pages other guests use) on host NUMA node%s %s, where "
                             "<numatune> binds guest memory (vm.nr_hugepages would spread them "
                             "over every node): %s; repeat at boot (e.g. a systemd unit)",
                             pages, mib, nodes->len == 1 ? "" : "s", nl, cmds);
        return;
    }
    const GdnHost *host = gdn_check_host(ck);
    const char *numa = host && host->n_nodes > 1
                           ? "; if guest memory gets bound to a NUMA node (<numatune>, PIN008), "
                             "reserve them on that node instead: /sys/devices/system/node/nodeN/"
                             "hugepages/hugepages-2048kB/nr_hugepages"
                           : "";
    gdn_finding_set_note(fd,
                         "reserve %" G_GUINT64_FORMAT " pages of 2 MiB on the host first "
                         "(ceil(%s / 2 * 1.1), add the pages other guests use): "
                         "sysctl -w vm.nr_hugepages=%" G_GUINT64_FORMAT "; persist with the "
                         "line 'vm.nr_hugepages = %" G_GUINT64_FORMAT
                         "' in /etc/sysctl.d/80-hugepages.conf%s",
                         pages, mib, pages, pages, numa);
}

/* Huge page sizes the host offers, without the base page size. */
static guint64 nearest_size(const GdnHost *host, guint64 want)
{
    guint first = host->pages->len > 1 ? 1 : 0;
    guint64 best = 0;
    double best_d = 0;
    for (guint i = first; i < host->pages->len; i++) {
        guint64 s = g_array_index(host->pages, GdnHostPages, i).size_kib;
        double d = fabs(log2((double)s) - log2((double)MAX(want, 1)));
        if (!best || d < best_d) {
            best = s;
            best_d = d;
        }
    }
    return best;
}

typedef struct {
    guint64 size_kib;
    guint64 kib; /* guest memory backed by this size */
    xmlNodePtr node;
} Need;

static Need *need_slot(GArray *needs, guint64 size, xmlNodePtr node)
{
    for (guint i = 0; i < needs->len; i++) {
        Need *n = &g_array_index(needs, Need, i);
        if (n->size_kib == size)
            return n;
    }
    Need n = {.size_kib = size, .node = node};
    g_array_append_val(needs, n);
    return &g_array_index(needs, Need, needs->len - 1);
}

typedef struct {
    xmlNodePtr node;
    guint64 size_kib;
    GArray *nodeset; /* NULL: applies to every node not named elsewhere */
    gboolean skip;   /* size not offered (MEM002): nothing to count */
} Page;

static void page_clear(gpointer p)
{
    Page *pg = p;
    if (pg->nodeset)
        g_array_unref(pg->nodeset);
}

static const Page *page_for_node(const GArray *pages, guint id)
{
    for (guint i = 0; i < pages->len; i++) {
        const Page *p = &g_array_index(pages, Page, i);
        if (p->nodeset && gdn_cpuset_contains(p->nodeset, id))
            return p;
    }
    for (guint i = 0; i < pages->len; i++) {
        const Page *p = &g_array_index(pages, Page, i);
        if (!p->nodeset)
            return p;
    }
    return NULL;
}

static void check_host_pages(GdnCheck *ck, const GdnFacts *f, xmlNodePtr hp, const GArray *cells)
{
    const GdnHost *host = gdn_check_host(ck);
    if (!host || host->pages->len == 0)
        return;
    guint64 base = host->pages->len > 1 ? g_array_index(host->pages, GdnHostPages, 0).size_kib : 0;

    g_autoptr(GArray) pages = g_array_new(FALSE, TRUE, sizeof(Page));
    g_array_set_clear_func(pages, page_clear);
    GDN_FOR_EACH_CHILD(hp, "page", pg)
    {
        guint64 size;
        if (!gdn_scaled_to_kib(gdn_attr(pg, "size"), gdn_attr(pg, "unit"), &size) || size == 0)
            continue;
        if (!gdn_host_has_page_size(host, size)) {
            guint64 near = nearest_size(host, size);
            GdnFinding *fd = gdn_report(
                ck, "MEM002", pg,
                "page size %" G_GUINT64_FORMAT " KiB (size='%s' unit='%s') is not offered by "
                "the host; nearest offered size is %" G_GUINT64_FORMAT " KiB",
                size, gdn_attr(pg, "size"), gdn_attr(pg, "unit") ? gdn_attr(pg, "unit") : "KiB",
                near);
            gdn_finding_param(fd, "size", "%" G_GUINT64_FORMAT, near);
            gdn_finding_param(fd, "unit", "KiB");
        }
        /* Kept even when skipped, so its nodes do not fall to the default page. */
        const char *ns = gdn_attr(pg, "nodeset");
        Page p = {.node = pg, .size_kib = size, .nodeset = ns ? gdn_cpuset_parse(ns) : NULL};
        p.skip = !gdn_host_has_page_size(host, size);
        if (ns && !p.nodeset)
            continue; /* unparsable nodeset: libvirt rejects it */
        g_array_append_val(pages, p);
    }
    if (!gdn_child(hp, "page")) {
        /* <hugepages/> alone: the host's default huge page size, taken as the
         * smallest one above the base page. */
        if (host->pages->len < 2)
            return;
        Page p = {.node = hp, .size_kib = g_array_index(host->pages, GdnHostPages, 1).size_kib};
        g_array_append_val(pages, p);
    }

    g_autoptr(GArray) needs = g_array_new(FALSE, TRUE, sizeof(Need));
    if (cells->len == 0) {
        const Page *p = page_for_node(pages, 0);
        if (p && !p->skip)
            need_slot(needs, p->size_kib, p->node)->kib += guest_kib(f, cells);
    } else {
        for (guint i = 0; i < cells->len; i++) {
            const Cell *c = &g_array_index(cells, Cell, i);
            const Page *p = page_for_node(pages, c->id);
            if (p && !p->skip)
                need_slot(needs, p->size_kib, p->node)->kib += c->kib;
        }
    }

    /* Memory bound to nodes takes only their pages; when the facts do not
     * count pages per node, the host's total still bounds them from above. */
    g_autoptr(GArray) nodes = bound_nodes(f);
    g_autofree char *nl = nodes ? gdn_cpuset_format(nodes) : NULL;
    for (guint i = 0; i < needs->len; i++) {
        const Need *n = &g_array_index(needs, Need, i);
        gint64 on_nodes = nodes ? gdn_host_node_pages(host, nodes, n->size_kib) : -1;
        gint64 have = on_nodes >= 0 ? on_nodes : gdn_host_pages(host, n->size_kib);
        if (n->size_kib == base || have < 0 || n->kib == 0)
            continue;
        guint64 want = (n->kib + n->size_kib - 1) / n->size_kib;
        if ((guint64)have >= want)
            continue;
        g_autofree char *mib = format_mib(n->kib);
        g_autofree char *where = on_nodes >= 0 ? g_strdup_printf(" on NUMA node%s %s (where "
                                                                 "<numatune> binds guest "
                                                                 "memory)",
                                                                 nodes->len == 1 ? "" : "s", nl)
                                               : g_strdup("");
        gdn_report(ck, "MEM003", n->node,
                   "the host has %" G_GINT64_FORMAT " pages of %" G_GUINT64_FORMAT
                   " KiB%s; the guest needs %" G_GUINT64_FORMAT " for %s",
                   have, n->size_kib, where, want, mib);
    }
}

static gboolean is_vhost_user(xmlNodePtr dev, const char **what)
{
    const char *name = (const char *)dev->name;
    if (strcmp(name, "filesystem") == 0 &&
        gdn_attr_is(gdn_child(dev, "driver"), "type", "virtiofs")) {
        *what = "virtiofs filesystem";
        return TRUE;
    }
    if ((strcmp(name, "interface") == 0 || strcmp(name, "disk") == 0) &&
        gdn_attr_is(dev, "type", "vhostuser")) {
        *what = strcmp(name, "disk") == 0 ? "vhost-user disk" : "vhost-user interface";
        return TRUE;
    }
    if (strcmp(name, "video") == 0 && gdn_attr_is(gdn_child(dev, "driver"), "name", "vhostuser")) {
        *what = "vhost-user video device";
        return TRUE;
    }
    return FALSE;
}

/* memfd + shared is advised only where it is needed: huge pages (memfd
 * backs them like hugetlbfs) or a device that needs shared memory (an
 * error without it). On a plain guest it would turn off transparent huge
 * pages (shmem_enabled=never is Debian's default). */
static void check_shared(GdnCheck *ck, const GdnFacts *f, const GArray *cells, xmlNodePtr hp)
{
    gboolean shared = access_shared(f, cells);
    gboolean device_error = FALSE;
    if (!shared) {
        for (xmlNodePtr d = f->devices ? f->devices->children : NULL; d; d = d->next) {
            const char *what = NULL;
            if (d->type != XML_ELEMENT_NODE || d->ns || !is_vhost_user(d, &what))
                continue;
            gdn_report_sev(ck, "MEM004", GDN_SEV_ERROR, d,
                           "%s without shared guest memory (%s): the device cannot reach guest "
                           "memory; set <source type='memfd'/> and <access mode='shared'/>",
                           what,
                           cells->len ? "not every NUMA cell has memAccess='shared'"
                                      : "no <access mode='shared'/> in <memoryBacking>");
            device_error = TRUE;
        }
    }
    if (device_error || !hp)
        return;

    xmlNodePtr src = gdn_child(f->memory_backing, "source");
    xmlNodePtr acc = gdn_child(f->memory_backing, "access");
    const char *stype = gdn_attr(src, "type");
    gboolean memfd = g_strcmp0(stype, "memfd") == 0;
    if (memfd && shared)
        return;
    xmlNodePtr where = !memfd && src ? src : (acc && !shared ? acc : NULL);
    if (!where)
        where = memory_where(f);
    const char *amode = gdn_attr(acc, "mode");
    gdn_report(ck, "MEM004", where,
               "memory source is '%s' and access is '%s'%s, expected source type='memfd' and "
               "access mode='shared'",
               stype ? stype : "default (anonymous)", amode ? amode : "default (private)",
               cells->len && shared ? " (every NUMA cell is shared)" : "");
}

static void check_allocation(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr alloc = gdn_child(f->memory_backing, "allocation");
    const char *mode = gdn_attr(alloc, "mode");
    gboolean immediate = g_strcmp0(mode, "immediate") == 0;
    gboolean noshare = gdn_child(f->memory_backing, "nosharepages") != NULL;
    if (immediate && noshare)
        return;
    xmlNodePtr where = !immediate && alloc ? alloc : memory_where(f);
    gdn_report(ck, "MEM005", where, "memory allocation is '%s' and <nosharepages/> is %s",
               mode ? mode : "default (ondemand)", noshare ? "present" : "missing");
}

static void check_locked(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr locked = gdn_child(f->memory_backing, "locked");
    if (!locked || gdn_child(f->memtune, "hard_limit"))
        return;
    gdn_report(ck, "MEM006", locked,
               "<locked/> without <memtune><hard_limit>: libvirt sets QEMU's memlock limit to "
               "unlimited");
}

static void check_conflicts(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr alloc = gdn_child(f->memory_backing, "allocation");
    xmlNodePtr src = gdn_child(f->memory_backing, "source");
    if (gdn_attr_is(alloc, "mode", "ondemand"))
        gdn_report(ck, "MEM007", alloc,
                   "<hugepages> with allocation mode 'ondemand': libvirt rejects huge pages "
                   "with on-demand allocation");
    if (gdn_attr_is(src, "type", "anonymous"))
        gdn_report(ck, "MEM007", src,
                   "<hugepages> with source type 'anonymous': libvirt rejects huge pages with "
                   "an anonymous memory source");
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    g_autoptr(GArray) cells = guest_cells(f);
    xmlNodePtr hp = gdn_child(f->memory_backing, "hugepages");
    if (hp) {
        check_host_pages(ck, f, hp, cells);
        check_conflicts(ck, f);
    } else {
        check_missing(ck, f, cells);
    }
    check_shared(ck, f, cells, hp);
    check_allocation(ck, f);
    check_locked(ck, f);
}

GDN_MODULE(hugepages, "huge pages and memory backing", FALSE, rules, check);

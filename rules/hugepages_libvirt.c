/* Guest memory sizes, huge pages and memory backing that libvirt rejects
 * (src/conf/domain_validate.c virDomainDefMemtuneValidate,
 * src/conf/numa_conf.c, src/qemu/qemu_domain.c qemuDomainAlignMemorySizes,
 * src/qemu/qemu_validate.c memory hotplug). A module beside `hugepages`,
 * tagged `hugepages`. */
#include "engine/rule.h"
#include "rules/guestdef.h"

/* qemuDomainAlignMemorySizes: sizes above LLONG_MAX >> 10 KiB overflow. */
#define MEMORY_MAX_KIB 9007199254740991ULL

static const GdnRule rules[] = {
    {.id = "MEM030",
     .name = "hugepages-nodeset",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream hugepages",
     .fix = GDN_FIX_NONE,
     .summary = "<hugepages>: one default <page> (no nodeset), disjoint nodesets naming existing "
                "guest NUMA nodes",
     .fix_text = "keep one page size without nodeset; give the others nodesets of existing, "
                 "distinct guest NUMA cells",
     .impact = "libvirt rejects the domain (\"two master hugepages detected\", \"hugepages: node "
               "N not found\")"},
    {.id = "MEM031",
     .name = "memory-access-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream hugepages",
     .fix = GDN_FIX_NONE,
     .summary = "memAccess and <access mode> take 'shared' or 'private'; discard takes 'yes' or "
                "'no'",
     .fix_text = "use memAccess='shared' (vhost-user, virtio-fs) or 'private'",
     .impact = "libvirt rejects the domain (\"Invalid value for attribute 'memAccess' in element "
               "'cell'\")"},
    {.id = "MEM032",
     .name = "memory-size-overflow",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream hugepages",
     .fix = GDN_FIX_NONE,
     .summary = "memory sizes must stay below 2^53 KiB after QEMU's alignment (1 MiB, 256 MiB on "
                "ppc64)",
     .fix_text = "give the guest and its NUMA cells sizes a host can have",
     .impact = "libvirt rejects the domain (\"memory size of NUMA node '0' overflowed after "
               "alignment\")"},
    {.id = "MEM033",
     .name = "memory-hotplug-numa",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream hugepages",
     .fix = GDN_FIX_NONE,
     .summary = "memory hotplug (<maxMemory>) needs guest NUMA cells, and memory devices must "
                "target an existing cell",
     .fix_text = "add a <cpu><numa> cell, and target memory devices at existing cells",
     .impact = "libvirt rejects the domain (\"At least one numa node has to be configured when "
               "enabling memory hotplug\")"},
    {.id = "MEM034",
     .name = "memory-missing",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream hugepages",
     .fix = GDN_FIX_NONE,
     .summary = "the guest needs a memory size: <memory> or guest NUMA cells with memory",
     .fix_text = "add <memory unit='KiB'>N</memory>",
     .impact = "libvirt rejects the domain (\"Memory size must be specified via <memory> or in "
               "the <numa> configuration\")"},
    {.id = "MEM035",
     .name = "memory-exceeds-host",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream hugepages host",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "guest memory must fit the host, and the host NUMA nodes <numatune> binds it to "
                "with mode='strict'",
     .fix_text = "give the guest less memory, or bind it to more (or larger) host NUMA nodes",
     .impact = "the host swaps or the OOM killer ends the guest; with preallocated memory "
               "(hugepages, locked, allocation immediate) QEMU fails to start"},
    {.id = "MEM036",
     .name = "memory-exceeds-free-node",
     .severity = GDN_SEV_INFO,
     .tags = "upstream hugepages host",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "a stopped guest strictly bound to host NUMA nodes should find its memory free "
                "there (live free memory over -c)",
     .fix_text = "free memory on those nodes, bind the guest to more nodes, or give it less "
                 "memory",
     .impact = "at start the kernel must first reclaim page cache or swap on those nodes; what "
               "it cannot free ends in the OOM killer (strict binding never falls back to "
               "other nodes)"},
};

/* The NUMA nodes a <page nodeset> names after libvirt's post-parse: in a
 * guest without NUMA cells a nodeset of just node 0 means the whole guest
 * (the default page). NULL for a default page. */
static GArray *page_nodes(xmlNodePtr page, guint cells)
{
    GArray *ids = gdn_attr_cpuset(page, "nodeset");
    if (ids &&
        (ids->len == 0 || (cells == 0 && ids->len == 1 && g_array_index(ids, guint, 0) == 0)))
        g_clear_pointer(&ids, g_array_unref);
    return ids;
}

static void unref_nodes(gpointer ids)
{
    if (ids)
        g_array_unref(ids);
}

static gboolean overlap(const GArray *a, const GArray *b)
{
    for (guint i = 0; i < a->len; i++)
        if (gdn_cpuset_contains(b, g_array_index(a, guint, i)))
            return TRUE;
    return FALSE;
}

static void check_pages(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr hp = gdn_child(f->memory_backing, "hugepages");
    guint cells = gdn_guest_numa_cells(f);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(unref_nodes);
    g_autoptr(GPtrArray) nodes = g_ptr_array_new();
    GDN_FOR_EACH_CHILD(hp, "page", page)
    {
        GArray *ids = page_nodes(page, cells);
        for (guint j = 0; j < nodes->len; j++) {
            GArray *other = g_ptr_array_index(seen, j);
            xmlNodePtr prev = g_ptr_array_index(nodes, j);
            if ((!ids && !other) || (ids && other && overlap(ids, other))) {
                gdn_report(ck, "MEM030", page,
                           !ids ? "pages of size %s and %s both apply to the whole guest: two "
                                  "master hugepages detected"
                                : "nodesets of the pages of size %s and %s intersect",
                           gdn_attr(prev, "size"), gdn_attr(page, "size"));
                break;
            }
        }
        if (ids && g_array_index(ids, guint, ids->len - 1) >= cells)
            gdn_report(ck, "MEM030", page,
                       "page nodeset='%s': hugepages: node %u not found (the guest has %u NUMA "
                       "cell%s)",
                       gdn_attr(page, "nodeset"), g_array_index(ids, guint, ids->len - 1), cells,
                       cells == 1 ? "" : "s");
        g_ptr_array_add(seen, ids);
        g_ptr_array_add(nodes, page);
    }
}

static void check_access(GdnCheck *ck, const GdnFacts *f)
{
    static const char *const access[] = {"shared", "private", NULL};
    static const char *const yesno[] = {"yes", "no", NULL};
    const char *mode = gdn_attr(gdn_child(f->memory_backing, "access"), "mode");
    if (mode && !g_strv_contains(access, mode))
        gdn_report(ck, "MEM031", gdn_child(f->memory_backing, "access"),
                   "memoryBacking access mode '%s': expected 'shared' or 'private'", mode);
    GDN_FOR_EACH_CHILD(gdn_child(f->cpu, "numa"), "cell", cell)
    {
        const char *ma = gdn_attr(cell, "memAccess");
        const char *discard = gdn_attr(cell, "discard");
        if (ma && !g_strv_contains(access, ma))
            gdn_report(ck, "MEM031", cell,
                       "Invalid value for attribute 'memAccess' in element 'cell': '%s' "
                       "(expected 'shared' or 'private')",
                       ma);
        if (discard && !g_strv_contains(yesno, discard))
            gdn_report(ck, "MEM031", cell,
                       "Invalid value for attribute 'discard' in element 'cell': '%s'", discard);
    }
}

/* Reports a size that overflows after alignment; returns its KiB (0 if unset). */
static guint64 check_size(GdnCheck *ck, const GdnFacts *f, xmlNodePtr node, const char *value,
                          const char *what)
{
    guint64 kib = 0;
    if (!value || !gdn_scaled_to_kib(value, gdn_attr(node, "unit"), &kib))
        return 0;
    const char *arch = gdn_guest_arch(f);
    guint64 align = arch && g_str_has_prefix(arch, "ppc64") ? 262144 : 1024;
    if (kib > MEMORY_MAX_KIB - align + 1 && kib % align != 0)
        gdn_report(ck, "MEM032", node,
                   "%s of %" G_GUINT64_FORMAT
                   " KiB overflowed after alignment to %" G_GUINT64_FORMAT
                   " KiB (the most is %llu KiB)",
                   what, kib, align, MEMORY_MAX_KIB);
    else if (kib > MEMORY_MAX_KIB)
        gdn_report(ck, "MEM032", node, "%s of %" G_GUINT64_FORMAT " KiB exceeds %llu KiB", what,
                   kib, MEMORY_MAX_KIB);
    return kib;
}

static void check_sizes(GdnCheck *ck, const GdnFacts *f, guint cells)
{
    xmlNodePtr mem = gdn_child(f->root, "memory");
    g_autofree char *mem_text = gdn_text(mem);
    g_autofree char *max_text = gdn_text(gdn_child(f->root, "maxMemory"));
    guint64 total = 0;
    GDN_FOR_EACH_CHILD(gdn_child(f->cpu, "numa"), "cell", cell)
    {
        total += check_size(ck, f, cell, gdn_attr(cell, "memory"), "NUMA cell memory");
    }
    if (cells == 0)
        total = check_size(ck, f, mem, mem_text, "initial memory");
    check_size(ck, f, gdn_child(f->root, "maxMemory"), max_text, "maximum memory");
    if (total == 0)
        gdn_report(ck, "MEM034", mem ? mem : f->root,
                   "%s: Memory size must be specified via <memory> or in the <numa> "
                   "configuration",
                   mem ? "<memory> is 0" : "no <memory> and no guest NUMA cells");
}

static void check_hotplug(GdnCheck *ck, const GdnFacts *f, guint cells)
{
    xmlNodePtr max = gdn_child(f->root, "maxMemory");
    guint64 slots = 0;
    const char *arch = gdn_guest_arch(f);
    /* pSeries guests hotplug memory without NUMA cells (qemu_validate.c). */
    gboolean ppc64 = arch && g_str_has_prefix(arch, "ppc64");
    if (max && cells == 0 && !ppc64 && gdn_attr_uint(max, "slots", &slots) && slots > 0)
        gdn_report(ck, "MEM033", max,
                   "<maxMemory slots='%" G_GUINT64_FORMAT "'> without guest NUMA cells: at least "
                   "one numa node has to be configured when enabling memory hotplug",
                   slots);
    for (xmlNodePtr d = f->devices ? f->devices->children : NULL; d; d = d->next) {
        guint64 node = 0;
        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, BAD_CAST "memory") ||
            !gdn_text_uint(gdn_path(d, "target/node"), &node) || node < cells)
            continue;
        gdn_report(ck, "MEM033", gdn_path(d, "target/node"),
                   "can't add memory backend for guest node '%" G_GUINT64_FORMAT
                   "' as the guest has only '%u' NUMA nodes configured",
                   node, cells);
    }
}

/* Host fit from the capabilities' cell memory: the whole host, and the
 * nodes a strict <numatune><memory> binds the guest to. */
static void check_host_fit(GdnCheck *ck, const GdnFacts *f)
{
    const GdnHost *host = gdn_check_host(ck);
    if (!host || !host->cell_memory_kib->len || !f->memory_kib)
        return;
    guint64 total = 0;
    for (guint i = 0; i < host->cell_memory_kib->len; i++)
        total += g_array_index(host->cell_memory_kib, guint64, i);
    xmlNodePtr mem = gdn_child(f->root, "memory");
    if (f->memory_kib > total) {
        gdn_report(ck, "MEM035", mem ? mem : f->root,
                   "guest memory %" G_GUINT64_FORMAT " MiB exceeds the host's %" G_GUINT64_FORMAT
                   " MiB",
                   f->memory_kib / 1024, total / 1024);
        return;
    }
    xmlNodePtr bind = gdn_child(f->numatune, "memory");
    g_autoptr(GArray) nodes = gdn_attr_cpuset(bind, "nodeset");
    if (!nodes || !nodes->len || !(gdn_attr_is(bind, "mode", "strict") || !gdn_attr(bind, "mode")))
        return;
    guint64 bound = 0;
    for (guint i = 0; i < nodes->len; i++) {
        guint n = g_array_index(nodes, guint, i);
        if (n >= host->cell_memory_kib->len || !g_array_index(host->cell_memory_kib, guint64, n))
            return; /* unknown node: PIN031's */
        bound += g_array_index(host->cell_memory_kib, guint64, n);
    }
    if (f->memory_kib > bound)
        gdn_report(ck, "MEM035", bind,
                   "guest memory %" G_GUINT64_FORMAT " MiB exceeds the %" G_GUINT64_FORMAT
                   " MiB of host NUMA node(s) %s it is strictly bound to",
                   f->memory_kib / 1024, bound / 1024, gdn_attr(bind, "nodeset"));
}

/* MEM036: live free memory (-c) on the nodes a stopped guest is strictly
 * bound to. A running guest already holds its memory; huge pages come from
 * their pools (MEM003); a guest larger than the nodes themselves is
 * MEM035's. */
static void check_free_fit(GdnCheck *ck, const GdnFacts *f)
{
    const GdnHost *host = gdn_check_host(ck);
    const char *name = gdn_check_doc(ck)->domain;
    if (!host || !host->running || !host->cell_free_kib->len || !f->memory_kib || !name ||
        g_hash_table_contains(host->running, name) || gdn_path(f->root, "memoryBacking/hugepages"))
        return;
    xmlNodePtr bind = gdn_child(f->numatune, "memory");
    g_autoptr(GArray) nodes = gdn_attr_cpuset(bind, "nodeset");
    if (!nodes || !nodes->len || !(gdn_attr_is(bind, "mode", "strict") || !gdn_attr(bind, "mode")))
        return;
    guint64 free = 0, total = 0;
    for (guint i = 0; i < nodes->len; i++) {
        guint n = g_array_index(nodes, guint, i);
        if (n >= host->cell_free_kib->len)
            return;
        free += g_array_index(host->cell_free_kib, guint64, n);
        total +=
            n < host->cell_memory_kib->len ? g_array_index(host->cell_memory_kib, guint64, n) : 0;
    }
    if (f->memory_kib > free && !(total && f->memory_kib > total))
        gdn_report(ck, "MEM036", bind,
                   "guest memory %" G_GUINT64_FORMAT " MiB exceeds the %" G_GUINT64_FORMAT
                   " MiB free now on host NUMA node(s) %s it is strictly bound to",
                   f->memory_kib / 1024, free / 1024, gdn_attr(bind, "nodeset"));
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    guint cells = gdn_guest_numa_cells(f);
    check_host_fit(ck, f);
    check_free_fit(ck, f);
    check_pages(ck, f);
    check_access(ck, f);
    check_sizes(ck, f, cells);
    check_hotplug(ck, f, cells);
}

GDN_MODULE(hugepages_libvirt, "guest memory and huge pages libvirt rejects", FALSE, rules, check);

/* <numatune> and <cputune> scheduling that libvirt rejects
 * (src/conf/numa_conf.c virDomainNumatuneParseXML/virDomainNumaDefValidate,
 * src/conf/domain_conf.c vcpusched/iothreadsched parsing). A module beside
 * `pinning`, tagged `pinning`, so its rules run for every guest. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "PIN030",
     .name = "numatune-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream pinning",
     .fix = GDN_FIX_NONE,
     .summary = "<numatune>: non-empty nodesets, a nodeset for static placement, <memnode> only "
                "for existing guest cells and without automatic placement, restrictive on both "
                "levels or neither",
     .fix_text = "give <memory> a nodeset (or placement='auto'), drop <memnode> elements libvirt "
                 "cannot apply, make the modes agree",
     .impact = "libvirt rejects the domain (\"Per-node binding is not compatible with automatic "
               "NUMA placement.\", \"Element 'memnode' is invalid without any guest NUMA "
               "cells\")"},
    {.id = "PIN031",
     .name = "numatune-host-node",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream pinning host",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "<numatune> nodesets must name NUMA nodes the host has",
     .fix_text = "bind memory to host NUMA nodes that exist (see virsh capabilities)",
     .impact = "the guest does not start (libvirt: \"NUMA node N is unavailable\")"},
    {.id = "PIN032",
     .name = "sched-overlap",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream pinning",
     .fix = GDN_FIX_NONE,
     .summary = "<vcpusched> vcpus and <iothreadsched> iothreads sets must not overlap",
     .fix_text = "give each vCPU and I/O thread one scheduler entry",
     .impact = "libvirt rejects the domain (\"'vcpusched' attributes 'vcpus' must not "
               "overlap\")"},
    {.id = "PIN033",
     .name = "sched-target-missing",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream pinning",
     .fix = GDN_FIX_NONE,
     .summary = "<vcpusched> must name existing vCPUs; <iothreadsched> and <iothreadpin> "
                "existing I/O threads",
     .fix_text = "name vCPUs below the <vcpu> count and I/O threads defined in "
                 "<iothreads>/<iothreadids>",
     .impact = "libvirt rejects the domain (\"Cannot find 'iothread' : N\")"},
};

/* A nodeset attribute that libvirt parses to a non-empty set; reports
 * otherwise. Returns the set or NULL. */
static GArray *nodeset(GdnCheck *ck, xmlNodePtr node)
{
    const char *s = gdn_attr(node, "nodeset");
    GArray *ids = gdn_cpuset_parse(s);
    if (s && (!ids || ids->len == 0))
        gdn_report(ck, "PIN030", node, "Invalid value of 'nodeset': %s", s);
    if (ids && ids->len == 0)
        g_clear_pointer(&ids, g_array_unref);
    return ids;
}

static void check_host_nodes(GdnCheck *ck, xmlNodePtr node, const GArray *ids)
{
    const GdnHost *host = gdn_check_host(ck);
    if (!host || !ids)
        return;
    guint last = g_array_index(ids, guint, ids->len - 1);
    if (last >= host->n_nodes)
        gdn_report(ck, "PIN031", node,
                   "nodeset '%s' names host NUMA node %u, but the host has %u node%s (0-%u)",
                   gdn_attr(node, "nodeset"), last, host->n_nodes, host->n_nodes == 1 ? "" : "s",
                   host->n_nodes - 1);
}

/* numa_conf.c virDomainNumatuneSet: the placement libvirt ends up with
 * (NULL when <numatune> sets none). */
static const char *memory_placement(GdnCheck *ck, const GdnFacts *f, xmlNodePtr mem,
                                    gboolean has_nodeset)
{
    gboolean vcpu_auto = gdn_attr_is(gdn_child(f->root, "vcpu"), "placement", "auto");
    if (!mem)
        return vcpu_auto ? "auto" : NULL;
    const char *placement = gdn_attr(mem, "placement");
    if (!placement)
        placement = has_nodeset || !vcpu_auto ? "static" : "auto";
    if (strcmp(placement, "static") == 0 && !has_nodeset)
        gdn_report(ck, "PIN030", mem,
                   "numatune memory has static placement%s but no nodeset: nodeset for NUMA "
                   "memory tuning must be set if 'placement' is 'static'",
                   gdn_attr(mem, "placement") ? "" : " (from <vcpu placement='static'>)");
    return placement;
}

static void check_memnode(GdnCheck *ck, xmlNodePtr node, guint cells, gboolean *seen,
                          gboolean mem_restrictive)
{
    guint64 cellid = 0;
    if (!gdn_attr_uint(node, "cellid", &cellid) || cellid >= cells) {
        gdn_report(ck, "PIN030", node,
                   "memnode cellid='%s' but the guest has %u NUMA cell%s: 'cellid' must "
                   "correspond to an existing guest NUMA cell",
                   gdn_attr(node, "cellid") ? gdn_attr(node, "cellid") : "", cells,
                   cells == 1 ? "" : "s");
        return;
    }
    if (seen[cellid]) {
        gdn_report(ck, "PIN030", node, "Multiple memnode elements with cellid %" G_GUINT64_FORMAT,
                   cellid);
        return;
    }
    seen[cellid] = TRUE;
    g_autoptr(GArray) ids = nodeset(ck, node);
    if (!gdn_attr(node, "nodeset"))
        gdn_report(ck, "PIN030", node, "memnode without the required nodeset attribute");
    check_host_nodes(ck, node, ids);
    gboolean restrictive = gdn_attr_is(node, "mode", "restrictive");
    if (restrictive != mem_restrictive)
        gdn_report(ck, "PIN030", node,
                   "memnode mode '%s' with memory mode '%s': 'restrictive' mode is required in "
                   "both the memory and the memnode elements, or in neither (libvirt 9.0 checks "
                   "the memory element's side, recent releases both)",
                   gdn_attr(node, "mode") ? gdn_attr(node, "mode") : "strict",
                   mem_restrictive ? "restrictive" : "not restrictive");
}

static void check_numatune(GdnCheck *ck, const GdnFacts *f)
{
    if (!f->numatune)
        return;
    xmlNodePtr mem = gdn_child(f->numatune, "memory");
    g_autoptr(GArray) ids = mem ? nodeset(ck, mem) : NULL;
    const char *placement = memory_placement(ck, f, mem, gdn_attr(mem, "nodeset") != NULL);
    if (g_strcmp0(placement, "auto") != 0)
        check_host_nodes(ck, mem, ids);
    xmlNodePtr first = gdn_child(f->numatune, "memnode");
    if (!first)
        return;
    guint cells = gdn_guest_numa_cells(f);
    if (g_strcmp0(placement, "auto") == 0) {
        gdn_report(ck, "PIN030", first,
                   "<memnode> with automatic placement%s: Per-node binding is not compatible "
                   "with automatic NUMA placement",
                   gdn_attr(mem, "placement") ? "" : " (from <vcpu placement='auto'>)");
        return;
    }
    if (cells == 0) {
        gdn_report(ck, "PIN030", first,
                   "Element 'memnode' is invalid without any guest NUMA cells (<cpu><numa>)");
        return;
    }
    g_autofree gboolean *seen = g_new0(gboolean, cells);
    gboolean mem_restrictive = gdn_attr_is(mem, "mode", "restrictive");
    GDN_FOR_EACH_CHILD(f->numatune, "memnode", node)
    {
        check_memnode(ck, node, cells, seen, mem_restrictive);
    }
}

/* Checks one scheduler list (vcpusched vcpus=, iothreadsched iothreads=). */
static void check_sched(GdnCheck *ck, const GdnFacts *f, const char *elem, const char *attr)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    GDN_FOR_EACH_CHILD(f->cputune, elem, s)
    {
        g_autoptr(GArray) ids = gdn_attr_cpuset(s, attr);
        for (guint i = 0; ids && i < ids->len; i++) {
            guint id = g_array_index(ids, guint, i);
            gboolean vcpu = attr[0] == 'v';
            if (vcpu ? id >= f->vcpus : !gdn_facts_has_iothread(f, id)) {
                gdn_report(ck, "PIN033", s,
                           vcpu ? "%s %s='%s': vCPU '%u' is not present in domain definition "
                                  "(<vcpu> is %u)"
                                : "%s %s='%s': Cannot find 'iothread' : %u%.0u",
                           elem, attr, gdn_attr(s, attr), id, f->vcpus);
                break;
            }
            if (!g_hash_table_add(seen, GUINT_TO_POINTER(id + 1))) {
                gdn_report(ck, "PIN032", s, "%s %s='%s': '%s' attributes '%s' must not overlap",
                           elem, attr, gdn_attr(s, attr), elem, attr);
                break;
            }
        }
    }
}

static void check_iothreadpin(GdnCheck *ck, const GdnFacts *f)
{
    GDN_FOR_EACH_CHILD(f->cputune, "iothreadpin", p)
    {
        guint64 id = 0;
        if (gdn_attr_uint(p, "iothread", &id) && id <= G_MAXUINT &&
            !gdn_facts_has_iothread(f, (guint)id))
            gdn_report(ck, "PIN033", p,
                       "iothreadpin iothread='%" G_GUINT64_FORMAT
                       "': Cannot find 'iothread' : %" G_GUINT64_FORMAT,
                       id, id);
    }
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_numatune(ck, f);
    if (!f->cputune)
        return;
    check_sched(ck, f, "vcpusched", "vcpus");
    check_sched(ck, f, "iothreadsched", "iothreads");
    check_iothreadpin(ck, f);
}

GDN_MODULE(pinning_libvirt, "NUMA tuning and CPU scheduling libvirt rejects", FALSE, rules, check);

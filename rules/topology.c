/* CPU: CPU model, topology and cache for every QEMU/KVM guest (seed CPU
 * Configuration, MANDATORY). */
#include "engine/rule.h"
#include "core/xmlq.h"
#include <string.h>

static const GdnRule rules[] = {
    {.id = "CPU001",
     .name = "cpu-host-passthrough",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "the guest CPU should be <cpu mode='host-passthrough'>",
     .fix_text = "set <cpu mode='host-passthrough'> (the guest can then only migrate to "
                 "identical hosts)",
     .impact = "seed: MANDATORY; the full host CPU feature set instead of a generic model"},
    {.id = "CPU002",
     .name = "cpu-topology-missing",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a guest with more than one vCPU needs an explicit <topology>",
     .fix_text = "add <topology sockets='1' dies='1' cores='C' threads='T'/> with T from the "
                 "host SMT (1 when unknown)",
     .impact = "seed: MANDATORY; without it libvirt presents every vCPU as its own socket, "
               "and the guest scheduler sees no cores or SMT threads"},
    {.id = "CPU003",
     .name = "cpu-topology-mismatch",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "sockets x dies x clusters x cores x threads must equal the <vcpu> count",
     .fix_text = "recompute the topology so that its product equals the vCPU count",
     .impact = "libvirt's QEMU driver rejects the domain (\"CPU topology doesn't match maximum "
               "vcpu count\")"},
    {.id = "CPU004",
     .name = "cpu-cache-passthrough",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "host-passthrough CPUs should pass the host cache topology through",
     .fix_text = "add <cache mode='passthrough'/> to <cpu>",
     .impact = "seed: MANDATORY; the guest scheduler sees the real cache hierarchy"},
    {.id = "CPU005",
     .name = "cpu-cache-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "<cache mode='passthrough'/> needs cpu mode host-passthrough or maximum (x86 only)",
     .fix_text = "remove the <cache> element",
     .impact = "libvirt rejects the domain (\"CPU cache mode 'passthrough' can only be used "
               "with 'host-passthrough' / 'maximum' CPUs\")"},
    {.id = "CPU006",
     .name = "cpu-topoext",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "on AMD hosts a guest with threads > 1 needs the topoext CPU feature",
     .fix_text = "add <feature policy='require' name='topoext'/> to <cpu>",
     .impact = "seed: AMD guests see SMT siblings only with topoext (redundant under "
               "host-passthrough, where the host's topoext is passed through)"},
    {.id = "CPU007",
     .name = "cpu-migratable",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "host-passthrough CPUs should use check='none' migratable='off' (which passes "
                "invtsc through: save, managedsave and migration are then blocked unless a TSC "
                "frequency is set)",
     .fix_text = "set <cpu mode='host-passthrough' check='none' migratable='off'>; to keep save "
                 "and migration, also set <timer name='tsc' frequency='HZ'/> (CLK007)",
     .impact = "seed: every host feature, including non-migratable ones such as invtsc, reaches "
               "the guest; upstream: with invtsc QEMU blocks save, managedsave and migration "
               "unless a TSC frequency is set"},
};

static const char *or_unset(const char *v)
{
    return v ? v : "unset";
}

/* The <os><type arch> is x86 (absent: the host arch, assumed x86). */
static gboolean arch_is_x86(const GdnFacts *f)
{
    const char *arch = gdn_attr(gdn_path(f->root, "os/type"), "arch");
    return !arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

/* <cpu> without mode is mode='custom' (libvirt's default). */
static const char *cpu_mode(const GdnFacts *f)
{
    const char *mode = gdn_attr(f->cpu, "mode");
    return mode ? mode : "custom";
}

typedef struct {
    guint64 sockets, dies, clusters, cores, threads;
    gboolean has_clusters;
    const char *missing; /* first required attribute that is absent or 0 */
} Topology;

static void read_topology(xmlNodePtr t, Topology *topo)
{
    static const char *const required[] = {"sockets", "cores", "threads"};
    guint64 *slots[] = {&topo->sockets, &topo->cores, &topo->threads};
    memset(topo, 0, sizeof(*topo));
    for (guint i = 0; i < G_N_ELEMENTS(required); i++)
        if ((!gdn_attr_uint(t, required[i], slots[i]) || *slots[i] == 0) && !topo->missing)
            topo->missing = required[i];
    if (!gdn_attr_uint(t, "dies", &topo->dies) || topo->dies == 0)
        topo->dies = 1;
    topo->has_clusters = gdn_attr(t, "clusters") != NULL;
    if (!gdn_attr_uint(t, "clusters", &topo->clusters) || topo->clusters == 0)
        topo->clusters = 1;
}

static void check_mode(GdnCheck *ck, const GdnFacts *f)
{
    /* TCG cannot run host-passthrough: QEMU refuses "-cpu host" without KVM. */
    if (g_strcmp0(f->type, "kvm") != 0)
        return;
    if (!f->cpu) {
        gdn_report(ck, "CPU001", f->root,
                   "no <cpu> element: the guest gets QEMU's default CPU model, expected "
                   "mode='host-passthrough'");
        return;
    }
    const char *mode = cpu_mode(f);
    if (strcmp(mode, "host-passthrough") == 0)
        return;
    const char *model = NULL;
    g_autofree char *model_text = gdn_text(gdn_child(f->cpu, "model"));
    if (strcmp(mode, "custom") == 0) {
        model = model_text;
        if (!model) {
            gdn_report(ck, "CPU001", f->cpu,
                       "%s: the guest gets QEMU's default CPU model, expected "
                       "mode='host-passthrough'",
                       gdn_attr(f->cpu, "mode") ? "<cpu mode='custom'> names no model"
                                                : "<cpu> names no mode or model");
            return;
        }
    }
    gdn_report(ck, "CPU001", f->cpu, "cpu mode is '%s'%s%s%s%s, expected 'host-passthrough'", mode,
               gdn_attr(f->cpu, "mode") ? "" : " (default)", model ? " with model '" : "",
               model ? model : "", model ? "'" : "");
}

static void check_topology(GdnCheck *ck, const GdnFacts *f)
{
    const GdnHost *host = gdn_check_host(ck);
    if (!f->topology) {
        if (f->vcpus <= 1)
            return;
        guint threads = gdn_host_guest_threads(host, f->vcpus);
        guint cores = f->vcpus / threads;
        GdnFinding *fd =
            gdn_report(ck, "CPU002", f->cpu ? f->cpu : f->root,
                       "%u vCPUs and no <topology>: libvirt presents them as %u sockets%s; "
                       "expected sockets='1' dies='1' cores='%u' threads='%u'%s",
                       f->vcpus, f->vcpus,
                       f->is_windows ? " (Windows client editions use at most 1-2 sockets)" : "",
                       cores, threads,
                       !host                        ? " (host SMT unknown)"
                       : threads > 1                ? " (host SMT)"
                       : host->threads_per_core > 1 ? " (host SMT does not divide the vCPUs)"
                                                    : " (host without SMT)");
        gdn_finding_param(fd, "sockets", "1");
        gdn_finding_param(fd, "dies", "1");
        gdn_finding_param(fd, "cores", "%u", cores);
        gdn_finding_param(fd, "threads", "%u", threads);
        return;
    }

    Topology t;
    read_topology(f->topology, &t);
    guint64 product = 0;
    gboolean overflow = FALSE;
    if (!t.missing) {
        product = t.sockets;
        guint64 factors[] = {t.dies, t.clusters, t.cores, t.threads};
        for (guint i = 0; i < G_N_ELEMENTS(factors); i++) {
            if (product > G_MAXUINT32 || factors[i] > G_MAXUINT32)
                overflow = TRUE;
            else
                product *= factors[i];
        }
    }
    if (!t.missing && !overflow && product == f->vcpus)
        return;

    /* Recompute: keep the user's threads, sockets, dies and clusters when they
     * still divide the vCPU count, else fall back to one socket. */
    guint threads = (t.threads > 0 && t.threads <= f->vcpus && f->vcpus % t.threads == 0)
                        ? (guint)t.threads
                        : gdn_host_guest_threads(host, f->vcpus);
    guint64 sockets = t.sockets ? t.sockets : 1, dies = t.dies, clusters = t.clusters;
    gboolean keep = sockets <= f->vcpus && dies <= f->vcpus && clusters <= f->vcpus;
    guint64 outer = keep ? sockets * dies * clusters * threads : 0; /* < 2^56 */
    if (!keep || outer > f->vcpus || f->vcpus % outer != 0) {
        sockets = dies = clusters = 1;
        outer = threads;
    }
    guint cores = (guint)(f->vcpus / outer);

    GdnFinding *fd;
    if (t.missing)
        fd = gdn_report(ck, "CPU003", f->topology,
                        "topology has no valid '%s' attribute (libvirt requires non-zero "
                        "sockets, cores and threads) for %u vCPUs",
                        t.missing, f->vcpus);
    else {
        g_autofree char *prod =
            overflow ? g_strdup("more than 2^32") : g_strdup_printf("%" G_GUINT64_FORMAT, product);
        g_autofree char *cl = t.has_clusters
                                  ? g_strdup_printf(" x clusters=%" G_GUINT64_FORMAT, t.clusters)
                                  : g_strdup("");
        fd = gdn_report(ck, "CPU003", f->topology,
                        "topology sockets=%" G_GUINT64_FORMAT " x dies=%" G_GUINT64_FORMAT
                        "%s x cores=%" G_GUINT64_FORMAT " x threads=%" G_GUINT64_FORMAT
                        " = %s vCPUs, but <vcpu> is %u",
                        t.sockets, t.dies, cl, t.cores, t.threads, prod, f->vcpus);
    }
    gdn_finding_param(fd, "sockets", "%" G_GUINT64_FORMAT, sockets);
    gdn_finding_param(fd, "dies", "%" G_GUINT64_FORMAT, dies);
    if (t.has_clusters)
        gdn_finding_param(fd, "clusters", "%" G_GUINT64_FORMAT, clusters);
    gdn_finding_param(fd, "cores", "%u", cores);
    gdn_finding_param(fd, "threads", "%u", threads);
}

static void check_cache(GdnCheck *ck, const GdnFacts *f)
{
    if (!f->cpu)
        return;
    const char *mode = cpu_mode(f);
    xmlNodePtr cache = gdn_child(f->cpu, "cache");
    const char *cmode = gdn_attr(cache, "mode");
    gboolean x86 = arch_is_x86(f);

    if (cache && !x86) {
        gdn_report(ck, "CPU005", cache,
                   "<cache mode='%s'> on a '%s' guest: libvirt supports CPU cache settings on "
                   "x86 only",
                   or_unset(cmode), gdn_attr(gdn_path(f->root, "os/type"), "arch"));
        return;
    }
    if (g_strcmp0(cmode, "passthrough") == 0) {
        if (strcmp(mode, "host-passthrough") != 0 && strcmp(mode, "maximum") != 0)
            gdn_report(ck, "CPU005", cache,
                       "cache mode 'passthrough' with cpu mode '%s': libvirt allows it only "
                       "with 'host-passthrough' or 'maximum'",
                       mode);
        else if (gdn_attr(cache, "level"))
            gdn_report(ck, "CPU005", cache,
                       "cache mode 'passthrough' with level='%s': libvirt rejects a level "
                       "in this mode",
                       gdn_attr(cache, "level"));
    }
    if (x86 && strcmp(mode, "host-passthrough") == 0 && g_strcmp0(cmode, "passthrough") != 0) {
        if (cache)
            gdn_report(ck, "CPU004", cache, "cache mode is '%s', expected 'passthrough'",
                       or_unset(cmode));
        else
            gdn_report(ck, "CPU004", f->cpu,
                       "host-passthrough CPU without <cache mode='passthrough'/>");
    }
}

/* A topoext feature that is not disabled (policy defaults to require). */
static void check_topoext(GdnCheck *ck, const GdnFacts *f)
{
    const GdnHost *host = gdn_check_host(ck);
    /* The host vendor shapes the guest CPUID only under KVM, and only x86 has topoext. */
    if (!host || !gdn_host_is_amd(host) || !f->topology || !arch_is_x86(f) ||
        g_strcmp0(f->type, "kvm") != 0)
        return;
    guint64 threads = 0;
    if (!gdn_attr_uint(f->topology, "threads", &threads) || threads <= 1)
        return;
    xmlNodePtr feat = gdn_child_with(f->cpu, "feature", "name", "topoext");
    const char *policy = gdn_attr(feat, "policy");
    if (feat && g_strcmp0(policy, "disable") != 0 && g_strcmp0(policy, "forbid") != 0)
        return;
    const char *note = strcmp(cpu_mode(f), "host-passthrough") == 0
                           ? " (host-passthrough passes it through; requiring it makes it explicit)"
                           : "";
    if (feat)
        gdn_report(ck, "CPU006", feat,
                   "topoext has policy='%s' on an AMD host with threads=%" G_GUINT64_FORMAT
                   ": the guest cannot see SMT siblings",
                   policy, threads);
    else
        gdn_report(ck, "CPU006", f->cpu,
                   "AMD host, threads=%" G_GUINT64_FORMAT " and no topoext feature%s", threads,
                   note);
}

static void check_migratable(GdnCheck *ck, const GdnFacts *f)
{
    if (!f->cpu || strcmp(cpu_mode(f), "host-passthrough") != 0)
        return;
    const char *check = gdn_attr(f->cpu, "check");
    const char *migratable = gdn_attr(f->cpu, "migratable");
    if (g_strcmp0(check, "none") == 0 && g_strcmp0(migratable, "off") == 0)
        return;
    g_autofree char *c = check ? g_strdup_printf("check='%s'", check) : g_strdup("no check");
    g_autofree char *m =
        migratable ? g_strdup_printf("migratable='%s'", migratable) : g_strdup("no migratable");
    gdn_report(ck, "CPU007", f->cpu,
               "host-passthrough CPU has %s and %s, expected check='none' migratable='off' "
               "(this passes invtsc through: save, managedsave and migration are then blocked "
               "unless <timer name='tsc' frequency=...> is set)",
               c, m);
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_mode(ck, f);
    check_topology(ck, f);
    check_cache(ck, f);
    check_topoext(ck, f);
    check_migratable(ck, f);
}

GDN_MODULE(topology, "CPU model, topology and cache", FALSE, rules, check);

/* CPU model, cache, topology and guest NUMA cells that libvirt rejects
 * (src/qemu/qemu_validate.c qemuValidateDomainDefCpu and
 * qemuValidateDomainVCpuTopology, src/conf/numa_conf.c, src/conf/cpu_conf.c).
 * A module of its own, beside `topology`, so that its rules run for every
 * guest and carry the `topology` tag (`--select topology` picks them). */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "CPU030",
     .name = "cpu-cache-level",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "<cache mode='emulate'> needs level='3'; mode='disable' takes no level",
     .fix_text = "set level='3' on an emulated cache, drop the level of a disabled one",
     .impact = "libvirt rejects the domain (\"CPU cache mode 'emulate' can only be used with "
               "level='3'\")"},
    {.id = "CPU031",
     .name = "cpu-maxphysaddr",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "<maxphysaddr>: x86 only; mode='emulate' needs bits, mode='passthrough' takes none",
     .fix_text = "give mode='emulate' a bits value, or drop bits from mode='passthrough'",
     .impact = "libvirt rejects the domain (\"CPU maximum physical address bits number "
               "specification cannot be used with mode='passthrough'\")"},
    {.id = "CPU032",
     .name = "numa-cells-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "guest NUMA cells: ids 0..n-1 once each, disjoint cpus below the <vcpu> count, "
                "distances naming existing cells",
     .fix_text = "number the cells 0..n-1, give each vCPU to one cell, fix the <sibling> ids",
     .impact = "libvirt rejects the domain (\"Exactly one 'cell' element per guest NUMA cell "
               "allowed, non-contiguous ranges or ranges not starting from 0 are not allowed\")"},
    {.id = "CPU033",
     .name = "vcpu-hotplug-granularity",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "pSeries guests add vCPUs one core at a time: the current vCPU count must be a "
                "multiple of threads",
     .fix_text = "make <vcpu current=N> a multiple of the topology's threads",
     .impact = "libvirt rejects the domain (\"vCPUs count must be a multiple of the vCPU "
               "hotplug granularity\")"},
    {.id = "CPU034",
     .name = "cpu-passthrough-tcg",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "<cpu mode='host-passthrough'> needs KVM: not with <domain type='qemu'>",
     .fix_text = "use type='kvm', or mode='maximum' under TCG",
     .impact = "libvirt rejects the domain (\"CPU mode 'host-passthrough' for x86_64 qemu "
               "domain on x86_64 host is not supported by hypervisor\")"},
    {.id = "CPU035",
     .name = "cpu-sve-lengths",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "aarch64: SVE vector lengths (sveNNN) cannot be required while sve is disabled",
     .fix_text = "drop the sveNNN features or enable sve",
     .impact = "libvirt rejects the domain (\"SVE disabled, but SVE vector lengths provided\")"},
    {.id = "CPU036",
     .name = "vcpus-need-eim",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "x86 guests with more than 255 vCPUs need a q35 machine and an IOMMU with "
                "eim='on'",
     .fix_text = "use a q35 machine with <iommu model='intel'><driver intremap='on' eim='on'/>",
     .impact = "libvirt rejects the domain (\"more than 255 vCPUs require extended interrupt "
               "mode enabled on the iommu device\")"},
    {.id = "CPU037",
     .name = "numa-node-missing",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology",
     .fix = GDN_FIX_NONE,
     .summary = "a PCI controller's <target><node> must name a guest NUMA cell",
     .fix_text = "name a cell of <cpu><numa>, or add the cell",
     .impact = "libvirt rejects the domain (\"pci-expander-bus with index 1 is configured for a "
               "NUMA node (1) not present in the domain's <cpu><numa> array (0)\")"},
    {.id = "CPU038",
     .name = "domcaps-refused",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "the host's libvirt must offer the guest's emulator, arch, machine and virt type "
                "(KVM for type='kvm')",
     .fix_text = "use a machine type, arch and accelerator the host's QEMU offers (virsh "
                 "domcapabilities)",
     .impact = "libvirt rejects the domain (\"the accel 'kvm' is not supported by "
               "'/usr/bin/qemu-system-x86_64' on this host\")"},
    {.id = "CPU039",
     .name = "cpu-mode-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "the CPU mode (and a custom model without fallback) must be one the hypervisor "
                "supports",
     .fix_text = "pick a mode (or model) that virsh domcapabilities marks supported",
     .impact = "libvirt rejects the domain (\"CPU model Westmere is not supported by "
               "hypervisor\")"},
    {.id = "CPU040",
     .name = "vcpus-exceed-machine",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream topology domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "the vCPU count must not exceed the machine type's maximum (<vcpu max> of the "
                "domain capabilities)",
     .fix_text = "lower <vcpu>, or use a machine type with a higher limit (q35)",
     .impact = "libvirt rejects the domain (\"Maximum CPUs greater than specified machine type "
               "limit\")"},
};

static void check_cache(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr cache = gdn_child(f->cpu, "cache");
    /* Non-x86 caches are CPU005's. */
    if (!cache || !gdn_guest_is_x86(f, TRUE))
        return;
    const char *mode = gdn_attr(cache, "mode");
    const char *level = gdn_attr(cache, "level");
    if (g_strcmp0(mode, "emulate") == 0 && g_strcmp0(level, "3") != 0)
        gdn_report(ck, "CPU030", cache,
                   "cache mode 'emulate' with %s%s%s: libvirt allows it only with level='3'",
                   level ? "level='" : "no level", level ? level : "", level ? "'" : "");
    else if (g_strcmp0(mode, "disable") == 0 && level)
        gdn_report(ck, "CPU030", cache,
                   "cache mode 'disable' with level='%s': libvirt rejects a level in this mode "
                   "(\"unsupported CPU cache level for mode 'disable'\")",
                   level);
}

static void check_maxphysaddr(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr addr = gdn_child(f->cpu, "maxphysaddr");
    if (!addr)
        return;
    const char *mode = gdn_attr(addr, "mode");
    const char *bits = gdn_attr(addr, "bits");
    if (!gdn_guest_is_x86(f, TRUE))
        gdn_report(ck, "CPU031", addr,
                   "<maxphysaddr> on a '%s' guest: libvirt supports it on x86 only",
                   gdn_guest_arch(f));
    else if (g_strcmp0(mode, "passthrough") == 0 && bits)
        gdn_report(ck, "CPU031", addr,
                   "maxphysaddr mode='passthrough' with bits='%s': libvirt rejects a bits number "
                   "in this mode",
                   bits);
    else if (g_strcmp0(mode, "emulate") == 0 && !bits)
        gdn_report(ck, "CPU031", addr,
                   "maxphysaddr mode='emulate' without bits: libvirt requires bits= in this mode");
}

/* Distances of one cell: <sibling id> below n, value 10 for itself only,
 * 11..255 for others (numa_conf.c). */
static void check_distances(GdnCheck *ck, xmlNodePtr cell, guint64 id, guint n)
{
    GDN_FOR_EACH_CHILD(gdn_child(cell, "distances"), "sibling", s)
    {
        guint64 sid = 0, value = 0;
        if (!gdn_attr_uint(s, "id", &sid) || sid >= n) {
            gdn_report(ck, "CPU032", s,
                       "<sibling id='%s'> of cell %" G_GUINT64_FORMAT
                       " names no cell (the guest has %u)",
                       gdn_attr(s, "id") ? gdn_attr(s, "id") : "", id, n);
            continue;
        }
        gboolean ok = gdn_attr_uint(s, "value", &value) && value >= 10 && value <= 255 &&
                      (sid == id ? value == 10 : value != 10);
        if (!ok)
            gdn_report(ck, "CPU032", s,
                       "distance value '%s' from cell %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                       " is invalid: 10 to itself only, 11..255 to others",
                       gdn_attr(s, "value") ? gdn_attr(s, "value") : "", id, sid);
    }
}

/* One cell's cpus: valid, disjoint from earlier cells, below the vCPU count. */
static void check_cell_cpus(GdnCheck *ck, const GdnFacts *f, xmlNodePtr cell, GHashTable *seen)
{
    const char *cpus = gdn_attr(cell, "cpus");
    if (!cpus)
        return;
    g_autoptr(GArray) ids = gdn_cpuset_parse(cpus);
    if (!ids) {
        gdn_report(ck, "CPU032", cell, "cell cpus='%s' is not a valid CPU list", cpus);
        return;
    }
    for (guint i = 0; i < ids->len; i++) {
        guint v = g_array_index(ids, guint, i);
        if (v >= f->vcpus) {
            gdn_report(ck, "CPU032", cell,
                       "cell cpus='%s' names vCPU %u, but <vcpu> is %u (\"CPU IDs in <numa> "
                       "exceed the <vcpu> count\")",
                       cpus, v, f->vcpus);
            return;
        }
        if (g_hash_table_contains(seen, GUINT_TO_POINTER(v + 1))) {
            gdn_report(ck, "CPU032", cell,
                       "cell cpus='%s' shares vCPU %u with an earlier cell (\"NUMA cells have "
                       "overlapping vCPU ids\")",
                       cpus, v);
            return;
        }
    }
    for (guint i = 0; i < ids->len; i++)
        g_hash_table_add(seen, GUINT_TO_POINTER(g_array_index(ids, guint, i) + 1));
}

static void check_numa(GdnCheck *ck, const GdnFacts *f)
{
    guint n = gdn_guest_numa_cells(f);
    if (n == 0)
        return;
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autofree gboolean *used = g_new0(gboolean, n);
    guint index = 0;
    GDN_FOR_EACH_CHILD(gdn_child(f->cpu, "numa"), "cell", cell)
    {
        guint64 id = index++;
        if (gdn_attr(cell, "id") && !gdn_attr_uint(cell, "id", &id))
            id = G_MAXUINT64;
        if (id >= n) {
            gdn_report(ck, "CPU032", cell,
                       "cell id='%s' with %u cells: libvirt wants ids 0..%u, one cell each "
                       "(\"Exactly one 'cell' element per guest NUMA cell allowed\")",
                       gdn_attr(cell, "id"), n, n - 1);
            continue;
        }
        if (used[id]) {
            gdn_report(ck, "CPU032", cell,
                       "cell id='%" G_GUINT64_FORMAT "' appears twice (\"Duplicate NUMA cell info "
                       "for cell id\")",
                       id);
            continue;
        }
        used[id] = TRUE;
        check_cell_cpus(ck, f, cell, seen);
        check_distances(ck, cell, id, n);
    }
}

static gboolean is_pseries(const GdnFacts *f)
{
    const char *arch = gdn_guest_arch(f);
    const char *machine = gdn_guest_machine(f);
    return arch && g_str_has_prefix(arch, "ppc64") && machine &&
           g_str_has_prefix(machine, "pseries");
}

static void check_granularity(GdnCheck *ck, const GdnFacts *f)
{
    guint64 threads = 0, current = f->vcpus;
    xmlNodePtr vcpu = gdn_child(f->root, "vcpu");
    if (!is_pseries(f) || !f->topology || !gdn_attr_uint(f->topology, "threads", &threads) ||
        threads <= 1)
        return;
    gdn_attr_uint(vcpu, "current", &current);
    if (current % threads != 0)
        gdn_report(
            ck, "CPU033", vcpu,
            "%" G_GUINT64_FORMAT " current vCPUs on a pSeries guest with threads=%" G_GUINT64_FORMAT
            ": vCPUs count must be a multiple of the vCPU hotplug granularity (%" G_GUINT64_FORMAT
            ")",
            current, threads, threads);
}

static void check_tcg_passthrough(GdnCheck *ck, const GdnFacts *f)
{
    if (f->cpu && g_strcmp0(f->type, "qemu") == 0 &&
        strcmp(gdn_guest_cpu_mode(f), "host-passthrough") == 0)
        gdn_report(ck, "CPU034", f->cpu,
                   "cpu mode 'host-passthrough' on a type='qemu' (TCG) domain: not supported by "
                   "the hypervisor without KVM");
}

static void check_sve(GdnCheck *ck, const GdnFacts *f)
{
    if (g_strcmp0(gdn_guest_arch(f), "aarch64") != 0)
        return;
    xmlNodePtr sve = gdn_child_with(f->cpu, "feature", "name", "sve");
    if (!sve || !gdn_attr_is(sve, "policy", "disable"))
        return;
    GDN_FOR_EACH_CHILD(f->cpu, "feature", feat)
    {
        const char *name = gdn_attr(feat, "name");
        if (name && g_str_has_prefix(name, "sve") && g_ascii_isdigit(name[3]) &&
            !gdn_attr_is(feat, "policy", "disable")) {
            gdn_report(ck, "CPU035", feat,
                       "feature '%s' with sve disabled: SVE disabled, but SVE vector lengths "
                       "provided",
                       name);
            return;
        }
    }
}

static void check_eim(GdnCheck *ck, const GdnFacts *f)
{
    if (f->vcpus <= 255 || !gdn_guest_is_x86(f, TRUE))
        return;
    const char *machine = gdn_guest_machine(f);
    xmlNodePtr vcpu = gdn_child(f->root, "vcpu");
    if (!machine || (strcmp(machine, "q35") != 0 && !g_str_has_prefix(machine, "pc-q35")))
        gdn_report(ck, "CPU036", vcpu,
                   "%u vCPUs on machine '%s': more than 255 vCPUs are only supported on "
                   "q35-based machine types",
                   f->vcpus, machine ? machine : "(default)");
    else if (!gdn_attr_is(gdn_path(f->devices, "iommu/driver"), "eim", "on"))
        gdn_report(ck, "CPU036", vcpu,
                   "%u vCPUs without <iommu><driver eim='on'/>: more than 255 vCPUs require "
                   "extended interrupt mode enabled on the iommu device",
                   f->vcpus);
}

static void check_controller_nodes(GdnCheck *ck, const GdnFacts *f)
{
    guint cells = gdn_guest_numa_cells(f);
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        xmlNodePtr node = gdn_path(c, "target/node");
        guint64 n = 0;
        if (!gdn_attr_is(c, "type", "pci") || !gdn_text_uint(node, &n) || n < cells)
            continue;
        gdn_report(ck, "CPU037", node,
                   "%s with index %s is configured for a NUMA node (%" G_GUINT64_FORMAT
                   ") not present in the domain's <cpu><numa> array (%u cells)",
                   gdn_attr(c, "model") ? gdn_attr(c, "model") : "pci controller",
                   gdn_attr(c, "index") ? gdn_attr(c, "index") : "?", n, cells);
    }
}

/* Facts from the domain capabilities of this guest's emulator/machine. */
static void check_domcaps(GdnCheck *ck, const GdnFacts *f)
{
    const GdnDomCaps *dc = gdn_check_domcaps(ck, FALSE);
    if (!dc)
        return;
    xmlNodePtr type = gdn_path(f->root, "os/type");
    if (dc->error) {
        gdn_report(ck, "CPU038", type ? type : f->root, "%s", dc->error);
        return;
    }
    const char *mode = gdn_guest_cpu_mode(f);
    const char *sup = f->cpu && dc->cpu_modes ? g_hash_table_lookup(dc->cpu_modes, mode) : NULL;
    g_autofree char *model = gdn_text(gdn_child(f->cpu, "model"));
    if (g_strcmp0(sup, "no") == 0)
        gdn_report(ck, "CPU039", f->cpu,
                   "CPU mode '%s' for %s %s domain is not supported by "
                   "hypervisor (domain capabilities)",
                   mode, dc->arch ? dc->arch : "this", f->type);
    else if (strcmp(mode, "custom") == 0 && model && dc->cpu_models &&
             gdn_attr_is(gdn_child(f->cpu, "model"), "fallback", "forbid") &&
             !g_hash_table_contains(dc->cpu_models, model))
        gdn_report(ck, "CPU039", gdn_child(f->cpu, "model"),
                   "CPU model %s is not supported by hypervisor (not among the domain "
                   "capabilities' custom models, and fallback='forbid')",
                   model);
    const GdnDomCaps *mc = gdn_check_domcaps(ck, TRUE);
    if (mc && mc->max_vcpus && f->vcpus > mc->max_vcpus)
        gdn_report(ck, "CPU040", gdn_child(f->root, "vcpu"),
                   "%u vCPUs: Maximum CPUs greater than specified machine type limit %u "
                   "(machine '%s')",
                   f->vcpus, mc->max_vcpus, mc->machine ? mc->machine : "default");
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_tcg_passthrough(ck, f);
    check_granularity(ck, f);
    check_eim(ck, f);
    check_controller_nodes(ck, f);
    check_domcaps(ck, f);
    if (!f->cpu)
        return;
    check_cache(ck, f);
    check_maxphysaddr(ck, f);
    check_numa(ck, f);
    check_sve(ck, f);
}

GDN_MODULE(topology_libvirt, "CPU cache, topology and guest NUMA cells libvirt rejects", FALSE,
           rules, check);

/* HV: Hyper-V enlightenments for Windows guests (seed Phase 2). */
#include "engine/rule.h"
#include "core/xmlq.h"
#include <string.h>

#define SPINLOCK_RETRIES 8191 /* the seed's value, written by the fixes */
#define SPINLOCK_MIN 4095     /* 0xfff: QEMU's advice for overcommitted hosts, libvirt's minimum */
#define VENDOR_ID_MAX 12      /* QEMU: 3 CPUID registers; libvirt rejects longer values */
#define VENDOR_ID_FIX "KVM Hv"

static const GdnRule rules[] = {
    {.id = "HV001",
     .name = "hyperv-missing",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "Windows guests need Hyper-V enlightenments: <features><hyperv mode='custom'>",
     .fix_text = "add <hyperv mode='custom'> with the seed's full set (evmcs on Intel hosts, avic "
                 "where host facts show APICv/AVIC; TCG guests get the subset QEMU runs without "
                 "KVM)",
     .impact = "matrix: VM boot time >40s -> -50% boot time"},
    {.id = "HV002",
     .name = "hyperv-relaxed",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <relaxed state='on'/> (no watchdog timeouts on a busy host)",
     .fix_text = "set <relaxed state='on'/>",
     .impact = "matrix: high CPU when idle (>10%) -> -80% idle CPU"},
    {.id = "HV003",
     .name = "hyperv-vapic",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <vapic state='on'/> (VP assist page, exit-less EOI)",
     .fix_text = "set <vapic state='on'/>",
     .impact = "seed: -40-60% interrupt latency"},
    {.id = "HV004",
     .name = "hyperv-spinlocks",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <spinlocks state='on' retries='8191'/> (retries at least 4095); not "
                "needed when every vCPU is pinned to a host CPU of its own",
     .fix_text = "set <spinlocks state='on' retries='8191'/>",
     .impact = "seed: -15-25% lock contention"},
    {.id = "HV005",
     .name = "hyperv-vpindex",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <vpindex state='on'/> (virtual processor index)",
     .fix_text = "set <vpindex state='on'/>",
     .impact = "seed: essential for multi-vCPU optimization (prerequisite of synic, tlbflush, "
               "ipi)"},
    {.id = "HV006",
     .name = "hyperv-runtime",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <runtime state='on'/> (virtual processor run time)",
     .fix_text = "set <runtime state='on'/>",
     .impact = "seed: enables guest-side optimizations (the guest sees stolen time)"},
    {.id = "HV007",
     .name = "hyperv-synic",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <synic state='on'/> (synthetic interrupt controller)",
     .fix_text = "set <synic state='on'/> (and vpindex)",
     .impact = "seed: -30-50% I/O latency"},
    {.id = "HV008",
     .name = "hyperv-stimer",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <stimer state='on'/> (synthetic timers)",
     .fix_text = "set <stimer state='on'><direct state='on'/></stimer> (and synic, vpindex, "
                 "hypervclock timer)",
     .impact = "matrix: stuttering video/animations -> smooth playback"},
    {.id = "HV009",
     .name = "hyperv-stimer-direct",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "synthetic timers should use direct mode: <stimer state='on'><direct "
                "state='on'/></stimer>",
     .fix_text = "add <direct state='on'/> to <stimer>",
     .impact = "seed: -25-40% timer delivery latency, -60-80% jitter"},
    {.id = "HV010",
     .name = "hyperv-reset",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .default_off = TRUE,
     .summary = "enable <reset state='on'/> (reset MSR)",
     .fix_text = "set <reset state='on'/>",
     .impact = "seed: clean VM reset; upstream: QEMU docs say hv-reset \"can be avoided\""},
    {.id = "HV011",
     .name = "hyperv-frequencies",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <frequencies state='on'/> (TSC/APIC frequency MSRs)",
     .fix_text = "set <frequencies state='on'/>",
     .impact = "seed: +10-20% time accuracy"},
    {.id = "HV012",
     .name = "hyperv-reenlightenment",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <reenlightenment state='on'/> (TSC change notifications)",
     .fix_text = "set <reenlightenment state='on'/>",
     .impact = "seed: migration stability (needs TSC scaling on the destination host)"},
    {.id = "HV013",
     .name = "hyperv-tlbflush",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <tlbflush state='on'/> (paravirtualized TLB shoot-down)",
     .fix_text = "set <tlbflush state='on'/> (and vpindex)",
     .impact = "seed: -15-30% TLB flush overhead"},
    {.id = "HV014",
     .name = "hyperv-ipi",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "enable <ipi state='on'/> (paravirtualized IPIs)",
     .fix_text = "set <ipi state='on'/> (and vpindex)",
     .impact = "seed: -20-35% IPI latency"},
    {.id = "HV015",
     .name = "hyperv-evmcs",
     .severity = GDN_SEV_INFO,
     .tags = "seed host",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "evmcs on Intel hosts only: Intel without evmcs -> info; AMD with evmcs -> "
                "error (QEMU refuses to start)",
     .fix_text = "Intel: set <evmcs state='on'/> (and vapic); AMD: remove <evmcs>",
     .impact = "seed: -10-15% VM-exit overhead (nested Hyper-V/VBS/WSL2 only); on AMD the VM "
               "does not start"},
    {.id = "HV016",
     .name = "hyperv-vendor-id",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "seed OPTIONAL <vendor_id state='on' value='KVM Hv'/>; a value longer than 12 "
                "characters or containing ',' is an error",
     .fix_text = "set <vendor_id state='on' value='KVM Hv'/>",
     .impact = "compatibility only, no performance effect; an invalid value is rejected by "
               "libvirt"},
    {.id = "HV017",
     .name = "hyperv-dependency",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "every enabled enlightenment needs its prerequisites (synic->vpindex, "
                "stimer->synic+hypervclock, evmcs->vapic, ...)",
     .fix_text = "enable the missing prerequisite",
     .impact = "QEMU refuses to start (libvirt 9/10 do not check)"},
    {.id = "HV018",
     .name = "hyperv-avic",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "with synic on, enable <avic state='on'/> (libvirt >= 8.10) where the host has "
                "APICv/AVIC; a safe fix only where host facts show it",
     .fix_text = "set <avic state='on'/>",
     .impact = "upstream: SynIC disables hardware APICv/AVIC unless hv-avic is on (QEMU "
               "docs/system/i386/hyperv.rst)"},
    {.id = "HV019",
     .name = "kvm-hidden",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "<kvm><hidden state='on'/> without a PCI host device (GPU) only costs features",
     .fix_text = "remove <hidden state='on'/> from <kvm>",
     .impact = "upstream: hides KVM paravirtual features from the guest; only a workaround for "
               "old NVIDIA drivers"},
    {.id = "HV020",
     .name = "vmport-off",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "disable the VMware I/O port: <vmport state='off'/>",
     .fix_text = "set <vmport state='off'/> in <features>",
     .impact = "seed template: no VMware backdoor port emulation"},
    {.id = "HV021",
     .name = "hyperv-passthrough-children",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "<hyperv mode='passthrough'> must not carry feature elements",
     .fix_text = "remove the child elements of <hyperv mode='passthrough'>",
     .impact = "upstream: libvirt's domain schema rejects the domain"},
};

/* The simple on/off enlightenments: rule -> element name. */
static const struct {
    const char *rule;
    const char *name;
} simple[] = {
    {"HV002", "relaxed"},  {"HV003", "vapic"},       {"HV005", "vpindex"},
    {"HV006", "runtime"},  {"HV007", "synic"},       {"HV008", "stimer"},
    {"HV010", "reset"},    {"HV011", "frequencies"}, {"HV012", "reenlightenment"},
    {"HV013", "tlbflush"}, {"HV014", "ipi"},
};

static gboolean is_on(xmlNodePtr n)
{
    return gdn_attr_is(n, "state", "on");
}

static gboolean feature_on(const GdnFacts *f, const char *name)
{
    return is_on(gdn_child(f->hyperv, name));
}

static gboolean is_passthrough(const GdnFacts *f)
{
    return gdn_attr_is(f->hyperv, "mode", "passthrough");
}

static const char *or_unset(const char *v)
{
    return v ? v : "unset";
}

static gboolean spinlocks_ok(xmlNodePtr s)
{
    guint64 retries;
    return is_on(s) && gdn_attr_uint(s, "retries", &retries) && retries >= SPINLOCK_MIN;
}

/* TCG (type='qemu'): QEMU refuses these without KVM ("kernel doesn't allow
 * setting HyperV VP_INDEX"), and the rest of this list depends on them;
 * evmcs and avic speed up hardware virtualization TCG does not use. */
static gboolean kvm_only(const char *name)
{
    static const char *const names[] = {"vpindex", "synic", "stimer", "tlbflush",
                                        "ipi",     "evmcs", "avic"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(name, names[i]) == 0)
            return TRUE;
    return FALSE;
}

static gboolean is_tcg(const GdnFacts *f)
{
    return g_strcmp0(f->type, "qemu") == 0;
}

/* Every vCPU pinned to one host CPU of its own: hyperv.rst advises the
 * default spinlock behaviour (never notify) when vCPUs are not preempted. */
static gboolean vcpus_dedicated(const GdnFacts *f)
{
    g_autoptr(GHashTable) cpus = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) vcpus = g_hash_table_new(g_str_hash, g_str_equal);
    GDN_FOR_EACH_CHILD(f->cputune, "vcpupin", vp)
    {
        const char *set = gdn_attr(vp, "cpuset"), *v = gdn_attr(vp, "vcpu");
        guint64 cpu;
        if (!v || !gdn_parse_uint(set, &cpu) || !g_hash_table_add(cpus, (gpointer)set))
            return FALSE; /* a range, a list or a shared CPU */
        g_hash_table_add(vcpus, (gpointer)v);
    }
    return g_hash_table_size(vcpus) == f->vcpus;
}

/* Reports a feature that is not on: at its element, or at <hyperv> when missing. */
static GdnFinding *report_off(GdnCheck *ck, const char *id, xmlNodePtr hv, const char *name)
{
    xmlNodePtr n = gdn_child(hv, name);
    GdnFinding *fd;
    if (n)
        fd = gdn_report(ck, id, n, "hyperv %s has state='%s', expected 'on'", name,
                        or_unset(gdn_attr(n, "state")));
    else
        fd = gdn_report(ck, id, hv, "hyperv %s is missing, expected <%s state='on'/>", name, name);
    return fd;
}

static void check_spinlocks(GdnCheck *ck, const GdnFacts *f, xmlNodePtr hv)
{
    xmlNodePtr s = gdn_child(hv, "spinlocks");
    GdnFinding *fd = NULL;
    const char *retries = gdn_attr(s, "retries");
    if (!is_on(s) && vcpus_dedicated(f))
        return; /* off or absent is QEMU's advice for vCPUs that are not preempted */
    if (!s)
        fd = gdn_report(ck, "HV004", hv,
                        "hyperv spinlocks is missing, expected <spinlocks state='on' "
                        "retries='%d'/>",
                        SPINLOCK_RETRIES);
    else if (!is_on(s))
        fd = gdn_report(ck, "HV004", s, "hyperv spinlocks has state='%s', expected 'on'",
                        or_unset(gdn_attr(s, "state")));
    else if (!spinlocks_ok(s))
        fd = gdn_report(ck, "HV004", s, "spinlocks retries is %s%s%s, expected at least %d",
                        retries ? "'" : "", or_unset(retries), retries ? "'" : "", SPINLOCK_MIN);
    gdn_finding_param(fd, "retries", "%d", SPINLOCK_RETRIES);
}

static void check_stimer_direct(GdnCheck *ck, xmlNodePtr hv)
{
    xmlNodePtr st = gdn_child(hv, "stimer");
    if (!is_on(st))
        return; /* HV008 covers stimer itself */
    xmlNodePtr d = gdn_child(st, "direct");
    if (!d)
        gdn_report(ck, "HV009", st, "stimer is on without <direct state='on'/>");
    else if (!is_on(d))
        gdn_report(ck, "HV009", d, "stimer direct has state='%s', expected 'on'",
                   or_unset(gdn_attr(d, "state")));
}

static void check_evmcs(GdnCheck *ck, xmlNodePtr hv)
{
    const GdnHost *host = gdn_check_host(ck);
    if (!host)
        return; /* host-aware: never guessed */
    xmlNodePtr e = gdn_child(hv, "evmcs");
    if (gdn_host_is_intel(host) && !is_on(e)) {
        GdnFinding *fd =
            e ? gdn_report(ck, "HV015", e, "Intel host: evmcs has state='%s', expected 'on'",
                           or_unset(gdn_attr(e, "state")))
              : gdn_report(ck, "HV015", hv, "Intel host: hyperv evmcs is missing");
        gdn_finding_param(fd, "action", "add");
    } else if (gdn_host_is_amd(host) && is_on(e)) {
        GdnFinding *fd = gdn_report_sev(ck, "HV015", GDN_SEV_ERROR, e,
                                        "AMD host: evmcs is on, but Enlightened VMCS is "
                                        "Intel-only and QEMU refuses to start");
        gdn_finding_param(fd, "action", "remove");
    }
}

static void check_vendor_id(GdnCheck *ck, xmlNodePtr hv)
{
    xmlNodePtr v = gdn_child(hv, "vendor_id");
    const char *value = gdn_attr(v, "value");
    GdnFinding *fd = NULL;
    if (value && strlen(value) > VENDOR_ID_MAX)
        fd = gdn_report_sev(ck, "HV016", GDN_SEV_ERROR, v,
                            "vendor_id value '%s' is %zu characters, at most %d allowed", value,
                            strlen(value), VENDOR_ID_MAX);
    else if (value && strchr(value, ','))
        fd = gdn_report_sev(ck, "HV016", GDN_SEV_ERROR, v,
                            "vendor_id value '%s' contains ',', which libvirt rejects", value);
    else if (is_on(v) && !value)
        fd = gdn_report_sev(ck, "HV016", GDN_SEV_ERROR, v,
                            "vendor_id is on without a value, which libvirt rejects");
    else if (!v)
        fd = gdn_report(ck, "HV016", hv, "hyperv vendor_id is absent (seed OPTIONAL)");
    else if (!is_on(v))
        fd = gdn_report(ck, "HV016", v, "hyperv vendor_id has state='%s' (seed OPTIONAL)",
                        or_unset(gdn_attr(v, "state")));
    gdn_finding_param(fd, "value", "%s", VENDOR_ID_FIX);
}

/* One HV017 finding per prerequisite that is off while its dependent is on. */
static void require(GdnCheck *ck, xmlNodePtr dependent, const char *dep_name, gboolean prereq_on,
                    const char *prereq, const char *prereq_label)
{
    if (!is_on(dependent) || prereq_on)
        return;
    GdnFinding *fd = gdn_report(ck, "HV017", dependent, "%s is on but %s is off", dep_name,
                                prereq_label ? prereq_label : prereq);
    gdn_finding_param(fd, "requires", "%s", prereq);
}

static void check_dependencies(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr hv = f->hyperv;
    xmlNodePtr synic = gdn_child(hv, "synic"), stimer = gdn_child(hv, "stimer"),
               tlbflush = gdn_child(hv, "tlbflush");
    gboolean vpindex = feature_on(f, "vpindex"), vapic = feature_on(f, "vapic");
    gboolean hvclock =
        gdn_attr_is(gdn_child_with(f->clock, "timer", "name", "hypervclock"), "present", "yes");

    require(ck, synic, "synic", vpindex, "vpindex", NULL);
    require(ck, stimer, "stimer", is_on(synic), "synic", NULL);
    require(ck, stimer, "stimer", hvclock, "hypervclock", "the hypervclock timer");
    require(ck, gdn_child(stimer, "direct"), "stimer direct", is_on(stimer), "stimer", NULL);
    require(ck, tlbflush, "tlbflush", vpindex, "vpindex", NULL);
    require(ck, gdn_child(hv, "ipi"), "ipi", vpindex, "vpindex", NULL);
    require(ck, gdn_child(hv, "evmcs"), "evmcs", vapic, "vapic", NULL);
    require(ck, gdn_child(tlbflush, "direct"), "tlbflush direct", vapic, "vapic", NULL);
    require(ck, gdn_child(tlbflush, "extended"), "tlbflush extended", is_on(tlbflush), "tlbflush",
            NULL);
}

static void check_passthrough_children(GdnCheck *ck, xmlNodePtr hv)
{
    g_autoptr(GString) names = g_string_new(NULL);
    guint n = 0;
    for (xmlNodePtr c = hv->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (n++ < 4)
            g_string_append_printf(names, "%s<%s>", n > 1 ? ", " : "", (const char *)c->name);
    }
    if (n == 0)
        return;
    gdn_report(ck, "HV021", hv,
               "hyperv mode='passthrough' carries %u child element%s (%s%s); libvirt's schema "
               "rejects them",
               n, n == 1 ? "" : "s", names->str, n > 4 ? ", ..." : "");
}

/* hyperv.rst: hv-avic "should not be enabled if the hardware does not
 * support APICv/AVIC" (negative effect): a fix only where host facts show it. */
static void check_avic(GdnCheck *ck, xmlNodePtr hv)
{
    const GdnHost *host = gdn_check_host(ck);
    gboolean apicv = gdn_host_has_apicv(host);
    const char *why = apicv  ? ""
                      : host ? "; host facts do not show APICv/AVIC (hv-avic without it "
                               "costs performance): enable it only on such hardware"
                             : "; without host facts APICv/AVIC is unknown (hv-avic without it "
                               "costs performance): enable it only on such hardware";
    xmlNodePtr a = gdn_child(hv, "avic");
    GdnFinding *fd =
        a ? gdn_report(ck, "HV018", a, "synic is on but avic has state='%s'%s",
                       or_unset(gdn_attr(a, "state")), why)
          : gdn_report(ck, "HV018", hv, "synic is on without <avic state='on'/>%s", why);
    if (!apicv)
        gdn_finding_set_fix(fd, GDN_FIX_NONE);
}

static void check_hyperv(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr hv = f->hyperv;
    if (is_passthrough(f)) {
        check_passthrough_children(ck, hv); /* everything else counts as on */
        return;
    }
    gboolean tcg = is_tcg(f);
    for (guint i = 0; i < G_N_ELEMENTS(simple); i++)
        if (!feature_on(f, simple[i].name) && !(tcg && kvm_only(simple[i].name)))
            report_off(ck, simple[i].rule, hv, simple[i].name);
    check_spinlocks(ck, f, hv);
    check_vendor_id(ck, hv);
    check_dependencies(ck, f);
    if (tcg)
        return;
    check_stimer_direct(ck, hv);
    check_evmcs(ck, hv);
    if (feature_on(f, "synic") && !feature_on(f, "avic"))
        check_avic(ck, hv);
}

/* Any PCI host device counts: guardian cannot tell a GPU from other PCI
 * devices, and hidden is harmless next to one. libvirt's default mode is
 * subsystem. */
static gboolean has_pci_hostdev(const GdnFacts *f)
{
    for (guint i = 0; i < f->hostdevs->len; i++) {
        xmlNodePtr h = g_ptr_array_index(f->hostdevs, i);
        const char *mode = gdn_attr(h, "mode");
        if ((!mode || strcmp(mode, "subsystem") == 0) && gdn_attr_is(h, "type", "pci"))
            return TRUE;
    }
    return FALSE;
}

/* Hyper-V enlightenments, kvm hidden and vmport exist only on x86; an unset
 * arch means the host's, assumed x86 like every other rule does. */
static gboolean is_x86(const GdnFacts *f)
{
    const char *arch = gdn_attr(gdn_child(f->os, "type"), "arch");
    return !arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    if (!is_x86(f))
        return;
    if (f->hyperv) {
        check_hyperv(ck, f);
    } else {
        /* One finding whose fix adds the full set, not one per missing child. */
        const GdnHost *host = gdn_check_host(ck);
        GdnFinding *fd = gdn_report(ck, "HV001", f->features ? f->features : f->root,
                                    "Windows guest without <hyperv> enlightenments%s",
                                    f->features ? "" : " (no <features> at all)");
        gboolean tcg = is_tcg(f);
        gdn_finding_param(fd, "evmcs", "%s", !tcg && gdn_host_is_intel(host) ? "on" : "off");
        gdn_finding_param(fd, "avic", "%s", !tcg && gdn_host_has_apicv(host) ? "on" : "off");
        gdn_finding_param(fd, "kvm", "%s", tcg ? "no" : "yes");
    }

    xmlNodePtr hidden = gdn_child(f->kvm, "hidden");
    if (is_on(hidden) && !has_pci_hostdev(f)) {
        gdn_report(ck, "HV019", hidden,
                   "kvm hidden is on but the domain has no PCI host device "
                   "(GPU) that would need it");
    }

    xmlNodePtr vmport = gdn_child(f->features, "vmport");
    if (!gdn_attr_is(vmport, "state", "off")) {
        if (vmport)
            gdn_report(ck, "HV020", vmport, "vmport has state='%s', expected 'off'",
                       or_unset(gdn_attr(vmport, "state")));
        else
            gdn_report(ck, "HV020", f->features ? f->features : f->root,
                       "no <vmport state='off'/> in <features>");
    }
}

GDN_MODULE(enlightenments, "Hyper-V enlightenments", TRUE, rules, check);

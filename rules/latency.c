/* LAT: the opt-in low-latency profile (libvirt kbase "kvm-realtime"). Every
 * rule is off by default; `--select latency` turns the profile on. */
#include "engine/rule.h"
#include "core/xmlq.h"
#include <string.h>

static const GdnRule rules[] = {
    {.id = "LAT001",
     .name = "vcpu-realtime-scheduler",
     .severity = GDN_SEV_INFO,
     .tags = "upstream latency",
     .fix = GDN_FIX_NONE,
     .default_off = TRUE,
     .summary = "pinned vCPUs of a latency-critical guest should run under a real-time "
                "scheduler: <vcpusched vcpus='...' scheduler='fifo' priority='1'/>",
     .fix_text = "none: needs a real-time host kernel and isolated host CPUs first "
                 "(isolcpus/nohz_full); then add <vcpusched> for the pinned vCPUs",
     .impact = "upstream: the host scheduler cannot preempt a vCPU for other tasks; worst-case "
               "latency drops from milliseconds to tens of microseconds (kvm-realtime)"},
    {.id = "LAT002",
     .name = "pmu-on",
     .severity = GDN_SEV_INFO,
     .tags = "upstream latency",
     .fix = GDN_FIX_UNSAFE,
     .default_off = TRUE,
     .summary = "a latency-critical guest should not virtualize the PMU: <pmu state='off'/>",
     .fix_text = "add <pmu state='off'/> to <features> (guest perf counters go away)",
     .impact = "upstream: no PMU context switched on every VM entry and exit (kvm-realtime)"},
    {.id = "LAT003",
     .name = "memory-not-locked",
     .severity = GDN_SEV_INFO,
     .tags = "upstream latency",
     .fix = GDN_FIX_NONE,
     .default_off = TRUE,
     .summary = "a latency-critical guest should lock its memory: <memoryBacking><locked/>",
     .fix_text = "none: add <locked/> together with a <memtune><hard_limit> the host can grant "
                 "(see MEM006)",
     .impact = "upstream: guest memory is never swapped or compacted away (no page-fault "
               "stalls; kvm-realtime)"},
    {.id = "LAT004",
     .name = "usb-controller-unused",
     .severity = GDN_SEV_INFO,
     .tags = "upstream latency",
     .fix = GDN_FIX_UNSAFE,
     .default_off = TRUE,
     .summary = "a latency-critical guest without USB devices needs no USB controller: "
                "<controller type='usb' model='none'/>",
     .fix_text = "set the USB controllers to one <controller type='usb' model='none'/>",
     .impact = "upstream: no emulated USB controller polling or interrupts (kvm-realtime)"},
};

static gboolean has_usb_device(const GdnFacts *f)
{
    for (xmlNodePtr c = f->devices->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        const char *bus = gdn_attr(c, "bus");
        if ((strcmp(name, "input") == 0 || strcmp(name, "disk") == 0) && g_strcmp0(bus, "usb") == 0)
            return TRUE;
        if (strcmp(name, "input") == 0 && !bus &&
            (gdn_attr_is(c, "type", "tablet") || gdn_attr_is(c, "type", "keyboard")))
            return TRUE;
        if ((strcmp(name, "hostdev") == 0 && gdn_attr_is(c, "type", "usb")) ||
            strcmp(name, "redirdev") == 0 || strcmp(name, "smartcard") == 0)
            return TRUE;
    }
    return FALSE;
}

static void check_usb(GdnCheck *ck, const GdnFacts *f)
{
    if (has_usb_device(f))
        return;
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        if (gdn_attr_is(c, "type", "usb") && !gdn_attr_is(c, "model", "none")) {
            gdn_report(ck, "LAT004", c, "USB controller '%s' without any USB device",
                       gdn_attr(c, "model") ? gdn_attr(c, "model") : "default");
            return;
        }
    }
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    if (gdn_child(f->cputune, "vcpupin") && !gdn_child(f->cputune, "vcpusched"))
        gdn_report(ck, "LAT001", f->cputune, "pinned vCPUs run under the normal host scheduler");
    xmlNodePtr pmu = gdn_child(f->features, "pmu");
    if (!gdn_attr_is(pmu, "state", "off"))
        gdn_report(ck, "LAT002", pmu ? pmu : (f->features ? f->features : f->root),
                   "the guest PMU is %s", pmu ? "on" : "on (libvirt default)");
    if (!gdn_child(f->memory_backing, "locked"))
        gdn_report(ck, "LAT003", f->memory_backing ? f->memory_backing : f->root,
                   "guest memory is not locked");
    if (f->devices)
        check_usb(ck, f);
}

GDN_MODULE(latency, "opt-in low-latency profile (kvm-realtime; default off)", FALSE, rules, check);

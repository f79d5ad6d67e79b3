/* DEV: devices and machine settings that cost host CPU without doing work
 * for the guest (beyond the seed; every rule cites its upstream source). */
#include "engine/rule.h"
#include "core/xmlq.h"
#include <stdio.h>
#include <string.h>

static const GdnRule rules[] = {
    {.id = "DEV001",
     .name = "usb-tablet-legacy-controller",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_UNSAFE,
     .summary = "a USB tablet should sit on an XHCI controller (qemu-xhci), not UHCI/EHCI",
     .fix_text = "set model='qemu-xhci' on USB controller 0 and remove its UHCI companion "
                 "controllers (the guest needs an XHCI driver: every OS since about 2010)",
     .impact = "upstream: UHCI/EHCI emulation polls the virtual tablet; QEMU recommends XHCI, "
               "which \"uses less resources (especially CPU)\" (idle host CPU falls markedly)"},
    {.id = "DEV002",
     .name = "memballoon-unusable",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_UNSAFE,
     .summary = "a memory balloon is useless with huge pages, locked memory, immediate "
                "allocation or assigned host devices: <memballoon model='none'/>",
     .fix_text = "set <memballoon model='none'/> (hosts that rely on ballooning or free page "
                 "reporting keep it)",
     .impact = "upstream: the balloon cannot return pinned or huge pages; it only costs a device, "
               "polling of its statistics and a guest driver (libvirt kbase kvm-realtime)"},
    {.id = "DEV003",
     .name = "desktop-devices-on-server",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_UNSAFE,
     .summary = "server or headless guests need no sound card or SPICE USB redirection",
     .fix_text = "remove <sound> and <redirdev type='spicevmc'> (and their <audio> backends)",
     .impact = "upstream: each emulated sound card and redirection channel is a device model "
               "and timers in QEMU that a server never uses (host CPU and attack surface)"},
    {.id = "DEV004",
     .name = "machine-type-old",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_UNSAFE,
     .summary = "versioned machine types before 5.2 keep old, slower device defaults",
     .fix_text = "set the machine to its unversioned alias ('pc' or 'q35'); libvirt expands it "
                 "to the newest version when the domain is defined",
     .impact = "upstream: machine types up to 5.1 give virtio-blk and virtio-scsi one queue "
               "instead of one per vCPU (QEMU hw/core/machine.c hw_compat_5_1)"},
};

/* USB controller models that poll (UHCI/OHCI/EHCI families). */
static gboolean usb_model_legacy(const char *model)
{
    return model && (strstr(model, "uhci") || strstr(model, "ehci") || strstr(model, "ohci"));
}

static gboolean machine_is_i440fx(const char *machine)
{
    return machine && (strcmp(machine, "pc") == 0 || g_str_has_prefix(machine, "pc-i440fx-") ||
                       g_str_has_prefix(machine, "pc-0.") || g_str_has_prefix(machine, "pc-1."));
}

static const char *machine_of(const GdnFacts *f)
{
    return gdn_attr(gdn_child(f->os, "type"), "machine");
}

/* USB controller 0, or NULL. */
static xmlNodePtr usb_controller0(const GdnFacts *f)
{
    for (guint i = 0; i < f->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(f->controllers, i);
        guint64 idx = 0;
        gdn_attr_uint(c, "index", &idx);
        if (gdn_attr_is(c, "type", "usb") && idx == 0)
            return c;
    }
    return NULL;
}

static void check_tablet(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr tablet = NULL;
    GDN_FOR_EACH_CHILD(f->devices, "input", in)
    {
        const char *bus = gdn_attr(in, "bus");
        if (gdn_attr_is(in, "type", "tablet") && (!bus || strcmp(bus, "usb") == 0)) {
            tablet = in;
            break;
        }
    }
    if (!tablet)
        return;
    xmlNodePtr usb = usb_controller0(f);
    const char *model = gdn_attr(usb, "model");
    if (usb && model && usb_model_legacy(model)) {
        gdn_report(ck, "DEV001", usb,
                   "USB tablet on a '%s' controller; qemu-xhci costs less host CPU", model);
        return;
    }
    /* No model: libvirt's default is piix3-uhci on i440fx; on other machines
     * it depends on the libvirt and QEMU versions, so it is not guessed. */
    if ((!usb || !model) && machine_is_i440fx(machine_of(f)))
        gdn_report(ck, "DEV001", usb ? usb : f->devices,
                   "USB tablet on libvirt's default i440fx controller (piix3-uhci); qemu-xhci "
                   "costs less host CPU");
}

/* Why the balloon cannot work, or NULL. */
static const char *balloon_blocker(const GdnFacts *f)
{
    xmlNodePtr mb = f->memory_backing;
    if (gdn_child(mb, "hugepages"))
        return "huge pages";
    if (gdn_child(mb, "locked"))
        return "locked memory";
    if (gdn_attr_is(gdn_child(mb, "allocation"), "mode", "immediate"))
        return "immediate allocation";
    for (guint i = 0; i < f->hostdevs->len; i++) {
        xmlNodePtr h = g_ptr_array_index(f->hostdevs, i);
        if (gdn_attr_is(h, "type", "pci") || gdn_attr_is(h, "type", "mdev"))
            return "assigned host devices (their DMA pins all guest memory)";
    }
    return NULL;
}

static gboolean arch_is_x86(const GdnFacts *f)
{
    const char *arch = gdn_attr(gdn_child(f->os, "type"), "arch");
    return !arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

static void check_balloon(GdnCheck *ck, const GdnFacts *f)
{
    const char *why = balloon_blocker(f);
    if (!why)
        return;
    xmlNodePtr mb = gdn_child(f->devices, "memballoon");
    if (mb && !gdn_attr_is(mb, "model", "none")) {
        gdn_report(ck, "DEV002", mb, "memory balloon '%s' with %s: it cannot reclaim memory",
                   gdn_attr(mb, "model") ? gdn_attr(mb, "model") : "?", why);
    } else if (!mb && arch_is_x86(f)) {
        /* libvirt adds a virtio balloon to x86 QEMU guests that declare none. */
        gdn_report(ck, "DEV002", f->devices,
                   "no <memballoon>: libvirt adds a virtio balloon, useless with %s", why);
    }
}

/* Windows Server (libosinfo win/2k3..2k22 and later), or a guest without any
 * display: no one listens to its sound card. */
static gboolean is_server(const GdnFacts *f)
{
    if (f->os_id && g_str_has_prefix(f->os_id, "http://microsoft.com/win/2k") &&
        strcmp(f->os_id, "http://microsoft.com/win/2k") != 0)
        return TRUE;
    return f->graphics->len == 0 && !gdn_child(f->devices, "video");
}

static void check_desktop(GdnCheck *ck, const GdnFacts *f)
{
    if (!is_server(f))
        return;
    const char *what = f->graphics->len == 0 ? "a headless guest" : "a Windows Server guest";
    GDN_FOR_EACH_CHILD(f->devices, "sound", s)
    gdn_report(ck, "DEV003", s, "sound card '%s' on %s",
               gdn_attr(s, "model") ? gdn_attr(s, "model") : "?", what);
    GDN_FOR_EACH_CHILD(f->devices, "redirdev", r)
    {
        if (gdn_attr_is(r, "type", "spicevmc"))
            gdn_report(ck, "DEV003", r, "SPICE USB redirection on %s", what);
    }
}

/* "pc-i440fx-2.11" / "pc-q35-5.1" -> major.minor; FALSE for other names. */
static gboolean machine_version(const char *machine, guint *major, guint *minor)
{
    const char *v = NULL;
    if (g_str_has_prefix(machine, "pc-i440fx-"))
        v = machine + strlen("pc-i440fx-");
    else if (g_str_has_prefix(machine, "pc-q35-"))
        v = machine + strlen("pc-q35-");
    else if (g_str_has_prefix(machine, "pc-0.") || g_str_has_prefix(machine, "pc-1."))
        v = machine + strlen("pc-");
    char tail;
    return v && sscanf(v, "%u.%u%c", major, minor, &tail) == 2;
}

static void check_machine(GdnCheck *ck, const GdnFacts *f)
{
    const char *machine = machine_of(f);
    guint major = 0, minor = 0;
    if (!machine || !machine_version(machine, &major, &minor))
        return;
    if (major > 5 || (major == 5 && minor >= 2))
        return;
    GdnFinding *fd =
        gdn_report(ck, "DEV004", gdn_child(f->os, "type"),
                   "machine type '%s' is older than 5.2: virtio disks get one queue", machine);
    if (fd)
        gdn_finding_param(fd, "machine", "%s", g_str_has_prefix(machine, "pc-q35-") ? "q35" : "pc");
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    if (!f->devices)
        return;
    check_tablet(ck, f);
    check_balloon(ck, f);
    check_desktop(ck, f);
    check_machine(ck, f);
}

GDN_MODULE(peripherals, "devices and machine settings that cost host CPU for nothing", FALSE, rules,
           check);

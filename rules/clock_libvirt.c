/* Timers libvirt rejects for the guest's architecture and virt type
 * (src/qemu/qemu_validate.c qemuValidateDomainDefClockTimers). A module
 * beside `clock` (which is for Windows guests only), tagged `clock`, so its
 * rule runs for every guest. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "CLK030",
     .name = "timer-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream clock",
     .fix = GDN_FIX_NONE,
     .summary = "timers must exist for the guest: tsc, kvmclock, hypervclock and hpet on x86 "
                "only, armvtimer on KVM ARM virt only, no platform timer, valid tick policies",
     .fix_text = "remove the timer (or its tickpolicy/track) the guest's architecture lacks",
     .impact = "libvirt rejects the domain (\"Configuring the 'tsc' timer is not supported for "
               "virtType=kvm arch=s390x machine=s390-ccw-virtio guests\")"},
};

static void report(GdnCheck *ck, const GdnFacts *f, xmlNodePtr t, const char *name)
{
    gdn_report(ck, "CLK030", t,
               "Configuring the '%s' timer is not supported for virtType=%s arch=%s machine=%s "
               "guests",
               name, f->type, gdn_guest_arch(f), gdn_guest_machine(f) ? gdn_guest_machine(f) : "");
}

static void check_timer(GdnCheck *ck, const GdnFacts *f, xmlNodePtr t)
{
    const char *name = gdn_attr(t, "name");
    const char *tick = gdn_attr(t, "tickpolicy");
    gboolean x86 = gdn_guest_is_x86(f, TRUE);
    gboolean present = gdn_attr_is(t, "present", "yes");
    if (!name)
        return;
    if (strcmp(name, "platform") == 0)
        gdn_report(ck, "CLK030", t, "unsupported timer type (name) 'platform'");
    else if ((strcmp(name, "tsc") == 0 || strcmp(name, "kvmclock") == 0 ||
              strcmp(name, "hypervclock") == 0) &&
             !x86 && present)
        report(ck, f, t, name);
    else if (strcmp(name, "hpet") == 0 && !x86 && present)
        gdn_report(ck, "CLK030", t, "hpet timer is not supported by this architecture ('%s')",
                   gdn_guest_arch(f));
    else if (strcmp(name, "armvtimer") == 0 &&
             (g_strcmp0(f->type, "kvm") != 0 || g_strcmp0(gdn_guest_arch(f), "aarch64") != 0 ||
              !g_str_has_prefix(gdn_guest_machine(f) ? gdn_guest_machine(f) : "", "virt")))
        report(ck, f, t, name);
    else if (strcmp(name, "rtc") == 0 &&
             (gdn_attr_is(t, "track", "boot") || g_strcmp0(tick, "merge") == 0 ||
              g_strcmp0(tick, "discard") == 0))
        gdn_report(ck, "CLK030", t, "unsupported rtc timer %s '%s'",
                   gdn_attr_is(t, "track", "boot") ? "track" : "tickpolicy",
                   gdn_attr_is(t, "track", "boot") ? "boot" : tick);
    else if (strcmp(name, "pit") == 0 && g_strcmp0(tick, "merge") == 0)
        gdn_report(ck, "CLK030", t, "unsupported pit tickpolicy 'merge'");
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    GDN_FOR_EACH_CHILD(f->clock, "timer", t)
    {
        check_timer(ck, f, t);
    }
}

GDN_MODULE(clock_libvirt, "timers libvirt rejects for the guest's architecture", FALSE, rules,
           check);

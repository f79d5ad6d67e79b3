/* CLK (Linux guests): the paravirtual clock sources a KVM Linux guest keeps
 * its time with. The Windows clock rules live in rules/clock.c. */
#include "engine/rule.h"
#include "core/xmlq.h"
#include <string.h>

static const GdnRule rules[] = {
    {.id = "CLK050",
     .name = "linux-kvmclock-disabled",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "Linux guests keep time with kvmclock: do not set <timer name='kvmclock' "
                "present='no'/>",
     .fix_text = "remove <timer name='kvmclock' present='no'/>",
     .impact = "upstream: without kvmclock (and with the HPET off) Linux falls back to the "
               "acpi_pm clocksource, whose every read is a VM exit (gettimeofday-heavy "
               "workloads slow down many times)"},
    {.id = "CLK051",
     .name = "linux-tsc-deadline-masked",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream",
     .fix = GDN_FIX_SAFE,
     .summary = "do not mask the TSC-deadline timer: <feature policy='disable' "
                "name='tsc-deadline'/>",
     .fix_text = "remove the <feature name='tsc-deadline'> that disables it",
     .impact = "upstream: without TSC-deadline the guest programs the local APIC timer in "
               "one-shot mode, one more MMIO exit per timer event"},
};

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    if (!f->is_linux)
        return;
    GDN_FOR_EACH_CHILD(f->clock, "timer", t)
    {
        if (gdn_attr_is(t, "name", "kvmclock") && gdn_attr_is(t, "present", "no"))
            gdn_report(ck, "CLK050", t, "kvmclock is disabled on a Linux guest");
    }
    GDN_FOR_EACH_CHILD(f->cpu, "feature", ft)
    {
        const char *policy = gdn_attr(ft, "policy");
        if (gdn_attr_is(ft, "name", "tsc-deadline") &&
            (g_strcmp0(policy, "disable") == 0 || g_strcmp0(policy, "forbid") == 0))
            gdn_report(ck, "CLK051", ft, "tsc-deadline is %s for a Linux guest",
                       g_strcmp0(policy, "forbid") == 0 ? "forbidden" : "disabled");
    }
}

GDN_MODULE(linuxclock, "clock sources of Linux guests (kvmclock, TSC deadline)", FALSE, rules,
           check);

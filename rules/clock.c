/* CLK: clock offset and timers for Windows guests (seed Phase 2). */
#include "engine/rule.h"
#include "core/xmlq.h"

static const GdnRule rules[] = {
    {.id = "CLK001",
     .name = "timer-hypervclock",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "Windows guests need the Hyper-V reference TSC: <timer name='hypervclock' "
                "present='yes'/>",
     .fix_text = "add <timer name='hypervclock' present='yes'/> to <clock>",
     .impact = "seed: Hyper-V reference TSC, cheap guest timekeeping; prerequisite of stimer"},
    {.id = "CLK002",
     .name = "timer-hpet",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "disable the legacy HPET timer: <timer name='hpet' present='no'/>",
     .fix_text = "set <timer name='hpet' present='no'/>",
     .impact = "seed: disable legacy HPET (fewer timer exits, lower idle CPU)"},
    {.id = "CLK003",
     .name = "timer-rtc-catchup",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "the RTC timer should use tickpolicy='catchup'",
     .fix_text = "set <timer name='rtc' tickpolicy='catchup'/>",
     .impact = "seed: missed RTC ticks are delivered faster until the guest catches up"},
    {.id = "CLK004",
     .name = "timer-pit-delay",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "the PIT timer should use tickpolicy='delay'",
     .fix_text = "set <timer name='pit' tickpolicy='delay'/>",
     .impact = "seed: missed PIT ticks are delayed, not replayed in bursts"},
    {.id = "CLK005",
     .name = "clock-localtime",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "Windows guests expect the RTC in local time: <clock offset='localtime'>",
     .fix_text = "set <clock offset='localtime'>",
     .impact = "seed: Windows keeps the RTC in local time; UTC shows a shifted clock"},
    {.id = "CLK006",
     .name = "timer-tsc-native",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .default_off = TRUE,
     .summary = "seed item <timer name='tsc' present='yes' mode='native'/> (no effect under QEMU)",
     .fix_text = "add <timer name='tsc' present='yes' mode='native'/>",
     .impact = "seed item; upstream: libvirt's QEMU driver ignores the tsc mode (no effect)"},
    {.id = "CLK007",
     .name = "invtsc-blocks-save",
     .severity = GDN_SEV_INFO,
     .tags = "upstream",
     .fix = GDN_FIX_NONE,
     .summary = "invtsc (a required CPU feature, or host-passthrough with migratable='off') "
                "without a fixed tsc frequency blocks save and migration",
     .fix_text = "set <timer name='tsc' frequency='HZ'/> to the host TSC frequency, or drop "
                 "invtsc if the guest must migrate",
     .impact = "upstream: libvirt refuses save, managedsave and migration of the domain"},
};

static xmlNodePtr timer(const GdnFacts *f, const char *name)
{
    return gdn_child_with(f->clock, "timer", "name", name);
}

/* "'value'" or "unset", for messages. */
static char *quoted(const char *v)
{
    return v ? g_strdup_printf("'%s'", v) : g_strdup("unset");
}

static void check_timers(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr where = f->clock ? f->clock : f->root;
    xmlNodePtr t = timer(f, "hypervclock");
    if (!gdn_attr_is(t, "present", "yes")) {
        if (t) {
            g_autofree char *v = quoted(gdn_attr(t, "present"));
            gdn_report(ck, "CLK001", t, "hypervclock timer present is %s, expected 'yes'", v);
        } else
            gdn_report(ck, "CLK001", where, "no hypervclock timer in <clock>");
    }
    t = timer(f, "hpet");
    if (!gdn_attr_is(t, "present", "no"))
        gdn_report(ck, "CLK002", t ? t : where, "HPET is %s, expected present='no'",
                   t ? "present" : "not disabled");
    t = timer(f, "rtc");
    if (!gdn_attr_is(t, "tickpolicy", "catchup")) {
        g_autofree char *v = quoted(gdn_attr(t, "tickpolicy"));
        gdn_report(ck, "CLK003", t ? t : where, "rtc tickpolicy is %s, expected 'catchup'", v);
    }
    t = timer(f, "pit");
    if (!gdn_attr_is(t, "tickpolicy", "delay")) {
        g_autofree char *v = quoted(gdn_attr(t, "tickpolicy"));
        gdn_report(ck, "CLK004", t ? t : where, "pit tickpolicy is %s, expected 'delay'", v);
    }
    t = timer(f, "tsc");
    if (!gdn_attr_is(t, "present", "yes") || !gdn_attr_is(t, "mode", "native")) {
        g_autofree char *v = quoted(gdn_attr(t, "mode"));
        gdn_report(ck, "CLK006", t ? t : where,
                   "tsc timer is not present='yes' mode='native' (mode is %s)", v);
    }
}

static void check_invtsc(GdnCheck *ck, const GdnFacts *f)
{
    if (gdn_attr(timer(f, "tsc"), "frequency"))
        return;
    /* host-passthrough with migratable='off' passes invtsc through without
     * naming it (CPU007's fix sets it). */
    if (gdn_attr_is(f->cpu, "mode", "host-passthrough") &&
        gdn_attr_is(f->cpu, "migratable", "off") &&
        !gdn_child_with(f->cpu, "feature", "name", "invtsc")) {
        gdn_report(ck, "CLK007", f->cpu,
                   "host-passthrough with migratable='off' passes the host's invtsc through, "
                   "but no <timer name='tsc' frequency=...> pins the TSC frequency");
        return;
    }
    GDN_FOR_EACH_CHILD(f->cpu, "feature", feat)
    {
        const char *policy = gdn_attr(feat, "policy");
        if (!gdn_attr_is(feat, "name", "invtsc") ||
            !(g_strcmp0(policy, "require") == 0 || g_strcmp0(policy, "force") == 0))
            continue;
        gdn_report(ck, "CLK007", feat,
                   "CPU feature invtsc has policy='%s' but no <timer name='tsc' "
                   "frequency=...> pins the TSC frequency",
                   policy);
    }
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    const char *offset = gdn_attr(f->clock, "offset");
    if (g_strcmp0(offset, "localtime") != 0)
        gdn_report(ck, "CLK005", f->clock ? f->clock : f->root,
                   "clock offset is '%s', expected 'localtime' for a Windows guest",
                   offset ? offset : "utc");
    check_timers(ck, f);
    check_invtsc(ck, f);
}

GDN_MODULE(clock, "clock offset and timers", TRUE, rules, check);

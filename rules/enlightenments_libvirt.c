/* Hyper-V enlightenments this QEMU/KVM does not support (domain
 * capabilities <features><hyperv>). A module beside `enlightenments`, tagged
 * `enlightenments`, for every guest that enables them. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "HV030",
     .name = "hyperv-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream enlightenments domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "every enabled Hyper-V enlightenment must be one this QEMU/KVM supports (domain "
                "capabilities <hyperv><enum name='features'>)",
     .fix_text = "turn off the enlightenments the host lacks (e.g. evmcs on AMD, avic without "
                 "APICv/AVIC)",
     .impact = "QEMU refuses to start the guest (the kernel lacks the Hyper-V capability)"},
};

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    const GdnDomCaps *dc = gdn_check_domcaps(ck, FALSE);
    /* Under TCG the list names what libvirt can pass, not what KVM lacks. */
    if (!f->hyperv || g_strcmp0(f->type, "kvm") != 0 || !dc || dc->error || dc->hyperv < 0 ||
        gdn_attr_is(f->hyperv, "mode", "passthrough"))
        return;
    if (dc->hyperv == 0) {
        gdn_report(ck, "HV030", f->hyperv,
                   "<hyperv> enlightenments, but this QEMU/KVM supports none (domain "
                   "capabilities <hyperv supported='no'/>)");
        return;
    }
    for (xmlNodePtr c = f->hyperv->children; c && dc->hyperv_features; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !gdn_attr_is(c, "state", "on") ||
            g_hash_table_contains(dc->hyperv_features, (const char *)c->name))
            continue;
        gdn_report(ck, "HV030", c,
                   "Hyper-V enlightenment '%s' is on, but this QEMU/KVM does not support it "
                   "(not in the domain capabilities' hyperv features)",
                   (const char *)c->name);
    }
}

GDN_MODULE(enlightenments_libvirt, "Hyper-V enlightenments the hypervisor lacks", FALSE, rules,
           check);

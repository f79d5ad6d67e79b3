/* I/O threads the hypervisor cannot run (src/qemu/qemu_validate.c; domain
 * capabilities <iothreads supported>). A module beside `storage`, tagged
 * `storage`; DSK010 checks iothread references. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "DSK030",
     .name = "iothreads-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream storage domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "I/O threads need a QEMU that supports them (domain capabilities "
                "<iothreads supported='yes'/>)",
     .fix_text = "remove <iothreads>/<iothreadids> and the iothread references, or use a QEMU "
                 "with I/O threads",
     .impact = "libvirt rejects the domain (\"IOThreads not supported for this QEMU\")"},
};

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    const GdnDomCaps *dc = gdn_check_domcaps(ck, FALSE);
    if (!dc || dc->error || dc->iothreads != 0 || f->n_iothreads == 0)
        return;
    xmlNodePtr where = f->iothreads ? f->iothreads : gdn_child(f->root, "iothreadids");
    gdn_report(ck, "DSK030", where,
               "%u I/O thread%s defined: IOThreads not supported for this QEMU (domain "
               "capabilities <iothreads supported='no'/>)",
               f->n_iothreads, f->n_iothreads == 1 ? "" : "s");
}

GDN_MODULE(storage_libvirt, "I/O threads the hypervisor cannot run", FALSE, rules, check);

/* Queue counts and ring sizes libvirt rejects (src/conf/domain_conf.c
 * driver parsing, src/qemu/qemu_validate.c qemuValidateDomainDeviceDefNetwork).
 * A module beside `queues`, tagged `queues`. rx_queue_size is Q005's. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "Q030",
     .name = "queues-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream queues",
     .fix = GDN_FIX_NONE,
     .summary = "a <driver queues> must be a non-negative integer",
     .fix_text = "set queues to the number of queues wanted (see Q001-Q003)",
     .impact = "libvirt rejects the domain (\"Invalid value for attribute 'queues' in element "
               "'driver': '-5'. Expected non-negative integer value\")"},
    {.id = "Q031",
     .name = "tx-queue-size-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream queues",
     .fix = GDN_FIX_NONE,
     .summary = "an interface tx_queue_size must be a power of two",
     .fix_text = "use a power of two (256, 512 or 1024)",
     .impact = "libvirt rejects the domain (\"tx_queue_size has to be a power of two\")"},
};

/* The <driver> elements that carry queues: disks, controllers, interfaces. */
static void check_queues(GdnCheck *ck, xmlNodePtr dev)
{
    xmlNodePtr drv = gdn_child(dev, "driver");
    const char *q = gdn_attr(drv, "queues");
    guint64 n;
    if (q && (!gdn_parse_uint(q, &n) || n > G_MAXUINT))
        gdn_report(ck, "Q030", drv,
                   "Invalid value for attribute 'queues' in element 'driver': '%s'. Expected "
                   "non-negative integer value",
                   q);
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    const GPtrArray *lists[] = {f->disks, f->controllers, f->interfaces};
    for (guint l = 0; l < G_N_ELEMENTS(lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
            check_queues(ck, g_ptr_array_index(lists[l], i));
    for (guint i = 0; i < f->interfaces->len; i++) {
        xmlNodePtr drv = gdn_child(g_ptr_array_index(f->interfaces, i), "driver");
        const char *tx = gdn_attr(drv, "tx_queue_size");
        guint64 n = 0;
        if (tx && (!gdn_parse_uint(tx, &n) || n == 0 || (n & (n - 1)) != 0))
            gdn_report(ck, "Q031", drv,
                       "tx_queue_size is '%s': tx_queue_size has to be a power "
                       "of two",
                       tx);
    }
}

GDN_MODULE(queues_libvirt, "queue counts and ring sizes libvirt rejects", FALSE, rules, check);

/* Device helpers shared by the storage and queues modules: how libvirt reads a
 * disk's bus and a SCSI controller's model when the XML leaves them out. */
#pragma once
#include "engine/facts.h"
#include "core/xmlq.h"
#include <string.h>

/* The disk's bus: <target bus>, else what libvirt infers from the target
 * name (virDomainDiskDefPostParse: hd* ide, sd* scsi, vd* virtio, xvd* xen,
 * ubd* uml). *inferred is set when the bus came from the name. NULL if unknown. */
static inline const char *gdn_disk_bus(xmlNodePtr disk, gboolean *inferred)
{
    xmlNodePtr target = gdn_child(disk, "target");
    const char *bus = gdn_attr(target, "bus");
    *inferred = FALSE;
    if (bus)
        return bus;
    const char *dev = gdn_attr(target, "dev");
    if (!dev)
        return NULL;
    static const struct {
        const char *prefix, *bus;
    } by_name[] = {{"hd", "ide"}, {"sd", "scsi"}, {"vd", "virtio"}, {"xvd", "xen"}, {"ubd", "uml"}};
    for (guint i = 0; i < G_N_ELEMENTS(by_name); i++)
        if (g_str_has_prefix(dev, by_name[i].prefix)) {
            *inferred = TRUE;
            return by_name[i].bus;
        }
    return NULL;
}

/* The disk's target name for messages ("sda"), or "?" */
static inline const char *gdn_disk_name(xmlNodePtr disk)
{
    const char *dev = gdn_attr(gdn_child(disk, "target"), "dev");
    return dev ? dev : "?";
}

/* virtio-scsi and its transitional variants (all virtio-scsi-pci). */
static inline gboolean gdn_scsi_model_is_virtio(const char *model)
{
    return g_strcmp0(model, "virtio-scsi") == 0 || g_strcmp0(model, "virtio-transitional") == 0 ||
           g_strcmp0(model, "virtio-non-transitional") == 0;
}

static inline gboolean gdn_is_virtio_scsi_controller(xmlNodePtr c)
{
    return gdn_attr_is(c, "type", "scsi") && gdn_scsi_model_is_virtio(gdn_attr(c, "model"));
}

/* virtio-net and its transitional variants. */
static inline gboolean gdn_is_virtio_interface(xmlNodePtr iface)
{
    const char *model = gdn_attr(gdn_child(iface, "model"), "type");
    return g_strcmp0(model, "virtio") == 0 || g_strcmp0(model, "virtio-transitional") == 0 ||
           g_strcmp0(model, "virtio-non-transitional") == 0;
}

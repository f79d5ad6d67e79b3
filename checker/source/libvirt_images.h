/* Disk image facts over -c: for each qcow2 disk of the domains read, the
 * storage volume libvirt knows at the disk's path (virStorageVolLookupByPath,
 * read-only): capacity, format and clusterSize from its XML. A disk outside
 * every storage pool has no such facts and is skipped by the rules.
 * virDomainGetBlockInfo gives the capacity only; without the cluster size
 * DSK052 would have to guess, so it is not used. */
#pragma once
#ifdef WITH_LIBVIRT
#include "source/images.h"
#include <libvirt/libvirt.h>

/* The libvirt calls used (libvirt is loaded at run time, source/libvirt.c). */
typedef struct {
    virStorageVolPtr (*lookup_by_path)(virConnectPtr conn, const char *path);
    char *(*get_xml_desc)(virStorageVolPtr vol, unsigned int flags);
    int (*free_vol)(virStorageVolPtr vol);
    void (*reset_error)(void);
} GdnLvVolApi;

/* Facts for the disks of inputs (GdnInput*), or NULL when none was found. */
GdnImages *gdn_libvirt_read_images(virConnectPtr conn, const GdnLvVolApi *api,
                                   const GPtrArray *inputs);
/* A storage volume's XML as image facts; FALSE when it lacks a capacity. */
gboolean gdn_images_add_volume_xml(GdnImages *images, const char *path, const char *xml);
#endif

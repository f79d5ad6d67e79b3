/* Live free memory per host NUMA cell over -c (virNodeGetCellsFreeMemory,
 * read-only) and the domains running at that moment: a guest that is not
 * running must find its memory free on the cells it is strictly bound to
 * (MEM036); a running one already holds it. */
#pragma once
#ifdef WITH_LIBVIRT
#include "source/host.h"
#include <libvirt/libvirt.h>

/* The libvirt calls used (libvirt is loaded at run time, source/libvirt.c). */
typedef struct {
    int (*cells_free)(virConnectPtr conn, unsigned long long *free_mem, int start, int max);
    int (*list_all)(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
    const char *(*get_name)(virDomainPtr dom);
    int (*free_dom)(virDomainPtr dom);
    void (*reset_error)(void);
} GdnLvCellsApi;

/* Fills host->cell_free_kib and host->running; both stay unknown when
 * either cannot be read. */
void gdn_libvirt_read_cells_free(virConnectPtr conn, const GdnLvCellsApi *api, GdnHost *host);
#endif

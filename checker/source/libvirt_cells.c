#ifdef WITH_LIBVIRT
#include "source/libvirt_cells.h"
#include <stdlib.h>

/* The names of the running domains, or NULL. */
static GHashTable *running_domains(virConnectPtr conn, const GdnLvCellsApi *api)
{
    virDomainPtr *doms = NULL;
    int n = api->list_all(conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (n < 0)
        return NULL;
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < n; i++) {
        const char *name = api->get_name(doms[i]);
        if (name)
            g_hash_table_add(names, g_strdup(name));
        api->free_dom(doms[i]);
    }
    free(doms);
    return names;
}

void gdn_libvirt_read_cells_free(virConnectPtr conn, const GdnLvCellsApi *api, GdnHost *host)
{
    guint n = MAX(host->n_nodes, 1);
    g_autofree unsigned long long *bytes = g_new0(unsigned long long, n);
    int got = api->cells_free(conn, bytes, 0, (int)n);
    /* Free memory without the running set would count their memory twice. */
    GHashTable *running = got > 0 ? running_domains(conn, api) : NULL;
    api->reset_error();
    if (!running)
        return;
    host->running = running;
    g_array_set_size(host->cell_free_kib, (guint)got);
    for (guint i = 0; i < (guint)got; i++)
        g_array_index(host->cell_free_kib, guint64, i) = bytes[i] / 1024;
}
#endif

#include "source/host.h"
#include "core/cpuset.h"
#include "core/xmlq.h"
#include <libxml/parser.h>

static void host_cpu_clear(gpointer p)
{
    GdnHostCpu *c = p;
    if (c->siblings)
        g_array_unref(c->siblings);
}

void gdn_host_free(GdnHost *host)
{
    if (!host)
        return;
    g_free(host->vendor);
    g_array_unref(host->cpus);
    g_array_unref(host->pages);
    if (host->cell_memory_kib)
        g_array_unref(host->cell_memory_kib);
    g_array_unref(host->node_pages);
    g_ptr_array_unref(host->features);
    if (host->cell_free_kib)
        g_array_unref(host->cell_free_kib);
    if (host->running)
        g_hash_table_unref(host->running);
    g_free(host);
}

static gint cmp_cpu(gconstpointer a, gconstpointer b)
{
    const GdnHostCpu *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static gint cmp_pages(gconstpointer a, gconstpointer b)
{
    const GdnHostPages *x = a, *y = b;
    return x->size_kib < y->size_kib ? -1 : x->size_kib > y->size_kib;
}

static GdnHostPages *pages_slot(GdnHost *host, guint64 size)
{
    for (guint i = 0; i < host->pages->len; i++) {
        GdnHostPages *p = &g_array_index(host->pages, GdnHostPages, i);
        if (p->size_kib == size)
            return p;
    }
    GdnHostPages p = {.size_kib = size};
    g_array_append_val(host->pages, p);
    return &g_array_index(host->pages, GdnHostPages, host->pages->len - 1);
}

/* Page sizes are in KiB unless unit says otherwise. */
static gboolean page_size_kib(xmlNodePtr n, guint64 *out)
{
    guint64 size;
    if (!gdn_attr_uint(n, "size", &size))
        return FALSE;
    const char *unit = gdn_attr(n, "unit");
    if (unit && g_ascii_strcasecmp(unit, "KiB") != 0 && g_ascii_strcasecmp(unit, "k") != 0) {
        if (g_ascii_strcasecmp(unit, "MiB") == 0 || g_ascii_strcasecmp(unit, "M") == 0)
            size *= 1024;
        else if (g_ascii_strcasecmp(unit, "GiB") == 0 || g_ascii_strcasecmp(unit, "G") == 0)
            size *= 1024 * 1024;
        else
            return FALSE;
    }
    *out = size;
    return TRUE;
}

/* SMT siblings are the threads of one core: a handful (SMT8 at most
 * today). A longer list is not a host; it would cost memory per CPU. */
#define HOST_MAX_SIBLINGS 256

static gboolean parse_cells(GdnHost *host, xmlNodePtr cells, const char *name, GdnInputError **err)
{
    gboolean siblings = TRUE;
    GDN_FOR_EACH_CHILD(cells, "cell", cell)
    {
        guint64 node = 0;
        gdn_attr_uint(cell, "id", &node);
        host->n_nodes++;
        guint64 mem = 0;
        if (node < 4096 && gdn_text_uint(gdn_child(cell, "memory"), &mem) &&
            g_strcmp0(gdn_attr(gdn_child(cell, "memory"), "unit"), "KiB") == 0) {
            if (host->cell_memory_kib->len <= node)
                g_array_set_size(host->cell_memory_kib, (guint)node + 1);
            g_array_index(host->cell_memory_kib, guint64, node) = mem;
        }
        GDN_FOR_EACH_CHILD(cell, "pages", pg)
        {
            guint64 size, count;
            if (page_size_kib(pg, &size) && gdn_text_uint(pg, &count)) {
                pages_slot(host, size)->pages += count;
                host->pages_counted = TRUE;
                GdnHostNodePages np = {(guint)node, size, count};
                g_array_append_val(host->node_pages, np);
            }
        }
        GDN_FOR_EACH_CHILD(gdn_child(cell, "cpus"), "cpu", c)
        {
            guint64 id, v;
            if (!gdn_attr_uint(c, "id", &id))
                continue;
            GdnHostCpu hc = {.id = (guint)id, .node = (guint)node};
            if (gdn_attr_uint(c, "socket_id", &v))
                hc.socket_id = (guint)v;
            if (gdn_attr_uint(c, "die_id", &v))
                hc.die_id = (guint)v;
            if (gdn_attr_uint(c, "core_id", &v))
                hc.core_id = (guint)v;
            const char *sib = gdn_attr(c, "siblings");
            hc.siblings = gdn_cpuset_parse_max(sib, HOST_MAX_SIBLINGS);
            g_autoptr(GArray) unbounded = hc.siblings || !sib ? NULL : gdn_cpuset_parse(sib);
            if (unbounded) {
                *err = gdn_input_error_new(name, (guint)xmlGetLineNo(c),
                                           "cpu %u lists more than %d siblings", (guint)id,
                                           HOST_MAX_SIBLINGS);
                return FALSE;
            }
            siblings = siblings && hc.siblings;
            if (!hc.siblings) {
                hc.siblings = g_array_new(FALSE, FALSE, sizeof(guint));
                g_array_append_val(hc.siblings, hc.id);
            }
            g_array_append_val(host->cpus, hc);
        }
    }
    host->siblings_known = siblings;
    return TRUE;
}

GdnHost *gdn_host_parse(const char *name, const char *xml, gsize len, GdnInputError **err)
{
    xmlDocPtr doc = gdn_xml_parse_safe(name, xml, len, err);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr hostn = gdn_child(root, "host");
    if (!xmlStrEqual(root->name, BAD_CAST "capabilities") || !hostn) {
        *err = gdn_input_error_new(name, (guint)xmlGetLineNo(root),
                                   "not a libvirt capabilities document (expected "
                                   "<capabilities><host>)");
        xmlFreeDoc(doc);
        return NULL;
    }
    GdnHost *host = g_new0(GdnHost, 1);
    host->cpus = g_array_new(FALSE, TRUE, sizeof(GdnHostCpu));
    g_array_set_clear_func(host->cpus, host_cpu_clear);
    host->pages = g_array_new(FALSE, TRUE, sizeof(GdnHostPages));
    host->cell_memory_kib = g_array_new(FALSE, TRUE, sizeof(guint64));
    host->node_pages = g_array_new(FALSE, TRUE, sizeof(GdnHostNodePages));
    host->cell_free_kib = g_array_new(FALSE, TRUE, sizeof(guint64));
    host->features = g_ptr_array_new_with_free_func(g_free);
    host->threads_per_core = 1;

    xmlNodePtr cpu = gdn_child(hostn, "cpu");
    host->vendor = gdn_text(gdn_child(cpu, "vendor"));
    guint64 threads;
    gboolean one_thread = FALSE;
    if (gdn_attr_uint(gdn_child(cpu, "topology"), "threads", &threads) && threads > 0) {
        host->threads_per_core = (guint)threads;
        one_thread = threads == 1;
    }
    GDN_FOR_EACH_CHILD(cpu, "feature", feat)
    {
        if (gdn_attr(feat, "name"))
            g_ptr_array_add(host->features, g_strdup(gdn_attr(feat, "name")));
    }
    GDN_FOR_EACH_CHILD(cpu, "pages", pg)
    {
        guint64 size;
        if (page_size_kib(pg, &size))
            pages_slot(host, size);
    }
    if (!parse_cells(host, gdn_path(hostn, "topology/cells"), name, err)) {
        gdn_host_free(host);
        xmlFreeDoc(doc);
        return NULL;
    }
    /* Without sibling lists, only a host of one thread per core says them. */
    host->siblings_known = host->siblings_known || one_thread;
    if (host->n_nodes == 0)
        host->n_nodes = 1;
    g_array_sort(host->cpus, cmp_cpu);
    g_array_sort(host->pages, cmp_pages);
    xmlFreeDoc(doc);
    return host;
}

GdnHost *gdn_host_load(const char *path, GdnInputError **err)
{
    g_autofree char *bytes = NULL;
    gsize len = 0;
    if (!gdn_read_input(path, &bytes, &len, err))
        return NULL;
    return gdn_host_parse(path, bytes, len, err);
}

gboolean gdn_host_is_amd(const GdnHost *host)
{
    return host && host->vendor &&
           (g_ascii_strcasecmp(host->vendor, "AMD") == 0 ||
            g_ascii_strcasecmp(host->vendor, "AuthenticAMD") == 0);
}

gboolean gdn_host_is_intel(const GdnHost *host)
{
    return host && host->vendor &&
           (g_ascii_strcasecmp(host->vendor, "Intel") == 0 ||
            g_ascii_strcasecmp(host->vendor, "GenuineIntel") == 0);
}

const GdnHostCpu *gdn_host_cpu(const GdnHost *host, guint id)
{
    GdnHostCpu key = {.id = id};
    guint idx;
    if (host && g_array_binary_search(host->cpus, &key, cmp_cpu, &idx))
        return &g_array_index(host->cpus, GdnHostCpu, idx);
    return NULL;
}

gboolean gdn_host_has_page_size(const GdnHost *host, guint64 size_kib)
{
    for (guint i = 0; host && i < host->pages->len; i++)
        if (g_array_index(host->pages, GdnHostPages, i).size_kib == size_kib)
            return TRUE;
    return FALSE;
}

gint64 gdn_host_pages(const GdnHost *host, guint64 size_kib)
{
    if (!host || !host->pages_counted)
        return -1;
    for (guint i = 0; i < host->pages->len; i++) {
        const GdnHostPages *p = &g_array_index(host->pages, GdnHostPages, i);
        if (p->size_kib == size_kib)
            return (gint64)p->pages;
    }
    return 0;
}

gint64 gdn_host_node_pages(const GdnHost *host, const GArray *nodes, guint64 size_kib)
{
    if (!host || !host->pages_counted || host->node_pages->len == 0 || !nodes || !nodes->len)
        return -1;
    guint64 sum = 0;
    for (guint n = 0; n < nodes->len; n++) {
        guint node = g_array_index(nodes, guint, n);
        gboolean cell = FALSE;
        for (guint i = 0; i < host->node_pages->len; i++) {
            const GdnHostNodePages *p = &g_array_index(host->node_pages, GdnHostNodePages, i);
            if (p->node != node)
                continue;
            cell = TRUE;
            if (p->size_kib == size_kib)
                sum += p->pages;
        }
        if (!cell)
            return -1; /* a node the facts do not describe */
    }
    return (gint64)sum;
}

gboolean gdn_host_topology_known(const GdnHost *host)
{
    return host && host->cpus->len > 0 && host->siblings_known;
}

gboolean gdn_host_has_feature(const GdnHost *host, const char *name)
{
    for (guint i = 0; host && i < host->features->len; i++)
        if (g_strcmp0(g_ptr_array_index(host->features, i), name) == 0)
            return TRUE;
    return FALSE;
}

gboolean gdn_host_has_apicv(const GdnHost *host)
{
    /* libvirt's CPU map names AMD's AVIC 'avic' and Intel's APICv
     * 'vmx-apicv-vid' (virtual interrupt delivery) and 'vmx-apicv-register'. */
    return gdn_host_has_feature(host, "avic") || gdn_host_has_feature(host, "vmx-apicv-vid") ||
           gdn_host_has_feature(host, "vmx-apicv-register");
}

char *gdn_host_gaps(const GdnHost *host)
{
    g_autoptr(GString) s = g_string_new(NULL);
    if (host->cpus->len == 0)
        g_string_append(s, "no CPU topology (pin plans and PIN004, PIN007-PIN009 skipped)");
    else if (!host->siblings_known)
        g_string_append(s, "no SMT siblings (pin plans and PIN004, PIN007-PIN009 skipped)");
    if (!host->vendor)
        g_string_append_printf(s, "%sno CPU vendor (HV015, CPU006 skipped)", s->len ? "; " : "");
    if (host->pages->len == 0)
        g_string_append_printf(s, "%sno page sizes (MEM002, MEM003 skipped)", s->len ? "; " : "");
    else if (!host->pages_counted)
        g_string_append_printf(s, "%sno page counts (MEM003 skipped)", s->len ? "; " : "");
    if (s->len == 0)
        return NULL;
    g_string_prepend(s, "host facts give ");
    return g_string_free(g_steal_pointer(&s), FALSE);
}

guint gdn_host_guest_threads(const GdnHost *host, guint vcpus)
{
    if (host && host->threads_per_core > 1 && vcpus % host->threads_per_core == 0)
        return host->threads_per_core;
    return 1;
}

#include "engine/facts.h"
#include "core/xmlq.h"
#include <string.h>

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

static const char *libosinfo_os_id(xmlNodePtr metadata)
{
    for (xmlNodePtr c = metadata ? metadata->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !c->ns ||
            !xmlStrEqual(c->ns->href, BAD_CAST LIBOSINFO_NS))
            continue;
        for (xmlNodePtr o = c->children; o; o = o->next)
            if (o->type == XML_ELEMENT_NODE && xmlStrEqual(o->name, BAD_CAST "os"))
                return gdn_attr(o, "id");
    }
    return NULL;
}

/* Mirrors libvirt's virScaleInteger: "b"/"bytes", or k/m/g/t/p/e followed
 * by nothing or "iB" (powers of 1024) or "B" (powers of 1000). */
gboolean gdn_scaled_to_kib(const char *value, const char *unit, guint64 *kib)
{
    guint64 v;
    if (!gdn_parse_uint(value, &v))
        return FALSE;
    if (!unit || !*unit) {
        *kib = v;
        return TRUE;
    }
    if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "bytes") == 0) {
        *kib = v / 1024;
        return TRUE;
    }
    const char *order = strchr("kmgtpe", g_ascii_tolower(unit[0]));
    if (!order || !unit[0])
        return FALSE;
    guint power = (guint)(order - "kmgtpe") + 1;
    guint64 base;
    if (unit[1] == '\0' || g_ascii_strcasecmp(unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_strcasecmp(unit + 1, "B") == 0)
        base = 1000;
    else
        return FALSE;
    /* bytes = v * base^power; KiB = bytes / 1024 */
    long double bytes = (long double)v;
    for (guint i = 0; i < power; i++)
        bytes *= base;
    if (bytes / 1024 > (long double)G_MAXUINT64)
        return FALSE;
    *kib = (guint64)(bytes / 1024);
    return TRUE;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

/* Mirrors libvirt's virDomainIOThreadIDDefArrayInit: <iothreadids> lists some
 * ids; the count in <iothreads> (raised to the list's length) is reached by
 * adding the lowest unused ids from 1 up. */
static void collect_iothreads(GdnFacts *f)
{
    guint64 n = 0;
    if (gdn_text_uint(f->iothreads, &n))
        f->n_iothreads = (guint)MIN(n, 65535);
    GDN_FOR_EACH_CHILD(gdn_child(f->root, "iothreadids"), "iothread", t)
    {
        guint64 id;
        if (gdn_attr_uint(t, "id", &id) && id > 0 && id <= G_MAXUINT) {
            guint v = (guint)id;
            g_array_append_val(f->iothread_ids, v);
        }
    }
    guint listed = f->iothread_ids->len;
    if (listed > f->n_iothreads)
        f->n_iothreads = listed;
    if (listed == f->n_iothreads)
        return;
    /* Walk the ids from 1 up against the sorted listed ids. */
    g_autoptr(GArray) sorted = g_array_copy(f->iothread_ids);
    g_array_sort(sorted, cmp_uint);
    guint j = 0;
    for (guint id = 1; f->iothread_ids->len < f->n_iothreads; id++) {
        while (j < sorted->len && g_array_index(sorted, guint, j) < id)
            j++;
        if (j < sorted->len && g_array_index(sorted, guint, j) == id)
            continue;
        g_array_append_val(f->iothread_ids, id);
    }
}

static void collect_devices(GdnFacts *f)
{
    for (xmlNodePtr c = f->devices ? f->devices->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->ns)
            continue;
        const char *n = (const char *)c->name;
        if (strcmp(n, "disk") == 0) {
            const char *dev = gdn_attr(c, "device");
            if (!dev || strcmp(dev, "disk") == 0)
                g_ptr_array_add(f->disks, c);
        } else if (strcmp(n, "controller") == 0) {
            g_ptr_array_add(f->controllers, c);
        } else if (strcmp(n, "interface") == 0) {
            g_ptr_array_add(f->interfaces, c);
        } else if (strcmp(n, "video") == 0) {
            g_ptr_array_add(f->videos, c);
        } else if (strcmp(n, "graphics") == 0) {
            g_ptr_array_add(f->graphics, c);
        } else if (strcmp(n, "hostdev") == 0) {
            g_ptr_array_add(f->hostdevs, c);
        } else if (strcmp(n, "filesystem") == 0) {
            g_ptr_array_add(f->filesystems, c);
        }
    }
}

/* libosinfo ids of the OS families that are not Linux; every other id of a
 * known vendor (debian.org, fedoraproject.org, redhat.com, ubuntu.com,
 * libosinfo.org/linux, ...) names a Linux distribution. */
gboolean gdn_os_id_is_linux(const char *os_id)
{
    static const char *const not_linux[] = {
        "http://microsoft.com/",     "http://freebsd.org/",       "http://netbsd.org/",
        "http://openbsd.org/",       "http://dragonflybsd.org/",  "http://apple.com/",
        "http://oracle.com/solaris", "http://sun.com/",           "http://haiku-os.org/",
        "http://reactos.org/",       "http://novell.com/netware", "http://libosinfo.org/unknown",
    };
    if (!os_id || !g_str_has_prefix(os_id, "http"))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(not_linux); i++)
        if (g_str_has_prefix(os_id, not_linux[i]))
            return FALSE;
    return TRUE;
}

GdnFacts *gdn_facts_new(xmlNodePtr root, GdnGuestMode guest)
{
    GdnFacts *f = g_new0(GdnFacts, 1);
    f->root = root;
    f->type = gdn_attr(root, "type");
    f->is_qemu = g_strcmp0(f->type, "kvm") == 0 || g_strcmp0(f->type, "qemu") == 0;
    /* The first child of each name, as gdn_child finds it, in one pass. */
    xmlNodePtr metadata = NULL, vcpu = NULL, mem = NULL;
    struct {
        const char *name;
        xmlNodePtr *slot;
    } const wanted[] = {
        {"os", &f->os},
        {"features", &f->features},
        {"clock", &f->clock},
        {"cpu", &f->cpu},
        {"cputune", &f->cputune},
        {"numatune", &f->numatune},
        {"iothreads", &f->iothreads},
        {"memoryBacking", &f->memory_backing},
        {"memtune", &f->memtune},
        {"devices", &f->devices},
        {"metadata", &metadata},
        {"vcpu", &vcpu},
        {"memory", &mem},
    };
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->ns)
            continue;
        for (guint i = 0; i < G_N_ELEMENTS(wanted); i++) {
            if (!*wanted[i].slot && strcmp((const char *)c->name, wanted[i].name) == 0) {
                *wanted[i].slot = c;
                break;
            }
        }
    }
    f->hyperv = gdn_child(f->features, "hyperv");
    f->kvm = gdn_child(f->features, "kvm");
    f->topology = gdn_child(f->cpu, "topology");
    f->os_id = libosinfo_os_id(metadata);

    switch (guest) {
    case GDN_GUEST_WINDOWS:
        f->is_windows = TRUE;
        break;
    case GDN_GUEST_LINUX:
        f->is_windows = FALSE;
        f->is_linux = TRUE;
        break;
    case GDN_GUEST_AUTO:
        /* A libosinfo id decides (virt-install adds <hyperv> to some Linux
         * guests too); <hyperv> marks Windows only without one. */
        f->is_windows =
            f->os_id ? g_str_has_prefix(f->os_id, "http://microsoft.com/win") : f->hyperv != NULL;
        f->is_linux = !f->is_windows && gdn_os_id_is_linux(f->os_id);
        break;
    }

    guint64 v = 1;
    if (!gdn_text_uint(vcpu, &v) || v == 0)
        v = 1;
    f->vcpus = (guint)MIN(v, 16384);
    f->q = MIN(f->vcpus, 8);

    if (mem) {
        g_autofree char *t = gdn_text(mem);
        if (!gdn_scaled_to_kib(t, gdn_attr(mem, "unit"), &f->memory_kib))
            f->memory_kib = 0;
    }

    f->iothread_ids = g_array_new(FALSE, FALSE, sizeof(guint));
    collect_iothreads(f);
    f->disks = g_ptr_array_new();
    f->controllers = g_ptr_array_new();
    f->interfaces = g_ptr_array_new();
    f->videos = g_ptr_array_new();
    f->graphics = g_ptr_array_new();
    f->hostdevs = g_ptr_array_new();
    f->filesystems = g_ptr_array_new();
    collect_devices(f);
    return f;
}

void gdn_facts_free(GdnFacts *f)
{
    if (!f)
        return;
    g_array_unref(f->iothread_ids);
    g_ptr_array_unref(f->disks);
    g_ptr_array_unref(f->controllers);
    g_ptr_array_unref(f->interfaces);
    g_ptr_array_unref(f->videos);
    g_ptr_array_unref(f->graphics);
    g_ptr_array_unref(f->hostdevs);
    g_ptr_array_unref(f->filesystems);
    g_free(f);
}

xmlNodePtr gdn_facts_disk_controller(const GdnFacts *facts, xmlNodePtr disk, const char *type)
{
    xmlNodePtr addr = gdn_child(disk, "address");
    guint64 idx = 0;
    if (addr && gdn_attr_is(addr, "type", "drive"))
        gdn_attr_uint(addr, "controller", &idx);
    for (guint i = 0; i < facts->controllers->len; i++) {
        xmlNodePtr c = g_ptr_array_index(facts->controllers, i);
        guint64 ci = 0;
        gdn_attr_uint(c, "index", &ci);
        if (gdn_attr_is(c, "type", type) && ci == idx)
            return c;
    }
    return NULL;
}

gboolean gdn_facts_has_iothread(const GdnFacts *facts, guint id)
{
    for (guint i = 0; i < facts->iothread_ids->len; i++)
        if (g_array_index(facts->iothread_ids, guint, i) == id)
            return TRUE;
    return FALSE;
}

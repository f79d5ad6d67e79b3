#ifdef WITH_LIBVIRT
#include "source/libvirt_images.h"
#include "core/document.h"
#include "core/xmlq.h"
#include "engine/facts.h"
#include "source/inputs.h"
#include <string.h>

/* A scaled value in bytes: libvirt writes unit='bytes' (capacity) and 'B'
 * (clusterSize); other units go through KiB. */
static gboolean bytes_of(xmlNodePtr node, guint64 *out)
{
    g_autofree char *text = gdn_text(node);
    const char *unit = gdn_attr(node, "unit");
    guint64 kib;
    if (!text)
        return FALSE;
    if (!unit || g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "bytes") == 0)
        return gdn_parse_uint(text, out);
    if (!gdn_scaled_to_kib(text, unit, &kib) || kib > G_MAXUINT64 / 1024)
        return FALSE;
    *out = kib * 1024;
    return TRUE;
}

gboolean gdn_images_add_volume_xml(GdnImages *images, const char *path, const char *xml)
{
    g_autoptr(GdnInputError) err = NULL;
    xmlDocPtr doc = gdn_xml_parse_safe(path, xml, strlen(xml), &err);
    if (!doc)
        return FALSE;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    guint64 capacity, cluster = 0;
    gboolean ok = bytes_of(gdn_child(root, "capacity"), &capacity);
    if (ok) {
        xmlNodePtr target = gdn_child(root, "target");
        if (!bytes_of(gdn_child(target, "clusterSize"), &cluster))
            cluster = 0;
        gdn_images_add(images, path, gdn_attr(gdn_child(target, "format"), "type"), capacity,
                       cluster, gdn_path(target, "features/extended_l2") != NULL);
    }
    xmlFreeDoc(doc);
    return ok;
}

/* The paths of a domain's qcow2 disks. */
static void qcow2_paths(const char *xml, GHashTable *paths)
{
    g_autoptr(GdnInputError) err = NULL;
    xmlDocPtr doc = gdn_xml_parse_safe("domain", xml, strlen(xml), &err);
    if (!doc)
        return;
    GDN_FOR_EACH_CHILD(gdn_child(xmlDocGetRootElement(doc), "devices"), "disk", disk)
    {
        xmlNodePtr src = gdn_child(disk, "source");
        const char *path = gdn_attr(src, "file") ? gdn_attr(src, "file") : gdn_attr(src, "dev");
        if (path && gdn_attr_is(gdn_child(disk, "driver"), "type", "qcow2"))
            g_hash_table_add(paths, g_strdup(path));
    }
    xmlFreeDoc(doc);
}

GdnImages *gdn_libvirt_read_images(virConnectPtr conn, const GdnLvVolApi *api,
                                   const GPtrArray *inputs)
{
    g_autoptr(GHashTable) paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < inputs->len; i++)
        qcow2_paths(((const GdnInput *)g_ptr_array_index(inputs, i))->xml, paths);
    g_autoptr(GdnImages) images = gdn_images_new();
    GHashTableIter it;
    gpointer path;
    g_hash_table_iter_init(&it, paths);
    while (g_hash_table_iter_next(&it, &path, NULL)) {
        /* Not in a pool, or not allowed: no facts for this disk. */
        virStorageVolPtr vol = api->lookup_by_path(conn, path);
        char *xml = vol ? api->get_xml_desc(vol, 0) : NULL;
        if (xml)
            gdn_images_add_volume_xml(images, path, xml);
        free(xml);
        if (vol)
            api->free_vol(vol);
        api->reset_error();
    }
    return gdn_images_count(images) ? g_steal_pointer(&images) : NULL;
}
#endif

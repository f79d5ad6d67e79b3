/* Disk image facts: a qcow2 image's virtual size and cluster layout, keyed by
 * the path a domain's <source file=...> names. From `qemu-img info
 * --output=json IMAGE` files (--image-info FILE|DIR) or, over -c, read live
 * from libvirt. Rules that need an image's facts skip the disk without them,
 * never guessed (guardian opens no image itself: it reads only the inputs it
 * is given). */
#pragma once
#include <glib.h>

typedef struct {
    char *path;
    char *format;         /* "qcow2", "raw", ...; NULL unknown */
    guint64 virtual_size; /* bytes */
    guint64 cluster_size; /* bytes; 0 unknown */
    gboolean extended_l2; /* qcow2 subclusters: twice the L2 metadata */
} GdnImageInfo;

typedef struct GdnImages GdnImages;

GdnImages *gdn_images_new(void);
void gdn_images_free(GdnImages *images);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnImages, gdn_images_free)

/* Adds the images of `qemu-img info --output=json` text (one object, or the
 * array --backing-chain prints); FALSE with "name: reason" otherwise. */
gboolean gdn_images_parse(GdnImages *images, const char *name, const char *json, gsize len,
                          GError **error);
/* A qemu-img JSON file, or every *.json file of a directory. */
gboolean gdn_images_load(GdnImages *images, const char *path, GError **error);
/* Facts read elsewhere (libvirt); the last one given for a path wins. */
void gdn_images_add(GdnImages *images, const char *path, const char *format, guint64 virtual_size,
                    guint64 cluster_size, gboolean extended_l2);
const GdnImageInfo *gdn_images_find(const GdnImages *images, const char *path);
guint gdn_images_count(const GdnImages *images);

/* Domain facts computed once per document and shared by every rule. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

typedef enum { GDN_GUEST_AUTO = 0, GDN_GUEST_WINDOWS, GDN_GUEST_LINUX } GdnGuestMode;

typedef struct {
    xmlNodePtr root;
    const char *type;    /* <domain type=...> */
    gboolean is_qemu;    /* type kvm or qemu: the only ones guardian checks */
    gboolean is_windows; /* from --guest, libosinfo metadata, or <hyperv> */
    gboolean is_linux;   /* from --guest linux or a libosinfo id of a Linux OS; else unknown */
    const char *os_id;   /* libosinfo os id, or NULL */
    guint vcpus;         /* maximum vCPUs (<vcpu> text), >= 1 */
    guint q;             /* seed queue count: min(vcpus, 8) */
    guint64 memory_kib;  /* <memory>, 0 if absent */
    xmlNodePtr os, features, hyperv, kvm, clock, cpu, topology, cputune, numatune, iothreads,
        memory_backing, memtune, devices;
    guint n_iothreads;      /* <iothreads> count */
    GArray *iothread_ids;   /* guint: ids defined by <iothreads>/<iothreadids> */
    GPtrArray *disks;       /* <disk device='disk'> */
    GPtrArray *controllers; /* every <controller> */
    GPtrArray *interfaces, *videos, *graphics, *hostdevs, *filesystems;
} GdnFacts;

GdnFacts *gdn_facts_new(xmlNodePtr root, GdnGuestMode guest);
void gdn_facts_free(GdnFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnFacts, gdn_facts_free)

/* TRUE for a libosinfo id that names a Linux distribution. */
gboolean gdn_os_id_is_linux(const char *os_id);
/* Converts value+unit (libvirt's scaled integers) to KiB; FALSE if invalid. */
gboolean gdn_scaled_to_kib(const char *value, const char *unit, guint64 *kib);
/* The controller a disk sits on (<address controller=N>, default 0), or NULL. */
xmlNodePtr gdn_facts_disk_controller(const GdnFacts *facts, xmlNodePtr disk, const char *type);
/* TRUE when an iothread id is defined by <iothreads>/<iothreadids>. */
gboolean gdn_facts_has_iothread(const GdnFacts *facts, guint id);

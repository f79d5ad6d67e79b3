/* Domain capabilities as host facts: what one emulator/arch/machine/virt type
 * supports (`virsh domcapabilities` output, a file or read over -c with
 * virConnectGetDomainCapabilities). Rules that need them are skipped
 * without them, never guessed; each fact is unknown (NULL / -1 / 0) when the
 * document does not say. */
#pragma once
#include "core/document.h"
#include <glib.h>

typedef struct {
    char *emulator, *virt_type, *machine, *arch; /* as the document gives them */
    char *requested_machine; /* over -c: the guest machine they were asked for */
    char *error;             /* over -c: libvirt refused the emulator/arch/machine/type */
    guint max_vcpus;         /* 0: unknown */
    gint iothreads;          /* -1 unknown, 0 unsupported, 1 supported */
    GHashTable *cpu_modes;   /* mode name -> "yes"/"no" */
    GHashTable *cpu_models;  /* custom model -> usable ("yes", "no", "unknown"); NULL unknown */
    GHashTable *video_models, *graphics_types; /* sets; NULL unknown */
    gint hyperv;                               /* -1 unknown, 0 unsupported, 1 supported */
    GHashTable *hyperv_features;               /* set; NULL unknown */
} GdnDomCaps;

GdnDomCaps *gdn_domcaps_parse(const char *name, const char *xml, gsize len, GdnInputError **err);
GdnDomCaps *gdn_domcaps_load(const char *path, GdnInputError **err);
/* Capabilities that could not be read: libvirt's reason (over -c). */
GdnDomCaps *gdn_domcaps_new_error(const char *emulator, const char *arch, const char *machine,
                                  const char *virt_type, const char *error);
void gdn_domcaps_free(GdnDomCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnDomCaps, gdn_domcaps_free)

/* The capabilities (from caps, GdnDomCaps*) that describe a guest of this
 * virt type, arch, machine and emulator (NULL when unset), or NULL. With
 * need_machine, only ones read for that machine (or its alias: pc, q35). */
const GdnDomCaps *gdn_domcaps_find(const GPtrArray *caps, const char *virt_type, const char *arch,
                                   const char *machine, const char *emulator,
                                   gboolean need_machine);

/* Small guest-definition queries shared by the modules that check what
 * libvirt rejects (rules/..._libvirt.c): guest arch, machine, CPU mode and
 * guest NUMA cells, read the way libvirt's parser reads them. */
#pragma once
#include "core/cpuset.h"
#include "core/xmlq.h"
#include "engine/facts.h"
#include <string.h>

/* <os><type arch>, or NULL when unset (libvirt then picks the host's). */
static inline const char *gdn_guest_arch(const GdnFacts *f)
{
    return gdn_attr(gdn_path(f->root, "os/type"), "arch");
}

/* TRUE for x86 guests; an unset arch counts as x86 only when unknown is. */
static inline gboolean gdn_guest_is_x86(const GdnFacts *f, gboolean unknown)
{
    const char *arch = gdn_guest_arch(f);
    if (!arch)
        return unknown;
    return strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

static inline const char *gdn_guest_machine(const GdnFacts *f)
{
    return gdn_attr(gdn_path(f->root, "os/type"), "machine");
}

/* <cpu> without mode is mode='custom'. */
static inline const char *gdn_guest_cpu_mode(const GdnFacts *f)
{
    const char *mode = gdn_attr(f->cpu, "mode");
    return mode ? mode : "custom";
}

/* The guest NUMA cells (<cpu><numa><cell>), 0 without them. */
static inline guint gdn_guest_numa_cells(const GdnFacts *f)
{
    guint n = 0;
    GDN_FOR_EACH_CHILD(gdn_child(f->cpu, "numa"), "cell", c)
    {
        n++;
    }
    return n;
}

/* A cpuset/nodeset attribute as ids; NULL when absent or invalid. */
static inline GArray *gdn_attr_cpuset(xmlNodePtr node, const char *attr)
{
    return gdn_cpuset_parse(gdn_attr(node, attr));
}

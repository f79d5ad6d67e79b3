#include "source/domcaps.h"
#include "core/xmlq.h"
#include <string.h>

void gdn_domcaps_free(GdnDomCaps *c)
{
    if (!c)
        return;
    g_free(c->emulator);
    g_free(c->virt_type);
    g_free(c->machine);
    g_free(c->arch);
    g_free(c->requested_machine);
    g_free(c->error);
    GHashTable *sets[] = {c->cpu_modes, c->cpu_models, c->video_models, c->graphics_types,
                          c->hyperv_features};
    for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
        if (sets[i])
            g_hash_table_unref(sets[i]);
    g_free(c);
}

static GHashTable *new_set(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* supported='yes'|'no' of node: 1, 0, or -1 when absent. */
static gint supported(xmlNodePtr node)
{
    const char *s = gdn_attr(node, "supported");
    return !s ? -1 : strcmp(s, "yes") == 0 ? 1 : 0;
}

/* The <value>s of <enum name=NAME> under node: a set, empty when the
 * element is unsupported, NULL when the document does not say. */
static GHashTable *enum_values(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    xmlNodePtr e = gdn_child_with(node, "enum", "name", name);
    if (!e && supported(node) != 0)
        return NULL;
    GHashTable *set = new_set();
    GDN_FOR_EACH_CHILD(e, "value", v)
    {
        char *t = gdn_text(v);
        if (t)
            g_hash_table_replace(set, t, g_strdup("yes"));
    }
    return set;
}

static void parse_cpu(GdnDomCaps *c, xmlNodePtr cpu)
{
    if (!cpu)
        return;
    c->cpu_modes = new_set();
    GDN_FOR_EACH_CHILD(cpu, "mode", m)
    {
        const char *name = gdn_attr(m, "name");
        if (!name)
            continue;
        g_hash_table_replace(c->cpu_modes, g_strdup(name),
                             g_strdup(supported(m) == 0 ? "no" : "yes"));
        if (strcmp(name, "custom") != 0 || supported(m) == 0)
            continue;
        c->cpu_models = new_set();
        GDN_FOR_EACH_CHILD(m, "model", model)
        {
            char *t = gdn_text(model);
            const char *usable = gdn_attr(model, "usable");
            if (t)
                g_hash_table_replace(c->cpu_models, t, g_strdup(usable ? usable : "unknown"));
        }
    }
}

GdnDomCaps *gdn_domcaps_parse(const char *name, const char *xml, gsize len, GdnInputError **err)
{
    xmlDocPtr doc = gdn_xml_parse_safe(name, xml, len, err);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!xmlStrEqual(root->name, BAD_CAST "domainCapabilities")) {
        *err = gdn_input_error_new(name, (guint)xmlGetLineNo(root),
                                   "not a libvirt domain capabilities document (expected "
                                   "<domainCapabilities>, the output of virsh domcapabilities)");
        xmlFreeDoc(doc);
        return NULL;
    }
    GdnDomCaps *c = g_new0(GdnDomCaps, 1);
    c->emulator = gdn_text(gdn_child(root, "path"));
    c->virt_type = gdn_text(gdn_child(root, "domain"));
    c->machine = gdn_text(gdn_child(root, "machine"));
    c->arch = gdn_text(gdn_child(root, "arch"));
    guint64 max = 0;
    if (gdn_attr_uint(gdn_child(root, "vcpu"), "max", &max) && max <= G_MAXUINT)
        c->max_vcpus = (guint)max;
    c->iothreads = supported(gdn_child(root, "iothreads"));
    parse_cpu(c, gdn_child(root, "cpu"));
    c->video_models = enum_values(gdn_path(root, "devices/video"), "modelType");
    c->graphics_types = enum_values(gdn_path(root, "devices/graphics"), "type");
    xmlNodePtr hv = gdn_path(root, "features/hyperv");
    c->hyperv = supported(hv);
    c->hyperv_features = c->hyperv == 1 ? enum_values(hv, "features") : NULL;
    xmlFreeDoc(doc);
    return c;
}

GdnDomCaps *gdn_domcaps_load(const char *path, GdnInputError **err)
{
    g_autofree char *bytes = NULL;
    gsize len = 0;
    if (!gdn_read_input(path, &bytes, &len, err))
        return NULL;
    return gdn_domcaps_parse(path, bytes, len, err);
}

GdnDomCaps *gdn_domcaps_new_error(const char *emulator, const char *arch, const char *machine,
                                  const char *virt_type, const char *error)
{
    GdnDomCaps *c = g_new0(GdnDomCaps, 1);
    c->emulator = g_strdup(emulator);
    c->arch = g_strdup(arch);
    c->requested_machine = g_strdup(machine);
    c->virt_type = g_strdup(virt_type);
    c->error = g_strdup(error);
    c->iothreads = c->hyperv = -1;
    return c;
}

/* machine names the same machine as caps_machine (libvirt's canonical name). */
static gboolean same_machine(const char *machine, const char *caps_machine)
{
    if (!machine || !caps_machine)
        return FALSE;
    if (strcmp(machine, caps_machine) == 0)
        return TRUE;
    return (strcmp(machine, "pc") == 0 && g_str_has_prefix(caps_machine, "pc-i440fx-")) ||
           (strcmp(machine, "q35") == 0 && g_str_has_prefix(caps_machine, "pc-q35-"));
}

static gboolean differs(const char *a, const char *b)
{
    return a && b && strcmp(a, b) != 0;
}

const GdnDomCaps *gdn_domcaps_find(const GPtrArray *caps, const char *virt_type, const char *arch,
                                   const char *machine, const char *emulator, gboolean need_machine)
{
    for (guint i = 0; caps && i < caps->len; i++) {
        const GdnDomCaps *c = g_ptr_array_index(caps, i);
        if (differs(virt_type, c->virt_type) || differs(arch, c->arch) ||
            differs(emulator, c->emulator))
            continue;
        /* Read over -c for one guest machine: only for that machine. */
        if (c->error || c->requested_machine) {
            if (g_strcmp0(machine, c->requested_machine) == 0)
                return c;
            continue;
        }
        if (!need_machine || !machine || same_machine(machine, c->machine))
            return c;
    }
    return NULL;
}

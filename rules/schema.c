/* libvirt's domain schema (`check --schema`): what virt-xml-validate reports,
 * as one error rule at the element the schema names, so one run gives the
 * schema's verdict and guardian's. */
#include "engine/rule.h"
#include "core/xmlq.h"

static const GdnRule rules[] = {
    {.id = "SCH001",
     .name = "schema-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream",
     .fix = GDN_FIX_NONE,
     .needs_schema = TRUE,
     .summary = "the domain must validate against libvirt's domain.rng (with --schema)",
     .fix_text = "correct the element the schema names (see formatdomain)",
     .impact = "libvirt rejects the domain with VIR_DOMAIN_DEFINE_VALIDATE (virsh define "
               "--validate, virt-xml-validate), and may ignore what it does not know"},
};

typedef struct {
    GdnCheck *ck;
    xmlNodePtr root;
    GHashTable *seen; /* "path\nmessage": libxml2 repeats itself */
} Ctx;

static void on_violation(gpointer data, xmlNodePtr node, const char *message)
{
    Ctx *c = data;
    while (node && node->type != XML_ELEMENT_NODE)
        node = node->parent;
    gboolean named = node && node->doc == c->root->doc;
    if (!named)
        node = c->root;
    g_autofree char *path = gdn_node_path(node);
    char *key = g_strconcat(path, "\n", message, NULL);
    if (!g_hash_table_add(c->seen, key))
        return;
    if (node == c->root && !named)
        gdn_report(c->ck, "SCH001", node, "%s (libvirt's domain.rng)", message);
    else
        gdn_report(c->ck, "SCH001", node, "element %s: %s (libvirt's domain.rng)",
                   (const char *)node->name, message);
}

static void check(GdnCheck *ck)
{
    const GdnSchema *schema = gdn_check_schema(ck);
    if (!schema || !gdn_check_wants(ck, "SCH001"))
        return;
    const GdnDoc *doc = gdn_check_doc(ck);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    Ctx c = {ck, gdn_check_facts(ck)->root, seen};
    if (!gdn_schema_validate(schema, doc->xml, on_violation, &c) && g_hash_table_size(seen) == 0)
        gdn_report(ck, "SCH001", c.root, "the domain does not validate (libvirt's domain.rng)");
}

GDN_MODULE(schema, "libvirt's domain schema (--schema)", FALSE, rules, check);

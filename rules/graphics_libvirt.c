/* Video devices and GL displays libvirt rejects (src/conf/domain_validate.c
 * virDomainDefVideoValidate, src/qemu/qemu_validate.c
 * qemuValidateDomainDefGraphics / qemuValidateDomainDeviceDefVideo). A module
 * beside `graphics`, tagged `graphics`. */
#include "engine/rule.h"
#include "rules/guestdef.h"

static const GdnRule rules[] = {
    {.id = "GPU030",
     .name = "video-primary-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream graphics",
     .fix = GDN_FIX_NONE,
     .summary = "at most one primary video device; a 'none' video must be the only one",
     .fix_text = "keep primary='yes' on one video device; drop the other devices or the 'none' one",
     .impact = "libvirt rejects the domain (\"Only one primary video device is supported\")"},
    {.id = "GPU031",
     .name = "egl-headless-invalid",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream graphics",
     .fix = GDN_FIX_NONE,
     .summary = "egl-headless pairs only with VNC or SPICE, and never with another GL display",
     .fix_text = "pair egl-headless with VNC (or SPICE without <gl>), or drop it",
     .impact = "libvirt rejects the domain (\"multiple OpenGL displays are not supported by "
               "QEMU\")"},
    {.id = "GPU032",
     .name = "ramfb-address",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream graphics",
     .fix = GDN_FIX_NONE,
     .summary = "a ramfb video device takes no <address>",
     .fix_text = "remove the <address> of the ramfb video device",
     .impact = "libvirt rejects the domain (\"address not supported for video type ramfb\")"},
    {.id = "GPU033",
     .name = "display-unsupported",
     .severity = GDN_SEV_ERROR,
     .tags = "upstream graphics domcaps",
     .fix = GDN_FIX_NONE,
     .needs_domcaps = TRUE,
     .summary = "video models and graphics types must be ones this QEMU offers (domain "
                "capabilities)",
     .fix_text = "use a video model and display type that virsh domcapabilities lists",
     .impact = "libvirt rejects the domain (\"missing video model and cannot determine "
               "default\")"},
};

static void check_videos(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr primary = NULL;
    for (guint i = 0; i < f->videos->len; i++) {
        xmlNodePtr video = g_ptr_array_index(f->videos, i);
        xmlNodePtr model = gdn_child(video, "model");
        if (gdn_attr_is(model, "type", "none") && f->videos->len > 1)
            gdn_report(ck, "GPU030", model,
                       "video type 'none' beside %u other video device%s: a 'none' video type "
                       "must be the only video device defined for the domain",
                       f->videos->len - 1, f->videos->len == 2 ? "" : "s");
        if (gdn_attr_is(model, "primary", "yes")) {
            if (primary)
                gdn_report(ck, "GPU030", model,
                           "a second video device with primary='yes': Only one primary video "
                           "device is supported");
            primary = model;
        }
        if (gdn_attr_is(model, "type", "ramfb") && gdn_child(video, "address"))
            gdn_report(ck, "GPU032", gdn_child(video, "address"),
                       "ramfb video device with an <address type='%s'>: address not supported "
                       "for video type ramfb",
                       gdn_attr(gdn_child(video, "address"), "type"));
    }
}

static void check_egl(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr egl = NULL, other = NULL, gl = NULL;
    for (guint i = 0; i < f->graphics->len; i++) {
        xmlNodePtr g = g_ptr_array_index(f->graphics, i);
        const char *type = gdn_attr(g, "type");
        if (g_strcmp0(type, "egl-headless") == 0)
            egl = egl ? egl : g;
        else if (g_strcmp0(type, "vnc") != 0 && g_strcmp0(type, "spice") != 0)
            other = other ? other : g;
        if (gdn_attr_is(gdn_child(g, "gl"), "enable", "yes"))
            gl = gl ? gl : g;
    }
    if (!egl)
        return;
    if (other)
        gdn_report(ck, "GPU031", egl,
                   "egl-headless beside a '%s' display: graphics type 'egl-headless' is only "
                   "supported with one of: 'vnc', 'spice' graphics types",
                   gdn_attr(other, "type"));
    if (gl)
        gdn_report(ck, "GPU031", egl,
                   "egl-headless beside a '%s' display with <gl enable='yes'/>: multiple OpenGL "
                   "displays are not supported by QEMU",
                   gdn_attr(gl, "type"));
}

static void check_domcaps(GdnCheck *ck, const GdnFacts *f)
{
    static const char *const defaults[] = {"vga", "cirrus", "virtio", "bochs"};
    const GdnDomCaps *dc = gdn_check_domcaps(ck, FALSE);
    if (!dc || dc->error)
        return;
    for (guint i = 0; dc->video_models && i < f->videos->len; i++) {
        xmlNodePtr model = gdn_child(g_ptr_array_index(f->videos, i), "model");
        const char *type = gdn_attr(model, "type");
        if (type && !g_hash_table_contains(dc->video_models, type))
            gdn_report(ck, "GPU033", model,
                       "video model '%s' is not among this QEMU's video models (domain "
                       "capabilities)",
                       type);
    }
    for (guint i = 0; dc->graphics_types && i < f->graphics->len; i++) {
        xmlNodePtr g = g_ptr_array_index(f->graphics, i);
        const char *type = gdn_attr(g, "type");
        if (type && !g_hash_table_contains(dc->graphics_types, type))
            gdn_report(ck, "GPU033", g,
                       "graphics type '%s' is not among this QEMU's display types (domain "
                       "capabilities)",
                       type);
    }
    if (!dc->video_models || f->videos->len || !f->graphics->len)
        return;
    for (guint i = 0; i < G_N_ELEMENTS(defaults); i++)
        if (g_hash_table_contains(dc->video_models, defaults[i]))
            return;
    gdn_report(ck, "GPU033", g_ptr_array_index(f->graphics, 0),
               "a display without <video>, and this QEMU offers none of vga, cirrus, virtio, "
               "bochs: missing video model and cannot determine default");
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_domcaps(ck, f);
    check_videos(ck, f);
    check_egl(ck, f);
}

GDN_MODULE(graphics_libvirt, "video devices and GL displays libvirt rejects", FALSE, rules, check);

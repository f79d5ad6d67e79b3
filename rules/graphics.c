/* GPU: video model, virtio-gpu 3D and SPICE display (seed Phase 3). */
#include "engine/rule.h"
#include "core/xmlq.h"

static const GdnRule rules[] = {
    {.id = "GPU001",
     .name = "video-model",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "the primary video device should be virtio-gpu: <model type='virtio'/>",
     .fix_text = "set the primary <video><model type='virtio'/> (the guest needs the VirtIO "
                 "GPU driver)",
     .impact = "matrix: Outlook UI laggy (software rendering) -> +200% frame rate"},
    {.id = "GPU002",
     .name = "video-accel3d",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "virtio video without <acceleration accel3d='yes'/> renders in software (advice "
                "only for Windows guests, which have no virtio-gpu 3D driver)",
     .fix_text =
         "Linux guests: add <acceleration accel3d='yes'/> plus a local GL display "
         "(egl-headless, or <gl enable='yes'/> on a local display); the host needs a render "
         "node (/dev/dri)",
     .impact = "seed: UI rendering 60 fps vs 30 fps in software"},
    {.id = "GPU003",
     .name = "video-heads",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "virtio video should offer two heads for multi-monitor: heads='2'",
     .fix_text = "set heads='2' on the virtio video model",
     .impact = "seed: multi-monitor (number of virtual monitors)"},
    {.id = "GPU004",
     .name = "spice-gl-remote",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "SPICE <gl enable='yes'/> only works for a local display, never with a TCP port",
     .fix_text = "use <listen type='none'/> and drop port, tlsPort and autoport (remote clients "
                 "lose access)",
     .impact = "QEMU 7-9 refuse to start: \"SPICE GL support is local-only for now and "
               "incompatible with -spice port/tls-port\""},
    {.id = "GPU005",
     .name = "accel3d-no-gl",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_UNSAFE,
     .summary = "accel3d='yes' needs a GL display: SPICE <gl enable='yes'/> or egl-headless",
     .fix_text = "add a local GL display: <graphics type='spice'><listen type='none'/><gl "
                 "enable='yes'/></graphics>",
     .impact = "QEMU refuses to start: the virtio-gpu-gl device finds no OpenGL display "
               "(\"opengl is not available\")"},
    {.id = "GPU006",
     .name = "spice-compression",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a local SPICE display should turn image, jpeg, zlib and playback compression "
                "off",
     .fix_text = "set <image compression='off'/>, <jpeg compression='never'/>, <zlib "
                 "compression='never'/>, <playback compression='off'/>",
     .impact = "seed: local access has no bandwidth limit; compression only costs CPU and "
               "latency"},
};

static const char *const emulated[] = {"qxl", "vga", "cirrus", "bochs", "ramfb"};

static gboolean is_x86(const GdnFacts *f)
{
    const char *arch = gdn_attr(gdn_child(f->os, "type"), "arch");
    return !arch || g_strcmp0(arch, "x86_64") == 0 || g_strcmp0(arch, "i686") == 0;
}

/* The primary video: the one marked primary='yes', else the first. */
static xmlNodePtr primary_video(const GdnFacts *f)
{
    for (guint i = 0; i < f->videos->len; i++) {
        xmlNodePtr v = g_ptr_array_index(f->videos, i);
        if (gdn_attr_is(gdn_child(v, "model"), "primary", "yes"))
            return v;
    }
    return f->videos->len ? g_ptr_array_index(f->videos, 0) : NULL;
}

static void check_primary(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr video = primary_video(f);
    if (!video) {
        /* libvirt adds a default video for any <graphics>: cirrus on x86,
         * vga without cirrus (verified on libvirt 9.0, pc and q35; libvirt's
         * default-video-type-x86_64 tests). */
        if (f->graphics->len && is_x86(f))
            gdn_report(ck, "GPU001", f->devices,
                       "no <video>: libvirt adds an emulated default for <graphics> (cirrus "
                       "on x86, vga if QEMU lacks cirrus), expected <model type='virtio'/>");
        return;
    }
    xmlNodePtr model = gdn_child(video, "model");
    const char *m = gdn_attr(model, "type");
    if (!m) {
        if (is_x86(f))
            gdn_report(ck, "GPU001", video,
                       "video has no model: libvirt picks the emulated cirrus on x86 (vga if "
                       "QEMU lacks cirrus), expected 'virtio'");
        return;
    }
    for (guint i = 0; i < G_N_ELEMENTS(emulated); i++)
        if (g_strcmp0(m, emulated[i]) == 0)
            gdn_report(ck, "GPU001", model,
                       "primary video model is '%s' (emulated), expected "
                       "'virtio'",
                       m);
}

/* 3D and heads advice is for the primary video only: QEMU permits a single
 * virtio-gpu-gl device, and secondary heads are extra displays already. */
static void check_virtio(GdnCheck *ck, const GdnFacts *f)
{
    xmlNodePtr model = gdn_child(primary_video(f), "model");
    if (!gdn_attr_is(model, "type", "virtio"))
        return;
    xmlNodePtr accel = gdn_child(model, "acceleration");
    if (!gdn_attr_is(accel, "accel3d", "yes")) {
        /* Windows has no virtio-gpu 3D driver: a 3D fix gains nothing there
         * and stops the guest on hosts without a render node. */
        GdnFinding *fd = gdn_report(
            ck, "GPU002", accel ? accel : model,
            "virtio video has accel3d %s, so the guest renders in software%s",
            gdn_attr(accel, "accel3d") ? "='no'" : "unset",
            f->is_windows ? "; Windows has no virtio-gpu 3D driver yet, so accel3d gains nothing "
                            "until one ships (no fix)"
                          : "");
        if (f->is_windows)
            gdn_finding_set_fix(fd, GDN_FIX_NONE);
        else
            gdn_finding_set_note(fd, "the host needs a render node (/dev/dri/renderD*) that "
                                     "QEMU can open, else the guest does not start");
    }
    guint64 heads = 1;
    if (gdn_attr(model, "heads") && !gdn_attr_uint(model, "heads", &heads))
        return; /* invalid: libvirt rejects it, not ours to judge */
    if (heads < 2) {
        GdnFinding *fd = gdn_report(
            ck, "GPU003", model,
            "virtio video has %" G_GUINT64_FORMAT " head%s%s, expected 2 for multi-monitor", heads,
            heads == 1 ? "" : "s", gdn_attr(model, "heads") ? "" : " (unset)");
        gdn_finding_param(fd, "heads", "2");
    }
}

/* The listen that libvirt uses: the first <listen>, else the listen
 * attribute (an address), else the qemu.conf default (an address). */
static const char *listen_type(xmlNodePtr g)
{
    xmlNodePtr l = gdn_child(g, "listen");
    if (l)
        return gdn_attr(l, "type") ? gdn_attr(l, "type") : "address";
    return "address";
}

static gboolean is_local(xmlNodePtr g)
{
    const char *t = listen_type(g);
    return g_strcmp0(t, "none") == 0 || g_strcmp0(t, "socket") == 0;
}

/* port/tlsPort > 0, or -1 (legacy autoport), open a TCP port. */
static gboolean port_set(xmlNodePtr g, const char *attr)
{
    const char *v = gdn_attr(g, attr);
    return v && g_strcmp0(v, "0") != 0;
}

/* Why a SPICE display listens on TCP, or NULL. Verified on libvirt 9.0 +
 * QEMU 7.2: listen none/socket override port and autoport; a listen
 * address with no port, no tlsPort and no autoport opens no port. */
static const char *tcp_reason(xmlNodePtr g)
{
    if (is_local(g))
        return NULL;
    if (gdn_attr_is(g, "autoport", "yes"))
        return "autoport='yes'";
    if (port_set(g, "port"))
        return "a port";
    if (port_set(g, "tlsPort"))
        return "a tlsPort";
    return NULL;
}

static gboolean gl_enabled(xmlNodePtr g)
{
    return gdn_attr_is(gdn_child(g, "gl"), "enable", "yes");
}

static gboolean spice_gl(xmlNodePtr g)
{
    return gdn_attr_is(g, "type", "spice") && gl_enabled(g);
}

/* A display that gives QEMU an OpenGL context for virtio-gpu-gl: spice, sdl
 * or dbus with <gl enable='yes'/>, or egl-headless (libvirt's schema). */
static gboolean has_gl_display(const GdnFacts *f)
{
    for (guint i = 0; i < f->graphics->len; i++) {
        xmlNodePtr g = g_ptr_array_index(f->graphics, i);
        if (gdn_attr_is(g, "type", "egl-headless") ||
            ((gdn_attr_is(g, "type", "spice") || gdn_attr_is(g, "type", "sdl") ||
              gdn_attr_is(g, "type", "dbus")) &&
             gl_enabled(g)))
            return TRUE;
    }
    return FALSE;
}

static void check_accel_display(GdnCheck *ck, const GdnFacts *f)
{
    if (has_gl_display(f))
        return;
    for (guint i = 0; i < f->videos->len; i++) {
        xmlNodePtr video = g_ptr_array_index(f->videos, i);
        xmlNodePtr model = gdn_child(video, "model");
        xmlNodePtr accel = gdn_child(model, "acceleration");
        /* vhost-user-gpu renders in its own process; QEMU checks no GL display. */
        if (gdn_attr_is(gdn_child(video, "driver"), "name", "vhostuser"))
            continue;
        if (gdn_attr_is(model, "type", "virtio") && gdn_attr_is(accel, "accel3d", "yes"))
            gdn_report(ck, "GPU005", accel,
                       "accel3d='yes' but no GL display (SPICE <gl enable='yes'/> or "
                       "egl-headless): QEMU cannot create the virtio-gpu-gl device");
    }
}

/* The compression setting of a SPICE child, with QEMU's default when unset. */
static void compression(GString *on, xmlNodePtr g, const char *elem, const char *attr,
                        const char *dflt)
{
    const char *v = gdn_attr(gdn_child(g, elem), attr);
    if (v && (g_strcmp0(v, "off") == 0 || g_strcmp0(v, "never") == 0))
        return;
    g_string_append_printf(on, "%s%s '%s'%s", on->len ? ", " : "", elem, v ? v : dflt,
                           v ? "" : " (default)");
}

static void check_spice(GdnCheck *ck, xmlNodePtr g)
{
    const char *why = tcp_reason(g);
    if (spice_gl(g) && why)
        gdn_report(ck, "GPU004", gdn_child(g, "gl"),
                   "SPICE GL is enabled but the display listens on TCP (%s): QEMU refuses to "
                   "start (\"SPICE GL support is local-only\")",
                   why);
    if (!is_local(g))
        return;
    g_autoptr(GString) on = g_string_new(NULL);
    compression(on, g, "image", "compression", "auto_glz");
    compression(on, g, "jpeg", "compression", "auto");
    compression(on, g, "zlib", "compression", "auto");
    compression(on, g, "playback", "compression", "on");
    if (on->len)
        gdn_report(ck, "GPU006", g,
                   "local SPICE display (listen type '%s') still compresses: %s; expected "
                   "off/never",
                   listen_type(g), on->str);
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    check_primary(ck, f);
    check_virtio(ck, f);
    check_accel_display(ck, f);
    for (guint i = 0; i < f->graphics->len; i++) {
        xmlNodePtr g = g_ptr_array_index(f->graphics, i);
        if (gdn_attr_is(g, "type", "spice"))
            check_spice(ck, g);
    }
}

GDN_MODULE(graphics, "video model, virtio-gpu 3D and SPICE display", FALSE, rules, check);

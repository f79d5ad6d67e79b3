#include "source/libvirt.h"
#include "source/inputs.h"
#include "core/xmlq.h"
#include <gmodule.h>
#include <string.h>

void gdn_libvirt_source_free(GdnLibvirtSource *src)
{
    if (!src)
        return;
    g_free(src->uri);
    gdn_host_free(src->host);
    g_ptr_array_unref(src->domcaps);
    gdn_images_free(src->images);
    g_ptr_array_unref(src->inputs);
    g_ptr_array_unref(src->errors);
    g_free(src);
}

static GdnLibvirtSource *source_new(const char *uri)
{
    GdnLibvirtSource *src = g_new0(GdnLibvirtSource, 1);
    src->uri = g_strdup(uri);
    src->inputs = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_free);
    src->errors = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_input_error_free);
    src->domcaps = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_domcaps_free);
    return src;
}

void gdn_libvirt_run(GPtrArray *sources, const GdnEngineConfig *cfg, const GdnRunConfig *run,
                     GdnReport *report)
{
    for (guint i = 0; i < sources->len; i++) {
        GdnLibvirtSource *src = g_ptr_array_index(sources, i);
        for (guint e = 0; e < src->errors->len; e++)
            g_ptr_array_add(report->errors, g_steal_pointer(&src->errors->pdata[e]));
        g_ptr_array_set_size(src->errors, 0);

        /* Each URI is its own host: its own engine, so host-aware rules run
         * exactly where that host's facts are known. */
        GdnEngineConfig c = *cfg;
        GdnSourceInfo *info = g_new0(GdnSourceInfo, 1);
        info->uri = g_strdup(src->uri);
        info->domains = src->inputs->len;
        if (cfg->host) {
            info->host = cfg->host;
            info->host_from = "file";
        } else if (src->host) {
            c.host = info->host = src->host;
            info->host_from = "live";
            info->pages_free = src->pages_free;
        }
        /* --domain-caps files describe the fleet; else each host's own. */
        if (!cfg->domcaps || cfg->domcaps->len == 0)
            c.domcaps = src->domcaps;
        if (!cfg->images) /* likewise --image-info */
            c.images = src->images;
        g_ptr_array_add(report->sources, info);
        g_autoptr(GdnEngine) engine = gdn_engine_new(&c);
        for (guint k = 0; k < src->inputs->len; k++)
            ((GdnInput *)g_ptr_array_index(src->inputs, k))->engine = engine;
        gdn_run_inputs(engine, src->inputs, run);
    }
}

#ifndef WITH_LIBVIRT

gboolean gdn_libvirt_available(void)
{
    return FALSE;
}

gboolean gdn_libvirt_load(GError **error)
{
    g_set_error(error, G_MODULE_ERROR, G_MODULE_ERROR_FAILED, "libvirt support is not built in");
    return FALSE;
}

GPtrArray *gdn_libvirt_fetch(char *const *uris, char *const *domains, gboolean read_host,
                             guint timeout_s)
{
    (void)domains;
    (void)read_host;
    (void)timeout_s;
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_libvirt_source_free);
    for (char *const *u = uris; u && *u; u++) {
        GdnLibvirtSource *src = source_new(*u);
        g_ptr_array_add(src->errors, gdn_input_error_new(*u, 0, "libvirt support is not built in"));
        g_ptr_array_add(out, src);
    }
    return out;
}

#else /* WITH_LIBVIRT */

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/xmlerror.h>
#include "source/libvirt_images.h"
#include "source/libvirt_cells.h"

gboolean gdn_libvirt_available(void)
{
    return TRUE;
}

/* libvirt is loaded at run time, only for -c: linking it costs every run
 * dozens of shared libraries at start-up. The headers give the types. */
#define LIBVIRT_SONAME "libvirt.so.0"
#define LV_FUNCS(X)                                                                                \
    X(virConnectClose)                                                                             \
    X(virConnectGetCapabilities)                                                                   \
    X(virConnectGetDomainCapabilities)                                                             \
    X(virConnectListAllDomains)                                                                    \
    X(virConnectOpen)                                                                              \
    X(virConnectOpenReadOnly)                                                                      \
    X(virDomainFree)                                                                               \
    X(virDomainGetName)                                                                            \
    X(virDomainGetXMLDesc)                                                                         \
    X(virDomainLookupByName)                                                                       \
    X(virGetLastErrorCode)                                                                         \
    X(virGetLastErrorMessage)                                                                      \
    X(virInitialize)                                                                               \
    X(virNodeGetCellsFreeMemory)                                                                   \
    X(virNodeGetFreePages)                                                                         \
    X(virResetLastError)                                                                           \
    X(virSetErrorFunc)                                                                             \
    X(virStorageVolFree)                                                                           \
    X(virStorageVolGetXMLDesc)                                                                     \
    X(virStorageVolLookupByPath)

static struct {
#define LV_FIELD(name) __typeof__(&name) name;
    LV_FUNCS(LV_FIELD)
#undef LV_FIELD
} lv;

/* NULL when every symbol resolved, else why not (never freed). */
static gpointer load_libvirt(gpointer data)
{
    (void)data;
    GModule *mod = g_module_open(LIBVIRT_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!mod)
        return g_strdup(g_module_error());
#define LV_RESOLVE(name)                                                                           \
    if (!g_module_symbol(mod, #name, (gpointer *)&lv.name) || !lv.name) {                          \
        char *why = g_strdup_printf("%s: no symbol %s", LIBVIRT_SONAME, #name);                    \
        g_module_close(mod);                                                                       \
        memset(&lv, 0, sizeof lv);                                                                 \
        return why;                                                                                \
    }
    LV_FUNCS(LV_RESOLVE)
#undef LV_RESOLVE
    /* libvirt keeps threads and handlers: never unload it. */
    g_module_make_resident(mod);
    return NULL;
}

gboolean gdn_libvirt_load(GError **error)
{
    static GOnce once = G_ONCE_INIT;
    const char *why = g_once(&once, load_libvirt, NULL);
    if (why) {
        g_set_error(error, G_MODULE_ERROR, G_MODULE_ERROR_FAILED, "%s", why);
        return FALSE;
    }
    return TRUE;
}

/* libvirt prints every error on stderr by default; guardian reports them
 * itself, once, in its own format. */
static void quiet_errors(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static const char *last_error(void)
{
    return lv.virGetLastErrorMessage();
}

static void add_error(GdnLibvirtSource *src, const char *domain, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void add_error(GdnLibvirtSource *src, const char *domain, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *where =
        domain ? g_strdup_printf("%s/%s", src->uri, domain) : g_strdup(src->uri);
    g_ptr_array_add(src->errors, gdn_input_error_new(where, 0, "%s", msg));
}

/* Replaces the capabilities' page counts (totals) with the free pages of
 * each size summed over the host's cells; MEM003 compares against these. */
static void read_free_pages(virConnectPtr conn, GdnLibvirtSource *src)
{
    GdnHost *host = src->host;
    guint n = host->pages->len;
    if (n == 0)
        return;
    g_autofree unsigned int *sizes = g_new(unsigned int, n);
    for (guint i = 0; i < n; i++)
        sizes[i] = (unsigned int)g_array_index(host->pages, GdnHostPages, i).size_kib;
    guint cells = host->n_nodes;
    gsize n_counts = (gsize)n * cells;
    g_autofree unsigned long long *counts = g_new0(unsigned long long, n_counts);
    int got = lv.virNodeGetFreePages(conn, n, sizes, 0, cells, counts, 0);
    if (got < 0) {
        /* No per-cell data (e.g. no NUMA topology): ask for the whole host. */
        cells = 1;
        got = lv.virNodeGetFreePages(conn, n, sizes, -1, 1, counts, 0);
    }
    if (got < 0) {
        lv.virResetLastError(); /* not fatal: keep the capabilities' counts */
        return;
    }
    /* Per-cell free pages replace the totals; cells are numbered from 0. */
    g_array_set_size(host->node_pages, 0);
    for (guint i = 0; i < n; i++) {
        guint64 sum = 0;
        for (guint c = 0; c < cells; c++) { /* unfilled entries stay 0 */
            sum += counts[(gsize)c * n + i];
            GdnHostNodePages np = {c, sizes[i], counts[(gsize)c * n + i]};
            if (host->n_nodes == cells)
                g_array_append_val(host->node_pages, np);
        }
        g_array_index(host->pages, GdnHostPages, i).pages = sum;
    }
    host->pages_counted = TRUE;
    src->pages_free = TRUE;
}

static void read_host(virConnectPtr conn, GdnLibvirtSource *src)
{
    char *caps = lv.virConnectGetCapabilities(conn);
    if (!caps) {
        add_error(src, NULL, "cannot read host capabilities: %s", last_error());
        return;
    }
    g_autoptr(GdnInputError) err = NULL;
    src->host = gdn_host_parse(src->uri, caps, strlen(caps), &err);
    free(caps);
    if (!src->host) {
        add_error(src, NULL, "cannot read host capabilities: %s", err->message);
        return;
    }
    read_free_pages(conn, src);
    GdnLvCellsApi cells = {lv.virNodeGetCellsFreeMemory, lv.virConnectListAllDomains,
                           lv.virDomainGetName, lv.virDomainFree, lv.virResetLastError};
    gdn_libvirt_read_cells_free(conn, &cells, src->host);
}

static void add_domain(GdnLibvirtSource *src, virDomainPtr dom)
{
    const char *name = lv.virDomainGetName(dom);
    char *xml = lv.virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    if (!xml) {
        add_error(src, name, "cannot read domain XML: %s", last_error());
        return;
    }
    GdnInput *in = g_new0(GdnInput, 1);
    in->kind = GDN_INPUT_LIBVIRT;
    in->uri = g_strdup(src->uri);
    in->domain = g_strdup(name);
    in->xml = g_strdup(xml); /* libvirt's memory is free()d, GLib's g_free()d */
    free(xml);
    g_ptr_array_add(src->inputs, in);
}

static int cmp_domain_name(const void *a, const void *b)
{
    return strcmp(lv.virDomainGetName(*(virDomainPtr const *)a),
                  lv.virDomainGetName(*(virDomainPtr const *)b));
}

static void read_all_domains(virConnectPtr conn, GdnLibvirtSource *src)
{
    virDomainPtr *doms = NULL;
    int n = lv.virConnectListAllDomains(conn, &doms, 0);
    if (n < 0) {
        add_error(src, NULL, "cannot list domains: %s", last_error());
        return;
    }
    qsort(doms, (size_t)n, sizeof(*doms), cmp_domain_name);
    for (int i = 0; i < n; i++) {
        add_domain(src, doms[i]);
        lv.virDomainFree(doms[i]);
    }
    free(doms);
}

static void read_named_domains(virConnectPtr conn, GdnLibvirtSource *src, char *const *names)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (char *const *name = names; *name; name++) {
        if (!g_hash_table_add(seen, *name))
            continue;
        virDomainPtr dom = lv.virDomainLookupByName(conn, *name);
        if (!dom) {
            if (lv.virGetLastErrorCode() == VIR_ERR_NO_DOMAIN)
                add_error(src, NULL, "no domain named '%s'", *name);
            else
                add_error(src, NULL, "cannot look up domain '%s': %s", *name, last_error());
            continue;
        }
        add_domain(src, dom);
        lv.virDomainFree(dom);
    }
}

/* Never prompt: ssh transports run in batch mode (no password, no host
 * key question: libvirt's no_tty=1 adds -o BatchMode=yes). */
static char *non_interactive_uri(const char *uri)
{
    const char *colon = strstr(uri, "://");
    g_autofree char *scheme = colon ? g_strndup(uri, colon - uri) : g_strdup("");
    if (!strstr(scheme, "+ssh") && !strstr(scheme, "+libssh"))
        return g_strdup(uri);
    if (strstr(uri, "no_tty="))
        return g_strdup(uri);
    return g_strconcat(uri, strchr(uri, '?') ? "&" : "?", "no_tty=1", NULL);
}

/* One URI's fetch (below); each libvirt answer moves its deadline. */
typedef struct Fetch Fetch;
static void answered(Fetch *f, gboolean done);

/* libvirt's refusal to describe a guest's emulator, arch, machine or
 * accelerator: a fact about the guest (CPU038). Other failures say nothing. */
static gboolean refusal(int code)
{
    return code == VIR_ERR_INVALID_ARG || code == VIR_ERR_CONFIG_UNSUPPORTED;
}

typedef struct {
    virConnectPtr ro, rw; /* rw: opened only if the read-only one is denied */
    gboolean denied;      /* no connection may read domain capabilities */
    GHashTable *seen;
} CapsConn;

/* virConnectGetDomainCapabilities is refused on read-only connections: it
 * may probe QEMU. It writes nothing, so guardian asks over a read-write
 * connection opened for that call alone (no authentication callback, ssh
 * in batch mode: it never prompts); without one the facts stay unknown. */
static char *get_domcaps(GdnLibvirtSource *src, CapsConn *cc, const char *emulator,
                         const char *arch, const char *machine, const char *virt)
{
    if (cc->denied)
        return NULL;
    if (!cc->rw) {
        char *caps = lv.virConnectGetDomainCapabilities(cc->ro, emulator, arch, machine, virt, 0);
        if (caps || lv.virGetLastErrorCode() != VIR_ERR_OPERATION_DENIED)
            return caps;
        lv.virResetLastError();
        g_autofree char *uri = non_interactive_uri(src->uri);
        cc->rw = lv.virConnectOpen(uri);
        if (!cc->rw) {
            cc->denied = TRUE;
            return NULL;
        }
    }
    return lv.virConnectGetDomainCapabilities(cc->rw, emulator, arch, machine, virt, 0);
}

/* The domain capabilities for one guest's emulator, arch, machine and virt
 * type, once per distinct combination. */
static void read_guest_domcaps(GdnLibvirtSource *src, CapsConn *cc, const char *xml)
{
    g_autoptr(GdnInputError) err = NULL;
    xmlDocPtr doc = gdn_xml_parse_safe(src->uri, xml, strlen(xml), &err);
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr type = gdn_path(root, "os/type");
    const char *virt = gdn_attr(root, "type"), *arch = gdn_attr(type, "arch");
    const char *machine = gdn_attr(type, "machine");
    g_autofree char *emulator = gdn_text(gdn_path(root, "devices/emulator"));
    g_autofree char *key = g_strjoin("\n", virt ? virt : "", arch ? arch : "",
                                     machine ? machine : "", emulator ? emulator : "", NULL);
    if (g_hash_table_add(cc->seen, g_steal_pointer(&key))) {
        char *caps = get_domcaps(src, cc, emulator, arch, machine, virt);
        GdnDomCaps *dc = NULL;
        if (caps) {
            dc = gdn_domcaps_parse(src->uri, caps, strlen(caps), &err);
            free(caps);
            if (dc)
                dc->requested_machine = g_strdup(machine);
        } else if (!cc->denied && refusal(lv.virGetLastErrorCode())) {
            dc = gdn_domcaps_new_error(emulator, arch, machine, virt, last_error());
        }
        lv.virResetLastError();
        if (dc)
            g_ptr_array_add(src->domcaps, dc);
    }
    xmlFreeDoc(doc);
}

static void read_domcaps(virConnectPtr conn, GdnLibvirtSource *src, Fetch *f)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    CapsConn cc = {.ro = conn, .seen = seen};
    for (guint i = 0; i < src->inputs->len; i++) {
        read_guest_domcaps(src, &cc, ((GdnInput *)g_ptr_array_index(src->inputs, i))->xml);
        answered(f, FALSE);
    }
    if (cc.rw)
        lv.virConnectClose(cc.rw);
}

/* One URI's fetch, shared by its worker thread and the waiting caller: a
 * worker that stops answering is abandoned (it keeps its own copy of
 * everything it uses and frees it when libvirt returns, if ever). */
struct Fetch {
    GdnLibvirtSource *src;
    char **domains; /* NULL = all */
    gboolean read_host;
    guint answers; /* libvirt calls answered so far */
    gboolean done; /* the worker finished */
    gboolean connected;
    guint refs; /* caller + worker */
};

/* Guards every Fetch's counters; static: abandoned workers outlive calls. */
static GMutex fetch_lock;
static GCond fetch_cond;

static void fetch_unref(Fetch *f)
{
    g_mutex_lock(&fetch_lock);
    gboolean last = --f->refs == 0;
    g_mutex_unlock(&fetch_lock);
    if (!last)
        return;
    gdn_libvirt_source_free(f->src);
    g_strfreev(f->domains);
    g_free(f);
}

/* libvirt answered (or the worker ended): the caller's deadline moves. */
static void answered(Fetch *f, gboolean done)
{
    g_mutex_lock(&fetch_lock);
    f->answers++;
    f->done = done;
    g_cond_broadcast(&fetch_cond);
    g_mutex_unlock(&fetch_lock);
}

/* In-process drivers (test://) parse files with libxml2, whose warnings
 * would go to stderr; libvirt reports the failure itself. */
static void quiet_xml(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The worker thread: its own libxml2 error handler (per thread). */
static gpointer fetch_one(gpointer data)
{
    Fetch *f = data;
    GdnLibvirtSource *src = f->src;
    xmlSetGenericErrorFunc(NULL, quiet_xml);
    g_autofree char *uri = non_interactive_uri(src->uri);
    virConnectPtr conn = lv.virConnectOpenReadOnly(uri);
    if (!conn) {
        add_error(src, NULL, "cannot connect: %s", last_error());
    } else {
        g_mutex_lock(&fetch_lock);
        f->connected = TRUE;
        g_mutex_unlock(&fetch_lock);
        answered(f, FALSE);
        if (f->read_host)
            read_host(conn, src);
        answered(f, FALSE);
        if (f->domains)
            read_named_domains(conn, src, f->domains);
        else
            read_all_domains(conn, src);
        answered(f, FALSE);
        read_domcaps(conn, src, f);
        GdnLvVolApi vols = {lv.virStorageVolLookupByPath, lv.virStorageVolGetXMLDesc,
                            lv.virStorageVolFree, lv.virResetLastError};
        src->images = gdn_libvirt_read_images(conn, &vols, src->inputs);
        answered(f, FALSE);
        lv.virConnectClose(conn);
    }
    answered(f, TRUE);
    fetch_unref(f);
    return NULL;
}

/* Waits until every fetch is done or has not answered for timeout_s
 * seconds; returns which were given up. */
static void wait_fetches(Fetch **fs, guint n, guint timeout_s, gboolean *gave_up)
{
    g_autofree guint *seen = g_new0(guint, n);
    g_autofree gint64 *since = g_new(gint64, n);
    for (guint i = 0; i < n; i++)
        since[i] = g_get_monotonic_time();
    g_mutex_lock(&fetch_lock);
    for (;;) {
        gint64 now = g_get_monotonic_time(), next = G_MAXINT64;
        guint open = 0;
        for (guint i = 0; i < n; i++) {
            if (fs[i]->done || gave_up[i])
                continue;
            if (fs[i]->answers != seen[i]) {
                seen[i] = fs[i]->answers;
                since[i] = now;
            }
            gint64 deadline = since[i] + (gint64)timeout_s * G_USEC_PER_SEC;
            if (deadline <= now) {
                gave_up[i] = TRUE;
                continue;
            }
            next = MIN(next, deadline);
            open++;
        }
        if (!open)
            break;
        g_cond_wait_until(&fetch_cond, &fetch_lock, next);
    }
    g_mutex_unlock(&fetch_lock);
}

GPtrArray *gdn_libvirt_fetch(char *const *uris, char *const *domains, gboolean read_host,
                             guint timeout_s)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)gdn_libvirt_source_free);
    for (char *const *u = uris; u && *u; u++)
        g_ptr_array_add(out, source_new(*u));
    if (out->len == 0)
        return out;
    g_autoptr(GError) err = NULL;
    if (!gdn_libvirt_load(&err)) {
        for (guint i = 0; i < out->len; i++)
            add_error(g_ptr_array_index(out, i), NULL, "cannot load libvirt: %s", err->message);
        return out;
    }
    /* Before any thread: libvirt's global state and our silent handler. */
    lv.virInitialize();
    lv.virSetErrorFunc(NULL, quiet_errors);
    /* Connections are I/O bound (a fleet over ssh): one thread per URI. */
    guint n = out->len, limit = timeout_s ? timeout_s : GDN_CONNECT_TIMEOUT_DEFAULT;
    g_autofree Fetch **fs = g_new0(Fetch *, n);
    g_autofree gboolean *gave_up = g_new0(gboolean, n);
    for (guint i = 0; i < n; i++) {
        fs[i] = g_new0(Fetch, 1);
        fs[i]->src = g_steal_pointer(&out->pdata[i]);
        fs[i]->domains = domains && *domains ? g_strdupv((char **)domains) : NULL;
        fs[i]->read_host = read_host;
        fs[i]->refs = 2;
        g_thread_unref(g_thread_new("guardian-libvirt", fetch_one, fs[i]));
    }
    wait_fetches(fs, n, limit, gave_up);
    for (guint i = 0; i < n; i++) {
        if (gave_up[i]) {
            GdnLibvirtSource *src = source_new(fs[i]->src->uri);
            g_mutex_lock(&fetch_lock);
            gboolean connected = fs[i]->connected;
            g_mutex_unlock(&fetch_lock);
            add_error(src, NULL, "%s: timed out after %u s",
                      connected ? "no answer" : "cannot connect", limit);
            out->pdata[i] = src;
        } else {
            out->pdata[i] = g_steal_pointer(&fs[i]->src);
        }
        fetch_unref(fs[i]);
    }
    return out;
}

#endif /* WITH_LIBVIRT */

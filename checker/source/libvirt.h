/* Read-only libvirt sources (`check -c URI`): each URI's domains (inactive
 * XML), live host facts and the domain capabilities of their guests, read
 * concurrently. Only read-only calls; nothing is ever written. libvirt
 * refuses virConnectGetDomainCapabilities on read-only connections, so that
 * one call goes over a read-write connection opened for it alone. Without
 * WITH_LIBVIRT these are stubs and gdn_libvirt_available() is FALSE. */
#pragma once
#include "engine/engine.h"
#include "source/host.h"
#include "source/domcaps.h"
#include "source/images.h"
#include "report/report.h"
#include "engine/run.h"

typedef struct {
    char *uri;
    GdnHost *host;       /* live host facts, NULL when not read */
    gboolean pages_free; /* host page counts are free pages (virNodeGetFreePages) */
    GPtrArray *domcaps;  /* GdnDomCaps*, one per guest emulator/arch/machine/virt type */
    GdnImages *images;   /* disk image facts from storage volumes, NULL when none */
    GPtrArray *inputs;   /* GdnInput* of kind GDN_INPUT_LIBVIRT */
    GPtrArray *errors;   /* GdnInputError*: connect, unknown domain, unreadable XML */
} GdnLibvirtSource;

void gdn_libvirt_source_free(GdnLibvirtSource *src);

gboolean gdn_libvirt_available(void);
/* Loads libvirt (once, thread-safe); FALSE with the reason when it cannot
 * be loaded or is not built in. Called before any other libvirt use. */
gboolean gdn_libvirt_load(GError **error);

#define GDN_CONNECT_TIMEOUT_DEFAULT 30

/* Reads every URI concurrently: all domains, or only the named ones (NULL
 * = all); host facts unless read_host is FALSE (--host-caps given).
 * A URI whose connection or libvirt gives no answer for timeout_s seconds
 * (0: the default) becomes one error ("cannot connect: timed out after N
 * s"); the others are still read. Transports never prompt (ssh in batch
 * mode). Returns GdnLibvirtSource* in URI order. */
GPtrArray *gdn_libvirt_fetch(char *const *uris, char *const *domains, gboolean read_host,
                             guint timeout_s);

/* Checks each source with its own host facts (cfg->host, when set,
 * overrides them), delivering results through run in URI order; records
 * each source in report->sources and its errors in report->errors.
 * sources must outlive report's use. */
void gdn_libvirt_run(GPtrArray *sources, const GdnEngineConfig *cfg, const GdnRunConfig *run,
                     GdnReport *report);

/* What every output format receives, and the reporter list. A reporter is
 * one file report_NAME.c plus one line in reporter_list.h. */
#pragma once
#include "core/document.h"
#include "engine/finding.h"
#include "source/host.h"
#include "engine/selection.h"
#include <glib.h>

typedef struct {
    char *file; /* or URI/DOMAIN */
    char *message;
} GdnNotice;

/* One checked document (for per-domain formats such as JUnit). */
typedef struct {
    char *name;   /* file, or URI/DOMAIN */
    char *domain; /* domain name, may be NULL */
    gboolean windows;
    guint first, count; /* its findings: findings[first .. first+count) */
} GdnChecked;

/* One libvirt connection (`-c URI`) and the host facts its domains were
 * checked with (JSON "sources"). */
typedef struct {
    char *uri;
    guint domains;         /* domains read */
    const GdnHost *host;   /* facts used (borrowed), NULL if none */
    const char *host_from; /* "live" (this connection) or "file" (--host-caps) */
    gboolean pages_free;   /* page counts are live free pages */
} GdnSourceInfo;

typedef struct {
    GPtrArray *findings; /* GdnFinding*, in input order, sorted per document */
    GPtrArray *errors;   /* GdnInputError* */
    GPtrArray *notices;  /* GdnNotice* */
    GPtrArray *checked;  /* GdnChecked* */
    GPtrArray *fixes;    /* GdnFileFix* (checker/fix/fixer.h): edits per input, may be empty */
    GPtrArray *sources;  /* GdnSourceInfo*, empty without --connect */
    const GdnSelection *selection;
    gboolean color;
    GdnSeverity fail_on;
    gboolean fail_never;
    gboolean unsafe_fixes;
    guint max_results; /* SARIF: at most this many results (0: all); --max-results */
} GdnReport;

typedef struct {
    const char *name;
    void (*write)(const GdnReport *report, GString *out);
} GdnReporter;

#define GDN_REPORTER(ident, write_) const GdnReporter gdn_reporter_##ident = {#ident, write_}

const GdnReporter *gdn_reporter_find(const char *name);
/* "text, json, ..." for help and errors. */
char *gdn_reporter_names(void);

/* Counts findings that are active (not suppressed) at or above sev. */
guint gdn_report_count(const GdnReport *r, GdnSeverity sev);
/* Display location for a finding: file, or URI/DOMAIN. */
char *gdn_finding_location(const GdnFinding *f);
void gdn_notice_free(GdnNotice *n);
void gdn_checked_free(GdnChecked *c);
void gdn_source_info_free(GdnSourceInfo *s);

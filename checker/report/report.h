/* The reporter interface: what every output format receives, and the
 * reporter list. A reporter is one file checker/report/NAME.c plus one line
 * in reporter_list.h.
 *
 * Reports stream: a reporter gets begin() once, input() for each input as
 * soon as it and every input before it are checked (in input order, for
 * any -j), then end(). Each callback appends text to `out`, which is written
 * out and emptied after the callback returns; the input's findings are
 * freed once input() returns, so a reporter keeps nothing of them that
 * grows with the number of inputs. Run-wide numbers (totals, errors,
 * notices, libvirt sources) are in the GdnReport. */
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

/* One checked document. */
typedef struct {
    char *name;   /* file, or URI/DOMAIN */
    char *domain; /* domain name, may be NULL */
    gboolean windows;
    guint count; /* its findings (GdnInputResult.findings->len) */
} GdnChecked;

struct GdnFileFix;

/* One input's outcome: at most one of error, notice and checked is set. */
typedef struct {
    GPtrArray *findings;    /* GdnFinding*, sorted; NULL or empty without findings */
    GdnInputError *error;   /* unreadable or not well-formed */
    GdnNotice *notice;      /* skipped: not a domain guardian checks */
    GdnChecked *checked;    /* checked domain */
    struct GdnFileFix *fix; /* set by the fixer hook (checker/fix/fixer.h), or NULL */
} GdnInputResult;

/* One libvirt connection (`-c URI`) and the host facts its domains were
 * checked with (JSON "sources"). */
typedef struct {
    char *uri;
    guint domains;         /* domains read */
    const GdnHost *host;   /* facts used (borrowed), NULL if none */
    const char *host_from; /* "live" (this connection) or "file" (--host-caps) */
    gboolean pages_free;   /* page counts are live free pages */
} GdnSourceInfo;

/* Counts over the inputs delivered so far (this one included). */
typedef struct {
    guint domains;   /* checked domains */
    guint by_sev[3]; /* active findings per GdnSeverity */
    guint active;    /* active findings */
    guint fixable;   /* active findings with a fix */
    guint suppressed;
    guint failing; /* active findings at or above fail_on (0 with fail_never) */
} GdnReportTotals;

typedef struct {
    /* Settings. */
    const GdnSelection *selection;
    gboolean color;
    GdnSeverity fail_on;
    gboolean fail_never;
    gboolean unsafe_fixes;
    gboolean pretty; /* --pretty: indented JSON/SARIF */
    /* Run-wide results; errors and notices are also in each input's result. */
    GPtrArray *errors;  /* GdnInputError*, in input order */
    GPtrArray *notices; /* GdnNotice* */
    GPtrArray *sources; /* GdnSourceInfo*, empty without --connect */
    GdnReportTotals totals;
} GdnReport;

void gdn_report_init(GdnReport *r);
void gdn_report_clear(GdnReport *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(GdnReport, gdn_report_clear)

/* begin and end may be NULL. */
typedef struct {
    const char *name;
    /* Returns the reporter's state (may be NULL). */
    gpointer (*begin)(const GdnReport *report, GString *out);
    void (*input)(gpointer state, const GdnReport *report, const GdnInputResult *res, GString *out);
    /* Writes the rest and frees state. */
    void (*end)(gpointer state, const GdnReport *report, GString *out);
} GdnReporter;

#define GDN_REPORTER(ident, begin_, input_, end_)                                                  \
    const GdnReporter gdn_reporter_##ident = {#ident, begin_, input_, end_}

const GdnReporter *gdn_reporter_find(const char *name);
/* "text|json|..." for help and errors. */
char *gdn_reporter_names(void);
/* --diff: the inputs' unified diffs, in input order (not a --format). */
extern const GdnReporter gdn_reporter_diff;

/* Drives one reporter over a run. Output goes to write() in chunks; a
 * failed write is remembered and later output is dropped. */
typedef gboolean (*GdnReportWrite)(const char *bytes, gsize len, gpointer data);
typedef struct GdnReportStream GdnReportStream;

GdnReportStream *gdn_report_stream_new(const GdnReporter *reporter, GdnReport *report,
                                       GdnReportWrite write, gpointer write_data);
/* Counts res into the totals, moves its error and notice into the report
 * and hands res to the reporter; the caller frees the rest. */
void gdn_report_stream_add(GdnReportStream *s, GdnInputResult *res);
/* Ends the report and frees s; FALSE when some output could not be written. */
gboolean gdn_report_stream_finish(GdnReportStream *s);

/* Display location for a finding: file, or URI/DOMAIN. */
char *gdn_finding_location(const GdnFinding *f);
/* s, or (when it holds control characters: newline, ESC, DEL, C1) a copy
 * in *owned (free it) with them written as \n, \x1b, \u0085...: text from
 * an input can never forge a report line or drive a terminal. Text, JUnit,
 * Markdown and stderr diagnostics print through it. */
const char *gdn_report_clean(const char *s, char **owned);
void gdn_notice_free(GdnNotice *n);
void gdn_checked_free(GdnChecked *c);
void gdn_source_info_free(GdnSourceInfo *s);

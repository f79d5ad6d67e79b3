/* Test helpers: run the real engine on XML text and query the findings. */
#pragma once
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/engine.h"
#include "engine/finding.h"
#include "engine/rule.h"
#include <gio/gio.h> /* GSubprocess for tests that run tools */

/* Checks xml (a domain document) with optional host capabilities XML, guest
 * mode and --select list (NULL = defaults). Fails the test on bad input. */
GPtrArray *gt_check(const char *xml, const char *host_xml, GdnGuestMode guest, const char *select);
/* Same with domain capabilities (GdnDomCaps*), for rules that need them. */
GPtrArray *gt_check_domcaps(const char *xml, const GPtrArray *domcaps, const char *select);
/* Same with host facts built by the test (live ones, say). */
GPtrArray *gt_check_host(const char *xml, const GdnHost *host, const char *select);
/* Same with disk image facts (--image-info). */
GPtrArray *gt_check_images(const char *xml, const GdnImages *images, const char *select);
/* Same for a file under tests/data (or any path). */
GPtrArray *gt_check_file(const char *path, const char *host_path, GdnGuestMode guest,
                         const char *select);
guint gt_count(const GPtrArray *findings, const char *rule_id);
/* The n-th finding of rule_id, or NULL. */
const GdnFinding *gt_find(const GPtrArray *findings, const char *rule_id, guint n);
/* A fix parameter the rule attached to f (NULL if none); fails when f is NULL. */
const char *gt_param(const GdnFinding *f, const char *key);
/* A target parameter (gdn_finding_target_param) of f, or NULL. */
const char *gt_target_param(const GdnFinding *f, const char *key);
/* Reads a file into a string; fails the test if it cannot. */
char *gt_read(const char *path);
/* Prints findings (for failing-test diagnostics). */
void gt_dump(const GPtrArray *findings);

#define assert_rule(findings, id)                                                                  \
    do {                                                                                           \
        if (gt_count((findings), (id)) == 0) {                                                     \
            gt_dump(findings);                                                                     \
            fail_msg("expected a %s finding", (id));                                               \
        }                                                                                          \
    } while (0)

#define assert_no_rule(findings, id)                                                               \
    do {                                                                                           \
        if (gt_count((findings), (id)) != 0) {                                                     \
            gt_dump(findings);                                                                     \
            fail_msg("unexpected %s finding", (id));                                               \
        }                                                                                          \
    } while (0)

#define assert_no_findings(findings)                                                               \
    do {                                                                                           \
        if ((findings)->len != 0) {                                                                \
            gt_dump(findings);                                                                     \
            fail_msg("expected no findings, got %u", (findings)->len);                             \
        }                                                                                          \
    } while (0)

/* Severities and fix-safety levels shared by rules, findings and reporters. */
#pragma once
#include <glib.h>

typedef enum { GDN_SEV_INFO = 0, GDN_SEV_WARNING = 1, GDN_SEV_ERROR = 2 } GdnSeverity;

typedef enum { GDN_FIX_NONE = 0, GDN_FIX_SAFE, GDN_FIX_UNSAFE } GdnFixSafety;

const char *gdn_severity_name(GdnSeverity sev);
/* Parses "info", "warning", "error"; returns FALSE on anything else. */
gboolean gdn_severity_parse(const char *s, GdnSeverity *out);
const char *gdn_fix_safety_name(GdnFixSafety s);

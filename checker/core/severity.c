#include "core/severity.h"

const char *gdn_severity_name(GdnSeverity sev)
{
    switch (sev) {
    case GDN_SEV_INFO:
        return "info";
    case GDN_SEV_WARNING:
        return "warning";
    case GDN_SEV_ERROR:
        return "error";
    }
    return "unknown";
}

gboolean gdn_severity_parse(const char *s, GdnSeverity *out)
{
    static const GdnSeverity all[] = {GDN_SEV_INFO, GDN_SEV_WARNING, GDN_SEV_ERROR};
    for (guint i = 0; i < G_N_ELEMENTS(all); i++) {
        if (g_strcmp0(s, gdn_severity_name(all[i])) == 0) {
            *out = all[i];
            return TRUE;
        }
    }
    return FALSE;
}

const char *gdn_fix_safety_name(GdnFixSafety s)
{
    switch (s) {
    case GDN_FIX_NONE:
        return "none";
    case GDN_FIX_SAFE:
        return "safe";
    case GDN_FIX_UNSAFE:
        return "unsafe";
    }
    return "none";
}

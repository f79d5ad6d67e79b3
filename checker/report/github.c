/* GitHub Actions workflow commands, one annotation per active finding:
 * "::warning file=F,line=L,col=C,title=ID name::message". Escaping follows
 * the runner (actions/toolkit command.ts): data escapes % CR LF; property
 * values also escape : and ,. */
#include "report/report.h"
#include "engine/rule.h"

static void escape(GString *out, const char *s, gboolean property)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '%':
            g_string_append(out, "%25");
            break;
        case '\r':
            g_string_append(out, "%0D");
            break;
        case '\n':
            g_string_append(out, "%0A");
            break;
        case ':':
            g_string_append(out, property ? "%3A" : ":");
            break;
        case ',':
            g_string_append(out, property ? "%2C" : ",");
            break;
        default:
            g_string_append_c(out, *s);
        }
    }
}

static const char *command(GdnSeverity s)
{
    return s == GDN_SEV_ERROR ? "error" : s == GDN_SEV_WARNING ? "warning" : "notice";
}

/* "::CMD k=v,k=v::" with escaped values; NULL values are left out. */
static void begin(GString *out, const char *cmd, const char *file, guint line, guint col,
                  const char *title)
{
    g_string_append_printf(out, "::%s", cmd);
    const char *sep = " ";
    if (file) {
        g_string_append_printf(out, "%sfile=", sep);
        escape(out, file, TRUE);
        sep = ",";
    }
    if (line) {
        g_string_append_printf(out, "%sline=%u", sep, line);
        sep = ",";
    }
    if (col) {
        g_string_append_printf(out, "%scol=%u", sep, col);
        sep = ",";
    }
    if (title) {
        g_string_append_printf(out, "%stitle=", sep);
        escape(out, title, TRUE);
    }
    g_string_append(out, "::");
}

static void github_input(gpointer state, const GdnReport *r, const GdnInputResult *res,
                         GString *out)
{
    (void)state;
    (void)r;
    for (guint i = 0; res->findings && i < res->findings->len; i++) {
        const GdnFinding *f = g_ptr_array_index(res->findings, i);
        if (f->suppressed)
            continue;
        g_autofree char *title = g_strdup_printf("%s %s", f->rule->id, f->rule->name);
        /* libvirt domains have no file in the workspace: name them in the text. */
        begin(out, command(f->severity), f->file, f->file ? f->line : 0, f->file ? f->column : 0,
              title);
        g_autoptr(GString) msg = g_string_new(NULL);
        if (!f->file) {
            g_autofree char *loc = gdn_finding_location(f);
            g_string_append_printf(msg, "%s:%u:%u: ", loc, f->line, f->column);
        }
        g_string_append_printf(msg, "%s\nImpact: %s\n", f->message, f->rule->impact);
        if (f->note)
            g_string_append_printf(msg, "Note: %s\n", f->note);
        g_string_append_printf(msg, "%s: %s",
                               f->fix_safety == GDN_FIX_SAFE     ? "Fix (safe, --fix)"
                               : f->fix_safety == GDN_FIX_UNSAFE ? "Fix (unsafe, --unsafe-fixes)"
                                                                 : "Advice",
                               f->rule->fix_text);
        escape(out, msg->str, FALSE);
        g_string_append_c(out, '\n');
    }
}

/* Input errors after all findings, as before streaming. */
static void github_end(gpointer state, const GdnReport *r, GString *out)
{
    (void)state;
    for (guint i = 0; i < r->errors->len; i++) {
        const GdnInputError *e = g_ptr_array_index(r->errors, i);
        begin(out, "error", e->file, e->line, 0, "guardian: input error");
        escape(out, e->message, FALSE);
        g_string_append_c(out, '\n');
    }
}

GDN_REPORTER(github, NULL, github_input, github_end);

#!/bin/sh
# Fails the build on a rule ID that its module's table does not define
# (gdn_report, gdn_report_sev and gdn_check_wants look IDs up in the
# reporting module's table): the literal ID argument of every such call, and
# every other literal shaped like an ID ("HV001", as in tables of IDs passed
# on to those calls), must be an `.id` of the same file's table. Also fails
# on an ID defined twice. Usage: ci/check-rule-ids.sh rules/*.c
set -eu
[ $# -gt 0 ] || { echo "usage: $0 rules/*.c" >&2; exit 2; }
awk '
function use(id) {
    if (!((file, FNR, id) in seen)) {
        seen[file, FNR, id] = 1
        n++; use_file[n] = file; use_id[n] = id; use_at[n] = FILENAME ":" FNR
    }
}
FNR == 1 { file++; name[file] = FILENAME; pend = "" }
{
    # The ID argument of each call, also when the call spans lines.
    s = pend $0; pend = ""
    while (match(s, /gdn_(report|report_sev|check_wants)\(/)) {
        s = substr(s, RSTART + RLENGTH)
        if (match(s, /^[ \t]*[A-Za-z_][A-Za-z_0-9]*[ \t]*,[ \t]*"[^"]*"/)) {
            lit = substr(s, 1, RLENGTH); sub(/^[^"]*"/, "", lit); sub(/"$/, "", lit)
            use(lit)
        } else if (s ~ /^[ \t]*([A-Za-z_][A-Za-z_0-9]*[ \t]*,?[ \t]*)?$/) {
            pend = "gdn_report(" s " "
        }
    }
    # ID-shaped literals; the one after .id = defines it.
    s = $0
    while (match(s, /"[A-Z]+[0-9]+"/)) {
        id = substr(s, RSTART + 1, RLENGTH - 2)
        def = substr(s, 1, RSTART) ~ /\.id[ \t]*=[ \t]*"$/
        s = substr(s, RSTART + RLENGTH)
        if (!def) {
            use(id)
        } else if (id in where) {
            printf "%s:%d: rule ID %s is already defined at %s\n", FILENAME, FNR, id, where[id]
            bad = 1
        } else {
            where[id] = FILENAME ":" FNR
            table[file, id] = 1
        }
    }
}
END {
    for (i = 1; i <= n; i++)
        if (!((use_file[i], use_id[i]) in table)) {
            printf "%s: unknown rule ID \"%s\" (not in the table of %s)\n", use_at[i], use_id[i], name[use_file[i]]
            bad = 1
        }
    exit bad
}' "$@"

#!/usr/bin/env python3
"""Applies SARIF results' fixes, each alone, to their original files.

  sarif_fix.py SARIF OUTDIR [RULE]

Writes OUTDIR/N.xml for the N-th result that has a fix (of RULE only, when
given): its file with that result's replacements applied, and OUTDIR/map
with one line per variant: "PATH<TAB>RULE<TAB>XPATH<TAB>SOURCE". Exits 1
when the replacements of a fix are not sorted, overlap, or two start at one
offset (a consumer could apply them in either order)."""
import json
import os
import sys
import urllib.parse


def apply(data, reps):
    regions = [(r["deletedRegion"]["byteOffset"], r["deletedRegion"]["byteLength"]) for r in reps]
    for (o1, l1), (o2, _) in zip(regions, regions[1:]):
        if not (o1 + l1 <= o2 and o1 < o2):
            raise ValueError("replacements overlap or share an offset: %s" % regions)
    for rep in reversed(reps):
        o, n = rep["deletedRegion"]["byteOffset"], rep["deletedRegion"]["byteLength"]
        if o + n > len(data):
            raise ValueError("region %d+%d beyond the file (%d bytes)" % (o, n, len(data)))
        data = data[:o] + rep.get("insertedContent", {}).get("text", "").encode() + data[o + n:]
    return data


def main():
    log, outdir = json.load(open(sys.argv[1])), sys.argv[2]
    only = sys.argv[3] if len(sys.argv) > 3 else None
    rows, n = [], 0
    for res in log["runs"][0]["results"]:
        if not res.get("fixes") or (only and res["ruleId"] != only):
            continue
        loc = res["locations"][0]
        uri = urllib.parse.urlparse(loc["physicalLocation"]["artifactLocation"]["uri"])
        src = urllib.parse.unquote(uri.path)
        change = res["fixes"][0]["artifactChanges"][0]
        try:
            data = apply(open(src, "rb").read(), change["replacements"])
        except ValueError as e:
            print("%s %s: %s" % (src, res["ruleId"], e), file=sys.stderr)
            return 1
        n += 1
        path = os.path.join(outdir, "%d.xml" % n)
        with open(path, "wb") as f:
            f.write(data)
        xpath = loc["logicalLocations"][0]["fullyQualifiedName"]
        rows.append("\t".join((path, res["ruleId"], xpath, src)))
    with open(os.path.join(outdir, "map"), "w") as f:
        f.write("".join(r + "\n" for r in rows))
    return 0


sys.exit(main())

#!/usr/bin/env python3
"""The guardian commands shown in README.md, docs/*.md and docs/guardian.1,
made runnable in a scratch directory (tests/cli/test_doc_examples.sh).

Prints one line per example: SOURCE:LINE<TAB>ORIGINAL<TAB>RUNNABLE.
Commands come from fenced code blocks (sh, yaml, groovy, ...: a line that
runs guardian, also after a YAML key, a list dash or a Jenkins sh '...'),
from inline code spans in prose, and from the man page's .EX blocks.
Placeholders and hosts this machine cannot reach are mapped to local
stand-ins; the mapping is below, in one place.
"""
import glob
import re
import sys

# (pattern, replacement), applied in order to each command.
MAPPINGS = [
    (r"\s+#\s.*$", ""),  # trailing shell comment
    (r"\bqemu\+ssh://[^ /]+/system\b", "$URI"),  # fleets: the local test driver
    (r"\bqemu:///(system|session)\b", "$URI"),
    (r"(?<!\$)\bURI\b", "$URI"),
    (r"virsh dumpxml \S+ \|", "cat win11.xml |"),
    (r"(^|\s)/etc/libvirt/qemu/?", r"\1vms/"),
    (r"(^|\s)vm-templates/", r"\1vms/"),
    (r"(^|\s)\.\./shared/corpus\b", r"\1vms/"),
    (r"(^|\s)/tmp/", r"\1tmp/"),  # stays in the scratch directory
    (r"--fixes-dir (fixes|DIR)\b", "--fixes-dir $REPO/fixes"),
    (r"\bDIR\b", "outdir"),
    (r"\bFILE\b", "vm.xml"),
    (r"\bID\b", "DSK001"),
    (r"(-d|--domain) VM\b", r"\1 win11"),
    (r"(^|[|;&]\s*)(\./)?guardian(?=\s)", r'\1"$G"'),
]

GUARDIAN = re.compile(r"(^|\|\s*)(\./)?guardian\s+(check|rules|explain|--)")
# A command after a YAML key or list dash, or inside Jenkins' sh '...'.
WRAPPERS = [
    re.compile(r"^-?\s*(run|script|command|cmd|shell):\s*(?P<c>.*)$"),
    re.compile(r"^-\s+(?P<c>.*)$"),
    re.compile(r"""^sh\s+(?P<q>['"])(?P<c>.*)(?P=q)\s*$"""),
]


def unwrap(line):
    line = line.strip()
    for w in WRAPPERS:
        m = w.match(line)
        if m and GUARDIAN.search(m.group("c")):
            return m.group("c").strip()
    return line


def runnable(cmd):
    for pat, rep in MAPPINGS:
        cmd = re.sub(pat, rep, cmd)
    return cmd.strip()


def from_markdown(path):
    fence = None
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line, n = lines[i], i + 1
        i += 1
        m = re.match(r"^\s*(```+|~~~+)\s*(\S*)", line)
        if m:
            fence = None if fence else m.group(1)
            continue
        if fence:
            cmd = unwrap(line)
            while cmd.endswith("\\") and i < len(lines):
                cmd = cmd[:-1] + " " + lines[i].strip()
                i += 1
            if GUARDIAN.search(cmd):
                yield n, cmd
            continue
        for span in re.findall(r"`([^`]+)`", line):
            # A bare "guardian check" names the command; it is no example.
            if re.match(r"^(\./)?guardian\s+(check|rules|explain)\s+\S", span):
                yield n, span


def from_man(path):
    inside = False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith(".EX"):
            inside = True
        elif line.startswith(".EE"):
            inside = False
        elif inside:
            cmd = line.replace("\\-", "-").replace("\\(dq", '"').replace("\\e", "\\")
            if GUARDIAN.search(cmd):
                yield n, cmd


def main(root):
    sources = [f"{root}/README.md"] + sorted(glob.glob(f"{root}/docs/*.md"))
    for path in sources:
        for n, cmd in from_markdown(path):
            print(f"{path[len(root) + 1:]}:{n}\t{cmd}\t{runnable(cmd)}")
    for n, cmd in from_man(f"{root}/docs/guardian.1"):
        print(f"docs/guardian.1:{n}\t{cmd}\t{runnable(cmd)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

#!/usr/bin/env python3
"""Mutation testing for guardian: `make mutate` (slow; not part of make check).

Each mutation of tests/mutate/mutations.txt is applied alone to a scratch
copy of the tree (in /tmp), the copy is rebuilt (make -j2) and `make
test-fast` is run; a mutant is killed when test-fast fails. Before that, the
tests closest to the mutated file (the "quick" tests: the module's unit
test, the fix snapshots for a stylesheet) run first: they are part of
test-fast, so a mutant they kill is one test-fast kills, sooner.

Records in mutations.txt are separated by blank lines:
    file: rules/queues.c
    find: q > 8
    replace: q >= 8
    quick: build/tests/test_queues            (optional; else derived)
    equivalent: why no test can tell         (optional: not run, not scored)
`find` must occur exactly once in `file` (after other helpers' changes a
snippet that moved or vanished is an error reported loudly, never a kill);
"\\n" in find/replace stands for a newline.

Usage: tests/mutate/mutate.py [--list FILE] [--keep] [SUBSTRING...]
(only mutations whose file or find text contains one of SUBSTRING).
Prints one line per mutant, the survivors, and the score:
killed / (run - equivalent - not compiling).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 900  # seconds for one test run (an endless loop is a kill)


def parse(path):
    muts, cur = [], {}
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                muts.append(cur)
            cur = {}
            continue
        key, sep, val = line.partition(": ")
        if not sep or key not in ("file", "find", "replace", "quick", "equivalent"):
            sys.exit(f"{path}:{n}: expected 'file|find|replace|quick|equivalent: VALUE'")
        cur.setdefault("line", n)
        cur[key] = val.replace("\\n", "\n") if key in ("find", "replace") else val
    if cur:
        muts.append(cur)
    for m in muts:
        for k in ("file", "find", "replace"):
            if k not in m:
                sys.exit(f"{path}:{m['line']}: record without '{k}:'")
    return muts


def quick_tests(m, tree):
    if "quick" in m:
        return m["quick"].split()
    f = m["file"]
    base = os.path.splitext(os.path.basename(f))[0]
    if f.startswith("fixes/"):
        return ["tests/fix/test_snapshots.sh"]
    if f.startswith("checker/fix/"):
        return ["build/tests/test_fixer", "tests/fix/test_cli.sh", "tests/fix/test_snapshots.sh"]
    if base in ("suppress", "baseline", "selection"):
        return ["build/tests/test_suppress", "build/tests/test_selection", "tests/cli/test_suppress.sh"]
    if f.startswith(("rules/", "checker/source/host", "checker/engine/facts")):
        unit = [f"build/tests/test_{base}"] if os.path.exists(
            os.path.join(tree, "tests/unit", f"test_{base}.c")) else []
        return unit + ["tests/cli/test_cases.sh"]
    unit = f"build/tests/test_{base}"
    if os.path.exists(os.path.join(tree, "tests/unit", f"test_{base}.c")):
        return [unit]
    return []


def sh(cmd, cwd, log, timeout=TIMEOUT):
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            out.write(b"\n(timed out)\n")
            return -1


def make_copy(keep):
    tree = tempfile.mkdtemp(prefix="guardian-mutate.")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.split(b"\0")
    for f in files:
        f = f.decode()
        if not f or not os.path.isfile(os.path.join(ROOT, f)):
            continue
        dst = os.path.join(tree, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), dst)
    # test_precommit.sh clones the tree as a git repository.
    git = ["git", "-c", "user.email=m@m", "-c", "user.name=mutate"]
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tree, check=True)
    subprocess.run(git + ["commit", "-qm", "scratch"], cwd=tree, check=True)
    if not keep:
        import atexit
        atexit.register(shutil.rmtree, tree, True)
    return tree


def run_mutant(m, tree, log):
    """-> 'killed' | 'survived' | 'no-build' (the caller restores the file)."""
    if sh(["make", "-s", "-j2", "guardian", "test-bins"], tree, log) != 0:
        return "no-build"
    for t in quick_tests(m, tree):
        if sh([t] if t.startswith("build/") else ["prove", t], tree, log) != 0:
            return "killed"
    return "killed" if sh(["make", "-s", "test-fast"], tree, log) != 0 else "survived"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", default=os.path.join(ROOT, "tests/mutate/mutations.txt"))
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    muts = parse(a.list)
    if a.only:
        muts = [m for m in muts if any(s in m["file"] or s in m["find"] for s in a.only)]
    # Every snippet must apply before anything runs.
    bad = []
    for m in muts:
        text = open(os.path.join(ROOT, m["file"]), encoding="utf-8").read() \
            if os.path.exists(os.path.join(ROOT, m["file"])) else None
        n = text.count(m["find"]) if text is not None else 0
        if n != 1:
            bad.append(f"{a.list}:{m['line']}: {m['file']}: snippet "
                       f"{'not found' if n == 0 else f'found {n} times'}: {m['find']!r}")
    if bad:
        print("\n".join(bad))
        sys.exit(2)
    tree = make_copy(a.keep)
    log = os.path.join(tree, "mutate.log")
    print(f"scratch copy {tree}; log {log}")
    t0 = time.time()
    if sh(["make", "-s", "-j2", "guardian", "test-bins"], tree, log) != 0 or \
            sh(["make", "-s", "test-fast"], tree, log) != 0:
        print(f"the unmutated tree does not pass make test-fast; see {log}")
        sys.exit(2)
    print(f"unmutated test-fast passes ({time.time() - t0:.0f} s with the build)")
    results = []
    for i, m in enumerate(muts, 1):
        what = f"mutations.txt:{m['line']} {m['file']}: {m['find'].strip()!r} -> {m['replace'].strip()!r}"
        if "equivalent" in m:
            results.append(("equivalent", what))
            print(f"[{i}/{len(muts)}] equivalent {what} ({m['equivalent']})", flush=True)
            continue
        path = os.path.join(tree, m["file"])
        orig = open(path, encoding="utf-8").read()
        open(path, "w", encoding="utf-8").write(orig.replace(m["find"], m["replace"], 1))
        t = time.time()
        try:
            r = run_mutant(m, tree, log)
        finally:
            open(path, "w", encoding="utf-8").write(orig)  # new mtime: rebuilt next time
        results.append((r, what))
        print(f"[{i}/{len(muts)}] {r:8} {time.time() - t:4.0f} s {what}", flush=True)
    count = {k: sum(1 for r, _ in results if r == k)
             for k in ("killed", "survived", "equivalent", "no-build")}
    print("\nsurvivors:")
    for r, what in results:
        if r == "survived":
            print("  " + what)
    for r, what in results:
        if r == "no-build":
            print("  does not build (fix the mutation): " + what)
    scored = count["killed"] + count["survived"]
    pct = 100.0 * count["killed"] / scored if scored else 0.0
    print(f"\nmutation score: {count['killed']}/{scored} = {pct:.1f}% killed "
          f"({count['equivalent']} equivalent, {count['no-build']} not building, "
          f"{len(results)} mutations, {time.time() - t0:.0f} s)")
    sys.exit(1 if count["no-build"] else 0)


if __name__ == "__main__":
    main()

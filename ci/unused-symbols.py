#!/usr/bin/env python3
"""Lists exported functions of build/libguardian.a that no production code
calls (only their definition and declaration name them): dead code, or code
only tests call. Run from the repository root after `make`."""
import glob
import re
import subprocess

syms = set()
nm = subprocess.run(['nm', '-g', '--defined-only', 'build/libguardian.a'],
                    capture_output=True, text=True, check=True).stdout
for line in nm.splitlines():
    p = line.split()
    if len(p) == 3 and p[1] == 'T':
        syms.add(p[2])
prod = glob.glob('checker/*/*.[ch]') + glob.glob('rules/*.[ch]')
tests = glob.glob('tests/**/*.[ch]', recursive=True)
text = {f: open(f, encoding='utf-8').read() for f in prod + tests}
found = 0
for s in sorted(syms):
    pat = re.compile(r'\b%s\b' % re.escape(s))
    n = sum(len(pat.findall(text[f])) for f in prod)
    decl = sum(len(pat.findall(text[f])) for f in prod if f.endswith('.h'))
    if n - 1 - min(decl, 1) <= 0:
        t = sum(len(pat.findall(text[f])) for f in tests)
        print('%s: %s' % (s, 'only tests call it (%d)' % t if t else 'unused'))
        found += 1
raise SystemExit(1 if found else 0)

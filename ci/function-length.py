#!/usr/bin/env python3
"""Fails when a C function body in the given files is over 100 lines.

Functions are found as clang-format writes them: the opening brace alone on
a line at column 0 after the signature, the closing brace alone at column 0.
"""
import sys

LIMIT = 100
long_ones = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0:
            start = i
        elif line == "}" and start is not None:
            if i - start + 1 > LIMIT:
                long_ones.append("%s:%d: %s: %d lines (limit %d)" %
                                 (path, start, lines[start - 1].strip(), i - start + 1, LIMIT))
            start = None
for msg in long_ones:
    print(msg)
sys.exit(1 if long_ones else 0)

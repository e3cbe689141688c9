#!/usr/bin/env python3
"""The architecture's figures for ARCHITECTURE.md ("Measured"): module import cycles, the
longest source files (lines of code: no blank lines, no comments, no `#[cfg(test)]` blocks)
and the longest functions (signature to closing brace, tests left out).

    python3 scripts/measure-architecture.py [SRC_DIR] [--top N]

Only the standard library; reads `src/` as text (no compiler), so it works on any revision:
`git worktree add /tmp/x REV && python3 scripts/measure-architecture.py /tmp/x/src`.
A module is a file; an edge is a `crate::`/`super::`/`self::` path in it that names another
file's module. A parent's path to its own children (`mod x; pub use x::Y`) is the layout,
not a dependency, so it is not an edge; everything else that goes round is a cycle.
"""

import os
import re
import sys
from collections import defaultdict


def strip_code(text):
    """Text with comments and string/char literal contents blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('"' + re.sub(r"[^\n]", " ", text[i + 1:j]) + '"')
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            if m:
                out.append("' '" + " " * (len(m.group(0)) - 3))
                i += len(m.group(0))
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def block_end(code, open_brace):
    depth = 0
    for j in range(open_brace, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def test_spans(code):
    """Character spans of `#[cfg(test)]` items (test modules and test-only functions)."""
    spans = []
    for m in re.finditer(r"#\[cfg\(test\)\]", code):
        brace = code.find("{", m.end())
        semi = code.find(";", m.end())
        if brace < 0 or (0 <= semi < brace):
            continue
        spans.append((m.start(), block_end(code, brace)))
    return spans


def in_spans(pos, spans):
    return any(a <= pos <= b for a, b in spans)


def module_of(path, src):
    rel = os.path.relpath(path, src)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    if rel and rel[0] == "bin":
        return None
    return tuple(rel)


def measure(src):
    files = {}
    for root, _, names in os.walk(src):
        for name in names:
            # test files (`tests.rs`, `tests/`) are left out like `#[cfg(test)]` blocks
            if name.endswith(".rs") and name != "tests.rs" and "tests" not in root.split(os.sep):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    files[path] = f.read()
    modules = {}
    for path in files:
        mod = module_of(path, src)
        if mod is not None:
            modules[mod] = path

    loc, functions, edges = [], [], defaultdict(set)
    for path, text in files.items():
        code = strip_code(text)
        spans = test_spans(code)
        line_starts = [0] + [m.end() for m in re.finditer("\n", code)]
        lines = code.split("\n")
        offset, count = 0, 0
        for line in lines:
            if line.strip() and not in_spans(offset, spans):
                count += 1
            offset += len(line) + 1
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(src)))
        loc.append((count, rel))
        for m in re.finditer(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", code):
            if in_spans(m.start(), spans):
                continue
            # the body: the first `{` after the signature, unless a `;` ends it (trait item)
            j, depth = m.end(), 0
            while j < len(code):
                ch = code[j]
                if ch in "(<[":
                    depth += 1
                elif ch in ")>]":
                    depth = max(0, depth - 1)
                elif ch == ";" and depth == 0:
                    j = -1
                    break
                elif ch == "{" and depth == 0:
                    break
                j += 1
            if j < 0 or j >= len(code):
                continue
            end = block_end(code, j)
            first = code.count("\n", 0, m.start())
            last = code.count("\n", 0, end)
            functions.append((last - first + 1, m.group(1), f"{rel}:{first + 1}"))

        mod = module_of(path, src)
        if mod is None:
            continue
        for m in re.finditer(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)", code):
            if in_spans(m.start(), spans):
                continue
            head, rest = m.group(1), m.group(2).split("::")[1:]
            is_dir_module = os.path.basename(path) in ("mod.rs", "lib.rs")
            if head == "crate":
                base = ()
            elif head == "self":
                base = mod if is_dir_module else mod  # self:: names children of a folder module
            else:
                base = mod[:-1]
                while rest and rest[0] == "super":
                    base, rest = base[:-1], rest[1:]
            target = base
            for k in range(len(rest), -1, -1):
                if base + tuple(rest[:k]) in modules:
                    target = base + tuple(rest[:k])
                    break
            if target != mod and target[: len(mod)] != mod:
                edges[mod].add(target)

    # cycles: strongly connected components with more than one module (Tarjan)
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(modules):
        if v not in index:
            connect(v)
    return loc, functions, sccs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    top = 10
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
        args = [a for a in args if a != str(top)]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "src")
    loc, functions, sccs = measure(src)
    name = lambda mod: "::".join(mod) or "crate"
    print(f"module import cycles: {len(sccs)}")
    for comp in sccs:
        print("  " + " <-> ".join(name(m) for m in comp))
    print(f"\nlongest files (lines of code, no tests/comments/blank lines), total {sum(c for c, _ in loc)}, {sum(1 for c, _ in loc if c > 600)} over 600:")
    for count, rel in sorted(loc, reverse=True)[:top]:
        print(f"  {count:5}  {rel}")
    raw = []
    for root, _, names in os.walk(src):
        for fname in names:
            if fname.endswith(".rs"):
                path = os.path.join(root, fname)
                with open(path, encoding="utf-8") as f:
                    raw.append((sum(1 for _ in f), os.path.relpath(path, os.path.dirname(os.path.abspath(src)))))
    big = sorted((r for r in raw if r[0] > 600), reverse=True)
    print(f"\nfiles over 600 lines as written (tests and comments included): {len(big)}")
    for count, rel in big:
        print(f"  {count:5}  {rel}")
    over = sum(1 for n, _, _ in functions if n > 80)
    print(f"\nlongest functions (lines, signature to closing brace; {over} over 80):")
    for n, fname, where in sorted(functions, key=lambda f: (-f[0], f[2]))[:top]:
        print(f"  {n:5}  {fname}  {where}")


if __name__ == "__main__":
    main()

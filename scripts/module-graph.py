#!/usr/bin/env python3
"""The import graph of core/src, file by file, and its cycles.

Counts every `crate::a::b` path in a file's code (not its comments) as an edge to the file that
defines module `a::b` (or `a`), and `super::x` likewise. Prints the strongly connected components
with more than one file (import cycles), largest first. Used for issue 19's before/after figures
in docs/ARCHITECTURE.md:  python3 scripts/module-graph.py
"""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src")

def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return tuple(rel)

files = {}
for d, _, fs in os.walk(ROOT):
    for f in fs:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            files[module_of(p)] = p

def resolve(parts):
    # the longest prefix that is a file module
    for k in range(len(parts), 0, -1):
        if tuple(parts[:k]) in files:
            return tuple(parts[:k])
    return None

edges = {m: set() for m in files}
for mod, path in files.items():
    text = open(path, encoding="utf-8").read()
    # drop a trailing #[cfg(test)] mod tests block and comments
    text = re.split(r"\n#\[cfg\(test\)\]\nmod tests", text)[0]
    text = re.sub(r"//[^\n]*", "", text)
    for m in re.finditer(r"\b(crate|super)((?:::\w+)+)", text):
        parts = m.group(2).split("::")[1:]
        if m.group(1) == "super":
            base = list(mod[:-1]) if not path.endswith("mod.rs") else list(mod[:-1])
            parts = base + parts
        target = resolve(parts)
        if target is not None and target != mod and target != ():
            edges[mod].add(target)
    # `mod x;` declarations are ownership, not use
sys.setrecursionlimit(10000)
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
for v in edges:
    if v not in index:
        strong(v)
cycles = sorted((c for c in sccs if len(c) > 1), key=len, reverse=True)
print(f"{len(files) - 1} files in core/src; {sum(len(c) for c in cycles)} in import cycles")
for c in cycles:
    print(f"  cycle of {len(c)}: " + ", ".join(sorted("/".join(m) for m in c)))

#!/usr/bin/env python3
"""The import graph of core/src, file by file, and its cycles.

Counts every `crate::a::b` path in a file's code (not its comments) as an edge to the file that
defines module `a::b` (or `a`), and `super::x` likewise. Prints the strongly connected components
with more than one file (import cycles), largest first. Used for issue 19's before/after figures
in docs/ARCHITECTURE.md:  python3 scripts/module-graph.py   (--check: exit 1 on a cycle across
folders; the lint stage runs it)
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

# Re-exports: `pub use model::{Incident, ...};` in incidents/mod.rs makes `crate::incidents::
# Incident` a name for an item of incidents/model.rs, so a path through the alias is an edge to
# the file that defines the item, not to the folder's mod.rs (whose own code may not need it).
aliases = {}
for mod, path in files.items():
    text = re.sub(r"//[^\n]*", "", open(path, encoding="utf-8").read())
    for m in re.finditer(r"^\s*(?:pub(?:\([\w:]+\))? )use (\w+)::(\{[^}]*\}|\w+)", text, re.M):
        child = tuple(list(mod) + [m.group(1)])
        if child not in files:
            continue
        for name in re.findall(r"\w+", m.group(2)):
            aliases[mod + (name,)] = child

def resolve(parts):
    # the longest prefix that is a file module, following a re-exported name to its file
    for k in range(len(parts), 0, -1):
        if tuple(parts[:k]) in files:
            if k < len(parts) and tuple(parts[: k + 1]) in aliases:
                return aliases[tuple(parts[: k + 1])]
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
    # A child module named in code (`topn::Tallies` in incidents/mod.rs, or a private `use
    # topn::Tallies;`) is used by this file; a `pub use` of it is an alias (above), not a use.
    # `mod x;` declarations are ownership, not use.
    code = re.sub(r"^\s*pub(?:\([\w:]+\))? use [^;]*;", "", text, flags=re.M)
    # A module brought in by name (`use crate::tasks;` then `tasks::Task`): follow the name.
    for m in re.finditer(r"^\s*use crate((?:::\w+)+)(?:::\{self[^}]*\})?;", text, re.M):
        parts = m.group(1).split("::")[1:]
        if resolve(parts) != tuple(parts):
            continue
        for n in re.finditer(r"(?<![:\w])" + parts[-1] + r"::(\w+)", code):
            target = resolve(parts + [n.group(1)])
            if target is not None and target != mod:
                edges[mod].add(target)
    for m in re.finditer(r"(?<![:\w])(\w+)::", code):
        child = tuple(list(mod) + [m.group(1)])
        if child in files and child != mod:
            edges[mod].add(child)
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
# A folder's mod.rs and its own files may refer to each other (a registry and the parts it
# lists): that is one module split into files. A cycle through files of different folders is
# what the layers forbid.
def common(c):
    prefix = os.path.commonprefix([list(m) for m in c])
    return tuple(prefix)
within = [c for c in cycles if common(c)]
across = [c for c in cycles if c not in within]
print(f"{len(files) - 1} files in core/src; {sum(len(c) for c in across)} in import cycles across folders")
for c in across:
    print(f"  cycle of {len(c)}: " + ", ".join(sorted("/".join(m) for m in c)))
for c in within:
    print(f"  within one folder (its mod.rs and its parts), {len(c)} files: " + ", ".join(sorted("/".join(m) for m in c)))
if "--check" in sys.argv and across:
    sys.exit("import cycles across folders: the layers in docs/ARCHITECTURE.md forbid them")

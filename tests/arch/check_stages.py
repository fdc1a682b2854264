#!/usr/bin/env python3
"""Stages depend one way. Reads the stage graph from docs/architecture.md (the
block between <!-- stages --> markers: `stage: the stages it builds on`), then
fails when
  - a file in src/STAGE/ includes a header of a stage STAGE does not build on
    (directly or through others), or
  - src/CMakeLists.txt links a stage library to other stages than the graph says,
    or a src/ folder is missing from the graph.
usage: check_stages.py SOURCE_DIR"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
doc = open(os.path.join(root, "docs/architecture.md")).read()
block = re.search(r"<!-- stages -->(.*?)<!-- /stages -->", doc, re.S)
if not block:
    sys.exit("check_stages: docs/architecture.md has no <!-- stages --> block")
graph = {}
for line in block.group(1).splitlines():
    m = re.match(r"\s*([a-z]+):\s*([a-z ]*)$", line.strip("` "))
    if m:
        graph[m.group(1)] = set(m.group(2).split())


def below(stage, seen=None):
    seen = set() if seen is None else seen
    for dep in graph.get(stage, ()):
        if dep not in seen:
            seen.add(dep)
            below(dep, seen)
    return seen


problems = []
src = os.path.join(root, "src")
folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
for stage in folders:
    if stage not in graph:
        problems.append(f"src/{stage}/ is not in the stage graph of docs/architecture.md")
        continue
    allowed = below(stage) | {stage}
    for name in sorted(os.listdir(os.path.join(src, stage))):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(src, stage, name)
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            m = re.match(r'\s*#\s*include\s+["<]([a-z]+)/', line)
            if m and m.group(1) in graph and m.group(1) not in allowed:
                problems.append(f"src/{stage}/{name}:{n}: includes {m.group(1)}/, a stage "
                                f"above or beside {stage}")

cmake = open(os.path.join(src, "CMakeLists.txt")).read()
for m in re.finditer(r"vf_stage\((\w+)(.*?)\)\n", cmake, re.S):
    stage, body = m.group(1), m.group(2)
    deps = set(re.findall(r"\bvf_(\w+)", body.split("DEPS", 1)[1] if "DEPS" in body else ""))
    if stage not in graph:
        problems.append(f"src/CMakeLists.txt: stage library vf_{stage} is not in the graph")
    elif deps != graph[stage]:
        problems.append(f"src/CMakeLists.txt: vf_{stage} links {sorted(deps)}, the graph says "
                        f"{sorted(graph[stage])}")

for p in problems:
    print("FAIL:", p)
print(f"stages: {len(graph)} stages, {len(problems)} problems")
print(f"stages: {0 if problems else 1} passed, {1 if problems else 0} failed")
sys.exit(1 if problems else 0)

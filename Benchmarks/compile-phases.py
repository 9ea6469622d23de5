#!/usr/bin/env python3
"""Where the time of a whole `swasm compile` process goes, `--jobs 1` against `--jobs 2`, and the most `--jobs 2`
could gain (Amdahl's bound from the measured phases).

    Benchmarks/compile-phases.py [--runs N] [--build-dir DIR] MODULE ...

It makes a scratch worktree of HEAD in DIR (default: a temporary directory), adds trace points there (each prints
a CLOCK_MONOTONIC timestamp to standard error when TRACE is set), builds it in release, and times MODULE with
`--jobs 1` and `--jobs 2`, interleaved, medians of N runs (default 11). Nothing is committed: the trace points
exist only in the scratch copy. A temporary worktree is removed at the end; one given with `--build-dir` is kept
(a second run rebuilds only what changed; remove it with `git worktree remove --force DIR`). Phases, in ms from the parent's `Popen` (so process creation is included):

- start: to the code section's first body (`beginBodies`): exec, start-up, reading and the sections before it;
- bodies: to the end of the bodies (`drain` returned): the part that parallel compilation splits;
- after: to the parent's `wait4`: finishing the code, the artifact's sections, writing the file and replacing
  the old one, exit.

"chunk CPU" is the sum of the workers' time inside chunks under `--jobs 2`, against the bodies phase of `--jobs 1`.
The bound is `wall1 / (start1 + after1 + X / 2)`, with X the one-thread bodies phase (a perfect split) or the
measured chunk CPU.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("modules", nargs="+")
ap.add_argument("--runs", type=int, default=11)
ap.add_argument("--build-dir")
a = ap.parse_args()
repo = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
root = a.build_dir or os.path.join(tempfile.mkdtemp(), "swasm-phases")
if not os.path.exists(root):
    subprocess.run(["git", "-C", repo, "worktree", "add", "--detach", root, "HEAD"], check=True)


def patch(path, old, new):
    p = os.path.join(root, path)
    s = open(p).read()
    if new in s:
        return
    if old not in s:
        sys.exit(f"compile-phases: {path} changed; update the trace point after {old.strip()[:60]!r}")
    open(p, "w").write(s.replace(old, new, 1))


open(os.path.join(root, "Sources/WasmDecoder/PhaseTrace.swift"), "w").write('''import Glibc
public let phaseTraceOn = getenv("TRACE") != nil
public func trace(_ s: StaticString) {
    guard phaseTraceOn else { return }
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    let line = "T \\(Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)) \\(pthread_self() % 100000) \\(s)\\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
''')
pc = "Sources/SwasmCompiler/ParallelCompilation.swift"
patch(pc, "        self.module = module\n        bodyBytesLeft = codeSectionSize",
      "        trace(\"begin-bodies\")\n        self.module = module\n        bodyBytesLeft = codeSectionSize")
patch(pc, "        try drain()\n        return dataIndexWithoutCount",
      "        try drain()\n        trace(\"drained\")\n        return dataIndexWithoutCount")
patch(pc, "        let raw = UnsafeRawBufferPointer(start: storage, count: byteCount)",
      "        trace(\"chunk-start\")\n        defer { trace(\"chunk-end\") }\n"
      "        let raw = UnsafeRawBufferPointer(start: storage, count: byteCount)")
print(f"building {root} (release)", flush=True)
subprocess.run(["swift", "build", "-c", "release", "-j", "2", "--product", "swasm"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
swasm = os.path.join(root, ".build/release/swasm")
out = os.path.join(tempfile.mkdtemp(), "out.aot")


def one(module, jobs):
    env = dict(os.environ, TRACE="1")
    t0 = time.monotonic_ns()
    p = subprocess.run([swasm, "compile", "--jobs", str(jobs), module, "-o", out], env=env, stderr=subprocess.PIPE,
                       text=True)
    end = (time.monotonic_ns() - t0) / 1e6
    if p.returncode != 0:
        sys.exit(f"compile of {module} failed: {p.stderr[-500:]}")
    first, busy, started = {}, 0.0, {}
    for line in p.stderr.splitlines():
        if not line.startswith("T "):
            continue
        _, ns, tid, name = line.split()
        t = (int(ns) - t0) / 1e6
        first.setdefault(name, t)
        if name == "chunk-start":
            started[tid] = t
        elif name == "chunk-end":
            busy += t - started[tid]
    return {"start": first["begin-bodies"], "bodies": first["drained"] - first["begin-bodies"],
            "after": end - first["drained"], "wall": end, "busy": busy}


print(f"load {open('/proc/loadavg').read().strip()}")
for m in a.modules:
    runs = {1: [], 2: []}
    for _ in range(a.runs):
        for j in (1, 2):
            runs[j].append(one(m, j))
    med = {j: {k: statistics.median(r[k] for r in runs[j]) for k in runs[j][0]} for j in (1, 2)}
    one_, two = med[1], med[2]
    serial = one_["start"] + one_["after"]
    print(f"{os.path.basename(m)}:")
    for j, r in ((1, one_), (2, two)):
        print(f"  --jobs {j}: wall {r['wall']:.1f} ms = start {r['start']:.2f} + bodies {r['bodies']:.1f} + after "
              f"{r['after']:.2f}" + (f"; chunk CPU {r['busy']:.1f} ms ({r['busy'] / one_['bodies'] - 1:+.1%})"
                                     if j == 2 else ""))
    print(f"  ratio {one_['wall'] / two['wall']:.2f}x; bound with a perfect split "
          f"{one_['wall'] / (serial + one_['bodies'] / 2):.2f}x, with the measured chunk CPU "
          f"{one_['wall'] / (serial + two['busy'] / 2):.2f}x")
if not a.build_dir:
    subprocess.run(["git", "-C", repo, "worktree", "remove", "--force", root], check=True)
    shutil.rmtree(os.path.dirname(root), ignore_errors=True)

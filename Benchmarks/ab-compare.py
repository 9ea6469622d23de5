#!/usr/bin/env python3
"""A/B run time of two swasm binaries on the nine bench programs (Benchmarks/bench), interleaved.

    Benchmarks/ab-compare.py OLD_SWASM NEW_SWASM [--runs N] [--programs fib,sieve] [--new-flags=--canonicalize-nans]
        [--simd] [--cpu-time]

--new-flags: extra `swasm run` options for NEW (the same binary twice measures an option's cost, e.g. the
deterministic-NaN mode). --simd: the five Benchmarks/bench-simd programs instead of the nine scalar ones. --cpu-time: compare the user CPU
time of the whole process (compile included, a few ms) instead of the run phase's wall clock: steadier on a
machine shared with other jobs.

Each program runs N times per binary (default 7), alternating which binary goes first; the time is swasm's own
"first call" timer (`swasm run --timing`: the run phase, compile excluded). Prints the medians and new/old.
Use release builds of both (e.g. a `git worktree` of the old commit built with `swift build -c release`).
"""
import argparse, os, re, statistics, subprocess

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("old")
ap.add_argument("new")
ap.add_argument("--runs", type=int, default=7)
ap.add_argument("--programs")
ap.add_argument("--new-flags", default="")
ap.add_argument("--simd", action="store_true")
ap.add_argument("--cpu-time", action="store_true")
a = ap.parse_args()
args = {}
for line in open(os.path.join(here, "bench", "args.txt")):
    f = line.split()
    if len(f) >= 2 and not line.startswith("#") and f[1].isdigit():
        args[f[0]] = f[1]
bench_dir = os.path.join(here, "bench-simd" if a.simd else "bench")
simd_names = [n[:-5] for n in sorted(os.listdir(os.path.join(here, "bench-simd"))) if n.endswith(".wasm")]
names = a.programs.split(",") if a.programs else (simd_names if a.simd else list(args))
ratios = []
for name in names:
    t = {"old": [], "new": []}
    for i in range(a.runs):
        for k in (["old", "new"] if i % 2 else ["new", "old"]):
            flags = a.new_flags.split() if k == "new" else []
            before = os.times().children_user
            p = subprocess.run([getattr(a, k), "run", "--timing"] + flags + ["--invoke", "run",
                                os.path.join(bench_dir, name + ".wasm"), args[name]], capture_output=True, text=True)
            m = re.search(r"first call: ([0-9.]+) µs", p.stderr)
            if not m:
                raise SystemExit(f"{name}: no timing from {getattr(a, k)}: {p.stderr[-300:]}")
            t[k].append(os.times().children_user - before if a.cpu_time else float(m.group(1)) / 1e6)
    o, n = statistics.median(t["old"]), statistics.median(t["new"])
    ratios.append(n / o)
    print(f"{name:9} old {o:.3f} s  new {n:.3f} s  new/old {n / o:.3f}", flush=True)
print(f"geomean new/old {statistics.geometric_mean(ratios):.3f}")

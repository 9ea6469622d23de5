#!/usr/bin/env python3
"""Metering overhead: each Benchmarks/bench program run by `swasm run` with and without `--gas`, interleaved,
in one run. Prints medians, the ratio per program and the geometric mean. Usage:
    Benchmarks/metering-overhead.py [SWASM_BINARY] [RUNS]
"""
import math, os, statistics, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
bench = os.path.join(here, "bench")
swasm = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", ".build", "release", "swasm")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5

def args():
    for line in open(os.path.join(bench, "args.txt")):
        if line.startswith("#") or not line.strip():
            continue
        name, arg, _, expected = line.split()[:4]
        yield name, arg, expected

def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t, p

print(f"machine load: {open('/proc/loadavg').read().strip()}")
ratios = []
print(f"{'program':10} {'off (s)':>9} {'on (s)':>9} {'ratio':>7}  gas used")
for name, arg, expected in args():
    wasm = os.path.join(bench, name + ".wasm")
    off, on, gas = [], [], ""
    for _ in range(runs):
        t, p = timed([swasm, "run", "--invoke", "run", wasm, arg])
        assert p.returncode == 0 and p.stdout.strip() == expected, (name, p.stdout, p.stderr)
        off.append(t)
        t, p = timed([swasm, "run", "--gas", str(1 << 62), "--invoke", "run", wasm, arg])
        assert p.returncode == 0 and p.stdout.strip() == expected, (name, p.stdout, p.stderr)
        on.append(t)
        gas = p.stderr.strip().split(":")[-1].strip()
    a, b = statistics.median(off), statistics.median(on)
    ratios.append(b / a)
    print(f"{name:10} {a:9.3f} {b:9.3f} {b / a:7.3f}  {gas}")
print(f"geomean overhead: {(math.exp(sum(map(math.log, ratios)) / len(ratios)) - 1) * 100:.1f}%")
print(f"machine load: {open('/proc/loadavg').read().strip()}")

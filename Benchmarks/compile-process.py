#!/usr/bin/env python3
"""Whole-process `swasm compile` (file in, artifact out) of one module: wall, user and system time and minor page
faults of each swasm binary given, interleaved run by run, with wasmtime 50.0.1's Winch and Cranelift compiling
the same bytes in the same run (in this Python process, parallel compilation off, `Module.serialize()` included
so their output is an artifact too). MB = 10^6 bytes of the code section.

    Benchmarks/compile-process.py [--runs N] [--module Benchmarks/out/large.wasm] [--jobs J] [--no-peers] LABEL=SWASM ...

`--jobs J` is passed to `swasm compile` (default: none, i.e. one thread per core).

Times of each binary are medians of N runs (default 7); the first binary of a pair alternates run by run.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasmbin import sections  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("binaries", nargs="+", help="LABEL=PATH of a swasm binary")
ap.add_argument("--runs", type=int, default=7)
ap.add_argument("--module", default="Benchmarks/out/large.wasm")
ap.add_argument("--no-peers", action="store_true")
ap.add_argument("--jobs", type=int, help="passed to swasm compile --jobs")
a = ap.parse_args()

data = open(a.module, "rb").read()
code = sum(end - start for sid, start, end, _ in sections(data) if sid == 10)
print(f"module: {a.module}, {len(data)} bytes, code section {code} bytes; load {open('/proc/loadavg').read().strip()}")
out = os.path.join(tempfile.mkdtemp(), "out.aot")
bins = [b.split("=", 1) for b in a.binaries]
samples = {label: [] for label, _ in bins}


def run(path):
    t = time.perf_counter()
    jobs = ["--jobs", str(a.jobs)] if a.jobs else []
    p = subprocess.Popen([path, "compile", *jobs, a.module, "-o", out])
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        sys.exit(f"{path} compile failed ({status})")
    return wall, ru.ru_utime, ru.ru_stime, ru.ru_minflt


for i in range(a.runs):
    order = bins if i % 2 == 0 else list(reversed(bins))
    for label, path in order:
        samples[label].append(run(path))

for label, path in bins:
    s = samples[label]
    wall, user, sys_, faults = (statistics.median(x[k] for x in s) for k in range(4))
    print(f"{label}: wall {wall * 1000:.0f} ms ({code / wall / 1e6:.1f} MB/s of code), user {user * 1000:.0f} ms, "
          f"sys {sys_ * 1000:.0f} ms, {faults:.0f} minor faults (min wall {min(x[0] for x in s) * 1000:.0f} ms, "
          f"{a.runs} runs)")

if not a.no_peers:
    import wasmtime
    from peers import engines

    for name, engine in engines():
        times = []
        for _ in range(max(1, min(a.runs, 3))):
            t = time.perf_counter()
            wasmtime.Module(engine, data).serialize()
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        print(f"{name}: compile + serialize {med * 1000:.0f} ms ({code / med / 1e6:.1f} MB/s of code), "
              f"{len(times)} runs, in-process")
print(f"load after: {open('/proc/loadavg').read().strip()}")

#!/usr/bin/env python3
"""Whole-process `swasm compile` with --jobs 1 against --jobs N (issue 17, parallel compilation).

    Benchmarks/compile-jobs.py [--runs 7] [--jobs 2] [--swasm .build/release/swasm] [FILE.wasm ...]

Runs the compiles alternately (1, N, 1, N, ...) and prints, per module and job count, the median wall time, the
median user and system CPU time, MB/s of code section, and the ratio of the medians. Also checks that every run's
artifact is byte-identical to the first --jobs 1 artifact. Default module: Benchmarks/out/large.wasm
(Benchmarks/gen-large-module.sh). On a shared machine, run it at high priority (e.g. `nice -n -19`, as root).
"""
import argparse, os, resource, statistics, subprocess, sys, tempfile, time

def code_size(path):
    b = open(path, "rb").read()
    i = 8
    while i < len(b):
        sid = b[i]; i += 1
        size = shift = 0
        while True:
            x = b[i]; i += 1
            size |= (x & 0x7F) << shift; shift += 7
            if x < 0x80: break
        if sid == 10: return size
        i += size
    return 0

def one(swasm, path, jobs, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([swasm, "compile", "--jobs", str(jobs), path, "-o", out], check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--swasm", default=".build/release/swasm")
    ap.add_argument("files", nargs="*", default=["Benchmarks/out/large.wasm"])
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for path in a.files:
        mb = code_size(path) / 1e6
        results = {1: [], a.jobs: []}
        reference = None
        for r in range(a.runs):
            for j in (1, a.jobs):
                out = os.path.join(tmp, f"out-{j}")
                results[j].append(one(a.swasm, path, j, out))
                data = open(out, "rb").read()
                if reference is None: reference = data
                if data != reference:
                    sys.exit(f"error: --jobs {j} artifact differs from --jobs 1")
        med = {j: [statistics.median(x[k] for x in v) for k in range(3)] for j, v in results.items()}
        print(f"{os.path.basename(path)} ({mb:.2f} MB of code), median of {a.runs}:")
        for j in (1, a.jobs):
            w, u, s = med[j]
            print(f"  --jobs {j}: {w*1000:7.1f} ms wall ({mb/w:5.1f} MB/s), user {u*1000:6.1f} ms, sys {s*1000:6.1f} ms")
        print(f"  speed-up --jobs {a.jobs} / --jobs 1: {med[1][0] / med[a.jobs][0]:.2f}x; "
              f"CPU time ratio {(med[a.jobs][1] + med[a.jobs][2]) / (med[1][1] + med[1][2]):.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")

main()

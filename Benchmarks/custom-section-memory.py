#!/usr/bin/env python3
"""Memory (and time) of `swasm validate` / `swasm compile` on a module with large custom sections (issue 17).

Check (Scripts/test-all.sh): appends 44 MB of custom sections to a module (default: Benchmarks/bench/interp.wasm)
with Benchmarks/add-custom-sections.py and fails unless `swasm validate` of it peaks at less than 30 MB of RSS
above `swasm validate` of the same module without custom sections. Memory is deterministic enough for a bound;
time is not asserted.

    Benchmarks/custom-section-memory.py SWASM [--module M.wasm]

Measure (docs/BENCHMARKS.md): whole-process wall time (median) and peak RSS (max) of `swasm validate` and
`swasm compile` over RUNS runs, for the module with and without the custom sections, as a Markdown table.

    Benchmarks/custom-section-memory.py SWASM --measure [--module Benchmarks/out/large.wasm] [--runs 5]

Peak RSS is the child's `ru_maxrss` (os.wait4), so nothing but the swasm process is counted.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BOUND_MB = 30


def run(argv):
    """(wall seconds, peak RSS in KB) of one process; exits if it fails."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(argv)}")
    return wall, usage.ru_maxrss


def make_modules(module, tmp, mb):
    dwarf = os.path.join(tmp, "with-custom.wasm")
    plain = os.path.join(tmp, "without-custom.wasm")
    gen = os.path.join(HERE, "add-custom-sections.py")
    subprocess.run([sys.executable, gen, module, dwarf, "--mb", str(mb)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, gen, module, plain, "--strip"], check=True, stdout=subprocess.DEVNULL)
    return dwarf, plain


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("swasm")
    ap.add_argument("--module", help="the module to add custom sections to")
    ap.add_argument("--mb", type=float, default=44.0, help="MB of custom sections to add (default 44)")
    ap.add_argument("--measure", action="store_true", help="print a table of time and RSS instead of checking")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    module = args.module or os.path.join(HERE, "bench", "interp.wasm")
    with tempfile.TemporaryDirectory() as tmp:
        dwarf, plain = make_modules(module, tmp, args.mb)
        if not args.measure:
            runs = 3
            with_custom = max(run([args.swasm, "validate", "-q", dwarf])[1] for _ in range(runs))
            without = max(run([args.swasm, "validate", "-q", plain])[1] for _ in range(runs))
            extra = (with_custom - without) / 1024
            size = os.path.getsize(dwarf) - os.path.getsize(plain)
            ok = extra < BOUND_MB
            print(f"memory: swasm validate with {size / 1e6:.0f} MB of custom sections: peak RSS {with_custom / 1024:.1f} MB,"
                  f" {extra:+.1f} MB against the module without them (bound {BOUND_MB} MB):"
                  f" {'passed' if ok else 'FAILED'}")
            sys.exit(0 if ok else 1)
        out = os.path.join(tmp, "out.aot")
        print(f"module: {os.path.basename(module)}; load {open('/proc/loadavg').read().split()[0]}")
        print()
        print("| command | module | size | wall, median of %d | peak RSS |" % args.runs)
        print("|---|---|---:|---:|---:|")
        for verb in ("validate", "compile"):
            for label, path in (("with custom sections", dwarf), ("without", plain)):
                argv = [args.swasm, verb, path] + (["-o", out] if verb == "compile" else ["-q"])
                results = [run(argv) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in results)
                rss = max(r[1] for r in results)
                print(f"| `swasm {verb}` | {label} | {os.path.getsize(path) / 1e6:.1f} MB | {wall * 1000:.0f} ms |"
                      f" {rss / 1024:.1f} MB |")


if __name__ == "__main__":
    main()

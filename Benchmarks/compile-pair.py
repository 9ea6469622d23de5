#!/usr/bin/env python3
"""What two cores give a compile here: `swasm compile --jobs 1` alone, two independent `--jobs 1` processes side by
side (the same module, separate outputs), and one `--jobs 2` process, interleaved round by round.

    Benchmarks/compile-pair.py [--runs N] [--swasm .build/release/swasm] MODULE ...

Two independent processes share nothing but the machine, so `2 x alone / side-by-side wall` is the most any
two-thread compile can gain over one thread on this machine (the "ceiling"); `--jobs 2` is compared against it.
Medians of N rounds (default 11); CPU is user + system time from `wait4`.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("modules", nargs="+")
ap.add_argument("--runs", type=int, default=11)
ap.add_argument("--swasm", default=".build/release/swasm")
a = ap.parse_args()
tmp = tempfile.mkdtemp()


def run(jobs, copies, module):
    t = time.perf_counter()
    ps = [subprocess.Popen([a.swasm, "compile", "--jobs", str(jobs), module, "-o", os.path.join(tmp, f"{k}.aot")])
          for k in range(copies)]
    cpu = 0.0
    for p in ps:
        _, status, ru = os.wait4(p.pid, 0)
        if status != 0:
            sys.exit(f"compile of {module} failed ({status})")
        cpu += ru.ru_utime + ru.ru_stime
    return time.perf_counter() - t, cpu / copies


print(f"load {open('/proc/loadavg').read().strip()}")
for m in a.modules:
    alone, pair, two = [], [], []
    for _ in range(a.runs):
        alone.append(run(1, 1, m))
        pair.append(run(1, 2, m))
        two.append(run(2, 1, m))
    med = lambda s, k: statistics.median(x[k] for x in s) * 1000  # noqa: E731
    print(f"{os.path.basename(m)}: alone {med(alone, 0):.1f} ms (CPU {med(alone, 1):.1f}); side by side "
          f"{med(pair, 0):.1f} ms (CPU {med(pair, 1):.1f} each), ceiling {2 * med(alone, 0) / med(pair, 0):.2f}x; "
          f"--jobs 2 {med(two, 0):.1f} ms (CPU {med(two, 1):.1f}), {med(alone, 0) / med(two, 0):.2f}x")

#!/usr/bin/env python3
"""Module-cache hits as users see them: `swasm run --cache DIR` of a large module, again and again.

    python3 Benchmarks/cache-bench.py [.build/release/swasm] [--runs N]

Modules (built from Benchmarks/out/large.c, made by Benchmarks/gen-large-module.sh):
  app     every function of large.c kept (`--no-gc-sections`) but only two exported, like an application
          (6.1 MB, ~5.7 MB of code); the call is `f0_bytes(1, 2)`.
  exports large.wasm itself: the same code with all 20,023 functions exported (`--export-all`), the worst case
          for loading (every export name is decoded); the call is `__wasm_call_ctors`.
Each module is compiled into a fresh cache once (and its file identity recorded, which needs the file to be a
second old), then run N times without and N times with `--timing`, which reports the cache load, the
instantiation and the first call of each process, and the same steps again warm; this prints their medians, and
the median wall time of a whole process (without `--timing`) next to a process running a tiny module without a
cache (process start, the runtime's set-up).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    argv = sys.argv[1:]
    runs = 21
    if "--runs" in argv:
        i = argv.index("--runs")
        runs = int(argv[i + 1])
        del argv[i:i + 2]
    args = [a for a in argv if not a.startswith("--")]
    swasm = os.path.abspath(args[0] if args else os.path.join(HERE, "..", ".build", "release", "swasm"))
    source = os.path.join(HERE, "out", "large.c")
    large = os.path.join(HERE, "out", "large.wasm")
    if not os.path.exists(source) or not os.path.exists(large):
        subprocess.run([os.path.join(HERE, "gen-large-module.sh")], check=True)
    work = tempfile.mkdtemp(prefix="swasm-cache-bench-")
    app = os.path.join(work, "app.wasm")
    clang = os.environ.get("CLANG", "clang")
    subprocess.run([clang, "--target=wasm32", "-mcpu=mvp", "-O1", "-nostdlib", "-fno-builtin",
                    "-Wl,--no-entry", "-Wl,--no-gc-sections", "-Wl,--export=bench_entry", "-Wl,--export=f0_bytes",
                    "-Wl,-z,stack-size=65536", "-o", app, source], check=True)
    exports = os.path.join(work, "exports.wasm")
    with open(large, "rb") as f, open(exports, "wb") as g:
        g.write(f.read())
    time.sleep(2)  # file identities are recorded only for files unchanged for a second
    tiny = os.path.join(HERE, "bench", "fib.wasm")

    def wall(cmd):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return (time.perf_counter() - t) * 1e3

    base = statistics.median(wall([swasm, "run", "--invoke", "run", tiny, "1"]) for _ in range(runs))
    print(f"tiny module, no cache (process floor): {base:.2f} ms wall (median of {runs})")
    for name, path, call in [("app", app, ["--invoke", "f0_bytes", app, "1", "2"]),
                             ("exports", exports, ["--invoke", "__wasm_call_ctors", exports])]:
        cache = os.path.join(work, "cache-" + name)
        for _ in range(2):  # compile and store; then a hit that records the file's identity
            subprocess.run([swasm, "run", "--cache", cache] + call, check=True, stdout=subprocess.DEVNULL)
        steps = {}
        walls = [wall([swasm, "run", "--cache", cache] + call) for _ in range(runs)]  # without --timing's repeat
        for _ in range(runs):
            p = subprocess.run([swasm, "run", "--timing", "--cache", cache] + call, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for line in p.stderr.splitlines():
                warm = line.startswith("warm:")
                for part in line.removeprefix("warm: ").split(", "):
                    key, _, value = part.partition(": ")
                    if value.endswith(" µs"):
                        steps.setdefault(("warm " if warm else "") + key, []).append(float(value[:-3]))
        size = os.path.getsize(path) / 1e6
        print(f"\n{name} ({size:.1f} MB), {runs} runs, medians:")
        for key, values in steps.items():
            print(f"  {key:20s} {statistics.median(values) / 1000:7.3f} ms")
        print(f"  whole process         {statistics.median(walls):7.2f} ms wall "
              f"({statistics.median(walls) - base:+.2f} ms over the tiny module)")


main()

#!/usr/bin/env python3
"""WASI speed: cold start-up of `swasm run hello.wasm` (process start to exit) and the throughput of copying a
100 MB file through fd_read/fd_write (wasi-tests/programs/copy.wasm, 1 MiB blocks) in a preopened directory, with
`cp` and wasmtime 50.0.1 (CLI-less, through its Python API: start-up not comparable, so only the copy) beside it.

    swift build -c release -j 2 --product swasm && Benchmarks/wasi-bench.py [--swasm .build/release/swasm] [--runs N]

Prints medians (and minimums) over N runs (default 21 for start-up, 7 for the copy).
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
ap = argparse.ArgumentParser()
ap.add_argument("--swasm", default=os.path.join(root, ".build", "release", "swasm"))
ap.add_argument("--runs", type=int, default=21)
a = ap.parse_args()
programs = os.path.join(root, "wasi-tests", "programs")


def timed(argv, runs, **kw):
    xs = []
    for _ in range(runs):
        s = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, **kw)
        xs.append(time.perf_counter() - s)
        assert p.returncode == 0, argv
    return statistics.median(xs), min(xs)


m, lo = timed(["/bin/true"], a.runs)
print(f"process start (/bin/true): median {m * 1000:.2f} ms, min {lo * 1000:.2f} ms")
m, lo = timed([a.swasm, "run", os.path.join(programs, "hello.wasm")], a.runs)
print(f"swasm run hello.wasm: median {m * 1000:.2f} ms, min {lo * 1000:.2f} ms")

d = tempfile.mkdtemp(prefix="swasm-wasi-bench-")
try:
    with open(os.path.join(d, "src.bin"), "wb") as f:
        f.write(os.urandom(100_000_000))

    def copy_swasm():
        return [a.swasm, "run", "--dir", f"{d}::/d", os.path.join(programs, "copy.wasm"), "/d/src.bin", "/d/dst.bin"]

    m, lo = timed(copy_swasm(), 7)
    print(f"copy 100 MB, swasm: median {m * 1000:.1f} ms = {0.1 / m:.2f} GB/s (best {0.1 / lo:.2f} GB/s)")
    m, lo = timed(["cp", os.path.join(d, "src.bin"), os.path.join(d, "dst.bin")], 7)
    print(f"copy 100 MB, cp: median {m * 1000:.1f} ms = {0.1 / m:.2f} GB/s")
    try:
        import wasmtime
        engine = wasmtime.Engine()
        module = wasmtime.Module.from_file(engine, os.path.join(programs, "copy.wasm"))
        xs = []
        for _ in range(7):
            cfg = wasmtime.WasiConfig()
            cfg.argv = ["copy", "/d/src.bin", "/d/dst.bin"]
            cfg.preopen_dir(d, "/d")
            store = wasmtime.Store(engine)
            store.set_wasi(cfg)
            linker = wasmtime.Linker(engine)
            linker.define_wasi()
            s = time.perf_counter()
            linker.instantiate(store, module).exports(store)["_start"](store)
            xs.append(time.perf_counter() - s)
        m = statistics.median(xs)
        print(f"copy 100 MB, wasmtime 50.0.1 (in-process, compile excluded): median {m * 1000:.1f} ms = {0.1 / m:.2f} GB/s")
    except ImportError:
        pass
finally:
    shutil.rmtree(d)

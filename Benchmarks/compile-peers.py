#!/usr/bin/env python3
"""Compile throughput of wasmtime 50.0.1 (Winch and Cranelift) on a large module, one thread, for comparison
with `CompileBench` (swasm). MB = 10^6 bytes of function bodies (the code section's bodies).

    Benchmarks/compile-peers.py [Benchmarks/out/large.wasm] [RUNS]
"""
import os, sys, time, statistics
import wasmtime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import engines  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/out/large.wasm"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
data = open(path, "rb").read()


def leb(b, i):
    v = s = 0
    while True:
        x = b[i]; i += 1
        v |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return v, i


def body_bytes(b):
    i, total = 8, 0
    while i < len(b):
        sid = b[i]; size, j = leb(b, i + 1)
        if sid == 10:
            n, k = leb(b, j)
            for _ in range(n):
                sz, k2 = leb(b, k); total += sz; k = k2 + sz
        i = j + size
    return total


code = body_bytes(data)
print(f"module: {path}, {len(data)} bytes, function bodies {code} bytes; load {open('/proc/loadavg').read().strip()}")
for name, engine in engines():
    times = []
    for _ in range(runs):
        t = time.perf_counter(); wasmtime.Module(engine, data); times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"{name}: median {med * 1000:.0f} ms, {code / med / 1e6:.1f} MB/s of code (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f} ms, {runs} runs)")

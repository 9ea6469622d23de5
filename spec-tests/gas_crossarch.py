#!/usr/bin/env python3
"""Metering is deterministic across architectures: the same module, cost model and calls leave the same gas
and trap at the same point in-process on x86-64 (`swasm run --gas`), in x86-64 artifacts (native harness) and in
AArch64 artifacts (harness under qemu-aarch64-static).

For each case (the nine bench programs with small arguments, and the factorial functions of the spec's fac.wast):
  1. `swasm run --gas BIG` gives the gas used U;
  2. metered artifacts for both architectures run through the harness: with budget BIG exactly BIG-U must be left,
     with budget U the call succeeds, with budget U-1 it traps with "out of gas".
Usage: spec-tests/gas_crossarch.py SWASM HARNESS_X86_64 HARNESS_AARCH64 [QEMU...]
Prints one line per case and "gas cross-arch: P passed, F failed".
"""
import os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
bench = os.path.join(root, "Benchmarks", "bench")
swasm, hx86, ha64 = sys.argv[1:4]
qemu = sys.argv[4:] or ["qemu-aarch64-static", "-cpu", "cortex-a53"]
BIG = 1 << 50

cases = [(os.path.join(bench, f"{n}.wasm"), "run", [("i32", a)]) for n, a in
         [("fib", 15), ("nbody", 100), ("sha256", 1), ("sieve", 1), ("matmul", 10), ("qsort", 1000), ("crc32", 1),
          ("interp", 100), ("dispatch", 1000)]]

def fac_module(tmp):
    # the spec's fac.wast module (first module of the file), as a binary
    src = open(os.path.join(here, "testsuite", "fac.wast")).read()
    start = src.index("(module")
    depth, i = 0, start
    while True:
        if src[i] == "(": depth += 1
        elif src[i] == ")":
            depth -= 1
            if depth == 0: break
        i += 1
    wat = os.path.join(tmp, "fac.wat")
    open(wat, "w").write(src[start:i + 1])
    out = os.path.join(tmp, "fac.wasm")
    subprocess.run([swasm, "wat2wasm", wat, "-o", out], check=True)
    return out

def hexname(s): return "x" + s.encode().hex()

def gas_used(wasm, export, args):
    p = subprocess.run([swasm, "run", "--gas", str(BIG), "--invoke", export, wasm] + [str(v) for _, v in args],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return int(p.stderr.strip().split("gas used:")[-1])

def harness_ok(harness, runner, artifact, export, args, used, tmp, tag):
    argv = " ".join(f"{t}:{v & ((1 << (32 if t == 'i32' else 64)) - 1)}" for t, v in args)
    call = f"invoke - {hexname(export)} {len(args)} {argv}"
    lines = [f"script gas-{tag}", f"module 1 {artifact} -",
             f"gas {BIG}", f"action 2 {call}", f"gas_left 3 {BIG - used}",
             f"gas {used}", f"action 4 {call}", f"gas_left 5 0",
             f"gas {used - 1}", f"assert_trap 6 {call} | out of gas"]
    script = os.path.join(tmp, f"{tag}.txt")
    open(script, "w").write("\n".join(lines) + "\n")
    p = subprocess.run(runner + [harness, script], capture_output=True, text=True)
    return p.returncode == 0 and "0 failed" in p.stdout, (p.stdout + p.stderr).strip()

def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        fac = fac_module(tmp)
        all_cases = cases + [(fac, f, [("i64", 20)]) for f in ["fac-rec", "fac-iter", "fac-rec-named", "fac-iter-named", "fac-opt"]]
        for n, (wasm, export, args) in enumerate(all_cases):
            used = gas_used(wasm, export, args)
            ok_all = True
            notes = []
            for arch, harness, runner in [("x86_64", hx86, []), ("aarch64", ha64, qemu)]:
                art = os.path.join(tmp, f"{n}.{arch}")
                subprocess.run([swasm, "compile", "--gas-metering", "--arch", arch, wasm, "-o", art], check=True)
                ok, out = harness_ok(harness, runner, art, export, args, used, tmp, f"{n}-{arch}")
                ok_all &= ok
                if not ok: notes.append(f"{arch}: {out[-300:]}")
            name = f"{os.path.basename(wasm)}:{export}"
            print(f"{name:28} gas {used:>10}  {'same on x86_64 JIT, x86_64 AOT, aarch64 AOT' if ok_all else 'MISMATCH ' + '; '.join(notes)}")
            passed += ok_all
            failed += not ok_all
    print(f"gas cross-arch: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

main()

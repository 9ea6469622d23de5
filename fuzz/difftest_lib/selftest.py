"""`fuzz/difftest --self-test`: the tester must agree on known-good modules and must report a deliberately wrong
oracle (results, memory) and a deliberately wrong gas budget on the aarch64 side."""
import os
import random
import subprocess

from . import generators, swasm_runs, wasmbin
from .binaries import WASM_TOOLS

KNOWN_GOOD = {
    "traps": """(module
      (import "spectest" "print_i32" (func $p (param i32)))
      (import "spectest" "global_i32" (global $gi i32))
      (global $g (export "g") (mut i32) (i32.const 5))
      (global $h (export "h") (mut i64) (i64.const -1))
      (global $fl (export "fl") f32 (f32.const -0.5))
      (memory (export "m") 1 3)
      (table 2 funcref) (elem (i32.const 0) $div)
      (func $div (export "div") (param i32) (result i32 i64)
        (call $p (local.get 0)) (global.set $g (local.get 0)) (i32.store (i32.const 100) (local.get 0))
        (i32.div_s (i32.const 7) (local.get 0)) (i64.const -1))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "ci") (param i32) (call_indirect (local.get 0)))
      (func (export "load") (param i32) (result i64) (i64.load offset=3 (local.get 0)))
      (func (export "conv") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export "unr") unreachable))""",
    "numbers": """(module
      (memory (export "m") 1)
      (func (export "i64") (param i64 i64) (result i64 i64 i64)
        (i64.rotl (local.get 0) (local.get 1)) (i64.div_u (local.get 0) (i64.or (local.get 1) (i64.const 1)))
        (i64.extend32_s (local.get 0)))
      (func (export "f32") (param f32 f32) (result f32 f32 i32)
        (f32.min (local.get 0) (local.get 1)) (f32.sqrt (local.get 0)) (i32.trunc_sat_f32_s (local.get 1)))
      (func (export "f64") (param f64 i32) (result f64)
        (f64.store (local.get 1) (f64.nearest (local.get 0))) (f64.copysign (local.get 0) (f64.const -1)))
      (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))""",
    "loops": """(module
      (global $acc (export "acc") (mut i64) (i64.const 0))
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "sum") (param i32) (result i64) (local i64)
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 0)))
          (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l)))
        (global.set $acc (i64.add (global.get $acc) (local.get 1)))
        (local.get 1)))""",
    "refs": """(module
      (table $t (export "t") 4 8 funcref)
      (global $r (export "r") (mut funcref) (ref.null func))
      (global $e (export "e") (mut externref) (ref.null extern))
      (func $f (export "f") (result i32) (i32.const 7))
      (elem declare func $f)
      (func (export "set") (param externref) (global.set $e (local.get 0)) (global.set $r (ref.func $f)))
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))
      (func (export "size") (result i32) (table.size $t)))""",
}


def _modules(workdir):
    mods = []
    for i, (name, wat) in enumerate(KNOWN_GOOD.items()):
        src, path = os.path.join(workdir, name + ".wat"), os.path.join(workdir, name + ".wasm")
        with open(src, "w") as f:
            f.write(wat)
        subprocess.run([WASM_TOOLS, "parse", src, "-o", path], check=True)
        wasm = open(path, "rb").read()
        info = wasmbin.parse(wasm)
        calls = generators.calls_for(info, random.Random(f"selftest:{name}"), repeat=4)
        mods.append({"key": f"m{i}", "idx": i, "gen": "selftest", "seed": "-", "path": path, "wasm": wasm,
                     "info": info, "calls": calls})
    return mods


def self_test(a, tools, configs, out, test_modules, stats_factory, oracle_factory):
    workdir = os.path.join(swasm_runs.ROOT, "fuzz", "out", "difftest", "selftest")
    os.makedirs(workdir, exist_ok=True)
    ok = True
    results = []
    for label, wrong_oracle, gas_skew, expect in [("known-good modules", False, 0, False),
                                                  ("wrong oracle (results, memory)", True, 0, True),
                                                  ("wrong gas budget on aarch64", False, 1, True)]:
        if gas_skew and "aarch64" not in configs:
            continue
        a.wrong_oracle = wrong_oracle
        swasm_runs.HARNESS_GAS_SKEW = gas_skew
        stats = stats_factory()
        lines = []
        test_modules(a, tools, oracle_factory(), configs, _modules(workdir), workdir, stats, lines.append)
        found = stats.disagreements > 0
        if gas_skew:
            found = any(f.kind == "gas" for _, f in stats.findings)
        good = found == expect
        ok &= good
        results.append(f"selftest: {label}: {stats.agree}/{stats.total} agree, {stats.disagreements} disagreements "
                       f"-> {'ok' if good else 'WRONG'} (expected {'disagreements' if expect else 'none'})")
        if not good:
            results += ["  " + ln for ln in lines[:10]]
    swasm_runs.HARNESS_GAS_SKEW = 0
    for r in results:
        out(r)
    out(f"selftest: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1

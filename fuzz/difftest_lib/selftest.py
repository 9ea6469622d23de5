"""`fuzz/difftest --self-test`: the tester must agree on known-good modules and must report a deliberately wrong
oracle (results, memory) and a deliberately wrong gas budget on the aarch64 side.

The SIMD modules (KNOWN_GOOD_SIMD; left out with --no-simd) must agree like the others in every configuration whose
code generator has SIMD; a configuration that rejects them as `unsupported` (no SIMD code generation on that
architecture yet) is named on a `selftest: SIMD ...` line and does not fail the self-test."""
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

# Only deterministic SIMD: float arithmetic that can produce a NaN is canonicalized ($c32/$c64, as smith's
# --canonicalize-nans does); abs/neg/copy/lane moves/pmin keep NaN payloads bit for bit in every engine.
KNOWN_GOOD_SIMD = {
    "simd": """(module
      (memory (export "m") 1 2)
      (global $v (export "v") (mut v128) (v128.const i32x4 1 2 3 4))
      (global $k (export "k") v128 (v128.const f64x2 1.5 -0))
      (func $c32 (param v128) (result v128)
        (v128.bitselect (local.get 0) (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)
                        (f32x4.eq (local.get 0) (local.get 0))))
      (func $c64 (param v128) (result v128)
        (v128.bitselect (local.get 0) (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)
                        (f64x2.eq (local.get 0) (local.get 0))))
      (func (export "int") (param v128 v128) (result v128 v128 i32)
        (i32x4.add (local.get 0) (local.get 1))
        (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1))
        (i32.add (i8x16.bitmask (local.get 0)) (i32.shl (v128.any_true (local.get 1)) (i32.const 16))))
      (func (export "mix") (param v128 v128 i32) (result v128 v128 v128)
        (i16x8.add_sat_s (i16x8.mul (local.get 0) (local.get 1)) (i64x2.shr_s (local.get 1) (local.get 2)))
        (i16x8.narrow_i32x4_s (i32x4.dot_i16x8_s (local.get 0) (local.get 1)) (i8x16.popcnt (local.get 1)))
        (select (i8x16.swizzle (local.get 0) (local.get 1)) (i64x2.mul (local.get 0) (local.get 1)) (local.get 2)))
      (func (export "float") (param v128 v128) (result v128 v128 v128 v128)
        (call $c32 (f32x4.add (local.get 0) (f32x4.mul (local.get 0) (local.get 1))))
        (call $c64 (f64x2.sqrt (f64x2.min (local.get 0) (local.get 1))))
        (f32x4.abs (f32x4.neg (local.get 1)))
        (f64x2.pmin (local.get 0) (local.get 1)))
      (func (export "conv") (param v128) (result v128 v128 v128 i32)
        (i32x4.trunc_sat_f32x4_s (local.get 0))
        (call $c64 (f64x2.promote_low_f32x4 (local.get 0)))
        (f32x4.convert_i32x4_u (local.get 0))
        (i32x4.all_true (f32x4.lt (local.get 0) (f32x4.splat (f32.const 1)))))
      (func (export "lanes") (param f64 i64 v128) (result f64 i64 v128 f32)
        (f64x2.extract_lane 1 (local.get 2))
        (i64x2.extract_lane 0 (local.get 2))
        (f64x2.replace_lane 0 (i64x2.splat (local.get 1)) (local.get 0))
        (f32x4.extract_lane 3 (local.get 2)))
      (func (export "mem") (param i32 v128) (result v128 v128)
        (global.set $v (i32x4.sub (global.get $v) (local.get 1)))
        (v128.store offset=7 (local.get 0) (local.get 1))
        (v128.store16_lane offset=1 5 (i32.const 97) (local.get 1))
        (v128.load8x8_s offset=3 (local.get 0))
        (v128.load32_zero (i32.const 96))))""",
    "simd-loop": """(module
      (global $acc (export "acc") (mut v128) (v128.const i64x2 0 0))
      (func $step (param v128 v128) (result v128)
        (i32x4.add (i32x4.mul (local.get 0) (local.get 1)) (v128.const i32x4 1 2 3 4)))
      (func (export "loop") (param v128 i32) (result v128) (local v128)
        (local.set 2 (local.get 0))
        (local.set 1 (i32.and (local.get 1) (i32.const 63)))
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 1)))
          (local.set 2 (call $step (local.get 2) (local.get 0)))
          (local.set 0 (i8x16.swizzle (local.get 0) (v128.and (local.get 2) (i8x16.splat (i32.const 15)))))
          (global.set $acc (i16x8.add (global.get $acc) (i16x8.extmul_low_i8x16_u (local.get 2) (local.get 0))))
          (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
          (br $l)))
        (local.get 2)))""",
}


def _modules(workdir, simd=True):
    mods = []
    known = dict(KNOWN_GOOD, **(KNOWN_GOOD_SIMD if simd else {}))
    for i, (name, wat) in enumerate(known.items()):
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
        test_modules(a, tools, oracle_factory(), configs, _modules(workdir, not a.no_simd), workdir, stats,
                     lines.append)
        # a SIMD module a configuration's code generator cannot compile yet says nothing about the tester
        unsupported = [(m, f) for m, f in stats.findings if f.kind == "unsupported" and m["path"].endswith(
            tuple(f"/{name}.wasm" for name in KNOWN_GOOD_SIMD))]
        if unsupported and not wrong_oracle and not gas_skew:
            by = {}
            for m, f in unsupported:
                by.setdefault(f.config, []).append(os.path.basename(m["path"])[:-5])
            results.append("selftest: SIMD not supported yet (not counted): " + "; ".join(
                f"{c}: {', '.join(ms)}" for c, ms in by.items()))
        counted = stats.disagreements - len(unsupported)
        found = counted > 0
        if gas_skew:
            found = any(f.kind == "gas" for _, f in stats.findings)
        good = found == expect
        ok &= good
        results.append(f"selftest: {label}: {stats.agree}/{stats.total} agree, {counted} disagreements "
                       f"-> {'ok' if good else 'WRONG'} (expected {'disagreements' if expect else 'none'})")
        if not good:
            results += ["  " + ln for ln in lines[:10]]
    swasm_runs.HARNESS_GAS_SKEW = 0
    for r in results:
        out(r)
    out(f"selftest: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1

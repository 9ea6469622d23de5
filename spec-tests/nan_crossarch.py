#!/usr/bin/env python3
"""Deterministic NaNs across architectures: with `--canonicalize-nans`, every float operation that can make a NaN,
scalar or vector, gives the same bits in-process on x86-64 (`swasm difftest-exec`), in x86-64 artifacts (native
harness) and in AArch64 artifacts (harness under qemu-aarch64-static), and every NaN it makes is the canonical
one (0x7fc00000 / 0x7ff8000000000000).

Each case is a function returning the bits of a float result (vector results as their two i64 halves), fed NaNs
with payloads and signs, and the operations whose NaNs differ between the ISAs (x86-64 makes a negative
"default NaN" for 0/0, sqrt(-1), inf-inf; AArch64 a positive one; both propagate an input's payload).
Without the flag the same functions are also run on both architectures and the number of results that differ is
printed (wasm allows either; it is the mode that removes the difference).

Usage: spec-tests/nan_crossarch.py SWASM HARNESS_X86_64 HARNESS_AARCH64 [QEMU...]
Prints one line per case and "nan cross-arch: P passed, F failed".
"""
import os, subprocess, sys, tempfile

swasm, hx86, ha64 = sys.argv[1:4]
qemu = sys.argv[4:] or ["qemu-aarch64-static", "-cpu", "cortex-a53"]

F32_QNAN_PAYLOAD = "(f32.reinterpret_i32 (i32.const 0x7fc01234))"
F32_SNAN = "(f32.reinterpret_i32 (i32.const 0x7f800001))"
F32_NEG_NAN = "(f32.reinterpret_i32 (i32.const 0xffc00077))"
F64_QNAN_PAYLOAD = "(f64.reinterpret_i64 (i64.const 0x7ff8000000001234))"
F64_SNAN = "(f64.reinterpret_i64 (i64.const 0x7ff0000000000001))"
F64_NEG_NAN = "(f64.reinterpret_i64 (i64.const 0xfff8000000000077))"

# (name, result type, body): scalar cases return the float's bits.
SCALAR = [
    ("f32.div 0/0", "i32", "(i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0)))"),
    ("f32.sqrt -1", "i32", "(i32.reinterpret_f32 (f32.sqrt (f32.const -1)))"),
    ("f32.sub inf-inf", "i32", "(i32.reinterpret_f32 (f32.sub (f32.const inf) (f32.const inf)))"),
    ("f32.mul 0*inf", "i32", "(i32.reinterpret_f32 (f32.mul (f32.const 0) (f32.const -inf)))"),
    ("f32.add nan+nan", "i32", f"(i32.reinterpret_f32 (f32.add {F32_QNAN_PAYLOAD} {F32_NEG_NAN}))"),
    ("f32.add 1+snan", "i32", f"(i32.reinterpret_f32 (f32.add (f32.const 1) {F32_SNAN}))"),
    ("f32.min nan,1", "i32", f"(i32.reinterpret_f32 (f32.min {F32_NEG_NAN} (f32.const 1)))"),
    ("f32.max 1,nan", "i32", f"(i32.reinterpret_f32 (f32.max (f32.const 1) {F32_QNAN_PAYLOAD}))"),
    ("f32.ceil nan", "i32", f"(i32.reinterpret_f32 (f32.ceil {F32_SNAN}))"),
    ("f32.nearest nan", "i32", f"(i32.reinterpret_f32 (f32.nearest {F32_NEG_NAN}))"),
    ("f32.demote nan", "i32", f"(i32.reinterpret_f32 (f32.demote_f64 {F64_QNAN_PAYLOAD}))"),
    ("f64.div 0/0", "i64", "(i64.reinterpret_f64 (f64.div (f64.const 0) (f64.const 0)))"),
    ("f64.sqrt -1", "i64", "(i64.reinterpret_f64 (f64.sqrt (f64.const -1)))"),
    ("f64.sub nan-nan", "i64", f"(i64.reinterpret_f64 (f64.sub {F64_NEG_NAN} {F64_QNAN_PAYLOAD}))"),
    ("f64.mul snan*2", "i64", f"(i64.reinterpret_f64 (f64.mul {F64_SNAN} (f64.const 2)))"),
    ("f64.min 1,nan", "i64", f"(i64.reinterpret_f64 (f64.min (f64.const 1) {F64_NEG_NAN}))"),
    ("f64.floor nan", "i64", f"(i64.reinterpret_f64 (f64.floor {F64_QNAN_PAYLOAD}))"),
    ("f64.promote nan", "i64", f"(i64.reinterpret_f64 (f64.promote_f32 {F32_NEG_NAN}))"),
]

V_F32_NANS = "(v128.const i32x4 0x7fc01234 0xffc00077 0x7f800001 0x3f800000)"
V_F32_ZEROS = "(v128.const f32x4 0 -0 0 -1)"
V_F64_NANS = "(v128.const i64x2 0x7ff8000000001234 0xfff8000000000077)"
V_F64_NUMS = "(v128.const f64x2 -1 inf)"
# Vector cases return the two i64 halves of the result.
VECTOR = [
    ("f32x4.div 0/0", f"(f32x4.div {V_F32_ZEROS} {V_F32_ZEROS})"),
    ("f32x4.sqrt", f"(f32x4.sqrt {V_F32_ZEROS})"),
    ("f32x4.add nans", f"(f32x4.add {V_F32_NANS} {V_F32_ZEROS})"),
    ("f32x4.mul nans", f"(f32x4.mul {V_F32_ZEROS} {V_F32_NANS})"),
    ("f32x4.min nans", f"(f32x4.min {V_F32_NANS} {V_F32_ZEROS})"),
    ("f32x4.max nans", f"(f32x4.max {V_F32_ZEROS} {V_F32_NANS})"),
    ("f32x4.floor nans", f"(f32x4.floor {V_F32_NANS})"),
    ("f32x4.nearest nans", f"(f32x4.nearest {V_F32_NANS})"),
    ("f32x4.demote nans", f"(f32x4.demote_f64x2_zero {V_F64_NANS})"),
    ("f64x2.sub inf-inf", f"(f64x2.sub {V_F64_NUMS} {V_F64_NUMS})"),
    ("f64x2.sqrt -1", f"(f64x2.sqrt {V_F64_NUMS})"),
    ("f64x2.div nans", f"(f64x2.div {V_F64_NANS} {V_F64_NUMS})"),
    ("f64x2.min nans", f"(f64x2.min {V_F64_NUMS} {V_F64_NANS})"),
    ("f64x2.ceil nans", f"(f64x2.ceil {V_F64_NANS})"),
    ("f64x2.promote nans", f"(f64x2.promote_low_f32x4 {V_F32_NANS})"),
]


def module_text():
    funcs = []
    for i, (_, t, body) in enumerate(SCALAR):
        funcs.append(f'(func (export "s{i}") (result {t}) {body})')
    for i, (_, body) in enumerate(VECTOR):
        funcs.append(f'(func (export "v{i}") (result i64 i64) (local $v v128) (local.set $v {body})'
                     f' (i64x2.extract_lane 0 (local.get $v)) (i64x2.extract_lane 1 (local.get $v)))')
    return "(module\n  " + "\n  ".join(funcs) + ")\n"


def hexname(s): return "x" + s.encode().hex()


def exports():
    return [f"s{i}" for i in range(len(SCALAR))] + [f"v{i}" for i in range(len(VECTOR))]


def script(path):
    lines = ["script nan-crossarch", f"module 1 {path} -"]
    for n, e in enumerate(exports()):
        lines.append(f"observe {n + 2} invoke - {hexname(e)} 0")
    return "\n".join(lines) + "\n"


def results(out):
    """obs lines -> list of the result part ('ok i32:...'), in order."""
    r = []
    for line in out.splitlines():
        if line.startswith("obs "):
            r.append(line.split(" ", 2)[2].split(" |")[0])
    return r


def run_all(tmp, wasm, canonical):
    flag = ["--canonicalize-nans"] if canonical else []
    tag = "canon" if canonical else "plain"
    outs = {}
    s_jit = os.path.join(tmp, f"jit-{tag}.txt")
    open(s_jit, "w").write(script(wasm))
    p = subprocess.run([swasm, "difftest-exec"] + flag + [s_jit], capture_output=True, text=True)
    outs["x86_64 JIT"] = results(p.stdout) if p.returncode == 0 else [f"error: {p.stderr.strip()[-300:]}"]
    for arch, harness, runner in [("x86_64", hx86, []), ("aarch64", ha64, qemu)]:
        art = os.path.join(tmp, f"{arch}-{tag}.aot")
        c = subprocess.run([swasm, "compile", "--arch", arch] + flag + [wasm, "-o", art], capture_output=True, text=True)
        if c.returncode != 0:
            outs[f"{arch} AOT"] = [f"error: {c.stderr.strip()[-300:]}"]
            continue
        s = os.path.join(tmp, f"{arch}-{tag}.txt")
        open(s, "w").write(script(art))
        p = subprocess.run(runner + [harness, s], capture_output=True, text=True)
        outs[f"{arch} AOT"] = results(p.stdout)
    return outs


def canonical_ok(name, res):
    """Every NaN in a result is canonical (f32x4 results come as i64 halves of two f32 lanes each)."""
    def f32_ok(w): return not ((w & 0x7f800000) == 0x7f800000 and (w & 0x7fffff) and w != 0x7fc00000)
    def f64_ok(w):
        return not ((w & 0x7ff0000000000000) == 0x7ff0000000000000 and (w & 0xfffffffffffff)
                    and w != 0x7ff8000000000000)
    for tok in res.split()[1:]:
        t, v = tok.split(":")
        v = int(v)
        if t == "i32" and not f32_ok(v):
            return False
        if t == "i64" and name.startswith("f32x4") and not (f32_ok(v & 0xffffffff) and f32_ok(v >> 32)):
            return False
        if t == "i64" and not name.startswith("f32x4") and not f64_ok(v):
            return False
    return True


def main():
    names = [n for n, _, _ in SCALAR] + [n for n, _ in VECTOR]
    with tempfile.TemporaryDirectory() as tmp:
        wat = os.path.join(tmp, "nans.wat")
        open(wat, "w").write(module_text())
        wasm = os.path.join(tmp, "nans.wasm")
        subprocess.run([swasm, "wat2wasm", wat, "-o", wasm], check=True)
        canon = run_all(tmp, wasm, True)
        plain = run_all(tmp, wasm, False)
    passed = failed = 0
    for k, name in enumerate(names):
        got = {cfg: (r[k] if k < len(r) else r[0] if r else "missing") for cfg, r in canon.items()}
        values = set(got.values())
        ok = len(values) == 1 and next(iter(values)).startswith("ok") and canonical_ok(name, next(iter(values)))
        print(f"{name:22} {'same on x86_64 JIT, x86_64 AOT, aarch64 AOT: ' + next(iter(values)) if ok else 'MISMATCH ' + repr(got)}")
        passed += ok
        failed += not ok
    differ = sum(1 for k in range(len(names))
                 if len({(r[k] if k < len(r) else None) for r in plain.values()}) > 1)
    print(f"without --canonicalize-nans: {differ} of {len(names)} results differ across the three")
    print(f"nan cross-arch: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()

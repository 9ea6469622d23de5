#!/usr/bin/env python3
"""Checks fuzz/gen/swasmgen.py over a range of seeds.

    python3 fuzz/gen/check.py validate 0 2000      # wasm-tools validate (Wasm 2.0 features, no SIMD)
    python3 fuzz/gen/check.py run 0 1000           # run every call in wasmtime with fuel: outcomes, fuel, traps
    python3 fuzz/gen/check.py speed 0 500          # generation time and module sizes
    python3 fuzz/gen/check.py determinism 0 200    # the same seed gives the same bytes (also across processes)
    python3 fuzz/gen/check.py swasm 0 300 [SWASM [FLAGS...]]
                                                   # smoke test: `swasm difftest-exec` against wasmtime (results,
                                                   # trap kinds, memory hash); SWASM defaults to .build/debug/swasm

`run` also runs every module a second time with Cranelift's NaN canonicalization turned on and compares every
observation (results, trap kinds, memory hash, globals, host-call arguments): an arithmetic NaN whose sign or
payload reaches something observable makes the two differ (x86 makes negative default NaNs).
"""
import collections
import ctypes
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import swasmgen  # noqa: E402

FEATURES = "mvp,mutable-global,saturating-float-to-int,sign-extension,multi-value,bulk-memory,reference-types,floats"
FUEL = 20_000_000


def cmd_validate(lo, hi):
    fails = 0
    msgs = collections.Counter()
    with tempfile.TemporaryDirectory() as d:
        for s in range(lo, hi):
            w, _ = swasmgen.generate(s)
            p = os.path.join(d, "m.wasm")
            with open(p, "wb") as f:
                f.write(w)
            r = subprocess.run(["wasm-tools", "validate", "--features", FEATURES, p], capture_output=True, text=True)
            if r.returncode:
                fails += 1
                msgs[r.stderr.strip().splitlines()[0][:120] if r.stderr.strip() else "?"] += 1
                print(f"seed {s}: {r.stderr.strip()[:300]}")
    print(f"validate: {hi - lo - fails} valid, {fails} invalid of {hi - lo} seeds (features {FEATURES})")
    for m, n in msgs.most_common(10):
        print(f"  {n} x {m}")
    return 1 if fails else 0


def cmd_speed(lo, hi):
    sizes = []
    t0 = time.perf_counter()
    worst = 0.0
    for s in range(lo, hi):
        t = time.perf_counter()
        w, calls = swasmgen.generate(s)
        worst = max(worst, time.perf_counter() - t)
        sizes.append(len(w))
    dt = time.perf_counter() - t0
    sizes.sort()
    n = len(sizes)
    print(f"speed: {n} modules in {dt:.2f} s = {1000 * dt / n:.1f} ms/module (worst {1000 * worst:.1f} ms); "
          f"size min {sizes[0]} / p10 {sizes[n // 10]} / median {sizes[n // 2]} / p90 {sizes[9 * n // 10]} / "
          f"max {sizes[-1]} bytes")
    return 0


def cmd_determinism(lo, hi):
    here = hashlib.sha256()
    for s in range(lo, hi):
        w, calls = swasmgen.generate(s)
        w2, calls2 = swasmgen.generate(s)
        if w != w2 or calls != calls2:
            print(f"seed {s}: two generations differ")
            return 1
        here.update(w)
    code = ("import sys,hashlib; sys.path.insert(0, %r); import swasmgen; h=hashlib.sha256()\n"
            "for s in range(%d, %d): h.update(swasmgen.generate(s)[0])\nprint(h.hexdigest())" % (HERE, lo, hi))
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONHASHSEED="12345")).stdout.strip()
    ok = other == here.hexdigest()
    print(f"determinism: {hi - lo} seeds, same bytes in this process and another one: {ok}")
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------------------------
# wasmtime runner

TRAP_NAMES = {
    "STACK_OVERFLOW": "call stack exhausted", "MEMORY_OUT_OF_BOUNDS": "out of bounds memory access",
    "TABLE_OUT_OF_BOUNDS": "out of bounds table access / undefined element",
    "INDIRECT_CALL_TO_NULL": "uninitialized element", "BAD_SIGNATURE": "indirect call type mismatch",
    "INTEGER_OVERFLOW": "integer overflow", "INTEGER_DIVISION_BY_ZERO": "integer divide by zero",
    "BAD_CONVERSION_TO_INTEGER": "invalid conversion to integer", "UNREACHABLE": "unreachable",
    "OUT_OF_FUEL": "OUT OF FUEL",
}


def make_engine(canon_nan, stack):
    import wasmtime
    c = wasmtime.Config()
    c.consume_fuel = True
    c.parallel_compilation = False
    c.cranelift_opt_level = "none"
    c.cranelift_nan_canonicalization = canon_nan
    c.max_wasm_stack = stack
    c.wasm_simd = False
    c.wasm_relaxed_simd = False
    return wasmtime.Engine(c)


def bits(t, v):
    if t == "i32":
        return v & 0xFFFFFFFF
    if t == "i64":
        return v & 0xFFFFFFFFFFFFFFFF
    if t == "f32":
        return struct.unpack("<I", struct.pack("<f", v))[0]
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def arg(a):
    t, v = a.split(":")
    v = int(v)
    if t == "i32":
        return v - (1 << 32) if v >> 31 else v
    if t == "i64":
        return v - (1 << 64) if v >> 63 else v
    if t == "f32":
        return struct.unpack("<f", struct.pack("<I", v))[0]
    return struct.unpack("<d", struct.pack("<Q", v))[0]


def run_module(engine, wasm, calls):
    """[(outcome, fuel used, observation string)] per call, or an error string"""
    import wasmtime
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    log = []
    for name, params in (("print", []), ("print_i32", ["i32"]), ("print_i64", ["i64"]), ("print_f32", ["f32"]),
                         ("print_f64", ["f64"]), ("print_i32_f32", ["i32", "f32"]),
                         ("print_f64_f64", ["f64", "f64"])):
        ft = wasmtime.FuncType([getattr(wasmtime.ValType, p)() for p in params], [])

        def host(*a, _n=name, _p=params):
            log.append(_n + "(" + ",".join(str(bits(t, v)) for t, v in zip(_p, a)) + ")")
        linker.define_func("spectest", name, ft, host)
    for name, t, v in (("global_i32", "i32", 666), ("global_i64", "i64", 666), ("global_f32", "f32", 666.6),
                       ("global_f64", "f64", 666.6)):
        linker.define(store, "spectest", name,
                      wasmtime.Global(store, wasmtime.GlobalType(getattr(wasmtime.ValType, t)(), False), v))
    module = wasmtime.Module(engine, wasm)
    store.set_fuel(FUEL)
    inst = linker.instantiate(store, module)
    ex = inst.exports(store)
    mem = ex["memory"]
    gl = [(n, ex[n]) for n in [e.name for e in module.exports] if n.startswith("g")]
    out = []
    for call in calls:
        f = ex[call["export"]]
        store.set_fuel(FUEL)
        log.clear()
        try:
            r = f(store, *[arg(a) for a in call["args"]])
            rt = [str(x) for x in f.type(store).results]
            vals = [] if not rt else [r] if len(rt) == 1 else list(r)
            outcome = "return"
            where = None
            res = ",".join(f"{t}:{bits(t, v)}" for t, v in zip(rt, vals))
        except wasmtime.Trap as e:
            code = e.trap_code
            outcome = TRAP_NAMES.get(code.name, code.name) if code is not None else "trap?"
            res = outcome
            fr = e.frames
            where = (fr[0].func_index, fr[0].func_offset) if fr else None
        used = FUEL - store.get_fuel()
        n = mem.data_len(store)
        data = ctypes.string_at(mem.data_ptr(store), n)
        mh = f"{n // 65536}:{zlib.crc32(data):08x}"
        gs = ",".join(f"{bits(str(g.type(store).content), g.value(store))}" for _, g in gl)
        out.append((outcome, used, f"{res} | mem {mh} | glob {gs} | host {';'.join(log)}", where))
    return out


def attribute(m, where):
    """the generator site (swasmgen FuncGen.site) of a trap"""
    if where is None:
        return "?"
    fidx, off = where
    if fidx not in m.sites:
        return f"f{fidx}?"
    prefix, sites = m.sites[fidx]
    code_off = off - prefix
    best = "?"
    for o, kind in sites:
        if o == code_off:
            return kind
        if o < code_off:
            best = kind + "~"
    return best


def cmd_run(lo, hi, stack=256 * 1024):
    e_plain = make_engine(False, stack)
    e_canon = make_engine(True, stack)
    outcomes = collections.Counter()
    fuels = []
    n_calls = 0
    mismatch = 0
    errors = 0
    recinf_stack = 0
    other_stack = 0
    fuel_over = []
    mods_all_ret = 0
    t0 = time.perf_counter()
    sites = collections.Counter()
    for s in range(lo, hi):
        mod = swasmgen.Module(s)
        w, calls = mod.build()
        try:
            a = run_module(e_plain, w, calls)
            b = run_module(e_canon, w, calls)
        except Exception as ex:  # rejected module / instantiation failure
            errors += 1
            print(f"seed {s}: {type(ex).__name__}: {str(ex)[:300]}")
            continue

        for k, ((oa, fa, sa, wa), (ob, fb, sb, wb)) in enumerate(zip(a, b)):
            n_calls += 1
            outcomes[oa] += 1
            if oa != "return":
                sites[(oa, attribute(mod, wa))] += 1
            fuels.append(fa)
            if fa > 2_000_000:
                fuel_over.append((s, k, fa))
            if sa != sb:
                mismatch += 1
                if mismatch <= 5:
                    print(f"seed {s} call {k}: NaN-canonicalization changes the observation\n  {sa[:400]}\n  {sb[:400]}")
            if oa == "call stack exhausted":
                if mod.recinf is not None:
                    recinf_stack += 1
                else:
                    other_stack += 1
                    print(f"seed {s} call {k}: stack exhausted without the deliberate recursion")
        if all(x[0] == "return" for x in a):
            mods_all_ret += 1
    dt = time.perf_counter() - t0
    fuels.sort()
    nm = hi - lo
    print(f"run: {nm} modules, {n_calls} calls in {dt:.0f} s; {errors} modules rejected/failed to instantiate")
    print(f"  NaN-canonicalization differential mismatches: {mismatch}")
    for o, n in outcomes.most_common():
        print(f"  {n:6d} ({100 * n / n_calls:5.1f} %) {o}")
    print("  traps by generator site (kind, site):")
    for (o, st), n in sorted(sites.items(), key=lambda x: -x[1]):
        print(f"    {n:5d} {o:45s} {st}")
    print(f"  modules whose calls all return: {mods_all_ret} ({100 * mods_all_ret / nm:.0f} %)")
    print(f"  stack exhaustion: {recinf_stack} by the deliberate recursion, {other_stack} otherwise")
    print(f"  fuel per call: median {fuels[len(fuels) // 2]}, p90 {fuels[9 * len(fuels) // 10]}, "
          f"p99 {fuels[99 * len(fuels) // 100]}, max {fuels[-1]}; {len(fuel_over)} calls over 2,000,000")
    for s, k, f in fuel_over[:10]:
        print(f"    seed {s} call {k}: {f}")
    return 1 if errors or mismatch or other_stack else 0


def fnv_memory_hash(data):
    """`PAGES:HEX16` as `swasm difftest-exec` prints it: FNV-1a-64 over (page index, CRC-32 of the page), both as
    4 little-endian bytes, of every page that is not all zero"""
    h = 0xCBF29CE484222325
    zero = bytes(65536)
    for p in range(len(data) // 65536):
        page = data[p * 65536:(p + 1) * 65536]
        if page == zero:
            continue
        for v in (p, zlib.crc32(page)):
            for i in range(4):
                h = ((h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{len(data) // 65536}:{h:016x}"


def trap_kind(msg):
    for prefix, kind in (("out of bounds table", "table"), ("undefined element", "table"),
                         ("uninitialized element", "uninitialized element")):
        if msg.startswith(prefix):
            return kind
    return msg


def cmd_swasm(lo, hi, binary=None, *flags):
    import wasmtime
    binary = binary or os.path.join(HERE, "..", "..", ".build", "debug", "swasm")
    engine = make_engine(False, 256 * 1024)
    bad = []
    ncalls = 0
    with tempfile.TemporaryDirectory() as d:
        for s in range(lo, hi):
            w, calls = swasmgen.generate(s)
            path = os.path.join(d, "m.wasm")
            with open(path, "wb") as f:
                f.write(w)
            lines = ["script gen", f"module 1 {path} -"]
            for k, c in enumerate(calls):
                lines.append(f"observe {k + 2} invoke - x{c['export'].encode().hex()} {len(c['args'])} "
                             + " ".join(c["args"]))
            with open(os.path.join(d, "s.txt"), "w") as f:
                f.write("\n".join(lines) + "\n")
            p = subprocess.run([binary, "difftest-exec", *flags, os.path.join(d, "s.txt")], capture_output=True,
                               text=True, timeout=600)
            sw = []
            for line in p.stdout.splitlines():
                if line.startswith("obs "):
                    head, _, state = line.partition(" | ")
                    res = head.split(" ", 2)[2].strip()
                    if res.startswith("trap "):
                        res = "trap " + trap_kind(res[5:])
                    sw.append((res, state.split("mem=")[1].split(" ")[0] if "mem=" in state else "?"))
            # wasmtime, the same calls on one instance
            store = wasmtime.Store(engine)
            linker = wasmtime.Linker(engine)
            for name, params in (("print", []), ("print_i32", ["i32"]), ("print_i64", ["i64"]),
                                 ("print_f32", ["f32"]), ("print_f64", ["f64"]), ("print_i32_f32", ["i32", "f32"]),
                                 ("print_f64_f64", ["f64", "f64"])):
                linker.define_func("spectest", name,
                                   wasmtime.FuncType([getattr(wasmtime.ValType, t)() for t in params], []),
                                   lambda *a: None)
            for name, t, v in (("global_i32", "i32", 666), ("global_i64", "i64", 666), ("global_f32", "f32", 666.6),
                               ("global_f64", "f64", 666.6)):
                linker.define(store, "spectest", name,
                              wasmtime.Global(store, wasmtime.GlobalType(getattr(wasmtime.ValType, t)(), False), v))
            store.set_fuel(FUEL)
            ex = linker.instantiate(store, wasmtime.Module(engine, w)).exports(store)
            mem = ex["memory"]
            for k, c in enumerate(calls):
                f = ex[c["export"]]
                store.set_fuel(FUEL)
                try:
                    r = f(store, *[arg(a) for a in c["args"]])
                    rt = [str(x) for x in f.type(store).results]
                    vals = [] if not rt else [r] if len(rt) == 1 else list(r)
                    res = ("ok " + " ".join(f"{t}:{bits(t, v)}" for t, v in zip(rt, vals))).strip()
                except wasmtime.Trap as e:
                    res = "trap " + trap_kind(TRAP_NAMES.get(e.trap_code.name, e.trap_code.name))
                want = (res, fnv_memory_hash(ctypes.string_at(mem.data_ptr(store), mem.data_len(store))))
                ncalls += 1
                got = sw[k] if k < len(sw) else ("missing", "")
                if res == "trap call stack exhausted":
                    if not got[0].startswith("trap call stack"):
                        bad.append((s, k, want, got))
                    break
                if got != want:
                    bad.append((s, k, want, got))
                    break
    for s, k, want, got in bad:
        print(f"seed {s} call {k}:\n  wasmtime {want[0][:160]} mem={want[1]}\n  swasm    {got[0][:160]} mem={got[1]}")
    print(f"swasm: {hi - lo} modules, {ncalls} calls compared, {len(bad)} modules differ")
    return 1 if bad else 0


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    cmd, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if cmd == "swasm":
        return cmd_swasm(lo, hi, *sys.argv[4:])
    return {"validate": cmd_validate, "run": cmd_run, "speed": cmd_speed, "determinism": cmd_determinism}[cmd](lo, hi)


if __name__ == "__main__":
    sys.exit(main())

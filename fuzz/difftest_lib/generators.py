"""Module generators: `wasm-tools smith` (seeded with PRNG bytes), our own `fuzz/gen/swasmgen.py` and the SIMD
expression modules of `simdgen.py`, plus the calls made on a module (every exported function, in export order, a
couple of times, with PRNG arguments)."""
import importlib.util
import json
import os
import random
import subprocess
import sys

from . import simdgen, wasmbin
from .binaries import WASM_TOOLS
from .values import gen_value

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OWN_GENERATOR = os.path.join(ROOT, "fuzz", "gen", "swasmgen.py")



def smith_features(simd=True):
    """What swasm supports: WebAssembly 2.0 (fixed-width SIMD included unless `simd` is off). Everything newer
    (relaxed SIMD too) is off."""
    return [
        "--simd-enabled", "true" if simd else "false", "--relaxed-simd-enabled", "false",
        "--threads-enabled", "false", "--shared-everything-threads-enabled", "false", "--tail-call-enabled", "false",
        "--exceptions-enabled", "false", "--memory64-enabled", "false", "--gc-enabled", "false",
        "--custom-page-sizes-enabled", "false", "--wide-arithmetic-enabled", "false",
        "--extended-const-enabled", "false", "--custom-descriptors-enabled", "false",
        "--compact-imports-enabled", "false", "--reference-types-enabled", "true", "--bulk-memory-enabled", "true",
        "--multi-value-enabled", "true", "--sign-extension-ops-enabled", "true",
        "--saturating-float-to-int-enabled", "true",
    ]


def smith_run(simd=True):
    """Executed modules: small, every object exported, NaNs canonical (scalar and f32x4/f64x2 results alike),
    memories and tables bounded (memory.grow and table.grow then behave the same in every engine), no imports."""
    return smith_features(simd) + [
        "--export-everything", "true", "--canonicalize-nans", "true", "--max-imports", "0",
        "--max-memories", "1", "--max-memory32-bytes", str(64 * 65536), "--memory-max-size-required", "true",
        "--max-tables", "3", "--max-table-elements", "1000", "--table-max-size-required", "true",
        "--min-types", "4", "--min-funcs", "3", "--max-funcs", "20", "--max-globals", "20",
        "--max-data-segments", "8", "--max-element-segments", "8", "--max-elements", "20",
        "--max-instructions", "150", "--generate-custom-sections", "false",
    ]


def smith_compile(simd=True):
    """Compile-only modules: bigger, deeper (more input bytes), anything goes at run time."""
    return smith_features(simd) + [
        "--max-memories", "1", "--max-tables", "5", "--min-types", "6", "--min-funcs", "6", "--max-funcs", "60",
        "--max-instructions", "1500", "--max-globals", "60", "--max-imports", "10", "--max-type-size", "2000",
    ]


def wasm2_features(simd=True):
    """`wasm-tools validate --features`: WebAssembly 2.0 (which includes SIMD)."""
    return "wasm2" if simd else "wasm2,-simd"


class Generated:
    def __init__(self, idx, gen, seed, path, calls):
        self.idx, self.gen, self.seed, self.path, self.calls = idx, gen, seed, path, calls
        self.wasm = open(path, "rb").read()
        self.info = None
        self.parse_error = None
        try:
            self.info = wasmbin.parse(self.wasm)
        except Exception as e:   # a malformed module: the engines judge it (validation)
            self.parse_error = str(e)


def smith(seed_bytes, out, flags):
    """Runs `wasm-tools smith`; True if it produced a module."""
    p = subprocess.run([WASM_TOOLS, "smith", "-o", out] + flags, input=seed_bytes, capture_output=True)
    return p.returncode == 0 and os.path.exists(out)


def smith_module(seed, idx, out, flags, max_bytes=6000):
    """A smith module from PRNG bytes seeded by (seed, idx); retries with new bytes if smith gives up."""
    rng = random.Random(f"smith:{seed}:{idx}")
    for _ in range(20):
        data = rng.randbytes(rng.randint(500, max_bytes))
        if smith(data, out, flags):
            return True
    return False


def calls_for(info, rng, repeat=2, limit=60):
    """Every exported function in export order, `repeat` times each, with PRNG arguments (at most `limit`)."""
    calls = []
    for name, kind, index in info.exports:
        if kind != "func":
            continue
        params, _ = info.func_type(index)
        for _ in range(repeat):
            calls.append({"export": name, "args": [gen_value(rng, t) for t in params]})
    return calls[:limit]


def own_available():
    return os.path.exists(OWN_GENERATOR)


_own = None


def _own_generate():
    """swasmgen's in-process `generate(seed) -> (bytes, calls)` (no interpreter start per module), if it has one."""
    global _own
    if _own is None:
        try:
            spec = importlib.util.spec_from_file_location("swasmgen", OWN_GENERATOR)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            _own = getattr(mod, "generate", False)
        except Exception:
            _own = False
    return _own


def own_module(seed, idx, out):
    """Our generator: a module and its calls (`--calls` JSON), or None if it failed."""
    calls_path = out + ".calls.json"
    k = (seed * 1_000_003 + idx) & 0xFFFFFFFF
    gen = _own_generate()
    if gen:
        try:
            wasm, calls = gen(k)
        except Exception as e:
            return None, f"swasmgen.generate({k}) failed: {type(e).__name__}: {e}"
        with open(out, "wb") as f:
            f.write(wasm)
        with open(calls_path, "w") as f:
            json.dump(calls, f)
        return calls, None
    p = subprocess.run([sys.executable, OWN_GENERATOR, "--seed", str(k), "-o", out, "--calls", calls_path],
                       capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(out):
        return None, f"swasmgen failed (status {p.returncode}): {p.stderr.strip()[-300:]}"
    try:
        calls = json.load(open(calls_path))
    except Exception as e:
        return None, f"swasmgen calls unreadable: {e}"
    return calls, None


def smith_simd(idx, simd=True):
    """Whether smith module `idx` has SIMD: with `simd` on, all but a quarter of them (indices 12-15, 28-31, ...: both
    with and without --ensure-termination), so that scalar code keeps modules of its own (with SIMD on, smith puts
    v128 code in nearly every module, and a SIMD disagreement ends the comparison of the rest of its module)."""
    return simd and (idx // 4) % 4 != 3


def generate(seed, idx, gen, workdir, simd=True):
    """Generates module `idx` of the run (smith modules with SIMD as `smith_simd` says; `simd` off: none, and the
    same seed then gives other modules); returns a Generated or (None, reason)."""
    path = os.path.join(workdir, f"m{idx}-{gen}.wasm")
    if gen == "smith":
        # Half of them with `--ensure-termination` (a fuel global checked in every loop and function entry, which
        # traps with `unreachable` when it runs out): without it many smith calls loop or recurse until wasmtime's
        # fuel or stack runs out, and such calls cannot be compared. Independently, half of them with
        # `--disallow-traps` (loads, stores, divisions, conversions guarded; no `unreachable`): more calls run to
        # the end, so more SIMD values reach results, globals and memory.
        flags = smith_run(smith_simd(idx, simd)) + (["--ensure-termination"] if (idx // 2) % 2 else []) \
            + (["--disallow-traps", "true"] if (idx // 8) % 2 else [])
        if not smith_module(seed, idx, path, flags):
            return None, "wasm-tools smith failed"
        g = Generated(idx, gen, seed, path, [])
        if g.info is not None:
            g.calls = calls_for(g.info, random.Random(f"calls:{seed}:{idx}"))
        return g, None
    if gen == "simd":
        err = simdgen.simd_module(seed, idx, path)
        if err:
            return None, err
        g = Generated(idx, gen, seed, path, [])
        if g.info is not None:
            g.calls = calls_for(g.info, random.Random(f"calls:{seed}:{idx}"), repeat=3)
        return g, None
    calls, err = own_module(seed, idx, path)
    if calls is None:
        return None, err
    return Generated(idx, gen, seed, path, calls), None

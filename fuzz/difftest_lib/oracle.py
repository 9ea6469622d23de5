"""The reference engine: wasmtime (Python bindings) with fuel, WebAssembly 2.0 without SIMD.

`run(wasm, info, calls)` returns an `OracleRun`: one `Obs` per step (instantiation, then each call) in the same
vocabulary as the swasm side, and why it stopped early (`fuel`: a call ran out of fuel; `stack`: a call exhausted
wasmtime's stack; that call is not part of the steps: engines have different limits)."""
import ctypes
import struct

import wasmtime

from .obs import Obs
from .values import MASKS, memory_hash, wasmtime_trap_kind

FUEL = 2_000_000


def make_engine():
    c = wasmtime.Config()
    c.consume_fuel = True
    c.parallel_compilation = False
    c.cranelift_opt_level = "none"
    # features beyond WebAssembly 2.0 (SIMD included: swasm does not generate SIMD code yet)
    for name in ("wasm_relaxed_simd", "wasm_simd", "wasm_threads", "wasm_tail_call", "wasm_multi_memory",
                 "wasm_memory64", "wasm_gc", "wasm_function_references", "wasm_exceptions",
                 "wasm_custom_page_sizes", "wasm_wide_arithmetic", "wasm_stack_switching", "wasm_component_model"):
        try:
            setattr(c, name, False)
        except Exception:
            pass
    for name in ("wasm_reference_types", "wasm_bulk_memory", "wasm_multi_value"):
        setattr(c, name, True)
    # a smaller stack than swasm's, so a recursion that exhausts swasm's stack exhausts wasmtime's first
    c.max_wasm_stack = 256 * 1024
    return wasmtime.Engine(c)


class OracleRun:
    def __init__(self):
        self.steps = []      # Obs per step
        self.stop = None     # None | "reject" | "fuel" | "stack"
        self.gas_used = []


def _arg(t, text):
    v = text.split(":", 1)[1]
    if v == "null":
        return None
    x = int(v)
    if t == "i32":
        return x - (1 << 32) if x >= 1 << 31 else x
    if t == "i64":
        return x - (1 << 64) if x >= 1 << 63 else x
    if t == "f32":
        return struct.unpack("<f", struct.pack("<I", x))[0]
    if t == "f64":
        return struct.unpack("<d", struct.pack("<Q", x))[0]
    return x   # externref: the host value is the integer itself


def _fmt(t, v):
    if isinstance(v, wasmtime.Val):   # what Global.value gives for a null reference
        v = v.value
    if t in ("i32", "i64"):
        return f"{t}:{v & MASKS[t]}"
    if t == "f32":
        return f"f32:{struct.unpack('<I', struct.pack('<f', v))[0]}"
    if t == "f64":
        return f"f64:{struct.unpack('<Q', struct.pack('<d', v))[0]}"
    if t == "funcref":
        return "funcref:null" if v is None else "funcref:nonnull"
    if t == "externref":
        return "externref:null" if v is None else f"externref:{v}"
    return f"{t}:?"


def _spectest(linker, store):
    def noop(*_):
        return None
    for name, params in [("print", []), ("print_i32", ["i32"]), ("print_i64", ["i64"]), ("print_f32", ["f32"]),
                         ("print_f64", ["f64"]), ("print_i32_f32", ["i32", "f32"]), ("print_f64_f64", ["f64", "f64"])]:
        ft = wasmtime.FuncType([getattr(wasmtime.ValType, p)() for p in params], [])
        linker.define_func("spectest", name, ft, noop)
    for name, t, v in [("global_i32", "i32", 666), ("global_i64", "i64", 666), ("global_f32", "f32", 666.6),
                       ("global_f64", "f64", 666.6)]:
        g = wasmtime.Global(store, wasmtime.GlobalType(getattr(wasmtime.ValType, t)(), False), v)
        linker.define(store, "spectest", name, g)
    linker.define(store, "spectest", "table",
                  wasmtime.Table(store, wasmtime.TableType(wasmtime.ValType.funcref(), wasmtime.Limits(10, 20)), None))
    linker.define(store, "spectest", "memory", wasmtime.Memory(store, wasmtime.MemoryType(wasmtime.Limits(1, 2))))


class Oracle:
    def __init__(self, fuel=FUEL):
        self.engine = make_engine()
        self.fuel = fuel

    def validate(self, wasm):
        """None if wasmtime accepts the module, else its message."""
        try:
            wasmtime.Module(self.engine, wasm)
            return None
        except Exception as e:
            return str(e).splitlines()[0] if str(e) else type(e).__name__

    def run(self, wasm, info, calls):
        out = OracleRun()
        try:
            module = wasmtime.Module(self.engine, wasm)
        except Exception as e:
            out.steps.append(Obs("reject", msg=str(e).splitlines()[0] if str(e) else "rejected"))
            out.stop = "reject"
            return out
        store = wasmtime.Store(self.engine)
        linker = wasmtime.Linker(self.engine)
        _spectest(linker, store)
        store.set_fuel(self.fuel)
        try:
            instance = linker.instantiate(store, module)
        except wasmtime.Trap as t:
            kind = wasmtime_trap_kind(t)
            if kind == "fuel":   # the start function did not finish: nothing to compare
                out.stop = "fuel"
                return out
            out.steps.append(Obs("trap", trap=kind, msg=str(t).splitlines()[-1] if str(t) else kind))
            return out
        except Exception as e:
            out.steps.append(Obs("error", msg=str(e).splitlines()[0] if str(e) else type(e).__name__))
            return out
        # exports by position (the export section's order), so names need no decoding
        by_pos = instance.exports(store).by_index
        memory = None
        globals_ = {}
        funcs = {}
        for (name, kind, index), ext in zip(info.exports, by_pos):
            if kind == "memory" and index == 0:
                memory = ext
            elif kind == "global":
                globals_.setdefault(index, ext)
            elif kind == "func":
                funcs.setdefault(name, (index, ext))

        def state(obs):
            if memory is not None:
                n = memory.data_len(store)
                obs.mem = memory_hash(ctypes.string_at(memory.data_ptr(store), n) if n else b"")
            elif info.memories == 0:
                obs.mem = "none"
            obs.glob = [None] * len(info.global_types)
            for index, g in globals_.items():
                if index < len(obs.glob):
                    obs.glob[index] = _fmt(info.global_types[index][0], g.value(store))
            return obs

        out.steps.append(state(Obs("ok")))
        for call in calls:
            name = call["export"]
            if name not in funcs:
                out.steps.append(Obs("error", msg=f"no exported function {name!r}"))
                continue
            index, func = funcs[name]
            params, results = info.func_type(index)
            store.set_fuel(self.fuel)
            try:
                r = func(store, *[_arg(t, a) for t, a in zip(params, call["args"])])
            except wasmtime.Trap as t:
                kind = wasmtime_trap_kind(t)
                if kind in ("fuel", "stack"):   # limits differ between engines: not comparable
                    out.stop = kind
                    return out
                out.steps.append(state(Obs("trap", trap=kind, msg=kind)))
                continue
            except Exception as e:
                out.steps.append(Obs("error", msg=str(e).splitlines()[0] if str(e) else type(e).__name__))
                continue
            values = [] if not results else [r] if len(results) == 1 else list(r)
            out.steps.append(state(Obs("ok", values=[_fmt(t, v) for t, v in zip(results, values)])))
        return out

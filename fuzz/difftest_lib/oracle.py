"""The reference engine: wasmtime (Python bindings) with fuel, WebAssembly 2.0 (SIMD on unless --no-simd).

`run(wasm, info, calls)` returns an `OracleRun`: one `Obs` per step (instantiation, then each call) in the same
vocabulary as the swasm side, and why it stopped early (`fuel`: a call ran out of fuel; `stack`: a call exhausted
wasmtime's stack; that call is not part of the steps: engines have different limits).

Calls and global reads go through wasmtime's C API (`wasmtime_func_call`, `wasmtime_global_get` on raw
`wasmtime_val_t`s) rather than `Func.__call__` / `Global.value`: wasmtime-py 50.0.1 has no v128 values (`Val` raises
"unimplemented v128 type", and any `ValType` comparison on a v128 parameter aborts the process in the C API's
`wasm_valtype_kind`: "support for v128 is not implemented"), and its float conversions quiet signaling NaNs. Raw
values carry every type bit for bit; only references still go through `Val`."""
import ctypes
from ctypes import byref

import wasmtime
from wasmtime import _ffi as ffi
from wasmtime._func import enter_wasm   # the context manager Func.__call__ itself uses (traps, host errors)

from .obs import Obs
from .values import memory_hash, v128_int, v128_text, wasmtime_trap_kind

FUEL = 2_000_000


def make_engine(simd=True):
    c = wasmtime.Config()
    c.consume_fuel = True
    c.parallel_compilation = False
    c.cranelift_opt_level = "none"
    # features beyond WebAssembly 2.0 off (relaxed SIMD included; SIMD itself unless --no-simd)
    for name in ("wasm_relaxed_simd", "wasm_threads", "wasm_tail_call", "wasm_multi_memory",
                 "wasm_memory64", "wasm_gc", "wasm_function_references", "wasm_exceptions",
                 "wasm_custom_page_sizes", "wasm_wide_arithmetic", "wasm_stack_switching", "wasm_component_model"):
        try:
            setattr(c, name, False)
        except Exception:
            pass
    for name in ("wasm_reference_types", "wasm_bulk_memory", "wasm_multi_value"):
        setattr(c, name, True)
    c.wasm_simd = simd
    # a smaller stack than swasm's, so a recursion that exhausts swasm's stack exhausts wasmtime's first
    c.max_wasm_stack = 256 * 1024
    return wasmtime.Engine(c)


class OracleRun:
    def __init__(self):
        self.steps = []      # Obs per step
        self.stop = None     # None | "reject" | "fuel" | "stack"
        self.gas_used = []


_KINDS = {"i32": ffi.WASMTIME_I32, "i64": ffi.WASMTIME_I64, "f32": ffi.WASMTIME_F32, "f64": ffi.WASMTIME_F64,
          "v128": ffi.WASMTIME_V128}
_WIDTH = {"i32": 4, "f32": 4, "i64": 8, "f64": 8, "v128": 16}


def _raw_arg(store, t, text):
    """A `wasmtime_val_t` for the argument `TYPE:BITS` (numbers and v128 bit for bit)."""
    v = text.split(":", 1)[1]
    if t == "externref":
        return wasmtime.Val.externref(None if v == "null" else int(v))._new_raw(store)
    if t == "funcref":
        return wasmtime.Val.funcref(None)._new_raw(store)
    bits = v128_int(text) if t == "v128" else int(v)
    raw = ffi.wasmtime_val_t(kind=_KINDS[t])
    ctypes.memmove(ctypes.addressof(raw.of), (bits & ((1 << 8 * _WIDTH[t]) - 1)).to_bytes(_WIDTH[t], "little"),
                   _WIDTH[t])
    return raw


def _raw_fmt(store, t, raw):
    """`TYPE:BITS` of a `wasmtime_val_t` of type `t` (references are unrooted)."""
    if t in _WIDTH:
        bits = int.from_bytes(ctypes.string_at(ctypes.addressof(raw.of), _WIDTH[t]), "little")
        return v128_text(bits) if t == "v128" else f"{t}:{bits}"
    v = wasmtime.Val._from_raw(store, raw).value
    if t == "funcref":
        return "funcref:null" if v is None else "funcref:nonnull"
    if t == "externref":
        return "externref:null" if v is None else f"externref:{v}"
    return f"{t}:?"


def _call(store, func, params, results, args):
    """Calls `func` (params/results: type names) with `args` (`TYPE:BITS`); returns the results' texts. Raises
    wasmtime.Trap or WasmtimeError as `Func.__call__` does."""
    raw_args = (ffi.wasmtime_val_t * len(params))()
    made = 0
    try:
        for t, a in zip(params, args):
            raw_args[made] = _raw_arg(store, t, a)
            made += 1
        raw_results = (ffi.wasmtime_val_t * len(results))()
        with enter_wasm(store) as trap:
            error = ffi.wasmtime_func_call(store._context(), byref(func._func), raw_args, len(params), raw_results,
                                           len(results), trap)
            if error:
                raise wasmtime.WasmtimeError._from_ptr(error)
    finally:
        for i in range(made):
            ffi.wasmtime_val_unroot(byref(raw_args[i]))
    return [_raw_fmt(store, t, raw_results[i]) for i, t in enumerate(results)]


def _global_value(store, g, t):
    raw = ffi.wasmtime_val_t()
    ffi.wasmtime_global_get(store._context(), byref(g._global), byref(raw))
    return _raw_fmt(store, t, raw)


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
    def __init__(self, fuel=FUEL, simd=True):
        self.engine = make_engine(simd)
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
                    obs.glob[index] = _global_value(store, g, info.global_types[index][0])
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
                values = _call(store, func, params, results, call["args"])
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
            out.steps.append(state(Obs("ok", values=values)))
        return out

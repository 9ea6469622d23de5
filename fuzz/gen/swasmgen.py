#!/usr/bin/env python3
"""swasmgen: random VALID, TERMINATING, DETERMINISTIC Wasm 2.0 (non-SIMD) modules aimed at the weak spots of a
single-pass native code generator (register homes, local cache, value stack spills, control-flow merges, calls,
runtime-helper calls).  See fuzz/gen/README.md.

    python3 fuzz/gen/swasmgen.py --seed K -o out.wasm --calls out.calls.json [--wat out.wat]

or in-process:

    from swasmgen import generate
    wasm_bytes, calls = generate(seed)

`calls` is a list of {"export": name, "args": ["i32:BITS", ...]} (unsigned decimal bit patterns) to be invoked
in order on one instance.  Python 3.11, standard library only; the same seed always gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import struct
import subprocess
import sys

I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C
FUNCREF, EXTERNREF = 0x70, 0x6F
NUMS = (I32, I64, F32, F64)
INTS = (I32, I64)
FLOATS = (F32, F64)
TNAME = {I32: "i32", I64: "i64", F32: "f32", F64: "f64"}


# ----------------------------------------------------------------------------------------------------------------
# encoding helpers

def uleb(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n: int) -> bytes:
    if -64 <= n < 64:
        return bytes((n & 0x7F,))
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def s32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def s64(v: int) -> int:
    v &= 0xFFFFFFFFFFFFFFFF
    return v - (1 << 64) if v & 0x8000000000000000 else v


def f32b(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64b(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def vec(items) -> bytes:
    items = list(items)
    return uleb(len(items)) + b"".join(items)


def wname(s: str) -> bytes:
    b = s.encode()
    return uleb(len(b)) + b


def section(sid: int, payload: bytes) -> bytes:
    return bytes((sid,)) + uleb(len(payload)) + payload


# ----------------------------------------------------------------------------------------------------------------
# opcode tables

UNOPS = {I32: (0x67, 0x68, 0x69, 0xC0, 0xC1), I64: (0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4),
         F32: (0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91), F64: (0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F)}
# add sub mul and or xor shl shr_s shr_u rotl rotr / float add sub mul div min max
BINOPS = {I32: (0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78),
          I64: (0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A),
          F32: (0x92, 0x93, 0x94, 0x95, 0x96, 0x97), F64: (0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5)}
SHIFTS = {I32: (0x74, 0x75, 0x76, 0x77, 0x78), I64: (0x86, 0x87, 0x88, 0x89, 0x8A)}
# ops used to combine two values of a type (never trap)
COMBINE = {I32: (0x6A, 0x6B, 0x6C, 0x73, 0x77), I64: (0x7C, 0x7D, 0x7E, 0x85, 0x89),
           F32: (0x92, 0x93, 0x94, 0x96, 0x97), F64: (0xA0, 0xA1, 0xA2, 0xA4, 0xA5)}
DIVS = {I32: (0x6D, 0x6E, 0x6F, 0x70), I64: (0x7F, 0x80, 0x81, 0x82)}
DIV_S = {I32: 0x6D, I64: 0x7F}
MINMAX = {F32: (0x96, 0x97), F64: (0xA4, 0xA5)}
COPYSIGN = {F32: 0x98, F64: 0xA6}
CMPS = {I32: tuple(range(0x46, 0x50)), I64: tuple(range(0x51, 0x5B)), F32: tuple(range(0x5B, 0x61)),
        F64: tuple(range(0x61, 0x67))}
EQZ = {I32: 0x45, I64: 0x50}
FEQ = {F32: 0x5B, F64: 0x61}
FNE = {F32: 0x5C, F64: 0x62}
CONST_OP = {I32: 0x41, I64: 0x42, F32: 0x43, F64: 0x44}
AND = {I32: 0x71, I64: 0x83}
EQ = {I32: 0x46, I64: 0x51}
ADD = {I32: 0x6A, I64: 0x7C}
GT_U = {I32: 0x4B, I64: 0x56}
NE = {I32: 0x47, I64: 0x52}

LOADS = {I32: ((0x28, 2, 4), (0x2C, 0, 1), (0x2D, 0, 1), (0x2E, 1, 2), (0x2F, 1, 2)),
         I64: ((0x29, 3, 8), (0x30, 0, 1), (0x31, 0, 1), (0x32, 1, 2), (0x33, 1, 2), (0x34, 2, 4), (0x35, 2, 4)),
         F32: ((0x2A, 2, 4),), F64: ((0x2B, 3, 8),)}
STORES = {I32: ((0x36, 2, 4), (0x3A, 0, 1), (0x3B, 1, 2)),
          I64: ((0x37, 3, 8), (0x3C, 0, 1), (0x3D, 1, 2), (0x3E, 2, 4)),
          F32: ((0x38, 2, 4),), F64: ((0x39, 3, 8),)}

# safe conversions src -> dst: (needs canonicalized operand, opcode bytes)
CONV = {
    (I32, I64): ((0, b"\xac"), (0, b"\xad")),
    (I64, I32): ((0, b"\xa7"),),
    (F32, I32): ((0, b"\xfc\x00"), (0, b"\xfc\x01"), (1, b"\xbc")),
    (F64, I32): ((0, b"\xfc\x02"), (0, b"\xfc\x03")),
    (F32, I64): ((0, b"\xfc\x04"), (0, b"\xfc\x05")),
    (F64, I64): ((0, b"\xfc\x06"), (0, b"\xfc\x07"), (1, b"\xbd")),
    (I32, F32): ((0, b"\xb2"), (0, b"\xb3"), (0, b"\xbe")),
    (I64, F32): ((0, b"\xb4"), (0, b"\xb5")),
    (F64, F32): ((0, b"\xb6"),),
    (I32, F64): ((0, b"\xb7"), (0, b"\xb8")),
    (I64, F64): ((0, b"\xb9"), (0, b"\xba"), (0, b"\xbf")),
    (F32, F64): ((0, b"\xbb"),),
}
CONV_SRC = {t: tuple(s for s in NUMS if (s, t) in CONV) for t in NUMS}


def _f32_below(x: float) -> float:
    """the largest f32 strictly below x (x a power of two, exactly representable)"""
    return struct.unpack("<f", struct.pack("<I", f32b(x) - 1))[0]


TWO31, TWO32, TWO63, TWO64 = 2.0 ** 31, 2.0 ** 32, 2.0 ** 63, 2.0 ** 64
# trapping truncations: opcode -> (src, dst, lo, lo_inclusive, hi, valid boundary values, invalid values)
TRUNC = {
    0xA8: (F32, I32, -TWO31, True, TWO31, (-TWO31, _f32_below(TWO31), -0.99, 0.5, -0.0),
           (TWO31, -2147483904.0, math.nan, math.inf, -math.inf)),
    0xA9: (F32, I32, -1.0, False, TWO32, (-0.99, _f32_below(TWO32), 0.0, -0.0, 2147483648.0),
           (-1.0, TWO32, math.nan, math.inf)),
    0xAA: (F64, I32, -TWO31 - 1.0, False, TWO31, (-2147483648.9, 2147483647.9, -0.5, 1.5, -0.0),
           (TWO31, -2147483649.0, math.nan, -math.inf)),
    0xAB: (F64, I32, -1.0, False, TWO32, (-0.9, 4294967295.9, 0.0, 2147483648.5),
           (-1.0, TWO32, math.nan, math.inf)),
    0xAE: (F32, I64, -TWO63, True, TWO63, (-TWO63, _f32_below(TWO63), -0.99, 2.5),
           (TWO63, -9223373136366403584.0, math.nan, math.inf)),
    0xAF: (F32, I64, -1.0, False, TWO64, (-0.99, _f32_below(TWO64), TWO63, 0.0),
           (-1.0, TWO64, math.nan, -math.inf)),
    0xB0: (F64, I64, -TWO63, True, TWO63, (-TWO63, math.nextafter(TWO63, 0.0), -0.75, 4503599627370497.0),
           (TWO63, math.nextafter(-TWO63, -math.inf), math.nan, math.inf)),
    0xB1: (F64, I64, -1.0, False, TWO64, (-0.999, math.nextafter(TWO64, 0.0), TWO63, 0.0),
           (-1.0, TWO64, math.nan, math.inf)),
}
TRUNC_TO = {I32: (0xA8, 0xA9, 0xAA, 0xAB), I64: (0xAE, 0xAF, 0xB0, 0xB1)}
SAT_TO = {I32: ((F32, 0), (F32, 1), (F64, 2), (F64, 3)), I64: ((F32, 4), (F32, 5), (F64, 6), (F64, 7))}

# ----------------------------------------------------------------------------------------------------------------
# edge values

I32_EDGE = (0, 1, -1, 2, -2, 0x7FFFFFFF, -0x80000000, 0x7FFFFFFE, -0x7FFFFFFF, 31, 32, 33, 63, 64, 65, 255, 256,
            0xFFFF, 0x10000, -128, -129, 127, 0x8000, -0x8000, 0x55555555, -0x55555556, 0xFFFFFF, 7, 8, 1000)
I64_EDGE = (0, 1, -1, 2, -2, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
            0x100000000, -0x80000000, -0x80000001, 31, 32, 33, 63, 64, 65, 127, 128, 0x5555555555555555,
            -0x5555555555555556, 0x7FFFFFFFFFFFFFFE, -0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFF, 1 << 52, 1000)
SHIFT_EDGE = (0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, -1, -31, -32, -33, -63, -64, 0x7FFFFFFF, -0x80000000)
_F32_VALS = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.49999997, -0.49999997, TWO31,
             -TWO31, _f32_below(TWO31), -2147483904.0, TWO32, _f32_below(TWO32), TWO63, -TWO63, TWO64,
             8388608.0, 8388607.5, 16777216.0, 16777217.0, 666.6, 1e-40, -1e-40, 3.4028234663852886e38)
F32_EDGE = tuple(f32b(x) for x in _F32_VALS) + (
    0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7FA00000, 0x7F800001, 0xFFFFFFFF, 0x00000001, 0x80000001,
    0x007FFFFF, 0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x4B000001)
_F64_VALS = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.49999999999999994, -0.49999999999999994,
             TWO31, -TWO31, TWO31 - 1.0, TWO31 - 0.5, -TWO31 - 1.0, -2147483648.9, 2147483647.9, TWO32,
             TWO32 - 1.0, 4294967295.9, TWO63, -TWO63, math.nextafter(TWO63, 0.0), TWO64, math.nextafter(TWO64, 0.0),
             4503599627370496.0, 4503599627370497.0, 4503599627370495.5, 9007199254740993.0, 666.6, 5e-324,
             -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e300, 1e-300)
F64_EDGE = tuple(f64b(x) for x in _F64_VALS) + (
    0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000000,
    0x7FF0000000000001, 0xFFFFFFFFFFFFFFFF, 0x000FFFFFFFFFFFFF, 0x8000000000000001)
CANON_NAN = {F32: 0x7FC00000, F64: 0x7FF8000000000000}
ZERO_NAN = {F32: (0x00000000, 0x80000000, 0x7FC00000, 0xFFC00000, 0x7F800000, 0xFF800000),
            F64: (0, 0x8000000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000000,
                  0xFFF0000000000000)}

HOSTS = (("print", ()), ("print_i32", (I32,)), ("print_i64", (I64,)), ("print_f32", (F32,)),
         ("print_f64", (F64,)), ("print_i32_f32", (I32, F32)), ("print_f64_f64", (F64, F64)))
HOST_GLOBALS = (("global_i32", I32), ("global_i64", I64), ("global_f32", F32), ("global_f64", F64))

CALLS_LEFT = 24      # dynamic (table-dependent) indirect calls allowed per exported call
DYN_DEPTH = 3        # nesting limit of dynamic indirect calls
MULT_CAP = 1200      # max product of enclosing loop trip counts
MEM_NOMAX_LIMIT = 20  # memory.grow guard (pages) for memories without a maximum

# ----------------------------------------------------------------------------------------------------------------
# per-role weights of statement kinds

STMT_KINDS = ("set", "churn", "gset", "store", "if", "block", "loop", "mvblock", "mvif", "brtable", "branch", "call",
              "calli", "dyncall", "host", "deep", "bulk", "grow", "table", "trap", "observe", "ret")
_BASE_W = dict(set=10, churn=2, gset=3, store=4, **{"if": 3}, block=2, loop=3, mvblock=2, mvif=1.5, brtable=1.5, branch=2,
               call=3, calli=2, dyncall=0.6, host=1, deep=1, bulk=1.5, grow=0.7, table=1.5, trap=1.6,
               observe=1.5, ret=0.3)
ROLE_W = {
    "mixed": {},
    "hot": dict(set=12, churn=14, loop=7, call=4, calli=2.5, trap=1.2, deep=0.5, observe=1, brtable=1),
    "helper": dict(set=4, loop=0.6, bulk=8, grow=4, table=8, store=5, call=1, calli=0.5, deep=0.2, mvblock=0.5,
                   mvif=0.3, brtable=0.3, branch=0.6, trap=1.5, observe=1),
    "deep": dict(deep=8, call=4, calli=3, host=2, set=6, loop=1.5),
    "cf": dict(mvblock=7, mvif=4, brtable=6, branch=6, block=4, loop=4, **{"if": 5}, set=6),
    "arith": dict(churn=4, set=18, store=6, trap=3, gset=4, loop=2, call=1.5),
    "rec": dict(set=8, call=1.5, loop=1.5, bulk=1, table=1),
    "pure": dict(churn=4, gset=0, store=0, call=0, calli=0, dyncall=0, host=0, bulk=0, grow=0, table=0, deep=0.5, set=14,
                 loop=2, ret=0.2, observe=0),
}
ROLE_CUM = {}
for _role, _over in ROLE_W.items():
    _w = dict(_BASE_W)
    _w.update(_over)
    _acc = 0.0
    _cum = []
    for _k in STMT_KINDS:
        _acc += _w[_k]
        _cum.append(_acc)
    ROLE_CUM[_role] = _cum

EXPR_KINDS = ("unop", "binop", "div", "cmp", "conv", "trunc", "load", "select", "block", "if", "call", "calli",
              "tee", "minmax", "copysign", "mem", "table")
_EW = {
    I32: dict(unop=3, binop=8, div=2, cmp=6, conv=3, trunc=1.5, load=3, select=2, block=0.7, **{"if": 0.7},
              call=1.2, calli=0.6, tee=1.5, minmax=0, copysign=0, mem=0.8, table=0.8),
    I64: dict(unop=3, binop=8, div=2, cmp=0, conv=3, trunc=1.5, load=3, select=2, block=0.7, **{"if": 0.7},
              call=1.2, calli=0.6, tee=1.5, minmax=0, copysign=0, mem=0, table=0),
    F32: dict(unop=4, binop=7, div=0, cmp=0, conv=4, trunc=0, load=2, select=2, block=0.6, **{"if": 0.6},
              call=1.0, calli=0.5, tee=1.5, minmax=2, copysign=1.2, mem=0, table=0),
    F64: dict(unop=4, binop=7, div=0, cmp=0, conv=4, trunc=0, load=2, select=2, block=0.6, **{"if": 0.6},
              call=1.0, calli=0.5, tee=1.5, minmax=2, copysign=1.2, mem=0, table=0),
}
EXPR_CUM = {}
for _t, _w in _EW.items():
    _acc = 0.0
    _cum = []
    for _k in EXPR_KINDS:
        _acc += _w[_k]
        _cum.append(_acc)
    EXPR_CUM[_t] = _cum


# ----------------------------------------------------------------------------------------------------------------

class Module:
    """Module-level decisions, the index spaces, and assembly."""

    export_internal = False
    probe_export = False        # debugging aid: export "probe"(addr, len) -> i64, a hash of memory bytes

    def __init__(self, seed: int):
        self.seed = seed
        r = self.r = random.Random(f"swasmgen:{seed}")
        self.types: dict = {}
        self.tlist: list = []
        self.imports = bytearray()
        self.nimports = 0
        self.sigs: list = []            # per function index: (params, results)
        self.host = []                  # (fidx, params)
        hosts = [h for h in HOSTS if r.random() < 0.8]
        if not hosts:
            hosts = [HOSTS[1]]
        r.shuffle(hosts)
        for name, params in hosts:
            fidx = len(self.sigs)
            self.sigs.append((params, ()))
            self.host.append((fidx, params))
            self.imports += wname("spectest") + wname(name) + b"\x00" + uleb(self.typeidx(params, ()))
            self.nimports += 1
        # globals: imported (immutable), then defined
        self.gtypes: list = []
        self.gmut: list = []
        self.ginit: list = []
        gis = [g for g in HOST_GLOBALS if r.random() < 0.6]
        r.shuffle(gis)
        self.imported_g = {}
        for name, t in gis:
            self.imports += wname("spectest") + wname(name) + b"\x03" + bytes((t, 0))
            self.imported_g[t] = len(self.gtypes)
            self.gtypes.append(t)
            self.gmut.append(False)
            self.ginit.append(None)
            self.nimports += 1
        self.n_imported_globals = len(self.gtypes)
        self.G_HASH = self.add_global(I64, True, self.const_bytes(I64, 0))
        self.G_CALLS = self.add_global(I32, True, self.const_bytes(I32, CALLS_LEFT))
        self.G_DEPTH = self.add_global(I32, True, self.const_bytes(I32, 0))
        self.grpool = {t: [] for t in NUMS}
        self.gwpool = {t: [] for t in NUMS}
        for i, t in enumerate(self.gtypes):
            self.grpool[t].append(i)
        self.grpool[I64].append(self.G_HASH)
        self.gwpool[I64].append(self.G_HASH)
        for t in NUMS:
            for _ in range(r.randint(1, 4)):
                g = self.add_global(t, True, self.const_bytes(t, self.rand_const(t)))
                self.grpool[t].append(g)
                self.gwpool[t].append(g)
            if r.random() < 0.5:
                if t in self.imported_g and r.random() < 0.6:
                    init = b"\x23" + uleb(self.imported_g[t]) + b"\x0b"
                else:
                    init = self.const_bytes(t, self.rand_const(t))
                self.grpool[t].append(self.add_global(t, False, init))
        # memory
        self.min_pages = r.choice((1, 1, 1, 2, 2, 3, 4))
        self.max_pages = self.min_pages + r.randint(0, 10) if r.random() < 0.6 else None
        mb = self.min_pages * 65536
        self.min_bytes = mb
        big = 1
        while big * 2 <= mb // 2:
            big *= 2
        self.addr_masks = (0xFF, 0xFFF, big - 1)
        self.rare_mask = r.choice((31, 63, 63, 127, 127, 255))
        # passive data segments (index after active ones)
        self.datas = []                 # (kind, offset or None, bytes)
        for _ in range(r.randint(0, 3)):
            n = r.randint(4, 48)
            off = r.randrange(0, mb - n)
            self.datas.append(("active", off, self.rand_bytes(n)))
        self.passive_data = []          # (data index, length, droppable)
        for k in range(r.randint(1, 3)):
            n = r.randint(4, 64)
            self.passive_data.append((len(self.datas), n, k > 0 and r.random() < 0.6))
            self.datas.append(("passive", None, self.rand_bytes(n)))

    # --- helpers
    def typeidx(self, params, results) -> int:
        key = (tuple(params), tuple(results))
        i = self.types.get(key)
        if i is None:
            i = self.types[key] = len(self.tlist)
            self.tlist.append(key)
        return i

    def add_global(self, t, mut, init) -> int:
        self.gtypes.append(t)
        self.gmut.append(mut)
        self.ginit.append(init)
        return len(self.gtypes) - 1

    def const_bytes(self, t, v) -> bytes:
        if t == I32:
            return b"\x41" + sleb(s32(v)) + b"\x0b"
        if t == I64:
            return b"\x42" + sleb(s64(v)) + b"\x0b"
        if t == F32:
            return b"\x43" + v.to_bytes(4, "little") + b"\x0b"
        return b"\x44" + v.to_bytes(8, "little") + b"\x0b"

    def rand_const(self, t) -> int:
        r = self.r
        x = r.random()
        if t == I32:
            return r.choice(I32_EDGE) & 0xFFFFFFFF if x < 0.5 else (r.randint(-20, 20) & 0xFFFFFFFF if x < 0.75
                                                                      else r.getrandbits(32))
        if t == I64:
            return r.choice(I64_EDGE) & 0xFFFFFFFFFFFFFFFF if x < 0.5 else (
                r.randint(-20, 20) & 0xFFFFFFFFFFFFFFFF if x < 0.75 else r.getrandbits(64))
        if t == F32:
            if x < 0.45:
                bits = r.choice(F32_EDGE)
            elif x < 0.8:
                bits = f32b(r.randint(-64, 64) * r.choice((1.0, 0.5, 0.25, 0.125, 1000.0, 1e-3)))
            else:
                bits = r.getrandbits(32)
            return CANON_NAN[F32] if self.isnan(F32, bits) else bits
        if x < 0.45:
            bits = r.choice(F64_EDGE)
        elif x < 0.8:
            bits = f64b(r.randint(-64, 64) * r.choice((1.0, 0.5, 0.25, 0.125, 1000.0, 1e-3)))
        else:
            bits = r.getrandbits(64)
        return CANON_NAN[F64] if self.isnan(F64, bits) else bits

    @staticmethod
    def isnan(t, bits) -> bool:
        if t == F32:
            return bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF != 0
        return bits & 0x7FF0000000000000 == 0x7FF0000000000000 and bits & 0xFFFFFFFFFFFFF != 0

    def rand_bytes(self, n) -> bytes:
        r = self.r
        x = r.random()
        if x < 0.3:
            return bytes(r.getrandbits(8) for _ in range(n))
        out = bytearray()
        while len(out) < n:           # mixes of float/int edge patterns
            k = r.random()
            if k < 0.3:
                out += r.choice(F32_EDGE).to_bytes(4, "little")
            elif k < 0.5:
                out += r.choice(F64_EDGE).to_bytes(8, "little")
            elif k < 0.7:
                out += (r.choice(I32_EDGE) & 0xFFFFFFFF).to_bytes(4, "little")
            else:
                out.append(r.getrandbits(8))
        return bytes(out[:n])

    def rand_types(self, lo, hi):
        r = self.r
        return tuple(r.choice(NUMS) for _ in range(r.randint(lo, hi)))

    # --- the whole module
    def build(self):
        r = self.r
        # internal functions: signatures and roles
        nint = r.randint(4, 10)
        sig_pool = []
        for _ in range(r.randint(2, 5)):
            x = r.random()
            if x < 0.15:
                p, res = self.rand_types(10, 22), self.rand_types(4, 14)
            elif x < 0.3:
                p, res = self.rand_types(0, 3), self.rand_types(5, 10)
            else:
                p, res = self.rand_types(0, 6), self.rand_types(0, 3)
            sig_pool.append((p, res))
        self.first_int = len(self.sigs)
        roles = []
        self.recinf = None
        role_list = [r.choice(("mixed", "mixed", "hot", "hot", "helper", "helper", "deep", "cf", "cf", "arith",
                               "rec")) for _ in range(nint)]
        if r.random() < 0.7:
            # helpers (cheap, runtime-helper heavy) last, so that every function, hot loops included, can call
            # them: a helper call in a callee must not clobber the caller's register-held locals
            role_list.sort(key=lambda x: x == "helper")
        for k in range(nint):
            role = role_list[k]
            if k == 0 and role in ("helper", "rec"):
                role = "hot"
            if role == "rec":
                p = (I32,) + self.rand_types(0, 5)
                sig = (p, self.rand_types(0, 3))
            elif role == "helper" and r.random() < 0.6:
                sig = (self.rand_types(0, 3), self.rand_types(0, 2))
            elif r.random() < 0.6:
                sig = r.choice(sig_pool)
            else:
                sig = (self.rand_types(0, 8), self.rand_types(0, 4))
            roles.append(role)
            self.sigs.append(sig)
        if nint >= 3 and r.random() < 0.07:
            # deliberate unbounded recursion (call stack exhaustion): a pure function, called directly only
            k = r.randint(1, nint - 1)
            roles[k] = "pure"
            self.sigs[self.first_int + k] = ((I32,) + self.rand_types(0, 3), self.rand_types(1, 2))
            self.recinf = self.first_int + k
        if "helper" not in roles:
            # at least one cheap function: the only ones that tables can call at run time ("dynamic" targets)
            k = nint - 1 if self.recinf != self.first_int + nint - 1 else nint - 2
            roles[k] = "helper"
            self.sigs[self.first_int + k] = (self.rand_types(0, 3), self.rand_types(0, 2))
        self.roles = {self.first_int + k: roles[k] for k in range(nint)}
        self.int_funcs = list(range(self.first_int, self.first_int + nint))
        self.refable = [f for f in self.int_funcs if f != self.recinf]
        # what run-time table writes may store (and dynamic call_indirects may reach): cheap functions only
        self.dyn_funcs = [f for f in self.int_funcs if self.roles[f] == "helper" and f != self.recinf]
        # wrappers (exported)
        nwrap = r.randint(2, 4)
        self.first_wrap = len(self.sigs)
        self.wrap_inner = []
        cands = [f for f in self.int_funcs if f != self.recinf]
        for w in range(nwrap):
            inner = cands[0] if w == 0 else r.choice(cands[: max(2, len(cands) // 2)] if r.random() < 0.7 else cands)
            self.wrap_inner.append(inner)
            self.sigs.append(self.sigs[inner])
        nfuncs = len(self.sigs)

        # tables
        self.k0 = r.randint(6, 20)
        self.size0 = self.k0 + r.randint(4, 16)
        self.max0 = self.size0 + r.randint(0, 16) if r.random() < 0.5 else None
        self.t1_sig = r.choice([self.sigs[f] for f in self.dyn_funcs])
        t1_funcs = [f for f in self.dyn_funcs if self.sigs[f] == self.t1_sig]
        self.t1_funcs = t1_funcs
        self.size1 = r.randint(2, 12)
        self.max1 = self.size1 + r.randint(0, 8) if r.random() < 0.5 else None
        self.has_t2 = r.random() < 0.5
        self.size2 = r.randint(0, 6)
        self.max2 = self.size2 + r.randint(0, 6) if r.random() < 0.5 else None
        # stable region of table 0: slot -> function or None
        self.stable = []
        for _ in range(self.k0):
            self.stable.append(None if r.random() < 0.2 else r.choice(self.refable))
        slots1 = []
        n1 = self.size1 if r.random() < 0.8 else r.randint(1, self.size1)
        for _ in range(n1):
            x = r.random()
            slots1.append(r.choice(t1_funcs) if x < 0.85 else (None if x < 0.92 else r.choice(self.dyn_funcs)))
        # element segments
        self.elems = []          # (encoded bytes, reftype, length, droppable)  -- index = position
        e0 = b"\x04\x41\x00\x0b" + vec(self.refexpr(f) for f in self.stable)
        self.elems.append((e0, FUNCREF, self.k0, False))
        e1 = b"\x06\x01\x41\x00\x0b\x70" + vec(self.refexpr(f) for f in slots1)
        self.elems.append((e1, FUNCREF, n1, False))
        if r.random() < 0.85:
            ns = self.size0 - self.k0 if r.random() < 0.7 else r.randint(1, self.size0 - self.k0)
            fs = [r.choice(self.dyn_funcs) for _ in range(ns)]
            self.elems.append((b"\x00\x41" + sleb(self.k0) + b"\x0b" + vec(uleb(f) for f in fs), FUNCREF, ns, False))
        self.passive_elems = []  # (elem index, reftype, length, droppable)
        for k in range(r.randint(1, 3)):
            n = r.randint(1, 8)
            if r.random() < 0.5:
                fs = [r.choice(self.dyn_funcs) for _ in range(n)]
                enc = b"\x01\x00" + vec(uleb(f) for f in fs)
            else:
                fs = [None if r.random() < 0.1 else r.choice(self.dyn_funcs) for _ in range(n)]
                enc = b"\x05\x70" + vec(self.refexpr(f) for f in fs)
            self.passive_elems.append((len(self.elems), FUNCREF, n, k > 0 and r.random() < 0.6))
            self.elems.append((enc, FUNCREF, n, False))
        if self.has_t2 and r.random() < 0.7:
            n = r.randint(1, 4)
            enc = b"\x05\x6f" + vec(b"\xd0\x6f\x0b" for _ in range(n))
            self.passive_elems.append((len(self.elems), EXTERNREF, n, r.random() < 0.4))
            self.elems.append((enc, EXTERNREF, n, False))
        self.elems.append((b"\x03\x00" + vec(uleb(f) for f in self.refable), FUNCREF, 0, False))

        # function bodies, callees first (reverse index order)
        self.fcost = {}
        self.sites = {}          # fidx -> (locals prefix length, [(code offset, kind)])
        self.frame = {}          # rough frame size (slots) for the stack-depth estimate
        self.bodies = {}
        for f in reversed(self.int_funcs):
            fg = FuncGen(self, f, self.roles[f])
            self.bodies[f] = fg.generate()
            self.fcost[f] = fg.total_cost
        for w, inner in enumerate(self.wrap_inner):
            self.bodies[self.first_wrap + w] = self.wrapper_body(inner)

        # calls
        calls = []
        ncalls = r.randint(3, 8)
        order = list(range(nwrap)) + [r.randrange(nwrap) for _ in range(max(0, ncalls - nwrap))]
        order = order[:ncalls]
        r.shuffle(order)
        for w in order:
            params = self.sigs[self.first_wrap + w][0]
            calls.append({"export": f"f{w}", "args": [f"{TNAME[t]}:{self.arg_value(t)}" for t in params]})
        return self.assemble(nfuncs, nwrap), calls

    def refexpr(self, f) -> bytes:
        return b"\xd0\x70\x0b" if f is None else b"\xd2" + uleb(f) + b"\x0b"

    def arg_value(self, t) -> int:
        r = self.r
        x = r.random()
        if t == I32:
            if x < 0.5:
                return r.choice(I32_EDGE) & 0xFFFFFFFF
            return r.randint(0, 100) if x < 0.7 else r.getrandbits(32)
        if t == I64:
            if x < 0.5:
                return r.choice(I64_EDGE) & 0xFFFFFFFFFFFFFFFF
            return r.randint(0, 100) if x < 0.7 else r.getrandbits(64)
        edge, conv, width = (F32_EDGE, f32b, 32) if t == F32 else (F64_EDGE, f64b, 64)
        if x < 0.45:
            return r.choice(edge)
        if x < 0.8:
            return conv(r.randint(-300, 300) * r.choice((1.0, 0.5, 0.25, 0.1, 1e6, 1e-6)))
        return r.getrandbits(width)

    def wrapper_body(self, inner) -> bytes:
        params, results = self.sigs[inner]
        c = bytearray()
        c += b"\x41" + sleb(CALLS_LEFT) + b"\x24" + uleb(self.G_CALLS)
        c += b"\x41\x00\x24" + uleb(self.G_DEPTH)
        for i in range(len(params)):
            c += b"\x20" + uleb(i)
        c += b"\x10" + uleb(inner)
        locs = []
        if any(t in FLOATS for t in results):
            base = len(params)
            for k in reversed(range(len(results))):
                c += b"\x21" + uleb(base + k)
            scr = {}
            for t in FLOATS:
                scr[t] = base + len(results) + (0 if t == F32 else 1)
            for k, t in enumerate(results):
                c += b"\x20" + uleb(base + k)
                if t in FLOATS:
                    s = uleb(scr[t])
                    c += b"\x22" + s + bytes((CONST_OP[t],)) + CANON_NAN[t].to_bytes(4 if t == F32 else 8, "little")
                    c += b"\x20" + s + b"\x20" + s + bytes((FEQ[t], 0x1B))
            locs = list(results) + [F32, F64]
        c += b"\x0b"
        return encode_locals(locs) + bytes(c)

    def assemble(self, nfuncs, nwrap) -> bytes:
        out = bytearray(b"\x00asm\x01\x00\x00\x00")
        extra = []
        if self.probe_export:
            extra.append((self.typeidx((I32, I32), (I64,)),
                          b"\x01\x01\x7e\x02\x40\x03\x40\x20\x01\x45\x0d\x01\x20\x02\x42" + sleb(0x100000001B3)
                          + b"\x7e\x20\x00\x31\x00\x00\x85\x21\x02\x20\x00\x41\x01\x6a\x21\x00\x20\x01\x41\x01"
                          b"\x6b\x21\x01\x0c\x00\x0b\x0b\x20\x02\x0b"))
        # function section (types registered before the type section is written)
        funcsec = vec([uleb(self.typeidx(*self.sigs[f])) for f in range(self.first_int, nfuncs)]
                      + [uleb(t) for t, _ in extra])
        tsec = vec(b"\x60" + vec(bytes((t,)) for t in p) + vec(bytes((t,)) for t in res) for p, res in self.tlist)
        out += section(1, tsec)
        out += section(2, uleb(self.nimports) + bytes(self.imports))
        out += section(3, funcsec)
        tables = [b"\x70" + limits(self.size0, self.max0), b"\x70" + limits(self.size1, self.max1)]
        if self.has_t2:
            tables.append(b"\x6f" + limits(self.size2, self.max2))
        out += section(4, vec(tables))
        out += section(5, vec([limits(self.min_pages, self.max_pages)]))
        gdefs = [bytes((self.gtypes[g], 1 if self.gmut[g] else 0)) + self.ginit[g]
                 for g in range(self.n_imported_globals, len(self.gtypes))]
        out += section(6, vec(gdefs))
        exps = [wname(f"f{w}") + b"\x00" + uleb(self.first_wrap + w) for w in range(nwrap)]
        if self.export_internal:         # debugging aid (check.py): internal functions as i<index>
            exps += [wname(f"i{f}") + b"\x00" + uleb(f) for f in self.int_funcs]
        if extra:
            exps.append(wname("probe") + b"\x00" + uleb(nfuncs))
        exps.append(wname("memory") + b"\x02\x00")
        for t in range(len(tables)):
            exps.append(wname(f"t{t}") + b"\x01" + uleb(t))
        for g in range(self.n_imported_globals, len(self.gtypes)):
            exps.append(wname(f"g{g}") + b"\x03" + uleb(g))
        out += section(7, vec(exps))
        out += section(9, vec(e[0] for e in self.elems))
        out += section(12, uleb(len(self.datas)))
        bodies = []
        for f in range(self.first_int, nfuncs):
            b = self.bodies[f]
            bodies.append(uleb(len(b)) + b)
        for _, b in extra:
            bodies.append(uleb(len(b)) + b)
        out += section(10, vec(bodies))
        dsegs = []
        for kind, off, data in self.datas:
            if kind == "active":
                dsegs.append(b"\x00\x41" + sleb(off) + b"\x0b" + uleb(len(data)) + data)
            else:
                dsegs.append(b"\x01" + uleb(len(data)) + data)
        out += section(11, vec(dsegs))
        return bytes(out)


def limits(mn, mx) -> bytes:
    return b"\x00" + uleb(mn) if mx is None else b"\x01" + uleb(mn) + uleb(mx)


def encode_locals(types) -> bytes:
    runs = []
    for t in types:
        if runs and runs[-1][1] == t:
            runs[-1][0] += 1
        else:
            runs.append([1, t])
    return uleb(len(runs)) + b"".join(uleb(n) + bytes((t,)) for n, t in runs)


# ----------------------------------------------------------------------------------------------------------------

class FuncGen:
    """Generates one internal function body.  The generator is structural: every expression production pushes
    exactly one value of the requested type, every statement production is stack-neutral, so the code is valid
    by construction.  `ctrl` mirrors the label stack (label types = what a branch to it carries)."""

    def __init__(self, m: Module, fidx: int, role: str):
        self.m = m
        r = self.r = m.r
        self.fidx = fidx
        self.role = role
        self.pure = role == "pure"
        self.params, self.results = m.sigs[fidx]
        self.c = bytearray()
        self.lt = list(self.params)
        self.rpool = {t: [] for t in NUMS}
        self.wpool = {t: [] for t in NUMS}
        for i, t in enumerate(self.params):
            self.rpool[t].append(i)
            if r.random() < 0.5 and not (i == 0 and role in ("rec", "pure")):
                self.wpool[t].append(i)          # params written (never the recursion depth)
        if role == "hot":
            nper = (r.randint(6, 22), r.randint(4, 16), r.randint(4, 14), r.randint(6, 20))
        elif role in ("helper", "pure"):
            nper = tuple(r.randint(0, 4) for _ in NUMS)
        else:
            nper = tuple(r.randint(1, 10) for _ in NUMS)
        decl = [t for t, n in zip(NUMS, nper) for _ in range(n)]
        r.shuffle(decl)
        for t in decl:
            i = self.newl(t)
            self.rpool[t].append(i)
            if r.random() < 0.8:                 # the others are only ever read (always zero)
                self.wpool[t].append(i)
        for t in NUMS:
            if not self.wpool[t]:
                i = self.newl(t)
                self.rpool[t].append(i)
                self.wpool[t].append(i)
        self.acc = self.newl(I64)
        self.rpool[I64].append(self.acc)
        self.scr = {}
        self.fold = {}
        self.gate_l = None
        self.rare_src = [(i, t) for i, t in enumerate(self.params)]
        if role == "rec":
            self.rare_src = self.rare_src[1:]
        self.ctrl = [list(self.results)]
        self.mult = 1
        self.cost = 0                   # estimated dynamic cost of the code before `mark` (+ callees)
        self.mark = 0
        self.sites = []
        self.akind = ""
        self.ed = r.randint(2, 4)
        if role == "helper":
            self.fuel = r.randint(5, 14)
            self.budget = 8000
        elif role == "hot":
            self.fuel = r.randint(20, 60)
            self.budget = 600000
        elif role == "pure":
            self.fuel = r.randint(3, 10)
            self.budget = 150
        elif role == "rec":
            self.fuel = r.randint(8, 30)
            self.budget = 8000
        else:
            self.fuel = r.randint(10, 40)
            self.budget = 150000
        self.cum = ROLE_CUM[role]
        # direct callees: higher index internal functions (never wrappers, never the unbounded recursion
        # except from its designated caller)
        self.callees = [f for f in m.int_funcs if f > fidx]
        self.helper_callees = [f for f in self.callees if m.roles[f] == "helper"]
        self.calli_slots = {}           # sig -> [slot]
        for s, f in enumerate(m.stable):
            if f is not None and f > fidx:
                self.calli_slots.setdefault(m.sigs[f], []).append((s, f))
        self.calli_sigs = list(self.calli_slots)

    # --- cost estimate: code bytes / 2 times the product of the enclosing loops' trip counts, plus callees
    def cur_cost(self):
        return self.cost + (len(self.c) - self.mark) * self.mult // 2

    def set_mult(self, mult):
        self.cost = self.cur_cost()
        self.mark = len(self.c)
        self.mult = mult

    def site(self, kind):
        """record what the next (possibly trapping) instruction is, for trap attribution (check.py)"""
        self.sites.append((len(self.c), kind))

    # --- locals
    def newl(self, t) -> int:
        self.lt.append(t)
        return len(self.lt) - 1

    def scratch(self, t) -> int:
        s = self.scr.get(t)
        if s is None:
            s = self.scr[t] = self.newl(t)
        return s

    def foldl(self, t) -> int:
        s = self.fold.get(t)
        if s is None:
            s = self.fold[t] = self.newl(t)
        return s

    def gate(self) -> int:
        if self.gate_l is None:
            self.gate_l = self.newl(I32)
        return self.gate_l

    # --- raw emission
    def op_index(self, opcode, i):
        """An operator with one index immediate (local.get/set/tee, global.get/set)."""
        c = self.c
        c.append(opcode)
        c += uleb(i)

    def lget(self, i): self.op_index(0x20, i)

    def lset(self, i): self.op_index(0x21, i)

    def ltee(self, i): self.op_index(0x22, i)

    def gget(self, i): self.op_index(0x23, i)

    def gset(self, i): self.op_index(0x24, i)

    def i32c(self, v):
        c = self.c
        c.append(0x41)
        c += sleb(s32(v))

    def i64c(self, v):
        c = self.c
        c.append(0x42)
        c += sleb(s64(v))

    def fconst(self, t, bits):
        c = self.c
        c.append(CONST_OP[t])
        c += bits.to_bytes(4 if t == F32 else 8, "little")

    def tconst(self, t, v):
        """v: integer value for ints, bit pattern for floats"""
        if t == I32:
            self.i32c(v)
        elif t == I64:
            self.i64c(v)
        else:
            self.fconst(t, v)

    def fval(self, t, x: float):
        self.fconst(t, f32b(x) if t == F32 else f64b(x))

    def bt(self, params, results):
        c = self.c
        if not params:
            if not results:
                c.append(0x40)
                return
            if len(results) == 1:
                c.append(results[0])
                return
        c += sleb(self.m.typeidx(params, results))

    def push(self, labels):
        self.ctrl.append(list(labels))

    def pop(self):
        self.ctrl.pop()
        self.c.append(0x0B)

    # --- values
    def const(self, t):
        r = self.r
        x = r.random()
        if t == I32:
            self.i32c(r.choice(I32_EDGE) if x < 0.45 else (r.randint(-16, 16) if x < 0.7 else r.getrandbits(32)))
        elif t == I64:
            self.i64c(r.choice(I64_EDGE) if x < 0.45 else (r.randint(-16, 16) if x < 0.7 else r.getrandbits(64)))
        else:
            self.fconst(t, self.m.rand_const(t))

    def leaf(self, t):
        r = self.r
        x = r.random()
        if x < 0.55:
            pool = self.rpool[t]
            if pool:
                self.lget(r.choice(pool))
                return
        if x < 0.68:
            gp = self.m.grpool[t]
            if gp:
                self.gget(r.choice(gp))
                return
        self.const(t)

    def cheap(self, t):
        """a leaf or a single cheap operation"""
        if self.r.random() < 0.75:
            self.leaf(t)
        else:
            self.expr(t, 1)

    def exprs(self, ts, d):
        for t in ts:
            self.expr(t, d)

    def cheaps(self, ts):
        for t in ts:
            self.cheap(t)

    def canon(self, t):
        """replace a NaN on top of the stack by the canonical NaN (float results observed by bits)"""
        if t not in FLOATS:
            return
        s = uleb(self.scratch(t))
        c = self.c
        c.append(0x22)
        c += s
        c.append(CONST_OP[t])
        c += CANON_NAN[t].to_bytes(4 if t == F32 else 8, "little")
        c.append(0x20)
        c += s
        c.append(0x20)
        c += s
        c.append(FEQ[t])
        c.append(0x1B)

    def conv(self, s, t):
        if s == t:
            return
        need_canon, ops = self.r.choice(CONV[(s, t)])
        if need_canon:
            self.canon(s)
        self.c += ops

    def to_i64(self, t):
        r = self.r
        c = self.c
        if t == I32:
            c.append(0xAD if r.random() < 0.7 else 0xAC)
        elif t == F32:
            if r.random() < 0.8:
                self.canon(F32)
                c += b"\xbc\xad"
            else:
                c += b"\xfc\x04" if r.random() < 0.5 else b"\xfc\x05"
        elif t == F64:
            if r.random() < 0.8:
                self.canon(F64)
                c.append(0xBD)
            else:
                c += b"\xfc\x06" if r.random() < 0.5 else b"\xfc\x07"

    def hash1(self, t):
        """consume a value into the accumulator"""
        self.to_i64(t)
        self.lget(self.acc)
        self.i64c(self.r.choice((0x100000001B3, 0x9E3779B97F4A7C15, 31, -0x3B, 0x5BD1E995)))
        self.c += b"\x7e" + (b"\x85" if self.r.random() < 0.7 else b"\x7c")
        self.lset(self.acc)

    def consume1(self, t):
        r = self.r
        x = r.random()
        if x < 0.12:
            self.c.append(0x1A)
        elif x < 0.5:
            self.lset(r.choice(self.wpool[t]))
        elif x < 0.58 and not self.pure:
            self.canon(t)
            self.gset(r.choice(self.m.gwpool[t]))
        else:
            self.hash1(t)

    def consume(self, ts):
        for t in reversed(ts):
            self.consume1(t)

    def fold_to(self, ts, t):
        """consume values of types ts, push one value of type t derived from all of them"""
        if not ts:
            self.leaf(t)
            return
        self.conv(ts[-1], t)
        if len(ts) == 1:
            return
        f = self.foldl(t)
        for s in reversed(ts[:-1]):
            self.lset(f)
            self.conv(s, t)
            self.lget(f)
            self.c.append(self.r.choice(COMBINE[t]))

    # --- rare conditions (traps fire only sometimes, depending on the arguments)
    def rare(self, mask=None):
        r = self.r
        src = self.rare_src
        c = self.c
        if src and r.random() < 0.92:
            i, t = r.choice(src)
            if t in INTS:
                mask = mask or self.m.rare_mask
                self.lget(i)
                self.tconst(t, mask)
                c.append(AND[t])
                self.tconst(t, r.randint(1, mask))
                c.append(EQ[t])
            else:
                self.lget(i)
                if r.random() < 0.6:
                    self.lget(i)
                    c.append(FNE[t])           # NaN argument
                else:
                    self.fconst(t, r.choice((0x7F800000, 0xFF800000)) if t == F32 else
                                r.choice((0x7FF0000000000000, 0xFFF0000000000000)))
                    c.append(FEQ[t])           # infinite argument
        else:
            gp = self.m.gwpool[I32]
            if gp and r.random() < 0.7:
                self.gget(r.choice(gp))
                self.i32c(self.m.rare_mask)
                c.append(0x71)
                self.i32c(r.randint(1, self.m.rare_mask))
                c.append(0x46)
            else:
                self.i32c(0)

    def cond(self, d):
        """an i32 condition; mostly a comparison consumed right away (fused compare-and-branch)"""
        r = self.r
        x = r.random()
        c = self.c
        if x < 0.45:
            t = r.choice(NUMS)
            self.expr(t, d - 1)
            self.expr(t, d - 1)
            c.append(r.choice(CMPS[t]))
        elif x < 0.58:
            t = r.choice(NUMS)
            self.expr(t, d - 1)
            if t in FLOATS:
                self.fconst(t, r.choice(ZERO_NAN[t]))
            else:
                self.tconst(t, r.choice(I32_EDGE if t == I32 else I64_EDGE))
            c.append(r.choice(CMPS[t]))
        elif x < 0.68:
            t = r.choice(INTS)
            self.expr(t, d - 1)
            c.append(EQZ[t])
            for _ in range(r.randint(0, 3)):
                c.append(0x45)
        elif x < 0.8:
            self.lget(r.choice(self.rpool[I32]))
        elif x < 0.86:
            self.rare()
        else:
            self.expr(I32, d - 1)

    # --- expressions
    def expr(self, t, d):
        if d <= 0:
            self.leaf(t)
            return
        r = self.r
        if r.random() < 0.3:
            self.leaf(t)
            return
        k = r.choices(EXPR_KINDS, cum_weights=EXPR_CUM[t])[0]
        getattr(self, "e_" + k)(t, d)

    def e_unop(self, t, d):
        self.expr(t, d - 1)
        self.c.append(self.r.choice(UNOPS[t]))

    def e_binop(self, t, d):
        r = self.r
        op = r.choice(BINOPS[t])
        self.expr(t, d - 1)
        if t in INTS and op in SHIFTS[t] and r.random() < 0.5:
            self.tconst(t, r.choice(SHIFT_EDGE))
        else:
            self.expr(t, d - 1)
        self.c.append(op)

    def e_minmax(self, t, d):
        r = self.r
        if r.random() < 0.5:
            self.expr(t, d - 1)
            self.fconst(t, r.choice(ZERO_NAN[t]))
        else:
            self.fconst(t, r.choice(ZERO_NAN[t]))
            self.expr(t, d - 1)
        self.c.append(r.choice(MINMAX[t]))

    def e_copysign(self, t, d):
        self.expr(t, d - 1)
        self.expr(t, d - 1)
        self.canon(t)
        self.c.append(COPYSIGN[t])

    def guard_divisor(self, t, op):
        """make the divisor on the stack non-zero (and != -1 for div_s)"""
        c = self.c
        s = self.scratch(t)
        self.ltee(s)
        self.tconst(t, 1)
        self.lget(s)
        if op == DIV_S[t]:
            self.tconst(t, 1)
            c.append(ADD[t])
            self.tconst(t, 1)
            c.append(GT_U[t])
        elif t == I64:
            self.i64c(0)
            c.append(0x52)
        c.append(0x1B)

    def e_div(self, t, d):
        r = self.r
        c = self.c
        op = r.choice(DIVS[t])
        x = r.random()
        if x < 0.12:          # edge dividend
            self.tconst(t, r.choice((-0x80000000, -1, 0x7FFFFFFF) if t == I32 else
                                    (-0x8000000000000000, -1, 0x7FFFFFFFFFFFFFFF)))
        else:
            self.expr(t, d - 1)
        y = r.random()
        if y < 0.15:
            self.tconst(t, r.choice((-1, 1, 2, -2, 3, 7, -0x80000000)))
            kind = "div:const"
        elif y < 0.9:
            self.expr(t, d - 1)
            self.guard_divisor(t, op)
            kind = "div:guarded"
        elif y < 0.99:        # zero only when a rare condition holds
            self.tconst(t, 0 if op != DIV_S[t] or r.random() < 0.5 else -1)
            self.expr(t, d - 1)
            self.guard_divisor(t, op)
            self.rare()
            c.append(0x1B)
            kind = "div:rare"
        else:                 # unguarded: an argument (zero for some calls)
            src = [i for i, s in self.rare_src if s == t]
            if src:
                self.lget(r.choice(src))
            else:
                self.tconst(t, r.choice((-1, 3)))
            kind = "div:unguarded"
        self.site(kind)
        c.append(op)

    def e_cmp(self, t, d):
        r = self.r
        x = r.random()
        if x < 0.15:
            s = r.choice(INTS)
            self.expr(s, d - 1)
            self.c.append(EQZ[s])
            return
        s = r.choice(NUMS)
        self.expr(s, d - 1)
        if x < 0.4:
            if s in FLOATS:
                self.fconst(s, r.choice(ZERO_NAN[s]))
            else:
                self.tconst(s, r.choice(I32_EDGE if s == I32 else I64_EDGE))
        else:
            self.expr(s, d - 1)
        self.c.append(r.choice(CMPS[s]))

    def e_conv(self, t, d):
        r = self.r
        s = r.choice(CONV_SRC[t])
        self.expr(s, d - 1)
        self.conv(s, t)

    def e_trunc(self, t, d):
        """trapping float->int truncation: boundary constants, or a guarded operand that is out of range
        only when a rare condition holds"""
        r = self.r
        c = self.c
        op = r.choice(TRUNC_TO[t])
        src, _, lo, lo_incl, hi, valid, invalid = TRUNC[op]
        x = r.random()
        if x < 0.3:
            self.fval(src, r.choice(valid))
        elif x < 0.4:
            s, sat = r.choice(SAT_TO[t])
            self.expr(s, d - 1)
            c += b"\xfc" + uleb(sat)
            return
        else:
            s = self.scratch(src)
            if x < 0.85:
                self.expr(src, d - 1)
            else:
                self.fval(src, r.choice(invalid))
            self.ltee(s)
            self.fval(src, r.choice(valid))
            self.lget(s)
            self.fval(src, lo)
            c.append(CMPS[src][5] if lo_incl else CMPS[src][3])   # ge / gt
            self.lget(s)
            self.fval(src, hi)
            c.append(CMPS[src][2])                                 # lt
            c.append(0x71)
            if r.random() < 0.3:
                self.rare()
                c.append(0x72)
            c.append(0x1B)
        self.site("trunc:expr")
        c.append(op)

    def addr(self, width):
        """push an i32 address, return the static offset to use"""
        r = self.r
        c = self.c
        x = r.random()
        m = self.m
        if x < 0.72:
            self.akind = "masked"
            mask = r.choice(m.addr_masks)
            self.expr(I32, 1)
            self.i32c(mask)
            c.append(0x71)
            return r.randrange(0, min(m.min_bytes - mask - 8, 4096))
        if x < 0.88:                    # in bounds, right at the end of the current memory
            self.akind = "end"
            off = r.choice((0, 0, 1, 4, 8))
            k = width + off + r.randint(0, 8)
            c += b"\x3f\x00\x41\x10\x74"
            self.i32c(k)
            c.append(0x6B)
            return off
        if x < 0.925:                   # crosses the end only when a rare condition holds
            self.akind = "rare-end"
            off = r.choice((0, 0, 1, 4))
            k = r.randint(0, width + off - 1)
            c += b"\x3f\x00\x41\x10\x74"
            self.i32c(k)
            c.append(0x6B)
            self.lget(r.choice(self.rpool[I32]))
            self.i32c(r.choice((0x1F, 0xFF, 0xFFF)))
            c.append(0x71)
            self.rare()
            c.append(0x1B)
            return off
        # a constant address; out of bounds only under a rare condition
        if r.random() < 0.5:
            self.akind = "const"
            self.i32c(r.randrange(0, m.min_bytes - width))
            return 0
        self.akind = "rare-const"
        self.i32c(r.choice((0x7FFFFFFF, -1, -width, 0x10000000)))
        self.i32c(r.randrange(0, 256))
        self.rare()
        c.append(0x1B)
        return 0

    def memarg(self, nat, off):
        c = self.c
        c += uleb(self.r.randint(0, nat))
        c += uleb(off)

    def e_load(self, t, d):
        r = self.r
        op, nat, width = r.choice(LOADS[t])
        off = self.addr(width)
        self.site("load:" + self.akind)
        self.c.append(op)
        self.memarg(nat, off)

    def e_select(self, t, d):
        self.expr(t, d - 1)
        self.expr(t, d - 1)
        self.cond(d)
        if self.r.random() < 0.4:
            self.c += b"\x1c\x01" + bytes((t,))
        else:
            self.c.append(0x1B)

    def e_block(self, t, d):
        r = self.r
        c = self.c
        c.append(0x02)
        c.append(t)
        self.push([t])
        self.stmts(r.randint(0, 2), d - 1)
        x = r.random()
        if x < 0.3:
            self.expr(t, d - 1)
            self.cond(d - 1)
            c += b"\x0d\x00"
            if r.random() < 0.3:
                self.consume1(t)
                self.expr(t, d - 1)
        elif x < 0.45:
            self.junk()
            self.expr(t, d - 1)
            c += b"\x0c\x00"
            self.dead_code(d)
        else:
            self.expr(t, d - 1)
        self.pop()

    def e_if(self, t, d):
        c = self.c
        self.cond(d)
        c.append(0x04)
        c.append(t)
        self.push([t])
        self.stmts(self.r.randint(0, 2), d - 1)
        self.expr(t, d - 1)
        c.append(0x05)
        self.stmts(self.r.randint(0, 2), d - 1)
        self.expr(t, d - 1)
        self.pop()

    def e_tee(self, t, d):
        self.expr(t, d - 1)
        self.ltee(self.r.choice(self.wpool[t]))

    def e_mem(self, t, d):
        c = self.c
        if self.pure or self.r.random() < 0.6:
            c += b"\x3f\x00"
            return
        self.grow_value()

    def grow_value(self):
        """push the result of a memory.grow (bounded)"""
        m = self.m
        c = self.c
        r = self.r
        if m.max_pages is not None:
            if r.random() < 0.5:
                self.i32c(r.choice((0, 1, 1, 2, 3)))
            else:
                self.expr(I32, 1)
                self.i32c(3)
                c.append(0x71)
            c += b"\x40\x00"
        else:
            c += b"\x3f\x00"
            self.i32c(MEM_NOMAX_LIMIT)
            c.append(0x49)
            c.append(0x04)
            c.append(I32)
            self.push([I32])
            self.i32c(r.choice((0, 1, 1, 2)))
            c += b"\x40\x00"
            c.append(0x05)
            self.i32c(-1)
            self.pop()

    def e_table(self, t, d):
        r = self.r
        c = self.c
        m = self.m
        x = r.random()
        ntab = 3 if m.has_t2 else 2
        if x < 0.35 or self.pure:
            c += b"\xfc\x10" + uleb(r.randrange(ntab))
        elif x < 0.6:
            self.funcref()
            c.append(0xD1)
        elif x < 0.7:                     # typed select of references
            self.funcref()
            self.funcref()
            self.cond(d)
            c += b"\x1c\x01\x70\xd1"
        else:
            tab = r.randrange(ntab)
            self.grow_table_value(tab)

    def funcref(self, tab=None):
        """push a funcref"""
        r = self.r
        m = self.m
        c = self.c
        x = r.random()
        if x < (0.08 if tab == 1 else 0.25):
            c += b"\xd0\x70"
        elif x < 0.65 or self.pure:
            fs = m.t1_funcs if tab == 1 and r.random() < 0.8 else m.dyn_funcs
            c.append(0xD2)
            c += uleb(r.choice(fs))
        else:
            src = 1 if tab == 1 else r.randrange(2)
            if src == 0:                  # the scratch region only: the stable one may hold costly functions
                self.i32c(r.randrange(m.k0, m.size0))
            else:
                self.expr(I32, 1)
                self.i32c(m.size1)
                c.append(0x70)            # rem_u
            c.append(0x25)
            c += uleb(src)

    def ref_for(self, tab):
        if tab == 2:
            if self.m.size2 and self.r.random() < 0.4:
                self.i32c(self.r.randrange(self.m.size2))
                self.c += b"\x25\x02"
            else:
                self.c += b"\xd0\x6f"
        else:
            self.funcref(tab)

    def grow_table_value(self, tab):
        m = self.m
        r = self.r
        c = self.c
        mx = (m.max0, m.max1, m.max2)[tab]
        size = (m.size0, m.size1, m.size2)[tab]
        if mx is not None:
            self.ref_for(tab)
            self.i32c(r.choice((0, 1, 2, 3, 5, 0x10000)))
            c += b"\xfc\x0f" + uleb(tab)
            return
        c += b"\xfc\x10" + uleb(tab)
        self.i32c(size + 24)
        c.append(0x49)
        c.append(0x04)
        c.append(I32)
        self.push([I32])
        self.ref_for(tab)
        self.i32c(r.choice((0, 1, 2, 3)))
        c += b"\xfc\x0f" + uleb(tab)
        c.append(0x05)
        self.i32c(-1)
        self.pop()

    # --- calls
    def pick_callee(self, d=None):
        cands = self.callees
        if not cands or self.pure:
            return None
        r = self.r
        helpers = self.helper_callees
        for _ in range(3):
            f = r.choice(helpers) if helpers and (self.mult > 1 or r.random() < 0.3) and r.random() < 0.7 \
                else r.choice(cands)
            if f == self.m.recinf and self.mult > 1:
                continue
            if self.cur_cost() + self.mult * self.m.fcost[f] <= self.budget:
                return f
        return None

    def call_args(self, f, d):
        """push the arguments for a direct call to f"""
        params = self.m.sigs[f][0]
        role = self.m.roles.get(f)
        r = self.r
        c = self.c
        if f == self.m.recinf:
            self.i32c(r.choice((-1, 0x7FFFFFFF)))
            self.expr(I32, 1)
            self.i32c(7)
            c.append(0x71)
            self.rare(3)
            c.append(0x1B)
            self.exprs(params[1:], d - 1)
        elif role == "rec" and r.random() < 0.7:
            self.expr(I32, d - 1)
            self.i32c(r.choice((3, 7, 7, 15)))
            c.append(0x71)
            self.exprs(params[1:], d - 1)
        else:
            self.exprs(params, d - 1)

    def direct_call(self, f, d):
        self.call_args(f, d)
        self.c.append(0x10)
        self.c += uleb(f)
        self.cost += self.mult * self.m.fcost[f]

    def pick_calli(self):
        if not self.calli_sigs or self.pure:
            return None
        r = self.r
        for _ in range(3):
            sig = r.choice(self.calli_sigs)
            slot, f = r.choice(self.calli_slots[sig])
            if self.cur_cost() + self.mult * self.m.fcost[f] <= self.budget:
                return sig, slot, f
        return None

    def indirect_call(self, pick, d):
        sig, slot, f = pick
        r = self.r
        m = self.m
        c = self.c
        self.exprs(sig[0], d - 1)
        x = r.random()
        bad = -1
        if x < 0.6:
            self.i32c(slot)
            kind = "calli:good"
        else:
            kind = "calli:rare-bad"
            # a bad index only when a rare condition holds: out of range, null, wrong type, or fine after all
            y = r.random()
            if y < 0.3:
                bad = r.choice((m.size0 + 64, 0x7FFFFFFF, -1, m.size0 + 40))
            else:
                # null, another type, or a callable of this type that cannot recurse
                bad = r.choice([s for s in range(m.k0) if m.stable[s] is None or m.sigs[m.stable[s]] != sig
                                or m.stable[s] > self.fidx])
            self.i32c(bad)
            self.i32c(slot)
            self.rare()
            c.append(0x1B)
        self.site(kind)
        c.append(0x11)
        c += uleb(m.typeidx(*sig))
        c.append(0x00)
        cost = m.fcost[f]
        if kind != "calli:good" and 0 <= bad < m.k0 and m.stable[bad] is not None and m.sigs[m.stable[bad]] == sig:
            cost = max(cost, m.fcost[m.stable[bad]])   # the "bad" slot may hold another callee of this type
        self.cost += self.mult * cost

    def e_call(self, t, d):
        f = self.pick_callee()
        if f is None:
            self.leaf(t)
            return
        self.direct_call(f, d)
        res = self.m.sigs[f][1]
        if len(res) == 1 and res[0] == t:
            return
        self.fold_to(res, t)

    def e_calli(self, t, d):
        p = self.pick_calli()
        if p is None:
            self.leaf(t)
            return
        self.indirect_call(p, d)
        res = p[0][1]
        if len(res) == 1 and res[0] == t:
            return
        self.fold_to(res, t)

    # --- statements
    def stmts(self, n, d):
        for _ in range(n):
            if self.fuel <= 0:
                return
            self.stmt(d)

    def stmt(self, d):
        self.fuel -= 1
        if d <= 0 or self.fuel <= 0 or self.cur_cost() > self.budget:
            self.s_set(0)
            return
        k = self.r.choices(STMT_KINDS, cum_weights=self.cum)[0]
        getattr(self, "s_" + k)(d)

    def junk(self):
        """values left on the stack under an unconditional branch"""
        if self.r.random() < 0.4:
            for _ in range(self.r.randint(1, 4)):
                self.cheap(self.r.choice(NUMS))

    def dead_code(self, d):
        if self.r.random() < 0.2:
            self.stmts(self.r.randint(1, 2), min(d, 2) - 1)

    def s_set(self, d):
        r = self.r
        t = r.choice(NUMS)
        self.expr(t, d if d > 0 else 0)
        if r.random() < 0.2:
            self.ltee(r.choice(self.wpool[t]))
            self.consume1(t)
        else:
            self.lset(r.choice(self.wpool[t]))

    def s_churn(self, d):
        """many locals of all types read and written in a row (register homes, local cache, spills)"""
        r = self.r
        c = self.c
        rp = self.rpool
        wp = self.wpool
        for _ in range(r.randint(6, 24)):
            t = r.choice(NUMS)
            self.lget(r.choice(rp[t]))
            x = r.random()
            if x < 0.6:
                self.lget(r.choice(rp[t]))
                c.append(r.choice(COMBINE[t]))
            elif x < 0.75:
                s = r.choice(CONV_SRC[t])
                self.lget(r.choice(rp[s]))
                self.conv(s, t)
                c.append(r.choice(COMBINE[t]))
            elif x < 0.85:
                c.append(r.choice(UNOPS[t]))
            if r.random() < 0.15:
                self.ltee(r.choice(wp[t]))
                self.hash1(t)
            else:
                self.lset(r.choice(wp[t]))

    def s_gset(self, d):
        if self.pure:
            return self.s_set(d)
        r = self.r
        t = r.choice(NUMS)
        self.expr(t, d)
        self.canon(t)
        self.gset(r.choice(self.m.gwpool[t]))

    def s_store(self, d):
        if self.pure:
            return self.s_set(d)
        r = self.r
        t = r.choice(NUMS)
        op, nat, width = r.choice(STORES[t])
        off = self.addr(width)
        kind = self.akind
        self.expr(t, d - 1)
        self.canon(t)
        self.site("store:" + kind)
        self.c.append(op)
        self.memarg(nat, off)

    def s_if(self, d):
        r = self.r
        c = self.c
        self.cond(d)
        c += b"\x04\x40"
        self.push([])
        self.stmts(r.randint(1, 3), d - 1)
        if r.random() < 0.5:
            c.append(0x05)
            self.stmts(r.randint(1, 3), d - 1)
        self.pop()

    def s_block(self, d):
        c = self.c
        c += b"\x02\x40"
        self.push([])
        self.stmts(self.r.randint(1, 4), d - 1)
        if self.r.random() < 0.4:
            self.cond(d - 1)
            c += b"\x0d\x00"
            self.stmts(self.r.randint(1, 2), d - 1)
        self.pop()

    def s_loop(self, d):
        r = self.r
        c = self.c
        n = r.choice((1, 2, 3, 4, 5, 8, 10, 13, 16, 20, 25, 32, 40, 50))
        while n > 1 and self.mult * n > MULT_CAP:
            n //= 2
        if self.mult * n > MULT_CAP or self.cur_cost() + self.mult * n * 60 > self.budget:
            return self.s_set(d)
        P = tuple(r.choice(NUMS) for _ in range(r.randint(1, 3))) if r.random() < 0.4 else ()
        x = r.random()
        R = P if x < 0.25 else (tuple(r.choice(NUMS) for _ in range(r.randint(1, 3))) if x < 0.5 else ())
        cnt = self.newl(I32)
        self.i32c(n)
        self.lset(cnt)
        c.append(0x02)
        self.bt((), R)
        self.push(R)
        self.exprs(P, d - 1)
        c.append(0x03)
        self.bt(P, R)
        self.push(P)
        # guard: exit through the outer block once the counter is used up (every back edge passes here)
        self.lget(cnt)
        c += b"\x45\x04\x40"
        self.push([])
        self.cheaps(R)
        c += b"\x0c\x02"
        self.pop()
        self.lget(cnt)
        c += b"\x41\x01\x6b"
        self.lset(cnt)
        saved = self.mult
        self.set_mult(saved * n)
        self.consume(P)
        nb = r.randint(2, 8) if self.role == "hot" else r.randint(1, 4)
        self.stmts(nb, d - 1)
        e = r.random()
        if e < 0.4:
            self.exprs(P, d - 1)
            if r.random() < 0.5:
                self.lget(cnt)
            else:
                self.cond(d - 1)
            c += b"\x0d\x00"
            self.consume(P)
            self.exprs(R, d - 1)
        elif e < 0.62:
            self.junk()
            self.exprs(P, d - 1)
            c += b"\x0c\x00"
            self.dead_code(d)
        elif e < 0.74:
            self.exprs(P, d - 1)
            self.br_table(P, d)
        else:
            self.exprs(R, d - 1)
        self.set_mult(saved)
        self.pop()
        self.pop()
        self.consume(R)

    def br_table(self, L, d):
        """L is on the stack: br_table to labels whose types are L (duplicates, loops, outer blocks)"""
        r = self.r
        c = self.c
        depth = len(self.ctrl)
        cands = [depth - 1 - i for i in range(depth) if tuple(self.ctrl[i]) == tuple(L)]
        if not cands:
            cands = [0]
        n = r.choice((1, 2, 3, 5, 8, 16, 30))
        targets = [r.choice(cands) for _ in range(n)]
        default = r.choice(cands)
        x = r.random()
        if x < 0.5:
            self.expr(I32, 1)
            self.i32c(r.choice((1, 3, 7, 15, 31)))
            c.append(0x71)
        elif x < 0.7:
            self.expr(I32, 1)
            self.i32c(n + 1)
            c.append(0x70)
        elif x < 0.85:
            self.i32c(r.randint(-1, n + 1))
        else:
            self.expr(I32, 1)
        c.append(0x0E)
        c += uleb(n)
        for tg in targets:
            c += uleb(tg)
        c += uleb(default)
        self.dead_code(d)

    def mv_body(self, P, R, d):
        """like transform but tracks whether P was consumed"""
        r = self.r
        np_ = len(P)
        if np_ and tuple(R[:np_]) == tuple(P) and r.random() < 0.5:
            # keep the params as the first results
            self.stmts(r.randint(0, 2), d - 1)
            self.exprs(R[np_:], d - 1)
            if r.random() < 0.3:
                self.cond(d - 1)
                self.c += b"\x0d\x00"
            return
        consumed = not np_ or r.random() < 0.65
        if consumed:
            self.consume(P)
        self.stmts(r.randint(0, 2), d - 1)
        c = self.c
        x = r.random()
        if consumed and x < 0.3:
            self.exprs(R, d - 1)
            if r.random() < 0.5:
                self.cond(d - 1)
                c += b"\x0d\x00"          # br_if; the fall-through values are the block's results
        elif x < 0.55:
            self.junk()
            self.exprs(R, d - 1)
            c += b"\x0c\x00"
            self.dead_code(d)
        elif x < 0.8:
            c.append(0x02)
            self.bt((), R)
            self.push(R)
            self.stmts(r.randint(0, 2), d - 1)
            self.exprs(R, d - 1)
            self.cond(d - 1)
            c += b"\x0d\x01"             # out of the nested block straight to the outer one
            if consumed:
                self.pop()
            else:
                c += b"\x0c\x00"
                self.pop()
                c += b"\x0c\x00"          # P still below: leave by an unconditional branch
        else:
            self.exprs(R, d - 1)
            self.br_table(R, d)

    def s_mvblock(self, d):
        r = self.r
        c = self.c
        P = self.m.rand_types(1, 4)
        x = r.random()
        R = P if x < 0.3 else (P + self.m.rand_types(1, 2) if x < 0.45 else self.m.rand_types(0, 4))
        self.exprs(P, d - 1)
        c.append(0x02)
        self.bt(P, R)
        self.push(R)
        self.mv_body(P, R, d)
        self.pop()
        self.consume(R)

    def s_mvif(self, d):
        r = self.r
        c = self.c
        P = self.m.rand_types(0, 3)
        x = r.random()
        R = P if x < 0.3 else self.m.rand_types(0, 3)
        self.exprs(P, d - 1)
        self.cond(d)
        c.append(0x04)
        self.bt(P, R)
        self.push(R)
        self.mv_body(P, R, d)
        if P != R or r.random() < 0.7:
            c.append(0x05)
            self.mv_body(P, R, d)
        self.pop()
        self.consume(R)

    def s_brtable(self, d):
        r = self.r
        c = self.c
        L = self.m.rand_types(0, 3)
        nb = r.randint(1, 4)
        for _ in range(nb):
            c.append(0x02)
            self.bt((), L)
            self.push(L)
        self.stmts(r.randint(0, 2), d - 1)
        self.junk()
        self.exprs(L, d - 1)
        self.br_table(L, d)
        for k in range(nb):
            self.pop()
            if k < nb - 1:
                # mark which exit was taken, then produce the values again
                self.consume(L)
                self.lget(self.acc)
                self.i64c(k + 1)
                c.append(0x7C)
                self.lset(self.acc)
                self.stmts(r.randint(0, 1), d - 1)
                self.exprs(L, d - 1)
        self.consume(L)

    def s_branch(self, d):
        r = self.r
        c = self.c
        depth = len(self.ctrl)
        i = r.randrange(depth) if r.random() < 0.5 else max(0, depth - 1 - r.randint(0, 2))
        L = self.ctrl[i]
        rel = depth - 1 - i
        if i == 0 and r.random() < 0.7:
            # leaving the function only rarely
            self.rare()
            c += b"\x04\x40"
            self.push([])
            self.junk()
            self.exprs(L, d - 1)
            c += b"\x0c" + uleb(rel + 1)
            self.pop()
            return
        if r.random() < 0.6:
            self.exprs(L, d - 1)
            self.cond(d - 1)
            c += b"\x0d" + uleb(rel)
            self.consume(L)
        else:
            self.cond(d - 1)
            c += b"\x04\x40"
            self.push([])
            self.junk()
            self.exprs(L, d - 1)
            c += b"\x0c" + uleb(rel + 1)
            self.pop()

    def s_ret(self, d):
        c = self.c
        if self.r.random() < 0.6:
            self.rare()
        else:
            self.cond(d)
        c += b"\x04\x40"
        self.push([])
        self.junk()
        self.exprs(self.results, d - 1)
        c.append(0x0F)
        self.pop()

    def s_call(self, d):
        f = self.pick_callee()
        if f is None:
            return self.s_set(d)
        self.direct_call(f, d)
        self.consume(self.m.sigs[f][1])

    def s_calli(self, d):
        p = self.pick_calli()
        if p is None:
            return self.s_set(d)
        self.indirect_call(p, d)
        self.consume(p[0][1])

    def s_dyncall(self, d):
        """a call_indirect whose target depends on the table contents at run time (table.set/copy/init/fill
        change them): guarded by a global call budget and depth, so cycles stay bounded, and by a null check
        (a null slot is called only when a rare condition holds)"""
        m = self.m
        if self.pure:
            return self.s_set(d)
        r = self.r
        c = self.c
        tab = 1 if r.random() < 0.7 else 0
        sig = m.t1_sig if tab == 1 else m.sigs[r.choice(m.dyn_funcs)]
        ix = self.newl(I32)
        checked = True
        self.expr(I32, 1)
        if tab == 1:
            if r.random() < 0.95:
                self.i32c(m.size1)
                c.append(0x70)
            else:
                self.i32c(r.choice((1, 3, 7, 15)))
                c.append(0x71)
                checked = False
        else:
            self.i32c(m.size0 - m.k0)
            c.append(0x70)
            self.i32c(m.k0)
            c.append(0x6A)
        self.lset(ix)
        # the budget check
        self.gget(m.G_DEPTH)
        self.i32c(DYN_DEPTH)
        c.append(0x49)                    # lt_u
        self.gget(m.G_CALLS)
        c += b"\x45\x45\x71"              # calls_left != 0; and
        if checked:
            self.lget(ix)
            c += b"\x25" + uleb(tab) + b"\xd1\x45"   # !ref.is_null(table.get)
            self.rare()
            c += b"\x72\x71"                # or; and
        c += b"\x04\x40"
        self.push([])
        self.gget(m.G_CALLS)
        c += b"\x41\x01\x6b"
        self.gset(m.G_CALLS)
        self.gget(m.G_DEPTH)
        c += b"\x41\x01\x6a"
        self.gset(m.G_DEPTH)
        self.exprs(sig[0], 1)
        self.lget(ix)
        self.site("dyncall:t1" if tab == 1 else "dyncall:t0-scratch")
        c.append(0x11)
        c += uleb(m.typeidx(*sig))
        c.append(tab)
        self.gget(m.G_DEPTH)
        c += b"\x41\x01\x6b"
        self.gset(m.G_DEPTH)
        self.consume(sig[1])
        self.pop()

    def s_host(self, d):
        if self.pure or not self.m.host:
            return self.s_set(d)
        f, params = self.r.choice(self.m.host)
        for t in params:
            self.expr(t, d - 1)
            self.canon(t)
        self.c.append(0x10)
        self.c += uleb(f)

    def s_deep(self, d):
        """a deep operand stack (30-300 values of all types) held across a call / helper call / branch"""
        r = self.r
        c = self.c
        if self.mult > 50:
            return self.s_set(d)
        n = r.randint(30, 300) if r.random() < 0.3 else r.randint(30, 80)
        if self.mult > 1:
            n = min(n, 60)
        ts = [r.choice(NUMS) for _ in range(n)]
        mid = r.randrange(n)
        for k, t in enumerate(ts):
            if k == mid and r.random() < 0.5:
                self.e_call(t, 2)
            else:
                self.cheap(t)
        x = r.random()
        if x < 0.25:
            self.s_call(d)
        elif x < 0.4:
            self.s_calli(d)
        elif x < 0.5:
            self.s_host(d)
        elif x < 0.6:
            self.s_bulk(d)
        elif x < 0.68:
            self.s_table(d)
        elif x < 0.76:
            self.s_dyncall(d)
        elif x < 0.86:
            self.s_branch(d)
        else:
            self.s_block(d)
        # fold everything into the accumulator, sometimes combining neighbours first
        while ts:
            t = ts.pop()
            if ts and ts[-1] == t and r.random() < 0.4:
                c.append(r.choice(COMBINE[t]))
                continue
            self.hash1(t)
        if r.random() < 0.5:
            self.flush_acc()

    def s_bulk(self, d):
        if self.pure:
            return self.s_set(d)
        r = self.r
        c = self.c
        m = self.m
        x = r.random()
        if x < 0.3:
            room = self.bulk_dst()
            self.expr(I32, 1)
            self.bulk_len(room)
            self.site("memory.fill")
            c += b"\xfc\x0b\x00"                      # memory.fill
        elif x < 0.6:
            room = self.bulk_dst()
            if r.random() < 0.3:                      # overlapping source
                room2 = self.bulk_dst()
            else:
                room2 = self.bulk_dst()
            self.bulk_len(min(room, room2))
            self.site("memory.copy")
            c += b"\xfc\x0a\x00\x00"                  # memory.copy
        elif x < 0.9:
            seg, n, droppable = r.choice(m.passive_data)
            room = self.bulk_dst()
            if droppable:
                self.i32c(0)
                self.i32c(r.randint(1, n))
                self.i32c(0)
                self.rare()
                c.append(0x1B)
            else:
                s = r.randint(0, n)
                self.i32c(s)
                lim = min(n - s, room)
                if r.random() < 0.85:
                    self.expr(I32, 1)
                    self.i32c(lim + 1)
                    c.append(0x70)                    # rem_u: always in bounds
                else:
                    self.i32c(n - s + 1)              # one past the end, only on a rare condition
                    self.i32c(lim)
                    self.rare()
                    c.append(0x1B)
            self.site("memory.init")
            c += b"\xfc\x08" + uleb(seg) + b"\x00"     # memory.init
        else:
            cands = [p for p in m.passive_data if p[2]]
            if cands:
                c += b"\xfc\x09" + uleb(r.choice(cands)[0])   # data.drop
            else:
                self.s_set(d)

    def bulk_dst(self):
        """push a start address for a bulk operation; return how many bytes after it are surely in bounds"""
        r = self.r
        c = self.c
        x = r.random()
        if x < 0.8:
            mask = r.choice(self.m.addr_masks)
            self.expr(I32, 1)
            self.i32c(mask)
            c.append(0x71)
            return self.m.min_bytes - mask - 1
        if x < 0.9:
            k = r.choice((0, 1, 7, 16, 0x400))
            c += b"\x3f\x00\x41\x10\x74"            # memory.size << 16: the end
            self.i32c(k)
            c.append(0x6B)
            return k
        a = r.randrange(0, self.m.min_bytes - 0x400)
        self.i32c(a)
        return self.m.min_bytes - a

    def bulk_len(self, room):
        r = self.r
        c = self.c
        x = r.random()
        lim = min(room, r.choice((15, 63, 255, 0x3FF)))
        self.cost += self.mult * lim      # wasmtime's fuel (like swasm's gas) charges bulk operations per byte
        if x < 0.75:
            self.expr(I32, 1)
            self.i32c(lim + 1)
            c.append(0x70)                            # rem_u
        elif x < 0.9:
            self.i32c(r.choice((0, 1, lim, lim // 2)))
        else:
            self.i32c(r.choice((0x10000, 0x7FFFFFFF, -1, 0x20000, room + 1) if room < 0x8000 else
                               (0x10000, 0x7FFFFFFF, -1, 0x20000)))
            self.i32c(r.randint(0, lim))
            self.rare()
            c.append(0x1B)

    def s_grow(self, d):
        if self.pure:
            return self.s_set(d)
        self.grow_value()
        self.consume1(I32)

    def tab_room(self, tab):
        m = self.m
        lo, size = ((m.k0, m.size0), (0, m.size1), (0, m.size2))[tab]
        return size - lo

    def tab_dst(self, tab, span):
        """push a start index for a write of `span` (<= tab_room) elements into table tab that never touches
        the stable region of table 0 (and is out of bounds only on a rare condition)"""
        m = self.m
        r = self.r
        c = self.c
        lo, size = ((m.k0, m.size0), (0, m.size1), (0, m.size2))[tab]
        room = size - lo - span
        if r.random() < 0.1:
            self.i32c(size + r.randint(1, 40))
            self.i32c(lo + room)
            self.rare()
            c.append(0x1B)
            return
        self.expr(I32, 1)
        self.i32c(room + 1)
        c.append(0x70)
        if lo:
            self.i32c(lo)
            c.append(0x6A)

    def s_table(self, d):
        if self.pure:
            return self.s_set(d)
        r = self.r
        c = self.c
        m = self.m
        ntab = 3 if m.has_t2 else 2
        x = r.random()
        tab = r.randrange(ntab)
        size = (m.size0, m.size1, m.size2)[tab]
        if x < 0.2:                                     # table.get
            if size == 0:
                c += b"\xfc\x10" + uleb(tab)
                self.consume1(I32)
                return
            oob = r.random() < 0.2
            if oob:
                self.i32c(size + r.choice((0, 100, 0x7FFFFFFF)))
            self.expr(I32, 1)
            self.i32c(size)
            c.append(0x70)
            if oob:
                self.rare()
                c.append(0x1B)
            self.site("table.get")
            c.append(0x25)
            c += uleb(tab)
            c.append(0xD1)
            self.consume1(I32)
        elif x < 0.4:                                   # table.set
            if tab == 0 or size > 0:
                self.tab_dst(tab, 1)
                self.ref_for(tab)
                self.site("table.set")
                c.append(0x26)
                c += uleb(tab)
        elif x < 0.5:
            c += b"\xfc\x10" + uleb(tab)
            self.consume1(I32)
        elif x < 0.6:
            self.grow_table_value(tab)
            self.consume1(I32)
        elif x < 0.75:                                  # table.fill
            span = min(r.randint(0, 4), self.tab_room(tab))
            self.tab_dst(tab, span)
            self.ref_for(tab)
            self.i32c(span)
            self.site("table.fill")
            c += b"\xfc\x11" + uleb(tab)
        elif x < 0.85:                                  # table.copy (funcref tables)
            dt = r.randrange(2)
            st = r.randrange(2)
            slo, ssize = ((m.k0, m.size0), (0, m.size1))[st]
            span = min(r.randint(0, 4), self.tab_room(dt), ssize - slo)
            self.tab_dst(dt, span)
            self.i32c(r.randint(slo, ssize - span))
            self.i32c(span)
            self.site("table.copy")
            c += b"\xfc\x0e" + uleb(dt) + uleb(st)
        elif x < 0.95:                                  # table.init
            cands = [p for p in m.passive_elems if p[1] == FUNCREF or m.has_t2]
            eidx, et, n, droppable = r.choice(cands)
            tab = 2 if et == EXTERNREF else r.randrange(2)
            span = min(r.randint(0, n), self.tab_room(tab))
            self.tab_dst(tab, span)
            if droppable:
                self.i32c(0)
                self.i32c(max(span, 1))
                self.i32c(0)
                self.rare()
                c.append(0x1B)
            else:
                self.i32c(r.randint(0, n - span))
                self.i32c(span)
            self.site("table.init")
            c += b"\xfc\x0c" + uleb(eidx) + uleb(tab)
        else:
            cands = [p for p in m.passive_elems if p[3]]
            if cands:
                c += b"\xfc\x0d" + uleb(r.choice(cands)[0])

    def s_trap(self, d):
        """a trap of a chosen kind, firing only when a rare condition holds"""
        r = self.r
        c = self.c
        k = r.randrange(8)
        if k == 0:
            self.rare()
            self.site("trap:unreachable")
            c += b"\x04\x40\x00\x0b"                     # if unreachable end
        elif k == 1:                                     # division by zero
            t = r.choice(INTS)
            op = r.choice(DIVS[t])
            self.expr(t, d - 1)
            self.tconst(t, 0)
            self.expr(t, d - 1)
            self.guard_divisor(t, op)
            self.rare()
            c.append(0x1B)
            self.site("trap:div0")
            c.append(op)
            self.consume1(t)
        elif k == 2:                                     # INT_MIN / -1
            t = r.choice(INTS)
            g = self.gate()
            self.rare()
            self.lset(g)
            self.tconst(t, -0x80000000 if t == I32 else -0x8000000000000000)
            self.expr(t, d - 1)
            self.lget(g)
            c.append(0x1B)
            self.tconst(t, -1)
            self.expr(t, d - 1)
            self.guard_divisor(t, DIV_S[t])
            self.lget(g)
            c.append(0x1B)
            self.site("trap:div-overflow")
            c.append(DIV_S[t])
            self.consume1(t)
        elif k == 3:                                     # invalid conversion / overflow in truncation
            t = r.choice(INTS)
            op = r.choice(TRUNC_TO[t])
            src, _, lo, lo_incl, hi, valid, invalid = TRUNC[op]
            self.fval(src, math.nan if r.random() < 0.5 else r.choice(invalid))
            self.fval(src, r.choice(valid))
            self.rare()
            c.append(0x1B)
            self.site("trap:trunc")
            c.append(op)
            self.consume1(t)
        elif k == 4:                                     # out-of-bounds memory
            t = r.choice(NUMS)
            op, nat, width = r.choice(LOADS[t])
            x = r.random()
            if x < 0.5:
                c += b"\x3f\x00\x41\x10\x74"
                self.i32c(r.randint(0, width - 1))
                c.append(0x6B)
                self.i32c(r.randrange(0, 1024))
                self.rare()
                c.append(0x1B)
                off = 0
            else:
                self.i32c(r.randrange(0, 4096))
                off = r.choice((0xFFFFFFFF, 0x10000000, 65536 * 64))
                self.rare()
                c.append(0x04)
                self.bt((I32,), (I32,))
                self.push([I32])
                self.site("trap:mem-offset")
                c.append(op)
                self.memarg(nat, off)
                self.to_i32(t)
                c.append(0x05)
                self.pop()
                self.consume1(I32)
                return
            self.site("trap:mem-end")
            c.append(op)
            self.memarg(nat, off)
            self.consume1(t)
        elif k == 5:                                     # indirect call: null / out of range / mismatch
            p = self.pick_calli()
            if p is None:
                self.rare()
                self.site("trap:unreachable")
                c += b"\x04\x40\x00\x0b"
                return
            sig, slot, f = p
            bads = [s for s in range(self.m.k0) if self.m.stable[s] is None or self.m.sigs[self.m.stable[s]] != sig]
            bads.append(self.m.size0 + 64)
            self.exprs(sig[0], d - 1)
            self.i32c(r.choice(bads))
            self.i32c(slot)
            self.rare()
            c.append(0x1B)
            self.site("trap:calli")
            c.append(0x11)
            c += uleb(self.m.typeidx(*sig))
            c.append(0x00)
            self.cost += self.mult * self.m.fcost[f]
            self.consume(sig[1])
        elif k == 6:                                     # table out of bounds
            tab = r.randrange(3 if self.m.has_t2 and self.m.size2 else 2)
            size = (self.m.size0, self.m.size1, self.m.size2)[tab]
            self.i32c(size + r.choice((0, 100, 0x7FFFFFFF)))
            self.i32c(max(0, size - 1))
            self.rare()
            c.append(0x1B)
            self.site("trap:table.get")
            c.append(0x25)
            c += uleb(tab)
            c.append(0xD1)
            self.consume1(I32)
        else:                                            # bulk memory out of bounds
            c += b"\x3f\x00\x41\x10\x74"
            self.i32c(r.randint(0, 8))
            c.append(0x6B)
            self.expr(I32, 1)
            self.i32c(r.randint(9, 64))
            self.i32c(0)
            self.rare()
            c.append(0x1B)
            self.site("trap:memory.fill")
            c += b"\xfc\x0b\x00"

    def to_i32(self, t):
        if t == I32:
            return
        if t == I64:
            self.c.append(0xA7)
        elif t == F32:
            self.c += b"\xfc\x00"
        else:
            self.c += b"\xfc\x02"

    def flush_acc(self):
        c = self.c
        if self.pure:
            return
        if self.r.random() < 0.5:
            self.i32c(8 * self.r.randrange(32))
            self.lget(self.acc)
            c += b"\x37\x03\x00"          # i64.store
        else:
            self.gget(self.m.G_HASH)
            self.lget(self.acc)
            c.append(0x85)
            self.gset(self.m.G_HASH)

    def s_observe(self, d):
        """fold many locals (homed, cached, spilled, only-read ones) into the accumulator"""
        r = self.r
        alll = [(i, t) for i, t in enumerate(self.lt) if i != self.acc]
        k = min(len(alll), r.randint(3, 24))
        for i, t in r.sample(alll, k):
            self.lget(i)
            self.hash1(t)
        self.flush_acc()

    def observe_all(self):
        for i, t in enumerate(self.lt):
            if i == self.acc:
                continue
            self.lget(i)
            self.hash1(t)
        self.flush_acc()

    # --- the whole function
    def generate(self) -> bytes:
        r = self.r
        c = self.c
        d = self.ed
        if self.role in ("rec", "pure"):
            # bounded recursion through param 0 (masked on entry: any caller, even a dynamic one, is safe);
            # the deliberate unbounded one ("pure") stops only at 0 and has no side effects before it recurses
            if self.role == "rec":
                self.lget(0)
                self.i32c(r.choice((3, 7, 7, 15)))
                c.append(0x71)
                self.lset(0)
            self.lget(0)
            c.append(0x45)
            c += b"\x04\x40"
            self.push([])
            self.cheaps(self.results)      # no branch may skip this return
            c.append(0x0F)
            self.pop()
            if self.pure:       # cheap before the self call: the unbounded case runs it per stack frame
                self.stmts(r.randint(0, 2), 1)
            else:
                self.stmts(r.randint(1, max(1, self.fuel // 2)), d)
            # the self call (once, outside loops)
            self.lget(0)
            c += b"\x41\x01\x6b"
            self.exprs(self.params[1:], d - 1)
            self.site("recursion")
            c.append(0x10)
            c += uleb(self.fidx)
            self.consume(self.results)
            self.stmts(self.fuel, d)
        else:
            self.stmts(self.fuel, d)
            if self.role == "hot" or r.random() < 0.6:
                self.observe_all()
        self.exprs(self.results, d)
        c.append(0x0B)
        if self.role in ("rec", "pure"):
            self.total_cost = self.cur_cost() * (16 if self.role == "rec" else 8) + 100
        else:
            self.total_cost = self.cur_cost() + 50
        prefix = encode_locals(self.lt[len(self.params):])
        self.m.sites[self.fidx] = (len(prefix), self.sites)
        return prefix + bytes(c)


# ----------------------------------------------------------------------------------------------------------------

def generate(seed: int):
    """(wasm bytes, calls) for a seed"""
    return Module(seed).build()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-o", "--output", required=True, help="the .wasm file to write")
    ap.add_argument("--calls", help="the calls JSON file to write")
    ap.add_argument("--wat", help="also write the text form (needs wasm-tools or wasm2wat on PATH)")
    a = ap.parse_args(argv)
    wasm, calls = generate(a.seed)
    with open(a.output, "wb") as f:
        f.write(wasm)
    if a.calls:
        with open(a.calls, "w") as f:
            json.dump(calls, f, indent=1)
            f.write("\n")
    if a.wat:
        try:
            p = subprocess.run(["wasm-tools", "print", a.output, "-o", a.wat], capture_output=True, text=True)
            if p.returncode != 0:
                raise OSError(p.stderr)
        except OSError:
            subprocess.run(["wasm2wat", "--enable-all", a.output, "-o", a.wat], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

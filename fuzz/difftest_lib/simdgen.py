"""`simd` modules: random expression trees over every WebAssembly 2.0 SIMD operator, written as WAT and parsed by
`wasm-tools parse`. smith puts v128 code in nearly every module, but its values rarely reach what the tester sees
(most of them are dropped, or the call traps first); here every operator's value flows into a function result, a
v128 global or memory, so a wrong lane shows up.

A module: one memory page (with random bytes at the start), a mutable v128 global, a function $h (1-10 v128
parameters and an i32) and 4-7 exported functions. A function takes v128, i32, i64, f32 and f64 parameters (the
tester's v128 arguments: boundary lanes, NaN lanes), runs 1-3 statements (a `v128.store` / `store*_lane` / global or
local update) and returns v128 values (mostly two, up to 12) and an i32 computed by trees of depth up to 4, which
also carry v128 values through if/else, br_if and br_table and call $h. Only deterministic values: float arithmetic that can produce a NaN (add ... nearest,
demote, promote) is canonicalized as smith's `--canonicalize-nans` does (`v128.bitselect` with a canonical NaN under
`f32x4.eq x x`); abs, neg, pmin/pmax, lane moves and conversions keep their bits in every engine. Addresses are
mostly masked into the page; some are not (out-of-bounds traps, stores crossing the end of memory included)."""
import os
import random
import subprocess

from .binaries import WASM_TOOLS

V, I32, I64, F32, F64 = "v128", "i32", "i64", "f32", "f64"

# (name, operand types, result type, canonicalize as "f32"/"f64"/None)
OPS = []


def _ops(names, args, result, canon=None):
    for n in names.split():
        OPS.append((n, args, result, canon))


_CMP = "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u"
_ops("v128.and v128.or v128.xor v128.andnot", (V, V), V)
_ops(" ".join(f"i8x16.{c}" for c in _CMP.split()) + " i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub"
     " i8x16.sub_sat_s i8x16.sub_sat_u i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u i8x16.avgr_u"
     " i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u i8x16.swizzle", (V, V), V)
_ops(" ".join(f"i16x8.{c}" for c in _CMP.split()) + " i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub"
     " i16x8.sub_sat_s i16x8.sub_sat_u i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u"
     " i16x8.q15mulr_sat_s i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u i16x8.extmul_low_i8x16_s"
     " i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_s i16x8.extmul_high_i8x16_u", (V, V), V)
_ops(" ".join(f"i32x4.{c}" for c in _CMP.split()) + " i32x4.add i32x4.sub i32x4.mul i32x4.min_s i32x4.min_u"
     " i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s i32x4.extmul_low_i16x8_s i32x4.extmul_low_i16x8_u"
     " i32x4.extmul_high_i16x8_s i32x4.extmul_high_i16x8_u", (V, V), V)
_ops("i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s i64x2.add i64x2.sub i64x2.mul"
     " i64x2.extmul_low_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_s i64x2.extmul_high_i32x4_u",
     (V, V), V)
for _s in ("f32x4", "f64x2"):
    _w = _s[:3]
    _ops(f"{_s}.eq {_s}.ne {_s}.lt {_s}.gt {_s}.le {_s}.ge {_s}.pmin {_s}.pmax", (V, V), V)
    _ops(f"{_s}.add {_s}.sub {_s}.mul {_s}.div {_s}.min {_s}.max", (V, V), V, _w)
    _ops(f"{_s}.abs {_s}.neg", (V,), V)
    _ops(f"{_s}.sqrt {_s}.ceil {_s}.floor {_s}.trunc {_s}.nearest", (V,), V, _w)
_ops("v128.not i8x16.abs i8x16.neg i8x16.popcnt i16x8.abs i16x8.neg i16x8.extend_low_i8x16_s"
     " i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_s i16x8.extend_high_i8x16_u i16x8.extadd_pairwise_i8x16_s"
     " i16x8.extadd_pairwise_i8x16_u i32x4.abs i32x4.neg i32x4.extend_low_i16x8_s i32x4.extend_low_i16x8_u"
     " i32x4.extend_high_i16x8_s i32x4.extend_high_i16x8_u i32x4.extadd_pairwise_i16x8_s"
     " i32x4.extadd_pairwise_i16x8_u i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u i32x4.trunc_sat_f64x2_s_zero"
     " i32x4.trunc_sat_f64x2_u_zero i64x2.abs i64x2.neg i64x2.extend_low_i32x4_s i64x2.extend_low_i32x4_u"
     " i64x2.extend_high_i32x4_s i64x2.extend_high_i32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u"
     " f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u", (V,), V)
_ops("f32x4.demote_f64x2_zero", (V,), V, "f32")
_ops("f64x2.promote_low_f32x4", (V,), V, "f64")
_ops("v128.bitselect", (V, V, V), V)
_ops(" ".join(f"{s}.{o}" for s in ("i8x16", "i16x8", "i32x4", "i64x2") for o in ("shl", "shr_s", "shr_u")), (V, I32), V)
_ops("v128.any_true i8x16.all_true i16x8.all_true i32x4.all_true i64x2.all_true i8x16.bitmask i16x8.bitmask"
     " i32x4.bitmask i64x2.bitmask", (V,), I32)
_ops("i8x16.splat i16x8.splat i32x4.splat", (I32,), V)
_ops("i64x2.splat", (I64,), V)
_ops("f32x4.splat", (F32,), V)
_ops("f64x2.splat", (F64,), V)

LANES = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}
LANE_TYPE = {"i8x16": I32, "i16x8": I32, "i32x4": I32, "i64x2": I64, "f32x4": F32, "f64x2": F64}
EXTRACT = [("i8x16.extract_lane_s", "i8x16"), ("i8x16.extract_lane_u", "i8x16"), ("i16x8.extract_lane_s", "i16x8"),
           ("i16x8.extract_lane_u", "i16x8"), ("i32x4.extract_lane", "i32x4"), ("i64x2.extract_lane", "i64x2"),
           ("f32x4.extract_lane", "f32x4"), ("f64x2.extract_lane", "f64x2")]
LOADS = [("v128.load", 16), ("v128.load8x8_s", 8), ("v128.load8x8_u", 8), ("v128.load16x4_s", 8),
         ("v128.load16x4_u", 8), ("v128.load32x2_s", 8), ("v128.load32x2_u", 8), ("v128.load8_splat", 1),
         ("v128.load16_splat", 2), ("v128.load32_splat", 4), ("v128.load64_splat", 8), ("v128.load32_zero", 4),
         ("v128.load64_zero", 8)]
LANE_MEM = [(8, 16), (16, 8), (32, 4), (64, 2)]   # (bits, lanes) of load*_lane / store*_lane

CANON = {"f32": "(v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)",
         "f64": "(v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)"}
LANE_SPECIAL = {8: [0, 1, 0x7F, 0x80, 0xFF], 16: [0, 1, 0x7FFF, 0x8000, 0xFFFF],
                32: [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FC00000, 0xFFC00000, 0x7F800001, 0x7F800000,
                     0x3F800000, 0x4F000000, 0xCF000000, 0x00000001],
                64: [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x7FF8000000000000,
                     0x7FF0000000000001, 0x3FF0000000000000, 0x41E0000000000000, 0xC1E0000000000000]}


class _Func:
    def __init__(self, rng, params, helper=None):
        self.rng, self.params = rng, params
        self.helper = helper   # number of v128 parameters of $h (params: that many v128, then i32), or None

    def param(self, t):
        idx = [i for i, p in enumerate(self.params) if p == t]
        return f"(local.get {self.rng.choice(idx)})" if idx else None

    def v128_const(self):
        r = self.rng
        bits = r.choice([8, 16, 32, 64])
        lanes = [r.choice(LANE_SPECIAL[bits]) if r.random() < 0.6 else r.getrandbits(bits) for _ in range(128 // bits)]
        shape = {8: "i8x16", 16: "i16x8", 32: "i32x4", 64: "i64x2"}[bits]
        return f"(v128.const {shape} {' '.join(str(x) for x in lanes)})"

    def scalar_const(self, t):
        r = self.rng
        if t == I32:
            return f"(i32.const {r.choice([0, 1, 7, 8, 15, 16, 31, 32, 63, 64, -1, 0x7FFFFFFF, -0x80000000, r.getrandbits(32) - (1 << 31)])})"
        if t == I64:
            return f"(i64.const {r.choice([0, 1, 63, 64, -1, r.getrandbits(64) - (1 << 63)])})"
        bits = r.choice(LANE_SPECIAL[32 if t == F32 else 64] + [r.getrandbits(32 if t == F32 else 64)])
        # the bit pattern through reinterpret: a NaN constant keeps its payload
        it = I32 if t == F32 else I64
        signed = bits - (1 << (32 if t == F32 else 64)) if bits >> (31 if t == F32 else 63) else bits
        return f"({t}.reinterpret_{it} ({it}.const {signed}))"

    def addr(self):
        r = self.rng
        q = r.random()
        p = self.param(I32)
        if q < 0.04 and p:
            return p                                       # usually out of bounds: a trap
        if q < 0.07:
            return f"(i32.const {r.randint(65520, 65540)})"    # across the end of memory
        base = p if p and q < 0.7 else self.scalar(I32, 1)
        return f"(i32.and {base} (i32.const {r.choice([0xFF, 0x7FF, 0xFFF0, 0x3FF])}))"

    def scalar(self, t, depth):
        r = self.rng
        if depth > 0 and r.random() < 0.35:
            if t == I32 and r.random() < 0.5:
                name = r.choice([o for o in OPS if o[2] == I32])[0]
                return f"({name} {self.vexpr(depth - 1)})"
            cands = [(n, s) for n, s in EXTRACT if LANE_TYPE[s] == t]
            n, s = r.choice(cands)
            return f"({n} {r.randrange(LANES[s])} {self.vexpr(depth - 1)})"
        p = self.param(t)
        return p if p and r.random() < 0.7 else self.scalar_const(t)

    def vexpr(self, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.15:
            p = self.param(V)
            return p if p and r.random() < 0.75 else self.v128_const()
        q = r.random()
        if q < 0.06:
            name, _ = r.choice(LOADS)
            off = r.choice([0, 0, 1, 3, 16, 100])
            return f"({name} offset={off} {self.addr()})"
        if q < 0.09:
            bits, lanes = r.choice(LANE_MEM)
            return f"(v128.load{bits}_lane {r.randrange(lanes)} {self.addr()} {self.vexpr(depth - 1)})"
        if q < 0.13:
            s = r.choice(list(LANES))
            return f"({s}.replace_lane {r.randrange(LANES[s])} {self.vexpr(depth - 1)} {self.scalar(LANE_TYPE[s], depth - 1)})"
        if q < 0.17:
            idx = " ".join(str(r.randrange(32)) for _ in range(16))
            return f"(i8x16.shuffle {idx} {self.vexpr(depth - 1)} {self.vexpr(depth - 1)})"
        if q < 0.19:
            return f"(select {self.vexpr(depth - 1)} {self.vexpr(depth - 1)} {self.scalar(I32, depth - 1)})"
        # v128 values across control flow: if/else, a br_if out of a block, br_table to one of two blocks
        if q < 0.22:
            return (f"(if (result v128) {self.scalar(I32, depth - 1)} (then {self.vexpr(depth - 1)}) "
                    f"(else {self.vexpr(depth - 1)}))")
        if q < 0.24:
            return (f"(block (result v128) (drop (br_if 0 {self.vexpr(depth - 1)} {self.scalar(I32, depth - 1)})) "
                    f"{self.vexpr(depth - 1)})")
        if q < 0.26:
            return (f"(block (result v128) (i32x4.add (block (result v128) (br_table 0 1 0 {self.vexpr(depth - 1)} "
                    f"{self.scalar(I32, depth - 1)})) {self.vexpr(depth - 1)}))")
        if q < 0.30 and self.helper:
            # a call with many v128 arguments live at once (and what the callee leaves in registers)
            args = " ".join(self.vexpr(depth - 1) for _ in range(self.helper))
            return f"(call $h {args} {self.scalar(I32, depth - 1)})"
        name, args, _, canon = r.choice([o for o in OPS if o[2] == V])
        operands = " ".join(self.vexpr(depth - 1) if a == V else self.scalar(a, depth - 1) for a in args)
        e = f"({name} {operands})"
        if canon:
            e = (f"(v128.bitselect (local.tee $t {e}) {CANON[canon]} "
                 f"({canon}x{4 if canon == 'f32' else 2}.eq (local.get $t) (local.get $t)))")
        return e

    def stmt(self, depth):
        r = self.rng
        q = r.random()
        if q < 0.35:
            return f"(v128.store offset={r.choice([0, 1, 7, 16])} {self.addr()} {self.vexpr(depth)})"
        if q < 0.5:
            bits, lanes = r.choice(LANE_MEM)
            return f"(v128.store{bits}_lane {r.randrange(lanes)} {self.addr()} {self.vexpr(depth)})"
        if q < 0.8:
            return f"(global.set $g {self.vexpr(depth)})"
        k = r.choice([i for i, p in enumerate(self.params) if p == V])
        return f"(local.set {k} {self.vexpr(depth)})"


def module_wat(rng):
    """The text of one module."""
    data = "".join(f"\\{rng.getrandbits(8):02x}" for _ in range(rng.choice([64, 256])))
    g = _Func(rng, []).v128_const()
    nh = rng.choice([1, 2, 3, 4, 6, 8, 10])
    hparams = [V] * nh + [I32]
    h = _Func(rng, hparams)
    funcs = [f"  (func $h (export \"h\") (param {' '.join(hparams)}) (result v128) (local $t v128)\n    "
             f"{h.stmt(2)}\n    {h.vexpr(3)})"]
    for k in range(rng.randint(4, 7)):
        params = [V] * rng.randint(1, 3) + [I32] + rng.sample([I64, F32, F64, V, I32], rng.randint(0, 3))
        rng.shuffle(params)
        if V not in params:
            params.append(V)
        f = _Func(rng, params, helper=nh)
        depth = rng.randint(2, 4)
        body = [f.stmt(depth) for _ in range(rng.randint(1, 3))]
        # mostly two v128 results, sometimes many (all of them live on the value stack at once)
        nres = rng.choice([1, 2, 2, 2, 3, 5, 8, 12])
        body += [f.vexpr(depth) for _ in range(nres)] + [f.scalar(I32, depth)]
        funcs.append(f"  (func (export \"f{k}\") (param {' '.join(params)}) (result {'v128 ' * nres}i32) (local $t v128)"
                     "\n    " + "\n    ".join(body) + ")")
    return (f"(module\n  (memory (export \"m\") 1 1)\n  (data (i32.const 0) \"{data}\")\n"
            f"  (global $g (export \"g\") (mut v128) {g})\n" + "\n".join(funcs) + ")\n")


def simd_module(seed, idx, out):
    """Writes module `idx` of run `seed` (its text beside it, `.wat`); an error message, or None."""
    rng = random.Random(f"simd:{seed}:{idx}")
    wat = out[:-5] + ".wat" if out.endswith(".wasm") else out + ".wat"
    with open(wat, "w") as f:
        f.write(module_wat(rng))
    p = subprocess.run([WASM_TOOLS, "parse", wat, "-o", out], capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(out):
        return f"wasm-tools parse failed: {p.stderr.strip()[-300:]}"
    return None

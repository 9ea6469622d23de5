"""Values as the tester writes and compares them (`TYPE:BITS`, unsigned decimal bit patterns; v128 as `v128:` + 32
hex digits, high byte first, as the harness and `swasm difftest-exec` print it), argument generation, the memory hash
shared with the harness and `swasm difftest-exec`, and trap kinds of the three engines."""
import struct
import zlib

MASKS = {"i32": (1 << 32) - 1, "i64": (1 << 64) - 1, "f32": (1 << 32) - 1, "f64": (1 << 64) - 1}


def is_nan(t, bits):
    if t == "f32":
        return bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF != 0
    if t == "f64":
        return bits & 0x7FF0000000000000 == 0x7FF0000000000000 and bits & 0xFFFFFFFFFFFFF != 0
    return False


def same_value(a, b):
    """Bit-for-bit equality of two `TYPE:VALUE` strings, except that two scalar NaNs of a type are equal (f32/f64
    NaNs are compared by class: our generator does not canonicalize them, and engines differ in the payloads they
    produce). v128 values are compared bit for bit, NaN lanes included: smith's `--canonicalize-nans` also rewrites
    every f32x4/f64x2 result (`v128.bitselect` with a canonical NaN under `f32x4.eq x x`), so a float lane that
    differs is a real difference (README: "What is compared")."""
    if a == b:
        return True
    ta, _, va = a.partition(":")
    tb, _, vb = b.partition(":")
    if ta != tb or ta not in ("f32", "f64") or not va.isdigit() or not vb.isdigit():
        return False
    return is_nan(ta, int(va)) and is_nan(tb, int(vb))


# ---- v128: `v128:HEX32` inside the tester; the scripts' lane syntax `v128:i64:LOW,HIGH` (harness README) ----

V128_MASK = (1 << 128) - 1


def v128_text(x):
    """The tester's (and the obs lines') text of a 128-bit value."""
    return f"v128:{x & V128_MASK:032x}"


def v128_int(text):
    """The 128-bit integer of `v128:HEX32` (lane 0 in the low bits)."""
    return int(text.split(":", 1)[1], 16)


def script_value(text):
    """An argument as the command scripts of the harness and `swasm difftest-exec` take it: v128 in lane syntax
    (`v128:i64:LOW,HIGH`, unsigned decimal), everything else as it is."""
    if text.startswith("v128:"):
        x = v128_int(text)
        return f"v128:i64:{x & MASKS['i64']},{x >> 64}"
    return text


# ---- memory hash: FNV-1a-64 over (page index, CRC-32 of the page) of every page that is not all zero ----

PAGE = 65536
_ZERO_PAGE = bytes(PAGE)


def _fnv_u32(h, v):
    for i in range(4):
        h = ((h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def memory_hash(data):
    """`PAGES:HEX16` of a memory's bytes (as `swasm difftest-exec` and the harness print it)."""
    h = 0xCBF29CE484222325
    pages = len(data) // PAGE
    for p in range(pages):
        page = data[p * PAGE:(p + 1) * PAGE]
        if page == _ZERO_PAGE:
            continue
        h = _fnv_u32(_fnv_u32(h, p), zlib.crc32(page))
    return f"{pages}:{h:016x}"


# ---- argument values ----

I32_SPECIAL = [0, 1, 2, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0x80000001, 7, 8, 15, 16, 31, 32, 33, 63,
               64, 0xFF, 0x100, 0xFFFF, 0x10000, 0xFFFF0000, 0xFFFFFF, 0x7FFFFFFE, 100, 1000]
I64_SPECIAL = [0, 1, 2, MASKS["i64"], MASKS["i64"] - 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001,
               0xFFFFFFFF, 0x100000000, 0x80000000, 0xFFFFFFFF80000000, 31, 32, 63, 64, 65, 0xFFFF, 1000]
F32_SPECIAL = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
               0x7FC12345, 0x00000001, 0x807FFFFF, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x3F000000,
               0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000, 0xDF000000, 0x3F7FFFFF, 0xBF7FFFFF, 0x40490FDB,
               0x4B000000, 0x4AFFFFFE]
F64_SPECIAL = [0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x7FF0000000000000,
               0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000001, 0x7FF8000000012345,
               0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FE0000000000000,
               0x41E0000000000000, 0xC1E0000000000000, 0x41F0000000000000, 0x43E0000000000000, 0xC3E0000000000000,
               0x3FEFFFFFFFFFFFFF, 0x400921FB54442D18, 0x4330000000000000, 0x41DFFFFFFFC00000]


# v128 lanes: the scalar specials plus narrow-integer boundaries and signaling NaNs (the oracle passes raw bits)
I8_SPECIAL = [0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 7, 8, 15, 16]
I16_SPECIAL = [0, 1, 2, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF, 0xFF, 0x100, 0x7F, 0x80, 15, 16]
F32_LANE_SPECIAL = F32_SPECIAL + [0x7F800001, 0x7FA00000, 0xFF800001, 0x7FFFFFFF, 0xFFFFFFFF]
F64_LANE_SPECIAL = F64_SPECIAL + [0xFFF0000000000001, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF]
V128_SHAPES = [(8, I8_SPECIAL), (16, I16_SPECIAL), (32, I32_SPECIAL), (64, I64_SPECIAL), (32, F32_LANE_SPECIAL),
               (64, F64_LANE_SPECIAL)]


def gen_v128(rng):
    """A random v128 as `v128:HEX32`: all zeros, all ones, random bits, or lanes of one shape (i8x16 ... f64x2)
    each a boundary value of the lane type (NaNs of every kind in the float shapes), a small number or random."""
    r = rng.random()
    if r < 0.08:
        return v128_text(0)
    if r < 0.14:
        return v128_text(V128_MASK)
    if r < 0.3:
        return v128_text(rng.getrandbits(128))
    bits, special = rng.choice(V128_SHAPES)
    mask = (1 << bits) - 1
    x = 0
    same = rng.random() < 0.25   # a splat-like value: every lane the same
    lane = None
    for i in range(128 // bits):
        if lane is None or not same:
            q = rng.random()
            if q < 0.6:
                lane = rng.choice(special)
            elif q < 0.8 and special not in (F32_LANE_SPECIAL, F64_LANE_SPECIAL):
                lane = rng.randint(-20, 20) & mask
            elif q < 0.8:
                fmt, ifmt = ("<f", "<I") if bits == 32 else ("<d", "<Q")
                lane = struct.unpack(ifmt, struct.pack(fmt, rng.uniform(-1e4, 1e4)))[0]
            else:
                lane = rng.getrandbits(bits)
        x |= (lane & mask) << (bits * i)
    return v128_text(x)


def gen_value(rng, t):
    """A random argument of type `t` as `TYPE:BITS` (mix of special values, small numbers and random bits)."""
    r = rng.random()
    if t in ("i32", "i64"):
        bits = 32 if t == "i32" else 64
        if r < 0.4:
            v = rng.choice(I32_SPECIAL if t == "i32" else I64_SPECIAL)
        elif r < 0.65:
            v = rng.randint(-20, 20)
        else:
            v = rng.getrandbits(rng.choice([8, 16, bits, bits]))
            if rng.random() < 0.3:
                v = -v
        return f"{t}:{v & MASKS[t]}"
    if t in ("f32", "f64"):
        if r < 0.45:
            v = rng.choice(F32_SPECIAL if t == "f32" else F64_SPECIAL)
        elif r < 0.75:
            x = rng.choice([rng.randint(-100, 100), rng.uniform(-1e3, 1e3), rng.uniform(-2.0, 2.0),
                            rng.uniform(-1e10, 1e10), rng.randint(-2**33, 2**33) + 0.5])
            fmt = "<f" if t == "f32" else "<d"
            v = struct.unpack("<I" if t == "f32" else "<Q", struct.pack(fmt, x))[0]
        else:
            v = rng.getrandbits(32 if t == "f32" else 64)
        return f"{t}:{v}"
    if t == "v128":
        return gen_v128(rng)
    if t == "externref":
        return "externref:null" if r < 0.5 else f"externref:{rng.randrange(1000)}"
    return f"{t}:null"


# ---- trap kinds: the three engines' messages mapped to one vocabulary ----

SWASM_TRAPS = [
    ("unreachable", "unreachable"), ("out of bounds memory access", "memory"),
    ("out of bounds table access", "table"), ("undefined element", "table"),
    ("uninitialized element", "null-call"), ("indirect call type mismatch", "signature"),
    ("integer overflow", "int-overflow"), ("integer divide by zero", "div-zero"),
    ("invalid conversion to integer", "conversion"), ("call stack exhausted", "stack"), ("out of gas", "fuel"),
    ("host error", "host"),
]
WABT_TRAPS = [
    ("unreachable executed", "unreachable"), ("out of bounds memory access", "memory"),
    ("undefined table index", "table"), ("out of bounds table access", "table"),
    ("uninitialized table element", "null-call"), ("indirect call signature mismatch", "signature"),
    ("integer overflow", "int-overflow"), ("integer divide by zero", "div-zero"),
    ("invalid conversion to integer", "conversion"), ("call stack exhausted", "stack"),
]
WASMTIME_TRAPS = {
    "UNREACHABLE": "unreachable", "MEMORY_OUT_OF_BOUNDS": "memory", "TABLE_OUT_OF_BOUNDS": "table",
    "INDIRECT_CALL_TO_NULL": "null-call", "BAD_SIGNATURE": "signature", "INTEGER_OVERFLOW": "int-overflow",
    "INTEGER_DIVISION_BY_ZERO": "div-zero", "BAD_CONVERSION_TO_INTEGER": "conversion", "STACK_OVERFLOW": "stack",
    "OUT_OF_FUEL": "fuel", "HEAP_MISALIGNED": "misaligned",
}


def _by_prefix(table, msg):
    for prefix, kind in table:
        if msg.startswith(prefix):
            return kind
    return "other:" + msg.replace(" ", "_")[:40]


def swasm_trap_kind(msg):
    return _by_prefix(SWASM_TRAPS, msg)


def wabt_trap_kind(msg):
    return _by_prefix(WABT_TRAPS, msg)


def wasmtime_trap_kind(trap):
    code = getattr(trap, "trap_code", None)
    if code is not None:
        return WASMTIME_TRAPS.get(code.name, "other:" + code.name)
    text = str(trap)
    for prefix, kind in SWASM_TRAPS:   # wasmtime's wording is the spec's for the common ones
        if prefix in text:
            return kind
    return "other:" + text.splitlines()[-1].strip().replace(" ", "_")[:40] if text else "other"

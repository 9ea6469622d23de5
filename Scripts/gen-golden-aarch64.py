#!/usr/bin/env python3
"""Generate AArch64 golden encoding vectors with llvm-mc.

Writes Tests/AssemblerTests/Golden/aarch64/<form>.txt, one vector per line:
    <instruction text (llvm-mc syntax)>\t<hex bytes, memory order, lowercase>
The instruction text is the input given to llvm-mc (the Swift test parses exactly this syntax).
One llvm-mc process per file. Lines llvm-mc rejects are reported and make the script fail.

Usage: python3 Scripts/gen-golden-aarch64.py [--llvm-mc PATH]
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "AssemblerTests", "Golden", "aarch64")
LLVM_MC = "llvm-mc"

CONDS = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"]
REGS = [0, 1, 7, 15, 16, 29, 30]


def x(n, r31):  # 64-bit register name; r31 is "sp" or "xzr"
    return r31 if n == 31 else f"x{n}"


def w(n, r31):
    return {"sp": "wsp", "xzr": "wzr"}[r31] if n == 31 else f"w{n}"


def R(width, n, r31):
    return x(n, r31) if width == 64 else w(n, r31)


def cyc(seq, i):
    return seq[i % len(seq)]


# ---------------------------------------------------------------- bitmask immediates

def bitmask_values(width):
    vals = set()
    for e in [2, 4, 8, 16, 32, 64]:
        if e > width:
            continue
        for k in range(1, e):
            run = (1 << k) - 1
            for r in range(e):
                elt = ((run >> r) | (run << (e - r))) & ((1 << e) - 1)
                v = 0
                for i in range(0, width, e):
                    v |= elt << i
                vals.add(v)
    return sorted(vals)


# ---------------------------------------------------------------- forms

def addsub_imm():
    out = []
    imms = [0, 1, 2, 4095, 4096, 8192, 0xfff000, 0x7ff000, 1234]
    i = 0
    for width in (64, 32):
        for op in ["add", "sub"]:
            for rd in REGS + [31]:
                for rn in REGS + [31]:
                    imm = cyc(imms, i); i += 1
                    out.append(f"{op} {R(width, rd, 'sp')}, {R(width, rn, 'sp')}, #{imm_text(imm)}")
        for op in ["adds", "subs"]:
            for rd in REGS + [31]:
                for rn in REGS + [31]:
                    imm = cyc(imms, i); i += 1
                    out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'sp')}, #{imm_text(imm)}")
        for op in ["cmp", "cmn"]:
            for rn in REGS + [31]:
                for imm in imms:
                    out.append(f"{op} {R(width, rn, 'sp')}, #{imm_text(imm)}")
        # mov to/from sp (add #0)
        for rd, rn in [(31, 0), (0, 31), (31, 30), (29, 31), (31, 31)]:
            out.append(f"mov {R(width, rd, 'sp')}, {R(width, rn, 'sp')}")
    return out


def imm_text(imm):
    if imm >= 4096 and imm % 4096 == 0:
        return f"{imm >> 12}, lsl #12"
    return str(imm)


def addsub_shift():
    out = []
    i = 0
    for width in (64, 32):
        amts = [0, 1, 5, width - 1]
        for op in ["add", "adds", "sub", "subs"]:
            for sh in ["lsl", "lsr", "asr"]:
                for a in amts:
                    for rd, rn, rm in [(0, 1, 2), (31, 31, 31), (30, 29, 16), (7, 31, 15)]:
                        out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'xzr')}, {R(width, rm, 'xzr')}, {sh} #{a}")
            out.append(f"{op} {R(width, 3, 'xzr')}, {R(width, 4, 'xzr')}, {R(width, 5, 'xzr')}")
        for op in ["cmp", "cmn"]:
            for sh in ["lsl", "lsr", "asr"]:
                for a in amts:
                    out.append(f"{op} {R(width, cyc(REGS + [31], i), 'xzr')}, {R(width, cyc([31, 2, 30], i), 'xzr')}, {sh} #{a}")
                    i += 1
        for op in ["neg", "negs"]:
            for sh in ["lsl", "lsr", "asr"]:
                for a in amts:
                    out.append(f"{op} {R(width, cyc(REGS + [31], i), 'xzr')}, {R(width, cyc([31, 2, 30], i), 'xzr')}, {sh} #{a}")
                    i += 1
    return out


def addsub_ext():
    out = []
    exts = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"]
    i = 0
    for width in (64, 32):
        for op in ["add", "sub", "adds", "subs", "cmp", "cmn"]:
            for ext in exts:
                if width == 32 and ext in ("uxtx", "sxtx"):
                    continue
                for amt in [None, 0, 1, 2, 3, 4]:
                    rmw = 64 if ext in ("uxtx", "sxtx") else 32
                    rd = cyc([31, 0, 30, 17], i)
                    rn = cyc([31, 1, 29, 31, 5], i)
                    rm = cyc([2, 31, 30, 17], i)
                    i += 1
                    tail = f", {ext}" + ("" if amt is None else f" #{amt}")
                    rdn = 'xzr' if op in ("adds", "subs") else 'sp'
                    if op in ("cmp", "cmn"):
                        out.append(f"{op} {R(width, rn, 'sp')}, {R(rmw, rm, 'xzr')}{tail}")
                    else:
                        out.append(f"{op} {R(width, rd, rdn)}, {R(width, rn, 'sp')}, {R(rmw, rm, 'xzr')}{tail}")
    return out


def logical_shift():
    out = []
    i = 0
    for width in (64, 32):
        amts = [0, 1, 7, width - 1]
        for op in ["and", "bic", "orr", "orn", "eor", "eon", "ands", "bics"]:
            for sh in ["lsl", "lsr", "asr", "ror"]:
                for a in amts:
                    rd, rn, rm = cyc([(0, 1, 2), (31, 31, 31), (30, 29, 16), (7, 31, 15)], i)
                    i += 1
                    out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'xzr')}, {R(width, rm, 'xzr')}, {sh} #{a}")
            out.append(f"{op} {R(width, 3, 'xzr')}, {R(width, 4, 'xzr')}, {R(width, 5, 'xzr')}")
        for op in ["tst", "mvn"]:
            for sh in ["lsl", "lsr", "asr", "ror"]:
                for a in amts:
                    out.append(f"{op} {R(width, cyc(REGS + [31], i), 'xzr')}, {R(width, cyc([31, 2, 30], i), 'xzr')}, {sh} #{a}")
                    i += 1
        for rd, rm in [(0, 1), (31, 2), (3, 31), (30, 29)]:
            out.append(f"mov {R(width, rd, 'xzr')}, {R(width, rm, 'xzr')}")
    return out


def logical_imm(width):
    out = []
    ops = ["and", "orr", "eor", "ands", "tst"]
    regs = [(1, 2), (31, 3), (0, 31), (30, 29), (17, 16), (5, 6)]
    for i, v in enumerate(bitmask_values(width)):
        op = ops[i % len(ops)]
        rd, rn = regs[i % len(regs)]
        rdrole = "xzr" if op == "ands" else "sp"
        if op == "tst":
            out.append(f"tst {R(width, rn, 'xzr')}, #{v:#x}")
        else:
            out.append(f"{op} {R(width, rd, rdrole)}, {R(width, rn, 'xzr')}, #{v:#x}")
    return out


def movewide():
    out = []
    imms = [0, 1, 0x1234, 0x8000, 0xffff]
    for width in (64, 32):
        shifts = [0, 16, 32, 48] if width == 64 else [0, 16]
        for op in ["movz", "movn", "movk"]:
            for sh in shifts:
                for j, imm in enumerate(imms):
                    rd = cyc([0, 31, 30, 9, 17], j + sh)
                    out.append(f"{op} {R(width, rd, 'xzr')}, #{imm}, lsl #{sh}")
            out.append(f"{op} {R(width, 4, 'xzr')}, #77")
    # single-instruction constants through the materializer (llvm picks movz/movn/orr for `mov #imm`)
    vals64 = [0, 1, 0xffff, 0x10000, 0xffff0000, 0xffff00000000, 0xffff000000000000, 0x1234000000000000,
              (1 << 64) - 1, (1 << 64) - 2, 0xffffffffffff0000, 0xffff1234ffffffff, 0x5555555555555555,
              0xffffffff, 0x00ff00ff00ff00ff, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffff1234,
              0x0f0f0f0f0f0f0f0f, 0x3ffffffffc, 0xffff]
    for j, v in enumerate(vals64):
        out.append(f"mov {x(cyc([0, 3, 30], j), 'xzr')}, #{v:#x}")
    vals32 = [0, 1, 0xffff, 0x10000, 0xffff0000, 0xffffffff, 0xfffffffe, 0xffff1234, 0x1234ffff, 0x55555555,
              0x0f0f0f0f, 0x7fffffff, 0x80000000, 0x00ffff00]
    for j, v in enumerate(vals32):
        out.append(f"mov {w(cyc([0, 3, 30], j), 'xzr')}, #{v:#x}")
    return out


def bitfield():
    out = []
    i = 0
    for width in (64, 32):
        top = width - 1
        for op in ["ubfm", "sbfm", "bfm"]:
            for r, s in [(0, 0), (0, top), (top, 0), (top, top), (3, 10), (10, 3), (1, top - 1)]:
                rd, rn = cyc([(0, 1), (31, 31), (30, 29)], i); i += 1
                out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'xzr')}, #{r}, #{s}")
        for op in ["ubfx", "sbfx", "bfxil", "bfi", "ubfiz", "sbfiz"]:
            for lsb, wd in [(0, 1), (0, width), (top, 1), (4, 8), (1, width - 1), (16, 16)]:
                if lsb + wd > width:
                    continue
                rd, rn = cyc([(0, 1), (30, 29), (3, 31)], i); i += 1
                out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'xzr')}, #{lsb}, #{wd}")
        for op in ["lsl", "lsr", "asr", "ror"]:
            for sh in [0, 1, 7, top]:
                rd, rn = cyc([(0, 1), (30, 29), (3, 31), (31, 4)], i); i += 1
                out.append(f"{op} {R(width, rd, 'xzr')}, {R(width, rn, 'xzr')}, #{sh}")
        for lsb in [0, 1, top]:
            out.append(f"extr {R(width, 0, 'xzr')}, {R(width, 1, 'xzr')}, {R(width, 31, 'xzr')}, #{lsb}")
        for op in ["sxtb", "sxth"]:
            for rd, rn in [(0, 1), (31, 30), (2, 31)]:
                out.append(f"{op} {R(width, rd, 'xzr')}, {w(rn, 'xzr')}")
    for rd, rn in [(0, 1), (31, 30), (2, 31)]:
        out.append(f"sxtw {x(rd, 'xzr')}, {w(rn, 'xzr')}")
        out.append(f"uxtb {w(rd, 'xzr')}, {w(rn, 'xzr')}")
        out.append(f"uxth {w(rd, 'xzr')}, {w(rn, 'xzr')}")
    return out


def dataproc():
    out = []
    trip = [(0, 1, 2, 3), (31, 31, 31, 31), (30, 29, 17, 16), (7, 8, 9, 31)]
    for width in (64, 32):
        for op in ["madd", "msub"]:
            for a, b, c, d in trip:
                out.append(f"{op} {R(width, a, 'xzr')}, {R(width, b, 'xzr')}, {R(width, c, 'xzr')}, {R(width, d, 'xzr')}")
        for op in ["mul", "mneg", "sdiv", "udiv", "lsl", "lsr", "asr", "ror"]:
            for a, b, c, _ in trip:
                out.append(f"{op} {R(width, a, 'xzr')}, {R(width, b, 'xzr')}, {R(width, c, 'xzr')}")
        for op in ["rbit", "rev16", "rev", "clz", "cls"] + (["rev32"] if width == 64 else []):
            for a, b, _, _ in trip:
                out.append(f"{op} {R(width, a, 'xzr')}, {R(width, b, 'xzr')}")
    for op in ["smulh", "umulh"]:
        for a, b, c, _ in trip:
            out.append(f"{op} {x(a, 'xzr')}, {x(b, 'xzr')}, {x(c, 'xzr')}")
    for op in ["smaddl", "smsubl", "umaddl", "umsubl"]:
        for a, b, c, d in trip:
            out.append(f"{op} {x(a, 'xzr')}, {w(b, 'xzr')}, {w(c, 'xzr')}, {x(d, 'xzr')}")
    for op in ["smull", "umull"]:
        for a, b, c, _ in trip:
            out.append(f"{op} {x(a, 'xzr')}, {w(b, 'xzr')}, {w(c, 'xzr')}")
    return out


def condsel():
    out = []
    i = 0
    for width in (64, 32):
        for op in ["csel", "csinc", "csinv", "csneg"]:
            for c in CONDS:
                a, b, d = cyc([(0, 1, 2), (31, 30, 31), (17, 31, 5)], i); i += 1
                out.append(f"{op} {R(width, a, 'xzr')}, {R(width, b, 'xzr')}, {R(width, d, 'xzr')}, {c}")
        for op in ["cset", "csetm"]:
            for c in CONDS[:14]:
                out.append(f"{op} {R(width, cyc([0, 30, 31], i), 'xzr')}, {c}"); i += 1
        for op in ["cinc", "cinv", "cneg"]:
            for c in CONDS[:14]:
                a, b = cyc([(0, 1), (30, 31), (5, 5)], i); i += 1
                out.append(f"{op} {R(width, a, 'xzr')}, {R(width, b, 'xzr')}, {c}")
    return out


def loadstore():
    out = []
    # (mnemonic, rt width, log2 access size)
    ops = [("ldr", 64, 3), ("str", 64, 3), ("ldr", 32, 2), ("str", 32, 2), ("ldrb", 32, 0), ("strb", 32, 0),
           ("ldrh", 32, 1), ("strh", 32, 1), ("ldrsb", 64, 0), ("ldrsb", 32, 0), ("ldrsh", 64, 1),
           ("ldrsh", 32, 1), ("ldrsw", 64, 2)]
    i = 0
    for op, rw, sc in ops:
        s = 1 << sc
        rt = lambda: R(rw, cyc([0, 31, 30, 9], i), 'xzr')
        base = lambda: x(cyc([1, 31, 29, 3, 31], i), 'sp')
        offs = [0, s, 4095 * s, 2048 * s, -256, 255, -1, 1 if s > 1 else 3, -8]
        for off in offs:
            out.append(f"{op} {rt()}, [{base()}, #{off}]"); i += 1
        out.append(f"{op} {rt()}, [{base()}]"); i += 1
        for off in [-256, 255, 0, -16, 16]:
            out.append(f"{op} {rt()}, [{base()}, #{off}]!"); i += 1
            out.append(f"{op} {rt()}, [{base()}], #{off}"); i += 1
        # register offset
        for idx in ["x2", "xzr", "x30"]:
            out.append(f"{op} {rt()}, [{base()}, {idx}]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, {idx}, lsl #{sc}]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, {idx}, sxtx]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, {idx}, sxtx #{sc}]"); i += 1
        if sc != 0:
            out.append(f"{op} {rt()}, [{base()}, x5, lsl #0]"); i += 1
        for idx in ["w2", "wzr"]:
            for e in ["uxtw", "sxtw"]:
                out.append(f"{op} {rt()}, [{base()}, {idx}, {e}]"); i += 1
                out.append(f"{op} {rt()}, [{base()}, {idx}, {e} #{sc}]"); i += 1
        # unscaled explicit
        uop = {"ldr": "ldur", "str": "stur"}.get(op, op.replace("ldr", "ldur").replace("str", "stur"))
        for off in [-256, 255, 0, 1, -1, 8]:
            out.append(f"{uop} {rt()}, [{base()}, #{off}]"); i += 1
    return out


def loadstore_fp():
    out = []
    i = 0
    for kind, sc in [("b", 0), ("h", 1), ("s", 2), ("d", 3), ("q", 4)]:
        s = 1 << sc
        for op in ["ldr", "str"]:
            rt = lambda: f"{kind}{cyc([0, 31, 17], i)}"
            base = lambda: x(cyc([1, 31, 30], i), 'sp')
            for off in [0, s, 4095 * s, -256, 255, -1]:
                out.append(f"{op} {rt()}, [{base()}, #{off}]"); i += 1
            for off in [-256, 255, 16]:
                out.append(f"{op} {rt()}, [{base()}, #{off}]!"); i += 1
                out.append(f"{op} {rt()}, [{base()}], #{off}"); i += 1
            out.append(f"{op} {rt()}, [{base()}, x2]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, x2, lsl #{sc}]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, w3, sxtw #{sc}]"); i += 1
            out.append(f"{op} {rt()}, [{base()}, w3, uxtw]"); i += 1
            uop = "ldur" if op == "ldr" else "stur"
            for off in [-256, 255, 3]:
                out.append(f"{uop} {rt()}, [{base()}, #{off}]"); i += 1
    return out


def pairs():
    out = []
    i = 0
    for op in ["ldp", "stp"]:
        for kind, sc in [("x", 3), ("w", 2), ("s", 2), ("d", 3), ("q", 4)]:
            s = 1 << sc
            for off in [0, -64 * s, 63 * s, s, -s]:
                for mode in ["", "!", "post"]:
                    a, b = cyc([(0, 1), (29, 30), (31, 2), (19, 20), (3, 31)], i)
                    base = x(cyc([31, 9, 31, 17], i), 'sp')
                    i += 1
                    if kind == "x":
                        ra, rb = x(a, 'xzr'), x(b, 'xzr')
                    elif kind == "w":
                        ra, rb = w(a, 'xzr'), w(b, 'xzr')
                    else:
                        ra, rb = f"{kind}{a}", f"{kind}{b}"
                    if mode == "post":
                        out.append(f"{op} {ra}, {rb}, [{base}], #{off}")
                    elif mode == "!":
                        out.append(f"{op} {ra}, {rb}, [{base}, #{off}]!")
                    else:
                        out.append(f"{op} {ra}, {rb}, [{base}, #{off}]")
    for off in [0, -256, 252]:
        out.append(f"ldpsw x0, x1, [sp, #{off}]")
        out.append(f"ldpsw x2, x3, [x4, #{off}]!")
        out.append(f"ldpsw x5, xzr, [x6], #{off}")
    return out


def branches():
    out = []
    for op in ["b", "bl"]:
        for off in [0, 4, -4, (1 << 27) - 4, -(1 << 27), 0x123454]:
            out.append(f"{op} #{off}")
    edges19 = [0, 4, -4, (1 << 20) - 4, -(1 << 20), 1024]
    for c in CONDS:
        for off in edges19:
            out.append(f"b.{c} #{off}")
    for op in ["cbz", "cbnz"]:
        for r in ["x0", "xzr", "w30", "wzr", "x17"]:
            for off in edges19:
                out.append(f"{op} {r}, #{off}")
    for op in ["tbz", "tbnz"]:
        for r, bits in [("x0", [0, 31, 32, 63]), ("w5", [0, 1, 31]), ("xzr", [40]), ("wzr", [7])]:
            for b in bits:
                for off in [0, 4, -4, (1 << 15) - 4, -(1 << 15)]:
                    out.append(f"{op} {r}, #{b}, #{off}")
    for r in ["x0", "x30", "xzr"]:
        for off in [0, 1, -1, 3, (1 << 20) - 1, -(1 << 20), 4096]:
            out.append(f"adr {r}, #{off}")
        for off in [0, 4096, -4096, (1 << 32) - 4096, -(1 << 32)]:
            out.append(f"adrp {r}, #{off}")
    for r in ["x0", "w1", "xzr", "wzr", "s2", "d3", "q31"]:
        for off in edges19:
            out.append(f"ldr {r}, #{off}")
    for off in edges19:
        out.append(f"ldrsw x9, #{off}")
    for r in ["x0", "x16", "x30", "xzr"]:
        out.append(f"br {r}")
        out.append(f"blr {r}")
        out.append(f"ret {r}")
    out.append("ret")
    return out


def system():
    out = []
    for op in ["brk", "hlt", "udf"]:
        for v in [0, 1, 0x1000, 0xffff]:
            out.append(f"{op} #{v}")
    out += ["nop", "isb"]
    for op in ["dmb", "dsb"]:
        for o in ["oshld", "oshst", "osh", "nshld", "nshst", "nsh", "ishld", "ishst", "ish", "ld", "st", "sy"]:
            out.append(f"{op} {o}")
    for r in ["x0", "x17", "x30", "xzr"]:
        out.append(f"dc cvau, {r}")
        out.append(f"ic ivau, {r}")
    return out


def fp_imm_values():
    vals = []
    for imm8 in range(256):
        sign = -1.0 if imm8 & 0x80 else 1.0
        e3 = ((imm8 >> 4) & 7) ^ 4
        vals.append(sign * (1 + (imm8 & 15) / 16.0) * 2.0 ** (e3 - 3))
    return vals


def fp_scalar():
    out = []
    i = 0
    regs3 = [(0, 1, 2), (31, 30, 29), (17, 17, 3)]
    for k in "sd":
        for op in ["fmov", "fabs", "fneg", "fsqrt", "frintn", "frintp", "frintm", "frintz", "frinta", "frintx", "frinti"]:
            for a, b, _ in regs3:
                out.append(f"{op} {k}{a}, {k}{b}")
        for op in ["fmul", "fdiv", "fadd", "fsub", "fmax", "fmin", "fmaxnm", "fminnm", "fnmul"]:
            for a, b, c in regs3:
                out.append(f"{op} {k}{a}, {k}{b}, {k}{c}")
        for a, b, _ in regs3:
            out.append(f"fcmp {k}{a}, {k}{b}")
            out.append(f"fcmpe {k}{a}, {k}{b}")
            out.append(f"fcmp {k}{a}, #0.0")
        for c in CONDS:
            a, b, d = cyc(regs3, i); i += 1
            out.append(f"fcsel {k}{a}, {k}{b}, {k}{d}, {c}")
        for j, v in enumerate(fp_imm_values()):
            if (j + (k == "d")) % 2 == 0 or j < 16 or j > 240:
                out.append(f"fmov {k}{cyc([0, 31, 7], j)}, #{v!r}")
        for rw in (32, 64):
            for op in ["fcvtzs", "fcvtzu", "fcvtns", "fcvtms", "fcvtps"]:
                for a, b, _ in regs3:
                    out.append(f"{op} {R(rw, a, 'xzr')}, {k}{b}")
            for op in ["scvtf", "ucvtf"]:
                for a, b, _ in regs3:
                    out.append(f"{op} {k}{a}, {R(rw, b, 'xzr')}")
    for a, b in [(0, 1), (31, 30), (5, 31)]:
        out.append(f"fcvt d{a}, s{b}")
        out.append(f"fcvt s{a}, d{b}")
        out.append(f"fmov {w(a, 'xzr')}, s{b}")
        out.append(f"fmov s{a}, {w(b, 'xzr')}")
        out.append(f"fmov {x(a, 'xzr')}, d{b}")
        out.append(f"fmov d{a}, {x(b, 'xzr')}")
    return out


ARR = ["8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"]
NOD1 = ["8b", "16b", "4h", "8h", "2s", "4s", "2d"]
BHS = ["8b", "16b", "4h", "8h", "2s", "4s"]
FPA = ["2s", "4s", "2d"]
WIDE = {"8b": "8h", "16b": "8h", "4h": "4s", "8h": "4s", "2s": "2d", "4s": "2d"}
PAIRW = {"8b": "4h", "16b": "8h", "4h": "2s", "8h": "4s", "2s": "1d", "4s": "2d"}
VREGS = [(0, 1, 2), (31, 30, 29), (17, 8, 31), (5, 5, 5)]


def neon():
    out = []
    i = 0

    def v3(op, arrs):
        nonlocal i
        for t in arrs:
            for _ in range(2):
                a, b, c = cyc(VREGS, i); i += 1
                out.append(f"{op} v{a}.{t}, v{b}.{t}, v{c}.{t}")

    def v2(op, arrs, tail=""):
        nonlocal i
        for t in arrs:
            for _ in range(2):
                a, b, _c = cyc(VREGS, i); i += 1
                out.append(f"{op} v{a}.{t}, v{b}.{t}{tail}")

    for op in ["add", "sub", "sqadd", "uqadd", "sqsub", "uqsub", "sshl", "ushl", "cmeq", "cmtst", "cmgt", "cmge",
               "cmhi", "cmhs", "addp", "uzp1", "uzp2", "zip1", "zip2", "trn1", "trn2"]:
        v3(op, NOD1)
    for op in ["mul", "smax", "smin", "umax", "umin", "urhadd"]:
        v3(op, BHS)
    v3("sqrdmulh", ["4h", "8h", "2s", "4s"])
    for op in ["and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif"]:
        v3(op, ["8b", "16b"])
    for op in ["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm", "fminnm", "fcmeq", "fcmge", "fcmgt"]:
        v3(op, FPA)
    for op in ["neg", "abs"]:
        v2(op, NOD1)
    for op in ["cmeq", "cmge", "cmgt", "cmle", "cmlt"]:
        v2(op, NOD1, ", #0")
    for op in ["fcmeq", "fcmge", "fcmgt", "fcmle", "fcmlt"]:
        v2(op, FPA, ", #0.0")
    for op in ["cnt", "not"]:
        v2(op, ["8b", "16b"])
    for op in ["fsqrt", "fneg", "fabs", "frintn", "frintm", "frintp", "frintz", "frinta", "frintx", "frinti",
               "fcvtzs", "fcvtzu", "scvtf", "ucvtf"]:
        v2(op, FPA)
    for a, b, _ in VREGS:
        out.append(f"mov v{a}.16b, v{b}.16b")
        out.append(f"mov v{a}.8b, v{b}.8b")
    # across lanes
    for op in ["addv", "umaxv", "uminv", "smaxv", "sminv"]:
        for t in ["8b", "16b", "4h", "8h", "4s"]:
            a, b, _ = cyc(VREGS, i); i += 1
            out.append(f"{op} {t[-1]}{a}, v{b}.{t}")
    # shifts by immediate
    for t in NOD1:
        es = 8 << "bhsd".index(t[-1])
        for sh in [0, 1, es - 1]:
            a, b, _ = cyc(VREGS, i); i += 1
            out.append(f"shl v{a}.{t}, v{b}.{t}, #{sh}")
        for op in ["sshr", "ushr"]:
            for sh in [1, 2, es]:
                a, b, _ = cyc(VREGS, i); i += 1
                out.append(f"{op} v{a}.{t}, v{b}.{t}, #{sh}")
    # widening / narrowing
    for t in BHS:
        q2 = "2" if t in ("16b", "8h", "4s") else ""
        es = 8 << "bhsd".index(t[-1])
        wt = {"8b": "8h", "16b": "8h", "4h": "4s", "8h": "4s", "2s": "2d", "4s": "2d"}[t]
        a, b, c = cyc(VREGS, i); i += 1
        for op in ["sshll", "ushll"]:
            for sh in [0, 1, es - 1]:
                out.append(f"{op}{q2} v{a}.{wt}, v{b}.{t}, #{sh}")
        for op in ["sxtl", "uxtl"]:
            out.append(f"{op}{q2} v{a}.{wt}, v{b}.{t}")
        for op in ["xtn", "sqxtn", "uqxtn", "sqxtun"]:
            out.append(f"{op}{q2} v{a}.{t}, v{b}.{wt}")
        for op in ["smull", "umull"]:
            out.append(f"{op}{q2} v{a}.{wt}, v{b}.{t}, v{c}.{t}")
        for op in ["saddlp", "uaddlp"]:
            out.append(f"{op} v{a}.{PAIRW[t]}, v{b}.{t}")
    for a, b, _ in VREGS:
        out.append(f"fcvtl v{a}.4s, v{b}.4h")
        out.append(f"fcvtl v{a}.2d, v{b}.2s")
        out.append(f"fcvtl2 v{a}.4s, v{b}.8h")
        out.append(f"fcvtl2 v{a}.2d, v{b}.4s")
        out.append(f"fcvtn v{a}.4h, v{b}.4s")
        out.append(f"fcvtn v{a}.2s, v{b}.2d")
        out.append(f"fcvtn2 v{a}.8h, v{b}.4s")
        out.append(f"fcvtn2 v{a}.4s, v{b}.2d")
    # ext, tbl/tbx
    for t, n in [("8b", 8), ("16b", 16)]:
        for idx in [0, 1, n - 1]:
            a, b, c = cyc(VREGS, i); i += 1
            out.append(f"ext v{a}.{t}, v{b}.{t}, v{c}.{t}, #{idx}")
        for op in ["tbl", "tbx"]:
            for cnt in [1, 2, 3, 4]:
                for a, b, c in VREGS:
                    regs = ", ".join(f"v{(b + k) % 32}.16b" for k in range(cnt))
                    out.append(f"{op} v{a}.{t}, {{{regs}}}, v{c}.{t}")
    for a, b, _ in VREGS:
        out.append(f"addp d{a}, v{b}.2d")
    return out


def neon_lanes():
    out = []
    i = 0
    for e, n in [("b", 16), ("h", 8), ("s", 4), ("d", 2)]:
        lanes = sorted(set([0, 1, n // 2, n - 1]))
        for t in [t for t in NOD1 if t[-1] == e]:
            for l in lanes:
                a, b, _ = cyc(VREGS, i); i += 1
                out.append(f"dup v{a}.{t}, v{b}.{e}[{l}]")
            g = x(cyc([0, 31, 30], i), 'xzr') if e == "d" else w(cyc([0, 31, 30], i), 'xzr')
            out.append(f"dup v{cyc([3, 31], i)}.{t}, {g}"); i += 1
        for l in lanes:
            a, b, _ = cyc(VREGS, i); i += 1
            g = x(cyc([0, 31, 30], i), 'xzr') if e == "d" else w(cyc([0, 31, 30], i), 'xzr')
            out.append(f"ins v{a}.{e}[{l}], {g}")
            out.append(f"ins v{a}.{e}[{l}], v{b}.{e}[{(l * 7 + 1) % n}]")
            out.append(f"umov {g}, v{b}.{e}[{l}]")
            if e in ("b", "h"):
                out.append(f"smov {w(cyc([0, 31, 30], i), 'xzr')}, v{b}.{e}[{l}]")
            if e != "d":
                out.append(f"smov {x(cyc([0, 31, 30], i), 'xzr')}, v{b}.{e}[{l}]")
            base = x(cyc([1, 31, 30], i), 'sp')
            out.append(f"ld1 {{ v{a}.{e} }}[{l}], [{base}]")
            out.append(f"st1 {{ v{a}.{e} }}[{l}], [{base}]")
    for t in ARR:
        for a, b in [(0, 1), (31, 31), (7, 30)]:
            out.append(f"ld1r {{ v{a}.{t} }}, [{x(b, 'sp')}]")
    for imm in [0, 1, 0x80, 0xff]:
        for t in ["8b", "16b"]:
            out.append(f"movi v{cyc([0, 31], imm)}.{t}, #{imm}")
        for t in ["4h", "8h"]:
            for sh in [0, 8]:
                out.append(f"movi v3.{t}, #{imm}, lsl #{sh}")
                out.append(f"mvni v4.{t}, #{imm}, lsl #{sh}")
        for t in ["2s", "4s"]:
            for sh in [0, 8, 16, 24]:
                out.append(f"movi v5.{t}, #{imm}, lsl #{sh}")
                out.append(f"mvni v6.{t}, #{imm}, lsl #{sh}")
            for sh in [8, 16]:
                out.append(f"movi v7.{t}, #{imm}, msl #{sh}")
                out.append(f"mvni v8.{t}, #{imm}, msl #{sh}")
    for mask in [0, 0xff, 0xff00ff00ff00ff00, 0xffffffffffffffff, 0x00000000ffff0000, 0xff00000000000000]:
        out.append(f"movi v9.2d, #{mask:#x}")
        out.append(f"movi d10, #{mask:#x}")
    return out


FORMS = {
    "addsub_imm": addsub_imm,
    "addsub_shift": addsub_shift,
    "addsub_ext": addsub_ext,
    "logical_shift": logical_shift,
    "logical_imm64": lambda: logical_imm(64),
    "logical_imm32": lambda: logical_imm(32),
    "movewide": movewide,
    "bitfield": bitfield,
    "dataproc": dataproc,
    "condsel": condsel,
    "loadstore": loadstore,
    "loadstore_fp": loadstore_fp,
    "pairs": pairs,
    "branches": branches,
    "system": system,
    "fp_scalar": fp_scalar,
    "neon": neon,
    "neon_lanes": neon_lanes,
}


def assemble(lines):
    src = "\n".join(lines) + "\n"
    p = subprocess.run([LLVM_MC, "-triple=aarch64", "-mattr=+v8a", "-show-encoding"],
                       input=src, capture_output=True, text=True)
    bad = set()
    for m in re.finditer(r"<stdin>:(\d+):\d+: error: (.*)", p.stderr):
        bad.add(int(m.group(1)))
        print(f"  llvm-mc rejected line {m.group(1)}: {lines[int(m.group(1)) - 1]!r}: {m.group(2)}", file=sys.stderr)
    encs = re.findall(r"encoding: \[([^\]]*)\]", p.stdout)
    good = [l for n, l in enumerate(lines, 1) if n not in bad]
    if len(encs) != len(good):
        raise SystemExit(f"encoding count mismatch: {len(encs)} encodings for {len(good)} lines")
    out = []
    for line, enc in zip(good, encs):
        hexs = "".join(b.strip()[2:].zfill(2) for b in enc.split(","))
        out.append(f"{line}\t{hexs}")
    return out, len(bad)


def main():
    global LLVM_MC
    if "--llvm-mc" in sys.argv:
        LLVM_MC = sys.argv[sys.argv.index("--llvm-mc") + 1]
    os.makedirs(OUT, exist_ok=True)
    total = 0
    failures = 0
    for name, gen in FORMS.items():
        lines = gen()
        vecs, nbad = assemble(lines)
        failures += nbad
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write("\n".join(vecs) + "\n")
        total += len(vecs)
        print(f"{name}: {len(vecs)} vectors")
    print(f"total: {total} vectors in {len(FORMS)} files")
    if failures:
        raise SystemExit(f"{failures} lines rejected by llvm-mc")


if __name__ == "__main__":
    main()

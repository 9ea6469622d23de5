#!/usr/bin/env python3
"""Generate x86-64 golden encoding vectors with llvm-mc.

For every encoder form of the X86_64 assembler this script builds a sweep of instructions in llvm-mc AT&T
syntax (registers, immediates and addressing modes, including the encoding edge cases: rsp/r12 bases need a
SIB, rbp/r13 bases need mod=01 disp8 0, spl/bpl/sil/dil need REX, r8-r15 set REX.R/X/B, imm8 vs imm32,
disp8 vs disp32 edges, RIP-relative, all 16 condition codes), assembles each form file with ONE llvm-mc
process (`llvm-mc -triple=x86_64 -show-encoding`), and writes

    Tests/AssemblerTests/Golden/x86_64/<form>.txt

with one vector per line: `<instruction><TAB><hex bytes, lowercase, no spaces>`.

Usage: python3 Scripts/gen-golden-x86_64.py [--llvm-mc PATH]
Stdlib only. Deterministic output (no randomness), so regenerating gives identical files.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "AssemblerTests", "Golden", "x86_64")

# ---------------------------------------------------------------------------------------------------------
# Operand vocabulary

Q = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + ["r%d" % i for i in range(8, 16)]
D = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + ["r%dd" % i for i in range(8, 16)]
W = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + ["r%dw" % i for i in range(8, 16)]
B = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + ["r%db" % i for i in range(8, 16)]
HIGH = ["ah", "ch", "dh", "bh"]
REGS = {"b": B, "w": W, "l": D, "q": Q}
WIDTHS = ["b", "w", "l", "q"]
X = ["xmm%d" % i for i in range(16)]
CONDS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]

# A representative register subset: low, the SIB/mod special numbers (4, 5, 12, 13), REX ones.
SOME = [0, 1, 4, 5, 6, 8, 12, 13, 15]
# Register pairs covering every register as both operands, low/high mixes.
PAIRS = sorted({(i, (i + 1) % 16) for i in range(16)} | {(i, (i + 9) % 16) for i in range(16)} | {(i, i) for i in (0, 5, 12, 15)})

IMM_EDGES = [0, 1, -1, 2, 127, -128, 128, -129, 255, 256, 32767, -32768, 32768, 65535,
             0x12345678, 0x7FFFFFFF, -0x80000000, 0xFFFFFFFF]


def imm_ok(w, v):
    """Immediate range the assembler (and llvm-mc) accepts for width suffix w."""
    return {"b": -128 <= v <= 255, "w": -32768 <= v <= 65535,
            "l": -0x80000000 <= v <= 0xFFFFFFFF, "q": -0x80000000 <= v <= 0x7FFFFFFF}[w]


def imms(w):
    return [v for v in IMM_EDGES if imm_ok(w, v)]


def mem(base=None, index=None, scale=1, disp=0, rip=False):
    if rip:
        return "%d(%%rip)" % disp
    if base is None and index is None:
        return "%d" % disp
    d = "" if disp == 0 else "%d" % disp
    if index is None:
        return "%s(%%%s)" % (d, base)
    b = "%" + base if base is not None else ""
    return "%s(%s,%%%s,%d)" % (d, b, index, scale)


DISPS = [0, 1, -1, 127, -128, 128, -129, 0x7FFFFFFF, -0x80000000, 0x1000]


def full_mems():
    """Every base x displacement edge, every base x index x scale, index-only, absolute, RIP."""
    out = []
    for b in Q:
        for d in DISPS:
            out.append(mem(b, disp=d))
    k = 0
    for b in Q:
        for i in Q:
            if i == "rsp":
                continue
            for s in (1, 2, 4, 8):
                out.append(mem(b, i, s, DISPS[k % len(DISPS)]))
                k += 1
    for i in Q:
        if i == "rsp":
            continue
        for s in (1, 2, 4, 8):
            out.append(mem(None, i, s, DISPS[k % len(DISPS)]))
            k += 1
    for d in (0, 16, -16, 0x12345678, -0x80000000, 0x7FFFFFFF):
        out.append(mem(disp=d))
        out.append(mem(disp=d, rip=True))
    return out


# A small set exercising every ModRM/SIB special case, for forms that reuse the shared memory encoder.
MEMS = [mem("rax"), mem("rsp", disp=8), mem("rbp"), mem("r13", disp=-128), mem("r12", disp=128),
        mem("r15", "r14", 8, -129), mem("rbx", "rbp", 1, 0), mem("rsi", "r9", 2, 0x7FFFFFFF),
        mem(None, "rcx", 4, 0x1234), mem(disp=0x10), mem(disp=0x100, rip=True), mem("r8", "r12", 4, -4)]
MEMS_SHORT = [MEMS[0], MEMS[2], MEMS[4], MEMS[5], MEMS[8], MEMS[10]]

# ---------------------------------------------------------------------------------------------------------
# Forms

FORMS = {}


def form(name):
    FORMS.setdefault(name, [])
    return FORMS[name]


def r(w, i):
    return "%" + REGS[w][i]


def gen_integer():
    alu = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
    f = form("alu_rr")
    for op in alu:
        for w in WIDTHS:
            for s in range(16):
                for d in range(16):
                    f.append("%s%s %s, %s" % (op, w, r(w, s), r(w, d)))
    f = form("alu_rm")
    for op in alu:
        for w in WIDTHS:
            for k, m in enumerate(MEMS):
                for reg in (SOME[k % len(SOME)], SOME[(k + 4) % len(SOME)]):
                    f.append("%s%s %s, %s" % (op, w, m, r(w, reg)))
                    f.append("%s%s %s, %s" % (op, w, r(w, reg), m))
    f = form("alu_ri")
    for op in alu:
        for w in WIDTHS:
            for reg in SOME:
                for v in imms(w):
                    f.append("%s%s $%d, %s" % (op, w, v, r(w, reg)))
    f = form("alu_mi")
    for op in alu:
        for w in WIDTHS:
            for k, m in enumerate(MEMS):
                for v in imms(w)[k % 3::3]:
                    f.append("%s%s $%d, %s" % (op, w, v, m))
    f = form("test")
    for w in WIDTHS:
        for (a, b) in PAIRS:
            f.append("test%s %s, %s" % (w, r(w, a), r(w, b)))
        for k, m in enumerate(MEMS):
            f.append("test%s %s, %s" % (w, r(w, SOME[k % len(SOME)]), m))
        for reg in SOME:
            for v in imms(w):
                f.append("test%s $%d, %s" % (w, v, r(w, reg)))
        for k, m in enumerate(MEMS):
            for v in imms(w)[k % 4::4]:
                f.append("test%s $%d, %s" % (w, v, m))
    f = form("mov")
    for w in WIDTHS:
        for s in range(16):
            for d in range(16):
                f.append("mov%s %s, %s" % (w, r(w, s), r(w, d)))
        for k, m in enumerate(MEMS):
            for reg in (SOME[k % len(SOME)], SOME[(k + 5) % len(SOME)]):
                f.append("mov%s %s, %s" % (w, m, r(w, reg)))
                f.append("mov%s %s, %s" % (w, r(w, reg), m))
        for reg in range(16):
            for v in imms(w):
                f.append("mov%s $%d, %s" % (w, v, r(w, reg)))
        for k, m in enumerate(MEMS):
            for v in imms(w)[k % 3::3]:
                f.append("mov%s $%d, %s" % (w, v, m))
    for reg in range(16):
        for v in (0x123456789, -0x80000001, 0x100000000, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0xFFFFFFFF):
            f.append("movq $%d, %s" % (v, r("q", reg)))
        for v in (0, 1, -1, 0x123456789ABCDEF):
            f.append("movabsq $%d, %s" % (v, r("q", reg)))
    # High-byte registers: only with legacy (REX-free) partners.
    f = form("highbyte")
    for h in HIGH:
        for o in B[:4] + HIGH:
            for op in ("mov", "add", "xor", "cmp", "test"):
                f.append("%sb %%%s, %%%s" % (op, h, o))
                f.append("%sb %%%s, %%%s" % (op, o, h))
        for m in (mem("rax"), mem("rbx", "rcx", 4, 8), mem(disp=0x10), mem(disp=0x10, rip=True)):
            f.append("movb %%%s, %s" % (h, m))
            f.append("movb %s, %%%s" % (m, h))
        f.append("movb $1, %%%s" % h)
        f.append("addb $1, %%%s" % h)
        f.append("negb %%%s" % h)
        f.append("shlb $3, %%%s" % h)
        f.append("sete %%%s" % h)
        f.append("movzbl %%%s, %%eax" % h)
        f.append("movsbw %%%s, %%dx" % h)
    f = form("unary")
    for op in ("not", "neg", "mul", "imul", "div", "idiv", "inc", "dec"):
        for w in WIDTHS:
            for reg in range(16):
                f.append("%s%s %s" % (op, w, r(w, reg)))
            for m in MEMS_SHORT:
                f.append("%s%s %s" % (op, w, m))
    f = form("imul")
    for w in "wlq":
        for (a, b) in PAIRS:
            f.append("imul%s %s, %s" % (w, r(w, a), r(w, b)))
        for k, m in enumerate(MEMS):
            f.append("imul%s %s, %s" % (w, m, r(w, SOME[k % len(SOME)])))
        for (a, b) in PAIRS[::3]:
            for v in imms(w)[::2]:
                f.append("imul%s $%d, %s, %s" % (w, v, r(w, a), r(w, b)))
        for k, m in enumerate(MEMS):
            for v in (3, -100, 1000):
                f.append("imul%s $%d, %s, %s" % (w, v, m, r(w, SOME[k % len(SOME)])))
    f = form("shift")
    for op in ("rol", "ror", "rcl", "rcr", "shl", "shr", "sar"):
        for w in WIDTHS:
            for reg in range(16):
                for c in (1, 2, 7, 31, 63, 255):
                    f.append("%s%s $%d, %s" % (op, w, c, r(w, reg)))
                f.append("%s%s %%cl, %s" % (op, w, r(w, reg)))
            for m in MEMS_SHORT:
                f.append("%s%s $1, %s" % (op, w, m))
                f.append("%s%s $5, %s" % (op, w, m))
                f.append("%s%s %%cl, %s" % (op, w, m))
    f = form("bitcount")
    for op in ("lzcnt", "tzcnt", "popcnt", "bsr", "bsf"):
        for w in "wlq":
            for (a, b) in PAIRS:
                f.append("%s%s %s, %s" % (op, w, r(w, a), r(w, b)))
            for k, m in enumerate(MEMS):
                f.append("%s%s %s, %s" % (op, w, m, r(w, SOME[k % len(SOME)])))
    for w in "lq":
        for reg in range(16):
            f.append("bswap%s %s" % (w, r(w, reg)))
    f = form("setcc_cmov")
    for i, c in enumerate(CONDS):
        for reg in range(16):
            f.append("set%s %s" % (c, r("b", reg)))
        for m in MEMS_SHORT:
            f.append("set%s %s" % (c, m))
        for w in "wlq":
            for (a, b) in PAIRS[i % 3::3]:
                f.append("cmov%s%s %s, %s" % (c, w, r(w, a), r(w, b)))
            for m in MEMS_SHORT[i % 2::2]:
                f.append("cmov%s%s %s, %s" % (c, w, m, r(w, SOME[i % len(SOME)])))
    f = form("extend")
    for (mn, sw, dw) in (("movzbw", "b", "w"), ("movzbl", "b", "l"), ("movzbq", "b", "q"), ("movzwl", "w", "l"),
                         ("movzwq", "w", "q"), ("movsbw", "b", "w"), ("movsbl", "b", "l"), ("movsbq", "b", "q"),
                         ("movswl", "w", "l"), ("movswq", "w", "q"), ("movslq", "l", "q")):
        for s in range(16):
            for d in (0, 4, 7, 9, 15, s):
                f.append("%s %s, %s" % (mn, r(sw, s), r(dw, d)))
        for k, m in enumerate(MEMS):
            f.append("%s %s, %s" % (mn, m, r(dw, SOME[k % len(SOME)])))
    f = form("lea_push_pop")
    for w in "wlq":
        for k, m in enumerate(MEMS):
            for reg in (SOME[k % len(SOME)], 15 - SOME[k % len(SOME)]):
                f.append("lea%s %s, %s" % (w, m, r(w, reg)))
    for reg in range(16):
        f.append("pushq %s" % r("q", reg))
        f.append("popq %s" % r("q", reg))
        f.append("jmpq *%s" % r("q", reg))
        f.append("callq *%s" % r("q", reg))
    for m in MEMS:
        f.append("pushq %s" % m)
        f.append("popq %s" % m)
        f.append("jmpq *%s" % m)
        f.append("callq *%s" % m)
    for v in (0, 1, -1, 127, -128, 128, -129, 0x7FFFFFFF, -0x80000000):
        f.append("pushq $%d" % v)
    f = form("misc")
    for mn in ("ret", "ud2", "int3", "mfence", "lfence", "sfence", "pause", "hlt", "nop",
               "cwtd", "cltd", "cqto", "cbtw", "cwtl", "cltq"):
        f.append(mn)
    for m in MEMS:
        f.append("nopl %s" % m)
        f.append("nopw %s" % m)


def gen_addressing():
    f = form("addressing")
    for k, m in enumerate(full_mems()):
        reg = k % 16
        f.append("movq %s, %s" % (m, r("q", reg)))
        f.append("movl %s, %s" % (r("l", (reg + 3) % 16), m))
        f.append("leaq %s, %s" % (m, r("q", (reg + 7) % 16)))
        if k % 2 == 0:
            f.append("movb %s, %s" % (r("b", (reg + 5) % 16), m))
            f.append("movdqu %s, %%%s" % (m, X[(reg + 11) % 16]))


# SSE tables: (mnemonic, ...) — only the mnemonic matters here; encodings come from llvm-mc.
SCALAR_XX = ["addss", "addsd", "subss", "subsd", "mulss", "mulsd", "divss", "divsd", "minss", "minsd", "maxss",
             "maxsd", "sqrtss", "sqrtsd", "ucomiss", "ucomisd", "comiss", "comisd", "cvtss2sd", "cvtsd2ss",
             "andps", "andpd", "andnps", "andnpd", "orps", "orpd", "xorps", "xorpd"]
MOVES = ["movss", "movsd", "movaps", "movapd", "movups", "movupd", "movdqu", "movdqa"]
PACKED_XX = """paddb paddw paddd paddq psubb psubw psubd psubq paddsb paddsw paddusb paddusw psubsb psubsw psubusb
psubusw pmullw pmulhw pmulhuw pmuludq pmaddwd psadbw pavgb pavgw pminsw pminub pmaxsw pmaxub pcmpeqb pcmpeqw
pcmpeqd pcmpgtb pcmpgtw pcmpgtd pand pandn por pxor psllw pslld psllq psrlw psrld psrlq psraw psrad packsswb
packssdw packuswb punpcklbw punpcklwd punpckldq punpcklqdq punpckhbw punpckhwd punpckhdq punpckhqdq addps addpd
subps subpd mulps mulpd divps divpd minps minpd maxps maxpd sqrtps sqrtpd unpcklps unpcklpd unpckhps unpckhpd
cvtdq2ps cvttps2dq cvtps2dq cvtdq2pd cvtpd2ps cvtps2pd cvttpd2dq cvtpd2dq movddup movshdup movsldup pshufb
phaddw phaddd pmaddubsw pmulhrsw psignb psignw psignd pabsb pabsw pabsd ptest pmovsxbw pmovsxbd pmovsxbq
pmovsxwd pmovsxwq pmovsxdq pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq pmuldq pcmpeqq packusdw pcmpgtq
pminsb pminsd pminuw pminud pmaxsb pmaxsd pmaxuw pmaxud pmulld phminposuw""".split()
XXI = ["pshufd", "pshuflw", "pshufhw", "shufps", "shufpd", "palignr", "blendps", "blendpd", "pblendw", "insertps"]
ROUND = ["roundss", "roundsd", "roundps", "roundpd"]
CMP = ["cmpss", "cmpsd", "cmpps", "cmppd"]
SHIFT_IMM = ["psllw", "psrlw", "psraw", "pslld", "psrld", "psrad", "psllq", "psrlq", "pslldq", "psrldq"]


# AVX (VEX.128) tables: three-operand `op src2, src1, dst` (AT&T), with an immediate, shifts by an immediate
# (`op $imm, src, dst`), variable blends with an explicit mask (`op mask, src2, src1, dst`).
AVX_XXX = """vpaddb vpaddw vpaddd vpaddq vpsubb vpsubw vpsubd vpsubq vpaddsb vpaddsw vpaddusb vpaddusw vpsubsb vpsubsw
vpsubusb vpsubusw vpmullw vpmulhw vpmulhuw vpmuludq vpmaddwd vpavgb vpavgw vpminsw vpminub vpmaxsw vpmaxub
vpcmpeqb vpcmpeqw vpcmpeqd vpcmpgtb vpcmpgtw vpcmpgtd vpand vpandn vpor vpxor vpsllw vpslld vpsllq vpsrlw
vpsrld vpsrlq vpsraw vpsrad vpacksswb vpackssdw vpackuswb vpackusdw vpunpcklbw vpunpcklwd vpunpckldq
vpunpcklqdq vpunpckhbw vpunpckhwd vpunpckhdq vpunpckhqdq vpshufb vpmaddubsw vpmulhrsw vpsignb vpsignw vpsignd
vpmuldq vpcmpeqq vpcmpgtq vpminsb vpminsd vpminuw vpminud vpmaxsb vpmaxsd vpmaxuw vpmaxud vpmulld vaddps
vaddpd vsubps vsubpd vmulps vmulpd vdivps vdivpd vminps vminpd vmaxps vmaxpd vandps vandpd vandnps vandnpd
vorps vorpd vxorps vxorpd vunpcklps vunpcklpd vunpckhps vunpckhpd""".split()
AVX_XXXI = """vshufps vshufpd vpalignr vblendps vblendpd vpblendw vinsertps""".split()
AVX_SHIFT_IMM = """vpsllw vpsrlw vpsraw vpslld vpsrld vpsrad vpsllq vpsrlq vpslldq vpsrldq""".split()
AVX_BLENDV = """vpblendvb vblendvps vblendvpd""".split()
# Encoded with the generic `vex(prefix, opcode, ..., w:)` only (the text encoder's table): VEX.W = 1 and map 0F 38.
AVX_GENERIC = ["vfmadd132pd", "vfmadd132ps"]
# Register triples (dst, src1, src2): every combination of low and high registers in the three fields (REX.R,
# VEX.vvvv bit 3, REX.B), every register in each field, and equal operands.
TRIPLES = sorted({(1 + 8 * (k & 1), 2 + 8 * (k >> 1 & 1), 3 + 8 * (k >> 2)) for k in range(8)}
                 | {(i, (i + 7) % 16, (i + 11) % 16) for i in range(16)}
                 | {(i, i, i) for i in (0, 7, 8, 15)})


def x(i):
    return "%" + X[i]


def gen_sse():
    f = form("sse_scalar")
    for mn in SCALAR_XX:
        for (a, b) in PAIRS:
            f.append("%s %s, %s" % (mn, x(a), x(b)))
        for k, m in enumerate(MEMS[::2]):
            f.append("%s %s, %s" % (mn, m, x((k * 5) % 16)))
    for mn in ROUND[:2]:
        for (a, b) in PAIRS[::2]:
            for v in (0, 1, 2, 3, 4, 8, 9, 10, 11):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(b)))
        for m in MEMS_SHORT:
            f.append("%s $9, %s, %s" % (mn, m, x(11)))
    for mn in CMP[:2]:
        for (a, b) in PAIRS[::2]:
            for v in range(8):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(b)))
        for m in MEMS_SHORT:
            f.append("%s $1, %s, %s" % (mn, m, x(3)))
    f = form("sse_moves")
    for mn in MOVES:
        for (a, b) in PAIRS:
            f.append("%s %s, %s" % (mn, x(a), x(b)))
        for k, m in enumerate(MEMS):
            f.append("%s %s, %s" % (mn, m, x((k * 3) % 16)))
            f.append("%s %s, %s" % (mn, x((k * 7) % 16), m))
    f = form("sse_gpr")
    for i in range(16):
        for j in (i, (i + 3) % 16, 15 - i):
            f.append("movd %s, %s" % (r("l", i), x(j)))
            f.append("movd %s, %s" % (x(j), r("l", i)))
            f.append("movq %s, %s" % (r("q", i), x(j)))
            f.append("movq %s, %s" % (x(j), r("q", i)))
            f.append("movq %s, %s" % (x(i), x(j)))
            for w in "lq":
                f.append("cvtsi2ss%s %s, %s" % (w, r(w, i), x(j)))
                f.append("cvtsi2sd%s %s, %s" % (w, r(w, i), x(j)))
                for mn in ("cvttss2si", "cvttsd2si", "cvtss2si", "cvtsd2si"):
                    f.append("%s %s, %s" % (mn, x(j), r(w, i)))
            f.append("movmskps %s, %s" % (x(j), r("l", i)))
            f.append("movmskpd %s, %s" % (x(j), r("l", i)))
            f.append("pmovmskb %s, %s" % (x(j), r("l", i)))
    for k, m in enumerate(MEMS):
        xi = (k * 5) % 16
        gi = SOME[k % len(SOME)]
        f.append("movd %s, %s" % (m, x(xi)))
        f.append("movd %s, %s" % (x(xi), m))
        f.append("movq %s, %s" % (m, x(xi)))
        f.append("movq %s, %s" % (x(xi), m))
        for w in "lq":
            f.append("cvtsi2ss%s %s, %s" % (w, m, x(xi)))
            f.append("cvtsi2sd%s %s, %s" % (w, m, x(xi)))
            f.append("cvttss2si %s, %s" % (m, r(w, gi)))
            f.append("cvttsd2si %s, %s" % (m, r(w, gi)))
    f = form("sse_lanes")
    for i in range(16):
        for j in (i, (i + 5) % 16, 15 - i):
            for lane in (0, 1, 3, 7, 15):
                f.append("pinsrb $%d, %s, %s" % (lane, r("l", i), x(j)))
                f.append("pextrb $%d, %s, %s" % (lane, x(j), r("l", i)))
            for lane in (0, 1, 7):
                f.append("pinsrw $%d, %s, %s" % (lane, r("l", i), x(j)))
                f.append("pextrw $%d, %s, %s" % (lane, x(j), r("l", i)))
            for lane in (0, 3):
                f.append("pinsrd $%d, %s, %s" % (lane, r("l", i), x(j)))
                f.append("pextrd $%d, %s, %s" % (lane, x(j), r("l", i)))
                f.append("extractps $%d, %s, %s" % (lane, x(j), r("l", i)))
            for lane in (0, 1):
                f.append("pinsrq $%d, %s, %s" % (lane, r("q", i), x(j)))
                f.append("pextrq $%d, %s, %s" % (lane, x(j), r("q", i)))
    for k, m in enumerate(MEMS):
        xi = (k * 5) % 16
        for mn in ("pinsrb", "pinsrw", "pinsrd", "pinsrq"):
            f.append("%s $1, %s, %s" % (mn, m, x(xi)))
        for mn in ("pextrb", "pextrw", "pextrd", "pextrq", "extractps"):
            f.append("%s $1, %s, %s" % (mn, x(xi), m))
        for mn in ("movlps", "movhps", "movlpd", "movhpd"):
            f.append("%s %s, %s" % (mn, m, x(xi)))
            f.append("%s %s, %s" % (mn, x(xi), m))
    for (a, b) in PAIRS:
        f.append("movlhps %s, %s" % (x(a), x(b)))
        f.append("movhlps %s, %s" % (x(a), x(b)))
    f = form("sse_packed")
    for mn in PACKED_XX:
        for (a, b) in PAIRS:
            f.append("%s %s, %s" % (mn, x(a), x(b)))
        for k, m in enumerate(MEMS[::2]):
            f.append("%s %s, %s" % (mn, m, x((k * 5 + 2) % 16)))
    for mn in ("pblendvb", "blendvps", "blendvpd"):
        for (a, b) in PAIRS:
            f.append("%s %%xmm0, %s, %s" % (mn, x(a), x(b)))
        for k, m in enumerate(MEMS[::2]):
            f.append("%s %%xmm0, %s, %s" % (mn, m, x((k * 5 + 2) % 16)))
    f = form("sse_imm")
    for mn in XXI:
        for (a, b) in PAIRS[::2]:
            for v in (0, 1, 0x1B, 0x80, 0xFF):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(b)))
        for k, m in enumerate(MEMS[::2]):
            f.append("%s $%d, %s, %s" % (mn, 0x39, m, x((k * 5 + 2) % 16)))
    for mn in ROUND[2:]:
        for (a, b) in PAIRS[::2]:
            for v in (0, 1, 2, 3, 4, 8, 9, 10, 11):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(b)))
        for m in MEMS_SHORT:
            f.append("%s $10, %s, %s" % (mn, m, x(13)))
    for mn in CMP[2:]:
        for (a, b) in PAIRS[::2]:
            for v in range(8):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(b)))
        for m in MEMS_SHORT:
            f.append("%s $4, %s, %s" % (mn, m, x(9)))
    for mn in SHIFT_IMM:
        for i in range(16):
            for v in (0, 1, 7, 15, 31, 63, 255):
                f.append("%s $%d, %s" % (mn, v, x(i)))


def gen_avx():
    f = form("avx_packed")
    for mn in AVX_XXX:
        for (d, a, b) in TRIPLES:
            f.append("%s %s, %s, %s" % (mn, x(b), x(a), x(d)))
        for k, m in enumerate(MEMS):
            f.append("%s %s, %s, %s" % (mn, m, x((k * 5 + 3) % 16), x((k * 7 + 2) % 16)))
    for mn in AVX_GENERIC:
        for (d, a, b) in TRIPLES:
            f.append("%s %s, %s, %s" % (mn, x(b), x(a), x(d)))
        for k, m in enumerate(MEMS):
            f.append("%s %s, %s, %s" % (mn, m, x((k * 5 + 3) % 16), x((k * 7 + 2) % 16)))
    f = form("avx_imm")
    for mn in AVX_XXXI + ["vcmpps", "vcmppd"]:
        for n, (d, a, b) in enumerate(TRIPLES):
            v = range(8)[n % 8] if mn.startswith("vcmp") else (0, 1, 0x1B, 0x80, 0xFF)[n % 5]
            f.append("%s $%d, %s, %s, %s" % (mn, v, x(b), x(a), x(d)))
        for k, m in enumerate(MEMS):
            v = k % 8 if mn.startswith("vcmp") else 0x39
            f.append("%s $%d, %s, %s, %s" % (mn, v, m, x((k * 5 + 3) % 16), x((k * 7 + 2) % 16)))
    for mn in AVX_SHIFT_IMM:
        for (d, a) in PAIRS:
            for v in (0, 1, 7, 31, 255):
                f.append("%s $%d, %s, %s" % (mn, v, x(a), x(d)))
    f = form("avx_blendv")
    for mn in AVX_BLENDV:
        for n, (d, a, b) in enumerate(TRIPLES):
            for mask in (0, n % 16, 15):
                f.append("%s %s, %s, %s, %s" % (mn, x(mask), x(b), x(a), x(d)))
        for k, m in enumerate(MEMS):
            f.append("%s %s, %s, %s, %s" % (mn, x((k * 3) % 16), m, x((k * 5 + 3) % 16), x((k * 7 + 2) % 16)))


# ---------------------------------------------------------------------------------------------------------

ENC_RE = re.compile(r"encoding: \[([^\]]*)\]")


def assemble(llvm_mc, name, lines):
    """Assemble all lines with one llvm-mc process; return one hex string per line."""
    src = "\n".join(lines) + "\n"
    p = subprocess.run([llvm_mc, "-triple=x86_64", "-show-encoding"], input=src, capture_output=True, text=True)
    if p.returncode != 0 or p.stderr.strip():
        sys.exit("llvm-mc failed on form %s:\n%s" % (name, p.stderr[:4000]))
    encs = []
    for line in p.stdout.splitlines():
        m = ENC_RE.search(line)
        if not m:
            continue
        parts = m.group(1).split(",")
        try:
            encs.append("".join("%02x" % int(b, 16) for b in parts))
        except ValueError:
            sys.exit("form %s: encoding with fixup (unsupported in golden files): %s" % (name, line))
    if len(encs) != len(lines):
        sys.exit("form %s: %d instructions but %d encodings" % (name, len(lines), len(encs)))
    return encs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llvm-mc", default=os.environ.get("LLVM_MC", "llvm-mc"))
    args = ap.parse_args()
    gen_integer()
    gen_addressing()
    gen_sse()
    gen_avx()
    os.makedirs(OUT_DIR, exist_ok=True)
    for old in os.listdir(OUT_DIR):
        if old.endswith(".txt"):
            os.remove(os.path.join(OUT_DIR, old))
    total = 0
    for name, lines in sorted(FORMS.items()):
        # de-duplicate, keep order
        seen = set()
        uniq = [l for l in lines if not (l in seen or seen.add(l))]
        encs = assemble(args.llvm_mc, name, uniq)
        with open(os.path.join(OUT_DIR, name + ".txt"), "w") as fh:
            for l, e in zip(uniq, encs):
                fh.write("%s\t%s\n" % (l, e))
        total += len(uniq)
        print("%-14s %6d vectors" % (name, len(uniq)))
    print("total          %6d vectors in %d forms" % (total, len(FORMS)))


if __name__ == "__main__":
    main()

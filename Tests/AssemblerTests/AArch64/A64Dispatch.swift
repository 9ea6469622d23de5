import AArch64
import AssemblerCore

/// Maps a parsed golden line to the `A64Assembler` call that must produce its encoding.
struct A64Dispatch {
    let mn: String
    let o: [GOp]

    init(_ line: String) throws { (mn, o) = try A64Text.parse(line) }

    func fail(_ why: String = "unmapped operand shape") -> ParseError { ParseError("\(mn): \(why) \(o)") }

    // MARK: Operand accessors (role- and width-checked)

    func op(_ i: Int) throws -> GOp {
        guard i < o.count else { throw fail("missing operand \(i)") }
        return o[i]
    }
    func zr<R: ZRRegister>(_ i: Int) throws -> R {
        guard case .gpr(let n, let is64, let r31) = try op(i), is64 == (R.sf == 1), r31 != .sp else {
            throw fail("operand \(i) is not a \(R.bits)-bit ZR-role register")
        }
        return R(encoding: UInt32(n))
    }
    func sp<R: SPRegister>(_ i: Int) throws -> R {
        guard case .gpr(let n, let is64, let r31) = try op(i), is64 == (R.sf == 1), r31 != .zr else {
            throw fail("operand \(i) is not a \(R.bits)-bit SP-role register")
        }
        return R(encoding: UInt32(n))
    }
    func isGPR(_ i: Int) -> Bool {
        if i < o.count, case .gpr = o[i] { return true }
        return false
    }
    func is64(_ i: Int) -> Bool {
        if i < o.count, case .gpr(_, let w, _) = o[i] { return w }
        return false
    }
    func isSP(_ i: Int) -> Bool {
        if i < o.count, case .gpr(_, _, .sp) = o[i] { return true }
        return false
    }
    func isImm(_ i: Int) -> Bool {
        if i < o.count, case .imm = o[i] { return true }
        return false
    }
    func isExt(_ i: Int) -> Bool {
        if i < o.count, case .ext = o[i] { return true }
        return false
    }
    func isVec(_ i: Int) -> Bool {
        if i < o.count, case .vec = o[i] { return true }
        return false
    }
    func isFPR(_ i: Int) -> Bool {
        if i < o.count, case .fpr = o[i] { return true }
        return false
    }
    func isMem(_ i: Int) -> Bool {
        if i < o.count, case .mem = o[i] { return true }
        return false
    }
    func imm(_ i: Int) throws -> Int {
        guard case .imm(let v) = try op(i) else { throw fail("operand \(i) not an immediate") }
        return v
    }
    func cond(_ i: Int) throws -> Cond {
        guard case .cond(let c) = try op(i) else { throw fail("operand \(i) not a condition") }
        return c
    }
    func fpr<F: FPRegister>(_ i: Int) throws -> F {
        let kinds: [UInt32: Character] = [0: "b", 1: "h", 2: "s", 3: "d", 4: "q"]
        guard case .fpr(let n, let k) = try op(i), k == kinds[F.sizeLog2] else {
            throw fail("operand \(i) not a \(kinds[F.sizeLog2]!) register")
        }
        return F(encoding: UInt32(n))
    }
    func fprKind(_ i: Int) -> Character? {
        if i < o.count, case .fpr(_, let k) = o[i] { return k }
        return nil
    }
    func vec(_ i: Int) throws -> (V, Arrangement) {
        guard case .vec(let n, let t) = try op(i) else { throw fail("operand \(i) not a vector") }
        return (V(n), t)
    }
    func v(_ i: Int) throws -> V { try vec(i).0 }
    func lane(_ i: Int) throws -> (V, ElementSize, Int) {
        guard case .lane(let n, let e, let l) = try op(i) else { throw fail("operand \(i) not a lane") }
        return (V(n), e, l)
    }
    /// Trailing `shift #n` at index i, or (lsl, 0).
    func shift(_ i: Int) throws -> (Shift, Int) {
        guard i < o.count else { return (.lsl, 0) }
        guard case .shift(let s, let a) = o[i], let sh = ["lsl": Shift.lsl, "lsr": .lsr, "asr": .asr, "ror": .ror][s]
        else { throw fail("bad shift") }
        return (sh, a)
    }
    func ext(_ i: Int) throws -> (Extend, Int) {
        guard case .ext(let s, let a) = try op(i), let e = Extend.allCases.first(where: { "\($0)" == s }) else {
            throw fail("bad extend")
        }
        return (e, a ?? 0)
    }
    func mem(_ i: Int) throws -> Mem {
        guard case .mem(let m) = try op(i) else { throw fail("operand \(i) not memory") }
        let base = XSP(encoding: UInt32(m.base))
        if let p = m.post { return .post(base, p) }
        if let idx = m.index {
            guard case .gpr(let n, let w64, let r31) = idx, r31 != .sp else { throw fail("bad index") }
            if w64 {
                guard m.extend == nil || m.extend == "lsl" || m.extend == "sxtx" else {
                    throw fail("bad X index extend")
                }
                return .reg(
                    base, X(encoding: UInt32(n)), signExtend: m.extend == "sxtx",
                    shift: m.amount ?? (m.extend == "lsl" ? 0 : nil))
            }
            guard m.extend == "uxtw" || m.extend == "sxtw" else { throw fail("bad W index extend") }
            return .reg(base, W(encoding: UInt32(n)), signExtend: m.extend == "sxtw", shift: m.amount)
        }
        if m.pre { return .pre(base, m.offset ?? 0) }
        return .offset(base, m.offset ?? 0)
    }
    func memBase(_ i: Int) throws -> XSP {
        guard case .mem(let m) = try op(i), m.offset == nil, m.index == nil, m.post == nil else {
            throw fail("expected [base]")
        }
        return XSP(encoding: UInt32(m.base))
    }

    // MARK: Dispatch

    func encode(_ a: inout A64Assembler) throws {
        let vectorFirst: Bool = {
            guard let f = o.first else { return false }
            switch f {
            case .vec, .lane, .list: return true
            default: return false
            }
        }()
        if vectorFirst {
            try neon(&a)
            return
        }
        if isGPR(0) && !["umov", "smov"].contains(mn) {
            let handled = is64(0) ? try gpr(X.self, &a) : try gpr(W.self, &a)
            if handled { return }
            throw fail()
        }
        if let k = fprKind(0) {
            if try fpMemOrLiteral(k, &a) { return }
            if k == "s", try fpScalar(S.self, &a) { return }
            if k == "d", try fpScalar(D.self, &a) { return }
            if try misc(&a) { return }
            throw fail()
        }
        if try misc(&a) { return }
        throw fail()
    }

    /// Instructions whose first operand is a general register of width `Z`.
    func gpr<Z: ZRRegister>(_: Z.Type, _ a: inout A64Assembler) throws -> Bool {
        typealias P = Z.SPRole
        switch mn {
        case "add", "sub", "adds", "subs":
            let flags = mn.hasSuffix("s")
            let isSub = mn.hasPrefix("sub")
            if isImm(2) {
                var v = try imm(2)
                if o.count == 4 {
                    let (s, n) = try shift(3)
                    guard s == .lsl, n == 12 else { throw fail() }
                    v <<= 12
                }
                switch (flags, isSub) {
                case (false, false): try a.add(try sp(0) as P, try sp(1), v)
                case (false, true): try a.sub(try sp(0) as P, try sp(1), v)
                case (true, false): try a.adds(try zr(0) as Z, try sp(1) as P, v)
                case (true, true): try a.subs(try zr(0) as Z, try sp(1) as P, v)
                }
            } else if isExt(3) {
                let (e, n) = try ext(3)
                if is64(2) {
                    try addSubExt(Z.self, flags, isSub, try zr(2) as X, e, n, &a)
                } else {
                    try addSubExt(Z.self, flags, isSub, try zr(2) as W, e, n, &a)
                }
            } else {
                let (s, n) = try shift(3)
                let rd: Z = try zr(0)
                let rn: Z = try zr(1)
                let rm: Z = try zr(2)
                switch (flags, isSub) {
                case (false, false): try a.add(rd, rn, rm, s, n)
                case (false, true): try a.sub(rd, rn, rm, s, n)
                case (true, false): try a.adds(rd, rn, rm, s, n)
                case (true, true): try a.subs(rd, rn, rm, s, n)
                }
            }
        case "cmp", "cmn":
            if isImm(1) {
                var v = try imm(1)
                if o.count == 3 { v <<= 12 }
                if mn == "cmp" { try a.cmp(try sp(0) as P, v) } else { try a.cmn(try sp(0) as P, v) }
            } else if isExt(2) {
                let (e, n) = try ext(2)
                let rn: P = try sp(0)
                if is64(1) {
                    let rm: X = try zr(1)
                    if mn == "cmp" { try a.cmp(rn, rm, e, n) } else { try a.cmn(rn, rm, e, n) }
                } else {
                    let rm: W = try zr(1)
                    if mn == "cmp" { try a.cmp(rn, rm, e, n) } else { try a.cmn(rn, rm, e, n) }
                }
            } else {
                let (s, n) = try shift(2)
                if mn == "cmp" {
                    try a.cmp(try zr(0) as Z, try zr(1), s, n)
                } else {
                    try a.cmn(try zr(0) as Z, try zr(1), s, n)
                }
            }
        case "neg", "negs", "mvn", "tst":
            if mn == "tst" && isImm(1) {
                try a.tst(try zr(0) as Z, UInt64(UInt(bitPattern: try imm(1))))
                return true
            }
            let (s, n) = try shift(2)
            let r0: Z = try zr(0)
            let r1: Z = try zr(1)
            switch mn {
            case "neg": try a.neg(r0, r1, s, n)
            case "negs": try a.negs(r0, r1, s, n)
            case "mvn": try a.mvn(r0, r1, s, n)
            default: try a.tst(r0, r1, s, n)
            }
        case "and", "orr", "eor", "ands", "bic", "orn", "eon", "bics":
            if isImm(2) {
                let v = UInt64(UInt(bitPattern: try imm(2)))
                switch mn {
                case "and": try a.and(try sp(0) as P, try zr(1), v)
                case "orr": try a.orr(try sp(0) as P, try zr(1), v)
                case "eor": try a.eor(try sp(0) as P, try zr(1), v)
                case "ands": try a.ands(try zr(0) as Z, try zr(1), v)
                default: throw fail()
                }
                return true
            }
            let (s, n) = try shift(3)
            let rd: Z = try zr(0)
            let rn: Z = try zr(1)
            let rm: Z = try zr(2)
            switch mn {
            case "and": try a.and(rd, rn, rm, s, n)
            case "orr": try a.orr(rd, rn, rm, s, n)
            case "eor": try a.eor(rd, rn, rm, s, n)
            case "ands": try a.ands(rd, rn, rm, s, n)
            case "bic": try a.bic(rd, rn, rm, s, n)
            case "orn": try a.orn(rd, rn, rm, s, n)
            case "eon": try a.eon(rd, rn, rm, s, n)
            default: try a.bics(rd, rn, rm, s, n)
            }
        case "mov":
            if isImm(1) {
                let v = try imm(1)
                if Z.sf == 1 {
                    a.mov(try zr(0) as X, UInt64(UInt(bitPattern: v)))
                } else {
                    a.mov(try zr(0) as W, UInt32(truncatingIfNeeded: v))
                }
            } else if isSP(0) || isSP(1) {
                a.movSP(try sp(0) as P, try sp(1))
            } else {
                a.mov(try zr(0) as Z, try zr(1))
            }
        case "movz", "movn", "movk":
            let v = try imm(1)
            let sh = o.count == 3 ? try shift(2).1 : 0
            let rd: Z = try zr(0)
            switch mn {
            case "movz": try a.movz(rd, v, lsl: sh)
            case "movn": try a.movn(rd, v, lsl: sh)
            default: try a.movk(rd, v, lsl: sh)
            }
        case "ubfm", "sbfm", "bfm", "ubfx", "sbfx", "bfxil", "bfi", "ubfiz", "sbfiz":
            let rd: Z = try zr(0)
            let rn: Z = try zr(1)
            let p = try imm(2)
            let q = try imm(3)
            switch mn {
            case "ubfm": try a.ubfm(rd, rn, p, q)
            case "sbfm": try a.sbfm(rd, rn, p, q)
            case "bfm": try a.bfm(rd, rn, p, q)
            case "ubfx": try a.ubfx(rd, rn, p, q)
            case "sbfx": try a.sbfx(rd, rn, p, q)
            case "bfxil": try a.bfxil(rd, rn, p, q)
            case "bfi": try a.bfi(rd, rn, p, q)
            case "ubfiz": try a.ubfiz(rd, rn, p, q)
            default: try a.sbfiz(rd, rn, p, q)
            }
        case "lsl", "lsr", "asr", "ror":
            let rd: Z = try zr(0)
            let rn: Z = try zr(1)
            if isImm(2) {
                let s = try imm(2)
                switch mn {
                case "lsl": try a.lsl(rd, rn, s)
                case "lsr": try a.lsr(rd, rn, s)
                case "asr": try a.asr(rd, rn, s)
                default: try a.ror(rd, rn, s)
                }
            } else {
                let rm: Z = try zr(2)
                switch mn {
                case "lsl": a.lsl(rd, rn, rm)
                case "lsr": a.lsr(rd, rn, rm)
                case "asr": a.asr(rd, rn, rm)
                default: a.ror(rd, rn, rm)
                }
            }
        case "extr": try a.extr(try zr(0) as Z, try zr(1), try zr(2), try imm(3))
        case "sxtb": a.sxtb(try zr(0) as Z, try zr(1))
        case "sxth": a.sxth(try zr(0) as Z, try zr(1))
        case "sxtw": a.sxtw(try zr(0), try zr(1))
        case "uxtb": a.uxtb(try zr(0), try zr(1))
        case "uxth": a.uxth(try zr(0), try zr(1))
        case "madd": a.madd(try zr(0) as Z, try zr(1), try zr(2), try zr(3))
        case "msub": a.msub(try zr(0) as Z, try zr(1), try zr(2), try zr(3))
        case "mul": a.mul(try zr(0) as Z, try zr(1), try zr(2))
        case "mneg": a.mneg(try zr(0) as Z, try zr(1), try zr(2))
        case "sdiv": a.sdiv(try zr(0) as Z, try zr(1), try zr(2))
        case "udiv": a.udiv(try zr(0) as Z, try zr(1), try zr(2))
        case "smulh": a.smulh(try zr(0), try zr(1), try zr(2))
        case "umulh": a.umulh(try zr(0), try zr(1), try zr(2))
        case "smaddl": a.smaddl(try zr(0), try zr(1), try zr(2), try zr(3))
        case "smsubl": a.smsubl(try zr(0), try zr(1), try zr(2), try zr(3))
        case "umaddl": a.umaddl(try zr(0), try zr(1), try zr(2), try zr(3))
        case "umsubl": a.umsubl(try zr(0), try zr(1), try zr(2), try zr(3))
        case "smull": a.smull(try zr(0), try zr(1), try zr(2))
        case "umull": a.umull(try zr(0), try zr(1), try zr(2))
        case "rbit": a.rbit(try zr(0) as Z, try zr(1))
        case "rev16": a.rev16(try zr(0) as Z, try zr(1))
        case "rev32": a.rev32(try zr(0), try zr(1))
        case "rev": a.rev(try zr(0) as Z, try zr(1))
        case "clz": a.clz(try zr(0) as Z, try zr(1))
        case "cls": a.cls(try zr(0) as Z, try zr(1))
        case "csel", "csinc", "csinv", "csneg":
            let rd: Z = try zr(0)
            let rn: Z = try zr(1)
            let rm: Z = try zr(2)
            let c = try cond(3)
            switch mn {
            case "csel": a.csel(rd, rn, rm, c)
            case "csinc": a.csinc(rd, rn, rm, c)
            case "csinv": a.csinv(rd, rn, rm, c)
            default: a.csneg(rd, rn, rm, c)
            }
        case "cset": try a.cset(try zr(0) as Z, try cond(1))
        case "csetm": try a.csetm(try zr(0) as Z, try cond(1))
        case "cinc": try a.cinc(try zr(0) as Z, try zr(1), try cond(2))
        case "cinv": try a.cinv(try zr(0) as Z, try zr(1), try cond(2))
        case "cneg": try a.cneg(try zr(0) as Z, try zr(1), try cond(2))
        case "ldr", "str", "ldrb", "strb", "ldrh", "strh", "ldrsb", "ldrsh", "ldrsw",
            "ldur", "stur", "ldurb", "sturb", "ldurh", "sturh", "ldursb", "ldursh", "ldursw":
            let rt: Z = try zr(0)
            if isImm(1) { // literal
                let off = try imm(1)
                switch mn {
                case "ldr": try a.ldr(rt, offset: off)
                case "ldrsw": try a.ldrsw(try zr(0), offset: off)
                default: throw fail()
                }
                return true
            }
            let m = try mem(1)
            switch mn {
            case "ldr": try a.ldr(rt, m)
            case "str": try a.str(rt, m)
            case "ldrb": try a.ldrb(try zr(0), m)
            case "strb": try a.strb(try zr(0), m)
            case "ldrh": try a.ldrh(try zr(0), m)
            case "strh": try a.strh(try zr(0), m)
            case "ldrsb": try a.ldrsb(rt, m)
            case "ldrsh": try a.ldrsh(rt, m)
            case "ldrsw": try a.ldrsw(try zr(0), m)
            case "ldur": try a.ldur(rt, m)
            case "stur": try a.stur(rt, m)
            case "ldurb": try a.ldurb(try zr(0), m)
            case "sturb": try a.sturb(try zr(0), m)
            case "ldurh": try a.ldurh(try zr(0), m)
            case "sturh": try a.sturh(try zr(0), m)
            case "ldursb": try a.ldursb(rt, m)
            case "ldursh": try a.ldursh(rt, m)
            default: try a.ldursw(try zr(0), m)
            }
        case "ldp", "stp", "ldpsw":
            let m = try mem(2)
            switch mn {
            case "ldp": try a.ldp(try zr(0) as Z, try zr(1), m)
            case "stp": try a.stp(try zr(0) as Z, try zr(1), m)
            default: try a.ldpsw(try zr(0), try zr(1), m)
            }
        case "cbz": try a.cbz(try zr(0) as Z, offset: try imm(1))
        case "cbnz": try a.cbnz(try zr(0) as Z, offset: try imm(1))
        case "tbz": try a.tbz(try zr(0) as Z, try imm(1), offset: try imm(2))
        case "tbnz": try a.tbnz(try zr(0) as Z, try imm(1), offset: try imm(2))
        case "adr": try a.adr(try zr(0), offset: try imm(1))
        case "adrp": try a.adrp(try zr(0), offset: try imm(1))
        case "br": a.br(try zr(0))
        case "blr": a.blr(try zr(0))
        case "ret": a.ret(try zr(0))
        case "fmov":
            if Z.sf == 1 { a.fmov(try zr(0) as X, try fpr(1) as D) } else { a.fmov(try zr(0) as W, try fpr(1) as S) }
        case "fcvtzs", "fcvtzu", "fcvtns", "fcvtms", "fcvtps":
            if fprKind(1) == "s" { try fcvtToInt(Z.self, S.self, &a) } else { try fcvtToInt(Z.self, D.self, &a) }
        default:
            return false
        }
        return true
    }

    func addSubExt<Z: ZRRegister, M: ZRRegister>(
        _: Z.Type, _ flags: Bool, _ isSub: Bool, _ rm: M, _ e: Extend, _ n: Int, _ a: inout A64Assembler
    ) throws {
        typealias P = Z.SPRole
        switch (flags, isSub) {
        case (false, false): try a.add(try sp(0) as P, try sp(1), rm, e, n)
        case (false, true): try a.sub(try sp(0) as P, try sp(1), rm, e, n)
        case (true, false): try a.adds(try zr(0) as Z, try sp(1) as P, rm, e, n)
        case (true, true): try a.subs(try zr(0) as Z, try sp(1) as P, rm, e, n)
        }
    }

    func fcvtToInt<Z: ZRRegister, F: FPScalar>(_: Z.Type, _: F.Type, _ a: inout A64Assembler) throws {
        let rd: Z = try zr(0)
        let rn: F = try fpr(1)
        switch mn {
        case "fcvtzs": a.fcvtzs(rd, rn)
        case "fcvtzu": a.fcvtzu(rd, rn)
        case "fcvtns": a.fcvtns(rd, rn)
        case "fcvtms": a.fcvtms(rd, rn)
        default: a.fcvtps(rd, rn)
        }
    }

    /// FP/SIMD register loads and stores (any of B/H/S/D/Q) and literal loads.
    func fpMemOrLiteral(_ k: Character, _ a: inout A64Assembler) throws -> Bool {
        guard ["ldr", "str", "ldur", "stur", "ldp", "stp"].contains(mn) else { return false }
        switch k {
        case "b": try fpMem(B.self, &a)
        case "h": try fpMem(H.self, &a)
        case "s": try fpMem(S.self, &a)
        case "d": try fpMem(D.self, &a)
        default: try fpMem(Q.self, &a)
        }
        return true
    }
    func fpMem<F: FPRegister>(_: F.Type, _ a: inout A64Assembler) throws {
        let rt: F = try fpr(0)
        if mn == "ldp" || mn == "stp" {
            if mn == "ldp" {
                try a.ldp(rt, try fpr(1) as F, try mem(2))
            } else {
                try a.stp(rt, try fpr(1) as F, try mem(2))
            }
            return
        }
        if isImm(1) {
            try a.ldr(rt, offset: try imm(1))
            return
        }
        let m = try mem(1)
        switch mn {
        case "ldr": try a.ldr(rt, m)
        case "str": try a.str(rt, m)
        case "ldur": try a.ldur(rt, m)
        default: try a.stur(rt, m)
        }
    }

    func fpScalar<F: FPScalar>(_: F.Type, _ a: inout A64Assembler) throws -> Bool {
        switch mn {
        case "fmov":
            if case .fimm(let d) = try op(1) {
                try a.fmov(try fpr(0) as F, d)
                return true
            }
            if isGPR(1) {
                if F.self == S.self {
                    a.fmov(try fpr(0) as S, try zr(1) as W)
                } else {
                    a.fmov(try fpr(0) as D, try zr(1) as X)
                }
                return true
            }
            a.fmov(try fpr(0) as F, try fpr(1))
        case "fabs", "fneg", "fsqrt", "frintn", "frintp", "frintm", "frintz", "frinta", "frintx", "frinti":
            let rd: F = try fpr(0)
            let rn: F = try fpr(1)
            switch mn {
            case "fabs": a.fabs(rd, rn)
            case "fneg": a.fneg(rd, rn)
            case "fsqrt": a.fsqrt(rd, rn)
            case "frintn": a.frintn(rd, rn)
            case "frintp": a.frintp(rd, rn)
            case "frintm": a.frintm(rd, rn)
            case "frintz": a.frintz(rd, rn)
            case "frinta": a.frinta(rd, rn)
            case "frintx": a.frintx(rd, rn)
            default: a.frinti(rd, rn)
            }
        case "fmul", "fdiv", "fadd", "fsub", "fmax", "fmin", "fmaxnm", "fminnm", "fnmul":
            let rd: F = try fpr(0)
            let rn: F = try fpr(1)
            let rm: F = try fpr(2)
            switch mn {
            case "fmul": a.fmul(rd, rn, rm)
            case "fdiv": a.fdiv(rd, rn, rm)
            case "fadd": a.fadd(rd, rn, rm)
            case "fsub": a.fsub(rd, rn, rm)
            case "fmax": a.fmax(rd, rn, rm)
            case "fmin": a.fmin(rd, rn, rm)
            case "fmaxnm": a.fmaxnm(rd, rn, rm)
            case "fminnm": a.fminnm(rd, rn, rm)
            default: a.fnmul(rd, rn, rm)
            }
        case "fcmp":
            if case .fimm(0.0) = try op(1) { a.fcmpZero(try fpr(0) as F) } else { a.fcmp(try fpr(0) as F, try fpr(1)) }
        case "fcmpe": a.fcmpe(try fpr(0) as F, try fpr(1))
        case "fcsel": a.fcsel(try fpr(0) as F, try fpr(1), try fpr(2), try cond(3))
        case "fcvt":
            if F.self == D.self {
                a.fcvt(try fpr(0) as D, try fpr(1) as S)
            } else {
                a.fcvt(try fpr(0) as S, try fpr(1) as D)
            }
        case "scvtf", "ucvtf":
            let rd: F = try fpr(0)
            if is64(1) {
                let rn: X = try zr(1)
                if mn == "scvtf" { a.scvtf(rd, rn) } else { a.ucvtf(rd, rn) }
            } else {
                let rn: W = try zr(1)
                if mn == "scvtf" { a.scvtf(rd, rn) } else { a.ucvtf(rd, rn) }
            }
        case "addp": a.addp(try fpr(0) as D, try v(1))
        case "movi": try a.movi(V(try (fpr(0) as D).number), .d1, bytes: UInt64(UInt(bitPattern: try imm(1))))
        default: return false
        }
        return true
    }

    /// Instructions without register operands, and scalar-destination NEON forms (addv b0, v1.16b ...).
    func misc(_ a: inout A64Assembler) throws -> Bool {
        switch mn {
        case "nop": a.nop()
        case "ret" where o.isEmpty: a.ret()
        case "isb": a.isb()
        case "brk": try a.brk(try imm(0))
        case "hlt": try a.hlt(try imm(0))
        case "udf": try a.udf(try imm(0))
        case "dmb", "dsb":
            guard case .sym(let s) = try op(0), let b = Barrier.allCases.first(where: { "\($0)" == s }) else {
                throw fail()
            }
            if mn == "dmb" { a.dmb(b) } else { a.dsb(b) }
        case "dc":
            guard case .sym("cvau") = try op(0) else { throw fail() }
            a.dcCVAU(try zr(1))
        case "ic":
            guard case .sym("ivau") = try op(0) else { throw fail() }
            a.icIVAU(try zr(1))
        case "b", "bl":
            if mn == "b" { try a.b(offset: try imm(0)) } else { try a.bl(offset: try imm(0)) }
        case "addv", "umaxv", "uminv", "smaxv", "sminv":
            guard case .fpr(let n, _) = try op(0) else { throw fail() }
            let (vn, t) = try vec(1)
            switch mn {
            case "addv": try a.addv(V(n), vn, t)
            case "umaxv": try a.umaxv(V(n), vn, t)
            case "uminv": try a.uminv(V(n), vn, t)
            case "smaxv": try a.smaxv(V(n), vn, t)
            default: try a.sminv(V(n), vn, t)
            }
        case "umov", "smov":
            let (vn, e, l) = try lane(1)
            if is64(0) {
                let rd: X = try zr(0)
                if mn == "umov" { try a.umov(rd, vn, e, lane: l) } else { try a.smov(rd, vn, e, lane: l) }
            } else {
                let rd: W = try zr(0)
                if mn == "umov" { try a.umov(rd, vn, e, lane: l) } else { try a.smov(rd, vn, e, lane: l) }
            }
        default:
            if mn.hasPrefix("b."), let c = A64Text.conds[String(mn.dropFirst(2))] {
                try a.b(c, offset: try imm(0))
                return true
            }
            return false
        }
        return true
    }
}

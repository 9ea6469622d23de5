import AArch64
import AssemblerCore

extension A64Dispatch {
    /// Vector instructions (first operand a vector, a lane, or a register list).
    func neon(_ a: inout A64Assembler) throws {
        if case .list(let regs, let arr, let lane) = o[0] {
            let base = try memBase(1)
            let vt = V(regs[0])
            switch mn {
            case "ld1r":
                guard let t = A64Text.arrangements[arr] else { throw fail() }
                a.ld1r(vt, t, base)
            case "ld1", "st1":
                guard let e = ["b": ElementSize.b, "h": .h, "s": .s, "d": .d][arr], let l = lane else { throw fail() }
                if mn == "ld1" { try a.ld1(vt, e, lane: l, base) } else { try a.st1(vt, e, lane: l, base) }
            default: throw fail()
            }
            return
        }
        if case .lane(let n, let e, let l) = o[0] {
            guard mn == "ins" else { throw fail() }
            if case .lane(let m, let e2, let l2) = try op(1) {
                guard e2 == e else { throw fail() }
                try a.ins(V(n), e, lane: l, V(m), srcLane: l2)
            } else if is64(1) {
                try a.ins(V(n), e, lane: l, try zr(1) as X)
            } else {
                try a.ins(V(n), e, lane: l, try zr(1) as W)
            }
            return
        }
        let (vd, t0) = try vec(0)
        // Three same-arrangement vectors.
        if o.count == 3, isVec(1), isVec(2) {
            let (vn, t1) = try vec(1)
            let (vm, t2) = try vec(2)
            if t0 == t1 && t1 == t2 {
                let t = t0
                switch mn {
                case "add": try a.add(vd, vn, vm, t)
                case "sub": try a.sub(vd, vn, vm, t)
                case "mul": try a.mul(vd, vn, vm, t)
                case "sqadd": try a.sqadd(vd, vn, vm, t)
                case "uqadd": try a.uqadd(vd, vn, vm, t)
                case "sqsub": try a.sqsub(vd, vn, vm, t)
                case "uqsub": try a.uqsub(vd, vn, vm, t)
                case "smax": try a.smax(vd, vn, vm, t)
                case "smin": try a.smin(vd, vn, vm, t)
                case "umax": try a.umax(vd, vn, vm, t)
                case "umin": try a.umin(vd, vn, vm, t)
                case "urhadd": try a.urhadd(vd, vn, vm, t)
                case "sshl": try a.sshl(vd, vn, vm, t)
                case "ushl": try a.ushl(vd, vn, vm, t)
                case "sqrdmulh": try a.sqrdmulh(vd, vn, vm, t)
                case "addp": try a.addp(vd, vn, vm, t)
                case "cmeq": try a.cmeq(vd, vn, vm, t)
                case "cmtst": try a.cmtst(vd, vn, vm, t)
                case "cmgt": try a.cmgt(vd, vn, vm, t)
                case "cmge": try a.cmge(vd, vn, vm, t)
                case "cmhi": try a.cmhi(vd, vn, vm, t)
                case "cmhs": try a.cmhs(vd, vn, vm, t)
                case "fcmeq": try a.fcmeq(vd, vn, vm, t)
                case "fcmge": try a.fcmge(vd, vn, vm, t)
                case "fcmgt": try a.fcmgt(vd, vn, vm, t)
                case "and": try a.and(vd, vn, vm, t)
                case "bic": try a.bic(vd, vn, vm, t)
                case "orr": try a.orr(vd, vn, vm, t)
                case "orn": try a.orn(vd, vn, vm, t)
                case "eor": try a.eor(vd, vn, vm, t)
                case "bsl": try a.bsl(vd, vn, vm, t)
                case "bit": try a.bit(vd, vn, vm, t)
                case "bif": try a.bif(vd, vn, vm, t)
                case "uzp1": try a.uzp1(vd, vn, vm, t)
                case "uzp2": try a.uzp2(vd, vn, vm, t)
                case "zip1": try a.zip1(vd, vn, vm, t)
                case "zip2": try a.zip2(vd, vn, vm, t)
                case "trn1": try a.trn1(vd, vn, vm, t)
                case "trn2": try a.trn2(vd, vn, vm, t)
                case "fadd": try a.fadd(vd, vn, vm, t)
                case "fsub": try a.fsub(vd, vn, vm, t)
                case "fmul": try a.fmul(vd, vn, vm, t)
                case "fdiv": try a.fdiv(vd, vn, vm, t)
                case "fmax": try a.fmax(vd, vn, vm, t)
                case "fmin": try a.fmin(vd, vn, vm, t)
                case "fmaxnm": try a.fmaxnm(vd, vn, vm, t)
                case "fminnm": try a.fminnm(vd, vn, vm, t)
                default: throw fail()
                }
                return
            }
            // Widening multiplies: arrangement of the narrow sources.
            guard t1 == t2 else { throw fail() }
            switch mn {
            case "smull": try a.smull(vd, vn, vm, t1)
            case "smull2": try a.smull2(vd, vn, vm, t1)
            case "umull": try a.umull(vd, vn, vm, t1)
            case "umull2": try a.umull2(vd, vn, vm, t1)
            default: throw fail()
            }
            return
        }
        // Two vectors (+ optional #0 / #shift).
        if isVec(1) {
            let (vn, t1) = try vec(1)
            if o.count == 3, case .fimm(0.0) = o[2] {
                guard t0 == t1 else { throw fail() }
                switch mn {
                case "fcmeq": try a.fcmeqZero(vd, vn, t0)
                case "fcmge": try a.fcmgeZero(vd, vn, t0)
                case "fcmgt": try a.fcmgtZero(vd, vn, t0)
                case "fcmle": try a.fcmleZero(vd, vn, t0)
                case "fcmlt": try a.fcmltZero(vd, vn, t0)
                default: throw fail()
                }
                return
            }
            if o.count == 3, isImm(2) {
                let n = try imm(2)
                switch mn {
                case "cmeq", "cmge", "cmgt", "cmle", "cmlt":
                    guard n == 0, t0 == t1 else { throw fail() }
                    switch mn {
                    case "cmeq": try a.cmeqZero(vd, vn, t0)
                    case "cmge": try a.cmgeZero(vd, vn, t0)
                    case "cmgt": try a.cmgtZero(vd, vn, t0)
                    case "cmle": try a.cmleZero(vd, vn, t0)
                    default: try a.cmltZero(vd, vn, t0)
                    }
                case "shl": try a.shl(vd, vn, n, t0)
                case "sshr": try a.sshr(vd, vn, n, t0)
                case "ushr": try a.ushr(vd, vn, n, t0)
                case "sshll": try a.sshll(vd, vn, n, t1)
                case "sshll2": try a.sshll2(vd, vn, n, t1)
                case "ushll": try a.ushll(vd, vn, n, t1)
                case "ushll2": try a.ushll2(vd, vn, n, t1)
                default: throw fail()
                }
                return
            }
            if o.count == 4, isVec(2) {
                let (vm, _) = try vec(2)
                guard mn == "ext" else { throw fail() }
                try a.ext(vd, vn, vm, try imm(3), t0)
                return
            }
            guard o.count == 2 else { throw fail() }
            switch mn {
            // same arrangement
            case "neg": try a.neg(vd, vn, t0)
            case "abs": try a.abs(vd, vn, t0)
            case "cnt": try a.cnt(vd, vn, t0)
            case "not": try a.not(vd, vn, t0)
            case "mov": try a.mov(vd, vn, t0)
            case "fsqrt": try a.fsqrt(vd, vn, t0)
            case "fneg": try a.fneg(vd, vn, t0)
            case "fabs": try a.fabs(vd, vn, t0)
            case "frintn": try a.frintn(vd, vn, t0)
            case "frintm": try a.frintm(vd, vn, t0)
            case "frintp": try a.frintp(vd, vn, t0)
            case "frintz": try a.frintz(vd, vn, t0)
            case "frinta": try a.frinta(vd, vn, t0)
            case "frintx": try a.frintx(vd, vn, t0)
            case "frinti": try a.frinti(vd, vn, t0)
            case "fcvtzs": try a.fcvtzs(vd, vn, t0)
            case "fcvtzu": try a.fcvtzu(vd, vn, t0)
            case "scvtf": try a.scvtf(vd, vn, t0)
            case "ucvtf": try a.ucvtf(vd, vn, t0)
            // widening: source arrangement
            case "sxtl": try a.sxtl(vd, vn, t1)
            case "sxtl2": try a.sxtl2(vd, vn, t1)
            case "uxtl": try a.uxtl(vd, vn, t1)
            case "uxtl2": try a.uxtl2(vd, vn, t1)
            case "saddlp": try a.saddlp(vd, vn, t1)
            case "uaddlp": try a.uaddlp(vd, vn, t1)
            case "fcvtl": try a.fcvtl(vd, vn, t1)
            case "fcvtl2": try a.fcvtl2(vd, vn, t1)
            // narrowing: destination arrangement
            case "xtn": try a.xtn(vd, vn, t0)
            case "xtn2": try a.xtn2(vd, vn, t0)
            case "sqxtn": try a.sqxtn(vd, vn, t0)
            case "sqxtn2": try a.sqxtn2(vd, vn, t0)
            case "uqxtn": try a.uqxtn(vd, vn, t0)
            case "uqxtn2": try a.uqxtn2(vd, vn, t0)
            case "sqxtun": try a.sqxtun(vd, vn, t0)
            case "sqxtun2": try a.sqxtun2(vd, vn, t0)
            case "fcvtn": try a.fcvtn(vd, vn, t0)
            case "fcvtn2": try a.fcvtn2(vd, vn, t0)
            default: throw fail()
            }
            return
        }
        if mn == "tbl" || mn == "tbx", case .list(let regs, _, nil) = try op(1) {
            let (vm, _) = try vec(2)
            for (k, r) in regs.enumerated() where r != (regs[0] + k) % 32 { throw fail("non-consecutive table") }
            if mn == "tbl" {
                try a.tbl(vd, V(regs[0]), count: regs.count, vm, t0)
            } else {
                try a.tbx(vd, V(regs[0]), count: regs.count, vm, t0)
            }
            return
        }
        if mn == "dup" {
            if case .lane(let n, _, let l) = try op(1) {
                try a.dup(vd, t0, V(n), lane: l)
                return
            }
            if is64(1) { try a.dup(vd, t0, try zr(1) as X) } else { try a.dup(vd, t0, try zr(1) as W) }
            return
        }
        if mn == "movi" || mn == "mvni" {
            let v = try imm(1)
            if t0 == .d2 {
                guard mn == "movi" else { throw fail() }
                try a.movi(vd, .d2, bytes: UInt64(UInt(bitPattern: v)))
                return
            }
            if o.count == 3, case .shift(let kind, let amt) = o[2] {
                switch (mn, kind) {
                case ("movi", "lsl"): try a.movi(vd, t0, v, lsl: amt)
                case ("movi", "msl"): try a.movi(vd, t0, v, msl: amt)
                case ("mvni", "lsl"): try a.mvni(vd, t0, v, lsl: amt)
                case ("mvni", "msl"): try a.mvni(vd, t0, v, msl: amt)
                default: throw fail()
                }
                return
            }
            if mn == "movi" { try a.movi(vd, t0, v) } else { try a.mvni(vd, t0, v) }
            return
        }
        throw fail()
    }
}

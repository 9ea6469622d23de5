// Maps parsed llvm-mc AT&T instructions onto the X86_64 encoder API (used by the golden test).
import AssemblerCore
import X86_64

struct UnmappedInstruction: Error, CustomStringConvertible {
    var description: String
}

private let aluOps: [String: ALUOp] = [
    "add": .add, "or": .or, "adc": .adc, "sbb": .sbb, "and": .and, "sub": .sub,
    "xor": .xor, "cmp": .cmp
]
private let shiftOps: [String: ShiftOp] = [
    "rol": .rol, "ror": .ror, "rcl": .rcl, "rcr": .rcr, "shl": .shl,
    "shr": .shr, "sar": .sar
]
private let suffixWidth: [Character: Width] = ["b": .byte, "w": .word, "l": .dword, "q": .qword]
private let conditions: [String: Condition] = Dictionary(uniqueKeysWithValues: Condition.allCases.map { ($0.name, $0) })
private let extensions: [String: (zero: Bool, src: Width, dst: Width)] = [
    "movzbw": (true, .byte, .word), "movzbl": (true, .byte, .dword), "movzbq": (true, .byte, .qword),
    "movzwl": (true, .word, .dword), "movzwq": (true, .word, .qword),
    "movsbw": (false, .byte, .word), "movsbl": (false, .byte, .dword), "movsbq": (false, .byte, .qword),
    "movswl": (false, .word, .dword), "movswq": (false, .word, .qword)
]

private func bad(_ mn: String, _ ops: [X86TextOperand]) -> UnmappedInstruction {
    UnmappedInstruction(description: "no encoder for '\(mn)' with operands \(ops)")
}

private func imm8(_ v: Int64) throws -> UInt8 {
    guard let b = UInt8(exactly: v) else { throw UnmappedInstruction(description: "imm8 out of range \(v)") }
    return b
}

/// Split `addq` into (`add`, .qword) when the base is in `bases`.
private func suffixed(_ mn: String, _ bases: some Collection<String>) -> (String, Width)? {
    guard let last = mn.last, let w = suffixWidth[last] else { return nil }
    let base = String(mn.dropLast())
    return bases.contains(base) ? (base, w) : nil
}

/// Encode one instruction (operands in Intel order). Throws `UnmappedInstruction` when no encoder matches the
/// mnemonic/operand shape, or the encoder's `AssemblerError`.
func encodeText(_ mn: String, _ ops: [X86TextOperand], into a: inout X86Assembler) throws {
    // MARK: AVX, table-driven
    if let (rrr, rrm) = avxTernary[mn] {
        switch (ops.count, ops.count == 3 ? ops[0] : nil, ops.count == 3 ? ops[1] : nil, ops.last) {
        case (3, .xmm(let d)?, .xmm(let s1)?, .xmm(let b)?):
            rrr(&a, d, s1, b)
            return
        case (3, .xmm(let d)?, .xmm(let s1)?, .mem(let m)?):
            try rrm(&a, d, s1, m)
            return
        default:
            if avxShiftImm[mn] == nil { throw bad(mn, ops) }
        }
    }
    if let (rrr, rrm) = avxTernaryImm[mn] {
        guard ops.count == 4, case .xmm(let d) = ops[0], case .xmm(let s1) = ops[1], case .imm(let i) = ops[3] else {
            throw bad(mn, ops)
        }
        switch ops[2] {
        case .xmm(let b): rrr(&a, d, s1, b, try imm8(i))
        case .mem(let m): try rrm(&a, d, s1, m, try imm8(i))
        default: throw bad(mn, ops)
        }
        return
    }
    if let f = avxShiftImm[mn] {
        guard ops.count == 3, case .xmm(let d) = ops[0], case .xmm(let s) = ops[1], case .imm(let i) = ops[2] else {
            throw bad(mn, ops)
        }
        f(&a, d, s, try imm8(i))
        return
    }
    if let (rrr, rrm) = avxBlendv[mn] {
        guard ops.count == 4, case .xmm(let d) = ops[0], case .xmm(let s1) = ops[1], case .xmm(let k) = ops[3] else {
            throw bad(mn, ops)
        }
        switch ops[2] {
        case .xmm(let b): rrr(&a, d, s1, b, k)
        case .mem(let m): try rrm(&a, d, s1, m, k)
        default: throw bad(mn, ops)
        }
        return
    }
    if let g = avxGeneric[mn] {
        guard ops.count == 3, case .xmm(let d) = ops[0], case .xmm(let s1) = ops[1] else { throw bad(mn, ops) }
        switch ops[2] {
        case .xmm(let b): a.vex(g.prefix, g.opcode, d, s1, b, w: g.w)
        case .mem(let m): try a.vex(g.prefix, g.opcode, d, s1, m, w: g.w)
        default: throw bad(mn, ops)
        }
        return
    }

    // MARK: SSE, table-driven
    if let (rr, rm) = sseBinary[mn] {
        var o = ops
        if ["pblendvb", "blendvps", "blendvpd"].contains(mn) {
            guard o.count == 3, case .xmm(let m) = o[2], m == .xmm0 else { throw bad(mn, ops) }
            o.removeLast()
        }
        switch (o.count, o.first, o.last) {
        case (2, .xmm(let d)?, .xmm(let s)?):
            rr(&a, d, s)
            return
        case (2, .xmm(let d)?, .mem(let m)?):
            try rm(&a, d, m)
            return
        default: break
        }
        if sseShiftImm[mn] == nil { throw bad(mn, ops) }
    }
    if let (rr, rm) = sseBinaryImm[mn] {
        switch (ops.count, ops.first, ops.count > 1 ? ops[1] : nil, ops.last) {
        case (3, .xmm(let d)?, .xmm(let s)?, .imm(let i)?):
            rr(&a, d, s, try imm8(i))
            return
        case (3, .xmm(let d)?, .mem(let m)?, .imm(let i)?):
            try rm(&a, d, m, try imm8(i))
            return
        default: throw bad(mn, ops)
        }
    }
    if let f = sseShiftImm[mn] {
        guard ops.count == 2, case .xmm(let d) = ops[0], case .imm(let i) = ops[1] else { throw bad(mn, ops) }
        f(&a, d, try imm8(i))
        return
    }
    if let (rr, load, store) = sseMoves[mn] {
        switch (ops.count, ops.first, ops.last) {
        case (2, .xmm(let d)?, .xmm(let s)?):
            rr(&a, d, s)
            return
        case (2, .xmm(let d)?, .mem(let m)?):
            try load(&a, d, m)
            return
        case (2, .mem(let m)?, .xmm(let s)?):
            try store(&a, m, s)
            return
        default: throw bad(mn, ops)
        }
    }

    // MARK: SSE, special forms
    switch (mn, ops.count) {
    case ("movd", 2), ("movq", 2):
        let q = mn == "movq"
        switch (ops[0], ops[1]) {
        case (.xmm(let d), .gpr(let s, _)):
            if q { try a.movq(d, s) } else { try a.movd(d, s) }
            return
        case (.gpr(let d, _), .xmm(let s)):
            if q { try a.movq(d, s) } else { try a.movd(d, s) }
            return
        case (.xmm(let d), .mem(let m)):
            if q { try a.movq(d, m) } else { try a.movd(d, m) }
            return
        case (.mem(let m), .xmm(let s)):
            if q { try a.movq(m, s) } else { try a.movd(m, s) }
            return
        case (.xmm(let d), .xmm(let s)) where q:
            a.movq(d, s)
            return
        default: break // integer movq below
        }
    case ("cvtsi2ssl", 2), ("cvtsi2ssq", 2), ("cvtsi2sdl", 2), ("cvtsi2sdq", 2):
        let w: Width = mn.hasSuffix("q") ? .qword : .dword
        let ss = mn.hasPrefix("cvtsi2ss")
        switch (ops[0], ops[1]) {
        case (.xmm(let d), .gpr(let s, _)):
            if ss { try a.cvtsi2ss(w, d, s) } else { try a.cvtsi2sd(w, d, s) }
            return
        case (.xmm(let d), .mem(let m)):
            if ss { try a.cvtsi2ss(w, d, m) } else { try a.cvtsi2sd(w, d, m) }
            return
        default: throw bad(mn, ops)
        }
    case ("cvttss2si", 2), ("cvttsd2si", 2), ("cvtss2si", 2), ("cvtsd2si", 2):
        guard case .gpr(let d, let w) = ops[0] else { throw bad(mn, ops) }
        switch (mn, ops[1]) {
        case ("cvttss2si", .xmm(let s)): try a.cvttss2si(w, d, s)
        case ("cvttsd2si", .xmm(let s)): try a.cvttsd2si(w, d, s)
        case ("cvtss2si", .xmm(let s)): try a.cvtss2si(w, d, s)
        case ("cvtsd2si", .xmm(let s)): try a.cvtsd2si(w, d, s)
        case ("cvttss2si", .mem(let m)): try a.cvttss2si(w, d, m)
        case ("cvttsd2si", .mem(let m)): try a.cvttsd2si(w, d, m)
        default: throw bad(mn, ops)
        }
        return
    case ("pinsrb", 3), ("pinsrw", 3), ("pinsrd", 3), ("pinsrq", 3):
        guard case .xmm(let d) = ops[0], case .imm(let i) = ops[2] else { throw bad(mn, ops) }
        let lane = try imm8(i)
        switch (mn, ops[1]) {
        case ("pinsrb", .gpr(let s, _)): try a.pinsrb(d, s, lane)
        case ("pinsrw", .gpr(let s, _)): try a.pinsrw(d, s, lane)
        case ("pinsrd", .gpr(let s, _)): try a.pinsrd(d, s, lane)
        case ("pinsrq", .gpr(let s, _)): try a.pinsrq(d, s, lane)
        case ("pinsrb", .mem(let m)): try a.pinsrb(d, m, lane)
        case ("pinsrw", .mem(let m)): try a.pinsrw(d, m, lane)
        case ("pinsrd", .mem(let m)): try a.pinsrd(d, m, lane)
        case ("pinsrq", .mem(let m)): try a.pinsrq(d, m, lane)
        default: throw bad(mn, ops)
        }
        return
    case ("pextrb", 3), ("pextrw", 3), ("pextrd", 3), ("pextrq", 3), ("extractps", 3):
        guard case .xmm(let s) = ops[1], case .imm(let i) = ops[2] else { throw bad(mn, ops) }
        let lane = try imm8(i)
        switch (mn, ops[0]) {
        case ("pextrb", .gpr(let d, _)): try a.pextrb(d, s, lane)
        case ("pextrw", .gpr(let d, _)): try a.pextrw(d, s, lane)
        case ("pextrd", .gpr(let d, _)): try a.pextrd(d, s, lane)
        case ("pextrq", .gpr(let d, _)): try a.pextrq(d, s, lane)
        case ("extractps", .gpr(let d, _)): try a.extractps(d, s, lane)
        case ("pextrb", .mem(let m)): try a.pextrb(m, s, lane)
        case ("pextrw", .mem(let m)): try a.pextrw(m, s, lane)
        case ("pextrd", .mem(let m)): try a.pextrd(m, s, lane)
        case ("pextrq", .mem(let m)): try a.pextrq(m, s, lane)
        case ("extractps", .mem(let m)): try a.extractps(m, s, lane)
        default: throw bad(mn, ops)
        }
        return
    case ("movmskps", 2), ("movmskpd", 2), ("pmovmskb", 2):
        guard case .gpr(let d, _) = ops[0], case .xmm(let s) = ops[1] else { throw bad(mn, ops) }
        switch mn {
        case "movmskps": try a.movmskps(d, s)
        case "movmskpd": try a.movmskpd(d, s)
        default: try a.pmovmskb(d, s)
        }
        return
    case ("movlhps", 2), ("movhlps", 2):
        guard case .xmm(let d) = ops[0], case .xmm(let s) = ops[1] else { throw bad(mn, ops) }
        if mn == "movlhps" { a.movlhps(d, s) } else { a.movhlps(d, s) }
        return
    case ("movlps", 2), ("movhps", 2), ("movlpd", 2), ("movhpd", 2):
        switch (mn, ops[0], ops[1]) {
        case ("movlps", .xmm(let d), .mem(let m)): try a.movlps(d, m)
        case ("movhps", .xmm(let d), .mem(let m)): try a.movhps(d, m)
        case ("movlpd", .xmm(let d), .mem(let m)): try a.movlpd(d, m)
        case ("movhpd", .xmm(let d), .mem(let m)): try a.movhpd(d, m)
        case ("movlps", .mem(let m), .xmm(let s)): try a.movlps(m, s)
        case ("movhps", .mem(let m), .xmm(let s)): try a.movhps(m, s)
        case ("movlpd", .mem(let m), .xmm(let s)): try a.movlpd(m, s)
        case ("movhpd", .mem(let m), .xmm(let s)): try a.movhpd(m, s)
        default: throw bad(mn, ops)
        }
        return
    default:
        break
    }

    // MARK: Integer
    if let (base, w) = suffixed(mn, aluOps.keys) {
        let op = aluOps[base]!
        switch (ops.count, ops.first, ops.last) {
        case (2, .gpr(let d, _)?, .gpr(let s, _)?): try a.alu(op, w, d, s)
        case (2, .gpr(let d, _)?, .mem(let m)?): try a.alu(op, w, d, m)
        case (2, .mem(let m)?, .gpr(let s, _)?): try a.alu(op, w, m, s)
        case (2, .gpr(let d, _)?, .imm(let i)?): try a.alu(op, w, d, i)
        case (2, .mem(let m)?, .imm(let i)?): try a.alu(op, w, m, i)
        default: throw bad(mn, ops)
        }
        // Also exercise the named wrapper for the same form (must produce identical bytes).
        try namedALU(base, w, ops, &a)
        return
    }
    if let (_, w) = suffixed(mn, ["test"]) {
        switch (ops.count, ops.first, ops.last) {
        case (2, .gpr(let d, _)?, .gpr(let s, _)?): try a.test(w, d, s)
        case (2, .mem(let m)?, .gpr(let s, _)?): try a.test(w, m, s)
        case (2, .gpr(let d, _)?, .imm(let i)?): try a.test(w, d, i)
        case (2, .mem(let m)?, .imm(let i)?): try a.test(w, m, i)
        default: throw bad(mn, ops)
        }
        return
    }
    if let (_, w) = suffixed(mn, ["mov"]) {
        switch (ops.count, ops.first, ops.last) {
        case (2, .gpr(let d, _)?, .gpr(let s, _)?): try a.mov(w, d, s)
        case (2, .gpr(let d, _)?, .mem(let m)?): try a.mov(w, d, m)
        case (2, .mem(let m)?, .gpr(let s, _)?): try a.mov(w, m, s)
        case (2, .gpr(let d, _)?, .imm(let i)?): try a.mov(w, d, i)
        case (2, .mem(let m)?, .imm(let i)?): try a.mov(w, m, i)
        default: throw bad(mn, ops)
        }
        return
    }
    if mn == "movabsq", ops.count == 2, case .gpr(let d, .qword) = ops[0], case .imm(let i) = ops[1] {
        try a.movabs(d, i)
        return
    }
    if let (base, w) = suffixed(mn, ["not", "neg", "mul", "imul", "div", "idiv", "inc", "dec"]) {
        if ops.count == 1 {
            switch (base, ops[0]) {
            case ("not", .gpr(let r, _)): try a.not(w, r)
            case ("neg", .gpr(let r, _)): try a.neg(w, r)
            case ("mul", .gpr(let r, _)): try a.mul(w, r)
            case ("imul", .gpr(let r, _)): try a.imul(w, r)
            case ("div", .gpr(let r, _)): try a.div(w, r)
            case ("idiv", .gpr(let r, _)): try a.idiv(w, r)
            case ("inc", .gpr(let r, _)): try a.inc(w, r)
            case ("dec", .gpr(let r, _)): try a.dec(w, r)
            case ("not", .mem(let m)): try a.not(w, m)
            case ("neg", .mem(let m)): try a.neg(w, m)
            case ("mul", .mem(let m)): try a.mul(w, m)
            case ("imul", .mem(let m)): try a.imul(w, m)
            case ("div", .mem(let m)): try a.div(w, m)
            case ("idiv", .mem(let m)): try a.idiv(w, m)
            case ("inc", .mem(let m)): try a.inc(w, m)
            case ("dec", .mem(let m)): try a.dec(w, m)
            default: throw bad(mn, ops)
            }
            return
        }
        guard base == "imul" else { throw bad(mn, ops) }
        switch (ops.count, ops[0], ops[1], ops.last!) {
        case (2, .gpr(let d, _), .gpr(let s, _), _): try a.imul(w, d, s)
        case (2, .gpr(let d, _), .mem(let m), _): try a.imul(w, d, m)
        case (3, .gpr(let d, _), .gpr(let s, _), .imm(let i)): try a.imul(w, d, s, i)
        case (3, .gpr(let d, _), .mem(let m), .imm(let i)): try a.imul(w, d, m, i)
        default: throw bad(mn, ops)
        }
        return
    }
    if let (base, w) = suffixed(mn, shiftOps.keys) {
        let op = shiftOps[base]!
        switch (ops.count, ops.first, ops.last) {
        case (2, .gpr(let d, _)?, .imm(let i)?):
            try a.shift(op, w, d, try imm8(i))
            try namedShift(base, w, d, .imm(i), &a)
        case (2, .gpr(let d, _)?, .gpr(let c, .byte)?):
            try a.shift(op, w, d, c)
            try namedShift(base, w, d, .gpr(c, .byte), &a)
        case (2, .mem(let m)?, .imm(let i)?): try a.shift(op, w, m, try imm8(i))
        case (2, .mem(let m)?, .gpr(let c, .byte)?): try a.shift(op, w, m, c)
        default: throw bad(mn, ops)
        }
        return
    }
    if let (base, w) = suffixed(mn, ["lzcnt", "tzcnt", "popcnt", "bsr", "bsf"]) {
        guard ops.count == 2, case .gpr(let d, _) = ops[0] else { throw bad(mn, ops) }
        switch (base, ops[1]) {
        case ("lzcnt", .gpr(let s, _)): try a.lzcnt(w, d, s)
        case ("tzcnt", .gpr(let s, _)): try a.tzcnt(w, d, s)
        case ("popcnt", .gpr(let s, _)): try a.popcnt(w, d, s)
        case ("bsr", .gpr(let s, _)): try a.bsr(w, d, s)
        case ("bsf", .gpr(let s, _)): try a.bsf(w, d, s)
        case ("lzcnt", .mem(let m)): try a.lzcnt(w, d, m)
        case ("tzcnt", .mem(let m)): try a.tzcnt(w, d, m)
        case ("popcnt", .mem(let m)): try a.popcnt(w, d, m)
        case ("bsr", .mem(let m)): try a.bsr(w, d, m)
        case ("bsf", .mem(let m)): try a.bsf(w, d, m)
        default: throw bad(mn, ops)
        }
        return
    }
    if let (_, w) = suffixed(mn, ["bswap"]), ops.count == 1, case .gpr(let r, _) = ops[0] {
        try a.bswap(w, r)
        return
    }
    if mn.hasPrefix("set"), let cc = conditions[String(mn.dropFirst(3))], ops.count == 1 {
        switch ops[0] {
        case .gpr(let r, .byte): try a.setcc(cc, r)
        case .mem(let m): try a.setcc(cc, m)
        default: throw bad(mn, ops)
        }
        return
    }
    if mn.hasPrefix("cmov"), let last = mn.last, let w = suffixWidth[last],
        let cc = conditions[String(mn.dropFirst(4).dropLast())], ops.count == 2, case .gpr(let d, _) = ops[0]
    {
        switch ops[1] {
        case .gpr(let s, _): try a.cmov(cc, w, d, s)
        case .mem(let m): try a.cmov(cc, w, d, m)
        default: throw bad(mn, ops)
        }
        return
    }
    if let e = extensions[mn], ops.count == 2, case .gpr(let d, _) = ops[0] {
        switch (e.zero, ops[1]) {
        case (true, .gpr(let s, _)): try a.movzx(e.dst, d, e.src, s)
        case (true, .mem(let m)): try a.movzx(e.dst, d, e.src, m)
        case (false, .gpr(let s, _)): try a.movsx(e.dst, d, e.src, s)
        case (false, .mem(let m)): try a.movsx(e.dst, d, e.src, m)
        default: throw bad(mn, ops)
        }
        return
    }
    if mn == "movslq", ops.count == 2, case .gpr(let d, _) = ops[0] {
        switch ops[1] {
        case .gpr(let s, _): try a.movsxd(d, s)
        case .mem(let m): try a.movsxd(d, m)
        default: throw bad(mn, ops)
        }
        return
    }
    if let (_, w) = suffixed(mn, ["lea"]), ops.count == 2, case .gpr(let d, _) = ops[0], case .mem(let m) = ops[1] {
        try a.lea(w, d, m)
        return
    }
    if ["pushq", "popq", "jmpq", "callq"].contains(mn), ops.count == 1 {
        switch (mn, ops[0]) {
        case ("pushq", .gpr(let r, _)): try a.push(r)
        case ("popq", .gpr(let r, _)): try a.pop(r)
        case ("jmpq", .gpr(let r, _)): try a.jmp(r)
        case ("callq", .gpr(let r, _)): try a.call(r)
        case ("pushq", .mem(let m)): try a.push(m)
        case ("popq", .mem(let m)): try a.pop(m)
        case ("jmpq", .mem(let m)): try a.jmp(m)
        case ("callq", .mem(let m)): try a.call(m)
        case ("pushq", .imm(let i)):
            guard let v = Int32(exactly: i) else { throw bad(mn, ops) }
            a.push(v)
        default: throw bad(mn, ops)
        }
        return
    }
    if mn == "nopl" || mn == "nopw", ops.count == 1, case .mem(let m) = ops[0] {
        try a.nop(mn == "nopl" ? .dword : .word, m)
        return
    }
    if ops.isEmpty {
        switch mn {
        case "ret": a.ret()
        case "ud2": a.ud2()
        case "int3": a.int3()
        case "mfence": a.mfence()
        case "lfence": a.lfence()
        case "sfence": a.sfence()
        case "pause": a.pause()
        case "hlt": a.hlt()
        case "nop": a.nop()
        case "cwtd": a.cwd()
        case "cltd": a.cdq()
        case "cqto": a.cqo()
        case "cbtw": a.cbw()
        case "cwtl": a.cwde()
        case "cltq": a.cdqe()
        default: throw bad(mn, ops)
        }
        return
    }
    throw bad(mn, ops)
}

/// Re-encode an ALU instruction through its named wrapper (`add`, `or`, ...) so the wrappers are covered too.
/// Emits a second copy; the caller compares both copies with the golden bytes.
private func namedALU(_ base: String, _ w: Width, _ ops: [X86TextOperand], _ a: inout X86Assembler) throws {
    switch (ops[0], ops[1]) {
    case (.gpr(let d, _), .gpr(let s, _)):
        switch base {
        case "add": try a.add(w, d, s)
        case "or": try a.or(w, d, s)
        case "adc": try a.adc(w, d, s)
        case "sbb": try a.sbb(w, d, s)
        case "and": try a.and(w, d, s)
        case "sub": try a.sub(w, d, s)
        case "xor": try a.xor(w, d, s)
        default: try a.cmp(w, d, s)
        }
    case (.gpr(let d, _), .mem(let m)):
        switch base {
        case "add": try a.add(w, d, m)
        case "or": try a.or(w, d, m)
        case "adc": try a.adc(w, d, m)
        case "sbb": try a.sbb(w, d, m)
        case "and": try a.and(w, d, m)
        case "sub": try a.sub(w, d, m)
        case "xor": try a.xor(w, d, m)
        default: try a.cmp(w, d, m)
        }
    case (.mem(let m), .gpr(let s, _)):
        switch base {
        case "add": try a.add(w, m, s)
        case "or": try a.or(w, m, s)
        case "adc": try a.adc(w, m, s)
        case "sbb": try a.sbb(w, m, s)
        case "and": try a.and(w, m, s)
        case "sub": try a.sub(w, m, s)
        case "xor": try a.xor(w, m, s)
        default: try a.cmp(w, m, s)
        }
    case (.gpr(let d, _), .imm(let i)):
        switch base {
        case "add": try a.add(w, d, i)
        case "or": try a.or(w, d, i)
        case "adc": try a.adc(w, d, i)
        case "sbb": try a.sbb(w, d, i)
        case "and": try a.and(w, d, i)
        case "sub": try a.sub(w, d, i)
        case "xor": try a.xor(w, d, i)
        default: try a.cmp(w, d, i)
        }
    case (.mem(let m), .imm(let i)):
        switch base {
        case "add": try a.add(w, m, i)
        case "or": try a.or(w, m, i)
        case "adc": try a.adc(w, m, i)
        case "sbb": try a.sbb(w, m, i)
        case "and": try a.and(w, m, i)
        case "sub": try a.sub(w, m, i)
        case "xor": try a.xor(w, m, i)
        default: try a.cmp(w, m, i)
        }
    default:
        throw bad(base, ops)
    }
}

/// Re-encode a register shift through its named wrapper (shl/shr/sar/rol/ror); rcl/rcr have none.
private func namedShift(_ base: String, _ w: Width, _ d: GPR, _ count: X86TextOperand, _ a: inout X86Assembler) throws {
    switch count {
    case .imm(let i):
        let c = try imm8(i)
        switch base {
        case "shl": try a.shl(w, d, c)
        case "shr": try a.shr(w, d, c)
        case "sar": try a.sar(w, d, c)
        case "rol": try a.rol(w, d, c)
        case "ror": try a.ror(w, d, c)
        default: try a.shift(base == "rcl" ? .rcl : .rcr, w, d, c)
        }
    case .gpr(let c, _):
        switch base {
        case "shl": try a.shl(w, d, c)
        case "shr": try a.shr(w, d, c)
        case "sar": try a.sar(w, d, c)
        case "rol": try a.rol(w, d, c)
        case "ror": try a.ror(w, d, c)
        default: try a.shift(base == "rcl" ? .rcl : .rcr, w, d, c)
        }
    default:
        throw bad(base, [count])
    }
}

/// Whether `encodeText` emits the instruction twice (once generically, once via the named wrapper).
func encodesTwice(_ mn: String, _ ops: [X86TextOperand]) -> Bool {
    if suffixed(mn, aluOps.keys) != nil { return true }
    if suffixed(mn, shiftOps.keys) != nil, ops.count == 2, case .gpr = ops[0] { return true }
    return false
}

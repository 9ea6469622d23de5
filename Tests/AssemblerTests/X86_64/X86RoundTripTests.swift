import AssemblerCore
// Round-trip test: a seeded random stream of instructions (including label branches, calls and RIP-relative
// label references) is emitted with the X86_64 assembler, disassembled with llvm-objdump, and each decoded
// instruction (offset + AT&T text) is compared with the expected text. Fails with a clear message when the
// LLVM tools are missing.
import Foundation
import Testing
import X86_64

@discardableResult
func runTool(_ path: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let edata = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw X86ParseError(description: "\(path) failed: \(String(decoding: edata, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}

/// Disassemble raw x86-64 bytes with llvm-mc (to wrap them in an ELF object) and llvm-objdump.
/// Returns (offset, normalized AT&T text) per instruction.
func disassembleX86(_ bytes: [UInt8]) throws -> [(Int, String)] {
    guard let mc = findTool("llvm-mc"), let objdump = findTool("llvm-objdump") else {
        throw X86ParseError(
            description:
                "llvm-mc / llvm-objdump not found on PATH: install LLVM (e.g. apt-get install llvm) to run the x86-64 round-trip test"
        )
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "swasm-x86-rt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var src = ".text\n"
    for chunk in stride(from: 0, to: bytes.count, by: 32) {
        src += ".byte " + bytes[chunk..<min(chunk + 32, bytes.count)].map { String($0) }.joined(separator: ",") + "\n"
    }
    let s = dir.appendingPathComponent("code.s")
    let o = dir.appendingPathComponent("code.o")
    try src.write(to: s, atomically: true, encoding: .utf8)
    try runTool(mc, ["-triple=x86_64", "-filetype=obj", s.path, "-o", o.path])
    let text = try runTool(objdump, ["-d", "--no-show-raw-insn", o.path])
    var result: [(Int, String)] = []
    var inCode = false
    for line in text.split(separator: "\n") {
        if line.hasPrefix("Disassembly of section") {
            inCode = true
            continue
        }
        guard inCode, let colon = line.firstIndex(of: ":") else { continue }
        let addr = line[..<colon].trimmingCharacters(in: .whitespaces)
        guard let off = Int(addr, radix: 16) else { continue }
        var body = String(line[line.index(after: colon)...])
        if let hash = body.firstIndex(of: "#") { body = String(body[..<hash]) }
        if let lt = body.firstIndex(of: "<") { body = String(body[..<lt]) }
        body = body.replacingOccurrences(of: "\t", with: " ")
        let norm = body.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        result.append((off, norm))
    }
    return result
}

private enum Expected {
    case text(String)
    /// `mnemonic 0x<target>` for a direct branch/call.
    case branch(String, Label)
    /// `leaq D(%rip), %reg` where D = label - end of instruction.
    case ripLea(GPR, Label)
}

private struct RandomStream {
    var rng: SplitMix64
    let suffix: [Width: String] = [.byte: "b", .word: "w", .dword: "l", .qword: "q"]

    mutating func gpr() -> GPR { GPR.all[rng.below(16)] }
    mutating func xmm() -> XMM { XMM.all[rng.below(16)] }
    mutating func width() -> Width { Width.allCases[rng.below(4)] }
    func r(_ g: GPR, _ w: Width) -> String { "%" + g.name(w) }

    /// A random memory operand and its llvm-objdump spelling.
    mutating func mem() -> (Mem, String) {
        let disps: [Int32] = [0, 1, -1, 127, -128, 128, -129, 0x7FFF_FFFF, Int32.min, 4096, -4096]
        let d = rng.below(3) == 0 ? Int32(truncatingIfNeeded: rng.range(-100_000, 100_000)) : rng.pick(disps)
        let kind = rng.below(10)
        if kind == 0 { return (.rip(d), d == 0 ? "(%rip)" : "\(d)(%rip)") }
        if kind == 1 { return (.absolute(d), "\(d)") }
        var index = gpr()
        while index == .rsp { index = gpr() }
        let scale = Scale.allCases[rng.below(4)]
        let idx = ",%" + index.name(.qword) + (scale == .x1 ? "" : ",\(scale.factor)")
        let dt = d == 0 ? "" : "\(d)"
        if kind == 2 { return (Mem(index: index, scale: scale, disp: d), "\(dt)(\(idx))") }
        let base = gpr()
        if kind < 6 { return (Mem(base, d), "\(dt)(%\(base.name(.qword)))") }
        return (Mem(base, index, scale, d), "\(dt)(%\(base.name(.qword))\(idx))")
    }

    /// An immediate whose llvm-objdump spelling equals its decimal value for an instruction of width `w`
    /// (imm8 fields print signed; imm16/imm32 print unsigned except sign-extended 64-bit ones).
    mutating func imm(_ w: Width) -> Int64 {
        if w == .byte || rng.below(2) == 0 { return rng.range(-128, 127) }
        switch w {
        case .word: return rng.range(128, 32767)
        case .dword: return rng.range(128, Int64(Int32.max))
        default: return rng.below(2) == 0 ? rng.range(Int64(Int32.min), -129) : rng.range(128, Int64(Int32.max))
        }
    }

    mutating func emit(_ a: inout X86Assembler, labels: [Label]) throws -> Expected {
        let aluNames = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
        switch rng.below(24) {
        case 0:
            let op = ALUOp.allCases[rng.below(8)]
            let w = width()
            let d = gpr()
            let s = gpr()
            try a.alu(op, w, d, s)
            return .text("\(aluNames[Int(op.rawValue)])\(suffix[w]!) \(r(s, w)), \(r(d, w))")
        case 1:
            let op = ALUOp.allCases[rng.below(8)]
            let w = width()
            let d = gpr()
            let i = imm(w)
            try a.alu(op, w, d, i)
            return .text("\(aluNames[Int(op.rawValue)])\(suffix[w]!) $\(i), \(r(d, w))")
        case 2:
            let op = ALUOp.allCases[rng.below(8)]
            let w = width()
            let d = gpr()
            let (m, mt) = mem()
            if rng.below(2) == 0 {
                try a.alu(op, w, d, m)
                return .text("\(aluNames[Int(op.rawValue)])\(suffix[w]!) \(mt), \(r(d, w))")
            }
            try a.alu(op, w, m, d)
            return .text("\(aluNames[Int(op.rawValue)])\(suffix[w]!) \(r(d, w)), \(mt)")
        case 3:
            let op = ALUOp.allCases[rng.below(8)]
            let w = width()
            let (m, mt) = mem()
            let i = imm(w)
            try a.alu(op, w, m, i)
            return .text("\(aluNames[Int(op.rawValue)])\(suffix[w]!) $\(i), \(mt)")
        case 4:
            let w = width()
            let d = gpr()
            let s = gpr()
            let (m, mt) = mem()
            switch rng.below(3) {
            case 0:
                try a.mov(w, d, s)
                return .text("mov\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            case 1:
                try a.mov(w, d, m)
                return .text("mov\(suffix[w]!) \(mt), \(r(d, w))")
            default:
                try a.mov(w, m, s)
                return .text("mov\(suffix[w]!) \(r(s, w)), \(mt)")
            }
        case 5:
            let w = width()
            let d = gpr()
            if w == .qword && rng.below(3) == 0 {
                let v = Int64(bitPattern: rng.next() | 0x1_0000_0000)
                try a.movabs(d, v)
                return .text("movabsq $\(v), \(r(d, .qword))")
            }
            let v: Int64 =
                w == .byte
                ? rng.range(-128, 127)
                : w == .qword
                    ? rng.range(Int64(Int32.min), Int64(Int32.max))
                    : rng.range(0, w == .word ? 65535 : Int64(UInt32.max))
            try a.mov(w, d, v)
            return .text("mov\(suffix[w]!) $\(v), \(r(d, w))")
        case 6:
            let names = ["not", "neg", "mul", "imul", "div", "idiv", "inc", "dec"]
            let k = rng.below(8)
            let w = width()
            let d = gpr()
            switch k {
            case 0: try a.not(w, d)
            case 1: try a.neg(w, d)
            case 2: try a.mul(w, d)
            case 3: try a.imul(w, d)
            case 4: try a.div(w, d)
            case 5: try a.idiv(w, d)
            case 6: try a.inc(w, d)
            default: try a.dec(w, d)
            }
            return .text("\(names[k])\(suffix[w]!) \(r(d, w))")
        case 7:
            let names = ["rol", "ror", "rcl", "rcr", "shl", "shr", "", "sar"]
            let op = ShiftOp.allCases[rng.below(7)]
            let w = width()
            let d = gpr()
            if rng.below(3) == 0 {
                try a.shift(op, w, d, .rcx)
                return .text("\(names[Int(op.rawValue)])\(suffix[w]!) %cl, \(r(d, w))")
            }
            let c = UInt8(rng.range(2, 63))
            try a.shift(op, w, d, c)
            return .text("\(names[Int(op.rawValue)])\(suffix[w]!) $\(c), \(r(d, w))")
        case 8:
            let w = [Width.word, .dword, .qword][rng.below(3)]
            let d = gpr()
            let s = gpr()
            if rng.below(2) == 0 {
                try a.imul(w, d, s)
                return .text("imul\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            }
            let i = imm(w)
            try a.imul(w, d, s, i)
            return .text("imul\(suffix[w]!) $\(i), \(r(s, w)), \(r(d, w))")
        case 9:
            let forms: [(String, Bool, Width, Width)] = [
                ("movzbw", true, .byte, .word), ("movzbl", true, .byte, .dword),
                ("movzbq", true, .byte, .qword), ("movzwl", true, .word, .dword), ("movzwq", true, .word, .qword),
                ("movsbw", false, .byte, .word), ("movsbl", false, .byte, .dword), ("movsbq", false, .byte, .qword),
                ("movswl", false, .word, .dword), ("movswq", false, .word, .qword)
            ]
            let d = gpr()
            let s = gpr()
            if rng.below(6) == 0 {
                try a.movsxd(d, s)
                return .text("movslq \(r(s, .dword)), \(r(d, .qword))")
            }
            let (mn, z, sw, dw) = rng.pick(forms)
            if rng.below(2) == 0 {
                let (m, mt) = mem()
                if z { try a.movzx(dw, d, sw, m) } else { try a.movsx(dw, d, sw, m) }
                return .text("\(mn) \(mt), \(r(d, dw))")
            }
            if z { try a.movzx(dw, d, sw, s) } else { try a.movsx(dw, d, sw, s) }
            return .text("\(mn) \(r(s, sw)), \(r(d, dw))")
        case 10:
            let w = [Width.word, .dword, .qword][rng.below(3)]
            let d = gpr()
            let (m, mt) = mem()
            try a.lea(w, d, m)
            return .text("lea\(suffix[w]!) \(mt), \(r(d, w))")
        case 11:
            let d = gpr()
            if rng.below(2) == 0 {
                try a.push(d)
                return .text("pushq \(r(d, .qword))")
            }
            try a.pop(d)
            return .text("popq \(r(d, .qword))")
        case 12:
            let cc = Condition.allCases[rng.below(16)]
            let d = gpr()
            let s = gpr()
            if rng.below(2) == 0 {
                try a.setcc(cc, d)
                return .text("set\(cc.name) \(r(d, .byte))")
            }
            let w = [Width.word, .dword, .qword][rng.below(3)]
            try a.cmov(cc, w, d, s)
            return .text("cmov\(cc.name)\(suffix[w]!) \(r(s, w)), \(r(d, w))")
        case 13:
            let w = [Width.word, .dword, .qword][rng.below(3)]
            let d = gpr()
            let s = gpr()
            switch rng.below(6) {
            case 0:
                try a.lzcnt(w, d, s)
                return .text("lzcnt\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            case 1:
                try a.tzcnt(w, d, s)
                return .text("tzcnt\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            case 2:
                try a.popcnt(w, d, s)
                return .text("popcnt\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            case 3:
                try a.bsr(w, d, s)
                return .text("bsr\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            case 4:
                try a.bsf(w, d, s)
                return .text("bsf\(suffix[w]!) \(r(s, w)), \(r(d, w))")
            default:
                let bw: Width = rng.below(2) == 0 ? .dword : .qword
                try a.bswap(bw, d)
                return .text("bswap\(suffix[bw]!) \(r(d, bw))")
            }
        case 14, 15:
            let names = sseBinary.keys.sorted()
            let n = rng.pick(names)
            let d = xmm()
            let (rr, rm) = sseBinary[n]!
            let pre = ["pblendvb", "blendvps", "blendvpd"].contains(n) ? "%xmm0, " : ""
            if rng.below(4) == 0 {
                let (m, mt) = mem()
                try rm(&a, d, m)
                return .text("\(n) \(pre)\(mt), %\(d)")
            }
            let s = xmm()
            rr(&a, d, s)
            return .text("\(n) \(pre)%\(s), %\(d)")
        case 16:
            let names = sseBinaryImm.keys.filter { !$0.hasPrefix("cmp") }.sorted()
            let n = rng.pick(names)
            let d = xmm()
            let s = xmm()
            let (rr, _) = sseBinaryImm[n]!
            let i = n.hasPrefix("round") ? UInt8(rng.range(0, 15)) : UInt8(rng.range(0, 255))
            rr(&a, d, s, i)
            return .text("\(n) $\(i), %\(s), %\(d)")
        case 17:
            let names = sseShiftImm.keys.sorted()
            let n = rng.pick(names)
            let d = xmm()
            let i = UInt8(rng.range(0, 255))
            sseShiftImm[n]!(&a, d, i)
            return .text("\(n) $\(i), %\(d)")
        case 18:
            let x = xmm()
            let g = gpr()
            let lane = UInt8(rng.range(0, 3))
            switch rng.below(10) {
            case 0:
                try a.movd(x, g)
                return .text("movd \(r(g, .dword)), %\(x)")
            case 1:
                try a.movq(g, x)
                return .text("movq %\(x), \(r(g, .qword))")
            case 2:
                try a.pinsrb(x, g, lane)
                return .text("pinsrb $\(lane), \(r(g, .dword)), %\(x)")
            case 3:
                try a.pextrw(g, x, lane)
                return .text("pextrw $\(lane), %\(x), \(r(g, .dword))")
            case 4:
                try a.pinsrq(x, g, lane & 1)
                return .text("pinsrq $\(lane & 1), \(r(g, .qword)), %\(x)")
            case 5:
                try a.pextrd(g, x, lane)
                return .text("pextrd $\(lane), %\(x), \(r(g, .dword))")
            case 6:
                try a.cvtsi2sd(.qword, x, g)
                return .text("cvtsi2sd \(r(g, .qword)), %\(x)")
            case 7:
                try a.cvttss2si(.dword, g, x)
                return .text("cvttss2si %\(x), \(r(g, .dword))")
            case 8:
                try a.pmovmskb(g, x)
                return .text("pmovmskb %\(x), \(r(g, .dword))")
            default:
                let (m, mt) = mem()
                if rng.below(2) == 0 {
                    try a.movd(m, x)
                    return .text("movd %\(x), \(mt)")
                }
                try a.movq(x, m)
                return .text("movq \(mt), %\(x)")
            }
        case 19, 20:
            let l = rng.pick(labels)
            if rng.below(3) == 0 {
                try a.jmp(l)
                return .branch("jmp", l)
            }
            let cc = Condition.allCases[rng.below(16)]
            try a.j(cc, l)
            return .branch("j\(cc.name)", l)
        case 21:
            let l = rng.pick(labels)
            a.call(l)
            return .branch("callq", l)
        case 22:
            let l = rng.pick(labels)
            let d = gpr()
            try a.lea(.qword, d, .rip(l))
            return .ripLea(d, l)
        default:
            let n = rng.pick(sseMoves.keys.sorted())
            let x = xmm()
            let (rr, load, store) = sseMoves[n]!
            switch rng.below(3) {
            case 0:
                let s = xmm()
                rr(&a, x, s)
                return .text("\(n) %\(s), %\(x)")
            case 1:
                let (m, mt) = mem()
                try load(&a, x, m)
                return .text("\(n) \(mt), %\(x)")
            default:
                let (m, mt) = mem()
                try store(&a, m, x)
                return .text("\(n) %\(x), \(mt)")
            }
        }
    }
}

struct X86RoundTripTests {
    @Test func randomStreamDisassemblesAsExpected() throws {
        var a = X86Assembler()
        var stream = RandomStream(rng: SplitMix64(state: 0x5157_4153_4D58_3836))
        let count = 4000
        var labels: [Label] = []
        var bindAt: [Int: [Label]] = [:]
        for _ in 0..<120 {
            let l = a.newLabel()
            labels.append(l)
            bindAt[stream.rng.below(count + 1), default: []].append(l)
        }
        var expected: [(start: Int, end: Int, what: Expected)] = []
        for i in 0...count {
            for l in bindAt[i] ?? [] { try a.bind(l) }
            if i == count { break }
            let start = a.offset
            let what = try stream.emit(&a, labels: labels)
            expected.append((start, a.offset, what))
        }
        #expect(a.unresolvedCount == 0)
        try a.checkResolved()

        let bytes = a.bytes
        let decoded: [(Int, String)]
        do {
            decoded = try disassembleX86(bytes)
        } catch {
            Issue.record(Comment(rawValue: "x86-64 round trip could not run: \(error)"))
            return
        }
        var failures: [String] = []
        if decoded.count != expected.count {
            failures.append("decoded \(decoded.count) instructions, emitted \(expected.count)")
        }
        for (k, e) in expected.enumerated() where k < decoded.count {
            let text: String
            switch e.what {
            case .text(let t): text = t
            case .branch(let mn, let l): text = "\(mn) 0x" + String(a.offset(of: l)!, radix: 16)
            case .ripLea(let g, let l):
                let d = a.offset(of: l)! - e.end
                text = "leaq \(d == 0 ? "" : String(d))(%rip), %\(g.name(.qword))"
            }
            let (off, got) = decoded[k]
            if off != e.start || got != text {
                let hex = bytes[e.start..<e.end].map { String(format: "%02x", $0) }.joined()
                failures.append("#\(k) at \(e.start) [\(hex)]: expected '\(text)', objdump says '\(got)' at \(off)")
                if failures.count > 30 { break }
            }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }
}

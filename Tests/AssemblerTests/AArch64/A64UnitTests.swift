import AArch64
import AssemblerCore
import Foundation
import Testing

/// Little-endian words of an assembler's output.
func words(_ a: borrowing A64Assembler) -> [UInt32] {
    let b = a.bytes
    return stride(from: 0, to: b.count, by: 4).map { i in
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}

/// Runs `body` and returns the error kind it throws (nil if it did not throw), checking nothing was emitted.
func thrownKind(_ body: (inout A64Assembler) throws -> Void) -> AssemblerError.Kind? {
    var a = A64Assembler()
    a.nop()
    do {
        try body(&a)
    } catch let error as AssemblerError {
        #expect(a.offset == 4, "a throwing encoder must emit nothing")
        return error.kind
    } catch {
        Issue.record("unexpected error type \(error)")
    }
    return nil
}

@Suite struct AArch64BitmaskTests {
    /// Decoding all N:immr:imms yields exactly 5334 (64-bit) / 1302 (32-bit) values; the encoder accepts every one
    /// of them with a field that decodes back to the value, and rejects every single-bit neighbour not in the set.
    @Test(arguments: [64, 32])
    func exhaustive(width: Int) {
        var valid = Set<UInt64>()
        for n in 0...1 {
            for immr in 0..<64 {
                for imms in 0..<64 {
                    if let v = BitmaskImmediate.decode(n: n, immr: immr, imms: imms, width: width) { valid.insert(v) }
                }
            }
        }
        #expect(valid.count == (width == 64 ? 5334 : 1302))
        var bad = 0
        for v in valid {
            guard let f = BitmaskImmediate.encode(v, width: width) else {
                bad += 1
                continue
            }
            let back = BitmaskImmediate.decode(
                n: Int(f >> 12), immr: Int((f >> 6) & 63), imms: Int(f & 63), width: width)
            if back != v { bad += 1 }
            for bit in 0..<width {
                let w = v ^ (1 << UInt64(bit))
                if (BitmaskImmediate.encode(w, width: width) != nil) != valid.contains(w) { bad += 1 }
            }
        }
        #expect(bad == 0)
        // Random values: accepted iff valid.
        var rng = SplitMix64(seed: UInt64(width))
        for _ in 0..<200_000 {
            var v = rng.next()
            if width == 32 { v &= 0xFFFF_FFFF }
            #expect((BitmaskImmediate.encode(v, width: width) != nil) == valid.contains(v))
        }
        #expect(BitmaskImmediate.encode(0, width: width) == nil)
        #expect(BitmaskImmediate.encode(width == 64 ? ~0 : 0xFFFF_FFFF, width: width) == nil)
        if width == 32 { #expect(BitmaskImmediate.encode(0x1_0000_0001, width: 32) == nil) }
    }

    @Test func fpImmediates() {
        var n = 0
        for imm8 in UInt32(0)..<256 {
            let d = FPImmediate.decode(imm8)
            #expect(FPImmediate.encode(d) == imm8)
            n += 1
        }
        #expect(n == 256)
        for bad in [0.0, 0.1, 32.0, 0.0625, .infinity, .nan, 1.03125] { #expect(FPImmediate.encode(bad) == nil) }
    }
}

@Suite struct AArch64MaterializerTests {
    /// Simulates movz/movn/movk/orr-immediate sequences.
    static func simulate(_ ws: [UInt32], width: Int) -> UInt64? {
        var r: UInt64 = 0
        let mask: UInt64 = width == 64 ? ~0 : 0xFFFF_FFFF
        for w in ws {
            if w & 0x1F80_0000 == 0x1280_0000 { // move wide
                let opc = (w >> 29) & 3
                let hw = UInt64((w >> 21) & 3)
                let imm = UInt64((w >> 5) & 0xFFFF)
                switch opc {
                case 0: r = ~(imm << (16 * hw)) & mask
                case 2: r = imm << (16 * hw)
                case 3: r = (r & ~(0xFFFF << (16 * hw))) | imm << (16 * hw)
                default: return nil
                }
            } else if w & 0x7F80_03E0 == 0x3200_03E0 { // orr rd, zr, #imm
                let f = (w >> 10) & 0x1FFF
                guard
                    let v = BitmaskImmediate.decode(
                        n: Int(f >> 12), immr: Int((f >> 6) & 63), imms: Int(f & 63), width: width)
                else { return nil }
                r = v
            } else {
                return nil
            }
        }
        return r
    }

    @Test func materialize64() {
        var rng = SplitMix64(seed: 42)
        let halves: [UInt64] = [0, 0xFFFF, 0x1234, 0x8000]
        var samples: [UInt64] = [0, ~0, 1, 0x8000_0000_0000_0000, 0x5555_5555_5555_5555]
        for _ in 0..<20_000 {
            var v: UInt64 = 0
            for i in 0..<4 {
                let h = rng.next() % 3 == 0 ? rng.next() & 0xFFFF : halves[Int(rng.next() % 4)]
                v |= h << UInt64(16 * i)
            }
            samples.append(v)
            samples.append(rng.next())
        }
        for v in samples {
            var a = A64Assembler()
            a.mov(.x7, v)
            let ws = words(a)
            #expect(ws.allSatisfy { $0 & 31 == 7 })
            #expect(Self.simulate(ws, width: 64) == v, "mov x7, #0x\(String(v, radix: 16))")
            // Shortest-sequence bounds.
            var nz = 0
            var no = 0
            for i in 0..<4 {
                let h = (v >> UInt64(16 * i)) & 0xFFFF
                if h != 0 { nz += 1 }
                if h != 0xFFFF { no += 1 }
            }
            #expect(ws.count <= max(1, min(nz, no)))
            if BitmaskImmediate.encode(v, width: 64) != nil { #expect(ws.count == 1) }
        }
    }

    @Test func materialize32() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let v = UInt32(truncatingIfNeeded: rng.next() >> UInt64(rng.next() % 3 * 16))
            var a = A64Assembler()
            a.mov(.w3, v)
            let ws = words(a)
            #expect(Self.simulate(ws, width: 32) == UInt64(v))
            #expect(ws.count <= 2)
        }
    }
}

@Suite struct AArch64LabelTests {
    @Test func forwardAndBackward() throws {
        var a = A64Assembler()
        let fwd = a.newLabel()
        let back = a.newLabel()
        try a.bind(back) // 0
        a.nop() // 0
        try a.b(.ne, fwd) // 4
        try a.cbz(X.x3, fwd) // 8
        try a.tbnz(W.w2, 5, fwd) // 12
        try a.adr(.x1, fwd) // 16
        try a.ldr(X.x9, fwd) // 20
        try a.b(fwd) // 24
        try a.bl(back) // 28
        #expect(a.labels.unresolvedCount == 6)
        try a.bind(fwd) // 32
        #expect(a.labels.unresolvedCount == 0)
        let w = words(a)
        #expect(w[1] == 0x5400_0000 | (28 / 4) << 5 | 1)
        #expect(w[2] == 0xB400_0000 | (24 / 4) << 5 | 3)
        #expect(w[3] == 0x3728_0000 | (20 / 4) << 5 | 2)
        #expect(w[4] == 0x1000_0000 | (16 & 3) << 29 | (16 >> 2) << 5 | 1)
        #expect(w[5] == 0x5800_0000 | (12 / 4) << 5 | 9)
        #expect(w[6] == 0x1400_0000 | 2)
        #expect(w[7] == 0x9400_0000 | (UInt32(bitPattern: -7) & 0x3FF_FFFF))
        // Literal loads of other widths to a backward label (offsets -32 and -36 from 32 / 36).
        try a.ldr(D(2), back) // 32
        try a.ldrsw(X.x4, back) // 36
        try a.ldr(Q(encoding: 5), fwd) // 40 → 32: -8
        let v = words(a)
        #expect(v[8] == 0x5C00_0000 | ((UInt32(bitPattern: -8) & 0x7FFFF) << 5) | 2)
        #expect(v[9] == 0x9800_0000 | ((UInt32(bitPattern: -9) & 0x7FFFF) << 5) | 4)
        #expect(v[10] == 0x9C00_0000 | ((UInt32(bitPattern: -2) & 0x7FFFF) << 5) | 5)
        _ = try a.finish()
    }

    @Test func unboundLabelIsAnError() {
        var a = A64Assembler()
        let l = a.newLabel()
        try? a.b(l)
        #expect(throws: AssemblerError.self) { try a.checkResolved() }
    }

    /// Forward ranges: bind exactly at the last reachable offset (ok) and one step past (branchOutOfRange).
    @Test(arguments: [
        (kind: "bcond", max: (1 << 20) - 4), (kind: "cbz", max: (1 << 20) - 4), (kind: "ldr", max: (1 << 20) - 4),
        (kind: "adr", max: (1 << 20) - 1), (kind: "tbz", max: (1 << 15) - 4), (kind: "b", max: (1 << 27) - 4),
        (kind: "bl", max: (1 << 27) - 4)
    ])
    func forwardRange(kind: String, max: Int) throws {
        for (pos, ok) in [(max, true), (max + (kind == "adr" ? 1 : 4), false)] {
            var a = A64Assembler()
            let l = a.newLabel()
            switch kind {
            case "bcond": try a.b(.eq, l)
            case "cbz": try a.cbz(X.x0, l)
            case "ldr": try a.ldr(W.w0, l)
            case "adr": try a.adr(.x0, l)
            case "tbz": try a.tbz(X.x0, 63, l)
            case "b": try a.b(l)
            default: try a.bl(l)
            }
            do throws(AssemblerError) {
                try a.bind(l, to: kind == "adr" ? pos : pos & ~3)
                #expect(ok, "\(kind) to +\(pos) must be out of range")
                let w = words(a)[0]
                // Field holds the maximum positive offset: all ones except the sign bit.
                switch kind {
                case "b", "bl": #expect(w & 0x3FF_FFFF == 0x1FF_FFFF)
                case "tbz": #expect((w >> 5) & 0x3FFF == 0x1FFF)
                case "adr": #expect((w >> 5) & 0x7FFFF == 0x3FFFF && (w >> 29) & 3 == 3)
                default: #expect((w >> 5) & 0x7FFFF == 0x3FFFF)
                }
            } catch {
                #expect(!ok, "\(kind) to +\(pos) should be in range: \(error)")
                #expect(error.kind == .branchOutOfRange)
            }
        }
    }

    /// Backward ranges: the branch sits at a large offset in a sparse buffer, the label at 0.
    @Test(arguments: [("bcond", 1 << 20), ("tbz", 1 << 15), ("b", 1 << 27), ("adr", 1 << 20)])
    func backwardRange(kind: String, limit: Int) throws {
        for (distance, ok) in [(limit, true), (limit + 4, false)] {
            var a = A64Assembler(initialCapacity: distance + 64)
            let l = a.newLabel()
            try a.bind(l)
            a.buffer.count = distance // skip ahead without writing (the label is at 0)
            do throws(AssemblerError) {
                switch kind {
                case "bcond": try a.b(.lt, l)
                case "tbz": try a.tbz(W.w1, 0, l)
                case "adr": try a.adr(.x2, l)
                default: try a.b(l)
                }
                #expect(ok, "\(kind) back \(distance) must be out of range")
                let w = a.buffer.read32(at: distance)
                switch kind {
                case "b": #expect(w & 0x3FF_FFFF == 0x200_0000)
                case "tbz": #expect((w >> 5) & 0x3FFF == 0x2000)
                case "adr": #expect((w >> 5) & 0x7FFFF == 0x40000 && (w >> 29) & 3 == 0)
                default: #expect((w >> 5) & 0x7FFFF == 0x40000)
                }
            } catch {
                #expect(!ok, "\(kind) back \(distance) should be in range: \(error)")
                #expect(error.kind == .branchOutOfRange)
                #expect(a.offset == distance, "nothing emitted on error")
            }
        }
    }

    @Test func offsetForms() {
        #expect(thrownKind { try $0.b(offset: 1 << 27) } == .branchOutOfRange)
        #expect(thrownKind { try $0.b(offset: 2) } == .branchOutOfRange)
        #expect(thrownKind { try $0.b(.eq, offset: -(1 << 20) - 4) } == .branchOutOfRange)
        #expect(thrownKind { try $0.tbz(X.x0, 1, offset: 1 << 15) } == .branchOutOfRange)
        #expect(thrownKind { try $0.adrp(.x0, offset: 4097) } == .branchOutOfRange)
        #expect(thrownKind { try $0.adrp(.x0, offset: 1 << 32) } == .branchOutOfRange)
        #expect(thrownKind { try $0.b(offset: -(1 << 27)) } == nil)
    }
}

@Suite struct AArch64OperandTests {
    /// The Wasmer bug: `sub sp, sp, x17` must never be encoded as `neg xzr, x17` (register 31 = SP vs ZR).
    @Test func spVersusZR() throws {
        var a = A64Assembler()
        try a.sub(.sp, .sp, X.x17, .uxtx) // sub sp, sp, x17 (extended form: Rd/Rn are SP-role)
        try a.neg(.xzr, .x17) // neg xzr, x17 (shifted form: Rd/Rn are ZR-role)
        try a.add(.sp, .sp, 16) // add sp, sp, #16
        a.movSP(.x29, .sp) // mov x29, sp
        a.mov(.x29, .xzr) // mov x29, xzr (orr)
        #expect(hex(a.bytes) == "ff6331cb" + "ff0311cb" + "ff430091" + "fd030091" + "fd031faa")
        // Role conversions are explicit and reject the other role's register 31.
        #expect(XSP(X.xzr) == nil)
        #expect(X(XSP.sp) == nil)
        #expect(WSP(W.wzr) == nil)
        #expect(W(WSP.wsp) == nil)
        #expect(XSP(X.x5) == XSP.x5)
        #expect(X.xzr.w == W.wzr && XSP.sp.w == WSP.wsp)
        #expect("\(XSP.sp)" == "sp" && "\(X.xzr)" == "xzr")
    }

    /// Passing a ZR where an SP-role operand is required (and vice versa) must not compile. Type-checks a snippet
    /// against the built module and requires an error on every misuse line and none on the valid lines.
    @Test func roleMisuseDoesNotCompile() throws {
        guard let swiftc = findTool("swiftc") else {
            Issue.record("swiftc not found on PATH")
            return
        }
        // Locate the built modules next to the test bundle.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var modules: URL? = nil
        for _ in 0..<4 {
            let m = dir.appendingPathComponent("Modules")
            if FileManager.default.fileExists(atPath: m.appendingPathComponent("AArch64.swiftmodule").path) {
                modules = m
                break
            }
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("AArch64.swiftmodule").path) {
                modules = dir
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        guard let modules else {
            Issue.record("built AArch64.swiftmodule not found near \(CommandLine.arguments[0])")
            return
        }
        let lines = [
            "import AArch64; import AssemblerCore",
            "func f(_ a: inout A64Assembler) throws(AssemblerError) {",
            "  try a.sub(.sp, .sp, X.x17, .uxtx)", // 3 ok
            "  try a.add(.x0, .x1, 4)", // 4 ok
            "  try a.sub(.sp, .sp, .x17)", // 5 error: shifted form has no SP
            "  try a.add(.xzr, .x1, 4)", // 6 error: imm form Rd is SP-role
            "  try a.ldr(X.x0, .offset(.xzr, 8))", // 7 error: base is SP-role
            "  try a.adds(.sp, .x1, 4)", // 8 error: adds Rd is ZR-role
            "  a.mov(.x0, .sp)", // 9 error: register mov is ZR-role
            "  try a.and(.x0, .sp, 0xff)", // 10 error: logical-imm Rn is ZR-role
            "  a.movSP(.sp, .x1)", // 11 ok
            "}"
        ]
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("a64-misuse-\(getpid()).swift")
        try lines.joined(separator: "\n").write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let res = try run(swiftc, ["-typecheck", "-I", modules.path, tmp.path])
        let errLines = Set(
            res.err.split(separator: "\n").compactMap { l -> Int? in
                guard l.contains(": error:"), l.contains(tmp.lastPathComponent) else { return nil }
                let comps = l.split(separator: ":")
                return comps.count > 2 ? Int(comps[1]) : nil
            })
        #expect(
            errLines == [5, 6, 7, 8, 9, 10], "type-check errors on lines \(errLines.sorted()):\n\(res.err.prefix(3000))"
        )
    }

    @Test func invalidOperandsThrow() {
        // Immediates out of range.
        #expect(thrownKind { try $0.add(XSP.x0, .x1, 4097) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.add(XSP.x0, .x1, 0x1000_000) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.add(XSP.x0, .x1, Int.min) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.add(X.x0, .x1, .x2, .lsl, 64) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.add(W.w0, .w1, .w2, .lsl, 32) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.add(X.x0, .x1, .x2, .ror, 1) } == .invalidOperand)
        #expect(thrownKind { try $0.add(XSP.sp, .sp, X.x1, .uxtw) } == .invalidOperand) // uxtw needs W
        #expect(thrownKind { try $0.add(XSP.sp, .sp, W.w1, .uxtw, 5) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.and(XSP.x0, .x1, 0) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.and(XSP.x0, .x1, ~0) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.orr(WSP.w0, .w1, 0x1_0000_00FF) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.eor(XSP.x0, .x1, 0x1234) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movz(X.x0, 65536) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movz(W.w0, 1, lsl: 32) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movk(X.x0, 1, lsl: 8) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.lsl(X.x0, .x1, 64) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ubfx(W.w0, .w1, 30, 3) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ubfm(W.w0, .w1, 32, 0) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.extr(W.w0, .w1, .w2, 32) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.tbz(W.w0, 32, offset: 0) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.brk(0x10000) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.cset(X.x0, .al) } == .invalidOperand)
        #expect(thrownKind { try $0.fmov(D.d0, 0.1) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.fmov(S.s0, 0.0) } == .immediateOutOfRange)
        // Loads/stores.
        #expect(thrownKind { try $0.ldr(X.x0, .offset(.x1, 32768)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldr(X.x0, .offset(.x1, 4100)) } == .immediateOutOfRange) // misaligned, > 255
        #expect(thrownKind { try $0.ldr(X.x0, .offset(.x1, -257)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldr(X.x0, .pre(.x1, 256)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldr(X.x0, .post(.x0, 8)) } == .invalidOperand) // writeback into Rt
        #expect(thrownKind { try $0.ldr(X.x0, .reg(.x1, X.x2, shift: 2)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldur(X.x0, .offset(.x1, 256)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldur(X.x0, .pre(.x1, 8)) } == .invalidOperand)
        #expect(thrownKind { try $0.ldp(X.x0, .x1, .offset(.sp, 512)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldp(X.x0, .x1, .offset(.sp, 4)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldp(X.x0, .x0, .offset(.sp, 0)) } == .invalidOperand)
        #expect(thrownKind { try $0.stp(X.x0, .x1, .pre(.x1, 16)) } == .invalidOperand)
        #expect(thrownKind { try $0.ldp(B(encoding: 0), B(encoding: 1), .offset(.sp, 0)) } == .invalidOperand)
        #expect(thrownKind { try $0.ldp(Q(encoding: 0), Q(encoding: 1), .offset(.sp, 1024)) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ldr(H(encoding: 0), offset: 8) } == .invalidOperand)
        // NEON.
        #expect(thrownKind { try $0.mul(.v0, .v1, .v2, .d2) } == .invalidOperand)
        #expect(thrownKind { try $0.add(.v0, .v1, .v2, .d1) } == .invalidOperand)
        #expect(thrownKind { try $0.and(.v0, .v1, .v2, .s4) } == .invalidOperand)
        #expect(thrownKind { try $0.fadd(.v0, .v1, .v2, .h8) } == .invalidOperand)
        #expect(thrownKind { try $0.shl(.v0, .v1, 8, .b16) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ushr(.v0, .v1, 0, .s4) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.sshr(.v0, .v1, 65, .d2) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.xtn(.v0, .v1, .b16) } == .invalidOperand)
        #expect(thrownKind { try $0.xtn2(.v0, .v1, .b8) } == .invalidOperand)
        #expect(thrownKind { try $0.ext(.v0, .v1, .v2, 8, .b8) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.tbl(.v0, .v1, count: 5, .v2, .b16) } == .invalidOperand)
        #expect(thrownKind { try $0.dup(.v0, .s4, .v1, lane: 4) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.dup(.v0, .d2, W.w1) } == .invalidOperand)
        #expect(thrownKind { try $0.ins(.v0, .b, lane: 16, W.w1) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.ins(.v0, .s, lane: 0, .v1, srcLane: 4) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.umov(W.w0, .v1, .d, lane: 0) } == .invalidOperand)
        #expect(thrownKind { try $0.smov(W.w0, .v1, .s, lane: 0) } == .invalidOperand)
        #expect(thrownKind { try $0.ld1(.v0, .h, lane: 8, .x1) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movi(.v0, .b16, 256) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movi(.v0, .s4, 1, lsl: 4) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.movi(.v0, .d2, bytes: 0x12) } == .immediateOutOfRange)
        #expect(thrownKind { try $0.mvni(.v0, .b16, 1) } == .invalidOperand)
        #expect(thrownKind { try $0.fcvtl(.v0, .v1, .b8) } == .invalidOperand)
        // Valid edge cases do not throw.
        #expect(thrownKind { try $0.add(XSP.x0, .x1, -4095) } == nil) // becomes sub
        #expect(thrownKind { try $0.ldr(X.x0, .offset(.x1, 32760)) } == nil)
        #expect(thrownKind { try $0.ldr(X.x0, .post(.sp, 8)) } == nil)
        #expect(thrownKind { try $0.ldr(D.d0, .post(.x0, 8)) } == nil) // FP transfer reg ≠ base
    }

    @Test func negativeAddImmediateFlipsOpcode() throws {
        var a = A64Assembler()
        try a.add(XSP.x0, .x1, -4)
        try a.sub(XSP.x0, .x1, 4)
        try a.cmp(XSP.x0, -1)
        try a.cmn(XSP.x0, 1)
        let w = words(a)
        #expect(w[0] == w[1])
        #expect(w[2] == w[3])
    }
}

import AArch64
import AssemblerCore
import Foundation
import Testing

func run(_ tool: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = args
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Normalizes one disassembly line: drop comments, collapse whitespace.
func normalizeAsm(_ s: String) -> String {
    var t = s
    if let r = t.range(of: "//") { t = String(t[..<r.lowerBound]) }
    return t.replacingOccurrences(of: "\t", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(
        separator: " ")
}

@Suite struct AArch64RoundTripTests {
    /// GNU objdump's condition names.
    static let condNames = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]

    /// A seeded random stream of a few thousand instructions (with forward and backward label branches), checked
    /// line by line against `aarch64-linux-gnu-objdump`.
    @Test func objdumpRoundTrip() throws {
        guard let objdump = findTool("aarch64-linux-gnu-objdump") else {
            Issue.record(
                "aarch64-linux-gnu-objdump not found on PATH: install binutils-aarch64-linux-gnu (required for this test)"
            )
            return
        }
        var rng = SplitMix64(seed: 0xA64_5EED)
        let count = 4000
        var a = A64Assembler()
        var labels: [Label] = []
        for _ in 0...count { labels.append(a.newLabel()) }
        var expected: [String] = []
        let bitmasks: [UInt64] = {
            var v: [UInt64] = []
            for immr in 0..<64 {
                for imms in 0..<64 {
                    if let x = BitmaskImmediate.decode(n: 1, immr: immr, imms: imms, width: 64) { v.append(x) }
                }
            }
            return v
        }()
        func r(_ n: Int) -> Int { Int.random(in: 0..<n, using: &rng) }
        func xr() -> Int { r(31) }
        func target(_ i: Int) -> Int { max(0, min(count, i + r(129) - 64)) }
        let arrs: [Arrangement] = [.b8, .b16, .h4, .h8, .s2, .s4, .d2]

        for i in 0..<count {
            try a.bind(labels[i])
            let e: String
            switch r(22) {
            case 0:
                let d = r(32)
                let n = r(32)
                let imm = 1 + r(4095)
                try a.add(XSP(encoding: UInt32(d)), XSP(encoding: UInt32(n)), imm)
                e = "add \(d == 31 ? "sp" : "x\(d)"), \(n == 31 ? "sp" : "x\(n)"), #0x\(String(imm, radix: 16))"
            case 1:
                let d = xr()
                let n = xr()
                let m = xr()
                let s = 1 + r(31)
                try a.sub(W(d), W(n), W(m), .lsl, s)
                e = "sub w\(d), w\(n), w\(m), lsl #\(s)"
            case 2:
                let t = xr()
                let n = r(32)
                let k = 1 + r(4095)
                try a.ldr(X(t), .offset(XSP(encoding: UInt32(n)), 8 * k))
                e = "ldr x\(t), [\(n == 31 ? "sp" : "x\(n)"), #\(8 * k)]"
            case 3:
                let t = xr()
                let n = xr()
                let k = 1 + r(4095)
                try a.str(W(t), .offset(XSP(n), 4 * k))
                e = "str w\(t), [x\(n), #\(4 * k)]"
            case 4:
                let t1 = xr()
                let t2 = (t1 + 1 + r(29)) % 31
                let off = 8 * (r(128) - 64)
                try a.stp(X(t1), X(t2), .pre(.sp, off))
                e = "stp x\(t1), x\(t2), [sp, #\(off)]!"
            case 5:
                let c = r(14)
                let j = target(i)
                try a.b(Cond(rawValue: UInt8(c))!, labels[j])
                e = "b.\(Self.condNames[c]) 0x\(String(4 * j, radix: 16))"
            case 6:
                let t = xr()
                let j = target(i)
                if r(2) == 0 {
                    try a.cbz(X(t), labels[j])
                    e = "cbz x\(t), 0x\(String(4 * j, radix: 16))"
                } else {
                    try a.cbnz(W(t), labels[j])
                    e = "cbnz w\(t), 0x\(String(4 * j, radix: 16))"
                }
            case 7:
                let t = xr()
                let bit = r(64)
                let j = target(i)
                try a.tbnz(X(t), bit, labels[j])
                e = "tbnz \(bit < 32 ? "w" : "x")\(t), #\(bit), 0x\(String(4 * j, radix: 16))"
            case 8:
                let j = target(i)
                if r(2) == 0 {
                    try a.b(labels[j])
                    e = "b 0x\(String(4 * j, radix: 16))"
                } else {
                    try a.bl(labels[j])
                    e = "bl 0x\(String(4 * j, radix: 16))"
                }
            case 9:
                let d = xr()
                let n = xr()
                let v = bitmasks[r(bitmasks.count)]
                try a.orr(XSP(d), X(n), v)
                e = "orr x\(d), x\(n), #0x\(String(v, radix: 16))"
            case 10:
                let d = xr()
                let n = xr()
                let m = xr()
                let k = xr()
                a.madd(X(d), X(n), X(m), X(k))
                e = "madd x\(d), x\(n), x\(m), x\(k)"
            case 11:
                let d = xr()
                let n = xr()
                let m = xr()
                let c = r(14)
                a.csel(X(d), X(n), X(m), Cond(rawValue: UInt8(c))!)
                e = "csel x\(d), x\(n), x\(m), \(Self.condNames[c])"
            case 12:
                let d = r(32)
                let n = r(32)
                let m = r(32)
                if r(2) == 0 {
                    a.fadd(D(d), D(n), D(m))
                    e = "fadd d\(d), d\(n), d\(m)"
                } else {
                    a.fmul(S(d), S(n), S(m))
                    e = "fmul s\(d), s\(n), s\(m)"
                }
            case 13:
                let d = r(32)
                let n = r(32)
                let m = r(32)
                let t = arrs[r(arrs.count)]
                try a.add(V(d), V(n), V(m), t)
                e = "add v\(d).\(t), v\(n).\(t), v\(m).\(t)"
            case 14:
                let d = xr()
                let n = xr()
                let lsb = 1 + r(40)
                let w = 1 + r(62 - lsb)
                try a.ubfx(X(d), X(n), lsb, w)
                e = "ubfx x\(d), x\(n), #\(lsb), #\(w)"
            case 15:
                let d = xr()
                let n = xr()
                let m = xr()
                a.sdiv(W(d), W(n), W(m))
                e = "sdiv w\(d), w\(n), w\(m)"
            case 16:
                let d = xr()
                let v = r(65536)
                let hw = 1 + r(3)
                try a.movk(X(d), v, lsl: 16 * hw)
                e = "movk x\(d), #0x\(String(v, radix: 16)), lsl #\(16 * hw)"
            case 17:
                let t = r(32)
                let n = xr()
                let k = 1 + r(4095)
                try a.ldr(Q(encoding: UInt32(t)), .offset(XSP(n), 16 * k))
                e = "ldr q\(t), [x\(n), #\(16 * k)]"
            case 18:
                let d = r(32)
                let n = r(32)
                let m = r(32)
                try a.eor(V(d), V(n), V(m), .b16)
                e = "eor v\(d).16b, v\(n).16b, v\(m).16b"
            case 19:
                let d = xr()
                let n = xr()
                let m = xr()
                try a.ldr(X(d), .reg(XSP(n), W(m), signExtend: true, shift: 3))
                e = "ldr x\(d), [x\(n), w\(m), sxtw #3]"
            case 20:
                let d = r(32)
                let n = r(32)
                let t = [Arrangement.s2, .s4, .d2][r(3)]
                try a.fsqrt(V(d), V(n), t)
                e = "fsqrt v\(d).\(t), v\(n).\(t)"
            default:
                let d = xr()
                let n = xr()
                let sh = 1 + r(20)
                try a.sshr(V(d), V(n), sh, .s4)
                e = "sshr v\(d).4s, v\(n).4s, #\(sh)"
            }
            expected.append(e)
        }
        try a.bind(labels[count])
        try a.checkResolved()

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("a64-rt-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("code.bin")
        try Data(a.bytes).write(to: file)
        let res = try run(objdump, ["-D", "-b", "binary", "-m", "aarch64", file.path])
        #expect(res.status == 0, "objdump failed: \(res.err)")

        var got: [String] = []
        for line in res.out.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 2)
            guard parts.count == 3, parts[0].hasSuffix(":") else { continue }
            got.append(normalizeAsm(String(parts[2])))
        }
        #expect(got.count == count, "objdump produced \(got.count) instructions, expected \(count)")
        var mismatches = 0
        for (i, (g, w)) in zip(got, expected).enumerated() where g != normalizeAsm(w) {
            mismatches += 1
            if mismatches <= 20 {
                Issue.record("instruction \(i) at 0x\(String(4 * i, radix: 16)): objdump `\(g)`, expected `\(w)`")
            }
        }
        #expect(mismatches == 0)
    }
}

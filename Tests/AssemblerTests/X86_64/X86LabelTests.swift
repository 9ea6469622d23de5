import AssemblerCore
// Labels, branch-form selection, fixups, jump tables.
import Testing
import X86_64

private func hex(_ a: borrowing X86Assembler) -> String {
    a.bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

struct X86LabelTests {
    @Test func backwardJumpWithinReachIsShort() throws {
        var a = X86Assembler()
        let top = a.newLabel()
        try a.bind(top)
        a.nop()
        try a.jmp(top) // EB FD: target 0 - (1 + 2) = -3
        try a.j(.ne, top) // 75 FB: 0 - (3 + 2) = -5
        #expect(hex(a) == "90ebfd75fb")
        #expect(a.unresolvedCount == 0)
    }

    @Test func backwardJumpOutOfRel8UsesRel32() throws {
        var a = X86Assembler()
        let top = a.newLabel()
        try a.bind(top)
        a.nop(length: 126)
        try a.jmp(top) // rel8 reach: 0 - 128 = -128 -> still short
        #expect(Array(a.bytes[126...]) == [0xEB, 0x80])
        try a.jmp(top) // 0 - (128 + 2) = -130 -> rel32: 0 - (128 + 5) = -133
        #expect(Array(a.bytes[128...]) == [0xE9, 0x7B, 0xFF, 0xFF, 0xFF])
        try a.j(.l, top) // 0F 8C, 0 - (133 + 6) = -139
        #expect(Array(a.bytes[133...]) == [0x0F, 0x8C, 0x75, 0xFF, 0xFF, 0xFF])
    }

    @Test func forcedShortBackwardOutOfRangeThrows() throws {
        var a = X86Assembler()
        let top = a.newLabel()
        try a.bind(top)
        a.nop(length: 200)
        let before = a.offset
        #expect(throws: AssemblerError.self) { try a.jmp(top, short: true) }
        do {
            try a.j(.e, top, short: true)
            Issue.record("expected branchOutOfRange")
        } catch {
            #expect(error.kind == .branchOutOfRange)
        }
        #expect(a.offset == before, "a failed branch must emit nothing")
    }

    @Test func forwardJumpDefaultsToRel32AndIsPatched() throws {
        var a = X86Assembler()
        let done = a.newLabel()
        try a.jmp(done) // E9 rel32
        try a.j(.b, done) // 0F 82 rel32
        a.call(done) // E8 rel32
        #expect(a.unresolvedCount == 3)
        #expect(throws: AssemblerError.self) { try a.checkResolved() }
        a.int3()
        try a.bind(done) // at 5 + 6 + 5 + 1 = 17
        #expect(a.unresolvedCount == 0)
        try a.checkResolved()
        #expect(hex(a) == "e90c000000" + "0f8206000000" + "e801000000" + "cc")
        #expect(a.offset(of: done) == 17)
    }

    /// The fixup table is emptied whenever no use is pending: uses recorded after that (and uses of a label
    /// still pending while others are bound) must be patched as before.
    @Test func fixupsRecordedAfterTheTableEmptiedArePatched() throws {
        var a = X86Assembler()
        let outer = a.newLabel()
        for _ in 0..<3 {
            let l = a.newLabel()
            try a.jmp(l) // E9 00000000: the next instruction
            try a.bind(l) // no use pending now: the table is emptied
        }
        try a.jmp(outer) // at 15, pending
        let inner = a.newLabel()
        try a.jmp(inner) // at 20, pending
        try a.bind(inner) // outer's use is still pending: the table keeps it
        try a.jmp(outer) // at 25
        try a.bind(outer) // at 30
        #expect(a.unresolvedCount == 0)
        #expect(hex(a) == String(repeating: "e900000000", count: 3) + "e90a000000" + "e900000000" + "e900000000")
    }

    @Test func forwardShortJumpPatchedAtBind() throws {
        var a = X86Assembler()
        let l = a.newLabel()
        try a.jmp(l, short: true)
        try a.j(.g, l, short: true)
        a.nop(length: 3)
        try a.bind(l)
        #expect(hex(a) == "eb05" + "7f03" + "0f1f00")
    }

    @Test func forwardShortJumpOutOfRangeThrowsAtBind() throws {
        var a = X86Assembler()
        let l = a.newLabel()
        try a.jmp(l, short: true)
        a.nop(length: 127)
        let ok = a.newLabel()
        try a.j(.e, ok, short: true)
        a.nop(length: 127) // exactly reaches: 127
        try a.bind(ok)
        a.nop(length: 10)
        do {
            try a.bind(l)
            Issue.record("expected branchOutOfRange at bind")
        } catch {
            #expect(error.kind == .branchOutOfRange)
        }
        #expect(a.bytes[130] == 127)
    }

    @Test func exactRel8Edges() throws {
        // Forward: +127 reaches, backward: -128 reaches (checked above); +128 does not.
        var a = X86Assembler()
        let l = a.newLabel()
        try a.jmp(l, short: true)
        a.nop(length: 127)
        try a.bind(l)
        #expect(a.bytes[1] == 0x7F)
        var b = X86Assembler()
        let m = b.newLabel()
        try b.jmp(m, short: true)
        b.nop(length: 128)
        #expect(throws: AssemblerError.self) { try b.bind(m) }
    }

    @Test func ripRelativeLabelAccountsForImmediate() throws {
        var a = X86Assembler()
        let data = a.newLabel()
        try a.lea(.qword, .rax, .rip(data)) // 48 8D 05 rel32 (7 bytes)
        try a.mov(.dword, .rip(data, 4), 0x1234_5678) // C7 05 rel32 imm32 (10 bytes): 24 + 4 - 17 = 11
        try a.cmp(.byte, .rip(data), 1) // 80 3D rel32 imm8 (7 bytes)
        #expect(a.unresolvedCount == 3)
        try a.bind(data) // at 24
        #expect(hex(a) == "488d0511000000" + "c7050b00000078563412" + "803d0000000001")
        // Backward reference.
        try a.movsd(.xmm1, .rip(data, 8)) // F2 0F 10 0D rel32 at 24..32: 24+8-32 = 0
        #expect(Array(a.bytes[24...]) == [0xF2, 0x0F, 0x10, 0x0D, 0, 0, 0, 0])
    }

    @Test func jumpTables() throws {
        var a = X86Assembler()
        let table = a.newLabel()
        let c0 = a.newLabel()
        let c1 = a.newLabel()
        try a.bind(c0)
        a.ret()
        try a.bind(table) // at 1
        try a.jumpTableEntry(c0, relativeTo: table) // 0 - 1 = -1
        try a.jumpTableEntry(c1, relativeTo: table) // forward
        a.jumpTableEntry(absolute: c0) // 0
        a.jumpTableEntry(absolute: c1) // forward
        try a.bind(c1) // at 17
        #expect(hex(a) == "c3" + "ffffffff" + "10000000" + "00000000" + "11000000")
        let unbound = a.newLabel()
        #expect(throws: AssemblerError.self) { try a.jumpTableEntry(c0, relativeTo: unbound) }
    }

    @Test func callToOffset() throws {
        var a = X86Assembler()
        a.nop(length: 3)
        try a.call(offset: 0)
        #expect(Array(a.bytes[3...]) == [0xE8, 0xF8, 0xFF, 0xFF, 0xFF])
    }

    @Test func manyForwardUsesOfOneLabel() throws {
        var a = X86Assembler()
        let l = a.newLabel()
        for i in 0..<1000 { try a.j(Condition(rawValue: UInt8(i % 16))!, l) }
        #expect(a.unresolvedCount == 1000)
        try a.bind(l)
        #expect(a.unresolvedCount == 0)
        for i in 0..<1000 {
            let at = i * 6
            let disp = Int32(
                bitPattern: UInt32(a.bytes[at + 2]) | UInt32(a.bytes[at + 3]) << 8
                    | UInt32(a.bytes[at + 4]) << 16 | UInt32(a.bytes[at + 5]) << 24)
            #expect(Int(disp) == 6000 - (at + 6))
        }
    }

    @Test func nopsAndAlignment() throws {
        let expected: [[UInt8]] = [
            [0x90], [0x66, 0x90], [0x0F, 0x1F, 0x00], [0x0F, 0x1F, 0x40, 0x00], [0x0F, 0x1F, 0x44, 0x00, 0x00],
            [0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00], [0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00],
            [0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00], [0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00]
        ]
        for n in 1...9 {
            var a = X86Assembler()
            a.nop(length: n)
            #expect(a.bytes == expected[n - 1], "nop(length: \(n))")
        }
        var a = X86Assembler()
        a.nop(length: 20)
        #expect(a.bytes == expected[8] + expected[8] + expected[1])
        var b = X86Assembler()
        b.int3()
        b.align(16)
        #expect(b.offset == 16)
        b.align(16)
        #expect(b.offset == 16)
    }

    @Test func finishHandsOutBuffer() throws {
        var a = X86Assembler()
        a.ret()
        let buf = try a.finish()
        #expect(buf.bytes == [0xC3])
        var b = X86Assembler()
        let l = b.newLabel()
        try b.jmp(l)
        do {
            _ = try b.finish()
            Issue.record("finish must fail with an unbound label use")
        } catch {
            #expect(error.kind == .unboundLabel)
        }
    }
}

import AssemblerCore
// Immediate range checks, invalid operands, and the shortest-immediate helpers.
import Testing
import X86_64

private func expectError(
    _ kind: AssemblerError.Kind, _ what: Comment,
    _ body: (inout X86Assembler) throws(AssemblerError) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var a = X86Assembler()
    do {
        try body(&a)
        Issue.record("expected \(kind): \(what)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, what, sourceLocation: sourceLocation)
        #expect(a.offset == 0, "a throwing encoder must emit nothing: \(what)", sourceLocation: sourceLocation)
    }
}

struct X86OperandTests {
    @Test func immediatesOutOfRange() {
        expectError(.immediateOutOfRange, "addb 256") { a throws(AssemblerError) in try a.add(.byte, .rcx, 256) }
        expectError(.immediateOutOfRange, "addb -129") { a throws(AssemblerError) in try a.add(.byte, .rcx, -129) }
        expectError(.immediateOutOfRange, "addw 65536") { a throws(AssemblerError) in try a.add(.word, .rcx, 65536) }
        expectError(.immediateOutOfRange, "addl 2^32") { a throws(AssemblerError) in
            try a.add(.dword, .rcx, 0x1_0000_0000)
        }
        expectError(.immediateOutOfRange, "addq 2^31") { a throws(AssemblerError) in
            try a.add(.qword, .rcx, 0x8000_0000)
        }
        expectError(.immediateOutOfRange, "cmpq -2^31-1") { a throws(AssemblerError) in
            try a.cmp(.qword, .rax, -0x8000_0001)
        }
        expectError(.immediateOutOfRange, "andq mem") { a throws(AssemblerError) in
            try a.and(.qword, Mem(.rax), 0xFFFF_FFFF)
        }
        expectError(.immediateOutOfRange, "testq") { a throws(AssemblerError) in try a.test(.qword, .rax, 0x1_0000_0000)
        }
        expectError(.immediateOutOfRange, "movl") { a throws(AssemblerError) in try a.mov(.dword, .rax, -0x8000_0001) }
        expectError(.immediateOutOfRange, "movw") { a throws(AssemblerError) in try a.mov(.word, .rax, 70000) }
        expectError(.immediateOutOfRange, "movq mem") { a throws(AssemblerError) in
            try a.mov(.qword, Mem(.rsp, 8), 0x8000_0000)
        }
        expectError(.immediateOutOfRange, "imul") { a throws(AssemblerError) in try a.imul(.qword, .rax, .rbx, 1 << 40)
        }
        expectError(.immediateOutOfRange, "imulw") { a throws(AssemblerError) in
            try a.imul(.word, .rax, Mem(.rbx), 1 << 16)
        }
    }

    @Test func invalidOperands() {
        expectError(.invalidOperand, "rsp index") { a throws(AssemblerError) in
            try a.mov(.qword, .rax, Mem(.rbx, .rsp, .x4, 8))
        }
        expectError(.invalidOperand, "rsp index, no base") { a throws(AssemblerError) in
            try a.lea(.qword, .rax, Mem(index: .rsp, scale: .x2))
        }
        expectError(.invalidOperand, "rsp index SSE") { a throws(AssemblerError) in try a.movdqu(.xmm0, Mem(.rax, .rsp))
        }
        expectError(.invalidOperand, "ah with sil") { a throws(AssemblerError) in try a.mov(.byte, .ah, .rsi) }
        expectError(.invalidOperand, "ah with r8b") { a throws(AssemblerError) in try a.add(.byte, .r8, .ah) }
        expectError(.invalidOperand, "ah with REX mem") { a throws(AssemblerError) in try a.mov(.byte, Mem(.r9), .bh) }
        expectError(.invalidOperand, "ah at 64 bits") { a throws(AssemblerError) in try a.mov(.qword, .ah, .rax) }
        expectError(.invalidOperand, "ah in address") { a throws(AssemblerError) in try a.mov(.qword, .rax, Mem(.ah)) }
        expectError(.invalidOperand, "movzbq ah") { a throws(AssemblerError) in try a.movzx(.qword, .rax, .byte, .ah) }
        expectError(.invalidOperand, "movzx wrong widths") { a throws(AssemblerError) in
            try a.movzx(.word, .rax, .word, .rbx)
        }
        expectError(.invalidOperand, "movsx from dword") { a throws(AssemblerError) in
            try a.movsx(.qword, .rax, .dword, .rbx)
        }
        expectError(.invalidOperand, "shift count not cl") { a throws(AssemblerError) in try a.shl(.qword, .rax, .rdx) }
        expectError(.invalidOperand, "imul byte") { a throws(AssemblerError) in try a.imul(.byte, .rax, .rbx) }
        expectError(.invalidOperand, "cmov byte") { a throws(AssemblerError) in try a.cmov(.e, .byte, .rax, .rbx) }
        expectError(.invalidOperand, "lzcnt byte") { a throws(AssemblerError) in try a.lzcnt(.byte, .rax, .rbx) }
        expectError(.invalidOperand, "bswap word") { a throws(AssemblerError) in try a.bswap(.word, .rax) }
        expectError(.invalidOperand, "lea byte") { a throws(AssemblerError) in try a.lea(.byte, .rax, Mem(.rbx)) }
        expectError(.invalidOperand, "cvtsi2ss word") { a throws(AssemblerError) in try a.cvtsi2ss(.word, .xmm0, .rax) }
        expectError(.invalidOperand, "movd ah") { a throws(AssemblerError) in try a.movd(.xmm0, .ah) }
        expectError(.invalidOperand, "push ah") { a throws(AssemblerError) in try a.push(.ah) }
        expectError(.invalidOperand, "jmp ah") { a throws(AssemblerError) in try a.jmp(GPR.ah) }
        expectError(.invalidOperand, "setcc spl ok but ah+REX") { a throws(AssemblerError) in
            try a.setcc(.e, Mem(.r12))
            try a.setcc(.e, Mem(.r12))
            a.buffer.count = 0
            try a.mov(.byte, Mem(.rax, .r10), .ch)
        }
        #expect(!Mem(.rax, .rsp).isValid)
        #expect(Mem(.rsp, .rax).isValid)
        #expect(Mem(.rax, .r12).isValid)
    }

    @Test func highByteWithoutRexIsFine() throws {
        var a = X86Assembler()
        try a.mov(.byte, .ah, .rax) // movb %al, %ah: 88 C4
        try a.mov(.byte, .rbx, .dh) // movb %dh, %bl: 88 F3
        try a.mov(.byte, Mem(.rax), .bh) // movb %bh, (%rax): 88 38
        #expect(a.bytes == [0x88, 0xC4, 0x88, 0xF3, 0x88, 0x38])
        var b = X86Assembler()
        try b.mov(.byte, .rsi, .rax) // movb %al, %sil needs REX: 40 88 C6
        #expect(b.bytes == [0x40, 0x88, 0xC6])
    }

    @Test func movImmPicksShortestForm() throws {
        func enc(_ v: Int64, _ r: GPR = .rax) throws -> [UInt8] {
            var a = X86Assembler()
            try a.movImm(r, v)
            return a.bytes
        }
        #expect(try enc(0) == [0xB8, 0, 0, 0, 0])
        #expect(try enc(0xFFFF_FFFF) == [0xB8, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try enc(5, .r9) == [0x41, 0xB9, 5, 0, 0, 0])
        #expect(try enc(-1) == [0x48, 0xC7, 0xC0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try enc(-0x8000_0000) == [0x48, 0xC7, 0xC0, 0, 0, 0, 0x80])
        #expect(try enc(0x1_0000_0000) == [0x48, 0xB8, 0, 0, 0, 0, 1, 0, 0, 0])
        #expect(try enc(-0x8000_0001, .r15) == [0x49, 0xBF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func immediateFormSelection() throws {
        var a = X86Assembler()
        try a.add(.qword, .rcx, 127) // 48 83 C1 7F
        try a.add(.qword, .rcx, 128) // 48 81 C1 80 00 00 00
        try a.add(.qword, .rax, 128) // 48 05 80 00 00 00
        try a.sub(.dword, .rdx, -128) // 83 EA 80
        try a.sub(.dword, .rdx, -129) // 81 EA 7F FF FF FF
        #expect(
            a.bytes == [
                0x48, 0x83, 0xC1, 0x7F, 0x48, 0x81, 0xC1, 0x80, 0, 0, 0, 0x48, 0x05, 0x80, 0, 0, 0,
                0x83, 0xEA, 0x80, 0x81, 0xEA, 0x7F, 0xFF, 0xFF, 0xFF
            ])
    }

    @Test func externalMemoryBuffer() throws {
        let mem = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { mem.deallocate() }
        var a = X86Assembler(buffer: CodeBuffer(memory: mem, capacity: 64))
        for _ in 0..<10 { try a.add(.qword, .rax, .rbx) }
        #expect(a.offset == 30)
        #expect(mem.load(fromByteOffset: 27, as: UInt8.self) == 0x48)
        // Overflowing the caller's memory moves the code to owned storage, never writing out of bounds.
        for _ in 0..<100 { try a.add(.qword, .rax, .rbx) }
        let moved = a.buffer.leftExternalMemory
        #expect(moved)
        #expect(a.offset == 330)
        #expect(Array(a.bytes[327...]) == [0x48, 0x01, 0xD8])
    }

    /// The unchecked register move emits exactly the bytes of the checked `mov` for every 32/64-bit pair.
    @Test func movRegisterMatchesMov() throws {
        for w in [Width.dword, .qword] {
            for d in GPR.all {
                for s in GPR.all {
                    var checked = X86Assembler()
                    try checked.mov(w, d, s)
                    var fast = X86Assembler()
                    fast.movRegister(w, d, s)
                    #expect(fast.bytes == checked.bytes, "mov \(w) \(d), \(s)")
                }
            }
        }
    }
}

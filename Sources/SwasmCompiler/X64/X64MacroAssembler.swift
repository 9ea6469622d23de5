import AssemblerCore
import SwasmABI
import WasmDecoder
import X86_64

/// The x86-64 `MacroAssembler`.
///
/// Pinned registers: `r14` = VM context, `r15` = linear memory base, `r13` = gas counter (metering),
/// `rbp` = frame pointer. Scratch: `r11` and `xmm15` (never allocated).
/// Allocatable: `rax rcx rdx rbx rsi rdi r8 r9 r10 r12` and `xmm0–xmm14`. Of these, the local homes
/// (`homeGPRs`: `rbx r12 rdi rsi r8 r9`; `homeFPRs`: `xmm8–xmm14`) are **callee-saved** in the wasm convention (a
/// function saves the caller's values of the homes it writes); every other allocatable register is caller-saved
/// (operands are spilled before a call). Runtime-helper calls go through the helper-call stub, which saves every
/// home the native ABI does not preserve; helper arguments are staged in `rax rdx rcx r10` (never homes).
public struct X64MacroAssembler: ~Copyable {
    public var asm: X86Assembler
    /// Offsets of imm32/disp32 fields that hold the (negated) frame size, patched by `finishFrame`.
    var frameSizeSites: [(at: Int, negative: Bool)] = []
    /// Code offset just after the last call instruction emitted (its return address).
    public var lastCallReturnOffset = 0
    /// The label of the module's helper-call stub (`emitHelperCallStub` binds it). Calls to it are label uses, so
    /// code compiled in a buffer without the stub (a chunk of a parallel compile) leaves them to the join.
    public var helperCallStub: Label?
    /// Inline data ranges (AArch64 records its literal pools and jump tables; x86-64 code keeps none here).
    public var dataRanges: [Range<Int>] = []
    /// The current function's v128 literal pool: each distinct constant once, emitted (16-byte aligned) by
    /// `flushVectorConstants` after the function's trap stubs and addressed RIP-relative.
    var vectorPool: [V128: Label] = [:]
    var vectorPoolOrder: [(value: V128, label: Label)] = []
    /// Use AVX (VEX.128 three-operand encodings) in the vector operations (`enableFeatures`); recorded in
    /// `cpuFeatures`.
    var avx = false
    /// Deterministic-NaN mode: the out-of-line fix-ups of `canonicalizeNaNs` (emitted by `flushVectorConstants`).
    var nanStubs: [(stub: Label, back: Label, reg: Reg, shape: V128Shape, scalar: Bool)] = []

    // Computed, not stored: a stored `static let` is a lazily initialized global (a `swift_once` check per use)
    // whose value the encoders could not fold.
    @inline(__always) public static var vmctx: GPR { .r14 }
    @inline(__always) public static var memoryBase: GPR { .r15 }
    @inline(__always) public static var scratch: GPR { .r11 }
    /// The gas counter (remaining gas, unsigned), live in every activation.
    @inline(__always) public static var gas: GPR { .r13 }
    @inline(__always) public static var fscratch: XMM { .xmm15 }
    /// Frame slot holding the function's own VM context (restored after calls that switch it).
    @inline(__always) public static var vmctxSlot: Int { -16 }

    public init() { asm = X86Assembler(initialCapacity: 1 << 16) }
    /// Emit into `buffer` (e.g. executable pages).
    public init(buffer: consuming CodeBuffer) { asm = X86Assembler(buffer: buffer) }
    /// The code buffer had to leave its caller-provided memory (the executable region was too small).
    public var leftExternalMemory: Bool { asm.buffer.leftExternalMemory }

    @inline(__always) static func g(_ r: Reg) -> GPR { GPR(Int(r.number)) }
    @inline(__always) static func x(_ r: Reg) -> XMM { XMM(Int(r.number)) }
    @inline(__always) static func w(_ s: IntSize) -> Width { s == .s32 ? .dword : .qword }
    @inline(__always) static func slot(_ off: Int) -> Mem { Mem(.rbp, Int32(off)) }
    @inline(__always) static func wt(_ t: ValueType) -> Width { t == .i32 ? .dword : .qword }
}

extension X64MacroAssembler: MacroAssembler {
    public static let allocatableGPRs: [Reg] = [0, 1, 2, 3, 6, 7, 8, 9, 10, 12].map { Reg.gpr($0) }
    public static let allocatableFPRs: [Reg] = (0..<15).map { Reg.fpr(UInt8($0)) }
    /// rbx, r12, rdi, rsi, r8, r9 (rax/rdx/rcx stay free for division, shifts and results; r10 for operands).
    public static let homeGPRs: [Reg] = [3, 12, 7, 6, 8, 9].map { Reg.gpr($0) }
    public static let homeFPRs: [Reg] = (8..<15).map { Reg.fpr(UInt8($0)) }
    public static let intReturnRegister = Reg.gpr(0)
    public static let floatReturnRegister = Reg.fpr(0)
    public static let divisionClobbers: [Reg] = [.gpr(0), .gpr(2)]
    public static let shiftCountRegister: Reg? = .gpr(1)

    public var codeOffset: Int { asm.offset }
    /// What the backend may emit beyond SSE2, recorded in every x86-64 artifact: SSE4.1 (rounding, lane inserts
    /// and extracts, widening moves, blends, `ptest`), POPCNT, LZCNT and BMI1 (`tzcnt`) for the scalar bit counts;
    /// AVX when enabled (`enableFeatures`: the vector operations then use VEX.128 encodings, `vpcmpgtq` among
    /// them). SSE4.2 is not used.
    public var cpuFeatures: ArtifactFlags {
        avx ? [.x86SSE41, .x86POPCNT, .x86LZCNT, .x86BMI1, .x86AVX] : [.x86SSE41, .x86POPCNT, .x86LZCNT, .x86BMI1]
    }
    public mutating func truncate(to offset: Int) {
        precondition(offset <= asm.buffer.count)
        asm.buffer.count = offset
    }
    public var bytes: [UInt8] { asm.bytes }

    public mutating func newLabel() -> Label { asm.newLabel() }
    public func offset(of label: Label) -> Int? { asm.offset(of: label) }
    public mutating func bind(_ label: Label) throws(AssemblerError) { try asm.bind(label) }
    public mutating func jump(_ label: Label) throws(AssemblerError) { try asm.jmp(label) }

    // MARK: Frame

    public mutating func prologue(stackOverflow: Label) throws(AssemblerError) {
        try asm.push(.rbp)
        try asm.mov(.qword, .rbp, .rsp)
        // lea r11, [rsp - frameSize]; cmp r11, [r14 + stackLimit]; jb overflow; mov rsp, r11
        try asm.lea(.qword, Self.scratch, Mem(.rsp, -0x7fff_fff0))
        frameSizeSites.append((asm.offset - 4, true))
        try asm.cmp(.qword, Self.scratch, Mem(Self.vmctx, Int32(VMContextLayout.stackLimit)))
        try asm.j(.b, stackOverflow)
        try asm.mov(.qword, .rsp, Self.scratch)
        try asm.mov(.qword, Self.slot(Self.vmctxSlot), Self.vmctx)
    }

    public mutating func finishFrame(frameSize: Int) throws(AssemblerError) {
        for site in frameSizeSites {
            asm.buffer.patch32(at: site.at, UInt32(bitPattern: Int32(site.negative ? -frameSize : frameSize)))
        }
        frameSizeSites.removeAll(keepingCapacity: true)
    }

    public mutating func zeroSlots(fpOffset: Int, count: Int) throws(AssemblerError) {
        guard count > 0 else { return }
        asm.pxor(Self.fscratch, Self.fscratch)
        if count <= 16 {
            for i in 0..<count { try asm.movdqu(Self.slot(fpOffset + 16 * i), Self.fscratch) }
            return
        }
        // lea r11, [rbp + fpOffset]; mov ecx-free loop with r11 as cursor and a counter in the slot loop
        try asm.lea(.qword, Self.scratch, Self.slot(fpOffset))
        try asm.lea(.qword, .rax, Self.slot(fpOffset + 16 * count))
        let loop = asm.newLabel()
        try asm.bind(loop)
        try asm.movdqu(Mem(Self.scratch, 0), Self.fscratch)
        try asm.add(.qword, Self.scratch, 16)
        try asm.cmp(.qword, Self.scratch, .rax)
        try asm.j(.b, loop)
    }

    public mutating func epilogue() throws(AssemblerError) {
        try asm.mov(.qword, .rsp, .rbp)
        try asm.pop(.rbp)
        asm.ret()
    }

    @inline(__always)
    public mutating func loadSlot(_ type: ValueType, _ dst: Reg, fpOffset: Int) throws(AssemblerError) {
        try loadFrom(type, dst, mem: Self.slot(fpOffset))
    }

    @inline(__always)
    public mutating func storeSlot(_ type: ValueType, fpOffset: Int, _ src: Reg) throws(AssemblerError) {
        try storeTo(type, mem: Self.slot(fpOffset), src)
    }

    mutating func loadFrom(_ type: ValueType, _ dst: Reg, mem: Mem) throws(AssemblerError) {
        switch type {
        case .i32: try asm.mov(.dword, Self.g(dst), mem)
        case .i64, .funcref, .externref: try asm.mov(.qword, Self.g(dst), mem)
        case .f32: try asm.movss(Self.x(dst), mem)
        case .f64: try asm.movsd(Self.x(dst), mem)
        case .v128: try asm.movdqu(Self.x(dst), mem)
        }
    }

    mutating func storeTo(_ type: ValueType, mem: Mem, _ src: Reg) throws(AssemblerError) {
        switch type {
        case .i32: try asm.mov(.dword, mem, Self.g(src))
        case .i64, .funcref, .externref: try asm.mov(.qword, mem, Self.g(src))
        case .f32: try asm.movss(mem, Self.x(src))
        case .f64: try asm.movsd(mem, Self.x(src))
        case .v128: try asm.movdqu(mem, Self.x(src))
        }
    }

    public mutating func storeSlotImmediate(_ type: ValueType, fpOffset: Int, bits: UInt64) throws(AssemblerError) {
        let mem = Self.slot(fpOffset)
        switch type {
        case .i32, .f32:
            try asm.mov(.dword, mem, Int64(Int32(truncatingIfNeeded: bits)))
        case .i64, .f64, .funcref, .externref:
            let v = Int64(bitPattern: bits)
            if v == Int64(Int32(truncatingIfNeeded: v)) {
                try asm.mov(.qword, mem, v)
            } else {
                try asm.movImm(Self.scratch, v)
                try asm.mov(.qword, mem, Self.scratch)
            }
        case .v128:
            try storeSlotV128Constant(fpOffset: fpOffset, V128(low: bits, high: 0))
        }
    }

    public mutating func copySlot(_ type: ValueType, from: Int, to: Int) throws(AssemblerError) {
        // Copy exactly the value's width: a load wider than the store that wrote the slot cannot be forwarded
        // from the store buffer (a stall of ~10 cycles on every loop-carried copy).
        switch type {
        case .v128:
            try asm.movdqu(Self.fscratch, Self.slot(from))
            try asm.movdqu(Self.slot(to), Self.fscratch)
        case .i32, .f32:
            try asm.mov(.dword, Self.scratch, Self.slot(from))
            try asm.mov(.dword, Self.slot(to), Self.scratch)
        case .i64, .f64, .funcref, .externref:
            try asm.mov(.qword, Self.scratch, Self.slot(from))
            try asm.mov(.qword, Self.slot(to), Self.scratch)
        }
    }

    @inline(__always)
    public mutating func move(_ type: ValueType, _ dst: Reg, _ src: Reg) {
        guard dst != src else { return }
        switch type {
        case .i32: asm.movRegister(.dword, Self.g(dst), Self.g(src))
        case .i64, .funcref, .externref: asm.movRegister(.qword, Self.g(dst), Self.g(src))
        case .f32, .f64, .v128: asm.movaps(Self.x(dst), Self.x(src))
        }
    }

    public mutating func loadConstant(_ type: ValueType, _ dst: Reg, bits: UInt64) throws(AssemblerError) {
        switch type {
        case .i32:
            if bits & 0xFFFF_FFFF == 0 {
                try asm.xor(.dword, Self.g(dst), Self.g(dst))
            } else {
                try asm.mov(.dword, Self.g(dst), Int64(Int32(truncatingIfNeeded: bits)))
            }
        case .i64, .funcref, .externref:
            if bits == 0 {
                try asm.xor(.dword, Self.g(dst), Self.g(dst))
            } else {
                try asm.movImm(Self.g(dst), Int64(bitPattern: bits))
            }
        case .f32, .f64:
            if bits == 0 {
                asm.xorps(Self.x(dst), Self.x(dst))
                return
            }
            try asm.movImm(Self.scratch, Int64(bitPattern: bits))
            if type == .f32 { try asm.movd(Self.x(dst), Self.scratch) } else { try asm.movq(Self.x(dst), Self.scratch) }
        case .v128:
            try loadV128Constant(dst, V128(low: bits, high: 0))
        }
    }

    public func fitsImmediate(_ value: Int64, _ size: IntSize) -> Bool {
        value == Int64(Int32(truncatingIfNeeded: value))
    }

    // MARK: Integer

    public mutating func intBinary(_ op: IntBinaryOp, _ size: IntSize, _ dst: Reg, _ rhs: Operand)
        throws(AssemblerError)
    {
        // One copy per width: with the width a constant, the encoders' width arithmetic folds away.
        if size == .s32 {
            try intBinary(op, .dword, Self.g(dst), rhs)
        } else {
            try intBinary(op, .qword, Self.g(dst), rhs)
        }
    }

    @inline(__always)
    mutating func intBinary(_ op: IntBinaryOp, _ w: Width, _ d: GPR, _ rhs: Operand) throws(AssemblerError) {
        let size: IntSize = w == .dword ? .s32 : .s64
        switch (op, rhs) {
        case (.add, .reg(let r)): try asm.add(w, d, Self.g(r))
        case (.add, .imm(let i)): try asm.add(w, d, i)
        case (.sub, .reg(let r)): try asm.sub(w, d, Self.g(r))
        case (.sub, .imm(let i)): try asm.sub(w, d, i)
        case (.and, .reg(let r)): try asm.and(w, d, Self.g(r))
        case (.and, .imm(let i)): try asm.and(w, d, i)
        case (.or, .reg(let r)): try asm.or(w, d, Self.g(r))
        case (.or, .imm(let i)): try asm.or(w, d, i)
        case (.xor, .reg(let r)): try asm.xor(w, d, Self.g(r))
        case (.xor, .imm(let i)): try asm.xor(w, d, i)
        case (.mul, .reg(let r)): try asm.imul(w, d, Self.g(r))
        case (.mul, .imm(let i)): try asm.imul(w, d, d, i)
        case (.shl, _), (.shrS, _), (.shrU, _), (.rotl, _), (.rotr, _):
            let sop: ShiftOp =
                switch op {
                case .shl: .shl
                case .shrS: .sar
                case .shrU: .shr
                case .rotl: .rol
                default: .ror
                }
            switch rhs {
            case .imm(let i): try asm.shift(sop, w, d, UInt8(truncatingIfNeeded: i) & (size == .s32 ? 31 : 63))
            case .reg(let r):
                precondition(r == Self.shiftCountRegister!, "shift count must be in rcx")
                try asm.shift(sop, w, d, .rcx)
            }
        }
    }

    public mutating func intUnary(_ op: IntUnaryOp, _ size: IntSize, _ dst: Reg, _ src: Reg) throws(AssemblerError) {
        let w = Self.w(size)
        switch op {
        case .clz: try asm.lzcnt(w, Self.g(dst), Self.g(src))
        case .ctz: try asm.tzcnt(w, Self.g(dst), Self.g(src))
        case .popcnt: try asm.popcnt(w, Self.g(dst), Self.g(src))
        }
    }

    public mutating func divRem(
        _ op: DivOp, _ size: IntSize, lhs: Reg, rhs: Reg, divideByZero: Label,
        overflow: Label
    ) throws(AssemblerError) -> Reg {
        let w = Self.w(size)
        var divisor = Self.g(rhs)
        if divisor == .rax || divisor == .rdx {
            try asm.mov(.qword, Self.scratch, divisor)
            divisor = Self.scratch
        }
        if Self.g(lhs) != .rax { try asm.mov(w, .rax, Self.g(lhs)) }
        try asm.test(w, divisor, divisor)
        try asm.j(.e, divideByZero)
        switch op {
        case .divU, .remU:
            try asm.xor(.dword, .rdx, .rdx)
            try asm.div(w, divisor)
        case .divS:
            let ok = asm.newLabel()
            try asm.cmp(w, divisor, -1)
            try asm.j(.ne, ok, short: true)
            // INT_MIN / -1 overflows: INT_MIN is the only value whose negation sets OF.
            try asm.mov(w, .rdx, .rax)
            try asm.neg(w, .rdx)
            try asm.j(.o, overflow)
            try asm.bind(ok)
            if size == .s32 { asm.cdq() } else { asm.cqo() }
            try asm.idiv(w, divisor)
        case .remS:
            let normal = asm.newLabel()
            let done = asm.newLabel()
            try asm.cmp(w, divisor, -1)
            try asm.j(.ne, normal, short: true)
            try asm.xor(.dword, .rdx, .rdx) // x rem -1 = 0 (idiv would fault on INT_MIN)
            try asm.jmp(done, short: true)
            try asm.bind(normal)
            if size == .s32 { asm.cdq() } else { asm.cqo() }
            try asm.idiv(w, divisor)
            try asm.bind(done)
        }
        return op == .divS || op == .divU ? .gpr(0) : .gpr(2)
    }

    public mutating func compareInt(_ size: IntSize, _ lhs: Reg, _ rhs: Operand) throws(AssemblerError) {
        switch rhs {
        case .reg(let r): try asm.cmp(Self.w(size), Self.g(lhs), Self.g(r))
        case .imm(let i): try asm.cmp(Self.w(size), Self.g(lhs), i)
        }
    }

    public mutating func testZero(_ size: IntSize, _ reg: Reg) throws(AssemblerError) {
        try asm.test(Self.w(size), Self.g(reg), Self.g(reg))
    }

    static func cc(_ c: IntCond) -> Condition {
        switch c {
        case .eq: .e
        case .ne: .ne
        case .ltS: .l
        case .ltU: .b
        case .gtS: .g
        case .gtU: .a
        case .leS: .le
        case .leU: .be
        case .geS: .ge
        case .geU: .ae
        }
    }

    public mutating func setIntCond(_ cond: IntCond, _ dst: Reg) throws(AssemblerError) {
        try asm.setcc(Self.cc(cond), Self.g(dst))
        try asm.movzx(.dword, Self.g(dst), .byte, Self.g(dst))
    }

    public mutating func branchIntCond(_ cond: IntCond, _ target: Label) throws(AssemblerError) {
        try asm.j(Self.cc(cond), target)
    }

    public mutating func selectIntCond(_ cond: IntCond, _ type: ValueType, _ dst: Reg, _ src: Reg)
        throws(AssemblerError)
    {
        // dst = cond ? dst : src
        switch type {
        case .i32: try asm.cmov(Self.cc(cond).inverted, .dword, Self.g(dst), Self.g(src))
        case .i64, .funcref, .externref: try asm.cmov(Self.cc(cond).inverted, .qword, Self.g(dst), Self.g(src))
        default:
            let keep = asm.newLabel()
            try asm.j(Self.cc(cond), keep, short: true)
            asm.movaps(Self.x(dst), Self.x(src))
            try asm.bind(keep)
        }
    }

    // MARK: Float

    mutating func loadFloatConstant(_ size: FloatSize, _ dst: XMM, bits: UInt64) throws(AssemblerError) {
        try asm.movImm(Self.scratch, Int64(bitPattern: bits))
        if size == .f32 { try asm.movd(dst, Self.scratch) } else { try asm.movq(dst, Self.scratch) }
    }

    public mutating func floatBinary(_ op: FloatBinaryOp, _ size: FloatSize, _ dst: Reg, _ rhs: Reg)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        let s = Self.x(rhs)
        let single = size == .f32
        switch op {
        case .add: single ? asm.addss(d, s) : asm.addsd(d, s)
        case .sub: single ? asm.subss(d, s) : asm.subsd(d, s)
        case .mul: single ? asm.mulss(d, s) : asm.mulsd(d, s)
        case .div: single ? asm.divss(d, s) : asm.divsd(d, s)
        case .min, .max:
            // Wasm min/max: NaN if either is NaN; -0 < +0. minss/maxss alone get both wrong.
            let notEqual = asm.newLabel()
            let nan = asm.newLabel()
            let done = asm.newLabel()
            single ? asm.ucomiss(d, s) : asm.ucomisd(d, s)
            try asm.j(.ne, notEqual, short: true)
            try asm.j(.p, nan, short: true)
            // equal (possibly ±0): min ORs the sign bits, max ANDs them
            if op == .min {
                single ? asm.orps(d, s) : asm.orpd(d, s)
            } else {
                single ? asm.andps(d, s) : asm.andpd(d, s)
            }
            try asm.jmp(done, short: true)
            try asm.bind(nan)
            single ? asm.addss(d, s) : asm.addsd(d, s) // propagates a (quiet) NaN
            try asm.jmp(done, short: true)
            try asm.bind(notEqual)
            if op == .min {
                single ? asm.minss(d, s) : asm.minsd(d, s)
            } else {
                single ? asm.maxss(d, s) : asm.maxsd(d, s)
            }
            try asm.bind(done)
        case .copysign:
            // d = |d| | sign(s): the sign bit of s masked into fscratch; |d| by shifting the sign bit out and back.
            let sign: UInt64 = single ? 0x8000_0000 : 0x8000_0000_0000_0000
            try loadFloatConstant(size, Self.fscratch, bits: sign)
            asm.andps(Self.fscratch, s)
            if single {
                asm.pslld(d, 1)
                asm.psrld(d, 1)
            } else {
                asm.psllq(d, 1)
                asm.psrlq(d, 1)
            }
            asm.orps(d, Self.fscratch)
        }
    }

    public mutating func floatUnary(_ op: FloatUnaryOp, _ size: FloatSize, _ dst: Reg, _ src: Reg)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        let s = Self.x(src)
        let single = size == .f32
        switch op {
        case .abs, .neg:
            let bits: UInt64 =
                op == .abs
                ? (single ? 0x7FFF_FFFF : 0x7FFF_FFFF_FFFF_FFFF)
                : (single ? 0x8000_0000 : 0x8000_0000_0000_0000)
            try loadFloatConstant(size, Self.fscratch, bits: bits)
            if d != s { asm.movaps(d, s) }
            if op == .abs { asm.andps(d, Self.fscratch) } else { asm.xorps(d, Self.fscratch) }
        case .sqrt: single ? asm.sqrtss(d, s) : asm.sqrtsd(d, s)
        case .ceil, .floor, .trunc, .nearest:
            let mode: RoundingMode =
                switch op {
                case .ceil: .up
                case .floor: .down
                case .trunc: .truncate
                default: .nearest
                }
            single ? asm.roundss(d, s, mode) : asm.roundsd(d, s, mode)
        }
    }

    public mutating func compareFloat(_ cond: FloatCond, _ size: FloatSize, _ lhs: Reg, _ rhs: Reg, _ dst: Reg)
        throws(AssemblerError)
    {
        let a = Self.x(lhs)
        let b = Self.x(rhs)
        let d = Self.g(dst)
        func ucom(_ x: XMM, _ y: XMM) { size == .f32 ? asm.ucomiss(x, y) : asm.ucomisd(x, y) }
        switch cond {
        case .eq, .ne:
            ucom(a, b)
            try asm.setcc(cond == .eq ? .e : .ne, d)
            try asm.setcc(cond == .eq ? .np : .p, Self.scratch)
            if cond == .eq { try asm.and(.byte, d, Self.scratch) } else { try asm.or(.byte, d, Self.scratch) }
        case .lt:
            ucom(b, a)
            try asm.setcc(.a, d)
        case .gt:
            ucom(a, b)
            try asm.setcc(.a, d)
        case .le:
            ucom(b, a)
            try asm.setcc(.ae, d)
        case .ge:
            ucom(a, b)
            try asm.setcc(.ae, d)
        }
        try asm.movzx(.dword, d, .byte, d)
    }
}

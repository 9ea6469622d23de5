import AArch64
import AssemblerCore
import SwasmABI
import WasmDecoder

/// The AArch64 (A64) `MacroAssembler`: the same frame, calling convention and trap protocol as
/// `X64MacroAssembler` (docs/ARCHITECTURE.md), on `Assemblers/AArch64`.
///
/// Register roles (`Reg.gpr(n)` is `xn`, `Reg.fpr(n)` is `vn`):
///
/// | register     | role |
/// |--------------|------|
/// | `x28`        | VM context of the running instance (the signal handler reads it; valid at every instruction of wasm code) |
/// | `x27`        | linear memory 0 base (reloaded from `[x28 + memoryBase]` after every call and helper call) |
/// | `x26`        | gas counter (remaining gas, unsigned), live in every activation; saved to `[x28 + gasRemaining]` around helper calls |
/// | `x29`, `x30` | frame pointer, link register |
/// | `sp`         | stack pointer, 16-byte aligned at every instruction |
/// | `x16`, `x17`, `v31` | scratch inside one macro instruction; never allocated, never live across two |
/// | `x18`        | platform register: never read or written |
/// | `x9`         | at a call through a function reference (and out of the entry trampoline): the FuncRef's `hostIndex` (u32), read by the host-call stub |
/// | allocatable  | `x0–x15`, `x19–x25`, `v0–v30` (the entry trampoline saves the native callee-saved `x19–x28`, `d8–d15`) |
/// | homes        | `x19–x25`, `x12–x15`, `v16–v30` (`homeGPRs`, `homeFPRs`): **callee-saved** in the wasm convention (a function saves the caller's values of the homes it writes); every other allocatable register is caller-saved. Runtime-helper calls go through the helper-call stub, which saves every home the native ABI does not preserve |
///
/// Invariants:
/// - Frame: `stp x29, x30, [sp, #-16]!; mov x29, sp`, so `[fp] = caller's fp`, `[fp + 8] = lr`, parameters at
///   `fp + 16 + 16 * (M - 1 - i)` exactly like x86-64; `[fp - 16]` holds the function's VM context.
/// - Frame-size sites are `movz x16, #lo; movk x16, #hi, lsl #16` pairs patched by `finishFrame` (frames up to 4 GiB).
/// - i32 values in X registers have their upper 32 bits zero: every i32 result is written through a W register.
/// - Integer division never traps in hardware (`sdiv`/`udiv`): divide-by-zero and `INT_MIN / -1` are explicit checks.
/// - Shift/rotate by register uses `lslv/lsrv/asrv/rorv`, which take the count modulo the width (wasm semantics).
/// - Float min/max rely on `FPCR.AH == 0` (the Linux default): `fmin`/`fmax` then order −0 < +0 and return a
///   quiet NaN when either operand is NaN.
/// - PC-relative reach: conditional branches and `cbz` reach ±1 MiB (a function whose body exceeds that fails to
///   compile with `branchOutOfRange`, never miscompiles); `bl` reaches ±128 MiB.
/// - Jump tables are inline data (32-bit offsets relative to the table start) right after the `br`;
///   `dataRanges` lists them so disassembly checks can skip them.
public struct A64MacroAssembler: ~Copyable {
    public var asm: A64Assembler
    /// Offsets of `movz x16` instructions (followed by a `movk x16, lsl #16`) that materialize the frame size.
    var frameSizeSites: [Int] = []
    /// Jump-table words waiting for their label: label id → (word offset, table start).
    var tableEntries: [Int32: [(at: Int, table: Int)]] = [:]
    /// Byte ranges of inline data (jump tables) in the code.
    public var dataRanges: [Range<Int>] = []

    public static let vmctx = X.x28
    public static let memoryBase = X.x27
    public static let gas = X.x26
    public static let fp = XSP(29)
    public static let ip0 = X.x16
    public static let ip1 = X.x17
    public static let fscratch = V(31)
    /// Register carrying the FuncRef's `hostIndex` into the callee (the host-call stub reads it).
    public static let hostIndexRegister = W.w9
    /// Frame slot holding the function's own VM context (restored after calls that switch it).
    public static let vmctxSlot = -16
    /// Code offset just after the last call instruction emitted (its return address).
    public var lastCallReturnOffset = 0
    /// The label of the module's helper-call stub (`emitHelperCallStub` binds it). Calls to it are label uses, so
    /// code compiled in a buffer without the stub (a chunk of a parallel compile) leaves them to the join.
    public var helperCallStub: Label?
    /// The current function's v128 literal pool (`A64Vector.swift`): each distinct constant once, in first-use
    /// order, with the label its `ldr q` literal loads refer to. Emitted by `flushVectorConstants`.
    var vectorPool: [(value: V128, label: Label)] = []
    var vectorPoolIndex: [V128: Int] = [:]
    /// Deterministic-NaN mode: the out-of-line fix-ups of scalar `canonicalizeNaNs` (emitted by
    /// `flushVectorConstants`).
    var nanStubs: [(stub: Label, back: Label, reg: Reg, shape: V128Shape)] = []

    public init() { asm = A64Assembler(initialCapacity: 1 << 16) }
    /// Emit into `buffer` (e.g. executable pages).
    public init(buffer: consuming CodeBuffer) { asm = A64Assembler(buffer: buffer) }
    /// The code buffer had to leave its caller-provided memory (the executable region was too small).
    public var leftExternalMemory: Bool { asm.buffer.leftExternalMemory }

    @inline(__always) static func x(_ r: Reg) -> X { X(encoding: UInt32(r.number)) }
    @inline(__always) static func w(_ r: Reg) -> W { W(encoding: UInt32(r.number)) }
    @inline(__always) static func v(_ r: Reg) -> V { V(encoding: UInt32(r.number)) }
    @inline(__always) static func s(_ r: Reg) -> S { S(encoding: UInt32(r.number)) }
    @inline(__always) static func d(_ r: Reg) -> D { D(encoding: UInt32(r.number)) }
    @inline(__always) static func q(_ r: Reg) -> Q { Q(encoding: UInt32(r.number)) }
    @inline(__always) static func sp(_ r: X) -> XSP { XSP(encoding: r.encoding) }

    /// `v` fits an add/sub immediate (12 bits, optionally shifted by 12; negative values flip add/sub).
    @inline(__always) static func fitsAddImmediate(_ v: Int64) -> Bool {
        let m = v.magnitude
        return m < 4096 || (m & 0xFFF == 0 && m < 4096 << 12)
    }
}

extension A64MacroAssembler: MacroAssembler {
    /// ARMv8-A with Advanced SIMD (NEON) is the baseline: nothing more is needed.
    public var cpuFeatures: ArtifactFlags { [] }
    public static let allocatableGPRs: [Reg] = (Array(0...15) + Array(19...25)).map { Reg.gpr(UInt8($0)) }
    public static let allocatableFPRs: [Reg] = (0..<31).map { Reg.fpr(UInt8($0)) }
    public static let homeGPRs: [Reg] = (Array(19...25) + Array(12...15)).map { Reg.gpr(UInt8($0)) }
    public static let homeFPRs: [Reg] = (16..<31).map { Reg.fpr(UInt8($0)) }
    public static let intReturnRegister = Reg.gpr(0)
    public static let floatReturnRegister = Reg.fpr(0)
    public static let divisionClobbers: [Reg] = []
    public static let shiftCountRegister: Reg? = nil

    public var codeOffset: Int { asm.offset }
    public mutating func truncate(to offset: Int) {
        precondition(offset <= asm.buffer.count)
        asm.buffer.count = offset
    }
    public var bytes: [UInt8] { asm.bytes }

    public mutating func newLabel() -> Label { asm.newLabel() }
    public func offset(of label: Label) -> Int? { asm.labels.position(of: label) }

    public mutating func bind(_ label: Label) throws(AssemblerError) {
        try asm.bind(label)
        if !tableEntries.isEmpty, let pending = tableEntries.removeValue(forKey: label.id) {
            let here = asm.offset
            for e in pending { asm.buffer.patch32(at: e.at, UInt32(truncatingIfNeeded: here - e.table)) }
        }
    }

    public mutating func jump(_ label: Label) throws(AssemblerError) { try asm.b(label) }

    // MARK: Addressing helpers

    /// `rd = base + offset` (SP-role destination), materializing the offset in `rd` if needed.
    mutating func addOffset(_ rd: X, _ base: XSP, _ offset: Int) throws(AssemblerError) {
        if Self.fitsAddImmediate(Int64(offset)) {
            try asm.add(Self.sp(rd), base, offset)
        } else if rd.encoding != base.encoding {
            asm.mov(rd, UInt64(bitPattern: Int64(offset)))
            try asm.add(Self.sp(rd), base, rd, .uxtx)
        } else if offset.magnitude < 1 << 24 {
            // rd is the base: two immediate adds (low 12 bits, then the high part shifted), same sign.
            let low = Int(offset.magnitude & 0xFFF)
            let high = Int(offset.magnitude & ~0xFFF)
            let sign = offset < 0 ? -1 : 1
            try asm.add(Self.sp(rd), base, sign * high)
            try asm.add(Self.sp(rd), Self.sp(rd), sign * low)
        } else {
            throw AssemblerError(.immediateOutOfRange, "offset \(offset) from \(rd) into itself")
        }
    }

    /// `[base + offset]` for an access of `1 << scale` bytes; uses `tmp` when the offset is not encodable.
    mutating func mem(_ base: XSP, _ offset: Int, scale: Int, tmp: X = ip0) throws(AssemblerError) -> Mem {
        if offset >= -256 && offset < 256 { return .offset(base, offset) }
        if offset >= 0 && offset & ((1 << scale) - 1) == 0 && offset >> scale < 4096 { return .offset(base, offset) }
        try addOffset(tmp, base, offset)
        return .offset(Self.sp(tmp), 0)
    }

    static func scale(_ type: ValueType) -> Int {
        switch type {
        case .i32, .f32: 2
        case .i64, .f64, .funcref, .externref: 3
        case .v128: 4
        }
    }

    mutating func loadFrom(_ type: ValueType, _ dst: Reg, base: XSP, offset: Int) throws(AssemblerError) {
        let m = try mem(base, offset, scale: Self.scale(type))
        switch type {
        case .i32: try asm.ldr(Self.w(dst), m)
        case .i64, .funcref, .externref: try asm.ldr(Self.x(dst), m)
        case .f32: try asm.ldr(Self.s(dst), m)
        case .f64: try asm.ldr(Self.d(dst), m)
        case .v128: try asm.ldr(Self.q(dst), m)
        }
    }

    mutating func storeTo(_ type: ValueType, base: XSP, offset: Int, _ src: Reg) throws(AssemblerError) {
        let m = try mem(base, offset, scale: Self.scale(type))
        switch type {
        case .i32: try asm.str(Self.w(src), m)
        case .i64, .funcref, .externref: try asm.str(Self.x(src), m)
        case .f32: try asm.str(Self.s(src), m)
        case .f64: try asm.str(Self.d(src), m)
        case .v128: try asm.str(Self.q(src), m)
        }
    }

    /// Emit `movz x16, #lo; movk x16, #hi, lsl #16` with a zero placeholder and record it as a frame-size site.
    mutating func frameSizeIntoIP0() throws(AssemblerError) {
        frameSizeSites.append(asm.offset)
        try asm.movz(Self.ip0, 0)
        try asm.movk(Self.ip0, 0, lsl: 16)
    }

    // MARK: Frame

    public mutating func prologue(stackOverflow: Label) throws(AssemblerError) {
        try asm.stp(X.x29, X.x30, .pre(.sp, -16))
        asm.movSP(Self.fp, .sp)
        // x16 = sp - frameSize; compare with the stack limit before moving sp.
        try frameSizeIntoIP0()
        try asm.sub(Self.sp(Self.ip0), .sp, Self.ip0, .uxtx)
        try asm.ldr(Self.ip1, .offset(Self.sp(Self.vmctx), VMContextLayout.stackLimit))
        try asm.cmp(Self.ip0, Self.ip1)
        try asm.b(.lo, stackOverflow)
        asm.movSP(.sp, Self.sp(Self.ip0))
        try asm.str(Self.vmctx, .offset(Self.fp, Self.vmctxSlot))
    }

    public mutating func finishFrame(frameSize: Int) throws(AssemblerError) {
        guard frameSize >= 0, frameSize < 1 << 32 else {
            throw AssemblerError(.immediateOutOfRange, "frame size \(frameSize) exceeds 4 GiB")
        }
        for site in frameSizeSites {
            for (k, half) in [(0, frameSize & 0xFFFF), (4, frameSize >> 16)] {
                let word = asm.buffer.read32(at: site + k) & ~(UInt32(0xFFFF) << 5)
                asm.buffer.patch32(at: site + k, word | UInt32(half) << 5)
            }
        }
        frameSizeSites.removeAll(keepingCapacity: true)
    }

    public mutating func zeroSlots(fpOffset: Int, count: Int) throws(AssemblerError) {
        guard count > 0 else { return }
        let last = fpOffset + 16 * (count - 1)
        if count <= 16 && fpOffset >= -512 && last <= 504 {
            for i in 0..<count { try asm.stp(X.xzr, X.xzr, .offset(Self.fp, fpOffset + 16 * i)) }
            return
        }
        if count <= 16 {
            try addOffset(Self.ip0, Self.fp, fpOffset)
            for i in 0..<count { try asm.stp(X.xzr, X.xzr, .offset(Self.sp(Self.ip0), 16 * i)) }
            return
        }
        // x16 = cursor, x17 = end: stp xzr, xzr, [x16], #16 until x16 == x17.
        try addOffset(Self.ip1, Self.fp, fpOffset + 16 * count)
        try addOffset(Self.ip0, Self.fp, fpOffset)
        let loop = asm.newLabel()
        try asm.bind(loop)
        try asm.stp(X.xzr, X.xzr, .post(Self.sp(Self.ip0), 16))
        try asm.cmp(Self.ip0, Self.ip1)
        try asm.b(.lo, loop)
    }

    public mutating func epilogue() throws(AssemblerError) {
        asm.movSP(.sp, Self.fp)
        try asm.ldp(X.x29, X.x30, .post(.sp, 16))
        asm.ret()
    }

    public mutating func loadSlot(_ type: ValueType, _ dst: Reg, fpOffset: Int) throws(AssemblerError) {
        try loadFrom(type, dst, base: Self.fp, offset: fpOffset)
    }

    public mutating func storeSlot(_ type: ValueType, fpOffset: Int, _ src: Reg) throws(AssemblerError) {
        try storeTo(type, base: Self.fp, offset: fpOffset, src)
    }

    public mutating func storeSlotImmediate(_ type: ValueType, fpOffset: Int, bits: UInt64) throws(AssemblerError) {
        switch type {
        case .i32, .f32:
            let v = UInt32(truncatingIfNeeded: bits)
            var r = W.wzr
            if v != 0 {
                asm.mov(Self.ip1.w, v)
                r = Self.ip1.w
            }
            let m = try mem(Self.fp, fpOffset, scale: 2)
            try asm.str(r, m)
        case .i64, .f64, .funcref, .externref:
            var r = X.xzr
            if bits != 0 {
                asm.mov(Self.ip1, bits)
                r = Self.ip1
            }
            let m = try mem(Self.fp, fpOffset, scale: 3)
            try asm.str(r, m)
        case .v128:
            try storeSlotV128Constant(fpOffset: fpOffset, V128(low: bits, high: 0))
        }
    }

    public mutating func copySlot(_ type: ValueType, from: Int, to: Int) throws(AssemblerError) {
        if type == .v128 {
            let q = Q(encoding: Self.fscratch.encoding)
            let a = try mem(Self.fp, from, scale: 4)
            try asm.ldr(q, a)
            let b = try mem(Self.fp, to, scale: 4)
            try asm.str(q, b)
        } else if type == .i32 || type == .f32 {
            // Exactly the value's width (a wider load than the slot's store defeats store forwarding).
            let a = try mem(Self.fp, from, scale: 2)
            try asm.ldr(Self.ip1.w, a)
            let b = try mem(Self.fp, to, scale: 2)
            try asm.str(Self.ip1.w, b)
        } else {
            let a = try mem(Self.fp, from, scale: 3)
            try asm.ldr(Self.ip1, a)
            let b = try mem(Self.fp, to, scale: 3)
            try asm.str(Self.ip1, b)
        }
    }

    public mutating func move(_ type: ValueType, _ dst: Reg, _ src: Reg) {
        guard dst != src else { return }
        switch type {
        case .i32: asm.mov(Self.w(dst), Self.w(src))
        case .i64, .funcref, .externref: asm.mov(Self.x(dst), Self.x(src))
        case .f32, .f64, .v128:
            // `mov` only rejects arrangements other than 8B and 16B: 16B cannot fail.
            do { try asm.mov(Self.v(dst), Self.v(src), .b16) } catch { preconditionFailure("mov v.16b: \(error)") }
        }
    }

    /// Load float constant `bits` into `dst` (S or D view by `size`), using x16 when no `fmov #imm` fits.
    mutating func loadFloatConstant(_ size: FloatSize, _ dst: V, bits: UInt64) throws(AssemblerError) {
        if size == .f32 {
            let b = UInt32(truncatingIfNeeded: bits)
            if b == 0 {
                asm.fmov(dst.s, W.wzr)
                return
            }
            if FPImmediate.encode(Double(Float(bitPattern: b))) != nil {
                try asm.fmov(dst.s, Double(Float(bitPattern: b)))
                return
            }
            asm.mov(Self.ip0.w, b)
            asm.fmov(dst.s, Self.ip0.w)
        } else {
            if bits == 0 {
                asm.fmov(dst.d, X.xzr)
                return
            }
            if FPImmediate.encode(Double(bitPattern: bits)) != nil {
                try asm.fmov(dst.d, Double(bitPattern: bits))
                return
            }
            asm.mov(Self.ip0, bits)
            asm.fmov(dst.d, Self.ip0)
        }
    }

    public mutating func loadConstant(_ type: ValueType, _ dst: Reg, bits: UInt64) throws(AssemblerError) {
        switch type {
        case .i32: asm.mov(Self.w(dst), UInt32(truncatingIfNeeded: bits))
        case .i64, .funcref, .externref: asm.mov(Self.x(dst), bits)
        case .f32: try loadFloatConstant(.f32, Self.v(dst), bits: bits)
        case .f64: try loadFloatConstant(.f64, Self.v(dst), bits: bits)
        case .v128: try loadV128Constant(dst, V128(low: bits, high: 0))
        }
    }

    /// Every constant is accepted: operations whose immediate form cannot encode it materialize it in x16.
    public func fitsImmediate(_ value: Int64, _ size: IntSize) -> Bool { true }

    // MARK: Integer

    /// The immediate `i` in a register of `R`'s width: the zero register for 0, else x16/w16.
    mutating func immediateRegister<R: ZRRegister>(_: R.Type, _ i: Int64) -> R {
        if R.sf == 1 {
            if i == 0 { return R(encoding: 31) }
            asm.mov(Self.ip0, UInt64(bitPattern: i))
        } else {
            let v = UInt32(truncatingIfNeeded: i)
            if v == 0 { return R(encoding: 31) }
            asm.mov(Self.ip0.w, v)
        }
        return R(encoding: Self.ip0.encoding)
    }

    public mutating func intBinary(_ op: IntBinaryOp, _ size: IntSize, _ dst: Reg, _ rhs: Operand)
        throws(AssemblerError)
    {
        if size == .s32 { try intBinary(W.self, op, dst, rhs) } else { try intBinary(X.self, op, dst, rhs) }
    }

    mutating func intBinary<R: ZRRegister>(_: R.Type, _ op: IntBinaryOp, _ dst: Reg, _ rhs: Operand)
        throws(AssemblerError)
    {
        let d = R(encoding: UInt32(dst.number))
        let width = R.bits
        switch rhs {
        case .imm(let i):
            // For 32-bit operations `i` is the sign-extended i32; W instructions use its low 32 bits.
            switch op {
            case .add, .sub:
                if Self.fitsAddImmediate(i) {
                    let ds = R.SPRole(encoding: d.encoding)
                    if op == .add { try asm.add(ds, ds, Int(i)) } else { try asm.sub(ds, ds, Int(i)) }
                } else {
                    let r = immediateRegister(R.self, i)
                    if op == .add { try asm.add(d, d, r) } else { try asm.sub(d, d, r) }
                }
            case .and, .or, .xor:
                let bits = width == 32 ? UInt64(UInt32(truncatingIfNeeded: i)) : UInt64(bitPattern: i)
                if BitmaskImmediate.encode(bits, width: width) != nil {
                    let ds = R.SPRole(encoding: d.encoding)
                    switch op {
                    case .and: try asm.and(ds, d, bits)
                    case .or: try asm.orr(ds, d, bits)
                    default: try asm.eor(ds, d, bits)
                    }
                } else {
                    let r = immediateRegister(R.self, i)
                    switch op {
                    case .and: try asm.and(d, d, r)
                    case .or: try asm.orr(d, d, r)
                    default: try asm.eor(d, d, r)
                    }
                }
            case .mul:
                let r = immediateRegister(R.self, i)
                asm.mul(d, d, r)
            case .shl, .shrS, .shrU, .rotl, .rotr:
                let c = Int(i & Int64(width - 1))
                switch op {
                case .shl: try asm.lsl(d, d, c)
                case .shrS: try asm.asr(d, d, c)
                case .shrU: try asm.lsr(d, d, c)
                case .rotr: try asm.ror(d, d, c)
                default: try asm.ror(d, d, (width - c) & (width - 1))
                }
            }
        case .reg(let rr):
            let r = R(encoding: UInt32(rr.number))
            switch op {
            case .add: try asm.add(d, d, r)
            case .sub: try asm.sub(d, d, r)
            case .mul: asm.mul(d, d, r)
            case .and: try asm.and(d, d, r)
            case .or: try asm.orr(d, d, r)
            case .xor: try asm.eor(d, d, r)
            // lslv/lsrv/asrv/rorv take the count modulo the register width, as wasm does.
            case .shl: asm.lsl(d, d, r)
            case .shrS: asm.asr(d, d, r)
            case .shrU: asm.lsr(d, d, r)
            case .rotr: asm.ror(d, d, r)
            case .rotl:
                // rotl(x, n) = rotr(x, -n mod width)
                let t = R(encoding: Self.ip0.encoding)
                try asm.neg(t, r)
                asm.ror(d, d, t)
            }
        }
    }

    public mutating func intUnary(_ op: IntUnaryOp, _ size: IntSize, _ dst: Reg, _ src: Reg) throws(AssemblerError) {
        switch op {
        case .clz:
            if size == .s32 { asm.clz(Self.w(dst), Self.w(src)) } else { asm.clz(Self.x(dst), Self.x(src)) }
        case .ctz:
            if size == .s32 {
                asm.rbit(Self.w(dst), Self.w(src))
                asm.clz(Self.w(dst), Self.w(dst))
            } else {
                asm.rbit(Self.x(dst), Self.x(src))
                asm.clz(Self.x(dst), Self.x(dst))
            }
        case .popcnt:
            // Scalar FP writes clear the rest of v31, so the byte count sums only the operand's bytes.
            let v = Self.fscratch
            if size == .s32 { asm.fmov(v.s, Self.w(src)) } else { asm.fmov(v.d, Self.x(src)) }
            try asm.cnt(v, v, .b8)
            try asm.addv(v, v, .b8)
            asm.fmov(Self.w(dst), v.s)
        }
    }

    public mutating func divRem(
        _ op: DivOp, _ size: IntSize, lhs: Reg, rhs: Reg, divideByZero: Label,
        overflow: Label
    ) throws(AssemblerError) -> Reg {
        if size == .s32 {
            try divRem(W.self, op, lhs: lhs, rhs: rhs, divideByZero: divideByZero, overflow: overflow)
        } else {
            try divRem(X.self, op, lhs: lhs, rhs: rhs, divideByZero: divideByZero, overflow: overflow)
        }
        return lhs
    }

    mutating func divRem<R: ZRRegister>(
        _: R.Type, _ op: DivOp, lhs: Reg, rhs: Reg, divideByZero: Label,
        overflow: Label
    ) throws(AssemblerError) {
        let a = R(encoding: UInt32(lhs.number))
        let b = R(encoding: UInt32(rhs.number))
        let t = R(encoding: Self.ip0.encoding)
        try asm.cbz(b, divideByZero)
        switch op {
        case .divS:
            // INT_MIN / -1 overflows: rhs == -1 and lhs - 1 overflows (V) exactly when lhs == INT_MIN.
            let ok = asm.newLabel()
            try asm.cmn(R.SPRole(encoding: b.encoding), 1)
            try asm.b(.ne, ok)
            try asm.cmp(R.SPRole(encoding: a.encoding), 1)
            try asm.b(.vs, overflow)
            try asm.bind(ok)
            asm.sdiv(a, a, b)
        case .divU:
            asm.udiv(a, a, b)
        case .remS:
            // sdiv wraps INT_MIN / -1 to INT_MIN, and INT_MIN - INT_MIN * -1 = 0: x rem -1 = 0 with no special case.
            asm.sdiv(t, a, b)
            asm.msub(a, t, b, a)
        case .remU:
            asm.udiv(t, a, b)
            asm.msub(a, t, b, a)
        }
    }

    public mutating func compareInt(_ size: IntSize, _ lhs: Reg, _ rhs: Operand) throws(AssemblerError) {
        if size == .s32 { try compareInt(W.self, lhs, rhs) } else { try compareInt(X.self, lhs, rhs) }
    }

    mutating func compareInt<R: ZRRegister>(_: R.Type, _ lhs: Reg, _ rhs: Operand) throws(AssemblerError) {
        let a = R(encoding: UInt32(lhs.number))
        switch rhs {
        case .reg(let r): try asm.cmp(a, R(encoding: UInt32(r.number)))
        case .imm(let i):
            // `cmp a, #-k` assembles as `cmn a, #k` (k ≠ 0), which sets identical NZCV.
            if Self.fitsAddImmediate(i) {
                try asm.cmp(R.SPRole(encoding: a.encoding), Int(i))
            } else {
                let r = immediateRegister(R.self, i)
                try asm.cmp(a, r)
            }
        }
    }

    public mutating func testZero(_ size: IntSize, _ reg: Reg) throws(AssemblerError) {
        if size == .s32 {
            try asm.cmp(WSP(encoding: UInt32(reg.number)), 0)
        } else {
            try asm.cmp(XSP(encoding: UInt32(reg.number)), 0)
        }
    }

    static func cc(_ c: IntCond) -> Cond {
        switch c {
        case .eq: .eq
        case .ne: .ne
        case .ltS: .lt
        case .ltU: .lo
        case .gtS: .gt
        case .gtU: .hi
        case .leS: .le
        case .leU: .ls
        case .geS: .ge
        case .geU: .hs
        }
    }

    public mutating func setIntCond(_ cond: IntCond, _ dst: Reg) throws(AssemblerError) {
        try asm.cset(Self.w(dst), Self.cc(cond))
    }

    public mutating func branchIntCond(_ cond: IntCond, _ target: Label) throws(AssemblerError) {
        try asm.b(Self.cc(cond), target)
    }

    public mutating func selectIntCond(_ cond: IntCond, _ type: ValueType, _ dst: Reg, _ src: Reg)
        throws(AssemblerError)
    {
        // dst = cond ? dst : src
        let c = Self.cc(cond)
        switch type {
        case .i32: asm.csel(Self.w(dst), Self.w(dst), Self.w(src), c)
        case .i64, .funcref, .externref: asm.csel(Self.x(dst), Self.x(dst), Self.x(src), c)
        case .f32: asm.fcsel(Self.s(dst), Self.s(dst), Self.s(src), c)
        case .f64: asm.fcsel(Self.d(dst), Self.d(dst), Self.d(src), c)
        case .v128:
            let keep = asm.newLabel()
            try asm.b(c, keep)
            try asm.mov(Self.v(dst), Self.v(src), .b16)
            try asm.bind(keep)
        }
    }

    // MARK: Float

    public mutating func floatBinary(_ op: FloatBinaryOp, _ size: FloatSize, _ dst: Reg, _ rhs: Reg)
        throws(AssemblerError)
    {
        if size == .f32 { try floatBinary(S.self, op, dst, rhs) } else { try floatBinary(D.self, op, dst, rhs) }
    }

    mutating func floatBinary<F: FPScalar>(_: F.Type, _ op: FloatBinaryOp, _ dst: Reg, _ rhs: Reg)
        throws(AssemblerError)
    {
        let d = F(encoding: UInt32(dst.number))
        let s = F(encoding: UInt32(rhs.number))
        switch op {
        case .add: asm.fadd(d, d, s)
        case .sub: asm.fsub(d, d, s)
        case .mul: asm.fmul(d, d, s)
        case .div: asm.fdiv(d, d, s)
        // FPCR.AH == 0: −0 < +0, and a NaN operand gives a quiet NaN (wasm's min/max exactly).
        case .min: asm.fmin(d, d, s)
        case .max: asm.fmax(d, d, s)
        case .copysign:
            // v31 = the sign bit alone (fneg of +0.0 = −0.0; the scalar write zeroes the other bits);
            // bit: d = (d & ~mask) | (s & mask), so only the sign bit of d changes.
            let m = Self.fscratch
            try asm.movi(m, .d1, bytes: 0)
            let mask = F(encoding: m.encoding)
            asm.fneg(mask, mask)
            try asm.bit(Self.v(dst), Self.v(rhs), m, .b8)
        }
    }

    public mutating func floatUnary(_ op: FloatUnaryOp, _ size: FloatSize, _ dst: Reg, _ src: Reg)
        throws(AssemblerError)
    {
        if size == .f32 { floatUnary(S.self, op, dst, src) } else { floatUnary(D.self, op, dst, src) }
    }

    mutating func floatUnary<F: FPScalar>(_: F.Type, _ op: FloatUnaryOp, _ dst: Reg, _ src: Reg) {
        let d = F(encoding: UInt32(dst.number))
        let s = F(encoding: UInt32(src.number))
        switch op {
        // fabs/fneg only touch the sign bit (NaN payloads kept), as wasm requires.
        case .abs: asm.fabs(d, s)
        case .neg: asm.fneg(d, s)
        case .sqrt: asm.fsqrt(d, s)
        case .ceil: asm.frintp(d, s)
        case .floor: asm.frintm(d, s)
        case .trunc: asm.frintz(d, s)
        case .nearest: asm.frintn(d, s)
        }
    }

    public mutating func compareFloat(_ cond: FloatCond, _ size: FloatSize, _ lhs: Reg, _ rhs: Reg, _ dst: Reg)
        throws(AssemblerError)
    {
        if size == .f32 { asm.fcmp(Self.s(lhs), Self.s(rhs)) } else { asm.fcmp(Self.d(lhs), Self.d(rhs)) }
        // fcmp NZCV: less 1000, equal 0110, greater 0010, unordered 0011. Every condition below is false for
        // unordered except `ne`.
        let c: Cond =
            switch cond {
            case .eq: .eq
            case .ne: .ne
            case .lt: .mi
            case .gt: .gt
            case .le: .ls
            case .ge: .ge
            }
        try asm.cset(Self.w(dst), c)
    }
}

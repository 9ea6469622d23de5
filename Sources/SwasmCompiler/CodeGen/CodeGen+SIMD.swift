import AssemblerCore
import WasmDecoder

// SIMD (v128) code generation. The operator families with a fixed signature (binary, unary, shift, test and the
// plain loads) are dispatched by generated visitor methods (`Generated/VectorOperators.swift`) to the drivers
// below; the operators with lane immediates, constants and memory lanes are written here. Every driver follows the
// `VectorMacroAssembler` register contract: `dst` owned (in place), other operands read-only, temporaries
// allocated here as the backend asks.
//
// v128 constants: a `.const(i)` stack entry of type v128 holds an index into `vectorConstants` (the function's
// constant pool), not the bits. Nothing is emitted for `v128.const` until a consumer needs the value.
extension CodeGen where M: ~Copyable {
    /// The v128 value of a constant entry.
    @inline(__always)
    func vectorConstant(_ bits: UInt64) -> V128 { vectorConstants[Int(bits)] }

    func pushVectorConstant(_ v: V128) {
        vectorConstants.append(v)
        push(.v128, .const(UInt64(vectorConstants.count - 1)))
    }

    /// Allocate the vector temporaries `operation` needs (give them back with `releaseTemps`).
    func vectorTemps(_ operation: VectorOperation) throws(WasmError) -> VectorTemps {
        let n = M.temporaries(for: operation)
        precondition(n <= 1, "a vector operation asks for at most one temporary")
        return n == 0 ? .none : VectorTemps(try allocate(float: true))
    }

    func releaseTemps(_ t: VectorTemps) {
        if let a = t.first { release(a) }
    }

    /// Deterministic-NaN mode: canonicalize the NaN lanes of a float result.
    @inline(__always)
    func canonicalizeResult(_ shape: V128Shape, _ r: Reg, scalar: Bool = false) throws(WasmError) {
        guard canonicalNaNs else { return }
        let t = try vectorTemps(.canonicalizeNaNs(shape))
        try asm { (m) throws(AssemblerError) in try m.canonicalizeNaNs(shape, r, scalar: scalar, temps: t) }
        releaseTemps(t)
    }

    // MARK: Families (generated dispatch)

    func v128Binary(_ op: V128BinaryOp) throws(WasmError) {
        let (rhs, _) = try popReadOnly()
        // A local's register (home or cached copy) is read in place: three-operand forms need no copy of it.
        let depth = stack.count - 1
        let e = pop()
        let lhs: Reg
        let dst: Reg
        if case .local(let l) = e.loc, home(l) != nil || cachedReg(l) != nil {
            lhs = try loadReadOnly(e, depth: depth)
            dst = try allocate(float: true)
        } else {
            lhs = try load(e, depth: depth)
            dst = lhs
        }
        let t = try vectorTemps(.binary(op))
        if lhs == dst {
            try asm { (m) throws(AssemblerError) in try m.v128Binary(op, dst, rhs, temps: t) }
        } else {
            try asm { (m) throws(AssemblerError) in try m.v128Binary(op, dst, lhs, rhs, temps: t) }
            free(lhs)
        }
        releaseTemps(t)
        free(rhs)
        if let shape = op.nanProducingShape { try canonicalizeResult(shape, dst) }
        push(.v128, .reg(dst))
    }

    func v128Unary(_ op: V128UnaryOp) throws(WasmError) {
        let (dst, _) = try popReg()
        let t = try vectorTemps(.unary(op))
        try asm { (m) throws(AssemblerError) in try m.v128Unary(op, dst, temps: t) }
        releaseTemps(t)
        if let shape = op.nanProducingShape { try canonicalizeResult(shape, dst) }
        push(.v128, .reg(dst))
    }

    func v128Shift(_ op: V128ShiftOp) throws(WasmError) {
        let amount = try popOperand(.s32)
        let (dst, _) = try popReg()
        let t = try vectorTemps(.shift(op))
        try asm { (m) throws(AssemblerError) in try m.v128Shift(op, dst, amount: amount, temps: t) }
        releaseTemps(t)
        freeOperand(amount)
        push(.v128, .reg(dst))
    }

    func v128Test(_ op: V128TestOp) throws(WasmError) {
        let (src, _) = try popReadOnly()
        let dst = try allocate(float: false)
        let t = try vectorTemps(.test(op))
        try asm { (m) throws(AssemblerError) in try m.v128Test(op, dst, src, temps: t) }
        releaseTemps(t)
        free(src)
        push(.i32, .reg(dst))
    }

    func v128Load(_ kind: V128LoadKind, _ memarg: MemArg) throws(WasmError) {
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: kind.byteCount)
        let dst = try allocate(float: true)
        let at = try asm { (m) throws(AssemblerError) in try m.v128Load(kind, dst, index: index, offset: offset) }
        recordTrapSite(at)
        if let index { free(index) }
        push(.v128, .reg(dst))
    }

    // MARK: Hand-written operators

    public func visitV128Const(_ value: V128) throws(WasmError) { pushVectorConstant(value) }

    public func visitV128Store(_ memarg: MemArg) throws(WasmError) {
        let (src, _) = try popReadOnly()
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: 16)
        let at = try asm { (m) throws(AssemblerError) in try m.v128Store(src, index: index, offset: offset) }
        recordTrapSite(at)
        free(src)
        if let index { free(index) }
    }

    public func visitI8x16Shuffle(lanes: V128) throws(WasmError) {
        let (rhs, _) = try popReadOnly()
        let (dst, _) = try popReg()
        let t = try vectorTemps(.shuffle)
        try asm { (m) throws(AssemblerError) in try m.v128Shuffle(dst, rhs, lanes: lanes, temps: t) }
        releaseTemps(t)
        free(rhs)
        push(.v128, .reg(dst))
    }

    public func visitV128Bitselect() throws(WasmError) {
        let (mask, _) = try popReadOnly()
        let (other, _) = try popReadOnly()
        let (dst, _) = try popReg()
        let t = try vectorTemps(.bitselect)
        try asm { (m) throws(AssemblerError) in try m.v128Bitselect(dst, other, mask: mask, temps: t) }
        releaseTemps(t)
        free(mask)
        free(other)
        push(.v128, .reg(dst))
    }

    func splat(_ shape: V128Shape) throws(WasmError) {
        // A constant splat is a constant vector (folded at compile time).
        if let bits = constBits(stack[stack.count - 1]) {
            _ = pop()
            pushVectorConstant(V128(splatting: bits, laneBytes: shape.laneBytes))
            return
        }
        let (src, _) = try popReadOnly()
        let dst = try allocate(float: true)
        let t = try vectorTemps(.splat(shape))
        try asm { (m) throws(AssemblerError) in try m.v128Splat(shape, dst, src, temps: t) }
        releaseTemps(t)
        free(src)
        push(.v128, .reg(dst))
    }

    func extractLane(_ shape: V128Shape, signed: Bool, _ lane: UInt8) throws(WasmError) {
        let (src, _) = try popReadOnly()
        let type = shape.laneType
        let dst = try allocate(for: type)
        try asm { (m) throws(AssemblerError) in
            try m.v128ExtractLane(shape, signed: signed, dst, src, lane: lane)
        }
        free(src)
        push(type, .reg(dst))
    }

    func replaceLane(_ shape: V128Shape, _ lane: UInt8) throws(WasmError) {
        let (value, _) = try popReadOnly()
        let (dst, _) = try popReg()
        let t = try vectorTemps(.replaceLane(shape))
        try asm { (m) throws(AssemblerError) in try m.v128ReplaceLane(shape, dst, value, lane: lane, temps: t) }
        releaseTemps(t)
        free(value)
        push(.v128, .reg(dst))
    }

    func loadLane(_ laneBytes: Int, _ memarg: MemArg, _ lane: UInt8) throws(WasmError) {
        let (dst, _) = try popReg()
        take(dst)
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: laneBytes)
        let at = try asm { (m) throws(AssemblerError) in
            try m.v128LoadLane(laneBytes: laneBytes, dst, lane: lane, index: index, offset: offset)
        }
        recordTrapSite(at)
        if let index { free(index) }
        push(.v128, .reg(dst))
    }

    func storeLane(_ laneBytes: Int, _ memarg: MemArg, _ lane: UInt8) throws(WasmError) {
        let (src, _) = try popReadOnly()
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: laneBytes)
        let at = try asm { (m) throws(AssemblerError) in
            try m.v128StoreLane(laneBytes: laneBytes, src, lane: lane, index: index, offset: offset)
        }
        recordTrapSite(at)
        free(src)
        if let index { free(index) }
    }

    public func visitI8x16Splat() throws(WasmError) { try splat(.i8x16) }
    public func visitI16x8Splat() throws(WasmError) { try splat(.i16x8) }
    public func visitI32x4Splat() throws(WasmError) { try splat(.i32x4) }
    public func visitI64x2Splat() throws(WasmError) { try splat(.i64x2) }
    public func visitF32x4Splat() throws(WasmError) { try splat(.f32x4) }
    public func visitF64x2Splat() throws(WasmError) { try splat(.f64x2) }
    public func visitI8x16ExtractLaneS(lane: UInt8) throws(WasmError) { try extractLane(.i8x16, signed: true, lane) }
    public func visitI8x16ExtractLaneU(lane: UInt8) throws(WasmError) { try extractLane(.i8x16, signed: false, lane) }
    public func visitI16x8ExtractLaneS(lane: UInt8) throws(WasmError) { try extractLane(.i16x8, signed: true, lane) }
    public func visitI16x8ExtractLaneU(lane: UInt8) throws(WasmError) { try extractLane(.i16x8, signed: false, lane) }
    public func visitI32x4ExtractLane(lane: UInt8) throws(WasmError) { try extractLane(.i32x4, signed: false, lane) }
    public func visitI64x2ExtractLane(lane: UInt8) throws(WasmError) { try extractLane(.i64x2, signed: false, lane) }
    public func visitF32x4ExtractLane(lane: UInt8) throws(WasmError) { try extractLane(.f32x4, signed: false, lane) }
    public func visitF64x2ExtractLane(lane: UInt8) throws(WasmError) { try extractLane(.f64x2, signed: false, lane) }
    public func visitI8x16ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.i8x16, lane) }
    public func visitI16x8ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.i16x8, lane) }
    public func visitI32x4ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.i32x4, lane) }
    public func visitI64x2ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.i64x2, lane) }
    public func visitF32x4ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.f32x4, lane) }
    public func visitF64x2ReplaceLane(lane: UInt8) throws(WasmError) { try replaceLane(.f64x2, lane) }
    public func visitV128Load8Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) { try loadLane(1, memarg, lane) }
    public func visitV128Load16Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) { try loadLane(2, memarg, lane) }
    public func visitV128Load32Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) { try loadLane(4, memarg, lane) }
    public func visitV128Load64Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) { try loadLane(8, memarg, lane) }
    public func visitV128Store8Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        try storeLane(1, memarg, lane)
    }
    public func visitV128Store16Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        try storeLane(2, memarg, lane)
    }
    public func visitV128Store32Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        try storeLane(4, memarg, lane)
    }
    public func visitV128Store64Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        try storeLane(8, memarg, lane)
    }
}

extension V128 {
    /// `bits` (its low `laneBytes` bytes) in every lane.
    init(splatting bits: UInt64, laneBytes: Int) {
        var word: UInt64
        switch laneBytes {
        case 1: word = (bits & 0xFF) &* 0x0101_0101_0101_0101
        case 2: word = (bits & 0xFFFF) &* 0x0001_0001_0001_0001
        case 4: word = (bits & 0xFFFF_FFFF) &* 0x0000_0001_0000_0001
        default: word = bits
        }
        self.init(low: word, high: word)
    }
}

extension V128BinaryOp {
    /// The float shape of an operator that can make a new NaN (deterministic-NaN mode canonicalizes its result).
    /// `pmin`/`pmax` select an operand's bits and never make one.
    var nanProducingShape: V128Shape? {
        switch self {
        case .f32x4Add, .f32x4Sub, .f32x4Mul, .f32x4Div, .f32x4Min, .f32x4Max: .f32x4
        case .f64x2Add, .f64x2Sub, .f64x2Mul, .f64x2Div, .f64x2Min, .f64x2Max: .f64x2
        default: nil
        }
    }
}

extension V128UnaryOp {
    /// See `V128BinaryOp.nanProducingShape`. abs and neg only change the sign bit.
    var nanProducingShape: V128Shape? {
        switch self {
        case .f32x4Ceil, .f32x4Floor, .f32x4Trunc, .f32x4Nearest, .f32x4Sqrt, .f32x4DemoteF64x2Zero: .f32x4
        case .f64x2Ceil, .f64x2Floor, .f64x2Trunc, .f64x2Nearest, .f64x2Sqrt, .f64x2PromoteLowF32x4: .f64x2
        default: nil
        }
    }
}

import AssemblerCore
import WasmDecoder

extension IntBinaryOp {
    var isCommutative: Bool {
        switch self {
        case .add, .mul, .and, .or, .xor: true
        default: false
        }
    }
    /// Shifts and rotates (the count is taken modulo the width).
    var isShift: Bool {
        switch self {
        case .shl, .shrS, .shrU, .rotl, .rotr: true
        default: false
        }
    }
}

extension CodeGen where M: ~Copyable {
    // MARK: Helpers

    func constBits(_ e: StackEntry) -> UInt64? {
        if case .const(let b) = e.loc, e.type != .v128 { return b }
        return nil
    }

    /// Integer binary operator with constant folding and immediate operands.
    func intBinary(_ op: IntBinaryOp, _ size: IntSize) throws(WasmError) {
        let type: ValueType = size == .s32 ? .i32 : .i64
        let n = stack.count
        if let a = constBits(stack[n - 2]), let b = constBits(stack[n - 1]) {
            stack.removeLast(2)
            push(type, .const(fold(op, size, a, b)))
            return
        }
        // Commutative: put a constant on the right. Not when the right operand is `.stack`: that location means
        // "in the slot of my depth", so moving the entry down one depth would point it at the wrong slot (issue 12:
        // `i32.const 31; <a spilled value>; i32.mul` multiplied by a stale slot).
        if op.isCommutative, constBits(stack[n - 2]) != nil, stack[n - 1].loc != .stack {
            stack.swapAt(n - 2, n - 1)
        }
        // x+0, x-0, x|0, x^0, shifts by 0, x*1, x&-1: the left operand is the result (no code).
        if let b = constBits(stack[n - 1]) {
            let v = size == .s32 ? b & 0xFFFF_FFFF : b
            let ones: UInt64 = size == .s32 ? 0xFFFF_FFFF : ~0
            let identity =
                switch op {
                case .add, .sub, .or, .xor: v == 0
                case .shl, .shrS, .shrU, .rotl, .rotr: v & (size == .s32 ? 31 : 63) == 0
                case .mul: v == 1
                case .and: v == ones
                }
            if identity {
                _ = pop()
                return
            }
        }
        if op.isShift, constBits(stack[n - 1]) == nil,
            let countReg = M.shiftCountRegister
        {
            try variableShift(op, size, type, countReg)
            return
        }
        // Shift and rotate counts are taken modulo the width: mask a constant count so it always fits.
        if op.isShift, let bits = constBits(stack[n - 1]) {
            stack[n - 1].loc = .const(bits & (size == .s32 ? 31 : 63))
        }
        let rhs = try popOperand(size)
        let (lhs, _) = try popReg()
        try asm { (m) throws(AssemblerError) in try m.intBinary(op, size, lhs, rhs) }
        freeOperand(rhs)
        push(type, .reg(lhs))
    }

    /// x86: the count must be in rcx.
    func variableShift(_ op: IntBinaryOp, _ size: IntSize, _ type: ValueType, _ rcx: Reg) throws(WasmError) {
        let countEntry = pop()
        var (lhs, _) = try popReg()
        take(lhs)
        try evict(rcx)
        if lhs == rcx {
            let n = try allocate(float: false)
            masm.move(type, n, rcx)
            lhs = n
            free(rcx)
        }
        switch countEntry.loc {
        case .reg(let r):
            if r != rcx {
                masm.move(.i64, rcx, r)
                free(r)
            }
        default:
            take(rcx)
            let c = try load(countEntry, depth: stack.count + 1)
            masm.move(.i64, rcx, c)
            if c != rcx { free(c) }
        }
        take(rcx)
        try asm { (m) throws(AssemblerError) in try m.intBinary(op, size, lhs, .reg(rcx)) }
        free(rcx)
        push(type, .reg(lhs))
    }

    func fold(_ op: IntBinaryOp, _ size: IntSize, _ a: UInt64, _ b: UInt64) -> UInt64 {
        if size == .s32 {
            let x = UInt32(truncatingIfNeeded: a)
            let y = UInt32(truncatingIfNeeded: b)
            let r: UInt32 =
                switch op {
                case .add: x &+ y
                case .sub: x &- y
                case .mul: x &* y
                case .and: x & y
                case .or: x | y
                case .xor: x ^ y
                case .shl: x << (y & 31)
                case .shrS: UInt32(bitPattern: Int32(bitPattern: x) >> Int32(y & 31))
                case .shrU: x >> (y & 31)
                case .rotl: (x << (y & 31)) | (x >> ((32 - (y & 31)) & 31))
                case .rotr: (x >> (y & 31)) | (x << ((32 - (y & 31)) & 31))
                }
            return UInt64(r)
        }
        let x = a
        let y = b
        return switch op {
        case .add: x &+ y
        case .sub: x &- y
        case .mul: x &* y
        case .and: x & y
        case .or: x | y
        case .xor: x ^ y
        case .shl: x << (y & 63)
        case .shrS: UInt64(bitPattern: Int64(bitPattern: x) >> Int64(y & 63))
        case .shrU: x >> (y & 63)
        case .rotl: (x << (y & 63)) | (x >> ((64 - (y & 63)) & 63))
        case .rotr: (x >> (y & 63)) | (x << ((64 - (y & 63)) & 63))
        }
    }

    func intUnary(_ op: IntUnaryOp, _ size: IntSize) throws(WasmError) {
        let type: ValueType = size == .s32 ? .i32 : .i64
        let (src, _) = try popReg()
        try asm { (m) throws(AssemblerError) in try m.intUnary(op, size, src, src) }
        push(type, .reg(src))
    }

    func divRem(_ op: DivOp, _ size: IntSize) throws(WasmError) {
        let type: ValueType = size == .s32 ? .i32 : .i64
        try evict(M.divisionClobbers)
        let (rhs, _) = try popReg()
        take(rhs)
        let (lhs, _) = try popReg()
        take(lhs)
        for r in M.divisionClobbers { take(r) }
        let dz = trapLabel(.integerDivideByZero)
        let ov = (op == .divS) ? trapLabel(.integerOverflow) : dz
        let result = try asm { (m) throws(AssemblerError) in
            try m.divRem(op, size, lhs: lhs, rhs: rhs, divideByZero: dz, overflow: ov)
        }
        free(lhs)
        free(rhs)
        for r in M.divisionClobbers { free(r) }
        take(result)
        push(type, .reg(result))
    }

    func compare(_ cond: IntCond, _ size: IntSize) throws(WasmError) {
        let rhs = try popOperand(size)
        let (lhs, dst) = try popComparand()
        // One assembler call for both instructions (each `asm` block is a call of its own).
        let afterCompare = try asm { (m) throws(AssemblerError) in
            try m.compareInt(size, lhs, rhs)
            let after = m.codeOffset
            try m.setIntCond(cond, dst)
            return after
        }
        lastCondition = (dst, cond, afterCompare, masm.codeOffset)
        freeOperand(rhs)
        if lhs != dst { free(lhs) }
        push(.i32, .reg(dst))
    }

    /// Pop a comparison's left operand and pick the register for its 0/1 result: the operand's own register,
    /// or, for a local held in a register (home or cache), that register read in place and a fresh result
    /// register allocated first (so no spill code lands between the comparison and its `setcc`).
    func popComparand() throws(WasmError) -> (lhs: Reg, dst: Reg) {
        if case .local(let l) = stack[stack.count - 1].loc, home(l) != nil || cachedReg(l) != nil {
            let dst = try allocate(float: false)
            let (lhs, _) = try popReadOnly()
            return (lhs, dst)
        }
        let (r, _) = try popReg()
        return (r, r)
    }

    func eqz(_ size: IntSize) throws(WasmError) {
        let (r, dst) = try popComparand()
        let afterCompare = try asm { (m) throws(AssemblerError) in
            try m.testZero(size, r)
            let after = m.codeOffset
            try m.setIntCond(.eq, dst)
            return after
        }
        lastCondition = (dst, .eq, afterCompare, masm.codeOffset)
        if r != dst { free(r) }
        push(.i32, .reg(dst))
    }

    func floatBinary(_ op: FloatBinaryOp, _ size: FloatSize) throws(WasmError) {
        let (rhs, _) = try popReg()
        take(rhs)
        let (lhs, t) = try popReg()
        try asm { (m) throws(AssemblerError) in try m.floatBinary(op, size, lhs, rhs) }
        free(rhs)
        // copysign only moves a sign bit: it never makes a NaN.
        if op != .copysign { try canonicalizeResult(size == .f32 ? .f32x4 : .f64x2, lhs, scalar: true) }
        push(t, .reg(lhs))
    }

    func floatUnary(_ op: FloatUnaryOp, _ size: FloatSize) throws(WasmError) {
        let (r, t) = try popReg()
        try asm { (m) throws(AssemblerError) in try m.floatUnary(op, size, r, r) }
        // abs and neg only change the sign bit.
        if op != .abs && op != .neg { try canonicalizeResult(size == .f32 ? .f32x4 : .f64x2, r, scalar: true) }
        push(t, .reg(r))
    }

    func floatCompare(_ cond: FloatCond, _ size: FloatSize) throws(WasmError) {
        let (rhs, _) = try popReg()
        take(rhs)
        let (lhs, _) = try popReg()
        take(lhs)
        let dst = try allocate(float: false)
        try asm { (m) throws(AssemblerError) in try m.compareFloat(cond, size, lhs, rhs, dst) }
        free(lhs)
        free(rhs)
        push(.i32, .reg(dst))
    }

    func convert(_ op: ConversionOp, to type: ValueType) throws(WasmError) {
        let (src, srcType) = try popReg()
        take(src)
        let dst = isFloatType(type) == isFloatType(srcType) ? src : try allocate(for: type)
        var invalid = Label(id: 0)
        var overflow = Label(id: 0)
        if case .truncate(_, _, _, let saturating) = op, !saturating {
            invalid = trapLabel(.invalidConversion)
            overflow = trapLabel(.integerOverflow)
        }
        let (i, o) = (invalid, overflow)
        try asm { (m) throws(AssemblerError) in try m.convert(op, dst, src, invalid: i, overflow: o) }
        if dst != src { free(src) }
        switch op {
        case .f32DemoteF64: try canonicalizeResult(.f32x4, dst, scalar: true)
        case .f64PromoteF32: try canonicalizeResult(.f64x2, dst, scalar: true)
        default: break
        }
        push(type, .reg(dst))
    }

    // MARK: Constants

    @inline(__always)
    public func visitI32Const(_ value: Int32) throws(WasmError) {
        push(.i32, .const(UInt64(UInt32(bitPattern: value))))
    }
    @inline(__always)
    public func visitI64Const(_ value: Int64) throws(WasmError) {
        push(.i64, .const(UInt64(bitPattern: value)))
    }
    @inline(__always)
    public func visitF32Const(bits: UInt32) throws(WasmError) {
        push(.f32, .const(UInt64(bits)))
    }
    @inline(__always)
    public func visitF64Const(bits: UInt64) throws(WasmError) {
        push(.f64, .const(bits))
    }

    // MARK: i32

    public func visitI32Eqz() throws(WasmError) { try eqz(.s32) }
    public func visitI32Eq() throws(WasmError) { try compare(.eq, .s32) }
    public func visitI32Ne() throws(WasmError) { try compare(.ne, .s32) }
    public func visitI32LtS() throws(WasmError) { try compare(.ltS, .s32) }
    public func visitI32LtU() throws(WasmError) { try compare(.ltU, .s32) }
    public func visitI32GtS() throws(WasmError) { try compare(.gtS, .s32) }
    public func visitI32GtU() throws(WasmError) { try compare(.gtU, .s32) }
    public func visitI32LeS() throws(WasmError) { try compare(.leS, .s32) }
    public func visitI32LeU() throws(WasmError) { try compare(.leU, .s32) }
    public func visitI32GeS() throws(WasmError) { try compare(.geS, .s32) }
    public func visitI32GeU() throws(WasmError) { try compare(.geU, .s32) }
    public func visitI32Clz() throws(WasmError) { try intUnary(.clz, .s32) }
    public func visitI32Ctz() throws(WasmError) { try intUnary(.ctz, .s32) }
    public func visitI32Popcnt() throws(WasmError) { try intUnary(.popcnt, .s32) }
    public func visitI32Add() throws(WasmError) { try intBinary(.add, .s32) }
    public func visitI32Sub() throws(WasmError) { try intBinary(.sub, .s32) }
    public func visitI32Mul() throws(WasmError) { try intBinary(.mul, .s32) }
    public func visitI32DivS() throws(WasmError) { try divRem(.divS, .s32) }
    public func visitI32DivU() throws(WasmError) { try divRem(.divU, .s32) }
    public func visitI32RemS() throws(WasmError) { try divRem(.remS, .s32) }
    public func visitI32RemU() throws(WasmError) { try divRem(.remU, .s32) }
    public func visitI32And() throws(WasmError) { try intBinary(.and, .s32) }
    public func visitI32Or() throws(WasmError) { try intBinary(.or, .s32) }
    public func visitI32Xor() throws(WasmError) { try intBinary(.xor, .s32) }
    public func visitI32Shl() throws(WasmError) { try intBinary(.shl, .s32) }
    public func visitI32ShrS() throws(WasmError) { try intBinary(.shrS, .s32) }
    public func visitI32ShrU() throws(WasmError) { try intBinary(.shrU, .s32) }
    public func visitI32Rotl() throws(WasmError) { try intBinary(.rotl, .s32) }
    public func visitI32Rotr() throws(WasmError) { try intBinary(.rotr, .s32) }

    // MARK: i64

    public func visitI64Eqz() throws(WasmError) { try eqz(.s64) }
    public func visitI64Eq() throws(WasmError) { try compare(.eq, .s64) }
    public func visitI64Ne() throws(WasmError) { try compare(.ne, .s64) }
    public func visitI64LtS() throws(WasmError) { try compare(.ltS, .s64) }
    public func visitI64LtU() throws(WasmError) { try compare(.ltU, .s64) }
    public func visitI64GtS() throws(WasmError) { try compare(.gtS, .s64) }
    public func visitI64GtU() throws(WasmError) { try compare(.gtU, .s64) }
    public func visitI64LeS() throws(WasmError) { try compare(.leS, .s64) }
    public func visitI64LeU() throws(WasmError) { try compare(.leU, .s64) }
    public func visitI64GeS() throws(WasmError) { try compare(.geS, .s64) }
    public func visitI64GeU() throws(WasmError) { try compare(.geU, .s64) }
    public func visitI64Clz() throws(WasmError) { try intUnary(.clz, .s64) }
    public func visitI64Ctz() throws(WasmError) { try intUnary(.ctz, .s64) }
    public func visitI64Popcnt() throws(WasmError) { try intUnary(.popcnt, .s64) }
    public func visitI64Add() throws(WasmError) { try intBinary(.add, .s64) }
    public func visitI64Sub() throws(WasmError) { try intBinary(.sub, .s64) }
    public func visitI64Mul() throws(WasmError) { try intBinary(.mul, .s64) }
    public func visitI64DivS() throws(WasmError) { try divRem(.divS, .s64) }
    public func visitI64DivU() throws(WasmError) { try divRem(.divU, .s64) }
    public func visitI64RemS() throws(WasmError) { try divRem(.remS, .s64) }
    public func visitI64RemU() throws(WasmError) { try divRem(.remU, .s64) }
    public func visitI64And() throws(WasmError) { try intBinary(.and, .s64) }
    public func visitI64Or() throws(WasmError) { try intBinary(.or, .s64) }
    public func visitI64Xor() throws(WasmError) { try intBinary(.xor, .s64) }
    public func visitI64Shl() throws(WasmError) { try intBinary(.shl, .s64) }
    public func visitI64ShrS() throws(WasmError) { try intBinary(.shrS, .s64) }
    public func visitI64ShrU() throws(WasmError) { try intBinary(.shrU, .s64) }
    public func visitI64Rotl() throws(WasmError) { try intBinary(.rotl, .s64) }
    public func visitI64Rotr() throws(WasmError) { try intBinary(.rotr, .s64) }

    // MARK: f32 / f64

    public func visitF32Eq() throws(WasmError) { try floatCompare(.eq, .f32) }
    public func visitF32Ne() throws(WasmError) { try floatCompare(.ne, .f32) }
    public func visitF32Lt() throws(WasmError) { try floatCompare(.lt, .f32) }
    public func visitF32Gt() throws(WasmError) { try floatCompare(.gt, .f32) }
    public func visitF32Le() throws(WasmError) { try floatCompare(.le, .f32) }
    public func visitF32Ge() throws(WasmError) { try floatCompare(.ge, .f32) }
    public func visitF64Eq() throws(WasmError) { try floatCompare(.eq, .f64) }
    public func visitF64Ne() throws(WasmError) { try floatCompare(.ne, .f64) }
    public func visitF64Lt() throws(WasmError) { try floatCompare(.lt, .f64) }
    public func visitF64Gt() throws(WasmError) { try floatCompare(.gt, .f64) }
    public func visitF64Le() throws(WasmError) { try floatCompare(.le, .f64) }
    public func visitF64Ge() throws(WasmError) { try floatCompare(.ge, .f64) }
    public func visitF32Abs() throws(WasmError) { try floatUnary(.abs, .f32) }
    public func visitF32Neg() throws(WasmError) { try floatUnary(.neg, .f32) }
    public func visitF32Ceil() throws(WasmError) { try floatUnary(.ceil, .f32) }
    public func visitF32Floor() throws(WasmError) { try floatUnary(.floor, .f32) }
    public func visitF32Trunc() throws(WasmError) { try floatUnary(.trunc, .f32) }
    public func visitF32Nearest() throws(WasmError) { try floatUnary(.nearest, .f32) }
    public func visitF32Sqrt() throws(WasmError) { try floatUnary(.sqrt, .f32) }
    public func visitF32Add() throws(WasmError) { try floatBinary(.add, .f32) }
    public func visitF32Sub() throws(WasmError) { try floatBinary(.sub, .f32) }
    public func visitF32Mul() throws(WasmError) { try floatBinary(.mul, .f32) }
    public func visitF32Div() throws(WasmError) { try floatBinary(.div, .f32) }
    public func visitF32Min() throws(WasmError) { try floatBinary(.min, .f32) }
    public func visitF32Max() throws(WasmError) { try floatBinary(.max, .f32) }
    public func visitF32Copysign() throws(WasmError) { try floatBinary(.copysign, .f32) }
    public func visitF64Abs() throws(WasmError) { try floatUnary(.abs, .f64) }
    public func visitF64Neg() throws(WasmError) { try floatUnary(.neg, .f64) }
    public func visitF64Ceil() throws(WasmError) { try floatUnary(.ceil, .f64) }
    public func visitF64Floor() throws(WasmError) { try floatUnary(.floor, .f64) }
    public func visitF64Trunc() throws(WasmError) { try floatUnary(.trunc, .f64) }
    public func visitF64Nearest() throws(WasmError) { try floatUnary(.nearest, .f64) }
    public func visitF64Sqrt() throws(WasmError) { try floatUnary(.sqrt, .f64) }
    public func visitF64Add() throws(WasmError) { try floatBinary(.add, .f64) }
    public func visitF64Sub() throws(WasmError) { try floatBinary(.sub, .f64) }
    public func visitF64Mul() throws(WasmError) { try floatBinary(.mul, .f64) }
    public func visitF64Div() throws(WasmError) { try floatBinary(.div, .f64) }
    public func visitF64Min() throws(WasmError) { try floatBinary(.min, .f64) }
    public func visitF64Max() throws(WasmError) { try floatBinary(.max, .f64) }
    public func visitF64Copysign() throws(WasmError) { try floatBinary(.copysign, .f64) }

    // MARK: Conversions

    public func visitI32WrapI64() throws(WasmError) { try convert(.i32WrapI64, to: .i32) }
    public func visitI32TruncF32S() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f32, signed: true, saturating: false), to: .i32)
    }
    public func visitI32TruncF32U() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f32, signed: false, saturating: false), to: .i32)
    }
    public func visitI32TruncF64S() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f64, signed: true, saturating: false), to: .i32)
    }
    public func visitI32TruncF64U() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f64, signed: false, saturating: false), to: .i32)
    }
    public func visitI64ExtendI32S() throws(WasmError) { try convert(.i64ExtendI32S, to: .i64) }
    public func visitI64ExtendI32U() throws(WasmError) { try convert(.i64ExtendI32U, to: .i64) }
    public func visitI64TruncF32S() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f32, signed: true, saturating: false), to: .i64)
    }
    public func visitI64TruncF32U() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f32, signed: false, saturating: false), to: .i64)
    }
    public func visitI64TruncF64S() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f64, signed: true, saturating: false), to: .i64)
    }
    public func visitI64TruncF64U() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f64, signed: false, saturating: false), to: .i64)
    }
    public func visitF32ConvertI32S() throws(WasmError) {
        try convert(.convert(to: .f32, from: .s32, signed: true), to: .f32)
    }
    public func visitF32ConvertI32U() throws(WasmError) {
        try convert(.convert(to: .f32, from: .s32, signed: false), to: .f32)
    }
    public func visitF32ConvertI64S() throws(WasmError) {
        try convert(.convert(to: .f32, from: .s64, signed: true), to: .f32)
    }
    public func visitF32ConvertI64U() throws(WasmError) {
        try convert(.convert(to: .f32, from: .s64, signed: false), to: .f32)
    }
    public func visitF32DemoteF64() throws(WasmError) { try convert(.f32DemoteF64, to: .f32) }
    public func visitF64ConvertI32S() throws(WasmError) {
        try convert(.convert(to: .f64, from: .s32, signed: true), to: .f64)
    }
    public func visitF64ConvertI32U() throws(WasmError) {
        try convert(.convert(to: .f64, from: .s32, signed: false), to: .f64)
    }
    public func visitF64ConvertI64S() throws(WasmError) {
        try convert(.convert(to: .f64, from: .s64, signed: true), to: .f64)
    }
    public func visitF64ConvertI64U() throws(WasmError) {
        try convert(.convert(to: .f64, from: .s64, signed: false), to: .f64)
    }
    public func visitF64PromoteF32() throws(WasmError) { try convert(.f64PromoteF32, to: .f64) }
    public func visitI32ReinterpretF32() throws(WasmError) { try convert(.i32ReinterpretF32, to: .i32) }
    public func visitI64ReinterpretF64() throws(WasmError) { try convert(.i64ReinterpretF64, to: .i64) }
    public func visitF32ReinterpretI32() throws(WasmError) { try convert(.f32ReinterpretI32, to: .f32) }
    public func visitF64ReinterpretI64() throws(WasmError) { try convert(.f64ReinterpretI64, to: .f64) }
    public func visitI32Extend8S() throws(WasmError) { try convert(.i32Extend8S, to: .i32) }
    public func visitI32Extend16S() throws(WasmError) { try convert(.i32Extend16S, to: .i32) }
    public func visitI64Extend8S() throws(WasmError) { try convert(.i64Extend8S, to: .i64) }
    public func visitI64Extend16S() throws(WasmError) { try convert(.i64Extend16S, to: .i64) }
    public func visitI64Extend32S() throws(WasmError) { try convert(.i64Extend32S, to: .i64) }
    public func visitI32TruncSatF32S() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f32, signed: true, saturating: true), to: .i32)
    }
    public func visitI32TruncSatF32U() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f32, signed: false, saturating: true), to: .i32)
    }
    public func visitI32TruncSatF64S() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f64, signed: true, saturating: true), to: .i32)
    }
    public func visitI32TruncSatF64U() throws(WasmError) {
        try convert(.truncate(to: .s32, from: .f64, signed: false, saturating: true), to: .i32)
    }
    public func visitI64TruncSatF32S() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f32, signed: true, saturating: true), to: .i64)
    }
    public func visitI64TruncSatF32U() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f32, signed: false, saturating: true), to: .i64)
    }
    public func visitI64TruncSatF64S() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f64, signed: true, saturating: true), to: .i64)
    }
    public func visitI64TruncSatF64U() throws(WasmError) {
        try convert(.truncate(to: .s64, from: .f64, signed: false, saturating: true), to: .i64)
    }
}

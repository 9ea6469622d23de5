import AssemblerCore
import SwasmABI
import WasmDecoder

extension LoadKind {
    var byteCount: Int {
        switch self {
        case .i32From8S, .i32From8U, .i64From8S, .i64From8U: 1
        case .i32From16S, .i32From16U, .i64From16S, .i64From16U: 2
        case .i32, .f32, .i64From32S, .i64From32U: 4
        case .i64, .f64: 8
        }
    }
}

extension StoreKind {
    var byteCount: Int {
        switch self {
        case .i8: 1
        case .i16: 2
        case .i32, .f32, .i32From64: 4
        case .i64, .f64: 8
        }
    }
}

extension CodeGen where M: ~Copyable {
    /// Pop an i32 address: a constant folds into the offset (nil index), otherwise a register.
    @inline(__always)
    func popAddress(_ memarg: MemArg) throws(WasmError) -> (index: Reg?, offset: UInt64) {
        if let bits = constBits(stack[stack.count - 1]) {
            _ = pop()
            return (nil, UInt64(UInt32(truncatingIfNeeded: bits)) + memarg.offset)
        }
        let (r, _) = try popReadOnly()
        return (r, memarg.offset)
    }

    /// Without explicit bounds checks (the common case), nothing: inlined into every memory access.
    @inline(__always)
    func checkBounds(index: Reg?, offset: UInt64, size: Int) throws(WasmError) {
        if explicitBoundsChecks { try emitBoundsCheck(index: index, offset: offset, size: size) }
    }

    @inline(never)
    func emitBoundsCheck(index: Reg?, offset: UInt64, size: Int) throws(WasmError) {
        let l = trapLabel(.memoryOutOfBounds)
        try asm { (m) throws(AssemblerError) in
            try m.boundsCheck(index: index, offset: offset, size: size, outOfBounds: l)
        }
    }

    @inline(__always)
    func recordTrapSite(_ codeOffset: Int) {
        trapSites.append(TrapSite(codeOffset: codeOffset, functionIndex: functionIndex, wasmOffset: operatorOffset))
    }

    func load(_ kind: LoadKind, _ type: ValueType, _ memarg: MemArg) throws(WasmError) {
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: kind.byteCount)
        let dst: Reg
        if let index, !isFloatType(type), !isBorrowed(index) { dst = index } else { dst = try allocate(for: type) }
        let at = try asm { (m) throws(AssemblerError) in try m.load(kind, dst, index: index, offset: offset) }
        recordTrapSite(at)
        if let index, index != dst { free(index) }
        push(type, .reg(dst))
    }

    func store(_ kind: StoreKind, _ memarg: MemArg) throws(WasmError) {
        let value: Operand
        let top = stack[stack.count - 1]
        if let bits = constBits(top), top.type != .v128 {
            _ = pop()
            switch top.type {
            case .i64, .f64:
                let v = Int64(bitPattern: bits)
                if v == Int64(Int32(truncatingIfNeeded: v)) || kind != .i64 && kind != .f64 {
                    value = .imm(v)
                } else {
                    value = .reg(try load(top, depth: stack.count))
                }
            default: value = .imm(Int64(bits))
            }
        } else {
            let (r, _) = try popReg()
            take(r)
            value = .reg(r)
        }
        let (index, offset) = try popAddress(memarg)
        try checkBounds(index: index, offset: offset, size: kind.byteCount)
        let at = try asm { (m) throws(AssemblerError) in try m.store(kind, value, index: index, offset: offset) }
        recordTrapSite(at)
        freeOperand(value)
        if let index { free(index) }
    }

    public func visitI32Load(_ memarg: MemArg) throws(WasmError) { try load(.i32, .i32, memarg) }
    public func visitI64Load(_ memarg: MemArg) throws(WasmError) { try load(.i64, .i64, memarg) }
    public func visitF32Load(_ memarg: MemArg) throws(WasmError) { try load(.f32, .f32, memarg) }
    public func visitF64Load(_ memarg: MemArg) throws(WasmError) { try load(.f64, .f64, memarg) }
    public func visitI32Load8S(_ memarg: MemArg) throws(WasmError) { try load(.i32From8S, .i32, memarg) }
    public func visitI32Load8U(_ memarg: MemArg) throws(WasmError) { try load(.i32From8U, .i32, memarg) }
    public func visitI32Load16S(_ memarg: MemArg) throws(WasmError) { try load(.i32From16S, .i32, memarg) }
    public func visitI32Load16U(_ memarg: MemArg) throws(WasmError) { try load(.i32From16U, .i32, memarg) }
    public func visitI64Load8S(_ memarg: MemArg) throws(WasmError) { try load(.i64From8S, .i64, memarg) }
    public func visitI64Load8U(_ memarg: MemArg) throws(WasmError) { try load(.i64From8U, .i64, memarg) }
    public func visitI64Load16S(_ memarg: MemArg) throws(WasmError) { try load(.i64From16S, .i64, memarg) }
    public func visitI64Load16U(_ memarg: MemArg) throws(WasmError) { try load(.i64From16U, .i64, memarg) }
    public func visitI64Load32S(_ memarg: MemArg) throws(WasmError) { try load(.i64From32S, .i64, memarg) }
    public func visitI64Load32U(_ memarg: MemArg) throws(WasmError) { try load(.i64From32U, .i64, memarg) }
    public func visitI32Store(_ memarg: MemArg) throws(WasmError) { try store(.i32, memarg) }
    public func visitI64Store(_ memarg: MemArg) throws(WasmError) { try store(.i64, memarg) }
    public func visitF32Store(_ memarg: MemArg) throws(WasmError) { try store(.f32, memarg) }
    public func visitF64Store(_ memarg: MemArg) throws(WasmError) { try store(.f64, memarg) }
    public func visitI32Store8(_ memarg: MemArg) throws(WasmError) { try store(.i8, memarg) }
    public func visitI32Store16(_ memarg: MemArg) throws(WasmError) { try store(.i16, memarg) }
    public func visitI64Store8(_ memarg: MemArg) throws(WasmError) { try store(.i8, memarg) }
    public func visitI64Store16(_ memarg: MemArg) throws(WasmError) { try store(.i16, memarg) }
    public func visitI64Store32(_ memarg: MemArg) throws(WasmError) { try store(.i32From64, memarg) }

    // MARK: Runtime helper calls (memory.grow, bulk memory, tables)

    /// Call `helper` with the top `argumentCount` stack values as arguments (in order), after spilling everything.
    /// Pushes the integer result as `result` if given. `mayTrap`: branch to the trap exit if the helper trapped.
    func callHelper(
        _ helper: RuntimeHelper, argumentCount: Int, immediates: [Int64] = [], result: ValueType?,
        mayTrap: Bool
    ) throws(WasmError) {
        try spillAll()
        resetRegisters()
        let first = stack.count - argumentCount
        var args: [Operand] = immediates.map { .imm($0) }
        let regs = M.helperArgumentRegisters
        for k in 0..<argumentCount {
            let e = stack[first + k]
            let r = regs[immediates.count + k]
            let off = slotOffset(first + k)
            let t: ValueType = e.type == .i32 ? .i32 : .i64
            try asm { (m) throws(AssemblerError) in try m.loadSlot(t, r, fpOffset: off) }
            args.append(.reg(r))
        }
        stack.removeLast(argumentCount)
        let a = args
        let trapped = mayTrap ? helperTrapLabel() : nil
        maxDepth = max(maxDepth, stack.count + argumentCount)
        try asm { (m) throws(AssemblerError) in
            try m.callHelper(helper.rawValue, arguments: a)
            if let trapped { try m.branchIfTrapped(trapped) }
        }
        if let result {
            take(M.intReturnRegister)
            push(result, .reg(M.intReturnRegister))
        }
    }

    public func visitMemorySize() throws(WasmError) {
        try callHelper(.memorySize, argumentCount: 0, result: .i32, mayTrap: false)
    }
    public func visitMemoryGrow() throws(WasmError) {
        try callHelper(.memoryGrow, argumentCount: 1, result: .i32, mayTrap: true)
    }
    public func visitMemoryInit(dataIndex: UInt32) throws(WasmError) {
        try callHelper(.memoryInit, argumentCount: 3, immediates: [Int64(dataIndex)], result: nil, mayTrap: true)
    }
    public func visitDataDrop(dataIndex: UInt32) throws(WasmError) {
        try callHelper(.dataDrop, argumentCount: 0, immediates: [Int64(dataIndex)], result: nil, mayTrap: false)
    }
    public func visitMemoryCopy() throws(WasmError) {
        try callHelper(.memoryCopy, argumentCount: 3, result: nil, mayTrap: true)
    }
    public func visitMemoryFill() throws(WasmError) {
        try callHelper(.memoryFill, argumentCount: 3, result: nil, mayTrap: true)
    }
    public func visitTableGet(tableIndex: UInt32) throws(WasmError) {
        let t = module.tables[Int(tableIndex)].element
        try callHelper(.tableGet, argumentCount: 1, immediates: [Int64(tableIndex)], result: t, mayTrap: true)
    }
    public func visitTableSet(tableIndex: UInt32) throws(WasmError) {
        try callHelper(.tableSet, argumentCount: 2, immediates: [Int64(tableIndex)], result: nil, mayTrap: true)
    }
    public func visitTableSize(tableIndex: UInt32) throws(WasmError) {
        try callHelper(.tableSize, argumentCount: 0, immediates: [Int64(tableIndex)], result: .i32, mayTrap: false)
    }
    public func visitTableGrow(tableIndex: UInt32) throws(WasmError) {
        try callHelper(.tableGrow, argumentCount: 2, immediates: [Int64(tableIndex)], result: .i32, mayTrap: true)
    }
    public func visitTableFill(tableIndex: UInt32) throws(WasmError) {
        try callHelper(.tableFill, argumentCount: 3, immediates: [Int64(tableIndex)], result: nil, mayTrap: true)
    }
    public func visitTableCopy(destination: UInt32, source: UInt32) throws(WasmError) {
        let packed = Int64(destination) | Int64(source) << 32
        try callHelper(.tableCopy, argumentCount: 3, immediates: [packed], result: nil, mayTrap: true)
    }
    public func visitTableInit(elemIndex: UInt32, tableIndex: UInt32) throws(WasmError) {
        let packed = Int64(elemIndex) | Int64(tableIndex) << 32
        try callHelper(.tableInit, argumentCount: 3, immediates: [packed], result: nil, mayTrap: true)
    }
    public func visitElemDrop(elemIndex: UInt32) throws(WasmError) {
        try callHelper(.elemDrop, argumentCount: 0, immediates: [Int64(elemIndex)], result: nil, mayTrap: false)
    }
}

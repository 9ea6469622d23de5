/// Validates one function body in a single pass, following the algorithm of the spec's appendix: an operand
/// stack of types (with "unknown" for stack-polymorphic code after `unreachable`, `br`, `return`, ...) and a
/// control stack of frames.
///
/// It is itself an `OperatorVisitor`; `run(_:visitor:)` (generated) decodes each operator, validates it here
/// first and then passes it to the code generator, so both see the same stream with one decode.
///
/// Invariants: `operandCount >= frames[frameCount - 1].height` (cached in `frameHeight`) while a frame is open; an operand
/// 0 means "unknown" (any type) and only appears in unreachable code. The operand and control stacks live in storage
/// shared by copies of a validator: a copy is only ever read (never validates on its own).
public struct FunctionValidator {
    @usableFromInline static let unknown: UInt8 = 0

    @usableFromInline let module: ModuleInfo
    @usableFromInline let hasMemory: Bool
    @usableFromInline var functionType: FuncType
    /// Local types as runs: `localRunEnds[i]` is one past the last local of run i.
    @usableFromInline var localRunEnds: [UInt32] = []
    @usableFromInline var localRunTypes: [ValueType] = []
    /// Flat local types (raw bytes, pushed as they are): `flatCount` of them, all the locals when the function has
    /// at most `flatLocalLimit`, else none (fast path). The storage is reused from function to function.
    @usableFromInline let flatStorage = StackStorage<UInt8>()
    @usableFromInline var flatLocals: UnsafeMutablePointer<UInt8>
    @usableFromInline var flatCount = 0
    @usableFromInline var localCount: UInt64 = 0

    /// The operand stack: raw type bytes in storage owned by `operandStorage` (no array uniqueness checks or
    /// reference counting per push/pop). `frameHeight`/`frameUnreachable` cache the innermost frame's fields.
    @usableFromInline let operandStorage = StackStorage<UInt8>()
    @usableFromInline var operandBase: UnsafeMutablePointer<UInt8>
    @usableFromInline var operandCount = 0
    @usableFromInline var operandCapacity: Int
    @usableFromInline var frameHeight = 0
    @usableFromInline var frameUnreachable = false
    /// The control stack: `frameCount` frames in storage owned by `frameStorage` (innermost last).
    @usableFromInline let frameStorage = StackStorage<ControlFrame>()
    @usableFromInline var frames: UnsafeMutablePointer<ControlFrame>
    @usableFromInline var frameCapacity: Int
    public var frameCount = 0
    /// Offset of the operator being validated (for error messages).
    public var operatorOffset: Int = 0
    /// The largest data index used by `memory.init`/`data.drop` in a module without a data count section.
    public var dataIndexWithoutCount: (index: UInt32, offset: Int)?

    public struct ControlFrame {
        public enum Kind: UInt8 { case function, block, loop, `if`, `else` }
        public var kind: Kind
        public var type: BlockType
        public var height: Int
        public var unreachable: Bool
        @inlinable public init(kind: Kind, type: BlockType, height: Int, unreachable: Bool) {
            self.kind = kind
            self.type = type
            self.height = height
            self.unreachable = unreachable
        }
    }

    public init(module: ModuleInfo) {
        self.module = module
        self.hasMemory = !module.memories.isEmpty
        self.functionType = FuncType(params: [], results: [])
        operandBase = operandStorage.pointer
        operandCapacity = operandStorage.capacity
        frames = frameStorage.pointer
        frameCapacity = frameStorage.capacity
        flatLocals = flatStorage.pointer
    }

    /// The number of locals (params included) beyond which the type lookup switches to binary search.
    @usableFromInline static let flatLocalLimit: UInt64 = 1 << 16
    /// The maximum total locals a function may declare (the spec's limit: 2^32 - 1).
    static let maxLocals: UInt64 = 0xFFFF_FFFF

    /// Prepare for a new function: reads its local declarations from `r`.
    public mutating func begin(functionIndex: Int, reader r: inout ByteReader) throws(WasmError) {
        functionType = module.functionType(functionIndex)
        localRunEnds.removeAll(keepingCapacity: true)
        localRunTypes.removeAll(keepingCapacity: true)
        flatCount = 0
        operandCount = 0
        frameCount = 0
        var total = UInt64(functionType.params.count)
        for p in functionType.params {
            localRunEnds.append(UInt32(localRunEnds.count + 1))
            localRunTypes.append(p)
        }
        let groupOffset = r.offset
        let groups = try r.readU32()
        for _ in 0..<groups {
            let n = try r.readU32()
            let t = try r.readValueType()
            total += UInt64(n)
            if total > FunctionValidator.maxLocals {
                throw WasmError(.malformed, "too many locals", offset: groupOffset)
            }
            if n > 0 {
                localRunEnds.append(UInt32(total))
                localRunTypes.append(t)
            }
        }
        localCount = total
        if total <= FunctionValidator.flatLocalLimit {
            flatStorage.reserve(Int(total))
            flatLocals = flatStorage.pointer
            var start = 0
            for (i, end) in localRunEnds.enumerated() {
                (flatLocals + start).initialize(repeating: localRunTypes[i].rawValue, count: Int(end) - start)
                start = Int(end)
            }
            flatCount = Int(total)
        }
        appendFrame(
            ControlFrame(
                kind: .function, type: .typeIndex(module.functionTypeIndices[functionIndex]),
                height: 0, unreachable: false))
        frameHeight = 0
        frameUnreachable = false
    }

    /// The declared locals (params excluded) as (count, type) runs, for code generators.
    public var declaredLocalRuns: [(count: UInt32, type: ValueType)] {
        let first = functionType.params.count
        guard localRunEnds.count > first else { return [] }
        var out: [(count: UInt32, type: ValueType)] = []
        out.reserveCapacity(localRunEnds.count - first)
        var start: UInt32 = first == 0 ? 0 : localRunEnds[first - 1]
        for i in first..<localRunEnds.count {
            let end = localRunEnds[i]
            out.append((end - start, localRunTypes[i]))
            start = end
        }
        return out
    }

    // MARK: Errors

    @inlinable @inline(__always)
    func invalid(_ message: String) -> WasmError { Self.invalid(message, at: operatorOffset) }

    /// Kept out of line, and static: building the error (a String) is never on the path of a valid body, and an
    /// out-of-line method of the validator would be handed a copy of the whole validator.
    @usableFromInline @inline(never)
    static func invalid(_ message: String, at offset: Int) -> WasmError { WasmError(.invalid, message, offset: offset) }

    // MARK: Operand stack

    @inlinable @inline(__always)
    mutating func push(_ t: ValueType) { pushRaw(t.rawValue) }

    @inlinable @inline(__always)
    mutating func pushRaw(_ t: UInt8) {
        if _slowPath(operandCount == operandCapacity) { growOperands() }
        operandBase[operandCount] = t
        operandCount &+= 1
    }

    @usableFromInline @inline(never)
    mutating func growOperands() {
        operandStorage.grow()
        operandBase = operandStorage.pointer
        operandCapacity = operandStorage.capacity
    }

    /// Pop any operand; returns its raw type (0 = unknown). Kept out of line: it holds the error paths.
    @usableFromInline @inline(never)
    mutating func popAny() throws(WasmError) -> UInt8 {
        if operandCount == frameHeight {
            if frameUnreachable { return FunctionValidator.unknown }
            throw invalid("type mismatch")
        }
        operandCount -= 1
        return operandBase[operandCount]
    }

    @inlinable @inline(__always)
    mutating func pop(_ expected: ValueType) throws(WasmError) { try popRaw(expected.rawValue) }

    /// `pop` of a raw type byte.
    @inlinable @inline(__always)
    mutating func popRaw(_ expected: UInt8) throws(WasmError) {
        let n = operandCount
        if _fastPath(n > frameHeight && operandBase[n &- 1] == expected) {
            operandCount = n &- 1
            return
        }
        try popSlow(expected)
    }

    /// `pop` when the top operand is not `expected` or belongs to an enclosing frame (unreachable code or an error).
    @usableFromInline @inline(never)
    mutating func popSlow(_ expected: UInt8) throws(WasmError) {
        let actual = try popAny()
        if actual != expected && actual != FunctionValidator.unknown { throw invalid("type mismatch") }
    }

    // MARK: Block types

    @inlinable @inline(__always)
    func paramCount(_ bt: BlockType) -> Int {
        switch bt {
        case .empty, .value: 0
        case .typeIndex(let i): module.types[Int(i)].params.count
        }
    }

    @inlinable @inline(__always)
    func param(_ bt: BlockType, _ i: Int) -> ValueType {
        if case .typeIndex(let x) = bt { return module.types[Int(x)].params[i] }
        preconditionFailure("block type has no params")
    }

    @inlinable @inline(__always)
    func resultCount(_ bt: BlockType) -> Int {
        switch bt {
        case .empty: 0
        case .value: 1
        case .typeIndex(let i): module.types[Int(i)].results.count
        }
    }

    @inlinable @inline(__always)
    func result(_ bt: BlockType, _ i: Int) -> ValueType {
        switch bt {
        case .empty: preconditionFailure("empty block type has no results")
        case .value(let t): t
        case .typeIndex(let x): module.types[Int(x)].results[i]
        }
    }

    /// Types a branch to `frame` carries: a loop's params, otherwise its results.
    @inlinable @inline(__always)
    func labelCount(_ frame: ControlFrame) -> Int {
        frame.kind == .loop ? paramCount(frame.type) : resultCount(frame.type)
    }

    @inlinable @inline(__always)
    func labelType(_ frame: ControlFrame, _ i: Int) -> ValueType {
        frame.kind == .loop ? param(frame.type, i) : result(frame.type, i)
    }

    @inlinable @inline(__always)
    mutating func popParams(_ bt: BlockType) throws(WasmError) {
        if case .typeIndex = bt { try popParamsSlow(bt) }
    }

    @usableFromInline @inline(never)
    mutating func popParamsSlow(_ bt: BlockType) throws(WasmError) {
        let n = paramCount(bt)
        var i = n - 1
        while i >= 0 {
            try pop(param(bt, i))
            i -= 1
        }
    }

    @inlinable @inline(__always)
    mutating func pushParams(_ bt: BlockType) {
        if case .typeIndex = bt { pushParamsSlow(bt) }
    }

    @usableFromInline @inline(never)
    mutating func pushParamsSlow(_ bt: BlockType) {
        for i in 0..<paramCount(bt) { push(param(bt, i)) }
    }

    @inlinable @inline(__always)
    mutating func popResults(_ bt: BlockType) throws(WasmError) {
        switch bt {
        case .empty: return
        case .value(let t): try pop(t)
        case .typeIndex: try popResultsSlow(bt)
        }
    }

    @usableFromInline @inline(never)
    mutating func popResultsSlow(_ bt: BlockType) throws(WasmError) {
        let n = resultCount(bt)
        var i = n - 1
        while i >= 0 {
            try pop(result(bt, i))
            i -= 1
        }
    }

    @inlinable @inline(__always)
    mutating func pushResults(_ bt: BlockType) {
        switch bt {
        case .empty: return
        case .value(let t): push(t)
        case .typeIndex: pushResultsSlow(bt)
        }
    }

    @usableFromInline @inline(never)
    mutating func pushResultsSlow(_ bt: BlockType) {
        for i in 0..<resultCount(bt) { push(result(bt, i)) }
    }

    /// Pops the types a branch to `frame` carries. Inline for block types without a type index (no label types for
    /// a loop, the result type otherwise).
    @inlinable @inline(__always)
    mutating func popLabel(_ frame: ControlFrame) throws(WasmError) {
        switch frame.type {
        case .empty: return
        case .value(let t): if frame.kind != .loop { try pop(t) }
        case .typeIndex: try popLabelSlow(frame)
        }
    }

    @usableFromInline @inline(never)
    mutating func popLabelSlow(_ frame: ControlFrame) throws(WasmError) {
        var i = labelCount(frame) - 1
        while i >= 0 {
            try pop(labelType(frame, i))
            i -= 1
        }
    }

    @inlinable @inline(__always)
    mutating func pushLabel(_ frame: ControlFrame) {
        switch frame.type {
        case .empty: return
        case .value(let t): if frame.kind != .loop { push(t) }
        case .typeIndex: pushLabelSlow(frame)
        }
    }

    @usableFromInline @inline(never)
    mutating func pushLabelSlow(_ frame: ControlFrame) {
        for i in 0..<labelCount(frame) { push(labelType(frame, i)) }
    }

    @inlinable @inline(__always)
    func checkBlockType(_ bt: BlockType) throws(WasmError) {
        if case .typeIndex(let i) = bt, Int(i) >= module.types.count { throw invalid("unknown type") }
    }

    // MARK: Control stack

    @inlinable @inline(__always)
    mutating func appendFrame(_ f: ControlFrame) {
        if _slowPath(frameCount == frameCapacity) {
            frameStorage.grow()
            (frames, frameCapacity) = (frameStorage.pointer, frameStorage.capacity)
        }
        (frames + frameCount).initialize(to: f)
        frameCount &+= 1
    }

    /// The innermost frame (one is open while operators are validated).
    @inlinable @inline(__always)
    var innermost: ControlFrame { frames[frameCount &- 1] }

    @inlinable @inline(__always)
    mutating func pushFrame(_ kind: ControlFrame.Kind, _ bt: BlockType) {
        appendFrame(ControlFrame(kind: kind, type: bt, height: operandCount, unreachable: false))
        frameHeight = operandCount
        frameUnreachable = false
        pushParams(bt)
    }

    @inlinable
    mutating func setUnreachable() {
        let i = frameCount &- 1
        operandCount = frames[i].height
        frames[i].unreachable = true
        frameUnreachable = true
    }

    @inlinable @inline(__always)
    func frame(depth: UInt32) throws(WasmError) -> ControlFrame {
        guard Int(depth) < frameCount else { throw invalid("unknown label") }
        return frames[frameCount &- 1 &- Int(depth)]
    }

    // MARK: Immediates

    @inlinable @inline(__always)
    func checkMemory() throws(WasmError) {
        if _slowPath(!hasMemory) { throw invalid("unknown memory 0") }
    }

    @inlinable @inline(__always)
    func checkMemArg(_ m: MemArg, naturalAlignment: UInt32) throws(WasmError) {
        try checkMemory()
        if m.align > naturalAlignment { throw invalid("alignment must not be larger than natural") }
    }

    @inlinable @inline(__always)
    func checkLane(_ lane: UInt8, count: UInt8) throws(WasmError) {
        if lane >= count { throw invalid("invalid lane index") }
    }

    @inlinable
    func checkShuffle(_ lanes: V128) throws(WasmError) {
        for i in 0..<16 where lanes[byte: i] >= 32 { throw invalid("invalid lane index") }
    }

    @inlinable @inline(__always)
    func localType(_ index: UInt32) throws(WasmError) -> ValueType {
        if _fastPath(Int(index) < flatCount) { return ValueType(rawValue: flatLocals[Int(index)])! }
        return try localTypeSlow(index)
    }

    @usableFromInline @inline(never)
    func localTypeSlow(_ index: UInt32) throws(WasmError) -> ValueType {
        if UInt64(index) >= localCount { throw invalid("unknown local \(index)") }
        // Binary search the runs.
        var lo = 0
        var hi = localRunEnds.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if localRunEnds[mid] > index { hi = mid } else { lo = mid + 1 }
        }
        return localRunTypes[lo]
    }

    @inlinable @inline(__always)
    func tableType(_ index: UInt32) throws(WasmError) -> TableType {
        guard Int(index) < module.tables.count else { throw invalid("unknown table \(index)") }
        return module.tables[Int(index)]
    }

    @inlinable @inline(__always)
    func elementType(_ index: UInt32) throws(WasmError) -> ValueType {
        guard Int(index) < module.elements.count else { throw invalid("unknown elem segment \(index)") }
        return module.elements[Int(index)].type
    }

    @inlinable
    mutating func checkDataIndex(_ index: UInt32) throws(WasmError) {
        guard let count = module.dataCount else {
            // Without a data count section the data segments are not known yet: the parser decides at the end
            // ("unknown data segment" if there is no such segment, else "data count section required").
            if dataIndexWithoutCount.map({ index > $0.index }) ?? true {
                dataIndexWithoutCount = (index, operatorOffset)
            }
            return
        }
        if index >= count { throw invalid("unknown data segment \(index)") }
    }

    @inlinable @inline(__always)
    func funcType(ofFunction index: UInt32) throws(WasmError) -> FuncType {
        guard Int(index) < module.functionTypeIndices.count else { throw invalid("unknown function \(index)") }
        return module.functionType(Int(index))
    }

    @inlinable
    mutating func popArguments(_ t: FuncType) throws(WasmError) {
        var i = t.params.count - 1
        while i >= 0 {
            try pop(t.params[i])
            i -= 1
        }
    }
}

// MARK: - Operators with hand-written rules ("special" in Scripts/opcodes.txt)

extension FunctionValidator: OperatorVisitor {
    @inlinable
    public mutating func visitUnreachable() throws(WasmError) { setUnreachable() }

    @inlinable @inline(__always)
    public mutating func visitBlock(_ type: BlockType) throws(WasmError) {
        try checkBlockType(type)
        try popParams(type)
        pushFrame(.block, type)
    }

    @inlinable @inline(__always)
    public mutating func visitLoop(_ type: BlockType) throws(WasmError) {
        try checkBlockType(type)
        try popParams(type)
        pushFrame(.loop, type)
    }

    @inlinable @inline(__always)
    public mutating func visitIf(_ type: BlockType) throws(WasmError) {
        try checkBlockType(type)
        try pop(.i32)
        try popParams(type)
        pushFrame(.if, type)
    }

    @inlinable
    public mutating func visitElse() throws(WasmError) {
        let f = innermost
        guard f.kind == .if else { throw WasmError(.malformed, "else without if", offset: operatorOffset) }
        try popResults(f.type)
        if operandCount != f.height { throw invalid("type mismatch") }
        frameCount &-= 1
        pushFrame(.else, f.type)
    }

    @inlinable @inline(__always)
    public mutating func visitEnd() throws(WasmError) {
        let f = innermost
        try popResults(f.type)
        if operandCount != f.height { throw invalid("type mismatch") }
        if f.kind == .if {
            // An `if` without `else` must produce its results from its params.
            switch f.type {
            case .empty: break
            case .value: throw invalid("type mismatch")
            case .typeIndex: try checkIfWithoutElse(f.type)
            }
        }
        frameCount &-= 1
        if frameCount > 0 {
            let top = innermost
            frameHeight = top.height
            frameUnreachable = top.unreachable
        }
        if f.kind != .function { pushResults(f.type) }
    }

    /// `visitEnd` of an `if` without `else` whose type has an index. Out of line (rare), and mutating although it
    /// changes nothing: a non-mutating out-of-line method would be handed a copy of the whole validator.
    @usableFromInline @inline(never)
    mutating func checkIfWithoutElse(_ type: BlockType) throws(WasmError) {
        let n = paramCount(type)
        guard n == resultCount(type) else { throw invalid("type mismatch") }
        for i in 0..<n where param(type, i) != result(type, i) { throw invalid("type mismatch") }
    }

    @inlinable @inline(__always)
    public mutating func visitBr(depth: UInt32) throws(WasmError) {
        let f = try frame(depth: depth)
        try popLabel(f)
        setUnreachable()
    }

    @inlinable @inline(__always)
    public mutating func visitBrIf(depth: UInt32) throws(WasmError) {
        let f = try frame(depth: depth)
        try pop(.i32)
        try popLabel(f)
        pushLabel(f)
    }

    public mutating func visitBrTable(targets: [UInt32], defaultDepth: UInt32) throws(WasmError) {
        try pop(.i32)
        let d = try frame(depth: defaultDepth)
        let arity = labelCount(d)
        for t in targets {
            let f = try frame(depth: t)
            guard labelCount(f) == arity else { throw invalid("type mismatch") }
            // Check the operands against this label without consuming them.
            let saved = operandCount
            try popLabel(f)
            operandCount = saved
        }
        try popLabel(d)
        setUnreachable()
    }

    @inlinable
    public mutating func visitReturn() throws(WasmError) {
        try popLabel(frames[0])
        setUnreachable()
    }

    @inlinable
    public mutating func visitCall(functionIndex: UInt32) throws(WasmError) {
        let t = try funcType(ofFunction: functionIndex)
        try popArguments(t)
        for r in t.results { push(r) }
    }

    @inlinable
    public mutating func visitCallIndirect(typeIndex: UInt32, tableIndex: UInt32) throws(WasmError) {
        let table = try tableType(tableIndex)
        guard table.element == .funcref else { throw invalid("type mismatch") }
        guard Int(typeIndex) < module.types.count else { throw invalid("unknown type") }
        try pop(.i32)
        let t = module.types[Int(typeIndex)]
        try popArguments(t)
        for r in t.results { push(r) }
    }

    @inlinable
    public mutating func visitDrop() throws(WasmError) { _ = try popAny() }

    @inlinable
    public mutating func visitSelect() throws(WasmError) {
        try pop(.i32)
        let t1 = try popAny()
        let t2 = try popAny()
        let u = FunctionValidator.unknown
        // Each operand on its own (a `for` over `[t1, t2]` allocated an array per `select`).
        if t1 != u && ValueType(rawValue: t1)!.isReference { throw invalid("type mismatch") }
        if t2 != u && ValueType(rawValue: t2)!.isReference { throw invalid("type mismatch") }
        if t1 != t2 && t1 != u && t2 != u { throw invalid("type mismatch") }
        pushRaw(t1 == u ? t2 : t1)
    }

    @inlinable
    public mutating func visitSelectTyped(_ type: ValueType) throws(WasmError) {
        try pop(.i32)
        try pop(type)
        try pop(type)
        push(type)
    }

    // `local.get/set/tee`: the fast path (a function with at most `flatLocalLimit` locals) is inlined into the
    // operator loop; the rest is a call of its own (its non-mutating type lookup copies the whole validator, and
    // would give the inlined path a large stack frame).

    @inlinable @inline(__always)
    public mutating func visitLocalGet(localIndex: UInt32) throws(WasmError) {
        if _fastPath(Int(localIndex) < flatCount) {
            pushRaw(flatLocals[Int(localIndex)])
            return
        }
        try visitLocalGetSlow(localIndex)
    }

    @usableFromInline @inline(never)
    mutating func visitLocalGetSlow(_ localIndex: UInt32) throws(WasmError) {
        // Read the type into a local first: passing `try localType(...)` straight into the mutating `push`
        // makes Swift copy the whole validator for the non-mutating call.
        let t = try localTypeSlow(localIndex)
        push(t)
    }

    @inlinable @inline(__always)
    public mutating func visitLocalSet(localIndex: UInt32) throws(WasmError) {
        if _fastPath(Int(localIndex) < flatCount) {
            try popRaw(flatLocals[Int(localIndex)])
            return
        }
        try visitLocalSetSlow(localIndex)
    }

    @usableFromInline @inline(never)
    mutating func visitLocalSetSlow(_ localIndex: UInt32) throws(WasmError) {
        try pop(try localTypeSlow(localIndex))
    }

    @inlinable @inline(__always)
    public mutating func visitLocalTee(localIndex: UInt32) throws(WasmError) {
        if _fastPath(Int(localIndex) < flatCount) {
            let t = flatLocals[Int(localIndex)]
            try popRaw(t)
            pushRaw(t)
            return
        }
        try visitLocalTeeSlow(localIndex)
    }

    @usableFromInline @inline(never)
    mutating func visitLocalTeeSlow(_ localIndex: UInt32) throws(WasmError) {
        let t = try localTypeSlow(localIndex)
        try pop(t)
        push(t)
    }

    @inlinable
    public mutating func visitGlobalGet(globalIndex: UInt32) throws(WasmError) {
        guard Int(globalIndex) < module.globals.count else { throw invalid("unknown global \(globalIndex)") }
        push(module.globals[Int(globalIndex)].value)
    }

    @inlinable
    public mutating func visitGlobalSet(globalIndex: UInt32) throws(WasmError) {
        guard Int(globalIndex) < module.globals.count else { throw invalid("unknown global \(globalIndex)") }
        let g = module.globals[Int(globalIndex)]
        guard g.mutable else { throw invalid("global is immutable") }
        try pop(g.value)
    }

    @inlinable
    public mutating func visitTableGet(tableIndex: UInt32) throws(WasmError) {
        let t = try tableType(tableIndex)
        try pop(.i32)
        push(t.element)
    }

    @inlinable
    public mutating func visitTableSet(tableIndex: UInt32) throws(WasmError) {
        let t = try tableType(tableIndex)
        try pop(t.element)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitMemorySize() throws(WasmError) {
        try checkMemory()
        push(.i32)
    }

    @inlinable
    public mutating func visitMemoryGrow() throws(WasmError) {
        try checkMemory()
        try pop(.i32)
        push(.i32)
    }

    @inlinable
    public mutating func visitRefNull(_ type: ValueType) throws(WasmError) { push(type) }

    @inlinable
    public mutating func visitRefIsNull() throws(WasmError) {
        let t = try popAny()
        if t != FunctionValidator.unknown && !ValueType(rawValue: t)!.isReference { throw invalid("type mismatch") }
        push(.i32)
    }

    @inlinable
    public mutating func visitRefFunc(functionIndex: UInt32) throws(WasmError) {
        _ = try funcType(ofFunction: functionIndex)
        guard module.declaredFunctionReferences.contains(functionIndex) else {
            throw invalid("undeclared function reference")
        }
        push(.funcref)
    }

    @inlinable
    public mutating func visitMemoryInit(dataIndex: UInt32) throws(WasmError) {
        try checkMemory()
        try checkDataIndex(dataIndex)
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitDataDrop(dataIndex: UInt32) throws(WasmError) { try checkDataIndex(dataIndex) }

    @inlinable
    public mutating func visitMemoryCopy() throws(WasmError) {
        try checkMemory()
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitMemoryFill() throws(WasmError) {
        try checkMemory()
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitTableInit(elemIndex: UInt32, tableIndex: UInt32) throws(WasmError) {
        let t = try tableType(tableIndex)
        let e = try elementType(elemIndex)
        guard t.element == e else { throw invalid("type mismatch") }
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitElemDrop(elemIndex: UInt32) throws(WasmError) { _ = try elementType(elemIndex) }

    @inlinable
    public mutating func visitTableCopy(destination: UInt32, source: UInt32) throws(WasmError) {
        let d = try tableType(destination)
        let s = try tableType(source)
        guard d.element == s.element else { throw invalid("type mismatch") }
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
    }

    @inlinable
    public mutating func visitTableGrow(tableIndex: UInt32) throws(WasmError) {
        let t = try tableType(tableIndex)
        try pop(.i32)
        try pop(t.element)
        push(.i32)
    }

    @inlinable
    public mutating func visitTableSize(tableIndex: UInt32) throws(WasmError) {
        _ = try tableType(tableIndex)
        push(.i32)
    }

    @inlinable
    public mutating func visitTableFill(tableIndex: UInt32) throws(WasmError) {
        let t = try tableType(tableIndex)
        try pop(.i32)
        try pop(t.element)
        try pop(.i32)
    }
}

/// Storage of one of the validator's stacks (freed with the last validator copy that uses it). Elements are
/// trivial values (type bytes, control frames): nothing is deinitialized.
public final class StackStorage<Element> {
    @usableFromInline var pointer: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int

    init() {
        capacity = 256
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// Room for at least `n` elements (the first `capacity` are kept).
    func reserve(_ n: Int) {
        while capacity < n { grow() }
    }

    @usableFromInline
    func grow() {
        let n = capacity * 2
        let p = UnsafeMutablePointer<Element>.allocate(capacity: n)
        p.moveInitialize(from: pointer, count: capacity)
        pointer.deallocate()
        pointer = p
        capacity = n
    }
}

import AssemblerCore
import SwasmABI
import WasmDecoder

/// Where a value on the value stack lives (Liftoff/Winch style): nothing is emitted for constants and
/// `local.get` until a consumer needs them.
enum Location: Equatable {
    case reg(Reg)
    /// A constant: its bits, or for a v128 its index in the function's `vectorConstants`.
    case const(UInt64)
    case local(UInt32)
    /// In this entry's home slot (fixed by its depth).
    case stack
}

struct StackEntry {
    var type: ValueType
    var loc: Location
}

/// A block, loop, if/else or the function body being compiled (outside the generic class: no per-use generic
/// metadata).
struct ControlFrame {
    enum Kind { case block, loop, `if`, `else`, function }
    var kind: Kind
    /// The block's type (its value types are looked up only when they are pushed: no arrays per frame).
    var type: BlockType
    var paramCount: Int
    var resultCount: Int
    var height: Int
    var label: Label
    var elseLabel: Label?
    var reachableAtEntry: Bool
    var labelUsed = false
    /// How many values a branch to this frame carries.
    var branchCount: Int { kind == .loop ? paramCount : resultCount }
}

/// The arch-neutral single-pass code generator: one `OperatorVisitor` over a function's validated operators,
/// emitting through a `MacroAssembler`. It coordinates the parts of its state, each with its invariants next
/// to its code (Winch's split):
/// - `ValueStack` (the operand stack of `StackEntry`s, Liftoff style) and `control` (the open blocks);
/// - `RegisterFile` (free masks, pins), `LocalCache` (registers holding copies of locals), `Homes` (locals
///   living in a register for the whole function);
/// - `FrameLayout` (every frame offset), `GasMeter` (metering state).
///
/// Invariants of the coordination (see docs/ARCHITECTURE.md):
/// - At every control-flow boundary (block entry, branch, merge) all values are in their home slots, so the
///   state is canonical and merges need no fix-ups; straight-line code keeps values in registers.
/// - Every allocated register belongs to exactly one stack entry, to the local cache, or to the operator being
///   emitted.
/// - Reachability is checked once, by the generated forwarders (`ArchVisitors.swift`): an operator method runs
///   in unreachable code only for `block`, `loop`, `if`, `else` and `end`.
///
/// Exclusivity: a `CodeGen` belongs to one compiler thread, and its state is only touched from its own methods,
/// never through overlapping accesses, so the hot stored properties skip the dynamic exclusivity checks.
public final class CodeGen<M: MacroAssembler & ~Copyable> {
    @exclusivity(unchecked) public var masm: M
    @exclusivity(unchecked) var module = ModuleInfo()
    @exclusivity(unchecked) var haveModule = false
    @exclusivity(unchecked) var functionIndex: UInt32 = 0
    @exclusivity(unchecked) var functionType = FuncType(params: [], results: [])
    @exclusivity(unchecked) var localTypes: [ValueType] = []
    @exclusivity(unchecked) var frame = FrameLayout()
    @exclusivity(unchecked) var stack = ValueStack()
    /// Every stack entry below this index is in its home slot (`.stack`): scans for values to spill, registers
    /// to take back or readers of a local start here, so that deep operand stacks cost linear time. Only
    /// `push` can put a non-slot entry below it (and lowers it); pops may leave it above `stack.count`.
    @exclusivity(unchecked) var canonicalBelow = 0
    /// At least the number of stack entries reading a local (`.local`): `push` counts them, `pop` uncounts them, and
    /// it drops to 0 when no entry can be one (an empty stack, `spillAll`). Entries that stop reading their local
    /// (spilled, detached) or leave in bulk (`removeLast(_:)`) stay counted, which only costs a scan. Only `push`
    /// makes `.local` entries. `detachLocal` skips its scan at 0 (most `local.set`s).
    @exclusivity(unchecked) var localReaders = 0
    @exclusivity(unchecked) var control = UnsafeStack<ControlFrame>()
    @exclusivity(unchecked) var homes = Homes()
    /// `visitBrTable`'s scratch, per control frame: the label id chosen for it in the current `br_table`, else -1
    /// (every entry is -1 between operators).
    @exclusivity(unchecked) var tableLabels: [Int32] = []
    @exclusivity(unchecked) var cache = LocalCache()
    @exclusivity(unchecked) var regs = RegisterFile(
        gprs: M.allocatableGPRs, fprs: M.allocatableFPRs, homeCapable: M.homeGPRs + M.homeFPRs)
    @exclusivity(unchecked) var gas = GasMeter()
    @exclusivity(unchecked) var maxDepth = 0
    @exclusivity(unchecked) public internal(set) var reachable = true
    /// Nesting depth of blocks opened inside unreachable code (their operators are skipped).
    @exclusivity(unchecked) var deadBlocks = 0
    @exclusivity(unchecked) var operatorOffset = 0
    @exclusivity(unchecked) var stackOverflowLabel: Label?
    /// The function's `interrupted` trap stub (interruptible code only).
    @exclusivity(unchecked) var interruptLabel: Label?
    /// The last integer comparison materialized into a register: if nothing was emitted since, a consumer
    /// (`br_if`, `if`) can drop the `setcc` and branch on the flags directly.
    @exclusivity(unchecked) var lastCondition: (reg: Reg, cond: IntCond, afterCompare: Int, end: Int)?
    /// Out-of-line trap stubs to emit at the end of the function; `code == 0` keeps the code already recorded
    /// (a runtime helper's trap).
    @exclusivity(unchecked) var pendingTraps = UnsafeStack<
        (label: Label, code: UInt32, wasmOffset: Int, detail: Reg?)
    >()
    /// The function's v128 constants: a `.const(i)` entry of type v128 is `vectorConstants[i]`.
    @exclusivity(unchecked) var vectorConstants: [V128] = []

    /// Emit an explicit bounds check before every memory access (for hosts without the 8 GiB reservation).
    @exclusivity(unchecked) public var explicitBoundsChecks = false
    /// Give hot locals register homes (`Homes.choose`); off, every local lives in its slot.
    @exclusivity(unchecked) public var registerHomes = true
    /// Deterministic-NaN mode: every float operation that can make a NaN, scalar or vector, yields the canonical
    /// NaN, so that every architecture gives bit-identical results.
    @exclusivity(unchecked) public var canonicalNaNs = false
    /// Interruptible code. Unmetered, it checks the VM context's interrupt flag at every function entry and loop
    /// header (`emitsInterruptChecks`). Metered, it is the same machine code as without the setting: the runtime
    /// interrupts it through the gas (a signal zeroes the gas register, so the next block's charge traps).
    @exclusivity(unchecked) public var interruptible = false
    /// Whether interrupt-flag checks are emitted: interruptible and unmetered code only.
    var emitsInterruptChecks: Bool { interruptible && gas.costModel == nil }
    /// Metering: the cost model (nil: no metering code at all).
    public var costModel: CostModel? {
        get { gas.costModel }
        set { gas.costModel = newValue }
    }

    /// Module-wide results.
    @exclusivity(unchecked) public var trapExit: Label
    @exclusivity(unchecked) public var callFixups: [(site: Int, callee: UInt32)] = []
    /// Instructions that may fault and trap stubs, in code order (a chunk's: `ModuleCompiler.append(chunk:)` moves
    /// them into the module's lists). Unsafe storage: an `Array` append cost ~47 instructions a site.
    @exclusivity(unchecked) var trapSites = UnsafeStack<TrapSite>()
    /// Return addresses of calls (code offset after the call instruction), for backtraces.
    @exclusivity(unchecked) var callSites = UnsafeStack<TrapSite>()

    public init(masm: consuming M, trapExit: Label) {
        self.masm = masm
        self.trapExit = trapExit
    }

    deinit {
        trapSites.deallocate()
        callSites.deallocate()
        stack.deallocate()
        control.deallocate()
        pendingTraps.deallocate()
    }

    // MARK: Frame layout (formulas in `FrameLayout`)

    var paramCount: Int { frame.paramCount }
    var localCount: Int { frame.localCount }
    @inline(__always)
    func localOffset(_ i: UInt32) -> Int { frame.localOffset(i) }
    @inline(__always)
    func slotOffset(_ depth: Int) -> Int { frame.slotOffset(depth) }
    func saveType(_ r: Reg) -> ValueType { r.isFloat ? .v128 : .i64 }

    // MARK: Function

    /// `code`: the body's operator bytes, scanned to choose register homes (empty: no homes).
    func begin(
        function index: UInt32, locals: [(count: UInt32, type: ValueType)], module: ModuleInfo,
        code: UnsafeRawBufferPointer
    ) throws(WasmError) {
        // The sections the code generator reads all precede the code section: the module does not change while
        // its bodies are compiled (assigning it per function would retain and release all of its arrays).
        if !haveModule {
            self.module = module
            haveModule = true
        }
        functionIndex = index
        functionType = module.functionType(Int(index))
        var declared = 0
        for run in locals { declared += Int(run.count) }
        guard declared <= 1 << 20 else {
            throw WasmError(.unsupported, "too many locals to compile (\(declared))", offset: operatorOffset)
        }
        // Reuse the buffer (assigning the params array and appending would copy it per function): resized to the
        // function's local count, then written in place (no generic append per run of locals).
        let params = functionType.params
        let total = params.count + declared
        if localTypes.count < total {
            localTypes.append(contentsOf: repeatElement(.i32, count: total - localTypes.count))
        } else if localTypes.count > total {
            localTypes.removeLast(localTypes.count - total)
        }
        localTypes.withUnsafeMutableBufferPointer { b in
            guard var p = b.baseAddress else { return }
            for t in params {
                p.pointee = t
                p += 1
            }
            for run in locals {
                p.update(repeating: run.type, count: Int(run.count))
                p += Int(run.count)
            }
        }
        stack.removeAll()
        canonicalBelow = 0
        localReaders = 0
        control.removeAll()
        homes.choose(
            code: code, localTypes: localTypes, enabled: registerHomes, gprs: M.homeGPRs, fprs: M.homeFPRs)
        frame = FrameLayout(
            paramCount: functionType.params.count,
            argumentSlots: max(functionType.params.count, functionType.results.count),
            homeCount: homes.count, localCount: localTypes.count - functionType.params.count)
        resetRegisters()
        maxDepth = 0
        reachable = true
        deadBlocks = 0
        pendingTraps.removeAll()
        // `removeAll(keepingCapacity:)` is a generic call of ~60 instructions even on an empty array: skip it then.
        if !vectorConstants.isEmpty { vectorConstants.removeAll(keepingCapacity: true) }
        let overflow = masm.newLabel()
        stackOverflowLabel = overflow
        let layout = frame
        try asm { (m) throws(AssemblerError) in
            try m.prologue(stackOverflow: overflow)
            // Home registers are callee-saved: keep the caller's values (restored in `emitReturn`).
            for k in 0..<homes.count {
                let r = homes.list[k].reg
                try m.storeSlot(saveType(r), fpOffset: layout.homeSaveOffset(k), r)
            }
        }
        // Zero the slots of declared locals without a home (a home's slot is only read after it was saved).
        var j = 0
        while j < localCount {
            if homes.home(UInt32(paramCount + j)) != nil {
                j += 1
                continue
            }
            let start = j
            while j < localCount && homes.home(UInt32(paramCount + j)) == nil { j += 1 }
            // Slots grow downward: the run's lowest address is its last local's.
            let off = frame.declaredLocalOffset(j - 1)
            let n = j - start
            try asm { (m) throws(AssemblerError) in try m.zeroSlots(fpOffset: off, count: n) }
        }
        try asm { (m) throws(AssemblerError) in
            for k in 0..<homes.count {
                let h = homes.list[k]
                if Int(h.local) < layout.paramCount {
                    try m.loadSlot(h.type, h.reg, fpOffset: layout.localOffset(h.local))
                } else {
                    try m.loadConstant(h.type, h.reg, bits: 0)
                }
            }
        }
        gas.reset()
        try startGasBlock()
        if emitsInterruptChecks {
            let stub = masm.newLabel()
            interruptLabel = stub
            try asm { (m) throws(AssemblerError) in try m.interruptCheck(interrupted: stub) }
        }
        control.append(
            ControlFrame(
                kind: .function, type: .empty, paramCount: 0,
                resultCount: functionType.results.count, height: 0,
                label: masm.newLabel(), elseLabel: nil, reachableAtEntry: true))
    }

    // MARK: Register homes (`Homes`)

    @inline(__always)
    func home(_ l: UInt32) -> Reg? { homes.home(l) }

    @inline(__always)
    func isHomeReg(_ r: Reg) -> Bool { homes.isHome(r) }

    /// A register the current operator may read but must not write or free for good (a home or cached local).
    @inline(__always)
    func isBorrowed(_ r: Reg) -> Bool { isHomeReg(r) || isCacheReg(r) }

    // MARK: Metering (`GasMeter`)

    /// Close the open basic block (patch its charge with its cost) and open a new one here. Called wherever a
    /// basic block starts: function entry, labels (loop heads, merges, else), fall-through of a conditional
    /// branch, and after calls.
    /// Unmetered (the common case), nothing: inlined into its many callers.
    @inline(__always)
    func startGasBlock() throws(WasmError) {
        if gas.costModel != nil { try startMeteredBlock() }
    }

    @inline(never)
    func startMeteredBlock() throws(WasmError) {
        try closeGasBlock()
        guard reachable else { return }
        let stub = masm.newLabel()
        let site = try asm { (m) throws(AssemblerError) in try m.gasCharge(outOfGas: stub) }
        gas.open = (site, stub, 0, operatorOffset)
    }

    func closeGasBlock() throws(WasmError) {
        guard let b = gas.open else { return }
        gas.open = nil
        guard b.cost <= UInt64(Int32.max) else { try unsupported("a basic block costing \(b.cost) gas") }
        let cost = UInt32(b.cost)
        try asm { (m) throws(AssemblerError) in try m.patchGasCharge(at: b.site, cost: cost) }
        gas.stubs.append((b.stub, cost, b.wasmOffset))
    }

    /// Static cost of the operator about to be visited (added to the open block; code after `br`, `return` or
    /// `unreachable` costs nothing, although its block is still open).
    /// Tests the open block first: nil whenever metering is off (one test per operator then).
    @inline(__always)
    func chargeOperator(_ opcode: Opcode) { if _slowPath(gas.open != nil), reachable { gas.charge(opcode) } }

    func finishFunction(bodyOffset: Int) throws(WasmError) {
        try closeGasBlock()
        for g in gas.stubs {
            try asm { (m) throws(AssemblerError) in try m.bind(g.label) }
            trapSites.append(
                TrapSite(codeOffset: masm.codeOffset, functionIndex: functionIndex, wasmOffset: g.wasmOffset))
            try asm { (m) throws(AssemblerError) in try m.emitOutOfGasStub(cost: g.cost, trapExit: trapExit) }
        }
        if emitsInterruptChecks, let stub = interruptLabel {
            try asm { (m) throws(AssemblerError) in try m.bind(stub) }
            trapSites.append(
                TrapSite(codeOffset: masm.codeOffset, functionIndex: functionIndex, wasmOffset: bodyOffset))
            try asm { (m) throws(AssemblerError) in
                try m.emitTrapStub(code: TrapCode.interrupted.rawValue, detail: nil, trapExit: trapExit)
            }
        }
        try asm { (m) throws(AssemblerError) in
            try m.bind(stackOverflowLabel!)
        }
        trapSites.append(TrapSite(codeOffset: masm.codeOffset, functionIndex: functionIndex, wasmOffset: bodyOffset))
        try asm { (m) throws(AssemblerError) in
            try m.emitTrapStub(code: TrapCode.stackExhausted.rawValue, detail: nil, trapExit: trapExit)
        }
        // All the stubs in one assembler call (one stub per trapping operator).
        let exit = trapExit
        try asm { (m) throws(AssemblerError) in
            for k in 0..<pendingTraps.count {
                let t = pendingTraps[k]
                try m.bind(t.label)
                trapSites.append(
                    TrapSite(codeOffset: m.codeOffset, functionIndex: functionIndex, wasmOffset: t.wasmOffset))
                try m.emitTrapStub(code: t.code, detail: t.detail, trapExit: exit)
            }
        }
        try asm { (m) throws(AssemblerError) in try m.flushVectorConstants() }
        let frameSize = frame.frameSize(maxDepth: maxDepth)
        try asm { (m) throws(AssemblerError) in try m.finishFrame(frameSize: frameSize) }
    }

    /// Run assembler work, turning an encoding failure into a compile error at the current operator.
    @inline(__always)
    func asm<R>(_ body: (inout M) throws(AssemblerError) -> R) throws(WasmError) -> R {
        do {
            return try body(&masm)
        } catch {
            throw WasmError(.unsupported, "code generation failed: \(error.message)", offset: operatorOffset)
        }
    }

    func unsupported(_ what: String) throws(WasmError) -> Never {
        throw WasmError(.unsupported, "\(what) is not supported by the code generator yet", offset: operatorOffset)
    }

    /// A label for an out-of-line trap stub for this site.
    func trapLabel(_ kind: TrapCode, detail: Reg? = nil) -> Label {
        let l = masm.newLabel()
        pendingTraps.append((l, kind.rawValue, operatorOffset, detail))
        return l
    }

    /// A stub that records this site's location for a trap a runtime helper already recorded.
    func helperTrapLabel() -> Label {
        let l = masm.newLabel()
        pendingTraps.append((l, 0, operatorOffset, nil))
        return l
    }

    // MARK: Registers (`RegisterFile`)

    @inline(__always)
    func isAllocated(_ r: Reg) -> Bool { regs.isAllocated(r) }

    @inline(__always)
    func take(_ r: Reg) { regs.take(r) }

    /// Give `r` back, unless it is a home or the local cache owns it (read-only operands may borrow them).
    @inline(__always)
    func free(_ r: Reg) {
        if isHomeReg(r) || cache.contains(r) { return }
        regs.release(r)
    }

    @inline(__always)
    func release(_ r: Reg) { regs.release(r) }

    /// A free register of the class if there is one (nothing spilled or dropped): the lowest-numbered one.
    @inline(__always)
    func freeRegister(float: Bool) -> Reg? { regs.takeFree(float: float) }

    /// Reset all register state (at a merge point every live value is in its home slot).
    @inline(__always)
    func resetRegisters() {
        regs.reset()
        cache.removeAll()
    }

    // MARK: Local cache (`LocalCache`)

    @inline(__always)
    func isCacheReg(_ r: Reg) -> Bool { cache.contains(r) }

    /// Record `r` as holding a copy of local `l`.
    func cacheLocal(_ l: UInt32, _ r: Reg) { cache.add(l, r) }

    @inline(__always)
    func cachedReg(_ l: UInt32) -> Reg? { cache.register(of: l) }

    /// Forget the cached copy of local `l` (it is being written).
    @inline(__always)
    func dropCachedLocal(_ l: UInt32) {
        guard !cache.isEmpty else { return }
        if let r = cache.remove(local: l) { regs.release(r) }
    }

    func dropCacheReg(_ r: Reg) {
        if cache.remove(register: r) { regs.release(r) }
    }

    @inline(__always)
    func freeLocation(_ loc: Location) { if case .reg(let r) = loc { free(r) } }

    /// A free register of the class, spilling the deepest register-held value if none is free. The common case (a
    /// free register) is inlined into every caller; the rest is `allocateSlow`.
    @inline(__always)
    func allocate(float: Bool) throws(WasmError) -> Reg {
        if let r = freeRegister(float: float) { return r }
        return try allocateSlow(float: float)
    }

    /// `allocate` when no register of the class is free.
    @inline(never)
    func allocateSlow(float: Bool) throws(WasmError) -> Reg {
        // A cached local costs nothing to drop (its slot is current).
        if let r = cache.reclaim(float: float, pinned: regs.pinned) { return r }
        // Spill the deepest value held in a register of the class.
        try canonicalizeIfDeep()
        if let r = freeRegister(float: float) { return r }
        var i = min(canonicalBelow, stack.count)
        while i < stack.count, case .stack = stack[i].loc { i += 1 }
        canonicalBelow = i
        while i < stack.count {
            if case .reg(let r) = stack[i].loc, r.isFloat == float {
                try spill(i)
                take(r)
                return r
            }
            i += 1
        }
        throw WasmError(.unsupported, "out of registers", offset: operatorOffset)
    }

    @inline(__always)
    func allocate(for type: ValueType) throws(WasmError) -> Reg {
        try allocate(float: isFloatType(type))
    }

    @inline(__always)
    func isFloatType(_ t: ValueType) -> Bool { t == .f32 || t == .f64 || t == .v128 }

    /// Make every register of `regs` free of stack values, moving them to registers outside the set.
    func evict(_ set: [Reg]) throws(WasmError) {
        // Hold each register of the set once it is free, so that evicting one never moves a value into another.
        // `reserved`: bit `Reg.raw` per held register (no array allocated per call).
        var reserved: UInt64 = 0
        for r in set where !isAllocated(r) {
            take(r)
            reserved |= 1 << UInt64(r.raw)
        }
        for r in set where reserved & (1 << UInt64(r.raw)) == 0 {
            try evict(r)
            take(r)
            reserved |= 1 << UInt64(r.raw)
        }
        for r in set where reserved & (1 << UInt64(r.raw)) != 0 { release(r) }
    }

    /// Make `r` free: move the stack entry holding it elsewhere.
    func evict(_ r: Reg) throws(WasmError) {
        try canonicalizeIfDeep()
        guard isAllocated(r) else { return }
        precondition(!isHomeReg(r), "evicting a register home")
        if isCacheReg(r) {
            precondition(!regs.isPinned(r), "evicting a register the current operator reads")
            dropCacheReg(r)
            return
        }
        for i in min(canonicalBelow, stack.count)..<stack.count where stack[i].loc == .reg(r) {
            let n = try allocate(float: r.isFloat)
            // Out of registers, `allocate` may have spilled this very entry and handed back `r`: then it is free.
            if n == r {
                release(r)
                return
            }
            let t = stack[i].type
            masm.move(t, n, r)
            stack[i].loc = .reg(n)
            free(r)
            return
        }
        // Held by the operator being emitted: the caller handles it.
    }

    /// Materialize a constant entry's value (for v128, `bits` is its index in `vectorConstants`).
    @inline(__always)
    func loadConstant(_ type: ValueType, _ bits: UInt64, into dst: Reg) throws(WasmError) {
        if type == .v128 {
            let v = vectorConstant(bits)
            try asm { (m) throws(AssemblerError) in try m.loadV128Constant(dst, v) }
        } else {
            try asm { (m) throws(AssemblerError) in try m.loadConstant(type, dst, bits: bits) }
        }
    }

    /// Store a constant entry's value into a frame slot.
    @inline(__always)
    func storeConstant(_ type: ValueType, _ bits: UInt64, fpOffset off: Int) throws(WasmError) {
        if type == .v128 {
            let v = vectorConstant(bits)
            try asm { (m) throws(AssemblerError) in try m.storeSlotV128Constant(fpOffset: off, v) }
        } else {
            try asm { (m) throws(AssemblerError) in try m.storeSlotImmediate(type, fpOffset: off, bits: bits) }
        }
    }

    // MARK: Stack entries

    /// Store entry `i` into its home slot.
    func spill(_ i: Int) throws(WasmError) {
        let e = stack[i]
        let off = slotOffset(i)
        switch e.loc {
        case .stack: return
        case .reg(let r):
            try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: off, r) }
            free(r)
        case .const(let bits):
            try storeConstant(e.type, bits, fpOffset: off)
        case .local(let l):
            if let h = home(l) {
                try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: off, h) }
            } else {
                let from = localOffset(l)
                try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: off) }
            }
        }
        stack[i].loc = .stack
        maxDepth = max(maxDepth, i + 1)
    }

    func spillAll() throws(WasmError) {
        var i = min(canonicalBelow, stack.count)
        while i < stack.count {
            try spill(i)
            i += 1
        }
        canonicalBelow = stack.count
        localReaders = 0
    }

    /// Over 32 entries above the canonical part (only in generated or pathological code): store them all, so
    /// that scans over the stack stay amortized linear (each entry is stored at most once).
    @inline(__always)
    func canonicalizeIfDeep() throws(WasmError) {
        if stack.count - canonicalBelow > 32 { try spillAll() }
    }

    @inline(__always)
    func push(_ type: ValueType, _ loc: Location) {
        if stack.count < canonicalBelow { canonicalBelow = stack.count }
        if case .local = loc { localReaders &+= 1 }
        stack.append(StackEntry(type: type, loc: loc))
        if stack.count > maxDepth { maxDepth = stack.count }
    }

    @inline(__always)
    func pop() -> StackEntry {
        let e = stack.removeLast()
        if case .local = e.loc { localReaders &-= 1 }
        return e
    }

    /// Put entry `e` (at `depth`) into `dst` without allocating, spilling or touching the register state: for
    /// code on one path only (a return), where the compile-time state must stay as the other path expects.
    /// `dst` may hold a live value: the caller's path must not need it afterwards.
    func loadWithoutAllocating(_ e: StackEntry, depth: Int, into dst: Reg) throws(WasmError) {
        switch e.loc {
        case .reg(let r):
            if r != dst { masm.move(e.type, dst, r) }
        case .const(let bits):
            try loadConstant(e.type, bits, into: dst)
        case .local(let l):
            if let h = home(l) ?? cachedReg(l) {
                masm.move(e.type, dst, h)
            } else {
                let off = localOffset(l)
                try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, dst, fpOffset: off) }
            }
        case .stack:
            let off = slotOffset(depth)
            try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, dst, fpOffset: off) }
        }
    }

    /// Load an entry into a register the caller owns (for entries already in a register, that register).
    @inline(__always)
    func load(_ e: StackEntry, depth: Int) throws(WasmError) -> Reg {
        // Most entries are already in a register: no call (and no large frame) for them.
        if case .reg(let r) = e.loc { return r }
        return try loadIntoRegister(e, depth: depth)
    }

    /// `load` of an entry not in a register yet.
    func loadIntoRegister(_ e: StackEntry, depth: Int) throws(WasmError) -> Reg {
        switch e.loc {
        case .reg(let r): return r
        case .const(let bits):
            let r = try allocate(for: e.type)
            try loadConstant(e.type, bits, into: r)
            return r
        case .local(let l):
            if let h = home(l) {
                let r = try allocate(for: e.type)
                masm.move(e.type, r, h)
                return r
            }
            let cached = cachedReg(l)
            let r = try allocate(for: e.type)
            if let c = cached, cachedReg(l) == c {
                masm.move(e.type, r, c)
            } else if let c = cached, c == r {
                // allocate() dropped the cached copy and handed back its register: the value is still there.
            } else {
                let off = localOffset(l)
                try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, r, fpOffset: off) }
            }
            return r
        case .stack:
            let r = try allocate(for: e.type)
            let off = slotOffset(depth)
            try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, r, fpOffset: off) }
            return r
        }
    }

    /// A register holding the entry's value that the caller only reads (never writes). A local is served from,
    /// or loaded into, the local cache; the register must still be given back with `free` (which keeps cached ones).
    func loadReadOnly(_ e: StackEntry, depth: Int) throws(WasmError) -> Reg {
        guard case .local(let l) = e.loc else { return try load(e, depth: depth) }
        if let h = home(l) { return h }
        if let c = cachedReg(l) {
            regs.pin(c)
            return c
        }
        let r = try allocate(for: e.type)
        let off = localOffset(l)
        try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, r, fpOffset: off) }
        cacheLocal(l, r)
        regs.pin(r)
        return r
    }

    /// Pop the top value into a register the caller only reads.
    @inline(__always)
    func popReadOnly() throws(WasmError) -> (Reg, ValueType) {
        let depth = stack.count - 1
        let e = pop()
        return (try loadReadOnly(e, depth: depth), e.type)
    }

    /// Pop the top value into a register owned by the caller.
    @inline(__always)
    func popReg() throws(WasmError) -> (Reg, ValueType) {
        let depth = stack.count - 1
        let e = pop()
        return (try load(e, depth: depth), e.type)
    }

    /// Pop the top value as an immediate (if it is a constant that fits) or a register.
    @inline(__always)
    func popOperand(_ size: IntSize) throws(WasmError) -> Operand {
        if case .const(let bits) = stack[stack.count - 1].loc {
            let v = size == .s32 ? Int64(Int32(truncatingIfNeeded: bits)) : Int64(bitPattern: bits)
            if masm.fitsImmediate(v, size) {
                _ = pop()
                return .imm(v)
            }
        }
        return .reg(try popReadOnly().0)
    }

    @inline(__always)
    func freeOperand(_ o: Operand) { if case .reg(let r) = o { free(r) } }

    /// Turn stack entries that read local `l` into stored copies (before `l` is written). Inlined up to the
    /// usual early return (no stack entry reads a local): no call per `local.set/tee` then.
    @inline(__always)
    func detachLocal(_ l: UInt32) throws(WasmError) {
        try canonicalizeIfDeep()
        guard localReaders != 0 else { return }
        try detachLocalReaders(l)
    }

    /// `detachLocal` when some stack entries read locals.
    func detachLocalReaders(_ l: UInt32) throws(WasmError) {
        let h = home(l)
        for i in min(canonicalBelow, stack.count)..<stack.count where stack[i].loc == .local(l) {
            // A home's old value moves to a free register if there is one (no memory traffic).
            if let h, let r = freeRegister(float: h.isFloat) {
                let t = stack[i].type
                masm.move(t, r, h)
                stack[i].loc = .reg(r)
            } else {
                try spill(i)
            }
        }
    }

    /// Copy the top `count` values to the home slots starting at depth `base` (branch to a label).
    func moveTop(_ count: Int, toDepth base: Int) throws(WasmError) {
        let first = stack.count - count
        for k in 0..<count {
            let src = first + k
            let dst = base + k
            let e = stack[src]
            let to = slotOffset(dst)
            maxDepth = max(maxDepth, dst + 1)
            switch e.loc {
            case .stack:
                if src == dst { continue }
                let from = slotOffset(src)
                try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
            case .reg(let r):
                try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, r) }
            case .const(let bits):
                try storeConstant(e.type, bits, fpOffset: to)
            case .local(let l):
                if let h = home(l) {
                    try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, h) }
                } else {
                    let from = localOffset(l)
                    try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
                }
            }
        }
    }
}

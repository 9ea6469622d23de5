import Glibc
import SwasmABI
import Synchronization
import WasmDecoder

/// Canonical ids of function types, shared by all instances so `call_indirect` across modules compares types.
enum TypeRegistry {
    static let ids = Mutex<[FuncType: UInt32]>([:])
    static func id(_ t: FuncType) -> UInt32 {
        ids.withLock { d in
            if let i = d[t] { return i }
            let i = UInt32(d.count + 1)
            d[t] = i
            return i
        }
    }
}

/// A host function: its signature and a closure called with the arguments.
///
/// `slotBody`, when present, is what wasm calls: it reads its arguments from and writes its results to the
/// call's slot area directly, so a call boxes nothing (typed host functions of the `Swasm` API build one). The
/// area holds `slotCount` 16-byte slots; argument `i` and result `j` are at `slotOffset(i)` and `slotOffset(j)`
/// (a value in the low bytes of its slot, a v128 in all 16). `body` serves the rest (and is the reference: both
/// must behave the same).
public struct HostFunction: Sendable {
    public var type: FuncType
    public var body: @Sendable (Instance, [Value]) throws -> [Value]
    public var slotBody: (@Sendable (Instance, UnsafeMutableRawPointer) throws -> Void)?

    public init(
        type: FuncType, body: @escaping @Sendable (Instance, [Value]) throws -> [Value],
        slotBody: (@Sendable (Instance, UnsafeMutableRawPointer) throws -> Void)? = nil
    ) {
        self.type = type
        self.body = body
        self.slotBody = slotBody
    }

    /// Slots in the call area of a function with `parameters` parameters and `results` results.
    @inlinable public static func slotCount(parameters: Int, results: Int) -> Int { max(parameters, results) }

    /// Byte offset of argument or result `index` in an area of `slotCount` slots (the host-call stub's layout:
    /// the first value in the highest slot).
    @inlinable public static func slotOffset(_ index: Int, slotCount: Int) -> Int { 16 * (slotCount - 1 - index) }
}

/// What the host-call helper needs of one imported host function, resolved at instantiation so a call does one
/// array load and no hashing or type inspection.
final class HostCallEntry {
    let function: HostFunction
    /// `function.slotBody`, unwrapped once.
    let slotBody: (@Sendable (Instance, UnsafeMutableRawPointer) throws -> Void)?
    let slotCount: Int
    /// The byte offset of the single scalar result, returned in a register; -1 when results go to the area.
    let scalarResultOffset: Int

    init(_ function: HostFunction) {
        self.function = function
        slotBody = function.slotBody
        let t = function.type
        slotCount = HostFunction.slotCount(parameters: t.params.count, results: t.results.count)
        scalarResultOffset =
            t.results.count == 1 && t.results[0] != .v128 ? HostFunction.slotOffset(0, slotCount: slotCount) : -1
    }
}

/// An exported (or importable) wasm function: its `FuncRef` record and the instance that owns it.
public struct FunctionHandle {
    public let funcRef: UnsafeMutableRawPointer
    public let type: FuncType
    public let owner: Instance
}

/// Something an import can be satisfied with.
public enum ExternalValue {
    case function(FunctionHandle)
    case hostFunction(HostFunction)
    case table(Table)
    case memory(LinearMemory)
    case global(GlobalCell)
}

/// How an instance is created.
public struct InstanceConfiguration: Sendable {
    public var memoryMode: LinearMemory.Mode = .guarded
    /// Cap on linear memory pages (memory.grow returns -1 beyond).
    public var maxMemoryPages: Int = LinearMemory.maxPages32
    /// Native stack wasm may use from the entry point (bytes); nil = the whole thread stack minus a reserve.
    public var stackBudget: Int? = nil
    /// Cap on the elements of each table this instance defines (instantiation fails beyond, `table.grow` → -1).
    public var maxTableElements: Int = 10_000_000
    /// Gas available to the start function and the first call (metered code only).
    public var initialGas: UInt64 = 0
    /// Where guarded memories take their reservations.
    public var memoryPool: MemoryReservationPool = .shared
    /// Explicit-bounds memories defined by the instance take a slot from this pool (the pooling allocator)
    /// instead of mapping memory; nil: map on demand.
    public var memorySlots: MemorySlotPool? = nil
    /// Installed on every memory the instance defines (`LinearMemory.growthHook`), and asked first for its
    /// initial size (current 0); a refusal fails instantiation with `LinkError.limitExceeded`.
    public var memoryGrowthHook: (@Sendable (_ currentPages: Int, _ desiredPages: Int) -> Bool)? = nil
    /// Installed on every table the instance defines (`Table.growthHook`), and asked first for its initial size.
    public var tableGrowthHook: (@Sendable (_ currentElements: Int, _ desiredElements: Int) -> Bool)? = nil
    public init() {}
}

/// An instantiated module: its code in executable memory, VM context, memory, tables, globals.
/// Used by one thread at a time.
public final class Instance {
    public let module: ModuleInfo
    public let code: CompiledCode
    /// What a host call costs metered code (`code.costModel?.hostCallCost`), read by every host call.
    let hostCallCost: UInt64?
    public let vmctx: VMContext
    let exec: ExecutableMemory
    /// The entry trampoline's address (read once: a call touches no `CompiledCode`).
    let entryAddress: UnsafeRawPointer
    /// Metered and interruptible code: calls keep the bookkeeping of `InterruptSignal` (read once, like
    /// `entryAddress`).
    let interruptsThroughGas: Bool
    /// `ThreadEntry.key` and `configuration.stackBudget`, read by every call (stored: no lazy global, no copy).
    let threadKey: pthread_key_t
    let stackBudget: Int?
    public private(set) var memory: LinearMemory?
    public private(set) var tables: [Table] = []
    public private(set) var globals: [GlobalCell] = []
    let configuration: InstanceConfiguration
    /// FuncRef records of this instance's functions (imports: the exporter's record, or a host record).
    var funcRefs: [UnsafeMutableRawPointer] = []
    /// The `FuncRef` records this instance owns (its defined functions and host imports), in one block
    /// (`funcRefStride` bytes each; `ownedFuncRefCount` used).
    let funcRefBlock: UnsafeMutableRawPointer
    var ownedFuncRefCount = 0
    static let funcRefStride = 32 // ≥ FuncRefLayout.size, a multiple of 16
    /// Indexed by function index (imports come first); nil for imported wasm functions. Filled during `init`
    /// only, then read by every host call: no dynamic exclusivity check.
    @exclusivity(unchecked) var hostFunctions: ContiguousArray<HostCallEntry?> = []
    /// `hostFunctions` unretained (they keep the entries alive), so a call does no reference counting on them.
    @exclusivity(unchecked) var hostCallEntries: ContiguousArray<Unmanaged<HostCallEntry>?> = []
    var importedInstances: [Instance] = []
    var droppedData: [Bool]
    var elementItems: [[UInt64]?] = []
    let globalsArray: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let tablesArray: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let functionsArray: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let typeIDs: UnsafeMutablePointer<UInt32>
    /// Filled by the trap exit: `[0]` = count, then return addresses of the trapping activation's wasm frames.
    let backtrace: UnsafeMutablePointer<UInt64>
    /// The error a host function threw during the current call.
    var pendingHostError: Error?
    /// The message of a `Trap` a host function threw (kept so the guest trap carries it).
    var pendingHostTrapMessage: String?
    /// The embedding layer's object for this instance (see `init`); the runtime never looks at it.
    public let embedderContext: AnyObject?

    /// Instantiate: resolve imports (in the module's import order), lay out memory, tables and globals, run the
    /// active segments and the start function.
    /// `embedderContext`: the embedding layer's per-instance object (the public API keeps its `Module` and the
    /// user's data there), in place before the start function runs so host functions it calls can reach it.
    public init(
        module: ModuleInfo, code: CompiledCode, imports: [ExternalValue],
        configuration: InstanceConfiguration = InstanceConfiguration(), embedderContext: AnyObject? = nil
    ) throws {
        self.module = module
        self.configuration = configuration
        self.embedderContext = embedderContext
        vmctx = try VMContext()
        // The one seal path (shared with `Swasm.Module`, which seals before any instance exists so instances
        // only read the region): idempotent for sealed code.
        (self.code, exec) = try ExecutableMemory.seal(code)
        let base = exec.start
        entryAddress = UnsafeRawPointer(base + self.code.entryTrampoline)
        interruptsThroughGas = self.code.interruptible && self.code.costModel != nil
        threadKey = ThreadEntry.key
        stackBudget = configuration.stackBudget
        hostCallCost = self.code.costModel?.hostCallCost
        droppedData = Array(repeating: false, count: module.data.count)
        funcRefBlock = .allocate(
            byteCount: max(module.functionTypeIndices.count, 1) * Instance.funcRefStride, alignment: 16)
        globalsArray = .allocate(capacity: max(module.globals.count, 1))
        tablesArray = .allocate(capacity: max(module.tables.count, 1))
        functionsArray = .allocate(capacity: max(module.functionTypeIndices.count, 1))
        typeIDs = .allocate(capacity: max(module.types.count, 1))
        backtrace = .allocate(capacity: VMContextLayout.backtraceCapacity + 1)
        backtrace.initialize(repeating: 0, count: VMContextLayout.backtraceCapacity + 1)
        vmctx.pointer.storeBytes(
            of: backtrace, toByteOffset: VMContextLayout.backtraceBuffer,
            as: UnsafeMutablePointer<UInt64>.self)
        for (i, t) in module.types.enumerated() { typeIDs[i] = TypeRegistry.id(t) }

        // Imports: checked here, once, for every embedder (the API and the CLI alike).
        guard imports.count == module.imports.count else {
            throw LinkError(
                .missingImport, importIndex: min(imports.count, module.imports.count - 1),
                message: "the module has \(module.imports.count) imports, \(imports.count) were given")
        }
        var functionIndex: UInt32 = 0
        funcRefs.reserveCapacity(module.functionTypeIndices.count)
        for (k, (imp, value)) in zip(module.imports, imports).enumerated() {
            try Self.checkImport(imp, value, index: k, module: module, explicitBoundsCode: code.explicitBoundsChecks)
            switch value {
            case .function(let h):
                funcRefs.append(h.funcRef)
                importedInstances.append(h.owner)
                hostFunctions.append(nil)
                functionIndex += 1
            case .hostFunction(let h):
                guard case .function(let ti) = imp.descriptor else { preconditionFailure("checked above") }
                hostFunctions.append(HostCallEntry(h))
                funcRefs.append(
                    makeFuncRef(code: base + code.hostCallStub, typeIndex: Int(ti), hostIndex: functionIndex))
                functionIndex += 1
            case .table(let t): tables.append(t)
            case .memory(let m): memory = m
            case .global(let g): globals.append(g)
            }
        }
        hostCallEntries = ContiguousArray(hostFunctions.map { $0.map(Unmanaged.passUnretained) })
        // Defined functions: their records written in one pass over local copies (no per-function property
        // access or allocation: a module may define tens of thousands).
        let offsets = self.code.functionOffsets
        let typeIndices = module.functionTypeIndices
        let imported = module.importedFunctionCount
        var refs = funcRefs
        refs.reserveCapacity(typeIndices.count)
        var used = ownedFuncRefCount
        precondition(used + typeIndices.count - imported <= typeIndices.count, "more FuncRef records than functions")
        for i in imported..<typeIndices.count {
            let p = funcRefBlock + used * Instance.funcRefStride
            writeFuncRef(p, code: base + offsets[i - imported], typeIndex: Int(typeIndices[i]), hostIndex: 0)
            used += 1
            refs.append(p)
        }
        ownedFuncRefCount = used
        funcRefs = refs
        for (i, f) in refs.enumerated() { functionsArray[i] = f }
        // Memory
        if memory == nil, let mt = module.memories.first {
            let maxPages = min(Int(mt.limits.max ?? UInt64(LinearMemory.maxPages32)), configuration.maxMemoryPages)
            guard mt.limits.min <= UInt64(configuration.maxMemoryPages) else {
                throw LinkError(
                    .limitExceeded,
                    message: "memory 0 needs \(mt.limits.min) pages; the limit is \(configuration.maxMemoryPages)")
            }
            if let hook = configuration.memoryGrowthHook, mt.limits.min > 0, !hook(0, Int(mt.limits.min)) {
                throw LinkError(
                    .limitExceeded, message: "the resource limiter refused memory 0 of \(mt.limits.min) pages")
            }
            let m = try LinearMemory(
                initialPages: Int(mt.limits.min), maxPages: maxPages, mode: configuration.memoryMode,
                pool: configuration.memoryPool, slots: configuration.memorySlots)
            m.growthHook = configuration.memoryGrowthHook
            memory = m
        }
        if let memory, !memory.isGuarded && !code.explicitBoundsChecks {
            throw LinkError(
                .guardPagesRequired,
                message: "this code relies on guard pages; compile it with explicit "
                    + "bounds checks to use an explicit-bounds memory")
        }
        vmctx.bind(memory: memory)
        // Tables
        for (i, tt) in module.tables.enumerated().dropFirst(module.importedTableCount) {
            guard tt.limits.min <= UInt64(configuration.maxTableElements) else {
                throw LinkError(
                    .limitExceeded,
                    message: "table \(i) needs \(tt.limits.min) elements; the limit is "
                        + "\(configuration.maxTableElements)")
            }
            if let hook = configuration.tableGrowthHook, tt.limits.min > 0, !hook(0, Int(tt.limits.min)) {
                throw LinkError(
                    .limitExceeded, message: "the resource limiter refused table \(i) of \(tt.limits.min) elements")
            }
            let t = try Table(type: tt, limit: configuration.maxTableElements)
            t.growthHook = configuration.tableGrowthHook
            tables.append(t)
        }
        for (i, t) in tables.enumerated() { tablesArray[i] = t.descriptor }
        // Globals
        for (i, gt) in module.globals.enumerated().dropFirst(module.importedGlobalCount) {
            let initial = try evaluate(module.globalInitializers[i - module.importedGlobalCount], type: gt.value)
            globals.append(GlobalCell(type: gt, value: initial))
        }
        for (i, g) in globals.enumerated() { globalsArray[i] = g.pointer }
        vmctx.globalsBase = UInt64(UInt(bitPattern: globalsArray))
        vmctx.tablesBase = UInt64(UInt(bitPattern: tablesArray))
        vmctx.functionsBase = UInt64(UInt(bitPattern: functionsArray))
        vmctx.typeIDsBase = UInt64(UInt(bitPattern: typeIDs))
        vmctx.helpersBase = UInt64(UInt(bitPattern: RuntimeHelpers.table))
        vmctx.instancePointer = UInt64(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
        // An imported table may receive this instance's function references (active segments, table.set):
        // it keeps this instance alive. Own tables do not (that would be a cycle).
        for t in tables.prefix(module.importedTableCount) { t.owners.append(self) }
        // Element segments: resolve items now; active ones are copied into their table, then dropped.
        for seg in module.elements {
            var items: [UInt64] = []
            for e in seg.items { items.append(try evaluate(e, type: seg.type).rawBits) }
            elementItems.append(items)
        }
        for (i, seg) in module.elements.enumerated() {
            switch seg.mode {
            case .active(let table, let offset):
                guard case .i32(let o) = try evaluate(offset, type: .i32) else { continue }
                try initTable(
                    Int(table), segment: i, dst: UInt32(bitPattern: o), src: 0, count: UInt32(seg.items.count))
                elementItems[i] = nil
            case .declarative:
                elementItems[i] = nil
            case .passive:
                break
            }
        }
        for (i, seg) in module.data.enumerated() {
            if case .active(_, let offset) = seg.mode {
                guard case .i32(let o) = try evaluate(offset, type: .i32) else { continue }
                try initMemory(segment: i, dst: UInt32(bitPattern: o), src: 0, count: UInt32(seg.bytes.count))
                droppedData[i] = true
            }
        }
        gasRemaining = configuration.initialGas
        if let start = module.start {
            _ = try call(functionIndex: Int(start), [])
        }
    }

    deinit {
        funcRefBlock.deallocate()
        globalsArray.deallocate()
        tablesArray.deallocate()
        functionsArray.deallocate()
        typeIDs.deallocate()
        backtrace.deallocate()
    }

    static func maxFits(_ actual: UInt64?, _ required: UInt64?) -> Bool {
        guard let required else { return true }
        guard let actual else { return false }
        return actual <= required
    }

    func makeFuncRef(code: UnsafeMutableRawPointer, typeIndex: Int, hostIndex: UInt32) -> UnsafeMutableRawPointer {
        precondition(ownedFuncRefCount < module.functionTypeIndices.count, "more FuncRef records than functions")
        let p = funcRefBlock + ownedFuncRefCount * Instance.funcRefStride
        writeFuncRef(p, code: code, typeIndex: typeIndex, hostIndex: hostIndex)
        ownedFuncRefCount += 1
        return p
    }

    /// Fills the `FuncRef` record at `p` (a slot of `funcRefBlock`).
    @inline(__always)
    func writeFuncRef(_ p: UnsafeMutableRawPointer, code: UnsafeMutableRawPointer, typeIndex: Int, hostIndex: UInt32) {
        p.storeBytes(of: code, toByteOffset: FuncRefLayout.code, as: UnsafeMutableRawPointer.self)
        p.storeBytes(of: vmctx.pointer, toByteOffset: FuncRefLayout.vmctx, as: UnsafeMutableRawPointer.self)
        p.storeBytes(of: typeIDs[typeIndex], toByteOffset: FuncRefLayout.typeID, as: UInt32.self)
        p.storeBytes(of: hostIndex, toByteOffset: FuncRefLayout.hostIndex, as: UInt32.self)
    }

    func evaluate(_ e: ConstExpr, type: ValueType) throws -> Value {
        switch e {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let b): return .f32(bits: b)
        case .f64(let b): return .f64(bits: b)
        case .v128(let v): return .v128(v)
        case .refNull(let t): return t == .funcref ? .funcref(nil) : .externref(nil)
        case .refFunc(let i): return .funcref(UInt64(UInt(bitPattern: funcRefs[Int(i)])))
        case .globalGet(let i): return globals[Int(i)].value
        }
    }

    // MARK: Bulk operations (shared by instantiation and the helpers)

    func initTable(_ t: Int, segment: Int, dst: UInt32, src: UInt32, count: UInt32) throws(TrapCode) {
        let items = elementItems[segment] ?? []
        let table = tables[t]
        guard UInt64(src) + UInt64(count) <= UInt64(items.count),
            UInt64(dst) + UInt64(count) <= UInt64(table.count)
        else { throw TrapCode.tableOutOfBounds }
        for k in 0..<Int(count) { try table.set(Int(dst) + k, items[Int(src) + k]) }
    }

    func initMemory(segment: Int, dst: UInt32, src: UInt32, count: UInt32) throws(TrapCode) {
        let bytes = droppedData[segment] ? [] : module.data[segment].bytes
        guard UInt64(src) + UInt64(count) <= UInt64(bytes.count) else { throw TrapCode.memoryOutOfBounds }
        guard let memory, memory.isInBounds(UInt64(dst), count: UInt64(count)) else { throw TrapCode.memoryOutOfBounds }
        if count > 0 {
            bytes.withUnsafeBytes { b in
                (memory.base + Int(dst)).copyMemory(from: b.baseAddress! + Int(src), byteCount: Int(count))
            }
        }
    }

    // MARK: Metering

    /// Remaining gas (metered code only): set it before a call, read it after a return or a trap. A host function
    /// may set it during a call; if an interrupt has taken the gas, it stays 0 until the call ends, and then is
    /// the value set (`storeGasFromHost`).
    public var gasRemaining: UInt64 {
        get { vmctx.pointer.load(fromByteOffset: VMContextLayout.gasRemaining, as: UInt64.self) }
        set { storeGasFromHost(vmctx.pointer, newValue) }
    }

    /// Whether the code was compiled with metering.
    public var isMetered: Bool { code.costModel != nil }

    // MARK: Exports and calls

    /// The exported function `name`, if any.
    public func exportedFunction(_ name: String) -> FunctionHandle? {
        guard let e = module.export(named: name), e.kind == .function else { return nil }
        return FunctionHandle(funcRef: funcRefs[Int(e.index)], type: module.functionType(Int(e.index)), owner: self)
    }

    public func exportedValue(_ name: String) -> ExternalValue? {
        guard let e = module.export(named: name) else { return nil }
        switch e.kind {
        case .function:
            return .function(
                FunctionHandle(funcRef: funcRefs[Int(e.index)], type: module.functionType(Int(e.index)), owner: self))
        case .table: return .table(tables[Int(e.index)])
        case .memory: return memory.map { .memory($0) }
        case .global: return .global(globals[Int(e.index)])
        }
    }

    public func call(functionIndex: Int, _ args: [Value]) throws -> [Value] {
        try call(funcRef: funcRefs[functionIndex], type: module.functionType(functionIndex), args)
    }

    public func call(_ handle: FunctionHandle, _ args: [Value]) throws -> [Value] {
        try call(funcRef: handle.funcRef, type: handle.type, args)
    }

    typealias Entry =
        @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer, UnsafeMutableRawPointer, Int, UInt32) -> Int32

    /// Calls a function reference through this instance's entry trampoline.
    func call(funcRef: UnsafeMutableRawPointer, type: FuncType, _ args: [Value]) throws -> [Value] {
        guard args.count == type.params.count else {
            throw LinkError(.argumentMismatch, message: "expected \(type.params.count) arguments, got \(args.count)")
        }
        for (a, t) in zip(args, type.params) where a.type != t {
            throw LinkError(.argumentMismatch, message: "argument type mismatch: expected \(t), got \(a.type)")
        }
        let m = max(type.params.count, type.results.count)
        return try withUnsafeTemporaryAllocation(byteCount: (m + 2) * 16, alignment: 16) { raw in
            try call(funcRef: funcRef, type: type, args, slotCount: m, buffer: raw.baseAddress!)
        }
    }

    private func call(
        funcRef: UnsafeMutableRawPointer, type: FuncType, _ args: [Value], slotCount m: Int,
        buffer: UnsafeMutableRawPointer
    ) throws -> [Value] {
        memset(buffer, 0, (m + 2) * 16)
        for (i, a) in args.enumerated() {
            buffer.storeBytes(of: a.rawBits, toByteOffset: 16 * i, as: UInt64.self)
            if case .v128(let v) = a { buffer.storeBytes(of: v.high, toByteOffset: 16 * i + 8, as: UInt64.self) }
        }
        try callRaw(funcRef: funcRef, slotCount: m, buffer: buffer)
        if type.results.count == 1 && type.results[0] != .v128 {
            return [Instance.singleResult(type.results[0], slotCount: m, buffer: buffer)]
        }
        return type.results.enumerated().map { j, t in
            Value.fromRaw(
                t, low: buffer.load(fromByteOffset: 16 * j, as: UInt64.self),
                high: buffer.load(fromByteOffset: 16 * j + 8, as: UInt64.self))
        }
    }

    /// The single non-v128 result of a call, from the buffer of `callRaw`.
    @inlinable
    public static func singleResult(_ t: ValueType, slotCount m: Int, buffer: UnsafeRawPointer) -> Value {
        let off = t == .f32 || t == .f64 ? 16 * m + 16 : 16 * m
        return Value.fromRaw(t, low: buffer.load(fromByteOffset: off, as: UInt64.self))
    }

    /// Calls a function reference with arguments already in `buffer` — the entry trampoline's layout:
    /// `slotCount` (= max(params, results)) 16-byte slots holding the arguments in order, then 32 more bytes.
    /// On return the slots hold the results, a single integer result is also at `[16 * slotCount]` and a single
    /// float result at `[16 * slotCount + 16]` (see `singleResult`). No allocation: typed calls use this.
    /// The caller guarantees that the arguments match the function's type.
    public func callRaw(funcRef: UnsafeMutableRawPointer, slotCount m: Int, buffer: UnsafeMutableRawPointer) throws {
        // The callee may belong to another instance: it runs with its own VM context.
        let ctx = funcRef.load(fromByteOffset: FuncRefLayout.vmctx, as: UnsafeMutableRawPointer.self)
        let code = funcRef.load(fromByteOffset: FuncRefLayout.code, as: UnsafeRawPointer.self)
        let hostIndex = funcRef.load(fromByteOffset: FuncRefLayout.hostIndex, as: UInt32.self)
        let thread = ThreadEntry.current(threadKey) // prepares the thread on its first call
        ctx.storeBytes(of: UInt32(0), toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        if ctx.load(fromByteOffset: VMContextLayout.entrySP, as: UInt64.self) == 0 { // not nested: this thread's limit
            let limit =
                if let budget = stackBudget { StackLimits.limit(budget: budget) ?? 0 } else {
                    ThreadEntry.defaultLimit(thread)
                }
            ctx.storeBytes(of: UInt64(limit), toByteOffset: VMContextLayout.stackLimit, as: UInt64.self)
        }
        let status: Int32
        if ctx == vmctx.pointer {
            status =
                interruptsThroughGas
                ? enterInterruptibleMetered(ctx, code, buffer, m, hostIndex)
                : entryPoint(ctx, code, buffer, m, hostIndex)
        } else {
            // Gas travels with the call: a callee in another instance runs on this instance's gas.
            ctx.storeBytes(of: gasRemaining, toByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
            status =
                interruptsThroughGas
                ? enterInterruptibleMetered(ctx, code, buffer, m, hostIndex)
                : entryPoint(ctx, code, buffer, m, hostIndex)
            gasRemaining = ctx.load(fromByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
        }
        if status != 0 { try throwTrap(ctx) }
    }

    /// The entry of metered interruptible code (`InterruptSignal`'s protocol): the outermost call of `ctx` records
    /// this thread, so `interrupt()` can signal it; a request already pending traps before any wasm runs; a trap
    /// out of gas after the signal handler took the gas is `interrupted`; the outermost call puts the gas back.
    @inline(__always)
    func enterInterruptibleMetered(
        _ ctx: UnsafeMutableRawPointer, _ code: UnsafeRawPointer, _ buffer: UnsafeMutableRawPointer, _ m: Int,
        _ hostIndex: UInt32
    ) -> Int32 {
        let thread = InterruptSignal.currentThread
        let running = interruptThread(ctx)
        let outermost = running[0].load(ordering: .relaxed) != thread
        // Sequentially consistent, against `interrupt()`'s store of the flag then load of the thread.
        if outermost { running[0].store(thread, ordering: .sequentiallyConsistent) }
        var status: Int32
        if interruptFlag(ctx)[0].load(ordering: .sequentiallyConsistent) != 0 {
            Self.recordPendingInterrupt(ctx)
            status = 1
        } else {
            status = entryPoint(ctx, code, buffer, m, hostIndex)
        }
        if outermost {
            running[0].store(0, ordering: .relaxed)
            // The handler runs on this thread and acts only while `running` is this thread: from here on it
            // changes nothing, and what it did before is seen below (a compiler barrier is all this needs).
            atomicMemoryFence(ordering: .acquiringAndReleasing)
        }
        if ctx.load(fromByteOffset: VMContextLayout.interruptGasZeroed, as: UInt32.self) != 0 {
            Self.finishInterruptedGas(ctx, trapped: status != 0, outermost: outermost)
        }
        return status
    }

    /// A request was pending when a metered call started: the call traps with `interrupted` at once.
    @inline(never)
    static func recordPendingInterrupt(_ ctx: UnsafeMutableRawPointer) {
        ctx.storeBytes(of: TrapCode.interrupted.rawValue, toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        ctx.storeBytes(of: UInt64(0), toByteOffset: VMContextLayout.trapPC, as: UInt64.self)
        let frames = ctx.load(fromByteOffset: VMContextLayout.backtraceBuffer, as: UnsafeMutablePointer<UInt64>?.self)
        frames?[0] = 0
    }

    /// The signal handler took the gas during this call: a trap out of gas is the interrupt; when the outermost call
    /// ends, the gas the guest had is put back (an inner call leaves it zero, so its caller stops too).
    @inline(never)
    static func finishInterruptedGas(_ ctx: UnsafeMutableRawPointer, trapped: Bool, outermost: Bool) {
        if trapped,
            ctx.load(fromByteOffset: VMContextLayout.trapCode, as: UInt32.self) == TrapCode.outOfGas.rawValue
        {
            ctx.storeBytes(of: TrapCode.interrupted.rawValue, toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        }
        guard outermost else { return }
        let saved = ctx.load(fromByteOffset: VMContextLayout.interruptSavedGas, as: UInt64.self)
        ctx.storeBytes(of: saved, toByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
        ctx.storeBytes(of: UInt32(0), toByteOffset: VMContextLayout.interruptGasZeroed, as: UInt32.self)
    }

    /// The entry trampoline of this instance's code.
    var entryPoint: Entry { unsafeBitCast(entryAddress, to: Entry.self) }

    /// Throws what a trapped call left in the callee context `ctx`: a host function's error, or the trap.
    @inline(never)
    func throwTrap(_ ctx: UnsafeMutableRawPointer) throws -> Never {
        let raw = ctx.load(fromByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        let pc = ctx.load(fromByteOffset: VMContextLayout.trapPC, as: UInt64.self)
        ctx.storeBytes(of: UInt32(0), toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        let owner = Instance.owner(of: ctx)
        if let err = owner.pendingHostError {
            owner.pendingHostError = nil
            throw err
        }
        var trap = Trap(code: TrapCode(rawValue: raw) ?? .hostError)
        if trap.code == .interrupted { // the request is served: the instance runs normally again
            InterruptHandle.setFlag(ctx, 0)
            InterruptHandle.setFlag(vmctx.pointer, 0)
        }
        trap.hostMessage = owner.pendingHostTrapMessage
        owner.pendingHostTrapMessage = nil
        if exec.hasCorruptCode { // a mapped module-cache entry failed verification while running
            trap.hostMessage =
                "corrupt code in \(exec.corruptEntryPath ?? "a mapped artifact") (deleted; load the module again)"
            if let path = exec.corruptEntryPath { unlink(path) }
        }
        trap.frames = Instance.backtrace(entry: ctx, trapPC: pc)
        if isMetered { trap.gasRemaining = ctx.load(fromByteOffset: VMContextLayout.gasRemaining, as: UInt64.self) }
        if trap.code == .uninitializedElement {
            trap.detail = ctx.load(fromByteOffset: VMContextLayout.trapAddress, as: UInt64.self)
        }
        if let site = owner.site(pc: pc, in: owner.code.allTrapSites) {
            trap.functionIndex = site.functionIndex
            trap.wasmOffset = site.wasmOffset
        }
        throw trap
    }

    /// The wasm frames of a trap: the trap site, then the call site of every caller, from the addresses the trap
    /// exit recorded in the entry context's backtrace buffer. Frames of other instances are mapped by their owner.
    static func backtrace(entry ctx: UnsafeMutableRawPointer, trapPC: UInt64) -> [TrapFrame] {
        let owner = Instance.owner(of: ctx)
        var frames: [TrapFrame] = []
        var instances = [owner]
        var k = 0
        while k < instances.count { // the owner and everything it links to, transitively
            for i in instances[k].importedInstances where !instances.contains(where: { $0 === i }) {
                instances.append(i)
            }
            k += 1
        }
        func locate(_ pc: UInt64, in table: KeyPath<CompiledCode, [TrapSite]>) -> TrapFrame? {
            for inst in instances {
                if let site = inst.site(pc: pc, in: inst.code[keyPath: table]) {
                    return TrapFrame(
                        functionIndex: site.functionIndex, wasmOffset: site.wasmOffset,
                        functionName: inst.functionName(site.functionIndex))
                }
            }
            return nil
        }
        if trapPC != 0, let f = locate(trapPC, in: \.allTrapSites) { frames.append(f) }
        let buffer = owner.backtrace
        let n = min(Int(buffer[0]), VMContextLayout.backtraceCapacity)
        for i in 0..<n {
            if let f = locate(buffer[1 + i], in: \.allCallSites) { frames.append(f) }
        }
        buffer[0] = 0
        return frames
    }

    /// The name of function `index` (from the module, or the code's deferred names section).
    public func functionName(_ index: UInt32) -> String? {
        module.functionNames[index] ?? code.deferred?.functionNames[index]
    }

    /// The site recorded at exactly `pc` in this instance's code.
    func site(pc: UInt64, in sites: [TrapSite]) -> TrapSite? {
        let base = UInt64(UInt(bitPattern: exec.start))
        guard pc >= base else { return nil }
        let off = Int(pc - base)
        var lo = 0
        var hi = sites.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if sites[mid].codeOffset == off { return sites[mid] }
            if sites[mid].codeOffset < off { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    /// The instance whose context `vmctx` is, unretained (valid while it runs code).
    static func ownerReference(of vmctx: UnsafeMutableRawPointer) -> Unmanaged<Instance> {
        let raw = vmctx.load(fromByteOffset: VMContextLayout.instancePointer, as: UInt.self)
        return Unmanaged<Instance>.fromOpaque(UnsafeRawPointer(bitPattern: raw)!)
    }

    static func owner(of vmctx: UnsafeMutableRawPointer) -> Instance {
        ownerReference(of: vmctx).takeUnretainedValue()
    }

    func refreshMemory() { vmctx.refreshMemory() }
}

/// An import that cannot be satisfied, a limit the module exceeds, or a call with wrong arguments.
public struct LinkError: Error, CustomStringConvertible {
    /// What went wrong; embedders sort errors by this, never by the message.
    public enum Kind: Sendable, Equatable {
        /// Fewer imports were given than the module declares (`importIndex`: the first missing one).
        case missingImport
        /// The import at `importIndex` has the wrong kind or type.
        case incompatibleImport
        /// The module needs more memory pages or table elements than the configuration allows.
        case limitExceeded
        /// Code compiled for guard pages was given a memory without them.
        case guardPagesRequired
        /// A call passed arguments of the wrong number or types.
        case argumentMismatch
        /// A host function returned values that do not match its declared results.
        case hostResultMismatch
    }
    public var kind: Kind
    /// Index of the import concerned (in the module's import order), for import errors.
    public var importIndex: Int?
    public var message: String
    public init(_ kind: Kind, importIndex: Int? = nil, message: String) {
        self.kind = kind
        self.importIndex = importIndex
        self.message = message
    }
    public var description: String { message }
}

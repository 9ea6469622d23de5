import SwasmABI
import SwasmRuntime
import WasmDecoder

/// What the API keeps with each runtime instance (`SwasmRuntime.Instance.embedderContext`): the `Module`, so a
/// `Caller` can hand out an `Instance`, and the embedder's data.
final class InstanceContext {
    let module: Module
    var userData: Any?
    init(module: Module, userData: Any?) {
        self.module = module
        self.userData = userData
    }
}

/// An instantiated module: its memory, tables, globals and functions, ready to call.
///
/// An instance is not `Sendable`: it (and everything taken from it: functions, memories, ...) must be used by one
/// thread at a time. It may move to another thread between calls. Create one instance per thread from a shared
/// `Module` to run in parallel. See "Threads" in docs/EMBEDDING.md.
///
/// ```swift
/// let instance = try module.instantiate()
/// let add = try instance.typedFunction("add", (Int32, Int32).self, Int32.self)
/// print(try add(2, 3))
/// ```
public final class Instance {
    /// The module this is an instance of.
    public let module: Module
    let raw: SwasmRuntime.Instance

    init(module: Module, raw: SwasmRuntime.Instance) {
        self.module = module
        self.raw = raw
    }

    /// The API view of a runtime instance made by `Module.instantiate` (which always sets its context).
    init(raw: SwasmRuntime.Instance) {
        self.raw = raw
        self.module = raw.apiContext.module
    }

    var context: InstanceContext { raw.apiContext }

    // MARK: Host state

    /// The embedder's data for this instance (given to `Module.instantiate(imports:gas:userData:)` or set
    /// here): what host functions reach through `Caller.userData` — a game object, a request, a per-plugin
    /// state. Kept alive as long as the instance (or anything taken from it) is; do not store the instance itself
    /// (or its functions, memory, ...) in it strongly: that cycle would keep both alive forever.
    public var userData: Any? {
        get { context.userData }
        set { context.userData = newValue }
    }

    /// `userData` as a `T`, or nil if it is not one.
    public func userData<T>(as type: T.Type) -> T? { context.userData as? T }

    /// Whether two values are views of the same instance (a `Caller`'s `instance` is a new view each time).
    public func isSame(as other: Instance) -> Bool { raw === other.raw }

    // MARK: Exports

    /// The module's exports, in declaration order.
    public var exports: [ExportDescriptor] { module.exports }

    /// The export named `name`, or nil.
    public func export(_ name: String) -> Extern? { raw.extern(named: name) }

    /// The exported function `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func function(named name: String) throws -> Function { try raw.function(named: name) }

    /// The exported memory `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func memory(named name: String) throws -> Memory {
        guard case .memory(let m) = try raw.export(name, .memory) else { preconditionFailure() }
        return m
    }

    /// The exported global `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func global(named name: String) throws -> Global {
        guard case .global(let g) = try raw.export(name, .global) else { preconditionFailure() }
        return g
    }

    /// The exported table `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func table(named name: String) throws -> Table {
        guard case .table(let t) = try raw.export(name, .table) else { preconditionFailure() }
        return Table(t.table, elementLimit: module.engine.configuration.limits.maxTableElements)
    }

    /// The instance's memory (memory 0, defined or imported, exported or not), if it has one.
    public var memory: Memory? { raw.memory.map(Memory.init) }

    // MARK: Calls

    /// Calls the exported function `name` with `arguments` (checked against its signature).
    /// - Throws: `ExportError` for an unknown name or wrong arguments, `Trap` if the guest traps, or whatever a
    ///   host function it calls throws.
    @discardableResult
    public func call(_ name: String, _ arguments: [Value]) throws -> [Value] {
        try function(named: name).call(arguments)
    }

    /// Calls the exported function `name`: `try instance.call("add", .i32(1), .i32(2))`.
    @discardableResult
    public func call(_ name: String, _ arguments: Value...) throws -> [Value] {
        try call(name, arguments)
    }

    /// The exported function `name` as a Swift function with native parameter and result types, checked
    /// against the wasm signature once, here.
    ///
    /// ```swift
    /// let add = try instance.typedFunction("add", (Int32, Int32).self, Int64.self)
    /// let sum: Int64 = try add(1, 2)
    /// let tick = try instance.typedFunction("tick", Void.self, Void.self)
    /// try tick()
    /// ```
    /// Supported types: `Int32`, `Int64`, `Float`, `Double`, `UInt32`, `UInt64` (same bits as the signed wasm
    /// type), `V128`. Any number of parameters and results (a tuple of results for multi-value functions).
    /// - Throws: `ExportError.signatureMismatch` naming both signatures if they differ.
    public func typedFunction<each Param: WasmValue, Result: WasmValue>(
        _ name: String, _ parameters: (repeat each Param).Type, _ result: Result.Type
    ) throws -> TypedFunction<Result, repeat each Param> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name`, which returns nothing, as a Swift function (see the single-result form).
    public func typedFunction<each Param: WasmValue>(
        _ name: String, _ parameters: (repeat each Param).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, repeat each Param> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported multi-value function `name` as a Swift function returning a tuple:
    /// `try instance.typedFunction("divmod", (Int32, Int32).self, (Int32, Int32).self)`.
    public func typedFunction<each Param: WasmValue, each Result: WasmValue>(
        _ name: String, _ parameters: (repeat each Param).Type, _ results: (repeat each Result).Type
    ) throws -> TypedFunction<(repeat each Result), repeat each Param> {
        try function(named: name).typed(parameters, results)
    }

    // MARK: Metering

    /// Gas left for metered code (see `Engine.Configuration.metering`); set it to give the instance a budget.
    /// Calls into the instance consume it; a call that runs out traps with `.outOfGas`.
    public var gasRemaining: UInt64 {
        get { raw.gasRemaining }
        set { raw.gasRemaining = newValue }
    }

    /// Whether the instance's code is metered.
    public var isMetered: Bool { raw.isMetered }

    // MARK: Interruption

    /// Stops the guest: the running call (or, if none runs, the next one) traps with `.interrupted` at its next
    /// function entry or loop header. Only code compiled by an interruptible engine
    /// (`Engine.Configuration.interruptible`) checks; other code ignores the request. To interrupt from another
    /// thread, give that thread `interruptHandle` (`Sendable`). The instance stays usable after the trap.
    public func interrupt() { raw.interrupt() }

    /// A `Sendable` handle whose `interrupt()` stops this instance from any thread (see `interrupt()`).
    public var interruptHandle: InterruptHandle { raw.interruptHandle }

    /// Whether the code checks for interrupts (its engine is interruptible).
    public var isInterruptible: Bool { raw.isInterruptible }

    /// Runs `body` (calls into this instance) with a wall-clock deadline: after `seconds` a timer thread
    /// interrupts the instance and the running call throws `Trap` with code `.interrupted`. An interrupt the timer
    /// made after the guest had finished is withdrawn. Needs interruptible code; costs a thread per use.
    ///
    /// ```swift
    /// let run = try instance.typedFunction("run", Void.self, Void.self)
    /// try instance.withDeadline(seconds: 0.5) { try run() }
    /// ```
    public func withDeadline<R>(seconds: Double, _ body: () throws -> R) rethrows -> R {
        try raw.withDeadline(seconds: seconds, body)
    }
}

/// A wasm function (exported by an instance, or taken from a `Caller`), callable from Swift.
///
/// Holds its instance alive. Like its instance, use it from one thread at a time.
public struct Function {
    let handle: FunctionHandle
    /// The export name it was looked up by (used in error messages), if any.
    public let name: String?

    init(handle: FunctionHandle, name: String?) {
        self.handle = handle
        self.name = name
    }

    /// The wasm signature.
    public var type: FuncType { handle.type }

    /// Calls the function with `arguments` (checked against its signature).
    /// - Throws: `ExportError.argumentMismatch`, `Trap`, or whatever a host function it calls throws.
    @discardableResult
    public func call(_ arguments: [Value]) throws -> [Value] {
        let params = handle.type.params
        guard arguments.count == params.count, zip(arguments, params).allSatisfy({ $0.type == $1 }) else {
            throw ExportError.argumentMismatch(name: name ?? "<function>", expected: params, got: arguments.map(\.type))
        }
        return try handle.owner.callConverting(handle, arguments)
    }

    /// Calls the function: `try f.call(.i32(1), .f64(2.5))`.
    @discardableResult
    public func call(_ arguments: Value...) throws -> [Value] { try call(arguments) }

    /// This function as a Swift function with native types, checked against the wasm signature once, here.
    /// See `Instance.typedFunction(_:_:_:)`.
    /// - Throws: `ExportError.signatureMismatch` if the signature differs.
    public func typed<each Param: WasmValue, Result: WasmValue>(
        _ parameters: (repeat each Param).Type, _ result: Result.Type
    ) throws -> TypedFunction<Result, repeat each Param> {
        try check((repeat each Param).self, [Result.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(Result.self))
    }

    /// This function, which returns nothing, as a Swift function.
    public func typed<each Param: WasmValue>(
        _ parameters: (repeat each Param).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, repeat each Param> {
        try check((repeat each Param).self, [])
        return TypedFunction(function: self) { _ in () }
    }

    /// This multi-value function as a Swift function returning a tuple.
    public func typed<each Param: WasmValue, each Result: WasmValue>(
        _ parameters: (repeat each Param).Type, _ results: (repeat each Result).Type
    ) throws -> TypedFunction<(repeat each Result), repeat each Param> {
        var res: [ValueType] = []
        repeat res.append((each Result).valueType)
        try check((repeat each Param).self, res)
        return TypedFunction(function: self, decode: resultsDecoder((repeat each Result).self))
    }

    func check<each Param: WasmValue>(_: (repeat each Param).Type, _ results: [ValueType]) throws {
        var params: [ValueType] = []
        repeat params.append((each Param).valueType)
        try check(parameters: params, results: results)
    }

    func check(parameters params: [ValueType], results: [ValueType]) throws {
        let requested = FuncType(params: params, results: results)
        guard requested == type else {
            throw ExportError.signatureMismatch(name: name ?? "<function>", expected: type, requested: requested)
        }
    }

    /// A `funcref` value referring to this function (for tables and `funcref` globals).
    public var reference: Value { .funcref(UInt64(UInt(bitPattern: handle.funcRef))) }
}

/// A wasm function with native Swift parameter and result types (see `Instance.typedFunction(_:_:_:)`).
/// Its signature was checked when it was created; calling it checks nothing more.
///
/// `Result` is the Swift result: `Void`, a single `WasmValue` type, or a tuple of them.
public struct TypedFunction<Result, each Param: WasmValue> {
    /// The underlying function.
    public let function: Function
    /// The callee's `FuncRef` record, its owner and the slot count of its signature, read once here so a call
    /// touches no array, metadata or `FuncType`.
    @usableFromInline let funcRef: UnsafeMutableRawPointer
    @usableFromInline let owner: SwasmRuntime.Instance
    @usableFromInline let slotCount: Int
    /// Reads the results from the call's slot buffer.
    @usableFromInline let decode: (UnsafeRawPointer) -> Result

    init(function: Function, decode: @escaping (UnsafeRawPointer) -> Result) {
        self.function = function
        funcRef = function.handle.funcRef
        owner = function.handle.owner
        let type = function.handle.type
        slotCount = Swift.max(type.params.count, type.results.count)
        self.decode = decode
    }

    /// Calls the function: the arguments go straight into the call's slot buffer (a stack allocation), with no
    /// array of boxed values on the way in; the results come back the same way. Inlinable, so a call site with
    /// concrete types is specialized: no generic metadata, no allocation.
    /// - Returns: the single result, a tuple of results, or `()`.
    /// - Throws: `Trap`, or whatever a host function it calls throws.
    @inlinable
    public func callAsFunction(_ arguments: repeat each Param) throws -> Result {
        let m = slotCount
        let bytes = (m + 2) * 16
        return try withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 16) { raw in
            let buffer = raw.baseAddress!
            // Not zeroed: every argument slot's value bits are written below (the upper half of a scalar's slot
            // is never read), and the results are written by the callee and the trampoline.
            var offset = 0
            for argument in repeat each arguments {
                argument.storeSlot(buffer + offset)
                offset += 16
            }
            try owner.callRawConverting(funcRef: funcRef, slotCount: m, buffer: buffer)
            return decode(UnsafeRawPointer(buffer))
        }
    }
}

/// Where result `j` of `count` results is in a call's slot buffer of `slotCount` slots: a single integer result
/// at `16 * slotCount`, a single float one at `16 * slotCount + 16` (see `SwasmRuntime.Instance.singleResult`),
/// otherwise (several results, or one v128) slot `j`.
func resultOffset(_ j: Int, of types: [ValueType], slotCount m: Int) -> Int {
    if types.count == 1 && types[0] != .v128 { return types[0] == .f32 || types[0] == .f64 ? 16 * m + 16 : 16 * m }
    return 16 * j
}

extension Function {
    var slotCount: Int { Swift.max(type.params.count, type.results.count) }

    /// The decoder of a single result of type `R`.
    func singleResultDecoder<R: WasmValue>(_: R.Type) -> (UnsafeRawPointer) -> R {
        let offset = resultOffset(0, of: type.results, slotCount: slotCount)
        return { R(loadingSlot: $0 + offset) }
    }

    /// The decoder of a tuple of results.
    func resultsDecoder<each R: WasmValue>(_: (repeat each R).Type) -> (UnsafeRawPointer) -> (repeat each R) {
        let types = type.results
        let offsets = types.indices.map { resultOffset($0, of: types, slotCount: slotCount) }
        return { buffer in
            var i = 0
            func next<T: WasmValue>(_: T.Type) -> T {
                defer { i += 1 }
                return T(loadingSlot: buffer + offsets[i])
            }
            return (repeat next((each R).self))
        }
    }
}

extension SwasmRuntime.Instance {
    /// The API's context of an instance made by `Module.instantiate` (which always sets it).
    var apiContext: InstanceContext { unsafeDowncast(embedderContext!, to: InstanceContext.self) }

    /// Calls through the runtime, converting its traps to the API's `Trap`.
    func callConverting(_ handle: FunctionHandle, _ args: [Value]) throws -> [Value] {
        try convertingTraps { try call(handle, args) }
    }

    /// `callRaw` with the runtime's traps converted to the API's `Trap` (what typed calls call).
    @usableFromInline
    func callRawConverting(funcRef: UnsafeMutableRawPointer, slotCount: Int, buffer: UnsafeMutableRawPointer) throws {
        do {
            try callRaw(funcRef: funcRef, slotCount: slotCount, buffer: buffer)
        } catch {
            try convertingTraps { throw error }
        }
    }

    func callConverting(functionIndex: Int, _ args: [Value]) throws -> [Value] {
        try convertingTraps { try call(functionIndex: functionIndex, args) }
    }

    /// Runs `body`, turning the runtime's traps into the API's `Trap` (with the remaining gas when metered).
    func convertingTraps<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let t as SwasmRuntime.Trap {
            throw Trap(t, module: module, gas: isMetered ? gasRemaining : nil)
        } catch let t as TrapCode {
            throw Trap(t, gasRemaining: isMetered ? gasRemaining : nil)
        }
    }

    /// The export `name` as an API value.
    func extern(named name: String) -> Extern? {
        guard let value = exportedValue(name) else { return nil }
        switch value {
        case .function(let h): return .function(Function(handle: h, name: name))
        case .hostFunction(let h): return .hostFunction(HostFunction(runtime: h))
        case .memory(let m): return .memory(Memory(m))
        case .table(let t): return .table(Table(t))
        case .global(let g): return .global(Global(g))
        }
    }

    func export(_ name: String, _ kind: ExternKind) throws -> Extern {
        guard let e = extern(named: name) else { throw ExportError.notFound(name: name) }
        guard e.kind == kind else { throw ExportError.wrongKind(name: name, expected: kind, actual: e.kind) }
        return e
    }

    func function(named name: String) throws -> Function {
        guard case .function(let f) = try export(name, .function) else { preconditionFailure() }
        return f
    }
}

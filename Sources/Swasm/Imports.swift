import Glibc
import SwasmRuntime
import Synchronization
import WasmDecoder

/// Something a module can import or an instance exports.
public enum Extern {
    /// A wasm function of some instance.
    case function(Function)
    /// A function implemented in Swift.
    case hostFunction(HostFunction)
    /// A linear memory.
    case memory(Memory)
    /// A table.
    case table(Table)
    /// A global.
    case global(Global)

    /// The kind of external.
    public var kind: ExternKind {
        switch self {
        case .function, .hostFunction: .function
        case .memory: .memory
        case .table: .table
        case .global: .global
        }
    }

    /// The external's current type.
    public var type: ExternType {
        switch self {
        case .function(let f): .function(f.type)
        case .hostFunction(let h): .function(h.type)
        case .memory(let m): .memory(m.type)
        case .table(let t): .table(t.type)
        case .global(let g): .global(g.type)
        }
    }

    var runtimeValue: ExternalValue {
        switch self {
        case .function(let f): .function(f.handle)
        case .hostFunction(let h): .hostFunction(h.runtime)
        case .memory(let m): .memory(m.storage)
        case .table(let t): .table(t.table)
        case .global(let g): .global(g.cell)
        }
    }
}

/// What a host function sees of the wasm instance that called it: the instance (its memory and exports), the
/// embedder's data given at instantiation, and the gas.
///
/// ```swift
/// linker.define("env", "score") { (caller: Caller, points: Int32) in
///     let game = caller.userData(as: Game.self)!          // Instance's userData, given to instantiate
///     game.score += Int(points)
///     let name = try caller.memory(named: "memory").readCString(at: 0)
///     let reset = try caller.function(named: "reset")     // call back into the guest
///     try reset.call()
/// }
/// ```
/// Valid only during the host call: do not keep it (keep `caller.instance` if you need the instance later).
public struct Caller {
    @usableFromInline let raw: SwasmRuntime.Instance

    @usableFromInline init(raw: SwasmRuntime.Instance) { self.raw = raw }

    /// The calling instance: the same memory, tables, globals and exports as the `Instance` that
    /// `instantiate` returned (a new view of it; compare with `Instance.isSame(as:)`).
    public var instance: Instance { Instance(raw: raw) }

    /// The calling instance's `userData` (given to `instantiate(imports:gas:userData:)`, or set on the instance
    /// since). Settable: it is the instance's.
    public var userData: Any? {
        get { raw.apiContext.userData }
        nonmutating set { raw.apiContext.userData = newValue }
    }

    /// The calling instance's `userData` as a `T`, or nil if it is not one (`caller.userData(as: Game.self)`).
    public func userData<T>(as type: T.Type) -> T? { userData as? T }

    /// The calling instance's memory (memory 0, defined or imported, exported or not), if it has one.
    public var memory: Memory? { raw.memory.map(Memory.init) }

    /// Gas left for metered code. A host function may lower it to charge for its own work (if it sets less
    /// than the guest needs for its next block, the guest traps with `.outOfGas` there).
    public var gasRemaining: UInt64 {
        get { raw.gasRemaining }
        nonmutating set { raw.gasRemaining = newValue }
    }

    /// The calling instance's export `name`, if any (e.g. a guest `malloc` to call back into).
    public func export(_ name: String) -> Extern? { raw.extern(named: name) }

    /// The calling instance's exported function `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func function(named name: String) throws -> Function { try raw.function(named: name) }

    /// The calling instance's exported memory `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func memory(named name: String) throws -> Memory { try instance.memory(named: name) }

    /// The calling instance's exported global `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func global(named name: String) throws -> Global { try instance.global(named: name) }

    /// The calling instance's exported table `name`.
    /// - Throws: `ExportError.notFound` or `.wrongKind`.
    public func table(named name: String) throws -> Table { try instance.table(named: name) }
}

/// A function implemented in Swift that wasm code can import.
///
/// ```swift
/// // Untyped: any signature, values as `[Value]`.
/// let log = HostFunction(parameters: [.i32, .i32], results: []) { caller, args in
///     print(try caller.memory!.readString(at: args[0].i32Value!, count: Int(args[1].i32Value!)))
///     return []
/// }
/// // Typed: the signature comes from the closure's types.
/// let add = HostFunction { (caller: Caller, a: Int32, b: Int32) -> Int32 in a &+ b }
/// ```
/// A host function may throw: a `Trap` becomes that trap in the guest's caller; any other error aborts the
/// wasm call and reaches the Swift code that called into wasm unchanged.
///
/// A host function is `Sendable` (its body is a `@Sendable` closure): one definition serves instances on any
/// number of threads, and each call may come from a different thread. Keep per-instance mutable state in the
/// instance's `userData` (`caller.userData`), not in captured variables; shared state needs its own lock.
public struct HostFunction: Sendable {
    /// The wasm signature.
    public let type: FuncType
    @usableFromInline let runtime: SwasmRuntime.HostFunction

    @usableFromInline init(runtime: SwasmRuntime.HostFunction) {
        self.type = runtime.type
        self.runtime = runtime
    }

    /// A host function of the given signature. `body` receives arguments of the parameter types and must
    /// return values of the result types (otherwise the call fails with a host error).
    public init(
        parameters: [ValueType], results: [ValueType],
        _ body: @escaping @Sendable (Caller, [Value]) throws -> [Value]
    ) {
        let type = FuncType(params: parameters, results: results)
        self.type = type
        self.runtime = SwasmRuntime.HostFunction(type: type) { instance, args in
            try HostFunction.run { try body(Caller(raw: instance), args) }
        }
    }

    /// A host function whose wasm signature is given by the closure's Swift types (see `WasmValue`).
    ///
    /// ```swift
    /// HostFunction { (caller: Caller, ptr: Int32, len: Int32) in
    ///     print(try caller.memory!.readString(at: ptr, count: Int(len)))
    /// }
    /// ```
    /// Calls from wasm box nothing: the arguments are read from, and the results written to, the call's slots
    /// (specialized for the closure's types where it is defined).
    @inlinable
    public init<each Param: WasmValue, each Result: WasmValue>(
        _ body: @escaping @Sendable (Caller, repeat each Param) throws -> (repeat each Result)
    ) {
        var params: [ValueType] = []
        repeat params.append((each Param).valueType)
        var results: [ValueType] = []
        repeat results.append((each Result).valueType)
        let slots = SwasmRuntime.HostFunction.slotCount(parameters: params.count, results: results.count)
        let boxed: @Sendable (SwasmRuntime.Instance, [Value]) throws -> [Value] = { instance, args in
            var reader = ValueReader(args)
            let r: (repeat each Result)
            do {
                r = try body(Caller(raw: instance), repeat reader.next((each Param).self))
            } catch let t as Trap { throw t.runtimeTrap }
            var out: [Value] = []
            repeat out.append((each r).wasmValue)
            return out
        }
        let direct: @Sendable (SwasmRuntime.Instance, UnsafeMutableRawPointer) throws -> Void = { instance, area in
            var reader = SlotCursor(area, slotCount: slots)
            let r: (repeat each Result)
            do {
                r = try body(Caller(raw: instance), repeat reader.next((each Param).self))
            } catch let t as Trap { throw t.runtimeTrap }
            var writer = SlotCursor(area, slotCount: slots)
            repeat writer.put(each r)
        }
        self.init(
            runtime: SwasmRuntime.HostFunction(
                type: FuncType(params: params, results: results), body: boxed, slotBody: direct))
    }

    /// Runs a host body, turning the API's `Trap` into the runtime's (so the guest traps with that code).
    static func run(_ body: () throws -> [Value]) throws -> [Value] {
        do { return try body() } catch let t as Trap { throw t.runtimeTrap }
    }
}

extension Trap {
    /// The runtime's trap for this one (a host function threw it: the guest traps with the same code and message).
    @usableFromInline var runtimeTrap: SwasmRuntime.Trap {
        SwasmRuntime.Trap(code: code, hostMessage: message == code.message ? nil : message)
    }
}

/// Reads a typed host function's arguments from `[Value]` in order (the boxed path).
@usableFromInline struct ValueReader {
    @usableFromInline let values: [Value]
    @usableFromInline var index = 0
    @inlinable init(_ values: [Value]) { self.values = values }
    @inlinable mutating func next<T: WasmValue>(_: T.Type) -> T {
        defer { index += 1 }
        return T(wasmValue: values[index])
    }
}

/// Walks the 16-byte slots of a host call's area in value order (`SwasmRuntime.HostFunction.slotOffset`): reads
/// arguments, then, from the start again, writes results.
@usableFromInline struct SlotCursor {
    @usableFromInline let area: UnsafeMutableRawPointer
    @usableFromInline var offset: Int
    @inlinable init(_ area: UnsafeMutableRawPointer, slotCount: Int) {
        self.area = area
        self.offset = SwasmRuntime.HostFunction.slotOffset(0, slotCount: slotCount)
    }
    @inlinable mutating func next<T: WasmValue>(_: T.Type) -> T {
        defer { offset -= 16 }
        return T(loadingSlot: area + offset)
    }
    @inlinable mutating func put<T: WasmValue>(_ value: T) {
        value.storeSlot(area + offset)
        offset -= 16
    }
}

/// Supplies imports by module and field name when a module is instantiated (the `ImportResolver` of Life).
///
/// Implement it to resolve imports lazily or from your own registry; `Linker` is a ready-made one.
public protocol ImportResolver {
    /// The value for import `module`.`name`, which must be of type `type`; nil if there is none (instantiation
    /// then fails with `LinkError.Reason.missingImport` naming it).
    func resolve(module: String, name: String, type: ExternType) throws -> Extern?
}

/// A name-based registry of host functions, memories, tables, globals and instances, used to instantiate
/// modules and link them to each other.
///
/// ```swift
/// let linker = Linker(engine: engine)
/// linker.define("env", "log") { (caller: Caller, ptr: Int32, len: Int32) in ... }
/// let lib = try linker.instantiate(libModule)
/// linker.define(instance: lib, as: "lib")          // lib's exports become "lib".<name>
/// let app = try linker.instantiate(appModule)      // may import from "env" and "lib"
/// ```
///
/// A linker is `Sendable`: define host functions once and instantiate from any number of threads at once. Its
/// definitions are guarded by a lock, so defining and instantiating may also overlap. Host functions are
/// `Sendable` themselves; memories, tables, globals and instance exports defined in it stay bound by their
/// instance's threading rule (docs/EMBEDDING.md, "Threads"): every instance linked to them shares them.
public final class Linker: ImportResolver, @unchecked Sendable {
    // `@unchecked`: the mutable state (`definitions`, `fallbacks`) is only read or written with `lock` held
    // (`withLock`), and nothing else is mutable; host functions and fallbacks are `Sendable`. The other values
    // it stores (memories, globals, tables, instance functions) are handles whose use follows the instance
    // rule documented above, as they do when passed directly to `instantiate`.

    /// The engine whose modules this linker instantiates.
    public let engine: Engine
    /// Keyed by the names' UTF-8 bytes: wasm names are byte strings, and Swift's `String` equality would merge
    /// canonically equivalent names ("\u{C5}" and "A\u{30A}") that wasm keeps apart.
    private var definitions: [[UInt8]: [[UInt8]: Extern]] = [:]
    private var fallbacks: [any ImportResolver & Sendable] = []
    private let lock = Mutex(())

    /// Creates an empty linker.
    public init(engine: Engine) { self.engine = engine }

    /// Defines (or replaces) `module`.`name`.
    public func define(_ module: String, _ name: String, _ value: Extern) {
        lock.withLock { _ in definitions[Array(module.utf8), default: [:]][Array(name.utf8)] = value }
    }

    /// Defines a host function `module`.`name` of any signature.
    public func define(
        _ module: String, _ name: String, parameters: [ValueType], results: [ValueType],
        _ body: @escaping @Sendable (Caller, [Value]) throws -> [Value]
    ) {
        define(module, name, .hostFunction(HostFunction(parameters: parameters, results: results, body)))
    }

    /// Defines a host function `module`.`name` whose signature comes from the closure's Swift types.
    @inlinable
    public func define<each Param: WasmValue, each Result: WasmValue>(
        _ module: String, _ name: String,
        _ body: @escaping @Sendable (Caller, repeat each Param) throws -> (repeat each Result)
    ) {
        define(module, name, .hostFunction(HostFunction(body)))
    }

    /// Defines every export of `instance` under the module name `module`.
    public func define(instance: Instance, as module: String) {
        for e in instance.exports {
            if let value = instance.export(e.name) { define(module, e.name, value) }
        }
    }

    /// Consults `resolver` for imports the linker has no definition for (the most recently added first). It
    /// may be called from any thread that instantiates through the linker.
    public func addFallback(_ resolver: any ImportResolver & Sendable) {
        lock.withLock { _ in fallbacks.insert(resolver, at: 0) }
    }

    /// The definition of `module`.`name`, if any.
    public func lookup(_ module: String, _ name: String) -> Extern? {
        lock.withLock { _ in definitions[Array(module.utf8)]?[Array(name.utf8)] }
    }

    /// `ImportResolver`: the definition of `module`.`name`, else the first fallback's answer.
    public func resolve(module: String, name: String, type: ExternType) throws -> Extern? {
        if let d = lookup(module, name) { return d }
        for f in lock.withLock({ _ in fallbacks }) {
            if let v = try f.resolve(module: module, name: name, type: type) { return v }
        }
        return nil
    }

    /// Instantiates `module` with this linker's definitions.
    /// - Throws: as `Module.instantiate(imports:gas:userData:)`.
    public func instantiate(_ module: Module, gas: UInt64? = nil, userData: Any? = nil) throws -> Instance {
        try module.instantiate(imports: self, gas: gas, userData: userData)
    }

    /// Instantiates `module` and defines its exports under `name` (so later modules can import them).
    @discardableResult
    public func instantiate(_ module: Module, as name: String, gas: UInt64? = nil, userData: Any? = nil) throws
        -> Instance
    {
        let instance = try instantiate(module, gas: gas, userData: userData)
        define(instance: instance, as: name)
        return instance
    }
}

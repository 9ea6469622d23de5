import Glibc
import SwasmABI
import SwasmRuntime
import WasmDecoder

/// A guest trap: the wasm code hit `unreachable`, an out-of-bounds access, a division by zero, ran out of gas, ...
///
/// Thrown by every call into wasm (and by instantiation when a segment or the start function traps).
/// An error thrown by a host function is *not* turned into a `Trap`: it reaches the caller of the wasm
/// function unchanged.
public struct Trap: Error, Sendable, CustomStringConvertible {
    /// Why the guest trapped.
    public var code: TrapCode
    /// The runtime's message (the spec test suite's wording, e.g. "integer divide by zero").
    public var message: String
    /// Index (in the module's function index space, imports first) of the function that trapped, when known.
    public var functionIndex: UInt32?
    /// Name of that function from the module's `name` section, when present.
    public var functionName: String?
    /// Byte offset in the module of the trapping operator, when known.
    public var wasmOffset: Int?
    /// The wasm backtrace, innermost frame first (the first is the trap site). Empty when the runtime could not
    /// walk the stack.
    public var frames: [TrapFrame]
    /// For metered instances: the gas left when the trap happened (for `.outOfGas`, less than the cost of the
    /// block that could not run).
    public var gasRemaining: UInt64?

    /// Creates a trap (host code may throw one to make a guest call fail with a given kind).
    public init(
        _ code: TrapCode, message: String? = nil, functionIndex: UInt32? = nil, functionName: String? = nil,
        wasmOffset: Int? = nil, frames: [TrapFrame] = [], gasRemaining: UInt64? = nil
    ) {
        self.code = code
        self.message = message ?? code.message
        self.functionIndex = functionIndex
        self.functionName = functionName
        self.wasmOffset = wasmOffset
        self.frames = frames
        self.gasRemaining = gasRemaining
    }

    /// Whether the guest ran out of gas (metered engines only).
    public var isOutOfGas: Bool { code == .outOfGas }

    /// e.g. `integer divide by zero in function 3 (div) at offset 0x4f`, followed by the backtrace.
    public var description: String {
        var s = message
        if let f = functionIndex {
            s += " in function \(f)"
            if let functionName { s += " (\(functionName))" }
        }
        if let o = wasmOffset { s += " at offset 0x\(String(o, radix: 16))" }
        if let gasRemaining, code == .outOfGas { s += ", \(gasRemaining) gas left" }
        for (i, f) in frames.enumerated() { s += "\n  #\(i) \(f)" }
        return s
    }
}

/// An import could not be satisfied, or instantiation hit a resource limit.
public struct LinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// No value was provided for the import `module.name`.
        case missingImport
        /// A value was provided but has the wrong kind or type.
        case incompatibleImport
        /// The module needs more than the engine's limits allow (memory pages, table elements).
        case limitExceeded
        /// Code compiled for guard pages was given a memory with explicit bounds (import a memory made by an engine
        /// with the same bounds checking, or compile with `BoundsChecking.explicit`).
        case guardPagesRequired
        /// An artifact compiled without deterministic NaNs was loaded into an engine with `canonicalizeNaNs`.
        case nondeterministicNaNs
        /// Anything else the runtime rejected.
        case other
    }

    /// What went wrong.
    public var reason: Reason
    /// The import's module name, for import errors.
    public var module: String?
    /// The import's field name, for import errors.
    public var name: String?
    /// What the import must be, for import errors.
    public var expected: ExternType?
    /// A complete, readable message naming the import.
    public var message: String

    /// Creates a link error.
    public init(
        _ reason: Reason, module: String? = nil, name: String? = nil, expected: ExternType? = nil,
        message: String
    ) {
        self.reason = reason
        self.module = module
        self.name = name
        self.expected = expected
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// An export was looked up or called in a way that does not match what the module declares.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instance has no export of that name.
    case notFound(name: String)
    /// The export exists but is another kind (e.g. a memory looked up as a function).
    case wrongKind(name: String, expected: ExternKind, actual: ExternKind)
    /// A typed function was requested with a signature other than the wasm one.
    case signatureMismatch(name: String, expected: FuncType, requested: FuncType)
    /// An untyped call passed arguments of the wrong number or types.
    case argumentMismatch(name: String, expected: [ValueType], got: [ValueType])

    /// A readable message.
    public var description: String {
        switch self {
        case .notFound(let n): return "no export named \"\(n)\""
        case .wrongKind(let n, let e, let a): return "export \"\(n)\" is a \(a), not a \(e)"
        case .signatureMismatch(let n, let e, let r):
            return "function \"\(n)\" has type \(e), but was requested as \(r)"
        case .argumentMismatch(let n, let e, let g):
            return "function \"\(n)\" takes \(FuncType.describe(e)), but was called with \(FuncType.describe(g))"
        }
    }
}

/// A host-side memory access outside the memory's current size (nothing was read or written).
public struct MemoryAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// First byte of the access (as an unsigned offset).
    public var address: UInt64
    /// Number of bytes accessed.
    public var count: UInt64
    /// The memory's size in bytes at the time of the access.
    public var memorySize: Int

    /// Creates the error.
    public init(address: UInt64, count: UInt64, memorySize: Int) {
        self.address = address
        self.count = count
        self.memorySize = memorySize
    }

    /// A readable message.
    public var description: String {
        "memory access of \(count) bytes at \(address) is out of bounds (memory size \(memorySize) bytes)"
    }
}

/// A global, table or string operation the embedding API refuses (wrong value type, immutable global, bad UTF-8).
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A readable message.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A module file could not be read.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path that was being read (or written).
    public var path: String
    /// The C `errno`.
    public var errno: Int32
    /// What failed: "read", or for tools that write files "create" or "write".
    public var operation: String
    /// Creates the error.
    public init(path: String, errno: Int32, operation: String = "read") {
        self.path = path
        self.errno = errno
        self.operation = operation
    }
    /// e.g. `cannot read '/x.wasm': No such file or directory`.
    public var description: String {
        "cannot \(operation) '\(path)': \(String(cString: strerror(errno)))"
    }
}

extension Trap {
    /// Converts the runtime's trap, adding names and gas from the instance that was called.
    init(_ t: SwasmRuntime.Trap, module: ModuleInfo?, gas: UInt64?) {
        let name = t.frames.first?.functionName ?? t.functionIndex.flatMap { module?.functionNames[$0] }
        self.init(
            t.code, message: t.message, functionIndex: t.functionIndex, functionName: name,
            wasmOffset: t.wasmOffset, frames: t.frames, gasRemaining: gas)
    }
}

extension LinkError {
    /// Converts the runtime's error (sorted by its kind, never by its message), naming the import concerned.
    init(_ e: SwasmRuntime.LinkError, imports: [ImportDescriptor]) {
        let reason: Reason
        switch e.kind {
        case .missingImport: reason = .missingImport
        case .incompatibleImport: reason = .incompatibleImport
        case .limitExceeded: reason = .limitExceeded
        case .guardPagesRequired: reason = .guardPagesRequired
        case .argumentMismatch, .hostResultMismatch: reason = .other
        }
        let d = e.importIndex.flatMap { $0 < imports.count ? imports[$0] : nil }
        self.init(reason, module: d?.module, name: d?.name, expected: d?.type, message: e.message)
    }
}

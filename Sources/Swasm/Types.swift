import SwasmABI
import SwasmRuntime
import WasmDecoder

// The vocabulary types of the embedding API. They are defined by the lower layers (decoder and runtime) and
// re-exported here, so an embedder writes `import Swasm` and nothing else.

/// A WebAssembly value: `.i32`, `.i64`, `.f32`, `.f64`, `.v128`, `.funcref`, `.externref`.
/// Floats keep their bit patterns (NaN payloads survive); build them with `.f32(Float)` / `.f64(Double)`.
public typealias Value = SwasmRuntime.Value
/// A WebAssembly value type (`.i32`, `.i64`, `.f32`, `.f64`, `.v128`, `.funcref`, `.externref`).
public typealias ValueType = WasmDecoder.ValueType
/// A function signature: parameter and result types.
public typealias FuncType = WasmDecoder.FuncType
/// The type of a global: its value type and whether it is mutable.
public typealias GlobalType = WasmDecoder.GlobalType
/// The type of a table: element type and limits (in elements).
public typealias TableType = WasmDecoder.TableType
/// The type of a memory: limits in 64 KiB pages.
public typealias MemoryType = WasmDecoder.MemoryType
/// Minimum and optional maximum size of a table (elements) or memory (pages).
public typealias Limits = WasmDecoder.Limits
/// A 128-bit SIMD value.
public typealias V128 = WasmDecoder.V128
/// Why a trap happened (`.unreachable`, `.memoryOutOfBounds`, `.outOfGas`, ...).
public typealias TrapCode = SwasmABI.TrapCode
/// Interrupts an instance from any thread (`Instance.interruptHandle`).
public typealias InterruptHandle = SwasmRuntime.InterruptHandle
/// The signal `interrupt()` sends to a thread running metered interruptible code (`InterruptSignal.number`,
/// `SIGURG`); other `SIGURG`s go to the handler installed before swasm's.
public typealias InterruptSignal = SwasmRuntime.InterruptSignal
/// One wasm frame of a trap's backtrace (function index, module offset, name when known).
public typealias TrapFrame = SwasmRuntime.TrapFrame
/// What metered execution charges for each operator and dynamic operation.
public typealias CostModel = SwasmABI.CostModel
/// A module the decoder or validator rejects: `kind` (`.malformed`, `.invalid`, `.unsupported`), `message`
/// (the spec test suite's wording) and the byte `offset` in the module where the problem was found.
public typealias WasmError = WasmDecoder.WasmError
/// An ahead-of-time artifact that cannot be loaded (corrupt, wrong architecture, wrong version), with the offset.
public typealias ArtifactError = SwasmRuntime.ArtifactError
/// A machine architecture ahead-of-time artifacts are compiled for (`.x86_64`, `.aarch64`; `.host`).
public typealias Architecture = SwasmABI.Architecture
/// A failure of the runtime's infrastructure (mmap refused, out of memory, code region full).
public typealias RuntimeError = SwasmRuntime.RuntimeError

/// The kind of an import or export.
public enum ExternKind: Sendable, Hashable, CustomStringConvertible {
    /// A function (wasm or host).
    case function
    /// A table.
    case table
    /// A linear memory.
    case memory
    /// A global.
    case global

    /// "function", "table", "memory" or "global".
    public var description: String {
        switch self {
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        }
    }
}

/// The type of an import or export.
public enum ExternType: Sendable, Hashable, CustomStringConvertible {
    /// A function of this signature.
    case function(FuncType)
    /// A table of this element type and size.
    case table(TableType)
    /// A memory of this size in pages.
    case memory(MemoryType)
    /// A global of this value type and mutability.
    case global(GlobalType)

    /// Which kind of external this type describes.
    public var kind: ExternKind {
        switch self {
        case .function: .function
        case .table: .table
        case .memory: .memory
        case .global: .global
        }
    }

    /// A readable form, e.g. `function (i32, i32) -> i64`, `memory 1..16 pages`, `table funcref 2..`,
    /// `global mut i32` (the descriptions of `FuncType`, `MemoryType`, `TableType`, `GlobalType`).
    public var description: String {
        switch self {
        case .function(let t): "function \(t)"
        case .table(let t): "table \(t)"
        case .memory(let t): "memory \(t)"
        case .global(let t): "global \(t)"
        }
    }
}

/// One import a module declares.
public struct ImportDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The module name (first part of the import's two-level name), e.g. `"env"`.
    public var module: String
    /// The field name, e.g. `"__life_log"`.
    public var name: String
    /// What the import must be.
    public var type: ExternType

    /// Creates a descriptor.
    public init(module: String, name: String, type: ExternType) {
        self.module = module
        self.name = name
        self.type = type
    }

    /// `module.name: type`.
    public var description: String { "\(module).\(name): \(type)" }
}

/// One export a module declares.
public struct ExportDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The export name.
    public var name: String
    /// What is exported.
    public var type: ExternType

    /// Creates a descriptor.
    public init(name: String, type: ExternType) {
        self.name = name
        self.type = type
    }

    /// `name: type`.
    public var description: String { "\(name): \(type)" }
}

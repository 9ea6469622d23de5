/// A constant expression as Wasm 2.0 allows them (one constant instruction before `end`).
public enum ConstExpr: Sendable, Hashable {
    case i32(Int32)
    case i64(Int64)
    case f32(bits: UInt32)
    case f64(bits: UInt64)
    case v128(V128)
    case refNull(ValueType)
    case refFunc(UInt32)
    case globalGet(UInt32)
}

public struct Import: Sendable, Hashable {
    public enum Descriptor: Sendable, Hashable {
        case function(typeIndex: UInt32)
        case table(TableType)
        case memory(MemoryType)
        case global(GlobalType)
    }
    /// Module and field names as UTF-8 bytes (compare as bytes: see `nameString` for display).
    public var module: [UInt8]
    public var name: [UInt8]
    public var descriptor: Descriptor

    public init(module: [UInt8], name: [UInt8], descriptor: Descriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }

    public var moduleString: String { String(decoding: module, as: UTF8.self) }
    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

public struct Export: Sendable, Hashable {
    /// The export name as UTF-8 bytes. Names are distinct as byte strings. A slice, so a loader can keep every
    /// name of a module in one buffer (one allocation for tens of thousands of exports).
    public var name: ArraySlice<UInt8>
    public var kind: ExternalKind
    public var index: UInt32
    public init(name: ArraySlice<UInt8>, kind: ExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
    public init(name: [UInt8], kind: ExternalKind, index: UInt32) {
        self.init(name: name[...], kind: kind, index: index)
    }
    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

public struct ElementSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case active(table: UInt32, offset: ConstExpr)
        case declarative
    }
    public var type: ValueType
    public var mode: Mode
    /// Each item: `.refFunc`, `.refNull` or `.globalGet`.
    public var items: [ConstExpr]
    public init(type: ValueType, mode: Mode, items: [ConstExpr]) {
        self.type = type
        self.mode = mode
        self.items = items
    }
}

public struct DataSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case active(memory: UInt32, offset: ConstExpr)
    }
    public var mode: Mode
    public var bytes: [UInt8]
    public init(mode: Mode, bytes: [UInt8]) {
        self.mode = mode
        self.bytes = bytes
    }
}

/// Where a custom section's payload lies in the module (the payload itself is not kept: the decoder reads only the
/// `name` section, into `ModuleInfo.functionNames`).
public struct CustomSection: Sendable, Hashable {
    public var name: [UInt8]
    /// Module offset of the section's payload (after the name).
    public var payloadOffset: Int
    /// The payload's size in bytes.
    public var size: Int
    public init(name: [UInt8], payloadOffset: Int, size: Int) {
        self.name = name
        self.payloadOffset = payloadOffset
        self.size = size
    }
}

/// Where a function body lies in the module.
public struct FunctionBodyInfo: Sendable, Hashable {
    /// Index in the function index space (imports first).
    public var functionIndex: UInt32
    /// Module offset of the body's first byte (its locals), after the size.
    public var offset: Int
    public var size: Int
    public init(functionIndex: UInt32, offset: Int, size: Int) {
        self.functionIndex = functionIndex
        self.offset = offset
        self.size = size
    }
}

/// Everything the decoder learned about a module, section by section. Index spaces include imports first.
public struct ModuleInfo: Sendable, Equatable {
    public var types: [FuncType] = []
    public var imports: [Import] = []
    /// Type index of every function (imported first, then defined).
    public var functionTypeIndices: [UInt32] = []
    public var importedFunctionCount = 0
    public var tables: [TableType] = []
    public var importedTableCount = 0
    public var memories: [MemoryType] = []
    public var importedMemoryCount = 0
    public var globals: [GlobalType] = []
    public var importedGlobalCount = 0
    /// Initializers of the defined globals (index `i` is global `importedGlobalCount + i`).
    public var globalInitializers: [ConstExpr] = []
    public var exports: [Export] = []
    public var start: UInt32?
    public var elements: [ElementSegment] = []
    public var dataCount: UInt32?
    public var data: [DataSegment] = []
    public var customSections: [CustomSection] = []
    public var functionBodies: [FunctionBodyInfo] = []
    /// Function names from the `name` custom section (kept for diagnostics), by function index.
    public var functionNames = FunctionNames()
    /// Functions that `ref.func` may name inside code (C.refs): those referenced from globals, elements, exports.
    public var declaredFunctionReferences = FunctionIndexSet()

    public init() {}

    /// A copy whose function types own their parameter and result arrays: for a thread of its own. Copying a
    /// `FuncType` retains its arrays, and threads retaining the same arrays contend for their reference counts
    /// (one cache line bouncing between cores for every call and typed block they compile).
    /// A module with very many types (a pathological one) is shared as it is: copying would cost more than the
    /// contention it saves.
    public func withOwnTypes() -> ModuleInfo {
        guard types.count <= 16_384 else { return self }
        var copy = self
        copy.types = types.map { t in FuncType(params: Self.ownCopy(t.params), results: Self.ownCopy(t.results)) }
        return copy
    }

    /// `values` in storage of its own. An empty array stays the shared empty one: building it with
    /// `unsafeUninitializedCapacity: 0` would store its count (0) into that one storage every process shares,
    /// racing with every thread that reads an empty array.
    static func ownCopy(_ values: [ValueType]) -> [ValueType] {
        guard !values.isEmpty else { return [] }
        return [ValueType](unsafeUninitializedCapacity: values.count) { b, n in n = b.initialize(from: values).1 }
    }

    public var definedFunctionCount: Int { functionTypeIndices.count - importedFunctionCount }

    /// The signature of function `index` (index space with imports).
    @inlinable
    public func functionType(_ index: Int) -> FuncType { types[Int(functionTypeIndices[index])] }

    /// An export by name (compared as UTF-8 bytes).
    public func export(named name: String) -> Export? {
        let bytes = Array(name.utf8)
        return exports.first { $0.name.elementsEqual(bytes) }
    }
}

/// A set of function indices, one bit each (`ModuleInfo.declaredFunctionReferences`): a module exporting tens of
/// thousands of functions inserts each one, and a hashed `Set` cost hundreds of instructions an insert.
public struct FunctionIndexSet: Sendable, Equatable {
    /// Bit `i % 64` of word `i / 64` is set when `i` is in the set; no trailing zero words.
    var words: [UInt64] = []

    public init() {}

    public mutating func insert(_ index: UInt32) {
        let w = Int(index >> 6)
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w + 1 - words.count)) }
        words[w] |= 1 << UInt64(index & 63)
    }

    public func contains(_ index: UInt32) -> Bool {
        let w = Int(index >> 6)
        return w < words.count && words[w] & (1 << UInt64(index & 63)) != 0
    }

    /// How many indices the set holds.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}

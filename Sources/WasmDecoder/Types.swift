/// A WebAssembly 2.0 value type. Raw values are the binary encodings.
public enum ValueType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case i32 = 0x7F
    case i64 = 0x7E
    case f32 = 0x7D
    case f64 = 0x7C
    case v128 = 0x7B
    case funcref = 0x70
    case externref = 0x6F

    @inlinable public var isReference: Bool { self == .funcref || self == .externref }
    @inlinable public var isNumeric: Bool { !isReference && self != .v128 }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// A function signature.
public struct FuncType: Sendable, Hashable, CustomStringConvertible {
    public var params: [ValueType]
    public var results: [ValueType]
    public init(params: [ValueType], results: [ValueType]) {
        self.params = params
        self.results = results
    }
    /// The one printed form of a signature, used everywhere (errors, `swasm inspect`, the API): parameters in
    /// parentheses, then a single result bare or several (or none) in parentheses: `(i32, i64) -> f64`,
    /// `() -> ()`, `(i32) -> (i32, i32)`.
    public var description: String {
        let p = "(" + params.map(\.description).joined(separator: ", ") + ")"
        let r =
            results.count == 1 ? results[0].description : "(" + results.map(\.description).joined(separator: ", ") + ")"
        return p + " -> " + r
    }

    /// A list of value types as the parameters print: `(i32, f64)`.
    public static func describe(_ types: [ValueType]) -> String {
        "(" + types.map(\.description).joined(separator: ", ") + ")"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Sendable, Hashable, CustomStringConvertible {
    public var min: UInt64
    public var max: UInt64?
    public init(min: UInt64, max: UInt64?) {
        self.min = min
        self.max = max
    }
    /// `min..max`, or `min..` without a maximum.
    public var description: String { max.map { "\(min)..\($0)" } ?? "\(min).." }
}

public struct TableType: Sendable, Hashable, CustomStringConvertible {
    public var element: ValueType
    public var limits: Limits
    public init(element: ValueType, limits: Limits) {
        self.element = element
        self.limits = limits
    }
    /// The element type and limits: `funcref 2..10`.
    public var description: String { "\(element) \(limits)" }
}

public struct MemoryType: Sendable, Hashable, CustomStringConvertible {
    public var limits: Limits
    public init(limits: Limits) { self.limits = limits }
    /// The limits in pages: `1..16 pages`.
    public var description: String { "\(limits) pages" }
}

public struct GlobalType: Sendable, Hashable, CustomStringConvertible {
    public var value: ValueType
    public var mutable: Bool
    public init(value: ValueType, mutable: Bool) {
        self.value = value
        self.mutable = mutable
    }
    /// The value type, after `mut` if mutable: `mut i32`.
    public var description: String { (mutable ? "mut " : "") + value.description }
}

/// The type of a `block`, `loop` or `if`.
public enum BlockType: Sendable, Hashable {
    case empty
    case value(ValueType)
    /// A function type index (multi-value blocks).
    case typeIndex(UInt32)
}

/// The immediate of a load or store. (`memory` is always 0 in Wasm 2.0.)
public struct MemArg: Sendable, Hashable {
    /// log2 of the alignment hint.
    public var align: UInt32
    public var offset: UInt64
    @inlinable public init(align: UInt32, offset: UInt64) {
        self.align = align
        self.offset = offset
    }
}

/// A 128-bit value, little-endian: `low` holds bytes 0–7.
public struct V128: Sendable, Hashable {
    public var low: UInt64
    public var high: UInt64
    @inlinable public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }
    /// Byte `i` (0–15).
    @inlinable public subscript(byte i: Int) -> UInt8 {
        i < 8
            ? UInt8(truncatingIfNeeded: low >> (UInt64(i) * 8))
            : UInt8(truncatingIfNeeded: high >> (UInt64(i - 8) * 8))
    }
}

/// What an import or export refers to.
public enum ExternalKind: UInt8, Sendable, Hashable {
    case function = 0
    case table = 1
    case memory = 2
    case global = 3
}

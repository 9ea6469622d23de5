import SwasmABI
import WasmDecoder

/// A WebAssembly value as the host sees it. Floats are kept as bit patterns so NaN payloads survive.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case i32(Int32)
    case i64(Int64)
    case f32(bits: UInt32)
    case f64(bits: UInt64)
    case v128(V128)
    /// A function reference: the address of its `FuncRef` record, or nil.
    case funcref(UInt64?)
    /// A host reference (any 64-bit value chosen by the host), or nil.
    case externref(UInt64?)

    public static func f32(_ v: Float) -> Value { .f32(bits: v.bitPattern) }
    public static func f64(_ v: Double) -> Value { .f64(bits: v.bitPattern) }

    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcref: .funcref
        case .externref: .externref
        }
    }

    /// The raw 64-bit representation generated code uses (low half of a 16-byte slot).
    public var rawBits: UInt64 {
        switch self {
        case .i32(let v): UInt64(UInt32(bitPattern: v))
        case .i64(let v): UInt64(bitPattern: v)
        case .f32(let b): UInt64(b)
        case .f64(let b): b
        case .v128(let v): v.low
        case .funcref(let p): p ?? 0
        case .externref(let x): x.map { $0 &+ 1 } ?? 0
        }
    }

    public static func fromRaw(_ type: ValueType, low: UInt64, high: UInt64 = 0) -> Value {
        switch type {
        case .i32: .i32(Int32(truncatingIfNeeded: low))
        case .i64: .i64(Int64(bitPattern: low))
        case .f32: .f32(bits: UInt32(truncatingIfNeeded: low))
        case .f64: .f64(bits: low)
        case .v128: .v128(V128(low: low, high: high))
        case .funcref: .funcref(low == 0 ? nil : low)
        case .externref: .externref(low == 0 ? nil : low &- 1)
        }
    }

    public var description: String {
        switch self {
        case .i32(let v): "\(v)"
        case .i64(let v): "\(v)"
        case .f32(let b): "\(Float(bitPattern: b))"
        case .f64(let b): "\(Double(bitPattern: b))"
        case .v128(let v): "v128(\(v.low), \(v.high))"
        case .funcref(let p): p == nil ? "null" : "funcref"
        case .externref(let x): x.map { "extern \($0)" } ?? "null"
        }
    }
}

/// One wasm frame of a trap's backtrace.
public struct TrapFrame: Sendable, Hashable, CustomStringConvertible {
    public var functionIndex: UInt32
    /// Module byte offset of the operator (the trapping one in the innermost frame, the call in the others).
    public var wasmOffset: Int
    /// From the `name` custom section, when present.
    public var functionName: String?
    public init(functionIndex: UInt32, wasmOffset: Int, functionName: String? = nil) {
        self.functionIndex = functionIndex
        self.wasmOffset = wasmOffset
        self.functionName = functionName
    }
    public var description: String {
        let name = functionName.map { " \($0)" } ?? ""
        return "function \(functionIndex)\(name) at offset \(wasmOffset)"
    }
}

/// A guest trap as the host sees it: the reason, and where in the wasm code it happened.
public struct Trap: Error, Sendable, CustomStringConvertible {
    /// Every wasm frame on the stack at the trap, innermost first (the first is the trap site).
    public var frames: [TrapFrame] = []
    public var code: TrapCode
    /// Function index and module byte offset of the trapping operator, when known.
    public var functionIndex: UInt32?
    public var wasmOffset: Int?
    /// The error a host function threw, for `TrapCode.hostError`.
    public var hostMessage: String?
    /// Extra detail the spec's message includes (the element index of "uninitialized element N").
    public var detail: UInt64?
    /// For metered code: the gas left at the trap (for `.outOfGas`, less than the block that could not run).
    public var gasRemaining: UInt64?

    public init(code: TrapCode, functionIndex: UInt32? = nil, wasmOffset: Int? = nil, hostMessage: String? = nil) {
        self.code = code
        self.functionIndex = functionIndex
        self.wasmOffset = wasmOffset
        self.hostMessage = hostMessage
    }

    public var message: String {
        if let hostMessage { return hostMessage }
        if let detail { return "\(code.message) \(detail)" }
        return code.message
    }
    public var description: String {
        var s = message
        if let f = functionIndex { s += " in function \(f)" }
        if let o = wasmOffset { s += " at offset \(o)" }
        return s
    }
}

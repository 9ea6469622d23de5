import SwasmRuntime
import WasmDecoder

/// A Swift type that stands for a wasm value type in typed calls and typed host functions.
///
/// Conforming types: `Int32` and `UInt32` (i32), `Int64` and `UInt64` (i64), `Float` (f32), `Double` (f64),
/// `V128` (v128). Unsigned types carry the same bits as the signed ones.
public protocol WasmValue {
    /// The wasm type this Swift type maps to.
    static var valueType: ValueType { get }
    /// Converts from a wasm value of type `valueType` (the caller guarantees the type).
    init(wasmValue: Value)
    /// This value as a wasm value.
    var wasmValue: Value { get }
    /// Stores the value in a 16-byte call slot (typed calls; the default goes through `wasmValue`).
    func storeSlot(_ slot: UnsafeMutableRawPointer)
    /// Reads a value of `valueType` from a 16-byte call slot (typed calls; the default goes through `Value`).
    init(loadingSlot slot: UnsafeRawPointer)
}

extension WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        let v = wasmValue
        slot.storeBytes(of: v.rawBits, as: UInt64.self)
        if case .v128(let x) = v { slot.storeBytes(of: x.high, toByteOffset: 8, as: UInt64.self) }
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self.init(
            wasmValue: Value.fromRaw(
                Self.valueType, low: slot.load(as: UInt64.self), high: slot.load(fromByteOffset: 8, as: UInt64.self)))
    }
}

extension Int32: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: UInt64(UInt32(bitPattern: self)), as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = Int32(truncatingIfNeeded: slot.load(as: UInt64.self))
    }
    /// `.i32`.
    public static var valueType: ValueType { .i32 }
    /// The i32's value.
    @inlinable public init(wasmValue: Value) { self = Int32(truncatingIfNeeded: wasmValue.rawBits) }
    /// `.i32(self)`.
    @inlinable public var wasmValue: Value { .i32(self) }
}

extension UInt32: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: UInt64(self), as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = UInt32(truncatingIfNeeded: slot.load(as: UInt64.self))
    }
    /// `.i32`.
    public static var valueType: ValueType { .i32 }
    /// The i32's bits.
    @inlinable public init(wasmValue: Value) { self = UInt32(truncatingIfNeeded: wasmValue.rawBits) }
    /// `.i32` with the same bits.
    @inlinable public var wasmValue: Value { .i32(Int32(bitPattern: self)) }
}

extension Int64: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: UInt64(bitPattern: self), as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = Int64(bitPattern: slot.load(as: UInt64.self))
    }
    /// `.i64`.
    public static var valueType: ValueType { .i64 }
    /// The i64's value.
    @inlinable public init(wasmValue: Value) { self = Int64(bitPattern: wasmValue.rawBits) }
    /// `.i64(self)`.
    @inlinable public var wasmValue: Value { .i64(self) }
}

extension UInt64: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: self, as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = slot.load(as: UInt64.self)
    }
    /// `.i64`.
    public static var valueType: ValueType { .i64 }
    /// The i64's bits.
    @inlinable public init(wasmValue: Value) { self = wasmValue.rawBits }
    /// `.i64` with the same bits.
    @inlinable public var wasmValue: Value { .i64(Int64(bitPattern: self)) }
}

extension Float: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: UInt64(bitPattern), as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = Float(bitPattern: UInt32(truncatingIfNeeded: slot.load(as: UInt64.self)))
    }
    /// `.f32`.
    public static var valueType: ValueType { .f32 }
    /// The f32 (bit pattern preserved).
    @inlinable public init(wasmValue: Value) { self = Float(bitPattern: UInt32(truncatingIfNeeded: wasmValue.rawBits)) }
    /// `.f32(self)`.
    @inlinable public var wasmValue: Value { .f32(bits: bitPattern) }
}

extension Double: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: bitPattern, as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = Double(bitPattern: slot.load(as: UInt64.self))
    }
    /// `.f64`.
    public static var valueType: ValueType { .f64 }
    /// The f64 (bit pattern preserved).
    @inlinable public init(wasmValue: Value) { self = Double(bitPattern: wasmValue.rawBits) }
    /// `.f64(self)`.
    @inlinable public var wasmValue: Value { .f64(bits: bitPattern) }
}

extension V128: WasmValue {
    @inlinable public func storeSlot(_ slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: low, as: UInt64.self)
        slot.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
    }
    @inlinable public init(loadingSlot slot: UnsafeRawPointer) {
        self = V128(low: slot.load(as: UInt64.self), high: slot.load(fromByteOffset: 8, as: UInt64.self))
    }
    /// `.v128`.
    public static var valueType: ValueType { .v128 }
    /// The v128.
    @inlinable public init(wasmValue: Value) {
        if case .v128(let v) = wasmValue { self = v } else { self = V128(low: wasmValue.rawBits, high: 0) }
    }
    /// `.v128(self)`.
    @inlinable public var wasmValue: Value { .v128(self) }
}

extension Value {
    /// The value as an `Int32` if it is an i32.
    public var i32Value: Int32? { if case .i32(let v) = self { v } else { nil } }
    /// The value as an `Int64` if it is an i64.
    public var i64Value: Int64? { if case .i64(let v) = self { v } else { nil } }
    /// The value as a `Float` if it is an f32.
    public var f32Value: Float? { if case .f32(let b) = self { Float(bitPattern: b) } else { nil } }
    /// The value as a `Double` if it is an f64.
    public var f64Value: Double? { if case .f64(let b) = self { Double(bitPattern: b) } else { nil } }
}

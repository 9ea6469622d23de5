import Glibc
import SwasmABI
import WasmDecoder

/// A wasm table: 64-bit reference slots (FuncRef addresses, or externref encodings; 0 = null) behind a
/// descriptor `{ elements, count }` whose address generated code reads through `tablesBase` (stable even when
/// the table grows).
public final class Table {
    public let elementType: ValueType
    public let maximum: UInt64?
    let descriptor: UnsafeMutableRawPointer
    var capacity: Int
    /// Keeps alive the instances whose functions the table refers to.
    var owners: [AnyObject] = []

    /// Most elements this table may ever hold (`table.grow` returns -1 beyond).
    public let limit: Int
    /// Asked before every growth the maximum and `limit` allow (`table.grow` from wasm and `grow` from the host),
    /// with the current and desired element counts: false refuses it (`grow` returns −1). nil: no veto.
    public var growthHook: ((_ currentElements: Int, _ desiredElements: Int) -> Bool)?

    public init(type: TableType, limit: Int = 10_000_000) throws(TrapCode) {
        elementType = type.element
        maximum = type.limits.max
        self.limit = limit
        guard type.limits.min <= UInt64(limit) else { throw TrapCode.tableOutOfBounds }
        descriptor = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
        capacity = max(Int(type.limits.min), 4)
        let elems = calloc(capacity, 8)!
        descriptor.storeBytes(of: elems, toByteOffset: 0, as: UnsafeMutableRawPointer.self)
        descriptor.storeBytes(of: UInt64(type.limits.min), toByteOffset: 8, as: UInt64.self)
    }

    deinit {
        free(elements)
        descriptor.deallocate()
    }

    var elements: UnsafeMutableRawPointer { descriptor.load(as: UnsafeMutableRawPointer.self) }
    public var count: Int { Int(descriptor.load(fromByteOffset: 8, as: UInt64.self)) }

    public func get(_ i: Int) throws(TrapCode) -> UInt64 {
        guard i >= 0 && i < count else { throw TrapCode.tableOutOfBounds }
        return elements.load(fromByteOffset: i * 8, as: UInt64.self)
    }

    public func set(_ i: Int, _ v: UInt64) throws(TrapCode) {
        guard i >= 0 && i < count else { throw TrapCode.tableOutOfBounds }
        elements.storeBytes(of: v, toByteOffset: i * 8, as: UInt64.self)
    }

    /// Grow by `delta` slots filled with `value`; returns the old size or -1.
    public func grow(by delta: Int, value: UInt64) -> Int {
        let old = count
        let new = old + delta
        if let m = maximum, UInt64(new) > m { return -1 }
        if new > limit { return -1 }
        if delta > 0, let growthHook, !growthHook(old, new) { return -1 }
        if new > capacity {
            var cap = capacity
            while cap < new { cap *= 2 }
            guard let p = realloc(elements, cap * 8) else { return -1 }
            descriptor.storeBytes(of: p, toByteOffset: 0, as: UnsafeMutableRawPointer.self)
            capacity = cap
        }
        for i in old..<new { elements.storeBytes(of: value, toByteOffset: i * 8, as: UInt64.self) }
        descriptor.storeBytes(of: UInt64(new), toByteOffset: 8, as: UInt64.self)
        return old
    }
}

/// A global's storage cell (16 bytes, so v128 fits). Imported globals share the exporter's cell.
public final class GlobalCell {
    public let type: GlobalType
    public let pointer: UnsafeMutableRawPointer

    public init(type: GlobalType, value: Value) {
        self.type = type
        pointer = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
        self.value = value
    }

    deinit { pointer.deallocate() }

    public var value: Value {
        get {
            Value.fromRaw(
                type.value, low: pointer.load(as: UInt64.self), high: pointer.load(fromByteOffset: 8, as: UInt64.self))
        }
        set {
            pointer.storeBytes(of: newValue.rawBits, as: UInt64.self)
            if case .v128(let v) = newValue {
                pointer.storeBytes(of: v.high, toByteOffset: 8, as: UInt64.self)
            } else {
                pointer.storeBytes(of: UInt64(0), toByteOffset: 8, as: UInt64.self)
            }
        }
    }
}

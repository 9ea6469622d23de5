import SwasmRuntime
import Synchronization
import WasmDecoder

/// A wasm global variable. `Global` is a handle: copies refer to the same global, and an imported global is
/// shared with its exporter. Use it from one thread at a time.
public struct Global {
    let cell: GlobalCell

    init(_ cell: GlobalCell) { self.cell = cell }

    /// Creates a standalone global (to be imported by modules).
    /// - Throws: `UsageError` if `value` is not of type `type.value`, or is a function reference (use a
    ///   `funcref` global exported by a module for those).
    public init(type: GlobalType, value: Value) throws {
        guard value.type == type.value else {
            throw UsageError("a global of type \(type.value) cannot hold a value of type \(value.type)")
        }
        if case .funcref(let p) = value, p != nil {
            throw UsageError("a standalone funcref global can only be created null")
        }
        cell = GlobalCell(type: type, value: value)
    }

    /// The global's type.
    public var type: GlobalType { cell.type }

    /// The current value.
    public var value: Value { cell.value }

    /// Reads the current value.
    public func get() -> Value { cell.value }

    /// Sets the value.
    /// - Throws: `UsageError` if the global is immutable or `value` has the wrong type.
    public func set(_ value: Value) throws {
        guard cell.type.mutable else { throw UsageError("the global is immutable") }
        guard value.type == cell.type.value else {
            throw UsageError("a global of type \(cell.type.value) cannot hold a value of type \(value.type)")
        }
        if case .funcref(let p) = value, p != nil {
            throw UsageError("only a null funcref can be stored in a global from the host")
        }
        cell.value = value
    }
}

/// A wasm table of references (`funcref` or `externref`). `Table` is a handle: copies refer to the same table.
/// Use it from one thread at a time.
public struct Table {
    let table: SwasmRuntime.Table
    let elementLimit: Int

    init(_ table: SwasmRuntime.Table, elementLimit: Int = 10_000_000) {
        self.table = table
        self.elementLimit = elementLimit
    }

    /// Creates a standalone table (to be imported by modules); its elements start null.
    /// - Throws: `LinkError.limitExceeded` if `type.limits.min` exceeds the engine's `maxTableElements`.
    public init(engine: Engine, type: TableType) throws {
        let limit = engine.instanceConfiguration.maxTableElements
        guard type.limits.min <= UInt64(limit) else {
            throw LinkError(
                .limitExceeded, message: "a table of \(type.limits.min) elements exceeds the limit of \(limit)")
        }
        do { table = try SwasmRuntime.Table(type: type, limit: limit) } catch {
            throw LinkError(
                .limitExceeded, message: "a table of \(type.limits.min) elements exceeds the limit of \(limit)")
        }
        table.growthHook = engine.instanceConfiguration.tableGrowthHook
        elementLimit = limit
    }

    /// The element type, `.funcref` or `.externref`.
    public var elementType: ValueType { table.elementType }
    /// Current number of elements.
    public var count: Int { table.count }
    /// The declared maximum, if any.
    public var maximum: UInt64? { table.maximum }
    /// The table's type (its current size as the minimum).
    public var type: TableType {
        TableType(element: table.elementType, limits: Limits(min: UInt64(count), max: maximum))
    }

    /// The element at `index`: `.funcref(nil)` / `.externref(nil)` when null.
    /// - Throws: `Trap(.tableOutOfBounds)` if `index` is not below `count`.
    public func get(_ index: Int) throws -> Value {
        do { return Value.fromRaw(table.elementType, low: try table.get(index)) } catch { throw Trap(error) }
    }

    /// Sets the element at `index` to a null reference or an `.externref` (store functions with
    /// `set(_:function:)`: arbitrary `.funcref` values are refused, since guest code would jump through them).
    /// - Throws: `Trap(.tableOutOfBounds)`, or `UsageError` for a value of the wrong type.
    public func set(_ index: Int, _ value: Value) throws {
        guard value.type == table.elementType else {
            throw UsageError("a table of \(table.elementType) cannot hold a value of type \(value.type)")
        }
        if case .funcref(let p) = value, p != nil {
            throw UsageError("store functions with set(_:function:)")
        }
        do { try table.set(index, value.rawBits) } catch { throw Trap(error) }
    }

    /// Stores `function` (nil: null) at `index` of a `funcref` table. The table keeps the function's instance
    /// alive.
    /// - Throws: `Trap(.tableOutOfBounds)`, or `UsageError` if this is not a `funcref` table.
    public func set(_ index: Int, function: Function?) throws {
        guard table.elementType == .funcref else { throw UsageError("not a funcref table") }
        if let function { TableOwners.retain(function.handle.owner, by: table) }
        do { try table.set(index, function.map { UInt64(UInt(bitPattern: $0.handle.funcRef)) } ?? 0) } catch {
            throw Trap(error)
        }
    }

    /// Grows the table by `count` elements set to `initial` (default null; a non-null `initial` must be an
    /// `.externref`, or use `grow(by:function:)`), like `table.grow`.
    /// - Returns: the previous size, or nil (nothing changed) beyond the maximum or the engine's limit.
    @discardableResult
    public func grow(by count: Int, initial: Value? = nil) throws -> Int? {
        let v = initial ?? (table.elementType == .funcref ? .funcref(nil) : .externref(nil))
        guard v.type == table.elementType else {
            throw UsageError("a table of \(table.elementType) cannot hold a value of type \(v.type)")
        }
        if case .funcref(let p) = v, p != nil { throw UsageError("grow with a function using grow(by:function:)") }
        return grow(count, v.rawBits)
    }

    /// Grows a `funcref` table by `count` elements referring to `function`.
    /// - Returns: the previous size, or nil (nothing changed) beyond the maximum or the engine's limit.
    @discardableResult
    public func grow(by count: Int, function: Function) throws -> Int? {
        guard table.elementType == .funcref else { throw UsageError("not a funcref table") }
        TableOwners.retain(function.handle.owner, by: table)
        return grow(count, UInt64(UInt(bitPattern: function.handle.funcRef)))
    }

    func grow(_ count: Int, _ raw: UInt64) -> Int? {
        guard count >= 0, table.count + count <= elementLimit else { return nil }
        let old = table.grow(by: count, value: raw)
        return old < 0 ? nil : old
    }
}

/// Keeps instances alive while a table they do not own refers to their functions (the runtime's tables keep
/// only the instances that imported them).
enum TableOwners {
    final class Entry: @unchecked Sendable {
        weak var table: SwasmRuntime.Table?
        var owners: [AnyObject] = []
        init(_ t: SwasmRuntime.Table) { table = t }
    }
    static let entries = Mutex<[Entry]>([])

    static func retain(_ owner: AnyObject, by table: SwasmRuntime.Table) {
        entries.withLock { list in
            list.removeAll { $0.table == nil }
            if let e = list.first(where: { $0.table === table }) {
                if !e.owners.contains(where: { $0 === owner }) { e.owners.append(owner) }
            } else {
                let e = Entry(table)
                e.owners.append(owner)
                list.append(e)
            }
        }
    }
}

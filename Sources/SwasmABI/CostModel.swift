import WasmDecoder

/// What metered execution charges. Static costs (per operator) are compiled into the code: each basic block is
/// charged its total once, on entry. Dynamic costs (bulk operations, `memory.grow`, host calls) are charged by
/// the runtime before the operation does any work. Both backends use the same model, so the remaining gas and
/// the trap point are identical on x86-64 and AArch64.
public struct CostModel: Sendable, Hashable {
    /// Cost of each operator, indexed by `Opcode.rawValue` (default 1).
    public var operatorCosts: [UInt32]
    /// Extra cost per page `memory.grow` adds (charged before growing, also if it then fails with -1).
    public var memoryGrowPerPage: UInt64 = 1024
    /// `memory.copy`/`fill`/`init` charge ⌈bytes / memoryBytesPerUnit⌉.
    public var memoryBytesPerUnit: UInt64 = 8
    /// `table.copy`/`fill`/`init`/`grow` charge this per element.
    public var tableElementCost: UInt64 = 1
    /// Charged for every call of a host function (before it runs).
    public var hostCallCost: UInt64 = 10

    public init() {
        operatorCosts = Array(repeating: 1, count: Opcode.count)
    }

    /// Set the cost of the operator named `name` (text format, e.g. "i64.div_s"). Returns false if unknown.
    @discardableResult
    public mutating func setCost(_ cost: UInt32, forOperator name: String) -> Bool {
        guard let op = Opcode(name: name) else { return false }
        operatorCosts[Int(op.rawValue)] = cost
        return true
    }

    @inlinable public func cost(of opcode: Opcode) -> UInt32 { operatorCosts[Int(opcode.rawValue)] }

    public func bulkMemoryCost(bytes: UInt64) -> UInt64 {
        memoryBytesPerUnit == 0 ? 0 : (bytes + memoryBytesPerUnit - 1) / memoryBytesPerUnit
    }
}

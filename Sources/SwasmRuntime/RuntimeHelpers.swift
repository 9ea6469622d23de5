import Glibc
import SwasmABI
import WasmDecoder

/// The `@convention(c)` functions generated code calls through `helpersBase` (indexed by `RuntimeHelper`).
/// Each receives the VM context of the calling instance first. They never let a Swift error or fault escape:
/// traps are reported by writing `trapCode` into the VM context (generated code checks it after the call).
enum RuntimeHelpers {
    nonisolated(unsafe) static let table: UnsafeMutablePointer<UnsafeRawPointer?> = {
        let t = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: RuntimeHelper.allCases.count)
        func put<F>(_ h: RuntimeHelper, _ f: F) { t[h.rawValue] = unsafeBitCast(f, to: UnsafeRawPointer.self) }
        put(.hostCall, hostCall as @convention(c) (UnsafeMutableRawPointer, UInt32, UnsafeMutableRawPointer) -> UInt64)
        put(.memoryGrow, memoryGrow as @convention(c) (UnsafeMutableRawPointer, UInt32) -> UInt32)
        put(.memorySize, memorySize as @convention(c) (UnsafeMutableRawPointer) -> UInt32)
        put(.memoryFill, memoryFill as @convention(c) (UnsafeMutableRawPointer, UInt32, UInt32, UInt32) -> Void)
        put(.memoryCopy, memoryCopy as @convention(c) (UnsafeMutableRawPointer, UInt32, UInt32, UInt32) -> Void)
        put(.memoryInit, memoryInit as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void)
        put(.dataDrop, dataDrop as @convention(c) (UnsafeMutableRawPointer, UInt64) -> Void)
        put(.tableGet, tableGet as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32) -> UInt64)
        put(.tableSet, tableSet as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt64) -> Void)
        put(.tableSize, tableSize as @convention(c) (UnsafeMutableRawPointer, UInt64) -> UInt32)
        put(.tableGrow, tableGrow as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt64, UInt32) -> UInt32)
        put(.tableFill, tableFill as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt64, UInt32) -> Void)
        put(.tableCopy, tableCopy as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void)
        put(.tableInit, tableInit as @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void)
        put(.elemDrop, elemDrop as @convention(c) (UnsafeMutableRawPointer, UInt64) -> Void)
        return t
    }()

    static func instance(_ vmctx: UnsafeMutableRawPointer) -> Instance { Instance.owner(of: vmctx) }

    /// Charge a dynamic cost (metered code only): false, with an `out of gas` trap recorded, if the remaining
    /// gas cannot pay it; the gas is then left unchanged.
    static func charge(_ vmctx: UnsafeMutableRawPointer, _ inst: Instance, _ amount: (CostModel) -> UInt64) -> Bool {
        guard let model = inst.code.costModel else { return true }
        return charge(vmctx, cost: amount(model))
    }

    /// Charge `cost` (metered code only; see above).
    @inline(__always)
    static func charge(_ vmctx: UnsafeMutableRawPointer, cost: UInt64) -> Bool {
        let gas = vmctx.load(fromByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
        guard cost <= gas else {
            setTrap(vmctx, .outOfGas)
            return false
        }
        storeGasFromHost(vmctx, gas - cost) // an interrupt may have taken the gas since the load
        return true
    }

    static func setTrap(_ vmctx: UnsafeMutableRawPointer, _ code: TrapCode) {
        vmctx.storeBytes(of: code.rawValue, toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        vmctx.storeBytes(of: UInt64(0), toByteOffset: VMContextLayout.trapPC, as: UInt64.self)
    }
}

// MARK: Host calls

private let hostCall: @convention(c) (UnsafeMutableRawPointer, UInt32, UnsafeMutableRawPointer) -> UInt64 = {
    vmctx, index, area in
    // The instance outlives the call (its code is running), so it is used without a retain.
    Instance.ownerReference(of: vmctx)._withUnsafeGuaranteedRef { inst in hostCall(inst, vmctx, index, area) }
}

/// Calls host function `index` of `inst`. Memory needs no refresh afterwards: a `grow` by the host updates every
/// bound context itself (`LinearMemory.notifyObservers`), and the stub reloads the base from the context.
@inline(__always)
private func hostCall(
    _ inst: Instance, _ vmctx: UnsafeMutableRawPointer, _ index: UInt32, _ area: UnsafeMutableRawPointer
) -> UInt64 {
    if let cost = inst.hostCallCost, !RuntimeHelpers.charge(vmctx, cost: cost) { return 0 }
    guard Int(index) < inst.hostCallEntries.count, let entry = inst.hostCallEntries[Int(index)] else {
        RuntimeHelpers.setTrap(vmctx, .hostError)
        return 0
    }
    return entry._withUnsafeGuaranteedRef { entry in
        guard let slotBody = entry.slotBody else { return boxedHostCall(vmctx, inst, entry, area) }
        // The fast path: the body reads and writes the area itself; nothing is boxed.
        do {
            try slotBody(inst, area)
        } catch {
            reportHostError(error, vmctx, inst)
            return 0
        }
        return entry.scalarResultOffset < 0 ? 0 : area.load(fromByteOffset: entry.scalarResultOffset, as: UInt64.self)
    }
}

/// A host call through `HostFunction.body`: arguments and results as `[Value]`, the results' types checked.
private func boxedHostCall(
    _ vmctx: UnsafeMutableRawPointer, _ inst: Instance, _ entry: HostCallEntry, _ area: UnsafeMutableRawPointer
) -> UInt64 {
    let t = entry.function.type
    let m = entry.slotCount
    var args: [Value] = []
    args.reserveCapacity(t.params.count)
    for (i, p) in t.params.enumerated() {
        let off = HostFunction.slotOffset(i, slotCount: m)
        args.append(
            Value.fromRaw(
                p, low: area.load(fromByteOffset: off, as: UInt64.self),
                high: area.load(fromByteOffset: off + 8, as: UInt64.self)))
    }
    let results: [Value]
    do {
        results = try entry.function.body(inst, args)
    } catch {
        reportHostError(error, vmctx, inst)
        return 0
    }
    guard results.count == t.results.count, zip(results, t.results).allSatisfy({ $0.type == $1 }) else {
        inst.pendingHostError = LinkError(
            .hostResultMismatch, message: "host function returned \(results) for results \(t.results)")
        RuntimeHelpers.setTrap(vmctx, .hostError)
        return 0
    }
    if entry.scalarResultOffset >= 0 { return results[0].rawBits }
    for (j, r) in results.enumerated() {
        let off = HostFunction.slotOffset(j, slotCount: m)
        area.storeBytes(of: r.rawBits, toByteOffset: off, as: UInt64.self)
        if case .v128(let v) = r { area.storeBytes(of: v.high, toByteOffset: off + 8, as: UInt64.self) }
    }
    return 0
}

/// A host function threw: a `Trap` becomes that trap in the guest; anything else aborts the call and is rethrown
/// to the embedder.
private func reportHostError(_ error: any Error, _ vmctx: UnsafeMutableRawPointer, _ inst: Instance) {
    if let trap = error as? Trap {
        inst.pendingHostTrapMessage = trap.hostMessage
        RuntimeHelpers.setTrap(vmctx, trap.code)
    } else {
        inst.pendingHostError = error
        RuntimeHelpers.setTrap(vmctx, .hostError)
    }
}

// MARK: Memory

private let memoryGrow: @convention(c) (UnsafeMutableRawPointer, UInt32) -> UInt32 = { vmctx, delta in
    let inst = RuntimeHelpers.instance(vmctx)
    guard RuntimeHelpers.charge(vmctx, inst, { UInt64(delta) &* $0.memoryGrowPerPage }) else { return 0 }
    guard let mem = inst.memory else { return UInt32.max }
    let old = mem.grow(by: Int(delta))
    inst.refreshMemory()
    return old < 0 ? UInt32.max : UInt32(old)
}

private let memorySize: @convention(c) (UnsafeMutableRawPointer) -> UInt32 = { vmctx in
    UInt32(RuntimeHelpers.instance(vmctx).memory?.pageCount ?? 0)
}

private let memoryFill: @convention(c) (UnsafeMutableRawPointer, UInt32, UInt32, UInt32) -> Void = {
    vmctx, dst, value, count in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { $0.bulkMemoryCost(bytes: UInt64(count)) })
    else { return }
    do throws(TrapCode) {
        try RuntimeHelpers.instance(vmctx).memory!.fill(
            at: UInt64(dst), value: UInt8(truncatingIfNeeded: value), count: UInt64(count))
    } catch { RuntimeHelpers.setTrap(vmctx, error) }
}

private let memoryCopy: @convention(c) (UnsafeMutableRawPointer, UInt32, UInt32, UInt32) -> Void = {
    vmctx, dst, src, count in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { $0.bulkMemoryCost(bytes: UInt64(count)) })
    else { return }
    do throws(TrapCode) {
        try RuntimeHelpers.instance(vmctx).memory!.copy(to: UInt64(dst), from: UInt64(src), count: UInt64(count))
    } catch { RuntimeHelpers.setTrap(vmctx, error) }
}

private let memoryInit: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void = {
    vmctx, seg, dst, src, count in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { $0.bulkMemoryCost(bytes: UInt64(count)) })
    else { return }
    do throws(TrapCode) {
        try RuntimeHelpers.instance(vmctx).initMemory(segment: Int(seg), dst: dst, src: src, count: count)
    } catch { RuntimeHelpers.setTrap(vmctx, error) }
}

private let dataDrop: @convention(c) (UnsafeMutableRawPointer, UInt64) -> Void = { vmctx, seg in
    RuntimeHelpers.instance(vmctx).droppedData[Int(seg)] = true
}

// MARK: Tables

private let tableGet: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32) -> UInt64 = { vmctx, t, i in
    do throws(TrapCode) { return try RuntimeHelpers.instance(vmctx).tables[Int(t)].get(Int(i)) } catch {
        RuntimeHelpers.setTrap(vmctx, error)
        return 0
    }
}

private let tableSet: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt64) -> Void = { vmctx, t, i, v in
    do throws(TrapCode) { try RuntimeHelpers.instance(vmctx).tables[Int(t)].set(Int(i), v) } catch {
        RuntimeHelpers.setTrap(vmctx, error)
    }
}

private let tableSize: @convention(c) (UnsafeMutableRawPointer, UInt64) -> UInt32 = { vmctx, t in
    UInt32(RuntimeHelpers.instance(vmctx).tables[Int(t)].count)
}

private let tableGrow: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt64, UInt32) -> UInt32 = {
    vmctx, t, v, delta in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { UInt64(delta) &* $0.tableElementCost }) else {
        return 0
    }
    let r = RuntimeHelpers.instance(vmctx).tables[Int(t)].grow(by: Int(delta), value: v)
    return r < 0 ? UInt32.max : UInt32(r)
}

private let tableFill: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt64, UInt32) -> Void = {
    vmctx, t, i, v, n in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { UInt64(n) &* $0.tableElementCost }) else {
        return
    }
    let table = RuntimeHelpers.instance(vmctx).tables[Int(t)]
    guard UInt64(i) + UInt64(n) <= UInt64(table.count) else {
        RuntimeHelpers.setTrap(vmctx, .tableOutOfBounds)
        return
    }
    for k in 0..<Int(n) { try? table.set(Int(i) + k, v) }
}

private let tableCopy: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void = {
    vmctx, packed, d, s, n in
    let inst = RuntimeHelpers.instance(vmctx)
    guard RuntimeHelpers.charge(vmctx, inst, { UInt64(n) &* $0.tableElementCost }) else { return }
    let dst = inst.tables[Int(packed & 0xFFFF_FFFF)]
    let src = inst.tables[Int(packed >> 32)]
    guard UInt64(d) + UInt64(n) <= UInt64(dst.count), UInt64(s) + UInt64(n) <= UInt64(src.count) else {
        RuntimeHelpers.setTrap(vmctx, .tableOutOfBounds)
        return
    }
    let items = (0..<Int(n)).map { (try? src.get(Int(s) + $0)) ?? 0 }
    for k in 0..<Int(n) { try? dst.set(Int(d) + k, items[k]) }
}

private let tableInit: @convention(c) (UnsafeMutableRawPointer, UInt64, UInt32, UInt32, UInt32) -> Void = {
    vmctx, packed, d, s, n in
    guard RuntimeHelpers.charge(vmctx, RuntimeHelpers.instance(vmctx), { UInt64(n) &* $0.tableElementCost }) else {
        return
    }
    do throws(TrapCode) {
        try RuntimeHelpers.instance(vmctx).initTable(
            Int(packed >> 32), segment: Int(packed & 0xFFFF_FFFF), dst: d, src: s, count: n)
    } catch { RuntimeHelpers.setTrap(vmctx, error) }
}

private let elemDrop: @convention(c) (UnsafeMutableRawPointer, UInt64) -> Void = { vmctx, seg in
    RuntimeHelpers.instance(vmctx).elementItems[Int(seg)] = nil
}

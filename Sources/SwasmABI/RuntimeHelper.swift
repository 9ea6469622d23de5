/// The contract between generated code and the runtime (which never depends on the compiler).

/// Runtime helpers generated code calls through the VM context's helper table (`helpersBase + 8 * rawValue`).
/// Each is a `@convention(c)` function whose first argument is the VM context; they report traps by
/// writing `trapCode` into the VM context (generated code checks it after the call).
public enum RuntimeHelper: Int, CaseIterable, Sendable {
    /// (vmctx, importIndex, argumentArea) -> UInt64: call host import `importIndex`.
    case hostCall = 0
    /// (vmctx, deltaPages) -> Int32 old pages or -1
    case memoryGrow
    /// (vmctx) -> Int32 pages
    case memorySize
    /// (vmctx, dst, value, count)
    case memoryFill
    /// (vmctx, dst, src, count)
    case memoryCopy
    /// (vmctx, segment, dst, src, count)
    case memoryInit
    /// (vmctx, segment)
    case dataDrop
    /// (vmctx, table, index) -> ref
    case tableGet
    /// (vmctx, table, index, ref)
    case tableSet
    /// (vmctx, table) -> Int32
    case tableSize
    /// (vmctx, table, ref, delta) -> Int32 old size or -1
    case tableGrow
    /// (vmctx, table, index, ref, count)
    case tableFill
    /// (vmctx, dstTable, srcTable, dst, src, count) — packed: (vmctx, tables = dst | src << 32, dst, src, count)
    case tableCopy
    /// (vmctx, segment | table << 32, dst, src, count)
    case tableInit
    /// (vmctx, segment)
    case elemDrop
}

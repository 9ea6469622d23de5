/// Receives each function body as soon as its last byte has arrived (the code generator implements this).
///
/// For every body the parser asks for a visitor, runs the validator over the body's operators and hands each
/// validated operator to that visitor in the same pass, then calls `finish`.
public protocol FunctionBodyConsumer {
    associatedtype Visitor: OperatorVisitor
    /// Whether `beginFunction` needs the local declarations (building them costs an array per function).
    static var wantsLocals: Bool { get }
    /// A section (any id) was fully decoded and validated. `module` holds everything decoded so far.
    mutating func sectionDidEnd(_ id: SectionID, module: ModuleInfo) throws(WasmError)
    /// The body of `body.functionIndex` is complete; return the visitor that sees its operators.
    /// `locals` are the declared locals (params excluded) as (count, type) runs.
    mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                module: ModuleInfo) throws(WasmError) -> Visitor
    /// Same, with the body's operator bytes (after the local declarations, not validated yet) for a consumer
    /// that scans them before the validating pass (e.g. to count local accesses). Defaults to the above.
    mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                code: UnsafeRawBufferPointer, module: ModuleInfo) throws(WasmError) -> Visitor
    /// The function's final `end` was visited and the body validated.
    mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout Visitor) throws(WasmError)
}

extension FunctionBodyConsumer {
    public static var wantsLocals: Bool { true }
    public mutating func sectionDidEnd(_ id: SectionID, module: ModuleInfo) throws(WasmError) {}
    public mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                       code: UnsafeRawBufferPointer, module: ModuleInfo) throws(WasmError) -> Visitor {
        try beginFunction(body, locals: locals, module: module)
    }
}

/// Decode and validate only.
public struct ValidationOnly: FunctionBodyConsumer {
    public static var wantsLocals: Bool { false }
    public init() {}
    public mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                       module: ModuleInfo) throws(WasmError) -> NullOperatorVisitor {
        NullOperatorVisitor()
    }
    public mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout NullOperatorVisitor) throws(WasmError) {}
}

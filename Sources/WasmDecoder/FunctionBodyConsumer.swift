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
    mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo
    ) throws(WasmError) -> Visitor
    /// Same, with the body's operator bytes (after the local declarations, not validated yet) for a consumer
    /// that scans them before the validating pass (e.g. to count local accesses). Defaults to the above.
    mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        code: UnsafeRawBufferPointer, module: ModuleInfo
    ) throws(WasmError) -> Visitor
    /// Compile one body: `beginFunction`, the validating pass over the operators feeding the visitor, the check
    /// that the body ends with its `end`, then `endFunction`. The default does exactly that; a consumer with a
    /// concrete visitor type implements it with the same code so that the validator's `@inlinable` `run` is
    /// specialized for its visitor (no indirect call per operator).
    mutating func compileFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo, validator: inout FunctionValidator,
        reader: inout ByteReader) throws(WasmError)
    /// The function's final `end` was visited and the body validated.
    mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout Visitor) throws(WasmError)

    /// Whether the consumer validates bodies itself (e.g. on worker threads): the parser then hands each body's
    /// bytes (local declarations included, nothing checked) to `takeBody` instead of validating it and calling
    /// `compileFunction`, and asks `finishBodies` when the input is complete (`finish`). Default false.
    static var takesRawBodies: Bool { get }
    /// The code section begins (`takesRawBodies` only): `module` holds every section before it, all that
    /// validating and compiling its bodies needs; the section is `codeSectionSize` bytes (for sizing buffers).
    mutating func beginBodies(module: ModuleInfo, codeSectionSize: Int) throws(WasmError)
    /// A body whose bytes are all in (`takesRawBodies` only). `bytes` are valid only during the call. A reader
    /// running out of them reports `endMessage` (`ByteReader`'s `endMessage`).
    mutating func takeBody(_ body: FunctionBodyInfo, bytes: UnsafeRawBufferPointer, endMessage: String)
        throws(WasmError)
    /// The input is complete (`takesRawBodies` only; called by `finish`, with or without a code section): every
    /// body is validated, or the first invalid one in module order is thrown. Returns the
    /// `FunctionValidator.dataIndexWithoutCount` of all bodies. A decoding error thrown before (while the bodies
    /// handed over may still be compiling) must be settled by the consumer's owner: the first invalid body, if
    /// any, comes first in module order (see `ParallelModuleCompiler.settle`).
    mutating func finishBodies() throws(WasmError) -> (index: UInt32, offset: Int)?
}

extension FunctionBodyConsumer {
    public static var wantsLocals: Bool { true }
    public static var takesRawBodies: Bool { false }
    public mutating func beginBodies(module: ModuleInfo, codeSectionSize: Int) throws(WasmError) {}
    public mutating func takeBody(_ body: FunctionBodyInfo, bytes: UnsafeRawBufferPointer, endMessage: String)
        throws(WasmError)
    {
        preconditionFailure("takeBody without takesRawBodies")
    }
    public mutating func finishBodies() throws(WasmError) -> (index: UInt32, offset: Int)? { nil }
    public mutating func sectionDidEnd(_ id: SectionID, module: ModuleInfo) throws(WasmError) {}
    public mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        code: UnsafeRawBufferPointer, module: ModuleInfo
    ) throws(WasmError) -> Visitor {
        try beginFunction(body, locals: locals, module: module)
    }

    public mutating func compileFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo, validator: inout FunctionValidator,
        reader r: inout ByteReader
    ) throws(WasmError) {
        try runFunction(body, locals: locals, module: module, validator: &validator, reader: &r)
    }

    /// One body read by `r`, from its local declarations on: the validator begins it, then `compileFunction`
    /// (what the parser does per body; a consumer taking raw bodies does the same for each, on any thread).
    @inlinable
    public mutating func validateAndCompile(
        _ body: FunctionBodyInfo, module: ModuleInfo, validator: inout FunctionValidator, reader r: inout ByteReader
    ) throws(WasmError) {
        try validator.begin(functionIndex: Int(body.functionIndex), reader: &r)
        let locals = Self.wantsLocals ? validator.declaredLocalRuns : []
        try compileFunction(body, locals: locals, module: module, validator: &validator, reader: &r)
    }

    /// `compileFunction`'s steps. `@inlinable`: a consumer calling it on its concrete type gets the validating
    /// pass specialized for its visitor.
    @inlinable
    public mutating func runFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo, validator: inout FunctionValidator,
        reader r: inout ByteReader
    ) throws(WasmError) {
        var visitor = try beginFunction(body, locals: locals, code: r.remainingBytes, module: module)
        try validator.run(&r, visitor: &visitor)
        guard r.isAtEnd else { throw WasmError(.malformed, "section size mismatch", offset: r.offset) }
        try endFunction(body, visitor: &visitor)
    }
}

/// Decode and validate only.
public struct ValidationOnly: FunctionBodyConsumer {
    public static var wantsLocals: Bool { false }
    public init() {}
    public mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo
    ) throws(WasmError) -> NullOperatorVisitor {
        NullOperatorVisitor()
    }
    public mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout NullOperatorVisitor) throws(WasmError) {}
}

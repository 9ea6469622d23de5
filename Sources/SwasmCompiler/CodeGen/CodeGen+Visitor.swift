import WasmDecoder

/// The code generator is one of the two visitors of the operator stream (the validator is the other).
extension CodeGen: OperatorVisitor where M: ~Copyable {
    public func beginOperator(at offset: Int) { operatorOffset = offset }
}

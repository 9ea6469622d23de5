import SwasmABI
import WasmDecoder

/// The code generator is one of the two visitors of the operator stream (the validator is the other).
extension CodeGen: OperatorVisitor where M: ~Copyable {
    @inline(__always)
    public func beginOperator(at offset: Int, opcode: Opcode) {
        operatorOffset = offset
        regs.pinned = 0
        chargeOperator(opcode)
    }
}

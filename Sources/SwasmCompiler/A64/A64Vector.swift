import AArch64
import AssemblerCore
import WasmDecoder

/// SIMD (v128) code generation for A64MacroAssembler: the `VectorMacroAssembler` families.
extension A64MacroAssembler: VectorMacroAssembler {
    static func notYet(_ what: String) -> AssemblerError {
        AssemblerError(.invalidOperand, "SIMD \(what) is not implemented on this architecture yet")
    }

    public static func temporaries(for operation: VectorOperation) -> Int { 0 }

    public mutating func loadV128Constant(_ dst: Reg, _ value: V128) throws(AssemblerError) {
        throw Self.notYet("v128.const")
    }
    public mutating func storeSlotV128Constant(fpOffset: Int, _ value: V128) throws(AssemblerError) {
        throw Self.notYet("v128.const")
    }
    public mutating func flushVectorConstants() throws(AssemblerError) {}
    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet(op.name) }
    public mutating func v128Unary(_ op: V128UnaryOp, _ dst: Reg, temps: VectorTemps) throws(AssemblerError) {
        throw Self.notYet(op.name)
    }
    public mutating func v128Shift(_ op: V128ShiftOp, _ dst: Reg, amount: Operand, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet(op.name) }
    public mutating func v128Test(_ op: V128TestOp, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet(op.name) }
    public mutating func v128Bitselect(_ dst: Reg, _ other: Reg, mask: Reg, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet("v128.bitselect") }
    public mutating func v128Shuffle(_ dst: Reg, _ rhs: Reg, lanes: V128, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet("i8x16.shuffle") }
    public mutating func v128Splat(_ shape: V128Shape, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet("splat") }
    public mutating func v128ExtractLane(_ shape: V128Shape, signed: Bool, _ dst: Reg, _ src: Reg, lane: UInt8)
        throws(AssemblerError)
    { throw Self.notYet("extract_lane") }
    public mutating func v128ReplaceLane(
        _ shape: V128Shape, _ dst: Reg, _ value: Reg, lane: UInt8, temps: VectorTemps
    ) throws(AssemblerError) { throw Self.notYet("replace_lane") }
    public mutating func v128Load(_ kind: V128LoadKind, _ dst: Reg, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    { throw Self.notYet(kind.name) }
    public mutating func v128Store(_ src: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int {
        throw Self.notYet("v128.store")
    }
    public mutating func v128LoadLane(laneBytes: Int, _ dst: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    { throw Self.notYet("load_lane") }
    public mutating func v128StoreLane(laneBytes: Int, _ src: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    { throw Self.notYet("store_lane") }
    public mutating func canonicalizeNaNs(_ shape: V128Shape, _ dst: Reg, temps: VectorTemps)
        throws(AssemblerError)
    { throw Self.notYet("NaN canonicalization") }
}

import AssemblerCore
import SwasmABI
import WasmDecoder

/// An abstract machine register: `raw < 32` is a general-purpose register (hardware number), `raw >= 32` a
/// floating-point/vector register (`raw - 32`). Each `MacroAssembler` maps these to its hardware registers.
public struct Reg: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt8
    @inlinable public init(raw: UInt8) { self.raw = raw }
    @inlinable public static func gpr(_ n: UInt8) -> Reg { Reg(raw: n) }
    @inlinable public static func fpr(_ n: UInt8) -> Reg { Reg(raw: n + 32) }
    @inlinable public var isFloat: Bool { raw >= 32 }
    @inlinable public var number: UInt8 { raw & 31 }
    public var description: String { isFloat ? "f\(number)" : "r\(number)" }
}

/// Integer operand size.
public enum IntSize: Sendable { case s32, s64 }
/// Float operand size.
public enum FloatSize: Sendable { case f32, f64 }

public enum IntBinaryOp: Sendable { case add, sub, mul, and, or, xor, shl, shrS, shrU, rotl, rotr }
public enum IntUnaryOp: Sendable { case clz, ctz, popcnt }
public enum DivOp: Sendable { case divS, divU, remS, remU }
public enum IntCond: Sendable {
    case eq, ne, ltS, ltU, gtS, gtU, leS, leU, geS, geU
    /// The condition that holds exactly when this one does not.
    public var negated: IntCond {
        switch self {
        case .eq: .ne
        case .ne: .eq
        case .ltS: .geS
        case .ltU: .geU
        case .gtS: .leS
        case .gtU: .leU
        case .leS: .gtS
        case .leU: .gtU
        case .geS: .ltS
        case .geU: .ltU
        }
    }
}
public enum FloatCond: Sendable { case eq, ne, lt, gt, le, ge }
public enum FloatBinaryOp: Sendable { case add, sub, mul, div, min, max, copysign }
public enum FloatUnaryOp: Sendable { case abs, neg, ceil, floor, trunc, nearest, sqrt }

/// The memory access of a load or store: width, and sign extension for narrow integer loads.
public enum LoadKind: Sendable {
    case i32, i64, f32, f64
    case i32From8S, i32From8U, i32From16S, i32From16U
    case i64From8S, i64From8U, i64From16S, i64From16U, i64From32S, i64From32U
}
public enum StoreKind: Sendable { case i32, i64, f32, f64, i8, i16, i32From64 }

/// Numeric conversions between value types.
public enum ConversionOp: Sendable {
    case i32WrapI64, i64ExtendI32S, i64ExtendI32U
    case i32Extend8S, i32Extend16S, i64Extend8S, i64Extend16S, i64Extend32S
    case f32DemoteF64, f64PromoteF32
    case i32ReinterpretF32, i64ReinterpretF64, f32ReinterpretI32, f64ReinterpretI64
    /// Integer → float: (source is 64-bit, signed)
    case convert(to: FloatSize, from: IntSize, signed: Bool)
    /// Float → integer, trapping (`sat == false`) or saturating.
    case truncate(to: IntSize, from: FloatSize, signed: Bool, saturating: Bool)
}

/// A right-hand operand: a register or an immediate that fits the instruction.
public enum Operand: Sendable {
    case reg(Reg)
    case imm(Int64)
}

/// The small machine interface the arch-neutral code generator is written against (Winch's split).
/// One implementation per architecture sits on top of that architecture's assembler.
///
/// Conventions every implementation follows (see docs/ARCHITECTURE.md, "Frame and calling convention"):
/// - a frame pointer register addresses locals and operand slots at fixed negative offsets; each slot is 16 bytes;
/// - parameters/results live in the caller's argument area at `fp + 16 + 16 * (M - 1 - i)`, `M = max(params, results)`;
/// - a single non-v128 result is returned in the first integer/float return register;
/// - i32 values in general-purpose registers always have their upper 32 bits zero;
/// - scratch registers are never handed out by `allocatable*`.
public protocol MacroAssembler: VectorMacroAssembler, ~Copyable {
    /// Registers the code generator may allocate (the lowest-numbered free one is taken first).
    static var allocatableGPRs: [Reg] { get }
    static var allocatableFPRs: [Reg] { get }
    /// The registers that may be register homes of locals (in preference order): a subset of the allocatable
    /// ones, excluding return, division and shift-count registers; the rest stay for operand values.
    static var homeGPRs: [Reg] { get }
    static var homeFPRs: [Reg] { get }
    /// Integer and float return registers for single-value results.
    static var intReturnRegister: Reg { get }
    static var floatReturnRegister: Reg { get }
    /// Registers a division clobbers (they must hold no live value other than the operands).
    static var divisionClobbers: [Reg] { get }
    /// The register a variable shift count must be in, if the ISA requires one.
    static var shiftCountRegister: Reg? { get }
    /// Integer argument registers of runtime helpers (after the VM context, which the call passes itself).
    static var helperArgumentRegisters: [Reg] { get }

    var codeOffset: Int { get }
    /// Drop the code emitted after `offset` (peephole: only code no label or fixup refers to).
    mutating func truncate(to offset: Int)
    /// The bound position of `label`, if bound.
    func offset(of label: Label) -> Int?
    mutating func newLabel() -> Label
    mutating func bind(_ label: Label) throws(AssemblerError)
    mutating func jump(_ label: Label) throws(AssemblerError)

    // Frame
    /// Emits the prologue; the frame size is patched by `finishFrame`. Saves the VM context in the frame.
    mutating func prologue(stackOverflow: Label) throws(AssemblerError)
    /// Patch every frame-size site with `frameSize` (bytes below fp, 16-byte aligned).
    mutating func finishFrame(frameSize: Int) throws(AssemblerError)
    /// Zero `count` 16-byte slots starting at `fp + offset` (growing upward).
    mutating func zeroSlots(fpOffset: Int, count: Int) throws(AssemblerError)
    mutating func epilogue() throws(AssemblerError)
    mutating func loadSlot(_ type: ValueType, _ dst: Reg, fpOffset: Int) throws(AssemblerError)
    mutating func storeSlot(_ type: ValueType, fpOffset: Int, _ src: Reg) throws(AssemblerError)
    mutating func storeSlotImmediate(_ type: ValueType, fpOffset: Int, bits: UInt64) throws(AssemblerError)
    mutating func copySlot(_ type: ValueType, from: Int, to: Int) throws(AssemblerError)
    /// A register-to-register move; nothing when `dst == src`. Cannot fail (no encoding error is possible), so the
    /// code generator calls it directly: its most common instruction, without a closure or an error path.
    mutating func move(_ type: ValueType, _ dst: Reg, _ src: Reg)
    mutating func loadConstant(_ type: ValueType, _ dst: Reg, bits: UInt64) throws(AssemblerError)
    /// Largest immediate magnitude an integer ALU instruction takes (as a sign-extended value).
    func fitsImmediate(_ value: Int64, _ size: IntSize) -> Bool

    // Integer
    mutating func intBinary(_ op: IntBinaryOp, _ size: IntSize, _ dst: Reg, _ rhs: Operand) throws(AssemblerError)
    mutating func intUnary(_ op: IntUnaryOp, _ size: IntSize, _ dst: Reg, _ src: Reg) throws(AssemblerError)
    /// `dst = lhs op rhs`; returns the register holding the result. Traps branch to the given labels.
    mutating func divRem(
        _ op: DivOp, _ size: IntSize, lhs: Reg, rhs: Reg, divideByZero: Label,
        overflow: Label
    ) throws(AssemblerError) -> Reg
    mutating func compareInt(_ size: IntSize, _ lhs: Reg, _ rhs: Operand) throws(AssemblerError)
    mutating func testZero(_ size: IntSize, _ reg: Reg) throws(AssemblerError)
    mutating func setIntCond(_ cond: IntCond, _ dst: Reg) throws(AssemblerError)
    mutating func branchIntCond(_ cond: IntCond, _ target: Label) throws(AssemblerError)
    /// dst = cond ? dst : src (after a compare). For float types the implementation may branch.
    mutating func selectIntCond(_ cond: IntCond, _ type: ValueType, _ dst: Reg, _ src: Reg) throws(AssemblerError)

    // Float
    mutating func floatBinary(_ op: FloatBinaryOp, _ size: FloatSize, _ dst: Reg, _ rhs: Reg) throws(AssemblerError)
    mutating func floatUnary(_ op: FloatUnaryOp, _ size: FloatSize, _ dst: Reg, _ src: Reg) throws(AssemblerError)
    mutating func compareFloat(_ cond: FloatCond, _ size: FloatSize, _ lhs: Reg, _ rhs: Reg, _ dst: Reg)
        throws(AssemblerError)

    // Conversions: `dst` is of the result class; traps branch to the labels.
    mutating func convert(_ op: ConversionOp, _ dst: Reg, _ src: Reg, invalid: Label, overflow: Label)
        throws(AssemblerError)

    // Linear memory (memory 0). `index` holds a zero-extended i32 address, or nil with the address in `offset`.
    /// Returns the code offset of the instruction that may fault.
    mutating func load(_ kind: LoadKind, _ dst: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int
    mutating func store(_ kind: StoreKind, _ src: Operand, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int

    /// Explicit bounds check: branch to `outOfBounds` unless `index + offset + size <= memoryByteCount`.
    mutating func boundsCheck(index: Reg?, offset: UInt64, size: Int, outOfBounds: Label) throws(AssemblerError)

    // VM context
    /// dst = [[vmctx + tableOffset] + index * 8]
    mutating func loadIndirect(_ dst: Reg, vmctxField: Int, index: Int) throws(AssemblerError)
    /// Load/store a value through a pointer register (global cells).
    mutating func loadFrom(_ type: ValueType, _ dst: Reg, pointer: Reg, offset: Int) throws(AssemblerError)
    mutating func storeTo(_ type: ValueType, pointer: Reg, offset: Int, _ src: Reg) throws(AssemblerError)

    // Calls
    /// Point the stack pointer at `fp + fpOffset` (the argument area of a call).
    mutating func setStackPointer(fpOffset: Int) throws(AssemblerError)
    /// Restore the stack pointer to the frame's bottom (patched with the frame size).
    mutating func restoreStackPointer() throws(AssemblerError)
    /// Code offset just after the last call instruction emitted (the return address backtraces see).
    var lastCallReturnOffset: Int { get }
    /// A direct call to a function of this module; returns the offset of the call's rel32 to patch.
    mutating func callDirect() throws(AssemblerError) -> Int
    /// Patch a direct call emitted at `site` to reach `target` (both code offsets).
    mutating func patchCall(at site: Int, target: Int) throws(AssemblerError)
    /// Call through the function table entry `{code, vmctx}` at [functionsBase + 16*index], switching VM context.
    mutating func callImport(index: Int) throws(AssemblerError)
    /// Call a function reference `{code, vmctx, typeID}` pointer in `ref` after checks done by the caller.
    mutating func callRef(_ ref: Reg) throws(AssemblerError)
    /// call_indirect: bounds, null and signature checks against table `table`, then the call.
    mutating func callIndirect(
        table: Int, typeIndex: Int, index: Reg, undefinedElement: Label,
        uninitializedElement: Label, signatureMismatch: Label) throws(AssemblerError)
    /// Call runtime helper number `helper` with integer arguments (vmctx is passed first automatically).
    /// Returns the integer result in `intReturnRegister`.
    mutating func callHelper(_ helper: Int, arguments: [Operand]) throws(AssemblerError)
    /// Branch to `target` if the VM context's trap code is non-zero (after a helper call that may trap).
    mutating func branchIfTrapped(_ target: Label) throws(AssemblerError)

    // Metering (gas counter in a pinned register)
    /// `gas -= cost` with a placeholder cost, branching to `outOfGas` when the gas cannot pay. Returns the
    /// patch site for `patchGasCharge`. At most two instructions on the hot path.
    mutating func gasCharge(outOfGas: Label) throws(AssemblerError) -> Int
    mutating func patchGasCharge(at site: Int, cost: UInt32) throws(AssemblerError)
    /// Out-of-line: give back `cost` (the block was not paid for) and trap with `out of gas`.
    mutating func emitOutOfGasStub(cost: UInt32, trapExit: Label) throws(AssemblerError)

    // Interruption
    /// Branch to `interrupted` if the VM context's interrupt flag is set (loop headers and function entries of
    /// interruptible code): `cmp byte [vmctx+36], 0; jne` / `ldrb w16, [x28, #36]; cbnz w16`. Clobbers the
    /// flags (x86-64) or the scratch register (AArch64) only.
    mutating func interruptCheck(interrupted: Label) throws(AssemblerError)

    // Traps
    /// An out-of-line stub: records `code` and `wasmOffset` in the VM context and leaves through the trap exit.
    /// `detail`: a register whose value the stub records as the trap's detail (e.g. the element index).
    mutating func emitTrapStub(code: UInt32, detail: Reg?, trapExit: Label) throws(AssemblerError)
    mutating func trap(_ label: Label) throws(AssemblerError)

    // Jump tables
    /// Jump to `targets[index]` or `defaultTarget` if index >= targets.count. Clobbers `index`.
    mutating func jumpTable(index: Reg, targets: [Label], defaultTarget: Label) throws(AssemblerError)

    // Stubs shared by a module
    mutating func emitEntryTrampoline(trapExit: Label) throws(AssemblerError)
    mutating func emitHostCallStub(trapExit: Label) throws(AssemblerError)
    /// The stub every runtime-helper call goes through: it preserves the home registers the native ABI does
    /// not (see `callHelper`). Emitted once per module before the first function.
    mutating func emitHelperCallStub() throws(AssemblerError)
    /// Pad before a function's first instruction so that its code's alignment (and so its loops' alignment)
    /// does not depend on the size of what precedes it (the stubs, earlier functions).
    mutating func alignFunctionStart()

    var bytes: [UInt8] { get }
    /// CPU features the code emitted needs beyond the architecture's baseline (recorded in artifacts).
    var cpuFeatures: ArtifactFlags { get }
    /// Whether the code left the caller-provided memory it was being emitted into.
    var leftExternalMemory: Bool { get }

    // Code compiled apart and joined (parallel compilation, `ChunkJoin.swift`)
    /// An assembler emitting into an owned, growable buffer.
    init()
    /// The label of the module's helper-call stub, once a helper call or the stub asked for it.
    var helperCallStub: Label? { get set }
    /// Byte ranges of inline data in the code (AArch64 literal pools and jump tables; empty on x86-64).
    var dataRanges: [Range<Int>] { get set }
    /// Remove and return the pending uses of `label` (it stays unbound).
    mutating func takeFixups(of label: Label) -> [Fixup]
    /// Resolve a use taken from another buffer whose code was appended `shift` bytes into this one.
    mutating func resolveMovedUse(_ use: Fixup, shift: Int, target: Int) throws(AssemblerError)
    /// Append machine code compiled in another buffer.
    mutating func append(code: UnsafeRawBufferPointer)
    /// The code emitted so far.
    func withCode<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R
    /// Hand the code over without a copy when the buffer owns its storage (`CodeBuffer.releaseStorage`); the
    /// assembler is left empty.
    mutating func releaseCodeStorage() -> CodeBuffer.Storage?
    /// Room for `bytes` of code in all, so the buffer does not grow while they are emitted.
    mutating func reserveCapacity(_ bytes: Int)
    /// Room for `labels` labels in all (`LabelTable.reserveCapacity(labels:)`).
    mutating func reserveLabels(_ labels: Int)
}

import AssemblerCore
import SwasmABI
import WasmDecoder

/// The lane interpretation of a v128 for splats and lane accesses.
public enum V128Shape: Sendable, CaseIterable {
    case i8x16, i16x8, i32x4, i64x2, f32x4, f64x2
    /// Bytes per lane.
    public var laneBytes: Int {
        switch self {
        case .i8x16: 1
        case .i16x8: 2
        case .i32x4, .f32x4: 4
        case .i64x2, .f64x2: 8
        }
    }
    /// The scalar type of one lane.
    public var laneType: ValueType {
        switch self {
        case .i8x16, .i16x8, .i32x4: .i32
        case .i64x2: .i64
        case .f32x4: .f32
        case .f64x2: .f64
        }
    }
}

/// Every SIMD operation the vector MacroAssembler implements, for asking how many temporaries one needs.
public enum VectorOperation: Sendable {
    case binary(V128BinaryOp)
    case unary(V128UnaryOp)
    case shift(V128ShiftOp)
    case test(V128TestOp)
    case bitselect
    case shuffle
    case splat(V128Shape)
    case replaceLane(V128Shape)
    /// `canonicalizeNaNs` for a float shape (scalar f32/f64 use `.f32x4`/`.f64x2`).
    case canonicalizeNaNs(V128Shape)
}

/// The vector register the code generator allocated for one operation (beyond its operands) when
/// `temporaries(for:)` asked for one. It holds nothing live and may be clobbered.
public struct VectorTemps: Sendable {
    public var first: Reg?
    public init(_ first: Reg? = nil) { self.first = first }
    public static let none = VectorTemps()
}

/// The vector refinement of `MacroAssembler` (Winch's `V128*Kind` split): one method per operator family, each
/// taking the family's kind enum (generated from Scripts/opcodes.txt, `Generated/VectorOperators.swift`).
///
/// Register contract, for every method (the code generator guarantees it):
/// - a register named `dst` is owned by the operation: it holds the first operand on entry where the operator
///   has one ("in place": `dst = dst op rhs`, `dst = op(dst)`), and the result on return;
/// - every other operand register is read-only and distinct from `dst` and from the temporaries (it may be a
///   register home or a cached local: never write it);
/// - `temps` has exactly `temporaries(for:)` vector registers; the arch scratch registers (x86-64: `r11`,
///   `xmm15`; AArch64: `x16`, `x17`, `v31`) are free to use inside one method as usual;
/// - integer results in general-purpose registers are zero-extended i32 (upper 32 bits zero) or i64.
public protocol VectorMacroAssembler: ~Copyable {
    /// Use the optional CPU features in `features` (e.g. `.x86AVX`); recorded by `cpuFeatures` when used.
    mutating func enableFeatures(_ features: ArtifactFlags)

    /// Vector temporaries (0 or 1) `operation` needs besides its operands (the arch scratch register is a second).
    static func temporaries(for operation: VectorOperation) -> Int

    /// `dst = value`.
    mutating func loadV128Constant(_ dst: Reg, _ value: V128) throws(AssemblerError)
    /// Store a v128 constant into a 16-byte frame slot.
    mutating func storeSlotV128Constant(fpOffset: Int, _ value: V128) throws(AssemblerError)
    /// Emit the function's pending vector constants (called once at the end of every function, after its trap
    /// stubs), if the implementation keeps a literal pool.
    mutating func flushVectorConstants() throws(AssemblerError)

    mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ rhs: Reg, temps: VectorTemps) throws(AssemblerError)
    /// `dst = lhs op rhs` with `lhs` read-only and distinct from `dst` (a home or a cached local): three-operand
    /// encodings (AVX, NEON) need no copy. The default copies `lhs` into `dst` and uses the in-place form.
    mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ lhs: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    mutating func v128Unary(_ op: V128UnaryOp, _ dst: Reg, temps: VectorTemps) throws(AssemblerError)
    /// `amount`: the raw i32 count (a read-only GPR or an immediate); the lane width's modulus is applied here.
    mutating func v128Shift(_ op: V128ShiftOp, _ dst: Reg, amount: Operand, temps: VectorTemps)
        throws(AssemblerError)
    /// `dst` is a GPR (i32 result); `src` a read-only vector register.
    mutating func v128Test(_ op: V128TestOp, _ dst: Reg, _ src: Reg, temps: VectorTemps) throws(AssemblerError)
    /// `dst = (dst & mask) | (other & ~mask)`.
    mutating func v128Bitselect(_ dst: Reg, _ other: Reg, mask: Reg, temps: VectorTemps) throws(AssemblerError)
    /// `dst = shuffle(dst, rhs)` by the 16 lane indices of `lanes` (each < 32; byte `i` of `lanes.low/high`).
    mutating func v128Shuffle(_ dst: Reg, _ rhs: Reg, lanes: V128, temps: VectorTemps) throws(AssemblerError)
    /// `dst` (vector) = every lane `src` (a GPR for integer shapes, a float register for float shapes).
    mutating func v128Splat(_ shape: V128Shape, _ dst: Reg, _ src: Reg, temps: VectorTemps) throws(AssemblerError)
    /// `dst` (GPR or float register, by `shape.laneType`) = lane `lane` of `src`, sign- or zero-extended for
    /// i8x16/i16x8.
    mutating func v128ExtractLane(_ shape: V128Shape, signed: Bool, _ dst: Reg, _ src: Reg, lane: UInt8)
        throws(AssemblerError)
    /// Lane `lane` of `dst` = `value` (GPR or float register, by `shape.laneType`).
    mutating func v128ReplaceLane(_ shape: V128Shape, _ dst: Reg, _ value: Reg, lane: UInt8, temps: VectorTemps)
        throws(AssemblerError)

    // Linear memory, addressed as the scalar `load`/`store` are. Each returns the code offset of the instruction
    // that may fault.
    mutating func v128Load(_ kind: V128LoadKind, _ dst: Reg, index: Reg?, offset: UInt64) throws(AssemblerError)
        -> Int
    mutating func v128Store(_ src: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int
    /// Load `laneBytes` bytes into lane `lane` of `dst` (the other lanes are kept).
    mutating func v128LoadLane(laneBytes: Int, _ dst: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    /// Store lane `lane` (of `laneBytes` bytes) of `src`.
    mutating func v128StoreLane(laneBytes: Int, _ src: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int

    /// Deterministic-NaN mode: replace every NaN lane of `dst` (shape `.f32x4`/`.f64x2`) with the canonical NaN of
    /// its width (sign 0, quiet bit only). `scalar`: `dst` holds an f32/f64 (only the low lane is the value, the
    /// others are garbage and may be clobbered).
    mutating func canonicalizeNaNs(_ shape: V128Shape, _ dst: Reg, scalar: Bool, temps: VectorTemps)
        throws(AssemblerError)
}

extension VectorMacroAssembler where Self: MacroAssembler & ~Copyable {
    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ lhs: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        move(.v128, dst, lhs)
        try v128Binary(op, dst, rhs, temps: temps)
    }

    public mutating func enableFeatures(_ features: ArtifactFlags) {}
}

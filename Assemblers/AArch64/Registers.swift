// Register operand types.
//
// Register number 31 means the stack pointer in some operand positions and the zero register in others.
// Encoding one when the other was meant is a silent miscompile (`sub sp, sp, x17` vs `neg xzr, x17`), so
// the *role* of register 31 is part of the operand's type:
//
// - `X` / `W`     : x0–x30 / w0–w30 or the zero register (`.xzr` / `.wzr`). Protocol `ZRRegister`.
// - `XSP` / `WSP` : x0–x30 / w0–w30 or the stack pointer (`.sp` / `.wsp`). Protocol `SPRegister`.
//
// Every encoder parameter is typed with the role the instruction gives register 31 in that field, so passing
// `.xzr` where the field means SP (or `.sp` where it means ZR) does not compile. Converting between roles is
// explicit and failable (`XSP(x)` is nil for `x == .xzr`); converting between widths keeps the role.
//
// Invariant: `encoding` is always in 0...31; 31 denotes the type's role register.

/// A general-purpose register operand of fixed width and fixed register-31 role.
public protocol GeneralRegister: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The 5-bit register field (0...31). 31 is the type's role register (ZR or SP).
    var encoding: UInt32 { get }
    /// Creates the operand with raw field value `encoding` (0...31; 31 is the type's role register).
    init(encoding: UInt32)
    /// The `sf` bit: 1 for 64-bit (X) operands, 0 for 32-bit (W) operands.
    static var sf: UInt32 { get }
}

extension GeneralRegister {
    /// Operand width in bits (32 or 64).
    @inlinable public static var bits: Int { sf == 1 ? 64 : 32 }
    /// The register number (0...31).
    @inlinable public var number: Int { Int(encoding) }
}

/// A general-purpose register operand in a field where register 31 is the zero register (XZR/WZR).
public protocol ZRRegister: GeneralRegister {
    /// The same-width type whose register 31 is the stack pointer.
    associatedtype SPRole: SPRegister where SPRole.ZRRole == Self
}

/// A general-purpose register operand in a field where register 31 is the stack pointer (SP/WSP).
public protocol SPRegister: GeneralRegister {
    /// The same-width type whose register 31 is the zero register.
    associatedtype ZRRole: ZRRegister where ZRRole.SPRole == Self
}

/// A 64-bit general register x0–x30 or XZR.
public struct X: ZRRegister {
    public typealias SPRole = XSP
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    /// x`n` for n in 0...30 (register 31 is spelled `.xzr`).
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 31, "x0...x30; use .xzr")
        encoding = UInt32(n)
    }
    /// The same register, nil for `xsp == .sp` (SP is not a ZR-role register).
    @inlinable public init?(_ r: XSP) {
        if r.encoding == 31 { return nil }
        encoding = r.encoding
    }
    @inlinable public static var sf: UInt32 { 1 }
    /// The 32-bit view (xzr → wzr).
    @inlinable public var w: W { W(encoding: encoding) }
    @inlinable public var isZero: Bool { encoding == 31 }
    public var description: String { encoding == 31 ? "xzr" : "x\(encoding)" }
}

/// A 32-bit general register w0–w30 or WZR.
public struct W: ZRRegister {
    public typealias SPRole = WSP
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    /// w`n` for n in 0...30 (register 31 is spelled `.wzr`).
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 31, "w0...w30; use .wzr")
        encoding = UInt32(n)
    }
    /// The same register, nil for `.wsp`.
    @inlinable public init?(_ r: WSP) {
        if r.encoding == 31 { return nil }
        encoding = r.encoding
    }
    @inlinable public static var sf: UInt32 { 0 }
    /// The 64-bit view (wzr → xzr).
    @inlinable public var x: X { X(encoding: encoding) }
    @inlinable public var isZero: Bool { encoding == 31 }
    public var description: String { encoding == 31 ? "wzr" : "w\(encoding)" }
}

/// A 64-bit general register x0–x30 or SP.
public struct XSP: SPRegister {
    public typealias ZRRole = X
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    /// x`n` for n in 0...30 (register 31 is spelled `.sp`).
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 31, "x0...x30; use .sp")
        encoding = UInt32(n)
    }
    /// The same register, nil for `.xzr` (ZR is not an SP-role register).
    @inlinable public init?(_ r: X) {
        if r.encoding == 31 { return nil }
        encoding = r.encoding
    }
    @inlinable public static var sf: UInt32 { 1 }
    /// The 32-bit view (sp → wsp).
    @inlinable public var w: WSP { WSP(encoding: encoding) }
    @inlinable public var isSP: Bool { encoding == 31 }
    public var description: String { encoding == 31 ? "sp" : "x\(encoding)" }
}

/// A 32-bit general register w0–w30 or WSP.
public struct WSP: SPRegister {
    public typealias ZRRole = W
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 31, "w0...w30; use .wsp")
        encoding = UInt32(n)
    }
    /// The same register, nil for `.wzr`.
    @inlinable public init?(_ r: W) {
        if r.encoding == 31 { return nil }
        encoding = r.encoding
    }
    @inlinable public static var sf: UInt32 { 0 }
    @inlinable public var x: XSP { XSP(encoding: encoding) }
    @inlinable public var isSP: Bool { encoding == 31 }
    public var description: String { encoding == 31 ? "wsp" : "w\(encoding)" }
}

// MARK: - SIMD & FP registers

/// A SIMD&FP register v0–v31 used as a vector (the arrangement is passed separately) or as a lane source.
public struct V: Hashable, Sendable, CustomStringConvertible {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 32)
        encoding = UInt32(n)
    }
    @inlinable public var b: B { B(encoding: encoding) }
    @inlinable public var h: H { H(encoding: encoding) }
    @inlinable public var s: S { S(encoding: encoding) }
    @inlinable public var d: D { D(encoding: encoding) }
    @inlinable public var q: Q { Q(encoding: encoding) }
    public var description: String { "v\(encoding)" }
}

/// A SIMD&FP register viewed as a scalar of a fixed size (B, H, S, D or Q).
public protocol FPRegister: Hashable, Sendable, CustomStringConvertible {
    var encoding: UInt32 { get }
    init(encoding: UInt32)
    /// log2 of the size in bytes (B=0, H=1, S=2, D=3, Q=4).
    static var sizeLog2: UInt32 { get }
}

extension FPRegister {
    /// The whole vector register.
    @inlinable public var v: V { V(encoding: encoding) }
    @inlinable public var number: Int { Int(encoding) }
}

/// A scalar floating-point register usable in FP arithmetic (S = single, D = double).
public protocol FPScalar: FPRegister {
    /// The FP `type`/`ftype` field (S=0b00, D=0b01).
    static var ftype: UInt32 { get }
}

/// 8-bit scalar view b0–b31.
public struct B: FPRegister {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public static var sizeLog2: UInt32 { 0 }
    public var description: String { "b\(encoding)" }
}
/// 16-bit scalar view h0–h31.
public struct H: FPRegister {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public static var sizeLog2: UInt32 { 1 }
    public var description: String { "h\(encoding)" }
}
/// Single-precision scalar s0–s31.
public struct S: FPScalar {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 32)
        encoding = UInt32(n)
    }
    @inlinable public static var sizeLog2: UInt32 { 2 }
    @inlinable public static var ftype: UInt32 { 0 }
    public var description: String { "s\(encoding)" }
}
/// Double-precision scalar d0–d31.
public struct D: FPScalar {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public init(_ n: Int) {
        precondition(n >= 0 && n < 32)
        encoding = UInt32(n)
    }
    @inlinable public static var sizeLog2: UInt32 { 3 }
    @inlinable public static var ftype: UInt32 { 1 }
    public var description: String { "d\(encoding)" }
}
/// 128-bit scalar view q0–q31.
public struct Q: FPRegister {
    public let encoding: UInt32
    @inlinable public init(encoding: UInt32) {
        precondition(encoding < 32)
        self.encoding = encoding
    }
    @inlinable public static var sizeLog2: UInt32 { 4 }
    public var description: String { "q\(encoding)" }
}

/// A vector arrangement. Names are element type then count: `.b16` is `16B`, `.s4` is `4S`, `.d1` is `1D`.
///
/// Invariant: `rawValue == size << 1 | Q` (size = log2 element bytes, Q = 128-bit), so encoders read fields
/// directly from the raw value.
public enum Arrangement: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case b8 = 0
    case b16 = 1
    case h4 = 2
    case h8 = 3
    case s2 = 4
    case s4 = 5
    case d1 = 6
    case d2 = 7
    /// The Q bit (1 for 128-bit arrangements).
    @inlinable public var q: UInt32 { UInt32(rawValue & 1) }
    /// log2 of the element size in bytes.
    @inlinable public var size: UInt32 { UInt32(rawValue >> 1) }
    /// Lanes in the arrangement.
    @inlinable public var lanes: Int { (8 << Int(q)) >> Int(size) }
    @inlinable public var element: ElementSize { ElementSize(rawValue: rawValue >> 1)! }
    /// Bit for the arrangement masks used by encoders.
    @inlinable var bit: UInt8 { 1 << rawValue }
    public var description: String { "\(lanes)\(["b", "h", "s", "d"][Int(size)])" }
}

/// The element size of a lane (B, H, S, D).
public enum ElementSize: UInt8, Sendable, CaseIterable {
    case b = 0
    case h = 1
    case s = 2
    case d = 3
    /// log2 of the element size in bytes.
    @inlinable public var size: UInt32 { UInt32(rawValue) }
    /// Lanes in a 128-bit register.
    @inlinable public var lanes: Int { 16 >> Int(rawValue) }
}

// MARK: - Other operand kinds

/// Condition codes (the 4-bit `cond` field).
public enum Cond: UInt8, Sendable, CaseIterable {
    case eq = 0
    case ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
    /// Aliases.
    public static var cs: Cond { .hs }
    public static var cc: Cond { .lo }
    /// The opposite condition (flips bit 0). Not meaningful for `.al`/`.nv`.
    @inlinable public var inverted: Cond { Cond(rawValue: rawValue ^ 1)! }
    @inlinable var bits: UInt32 { UInt32(rawValue) }
}

/// Shift applied to the last register operand of shifted-register forms.
public enum Shift: UInt8, Sendable {
    case lsl = 0
    case lsr = 1
    case asr = 2
    case ror = 3
}

/// Extension applied to the last register operand of extended-register add/sub forms.
public enum Extend: UInt8, Sendable, CaseIterable {
    case uxtb = 0
    case uxth, uxtw, uxtx, sxtb, sxth, sxtw, sxtx
}

/// Barrier option for `dmb`/`dsb` (the CRm field).
public enum Barrier: UInt8, Sendable, CaseIterable {
    case oshld = 1
    case oshst = 2
    case osh = 3
    case nshld = 5
    case nshst = 6
    case nsh = 7
    case ishld = 9
    case ishst = 10
    case ish = 11
    case ld = 13
    case st = 14
    case sy = 15
}

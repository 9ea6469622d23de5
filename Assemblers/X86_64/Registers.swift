import AssemblerCore

/// Operand size of an integer instruction.
///
/// The same `GPR` value names the 8/16/32/64-bit view of a register (`rax` at `.byte` is `al`);
/// the width passed to an encoder decides which view is meant.
public enum Width: UInt8, Sendable, CaseIterable {
    /// 8 bits (`al`, `r8b`, ...). `spl`/`bpl`/`sil`/`dil` need a REX prefix; `ah`..`bh` forbid one.
    case byte = 0
    /// 16 bits (`ax`): encoded with the 0x66 operand-size prefix.
    case word = 1
    /// 32 bits (`eax`): the default operand size; writes zero the upper 32 bits.
    case dword = 2
    /// 64 bits (`rax`): REX.W.
    case qword = 3

    /// Size in bytes.
    @inlinable public var bytes: Int { 1 << Int(rawValue) }
}

/// A general-purpose register, `rax` ... `r15`, plus the legacy high-byte registers `ah`, `ch`, `dh`, `bh`.
///
/// Invariant: `raw & 0xF` is the hardware register number. Bit 4 (`0x10`) marks a high-byte register
/// (`ah` = 0x14 ... `bh` = 0x17); those are only valid at `.byte` width and only in instructions that need
/// no REX prefix. Encoders reject any other use with `.invalidOperand`.
public struct GPR: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt8
    @inlinable init(raw: UInt8) { self.raw = raw }

    /// The register with hardware number `number` (0...15).
    @inlinable public init(_ number: Int) {
        precondition(number >= 0 && number < 16, "GPR number out of range")
        raw = UInt8(number)
    }

    /// Hardware register number (0...15); for high-byte registers, 4...7.
    @inlinable public var number: UInt8 { raw & 0xF }
    /// True for `ah`, `ch`, `dh`, `bh`.
    @inlinable public var isHighByte: Bool { raw & 0x10 != 0 }

    // Computed and inlinable, not stored: a stored `static let` is a lazily initialized global that other modules
    // reach through an accessor (a call and a `swift_once` check per use), and its value is not a constant there.
    @inlinable @inline(__always) public static var rax: GPR { GPR(raw: 0) }
    @inlinable @inline(__always) public static var rcx: GPR { GPR(raw: 1) }
    @inlinable @inline(__always) public static var rdx: GPR { GPR(raw: 2) }
    @inlinable @inline(__always) public static var rbx: GPR { GPR(raw: 3) }
    @inlinable @inline(__always) public static var rsp: GPR { GPR(raw: 4) }
    @inlinable @inline(__always) public static var rbp: GPR { GPR(raw: 5) }
    @inlinable @inline(__always) public static var rsi: GPR { GPR(raw: 6) }
    @inlinable @inline(__always) public static var rdi: GPR { GPR(raw: 7) }
    @inlinable @inline(__always) public static var r8: GPR { GPR(raw: 8) }
    @inlinable @inline(__always) public static var r9: GPR { GPR(raw: 9) }
    @inlinable @inline(__always) public static var r10: GPR { GPR(raw: 10) }
    @inlinable @inline(__always) public static var r11: GPR { GPR(raw: 11) }
    @inlinable @inline(__always) public static var r12: GPR { GPR(raw: 12) }
    @inlinable @inline(__always) public static var r13: GPR { GPR(raw: 13) }
    @inlinable @inline(__always) public static var r14: GPR { GPR(raw: 14) }
    @inlinable @inline(__always) public static var r15: GPR { GPR(raw: 15) }
    /// Legacy high-byte registers (bits 8..15 of rax/rcx/rdx/rbx). Byte width only, never with REX.
    @inlinable @inline(__always) public static var ah: GPR { GPR(raw: 0x14) }
    @inlinable @inline(__always) public static var ch: GPR { GPR(raw: 0x15) }
    @inlinable @inline(__always) public static var dh: GPR { GPR(raw: 0x16) }
    @inlinable @inline(__always) public static var bh: GPR { GPR(raw: 0x17) }

    /// All sixteen 64-bit registers in hardware order.
    public static let all: [GPR] = (0..<16).map { GPR(raw: UInt8($0)) }

    /// AT&T name of this register at `width` (e.g. `%r8d`, `%sil`), without the `%`.
    public func name(_ width: Width) -> String {
        if isHighByte { return ["ah", "ch", "dh", "bh"][Int(number - 4)] }
        let n = Int(number)
        if n >= 8 { return "r\(n)" + ["b", "w", "d", ""][Int(width.rawValue)] }
        let base = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"][n]
        switch width {
        case .byte: return ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"][n]
        case .word: return base
        case .dword: return "e" + base
        case .qword: return "r" + base
        }
    }

    public var description: String { isHighByte ? name(.byte) : name(.qword) }
}

/// An SSE register `xmm0` ... `xmm15`. Invariant: `number < 16`.
public struct XMM: Hashable, Sendable, CustomStringConvertible {
    public let number: UInt8
    @inlinable init(raw: UInt8) { number = raw }
    /// The register `xmm<number>` (0...15).
    @inlinable public init(_ number: Int) {
        precondition(number >= 0 && number < 16, "XMM number out of range")
        self.number = UInt8(number)
    }
    // Computed and inlinable (see `GPR.rax`).
    @inlinable @inline(__always) public static var xmm0: XMM { XMM(raw: 0) }
    @inlinable @inline(__always) public static var xmm1: XMM { XMM(raw: 1) }
    @inlinable @inline(__always) public static var xmm2: XMM { XMM(raw: 2) }
    @inlinable @inline(__always) public static var xmm3: XMM { XMM(raw: 3) }
    @inlinable @inline(__always) public static var xmm4: XMM { XMM(raw: 4) }
    @inlinable @inline(__always) public static var xmm5: XMM { XMM(raw: 5) }
    @inlinable @inline(__always) public static var xmm6: XMM { XMM(raw: 6) }
    @inlinable @inline(__always) public static var xmm7: XMM { XMM(raw: 7) }
    @inlinable @inline(__always) public static var xmm8: XMM { XMM(raw: 8) }
    @inlinable @inline(__always) public static var xmm9: XMM { XMM(raw: 9) }
    @inlinable @inline(__always) public static var xmm10: XMM { XMM(raw: 10) }
    @inlinable @inline(__always) public static var xmm11: XMM { XMM(raw: 11) }
    @inlinable @inline(__always) public static var xmm12: XMM { XMM(raw: 12) }
    @inlinable @inline(__always) public static var xmm13: XMM { XMM(raw: 13) }
    @inlinable @inline(__always) public static var xmm14: XMM { XMM(raw: 14) }
    @inlinable @inline(__always) public static var xmm15: XMM { XMM(raw: 15) }
    public static let all: [XMM] = (0..<16).map { XMM(raw: UInt8($0)) }
    public var description: String { "xmm\(number)" }
}

/// The sixteen x86 condition codes; `rawValue` is the `cc` nibble of `Jcc`/`SETcc`/`CMOVcc`.
public enum Condition: UInt8, Sendable, CaseIterable {
    case o = 0
    case no = 1
    case b = 2
    case ae = 3
    case e = 4
    case ne = 5
    case be = 6
    case a = 7
    case s = 8
    case ns = 9
    case p = 10
    case np = 11
    case l = 12
    case ge = 13
    case le = 14
    case g = 15

    /// The opposite condition (flips the low bit of the encoding).
    @inlinable @inline(__always) public var inverted: Condition { Condition(rawValue: rawValue ^ 1)! }

    // Aliases.
    /// Carry (= `b`).
    public static var c: Condition { .b }
    /// No carry (= `ae`).
    public static var nc: Condition { .ae }
    /// Zero (= `e`).
    public static var z: Condition { .e }
    /// Not zero (= `ne`).
    public static var nz: Condition { .ne }
    /// Parity even (= `p`).
    public static var pe: Condition { .p }
    /// Parity odd (= `np`).
    public static var po: Condition { .np }

    /// AT&T suffix (`e`, `ne`, `l`, ...).
    public var name: String {
        ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"][Int(rawValue)]
    }
}

/// Predicate immediate of `cmpps`/`cmppd`/`cmpss`/`cmpsd` (SSE encodings 0...7).
public enum FloatCompare: UInt8, Sendable, CaseIterable {
    case eq = 0
    case lt = 1
    case le = 2
    case unord = 3
    case neq = 4
    case nlt = 5
    case nle = 6
    case ord = 7
}

/// Rounding-control immediate of `roundss/sd/ps/pd` (bits 0-1 mode, bit 2 use MXCSR, bit 3 suppress precision exception).
public struct RoundingMode: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Round to nearest even (Wasm `nearest`), inexact suppressed.
    @inlinable public static var nearest: RoundingMode { RoundingMode(rawValue: 0x8) }
    /// Round toward -inf (Wasm `floor`), inexact suppressed.
    @inlinable public static var down: RoundingMode { RoundingMode(rawValue: 0x9) }
    /// Round toward +inf (Wasm `ceil`), inexact suppressed.
    @inlinable public static var up: RoundingMode { RoundingMode(rawValue: 0xA) }
    /// Round toward zero (Wasm `trunc`), inexact suppressed.
    @inlinable public static var truncate: RoundingMode { RoundingMode(rawValue: 0xB) }
}

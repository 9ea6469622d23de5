import AssemblerCore

/// Index scale factor of a memory operand.
public enum Scale: UInt8, Sendable, CaseIterable {
    case x1 = 0
    case x2 = 1
    case x4 = 2
    case x8 = 3
    /// The factor (1, 2, 4, 8).
    @inlinable public var factor: Int { 1 &<< Int(rawValue) }
    /// The scale for factor 1, 2, 4 or 8; nil otherwise.
    @inlinable public init?(factor: Int) {
        switch factor {
        case 1: self = .x1
        case 2: self = .x2
        case 4: self = .x4
        case 8: self = .x8
        default: return nil
        }
    }
}

/// A memory operand: `[base + index*scale + disp]`, `[index*scale + disp32]`, `[disp32]`, or RIP-relative
/// (`[rip + disp32]`, optionally to a `Label`).
///
/// The ModRM `mod`/`rm` bits, SIB byte, displacement size and REX.X/B bits are computed once here, so an
/// encoder only ORs in the `reg` field. Encoding rules applied (documented invariants):
/// - `rsp`/`r12` as base always need a SIB byte (rm=100 means "SIB follows").
/// - `rbp`/`r13` as base with no displacement still need mod=01 and a zero disp8 (mod=00 rm=101 means RIP/disp32).
/// - Displacements in -128...127 use disp8 (mod=01), others disp32 (mod=10); disp 0 uses mod=00.
/// - No base: SIB with base=101 and mod=00, always disp32.
/// - `rsp` cannot be an index (index=100 means "no index"): such an operand is marked invalid and every encoder
///   that receives it throws `.invalidOperand`. High-byte registers are likewise invalid in addresses.
public struct Mem: Sendable {
    /// mod (bits 6-7) and rm (bits 0-2) of the ModRM byte; reg is ORed in by the encoder.
    @usableFromInline var modrm: UInt8
    @usableFromInline var sib: UInt8
    /// REX.X (bit 1) and REX.B (bit 0) contributed by index and base.
    @usableFromInline var rexXB: UInt8
    /// `Mem.flag*` bits.
    @usableFromInline var flags: UInt8
    /// 0, 1 or 4 bytes of displacement.
    @usableFromInline var dispLen: UInt8
    /// The displacement field as emitted (disp8 masked to 8 bits, 0 when there is none).
    @usableFromInline var dispBits: UInt32
    @usableFromInline var baseRaw: UInt8
    @usableFromInline var indexRaw: UInt8
    /// Displacement as written (for RIP-relative labels: added to the label's address).
    public let displacement: Int32
    /// For RIP-relative label operands, the label id; otherwise -1.
    @usableFromInline var labelID: Int32

    @usableFromInline static let flagInvalid: UInt8 = 1
    @usableFromInline static let flagSIB: UInt8 = 2
    @usableFromInline static let flagRIP: UInt8 = 4
    @usableFromInline static let noReg: UInt8 = 0xFF

    @inlinable @inline(__always)
    init(
        modrm: UInt8, sib: UInt8, rexXB: UInt8, flags: UInt8, dispLen: UInt8, base: UInt8, index: UInt8,
        disp: Int32, label: Int32
    ) {
        self.modrm = modrm
        self.sib = sib
        self.rexXB = rexXB
        self.flags = flags
        self.dispLen = dispLen
        self.baseRaw = base
        self.indexRaw = index
        self.displacement = disp
        self.labelID = label
        let all = UInt32(bitPattern: disp)
        dispBits = dispLen == 1 ? all & 0xFF : (dispLen == 0 ? 0 : all)
    }

    /// `mod` for a base register and displacement (see type invariants).
    @inlinable @inline(__always)
    static func modFor(base b: UInt8, disp: Int32) -> (mod: UInt8, len: UInt8) {
        if disp == 0 && b & 7 != 5 { return (0, 0) }
        if disp >= -128 && disp <= 127 { return (1, 1) }
        return (2, 4)
    }

    /// `[base + disp]`.
    @inlinable @inline(__always)
    public init(_ base: GPR, _ disp: Int32 = 0) {
        let b = base.raw & 0xF
        let (mod, len) = Mem.modFor(base: b, disp: disp)
        let needSIB = b & 7 == 4
        self.init(
            modrm: mod &<< 6 | (needSIB ? 4 : b & 7), sib: 0x24, rexXB: b &>> 3,
            flags: (needSIB ? Mem.flagSIB : 0) | (base.isHighByte ? Mem.flagInvalid : 0),
            dispLen: len, base: base.raw, index: Mem.noReg, disp: disp, label: -1)
    }

    /// `[base + index * scale + disp]`. `index` must not be `rsp`.
    @inlinable @inline(__always)
    public init(_ base: GPR, _ index: GPR, _ scale: Scale = .x1, _ disp: Int32 = 0) {
        let b = base.raw & 0xF
        let i = index.raw & 0xF
        let (mod, len) = Mem.modFor(base: b, disp: disp)
        let bad = base.isHighByte || index.isHighByte || index.raw == 4
        self.init(
            modrm: mod &<< 6 | 4, sib: scale.rawValue &<< 6 | (i & 7) &<< 3 | b & 7,
            rexXB: (i &>> 3) &<< 1 | b &>> 3, flags: Mem.flagSIB | (bad ? Mem.flagInvalid : 0),
            dispLen: len, base: base.raw, index: index.raw, disp: disp, label: -1)
    }

    /// `[base + index * scale + disp]` with labelled arguments.
    @inlinable @inline(__always)
    public init(base: GPR, index: GPR, scale: Scale = .x1, disp: Int32 = 0) {
        self.init(base, index, scale, disp)
    }

    /// `[index * scale + disp32]` (no base register). `index` must not be `rsp`.
    @inlinable @inline(__always)
    public init(index: GPR, scale: Scale, disp: Int32 = 0) {
        let i = index.raw & 0xF
        let bad = index.isHighByte || index.raw == 4
        self.init(
            modrm: 0x04, sib: scale.rawValue &<< 6 | (i & 7) &<< 3 | 5, rexXB: (i &>> 3) &<< 1,
            flags: Mem.flagSIB | (bad ? Mem.flagInvalid : 0), dispLen: 4,
            base: Mem.noReg, index: index.raw, disp: disp, label: -1)
    }

    /// `[disp32]`: an absolute address (sign-extended 32-bit), encoded with a SIB byte (no base, no index).
    @inlinable @inline(__always)
    public static func absolute(_ disp: Int32) -> Mem {
        Mem(
            modrm: 0x04, sib: 0x25, rexXB: 0, flags: Mem.flagSIB, dispLen: 4,
            base: Mem.noReg, index: Mem.noReg, disp: disp, label: -1)
    }

    /// `[rip + disp32]`, where `disp` is relative to the end of the instruction.
    @inlinable @inline(__always)
    public static func rip(_ disp: Int32) -> Mem {
        Mem(
            modrm: 0x05, sib: 0, rexXB: 0, flags: Mem.flagRIP, dispLen: 4,
            base: Mem.noReg, index: Mem.noReg, disp: disp, label: -1)
    }

    /// `[rip + (label + disp)]`: the address of `label` plus `disp`, RIP-relative. Patched when the label is bound.
    @inlinable @inline(__always)
    public static func rip(_ label: Label, _ disp: Int32 = 0) -> Mem {
        Mem(
            modrm: 0x05, sib: 0, rexXB: 0, flags: Mem.flagRIP, dispLen: 4,
            base: Mem.noReg, index: Mem.noReg, disp: disp, label: label.id)
    }

    /// False if the operand cannot be encoded (`rsp` as index, high-byte register in the address).
    @inlinable public var isValid: Bool { flags & Mem.flagInvalid == 0 }
    /// True for RIP-relative operands.
    @inlinable public var isRIPRelative: Bool { flags & Mem.flagRIP != 0 }
    /// The base register, if any.
    public var base: GPR? { baseRaw == Mem.noReg ? nil : GPR(raw: baseRaw) }
    /// The index register, if any.
    public var index: GPR? { indexRaw == Mem.noReg ? nil : GPR(raw: indexRaw) }
    /// The index scale.
    public var scale: Scale { Scale(rawValue: sib &>> 6)! }
    /// The label of a RIP-relative label operand.
    public var label: Label? { labelID < 0 ? nil : Label(id: labelID) }
}

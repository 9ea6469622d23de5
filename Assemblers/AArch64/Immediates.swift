// Immediate encodings: logical (bitmask) immediates and 8-bit floating-point immediates.

/// Logical ("bitmask") immediates: `N:immr:imms`.
///
/// A value is encodable iff it is a replication, across the register width, of an element of e ∈ {2,4,8,16,32,64}
/// bits that is a rotated run of k ones, 1 ≤ k < e. There are exactly 5334 such 64-bit values and 1302 such
/// 32-bit values; 0 and all-ones are never encodable. The encoder chooses the smallest element size, which makes
/// the encoding canonical (one `N:immr:imms` per value, the one the decoder's `decode` maps back to the value).
public enum BitmaskImmediate {
    /// The 13-bit `N:immr:imms` field (N at bit 12, immr at bits 6–11, imms at bits 0–5) for `value` at
    /// `width` 32 or 64, or nil if not encodable. For width 32 the value must fit in 32 bits.
    @inlinable
    public static func encode(_ value: UInt64, width: Int) -> UInt32? {
        var v = value
        if width == 32 {
            guard v >> 32 == 0 else { return nil }
            v |= v << 32
        }
        if v == 0 || v == ~0 { return nil }
        // Smallest element size e whose replication reproduces v.
        var e: UInt64 = 64
        while e > 2 {
            let half = e >> 1
            let mask = (UInt64(1) << half) &- 1
            if (v & mask) != ((v >> half) & mask) { break }
            e = half
        }
        let emask: UInt64 = e == 64 ? ~0 : (UInt64(1) << e) &- 1
        let p = v & emask
        let k = UInt64(p.nonzeroBitCount)
        // p must be a (rotated) contiguous run of k ones within e bits.
        let start: UInt64
        if p & 1 == 0 {
            let tz = UInt64(p.trailingZeroBitCount)
            guard ((p >> tz) & ((p >> tz) &+ 1)) == 0 else { return nil } // ones contiguous from tz
            start = tz
        } else {
            let z = ~p & emask // zeros run must be contiguous
            let tz = UInt64(z.trailingZeroBitCount)
            guard ((z >> tz) & ((z >> tz) &+ 1)) == 0 else { return nil }
            start = (tz &+ (e - k)) & (e - 1) // ones begin right after the zeros
        }
        let immr = (e &- start) & (e &- 1)
        let imms = ((~(e &* 2 &- 1)) & 0x3F) | (k &- 1)
        let n: UInt64 = e == 64 ? 1 : 0
        return UInt32(n << 12 | immr << 6 | imms)
    }

    /// The value encoded by `N:immr:imms` at `width` (32 or 64), or nil if the field is reserved (the
    /// architecture's DecodeBitMasks for logical immediates). For width 32, N must be 0.
    public static func decode(n: Int, immr: Int, imms: Int, width: Int) -> UInt64? {
        let combined = (n << 6) | (~imms & 0x3F)
        guard combined != 0 else { return nil }
        var len = 6
        while combined & (1 << len) == 0 { len -= 1 }
        guard len >= 1 else { return nil }
        let e = 1 << len
        if width == 32 && n != 0 { return nil }
        let levels = e - 1
        let s = imms & levels
        let r = immr & levels
        if s == levels { return nil } // all-ones element is reserved
        let run: UInt64 = (UInt64(1) << (s + 1)) - 1
        let emask: UInt64 = e == 64 ? ~0 : (UInt64(1) << e) - 1
        let rotated = r == 0 ? run : ((run >> UInt64(r)) | (run << UInt64(e - r))) & emask
        var v: UInt64 = 0
        var i = 0
        while i < width {
            v |= rotated << UInt64(i)
            i += e
        }
        return width == 32 ? v & 0xFFFF_FFFF : v
    }
}

/// The 8-bit floating-point immediate of `fmov`: ±(16..31)/16 × 2^(−3...4).
public enum FPImmediate {
    /// `imm8` (`a:b:c:d:e:f:g:h`) for `value` if it is exactly representable, else nil.
    @inlinable
    public static func encode(_ value: Double) -> UInt32? {
        guard value.isFinite, value != 0 else { return nil }
        let bits = value.bitPattern
        let sign = UInt32(bits >> 63)
        let exp = Int((bits >> 52) & 0x7FF) - 1023
        let frac = bits & 0xF_FFFF_FFFF_FFFF
        guard frac & 0xFFFF_FFFF_FFFF == 0, exp >= -3, exp <= 4 else { return nil }
        // exponent field: NOT(b):b:b:c:d ... encoded as b:cd where exp = (b ? -3...0 : 1...4)
        let e3 = UInt32((exp + 3) & 7) ^ 4 // imm8<6:4> = NOT(b), c, d with b = (exp <= 0)
        return sign << 7 | e3 << 4 | UInt32(frac >> 48)
    }

    /// The value of `imm8`.
    public static func decode(_ imm8: UInt32) -> Double {
        let sign: Double = imm8 & 0x80 != 0 ? -1 : 1
        let e3 = Int((imm8 >> 4) & 7) ^ 4
        let exp = e3 - 3
        let mant = 1.0 + Double(imm8 & 0xF) / 16.0
        return sign * mant * Double(sign: .plus, exponent: exp, significand: 1.0)
    }
}

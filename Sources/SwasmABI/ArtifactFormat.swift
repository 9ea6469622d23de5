// Shared definitions of the ahead-of-time artifact format (docs/AOT-FORMAT.md, version 2): the writer lives in
// SwasmCompiler (`writeArtifact`), the loader here (`Artifact`), so the runtime can load code without the compiler.

/// A machine architecture an artifact's code is compiled for. Raw values are the header's `architecture` field.
public enum Architecture: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case x86_64 = 1
    case aarch64 = 2

    /// The architecture this process runs on.
    public static let host: Architecture = {
        #if arch(x86_64)
            return .x86_64
        #elseif arch(arm64)
            return .aarch64
        #else
            #error("swasm supports x86-64 and AArch64 hosts only")
        #endif
    }()

    /// Parses a command-line spelling: `x86_64`/`x86-64`/`amd64`, `aarch64`/`arm64`.
    public init?(name: String) {
        switch name.lowercased() {
        case "x86_64", "x86-64", "amd64", "x64": self = .x86_64
        case "aarch64", "arm64", "a64": self = .aarch64
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .x86_64: "x86_64"
        case .aarch64: "aarch64"
        }
    }
}

/// The header's `flags` field.
public struct ArtifactFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Bit 0: the code checks every memory access itself (may run with explicit-bounds memories).
    public static let explicitBoundsChecks = ArtifactFlags(rawValue: 1 << 0)
    /// Bit 1: the code is metered; a COSTMODEL section follows.
    public static let metered = ArtifactFlags(rawValue: 1 << 1)
    /// Bit 2: deterministic-NaN mode: every float operation that can make a NaN yields the canonical NaN.
    public static let canonicalNaNs = ArtifactFlags(rawValue: 1 << 2)
    /// Bit 3: interruptible code: it checks the VM context's interrupt flag at function entries and loop headers.
    public static let interruptible = ArtifactFlags(rawValue: 1 << 3)
    /// Bits 8–15: CPU features the code needs beyond the architecture's baseline (x86-64: SSE2). A loader refuses
    /// an artifact needing a feature its CPU lacks. x86-64 bit 8: SSE4.1 (rounding, lane inserts and extracts,
    /// widening moves, blends; every x86-64 artifact records it); bit 9: SSE4.2 (`pcmpgtq`); bit 10: AVX
    /// (VEX-encoded instructions); bit 11: POPCNT; bit 12: LZCNT (ABM); bit 13: BMI1 (`tzcnt`). Without the
    /// last three, `lzcnt`/`tzcnt` would silently execute as `bsr`/`bsf`: their absence must refuse the code.
    /// AArch64 needs nothing beyond ARMv8-A with Advanced SIMD (NEON).
    public static let x86SSE41 = ArtifactFlags(rawValue: 1 << 8)
    public static let x86SSE42 = ArtifactFlags(rawValue: 1 << 9)
    public static let x86AVX = ArtifactFlags(rawValue: 1 << 10)
    public static let x86POPCNT = ArtifactFlags(rawValue: 1 << 11)
    public static let x86LZCNT = ArtifactFlags(rawValue: 1 << 12)
    public static let x86BMI1 = ArtifactFlags(rawValue: 1 << 13)
    /// The CPU-feature bits.
    public static let cpuFeatures: ArtifactFlags = [
        .x86SSE41, .x86SSE42, .x86AVX, .x86POPCNT, .x86LZCNT, .x86BMI1
    ]
    /// Every bit this version understands.
    public static let known: ArtifactFlags = [
        .explicitBoundsChecks, .metered, .canonicalNaNs, .interruptible, .cpuFeatures
    ]

    /// The feature bits' names, for error messages.
    public var featureNames: [String] {
        var n: [String] = []
        if contains(.x86SSE41) { n.append("SSE4.1") }
        if contains(.x86SSE42) { n.append("SSE4.2") }
        if contains(.x86AVX) { n.append("AVX") }
        if contains(.x86POPCNT) { n.append("POPCNT") }
        if contains(.x86LZCNT) { n.append("LZCNT") }
        if contains(.x86BMI1) { n.append("BMI1") }
        return n
    }
}

/// Section ids, in the order sections must appear.
public enum ArtifactSectionID: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case code = 1
    case types = 2
    case imports = 3
    case functions = 4
    case tables = 5
    case memories = 6
    case globals = 7
    case exports = 8
    case start = 9
    case elements = 10
    case data = 11
    case trapSites = 12
    case costModel = 13
    case names = 14
    case callSites = 15

    public var description: String {
        switch self {
        case .code: "CODE"
        case .types: "TYPES"
        case .imports: "IMPORTS"
        case .functions: "FUNCTIONS"
        case .tables: "TABLES"
        case .memories: "MEMORIES"
        case .globals: "GLOBALS"
        case .exports: "EXPORTS"
        case .start: "START"
        case .elements: "ELEMENTS"
        case .data: "DATA"
        case .trapSites: "TRAPSITES"
        case .costModel: "COSTMODEL"
        case .names: "NAMES"
        case .callSites: "CALLSITES"
        }
    }
}

/// Constants and helpers of the container format.
public enum ArtifactFormat {
    /// `"SWASMAOT"`.
    public static let magic: [UInt8] = Array("SWASMAOT".utf8)
    /// 2: the checksum is `checksum64` (was FNV-1a 64, byte by byte, in version 1).
    public static let version: UInt32 = 2
    public static let headerSize = 32
    public static let sectionHeaderSize = 16
    /// Header offsets.
    public static let versionOffset = 8
    public static let architectureOffset = 12
    public static let flagsOffset = 16
    public static let sectionCountOffset = 20
    public static let checksumOffset = 24

    /// Constant-expression kinds.
    public enum ConstKind: UInt8, Sendable {
        case i32 = 0
        case i64 = 1
        case f32 = 2
        case f64 = 3
        case v128 = 4
        case refNull = 5
        case refFunc = 6
        case globalGet = 7
    }

    /// Whether `bytes` start with the artifact magic (the CLI uses this to tell artifacts from wasm).
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        for i in 0..<8 where bytes[i] != magic[i] { return false }
        return true
    }

    public static let checksumK1: UInt64 = 0x9E37_79B1_85EB_CA87
    public static let checksumK2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    @inlinable @inline(__always)
    static func checksumRound(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        let x = acc ^ (word &* checksumK2)
        return ((x << 31) | (x >> 33)) &* checksumK1
    }

    /// The artifact checksum (docs/AOT-FORMAT.md; harness/swasm-harness.c has the same function): little-endian
    /// 64-bit words in four independent lanes (xor a multiplied word, rotate, multiply), 32 bytes per step; then
    /// the length, the lanes, the remaining words and the zero-padded tail are folded in, and the result
    /// avalanched. Several GB/s (FNV-1a, byte by byte, ran at ~0.5 GB/s); it detects corruption, not tampering.
    /// `seed` (0 for artifacts) is XORed into the lanes' and the length's start values, for keyed uses such as
    /// the module cache.
    /// One piece through `Checksum64` (no allocation: the trap handler verifies lazily mapped code with this).
    public static func checksum64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var sum = Checksum64(seed: seed)
        sum.update(bytes)
        return sum.finalize()
    }

    /// The end of `checksum64`: the length and the lanes folded in, then the words and the zero-padded tail of
    /// `rest` (the fewer than 32 bytes after the last whole step), then the avalanche.
    static func checksumFinish(
        count n: Int, seed: UInt64, lanes: (UInt64, UInt64, UInt64, UInt64), rest: UnsafeRawBufferPointer
    ) -> UInt64 {
        var h = (UInt64(n) &* checksumK1) ^ seed
        h = (h ^ checksumRound(0, lanes.0)) &* checksumK1 &+ checksumK2
        h = (h ^ checksumRound(0, lanes.1)) &* checksumK1 &+ checksumK2
        h = (h ^ checksumRound(0, lanes.2)) &* checksumK1 &+ checksumK2
        h = (h ^ checksumRound(0, lanes.3)) &* checksumK1 &+ checksumK2
        var i = 0
        while i + 8 <= rest.count {
            let x = h ^ checksumRound(0, UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            h = ((x << 27) | (x >> 37)) &* checksumK1 &+ checksumK2
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < rest.count {
            tail |= UInt64(rest[i]) << shift
            shift += 8
            i += 1
        }
        h ^= checksumRound(0, tail)
        h ^= h >> 33
        h &*= checksumK2
        h ^= h >> 29
        h &*= checksumK1
        h ^= h >> 32
        return h
    }

    /// `checksum64` of bytes that arrive in pieces (an artifact written from several buffers without joining
    /// them): the same value as `checksum64` of the pieces concatenated, whatever their sizes. The four lanes
    /// take whole 32-byte steps; the fewer than 32 bytes left at the end go to `checksumFinish`.
    public struct Checksum64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64)
        let seed: UInt64
        /// Bytes not yet folded in (fewer than 32; the lanes take whole 32-byte steps only).
        var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var pendingCount = 0
        var total = 0

        public init(seed: UInt64 = 0) {
            self.seed = seed
            lanes = (checksumK1 ^ seed, checksumK2 ^ seed, ~checksumK1 ^ seed, ~checksumK2 ^ seed)
        }

        mutating func step(_ b: UnsafeRawPointer) {
            @inline(__always) func word(_ at: Int) -> UInt64 {
                UInt64(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            }
            lanes.0 = checksumRound(lanes.0, word(0))
            lanes.1 = checksumRound(lanes.1, word(8))
            lanes.2 = checksumRound(lanes.2, word(16))
            lanes.3 = checksumRound(lanes.3, word(24))
        }

        /// Folds in the next piece.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard var p = bytes.baseAddress, bytes.count > 0 else { return }
            var n = bytes.count
            total += n
            if pendingCount > 0 {
                let take = min(32 - pendingCount, n)
                withUnsafeMutableBytes(of: &pending) { buf in
                    (buf.baseAddress! + pendingCount).copyMemory(from: p, byteCount: take)
                }
                pendingCount += take
                p += take
                n -= take
                if pendingCount < 32 { return }
                var block = pending
                withUnsafeBytes(of: &block) { step($0.baseAddress!) }
                pendingCount = 0
            }
            while n >= 32 {
                step(UnsafeRawPointer(p))
                p += 32
                n -= 32
            }
            if n > 0 {
                withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
                pendingCount = n
            }
        }

        /// The checksum of everything folded in.
        public func finalize() -> UInt64 {
            var rest = pending
            return withUnsafeBytes(of: &rest) {
                checksumFinish(
                    count: total, seed: seed, lanes: lanes,
                    rest: UnsafeRawBufferPointer(rebasing: $0[..<pendingCount]))
            }
        }
    }

    /// The checksum field for a whole artifact: `checksum64` over every byte after the header.
    public static func checksum(_ artifact: [UInt8]) -> UInt64 {
        artifact.withUnsafeBytes { raw in
            checksum64(
                raw.count <= headerSize
                    ? UnsafeRawBufferPointer(start: nil, count: 0)
                    : UnsafeRawBufferPointer(rebasing: raw[headerSize...]))
        }
    }
}

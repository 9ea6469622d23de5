// The spec-test script model the runner executes (ScriptRunner.swift, SpecSession.swift), filled from a .wast
// script by WastConversion.swift. Numbers are unsigned bit patterns (floats included: the bits, not the value);
// v128 values keep the lane type they were written with; expected floats and float lanes may be NaN classes
// (`nan:canonical` / `nan:arithmetic`).

/// A WebAssembly value type as named in the scripts.
enum SpecValueType: String, Sendable, Hashable {
    case i32, i64, f32, f64, v128, funcref, externref
}

/// The lane interpretation of a v128 literal.
enum SpecLaneType: String, Sendable, Hashable {
    case i8, i16, i32, i64, f32, f64

    var laneCount: Int {
        switch self {
        case .i8: 16
        case .i16: 8
        case .i32, .f32: 4
        case .i64, .f64: 2
        }
    }

    var laneBits: Int { 128 / laneCount }
    var isFloat: Bool { self == .f32 || self == .f64 }
}

/// The two NaN patterns an expected float result may be.
enum SpecNaN: String, Sendable, Hashable {
    /// Only the canonical NaN (sign bit free, payload = the quiet bit alone).
    case canonical = "nan:canonical"
    /// Any NaN with the quiet bit set.
    case arithmetic = "nan:arithmetic"
}

/// A 128-bit vector: the bits (little-endian lanes: lane 0 in the low bits of `lo`) and the lane
/// type the script wrote it with.
struct SpecV128: Sendable, Hashable {
    var lo: UInt64
    var hi: UInt64
    var laneType: SpecLaneType

    /// Lane `index` (zero-extended) under this vector's lane type.
    func lane(_ index: Int) -> UInt64 {
        let bits = laneType.laneBits
        let bit = index * bits
        let word = bit < 64 ? lo : hi
        let shifted = word >> UInt64(bit % 64)
        return bits == 64 ? shifted : shifted & ((1 << UInt64(bits)) - 1)
    }

    var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? lo : hi) >> UInt64(8 * (i % 8))) }
    }
}

/// A concrete value: an argument, or an exactly expected result.
enum SpecValue: Sendable, Hashable {
    case i32(UInt32)
    case i64(UInt64)
    /// The bit pattern of the float.
    case f32(UInt32)
    case f64(UInt64)
    case v128(SpecV128)
    /// `nil` is `ref.null func`; otherwise a function reference by host index.
    case funcref(UInt32?)
    /// `nil` is `ref.null extern`; otherwise `ref.extern N` (compared by identity: the index).
    case externref(UInt32?)

    var type: SpecValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcref: .funcref
        case .externref: .externref
        }
    }
}

/// One lane of an expected v128 result.
enum SpecLaneExpectation: Sendable, Hashable {
    case bits(UInt64)
    case nan(SpecNaN)
}

/// An expected result.
enum SpecExpected: Sendable, Hashable {
    /// Exactly this value (floats compare by bits).
    case value(SpecValue)
    /// A float NaN of the given kind.
    case f32NaN(SpecNaN)
    case f64NaN(SpecNaN)
    /// A v128 whose float lanes include NaN patterns, checked lane by lane.
    case v128Lanes(SpecLaneType, [SpecLaneExpectation])
    /// Only the type is given (e.g. the result list of an `assert_trap`).
    case type(SpecValueType)
}

/// An action on a module instance: by name, or the last defined module when `module` is nil.
enum SpecAction: Sendable, Hashable {
    case invoke(module: String?, field: [UInt8], args: [SpecValue])
    case get(module: String?, field: [UInt8])

    var fieldName: String {
        switch self {
        case .invoke(_, let f, _), .get(_, let f): String(decoding: f, as: UTF8.self)
        }
    }
}

enum SpecModuleType: String, Sendable, Hashable {
    case binary, text
}

/// A module of a script: read from the script itself (`inline`, or the text's error), or (in older scripts) a
/// file next to it.
struct SpecModuleFile: Sendable, Hashable {
    /// Relative to the JSON file's directory (empty for a module of a .wast script).
    var filename: String
    var type: SpecModuleType
    /// A .wast script's module, assembled: its bytes ...
    var inline: [UInt8]? = nil
    /// ... or why its text is malformed (line:column: message).
    var inlineError: String? = nil

    /// A module of the text format that this runner cannot read (wast2json's .wat files): counted as "text not run".
    var isUnreadableText: Bool { type == .text && inline == nil && inlineError == nil }
}

/// One command of a script; `line` is the line in the original .wast.
enum SpecCommand: Sendable, Hashable {
    case module(line: Int, name: String?, file: SpecModuleFile)
    case register(line: Int, name: String?, as: [UInt8])
    case action(line: Int, SpecAction, expected: [SpecExpected])
    case assertReturn(line: Int, SpecAction, expected: [SpecExpected])
    case assertTrap(line: Int, SpecAction, text: String, expected: [SpecExpected])
    case assertExhaustion(line: Int, SpecAction, text: String, expected: [SpecExpected])
    case assertInvalid(line: Int, file: SpecModuleFile, text: String)
    case assertMalformed(line: Int, file: SpecModuleFile, text: String)
    case assertUninstantiable(line: Int, file: SpecModuleFile, text: String)
    case assertUnlinkable(line: Int, file: SpecModuleFile, text: String)
    /// A command this model does not know, or could not read: never silently dropped.
    case unsupported(line: Int, type: String, reason: String)

    var line: Int {
        switch self {
        case .module(let l, _, _), .register(let l, _, _), .action(let l, _, _), .assertReturn(let l, _, _),
            .assertTrap(let l, _, _, _), .assertExhaustion(let l, _, _, _), .assertInvalid(let l, _, _),
            .assertMalformed(let l, _, _), .assertUninstantiable(let l, _, _), .assertUnlinkable(let l, _, _),
            .unsupported(let l, _, _):
            l
        }
    }

    /// The wast2json command name.
    var typeName: String {
        switch self {
        case .module: "module"
        case .register: "register"
        case .action: "action"
        case .assertReturn: "assert_return"
        case .assertTrap: "assert_trap"
        case .assertExhaustion: "assert_exhaustion"
        case .assertInvalid: "assert_invalid"
        case .assertMalformed: "assert_malformed"
        case .assertUninstantiable: "assert_uninstantiable"
        case .assertUnlinkable: "assert_unlinkable"
        case .unsupported(_, let t, _): t
        }
    }
}

/// A whole script.
struct SpecScript: Sendable {
    var sourceFilename: String
    var commands: [SpecCommand]
}

// The spec-test script model (wast2json output), as the executor (SpecExecutor.swift) uses it.
//
// wast2json writes every number as a decimal string of the unsigned bit pattern (floats included:
// the bits, not the value); v128 values are an array of lane strings with a `lane_type`; expected
// floats and float lanes may be `nan:canonical` / `nan:arithmetic`; reference values are `null`
// or an externref host index.

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

/// A module file written by wast2json next to the script, or a module read from a .wast script directly.
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

struct SpecFormatError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

// MARK: - Reading

extension SpecScript {
    /// Builds the model from parsed JSON. Structural problems in one command turn it into
    /// `.unsupported` (so the runner reports it); only a broken top level throws.
    init(json: JSON) throws(SpecFormatError) {
        guard case .object = json else { throw SpecFormatError("top level is not an object") }
        guard let cmds = json["commands"]?.array else { throw SpecFormatError("no 'commands' array") }
        sourceFilename = json["source_filename"]?.string ?? "?"
        commands = cmds.map { c in
            let line = c["line"]?.int ?? 0
            let type = c["type"]?.string ?? "?"
            do {
                return try SpecCommand(json: c, line: line, type: type)
            } catch {
                return .unsupported(line: line, type: type, reason: "unreadable command: \(error)")
            }
        }
    }
}

extension SpecCommand {
    init(json c: JSON, line: Int, type: String) throws(SpecFormatError) {
        func text() throws(SpecFormatError) -> String {
            guard let t = c["text"]?.string else { throw SpecFormatError("missing 'text'") }
            return t
        }
        func file() throws(SpecFormatError) -> SpecModuleFile {
            guard let f = c["filename"]?.string else { throw SpecFormatError("missing 'filename'") }
            let t: SpecModuleType
            if let mt = c["module_type"]?.string {
                guard let k = SpecModuleType(rawValue: mt) else { throw SpecFormatError("unknown module_type '\(mt)'") }
                t = k
            } else {
                t = f.hasSuffix(".wat") ? .text : .binary
            }
            return SpecModuleFile(filename: f, type: t)
        }
        func action() throws(SpecFormatError) -> SpecAction {
            guard let a = c["action"] else { throw SpecFormatError("missing 'action'") }
            return try SpecAction(json: a)
        }
        func expected() throws(SpecFormatError) -> [SpecExpected] {
            guard let e = c["expected"] else { return [] }
            guard let list = e.array else { throw SpecFormatError("'expected' is not an array") }
            var out: [SpecExpected] = []
            for v in list { out.append(try SpecExpected(json: v)) }
            return out
        }
        switch type {
        case "module": self = .module(line: line, name: c["name"]?.string, file: try file())
        case "register":
            guard let as_ = c["as"]?.bytes else { throw SpecFormatError("missing 'as'") }
            self = .register(line: line, name: c["name"]?.string, as: as_)
        case "action": self = .action(line: line, try action(), expected: try expected())
        case "assert_return": self = .assertReturn(line: line, try action(), expected: try expected())
        case "assert_trap": self = .assertTrap(line: line, try action(), text: try text(), expected: try expected())
        case "assert_exhaustion":
            self = .assertExhaustion(line: line, try action(), text: try text(), expected: try expected())
        case "assert_invalid": self = .assertInvalid(line: line, file: try file(), text: try text())
        case "assert_malformed": self = .assertMalformed(line: line, file: try file(), text: try text())
        case "assert_uninstantiable": self = .assertUninstantiable(line: line, file: try file(), text: try text())
        case "assert_unlinkable": self = .assertUnlinkable(line: line, file: try file(), text: try text())
        default: self = .unsupported(line: line, type: type, reason: "unknown command type '\(type)'")
        }
    }
}

extension SpecAction {
    init(json a: JSON) throws(SpecFormatError) {
        guard let field = a["field"]?.bytes else { throw SpecFormatError("action without 'field'") }
        let module = a["module"]?.string
        switch a["type"]?.string {
        case "invoke":
            var args: [SpecValue] = []
            for v in a["args"]?.array ?? [] {
                guard case .value(let x) = try SpecExpected(json: v) else {
                    throw SpecFormatError("argument is not a concrete value")
                }
                args.append(x)
            }
            self = .invoke(module: module, field: field, args: args)
        case "get":
            self = .get(module: module, field: field)
        case let t:
            throw SpecFormatError("unknown action type '\(t ?? "?")'")
        }
    }
}

extension SpecExpected {
    /// Reads a value object `{"type": ..., "value": ...}`; a missing value gives `.type`.
    init(json v: JSON) throws(SpecFormatError) {
        guard let ts = v["type"]?.string else { throw SpecFormatError("value without 'type'") }
        guard let t = SpecValueType(rawValue: ts) else { throw SpecFormatError("unknown value type '\(ts)'") }
        guard let raw = v["value"] else {
            self = .type(t)
            return
        }
        func scalar() throws(SpecFormatError) -> String {
            guard let s = raw.string else { throw SpecFormatError("\(ts) value is not a string") }
            return s
        }
        switch t {
        case .i32:
            self = .value(.i32(try SpecExpected.bits(scalar(), width: 32).u32))
        case .i64:
            self = .value(.i64(try SpecExpected.bits(scalar(), width: 64)))
        case .f32:
            let s = try scalar()
            if let nan = SpecNaN(rawValue: s) {
                self = .f32NaN(nan)
            } else {
                self = .value(.f32(try SpecExpected.bits(s, width: 32).u32))
            }
        case .f64:
            let s = try scalar()
            if let nan = SpecNaN(rawValue: s) {
                self = .f64NaN(nan)
            } else {
                self = .value(.f64(try SpecExpected.bits(s, width: 64)))
            }
        case .funcref, .externref:
            let s = try scalar()
            let ref: UInt32? = s == "null" ? nil : try SpecExpected.bits(s, width: 32).u32
            self = .value(t == .funcref ? .funcref(ref) : .externref(ref))
        case .v128:
            guard let lt = v["lane_type"]?.string else { throw SpecFormatError("v128 without 'lane_type'") }
            guard let laneType = SpecLaneType(rawValue: lt) else { throw SpecFormatError("unknown lane_type '\(lt)'") }
            guard let lanes = raw.array, lanes.count == laneType.laneCount else {
                throw SpecFormatError("v128 needs \(laneType.laneCount) \(lt) lanes")
            }
            var exp: [SpecLaneExpectation] = []
            var anyNaN = false
            for l in lanes {
                guard let s = l.string else { throw SpecFormatError("v128 lane is not a string") }
                if laneType.isFloat, let nan = SpecNaN(rawValue: s) {
                    exp.append(.nan(nan))
                    anyNaN = true
                } else {
                    exp.append(.bits(try SpecExpected.bits(s, width: laneType.laneBits)))
                }
            }
            if anyNaN {
                self = .v128Lanes(laneType, exp)
            } else {
                var lo: UInt64 = 0
                var hi: UInt64 = 0
                let w = laneType.laneBits
                for (i, e) in exp.enumerated() {
                    guard case .bits(let b) = e else { continue }
                    let bit = i * w
                    if bit < 64 { lo |= b << UInt64(bit) } else { hi |= b << UInt64(bit - 64) }
                }
                self = .value(.v128(SpecV128(lo: lo, hi: hi, laneType: laneType)))
            }
        }
    }

    /// Parses a decimal bit pattern (negative numbers are taken as two's complement).
    static func bits(_ s: String, width: Int) throws(SpecFormatError) -> UInt64 {
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        if let u = UInt64(s), u <= mask { return u }
        if let i = Int64(s), i < 0, width == 64 || i >= -(Int64(1) << Int64(width - 1)) {
            return UInt64(bitPattern: i) & mask
        }
        throw SpecFormatError("'\(s)' is not a \(width)-bit value")
    }
}

extension UInt64 {
    fileprivate var u32: UInt32 { UInt32(truncatingIfNeeded: self) }
}

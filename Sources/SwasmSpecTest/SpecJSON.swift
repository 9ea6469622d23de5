// Reading the JSON that wabt's wast2json (or `swasm wast2json`) writes into the runner's model (SpecModel.swift).
// The runner reads .wast scripts itself; this keeps older converted scripts working.
//
// wast2json writes every number as a decimal string of the unsigned bit pattern; v128 values are an array of
// lane strings with a `lane_type`; modules are files next to the JSON.

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
            var file = SpecModuleFile(filename: f, type: t)
            // `swasm wast2json`: a text module its parser rejected, with the message.
            file.inlineError = c["text_error"]?.string
            return file
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

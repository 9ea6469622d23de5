// Executes spec-test commands: compiles and instantiates modules (imports resolved against the
// `spectest` host module and registered instances), invokes exports and checks results.
// One `SpecSession` per script: instances never leak between scripts.

import SwasmCompiler
import SwasmRuntime
import WasmDecoder

/// What a command came to.
enum SpecOutcome {
    case pass
    case fail(String)
    case skip(String)
    /// Passed, but the message differs from the script's text (not a failure; listed with --verbose).
    case passMismatch(String)
}

/// A module as later commands see it.
enum SpecModuleRef {
    case instance(Instance)
    /// Could not be run for a stated reason (a skip, e.g. SIMD): commands on it are skipped too.
    case unavailable(String)
    /// Failed (counted once, at its `module` command): commands on it fail.
    case failed(line: Int)
}

final class SpecSession {
    static let simdReason = "SIMD code generation not implemented yet"

    /// Resolves a module file name to a path.
    let resolvePath: (String) -> String
    /// `register`ed instances by import module name (UTF-8 bytes).
    var registry: [[UInt8]: SpecModuleRef] = [:]
    /// Modules named in the script (`(module $M ...)`).
    var named: [String: SpecModuleRef] = [:]
    /// The last `module` command's module.
    var current: SpecModuleRef?
    /// Keeps every instance of the script alive until the script ends (exports may be referenced by
    /// tables and imports of later modules).
    var instances: [Instance] = []

    /// Compile with explicit bounds checks and give every memory explicit bounds (instead of guard pages).
    let explicitBounds: Bool
    /// Compile with gas metering and give every instance an ample budget (2^60): results must not change.
    let metered: Bool

    init(explicitBounds: Bool = false, metered: Bool = false, resolvePath: @escaping (String) -> String) {
        self.explicitBounds = explicitBounds
        self.metered = metered
        self.resolvePath = resolvePath
    }

    // MARK: The spectest host module

    lazy var spectest: [[UInt8]: ExternalValue] = SpecSession.makeSpectest(explicitBounds: explicitBounds)

    static func makeSpectest(explicitBounds: Bool) -> [[UInt8]: ExternalValue] {
        var d: [[UInt8]: ExternalValue] = [:]
        func fn(_ name: String, _ params: [ValueType]) {
            d[Array(name.utf8)] = .hostFunction(HostFunction(type: FuncType(params: params, results: [])) { _, _ in [] })
        }
        fn("print", [])
        fn("print_i32", [.i32])
        fn("print_i64", [.i64])
        fn("print_f32", [.f32])
        fn("print_f64", [.f64])
        fn("print_i32_f32", [.i32, .f32])
        fn("print_f64_f64", [.f64, .f64])
        d[Array("global_i32".utf8)] = .global(GlobalCell(type: GlobalType(value: .i32, mutable: false), value: .i32(666)))
        d[Array("global_i64".utf8)] = .global(GlobalCell(type: GlobalType(value: .i64, mutable: false), value: .i64(666)))
        d[Array("global_f32".utf8)] = .global(GlobalCell(type: GlobalType(value: .f32, mutable: false),
                                                         value: .f32(Float(666.6))))
        d[Array("global_f64".utf8)] = .global(GlobalCell(type: GlobalType(value: .f64, mutable: false), value: .f64(666.6)))
        if let t = try? Table(type: TableType(element: .funcref, limits: Limits(min: 10, max: 20))) {
            d[Array("table".utf8)] = .table(t)
        }
        if let m = try? LinearMemory(initialPages: 1, maxPages: 2, mode: explicitBounds ? .explicitBounds : .guarded) {
            d[Array("memory".utf8)] = .memory(m)
        }
        return d
    }

    // MARK: Modules

    enum InstantiateResult {
        case instance(Instance)
        /// Cannot run here (e.g. SIMD): skip with this reason.
        case skip(String)
        /// Reading, decoding, validation or compilation failed.
        case rejected(String)
        case linkError(String)
        case trap(String)
        case otherError(String)
    }

    func instantiate(_ file: SpecModuleFile) -> InstantiateResult {
        let path = resolvePath(file.filename)
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(path) } catch { return .rejected(error.description) }
        let module: ModuleInfo
        let code: CompiledCode
        do {
            (module, code) = try compileModule(bytes, options: CompilerOptions(explicitBoundsChecks: explicitBounds,
                                                                               metering: metered ? CostModel() : nil))
        } catch {
            if error.kind == .unsupported { return .skip(SpecSession.unsupportedReason(error)) }
            return .rejected("rejected: \(error.description)")
        }
        var imports: [ExternalValue] = []
        for imp in module.imports {
            let what = "\(imp.moduleString).\(imp.nameString)"
            if imp.module == Array("spectest".utf8) {
                guard let v = spectest[imp.name] else { return .linkError("unknown import \(what)") }
                imports.append(v)
                continue
            }
            switch registry[imp.module] {
            case nil:
                return .linkError("unknown import \(what) (module not registered)")
            case .unavailable(let reason):
                return .skip(reason)
            case .failed(let line):
                return .otherError("imports from the module of line \(line), which failed")
            case .instance(let inst):
                guard let e = inst.module.exports.first(where: { $0.name == imp.name }),
                      let v = inst.exportedValue(e.nameString) else {
                    return .linkError("unknown import \(what)")
                }
                imports.append(v)
            }
        }
        do {
            var config = InstanceConfiguration()
            if explicitBounds { config.memoryMode = .explicitBounds }
            if metered { config.initialGas = 1 << 60 }
            let inst = try Instance(module: module, code: code, imports: imports, configuration: config)
            instances.append(inst)
            return .instance(inst)
        } catch {
            return SpecSession.classify(error)
        }
    }

    static func unsupportedReason(_ e: WasmError) -> String {
        let simdWords = ["v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "SIMD", "simd"]
        if simdWords.contains(where: { e.message.contains($0) }) { return simdReason }
        return "not supported by the code generator: \(e.message)"
    }

    static func classify(_ error: Error) -> InstantiateResult {
        if let e = error as? LinkError { return .linkError(e.message) }
        if let t = error as? Trap { return .trap(t.message) }
        if let t = error as? TrapCode { return .trap(t.message) }
        return .otherError("\(error)")
    }

    func lookup(_ name: String?) -> SpecModuleRef? {
        if let name { return named[name] }
        return current
    }

    // MARK: Actions

    enum ActionResult {
        case values([Value])
        case trap(String)
        /// The command could not be carried out (no such export, bad arguments, module failed...).
        case error(String)
        case skip(String)
    }

    func perform(_ action: SpecAction) -> ActionResult {
        let moduleName: String?
        switch action {
        case .invoke(let m, _, _), .get(let m, _): moduleName = m
        }
        let inst: Instance
        switch lookup(moduleName) {
        case nil: return .error("no module \(moduleName ?? "(current)")")
        case .unavailable(let reason): return .skip(reason)
        case .failed(let line): return .error("module of line \(line) failed")
        case .instance(let i): inst = i
        }
        switch action {
        case .invoke(_, let field, let args):
            guard let e = inst.module.exports.first(where: { $0.name == field }), e.kind == .function,
                  case .function(let h) = inst.exportedValue(e.nameString) else {
                return .error("no exported function \"\(action.fieldName)\"")
            }
            var values: [Value] = []
            for a in args {
                guard let v = SpecSession.value(a) else { return .error("cannot pass argument \(a)") }
                values.append(v)
            }
            do {
                return .values(try h.owner.call(h, values))
            } catch {
                switch SpecSession.classify(error) {
                case .trap(let m): return .trap(m)
                case .linkError(let m), .otherError(let m): return .error(m)
                default: return .error("\(error)")
                }
            }
        case .get(_, let field):
            guard let e = inst.module.exports.first(where: { $0.name == field }), e.kind == .global,
                  case .global(let g) = inst.exportedValue(e.nameString) else {
                return .error("no exported global \"\(action.fieldName)\"")
            }
            return .values([g.value])
        }
    }

    static func value(_ v: SpecValue) -> Value? {
        switch v {
        case .i32(let x): return .i32(Int32(bitPattern: x))
        case .i64(let x): return .i64(Int64(bitPattern: x))
        case .f32(let b): return .f32(bits: b)
        case .f64(let b): return .f64(bits: b)
        case .v128(let x): return .v128(V128(low: x.lo, high: x.hi))
        case .funcref(nil): return .funcref(nil)
        case .funcref(.some): return nil  // a host function reference: no such thing in 2.0 scripts
        case .externref(let n): return .externref(n.map(UInt64.init))
        }
    }

    // MARK: Results

    /// nil when `got` matches `expected`; otherwise a description of the difference.
    static func check(_ got: [Value], _ expected: [SpecExpected]) -> String? {
        let ok = got.count == expected.count && zip(got, expected).allSatisfy { matches($0, $1) }
        if ok { return nil }
        let gotText = got.enumerated().map { i, v in
            i < expected.count ? describe(v, like: expected[i]) : describe(v)
        }
        return "expected \(describe(expected)), got [\(gotText.joined(separator: ", "))]"
    }

    /// `v`, as lanes when the expectation is a v128 written with a lane type.
    static func describe(_ v: Value, like e: SpecExpected) -> String {
        let lt: SpecLaneType
        switch e {
        case .value(.v128(let x)): lt = x.laneType
        case .v128Lanes(let t, _): lt = t
        default: return describe(v)
        }
        guard case .v128(let y) = v else { return describe(v) }
        let vec = SpecV128(lo: y.low, hi: y.high, laneType: lt)
        return describe(.value(.v128(vec)))
    }

    static func matches(_ v: Value, _ e: SpecExpected) -> Bool {
        switch (e, v) {
        case (.value(.i32(let x)), .i32(let y)): return x == UInt32(bitPattern: y)
        case (.value(.i64(let x)), .i64(let y)): return x == UInt64(bitPattern: y)
        case (.value(.f32(let x)), .f32(let y)): return x == y
        case (.value(.f64(let x)), .f64(let y)): return x == y
        case (.value(.v128(let x)), .v128(let y)): return x.lo == y.low && x.hi == y.high
        case (.value(.funcref(nil)), .funcref(let y)): return y == nil
        case (.value(.funcref(.some)), .funcref(let y)): return y != nil  // ref.func: any function
        case (.value(.externref(let x)), .externref(let y)): return x.map(UInt64.init) == y
        case (.f32NaN(let k), .f32(let b)): return isNaN32(b, k)
        case (.f64NaN(let k), .f64(let b)): return isNaN64(b, k)
        case (.v128Lanes(let lt, let lanes), .v128(let y)):
            let vec = SpecV128(lo: y.low, hi: y.high, laneType: lt)
            for (i, l) in lanes.enumerated() {
                let bits = vec.lane(i)
                switch l {
                case .bits(let b): if bits != b { return false }
                case .nan(let k):
                    let ok = lt == .f32 ? isNaN32(UInt32(truncatingIfNeeded: bits), k) : isNaN64(bits, k)
                    if !ok { return false }
                }
            }
            return true
        case (.type(.funcref), .funcref(let y)): return y != nil
        case (.type(let t), _): return t.rawValue == v.type.description
        default: return false
        }
    }

    static func isNaN32(_ b: UInt32, _ k: SpecNaN) -> Bool {
        switch k {
        case .canonical: return b & 0x7fff_ffff == 0x7fc0_0000
        case .arithmetic: return b & 0x7fc0_0000 == 0x7fc0_0000
        }
    }

    static func isNaN64(_ b: UInt64, _ k: SpecNaN) -> Bool {
        switch k {
        case .canonical: return b & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
        case .arithmetic: return b & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
        }
    }

    // MARK: Descriptions

    static func hex<T: FixedWidthInteger>(_ x: T) -> String { "0x" + String(x, radix: 16) }

    static func describe(_ v: Value) -> String {
        switch v {
        case .i32(let x): return "i32:\(x)"
        case .i64(let x): return "i64:\(x)"
        case .f32(let b): return "f32:\(Float(bitPattern: b)) (\(hex(b)))"
        case .f64(let b): return "f64:\(Double(bitPattern: b)) (\(hex(b)))"
        case .v128(let x): return "v128:\(hex(x.high)):\(hex(x.low))"
        case .funcref(let p): return p == nil ? "ref.null func" : "ref.func"
        case .externref(let x): return x.map { "ref.extern \($0)" } ?? "ref.null extern"
        }
    }

    static func describe(_ v: SpecValue) -> String {
        switch v {
        case .i32(let x): return "i32:\(Int32(bitPattern: x))"
        case .i64(let x): return "i64:\(Int64(bitPattern: x))"
        case .f32(let b): return "f32:\(Float(bitPattern: b)) (\(hex(b)))"
        case .f64(let b): return "f64:\(Double(bitPattern: b)) (\(hex(b)))"
        case .v128(let x): return "v128:\(x.laneType.rawValue)x\(x.laneType.laneCount)["
            + (0..<x.laneType.laneCount).map { String(x.lane($0)) }.joined(separator: " ") + "]"
        case .funcref(let p): return p == nil ? "ref.null func" : "ref.func"
        case .externref(let x): return x.map { "ref.extern \($0)" } ?? "ref.null extern"
        }
    }

    static func describe(_ e: SpecExpected) -> String {
        switch e {
        case .value(let v): return describe(v)
        case .f32NaN(let k): return "f32:\(k.rawValue)"
        case .f64NaN(let k): return "f64:\(k.rawValue)"
        case .v128Lanes(let lt, let lanes):
            let ls = lanes.map { l -> String in
                switch l {
                case .bits(let b): return String(b)
                case .nan(let k): return k.rawValue
                }
            }
            return "v128:\(lt.rawValue)x\(lt.laneCount)[\(ls.joined(separator: " "))]"
        case .type(let t): return t == .funcref ? "ref.func" : t.rawValue
        }
    }

    static func describe(_ vs: [Value]) -> String { "[" + vs.map(describe).joined(separator: ", ") + "]" }
    static func describe(_ es: [SpecExpected]) -> String { "[" + es.map(describe).joined(separator: ", ") + "]" }

    static func describe(_ a: SpecAction) -> String {
        switch a {
        case .invoke(let m, _, let args):
            return (m.map { "\($0)." } ?? "") + "\"\(a.fieldName)\"(" + args.map(describe).joined(separator: ", ") + ")"
        case .get(let m, _):
            return "get " + (m.map { "\($0)." } ?? "") + "\"\(a.fieldName)\""
        }
    }
}

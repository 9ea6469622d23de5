// Executes spec-test commands through the public `Swasm` library, as an embedder would: an `Engine` per
// configuration, `Module`s compiled from the script's files, imports resolved against the `spectest` host module
// and registered instances, exports invoked through `Function.call`. One `SpecSession` per script: instances never
// leak between scripts.

@_spi(Tools) import Swasm

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
    /// Could not be run for a stated reason (a skip, e.g. a module the code generator does not support): commands on it are skipped too.
    case unavailable(String)
    /// Failed (counted once, at its `module` command): commands on it fail.
    case failed(line: Int)
}

public final class SpecSession {
    /// Resolves a module file name to a path.
    let resolvePath: (String) -> String
    /// Every import comes from here: the `spectest` module and the exports of each `register`ed instance.
    let linker: Linker
    /// What was `register`ed under each import module name (UTF-8 bytes: wasm names are byte strings), so imports
    /// from a module that could not run are skipped or failed rather than reported as missing.
    var registry: [[UInt8]: SpecModuleRef] = [:]
    /// Modules named in the script (`(module $M ...)`).
    var named: [String: SpecModuleRef] = [:]
    /// The last `module` command's module.
    var current: SpecModuleRef?
    /// Keeps every instance of the script alive until the script ends (exports may be referenced by
    /// tables and imports of later modules).
    var instances: [Instance] = []

    /// The engine every module of the script is compiled with.
    let engine: Engine
    /// Gas each instance starts with (metered engines): ample, so results must not change.
    let gas: UInt64

    /// - Parameters:
    ///   - explicitBounds: compile explicit bounds checks and give every memory explicit bounds (no guard pages).
    ///   - metered: compile gas metering and give every instance an ample budget (2^60).
    ///   - canonicalNaNs: deterministic-NaN mode (canonical NaNs satisfy both `nan:canonical` and `nan:arithmetic`).
    ///   - interruptible: compile interrupt checks (no interrupt is ever requested: results must not change).
    init(
        explicitBounds: Bool = false, metered: Bool = false, canonicalNaNs: Bool = false, interruptible: Bool = false,
        resolvePath: @escaping (String) -> String
    ) {
        var configuration = Engine.Configuration(
            boundsChecking: explicitBounds ? .explicit : .guardPages,
            metering: metered ? CostModel() : nil, canonicalizeNaNs: canonicalNaNs)
        configuration.interruptible = interruptible
        // Every function is compiled apart, on three threads, and joined: the spec suite checks the parallel
        // compile's join (relocations, first-error order) on every module.
        configuration.compileJobs = 3
        configuration.compileChunkBytes = 1
        engine = Engine(configuration)
        gas = metered ? 1 << 60 : 0
        self.resolvePath = resolvePath
        linker = Linker(engine: engine)
        for (name, value) in SpecSession.makeSpectest(engine: engine) {
            linker.define("spectest", String(decoding: name, as: UTF8.self), value)
        }
    }

    /// `register`: later modules import `ref`'s exports under the module name `name`.
    func register(_ ref: SpecModuleRef, as name: [UInt8]) {
        registry[name] = ref
        if case .instance(let instance) = ref {
            linker.define(instance: instance, as: String(decoding: name, as: UTF8.self))
        }
    }

    // MARK: The spectest host module

    /// The `spectest` module the scripts import (wabt's spectest-interp and the reference interpreter agree on it),
    /// by field name (UTF-8 bytes), made with `engine`'s settings.
    public static func makeSpectest(engine: Engine) -> [[UInt8]: Extern] {
        var d: [[UInt8]: Extern] = [:]
        func fn(_ name: String, _ params: [ValueType]) {
            d[Array(name.utf8)] = .hostFunction(HostFunction(parameters: params, results: []) { _, _ in [] })
        }
        fn("print", [])
        fn("print_i32", [.i32])
        fn("print_i64", [.i64])
        fn("print_f32", [.f32])
        fn("print_f64", [.f64])
        fn("print_i32_f32", [.i32, .f32])
        fn("print_f64_f64", [.f64, .f64])
        func global(_ name: String, _ v: Value) {
            if let g = try? Global(type: GlobalType(value: v.type, mutable: false), value: v) {
                d[Array(name.utf8)] = .global(g)
            }
        }
        global("global_i32", .i32(666))
        global("global_i64", .i64(666))
        global("global_f32", .f32(Float(666.6)))
        global("global_f64", .f64(666.6))
        if let t = try? Table(engine: engine, type: TableType(element: .funcref, limits: Limits(min: 10, max: 20))) {
            d[Array("table".utf8)] = .table(t)
        }
        if let m = try? Memory(engine: engine, minPages: 1, maxPages: 2) {
            d[Array("memory".utf8)] = .memory(m)
        }
        return d
    }

    // MARK: Modules

    enum InstantiateResult {
        case instance(Instance)
        /// Cannot run here (e.g. not supported by the code generator): skip with this reason.
        case skip(String)
        /// Reading, decoding, validation or compilation failed.
        case rejected(String)
        case linkError(String)
        case trap(String)
        case otherError(String)
    }

    func instantiate(_ file: SpecModuleFile) -> InstantiateResult {
        if let message = file.inlineError { return .rejected("rejected: \(message)") }
        let bytes: [UInt8]
        if let inline = file.inline {
            bytes = inline
        } else {
            do { bytes = try readWholeFile(resolvePath(file.filename)) } catch { return .rejected(error.description) }
        }
        let module: Module
        do {
            module = try Module(engine: engine, bytes: bytes)
        } catch let error as WasmError {
            if error.kind == .unsupported { return .skip(SpecSession.unsupportedReason(error)) }
            return .rejected("rejected: \(error.description)")
        } catch {
            return .otherError("\(error)")
        }
        // Imports from a registered module that could not run are a skip or a failure, not a missing import.
        for imp in module.imports {
            switch registry[Array(imp.module.utf8)] {
            case .unavailable(let reason): return .skip(reason)
            case .failed(let line): return .otherError("imports from the module of line \(line), which failed")
            case nil, .instance: continue
            }
        }
        do {
            let inst = try linker.instantiate(module, gas: gas)
            instances.append(inst)
            return .instance(inst)
        } catch {
            return SpecSession.classify(error)
        }
    }

    static func unsupportedReason(_ e: WasmError) -> String {
        "not supported by the code generator: \(e.message)"
    }

    static func classify(_ error: Error) -> InstantiateResult {
        if let e = error as? LinkError { return .linkError(e.message) }
        if let t = error as? Trap { return .trap(t.message) }
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
        case .invoke(_, _, let args):
            guard case .function(let f) = inst.export(action.fieldName) else {
                return .error("no exported function \"\(action.fieldName)\"")
            }
            var values: [Value] = []
            for a in args {
                guard let v = SpecSession.value(a) else { return .error("cannot pass argument \(a)") }
                values.append(v)
            }
            do {
                return .values(try f.call(values))
            } catch {
                switch SpecSession.classify(error) {
                case .trap(let m): return .trap(m)
                case .linkError(let m), .otherError(let m): return .error(m)
                default: return .error("\(error)")
                }
            }
        case .get:
            guard case .global(let g) = inst.export(action.fieldName) else {
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
        case .funcref(.some): return nil // a host function reference: no such thing in 2.0 scripts
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
        case (.value(.funcref(.some)), .funcref(let y)): return y != nil // ref.func: any function
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
        case .v128(let x):
            return "v128:\(x.laneType.rawValue)x\(x.laneType.laneCount)["
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

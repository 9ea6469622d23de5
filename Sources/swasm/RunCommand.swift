// `swasm run [--invoke NAME] FILE [ARGS...]`: compile (single pass, in memory) and call an export.

#if canImport(Glibc)
import Glibc
#endif
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

enum RunCommand {
    static let usage = """
        usage: swasm run [--invoke NAME] [--gas N] [--max-memory PAGES] FILE.wasm [ARGS...]

        Compiles the module and calls the exported function NAME with ARGS parsed by its signature
        (integers in decimal, floats like 1.5, nan, inf, -inf). Without --invoke it runs `_start`.
        Results are printed one per line. A guest trap prints 'error: trap: <message>' and exits 1.
          --gas N              meter the run with the default cost model and a budget of N; prints
                               'gas used: <U>' on stderr at exit (also after a trap); running out is
                               the trap 'out of gas'
          --max-memory PAGES   cap linear memory at PAGES 64 KiB pages (memory.grow returns -1 beyond)
        """

    static func run(_ args: [String]) -> Never {
        var invoke: String?
        var gas: UInt64?
        var maxPages: Int?
        var positional: [String] = []
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let a = args[i]
            if onlyPositional || !a.hasPrefix("-") || (positional.count >= 1 && Double(a) != nil) || a == "-inf" || a == "-nan" {
                positional.append(a)
                i += 1
                continue
            }
            switch a {
            case "--": onlyPositional = true
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--invoke":
                guard i + 1 < args.count else { CLI.usageError("--invoke needs a function name", help: "swasm run --help") }
                invoke = args[i + 1]
                i += 1
            case "--gas":
                guard i + 1 < args.count, let n = UInt64(args[i + 1]) else {
                    CLI.usageError("--gas needs a non-negative integer", help: "swasm run --help")
                }
                gas = n
                i += 1
            case "--max-memory":
                guard i + 1 < args.count, let n = Int(args[i + 1]), n >= 0, n <= 65536 else {
                    CLI.usageError("--max-memory needs a page count (0...65536)", help: "swasm run --help")
                }
                maxPages = n
                i += 1
            default:
                CLI.usageError("unknown option '\(a)'", help: "swasm run --help")
            }
            i += 1
        }
        guard let file = positional.first else { CLI.usageError("missing FILE.wasm", help: "swasm run --help") }
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(file) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        let module: ModuleInfo
        let code: CompiledCode
        do {
            (module, code) = try compileModule(bytes, options: CompilerOptions(metering: gas == nil ? nil : CostModel()))
        } catch {
            CLI.err("error: \(CLI.oneLine(error.message)) at offset \(error.offset)")
            CLI.exit(.failure)
        }
        if !module.imports.isEmpty {
            let names = module.imports.map { "\($0.moduleString).\($0.nameString)" }
            CLI.err("error: unknown import: \(names.joined(separator: ", "))")
            CLI.exit(.failure)
        }
        let instance: Instance
        do {
            var config = InstanceConfiguration()
            if let maxPages { config.maxMemoryPages = maxPages }
            instance = try Instance(module: module, code: code, imports: [], configuration: config)
        } catch {
            CLI.err("error: \(CLI.oneLine(describe(error)))")
            CLI.exit(.failure)
        }
        let name = invoke ?? "_start"
        guard let f = instance.exportedFunction(name) else {
            CLI.err("error: no exported function '\(CLI.oneLine(name))'")
            CLI.exit(.failure)
        }
        let textArgs = Array(positional.dropFirst())
        guard textArgs.count == f.type.params.count else {
            CLI.usageError("'\(name)' takes \(f.type.params.count) argument(s) \(f.type), got \(textArgs.count)",
                           help: "swasm run --help")
        }
        var values: [Value] = []
        for (text, t) in zip(textArgs, f.type.params) {
            guard let v = parse(text, t) else {
                CLI.usageError("cannot read '\(CLI.oneLine(text))' as \(t)", help: "swasm run --help")
            }
            values.append(v)
        }
        if let gas { instance.gasRemaining = gas }
        func reportGas() {
            if let gas { CLI.err("gas used: \(gas - instance.gasRemaining)") }
        }
        do {
            let results = try instance.call(f, values)
            for r in results { CLI.out(format(r)) }
        } catch {
            CLI.err("error: \(CLI.oneLine(describe(error)))")
            reportGas()
            CLI.exit(.failure)
        }
        reportGas()
        CLI.exit(.success)
    }

    static func describe(_ error: Error) -> String {
        if let t = error as? Trap { return "trap: \(t.message)" }
        if let t = error as? TrapCode { return "trap: \(t.message)" }
        return "\(error)"
    }

    static func parseFloat(_ s: String) -> Double? {
        switch s.lowercased() {
        case "nan", "+nan": return .nan
        case "-nan": return -Double.nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(s)
        }
    }

    static func parse(_ s: String, _ t: ValueType) -> Value? {
        switch t {
        case .i32:
            if let v = Int32(s) { return .i32(v) }
            if let v = UInt32(s) { return .i32(Int32(bitPattern: v)) }
            return nil
        case .i64:
            if let v = Int64(s) { return .i64(v) }
            if let v = UInt64(s) { return .i64(Int64(bitPattern: v)) }
            return nil
        case .f32: return parseFloat(s).map { .f32(Float($0)) }
        case .f64: return parseFloat(s).map { .f64($0) }
        default: return nil
        }
    }

    /// Integers in signed decimal; floats like C's `%.9g` / `%.17g` (round-trip precision, as the native
    /// bench baselines print them); NaN as `nan`, infinities as `inf` / `-inf`.
    static func format(_ v: Value) -> String {
        switch v {
        case .f32(let b): return formatFloat(Double(Float(bitPattern: b)), digits: 9)
        case .f64(let b): return formatFloat(Double(bitPattern: b), digits: 17)
        default: return v.description
        }
    }

    static func formatFloat(_ d: Double, digits: Int32) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buf, 64, "%.\(digits)g", $0) }
        return String(cString: buf)
    }
}

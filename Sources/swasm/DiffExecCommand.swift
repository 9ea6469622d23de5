// `swasm difftest-exec [--explicit-bounds] [--gas N] [--no-register-homes] [--canonicalize-nans] [--timeout S] SCRIPT` (hidden verb):
// runs a harness command script (harness/README.md) in-process and prints the `obs` lines of its `observe` and
// `observe_instantiate` commands exactly as `harness/swasm-harness.c` prints them, so the differential tester
// (fuzz/difftest) can compare the JIT with AOT artifacts line by line.
//
// Commands: `script`, `gas N`, `module L PATH NAME|-`, `observe_instantiate L PATH NAME|-`, `observe L ACTION`,
// `register L xAS NAME|-`; modules are .wasm files compiled here. Any other command is ignored (a note on stderr).
// Output lines:
//   obs L ok [TYPE:BITS ...] | mem=PAGES:HASH|none glob=TYPE:BITS,... gas=N|-
//   obs L trap MESSAGE | mem=... glob=... gas=...
//   obs L error MESSAGE            (rejected module, link error, bad action: no state suffix)
//   obs L timeout                  (the command ran longer than --timeout seconds; exit status 3)
// Values: `TYPE:BITS` (unsigned decimal); v128 arguments `v128:LANE:V0,...` (lane 0 first, as in the harness),
// v128 results and globals `v128:` + 32 hex digits (high byte first).
// The memory hash: FNV-1a-64 over, for every 64 KiB page that is not all zero, the page index and the CRC-32
// (zlib's) of the page, each as 4 little-endian bytes.

@_spi(Tools) import Swasm
import SwasmSpecTest

#if canImport(Glibc)
    import Glibc
#endif

enum DiffExecCommand {
    static let usage = """
        usage: swasm difftest-exec [--explicit-bounds] [--gas N] [--no-register-homes] [--canonicalize-nans] [--timeout S] SCRIPT

        Runs a harness command script (harness/README.md) in-process and prints one `obs` line per
        `observe` / `observe_instantiate` command, as the AOT harness does (see fuzz/README.md).
          --explicit-bounds      explicit bounds checks and explicit-bounds memories instead of guard pages
          --gas N                compile with metering; every call (and the start function) gets N gas
                                 (a `gas N` line in the script changes the budget)
          --no-register-homes    keep every local in its stack slot (CompilerOptions.registerHomes = false)
          --canonicalize-nans    deterministic NaNs (Engine.Configuration.canonicalizeNaNs)
          --timeout S            seconds one command may take (default 10, 0 = none): then `obs L timeout`, exit 3
          --dump-memory DIR      also write memory 0 after each observed step to DIR/L.mem (for debugging)
        """

    enum ModuleRef {
        case instance(Instance)
        case failed(line: Int)
    }

    final class Session {
        let engine: Engine
        var budget: UInt64
        var current: ModuleRef?
        var named: [String: ModuleRef] = [:]
        var registry: [[UInt8]: ModuleRef] = [:]
        var instances: [Instance] = []
        var dumpDir: String?
        lazy var spectest = SpecSession.makeSpectest(engine: engine)

        init(engine: Engine, budget: UInt64) {
            self.engine = engine
            self.budget = budget
        }
    }

    static func run(_ args: [String]) -> Never {
        var explicitBounds = false
        var gas: UInt64?
        var registerHomes = true
        var canonicalNaNs = false
        var timeout: UInt32 = 10
        var dumpDir: String?
        var positional: [String] = []
        var i = 0
        func value(_ flag: String) -> String {
            guard i + 1 < args.count else {
                CLI.usageError("\(flag) needs a value", help: "swasm difftest-exec --help")
            }
            i += 1
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--explicit-bounds": explicitBounds = true
            case "--no-register-homes": registerHomes = false
            case "--canonicalize-nans": canonicalNaNs = true
            case "--gas":
                let v = value(a)
                guard let n = UInt64(v) else {
                    CLI.usageError("bad --gas value '\(CLI.oneLine(v))'", help: "swasm difftest-exec --help")
                }
                gas = n
            case "--dump-memory": dumpDir = value(a)
            case "--timeout":
                let v = value(a)
                guard let n = UInt32(v) else {
                    CLI.usageError("bad --timeout value '\(CLI.oneLine(v))'", help: "swasm difftest-exec --help")
                }
                timeout = n
            default:
                if a.hasPrefix("-") && a != "-" {
                    CLI.usageError("unknown option '\(CLI.oneLine(a))'", help: "swasm difftest-exec --help")
                }
                positional.append(a)
            }
            i += 1
        }
        guard positional.count == 1 else { CLI.usageError("expected one SCRIPT", help: "swasm difftest-exec --help") }
        let text: [UInt8]
        if positional[0] == "-" {
            var all: [UInt8] = []
            while let line = readLine(strippingNewline: false) { all += Array(line.utf8) }
            text = all
        } else {
            do { text = try CLI.readFile(positional[0]) } catch {
                CLI.err("error: \(CLI.oneLine(error.description))")
                CLI.exit(.usage)
            }
        }
        var configuration = Engine.Configuration(
            boundsChecking: explicitBounds ? .explicit : .guardPages,
            metering: gas == nil ? nil : CostModel())
        configuration.registerHomes = registerHomes
        configuration.canonicalizeNaNs = canonicalNaNs
        let session = Session(engine: Engine(configuration), budget: gas ?? .max)
        session.dumpDir = dumpDir
        Watchdog.seconds = timeout
        for lineBytes in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let line = String(decoding: lineBytes, as: UTF8.self)
            runCommand(line, session)
            fflush(nil)
        }
        Watchdog.disarm()
        CLI.exit(.success)
    }

    // MARK: Commands

    static func runCommand(_ line: String, _ s: Session) {
        // tokens up to a lone `|` (the free text after it is not used by these commands)
        var tokens: [String] = []
        for tok in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if tok == "|" { break }
            tokens.append(String(tok))
        }
        guard let cmd = tokens.first, !cmd.hasPrefix("#") else { return }
        var t = tokens.dropFirst()
        switch cmd {
        case "script": return
        case "gas":
            s.budget = t.first.flatMap { UInt64($0) } ?? .max
            return
        default: break
        }
        let lineNumber = t.popFirst().flatMap { Int($0) } ?? 0
        switch cmd {
        case "module", "observe_instantiate":
            dumpPath = s.dumpDir.map { "\($0)/\(lineNumber).mem" }
            Watchdog.arm(message: "obs \(lineNumber) timeout\n", fd: 1)
            let out = instantiate(lineNumber, path: t.popFirst(), name: t.popFirst(), s)
            Watchdog.disarm()
            if cmd == "observe_instantiate" { print(out) }
        case "observe":
            dumpPath = s.dumpDir.map { "\($0)/\(lineNumber).mem" }
            Watchdog.arm(message: "obs \(lineNumber) timeout\n", fd: 1)
            let out = observe(lineNumber, &t, s)
            Watchdog.disarm()
            print(out)
        case "register":
            guard let asTok = t.popFirst(), let asName = decodeName(asTok) else { return }
            let name = t.popFirst()
            if let ref = lookup(name, s) { s.registry[asName] = ref }
        default:
            CLI.err("swasm difftest-exec: ignoring command '\(CLI.oneLine(cmd))'")
        }
    }

    static func lookup(_ name: String?, _ s: Session) -> ModuleRef? {
        guard let name, name != "-" else { return s.current }
        return s.named[name]
    }

    static func setCurrent(_ ref: ModuleRef, name: String?, _ s: Session) {
        s.current = ref
        if let name, name != "-" { s.named[name] = ref }
    }

    /// Compiles and instantiates; the `obs` line (without its prefix decisions for `module`, which prints nothing).
    static func instantiate(_ line: Int, path: String?, name: String?, _ s: Session) -> String {
        guard let path else { return "obs \(line) error malformed command" }
        func failed(_ kind: String, _ msg: String) -> String {
            setCurrent(.failed(line: line), name: name, s)
            return "obs \(line) \(kind) \(CLI.oneLine(msg))"
        }
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(path) } catch { return failed("error", error.description) }
        let module: Module
        do {
            module = try Module(engine: s.engine, bytes: bytes)
        } catch let error as WasmError {
            return failed(
                "error",
                "\(error.kind == .unsupported ? "unsupported" : "rejected"): \(error.message) at offset \(error.offset)"
            )
        } catch {
            return failed("error", "\(error)")
        }
        var imports: [Extern] = []
        for imp in module.imports {
            let what = "\(imp.module).\(imp.name)"
            if imp.module == "spectest" {
                guard let v = s.spectest[Array(imp.name.utf8)] else { return failed("error", "unknown import \(what)") }
                imports.append(v)
                continue
            }
            switch s.registry[Array(imp.module.utf8)] {
            case nil:
                return failed("error", "unknown import \(what) (module not registered)")
            case .failed(let l):
                return failed("error", "imports from the module of line \(l), which failed")
            case .instance(let inst):
                guard let v = inst.export(imp.name) else { return failed("error", "unknown import \(what)") }
                imports.append(v)
            }
        }
        do {
            let inst = try module.instantiate(imports, gas: module.isMetered ? s.budget : 0)
            // Otherwise an instance lives while it is current, named or registered (an imported table keeps its
            // importers alive itself); its references can also escape into imported mutable funcref globals.
            if module.imports.contains(where: {
                if case .global(let g) = $0.type { return g.mutable && g.value == .funcref }
                return false
            }) {
                s.instances.append(inst)
            }
            setCurrent(.instance(inst), name: name, s)
            return "obs \(line) ok" + state(inst)
        } catch let t as Trap {
            return failed("trap", t.message)
        } catch let e as LinkError {
            return failed("error", e.message)
        } catch {
            return failed("error", "\(error)")
        }
    }

    /// `invoke MOD xFIELD N A1 … AN` or `get MOD xFIELD` (the harness's `perform`, same messages).
    static func observe(_ line: Int, _ t: inout ArraySlice<String>, _ s: Session) -> String {
        func error(_ m: String) -> String { "obs \(line) error \(m)" }
        guard let what = t.popFirst(), let modName = t.popFirst(), let field = t.popFirst() else {
            return error("malformed action")
        }
        guard let fname = decodeName(field) else { return error("bad field name \(field)") }
        let isGet = what == "get"
        var args: [Value] = []
        if !isGet {
            guard let n = t.popFirst().flatMap({ Int($0) }), n >= 0, n <= 64 else { return error("bad argument count") }
            for _ in 0..<n {
                let a = t.popFirst()
                guard let a, let v = parseValue(a) else { return error("cannot pass argument \(a ?? "?")") }
                args.append(v)
            }
        }
        let inst: Instance
        switch lookup(modName, s) {
        case nil: return error("no module \(modName)")
        case .failed(let l): return error("module of line \(l) failed")
        case .instance(let i): inst = i
        }
        let export = inst.export(String(decoding: fname, as: UTF8.self))
        if isGet, case .global(let g) = export {
            return "obs \(line) ok " + format(g.value) + state(inst)
        }
        guard !isGet, case .function(let f) = export else {
            return error("no exported \(isGet ? "global" : "function") \"\(field)\"")
        }
        let type = f.type
        guard args.count == type.params.count else {
            return error("expected \(type.params.count) arguments, got \(args.count)")
        }
        for (k, (a, p)) in zip(args, type.params).enumerated() where a.type != p {
            return error("argument \(k) type mismatch")
        }
        if inst.isMetered { inst.gasRemaining = s.budget }
        do {
            let results = try f.call(args)
            return "obs \(line) ok" + results.map { " " + format($0) }.joined() + state(inst)
        } catch let trap as Trap {
            return "obs \(line) trap \(CLI.oneLine(trap.message))" + state(inst)
        } catch {
            return "obs \(line) error \(CLI.oneLine("\(error)"))"
        }
    }

    // MARK: Values and state

    /// `x` + hex of the UTF-8 bytes.
    static func decodeName(_ tok: String) -> [UInt8]? {
        let u = Array(tok.utf8)
        guard u.first == UInt8(ascii: "x"), u.count % 2 == 1 else { return nil }
        var out: [UInt8] = []
        var k = 1
        while k < u.count {
            guard let hi = hexDigit(u[k]), let lo = hexDigit(u[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
            k += 2
        }
        return out
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `TYPE:BITS` (unsigned decimal), `funcref:null`, `externref:null`, `externref:N`, `v128:LANE:V0,V1,...`.
    static func parseValue(_ s: String) -> Value? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let type = s[..<colon]
        let v = s[s.index(after: colon)...]
        if type == "v128" { return parseV128(v) }
        if v == "null" {
            switch type {
            case "funcref": return .funcref(nil)
            case "externref": return .externref(nil)
            default: return nil
            }
        }
        guard let x = UInt64(v) else { return nil }
        switch type {
        case "i32": return x <= UInt64(UInt32.max) ? .i32(Int32(bitPattern: UInt32(x))) : nil
        case "i64": return .i64(Int64(bitPattern: x))
        case "f32": return x <= UInt64(UInt32.max) ? .f32(bits: UInt32(x)) : nil
        case "f64": return .f64(bits: x)
        case "externref": return .externref(x)
        default: return nil
        }
    }

    /// The harness's v128 literal after `v128:`: `LANE:V0,V1,...` with LANE `i8 i16 i32 i64 f32 f64` and one
    /// unsigned decimal bit pattern per lane, lane 0 (the lowest bytes) first.
    static func parseV128(_ s: Substring) -> Value? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let bits: Int
        switch s[..<colon] {
        case "i8": bits = 8
        case "i16": bits = 16
        case "i32", "f32": bits = 32
        case "i64", "f64": bits = 64
        default: return nil
        }
        let lanes = s[s.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false)
        guard lanes.count == 128 / bits else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (i, lane) in lanes.enumerated() {
            guard let x = UInt64(lane), bits == 64 || x >> UInt64(bits) == 0 else { return nil }
            let bit = i * bits
            if bit < 64 { low |= x << UInt64(bit) } else { high |= x << UInt64(bit - 64) }
        }
        return .v128(V128(low: low, high: high))
    }

    static func format(type: ValueType, low: UInt64, high: UInt64) -> String {
        switch type {
        case .i32: return "i32:\(low & 0xFFFF_FFFF)"
        case .i64: return "i64:\(low)"
        case .f32: return "f32:\(low & 0xFFFF_FFFF)"
        case .f64: return "f64:\(low)"
        case .funcref: return low == 0 ? "funcref:null" : "funcref:nonnull"
        case .externref: return low == 0 ? "externref:null" : "externref:\(low &- 1)"
        case .v128: return "v128:" + hex16(high) + hex16(low)
        }
    }

    static func format(_ v: Value) -> String {
        var high: UInt64 = 0
        if case .v128(let x) = v { high = x.high }
        return format(type: v.type, low: v.rawBits, high: high)
    }

    static func hex16(_ x: UInt64) -> String {
        let h = String(x, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }

    nonisolated(unsafe) static var dumpPath: String?

    /// ` | mem=PAGES:HASH|none glob=T:V,... gas=N|-`
    static func state(_ inst: Instance) -> String {
        if let dumpPath, let m = inst.memory {
            try? CompileCommand.writeFile(dumpPath, m.withUnsafeBytes { Array($0) })
        }
        var s = " | mem="
        if let m = inst.memory { s += "\(m.pageCount):" + hex16(memoryHash(m)) } else { s += "none" }
        s += " glob=" + inst.allGlobals.map { format($0.value) }.joined(separator: ",")
        s += inst.isMetered ? " gas=\(inst.gasRemaining)" : " gas=-"
        return s
    }

    nonisolated(unsafe) static let crcTable: UnsafeMutablePointer<UInt32> = {
        let t = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        return t
    }()

    nonisolated(unsafe) static let zeroPage: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 16)
        memset(p, 0, pageSize)
        return p
    }()

    static func crc32(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let table = crcTable
        var c: UInt32 = 0xFFFF_FFFF
        var q = p
        let end = p + n
        while q < end {
            c = table[Int((c ^ UInt32(q.pointee)) & 0xFF)] ^ (c >> 8)
            q += 1
        }
        return c ^ 0xFFFF_FFFF
    }

    static func fnv(_ h: UInt64, _ v: UInt32) -> UInt64 {
        var h = h
        for i in 0..<4 { h = (h ^ UInt64((v >> (8 * UInt32(i))) & 0xFF)) &* 0x100_0000_01b3 }
        return h
    }

    static let pageSize = 65536

    static func memoryHash(_ m: Memory) -> UInt64 {
        m.withUnsafeBytes { memoryHash(base: $0.baseAddress, pageCount: m.pageCount) }
    }

    static func memoryHash(base: UnsafeRawPointer?, pageCount: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let size = pageSize
        guard let base else { return h }
        for p in 0..<pageCount {
            let page = base + p * size
            if memcmp(page, zeroPage, size) == 0 { continue }
            h = fnv(fnv(h, UInt32(p)), crc32(page.assumingMemoryBound(to: UInt8.self), size))
        }
        return h
    }
}

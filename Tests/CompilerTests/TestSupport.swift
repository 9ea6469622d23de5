import Foundation
import SwasmABI
import SwasmRuntime
import Synchronization
import Testing
import WasmDecoder
import WasmText

@testable import SwasmCompiler

/// A failure of the test harness itself (missing tool, conversion error).
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

// MARK: - wat → wasm (swasm's own text-format parser, WasmText; cached per test run)

enum Wat {
    private static let cache = Mutex<[String: [UInt8]]>([:])

    /// The binary module for `text` (assembled once per run).
    static func wasm(_ text: String) throws -> [UInt8] {
        if let b = cache.withLock({ $0[text] }) { return b }
        let bytes: [UInt8]
        do { bytes = try WAT.assemble(text) } catch {
            throw HarnessError("the text does not assemble: \(error)\n--- module ---\n\(text)")
        }
        cache.withLock { $0[text] = bytes }
        return bytes
    }
}

/// Run a process and capture its output.
func run(_ tool: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = args
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read before waiting so a large output cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

// MARK: - Compiling and instantiating

struct Compiled {
    var bytes: [UInt8]
    var module: ModuleInfo
    var code: CompiledCode
}

func compileWat(_ text: String) throws -> Compiled {
    let bytes = try Wat.wasm(text)
    let (m, c) = try compileModule(bytes)
    return Compiled(bytes: bytes, module: m, code: c)
}

/// Compile and instantiate a module written in the text format.
func instantiate(
    _ text: String, imports: [ExternalValue] = [],
    configuration: InstanceConfiguration = InstanceConfiguration()
) throws -> Instance {
    let c = try compileWat(text)
    return try Instance(module: c.module, code: c.code, imports: imports, configuration: configuration)
}

extension Instance {
    /// Call export `name`.
    func invoke(_ name: String, _ args: [Value] = []) throws -> [Value] {
        guard let f = exportedFunction(name) else { throw HarnessError("no exported function \(name)") }
        return try call(f, args)
    }
    func invoke(_ name: String, _ args: Value...) throws -> [Value] { try invoke(name, args) }
}

/// Expect `body` to trap with `code` (and the spec message of that code); returns the trap.
@discardableResult
func expectTrap(
    _ code: TrapCode, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any
) -> Trap? {
    do {
        let r = try body()
        Issue.record("expected trap '\(code.message)', got \(r) \(comment())", sourceLocation: sourceLocation)
        return nil
    } catch let t as Trap {
        #expect(t.code == code, "\(comment())", sourceLocation: sourceLocation)
        // The spec's messages are matched by prefix (e.g. "uninitialized element 4").
        #expect(t.message.hasPrefix(code.message), "\(t.message) \(comment())", sourceLocation: sourceLocation)
        return t
    } catch {
        Issue.record("expected trap '\(code.message)', got error \(error) \(comment())", sourceLocation: sourceLocation)
        return nil
    }
}

/// Outcome of an operation per an independent Swift model.
enum Outcome: Equatable, CustomStringConvertible {
    case value(Value)
    /// A NaN of the given float type (any payload / sign).
    case nan(ValueType)
    case trap(TrapCode)

    var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .nan(let t): "\(t) NaN"
        case .trap(let c): "trap \(c.message)"
        }
    }
}

/// Check a call against an expected outcome.
func check(
    _ inst: Instance, _ name: String, _ args: [Value], _ expected: Outcome, _ comment: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let r = try inst.invoke(name, args)
        switch expected {
        case .value(let v):
            #expect(r == [v], "\(name)(\(args)) \(comment)", sourceLocation: sourceLocation)
        case .nan(let t):
            let ok: Bool =
                switch r.first {
                case .f32(let b)?: t == .f32 && Float(bitPattern: b).isNaN
                case .f64(let b)?: t == .f64 && Double(bitPattern: b).isNaN
                default: false
                }
            #expect(
                ok && r.count == 1, "\(name)(\(args)) = \(r), expected NaN \(comment)", sourceLocation: sourceLocation)
        case .trap(let c):
            Issue.record(
                "\(name)(\(args)) = \(r), expected trap \(c.message) \(comment)", sourceLocation: sourceLocation)
        }
    } catch let t as Trap {
        if case .trap(let c) = expected {
            #expect(
                t.code == c && t.message.hasPrefix(c.message), "\(name)(\(args)) \(comment)",
                sourceLocation: sourceLocation)
        } else {
            Issue.record(
                "\(name)(\(args)) trapped '\(t.message)', expected \(expected) \(comment)",
                sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("\(name)(\(args)) threw \(error) \(comment)", sourceLocation: sourceLocation)
    }
}

// MARK: - Literals for the text format

func watI32(_ v: UInt32) -> String { "\(Int32(bitPattern: v))" }
func watI64(_ v: UInt64) -> String { "\(Int64(bitPattern: v))" }
func watF32(_ b: UInt32) -> String {
    let f = Float(bitPattern: b)
    if f.isNaN { return (f.sign == .minus ? "-" : "") + "nan:0x" + String(b & 0x7f_ffff, radix: 16) }
    if f.isInfinite { return f < 0 ? "-inf" : "inf" }
    return hexFloat(
        sign: f.sign == .minus, exponent: Int(f.exponentBitPattern), significand: UInt64(f.significandBitPattern),
        significandBits: 23, bias: 127)
}
func watF64(_ b: UInt64) -> String {
    let f = Double(bitPattern: b)
    if f.isNaN { return (f.sign == .minus ? "-" : "") + "nan:0x" + String(b & 0xf_ffff_ffff_ffff, radix: 16) }
    if f.isInfinite { return f < 0 ? "-inf" : "inf" }
    return hexFloat(
        sign: f.sign == .minus, exponent: Int(f.exponentBitPattern), significand: f.significandBitPattern,
        significandBits: 52, bias: 1023)
}

/// An exact hexadecimal float literal (no decimal rounding involved): 0x<mantissa>p<exponent>.
private func hexFloat(sign: Bool, exponent: Int, significand: UInt64, significandBits: Int, bias: Int) -> String {
    let s = sign ? "-" : ""
    if exponent == 0 && significand == 0 { return s + "0x0p+0" }
    let mantissa = (exponent == 0 ? 0 : UInt64(1) << UInt64(significandBits)) | significand
    let e = (exponent == 0 ? 1 : exponent) - bias - significandBits
    return "\(s)0x\(String(mantissa, radix: 16))p\(e >= 0 ? "+" : "")\(e)"
}

func f32v(_ f: Float) -> Value { .f32(f) }
func f64v(_ d: Double) -> Value { .f64(d) }

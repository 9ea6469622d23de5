import SwasmABI
import SwasmCompiler
import SwasmRuntime
import Testing
import WasmDecoder

// Traps carry the index of the trapping function and the module offset of the trapping operator. The module is
// built byte by byte here so the expected offsets are known without trusting any decoder.

/// A minimal wasm binary writer: one imported function (so defined indices start at 1), one memory page, a table
/// of one null funcref, and `(param i32) (result i32)` functions exported as f0, f1, ...
struct HandBuiltModule {
    /// Instruction bytes of each defined function, without the locals vector and without the final `end`.
    var bodies: [[UInt8]]

    static func uleb(_ v: Int) -> [UInt8] {
        var v = UInt64(v)
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7f)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }
    static func name(_ s: String) -> [UInt8] { uleb(s.utf8.count) + Array(s.utf8) }

    /// The module bytes, and for each function the module offset of its first instruction.
    func build() -> (bytes: [UInt8], firstInstruction: [Int]) {
        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        func section(_ id: UInt8, _ payload: [UInt8]) { out += [id] + Self.uleb(payload.count) + payload }
        // types: 0 = [] -> [], 1 = [i32] -> [i32]
        section(1, [0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f])
        section(2, [0x01] + Self.name("env") + Self.name("h") + [0x00, 0x00])
        section(3, Self.uleb(bodies.count) + bodies.map { _ in UInt8(1) })
        section(4, [0x01, 0x70, 0x00, 0x01]) // table: funcref, min 1
        section(5, [0x01, 0x00, 0x01]) // memory: min 1
        var exports = Self.uleb(bodies.count)
        for i in bodies.indices { exports += Self.name("f\(i)") + [0x00] + Self.uleb(i + 1) }
        section(7, exports)
        // code: compute offsets as we go
        var code = Self.uleb(bodies.count)
        var firsts: [Int] = []
        var relative: [Int] = []
        for b in bodies {
            let body = [0x00] + b + [0x0b] // no locals
            code += Self.uleb(body.count)
            relative.append(code.count + 1) // after the size: the locals byte, then instructions
            code += body
        }
        let header = [UInt8(10)] + Self.uleb(code.count)
        let codeStart = out.count + header.count
        out += header + code
        for r in relative { firsts.append(codeStart + r) }
        return (out, firsts)
    }
}

@Suite("Trap locations")
struct TrapLocationTests {
    /// (body, argument, trap, index of the trapping operator's first byte within the body)
    static let cases: [(body: [UInt8], arg: Int32, trap: TrapCode, at: Int)] = [
        ([0x01, 0x01, 0x00], 0, .unreachable, 2), // nop nop unreachable
        ([0x20, 0x00, 0x41, 0x00, 0x6d], 1, .integerDivideByZero, 4), // x / 0
        ([0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x41, 0x7f, 0x6d], 0, .integerOverflow, 8), // INT_MIN / -1
        ([0x01, 0x20, 0x00, 0x41, 0x00, 0x70], 1, .integerDivideByZero, 5), // x rem_u 0
        ([0x20, 0x00, 0x28, 0x02, 0x00], 65533, .memoryOutOfBounds, 2), // i32.load
        ([0x20, 0x00, 0x42, 0x01, 0x37, 0x03, 0x00, 0x41, 0x00], 65529, .memoryOutOfBounds, 4), // i64.store
        ([0x20, 0x00, 0x2d, 0x00, 0x80, 0x80, 0x04], 0, .memoryOutOfBounds, 2), // i32.load8_u offset=65536
        ([0x43, 0x00, 0x00, 0xc0, 0x7f, 0xa8], 0, .invalidConversion, 5), // i32.trunc_f32_s nan
        ([0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x43, 0xaa], 0, .integerOverflow, 9), // i32.trunc_f64_s 2^64
        ([0x41, 0x05, 0x20, 0x00, 0x11, 0x01, 0x00], 0, .uninitializedElement, 4), // call_indirect null
        ([0x41, 0x05, 0x20, 0x00, 0x11, 0x01, 0x00], 1, .undefinedElement, 4), // call_indirect past end
        ([0x20, 0x00, 0x10, 0x01], 0, .unreachable, 2) // calls f0: trap is in f0
    ]

    @Test("function index and wasm offset of compiled trap sites")
    func locations() throws {
        let m = HandBuiltModule(bodies: Self.cases.map(\.body))
        let (bytes, firsts) = m.build()
        let (info, code) = try compileModule(bytes)
        let host = ExternalValue.hostFunction(
            HostFunction(type: FuncType(params: [], results: []), body: { _, _ in [] }))
        let inst = try Instance(module: info, code: code, imports: [host])
        for (i, c) in Self.cases.enumerated() {
            guard let t = expectTrap(c.trap, "f\(i)", { try inst.invoke("f\(i)", .i32(c.arg)) }) else { continue }
            if i == Self.cases.count - 1 {
                // The trap happened in f0 (function index 1), at its unreachable.
                #expect(t.functionIndex == 1, "f\(i)")
                #expect(t.wasmOffset == firsts[0] + 2, "f\(i)")
            } else {
                #expect(t.functionIndex == UInt32(i + 1), "f\(i)")
                #expect(t.wasmOffset == firsts[i] + c.at, "f\(i): expected offset \(firsts[i] + c.at)")
            }
        }
    }

    @Test("traps raised by runtime helpers (bulk memory, tables) also carry their location")
    func helperTrapLocations() throws {
        // memory.fill (fc 0b 00) out of bounds; table.get (25 00) out of bounds; memory.init after drop...
        let bodies: [[UInt8]] = [
            [0x20, 0x00, 0x41, 0x00, 0x41, 0x0a, 0xfc, 0x0b, 0x00, 0x41, 0x00], // memory.fill at 6
            [0x20, 0x00, 0x41, 0x00, 0x41, 0x0a, 0xfc, 0x0a, 0x00, 0x00, 0x41, 0x00], // memory.copy at 6
            [0x01, 0x20, 0x00, 0x25, 0x00, 0xd1] // table.get at 3 (ref.is_null)
        ]
        let (bytes, firsts) = HandBuiltModule(bodies: bodies).build()
        let (info, code) = try compileModule(bytes)
        let host = ExternalValue.hostFunction(
            HostFunction(type: FuncType(params: [], results: []), body: { _, _ in [] }))
        let inst = try Instance(module: info, code: code, imports: [host])
        let expected: [(TrapCode, Int32, Int)] = [
            (.memoryOutOfBounds, 65530, 6), (.memoryOutOfBounds, 65530, 6), (.tableOutOfBounds, 1, 3)
        ]
        for (i, (trap, arg, at)) in expected.enumerated() {
            guard let t = expectTrap(trap, "f\(i)", { try inst.invoke("f\(i)", .i32(arg)) }) else { continue }
            #expect(t.functionIndex == UInt32(i + 1), "f\(i)")
            #expect(t.wasmOffset == firsts[i] + at, "f\(i): expected offset \(firsts[i] + at)")
        }
    }

    @Test("trap sites are sorted and inside the code")
    func trapSiteTable() throws {
        let (bytes, _) = HandBuiltModule(bodies: Self.cases.map(\.body)).build()
        let (_, code) = try compileModule(bytes)
        let offsets = code.trapSites.map(\.codeOffset)
        #expect(offsets == offsets.sorted())
        #expect(offsets.allSatisfy { $0 >= 0 && $0 < code.code.count })
        #expect(code.functionOffsets.count == Self.cases.count)
        #expect(code.functionOffsets == code.functionOffsets.sorted())
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Register homes: the most used locals live in registers for the whole function. These tests make many locals
// hot (more than there are home registers, of both classes) and then check their values survive everything that
// clobbers registers or reads locals in unusual ways: direct, indirect and host calls, runtime helpers
// (memory.grow), block merges with values on the stack, writes to a local whose old value is still on the stack,
// never-written locals after calls, parameters written then returned through the argument area.

/// A loop over `n` iterations touching locals 0..<count of type `t` (all hot), with `call` inside.
private func hotLocalsModule(count: Int, type t: String, callee: String) -> String {
    var s = "(module (type $v (func (param i32) (result i32)))\n"
    s += "(import \"env\" \"host\" (func $host (param i32) (result i32)))\n"
    s += "(memory 1)\n(table 2 funcref)\n(elem (i32.const 0) $leaf $host)\n"
    // A leaf that clobbers every register it can: many live values.
    s += "(func $leaf (param i32) (result i32) (local i32 i32 i32 i32)\n"
    s += "  (local.set 1 (i32.mul (local.get 0) (i32.const 3)))\n"
    s += "  (local.set 2 (i32.xor (local.get 1) (i32.const 0x5555)))\n"
    s += "  (local.set 3 (i32.add (local.get 2) (local.get 1)))\n"
    s += "  (local.set 4 (i32.sub (local.get 3) (local.get 0)))\n"
    s += "  (i32.add (i32.add (local.get 1) (local.get 2)) (i32.add (local.get 3) (local.get 4))))\n"
    // A callee with no hot locals and high register pressure (20 live values in i32 and f64): every operand
    // register it has is used, none of them may be a register the caller keeps a home in.
    s += "(func $pressure (param i32) (result i32)\n"
    for k in 1...20 { s += "  (i32.add (local.get 0) (i32.const \(k)))\n" }
    for k in 1...20 { s += "  (f64.convert_i32_s (i32.add (local.get 0) (i32.const \(k))))\n" }
    for _ in 1..<20 { s += "  f64.add\n" }
    s += "  i32.trunc_f64_s\n"
    for _ in 1...20 { s += "  i32.add\n" }
    s += ")\n"
    s += "(func (export \"run\") (param $n i32) (result \(t))\n"
    s += "  (local $i i32) (local $acc \(t))"
    for k in 0..<count { s += " (local $l\(k) \(t))" }
    s += "\n"
    for k in 0..<count { s += "  (local.set $l\(k) (\(t).const \(k + 1)))\n" }
    s += "  (loop $top\n"
    for k in 0..<count {
        // l_k = l_k + l_{k+1 mod count} * 1 + i (as t)
        let next = (k + 1) % count
        let iAsT =
            t == "i32"
            ? "(local.get $i)"
            : t == "i64"
                ? "(i64.extend_i32_u (local.get $i))"
                : t == "f32" ? "(f32.convert_i32_u (local.get $i))" : "(f64.convert_i32_u (local.get $i))"
        s += "    (local.set $l\(k) (\(t).add (\(t).add (local.get $l\(k)) (local.get $l\(next))) \(iAsT)))\n"
    }
    s += "    \(callee)\n"
    s += "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    s += "    (br_if $top (i32.lt_u (local.get $i) (local.get $n))))\n"
    s += "  (local.set $acc (\(t).const 0))\n"
    for k in 0..<count {
        s += "  (local.set $acc (\(t).add (\(t).mul (local.get $acc) (\(t).const 3)) (local.get $l\(k))))\n"
    }
    s += "  (local.get $acc))\n)"
    return s
}

/// The same computation in Swift, with wrapping integer arithmetic or IEEE floats.
private func hotLocalsModel<T>(count: Int, n: Int, zero: T, from: (Int) -> T, add: (T, T) -> T, mul: (T, T) -> T) -> T {
    var l = (0..<count).map { from($0 + 1) }
    var i = 0
    repeat {
        for k in 0..<count { l[k] = add(add(l[k], l[(k + 1) % count]), from(i)) }
        i += 1
    } while i < n
    var acc = zero
    for k in 0..<count { acc = add(mul(acc, from(3)), l[k]) }
    return acc
}

private let callees: [(name: String, code: String)] = [
    ("none", ""),
    ("direct call", "(drop (call $leaf (local.get $i)))"),
    ("call of a register-hungry function", "(drop (call $pressure (local.get $i)))"),
    ("call_indirect", "(drop (call_indirect (type $v) (local.get $i) (i32.const 0)))"),
    ("host call", "(drop (call_indirect (type $v) (local.get $i) (i32.const 1)))"),
    ("memory.grow", "(drop (memory.grow (i32.const 0)))")
]

private func hostImport() -> ExternalValue {
    .hostFunction(
        HostFunction(type: FuncType(params: [.i32], results: [.i32])) { _, a in
            guard case .i32(let v) = a[0] else { return [.i32(0)] }
            return [.i32(v &* 7)]
        })
}

@Suite("Register homes")
struct RegisterHomeTests {
    @Test("hot integer locals survive calls, helpers and loop back edges", arguments: [4, 12])
    func hotIntegers(count: Int) throws {
        for callee in callees {
            let i32 = try instantiate(
                hotLocalsModule(count: count, type: "i32", callee: callee.code), imports: [hostImport()])
            let e32 = hotLocalsModel(
                count: count, n: 37, zero: UInt32(0), from: { UInt32(truncatingIfNeeded: $0) },
                add: { $0 &+ $1 }, mul: { $0 &* $1 })
            #expect(try i32.invoke("run", .i32(37)) == [.i32(Int32(bitPattern: e32))], "i32 × \(count), \(callee.name)")
            let i64 = try instantiate(
                hotLocalsModule(count: count, type: "i64", callee: callee.code), imports: [hostImport()])
            let e64 = hotLocalsModel(
                count: count, n: 37, zero: UInt64(0), from: { UInt64($0) },
                add: { $0 &+ $1 }, mul: { $0 &* $1 })
            #expect(try i64.invoke("run", .i32(37)) == [.i64(Int64(bitPattern: e64))], "i64 × \(count), \(callee.name)")
        }
    }

    @Test("hot float locals survive calls, helpers and loop back edges", arguments: [4, 20])
    func hotFloats(count: Int) throws {
        for callee in callees {
            let f64 = try instantiate(
                hotLocalsModule(count: count, type: "f64", callee: callee.code), imports: [hostImport()])
            let e = hotLocalsModel(
                count: count, n: 23, zero: 0.0, from: { Double($0) }, add: { $0 + $1 }, mul: { $0 * $1 })
            #expect(try f64.invoke("run", .i32(23)) == [.f64(bits: e.bitPattern)], "f64 × \(count), \(callee.name)")
            let f32 = try instantiate(
                hotLocalsModule(count: count, type: "f32", callee: callee.code), imports: [hostImport()])
            let e32 = hotLocalsModel(
                count: count, n: 23, zero: Float(0), from: { Float($0) }, add: { $0 + $1 }, mul: { $0 * $1 })
            #expect(try f32.invoke("run", .i32(23)) == [.f32(bits: e32.bitPattern)], "f32 × \(count), \(callee.name)")
        }
    }

    @Test("writing a local whose old value is still on the operand stack")
    func writeWhileOldValueOnStack() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "f") (param i32) (result i32) (local i32)
                (loop $l   ;; make both locals hot
                  (local.set 1 (i32.add (local.get 1) (local.get 0)))
                  (br_if $l (i32.lt_u (local.get 1) (i32.const 10))))
                ;; old value of 0 on the stack, then 0 and 1 are overwritten, then the old values are used
                (local.get 0)
                (local.get 1)
                (local.set 0 (i32.const 1000))
                (local.tee 1 (i32.const 2000))
                (i32.add (local.get 0))                  ;; 3000
                (i32.mul (i32.const 7))                  ;; 21000
                (i32.add)                                ;; old 1 + 21000
                (i32.sub))                               ;; old 0 - (old 1 + 21000)
              (func (export "g") (param i64) (result i64) (local i64)
                (loop $l
                  (local.set 1 (i64.add (local.get 1) (local.get 0)))
                  (br_if $l (i64.lt_u (local.get 1) (i64.const 10))))
                ;; the old value of local 1 across a block merge and a write in both arms of an if
                (local.get 1)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (local.set 1 (i64.const 5)) (local.get 1))
                  (else (local.set 1 (i64.const 6)) (i64.add (local.get 1) (local.get 0))))
                (i64.sub)))
            """)
        // f(3): local1 = 3,6,9,12 → old0 = 3, old1 = 12 → 3 - (12 + 21000)
        #expect(try inst.invoke("f", .i32(3)) == [.i32(3 - 21012)])
        // g(4): local1 = 4,8,12 → 12 - (6 + 4)
        #expect(try inst.invoke("g", .i64(4)) == [.i64(2)])
    }

    @Test("never-written locals stay zero across calls; written parameters return through the argument area")
    func zeroAndParams() throws {
        let inst = try instantiate(
            """
            (module
              (func $clobber (param i32 i32 i32) (result i32 i32 i32)
                (i32.mul (local.get 0) (i32.const 9)) (i32.mul (local.get 1) (i32.const 9)) (i32.mul (local.get 2) (i32.const 9)))
              (func (export "f") (param $a i32) (param $b i32) (result i32 i32 i32) (local $z i32) (local $i i32)
                (loop $l
                  (drop (drop (drop (call $clobber (local.get $z) (local.get $z) (local.get $a)))))
                  (local.set $a (i32.add (local.get $a) (local.get $z)))   ;; + 0
                  (local.set $a (i32.add (local.get $a) (i32.const 1)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (local.get $b))))
                ;; results alias the parameter slots: b, a, z in swapped order
                (local.get $b) (local.get $a) (local.get $z)))
            """)
        #expect(try inst.invoke("f", .i32(10), .i32(5)) == [.i32(5), .i32(15), .i32(0)])
    }

    @Test("the use scanner weights accesses by loop depth and flags written locals")
    func scanner() {
        // local.get 0; loop; local.get 1; local.set 2; loop; local.tee 1; end; end; i32.const 300 (LEB); local.get 3
        let body: [UInt8] = [
            0x20, 0, 0x03, 0x40, 0x20, 1, 0x21, 2, 0x03, 0x40, 0x22, 1, 0x0B, 0x0B,
            0x41, 0xAC, 0x02, 0x20, 3, 0x0B
        ]
        let (w, written) = scan(body, locals: 4)
        #expect(w == [1, 8 + 64, 8, 1])
        #expect(written == [false, true, true, false])
        // Garbage and truncated input: no crash, no out-of-range write (index 200 is ignored).
        for junk: [UInt8] in [
            [0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x20], [0x21, 0xC8, 0x01], [0xFD, 0xFF], [0x0B, 0x0B, 0x03]
        ] {
            let (w2, _) = scan(junk, locals: 4)
            #expect(w2.allSatisfy { $0 <= 1 })
        }
    }

    func scan(_ body: [UInt8], locals: Int) -> ([UInt64], [Bool]) {
        // Room for the scanner's scratch entries; only the first `locals` are results.
        let room = max(locals, LocalUseScanner.minimumRoom)
        var w = [UInt64](repeating: 0, count: room)
        var written = [Bool](repeating: false, count: room)
        body.withUnsafeBytes { b in
            w.withUnsafeMutableBufferPointer { wp in
                written.withUnsafeMutableBufferPointer { wr in
                    LocalUseScanner.scan(b, weights: wp.baseAddress!, written: wr.baseAddress!, count: locals)
                }
            }
        }
        return (Array(w.prefix(locals)), Array(written.prefix(locals)))
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Structured control flow: blocks/loops/ifs with params and multi-value results, all branch forms carrying values,
// returns from nested blocks, unreachable, select, deep nesting and dead code.

@Suite("Control flow")
struct ControlTests {
    @Test("block / loop / if with parameters and multi-value results")
    func multiValueBlocks() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "if_params") (param i32 i32 i32) (result i32 i32)
                (local.get 0) (local.get 1)
                (if (param i32 i32) (result i32 i32) (local.get 2)
                  (then i32.add (i32.const 1))
                  (else i32.sub (i32.const 2))))
              (func (export "if_no_else") (param i32 i32) (result i32)
                (local.get 0)
                (if (param i32) (result i32) (local.get 1) (then (i32.const 100) (i32.add))))
              (func (export "block_params") (param i32 i64) (result i64 i32)
                (local.get 0) (local.get 1)
                (block (param i32 i64) (result i64 i32)
                  (local.set 1) (local.set 0)
                  (i64.mul (local.get 1) (i64.const 3))
                  (i32.xor (local.get 0) (i32.const -1))))
              (func (export "fact_loop") (param $n i32) (result i64) (local $i i32) (local $acc i64)
                (i64.const 1) (i32.const 1)
                (loop $l (param i64 i32) (result i64)
                  (local.set $i) (local.set $acc)
                  (i64.mul (local.get $acc) (i64.extend_i32_u (local.get $i)))
                  (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                  (local.get $n) (i32.le_u)
                  (if (param i64) (result i64) (then (local.get $i) (br $l)))))
              (func (export "mixed") (param f64 i32) (result f64 i32 f32 i64)
                (block (result f64 i32 f32 i64)
                  (f64.mul (local.get 0) (f64.const 2))
                  (local.get 1)
                  (f32.const 1.5)
                  (i64.const -7)
                  (br_if 0 (local.get 1))
                  (drop) (drop) (drop) (drop)
                  (f64.const -1) (i32.const -1) (f32.const -1) (i64.const -1))))
            """)
        for (a, b) in [(Int32(5), Int32(3)), (Int32.min, Int32(1)), (Int32(-1), Int32.max)] {
            #expect(try inst.invoke("if_params", .i32(a), .i32(b), .i32(1)) == [.i32(a &+ b), .i32(1)])
            #expect(try inst.invoke("if_params", .i32(a), .i32(b), .i32(0)) == [.i32(a &- b), .i32(2)])
            #expect(try inst.invoke("if_no_else", .i32(a), .i32(0)) == [.i32(a)])
            #expect(try inst.invoke("if_no_else", .i32(a), .i32(9)) == [.i32(a &+ 100)])
            #expect(
                try inst.invoke("block_params", .i32(a), .i64(Int64(b) << 20)) == [
                    .i64((Int64(b) << 20) &* 3), .i32(~a)
                ])
        }
        var f: Int64 = 1
        for n in 1...20 {
            f *= Int64(n)
            #expect(try inst.invoke("fact_loop", .i32(Int32(n))) == [.i64(f)], "\(n)!")
        }
        #expect(try inst.invoke("fact_loop", .i32(0)) == [.i64(1)])
        #expect(try inst.invoke("mixed", .f64(1.25), .i32(3)) == [.f64(2.5), .i32(3), .f32(1.5), .i64(-7)])
        #expect(try inst.invoke("mixed", .f64(1.25), .i32(0)) == [.f64(-1), .i32(-1), .f32(-1), .i64(-1)])
    }

    @Test("br_table with many targets, default, carried values and extra values below")
    func brTable() throws {
        let blocks = 11 // $b0 ... $b10; $b10 is the default
        let targets = (0..<40).map { ($0 * 7) % 10 }
        var body = "(i32.const 999) (i32.mul (local.get 0) (i32.const 3)) (local.get 0) (br_table "
        body += targets.map { "$b\($0)" }.joined(separator: " ") + " $b10)"
        var s = ""
        for k in stride(from: blocks - 1, through: 0, by: -1) { s += "(block $b\(k) (result i32)\n" }
        s += body
        for k in 0..<blocks { s += ")\n(return (i32.add (i32.const \(k * 1000))))\n" }
        // The last `return` leaves the function; add a dummy result for validation.
        let text = """
            (module
              (func (export "t") (param i32) (result i32)
                \(s) (i32.const -5))
              (func (export "t_const") (result i32)
                (block $a (result i32) (block $b (result i32) (br_table $a $b $a (i32.const 7) (i32.const 1))) (i32.const 10) (i32.add))
                (i32.const 100) (i32.add))
              (func (export "t_loop") (param i32) (result i32) (local $acc i32)
                ;; counts down through a br_table back-edge
                (block $out
                  (loop $l
                    (local.set $acc (i32.add (local.get $acc) (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br_table $out $l $l $l (local.get 0))))
                (local.get $acc)))
            """
        let inst = try instantiate(text)
        for idx in Array(0..<45) + [-1, Int(Int32.max), Int(Int32.min)] {
            let target = idx >= 0 && idx < targets.count ? targets[idx] : 10
            let carried = Int32(truncatingIfNeeded: idx) &* 3
            #expect(
                try inst.invoke("t", .i32(Int32(truncatingIfNeeded: idx))) == [.i32(carried &+ Int32(target * 1000))],
                "index \(idx)")
        }
        #expect(try inst.invoke("t_const") == [.i32(7 + 10 + 100)])
        #expect(try inst.invoke("t_loop", .i32(3)) == [.i32(3 + 2 + 1)])
        // 9 → 8 is past the table: the default ($l) keeps looping down to 0.
        #expect(try inst.invoke("t_loop", .i32(9)) == [.i32(45)])
    }

    @Test("br / br_if carrying values, out of loops and nested blocks")
    func branches() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "br_if_value") (param i32) (result i32)
                (block (result i32) (drop (br_if 0 (i32.const 42) (local.get 0))) (i32.const 7)))
              (func (export "count") (param i32) (result i32) (local $i i32)
                (loop $l
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_s (local.get $i) (local.get 0))))
                (local.get $i))
              (func (export "br_outer") (param i32) (result i64)
                (block $outer (result i64)
                  (block $inner (result i32)
                    (loop $l (result i32)
                      (drop (br_if $outer (i64.const 77) (i32.eq (local.get 0) (i32.const 1))))
                      (drop (br_if $inner (i32.const 5) (i32.eq (local.get 0) (i32.const 2))))
                      (i32.const 9)))
                  (i64.extend_i32_s)
                  (i64.add (i64.const 1000))))
              (func (export "br_keeps_below") (param i32) (result i32)
                ;; values below the branch's block are preserved; values pushed inside are discarded
                (i32.const 1)
                (block (result i32)
                  (i32.const 2) (i32.const 3)
                  (br_if 0 (i32.const 4) (local.get 0))
                  (drop) (drop) (drop) (i32.const 5))
                (i32.add))
              (func (export "ret_nested") (param i32) (result i32 f64)
                (block (block (loop (block
                  (if (i32.eq (local.get 0) (i32.const 1)) (then (return (i32.const 11) (f64.const 1.5))))
                  (if (i32.eq (local.get 0) (i32.const 2)) (then (br 3)))))))
                (i32.const 22) (f64.const -2.5))
              (func (export "dead_code") (param i32) (result i32)
                (block (result i32)
                  (br 0 (local.get 0))
                  (block (loop (if (i32.const 1) (then (unreachable)) (else (br 2)))))
                  (i32.const 1) (i32.add))
                (i32.const 1) (i32.add)))
            """)
        #expect(try inst.invoke("br_if_value", .i32(1)) == [.i32(42)])
        #expect(try inst.invoke("br_if_value", .i32(0)) == [.i32(7)])
        #expect(try inst.invoke("count", .i32(1000)) == [.i32(1000)])
        #expect(try inst.invoke("count", .i32(-5)) == [.i32(1)])
        #expect(try inst.invoke("br_outer", .i32(1)) == [.i64(77)])
        #expect(try inst.invoke("br_outer", .i32(2)) == [.i64(1005)])
        #expect(try inst.invoke("br_outer", .i32(3)) == [.i64(1009)])
        #expect(try inst.invoke("br_keeps_below", .i32(1)) == [.i32(5)])
        #expect(try inst.invoke("br_keeps_below", .i32(0)) == [.i32(6)])
        #expect(try inst.invoke("ret_nested", .i32(1)) == [.i32(11), .f64(1.5)])
        #expect(try inst.invoke("ret_nested", .i32(2)) == [.i32(22), .f64(-2.5)])
        #expect(try inst.invoke("dead_code", .i32(41)) == [.i32(42)])
    }

    @Test("unreachable traps, and the instance keeps working")
    func unreachable() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "u") (param i32) (result i32)
                (if (local.get 0) (then unreachable)) (i32.const 3))
              (func (export "u_in_expr") (result i32) (i32.add (i32.const 1) (unreachable))))
            """)
        expectTrap(.unreachable) { try inst.invoke("u", .i32(1)) }
        #expect(try inst.invoke("u", .i32(0)) == [.i32(3)])
        expectTrap(.unreachable) { try inst.invoke("u_in_expr") }
        #expect(try inst.invoke("u", .i32(0)) == [.i32(3)])
    }

    @Test("select: typed and untyped, int and float, constant and computed conditions, values in slots")
    func select() throws {
        let inst = try instantiate(
            """
            (module
              (func $two (result i32 i32) (i32.const 10) (i32.const 20))
              (elem declare func $two)
              (func $twof (result f64 f64) (f64.const 1.5) (f64.const 2.5))
              (func (export "i32") (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
              (func (export "i64") (param i64 i64 i32) (result i64) (select (local.get 0) (local.get 1) (local.get 2)))
              (func (export "f32") (param f32 f32 i32) (result f32) (select (local.get 0) (local.get 1) (local.get 2)))
              (func (export "f64") (param f64 f64 i32) (result f64) (select (result f64) (local.get 0) (local.get 1) (local.get 2)))
              (func (export "i64_typed_computed") (param i64 i64 i32) (result i64)
                (select (result i64) (i64.add (local.get 0) (i64.const 1)) (i64.sub (local.get 1) (i64.const 1))
                        (i32.and (local.get 2) (i32.const 0x100))))
              (func (export "f32_computed") (param f32 f32 i32) (result f32)
                (select (f32.neg (local.get 0)) (f32.abs (local.get 1)) (i32.eqz (local.get 2))))
              (func (export "const_true") (param i32 i32) (result i32) (select (local.get 0) (local.get 1) (i32.const 1)))
              (func (export "const_false") (param i32 i32) (result i32) (select (local.get 0) (local.get 1) (i32.const 0)))
              (func (export "slots_true") (result i32) (call $two) (i32.const 5) (select))
              (func (export "slots_false") (result i32) (call $two) (i32.const 0) (select))
              (func (export "slots_false_f") (result f64) (call $twof) (i32.const 0) (select))
              (func (export "slots_true_f") (result f64) (call $twof) (i32.const -1) (select (result f64)))
              (func (export "slots_below") (result i32 i32)
                ;; a value below the selected pair must stay intact
                (i32.const 7) (call $two) (i32.const 0) (select))
              (func (export "cond_from_slot") (param i32) (result i32)
                (call $two) (call $two) (drop) (select))
              (func (export "ref") (param i32) (result i32)
                (ref.is_null (select (result funcref) (ref.null func) (ref.func $two) (local.get 0))))
              (func (export "eq_same") (param i32) (result i32)
                (select (local.get 0) (local.get 0) (local.get 0))))
            """)
        for c in [Int32(0), 1, -1, Int32.min, 0x100] {
            let t = c != 0
            #expect(try inst.invoke("i32", .i32(3), .i32(4), .i32(c)) == [.i32(t ? 3 : 4)])
            #expect(
                try inst.invoke("i64", .i64(Int64.min), .i64(Int64.max), .i32(c)) == [.i64(t ? Int64.min : Int64.max)])
            #expect(try inst.invoke("f32", .f32(-0.0), .f32(.nan), .i32(c)) == [t ? .f32(-0.0) : .f32(.nan)])
            #expect(try inst.invoke("f64", .f64(1e300), .f64(-.infinity), .i32(c)) == [.f64(t ? 1e300 : -.infinity)])
            #expect(try inst.invoke("i64_typed_computed", .i64(5), .i64(5), .i32(c)) == [.i64(c & 0x100 != 0 ? 6 : 4)])
            #expect(try inst.invoke("f32_computed", .f32(2), .f32(-3), .i32(c)) == [.f32(c == 0 ? -2 : 3)])
            #expect(try inst.invoke("ref", .i32(c)) == [.i32(t ? 1 : 0)])
        }
        #expect(try inst.invoke("const_true", .i32(1), .i32(2)) == [.i32(1)])
        #expect(try inst.invoke("const_false", .i32(1), .i32(2)) == [.i32(2)])
        #expect(try inst.invoke("slots_true") == [.i32(10)])
        #expect(try inst.invoke("slots_false") == [.i32(20)])
        #expect(try inst.invoke("slots_true_f") == [.f64(1.5)])
        #expect(try inst.invoke("slots_false_f") == [.f64(2.5)])
        #expect(try inst.invoke("slots_below") == [.i32(7), .i32(20)])
        #expect(try inst.invoke("cond_from_slot", .i32(0)) == [.i32(10)])
        #expect(try inst.invoke("eq_same", .i32(0)) == [.i32(0)])
        #expect(try inst.invoke("eq_same", .i32(9)) == [.i32(9)])
    }

    @Test("deep nesting: 300 blocks, br_table to every tenth level")
    func deepNesting() throws {
        let depth = 300
        var s = "(module (func (export \"deep\") (param i32) (result i32)\n"
        for k in 0..<depth { s += "(block $b\(k) (result i32) " }
        let targets = stride(from: 0, to: depth, by: 10).map { "$b\(depth - 1 - $0)" }
        s += "(local.get 0) (local.get 0) (br_table \(targets.joined(separator: " ")) $b0)\n"
        // Leaving $bk, the value passes k enclosing `end`s, each followed by +1.
        for k in stride(from: depth - 1, through: 0, by: -1) {
            s += ")" + (k > 0 ? " (i32.add (i32.const 1))\n" : "\n")
        }
        s += "))"
        let inst = try instantiate(s)
        for idx in [0, 1, 2, 15, 29, 30, 31, 1000, -1] {
            let k = idx >= 0 && idx < targets.count ? depth - 1 - 10 * idx : 0
            #expect(try inst.invoke("deep", .i32(Int32(idx))) == [.i32(Int32(idx + k))], "index \(idx)")
        }
    }
}

extension ControlTests {
    @Test("locals: lazy local.get values see the old value after local.set / local.tee")
    func localAliasing() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "alias") (param i32) (result i32)
                (local.get 0) (local.set 0 (i32.const 100)) (local.get 0) (i32.sub))
              (func (export "tee_alias") (param i32) (result i32)
                (local.get 0) (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.mul))
              (func (export "swap") (param i64 i64) (result i64 i64)
                (local.get 1) (local.get 0) (local.set 1) (local.set 0) (local.get 0) (local.get 1))
              (func (export "self_tee") (param f64) (result f64)
                (local.get 0) (local.tee 0 (local.get 0)) (f64.add))
              (func (export "through_block") (param i32) (result i32) (local i32)
                (local.get 0)
                (block (local.set 0 (i32.const 7)) (local.set 1 (local.get 0)))
                (local.get 1) (i32.mul)))
            """)
        #expect(try inst.invoke("alias", .i32(5)) == [.i32(5 - 100)])
        #expect(try inst.invoke("tee_alias", .i32(6)) == [.i32(6 * 7)])
        #expect(try inst.invoke("swap", .i64(1), .i64(-2)) == [.i64(-2), .i64(1)])
        #expect(try inst.invoke("self_tee", .f64(1.25)) == [.f64(2.5)])
        #expect(try inst.invoke("through_block", .i32(3)) == [.i32(21)])
    }
}

extension ControlTests {
    @Test("unreachable arms, blocks ended only by branches, many zero-initialised locals")
    func unreachableArmsAndLocals() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "then_traps") (param i32) (result i32)
                (if (result i32) (local.get 0) (then unreachable) (else (i32.const 1))))
              (func (export "else_returns") (param i32) (result i32)
                (i32.add (i32.const 10)
                  (if (result i32) (local.get 0) (then (i32.const 2)) (else (return (i32.const 3))))))
              (func (export "only_br") (param i32) (result i32)
                (block $b (result i32)
                  (loop $l (br $b (i32.mul (local.get 0) (i32.const 2))))
                  (unreachable)))
              (func $dirty (param i64) (result i64)
                (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                \((1...40).map { "(local.set \($0) (local.get 0))" }.joined(separator: " "))
                (local.get 40))
              (func (export "locals") (param i64) (result i64)
                (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
                (drop (call $dirty (local.get 0)))
                (local.get 1) \((2...20).map { "(local.get \($0)) (i64.or)" }.joined(separator: " "))
                (i64.reinterpret_f64 (local.get 21)) (i64.or)
                (i64.reinterpret_f64 (local.get 40)) (i64.or)
                (local.get 0) (i64.add)))
            """)
        expectTrap(.unreachable) { try inst.invoke("then_traps", .i32(1)) }
        #expect(try inst.invoke("then_traps", .i32(0)) == [.i32(1)])
        #expect(try inst.invoke("else_returns", .i32(1)) == [.i32(12)])
        #expect(try inst.invoke("else_returns", .i32(0)) == [.i32(3)])
        #expect(try inst.invoke("only_br", .i32(21)) == [.i32(42)])
        #expect(try inst.invoke("locals", .i64(0x5555)) == [.i64(0x5555)])
    }
}

// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; A few functions to compile while the bytes arrive: iterative and recursive Fibonacci, and a checker.
    (module
      (func $fib_rec (export "fib_rec") (param $n i32) (result i32)
        (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
          (then (local.get $n))
          (else (i32.add (call $fib_rec (i32.sub (local.get $n) (i32.const 1)))
                         (call $fib_rec (i32.sub (local.get $n) (i32.const 2)))))))
      (func $fib_iter (export "fib_iter") (param $n i32) (result i32)
        (local $a i32) (local $b i32) (local $t i32)
        (local.set $b (i32.const 1))
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $t (i32.add (local.get $a) (local.get $b)))
            (local.set $a (local.get $b))
            (local.set $b (local.get $t))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $next)))
        (local.get $a))
      (func (export "agree") (param $n i32) (result i32)
        (i32.eq (call $fib_rec (local.get $n)) (call $fib_iter (local.get $n)))))
    """#

// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; Recursive factorial over i64, exported as "fac".
    (module
      (func $fac (export "fac") (param $n i64) (result i64)
        (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
          (then (i64.const 1))
          (else
            (i64.mul (local.get $n)
                     (call $fac (i64.sub (local.get $n) (i64.const 1))))))))
    """#

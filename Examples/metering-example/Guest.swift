// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; Sums 0..<n in a loop: its cost grows with n, so a gas budget bounds how far it gets.
    (module
      (func (export "sum") (param $n i32) (result i64)
        (local $i i32) (local $acc i64)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $acc)))
    """#

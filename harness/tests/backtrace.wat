;; Traps under calls: the harness checks the wasm backtrace the trap exit records (assert_backtrace).
(module
  (memory 1)
  (func $inner (param i32) (result i32) (i32.div_u (i32.const 10) (local.get 0)))
  (func $middle (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
  (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func $viaTable (export "viaTable") (param i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
  (table funcref (elem $load))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (unreachable))
      (else (call $deep (i32.sub (local.get 0) (i32.const 1)))))))

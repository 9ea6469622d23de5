;; A host function that calls back into the guest, and one that throws.
(module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (import "host" "gas" (func $gas (result i64)))
  (memory (export "memory") 1)
  (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param i32) (result i32) (call $twice (local.get 0)))
  (func (export "fail") (call $fail))
  (func (export "gas") (result i64) (call $gas)))

;; Links against provider.wat: imports its function and memory.
(module
  (import "lib" "triple" (func $triple (param i32) (result i32)))
  (import "lib" "memory" (memory 1))
  (func (export "triple_plus_one") (param i32) (result i32) (i32.add (call $triple (local.get 0)) (i32.const 1)))
  (func (export "write") (param i32 i32) (i32.store (local.get 0) (local.get 1))))

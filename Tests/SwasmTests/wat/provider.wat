;; A library module another module links against.
(module
  (memory (export "memory") 1)
  (global (export "scale") (mut i32) (i32.const 3))
  (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "forty_two") (result i32) (i32.const 42)))

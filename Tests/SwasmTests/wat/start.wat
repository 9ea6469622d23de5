;; A start function that runs at instantiation and costs gas.
(module
  (global $ready (export "ready") (mut i32) (i32.const 0))
  (func $init
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (global.set $ready (i32.const 1)))
  (start $init)
  (func (export "spin") (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))))

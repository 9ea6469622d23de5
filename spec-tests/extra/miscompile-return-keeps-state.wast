;; Regression (issue 12, found by fuzz/difftest with fuzz/gen/swasmgen.py): a `br_if` (or a `br_table` stub) to the
;; function frame emits the return on the taken path only, but emitReturn changed the compile-time state while
;; doing so: it spilled `.local` results (marking them `.stack` although the fall-through path never wrote their
;; slots), and a single result could spill a register entry to make room. The fall-through then read stale slots.
;; Expected values from wabt 1.0.42 spectest-interp.
(module
  ;; Two results that are local reads: the fall-through must still read the locals.
  (func (export "two") (param i32 i32) (result i32 i32)
    local.get 0
    local.get 1
    local.get 1
    i32.eqz
    br_if 0
    i32.add
    local.get 0)
  ;; The same through br_table stubs: the function's stub is emitted first, then the block's stub must still
  ;; see the entries as local reads (the block's slots are written only on its own path).
  (func (export "two-table") (param i32 i32 i32) (result i32 i32)
    (block (result i32 i32)
      local.get 0
      local.get 1
      local.get 2
      br_table 1 0 1)
    drop
    drop
    local.get 1
    local.get 0)
  ;; One result, every operand register busy: returning the local must not spill a register value that the
  ;; fall-through path still holds in its register.
  (func (export "one") (param i32 i32 i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))
    (i32.add (local.get 0) (i32.const 2))
    (i32.add (local.get 0) (i32.const 3))
    (i32.add (local.get 0) (i32.const 4))
    (i32.add (local.get 0) (i32.const 5))
    (i32.add (local.get 0) (i32.const 6))
    local.get 2
    local.get 1
    br_if 0
    drop
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add)
  ;; Many results, some from params that result slots alias, some in registers.
  (func (export "many") (param i32 i64 i32 i64) (result i64 i32 i64 i32 i64)
    local.get 3
    local.get 2
    local.get 1
    local.get 0
    (i64.add (local.get 1) (local.get 3))
    local.get 0
    br_if 0
    (i64.const 100)
    (i32.const 200)
    (i64.const 300)
    (i32.const 400)
    (i64.const 500)
    return))
(assert_return (invoke "two" (i32.const 3) (i32.const 4)) (i32.const 7) (i32.const 3))
(assert_return (invoke "two" (i32.const 3) (i32.const 0)) (i32.const 3) (i32.const 0))
(assert_return (invoke "two-table" (i32.const 5) (i32.const 6) (i32.const 0)) (i32.const 5) (i32.const 6))
(assert_return (invoke "two-table" (i32.const 5) (i32.const 6) (i32.const 1)) (i32.const 6) (i32.const 5))
(assert_return (invoke "two-table" (i32.const 5) (i32.const 6) (i32.const 7)) (i32.const 5) (i32.const 6))
(assert_return (invoke "one" (i32.const 10) (i32.const 0) (i32.const 99)) (i32.const 81))
(assert_return (invoke "one" (i32.const 10) (i32.const 1) (i32.const 99)) (i32.const 99))
(assert_return (invoke "many" (i32.const 0) (i64.const 2) (i32.const 3) (i64.const 4))
  (i64.const 100) (i32.const 200) (i64.const 300) (i32.const 400) (i64.const 500))
(assert_return (invoke "many" (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4))
  (i64.const 4) (i32.const 3) (i64.const 2) (i32.const 1) (i64.const 6))

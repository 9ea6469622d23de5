;; Regression (issue 12): a register home read after a call came back as garbage when the callee used a runtime helper (memory.grow, bulk memory, tables): the helper path saved only the current function's homes, while rdi/rsi/r8/r9/xmm8-14 (x86-64) and x12-x15/v16-v30 (AArch64) may hold any caller's locals. Fixed by a helper-call stub that preserves every home the native ABI does not.
;; Expected values from wabt 1.0.42 spectest-interp.
(module
  (memory 1)
  (func $helper
    memory.size
    drop)
  (func (export "t") (param $n i32) (result i32) (local $i i32) (local $s i32)
    loop $l                                  ;; s = 0 + 1 + ... + 9
      local.get $s  local.get $i  i32.add  local.set $s
      local.get $i  i32.const 1  i32.add  local.tee $i
      i32.const 10  i32.lt_u  br_if $l
    end
    call $helper
    local.get $n  local.get $n  i32.mul      ;; n*n + s
    local.get $s  i32.add))
(assert_return (invoke "t" (i32.const 3)) (i32.const 54))

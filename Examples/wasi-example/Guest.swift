// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; A WASI command for the embedding tests: `_start` copies standard input to standard output in upper case and
    ;; exits with 7 if the input was empty; `entropy` writes 16 random bytes and two clock readings (24 bytes) to
    ;; standard output; `bad_write` passes an iovec outside memory and returns fd_write's errno.
    (module
      (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
      (memory (export "memory") 1)
      ;; iovec at 0: { buf = 64, len = 4096 }; result count at 16; data at 64.
      (func $write (param $len i32)
        (i32.store (i32.const 0) (i32.const 64))
        (i32.store (i32.const 4) (local.get $len))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
      (func (export "_start")
        (local $n i32) (local $i i32) (local $c i32) (local $total i32)
        (loop $more
          (i32.store (i32.const 0) (i32.const 64))
          (i32.store (i32.const 4) (i32.const 4096))
          (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
          (local.set $n (i32.load (i32.const 16)))
          (if (local.get $n)
            (then
              (local.set $i (i32.const 0))
              (loop $upper
                (local.set $c (i32.load8_u (i32.add (i32.const 64) (local.get $i))))
                (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                  (then (i32.store8 (i32.add (i32.const 64) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $upper (i32.lt_u (local.get $i) (local.get $n))))
              (call $write (local.get $n))
              (local.set $total (i32.add (local.get $total) (local.get $n)))
              (br $more))))
        (if (i32.eqz (local.get $total)) (then (call $proc_exit (i32.const 7)))))
      (func (export "entropy")
        (drop (call $random_get (i32.const 64) (i32.const 16)))
        (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 80)))
        (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 88)))
        (call $write (i32.const 32)))
      (func (export "bad_write") (result i32)
        (i32.store (i32.const 0) (i32.const 65530))
        (i32.store (i32.const 4) (i32.const 100))
        (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
    """#

// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; A guest that logs through the host, like Life's __life_log(ptr, len).
    (module
      (import "env" "__life_log" (func $log (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "Hello from wasm!")
      (data (i32.const 48) "The answer is 42.")
      (func (export "app_main") (result i32)
        (call $log (i32.const 16) (i32.const 16))
        (call $log (i32.const 48) (i32.const 17))
        (i32.const 0)))
    """#

// The guest module, in the WebAssembly text format: `Module(engine:wat:)` assembles it (WasmText).

let guestWat = #"""
    ;; Returns a pointer to a NUL-terminated string in its memory, like Wasmer's return_hello example.
    (module
      (memory (export "memory") 1)
      (data (i32.const 1024) "Hello, World!\00")
      (func (export "return_hello") (result i32)
        (i32.const 1024)))
    """#

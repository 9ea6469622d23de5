// Reads a string the guest returns as a pointer into its memory, like Wasmer's return_hello example.
import Glibc
import Swasm

do {
    let engine = Engine()
    let module = try Module(engine: engine, wat: guestWat)
    let instance = try module.instantiate()

    let returnHello = try instance.typedFunction("return_hello", Void.self, Int32.self)
    let pointer = try returnHello()
    let memory = try instance.memory(named: "memory")
    let hello = try memory.readCString(at: pointer)
    print("return_hello() -> \(pointer) -> \"\(hello)\"")
    guard hello == "Hello, World!" else { fatalError("unexpected string") }

    // The host can write into guest memory too, and read it back without copying.
    try memory.writeString("Hello, Swift!", at: pointer, nulTerminated: true)
    let length = memory.withUnsafeBytes { bytes in
        bytes[Int(pointer)...].firstIndex(of: 0)! - Int(pointer)
    }
    print("after the host's write: \"\(try memory.readCString(at: pointer))\" (\(length) bytes)")
} catch {
    print("error: \(error)")
    exit(1)
}

// A host function that logs a string the guest passes as (pointer, length), like Life's __life_log.
import Glibc
import Swasm

do {
    let engine = Engine()
    let module = try Module(engine: engine, wat: guestWat)
    print("imports: \(module.imports.map(\.description))")

    var logged: [String] = []
    let linker = Linker(engine: engine)
    // The signature (i32, i32) -> () comes from the closure's types.
    linker.define("env", "__life_log") { (caller: Caller, ptr: Int32, len: Int32) in
        let message = try caller.memory!.readString(at: ptr, count: Int(len))
        print("[guest] \(message)")
        logged.append(message)
    }
    let instance = try linker.instantiate(module)
    let status = try instance.call("app_main")
    print("app_main returned \(status)")
    guard logged == ["Hello from wasm!", "The answer is 42."] else { fatalError("unexpected log: \(logged)") }

    // A module whose import is not defined fails to link, naming the import.
    do {
        _ = try module.instantiate()
    } catch let error as LinkError {
        print("as expected: \(error)")
    }
} catch {
    print("error: \(error)")
    exit(1)
}

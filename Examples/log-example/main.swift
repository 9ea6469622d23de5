// A host function that logs a string the guest passes as (pointer, length), like Life's __life_log.
import Glibc
import Swasm

do {
    let engine = Engine()
    let module = try Module(engine: engine, wat: guestWat)
    print("imports: \(module.imports.map(\.description))")

    // Per-instance host state: given to `instantiate`, reached from host functions through `caller.userData`.
    final class Log { var lines: [String] = [] }
    let linker = Linker(engine: engine)
    // The signature (i32, i32) -> () comes from the closure's types.
    linker.define("env", "__life_log") { (caller: Caller, ptr: Int32, len: Int32) in
        let message = try caller.memory!.readString(at: ptr, count: Int(len))
        print("[guest] \(message)")
        caller.userData(as: Log.self)!.lines.append(message)
    }
    let log = Log()
    let instance = try linker.instantiate(module, userData: log)
    let status = try instance.call("app_main")
    print("app_main returned \(status)")
    let logged = log.lines
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

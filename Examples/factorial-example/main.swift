// Calls a wasm factorial export from Swift, typed and untyped.
import Glibc
import Swasm

do {
    let engine = Engine()
    let module = try Module(engine: engine, wat: guestWat)
    let instance = try module.instantiate()

    // Typed: the signature (i64) -> i64 is checked once, here; calls pass native Swift values.
    let fac = try instance.typedFunction("fac", Int64.self, Int64.self)
    for n: Int64 in [0, 1, 5, 10, 20] {
        print("fac(\(n)) = \(try fac(n))")
    }
    guard try fac(20) == 2_432_902_008_176_640_000 else { fatalError("wrong factorial") }

    // Untyped: values as `Value`, checked on every call.
    let results = try instance.call("fac", .i64(12))
    print("call(\"fac\", 12) = \(results)")
    guard results == [.i64(479_001_600)] else { fatalError("wrong factorial") }

    // Asking for the wrong signature is an error, not a crash.
    do {
        _ = try instance.typedFunction("fac", Int32.self, Int32.self)
    } catch let error as ExportError {
        print("as expected: \(error)")
    }
} catch {
    print("error: \(error)")
    exit(1)
}

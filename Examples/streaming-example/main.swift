// Streaming compilation: the module is compiled while its bytes arrive in chunks (here: a simulated download).
import Glibc
import Swasm

/// The binary module the "download" delivers.
let guestWasm = try Module.assemble(wat: Array(guestWat.utf8))

/// Yields `bytes` in chunks of `size`, pausing between chunks like a slow network.
func download(_ bytes: [UInt8], chunkSize size: Int) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
        Task {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + size, bytes.count)
                continuation.yield(Array(bytes[offset..<end]))
                offset = end
                try? await Task.sleep(nanoseconds: 1_000_000)
            }
            continuation.finish()
        }
    }
}

do {
    let engine = Engine()
    let module = try await Module(
        engine: engine, streaming: download(guestWasm, chunkSize: 16),
        expectedSize: guestWasm.count)
    print("compiled \(guestWasm.count) bytes in 16-byte chunks: \(module.exports.map(\.name))")
    let instance = try module.instantiate()
    let fib = try instance.typedFunction("fib_iter", Int32.self, Int32.self)
    let agree = try instance.typedFunction("agree", Int32.self, Int32.self)
    print("fib(20) = \(try fib(20)), recursive and iterative agree: \(try agree(20) == 1)")
    guard try fib(20) == 6765, try agree(20) == 1 else { fatalError("wrong Fibonacci") }

    // A truncated download is reported with the offset where the module ended.
    do {
        _ = try await Module(engine: engine, streaming: download(Array(guestWasm.prefix(50)), chunkSize: 16))
    } catch let error as WasmError {
        print("as expected: \(error)")
    }
} catch {
    print("error: \(error)")
    exit(1)
}

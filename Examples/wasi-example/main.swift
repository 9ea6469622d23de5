// Runs a WASI program inside a Swift process with in-memory standard streams: the input is a byte array, the
// output is collected in a buffer, nothing touches the terminal or the file system.
//
//   swift run wasi-example

import Swasm
import SwasmWASI

let engine = Engine()
let module = try Module(engine: engine, wat: guestWat)

var configuration = WASIConfiguration(arguments: ["echo"])
configuration.stdin = .bytes(Array("hello from the host\n".utf8))
let output = OutputBuffer()
configuration.stdout = .buffer(output)

let wasi = try WASI(configuration: configuration)
let linker = Linker(engine: engine)
wasi.define(in: linker)
let instance = try linker.instantiate(module)
let exitCode = try wasi.run(instance)

print("exit code: \(exitCode)")
print("the guest wrote: \(output.text)", terminator: "")

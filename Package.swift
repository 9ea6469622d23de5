// swift-tools-version:6.0
// swasm: a WebAssembly runtime with a single-pass native code emitter.
// No package dependencies: the toolchain only. Core targets import Glibc, not Foundation.
import PackageDescription

let package = Package(
    name: "swasm",
    products: [
        .executable(name: "swasm", targets: ["swasm"]),
        .library(name: "Swasm", targets: ["Swasm"]),
        .library(name: "SwasmABI", targets: ["SwasmABI"]),
        .library(name: "SwasmWASI", targets: ["SwasmWASI"]),
        .library(name: "SwasmCompiler", targets: ["SwasmCompiler"]),
        .library(name: "SwasmRuntime", targets: ["SwasmRuntime"]),
        .library(name: "WasmDecoder", targets: ["WasmDecoder"]),
        .library(name: "WasmText", targets: ["WasmText"]),
        .library(name: "AssemblerCore", targets: ["AssemblerCore"]),
        .library(name: "X86_64", targets: ["X86_64"]),
        .library(name: "AArch64", targets: ["AArch64"])
    ],
    targets: [
        // Assemblers: know nothing of wasm.
        .target(name: "AssemblerCore", path: "Assemblers/Core"),
        .target(name: "X86_64", dependencies: ["AssemblerCore"], path: "Assemblers/X86_64"),
        .target(name: "AArch64", dependencies: ["AssemblerCore"], path: "Assemblers/AArch64"),
        // Streaming decoder + validator: knows no machine code.
        .target(name: "WasmDecoder", path: "Sources/WasmDecoder"),
        // The runtime/compiler contract: VM-context, function-reference and table layouts, runtime helpers, trap
        // codes, CompiledCode/TrapSite, the cost model and the artifact format. Data only, no machinery.
        .target(name: "SwasmABI", dependencies: ["WasmDecoder"], path: "Sources/SwasmABI"),
        // The text format: .wat modules to binary ones (the decoder's types only; one validation path).
        .target(name: "WasmText", dependencies: ["WasmDecoder"], path: "Sources/WasmText"),
        // Runtime: memory, traps, VM context, instances. Does not depend on the compiler.
        .target(name: "SwasmRuntime", dependencies: ["WasmDecoder", "SwasmABI"], path: "Sources/SwasmRuntime"),
        // Single-pass code generator: arch-neutral CodeGen over a MacroAssembler per arch.
        .target(
            name: "SwasmCompiler", dependencies: ["WasmDecoder", "AssemblerCore", "X86_64", "AArch64", "SwasmABI"],
            path: "Sources/SwasmCompiler"),
        // Public embedding API: Engine → Module → Instance, imports/Linker, Memory/Global/Table, typed calls.
        .target(
            name: "Swasm", dependencies: ["SwasmABI", "SwasmRuntime", "SwasmCompiler", "WasmDecoder", "WasmText"],
            path: "Sources/Swasm"),
        .executableTarget(
            name: "factorial-example", dependencies: ["Swasm"], path: "Examples/factorial-example"),
        .executableTarget(
            name: "log-example", dependencies: ["Swasm"], path: "Examples/log-example"),
        .executableTarget(
            name: "hello-string-example", dependencies: ["Swasm"], path: "Examples/hello-string-example"),
        .executableTarget(
            name: "metering-example", dependencies: ["Swasm"], path: "Examples/metering-example"),
        .executableTarget(
            name: "streaming-example", dependencies: ["Swasm"], path: "Examples/streaming-example"),
        .executableTarget(
            name: "wasi-example", dependencies: ["Swasm", "SwasmWASI"], path: "Examples/wasi-example"),
        // WASI preview1 (wasi_snapshot_preview1) on the public library: plugged in through a Linker.
        .target(name: "SwasmWASI", dependencies: ["Swasm"], path: "Sources/SwasmWASI"),
        // The spec-test runner (wast2json scripts), a client of the public library like any embedder.
        .target(name: "SwasmSpecTest", dependencies: ["Swasm", "WasmText"], path: "Sources/SwasmSpecTest"),
        // Command-line tool (may use Foundation): a client of the public library (tool verbs use `@_spi(Tools)`).
        // Release builds link the Swift runtime statically: no shared-library loading at start-up (a cold
        // `swasm run hello.wasm` takes under 5 ms; docs/BENCHMARKS.md). Debug builds do not: the test bundle links
        // this target too. `--no-export-dynamic` undoes the runtime's `-export-dynamic`: nothing looks up the
        // tool's own symbols, and the Swift runtime's start-up `dladdr` scans the dynamic symbol table (10,000
        // symbols exported: 0.45 ms of every process's start).
        .executableTarget(
            name: "swasm", dependencies: ["Swasm", "SwasmWASI", "SwasmSpecTest"], path: "Sources/swasm",
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-Xlinker", "--no-export-dynamic"],
                    .when(platforms: [.linux], configuration: .release))
            ]),

        .testTarget(
            name: "AssemblerTests", dependencies: ["AssemblerCore", "X86_64", "AArch64"],
            path: "Tests/AssemblerTests", exclude: ["Golden"]),
        .testTarget(name: "WasmDecoderTests", dependencies: ["WasmDecoder"], path: "Tests/WasmDecoderTests"),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmText", "WasmDecoder"], path: "Tests/WasmTextTests"),
        .testTarget(
            name: "CLITests", dependencies: ["swasm", "SwasmABI", "SwasmCompiler", "SwasmRuntime", "WasmDecoder"],
            path: "Tests/CLITests"),
        .testTarget(name: "RuntimeTests", dependencies: ["SwasmABI", "SwasmRuntime"], path: "Tests/RuntimeTests"),
        .testTarget(
            name: "SwasmTests",
            dependencies: [
                "Swasm", "SwasmWASI", "factorial-example", "log-example", "hello-string-example",
                "metering-example", "streaming-example", "wasi-example"
            ],
            path: "Tests/SwasmTests", exclude: ["wat"]),
        .testTarget(
            name: "CompilerTests",
            dependencies: ["SwasmABI", "SwasmCompiler", "SwasmRuntime", "WasmDecoder", "WasmText"],
            path: "Tests/CompilerTests", exclude: ["Snapshots"])
    ]
)

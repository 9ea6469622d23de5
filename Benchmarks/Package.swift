// swift-tools-version:6.0
// Benchmarks for swasm, kept in their own package so the main package stays dependency-free.
// Build and run in release: `swift run -c release --package-path Benchmarks <target>`.
import PackageDescription

let package = Package(
    name: "swasm-benchmarks",
    dependencies: [.package(name: "swasm", path: "..")],
    targets: [
        .executableTarget(name: "EmitBenchX86", dependencies: [.product(name: "X86_64", package: "swasm")],
                          path: "Sources/EmitBenchX86"),
        .executableTarget(name: "EmitBenchAArch64", dependencies: [.product(name: "AArch64", package: "swasm")],
                          path: "Sources/EmitBenchAArch64"),
        .executableTarget(name: "CompileBench", dependencies: [.product(name: "SwasmCompiler", package: "swasm"),
                                                               .product(name: "SwasmRuntime", package: "swasm"),
                                                               .product(name: "SwasmABI", package: "swasm"),
                                                               .product(name: "WasmDecoder", package: "swasm")],
                          path: "Sources/CompileBench"),
        .executableTarget(name: "ScalingBench", dependencies: [.product(name: "SwasmCompiler", package: "swasm"),
                                                               .product(name: "SwasmABI", package: "swasm"),
                                                               .product(name: "SwasmRuntime", package: "swasm"),
                                                               .product(name: "WasmDecoder", package: "swasm")],
                          path: "Sources/ScalingBench"),
        .executableTarget(name: "DensityBench", dependencies: [.product(name: "Swasm", package: "swasm")],
                          path: "Sources/DensityBench"),
        .executableTarget(name: "DecodeBench", dependencies: [.product(name: "WasmDecoder", package: "swasm")],
                          path: "Sources/DecodeBench"),
        .executableTarget(name: "CallBench", dependencies: [.product(name: "Swasm", package: "swasm")],
                          path: "Sources/CallBench"),
    ]
)

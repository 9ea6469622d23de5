// The layer rules of docs/ARCHITECTURE.md, checked on the sources: which target may import which.

import Foundation
import Testing

@Suite struct LayerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Module names imported by the Swift files under `directory` (file → imports).
    static func imports(under directory: String) throws -> [String: Set<String>] {
        let base = root.appendingPathComponent(directory)
        let files = try #require(FileManager.default.enumerator(atPath: base.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no Swift files under \(directory)")
        var result: [String: Set<String>] = [:]
        for file in files {
            let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
            var modules: Set<String> = []
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                    words[..<i].allSatisfy({ $0.hasPrefix("@") })
                else { continue }
                modules.insert(String(words[i + 1]))
            }
            result["\(directory)/\(file)"] = modules
        }
        return result
    }

    func expectNoImports(
        under directory: String, of forbidden: Set<String>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (file, modules) in try Self.imports(under: directory) {
            let bad = modules.intersection(forbidden)
            #expect(bad.isEmpty, "\(file) imports \(bad.sorted())", sourceLocation: sourceLocation)
        }
    }

    @Test func theCLIIsAClientOfThePublicLibrary() throws {
        try expectNoImports(
            under: "Sources/swasm", of: ["SwasmRuntime", "SwasmCompiler", "WasmDecoder", "SwasmABI", "AssemblerCore"])
        try expectNoImports(
            under: "Sources/SwasmSpecTest", of: ["SwasmRuntime", "SwasmCompiler", "WasmDecoder", "SwasmABI"])
        // WASI plugs into the public library only.
        try expectNoImports(
            under: "Sources/SwasmWASI", of: ["SwasmRuntime", "SwasmCompiler", "WasmDecoder", "SwasmABI", "Foundation"])
    }

    @Test func runtimeAndCompilerMeetOnlyInTheABI() throws {
        try expectNoImports(under: "Sources/SwasmRuntime", of: ["SwasmCompiler", "Swasm", "AssemblerCore"])
        try expectNoImports(under: "Sources/SwasmCompiler", of: ["SwasmRuntime", "Swasm"])
        try expectNoImports(under: "Sources/SwasmABI", of: ["SwasmRuntime", "SwasmCompiler", "Swasm", "AssemblerCore"])
    }

    @Test func assemblersKnowNoWasmAndTheDecoderNoMachineCode() throws {
        for arch in ["Assemblers/Core", "Assemblers/X86_64", "Assemblers/AArch64"] {
            try expectNoImports(under: arch, of: ["WasmDecoder", "SwasmABI", "SwasmRuntime", "SwasmCompiler", "Swasm"])
        }
        try expectNoImports(
            under: "Sources/WasmText",
            of: [
                "AssemblerCore", "X86_64", "AArch64", "SwasmABI", "SwasmRuntime", "SwasmCompiler", "Swasm", "Foundation"
            ])
        try expectNoImports(
            under: "Sources/WasmDecoder",
            of: ["AssemblerCore", "X86_64", "AArch64", "SwasmABI", "SwasmRuntime", "SwasmCompiler", "Swasm"])
    }

    @Test func coreModulesUseGlibcNotFoundation() throws {
        for target in [
            "Sources/WasmDecoder", "Sources/WasmText", "Sources/SwasmABI", "Sources/SwasmRuntime",
            "Sources/SwasmCompiler",
            "Sources/Swasm", "Assemblers/Core", "Assemblers/X86_64", "Assemblers/AArch64"
        ] {
            try expectNoImports(under: target, of: ["Foundation"])
        }
    }
}

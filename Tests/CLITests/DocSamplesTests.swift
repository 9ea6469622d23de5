// Every ```swift sample of README.md and docs/EMBEDDING.md compiles against the public library (issue 18): the
// samples are extracted, each wrapped in its own function, and type-checked by `swiftc` in Swift 6 mode against
// the modules of this build.

import Foundation
import Testing

enum DocSamples {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let documents = ["README.md", "docs/EMBEDDING.md"]

    /// Names the samples use without defining them (they stand for what the reader already has), given to each
    /// sample's function as parameters; a sample may shadow them with its own.
    static let givens = """
        engine: Engine, module: Module, instance: Instance, linker: Linker, wasmBytes: [UInt8], wasm: [UInt8],
        libModule: Module, appModule: Module, chunks: AsyncStream<[UInt8]>, contentLength: Int
        """

    struct Sample {
        var document: String
        var line: Int
        var code: [String]
    }

    /// The ```swift blocks of `document`. A block whose first line is `// Package.swift` is a manifest fragment,
    /// not library code: it is left out (and counted).
    static func samples(in document: String) throws -> (samples: [Sample], manifests: Int) {
        let text = try String(contentsOf: repo.appendingPathComponent(document), encoding: .utf8)
        var samples: [Sample] = []
        var manifests = 0
        var current: Sample?
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if var s = current {
                if line.hasPrefix("```") {
                    if s.code.first?.hasPrefix("// Package.swift") == true { manifests += 1 } else { samples.append(s) }
                    current = nil
                } else {
                    s.code.append(String(line))
                    current = s
                }
            } else if line == "```swift" {
                current = Sample(document: document, line: n + 1, code: [])
            }
        }
        return (samples, manifests)
    }

    /// One source file per sample: its imports first (with `import Swasm`), the rest in an `async throws`
    /// function taking the givens.
    static func source(_ s: Sample, index: Int) -> String {
        let imports = s.code.filter { $0.hasPrefix("import ") }
        let body = s.code.filter { !$0.hasPrefix("import ") }
        return """
            // \(s.document):\(s.line)
            import Swasm
            \(imports.joined(separator: "\n"))

            func docSample\(index)(\(givens)) async throws {
            \(body.joined(separator: "\n"))
            }

            """
    }
}

@Suite struct DocSamplesTests {
    @Test func everySampleCompiles() throws {
        var all: [DocSamples.Sample] = []
        var manifests = 0
        for d in DocSamples.documents {
            let (s, m) = try DocSamples.samples(in: d)
            #expect(!s.isEmpty, "no samples found in \(d)")
            all += s
            manifests += m
        }
        #expect(manifests == 1) // EMBEDDING.md's Package.swift line; nothing else is skipped
        let bin = try #require(SwasmBinary.url, "swasm binary not found next to the test bundle; build it first")
        let modules = bin.deletingLastPathComponent().appendingPathComponent("Modules")
        let dir = try TempDir()
        var files: [String] = []
        for (i, s) in all.enumerated() {
            let path = dir.url.appendingPathComponent("sample\(i).swift").path
            try DocSamples.source(s, index: i).write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let log = dir.url.appendingPathComponent("swiftc.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments =
            ["swiftc", "-typecheck", "-swift-version", "6", "-parse-as-library", "-I", modules.path] + files
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Errors name the sample file; its first line names the document and line of the sample.
        var located = output
        for (i, s) in all.enumerated() {
            located = located.replacingOccurrences(of: files[i], with: "\(s.document) sample at line \(s.line)")
        }
        #expect(p.terminationStatus == 0, "doc samples do not compile:\n\(located)")
    }
}

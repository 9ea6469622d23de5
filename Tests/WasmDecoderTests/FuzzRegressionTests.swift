// Replays every input in fuzz/regressions/ (crashers, timeouts and interesting seeds from fuzz/run.sh):
// decoding must not crash or hang — an error or success are both fine — and the one-piece and
// 1-byte-chunk streaming paths must agree exactly (same ModuleInfo, or the same WasmError).
import Glibc
import Testing

@testable import WasmDecoder

enum FuzzRegressions {
    /// <repo>/fuzz/regressions, from this file's path (<repo>/Tests/WasmDecoderTests/FuzzRegressionTests.swift).
    static var directory: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/fuzz/regressions"
    }

    static var files: [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".wasm") { names.append(name) }
        }
        return names.sorted()
    }

    static func read(_ name: String) -> [UInt8]? {
        guard let f = fopen(directory + "/" + name, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }
}

@Suite struct FuzzRegressionTests {
    @Test func corpusIsPresent() {
        #expect(FuzzRegressions.files.count >= 3, "no inputs in \(FuzzRegressions.directory)")
    }

    @Test(arguments: FuzzRegressions.files)
    func replay(_ name: String) throws {
        let bytes = try #require(FuzzRegressions.read(name))
        let oneShot = Result { () throws(WasmError) -> ModuleInfo in try validateModule(bytes) }
        let streamed = Result { () throws(WasmError) -> ModuleInfo in
            var p = ModuleParser()
            for b in bytes { try p.feed(CollectionOfOne(b)) }
            return try p.finish()
        }
        #expect(oneShot == streamed, "\(name): one-piece and 1-byte streaming disagree")
    }
}

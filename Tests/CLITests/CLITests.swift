// Runs the built `swasm` executable and checks its exit codes and output.

import Foundation
import Testing

/// Locates the `swasm` binary built alongside this test bundle.
enum SwasmBinary {
    static let url: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["SWASM_BIN"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        // The test runner (swiftpm-testing-helper or the .xctest bundle) lives in .build/<triple>/<config>/.
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let arg0 = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: arg0).deletingLastPathComponent())
        }
        for b in Bundle.allBundles where b.bundleURL.pathExtension == "xctest" {
            dirs.append(b.bundleURL.deletingLastPathComponent())
        }
        for d in dirs {
            // Walk up a few levels: bundle layouts differ between platforms.
            var dir = d.standardizedFileURL
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("swasm"))
                dir.deleteLastPathComponent()
            }
        }
        // Fallback: <repo>/.build/debug/swasm from this source file's location.
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug/swasm"))
        return candidates.first { url in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
                && fm.isExecutableFile(atPath: url.path)
        }
    }()
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
}

func swasm(_ args: [String], stdin: [UInt8]? = nil, directory: String? = nil) throws -> RunResult {
    let bin = try #require(SwasmBinary.url, "swasm binary not found next to the test bundle; build it first")
    // Output goes to files, not pipes: no deadlock on a full pipe, no reader threads.
    let dir = try TempDir()
    let outURL = dir.url.appendingPathComponent("stdout")
    let errURL = dir.url.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
        try? out.close()
        try? err.close()
    }
    let p = Process()
    p.executableURL = bin
    p.arguments = args
    p.standardOutput = out
    p.standardError = err
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let stdin {
        let inURL = dir.url.appendingPathComponent("stdin")
        try Data(stdin).write(to: inURL)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        p.standardInput = FileHandle.nullDevice
    }
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationReason == .exit, "swasm was killed by a signal")
    let outData = try Data(contentsOf: outURL)
    let errData = try Data(contentsOf: errURL)
    return RunResult(
        status: p.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A temporary directory holding the test inputs, removed at the end.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let f = url.appendingPathComponent(name)
        try Data(bytes).write(to: f)
        return f.path
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Unsigned LEB128.
func uleb(_ value: Int) -> [UInt8] {
    var v = value
    var out: [UInt8] = []
    repeat {
        out.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0))
        v >>= 7
    } while v != 0
    return out
}

enum Modules {
    /// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    static let valid: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type section
        0x03, 0x02, 0x01, 0x00, // function section
        0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export "add"
        0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b // code
    ]
    static let empty: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
    /// `valid` cut in the middle of the code section.
    static let truncated: [UInt8] = Array(valid.prefix(valid.count - 4))
    static let garbage: [UInt8] = Array("this is not a wasm module\n".utf8)
    /// Well-formed, but i32.add on an empty stack: invalid.
    static let invalid: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
        0x03, 0x02, 0x01, 0x00,
        0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b
    ]
}

@Suite struct ValidateCLITests {
    func expectRejected(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, sourceLocation: sourceLocation)
        #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(r.stderr.contains(" at offset "), sourceLocation: sourceLocation)
    }

    @Test func validModule() throws {
        let dir = try TempDir()
        for m in [Modules.valid, Modules.empty] {
            let r = try swasm(["validate", try dir.write("ok.wasm", m)])
            #expect(r.status == 0)
            #expect(r.stderr.isEmpty)
        }
    }

    @Test func truncatedModule() throws {
        let dir = try TempDir()
        expectRejected(try swasm(["validate", try dir.write("cut.wasm", Modules.truncated)]))
    }

    @Test func everyPrefixIsRejectedCleanly() throws {
        let dir = try TempDir()
        for n in [1, 4, 7, 9, 12, 20] {
            expectRejected(try swasm(["validate", try dir.write("p\(n).wasm", Array(Modules.valid.prefix(n)))]))
        }
        expectRejected(try swasm(["validate", try dir.write("zero.wasm", [])]))
    }

    @Test func garbageFile() throws {
        let dir = try TempDir()
        let r = try swasm(["validate", try dir.write("junk.wasm", Modules.garbage)])
        expectRejected(r)
        #expect(r.stderr.contains("at offset 0"))
    }

    @Test func invalidModule() throws {
        let dir = try TempDir()
        let r = try swasm(["validate", try dir.write("bad.wasm", Modules.invalid)])
        expectRejected(r)
        #expect(r.stderr.contains("type mismatch"))
    }

    @Test func missingFile() throws {
        let dir = try TempDir()
        let r = try swasm(["validate", dir.url.appendingPathComponent("nope.wasm").path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "))
    }

    @Test func directoryIsUsageError() throws {
        let dir = try TempDir()
        let r = try swasm(["validate", dir.url.path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "))
    }

    @Test func standardInputFileOrPipe() throws {
        let dir = try TempDir()
        // "-" is standard input: a regular file (mapped) or a pipe (read).
        #expect(try swasm(["validate", "-"], stdin: Modules.valid).status == 0)
        expectRejected(try swasm(["validate", "-"], stdin: Modules.invalid))
        let bin = try #require(SwasmBinary.url).path
        let valid = try dir.write("ok.wasm", Modules.valid)
        let piped = try swasm(["run", "--invoke", "add", "-", "2", "3"], stdin: Modules.valid)
        #expect(piped.stdout == "5\n")
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", "cat \"$1\" | \"$0\" validate - && cat \"$1\" | \"$0\" validate /dev/stdin", bin, valid]
        try sh.run()
        sh.waitUntilExit()
        #expect(sh.terminationStatus == 0)
    }

    @Test func largeCustomSectionsAreSkipped() throws {
        let dir = try TempDir()
        // A 3 MB custom section (like DWARF) after the code: valid, listed by `inspect` with its size.
        let payload = [UInt8](repeating: 0xA5, count: 3_000_000)
        let debug = [0x00] + uleb(12 + payload.count) + [11] + Array(".debug_info".utf8) + payload
        let path = try dir.write("debug.wasm", Modules.valid + debug)
        #expect(try swasm(["validate", path]).status == 0)
        #expect(try swasm(["inspect", path]).stdout.contains("custom sections: .debug_info (3000000 bytes)"))
        // Its name's length runs past its end: malformed, at the length's offset.
        let body = uleb(payload.count + 100) + Array(".debug_info".utf8) + payload
        let r = try swasm(["validate", try dir.write("bad.wasm", Modules.valid + [0x00] + uleb(body.count) + body)])
        expectRejected(r)
        #expect(r.stderr.contains("length out of bounds at offset \(Modules.valid.count + 1 + uleb(body.count).count)"))
    }

    @Test func usageErrors() throws {
        for args in [["validate"], ["validate", "--bogus", "x.wasm"], [], ["frobnicate"], ["spectest"]] {
            let r = try swasm(args)
            #expect(r.status == 2, "args: \(args)")
            #expect(r.stderr.hasPrefix("error: "), "args: \(args)")
        }
    }

    @Test func help() throws {
        for args in [["--help"], ["validate", "--help"], ["spectest", "--help"]] {
            let r = try swasm(args)
            #expect(r.status == 0, "args: \(args)")
            #expect(r.stdout.contains("usage:"), "args: \(args)")
        }
    }
}

@Suite struct SpecTestCLITests {
    // A script of every kind of command; its lines matter (the failures name them).
    static let script = """
        (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        (assert_return (invoke "add" (i32.const 1) (i32.const 4294967295)) (i32.const 0))
        (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 6))
        (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
        (assert_malformed (module quote "(func i32.const)") "unexpected token")
        (assert_invalid (module (func (export "ok") (result i32) (i32.const 1))) "type mismatch")
        (module (import "spectest" "global_i32" (global i32)) (func (export "g") (result i32) global.get 0))
        (assert_return (invoke "g") (i32.const 666))
        (module (func (export "t") unreachable))
        (assert_trap (invoke "t") "unreachable")
        (assert_return (invoke "t"))
        (module (func (export "v") (result v128) v128.const i32x4 0 0 0 0))
        (assert_return (invoke "v") (v128.const f32x4 nan:canonical 0 1 nan:arithmetic))
        """

    func writeScript(_ dir: TempDir) throws -> String {
        try dir.write("t.wast", Array(Self.script.utf8))
    }

    @Test func runsAScript() throws {
        let dir = try TempDir()
        let path = try writeScript(dir)
        let r = try swasm(["spectest", "--arch", "x86_64", path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.last == "spec x86_64: 9 passed, 4 failed, 0 skipped (0 text not run)")
        #expect(lines.first == "t.wast: 9 passed, 4 failed, 0 skipped (0 text not run)")
        #expect(r.stdout.contains("FAIL line 3: assert_return: \"add\"(i32:2, i32:3): expected [i32:6], got [i32:5]"))
        #expect(r.stdout.contains("FAIL line 6:"))
        #expect(r.stdout.contains("FAIL line 11: assert_return: \"t\"(): expected [], trapped: unreachable"))
        // v128 results are checked lane by lane, NaN classes included.
        #expect(
            r.stdout.contains(
                "FAIL line 13: assert_return: \"v\"(): expected [v128:f32x4[nan:canonical 0 1065353216 nan:arithmetic]], got [v128:f32x4[0 0 0 0]]"
            ), "\(r.stdout)")
    }

    /// The same script through `swasm wast2json` and the runner's JSON reader: the same counts.
    @Test func runsAConvertedScript() throws {
        let dir = try TempDir()
        let path = try writeScript(dir)
        let json = dir.url.appendingPathComponent("t.json").path
        #expect(try swasm(["wast2json", path, "-o", json]).status == 0)
        let r = try swasm(["spectest", "--arch", "x86_64", json])
        #expect(r.status == 1)
        #expect(
            r.stdout.split(separator: "\n").last == "spec x86_64: 9 passed, 4 failed, 0 skipped (0 text not run)",
            "\(r)")
    }

    @Test func otherArchOnlyValidates() throws {
        let dir = try TempDir()
        let path = try writeScript(dir)
        let r = try swasm(["spectest", "--arch", "aarch64", path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.last == "spec aarch64: 6 passed, 1 failed, 6 skipped (0 text not run)")
        #expect(r.stdout.contains("aarch64 execution needs the qemu harness (issue #5)"))
    }
}

import Foundation
import Testing

@testable import WasmDecoder

/// `FileBytes`: regular files are mapped, anything else read; errors carry the `errno`.
@Suite struct FileBytesTests {
    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-filebytes-\(UUID().uuidString)")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aRegularFileIsMapped() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let path = try temporaryFile(bytes)
        defer { unlink(path) }
        let file = try FileBytes(contentsOf: path)
        #expect(file.isMapped)
        #expect(file.count == bytes.count)
        #expect(Array(file) == bytes)
        #expect(file.withContiguousStorageIfAvailable { $0.baseAddress } == file.bytes.baseAddress)
    }

    @Test func aModuleDecodesFromTheMapping() throws {
        let m = module(bodies: [[0x00, 0x0B]]) + section(0, name("name") + [1, 4] + vec([[0] + name("f")]))
        let path = try temporaryFile(m)
        defer { unlink(path) }
        let info = try validateModule(try FileBytes(contentsOf: path))
        #expect(info.functionNames == [0: "f"])
    }

    @Test func aPipeIsRead() throws {
        // More than a pipe's buffer, written while it is read: the read path grows its buffer.
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + done, $0.count - done) }
                if n <= 0 { break }
                done += n
            }
            close(writeEnd)
        }
        writer.start()
        let file = try FileBytes(contentsOf: "/dev/fd/\(readEnd)")
        close(readEnd)
        #expect(!file.isMapped)
        #expect(Array(file) == bytes)
    }

    @Test func emptyFilesAndBytesInMemory() throws {
        let path = try temporaryFile([])
        defer { unlink(path) }
        let empty = try FileBytes(contentsOf: path)
        #expect(empty.isEmpty)
        #expect(!empty.isMapped)
        let copy = FileBytes(copying: [1, 2, 3])
        #expect(Array(copy) == [1, 2, 3])
        #expect(FileBytes(copying: []).isEmpty)
    }

    @Test func errorsCarryErrno() {
        #expect(throws: FileBytes.Failure(errno: ENOENT)) { try FileBytes(contentsOf: "/nonexistent/x.wasm") }
        #expect(throws: FileBytes.Failure(errno: EISDIR)) {
            try FileBytes(contentsOf: FileManager.default.temporaryDirectory.path)
        }
    }
}

import Glibc
@_spi(Tools) import Swasm
import Testing

/// Artifacts and other tool output are written through a temporary file put in place atomically: over an existing
/// file by swapping the two (`RENAME_EXCHANGE`, which does not make ext4 write the file out before returning), else
/// by a rename. Either way the path ends up holding the new bytes as a regular file, nothing else is left behind,
/// and what cannot be replaced is reported.
@Suite struct ArtifactFileTests {
    /// A path in a directory of its own (tests run in parallel, and `leftovers` lists the directory).
    static func scratch(_ name: String) -> String {
        let dir = "/tmp/swasm-artifactfile-\(getpid())-\(name)"
        mkdir(dir, 0o755)
        return dir + "/" + name
    }

    static func read(_ path: String) throws -> [UInt8] { try readWholeFile(path) }

    static func leftovers(_ path: String) -> [String] {
        let dir = String(path[..<path.lastIndex(of: "/")!])
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let n = withUnsafeBytes(of: e.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if n.contains(".tmp") { names.append(n) }
        }
        return names
    }

    @Test func writesANewFile() throws {
        let path = Self.scratch("new.bin")
        unlink(path)
        try writeWholeFile(path, [1, 2, 3])
        #expect(try Self.read(path) == [1, 2, 3])
        #expect(Self.leftovers(path).isEmpty)
    }

    @Test func replacesAnExistingFileWholly() throws {
        let path = Self.scratch("old.bin")
        try writeWholeFile(path, [UInt8](repeating: 7, count: 100_000))
        var before = stat()
        lstat(path, &before)
        try writeWholeFile(path, [9, 8])
        #expect(try Self.read(path) == [9, 8])
        var after = stat()
        lstat(path, &after)
        #expect(after.st_ino != before.st_ino) // a new file, not the old one rewritten
        #expect(Self.leftovers(path).isEmpty) // the old file is gone too
    }

    @Test func replacesASymlinkNotItsTarget() throws {
        let target = Self.scratch("target.bin")
        let link = String(target.dropLast("target.bin".count)) + "link.bin"
        try writeWholeFile(target, [1])
        unlink(link)
        symlink(target, link)
        try writeWholeFile(link, [2])
        var st = stat()
        lstat(link, &st)
        #expect(st.st_mode & S_IFMT == S_IFREG)
        #expect(try Self.read(link) == [2])
        #expect(try Self.read(target) == [1])
    }

    @Test func refusesToReplaceADirectory() throws {
        let dir = Self.scratch("adir")
        mkdir(dir, 0o755)
        #expect(throws: FileError.self) { try writeWholeFile(dir, [1]) }
        var st = stat()
        lstat(dir, &st)
        #expect(st.st_mode & S_IFMT == S_IFDIR)
        #expect(Self.leftovers(dir).isEmpty)
    }

    /// An artifact written as pieces (its code from where it was emitted) is the same file as the joined bytes.
    @Test func artifactFileMatchesTheJoinedBytes() throws {
        // (module (func (export "f") (result i32) i32.const 7))
        let wasm: [UInt8] = [
            0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7F, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0,
            10, 6, 1, 4, 0, 0x41, 7, 0x0B
        ]
        // One job: checksummed before writing; two: checksummed on this thread while another writes the pieces.
        for jobs in [1, 2] {
            var configuration = Engine.Configuration()
            configuration.compileJobs = jobs
            let engine = Engine(configuration)
            let path = Self.scratch("a\(jobs).swasm")
            let file = try Module.artifactFile(compiling: wasm, for: .host, engine: engine)
            try file.write(to: path)
            let expected = try Module.artifact(compiling: wasm, for: .host, engine: engine)
            #expect(try Self.read(path) == expected, "jobs \(jobs)")
            #expect(file.count == expected.count)
            // Written twice (the checksum is sealed by then), the same bytes.
            try file.write(to: path)
            #expect(try Self.read(path) == expected, "jobs \(jobs), again")
            _ = try Module(engine: engine, artifact: expected) // a valid artifact: header and checksum
        }
    }
}

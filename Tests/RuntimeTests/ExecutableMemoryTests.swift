import Foundation
import Glibc
import SwasmABI
import Synchronization
import Testing

@testable import SwasmRuntime

final class FlushLog: Sendable {
    let calls = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
}

@Suite struct ExecutableMemoryTests {
    @Test func neverWritableAndExecutable() throws {
        let code = try ExecutableMemory(reserveBytes: 1 << 20)
        let p = try code.append([0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3]) // mov eax, 42; ret
        let start = UInt(bitPattern: code.start)
        do {
            let line = try mapsLine(containing: start)
            #expect(line.contains(" rw-p "), "\(line)")
        }
        try code.makeExecutable()
        do {
            let line = try mapsLine(containing: start)
            #expect(line.contains(" r-xp "), "\(line)")
        }
        do {
            let line = try mapsLine(containing: start + UInt(code.sealedBytes))
            #expect(line.contains(" ---p "), "\(line)")
        }
        #if arch(x86_64)
            let f = unsafeBitCast(p, to: (@convention(c) () -> Int32).self)
            #expect(f() == 42)
        #endif
        // A second function after sealing: on a fresh page, the first stays r-x and callable.
        let q = try code.append([0xB8, 0x07, 0x00, 0x00, 0x00, 0xC3])
        #expect(UInt(bitPattern: q) == start + UInt(HostPage.size))
        do {
            let line = try mapsLine(containing: UInt(bitPattern: q))
            #expect(line.contains(" rw-p "), "\(line)")
        }
        try code.makeExecutable()
        #if arch(x86_64)
            #expect(unsafeBitCast(q, to: (@convention(c) () -> Int32).self)() == 7)
            #expect(f() == 42)
        #endif
        let maps = readProcMaps()
        #expect(
            !maps.split(separator: "\n").contains { $0.split(separator: " ")[1].hasPrefix("rwx") },
            "no RWX mapping in the process")
    }

    @Test func flushHookCalledOncePerSeal() throws {
        let log = FlushLog()
        let flush = InstructionCacheFlush { _, count in
            log.calls.add(1, ordering: .relaxed)
            log.bytes.add(count, ordering: .relaxed)
        }
        let code = try ExecutableMemory(reserveBytes: 1 << 20, cacheFlush: flush)
        _ = try code.append([UInt8](repeating: 0xC3, count: 10))
        _ = try code.append([UInt8](repeating: 0xC3, count: 100))
        try code.makeExecutable()
        #expect(log.calls.load(ordering: .relaxed) == 1)
        #expect(code.flushCount == 1)
        try code.makeExecutable() // nothing new: no flush
        #expect(log.calls.load(ordering: .relaxed) == 1)
        _ = try code.allocate(byteCount: 3 * HostPage.size)
        try code.makeExecutable()
        #expect(log.calls.load(ordering: .relaxed) == 2)
        #expect(log.bytes.load(ordering: .relaxed) == 16 + 100 + 3 * HostPage.size)
    }

    @Test func platformFlushIsCountedAndClearCacheResolves() throws {
        let before = InstructionCache.platformFlushCount
        let code = try ExecutableMemory(reserveBytes: 1 << 20)
        _ = try code.append([0xC3])
        try code.makeExecutable()
        #expect(InstructionCache.platformFlushCount >= before + 1)
        // libgcc's __clear_cache is found through dlsym (the AArch64 path relies on it).
        let clear = try #require(InstructionCache.clearCache)
        clear(code.start, code.start + 1)
    }

    @Test func growsWithoutMovingAndReportsExhaustion() throws {
        let code = try ExecutableMemory(reserveBytes: 4 * HostPage.size)
        let first = try code.append([0xC3])
        try code.makeExecutable()
        let big = try code.allocate(byteCount: 2 * HostPage.size)
        #expect(big > first)
        try code.makeExecutable()
        #expect(code.sealedBytes == 3 * HostPage.size)
        #expect(throws: RuntimeError.self) { try code.allocate(byteCount: 2 * HostPage.size) }
        _ = try code.allocate(byteCount: HostPage.size)
        #expect(code.availableBytes == 0)
    }
}

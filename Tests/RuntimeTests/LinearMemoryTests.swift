import Foundation
import Glibc
import SwasmABI
import Testing

@testable import SwasmRuntime

@Suite struct LinearMemoryTests {
    @Test func guardedGrowWithinAndBeyondMax() throws {
        let memory = try LinearMemory(initialPages: 1, maxPages: 3)
        #expect(memory.isGuarded)
        #expect(memory.byteCount == 65536)
        #expect(memory.grow(by: 1) == 1)
        #expect(memory.grow(by: 0) == 2)
        #expect(memory.grow(by: 2) == -1)
        #expect(memory.pageCount == 2)
        #expect(memory.grow(by: 1) == 2)
        #expect(memory.grow(by: 1) == -1)
        #expect(memory.pageCount == 3)
        // The newly accessible pages are zero and writable.
        #expect(try memory.load(UInt64.self, at: 3 * 65536 - 8) == 0)
        try memory.store(UInt64.max, at: 3 * 65536 - 8)
        #expect(try memory.load(UInt64.self, at: 3 * 65536 - 8) == UInt64.max)
    }

    @Test func pageLimitAndNoMaximum() throws {
        let memory = try LinearMemory(initialPages: 0, pageLimit: 4)
        #expect(memory.maxPages == 4)
        #expect(memory.declaredMaxPages == nil)
        #expect(memory.grow(by: 4) == 0)
        #expect(memory.grow(by: 1) == -1)
        #expect(memory.grow(by: -1) == -1)
        #expect(throws: RuntimeError.self) { try LinearMemory(initialPages: 5, maxPages: 4) }
        let big = try LinearMemory(initialPages: 0)
        #expect(big.maxPages == 65536)
    }

    @Test func hostHelpersAreBoundsChecked() throws {
        for mode in [LinearMemory.Mode.guarded, .explicitBounds] {
            let memory = try LinearMemory(initialPages: 1, maxPages: 2, mode: mode)
            try memory.store(UInt32(0x1122_3344), at: 65532)
            #expect(try memory.read(at: 65532, count: 4) == [0x44, 0x33, 0x22, 0x11], "little-endian")
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.store(UInt32(1), at: 65533) }
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.load(UInt8.self, at: 65536) }
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.load(UInt64.self, at: UInt64.max - 3) }
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.read(at: 65530, count: 7) }
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.write([1, 2, 3], at: 65534) }
            try memory.store(Float(1.5), at: 16)
            #expect(try memory.load(Float.self, at: 16) == 1.5)
            try memory.store(Double.pi, at: 24)
            #expect(try memory.load(Double.self, at: 24) == Double.pi)
            try memory.write([1, 2, 3, 4, 5], at: 100)
            try memory.copy(to: 102, from: 100, count: 5) // overlapping
            #expect(try memory.read(at: 100, count: 7) == [1, 2, 1, 2, 3, 4, 5])
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.copy(to: 65535, from: 0, count: 2) }
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.copy(to: 0, from: 65535, count: 2) }
            try memory.copy(to: 65536, from: 0, count: 0) // zero length at the end is fine
            try memory.fill(at: 200, value: 0xAB, count: 3)
            #expect(try memory.read(at: 199, count: 5) == [0, 0xAB, 0xAB, 0xAB, 0])
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.fill(at: 65000, value: 1, count: 1000) }
            #expect(try memory.read(at: 65000, count: 1) == [0], "a trapping fill writes nothing")
            #expect(throws: TrapCode.memoryOutOfBounds) { try memory.fill(at: 65537, value: 1, count: 0) }
        }
    }

    @Test func poolReusesTheSameReservationZeroed() throws {
        for scrub in [MemoryReservationPool.Scrub.remap, .madvise] {
            let pool = MemoryReservationPool(
                reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 2, scrub: scrub)
            var firstBase: UInt = 0
            do {
                let memory = try LinearMemory(initialPages: 2, maxPages: 8, pool: pool)
                #expect(memory.grow(by: 2) == 2)
                firstBase = UInt(bitPattern: memory.base)
                _ = memory.withUnsafeMutableBytes { memset($0.baseAddress!, 0x5A, $0.count) }
            }
            #expect(pool.statistics.cached == 1)
            let again = try LinearMemory(initialPages: 4, maxPages: 8, pool: pool)
            #expect(UInt(bitPattern: again.base) == firstBase, "\(scrub)")
            #expect(pool.statistics.created == 1 && pool.statistics.reused == 1)
            let allZero = again.withUnsafeMutableBytes { $0.allSatisfy { $0 == 0 } }
            #expect(allZero, "\(scrub): reused memory must read as zero")
        }
    }

    @Test func defaultScrubIsVerified() {
        #expect(
            MemoryReservationPool.madviseZeroesPages, "native Linux zeroes private anonymous pages on MADV_DONTNEED")
        #expect(MemoryReservationPool(reservationBytes: 1 << 20).scrub == .madvise)
        #expect(MemoryReservationPool(reservationBytes: 1 << 20, scrub: .remap).scrub == .remap)
    }

    @Test func releasedReservationIsInaccessibleAgain() throws {
        let pool = MemoryReservationPool(reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 1)
        var base: UInt = 0
        do {
            let m = try LinearMemory(initialPages: 3, pool: pool)
            base = UInt(bitPattern: m.base)
        }
        let line = try mapsLine(containing: base)
        #expect(line.contains("---p"), "\(line)")
        // A smaller memory from the same reservation exposes only its own pages.
        let small = try LinearMemory(initialPages: 1, pool: pool)
        #expect(UInt(bitPattern: small.base) == base)
        #expect(try mapsLine(containing: base + 65536).contains("---p"))
        #expect(try mapsLine(containing: base).contains("rw-p"))
    }

    @Test func poolCapUnmapsExtras() throws {
        let pool = MemoryReservationPool(reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 1)
        do {
            let a = try LinearMemory(initialPages: 1, pool: pool)
            let b = try LinearMemory(initialPages: 1, pool: pool)
            #expect(a.base != b.base)
        }
        #expect(pool.statistics.cached == 1)
        #expect(pool.statistics.unmapped == 1)
        pool.drain()
        #expect(pool.statistics.cached == 0)
    }

    @Test func poolIsThreadSafe() throws {
        let pool = MemoryReservationPool(reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 4)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for _ in 0..<20 {
                guard let m = try? LinearMemory(initialPages: 1, pool: pool) else {
                    Issue.record("acquire failed")
                    return
                }
                try? m.store(UInt32(i), at: 0)
                #expect((try? m.load(UInt32.self, at: 0)) == UInt32(i))
                #expect((try? m.load(UInt32.self, at: 4)) == 0)
            }
        }
        let s = pool.statistics
        #expect(s.created + s.reused == 160)
        #expect(s.cached <= 4)
    }

    @Test func explicitBoundsModeMovesAndKeepsData() throws {
        let memory = try LinearMemory(initialPages: 1, maxPages: 1000, mode: .explicitBounds)
        #expect(!memory.isGuarded)
        #expect(memory.mappedBytes < 64 << 20, "no big reservation")
        try memory.store(UInt64(0x0102_0304_0506_0708), at: 65528)
        let capacityPages = memory.mappedBytes / 65536
        #expect(memory.grow(by: capacityPages + 3) == 1) // beyond the initial capacity: remapped
        #expect(memory.pageCount == capacityPages + 4)
        #expect(try memory.load(UInt64.self, at: 65528) == 0x0102_0304_0506_0708)
        let allZeroAfter = memory.withUnsafeMutableBytes { $0[65536...].allSatisfy { $0 == 0 } }
        #expect(allZeroAfter)
        #expect(memory.grow(by: 1000) == -1)
        #expect(memory.grow(by: 1000 - memory.pageCount) == capacityPages + 4)
        try memory.store(UInt8(7), at: UInt64(memory.byteCount - 1))
        #expect(memory.mappedBytes >= memory.byteCount)
    }

    @Test func explicitModeWithZeroPages() throws {
        let memory = try LinearMemory(initialPages: 0, maxPages: 0, mode: .explicitBounds)
        #expect(memory.byteCount == 0)
        #expect(memory.grow(by: 1) == -1)
        #expect(throws: TrapCode.memoryOutOfBounds) { try memory.load(UInt8.self, at: 0) }
    }

    @Test func reservationReuseCost() throws {
        let pool = MemoryReservationPool(reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 1)
        let clock = ContinuousClock()
        let n = 200
        let reused = clock.measure {
            for _ in 0..<n {
                let m = try? LinearMemory(initialPages: 1, pool: pool)
                try? m?.store(UInt8(1), at: 0)
            }
        }
        let fresh = clock.measure {
            for _ in 0..<20 {
                let p = mmap(
                    nil, LinearMemory.guardedReservationBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                    -1, 0)!
                mprotect(p, 65536, PROT_READ | PROT_WRITE)
                p.storeBytes(of: 1, as: UInt8.self)
                munmap(p, LinearMemory.guardedReservationBytes)
            }
        }
        func us(_ d: Duration, _ count: Int) -> String {
            String(
                format: "%.1f",
                (Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12) / Double(count))
        }
        print(
            "[measure] guarded memory create+touch+release via pool: \(us(reused, n)) µs; fresh mmap+touch+munmap: \(us(fresh, 20)) µs"
        )
        #expect(pool.statistics.created == 1)
    }
}

/// The /proc/self/maps line whose range contains `address`. Reading maps is not atomic: entries can be
/// skipped while other tests map and unmap concurrently, so retry until the address is found.
func mapsLine(containing address: UInt) throws -> String {
    for _ in 0..<50 {
        let maps = readProcMaps()
        for line in maps.split(separator: "\n") {
            let range = line.split(separator: " ")[0].split(separator: "-")
            guard let lo = UInt(range[0], radix: 16), let hi = UInt(range[1], radix: 16) else { continue }
            if address >= lo && address < hi { return String(line) }
        }
    }
    return ""
}

/// /proc/self/maps read to EOF with read(2) (Foundation's file reading can stop early on procfs).
func readProcMaps() -> String {
    let fd = open("/proc/self/maps", O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

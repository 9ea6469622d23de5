/// Where a `ModuleParser` is in the module. Not nested in the generic parser: a nested enum's metadata is
/// looked up on every assignment of the state (each function body) when the parser runs unspecialized.
enum ModuleParserState {
    case header
    case sectionStart
    /// Inside the code section: `remaining` bodies to come; the section ends at module offset `end`.
    case codeBodies(remaining: UInt32, end: Int, nextIndex: Int)
    /// Inside a large custom section, after its name: the bytes up to module offset `end` are dropped as they
    /// arrive. `section` is recorded when the section is complete; `error` (a malformed name) is thrown then,
    /// and a module that ends first is "unexpected end" instead, exactly as when the whole section is
    /// decoded at once, so the result does not depend on the chunking.
    case skippingCustom(end: Int, section: CustomSection?, error: WasmError?)
    case done
}

/// The streaming decoder: bytes arrive in chunks of any size; sections are decoded and validated as soon as
/// they are complete, and each function body goes to the `FunctionBodyConsumer` as soon as its last byte is in,
/// without waiting for the rest of the module.
///
/// Invariants: `buffer[cursor...]` holds the bytes not yet consumed; `discarded` is the module offset of
/// `buffer[0]`. A unit (header, section, code-section count, function body) is decoded only once all its bytes
/// are in `buffer`, so feeding one byte at a time gives exactly the result of feeding all at once.
///
/// No copies: when nothing is pending, `feed` decodes the caller's chunk in place (`buffer` points into it for
/// the call) and keeps only the bytes of an incomplete unit, in the `ByteStorage` (raw storage read through a
/// pointer, without closures, so the validator and consumer can be mutated in place while a unit is decoded).
/// A whole module fed at once (an array, a mapped file) is never copied. Custom sections are never copied
/// either: their names and sizes are kept, the `name` section is decoded (for backtraces), and a custom section
/// bigger than `bufferedCustomLimit` is dropped as its bytes arrive once its name is in, so a large one streamed
/// in chunks is never accumulated (the buffer holds at most one incomplete non-custom unit and one chunk).
public struct ModuleParser<Consumer: FunctionBodyConsumer> {
    /// Custom sections up to this size are decoded once complete (buffered if they arrive in pieces); bigger
    /// ones other than `name` are skipped as they stream.
    static var bufferedCustomLimit: Int { 4096 }

    public var consumer: Consumer
    var sections = SectionParser()
    var state = ModuleParserState.header
    let storage = ByteStorage()
    /// The bytes being decoded: the storage's, or the caller's chunk while `feed` decodes it in place.
    var buffer: UnsafeBufferPointer<UInt8>
    var cursor = 0
    var discarded = 0
    var lastRank = 0
    var validator: FunctionValidator?
    var dataIndexWithoutCount: (index: UInt32, offset: Int)?
    var finished = false

    /// Growable raw byte storage for the bytes of a unit that is not complete yet.
    public final class ByteStorage {
        var pointer: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int
        init() {
            capacity = 4096
            pointer = .allocate(capacity: capacity)
        }
        deinit { pointer.deallocate() }
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: pointer, count: count) }
        func append(_ chunk: some Collection<UInt8>) {
            let n = chunk.count
            if count + n > capacity {
                var cap = capacity
                while cap < count + n { cap *= 2 }
                let p = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
                p.update(from: pointer, count: count)
                pointer.deallocate()
                pointer = p
                capacity = cap
            }
            let tail = UnsafeMutableBufferPointer(start: pointer + count, count: n)
            let copied =
                chunk.withContiguousStorageIfAvailable { src in
                    _ = tail.update(fromContentsOf: src)
                    return true
                } ?? false
            if !copied { _ = tail.initialize(from: chunk) }
            count += n
        }
        func removeFirst(_ n: Int) {
            (pointer).update(from: pointer + n, count: count - n)
            count -= n
        }
    }

    public init(consumer: Consumer) {
        self.consumer = consumer
        buffer = storage.bytes
    }

    /// Where each body lies. Kept outside `sections.module` while the code section streams: consumers hold
    /// copies of the module, and appending to its array would copy the whole array for every body.
    var functionBodies: [FunctionBodyInfo] = []

    /// Everything decoded so far.
    public var module: ModuleInfo {
        var m = sections.module
        m.functionBodies = functionBodies
        return m
    }

    /// Module offset of the next unconsumed byte.
    var offset: Int { discarded + cursor }
    var available: Int { buffer.count - cursor }

    /// Feed the next chunk of the module.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(WasmError) {
        precondition(!finished, "feed after finish")
        if cursor == buffer.count {
            // Nothing pending: decode the chunk where it is.
            let outcome = chunk.withContiguousStorageIfAvailable { decodeInPlace($0) }
            if let outcome {
                if let error = outcome { throw error }
                return
            }
        }
        storage.append(chunk)
        buffer = storage.bytes
        try advance(final: false)
        dropConsumed()
    }

    /// Decodes `chunk` without copying it (nothing may be pending), then keeps its unconsumed tail in the storage.
    mutating func decodeInPlace(_ chunk: UnsafeBufferPointer<UInt8>) -> WasmError? {
        dropConsumed()
        buffer = chunk
        defer {
            storage.append(UnsafeBufferPointer(rebasing: chunk[cursor...]))
            discarded += cursor
            cursor = 0
            buffer = storage.bytes
        }
        do { try advance(final: false) } catch { return error }
        return nil
    }

    /// Forgets the consumed bytes at the start of the storage (all of them, or a large prefix).
    mutating func dropConsumed() {
        if cursor == buffer.count || (cursor > 65536 && cursor * 2 > buffer.count) {
            storage.removeFirst(cursor)
            discarded += cursor
            cursor = 0
            buffer = storage.bytes
        }
    }

    /// The input is complete: decode what is left and check the module as a whole.
    @discardableResult
    public mutating func finish() throws(WasmError) -> ModuleInfo {
        finished = true
        try advance(final: true)
        if Consumer.takesRawBodies { dataIndexWithoutCount = try consumer.finishBodies() }
        if case .codeBodies = state {
            throw WasmError(.malformed, "unexpected end", offset: offset)
        }
        if case .header = state { throw WasmError(.malformed, "unexpected end", offset: offset) }
        let fcount = sections.declaredFunctionCount ?? 0
        if (sections.codeSectionCount ?? 0) != fcount {
            throw WasmError(.malformed, "function and code section have inconsistent lengths", offset: offset)
        }
        if let (index, at) = dataIndexWithoutCount {
            if Int(index) >= sections.module.data.count {
                throw WasmError(.invalid, "unknown data segment \(index)", offset: at)
            }
            throw WasmError(.malformed, "data count section required", offset: at)
        }
        if let dc = sections.module.dataCount, dc != 0, !sections.dataSectionSeen {
            throw WasmError(.malformed, "data count and data section have inconsistent lengths", offset: offset)
        }
        return module
    }

    /// Parse a LEB128 u32 at buffer index `at` if it is complete (nil: need more bytes).
    func peekU32(at: Int, final: Bool) throws(WasmError) -> (value: UInt32, length: Int)? {
        var i = at
        while i < buffer.count && i - at < 5 {
            if buffer[i] & 0x80 == 0 { break }
            i += 1
        }
        if i >= buffer.count && !final { return nil }
        var r = ByteReader(UnsafeRawBufferPointer(buffer), start: at, baseOffset: discarded)
        let v = try r.readU32()
        return (v, r.position - at)
    }

    mutating func advance(final: Bool) throws(WasmError) {
        while true {
            switch state {
            case .done:
                return
            case .header:
                let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
                if available < 4 {
                    if final { throw WasmError(.malformed, "unexpected end", offset: offset + available) }
                    return
                }
                for i in 0..<4 where buffer[cursor + i] != magic[i] {
                    throw WasmError(.malformed, "magic header not detected", offset: offset + i)
                }
                guard available >= 8 else {
                    if final { throw WasmError(.malformed, "unexpected end", offset: offset + available) }
                    return
                }
                let version = buffer[cursor + 4..<cursor + 8]
                guard version.elementsEqual([1, 0, 0, 0]) else {
                    throw WasmError(.malformed, "unknown binary version", offset: offset + 4)
                }
                cursor += 8
                state = .sectionStart
            case .sectionStart:
                if available == 0 {
                    if final { state = .done }
                    return
                }
                let idOffset = offset
                let idByte = buffer[cursor]
                guard let id = SectionID(rawValue: idByte) else {
                    throw WasmError(.malformed, "malformed section id", offset: idOffset)
                }
                guard let (size, len) = try peekU32(at: cursor + 1, final: final) else { return }
                let payloadStart = cursor + 1 + len
                if id != .custom && id.orderRank <= lastRank {
                    throw WasmError(.malformed, "unexpected content after last section", offset: idOffset)
                }
                if id == .code {
                    // Decode the count as soon as it is in; bodies follow one by one.
                    let sectionEnd = discarded + payloadStart + Int(size)
                    guard let (count, clen) = try peekU32(at: payloadStart, final: final) else { return }
                    if clen > Int(size) {
                        throw WasmError(.malformed, "section size mismatch", offset: idOffset)
                    }
                    let declared = sections.declaredFunctionCount ?? 0
                    guard Int(count) == declared else {
                        throw WasmError(
                            .malformed, "function and code section have inconsistent lengths",
                            offset: discarded + payloadStart)
                    }
                    sections.codeSectionCount = Int(count)
                    lastRank = id.orderRank
                    cursor = payloadStart + clen
                    validator = FunctionValidator(module: sections.module)
                    if Consumer.takesRawBodies {
                        try consumer.beginBodies(module: sections.module, codeSectionSize: Int(size))
                    }
                    state = .codeBodies(
                        remaining: count, end: sectionEnd,
                        nextIndex: sections.module.importedFunctionCount)
                    continue
                }
                guard buffer.count - payloadStart >= Int(size) else {
                    if final {
                        throw WasmError(.malformed, "unexpected end of section or function", offset: offset + available)
                    }
                    if id == .custom && Int(size) > Self.bufferedCustomLimit {
                        guard let skip = customSectionSkip(start: payloadStart, size: Int(size)) else { return }
                        cursor = payloadStart
                        state = skip
                        continue
                    }
                    return
                }
                try parseSection(id, start: payloadStart, size: Int(size))
                cursor = payloadStart + Int(size)
                if id != .custom { lastRank = id.orderRank }
                try consumer.sectionDidEnd(id, module: sections.module)
            case .skippingCustom(let end, let section, let error):
                cursor += min(available, end - offset)
                guard offset == end else {
                    if final { throw WasmError(.malformed, "unexpected end of section or function", offset: offset) }
                    return
                }
                if let error { throw error }
                if let section { sections.module.customSections.append(section) }
                state = .sectionStart
                try consumer.sectionDidEnd(.custom, module: sections.module)
            case .codeBodies(let remaining, let end, let nextIndex):
                if remaining == 0 {
                    guard offset == end else {
                        throw WasmError(.malformed, "section size mismatch", offset: offset)
                    }
                    // A consumer validating bodies itself is asked in `finish` (the sections after the code
                    // are decoded meanwhile).
                    dataIndexWithoutCount = validator?.dataIndexWithoutCount
                    validator = nil
                    state = .sectionStart
                    try consumer.sectionDidEnd(.code, module: sections.module)
                    continue
                }
                guard offset < end else { throw WasmError(.malformed, "section size mismatch", offset: offset) }
                guard let (size, len) = try peekU32(at: cursor, final: final) else { return }
                let bodyStart = cursor + len
                guard discarded + bodyStart + Int(size) <= end else {
                    throw WasmError(.malformed, "section size mismatch", offset: offset)
                }
                guard buffer.count - bodyStart >= Int(size) else {
                    if final { throw WasmError(.malformed, "unexpected end", offset: offset + available) }
                    return
                }
                let info = FunctionBodyInfo(
                    functionIndex: UInt32(nextIndex), offset: discarded + bodyStart, size: Int(size))
                // Running out of a body before its `end`: the spec interpreter reads on into the next body
                // ("END opcode expected") or past the section ("section size mismatch").
                let endsSection = discarded + bodyStart + Int(size) == end
                try compileBody(
                    info, start: bodyStart,
                    endMessage: endsSection ? "section size mismatch" : "END opcode expected")
                cursor = bodyStart + Int(size)
                state = .codeBodies(remaining: remaining - 1, end: end, nextIndex: nextIndex + 1)
            }
        }
    }

    /// How to skip a large custom section whose payload starts at buffer index `start` (`size` bytes, not all in
    /// yet): nil while its name is incomplete, and for the `name` section (decoded once complete). The name is
    /// checked as `SectionParser.parseCustom` checks it, with the same errors and offsets; an error is kept in the
    /// state and thrown once the section is complete.
    func customSectionSkip(start: Int, size: Int) -> ModuleParserState? {
        let end = discarded + start + size
        // The name's length: a LEB128 of at most 5 bytes, all inside the section (`size` > 5).
        var last = start
        while last < buffer.count && last - start < 4 && buffer[last] & 0x80 != 0 { last += 1 }
        guard last < buffer.count else { return nil }
        var r = ByteReader(UnsafeRawBufferPointer(buffer), start: start, end: last + 1, baseOffset: discarded)
        let n: Int
        do { n = Int(try r.readU32()) } catch { return .skippingCustom(end: end, section: nil, error: error) }
        let nameStart = r.position
        let payloadStart = nameStart + n
        guard payloadStart <= start + size else {
            let error = WasmError(.malformed, "length out of bounds", offset: discarded + start)
            return .skippingCustom(end: end, section: nil, error: error)
        }
        guard payloadStart <= buffer.count else { return nil }
        var nameReader = ByteReader(
            UnsafeRawBufferPointer(buffer), start: start, end: payloadStart, baseOffset: discarded)
        do {
            let name = try nameReader.readName()
            if name == SectionParser.nameSectionName { return nil }
            let section = CustomSection(
                name: name, payloadOffset: discarded + payloadStart, size: start + size - payloadStart)
            return .skippingCustom(end: end, section: section, error: nil)
        } catch {
            return .skippingCustom(end: end, section: nil, error: error)
        }
    }

    mutating func parseSection(_ id: SectionID, start: Int, size: Int) throws(WasmError) {
        var r = ByteReader(
            UnsafeRawBufferPointer(buffer), start: start, end: start + size, baseOffset: discarded,
            endMessage: "unexpected end of section or function")
        switch id {
        case .custom: try sections.parseCustom(&r)
        case .type: try sections.parseTypes(&r)
        case .import: try sections.parseImports(&r)
        case .function: try sections.parseFunctions(&r)
        case .table: try sections.parseTables(&r)
        case .memory: try sections.parseMemories(&r)
        case .global: try sections.parseGlobals(&r)
        case .export: try sections.parseExports(&r)
        case .start: try sections.parseStart(&r)
        case .element: try sections.parseElements(&r)
        case .code: preconditionFailure("code is streamed")
        case .data: try sections.parseData(&r)
        case .dataCount: try sections.parseDataCount(&r)
        }
        guard r.isAtEnd else { throw WasmError(.malformed, "section size mismatch", offset: r.offset) }
    }

    mutating func compileBody(_ info: FunctionBodyInfo, start: Int, endMessage: String) throws(WasmError) {
        functionBodies.append(info)
        if Consumer.takesRawBodies {
            let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start..<start + info.size])
            try consumer.takeBody(info, bytes: bytes, endMessage: endMessage)
            return
        }
        var r = ByteReader(
            UnsafeRawBufferPointer(buffer), start: start, end: start + info.size, baseOffset: discarded,
            endMessage: endMessage)
        try consumer.validateAndCompile(info, module: sections.module, validator: &validator!, reader: &r)
    }
}

extension ModuleParser where Consumer == ValidationOnly {
    public init() { self.init(consumer: ValidationOnly()) }
}

/// Decode and validate a complete module.
public func validateModule(_ bytes: some Collection<UInt8>) throws(WasmError) -> ModuleInfo {
    var p = ModuleParser()
    try p.feed(bytes)
    return try p.finish()
}

extension ModuleParser {
    /// Decode a module whose bytes arrive as an asynchronous sequence of chunks (e.g. a download), so
    /// decoding, validation and code generation overlap the transfer.
    public mutating func parse<S: AsyncSequence>(chunks: S) async throws -> ModuleInfo where S.Element == [UInt8] {
        for try await chunk in chunks { try feed(chunk) }
        return try finish()
    }
}

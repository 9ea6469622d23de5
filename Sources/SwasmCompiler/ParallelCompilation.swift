import Glibc
import SwasmABI
import WasmDecoder

/// An architecture's concrete body consumer around a `ModuleCompiler` (`X64ModuleCompiler`, `A64ModuleCompiler`,
/// generated in `ArchVisitors.swift`).
public protocol ArchModuleCompiler: FunctionBodyConsumer {
    /// A compiler for one chunk: an owned buffer, no module stubs.
    init(chunkWith options: CompilerOptions)
    /// Configure the code generator (`CompilerOptions.apply`).
    func configure(_ options: CompilerOptions)
    /// Size buffers for `bytes` of function bodies (`ModuleCompiler.reserve(codeSectionBytes:)`).
    mutating func reserve(codeSectionBytes bytes: Int)
    /// Join a chunk's code after the code so far (`ModuleCompiler.append(chunk:)`).
    mutating func append(chunk: Self) throws(WasmError)
    /// Resolve calls between functions and return the module's code.
    mutating func finish(module: ModuleInfo) throws(WasmError) -> CompiledCode
    /// Inline data ranges in the code (for disassembly).
    var dataRanges: [Range<Int>] { get }
}

/// The decoder's consumer for every compilation: it groups function bodies, as they arrive, into chunks of
/// consecutive functions (`chunkBytes` of bodies each), has each chunk validated and compiled into a buffer of its
/// own, by `jobs` worker threads or on the calling thread, and joins the chunks' code in function order into the
/// module's buffer (`ChunkJoin.swift`).
///
/// Invariants:
/// - Chunk boundaries depend only on the bodies' sizes, and a chunk's code only on its bodies, so the joined code
///   is byte-identical for every `jobs` (with one job the chunks are compiled in turn on the calling thread).
/// - Chunks are joined strictly in order, each as soon as it and all before it are compiled, so the first error
///   reported is the first invalid function in module order; chunks after a failed one are skipped, and the
///   worker threads are stopped and joined before the error is thrown (`fail`).
/// - While worker threads run, the module's compiler is theirs (`CompileTeam.State.compiler`): the worker that
///   finishes a chunk joins every compiled chunk at the head of the order, one worker at a time, so the calling
///   thread (which only decodes and hands chunks over) never competes with two compiling threads for two cores.
///   It takes the compiler back once the workers are stopped (`takeBack`), and touches it only then.
/// - At most `maxInFlight` chunks are submitted and not joined: the input keeps streaming, in bounded memory,
///   while earlier functions compile.
public struct ParallelModuleCompiler<C: ArchModuleCompiler>: FunctionBodyConsumer {
    public typealias Visitor = NullOperatorVisitor
    public static var takesRawBodies: Bool { true }
    /// Bytes of bodies per chunk (`CompilerOptions.chunkBytes`, by default 64 KiB): enough to make a chunk's fixed
    /// costs (a code generator, a buffer, a hand-over) negligible, small enough to spread a few-megabyte module
    /// over the cores.
    let chunkBytes: Int

    /// The module's compiler: its stubs, then every chunk's code joined.
    public var compiler: C
    let options: CompilerOptions
    let jobs: Int
    var maxInFlight: Int { 2 * jobs + 2 }
    var module: ModuleInfo?
    var current: CodeChunk<C>?
    var chunkCount = 0
    /// The calling thread's validator (one job, or a module of one chunk).
    var validator: FunctionValidator?
    var team: CompileTeam<C>?
    /// Worker threads started by this compile, in all (for tests: 0 when the chunks were compiled here).
    var threadsStarted = 0
    var failure: WasmError?
    var dataIndexWithoutCount: (index: UInt32, offset: Int)?
    /// Bytes of the code section not handed over yet (about: sizes' own bytes are not counted).
    var bodyBytesLeft = 0
    /// Bodies are compiled as they arrive by the module's compiler itself, on the calling thread: with one job,
    /// or when the whole code section fits one chunk. No chunk copies the bodies, and no join copies the code;
    /// the code is the same (functions start at the same aligned offsets, and chunks' pending label uses are
    /// resolved to the same targets).
    var direct = false

    public init(_ compiler: C, options: CompilerOptions) {
        self.compiler = compiler
        self.options = options
        jobs = max(1, options.jobs ?? CompilerOptions.onlineCores)
        chunkBytes = max(1, options.chunkBytes)
    }

    public mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)], module: ModuleInfo
    ) throws(WasmError) -> NullOperatorVisitor {
        preconditionFailure("bodies arrive through takeBody")
    }
    public mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout NullOperatorVisitor) throws(WasmError) {}

    public mutating func beginBodies(module: ModuleInfo, codeSectionSize: Int) throws(WasmError) {
        self.module = module
        bodyBytesLeft = codeSectionSize
        direct = jobs == 1 || codeSectionSize <= chunkBytes
        compiler.reserve(codeSectionBytes: codeSectionSize)
    }

    public mutating func takeBody(_ body: FunctionBodyInfo, bytes: UnsafeRawBufferPointer, endMessage: String)
        throws(WasmError)
    {
        if let failure { throw failure }
        if direct { return try compileDirectly(body, bytes: bytes, endMessage: endMessage) }
        let chunk: CodeChunk<C>
        if let c = current {
            chunk = c
        } else {
            chunk = CodeChunk(index: chunkCount, capacity: min(chunkBytes, 1 << 20) + 4096)
            chunkCount += 1
            current = chunk
        }
        chunk.add(body, bytes: bytes, endMessage: endMessage)
        bodyBytesLeft -= bytes.count
        if chunk.byteCount >= chunkTarget {
            current = nil
            try submit(chunk)
        }
    }

    /// Validates and compiles one body with the module's compiler (`direct`).
    mutating func compileDirectly(_ body: FunctionBodyInfo, bytes: UnsafeRawBufferPointer, endMessage: String)
        throws(WasmError)
    {
        if validator == nil { validator = FunctionValidator(module: module!) }
        var r = ByteReader(bytes, start: 0, end: bytes.count, baseOffset: body.offset, endMessage: endMessage)
        do throws(WasmError) {
            try compiler.validateAndCompile(body, module: module!, validator: &validator!, reader: &r)
        } catch {
            throw fail(error)
        }
        // The largest index, at its first use in module order (one validator sees every body).
        dataIndexWithoutCount = validator!.dataIndexWithoutCount
    }

    /// Bytes of bodies to put in the current chunk: `chunkBytes`, but with several jobs, smaller toward the end of
    /// the code section (a quarter of what is left per job, down to 8 KiB), so that the workers finish together
    /// instead of one waiting for the other's last chunk (guided self-scheduling). The code does not depend on it.
    var chunkTarget: Int {
        guard jobs > 1 else { return chunkBytes }
        return max(min(chunkBytes, bodyBytesLeft / (4 * jobs)), min(chunkBytes, 8 << 10))
    }

    public mutating func finishBodies() throws(WasmError) -> (index: UInt32, offset: Int)? {
        try drain()
        return dataIndexWithoutCount
    }

    /// The error to report for `error`, thrown by the decoder after the bodies handed over so far: the first
    /// invalid one among those if any (compiled in sequence they would have failed first), else `error`.
    public mutating func settle(_ error: WasmError) -> WasmError {
        if let failure { return failure }
        do { try drain() } catch { return error }
        return error
    }

    /// Compile and join everything handed over, then stop the workers.
    mutating func drain() throws(WasmError) {
        if let failure { throw failure }
        if let chunk = current {
            current = nil
            // A module of one chunk is compiled on the calling thread: no thread is started for it.
            if team == nil { try compileHere(chunk) } else { try submit(chunk) }
        }
        if let team {
            let error = team.waitForJoins(whileMoreThan: 0)
            threadsStarted += team.threads.count
            team.shutdown()
            takeBack(from: team)
            self.team = nil
            if let error { throw fail(error) }
        }
    }

    /// The module's compiler back from stopped workers.
    mutating func takeBack(from team: CompileTeam<C>) {
        if let c = team.state.compiler { compiler = c }
        dataIndexWithoutCount = team.state.dataIndexWithoutCount
        team.state.compiler = nil
    }

    mutating func compileHere(_ chunk: CodeChunk<C>) throws(WasmError) {
        if validator == nil { validator = FunctionValidator(module: module!) }
        chunk.compile(module: module!, options: options, validator: &validator!)
        try join(chunk)
    }

    mutating func submit(_ chunk: CodeChunk<C>) throws(WasmError) {
        if jobs == 1 { return try compileHere(chunk) }
        let team: CompileTeam<C>
        if let t = self.team {
            team = t
        } else {
            team = CompileTeam(module: module!, options: options, jobs: jobs)
            // Handed over before any thread starts. This thread's copy is left alone until `takeBack` replaces
            // it (the code buffer is in the shared code generator; the site lists are copied once, still empty,
            // when the first join appends to them, with the capacity reserved for the code section).
            team.state.compiler = compiler
            team.state.dataIndexWithoutCount = dataIndexWithoutCount
            self.team = team
        }
        team.submit(chunk)
        if let error = team.waitForJoins(whileMoreThan: maxInFlight) { throw fail(error) }
    }

    mutating func join(_ chunk: CodeChunk<C>) throws(WasmError) {
        if let error = Self.join(chunk, into: &compiler, dataIndex: &dataIndexWithoutCount) { throw fail(error) }
    }

    /// Joins `chunk`'s code after the code so far; the chunk's error or the join's, if any.
    static func join(
        _ chunk: CodeChunk<C>, into compiler: inout C, dataIndex: inout (index: UInt32, offset: Int)?
    ) -> WasmError? {
        if let error = chunk.error { return error }
        // The largest index, at its first use in module order (as one validator over all bodies keeps it).
        if let d = chunk.dataIndexWithoutCount, dataIndex.map({ d.index > $0.index }) ?? true {
            dataIndex = d
        }
        do throws(WasmError) {
            try compiler.append(chunk: chunk.compiled!)
        } catch {
            return error
        }
        chunk.compiled = nil
        return nil
    }

    mutating func fail(_ error: WasmError) -> WasmError {
        failure = error
        if let team {
            team.shutdown()
            takeBack(from: team)
        }
        team = nil
        return error
    }
}

/// Consecutive function bodies, copied out of the decoder's buffer, and what compiling them gave.
final class CodeChunk<C: ArchModuleCompiler> {
    let index: Int
    var storage: UnsafeMutableRawPointer?
    var byteCount = 0
    var capacity = 0
    var bodies: [(info: FunctionBodyInfo, start: Int, endMessage: String)] = []
    /// Set by `compile` (then read by the joining thread after `done`, under the team's lock).
    var compiled: C?
    var error: WasmError?
    var dataIndexWithoutCount: (index: UInt32, offset: Int)?
    /// Guarded by the team's lock.
    var done = false

    init(index: Int, capacity: Int) {
        self.index = index
        self.capacity = capacity
        storage = malloc(capacity)
    }
    deinit { free(storage) }

    func add(_ body: FunctionBodyInfo, bytes: UnsafeRawBufferPointer, endMessage: String) {
        let n = bytes.count
        if byteCount + n > capacity {
            let cap = max(capacity * 2, byteCount + n)
            guard let p = realloc(storage, cap) else { fatalError("CodeChunk: out of memory") }
            storage = p
            capacity = cap
        }
        if n > 0 { (storage! + byteCount).copyMemory(from: bytes.baseAddress!, byteCount: n) }
        bodies.append((body, byteCount, endMessage))
        byteCount += n
    }

    /// Validate and compile every body in order, stopping at the first error, into a stubless `ModuleCompiler`.
    func compile(module: ModuleInfo, options: CompilerOptions, validator: inout FunctionValidator) {
        var consumer = C(chunkWith: options)
        consumer.reserve(codeSectionBytes: byteCount)
        validator.dataIndexWithoutCount = nil
        let raw = UnsafeRawBufferPointer(start: storage, count: byteCount)
        do throws(WasmError) {
            for b in bodies {
                var r = ByteReader(
                    raw, start: b.start, end: b.start + b.info.size, baseOffset: b.info.offset - b.start,
                    endMessage: b.endMessage)
                try consumer.validateAndCompile(b.info, module: module, validator: &validator, reader: &r)
            }
        } catch {
            self.error = error
        }
        dataIndexWithoutCount = validator.dataIndexWithoutCount
        compiled = consumer
        free(storage)
        storage = nil
    }
}

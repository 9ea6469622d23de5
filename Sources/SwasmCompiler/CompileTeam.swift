import Glibc
import SwasmABI
import WasmDecoder

/// The worker threads of a parallel compile (pthreads): they take submitted chunks in order, compile each with
/// their own validator, mark it done, and join the done chunks at the head of the submission order into the
/// module's compiler (`joinReady`); the submitting thread waits while too many chunks are not joined yet.
///
/// Threads are started on demand, one per submitted chunk up to `jobs`. `shutdown` (also run by `deinit`) stops
/// them after their current chunk and joins them; chunks still queued are dropped.
final class CompileTeam<C: ArchModuleCompiler> {
    let state: State
    let jobs: Int
    var threads: [pthread_t] = []

    /// What the threads share; every field is guarded by `lock` except the immutable ones.
    final class State {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        /// Signalled when a chunk is queued or on shutdown.
        let workQueued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// Signalled when a chunk is done.
        let chunkDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        let module: ModuleInfo
        let options: CompilerOptions
        /// Submitted, not yet taken by a worker.
        var queued: [CodeChunk<C>] = []
        /// Submitted, not yet handed back (in submission order).
        var unjoined: [CodeChunk<C>] = []
        var stopping = false
        /// The index of the first chunk known to have failed: later chunks are skipped.
        var firstFailed = Int.max
        /// The module's compiler while the workers run (`ParallelModuleCompiler.submit` moves it in, `takeBack`
        /// out once the workers are stopped). Only the thread that set `joining` touches it, outside the lock.
        var compiler: C?
        var dataIndexWithoutCount: (index: UInt32, offset: Int)?
        /// A thread is joining chunks into `compiler`.
        var joining = false
        /// The first error in submission order, a chunk's or its join's: nothing after it is joined.
        var failure: WasmError?

        init(module: ModuleInfo, options: CompilerOptions) {
            self.module = module
            self.options = options
            pthread_mutex_init(lock, nil)
            pthread_cond_init(workQueued, nil)
            pthread_cond_init(chunkDone, nil)
        }

        deinit {
            pthread_cond_destroy(chunkDone)
            pthread_cond_destroy(workQueued)
            pthread_mutex_destroy(lock)
            chunkDone.deallocate()
            workQueued.deallocate()
            lock.deallocate()
        }

        func work() {
            // Types of this thread's own: see `ModuleInfo.withOwnTypes`.
            let module = self.module.withOwnTypes()
            var validator = FunctionValidator(module: module)
            pthread_mutex_lock(lock)
            while true {
                while queued.isEmpty && !stopping { pthread_cond_wait(workQueued, lock) }
                if stopping { break }
                let chunk = queued.removeFirst()
                let skip = chunk.index > firstFailed
                pthread_mutex_unlock(lock)
                if !skip { chunk.compile(module: module, options: options, validator: &validator) }
                pthread_mutex_lock(lock)
                if chunk.error != nil { firstFailed = min(firstFailed, chunk.index) }
                chunk.done = true
                joinReady()
                pthread_cond_broadcast(chunkDone)
            }
            pthread_mutex_unlock(lock)
        }

        /// Joins the done chunks at the head of the submission order, unless another thread is at it (it will
        /// see this thread's chunk when it looks at the head again). Called and returns with `lock` held; the
        /// joins themselves run without it.
        func joinReady() {
            guard !joining, compiler != nil else { return }
            joining = true
            while failure == nil, !stopping, let first = unjoined.first, first.done {
                unjoined.removeFirst()
                pthread_mutex_unlock(lock)
                let error = ParallelModuleCompiler.join(first, into: &compiler!, dataIndex: &dataIndexWithoutCount)
                pthread_mutex_lock(lock)
                if let error { failure = error }
            }
            joining = false
            pthread_cond_broadcast(chunkDone)
        }
    }

    init(module: ModuleInfo, options: CompilerOptions, jobs: Int) {
        state = State(module: module, options: options)
        self.jobs = jobs
    }

    deinit { shutdown() }

    func submit(_ chunk: CodeChunk<C>) {
        pthread_mutex_lock(state.lock)
        state.queued.append(chunk)
        state.unjoined.append(chunk)
        let wanted = min(jobs, state.unjoined.count)
        pthread_cond_signal(state.workQueued)
        pthread_mutex_unlock(state.lock)
        while threads.count < wanted {
            if !startThread() { break }
        }
        if threads.isEmpty { compileQueuedHere() }
    }

    /// Waits while more than `limit` chunks are submitted and not joined (with `limit` 0, also until no join is
    /// under way); the first error, as soon as there is one.
    func waitForJoins(whileMoreThan limit: Int) -> WasmError? {
        pthread_mutex_lock(state.lock)
        defer { pthread_mutex_unlock(state.lock) }
        while state.failure == nil && (state.unjoined.count > limit || (limit == 0 && state.joining)) {
            pthread_cond_wait(state.chunkDone, state.lock)
        }
        return state.failure
    }

    /// Stop the workers after their current chunk and join them.
    func shutdown() {
        pthread_mutex_lock(state.lock)
        state.stopping = true
        state.queued.removeAll()
        pthread_cond_broadcast(state.workQueued)
        pthread_mutex_unlock(state.lock)
        for t in threads { pthread_join(t, nil) }
        threads.removeAll()
    }

    /// Start a worker; false if the system refuses a thread.
    func startThread() -> Bool {
        let state = self.state
        if state.options.refusesThreadsForTesting { return false }
        let body = Unmanaged.passRetained(ThreadBody { state.work() }).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, body)
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(body).release()
            return false
        }
        threads.append(thread)
        return true
    }

    /// Without any worker (the system refused threads), compile the queued chunks on the calling thread.
    func compileQueuedHere() {
        var validator = FunctionValidator(module: state.module)
        pthread_mutex_lock(state.lock)
        let chunks = state.queued
        state.queued.removeAll()
        pthread_mutex_unlock(state.lock)
        for chunk in chunks {
            chunk.compile(module: state.module, options: state.options, validator: &validator)
            pthread_mutex_lock(state.lock)
            chunk.done = true
            state.joinReady()
            pthread_mutex_unlock(state.lock)
        }
    }
}

/// A thread's work, handed through `pthread_create`'s context pointer (a C function cannot capture).
final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

import Glibc

/// A closure handed to a pthread.
final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a new pthread with the given stack size and waits for it.
func runOnThread(stackSize: Int, _ body: @escaping () -> Void) {
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    pthread_attr_setstacksize(&attr, stackSize)
    var thread = pthread_t()
    let rc = pthread_create(
        &thread, &attr,
        { raw in
            Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, Unmanaged.passRetained(ThreadBody(body)).toOpaque())
    precondition(rc == 0)
    pthread_attr_destroy(&attr)
    pthread_join(thread, nil)
}

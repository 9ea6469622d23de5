// What the spec runner tells its host process while it runs: which script and command it is at (for a crash
// report or a watchdog message). The `swasm spectest` verb plugs its crash reporter and watchdog in here.

/// Callbacks around the runner's work; by default they do nothing.
public enum SpecHooks {
    /// Called with a description of what is being run ("file.json:12 assert_return"), or "" when done.
    nonisolated(unsafe) public static var setContext: (String) -> Void = { _ in }
    /// Called before each executed command (e.g. to arm a timeout) ...
    nonisolated(unsafe) public static var beginCommand: (String) -> Void = { _ in }
    /// ... and after it.
    nonisolated(unsafe) public static var endCommand: () -> Void = {}
}

/// A script that cannot be read or parsed.
struct SpecIOError: Error, CustomStringConvertible {
    var description: String
}

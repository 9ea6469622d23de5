/// Why wasm execution stopped. Raw value 0 is "no trap" and is not a case.
public enum TrapCode: UInt32, Error, Sendable, CaseIterable {
    case unreachable = 1
    case memoryOutOfBounds = 2
    case tableOutOfBounds = 3
    case uninitializedElement = 4
    case undefinedElement = 5
    case indirectCallTypeMismatch = 6
    case integerOverflow = 7
    case integerDivideByZero = 8
    case invalidConversion = 9
    case stackExhausted = 10
    case outOfGas = 11
    /// A host function reported an error; details live with the embedder.
    case hostError = 12
    /// `Instance.interrupt()` (or a call's deadline) stopped the guest at a loop header or function entry.
    case interrupted = 13

    /// The message the wasm spec test suite expects (match by prefix).
    public var message: String {
        switch self {
        case .unreachable: return "unreachable"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .tableOutOfBounds: return "out of bounds table access"
        case .uninitializedElement: return "uninitialized element"
        case .undefinedElement: return "undefined element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .integerOverflow: return "integer overflow"
        case .integerDivideByZero: return "integer divide by zero"
        case .invalidConversion: return "invalid conversion to integer"
        case .stackExhausted: return "call stack exhausted"
        case .outOfGas: return "out of gas"
        case .hostError: return "host error"
        case .interrupted: return "interrupted"
        }
    }
}

/// A module the decoder rejects: malformed bytes or invalid code, with the byte offset where it was found.
///
/// `message` uses the WebAssembly spec testsuite's wording where it has one (`type mismatch`,
/// `unexpected end`, `integer too large`, ...), so tools can match it by prefix.
public struct WasmError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a well-formed binary module (spec: "malformed").
        case malformed
        /// Well-formed but breaks a validation rule (spec: "invalid").
        case invalid
        /// Valid, but uses something this build cannot compile or run (reported by consumers, never the validator).
        case unsupported
    }

    public var kind: Kind
    public var message: String
    /// Offset in bytes from the start of the module.
    public var offset: Int

    @inlinable
    public init(_ kind: Kind, _ message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset \(offset)" }
}

@inlinable
func hex(_ v: UInt8) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
    return "0x" + String(digits[Int(v >> 4)]) + String(digits[Int(v & 15)])
}

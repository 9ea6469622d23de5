/// A text module or script that cannot be parsed: what was expected, and where (line:column, both from 1).
public struct TextError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not the text format's grammar (a token out of place, an unterminated string or comment, ...).
        case syntax
        /// A `$name` that names nothing of its kind, or a name defined twice.
        case unknownName
        /// A number that does not fit its type, or is not a number of that type.
        case badNumber
        /// Well-formed text that violates a rule of the text format (e.g. an import after a definition).
        case malformed
    }
    public var kind: Kind
    public var message: String
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, _ message: String, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// e.g. `3:14: expected ')' but found 'i32.add'`.
    public var description: String { "\(line):\(column): \(message)" }
}

/// An operand or branch an encoder cannot encode. Encoders never emit wrong bytes: they throw this instead.
public struct AssemblerError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// An immediate does not fit the instruction's field.
        case immediateOutOfRange
        /// A label is too far for the branch form.
        case branchOutOfRange
        /// A register or operand combination the instruction cannot take (e.g. SP where only ZR is legal).
        case invalidOperand
        /// A label was used but never bound.
        case unboundLabel
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

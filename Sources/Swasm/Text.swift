import WasmText

/// A text-format module that cannot be parsed: `kind`, `message` (what was expected), `line` and `column`.
public typealias TextError = WasmText.TextError

extension Module {
    /// Assembles and compiles a module in the text format (`.wat`).
    /// - Throws: `TextError` (with line:column) if the text is not well-formed, then as `init(engine:bytes:)`.
    public convenience init(engine: Engine, wat text: String) throws {
        try self.init(engine: engine, bytes: try WAT.assemble(text))
    }

    /// The binary module for a text-format module (`swasm wat2wasm`).
    /// - Throws: `TextError` with line:column.
    public static func assemble(wat text: some Collection<UInt8>) throws(TextError) -> [UInt8] {
        try WAT.assemble(text)
    }

    /// Whether `bytes` look like the text format (they start with `(` or `;` after whitespace).
    public static func isText(_ bytes: some Collection<UInt8>) -> Bool { WAT.isText(bytes) }
}

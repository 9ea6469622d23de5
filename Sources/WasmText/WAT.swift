/// The WebAssembly text format: `assemble` turns a text module into a binary one, which the decoder then validates
/// (there is one validation path).
public enum WAT {
    /// The binary module for the text module `text` (`(module ...)` or its fields alone).
    /// - Throws: `TextError` with the line and column of the problem.
    public static func assemble(_ text: some Collection<UInt8>) throws(TextError) -> [UInt8] {
        let source = Array(text)
        let tokens = try Lexer(source).tokenize()
        var parser = TextParser(source: source, tokens: tokens)
        let binary = try parser.parseModule()
        guard parser.current.kind == .end else { throw parser.fail("unexpected \(parser.found) after the module") }
        return binary
    }

    /// `assemble` for a string.
    public static func assemble(_ text: String) throws(TextError) -> [UInt8] { try assemble(Array(text.utf8)) }

    /// Whether `bytes` look like the text format rather than a binary module (it starts with `(`, `;` or space
    /// after optional whitespace; a binary module starts with `\0asm`).
    public static func isText(_ bytes: some Collection<UInt8>) -> Bool {
        for b in bytes {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "("), UInt8(ascii: ";"): return true
            default: return false
            }
        }
        return false
    }
}

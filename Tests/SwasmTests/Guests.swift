// The guest modules of these tests: the .wat files in wat/, assembled by swasm's own text-format parser.

import Foundation
import Swasm

enum Guests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("wat")

    /// `wat/<name>.wat`, assembled (a test that needs a missing or malformed guest fails loudly).
    static func assemble(_ name: String) -> [UInt8] {
        let url = directory.appendingPathComponent("\(name).wat")
        guard let text = try? Data(contentsOf: url) else { fatalError("missing guest \(url.path)") }
        do { return try Module.assemble(wat: [UInt8](text)) } catch { fatalError("\(name).wat:\(error)") }
    }

    static let basics = assemble("basics")
    static let callback = assemble("callback")
    static let consumer = assemble("consumer")
    static let imports = assemble("imports")
    static let many = assemble("many")
    static let provider = assemble("provider")
    static let start = assemble("start")
    static let startTrap = assemble("start_trap")
    static let wasiEcho = assemble("wasi_echo")
}

// `swasm wast2json FILE.wast -o DIR/NAME.json`: a spec script as wabt's wast2json writes it, from swasm's own
// text-format parser (for the AOT runs of the spec suite: spec-tests/run-aot.sh).

import Swasm
import SwasmSpecTest

enum Wast2JsonCommand {
    static let usage = """
        usage: swasm wast2json FILE.wast -o DIR/NAME.json

        Writes the script's commands as JSON in the shape of wabt's wast2json, and each module next to it
        (NAME.N.wasm; text modules are assembled; a malformed one is NAME.N.wat with its error in "text_error").
        """

    static func run(_ args: [String]) -> Never {
        guard args.count == 3, args[1] == "-o", args[2].hasSuffix(".json") else {
            if args.first == "-h" || args.first == "--help" {
                CLI.out(usage)
                CLI.exit(.success)
            }
            CLI.usageError("expected FILE.wast -o DIR/NAME.json", help: "swasm wast2json --help")
        }
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(args[0]) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        let output = args[2]
        let slash = output.lastIndex(of: "/")
        let directory = slash.map { String(output[..<$0]) } ?? "."
        let file = slash.map { String(output[output.index(after: $0)...]) } ?? output
        let name = String(file.dropLast(5))
        let source = String(args[0].split(separator: "/").last ?? Substring(args[0]))
        if let problem = WastToJSON.convert(bytes, sourceName: source, directory: directory, name: name) {
            CLI.err("error: \(CLI.oneLine(problem))")
            CLI.exit(.failure)
        }
        CLI.exit(.success)
    }
}

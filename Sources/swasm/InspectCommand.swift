// `swasm inspect [--disassemble] FILE`: what a module (or AOT artifact) contains.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

enum InspectCommand {
    static let usage = """
        usage: swasm inspect [--disassemble] FILE

        Prints the sections of a .wasm module (or the contents of an AOT artifact): imports and exports with
        their signatures, function/table/memory/global counts, code size. --disassemble compiles the module for
        this machine and shows the generated code of each function (needs objdump or llvm-objdump).
        """

    static func run(_ args: [String]) -> Never {
        var disassemble = false
        var files: [String] = []
        for a in args {
            switch a {
            case "-h", "--help": CLI.out(usage); CLI.exit(.success)
            case "--disassemble", "-d": disassemble = true
            default:
                if a.hasPrefix("-") { CLI.usageError("unknown option '\(a)'", help: "swasm inspect --help") }
                files.append(a)
            }
        }
        guard files.count == 1 else {
            CLI.usageError(files.isEmpty ? "missing FILE" : "expected one file", help: "swasm inspect --help")
        }
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(files[0]) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        let module: ModuleInfo
        var code: CompiledCode?
        var arch = Architecture.host
        if bytes.starts(with: Array("SWASMAOT".utf8)) {
            do {
                let a = try Artifact(bytes: bytes, requiredArchitecture: nil)
                module = a.module
                code = a.code
                arch = a.arch
                CLI.out("AOT artifact: \(a.arch), \(bytes.count) bytes")
            } catch {
                CLI.err("error: \(CLI.oneLine("\(error)"))")
                CLI.exit(.failure)
            }
        } else {
            do {
                module = try validateModule(bytes)
            } catch {
                CLI.err("error: \(CLI.oneLine(error.message)) at offset \(error.offset)")
                CLI.exit(.failure)
            }
            CLI.out("module: \(bytes.count) bytes")
        }
        print(module)
        if disassemble {
            if code == nil {
                do { code = try compileModule(bytes).1 } catch {
                    CLI.err("error: \(CLI.oneLine(error.message)) at offset \(error.offset)")
                    CLI.exit(.failure)
                }
            }
            disassembleFunctions(module, code!, arch)
        }
        CLI.exit(.success)
    }

    static func signature(_ t: FuncType) -> String {
        "(\(t.params.map(\.description).joined(separator: ", "))) -> (\(t.results.map(\.description).joined(separator: ", ")))"
    }

    static func limits(_ l: Limits) -> String { l.max.map { "\(l.min)..\($0)" } ?? "\(l.min).." }

    static func print(_ m: ModuleInfo) {
        CLI.out("types: \(m.types.count)")
        CLI.out("imports: \(m.imports.count)")
        for imp in m.imports {
            let what: String
            switch imp.descriptor {
            case .function(let t): what = "func \(signature(m.types[Int(t)]))"
            case .table(let t): what = "table \(t.element) \(limits(t.limits))"
            case .memory(let mt): what = "memory \(limits(mt.limits)) pages"
            case .global(let g): what = "global \(g.mutable ? "mut " : "")\(g.value)"
            }
            CLI.out("  \(imp.moduleString).\(imp.nameString): \(what)")
        }
        CLI.out("functions: \(m.functionTypeIndices.count) (\(m.importedFunctionCount) imported, \(m.definedFunctionCount) defined)")
        CLI.out("tables: \(m.tables.count)\(m.tables.isEmpty ? "" : " [" + m.tables.map { "\($0.element) \(limits($0.limits))" }.joined(separator: ", ") + "]")")
        CLI.out("memories: \(m.memories.count)\(m.memories.isEmpty ? "" : " [" + m.memories.map { limits($0.limits) + " pages" }.joined(separator: ", ") + "]")")
        CLI.out("globals: \(m.globals.count)")
        CLI.out("exports: \(m.exports.count)")
        for e in m.exports {
            let what: String
            switch e.kind {
            case .function: what = "func \(e.index) \(signature(m.functionType(Int(e.index))))"
            case .table: what = "table \(e.index)"
            case .memory: what = "memory \(e.index)"
            case .global: what = "global \(e.index) \(m.globals[Int(e.index)].value)"
            }
            CLI.out("  \(e.nameString): \(what)")
        }
        if let s = m.start { CLI.out("start: function \(s)") }
        CLI.out("element segments: \(m.elements.count), data segments: \(m.data.count)")
        let codeBytes = m.functionBodies.reduce(0) { $0 + $1.size }
        if !m.functionBodies.isEmpty { CLI.out("code: \(m.functionBodies.count) bodies, \(codeBytes) bytes") }
        if !m.customSections.isEmpty {
            CLI.out("custom sections: " + m.customSections.map { "\(String(decoding: $0.name, as: UTF8.self)) (\($0.payload.count) bytes)" }.joined(separator: ", "))
        }
    }

    static func disassembleFunctions(_ m: ModuleInfo, _ code: CompiledCode, _ arch: Architecture) {
        let candidates = arch == .aarch64 ? ["/usr/bin/aarch64-linux-gnu-objdump"] : ["/usr/bin/objdump"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            CLI.err("error: --disassemble needs \(arch == .aarch64 ? "aarch64-linux-gnu-objdump" : "objdump") (binutils)")
            CLI.exit(.failure)
        }
        let machine = arch == .aarch64 ? ["-m", "aarch64"] : ["-m", "i386:x86-64", "-M", "intel"]
        let bytes = code.code
        let offsets = code.functionOffsets
        for (i, start) in offsets.enumerated() {
            let end = i + 1 < offsets.count ? offsets[i + 1] : bytes.count
            let index = UInt32(m.importedFunctionCount + i)
            let name = m.functionNames[index].map { " \($0)" } ?? ""
            CLI.out("\nfunction \(index)\(name): \(end - start) bytes")
            let path = NSTemporaryDirectory() + "swasm-inspect-\(getpid()).bin"
            FileManager.default.createFile(atPath: path, contents: Data(bytes[start..<end]))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = ["-D", "-b", "binary"] + machine + [path]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { CLI.err("error: cannot run \(tool)"); CLI.exit(.failure) }
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            for line in out.split(separator: "\n") where line.contains(":\t") { CLI.out(String(line)) }
        }
    }
}

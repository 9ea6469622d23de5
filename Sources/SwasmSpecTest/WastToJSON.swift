// `swasm wast2json`: a .wast script as wabt's wast2json writes it (a JSON command list and one file per module),
// from swasm's own parser, so the AOT runs (spec-tests/aot_driver.py) need no wabt. Text modules are assembled
// (written as .wasm, `module_type` "binary"); a module whose text is malformed is written as .wat with
// `module_type` "text" and the parser's message in `text_error`.

@_spi(Tools) import Swasm
import WasmText

public enum WastToJSON {
    /// Converts `wast` (the script's bytes); writes `<directory>/<name>.json` and the module files next to it.
    /// - Returns: nil on success, else what went wrong.
    public static func convert(_ wast: [UInt8], sourceName: String, directory: String, name: String) -> String? {
        let commands: [WastCommand]
        do { commands = try WastScript.parse(wast) } catch { return "\(sourceName):\(error)" }
        var out: [String] = []
        var moduleCount = 0
        var failure: String?
        func moduleFields(_ m: WastModule) -> String {
            let file: String
            var fields: [String]
            switch m.bytes {
            case .success(let bytes):
                file = "\(name).\(moduleCount).wasm"
                fields = ["\"filename\": \(quote(file))", "\"module_type\": \"binary\""]
                if let e = write(bytes, to: directory + "/" + file) { failure = e }
            case .failure(let error):
                file = "\(name).\(moduleCount).wat"
                fields = [
                    "\"filename\": \(quote(file))", "\"module_type\": \"text\"",
                    "\"text_error\": \(quote(error.description))"
                ]
                if let e = write([], to: directory + "/" + file) { failure = e }
            }
            moduleCount += 1
            if let n = m.name { fields.append("\"name\": \(quote(n))") }
            return fields.joined(separator: ", ")
        }
        for c in commands {
            switch c {
            case .module(let line, let m):
                out.append("{\"type\": \"module\", \"line\": \(line), \(moduleFields(m))}")
            case .register(let line, let name, let module):
                var f = "{\"type\": \"register\", \"line\": \(line), \"as\": \(quote(name))"
                if let module { f += ", \"name\": \(quote(module))" }
                out.append(f + "}")
            case .action(let line, let a):
                out.append("{\"type\": \"action\", \"line\": \(line), \"action\": \(action(a)), \"expected\": []}")
            case .assertReturn(let line, let a, let results):
                out.append(
                    "{\"type\": \"assert_return\", \"line\": \(line), \"action\": \(action(a)), "
                        + "\"expected\": [\(results.map(expected).joined(separator: ", "))]}")
            case .assertTrap(let line, let a, let message):
                out.append(
                    "{\"type\": \"assert_trap\", \"line\": \(line), \"action\": \(action(a)), "
                        + "\"text\": \(quote(message)), \"expected\": []}")
            case .assertExhaustion(let line, let a, let message):
                out.append(
                    "{\"type\": \"assert_exhaustion\", \"line\": \(line), \"action\": \(action(a)), "
                        + "\"text\": \(quote(message)), \"expected\": []}")
            case .assertModuleTrap(let line, let m, let message):
                out.append(
                    "{\"type\": \"assert_uninstantiable\", \"line\": \(line), \(moduleFields(m)), "
                        + "\"text\": \(quote(message))}")
            case .assertMalformed(let line, let m, let message):
                out.append(
                    "{\"type\": \"assert_malformed\", \"line\": \(line), \(moduleFields(m)), "
                        + "\"text\": \(quote(message))}")
            case .assertInvalid(let line, let m, let message):
                out.append(
                    "{\"type\": \"assert_invalid\", \"line\": \(line), \(moduleFields(m)), "
                        + "\"text\": \(quote(message))}")
            case .assertUnlinkable(let line, let m, let message):
                out.append(
                    "{\"type\": \"assert_unlinkable\", \"line\": \(line), \(moduleFields(m)), "
                        + "\"text\": \(quote(message))}")
            }
        }
        if let failure { return failure }
        let json =
            "{\"source_filename\": \(quote(sourceName)),\n \"commands\": [\n  "
            + out.joined(separator: ",\n  ") + "]}\n"
        return write(Array(json.utf8), to: directory + "/" + name + ".json")
    }

    static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case _ where u.value < 0x20:
                let h = String(u.value, radix: 16)
                r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: r.unicodeScalars.append(u)
            }
        }
        return r + "\""
    }

    static func quote(_ bytes: [UInt8]) -> String { quote(String(decoding: bytes, as: UTF8.self)) }

    static func value(_ v: WastValue) -> String {
        switch v {
        case .i32(let x): return "{\"type\": \"i32\", \"value\": \"\(x)\"}"
        case .i64(let x): return "{\"type\": \"i64\", \"value\": \"\(x)\"}"
        case .f32(let x): return "{\"type\": \"f32\", \"value\": \"\(x)\"}"
        case .f64(let x): return "{\"type\": \"f64\", \"value\": \"\(x)\"}"
        case .v128(let low, let high, let shape):
            // Lanes as wast2json writes them: unsigned decimal per lane of the written shape.
            let laneBits = 128 / (["i8x16": 16, "i16x8": 8, "i32x4": 4, "f32x4": 4][shape] ?? 2)
            var lanes: [String] = []
            for k in 0..<(128 / laneBits) {
                let bit = k * laneBits
                let word = bit < 64 ? low : high
                let mask: UInt64 = laneBits == 64 ? .max : (1 << UInt64(laneBits)) - 1
                lanes.append("\"\((word >> UInt64(bit % 64)) & mask)\"")
            }
            let laneType = String(shape.prefix { $0 != "x" })
            return "{\"type\": \"v128\", \"lane_type\": \"\(laneType)\", \"value\": [\(lanes.joined(separator: ", "))]}"
        case .refNull(let isFunction):
            return "{\"type\": \"\(isFunction ? "funcref" : "externref")\", \"value\": \"null\"}"
        case .refExtern(let n): return "{\"type\": \"externref\", \"value\": \"\(n)\"}"
        }
    }

    static func expected(_ e: WastExpected) -> String {
        switch e {
        case .value(let v): return value(v)
        case .f32NaN(let c): return "{\"type\": \"f32\", \"value\": \"nan:\(c ? "canonical" : "arithmetic")\"}"
        case .f64NaN(let c): return "{\"type\": \"f64\", \"value\": \"nan:\(c ? "canonical" : "arithmetic")\"}"
        case .v128Lanes(let shape, let lanes):
            let laneType = String(shape.prefix { $0 != "x" })
            let values = lanes.map { l -> String in
                switch l {
                case .bits(let b): return "\"\(b)\""
                case .nan(let c): return "\"nan:\(c ? "canonical" : "arithmetic")\""
                }
            }
            return
                "{\"type\": \"v128\", \"lane_type\": \"\(laneType)\", \"value\": [\(values.joined(separator: ", "))]}"
        case .anyFunctionReference: return "{\"type\": \"funcref\"}"
        case .anyExternReference: return "{\"type\": \"externref\"}"
        }
    }

    static func action(_ a: WastAction) -> String {
        switch a {
        case .invoke(let module, let field, let args):
            var s = "{\"type\": \"invoke\", "
            if let module { s += "\"module\": \(quote(module)), " }
            return s + "\"field\": \(quote(field)), \"args\": [\(args.map(value).joined(separator: ", "))]}"
        case .get(let module, let field):
            var s = "{\"type\": \"get\", "
            if let module { s += "\"module\": \(quote(module)), " }
            return s + "\"field\": \(quote(field))}"
        }
    }

    static func write(_ bytes: [UInt8], to path: String) -> String? {
        do { try writeWholeFile(path, bytes) } catch { return error.description }
        return nil
    }
}

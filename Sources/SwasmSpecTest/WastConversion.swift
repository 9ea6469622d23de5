// A .wast script read by WasmText, in the runner's command model (the one wast2json's JSON is read into).

import WasmText

extension SpecScript {
    init(wast bytes: [UInt8], name: String) throws(TextError) {
        sourceFilename = name
        commands = try WastScript.parse(bytes).map(SpecScript.command)
    }

    static func file(_ m: WastModule) -> SpecModuleFile {
        var f = SpecModuleFile(filename: "", type: m.isBinary ? .binary : .text)
        switch m.bytes {
        case .success(let b): f.inline = b
        case .failure(let e): f.inlineError = "\(e.message) (line \(e.line), column \(e.column))"
        }
        return f
    }

    static func value(_ v: WastValue) -> SpecValue {
        switch v {
        case .i32(let x): return .i32(x)
        case .i64(let x): return .i64(x)
        case .f32(let x): return .f32(x)
        case .f64(let x): return .f64(x)
        case .v128(let low, let high, let shape):
            return .v128(SpecV128(lo: low, hi: high, laneType: laneType(shape)))
        case .refNull(let isFunction): return isFunction ? .funcref(nil) : .externref(nil)
        case .refExtern(let n): return .externref(n)
        }
    }

    static func laneType(_ shape: String) -> SpecLaneType {
        SpecLaneType(rawValue: String(shape.prefix { $0 != "x" })) ?? .i8
    }

    static func action(_ a: WastAction) -> SpecAction {
        switch a {
        case .invoke(let module, let field, let args):
            return .invoke(module: module, field: field, args: args.map(value))
        case .get(let module, let field): return .get(module: module, field: field)
        }
    }

    static func expected(_ e: WastExpected) -> SpecExpected {
        switch e {
        case .value(let v): return .value(value(v))
        case .f32NaN(let canonical): return .f32NaN(canonical ? .canonical : .arithmetic)
        case .f64NaN(let canonical): return .f64NaN(canonical ? .canonical : .arithmetic)
        case .v128Lanes(let shape, let lanes):
            return .v128Lanes(
                laneType(shape),
                lanes.map {
                    switch $0 {
                    case .bits(let b): return .bits(b)
                    case .nan(let canonical): return .nan(canonical ? .canonical : .arithmetic)
                    }
                })
        case .anyFunctionReference: return .value(.funcref(0))
        case .anyExternReference: return .type(.externref)
        }
    }

    static func command(_ c: WastCommand) -> SpecCommand {
        switch c {
        case .module(let line, let m): return .module(line: line, name: m.name, file: file(m))
        case .register(let line, let name, let module): return .register(line: line, name: module, as: name)
        case .action(let line, let a): return .action(line: line, action(a), expected: [])
        case .assertReturn(let line, let a, let results):
            return .assertReturn(line: line, action(a), expected: results.map(expected))
        case .assertTrap(let line, let a, let message):
            return .assertTrap(line: line, action(a), text: message, expected: [])
        case .assertModuleTrap(let line, let m, let message):
            return .assertUninstantiable(line: line, file: file(m), text: message)
        case .assertExhaustion(let line, let a, let message):
            return .assertExhaustion(line: line, action(a), text: message, expected: [])
        case .assertMalformed(let line, let m, let message):
            return .assertMalformed(line: line, file: file(m), text: message)
        case .assertInvalid(let line, let m, let message):
            return .assertInvalid(line: line, file: file(m), text: message)
        case .assertUnlinkable(let line, let m, let message):
            return .assertUnlinkable(line: line, file: file(m), text: message)
        }
    }
}

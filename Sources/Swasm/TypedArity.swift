import WasmDecoder

// Fixed-arity overloads of `typedFunction` / `typed` (0–4 parameters, 0 or 1 result). They do what the
// parameter-pack versions do, but let the type checker bind the types straight from the metatypes, so
// `try instance.typedFunction("add", (Int32, Int32).self, Int32.self)(1, 2) == 3` type-checks inline.
// Generated shape; keep the two extensions in step.

extension Instance {
    /// The exported function `name` (0 parameters, one result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<R: WasmValue>(_ name: String, _ parameters: Void.Type, _ result: R.Type) throws
        -> TypedFunction<R>
    {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (0 parameters, no result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction(_ name: String, _ parameters: Void.Type, _ result: Void.Type) throws -> TypedFunction<
        Void
    > {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (1 parameter, one result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, R: WasmValue>(_ name: String, _ parameters: P1.Type, _ result: R.Type)
        throws -> TypedFunction<R, P1>
    {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (1 parameter, no result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue>(_ name: String, _ parameters: P1.Type, _ result: Void.Type) throws
        -> TypedFunction<Void, P1>
    {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (2 parameters, one result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue, R: WasmValue>(
        _ name: String, _ parameters: (P1, P2).Type, _ result: R.Type
    ) throws -> TypedFunction<R, P1, P2> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (2 parameters, no result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue>(
        _ name: String, _ parameters: (P1, P2).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, P1, P2> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (3 parameters, one result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue, P3: WasmValue, R: WasmValue>(
        _ name: String, _ parameters: (P1, P2, P3).Type, _ result: R.Type
    ) throws -> TypedFunction<R, P1, P2, P3> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (3 parameters, no result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue, P3: WasmValue>(
        _ name: String, _ parameters: (P1, P2, P3).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, P1, P2, P3> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (4 parameters, one result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue, P3: WasmValue, P4: WasmValue, R: WasmValue>(
        _ name: String, _ parameters: (P1, P2, P3, P4).Type, _ result: R.Type
    ) throws -> TypedFunction<R, P1, P2, P3, P4> {
        try function(named: name).typed(parameters, result)
    }

    /// The exported function `name` (4 parameters, no result) as a Swift function; see `typedFunction(_:_:_:)`.
    public func typedFunction<P1: WasmValue, P2: WasmValue, P3: WasmValue, P4: WasmValue>(
        _ name: String, _ parameters: (P1, P2, P3, P4).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, P1, P2, P3, P4> {
        try function(named: name).typed(parameters, result)
    }
}

extension Function {
    /// This function (0 parameters, one result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<R: WasmValue>(_ parameters: Void.Type, _ result: R.Type) throws -> TypedFunction<R> {
        try check(parameters: [], results: [R.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(R.self))
    }

    /// This function (0 parameters, no result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed(_ parameters: Void.Type, _ result: Void.Type) throws -> TypedFunction<Void> {
        try check(parameters: [], results: [])
        return TypedFunction(function: self) { _ in () }
    }

    /// This function (1 parameter, one result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, R: WasmValue>(_ parameters: P1.Type, _ result: R.Type) throws -> TypedFunction<
        R, P1
    > {
        try check(parameters: [P1.valueType], results: [R.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(R.self))
    }

    /// This function (1 parameter, no result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue>(_ parameters: P1.Type, _ result: Void.Type) throws -> TypedFunction<Void, P1> {
        try check(parameters: [P1.valueType], results: [])
        return TypedFunction(function: self) { _ in () }
    }

    /// This function (2 parameters, one result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue, R: WasmValue>(_ parameters: (P1, P2).Type, _ result: R.Type) throws
        -> TypedFunction<R, P1, P2>
    {
        try check(parameters: [P1.valueType, P2.valueType], results: [R.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(R.self))
    }

    /// This function (2 parameters, no result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue>(_ parameters: (P1, P2).Type, _ result: Void.Type) throws
        -> TypedFunction<Void, P1, P2>
    {
        try check(parameters: [P1.valueType, P2.valueType], results: [])
        return TypedFunction(function: self) { _ in () }
    }

    /// This function (3 parameters, one result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue, P3: WasmValue, R: WasmValue>(
        _ parameters: (P1, P2, P3).Type, _ result: R.Type
    ) throws -> TypedFunction<R, P1, P2, P3> {
        try check(parameters: [P1.valueType, P2.valueType, P3.valueType], results: [R.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(R.self))
    }

    /// This function (3 parameters, no result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue, P3: WasmValue>(_ parameters: (P1, P2, P3).Type, _ result: Void.Type)
        throws -> TypedFunction<Void, P1, P2, P3>
    {
        try check(parameters: [P1.valueType, P2.valueType, P3.valueType], results: [])
        return TypedFunction(function: self) { _ in () }
    }

    /// This function (4 parameters, one result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue, P3: WasmValue, P4: WasmValue, R: WasmValue>(
        _ parameters: (P1, P2, P3, P4).Type, _ result: R.Type
    ) throws -> TypedFunction<R, P1, P2, P3, P4> {
        try check(parameters: [P1.valueType, P2.valueType, P3.valueType, P4.valueType], results: [R.valueType])
        return TypedFunction(function: self, decode: singleResultDecoder(R.self))
    }

    /// This function (4 parameters, no result) as a Swift function; see `Instance.typedFunction(_:_:_:)`.
    public func typed<P1: WasmValue, P2: WasmValue, P3: WasmValue, P4: WasmValue>(
        _ parameters: (P1, P2, P3, P4).Type, _ result: Void.Type
    ) throws -> TypedFunction<Void, P1, P2, P3, P4> {
        try check(parameters: [P1.valueType, P2.valueType, P3.valueType, P4.valueType], results: [])
        return TypedFunction(function: self) { _ in () }
    }
}

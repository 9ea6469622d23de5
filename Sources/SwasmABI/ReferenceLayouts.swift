/// Layout of a function reference (the value of a funcref, and an entry of a function table):
/// `{ code: pointer, vmctx: pointer, typeID: UInt32, hostIndex: UInt32 }`. Null is a zero pointer.
public enum FuncRefLayout {
    public static let code = 0
    public static let vmctx = 8
    public static let typeID = 16
    public static let hostIndex = 20
    public static let size = 24
}

/// Layout of a table descriptor (`tablesBase + 8 * table` points at one): `{ elements: pointer, count: UInt32 }`.
public enum TableLayout {
    public static let elements = 0
    public static let count = 8
}

/// One operator of the text format (the table is generated from Scripts/opcodes.txt: Generated/TextInstructions.swift).
struct TextOpcode {
    /// 0 for single-byte opcodes, else 0xFC or 0xFD (then `code` is the LEB128 sub-opcode).
    let prefix: UInt8
    let code: UInt32
    let immediate: Immediate
    /// For memory operators: log2 of the natural alignment (the default `align=`).
    let alignment: UInt8
    /// For lane operators: the number of lanes (lane indices must be below it).
    let lanes: UInt8

    enum Immediate {
        case none, i32, i64, f32, f64, v128, shuffle, local, global, function, label, block, brTable
        case callIndirect, table, tableInit, tableCopy, memoryInit, memoryCopy, memoryIndex, data, elem, heapType
        case selectTyped, memory, memoryLane, lane
    }
}

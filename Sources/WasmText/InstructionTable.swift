/// `textInstructions` by the bytes of an operator's name: an open-addressing hash table, so looking an operator
/// up makes no string.
struct InstructionTable {
    static let shared = InstructionTable()

    private var names: [[UInt8]] = []
    private var opcodes: [TextOpcode] = []
    private var slots: [Int32]
    private let mask: Int

    init() {
        let size = 2048
        mask = size - 1
        slots = Array(repeating: -1, count: size)
        for (name, op) in textInstructions {
            let bytes = Array(name.utf8)
            var i = Self.hash(bytes[...]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(names.count)
            names.append(bytes)
            opcodes.append(op)
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h)
    }

    func lookup(_ name: ArraySlice<UInt8>) -> TextOpcode? {
        var i = Self.hash(name) & mask
        while slots[i] >= 0 {
            let k = Int(slots[i])
            if names[k].elementsEqual(name) { return opcodes[k] }
            i = (i + 1) & mask
        }
        return nil
    }
}

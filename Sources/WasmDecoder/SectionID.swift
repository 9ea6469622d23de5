/// Section ids of the binary format.
public enum SectionID: UInt8, Sendable {
    case custom = 0
    case type, `import`, function, table, memory, global, export, start, element, code, data, dataCount

    /// Position in the required order (custom sections may appear anywhere).
    var orderRank: Int {
        switch self {
        case .custom: 0
        case .type: 1
        case .import: 2
        case .function: 3
        case .table: 4
        case .memory: 5
        case .global: 6
        case .export: 7
        case .start: 8
        case .element: 9
        case .dataCount: 10
        case .code: 11
        case .data: 12
        }
    }
}

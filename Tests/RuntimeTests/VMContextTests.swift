import Glibc
import SwasmABI
import Testing

@testable import SwasmRuntime

@Suite struct VMContextTests {
    @Test func layoutMatchesTheContract() {
        #expect(VMContextLayout.memoryBase == 0)
        #expect(VMContextLayout.memoryByteCount == 8)
        #expect(VMContextLayout.stackLimit == 16)
        #expect(VMContextLayout.gasRemaining == 24)
        #expect(VMContextLayout.trapCode == 32)
        #expect(VMContextLayout.trapPC == 40)
        #expect(VMContextLayout.trapAddress == 48)
        #expect(VMContextLayout.entrySP == 56)
        #expect(VMContextLayout.globalsBase == 64)
        #expect(VMContextLayout.tablesBase == 72)
        #expect(VMContextLayout.functionsBase == 80)
        #expect(VMContextLayout.typeIDsBase == 88)
        #expect(VMContextLayout.helpersBase == 96)
        #expect(VMContextLayout.instancePointer == 104)
        #expect(VMContextLayout.previousEntrySP == 112)
        #expect(VMContextLayout.size == 192)
    }

    @Test func blockIsAlignedZeroedAndAccessorsHitTheOffsets() throws {
        let vm = try VMContext()
        #expect(UInt(bitPattern: vm.pointer) % 64 == 0)
        #expect(UnsafeRawBufferPointer(start: vm.pointer, count: VMContextLayout.size).allSatisfy { $0 == 0 })
        vm.gasRemaining = -5
        #expect(vm.pointer.load(fromByteOffset: 24, as: Int64.self) == -5)
        vm.trapCodeRaw = TrapCode.outOfGas.rawValue
        #expect(vm.pointer.load(fromByteOffset: 32, as: UInt32.self) == 11)
        #expect(vm.trap == .outOfGas)
        vm.helpersBase = 0x1234
        #expect(vm.pointer.load(fromByteOffset: 96, as: UInt64.self) == 0x1234)
        let memory = try LinearMemory(initialPages: 2)
        vm.bind(memory: memory)
        #expect(vm.memoryBase == UInt64(UInt(bitPattern: memory.base)))
        #expect(vm.memoryByteCount == 2 * 65536)
        vm.clearTrap()
        #expect(vm.trap == nil)
    }

    @Test func trapMessages() {
        #expect(TrapCode(rawValue: 0) == nil)
        #expect(TrapCode.unreachable.message == "unreachable")
        #expect(TrapCode.memoryOutOfBounds.message == "out of bounds memory access")
        #expect(TrapCode.tableOutOfBounds.message == "out of bounds table access")
        #expect(TrapCode.uninitializedElement.message == "uninitialized element")
        #expect(TrapCode.undefinedElement.message == "undefined element")
        #expect(TrapCode.indirectCallTypeMismatch.message == "indirect call type mismatch")
        #expect(TrapCode.integerOverflow.message == "integer overflow")
        #expect(TrapCode.integerDivideByZero.message == "integer divide by zero")
        #expect(TrapCode.invalidConversion.message == "invalid conversion to integer")
        #expect(TrapCode.stackExhausted.message == "call stack exhausted")
        #expect(TrapCode.outOfGas.message == "out of gas")
        #expect(Set(TrapCode.allCases.map(\.rawValue)).count == TrapCode.allCases.count)
    }
}

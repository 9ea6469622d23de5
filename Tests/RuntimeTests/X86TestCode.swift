#if arch(x86_64)
    import Glibc
    import SwasmABI
    @testable import SwasmRuntime

    /// Hand-assembled x86-64 snippets (encodings checked with `llvm-mc -triple=x86_64 -show-encoding`)
    /// that follow the trap protocol documented in `TrapHandler`.
    enum X86 {
        /// `int32 trampoline(vmctx rdi, body rsi, arg rdx)`: calls `body` with vmctx in r14 and rdx untouched.
        static let trampolinePrologue: [UInt8] = [
            0x55, // push rbp
            0x48, 0x89, 0xE5, // mov rbp, rsp
            0x53, // push rbx
            0x41, 0x54, // push r12
            0x41, 0x55, // push r13
            0x41, 0x56, // push r14
            0x41, 0x57, // push r15
            0x49, 0x89, 0xFE, // mov r14, rdi
            0x41, 0xFF, 0x76, 0x70, // push qword [r14+112]   previousEntrySP
            0x41, 0xFF, 0x76, 0x38, // push qword [r14+56]    entrySP
            0x49, 0x8B, 0x46, 0x38, // mov rax, [r14+56]
            0x49, 0x89, 0x46, 0x70, // mov [r14+112], rax     previousEntrySP = old entrySP
            0x49, 0x89, 0x66, 0x38, // mov [r14+56], rsp      entrySP = SP
            0x48, 0x83, 0xEC, 0x08, // sub rsp, 8             (ABI alignment)
            0xFF, 0xD6, // call rsi
            0x48, 0x83, 0xC4, 0x08, // add rsp, 8
            0x31, 0xC0 // xor eax, eax           0 = returned normally
        ]
        /// Shared by the trampoline and the trap stub.
        static let epilogue: [UInt8] = [
            0x41, 0x8F, 0x46, 0x38, // pop qword [r14+56]
            0x41, 0x8F, 0x46, 0x70, // pop qword [r14+112]
            0x41, 0x5F, 0x41, 0x5E, 0x41, 0x5D, 0x41, 0x5C, // pop r15, r14, r13, r12
            0x5B, 0x5D, 0xC3 // pop rbx; pop rbp; ret
        ]
        /// The trap-exit stub: SP ← entrySP, return 1.
        static let trapStub: [UInt8] =
            [
                0x49, 0x8B, 0x66, 0x38, // mov rsp, [r14+56]
                0xB8, 0x01, 0x00, 0x00, 0x00 // mov eax, 1
            ] + epilogue

        /// Loads u32 from memoryBase + rdx.
        static let loadBody: [UInt8] = [0x49, 0x8B, 0x06, 0x8B, 0x04, 0x10, 0xC3]
        /// Stores 42 to memoryBase + rdx.
        static let storeBody: [UInt8] = [0x49, 0x8B, 0x06, 0xC7, 0x04, 0x10, 0x2A, 0x00, 0x00, 0x00, 0xC3]
        /// `ud2`.
        static let ud2Body: [UInt8] = [0x0F, 0x0B]
        /// `int3` (SIGTRAP).
        static let int3Body: [UInt8] = [0xCC]
        /// Explicit trap: `mov dword [r14+32], 6 (indirectCallTypeMismatch); ud2`.
        static let explicitTrapBody: [UInt8] = [0x41, 0xC7, 0x46, 0x20, 0x06, 0x00, 0x00, 0x00, 0x0F, 0x0B]
        /// `1 / 0` with `div` → SIGFPE.
        static let divideByZeroBody: [UInt8] = [0xB8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xD2, 0x31, 0xC9, 0xF7, 0xF1, 0xC3]
        /// Calls the host function in rdx with vmctx in rdi.
        static let callHostBody: [UInt8] = [
            0x4C, 0x89, 0xF7, // mov rdi, r14
            0x48, 0x83, 0xEC, 0x08, // sub rsp, 8
            0xFF, 0xD2, // call rdx
            0x48, 0x83, 0xC4, 0x08, // add rsp, 8
            0xC3
        ]
        /// Infinite recursion with the prologue stack check: `cmp rsp,[r14+16]; jb trap; call self; ret;
        /// trap: mov dword [r14+32], 10 (stackExhausted); ud2`.
        static let checkedRecursionBody: [UInt8] = [
            0x49, 0x3B, 0x66, 0x10, // 0: cmp rsp, [r14+16]
            0x0F, 0x82, 0x06, 0x00, 0x00, 0x00, // 4: jb +6 → 16
            0xE8, 0xF1, 0xFF, 0xFF, 0xFF, // 10: call 0
            0xC3, // 15: ret
            0x41, 0xC7, 0x46, 0x20, 0x0A, 0x00, 0x00, 0x00, // 16: mov dword [r14+32], 10
            0x0F, 0x0B // ud2
        ]
        /// Infinite recursion without a check (hits the guard page).
        static let uncheckedRecursionBody: [UInt8] = [0xE8, 0xFB, 0xFF, 0xFF, 0xFF, 0xC3]
        /// Returns normally.
        static let returnBody: [UInt8] = [0xC3]
    }

    typealias Trampoline = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer, UInt64) -> Int32

    /// One sealed region holding the trampoline, the trap stub and all test bodies.
    final class TestJIT {
        let code: ExecutableMemory
        let trampolineAddress: UnsafeRawPointer
        let stub: UnsafeRawPointer
        let load, store, ud2, int3, explicitTrap, divide, callHost, checkedRecursion, uncheckedRecursion,
            ret: UnsafeRawPointer

        init() throws {
            code = try ExecutableMemory(reserveBytes: 1 << 20)
            trampolineAddress = UnsafeRawPointer(try code.append(X86.trampolinePrologue + X86.epilogue))
            stub = UnsafeRawPointer(try code.append(X86.trapStub))
            load = UnsafeRawPointer(try code.append(X86.loadBody))
            store = UnsafeRawPointer(try code.append(X86.storeBody))
            ud2 = UnsafeRawPointer(try code.append(X86.ud2Body))
            int3 = UnsafeRawPointer(try code.append(X86.int3Body))
            explicitTrap = UnsafeRawPointer(try code.append(X86.explicitTrapBody))
            divide = UnsafeRawPointer(try code.append(X86.divideByZeroBody))
            callHost = UnsafeRawPointer(try code.append(X86.callHostBody))
            checkedRecursion = UnsafeRawPointer(try code.append(X86.checkedRecursionBody))
            uncheckedRecursion = UnsafeRawPointer(try code.append(X86.uncheckedRecursionBody))
            ret = UnsafeRawPointer(try code.append(X86.returnBody))
            try code.makeExecutable()
            try code.setTrapStub(stub)
        }

        var trampoline: Trampoline { unsafeBitCast(trampolineAddress, to: Trampoline.self) }

        /// Runs `body` under the trampoline; returns 0 (normal) or 1 (trapped).
        func run(_ body: UnsafeRawPointer, _ vm: VMContext, arg: UInt64 = 0) -> Int32 {
            trampoline(vm.pointer, body, arg)
        }
    }
#endif

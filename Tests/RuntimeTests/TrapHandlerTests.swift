#if arch(x86_64)
    import Glibc
    import Foundation
    import Testing
    import SwasmABI
    @testable import SwasmRuntime

    /// State shared with the nested host function (reached through vmctx.instancePointer).
    struct NestedProbe {
        var trampoline: UInt = 0
        var body: UInt = 0
        var offset: UInt64 = 0
        var innerResult: Int32 = -1
        var innerTrap: UInt32 = 0
        var entrySPSeenByHost: UInt64 = 0
        var previousEntrySPSeenByHost: UInt64 = 0
        var entrySPAfterInner: UInt64 = 0
        var previousEntrySPAfterInner: UInt64 = 0
    }

    /// Host function called from wasm: re-enters wasm, which traps, then returns normally.
    let nestedHost: @convention(c) (UnsafeMutableRawPointer) -> Void = { vmctx in
        let probe = UnsafeMutablePointer<NestedProbe>(
            bitPattern: UInt(vmctx.load(fromByteOffset: VMContextLayout.instancePointer, as: UInt64.self)))!
        probe.pointee.entrySPSeenByHost = vmctx.load(fromByteOffset: VMContextLayout.entrySP, as: UInt64.self)
        probe.pointee.previousEntrySPSeenByHost = vmctx.load(
            fromByteOffset: VMContextLayout.previousEntrySP, as: UInt64.self)
        let trampoline = unsafeBitCast(UnsafeRawPointer(bitPattern: probe.pointee.trampoline)!, to: Trampoline.self)
        probe.pointee.innerResult = trampoline(
            vmctx, UnsafeRawPointer(bitPattern: probe.pointee.body)!, probe.pointee.offset)
        probe.pointee.innerTrap = vmctx.load(fromByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        probe.pointee.entrySPAfterInner = vmctx.load(fromByteOffset: VMContextLayout.entrySP, as: UInt64.self)
        probe.pointee.previousEntrySPAfterInner = vmctx.load(
            fromByteOffset: VMContextLayout.previousEntrySP, as: UInt64.self)
        vmctx.storeBytes(of: UInt32(0), toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
    }

    @Suite struct TrapHandlerTests {
        func makeContext(pages: Int = 1) throws -> (VMContext, LinearMemory) {
            TrapHandler.prepareCurrentThread()
            let memory = try LinearMemory(initialPages: pages, maxPages: 10)
            let vm = try VMContext()
            vm.bind(memory: memory)
            return (vm, memory)
        }

        @Test func normalReturnAndInBoundsAccess() throws {
            let jit = try TestJIT()
            let (vm, memory) = try makeContext()
            try memory.store(UInt32(0xDEAD_BEEF), at: 100)
            #expect(jit.run(jit.load, vm, arg: 100) == 0)
            #expect(jit.run(jit.store, vm, arg: 200) == 0)
            #expect(try memory.load(UInt32.self, at: 200) == 42)
            #expect(vm.trap == nil)
            #expect(vm.entrySP == 0 && vm.previousEntrySP == 0)
        }

        @Test func outOfBoundsLoadAndStoreTrap() throws {
            let jit = try TestJIT()
            let (vm, memory) = try makeContext()
            for (body, offset) in [
                (jit.load, UInt64(65536)), (jit.store, UInt64(0xFFFF_FFF0)), (jit.load, UInt64(0x1_FFFF_0000))
            ] {
                vm.clearTrap()
                #expect(jit.run(body, vm, arg: offset) == 1)
                #expect(vm.trap == .memoryOutOfBounds)
                #expect(vm.trapAddress == UInt64(UInt(bitPattern: memory.base)) + offset)
                #expect(jit.code.containsExecutable(UnsafeRawPointer(bitPattern: UInt(vm.trapPC))!))
                #expect(vm.entrySP == 0 && vm.previousEntrySP == 0)
            }
            // Still usable afterwards.
            vm.clearTrap()
            #expect(jit.run(jit.store, vm, arg: 8) == 0)
            #expect(try memory.load(UInt32.self, at: 8) == 42)
        }

        @Test func trapAfterGrowMovesTheBoundary() throws {
            let jit = try TestJIT()
            let (vm, memory) = try makeContext()
            #expect(jit.run(jit.store, vm, arg: 70000) == 1)
            vm.clearTrap()
            #expect(memory.grow(by: 1) == 1)
            vm.refreshMemory()
            #expect(jit.run(jit.store, vm, arg: 70000) == 0)
            #expect(try memory.load(UInt32.self, at: 70000) == 42)
        }

        @Test func explicitTrapsViaIllegalInstructions() throws {
            let jit = try TestJIT()
            let (vm, _) = try makeContext()
            #expect(jit.run(jit.ud2, vm) == 1)
            #expect(vm.trap == .unreachable)
            #expect(vm.trapPC == UInt64(UInt(bitPattern: jit.ud2)))
            #expect(vm.trapAddress == 0)
            vm.clearTrap()
            #expect(jit.run(jit.int3, vm) == 1)
            #expect(vm.trap == .unreachable)
            vm.clearTrap()
            #expect(jit.run(jit.explicitTrap, vm) == 1)
            #expect(vm.trap == .indirectCallTypeMismatch)
            vm.clearTrap()
            #expect(jit.run(jit.divide, vm) == 1)
            #expect(vm.trap == .integerDivideByZero)
            vm.clearTrap()
            #expect(jit.run(jit.ret, vm) == 0)
            #expect(vm.trap == nil)
        }

        @Test func tenThousandTrapsInALoop() throws {
            let jit = try TestJIT()
            let (vm, _) = try makeContext()
            let before = TrapHandler.recoveredTrapCount
            let n = 10_000
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for i in 0..<n {
                    vm.trapCodeRaw = 0
                    let r = jit.run(jit.load, vm, arg: 65536 + UInt64(i))
                    if r != 1 || vm.trapCodeRaw != TrapCode.memoryOutOfBounds.rawValue {
                        Issue.record("trap \(i) not recovered")
                        return
                    }
                }
            }
            #expect(TrapHandler.recoveredTrapCount - before >= n)
            let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
            print("[measure] trap round trip: \(String(format: "%.2f", micros / Double(n))) µs/trap (\(n) traps)")
            // A normal call after that still works.
            #expect(jit.run(jit.ret, vm) == 0)
        }

        @Test func trapsFromTwoThreadsConcurrently() throws {
            let jit = try TestJIT()
            let failures = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            failures.initialize(repeating: 0, count: 2)
            defer { failures.deallocate() }
            // Run on real pthreads in parallel.
            var handles: [pthread_t] = []
            for index in 0..<2 {
                let body = ThreadBody {
                    TrapHandler.prepareCurrentThread()
                    guard let memory = try? LinearMemory(initialPages: 1), let vm = try? VMContext() else {
                        failures[index] = -1
                        return
                    }
                    vm.bind(memory: memory)
                    for i in 0..<5_000 {
                        vm.clearTrap()
                        let oob = jit.run(jit.store, vm, arg: 65536 + UInt64(i * 4))
                        let ok = jit.run(jit.store, vm, arg: UInt64(i % 1000) * 4)
                        if oob != 1 || ok != 0
                            || vm.trapAddress != UInt64(UInt(bitPattern: memory.base)) + 65536 + UInt64(i * 4)
                        {
                            failures[index] += 1
                        }
                    }
                }
                var thread = pthread_t()
                let rc = pthread_create(
                    &thread, nil,
                    { raw in
                        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
                        return nil
                    }, Unmanaged.passRetained(body).toOpaque())
                #expect(rc == 0)
                handles.append(thread)
            }
            for h in handles { pthread_join(h, nil) }
            #expect(failures[0] == 0)
            #expect(failures[1] == 0)
        }

        @Test func nestedActivationsRestoreEntrySP() throws {
            let jit = try TestJIT()
            let (vm, memory) = try makeContext()
            let probe = UnsafeMutablePointer<NestedProbe>.allocate(capacity: 1)
            defer { probe.deallocate() }
            probe.initialize(
                to: NestedProbe(
                    trampoline: UInt(bitPattern: jit.trampolineAddress), body: UInt(bitPattern: jit.load),
                    offset: 1 << 20))
            vm.instancePointer = UInt64(UInt(bitPattern: probe))
            let host = unsafeBitCast(nestedHost, to: UInt.self)
            #expect(jit.run(jit.callHost, vm, arg: UInt64(host)) == 0)
            #expect(probe.pointee.innerResult == 1)
            #expect(probe.pointee.innerTrap == TrapCode.memoryOutOfBounds.rawValue)
            #expect(probe.pointee.entrySPSeenByHost != 0)
            #expect(probe.pointee.previousEntrySPSeenByHost == 0)
            #expect(probe.pointee.entrySPAfterInner == probe.pointee.entrySPSeenByHost)
            #expect(probe.pointee.previousEntrySPAfterInner == 0)
            #expect(vm.entrySP == 0 && vm.previousEntrySP == 0)
            #expect(vm.trap == nil)
            _ = memory
        }

        @Test func prologueStackCheckTrapsDeepRecursion() throws {
            let jit = try TestJIT()
            let result = UnsafeMutablePointer<(Int32, UInt32, Int32)>.allocate(capacity: 1)
            defer { result.deallocate() }
            result.initialize(to: (-1, 0, -1))
            runOnThread(stackSize: 1 << 20) {
                TrapHandler.prepareCurrentThread()
                guard let vm = try? VMContext(), let limit = StackLimits.limit() else { return }
                vm.stackLimit = UInt64(limit)
                let r = jit.run(jit.checkedRecursion, vm)
                let code = vm.trapCodeRaw
                vm.clearTrap()
                result.pointee = (r, code, jit.run(jit.ret, vm))
            }
            #expect(result.pointee.0 == 1)
            #expect(result.pointee.1 == TrapCode.stackExhausted.rawValue)
            #expect(result.pointee.2 == 0)
        }

        @Test func guardPageOverflowIsRecoveredOnTheAlternateStack() throws {
            let jit = try TestJIT()
            let result = UnsafeMutablePointer<(Int32, UInt32, Int32, Bool)>.allocate(capacity: 1)
            defer { result.deallocate() }
            result.initialize(to: (-1, 0, -1, false))
            runOnThread(stackSize: 1 << 20) {
                let installed = TrapHandler.prepareCurrentThread()
                guard let vm = try? VMContext() else { return }
                let r = jit.run(jit.uncheckedRecursion, vm) // stackLimit 0: no check, hits the guard page
                let code = vm.trapCodeRaw
                vm.clearTrap()
                result.pointee = (r, code, jit.run(jit.ret, vm), installed)
            }
            #expect(result.pointee.3, "a fresh pthread has no alternate stack")
            #expect(result.pointee.0 == 1)
            #expect(result.pointee.1 == TrapCode.stackExhausted.rawValue)
            #expect(result.pointee.2 == 0)
        }

        @Test func registryOnlyClaimsJITCode() throws {
            var stubAddress: UInt = 0
            var inside: UInt = 0
            do {
                let jit = try TestJIT()
                stubAddress = UInt(bitPattern: jit.stub)
                inside = UInt(bitPattern: jit.load) + 3
                #expect(TrapRegistry.trapStub(forPC: inside) == stubAddress)
                #expect(TrapRegistry.trapStub(forPC: UInt(bitPattern: jit.code.start)) == stubAddress)
                // Past the sealed code, in Swift code, or nowhere: not ours.
                #expect(
                    TrapRegistry.trapStub(forPC: UInt(bitPattern: jit.code.start) + UInt(jit.code.sealedBytes)) == nil)
                #expect(TrapRegistry.trapStub(forPC: unsafeBitCast(nestedHost, to: UInt.self)) == nil)
                #expect(TrapRegistry.trapStub(forPC: 0) == nil)
                #expect(TrapRegistry.trapStub(forPC: UInt.max) == nil)
            }
            // Unregistered when the region goes away.
            #expect(TrapRegistry.trapStub(forPC: inside) == nil)
            // VM contexts are tracked too: a random pointer is not one.
            let vm = try VMContext()
            #expect(TrapRegistry.isLiveContext(UInt(bitPattern: vm.pointer)))
            #expect(!TrapRegistry.isLiveContext(UInt(bitPattern: vm.pointer) + 8))
            let raw = UInt(bitPattern: vm.pointer)
            _ = consume vm
            #expect(!TrapRegistry.isLiveContext(raw))
        }

        /// A fault outside JIT code reaches the previous handler (forked child, no crash of the test process).
        @Test func foreignFaultsAreChainedNotSwallowed() throws {
            TrapHandler.install()
            // Child 1: previous handler replaced by one that exits with 42.
            let pid = fork()
            if pid == 0 {
                var action = sigaction()
                action.__sigaction_handler.sa_sigaction = { _, _, _ in _exit(42) }
                action.sa_flags = SA_SIGINFO
                previousActions[Int(SIGSEGV)] = action
                alarm(10)
                UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
                _exit(1)
            }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            #expect(status & 0x7F == 0 && (status >> 8) & 0xFF == 42, "status \(status)")
            // Child 2: previous action SIG_DFL → the fault re-raises and kills the child with SIGSEGV.
            let pid2 = fork()
            if pid2 == 0 {
                previousActions[Int(SIGSEGV)] = sigaction()
                alarm(10)
                UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
                _exit(1)
            }
            waitpid(pid2, &status, 0)
            #expect(status & 0x7F == SIGSEGV, "status \(status)")
        }

        @Test func installIsIdempotent() {
            TrapHandler.install()
            TrapHandler.install()
            #expect(TrapHandler.isInstalled)
            var current = sigaction()
            sigaction(SIGSEGV, nil, &current)
            #expect(current.sa_flags & SA_ONSTACK != 0)
            #expect(current.sa_flags & SA_SIGINFO != 0)
        }
    }
#endif

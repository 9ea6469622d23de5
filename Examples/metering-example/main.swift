// Metering: every instance gets a gas budget; a call that exhausts it traps with `outOfGas`.
import Glibc
import Swasm

do {
    // Each operator costs 1 by default; make 64-bit additions dearer for the demonstration.
    var costs = CostModel()
    costs.setCost(3, forOperator: "i64.add")
    let engine = Engine(Engine.Configuration(metering: costs))
    let module = try Module(engine: engine, wat: guestWat)
    let instance = try module.instantiate(gas: 10_000)
    let sum = try instance.typedFunction("sum", Int32.self, Int64.self)

    let before = instance.gasRemaining
    let small = try sum(100)
    print("sum(100) = \(small), used \(before - instance.gasRemaining) gas, \(instance.gasRemaining) left")

    do {
        _ = try sum(1_000_000)
        fatalError("expected to run out of gas")
    } catch let trap as Trap where trap.isOutOfGas {
        print("sum(1_000_000): \(trap.message); \(trap.gasRemaining ?? 0) gas left")
    }

    // Top up and run again: the instance is still usable after the trap.
    instance.gasRemaining = 100_000
    print("sum(1000) = \(try sum(1000)) after a top-up, \(instance.gasRemaining) left")
} catch {
    print("error: \(error)")
    exit(1)
}

import Foundation

/// Counts the floating-point operations of matrix products and convolutions (2 per multiply-add)
/// done inside ``counting(_:)``, its data-parallel shards included: `dann bench` measures a
/// method's step with it rather than estimating it, so critics updated several times a step,
/// second derivatives and extra encoders are all counted. Element-wise work is not counted.
///
/// The counter travels in the ``ComputeContext``, so work done at the same time by other tasks is
/// not counted.
public final class FlopCounter: @unchecked Sendable, Equatable {
    // @unchecked: `total` is only touched under `lock`.
    private let lock = NSLock()
    private var total = 0.0

    /// A counter at 0.
    public init() {}

    /// The operations counted so far.
    public var flops: Double { lock.withLock { total } }

    /// Runs `body` with a fresh counter in the current context; returns its result and the
    /// operations it performed.
    public static func counting<R>(_ body: () throws -> R) rethrows -> (result: R, flops: Double) {
        let counter = FlopCounter()
        var context = ComputeContext.current
        context.flopCounter = counter
        let result = try context.run(body)
        return (result, counter.flops)
    }

    /// Adds `flops` to the counter of the current context, if it has one.
    @inline(__always)
    static func add(_ flops: Double) {
        guard let counter = ComputeContext.scoped?.flopCounter else { return }
        counter.lock.withLock { counter.total += flops }
    }

    /// The same counter.
    public static func == (lhs: FlopCounter, rhs: FlopCounter) -> Bool { lhs === rhs }
}

import Foundation

/// Counts the floating-point operations of matrix products and convolutions (2 per multiply-add)
/// while ``counting(_:)`` runs, on every thread: `dann bench` measures a method's step with it
/// rather than estimating it, so critics updated several times a step, second derivatives and
/// extra encoders are all counted. Element-wise work is not counted.
public enum FlopCounter {
    nonisolated(unsafe) static var isOn = false
    nonisolated(unsafe) static var total = 0.0
    static let lock = NSLock()

    /// Runs `body` and returns its result with the operations it performed.
    public static func counting<R>(_ body: () throws -> R) rethrows -> (result: R, flops: Double) {
        lock.lock(); (isOn, total) = (true, 0); lock.unlock()
        defer { lock.lock(); isOn = false; lock.unlock() }
        let result = try body()
        lock.lock(); defer { lock.unlock() }
        return (result, total)
    }

    /// Adds `flops` when counting is on (a cheap check otherwise).
    @inline(__always)
    static func add(_ flops: Double) {
        guard isOn else { return }
        lock.lock(); total += flops; lock.unlock()
    }
}

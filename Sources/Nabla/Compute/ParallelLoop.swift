import Dispatch
import Synchronization

/// Splits independent iterations across the threads of the current ``ComputeContext``.
enum ParallelLoop {
    /// Runs `body(chunk)` for `chunks` contiguous parts of `0..<count`, in parallel when allowed.
    /// Each index belongs to exactly one chunk, so the result does not depend on the thread count
    /// as long as `body` writes only to its own indices.
    static func forEachChunk(count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let context = ComputeContext.current
        let threads = min(context.threads, max(1, count / max(minimumPerChunk, 1)))
        if threads <= 1 || context.isInsideShard { body(0..<count); return }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let start = count * t / threads, end = count * (t + 1) / threads
                if start < end { shared.value(start..<end) }
            }
        }
    }
}

/// Carries a closure into `concurrentPerform`. Unchecked because callers guarantee each
/// chunk writes only its own indices; the closure does not outlive the call.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

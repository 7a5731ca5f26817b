import Dispatch
import Synchronization

/// Splits independent iterations across the configured number of threads.
enum ParallelLoop {
    /// Set through ``ComputeSettings/setThreadCount(_:)``; defaults to the number of cores.
    static let threadCount = Atomic<Int>(defaultThreadCount())

    /// Set inside a data-parallel shard (see ``valueWithGradient(at:shards:of:)``): the cores are
    /// already busy with other shards, so loops run on the calling thread.
    @TaskLocal static var isSerial = false

    static func defaultThreadCount() -> Int {
        #if canImport(Glibc)
        return max(1, Int(Glibc.sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }

    /// Runs `body(chunk)` for `chunks` contiguous parts of `0..<count`, in parallel when allowed.
    /// Each index belongs to exactly one chunk, so the result does not depend on the thread count
    /// as long as `body` writes only to its own indices.
    static func forEachChunk(count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(threadCount.load(ordering: .relaxed), max(1, count / max(minimumPerChunk, 1)))
        if threads <= 1 || isSerial { body(0..<count); return }
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

#if canImport(Glibc)
import Glibc
#endif

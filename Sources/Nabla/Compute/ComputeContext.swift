import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How the engine computes, as one value: the threads BLAS and the engine's loops may use, the
/// convolution backend, and whether the code runs inside a data-parallel shard (where everything
/// runs on the shard's one thread).
///
/// Code reads ``current``: the innermost ``run(_:)`` of the task, else the process default that
/// ``setProcessDefault(_:)`` sets (the command line's `--threads` and `--convolution`), as
/// mlx-swift scopes its default device. Data-parallel shards carry the context into their threads.
public struct ComputeContext: Sendable, Equatable {
    /// Threads for BLAS products and the engine's parallel loops, and the number of data-parallel
    /// shards a batch is split into.
    public var threads: Int
    /// Which code computes convolutions.
    public var convolution: ConvolutionBackend
    /// Whether the code runs inside a data-parallel shard: then BLAS, oneDNN and the engine's
    /// loops stay on the calling thread, since the other cores run the other shards.
    public internal(set) var isInsideShard = false
    /// Where matrix products and convolutions add their operations (``FlopCounter/counting(_:)``).
    public internal(set) var flopCounter: FlopCounter?

    /// A context with `threads` (at least 1) and a convolution backend.
    public init(threads: Int, convolution: ConvolutionBackend = .oneDNN) {
        precondition(threads >= 1, "ComputeContext: threads must be at least 1, got \(threads)")
        self.threads = threads
        self.convolution = convolution
    }

    /// The context in force for the calling task.
    public static var current: ComputeContext {
        scoped ?? ComputeContext(threads: defaultThreads.load(ordering: .relaxed),
                                 convolution: defaultBackend.load(ordering: .relaxed) == 1 ? .oneDNN : .im2col)
    }

    /// Makes `context` the process default (where no ``run(_:)`` is in force).
    public static func setProcessDefault(_ context: ComputeContext) {
        defaultBackend.store(context.convolution == .oneDNN ? 1 : 0, ordering: .relaxed)
        // Under BLAS's lock, so a data-parallel section never restores a half-applied setting.
        BLAS.threadCountLock.withLock { active in
            defaultThreads.store(context.threads, ordering: .relaxed)
            active = context.threads
            BLAS.setThreadCountLocked(context.threads)
        }
    }

    /// Runs `body` in this context (and the data-parallel shards it starts).
    public func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        try ComputeContext.$scoped.withValue(self, operation: body)
    }

    /// This context with another convolution backend.
    public func with(convolution: ConvolutionBackend) -> ComputeContext {
        var context = self
        context.convolution = convolution
        return context
    }

    /// This context as a data-parallel shard sees it.
    var insideShard: ComputeContext {
        var context = self
        context.isInsideShard = true
        return context
    }

    @TaskLocal static var scoped: ComputeContext?
    private static let defaultThreads = Atomic<Int>(cores())
    private static let defaultBackend = Atomic<Int>(1)

    /// The cores the system reports online.
    static func cores() -> Int {
        #if canImport(Glibc)
        return max(1, Int(Glibc.sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }
}

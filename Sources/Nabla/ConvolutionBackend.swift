import Synchronization

/// Which code computes 2-D convolutions.
///
/// - `oneDNN` (the default): Intel's oneDNN library (`libdnnl-dev`), whose run-time generated
///   kernels use the widest vector unit the CPU has (2.3× faster training steps than im2col here;
///   see the README's benchmark).
/// - `im2col`: patch matrices and OpenBLAS sgemm, the library's own path (and the only one before
///   oneDNN came in; earlier results in the README name it).
///
/// The two agree to rounding (tested), but not bit for bit, so the choice is part of a run's
/// configuration: same seed, same threads, same backend, same result.
public enum ConvolutionBackend: String, Sendable, CaseIterable {
    case im2col
    case oneDNN = "onednn"

    private static let processDefault = Atomic<Int>(1)

    /// Set by ``withBackend(_:_:)`` for the work inside it (data-parallel shards inherit it).
    @TaskLocal static var scoped: ConvolutionBackend?

    /// The backend used by convolutions started now.
    public static var current: ConvolutionBackend {
        scoped ?? (processDefault.load(ordering: .relaxed) == 1 ? .oneDNN : .im2col)
    }

    /// Whether oneDNN could create its CPU engine (if not, convolutions stay on im2col).
    public static var isOneDNNAvailable: Bool { OneDNN.engine != nil }

    /// Sets the backend for the whole process (the `--convolution` flag).
    public static func setProcessDefault(_ backend: ConvolutionBackend) {
        processDefault.store(backend == .oneDNN ? 1 : 0, ordering: .relaxed)
    }

    /// Runs `body` with convolutions on `backend`, leaving the rest of the process alone.
    public static func withBackend<Result>(_ backend: ConvolutionBackend, _ body: () throws -> Result) rethrows -> Result {
        try $scoped.withValue(backend, operation: body)
    }
}

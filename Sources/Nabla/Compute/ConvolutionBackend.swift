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

    /// The backend used by convolutions started now (``ComputeContext/current``'s).
    public static var current: ConvolutionBackend { ComputeContext.current.convolution }

    /// Whether oneDNN could create its CPU engine (if not, convolutions stay on im2col).
    public static var isOneDNNAvailable: Bool { OneDNN.engine != nil }

    /// Runs `body` with convolutions on `backend`, the rest of the current context unchanged.
    public static func withBackend<Result>(_ backend: ConvolutionBackend, _ body: () throws -> Result) rethrows -> Result {
        try ComputeContext.current.with(convolution: backend).run(body)
    }
}

/// A cooperative stop request for the long computations (t-SNE, the proxy A-distance's SVM
/// sweep): `check` is polled at safe points — every t-SNE iteration and every few hundred affinity
/// rows, before each SVM fit — and the computation then throws `EmbeddingAnalysisError.cancelled`,
/// so that a command can stop within about a second of Ctrl-C or SIGTERM.
public struct Cancellation: Sendable {
    let check: @Sendable () -> Bool

    /// A cancellation that stops once `check` returns true (it must be cheap and thread-safe).
    public init(_ check: @escaping @Sendable () -> Bool) {
        self.check = check
    }

    /// Never stops.
    public static let never = Cancellation { false }

    /// Whether a stop was requested.
    public var isRequested: Bool { check() }

    /// Throws `EmbeddingAnalysisError.cancelled` once a stop was requested.
    public func throwIfRequested() throws {
        if check() { throw EmbeddingAnalysisError.cancelled }
    }
}

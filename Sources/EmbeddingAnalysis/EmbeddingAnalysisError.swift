/// Errors thrown by the `EmbeddingAnalysis` module when inputs or parameters are invalid.
///
/// Data-dependent problems (shapes, non-finite values, too few samples, bad labels,
/// out-of-range parameters) are reported by throwing. Calling an already-fitted model
/// with a matrix of the wrong width is a programming error and traps instead.
public enum EmbeddingAnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix shape is inconsistent (negative sizes, value count mismatch, ragged rows).
    case invalidShape(String)
    /// A value is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// Two inputs that must agree in size do not.
    case dimensionMismatch(expected: Int, actual: Int)
    /// Fewer samples than the operation needs.
    case insufficientSamples(required: Int, actual: Int)
    /// A configuration parameter is out of its valid range.
    case invalidParameter(String)
    /// A label is outside the accepted range (for example not 0/1, or not in `0..<classCount`).
    case invalidLabel(index: Int, value: Int)
    /// A `Cancellation` asked the computation to stop.
    case cancelled

    /// A human-readable description of the error.
    public var description: String {
        switch self {
        case .invalidShape(let message):
            return "invalid shape: \(message)"
        case .nonFiniteValue(let row, let column):
            return "non-finite value at row \(row), column \(column)"
        case .dimensionMismatch(let expected, let actual):
            return "dimension mismatch: expected \(expected), got \(actual)"
        case .insufficientSamples(let required, let actual):
            return "insufficient samples: need at least \(required), got \(actual)"
        case .invalidParameter(let message):
            return "invalid parameter: \(message)"
        case .invalidLabel(let index, let value):
            return "invalid label \(value) at index \(index)"
        case .cancelled:
            return "stopped on request"
        }
    }
}

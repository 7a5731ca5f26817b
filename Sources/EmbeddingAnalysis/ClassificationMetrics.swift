/// Evaluation helpers for integer class labels in `0..<classCount`.
public enum ClassificationMetrics {
    /// Counts (actual, predicted) pairs.
    ///
    /// - Throws: `EmbeddingAnalysisError.dimensionMismatch` if the arrays differ in length,
    ///   `.invalidParameter` for a negative `classCount`, `.invalidLabel` for a label outside
    ///   `0..<classCount` (index into `actual` or `predicted`).
    public static func confusionMatrix(predicted: [Int], actual: [Int], classCount: Int) throws -> ConfusionMatrix {
        guard classCount >= 0 else {
            throw EmbeddingAnalysisError.invalidParameter("classCount must be non-negative, got \(classCount)")
        }
        guard predicted.count == actual.count else {
            throw EmbeddingAnalysisError.dimensionMismatch(expected: actual.count, actual: predicted.count)
        }
        var counts = [Int](repeating: 0, count: classCount * classCount)
        for index in 0..<actual.count {
            let a = actual[index], p = predicted[index]
            guard a >= 0, a < classCount else { throw EmbeddingAnalysisError.invalidLabel(index: index, value: a) }
            guard p >= 0, p < classCount else { throw EmbeddingAnalysisError.invalidLabel(index: index, value: p) }
            counts[a * classCount + p] += 1
        }
        return ConfusionMatrix(classCount: classCount, counts: counts)
    }

    /// Fraction of positions where `predicted` equals `actual`.
    ///
    /// - Throws: `EmbeddingAnalysisError.dimensionMismatch` for different lengths,
    ///   `.insufficientSamples` for empty input.
    public static func accuracy(predicted: [Int], actual: [Int]) throws -> Double {
        guard predicted.count == actual.count else {
            throw EmbeddingAnalysisError.dimensionMismatch(expected: actual.count, actual: predicted.count)
        }
        guard !actual.isEmpty else { throw EmbeddingAnalysisError.insufficientSamples(required: 1, actual: 0) }
        let correct = zip(predicted, actual).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(actual.count)
    }

    /// Per-class accuracy (recall) for every class in `0..<classCount`; `nil` where a class
    /// does not occur in `actual`. Throws like `confusionMatrix(predicted:actual:classCount:)`.
    public static func perClassAccuracy(predicted: [Int], actual: [Int], classCount: Int) throws -> [Double?] {
        try confusionMatrix(predicted: predicted, actual: actual, classCount: classCount).perClassAccuracy
    }
}

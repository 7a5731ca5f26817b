/// A confusion matrix for `classCount` classes: rows are actual classes, columns predictions.
public struct ConfusionMatrix: Sendable, Equatable {
    /// Number of classes.
    public let classCount: Int
    /// Row-major counts: `counts[actual * classCount + predicted]`.
    public let counts: [Int]

    /// Creates a matrix from row-major counts.
    /// - Precondition: `counts.count == classCount * classCount`, all counts non-negative.
    public init(classCount: Int, counts: [Int]) {
        precondition(classCount >= 0 && counts.count == classCount * classCount && counts.allSatisfy { $0 >= 0 },
                     "counts must be classCount x classCount non-negative values")
        self.classCount = classCount
        self.counts = counts
    }

    /// Number of samples of class `actual` predicted as `predicted`.
    public subscript(actual actual: Int, predicted predicted: Int) -> Int {
        counts[actual * classCount + predicted]
    }

    /// Total number of samples.
    public var total: Int { counts.reduce(0, +) }

    /// Number of correctly classified samples (the trace).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + self[actual: $1, predicted: $1] } }

    /// Number of samples whose actual class is `classIndex` (the row sum).
    public func support(of classIndex: Int) -> Int {
        (0..<classCount).reduce(0) { $0 + self[actual: classIndex, predicted: $1] }
    }

    /// correct / total; NaN when the matrix is empty.
    public var accuracy: Double {
        let total = total
        return total > 0 ? Double(correct) / Double(total) : .nan
    }

    /// For each actual class, the fraction of its samples predicted correctly (recall);
    /// `nil` for classes with no samples.
    public var perClassAccuracy: [Double?] {
        (0..<classCount).map { k in
            let support = support(of: k)
            return support > 0 ? Double(self[actual: k, predicted: k]) / Double(support) : nil
        }
    }

    /// Mean of the defined per-class accuracies (balanced accuracy); `nil` if no class has samples.
    public var balancedAccuracy: Double? {
        let defined = perClassAccuracy.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }
}

import Nabla

/// Accuracy of a classifier on labeled samples, with per-class detail.
public struct EvaluationResult: Sendable, Codable, Equatable {
    /// Share of the samples classified correctly, in `[0, 1]`; nil for no samples (no accuracy to report).
    public var accuracy: Double?
    /// Number of samples evaluated.
    public var count: Int
    /// Per class, the share of its samples classified correctly; nil for a class without samples.
    public var perClassAccuracy: [Double?]
    /// `confusionMatrix[actual][predicted]`.
    public var confusionMatrix: [[Int]]
}

extension AdaptationNetwork {
    /// Class predictions in evaluation mode (running batch-norm statistics, no dropout),
    /// batched to bound memory. Training mode is restored afterwards.
    public func predictedProbabilities(_ samples: some SampleSource, batchSize: Int = 256) -> [[Float]] {
        setTraining(false)
        defer { setTraining(true) }
        return withoutGradients {
            var result: [[Float]] = []
            result.reserveCapacity(samples.count)
            for start in stride(from: 0, to: samples.count, by: batchSize) {
                let indices = Array(start ..< min(start + batchSize, samples.count))
                let probabilities = inferredClassLogits(samples.batch(at: indices)).softmax()
                let classes = probabilities.shape[1], values = probabilities.scalars
                for row in 0..<indices.count { result.append(Array(values[row * classes ..< (row + 1) * classes])) }
            }
            return result
        }
    }

    /// Accuracy, per-class accuracy and confusion matrix on labeled samples.
    public func evaluate(on samples: some SampleSource, batchSize: Int = 256) -> EvaluationResult {
        guard let labels = samples.labels else { preconditionFailure("evaluate(on:): the samples have no labels") }
        let classes = configuration.classCount
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (probabilities, label) in zip(predictedProbabilities(samples, batchSize: batchSize), labels) {
            let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            if label < classes { confusion[label][predicted] += 1 }
        }
        let correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
        let perClass = confusion.enumerated().map { index, row -> Double? in
            let total = row.reduce(0, +)
            return total == 0 ? nil : Double(row[index]) / Double(total)
        }
        return EvaluationResult(accuracy: labels.isEmpty ? nil : Double(correct) / Double(labels.count),
                                count: labels.count, perClassAccuracy: perClass, confusionMatrix: confusion)
    }
}

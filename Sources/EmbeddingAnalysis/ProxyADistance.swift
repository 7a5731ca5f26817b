import SeededRandom
/// Proxy A-distance between two feature distributions (Ben-David et al. 2007/2010;
/// used as in Ganin et al., "Domain-Adversarial Training of Neural Networks", JMLR 2016).
///
/// Procedure: label source samples 0 and target samples 1, pool them, shuffle with
/// `SplitMix64(seed:)`, use the first ⌊N/2⌋ for training and the rest for testing; train a
/// `LinearSVM` for every C in the sweep, take the lowest test error ε and report
/// PAD = 2(1 − 2ε).
///
/// Clamping: when ε > 0.5 (a classifier worse than chance on the test half) the raw value
/// is negative; `distance` is clamped to [0, 2] (ε is the best over the sweep, so the clamp
/// only matters in that degenerate case). The raw value is kept in `unclampedDistance`.
/// Like the paper, the same test half is used both to pick C and to report ε, which biases
/// ε slightly low (PAD slightly high) for indistinguishable domains.
public enum ProxyADistance {
    /// Settings of the procedure.
    public struct Configuration: Sendable, Equatable {
        /// The C values to try, in order. Ties on test error keep the earliest C.
        public var cValues: [Double]
        /// Seed of the pooled shuffle.
        public var seed: UInt64
        /// SVM settings; its `c` is replaced by each value of `cValues`.
        public var svm: LinearSVM.Configuration

        /// Creates a configuration; every parameter has the documented default.
        public init(cValues: [Double] = [0.001, 0.01, 0.1, 1, 10, 100], seed: UInt64 = 0,
                    svm: LinearSVM.Configuration = LinearSVM.Configuration()) {
            self.cValues = cValues
            self.seed = seed
            self.svm = svm
        }
    }

    /// The outcome for one value of C.
    public struct Trial: Sendable, Equatable {
        /// Regularisation parameter.
        public let c: Double
        /// Error on the training half.
        public let trainError: Double
        /// Error on the test half.
        public let testError: Double
    }

    /// Result of `ProxyADistance.compute`.
    public struct Result: Sendable, Equatable {
        /// PAD = 2(1 − 2ε), clamped to [0, 2].
        public let distance: Double
        /// 2(1 − 2ε) without clamping.
        public let unclampedDistance: Double
        /// The C with the lowest test error (earliest on ties).
        public let bestC: Double
        /// The lowest test error ε.
        public let bestTestError: Double
        /// One entry per C, in sweep order.
        public let trials: [Trial]
        /// Number of training samples (⌊N/2⌋).
        public let trainCount: Int
        /// Number of test samples.
        public let testCount: Int
    }

    /// Computes the proxy A-distance between `source` and `target` samples (rows).
    ///
    /// - Throws: `EmbeddingAnalysisError.dimensionMismatch` if the widths differ,
    ///   `.insufficientSamples` if either set is empty or fewer than 4 samples are pooled,
    ///   `.invalidParameter` for an empty or non-positive C sweep, plus `LinearSVM.fit` errors;
    ///   `.cancelled` when `cancellation` asks to stop (polled before each SVM fit).
    public static func compute(source: FeatureMatrix, target: FeatureMatrix,
                               configuration: Configuration = Configuration(),
                               cancellation: Cancellation = .never) throws -> Result {
        guard source.columns == target.columns else {
            throw EmbeddingAnalysisError.dimensionMismatch(expected: source.columns, actual: target.columns)
        }
        guard source.rows >= 1 else { throw EmbeddingAnalysisError.insufficientSamples(required: 1, actual: source.rows) }
        guard target.rows >= 1 else { throw EmbeddingAnalysisError.insufficientSamples(required: 1, actual: target.rows) }
        let total = source.rows + target.rows
        guard total >= 4 else { throw EmbeddingAnalysisError.insufficientSamples(required: 4, actual: total) }
        guard !configuration.cValues.isEmpty, configuration.cValues.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw EmbeddingAnalysisError.invalidParameter("cValues must be a non-empty list of positive numbers")
        }

        let pooled = FeatureMatrix.stacking(source, target)
        let labels = [Bool](repeating: false, count: source.rows) + [Bool](repeating: true, count: target.rows)
        var generator = SplitMix64(seed: configuration.seed)
        let order = generator.permutation(count: total)
        let trainCount = total / 2
        let trainIndices = Array(order[..<trainCount])
        let testIndices = Array(order[trainCount...])
        let trainX = pooled.selectingRows(trainIndices)
        let testX = pooled.selectingRows(testIndices)
        let trainY = trainIndices.map { labels[$0] }
        let testY = testIndices.map { labels[$0] }

        var trials: [Trial] = []
        var best: Trial? = nil
        for c in configuration.cValues {
            try cancellation.throwIfRequested()
            var svmConfiguration = configuration.svm
            svmConfiguration.c = c
            let model = try LinearSVM.fit(trainX, labels: trainY, configuration: svmConfiguration)
            let trial = Trial(c: c, trainError: model.errorRate(trainX, labels: trainY),
                              testError: model.errorRate(testX, labels: testY))
            trials.append(trial)
            if best == nil || trial.testError < best!.testError { best = trial }
        }
        let epsilon = best!.testError
        let raw = 2 * (1 - 2 * epsilon)
        return Result(distance: min(max(raw, 0), 2), unclampedDistance: raw, bestC: best!.c,
                      bestTestError: epsilon, trials: trials, trainCount: trainCount,
                      testCount: total - trainCount)
    }
}

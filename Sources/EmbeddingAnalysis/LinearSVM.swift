import SeededRandom
/// A binary linear support-vector machine trained by dual coordinate descent
/// (Hsieh et al. 2008, the liblinear algorithm), with a bias term.
///
/// Objective: min_w ½‖ŵ‖² + C Σ_i ℓ(y_i ŵᵀx̂_i), with ŵ = [w, b/B], x̂ = [x, B]
/// (liblinear's convention: the bias is an extra constant feature B = `biasScale` and is
/// regularised too), ℓ the hinge or (default) squared hinge loss.
///
/// Features are standardised internally (per-feature mean 0 / standard deviation 1, estimated
/// on the training set) unless `standardizeFeatures` is false; the standardisation is folded
/// into `weights` and `bias`, so `decision` works on raw features: f(x) = weights·x + bias.
/// Training is deterministic: the per-iteration visiting order comes from `SplitMix64(seed:)`.
public struct LinearSVM: Sendable {
    /// The loss function on the margin.
    public enum Loss: Sendable, Equatable {
        /// max(0, 1 − y f(x)) (liblinear `-s 3`).
        case hinge
        /// max(0, 1 − y f(x))² (liblinear `-s 1`, the default there and here).
        case squaredHinge
    }

    /// Training hyper-parameters.
    public struct Configuration: Sendable, Equatable {
        /// Inverse regularisation strength; must be positive.
        public var c: Double
        /// Loss function.
        public var loss: Loss
        /// Maximum number of outer passes over the data.
        public var maxIterations: Int
        /// Stopping tolerance on the range of projected dual gradients (liblinear's `eps`).
        public var tolerance: Double
        /// Value B of the constant feature carrying the bias.
        public var biasScale: Double
        /// Standardise features with training-set mean and standard deviation.
        public var standardizeFeatures: Bool
        /// Seed of the random coordinate order.
        public var seed: UInt64

        /// Creates a configuration; every parameter has the documented default.
        public init(c: Double = 1, loss: Loss = .squaredHinge, maxIterations: Int = 1000,
                    tolerance: Double = 0.01, biasScale: Double = 1, standardizeFeatures: Bool = true,
                    seed: UInt64 = 0) {
            self.c = c
            self.loss = loss
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.biasScale = biasScale
            self.standardizeFeatures = standardizeFeatures
            self.seed = seed
        }
    }

    /// Weights in the raw (unstandardised) feature space.
    public let weights: [Double]
    /// Bias in the raw feature space.
    public let bias: Double
    /// Outer iterations the solver ran.
    public let iterations: Int
    /// Whether the solver met its tolerance before `maxIterations`.
    public let converged: Bool
    /// The configuration used for training.
    public let configuration: Configuration

    /// Trains on `features` with boolean labels (`true` = positive class).
    ///
    /// - Throws: `EmbeddingAnalysisError.insufficientSamples` for an empty set,
    ///   `.dimensionMismatch` if `labels.count != features.rows`, `.invalidParameter` for
    ///   non-positive `c`, `tolerance` or `biasScale`, or negative `maxIterations`.
    public static func fit(_ features: FeatureMatrix, labels: [Bool],
                           configuration: Configuration = Configuration()) throws -> LinearSVM {
        guard features.rows >= 1 else {
            throw EmbeddingAnalysisError.insufficientSamples(required: 1, actual: features.rows)
        }
        guard labels.count == features.rows else {
            throw EmbeddingAnalysisError.dimensionMismatch(expected: features.rows, actual: labels.count)
        }
        guard configuration.c > 0, configuration.c.isFinite else {
            throw EmbeddingAnalysisError.invalidParameter("C must be positive, got \(configuration.c)")
        }
        guard configuration.tolerance > 0, configuration.maxIterations >= 0,
              configuration.biasScale > 0, configuration.biasScale.isFinite else {
            throw EmbeddingAnalysisError.invalidParameter(
                "tolerance and biasScale must be positive and maxIterations non-negative")
        }
        let standardizer = configuration.standardizeFeatures
            ? FeatureStandardizer(fitting: features)
            : FeatureStandardizer(identityFor: features.columns)
        let x = standardizer.apply(features)
        let y = labels.map { $0 ? 1.0 : -1.0 }
        let solution = DualCoordinateDescent.solve(
            x: x, y: y, count: features.rows, dimension: features.columns, c: configuration.c,
            squaredHinge: configuration.loss == .squaredHinge, biasScale: configuration.biasScale,
            maxIterations: configuration.maxIterations, tolerance: configuration.tolerance,
            seed: configuration.seed)
        // Fold the standardisation: w·(x − μ)/σ + b = (w/σ)·x + (b − Σ w μ/σ).
        var weights = [Double](repeating: 0, count: features.columns)
        var bias = solution.biasWeight * configuration.biasScale
        for k in 0..<features.columns {
            weights[k] = solution.weights[k] / standardizer.scale[k]
            bias -= weights[k] * standardizer.mean[k]
        }
        return LinearSVM(weights: weights, bias: bias, iterations: solution.iterations,
                         converged: solution.converged, configuration: configuration)
    }

    /// Trains on `features` with integer labels, which must be 0 (negative) or 1 (positive).
    ///
    /// - Throws: `EmbeddingAnalysisError.invalidLabel` for any other value, plus the errors of
    ///   `fit(_:labels:configuration:)` for `[Bool]`.
    public static func fit(_ features: FeatureMatrix, labels: [Int],
                           configuration: Configuration = Configuration()) throws -> LinearSVM {
        var boolean: [Bool] = []
        boolean.reserveCapacity(labels.count)
        for (index, label) in labels.enumerated() {
            guard label == 0 || label == 1 else { throw EmbeddingAnalysisError.invalidLabel(index: index, value: label) }
            boolean.append(label == 1)
        }
        return try fit(features, labels: boolean, configuration: configuration)
    }

    private init(weights: [Double], bias: Double, iterations: Int, converged: Bool, configuration: Configuration) {
        self.weights = weights
        self.bias = bias
        self.iterations = iterations
        self.converged = converged
        self.configuration = configuration
    }

    /// Decision values f(x) = weights·x + bias, one per row; positive means the positive class.
    ///
    /// - Precondition: `features.columns == weights.count`.
    public func decision(_ features: FeatureMatrix) -> [Double] {
        precondition(features.columns == weights.count,
                     "LinearSVM was trained on \(weights.count) features, got \(features.columns)")
        let dim = features.columns
        return features.values.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                (0..<features.rows).map { r in
                    var sum = bias
                    for k in 0..<dim { sum += w[k] * Double(x[r * dim + k]) }
                    return sum
                }
            }
        }
    }

    /// Predicted labels: `true` where the decision value is positive.
    public func predict(_ features: FeatureMatrix) -> [Bool] {
        decision(features).map { $0 > 0 }
    }

    /// Fraction of rows whose predicted label differs from `labels`.
    ///
    /// - Precondition: `labels.count == features.rows`, at least one row.
    public func errorRate(_ features: FeatureMatrix, labels: [Bool]) -> Double {
        precondition(labels.count == features.rows && features.rows > 0, "labels must match the non-empty features")
        let predictions = predict(features)
        var errors = 0
        for (predicted, actual) in zip(predictions, labels) where predicted != actual { errors += 1 }
        return Double(errors) / Double(labels.count)
    }
}

import CLinear
import Foundation

/// A binary linear support-vector machine trained by liblinear (Fan et al. 2008, the library
/// scikit-learn's `LinearSVC` wraps): dual coordinate descent (Hsieh et al. 2008), with a bias.
///
/// Objective: min_w ½‖ŵ‖² + C Σ_i ℓ(y_i ŵᵀx̂_i), with ŵ = [w, b/B], x̂ = [x, B]
/// (liblinear's convention: the bias is an extra constant feature B = `biasScale` and is
/// regularised too), ℓ the hinge or (default) squared hinge loss.
///
/// Features are standardised internally (per-feature mean 0 / standard deviation 1, estimated
/// on the training set) unless `standardizeFeatures` is false; the standardisation is folded
/// into `weights` and `bias`, so `decision` works on raw features: f(x) = weights·x + bias.
/// Training is deterministic: liblinear draws its coordinate order from the C library's `rand()`,
/// which is seeded with `seed` before each fit (fits run one at a time, under a lock).
public struct LinearSVM: Sendable {
    /// The loss function on the margin.
    public enum Loss: Sendable, Equatable {
        /// max(0, 1 − y f(x)) (liblinear `-s 3`).
        case hinge
        /// max(0, 1 − y f(x))² (liblinear `-s 1`, the default there and here).
        case squaredHinge
        /// log(1 + e^(−y f(x))): L2-regularised logistic regression (liblinear `-s 0`), whose
        /// decision value is a log-odds (see ``probability(_:)``).
        case logistic
    }

    /// Training hyper-parameters.
    public struct Configuration: Sendable, Equatable {
        /// Inverse regularisation strength; must be positive.
        public var c: Double
        /// Loss function.
        public var loss: Loss
        /// Stopping tolerance on the range of projected dual gradients (liblinear's `eps`).
        public var tolerance: Double
        /// Value B of the constant feature carrying the bias.
        public var biasScale: Double
        /// Standardise features with training-set mean and standard deviation.
        public var standardizeFeatures: Bool
        /// Seed of the random coordinate order.
        public var seed: UInt32

        /// Creates a configuration; every parameter has the documented default.
        public init(c: Double = 1, loss: Loss = .squaredHinge, tolerance: Double = 0.01, biasScale: Double = 1,
                    standardizeFeatures: Bool = true, seed: UInt32 = 0) {
            self.c = c
            self.loss = loss
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
    /// Whether liblinear met its tolerance within its iteration limit (it warns otherwise).
    public let converged: Bool
    /// The configuration used for training.
    public let configuration: Configuration

    /// Trains on `features` with boolean labels (`true` = positive class).
    ///
    /// - Throws: `EmbeddingAnalysisError.insufficientSamples` for an empty set,
    ///   `.dimensionMismatch` if `labels.count != features.rows`, `.invalidParameter` for
    ///   non-positive `c`, `tolerance` or `biasScale`.
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
        guard configuration.tolerance > 0, configuration.biasScale > 0, configuration.biasScale.isFinite else {
            throw EmbeddingAnalysisError.invalidParameter("tolerance and biasScale must be positive")
        }
        let standardizer = configuration.standardizeFeatures
            ? FeatureStandardizer(fitting: features)
            : FeatureStandardizer(identityFor: features.columns)
        let x = standardizer.apply(features)
        let solution = Liblinear.train(x: x, labels: labels, count: features.rows, dimension: features.columns,
                                       configuration: configuration)
        // Fold the standardisation: w·(x − μ)/σ + b = (w/σ)·x + (b − Σ w μ/σ).
        var weights = [Double](repeating: 0, count: features.columns)
        var bias = solution.biasWeight * configuration.biasScale
        for k in 0..<features.columns {
            weights[k] = solution.weights[k] / standardizer.scale[k]
            bias -= weights[k] * standardizer.mean[k]
        }
        return LinearSVM(weights: weights, bias: bias, converged: solution.converged, configuration: configuration)
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

    init(weights: [Double], bias: Double, converged: Bool, configuration: Configuration) {
        self.weights = weights
        self.bias = bias
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

    /// P(positive | x) = 1 / (1 + e^(−f(x))): a probability for the `.logistic` loss (a squashed
    /// margin for the others).
    public func probability(_ features: FeatureMatrix) -> [Double] {
        decision(features).map { 1 / (1 + exp(-$0)) }
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

/// One liblinear fit at a time: liblinear draws from the process's `rand()` and reports through
/// a process-wide print function.
enum Liblinear {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var warned = false

    /// Trains on row-major standardised features; returns the weights, the bias feature's weight
    /// and whether the solver converged.
    static func train(x: [Double], labels: [Bool], count: Int, dimension: Int,
                      configuration: LinearSVM.Configuration) -> (weights: [Double], biasWeight: Double, converged: Bool) {
        // Dense rows as liblinear's sparse nodes: features 1…d, the bias node, a terminator.
        var nodes = [feature_node](repeating: feature_node(index: -1, value: 0), count: count * (dimension + 2))
        for row in 0..<count {
            for k in 0..<dimension { nodes[row * (dimension + 2) + k] = feature_node(index: Int32(k + 1), value: x[row * dimension + k]) }
            nodes[row * (dimension + 2) + dimension] = feature_node(index: Int32(dimension + 1), value: configuration.biasScale)
        }
        return train(nodes: nodes, rowStarts: (0..<count).map { $0 * (dimension + 2) }, labels: labels, dimension: dimension, configuration: configuration)
    }

    /// Trains on rows already laid out as liblinear nodes (each row ends with the bias node and a
    /// terminator); `rowStarts` are the rows' first nodes.
    static func train(nodes: [feature_node], rowStarts: [Int], labels: [Bool], dimension: Int,
                      configuration: LinearSVM.Configuration) -> (weights: [Double], biasWeight: Double, converged: Bool) {
        var nodes = nodes
        let count = rowStarts.count
        var y = labels.map { $0 ? 1.0 : -1.0 }
        return lock.withLock {
            nodes.withUnsafeMutableBufferPointer { nodes in
                var rows = rowStarts.map { Optional(nodes.baseAddress! + $0) }
                return rows.withUnsafeMutableBufferPointer { rows in
                    y.withUnsafeMutableBufferPointer { y in
                        // The bias enters as feature d + 1 (problem.bias < 0: liblinear adds none itself).
                        var problem = CLinear.problem(l: Int32(count), n: Int32(dimension + 1), y: y.baseAddress, x: rows.baseAddress, bias: -1)
                        var parameter = CLinear.parameter()
                        switch configuration.loss {
                        case .hinge: parameter.solver_type = Int32(L2R_L1LOSS_SVC_DUAL)
                        case .squaredHinge: parameter.solver_type = Int32(L2R_L2LOSS_SVC_DUAL)
                        case .logistic: parameter.solver_type = Int32(L2R_LR)
                        }
                        parameter.eps = configuration.tolerance
                        parameter.C = configuration.c
                        warned = false
                        set_print_string_function { message in
                            if let message, String(cString: message).contains("reaching max number of iterations") { Liblinear.warned = true }
                        }
                        srand(configuration.seed)
                        var trained = CLinear.train(&problem, &parameter)
                        defer { free_and_destroy_model(&trained) }
                        let model = trained!
                        // w belongs to the model's first label; make it the positive class's.
                        var modelLabels = [Int32](repeating: 0, count: Int(get_nr_class(model)))
                        get_labels(model, &modelLabels)
                        let sign = modelLabels.first == 1 ? 1.0 : -1.0
                        let weights = (0..<dimension).map { sign * get_decfun_coef(model, Int32($0 + 1), 0) }
                        let biasWeight = sign * get_decfun_coef(model, Int32(dimension + 1), 0)
                        return (weights, biasWeight, !warned)
                    }
                }
            }
        }
    }
}

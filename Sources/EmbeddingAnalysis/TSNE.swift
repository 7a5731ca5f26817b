import SeededRandom
/// Exact t-distributed stochastic neighbour embedding into two dimensions
/// (van der Maaten & Hinton, JMLR 2008), following scikit-learn's `method="exact"`.
///
/// Pipeline:
/// 1. Optional PCA pre-reduction to `pcaDimensions` (default 50) when the input is wider.
/// 2. Squared Euclidean distances; per-point bisection on σ_i to match `perplexity`;
///    symmetrised joint probabilities P.
/// 3. Initialisation: the top two principal components scaled so that the first has
///    standard deviation 1e-4 (default), or seeded N(0, 1e-4²) noise.
/// 4. Gradient descent with momentum (`initialMomentum` until `momentumSwitchIteration`,
///    then `finalMomentum`), delta-bar-delta gains (+0.2 / ×0.8, floored at `minimumGain`)
///    and early exaggeration of P for the first `earlyExaggerationIterations` iterations.
///    Exactly `iterations` iterations are run (no early stopping).
///
/// Cost is O(N²) memory (one dense `Double` P) and O(N²) time per iteration, single-threaded.
/// Everything is deterministic: the same input and configuration give bit-identical output.
public struct TSNE: Sendable {
    /// Step-size selection.
    public enum LearningRate: Sendable, Equatable {
        /// scikit-learn's `'auto'`: max(N / earlyExaggeration / 4, 50).
        case automatic
        /// A fixed learning rate (200 is the classic choice).
        case fixed(Double)
    }

    /// How the embedding is initialised.
    public enum Initialization: Sendable, Equatable {
        /// First two principal components, rescaled so the first has standard deviation 1e-4.
        /// Falls back to `.random` when the (reduced) input has fewer than 2 columns or no variance.
        case pca
        /// Independent N(0, (1e-4)²) coordinates from `SplitMix64(seed:)`.
        case random
    }

    /// t-SNE hyper-parameters. Defaults follow van der Maaten (2008) and scikit-learn.
    public struct Configuration: Sendable, Equatable {
        /// Effective number of neighbours; must be positive and smaller than the number of points.
        public var perplexity: Double
        /// Total number of gradient-descent iterations (including early exaggeration).
        public var iterations: Int
        /// Step size.
        public var learningRate: LearningRate
        /// Factor multiplying P during the early-exaggeration phase.
        public var earlyExaggeration: Double
        /// Number of iterations with exaggerated P.
        public var earlyExaggerationIterations: Int
        /// Momentum before `momentumSwitchIteration`.
        public var initialMomentum: Double
        /// Momentum from `momentumSwitchIteration` on.
        public var finalMomentum: Double
        /// Iteration at which momentum switches from initial to final.
        public var momentumSwitchIteration: Int
        /// Lower bound for the per-coordinate adaptive gains.
        public var minimumGain: Double
        /// Initialisation of the embedding.
        public var initialization: Initialization
        /// If non-nil and the input has more columns than this, the data is first reduced
        /// to this many principal components. `nil` disables the pre-reduction.
        public var pcaDimensions: Int?
        /// Seed for the random initialisation.
        public var seed: UInt64

        /// Creates a configuration; every parameter has the documented default.
        public init(perplexity: Double = 30,
                    iterations: Int = 1000,
                    learningRate: LearningRate = .automatic,
                    earlyExaggeration: Double = 12,
                    earlyExaggerationIterations: Int = 250,
                    initialMomentum: Double = 0.5,
                    finalMomentum: Double = 0.8,
                    momentumSwitchIteration: Int = 250,
                    minimumGain: Double = 0.01,
                    initialization: Initialization = .pca,
                    pcaDimensions: Int? = 50,
                    seed: UInt64 = 0) {
            self.perplexity = perplexity
            self.iterations = iterations
            self.learningRate = learningRate
            self.earlyExaggeration = earlyExaggeration
            self.earlyExaggerationIterations = earlyExaggerationIterations
            self.initialMomentum = initialMomentum
            self.finalMomentum = finalMomentum
            self.momentumSwitchIteration = momentumSwitchIteration
            self.minimumGain = minimumGain
            self.initialization = initialization
            self.pcaDimensions = pcaDimensions
            self.seed = seed
        }
    }

    /// Output of `TSNE.embed`.
    public struct Result: Sendable {
        /// The `N x 2` embedding, one row per input row, in input order.
        public let embedding: FeatureMatrix
        /// KL(P ‖ Q) of the final embedding (without exaggeration).
        public let klDivergence: Double
        /// The learning rate actually used (resolved from `.automatic`).
        public let learningRate: Double
        /// Number of input dimensions after the optional PCA pre-reduction.
        public let inputDimensionsUsed: Int
    }

    /// The hyper-parameters.
    public let configuration: Configuration

    /// Creates an embedder with the given configuration.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Embeds the rows of `data` in two dimensions.
    ///
    /// - Parameters:
    ///   - data: The points, one per row.
    ///   - cancellation: Polled every iteration and every 64 affinity rows.
    /// - Throws: `EmbeddingAnalysisError.insufficientSamples` for fewer than 2 rows;
    ///   `.invalidParameter` if `perplexity` is not in `(0, rows)` or another setting is out of range;
    ///   `.cancelled` once `cancellation` asks to stop.
    public func embed(_ data: FeatureMatrix, cancellation: Cancellation = .never) throws -> Result {
        let config = configuration
        let n = data.rows
        guard n >= 2 else { throw EmbeddingAnalysisError.insufficientSamples(required: 2, actual: n) }
        guard config.perplexity > 0, config.perplexity < Double(n) else {
            throw EmbeddingAnalysisError.invalidParameter(
                "perplexity must be in (0, \(n)) for \(n) points, got \(config.perplexity)")
        }
        guard config.iterations >= 0, config.earlyExaggerationIterations >= 0,
              config.momentumSwitchIteration >= 0 else {
            throw EmbeddingAnalysisError.invalidParameter("iteration counts must be non-negative")
        }
        guard config.earlyExaggeration > 0, config.minimumGain >= 0,
              (0..<1).contains(config.initialMomentum), (0..<1).contains(config.finalMomentum) else {
            throw EmbeddingAnalysisError.invalidParameter(
                "earlyExaggeration must be > 0, minimumGain >= 0 and momenta in [0, 1)")
        }
        if let dims = config.pcaDimensions, dims < 1 {
            throw EmbeddingAnalysisError.invalidParameter("pcaDimensions must be at least 1, got \(dims)")
        }
        let learningRate: Double
        switch config.learningRate {
        case .automatic:
            learningRate = max(Double(n) / config.earlyExaggeration / 4, 50)
        case .fixed(let rate):
            guard rate > 0, rate.isFinite else {
                throw EmbeddingAnalysisError.invalidParameter("learning rate must be positive, got \(rate)")
            }
            learningRate = rate
        }

        // 1. Optional PCA pre-reduction.
        var points: [Double]
        var dimension = data.columns
        var leadingComponents: [Double]? = nil  // n x 2 PCA scores, if already known
        if let dims = config.pcaDimensions, data.columns > dims {
            let pca = try PCA.fit(data, componentCount: dims)
            points = pca.projectedValues(data)
            dimension = dims
            if dims >= 2 {
                leadingComponents = (0..<n).flatMap { [points[$0 * dims], points[$0 * dims + 1]] }
            }
        } else {
            points = data.doubleValues
        }

        // 2. Joint probabilities.
        try cancellation.throwIfRequested()
        var p = try TSNEAffinities.jointProbabilities(points: points, count: n, dimension: dimension,
                                                      perplexity: config.perplexity, cancellation: cancellation)

        // 3. Initialisation.
        var y = initialEmbedding(data: data, dimension: dimension, leadingComponents: leadingComponents)
        points = []

        // 4. Optimisation.
        var update = [Double](repeating: 0, count: 2 * n)
        var gains = [Double](repeating: 1, count: 2 * n)
        var gradient = [Double](repeating: 0, count: 2 * n)
        var scratch = [Double](repeating: 0, count: 4 * n)
        var kl = 0.0
        try p.withUnsafeMutableBufferPointer { pBuffer in
            try y.withUnsafeMutableBufferPointer { yBuffer in
                try update.withUnsafeMutableBufferPointer { uBuffer in
                    try gains.withUnsafeMutableBufferPointer { gBuffer in
                        try gradient.withUnsafeMutableBufferPointer { gradBuffer in
                            try scratch.withUnsafeMutableBufferPointer { sBuffer in
                                let P = UnsafePointer(pBuffer.baseAddress!)
                                let Y = yBuffer.baseAddress!, U = uBuffer.baseAddress!
                                let G = gBuffer.baseAddress!, D = gradBuffer.baseAddress!
                                for iteration in 0..<config.iterations {
                                    try cancellation.throwIfRequested()
                                    let exaggeration = iteration < config.earlyExaggerationIterations
                                        ? config.earlyExaggeration : 1
                                    let momentum = iteration < config.momentumSwitchIteration
                                        ? config.initialMomentum : config.finalMomentum
                                    TSNEGradient.compute(p: P, y: UnsafePointer(Y), count: n,
                                                         exaggeration: exaggeration, gradient: D,
                                                         scratch: sBuffer.baseAddress!)
                                    for c in 0..<(2 * n) {
                                        let g = D[c]
                                        var gain = G[c]
                                        gain = U[c] * g < 0 ? gain + 0.2 : gain * 0.8
                                        if gain < config.minimumGain { gain = config.minimumGain }
                                        G[c] = gain
                                        let step = momentum * U[c] - learningRate * gain * g
                                        U[c] = step
                                        Y[c] += step
                                    }
                                }
                                kl = TSNEGradient.klDivergence(p: P, y: UnsafePointer(Y), count: n)
                            }
                        }
                    }
                }
            }
        }
        let embedding = FeatureMatrix(uncheckedRows: n, columns: 2, values: y.map { Float($0) })
        return Result(embedding: embedding, klDivergence: kl, learningRate: learningRate,
                      inputDimensionsUsed: dimension)
    }

    /// Initial 2-D coordinates, interleaved x/y.
    private func initialEmbedding(data: FeatureMatrix, dimension: Int,
                                  leadingComponents: [Double]?) -> [Double] {
        let n = data.rows
        if configuration.initialization == .pca {
            var scores = leadingComponents
            // Without pre-reduction `points` is `data` itself, so fit the 2-D PCA on `data`.
            if scores == nil, dimension == data.columns, dimension >= 2,
               let pca = try? PCA.fit(data, componentCount: 2) {
                scores = pca.projectedValues(data)
            }
            if var scores {
                var mean = 0.0
                for i in 0..<n { mean += scores[2 * i] }
                mean /= Double(n)
                var variance = 0.0
                for i in 0..<n { variance += (scores[2 * i] - mean) * (scores[2 * i] - mean) }
                let deviation = (variance / Double(n)).squareRoot()
                if deviation > 0, deviation.isFinite {
                    let scale = 1e-4 / deviation
                    for c in 0..<(2 * n) { scores[c] *= scale }
                    return scores
                }
            }
        }
        var generator = SplitMix64(seed: configuration.seed)
        return (0..<(2 * n)).map { _ in 1e-4 * generator.nextGaussian() }
    }
}

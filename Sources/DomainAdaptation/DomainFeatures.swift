import EmbeddingAnalysis
import Nabla

/// What a trained extractor does to the two domains: its features on an evenly spaced sample of
/// source and target test samples (evaluation mode), and the proxy A-distance between them.
public struct DomainFeatures: Sendable {
    /// Extractor features, source rows first.
    public var features: FeatureMatrix
    /// The domain of each row: 0 source, 1 target.
    public var domains: [Int]
    /// The class label of each row (0 where the domain has no labels).
    public var labels: [Int]

    /// Features of up to `perDomain` evenly spaced samples of each domain, in batches of 256
    /// (`cancellation` is polled before each; it throws `EmbeddingAnalysisError.cancelled`).
    public init(network: AdaptationNetwork, source: any SampleSource, target: any SampleSource, perDomain: Int = 500,
                cancellation: Cancellation = .never) throws {
        network.setTraining(false)
        defer { network.setTraining(true) }
        try self.init(source: source, target: target, perDomain: perDomain, cancellation: cancellation) { samples, batch in
            withoutGradients { network.features(samples.batch(at: batch)) }
        }
    }

    /// The model inputs themselves (flattened, as preprocessed for the model) of the same evenly
    /// spaced samples as ``init(network:source:target:perDomain:cancellation:)`` takes, so that the
    /// proxy A-distance of the inputs can be set beside that of a model's features (JMLR Figure 3).
    public init(inputsOf source: any SampleSource, target: any SampleSource, perDomain: Int = 500,
                cancellation: Cancellation = .never) throws {
        try self.init(source: source, target: target, perDomain: perDomain, cancellation: cancellation) { samples, batch in
            samples.inputs(at: batch).reshaped(to: [batch.count, -1])
        }
    }

    init(source: any SampleSource, target: any SampleSource, perDomain: Int, cancellation: Cancellation,
         rowsOf: (any SampleSource, [Int]) -> Tensor) throws {
        var rows: [Float] = [], domains: [Int] = [], labels: [Int] = [], width = 0
        for (domain, samples) in [source, target].enumerated() {
            let count = min(perDomain, samples.count)
            let indices = (0..<count).map { $0 * samples.count / count }
            for start in stride(from: 0, to: count, by: 256) {
                try cancellation.throwIfRequested()
                let batch = Array(indices[start ..< min(start + 256, count)])
                let features = rowsOf(samples, batch)
                width = features.shape[1]
                rows += features.scalars
            }
            domains += [Int](repeating: domain, count: count)
            labels += indices.map { samples.labels?[$0] ?? 0 }
        }
        features = try FeatureMatrix(rows: domains.count, columns: width, values: rows)
        self.domains = domains
        self.labels = labels
    }

    /// The proxy A-distance between the source and target rows (Ganin et al.: linear SVMs over a
    /// C sweep trained on half of the rows, PAD = 2(1 − 2ε) with the lowest error ε on the rest).
    /// `cancellation` is polled before each SVM fit.
    public func proxyADistance(seed: UInt64 = 0, cancellation: Cancellation = .never) throws -> ProxyADistance.Result {
        let sourceRows = domains.filter { $0 == 0 }.count
        let source = try FeatureMatrix(rows: sourceRows, columns: features.columns,
                                       values: Array(features.values[0 ..< sourceRows * features.columns]))
        let target = try FeatureMatrix(rows: features.rows - sourceRows, columns: features.columns,
                                       values: Array(features.values[(sourceRows * features.columns)...]))
        return try ProxyADistance.compute(source: source, target: target, configuration: .init(seed: seed), cancellation: cancellation)
    }
}

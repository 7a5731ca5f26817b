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
        var rows: [Float] = [], domains: [Int] = [], labels: [Int] = [], width = 0
        for (domain, samples) in [source, target].enumerated() {
            let count = min(perDomain, samples.count)
            let indices = (0..<count).map { $0 * samples.count / count }
            for start in stride(from: 0, to: count, by: 256) {
                try cancellation.throwIfRequested()
                let batch = Array(indices[start ..< min(start + 256, count)])
                let features = withoutGradients { network.features(samples.batch(at: batch)) }
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

import EmbeddingAnalysis

/// `embedding.json` of `dann embed`: for the model (and the compared baseline, if any) every sampled test point's
/// domain, class label and 2-D t-SNE and PCA coordinates, and the proxy A-distance of its features. Encoded with
/// snake_case keys.
public struct EmbeddingFile: Encodable, Sendable {
    /// One sampled test point.
    public struct Point: Encodable, Sendable {
        /// `source` or `target`.
        public var domain: String
        /// The class label.
        public var label: Int
        /// t-SNE coordinates (x, y).
        public var tsne: [Float]
        /// The first two principal components.
        public var pca: [Float]
    }

    /// One checkpoint's embedding.
    public struct Model: Encodable, Sendable {
        /// The checkpoint file, as given.
        public var checkpoint: String
        /// The training method recorded in the checkpoint, if any.
        public var method: String?
        /// Proxy A-distance between the source and target features (0 … 2).
        public var proxyADistance: Double
        /// The points, source first, in the order of the features.
        public var points: [Point]

        /// The points of `embedding` at `projections`.
        public init(checkpoint: String, method: String?, embedding: FeatureEmbedding, projections: FeatureEmbedding.Projections,
                    proxyADistance: Double) {
            self.checkpoint = checkpoint
            self.method = method
            self.proxyADistance = proxyADistance
            points = (0..<embedding.features.rows).map { row in
                Point(domain: FeatureExport.domainName(embedding.domains[row]), label: embedding.labels[row],
                      tsne: [projections.tsne[row, 0], projections.tsne[row, 1]], pca: [projections.pca[row, 0], projections.pca[row, 1]])
            }
        }
    }

    /// Bumped when the layout changes.
    public var schemaVersion = 1
    /// The source domain, as given.
    public var source: String
    /// The target domain, as given.
    public var target: String
    /// Test samples asked for per domain (a smaller test set gives fewer).
    public var samplesPerDomain: Int
    /// The checkpoint given to `--checkpoint`.
    public var model: Model
    /// The checkpoint given to `--compare-with`, on the same samples; absent without it.
    public var baseline: Model?
    /// Proxy A-distance between the source and target inputs themselves (as preprocessed for the
    /// model), on the same samples; absent without `--input-distance`.
    public var inputProxyADistance: Double?

    /// Creates the file's content.
    public init(source: String, target: String, samplesPerDomain: Int, model: Model, baseline: Model?) {
        self.source = source
        self.target = target
        self.samplesPerDomain = samplesPerDomain
        self.model = model
        self.baseline = baseline
    }
}

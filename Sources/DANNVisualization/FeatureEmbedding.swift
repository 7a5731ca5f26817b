import DomainAdaptation
import EmbeddingAnalysis
import Nabla
import Plotting

/// t-SNE and PCA pictures of a trained extractor's features on the two domains (coloured by
/// domain and by class); the features and their proxy A-distance are ``DomainFeatures``'s.
public struct FeatureEmbedding: Sendable {
    /// The sampled features the pictures show.
    public var sample: DomainFeatures
    /// Extractor features, source rows first.
    public var features: FeatureMatrix { sample.features }
    /// The domain of each row: 0 source, 1 target.
    public var domains: [Int] { sample.domains }
    /// The class label of each row.
    public var labels: [Int] { sample.labels }

    /// Pictures of the features of up to `perDomain` evenly spaced samples of each domain
    /// (`cancellation` stops the feature pass with `EmbeddingAnalysisError.cancelled`).
    public init(network: AdaptationNetwork, source: any SampleSource, target: any SampleSource, perDomain: Int = 500,
                cancellation: Cancellation = .never) throws {
        sample = try DomainFeatures(network: network, source: source, target: target, perDomain: perDomain, cancellation: cancellation)
    }

    /// Two panels of one 2-D projection: coloured by domain, and coloured by class with the
    /// domain as marker shape.
    public func figure(points2D: FeatureMatrix, method: String, title: String, classCount: Int) -> Figure {
        let x = (0..<points2D.rows).map { Double(points2D[$0, 0]) }
        let y = (0..<points2D.rows).map { Double(points2D[$0, 1]) }
        var byDomain = ScatterPoints(x: x, y: y, colorCategory: domains, colorNames: ["source", "target"])
        byDomain.size = 5
        byDomain.opacity = 0.6
        var byClass = ScatterPoints(x: x, y: y, colorCategory: labels, colorNames: (0..<classCount).map { "\($0)" },
                                    markerCategory: domains, markerNames: ["source", "target"])
        byClass.size = 5
        byClass.opacity = 0.7
        byClass.colorTitle = "class"
        var domainPanel = ScatterPlot(title: "\(method) of features, by domain", xLabel: "\(method) 1", yLabel: "\(method) 2", points: byDomain)
        domainPanel.legend = .outsideRight
        var classPanel = ScatterPlot(title: "\(method) of features, by class", xLabel: "\(method) 1", yLabel: "\(method) 2", points: byClass)
        classPanel.legend = .outsideRight
        return Figure(rows: 1, columns: 2, title: title, panels: [domainPanel, classPanel])
    }

    /// The two 2-D projections of the features that the pictures show, row for row.
    public struct Projections: Sendable {
        /// t-SNE coordinates.
        public var tsne: FeatureMatrix
        /// The first two principal components.
        public var pca: FeatureMatrix
    }

    /// The t-SNE coordinates (perplexity 30, seeded); `cancellation` is polled every iteration.
    public func tsneCoordinates(seed: UInt64 = 0, cancellation: Cancellation = .never) throws -> FeatureMatrix {
        var configuration = TSNE.Configuration()
        configuration.seed = seed
        configuration.perplexity = min(30, Double(features.rows - 1) / 3)  // small samples need a smaller perplexity
        return try TSNE(configuration: configuration).embed(features, cancellation: cancellation).embedding
    }

    /// The features projected on their first two principal components.
    public func pcaCoordinates() throws -> FeatureMatrix {
        try PCA.fit(features, componentCount: 2).transform(features)
    }

    /// Both projections (t-SNE seeded with `seed`; `cancellation` stops it).
    public func projections(seed: UInt64 = 0, cancellation: Cancellation = .never) throws -> Projections {
        let tsne = try tsneCoordinates(seed: seed, cancellation: cancellation)
        try cancellation.throwIfRequested()
        return Projections(tsne: tsne, pca: try pcaCoordinates())
    }

    /// The t-SNE picture (perplexity 30, seeded).
    public func tsneFigure(title: String, classCount: Int, seed: UInt64 = 0) throws -> Figure {
        figure(points2D: try tsneCoordinates(seed: seed), method: "t-SNE", title: title, classCount: classCount)
    }

    /// The PCA picture (first two principal components).
    public func pcaFigure(title: String, classCount: Int) throws -> Figure {
        figure(points2D: try pcaCoordinates(), method: "PCA", title: title, classCount: classCount)
    }

    /// Writes `embedding-tsne` and `embedding-pca` into `directory`, each as PNG and SVG
    /// (nothing if `cancellation` stops the projections first).
    public func writePictures(to directory: String, title: String, classCount: Int, cancellation: Cancellation = .never) throws {
        try writePictures(try projections(cancellation: cancellation), to: directory, title: title, classCount: classCount)
    }

    /// Writes `<prefix>-tsne` and `<prefix>-pca` pictures of `projections` into `directory`, each as PNG and SVG.
    public func writePictures(_ projections: Projections, to directory: String, prefix: String = "embedding",
                              title: String, classCount: Int) throws {
        let tsne = figure(points2D: projections.tsne, method: "t-SNE", title: title + ": t-SNE of extractor features (test samples)",
                          classCount: classCount)
        let pca = figure(points2D: projections.pca, method: "PCA", title: title + ": PCA of extractor features (test samples)",
                         classCount: classCount)
        for format in ["png", "svg"] {
            try tsne.write(to: "\(directory)/\(prefix)-tsne.\(format)")
            try pca.write(to: "\(directory)/\(prefix)-pca.\(format)")
        }
    }
}

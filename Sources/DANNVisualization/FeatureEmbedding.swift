import DomainAdaptation
import EmbeddingAnalysis
import Nabla
import Plotting

/// What a trained extractor does to the two domains: features of a sample of source and target
/// test images, their t-SNE and PCA pictures (coloured by domain and by class), and the proxy
/// A-distance between them.
public struct FeatureEmbedding: Sendable {
    /// Extractor features, source rows first.
    public var features: FeatureMatrix
    public var domains: [Int]
    public var labels: [Int]

    /// Features of up to `perDomain` evenly spaced samples of each domain (evaluation mode).
    public init(network: AdaptationNetwork, source: any SampleSource, target: any SampleSource, perDomain: Int = 500) throws {
        network.setTraining(false)
        defer { network.setTraining(true) }
        var rows: [Float] = [], domains: [Int] = [], labels: [Int] = [], width = 0
        for (domain, samples) in [source, target].enumerated() {
            let count = min(perDomain, samples.count)
            let indices = (0..<count).map { $0 * samples.count / count }
            for start in stride(from: 0, to: count, by: 256) {
                let batch = Array(indices[start ..< min(start + 256, count)])
                let features = withoutGradients { network.features(samples.inputs(at: batch)) }
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

    /// The proxy A-distance between the source and target rows (linear SVMs over a C sweep).
    public func proxyADistance(seed: UInt64 = 0) throws -> ProxyADistance.Result {
        let sourceRows = domains.filter { $0 == 0 }.count
        let source = try FeatureMatrix(rows: sourceRows, columns: features.columns,
                                       values: Array(features.values[0 ..< sourceRows * features.columns]))
        let target = try FeatureMatrix(rows: features.rows - sourceRows, columns: features.columns,
                                       values: Array(features.values[(sourceRows * features.columns)...]))
        return try ProxyADistance.compute(source: source, target: target, configuration: .init(seed: seed))
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

    /// The t-SNE picture (perplexity 30, seeded).
    public func tsneFigure(title: String, classCount: Int, seed: UInt64 = 0) throws -> Figure {
        var configuration = TSNE.Configuration()
        configuration.seed = seed
        configuration.perplexity = min(30, Double(features.rows - 1) / 3)  // small samples need a smaller perplexity
        let embedding = try TSNE(configuration: configuration).embed(features).embedding
        return figure(points2D: embedding, method: "t-SNE", title: title, classCount: classCount)
    }

    /// Writes `embedding-tsne` and `embedding-pca` into `directory`, each as PNG and SVG.
    public func writePictures(to directory: String, title: String, classCount: Int) throws {
        let tsne = try tsneFigure(title: title + ": t-SNE of extractor features (test samples)", classCount: classCount)
        let pca = try pcaFigure(title: title + ": PCA of extractor features (test samples)", classCount: classCount)
        for format in ["png", "svg"] {
            try tsne.write(to: directory + "/embedding-tsne." + format)
            try pca.write(to: directory + "/embedding-pca." + format)
        }
    }

    /// The PCA picture (first two principal components).
    public func pcaFigure(title: String, classCount: Int) throws -> Figure {
        let projected = try PCA.fit(features, componentCount: 2).transform(features)
        return figure(points2D: projected, method: "PCA", title: title, classCount: classCount)
    }
}

import Testing
import EmbeddingAnalysis

@Suite struct TSNETests {
    static func clusters(dimension: Int, separation: Double, seed: UInt64) -> (FeatureMatrix, [Int]) {
        let centers = (0..<3).map { k in
            (0..<dimension).map { $0 == k ? separation : 0.0 }
        }
        let data = TestData.gaussianClusters(centers: centers, pointsPerCluster: 30, spread: 1, seed: seed)
        return (data.features, data.labels)
    }

    /// Checks nearest neighbours and centroid separation of a 2-D embedding.
    static func expectSeparated(_ embedding: FeatureMatrix, labels: [Int], classCount: Int) {
        let n = embedding.rows
        let points = (0..<n).map { (Double(embedding[$0, 0]), Double(embedding[$0, 1])) }
        func distance(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
            ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()
        }
        var mismatches = 0
        for i in 0..<n {
            var best = -1
            var bestDistance = Double.infinity
            for j in 0..<n where j != i {
                let d = distance(points[i], points[j])
                if d < bestDistance { bestDistance = d; best = j }
            }
            if labels[best] != labels[i] { mismatches += 1 }
        }
        #expect(mismatches == 0)

        var centroids: [(Double, Double)] = []
        var spreads: [Double] = []
        for k in 0..<classCount {
            let members = (0..<n).filter { labels[$0] == k }.map { points[$0] }
            let centroid = (members.map(\.0).reduce(0, +) / Double(members.count),
                            members.map(\.1).reduce(0, +) / Double(members.count))
            centroids.append(centroid)
            // RMS distance to the centroid.
            let meanSquare = members.reduce(0) { $0 + pow2(distance($1, centroid)) } / Double(members.count)
            spreads.append(meanSquare.squareRoot())
        }
        let largestSpread = spreads.max()!
        for a in 0..<classCount {
            for b in (a + 1)..<classCount {
                #expect(distance(centroids[a], centroids[b]) > 2 * largestSpread)
            }
        }
    }

    static func pow2(_ x: Double) -> Double { x * x }

    @Test func keepsWellSeparatedClustersSeparatedAndIsDeterministic() throws {
        let (data, labels) = Self.clusters(dimension: 10, separation: 20, seed: 1)
        let tsne = TSNE(configuration: .init(perplexity: 30, iterations: 1000))
        let first = try tsne.embed(data)
        #expect(first.embedding.rows == 90 && first.embedding.columns == 2)
        #expect(first.learningRate == 50)
        #expect(first.inputDimensionsUsed == 10)
        #expect(first.klDivergence.isFinite && first.klDivergence >= 0)
        Self.expectSeparated(first.embedding, labels: labels, classCount: 3)

        let second = try tsne.embed(data)
        #expect(second.embedding.values == first.embedding.values)
        #expect(second.klDivergence == first.klDivergence)
    }

    @Test func randomInitialisationIsSeededAndPreReductionIsApplied() throws {
        let (data, labels) = Self.clusters(dimension: 60, separation: 20, seed: 2)
        let configuration = TSNE.Configuration(perplexity: 20, iterations: 500, initialization: .random, seed: 7)
        let a = try TSNE(configuration: configuration).embed(data)
        let b = try TSNE(configuration: configuration).embed(data)
        #expect(a.inputDimensionsUsed == 50)
        #expect(a.embedding.values == b.embedding.values)
        Self.expectSeparated(a.embedding, labels: labels, classCount: 3)

        var other = configuration
        other.seed = 8
        let c = try TSNE(configuration: other).embed(data)
        #expect(c.embedding.values != a.embedding.values)

        var unreduced = configuration
        unreduced.pcaDimensions = nil
        unreduced.initialization = .pca
        let d = try TSNE(configuration: unreduced).embed(data)
        #expect(d.inputDimensionsUsed == 60)
        Self.expectSeparated(d.embedding, labels: labels, classCount: 3)
    }

    @Test func rejectsInvalidConfiguration() throws {
        let data = TestData.gaussian(rows: 10, columns: 3, seed: 1)
        #expect(throws: EmbeddingAnalysisError.self) {
            try TSNE(configuration: .init(perplexity: 10)).embed(data)
        }
        #expect(throws: EmbeddingAnalysisError.self) {
            try TSNE(configuration: .init(perplexity: 3, learningRate: .fixed(-1))).embed(data)
        }
        let single = TestData.gaussian(rows: 1, columns: 3, seed: 1)
        #expect(throws: EmbeddingAnalysisError.self) { try TSNE().embed(single) }
    }
}

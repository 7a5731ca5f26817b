import SeededRandom
import Testing
import EmbeddingAnalysis
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opt-in timing of the reference workload (N = 1000, D = 768, 1000 iterations) and of the
/// largest intended size (N = 2000, D = 800). Run with
/// `EMBEDDING_ANALYSIS_BENCHMARK=1 swift test -c release --filter TSNEBenchmark`.
@Suite struct TSNEBenchmark {
    static var enabled: Bool { getenv("EMBEDDING_ANALYSIS_BENCHMARK") != nil }

    @Test(.enabled(if: TSNEBenchmark.enabled), arguments: [(1000, 768), (2000, 800)])
    func referenceWorkload(n: Int, dimension: Int) throws {
        // Ten Gaussian clusters in 768-D, like class-structured embeddings.
        var generator = SplitMix64(seed: 99)
        let centers = (0..<10).map { _ in (0..<dimension).map { _ in 0.5 * generator.nextGaussian() } }
        var values: [Float] = []
        values.reserveCapacity(n * dimension)
        for i in 0..<n {
            for k in 0..<dimension { values.append(Float(centers[i % 10][k] + 0.3 * generator.nextGaussian())) }
        }
        let data = try FeatureMatrix(rows: n, columns: dimension, values: values)
        let clock = ContinuousClock()
        var pcaResult: PCA? = nil
        let pcaTime = try clock.measure { pcaResult = try PCA.fit(data, componentCount: 50) }
        var result: TSNE.Result? = nil
        let time = try clock.measure { result = try TSNE().embed(data) }
        var unreduced: TSNE.Result? = nil
        let unreducedTime = try clock.measure {
            unreduced = try TSNE(configuration: .init(pcaDimensions: nil)).embed(data)
        }
        print("PCA(\(dimension) -> 50) fit: \(pcaTime); explained \(pcaResult!.explainedVarianceRatio.reduce(0, +))")
        print("t-SNE N=\(n) D=\(dimension) 1000 iterations (PCA to 50): \(time), KL \(result!.klDivergence)")
        print("t-SNE N=\(n) D=\(dimension) 1000 iterations (no PCA): \(unreducedTime), KL \(unreduced!.klDivergence)")
        #expect(time < .seconds(n <= 1000 ? 60 : 240))
        // Sanity check of quality: 1-nearest-neighbour agreement with the cluster label (i % 10).
        let embedding = result!.embedding
        var agreements = 0
        for i in 0..<n {
            var best = -1
            var bestDistance = Float.infinity
            for j in 0..<n where j != i {
                let dx = embedding[i, 0] - embedding[j, 0], dy = embedding[i, 1] - embedding[j, 1]
                if dx * dx + dy * dy < bestDistance { bestDistance = dx * dx + dy * dy; best = j }
            }
            if best % 10 == i % 10 { agreements += 1 }
        }
        print("1-NN cluster agreement: \(Double(agreements) / Double(n))")
        #expect(Double(agreements) / Double(n) > 0.95)
    }

    @Test(.enabled(if: TSNEBenchmark.enabled))
    func proxyADistanceWorkload() throws {
        // 1000 source + 1000 target samples of dimension 768, slightly shifted domains.
        var generator = SplitMix64(seed: 7)
        let dimension = 768
        func sample(offset: Double) throws -> FeatureMatrix {
            let values = (0..<(1000 * dimension)).map { k in Float((k % dimension < 20 ? offset : 0) + generator.nextGaussian()) }
            return try FeatureMatrix(rows: 1000, columns: dimension, values: values)
        }
        let source = try sample(offset: 0), target = try sample(offset: 0.2)
        var result: ProxyADistance.Result? = nil
        let time = try ContinuousClock().measure {
            result = try ProxyADistance.compute(source: source, target: target)
        }
        print("PAD 1000+1000 x 768: \(time); PAD \(result!.distance), best C \(result!.bestC), "
              + "errors \(result!.trials.map(\.testError))")
    }
}

import SeededRandom
import EmbeddingAnalysis

/// Deterministic synthetic data for the tests.
enum TestData {
    /// Isotropic Gaussian clusters around `centers`, `pointsPerCluster` each, cluster-major order.
    static func gaussianClusters(centers: [[Double]], pointsPerCluster: Int, spread: Double,
                                 seed: UInt64) -> (features: FeatureMatrix, labels: [Int]) {
        var generator = SplitMix64(seed: seed)
        var values: [Float] = []
        var labels: [Int] = []
        for (label, center) in centers.enumerated() {
            for _ in 0..<pointsPerCluster {
                for coordinate in center {
                    values.append(Float(coordinate + spread * generator.nextGaussian()))
                }
                labels.append(label)
            }
        }
        let features = try! FeatureMatrix(rows: labels.count, columns: centers[0].count, values: values)
        return (features, labels)
    }

    /// `rows x columns` standard normal samples shifted by `offset` in every coordinate.
    static func gaussian(rows: Int, columns: Int, offset: Double = 0, seed: UInt64) -> FeatureMatrix {
        var generator = SplitMix64(seed: seed)
        let values = (0..<(rows * columns)).map { _ in Float(offset + generator.nextGaussian()) }
        return try! FeatureMatrix(rows: rows, columns: columns, values: values)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

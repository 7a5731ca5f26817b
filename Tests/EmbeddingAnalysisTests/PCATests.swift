import SeededRandom
import Testing
import EmbeddingAnalysis

@Suite struct PCATests {
    @Test func recoversDominantDirectionOfElongatedCloud() throws {
        let raw: [Double] = [1, 2, -1, 0.5, 3]
        let norm = TestData.dot(raw, raw).squareRoot()
        let direction = raw.map { $0 / norm }
        var generator = SplitMix64(seed: 11)
        var values: [Float] = []
        let n = 400
        for _ in 0..<n {
            let t = 10 * generator.nextGaussian()
            for k in 0..<5 {
                values.append(Float(5 + t * direction[k] + 0.5 * generator.nextGaussian()))
            }
        }
        let data = try FeatureMatrix(rows: n, columns: 5, values: values)
        let pca = try PCA.fit(data, componentCount: 3)
        let cosine = abs(TestData.dot(pca.components[0], direction))
        #expect(cosine > 0.99)
        let ratios = pca.explainedVarianceRatio
        #expect(ratios.count == 3)
        #expect(ratios.reduce(0, +) <= 1 + 1e-12)
        #expect(zip(ratios, ratios.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(ratios[0] > 0.9)

        let scores = pca.transform(data)
        #expect(scores.rows == n && scores.columns == 3)
        // Variance of the first score column equals the first eigenvalue.
        let first = (0..<n).map { Double(scores[$0, 0]) }
        let mean = first.reduce(0, +) / Double(n)
        let variance = first.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 1e-3)
        #expect(abs(variance - pca.explainedVariance[0]) / pca.explainedVariance[0] < 1e-4)
        // Sign convention: the largest-magnitude entry of every component is positive.
        for component in pca.components {
            let largest = component.max { abs($0) < abs($1) }!
            #expect(largest > 0)
        }
    }

    @Test func exactVarianceOnAxisAlignedPoints() throws {
        // Covariance is diag(2·9/3, 2·1/3, 0) = diag(6, 2/3, 0).
        let data = try FeatureMatrix(rowVectors: [[3, 0, 1], [-3, 0, 1], [0, 1, 1], [0, -1, 1]])
        let pca = try PCA.fit(data, componentCount: 3)
        #expect(abs(pca.explainedVariance[0] - 6) < 1e-12)
        #expect(abs(pca.explainedVariance[1] - 2.0 / 3) < 1e-12)
        #expect(abs(pca.explainedVariance[2]) < 1e-12)
        #expect(abs(pca.explainedVarianceRatio[0] - 0.9) < 1e-12)
        #expect(abs(pca.components[0][0] - 1) < 1e-12)
        #expect(abs(pca.components[1][1] - 1) < 1e-12)
    }

    @Test func eigenpairsSatisfyCovarianceEquation() throws {
        let n = 60, dim = 12
        var generator = SplitMix64(seed: 5)
        // Correlated data: x = A z with a random mixing matrix.
        let mixing = (0..<(dim * dim)).map { _ in generator.nextGaussian() }
        var values: [Float] = []
        for _ in 0..<n {
            let z = (0..<dim).map { _ in generator.nextGaussian() }
            for r in 0..<dim {
                var sum = 0.0
                for c in 0..<dim { sum += mixing[r * dim + c] * z[c] }
                values.append(Float(sum))
            }
        }
        let data = try FeatureMatrix(rows: n, columns: dim, values: values)
        let pca = try PCA.fit(data, componentCount: dim)
        // Covariance computed independently.
        let x = data.rowVectors.map { $0.map(Double.init) }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: dim), count: dim)
        for i in 0..<dim {
            for j in 0..<dim {
                var sum = 0.0
                for r in 0..<n { sum += (x[r][i] - pca.mean[i]) * (x[r][j] - pca.mean[j]) }
                covariance[i][j] = sum / Double(n - 1)
            }
        }
        let components = pca.components
        let trace = (0..<dim).reduce(0.0) { $0 + covariance[$1][$1] }
        #expect(abs(pca.explainedVariance.reduce(0, +) - trace) < 1e-9 * trace)
        #expect(abs(pca.explainedVarianceRatio.reduce(0, +) - 1) < 1e-12)
        for k in 0..<dim {
            let v = components[k]
            for i in 0..<dim {
                let cv = TestData.dot(covariance[i], v)
                #expect(abs(cv - pca.explainedVariance[k] * v[i]) < 1e-9 * trace)
            }
            for l in 0..<dim {
                let expected = k == l ? 1.0 : 0.0
                #expect(abs(TestData.dot(v, components[l]) - expected) < 1e-10)
            }
        }
    }

    @Test func rejectsInvalidInput() throws {
        let one = try FeatureMatrix(rowVectors: [[1, 2]])
        #expect(throws: EmbeddingAnalysisError.self) { try PCA.fit(one, componentCount: 1) }
        let two = try FeatureMatrix(rowVectors: [[1, 2], [3, 4]])
        #expect(throws: EmbeddingAnalysisError.self) { try PCA.fit(two, componentCount: 3) }
        #expect(throws: EmbeddingAnalysisError.self) { try PCA.fit(two, componentCount: 0) }
    }
}

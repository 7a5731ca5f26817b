import EmbeddingAnalysis
import Foundation
import SeededRandom
import Testing

/// mSDA's closed form against cases computed by hand.
@Suite struct MarginalizedDenoisingAutoencoderTests {
    func random(rows: Int, columns: Int, seed: UInt64) throws -> FeatureMatrix {
        var generator = SplitMix64(seed: seed)
        return try FeatureMatrix(rows: rows, columns: columns, values: (0..<rows * columns).map { _ in Float(generator.nextUnitDouble() * 2 - 1) })
    }

    @Test("one feature: W = P Q⁻¹ by the 2 × 2 inverse")
    func oneFeatureByHand() throws {
        let x: [Double] = [0.5, -1, 2, 0.25, -0.75, 1.5], p = 0.3
        let samples = try FeatureMatrix(rows: x.count, columns: 1, values: x.map(Float.init))
        let fitted = try MarginalizedDenoisingAutoencoder.fit(samples, layers: 1, noise: p, regularization: 0)
        // S = [[Σx², Σx], [Σx, n]] over the Float-rounded inputs; q = (1 − p, 1).
        let xs = x.map { Double(Float($0)) }
        let sxx = xs.map { $0 * $0 }.reduce(0, +), sx = xs.reduce(0, +), n = Double(xs.count)
        let q00 = (1 - p) * sxx, q01 = (1 - p) * sx, q11 = n
        let determinant = q00 * q11 - q01 * q01
        let (p0, p1) = ((1 - p) * sxx, sx)
        let expected = [(p0 * q11 - p1 * q01) / determinant, (-p0 * q01 + p1 * q00) / determinant]
        #expect(fitted.weights.count == 1 && fitted.weights[0].count == 2)
        for (a, b) in zip(fitted.weights[0], expected) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b)), "\(fitted.weights[0]) vs \(expected)") }
    }

    @Test("no corruption: the layer is the identity (W = [I | 0])")
    func noNoiseIsIdentity() throws {
        let samples = try random(rows: 20, columns: 4, seed: 3)
        let fitted = try MarginalizedDenoisingAutoencoder.fit(samples, layers: 1, noise: 0, regularization: 0)
        for i in 0..<4 {
            for j in 0..<5 { #expect(abs(fitted.weights[0][i * 5 + j] - (i == j ? 1 : 0)) < 1e-9, "W[\(i), \(j)] = \(fitted.weights[0][i * 5 + j])") }
        }
    }

    @Test("the representation is the input followed by each layer's tanh outputs, which feed the next layer")
    func representationStacksLayers() throws {
        let samples = try random(rows: 12, columns: 3, seed: 5)
        let fitted = try MarginalizedDenoisingAutoencoder.fit(samples, layers: 2, noise: 0.5)
        let features = try fitted.representation(of: samples)
        #expect(features.rows == 12 && features.columns == 9)
        for row in 0..<12 {
            #expect(Array(features.values[row * 9 ..< row * 9 + 3]) == Array(samples.values[row * 3 ..< row * 3 + 3]))
            let hidden = features.values[row * 9 + 3 ..< row * 9 + 9]
            #expect(hidden.allSatisfy { abs($0) < 1 })
        }
        // The first layer's output recomputed by hand from its W.
        let w = fitted.weights[0]
        for row in 0..<12 {
            for i in 0..<3 {
                var sum = w[i * 4 + 3]
                for j in 0..<3 { sum += w[i * 4 + j] * Double(samples.values[row * 3 + j]) }
                #expect(abs(Double(features.values[row * 9 + 3 + i]) - Foundation.tanh(sum)) < 1e-6)
            }
        }
        // The second layer is fitted to the first's outputs: its fit on them gives the same W.
        let first = try FeatureMatrix(rows: 12, columns: 3, values: (0..<12).flatMap { Array(features.values[$0 * 9 + 3 ..< $0 * 9 + 6]) })
        let second = try MarginalizedDenoisingAutoencoder.fit(first, layers: 1, noise: 0.5)
        for (a, b) in zip(second.weights[0], fitted.weights[1]) { #expect(abs(a - b) < 1e-3 * max(1, abs(b))) }
    }

    @Test func refusals() throws {
        let samples = try random(rows: 5, columns: 2, seed: 7)
        #expect(throws: EmbeddingAnalysisError.self) { try MarginalizedDenoisingAutoencoder.fit(samples, layers: 1, noise: 1) }
        #expect(throws: EmbeddingAnalysisError.self) { try MarginalizedDenoisingAutoencoder.fit(samples, layers: 0, noise: 0.5) }
        let fitted = try MarginalizedDenoisingAutoencoder.fit(samples, layers: 1, noise: 0.5)
        #expect(throws: EmbeddingAnalysisError.self) { try fitted.representation(of: try random(rows: 2, columns: 3, seed: 1)) }
    }
}

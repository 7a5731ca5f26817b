import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

/// CDAN's building blocks against hand and direct computations.
@Suite("Multilinear conditioning")
struct MultilinearConditioningTests {
    @Test func multilinearMapByHand() {
        // Row 0: f = (1, 2, 3), g = (0.25, 0.75); row 1: f = (−1, 0, 2), g = (1, 0). Value c·3 + j is g_c·f_j.
        let features = Tensor(shape: [2, 3], scalars: [1, 2, 3, -1, 0, 2])
        let predictions = Tensor(shape: [2, 2], scalars: [0.25, 0.75, 1, 0])
        let map = multilinearMap(features: features, predictions: predictions)
        #expect(map.shape == [2, 6])
        #expect(map.scalars == [0.25, 0.5, 0.75, 0.75, 1.5, 2.25, -1, 0, 2, 0, 0, 0])
    }

    @Test func randomizedMapAgainstADirectComputation() {
        var generator = SeededGenerator(seed: 3)
        let map = RandomizedMultilinearMap(featureCount: 5, classCount: 3, dimension: 7, using: &generator)
        let f = randomTensor([4, 5], seed: 1), g = randomTensor([4, 3], seed: 2)
        let output = map(features: f, predictions: g).scalars
        let rf = map.featureProjection.value.scalars, rg = map.predictionProjection.value.scalars
        let (fs, gs) = (f.scalars.map(Double.init), g.scalars.map(Double.init))
        for i in 0..<4 {
            for k in 0..<7 {
                let a = (0..<5).reduce(0.0) { $0 + fs[i * 5 + $1] * Double(rf[$1 * 7 + k]) }
                let b = (0..<3).reduce(0.0) { $0 + gs[i * 3 + $1] * Double(rg[$1 * 7 + k]) }
                let expected = a * b / 7.0.squareRoot()
                #expect(abs(Double(output[i * 7 + k]) - expected) < 1e-5 * max(1, abs(expected)), "[\(i), \(k)]")
            }
        }
        // R_f, then R_g, standard normal from the generator; fixed (not trainable), saved by name.
        var replay = SeededGenerator(seed: 3)
        #expect(rf == Tensor.normal(shape: [5, 7], using: &replay).scalars)
        #expect(rg == Tensor.normal(shape: [3, 7], using: &replay).scalars)
        #expect(map.trainableParameters.isEmpty)
        #expect(map.namedParameters.map(\.name) == ["featureProjection", "predictionProjection"])
    }

    @Test func randomizedMapPreservesInnerProductsOfTheExactMapOnAverage() {
        // E⟨T⊙(f, g), T⊙(f′, g′)⟩ = ⟨f, f′⟩⟨g, g′⟩ = ⟨f ⊗ g, f′ ⊗ g′⟩: with d = 40,000 the estimate is
        // within a few percent of the product of the norms.
        var generator = SeededGenerator(seed: 4)
        let map = RandomizedMultilinearMap(featureCount: 3, classCount: 2, dimension: 40_000, using: &generator)
        let f = Tensor(shape: [2, 3], scalars: [1, 0.5, -1, 0.8, 1, -0.2]), g = Tensor(shape: [2, 2], scalars: [0.9, 0.1, 0.6, 0.4])
        let randomized = map(features: f, predictions: g).scalars.map(Double.init)
        let exact = multilinearMap(features: f, predictions: g).scalars.map(Double.init)
        func dot(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let (first, second) = (exact[0..<6], exact[6..<12])
        let estimate = dot(randomized[0..<40_000], randomized[40_000...])
        let truth = dot(first, second), scale = dot(first, first).squareRoot() * dot(second, second).squareRoot()
        #expect(abs(estimate - truth) < 0.05 * scale, "estimate \(estimate), exact \(truth)")
    }

    @Test func entropyWeightsAgainstADirectComputation() throws {
        let rows: [[Double]] = [[2, 0, -1], [0, 0, 0], [30, -30, 0], [-3, 1, 1.5]]
        let logits = Tensor(shape: [4, 3], scalars: rows.flatMap { $0.map(Float.init) })
        let weights = entropyWeights(logits: logits).scalars
        #expect(weights.count == 4)
        for (i, row) in rows.enumerated() {
            let top = row.max()!, exps = row.map { exp($0 - top) }, total = exps.reduce(0, +)
            let entropy = exps.map { $0 / total }.reduce(0.0) { $0 - ($1 > 0 ? $1 * log($1) : 0) }
            #expect(abs(Double(weights[i]) - (1 + exp(-entropy))) < 1e-6, "row \(i)")
        }
        #expect(abs(weights[1] - (1 + 1.0 / 3)) < 1e-6, "uniform over 3 classes: H = ln 3")
        #expect(abs(weights[2] - 2) < 1e-6, "certain: H = 0")
        // Constants: nothing is recorded even inside a gradient computation.
        _ = valueWithGradient(at: [logits]) { leaves in
            #expect(!entropyWeights(logits: leaves[0]).isRecordingGradient)
            return leaves[0].sum()
        }
    }
}

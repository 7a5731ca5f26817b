import Foundation
import Testing
@testable import Nabla

/// Exact gradients of the losses against closed forms computed independently in Double: a
/// finite-difference check with a 2e-2 tolerance cannot see a 1–3% error in a backward pass.
@Suite("Loss gradients, exactly")
struct LossGradientTests {
    let logits: [[Double]] = [[1.5, -0.3, 0.2], [-1, 2, 0.5], [0.1, 0.1, -2], [3, -1, 0]]
    let labels = [0, 1, 2, 1]

    func softmax(_ row: [Double]) -> [Double] {
        let top = row.max()!, exps = row.map { Foundation.exp($0 - top) }, total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// Analytic d(loss)/d(logits) and loss from the engine.
    func engine(smoothing: Float = 0, weights: [Float]? = nil) -> (loss: Float, gradient: [Float]) {
        let x = Tensor(shape: [4, 3], scalars: logits.flatMap { $0.map(Float.init) })
        let (value, gradients) = valueWithGradient(at: [x]) {
            softmaxCrossEntropy(logits: $0[0], labels: labels, labelSmoothing: smoothing, weights: weights)
        }
        return (value.scalar, gradients[0].scalars)
    }

    /// The closed form: loss = Σ w_i Σ_j −target_ij log softmax_ij / Σw, gradient w_i (softmax − target) / Σw.
    func closedForm(smoothing: Double = 0, weights: [Double]? = nil) -> (loss: Double, gradient: [Double]) {
        let w = weights ?? [Double](repeating: 1, count: 4), total = w.reduce(0, +)
        var loss = 0.0, gradient: [Double] = []
        for (i, row) in logits.enumerated() {
            let p = softmax(row)
            let target = (0..<3).map { ($0 == labels[i] ? 1 - smoothing : 0) + smoothing / 3 }
            loss += w[i] * zip(target, p).map { -$0 * Foundation.log($1) }.reduce(0, +) / total
            gradient += zip(p, target).map { w[i] * ($0 - $1) / total }
        }
        return (loss, gradient)
    }

    func expectExact(_ engine: (loss: Float, gradient: [Float]), _ exact: (loss: Double, gradient: [Double]),
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(Double(engine.loss) - exact.loss) < 1e-6 * max(1, abs(exact.loss)), "loss", sourceLocation: sourceLocation)
        for (a, b) in zip(engine.gradient, exact.gradient) {
            #expect(abs(Double(a) - b) < 1e-6, "gradient \(a) vs \(b)", sourceLocation: sourceLocation)
        }
    }

    @Test func crossEntropy() { expectExact(engine(), closedForm()) }

    @Test("label smoothing", arguments: [0.1, 0.4] as [Float])
    func labelSmoothing(epsilon: Float) { expectExact(engine(smoothing: epsilon), closedForm(smoothing: Double(epsilon))) }

    @Test func perSampleWeights() {
        let weights: [Float] = [0.5, 2, 0, 1.25]
        expectExact(engine(weights: weights), closedForm(weights: weights.map(Double.init)))
        expectExact(engine(smoothing: 0.2, weights: weights), closedForm(smoothing: 0.2, weights: weights.map(Double.init)))
    }

    @Test func binaryCrossEntropyAndItsTargetGradient() {
        let x: [Double] = [2, -1.5, 0.3, -4, 0], t: [Double] = [1, 0, 0.7, 1, 0.5], w: [Double] = [1, 2, 0.5, 1, 3]
        let total = w.reduce(0, +)
        let (value, gradients) = valueWithGradient(at: [Tensor(x.map(Float.init)), Tensor(t.map(Float.init))]) {
            binaryCrossEntropy(logits: $0[0], targets: $0[1], weights: Tensor(w.map(Float.init)))
        }
        let sigmoid = x.map { 1 / (1 + Foundation.exp(-$0)) }
        var loss = 0.0
        for i in 0..<5 {
            let perSample: Double = -(t[i] * Foundation.log(sigmoid[i]) + (1 - t[i]) * Foundation.log(1 - sigmoid[i]))
            loss += w[i] * perSample / total
        }
        #expect(abs(Double(value.scalar) - loss) < 1e-6)
        for i in 0..<5 {
            #expect(abs(Double(gradients[0].scalars[i]) - w[i] * (sigmoid[i] - t[i]) / total) < 1e-6, "d logits \(i)")
            #expect(abs(Double(gradients[1].scalars[i]) - (-w[i] * x[i] / total)) < 1e-6, "d targets \(i)")
        }
    }
}

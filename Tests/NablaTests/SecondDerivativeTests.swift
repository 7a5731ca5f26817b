import Testing
@testable import Nabla

/// Double backward: the gradient returned by `differentiableGradients` is itself differentiated,
/// and the result is checked against finite differences of first gradients. Checking the map
/// x ↦ ∇F(x) with `checkGradient` does exactly that: its reverse-mode side is a Hessian-vector
/// product (the projection is the vector), its numeric side differences ∇F at x ± h.
@Suite("Second derivatives (double backward)")
struct SecondDerivativeTests {
    /// x ↦ ∇ₓF(x) for each input, concatenated flat; differentiable when recorded.
    func gradientMap(_ f: @escaping ([Tensor]) -> Tensor) -> ([Tensor]) -> Tensor {
        { inputs in
            // Outside the outer computation (finite differences) the inputs are plain values.
            let variables = inputs.map { $0.isRecordingGradient ? $0 : $0.requiringGradient() }
            let gradients = differentiableGradients(of: f(variables), withRespectTo: variables)
            return Tensor.concatenate(gradients.map { $0.reshaped(to: [-1]) })
        }
    }

    func checkSecondDerivative(_ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: @escaping ([Tensor]) -> Tensor) {
        // A fixed tolerance: the gradient map's rounding comes from a backward pass, larger than the
        // forward rounding the automatic tolerance models; a missing second-order term is O(1) off.
        checkGradient(inputs, tolerance: 2e-3, sourceLocation: sourceLocation, gradientMap(f))
    }

    @Test("broadcasting arithmetic", arguments: [([3, 4], [4]), ([2, 3], [2, 1]), ([3, 4], [])] as [([Int], [Int])])
    func arithmetic(shapes: ([Int], [Int])) {
        let a = randomTensor(shapes.0, seed: 1), b = randomTensor(shapes.1, seed: 2, range: 0.5...2)
        checkSecondDerivative([a, b]) { (($0[0] + $0[1]) * ($0[0] - $0[1])).sum() }
        checkSecondDerivative([a, b]) { ($0[0] * $0[1] * $0[0]).sum() }
        checkSecondDerivative([a, b]) { ($0[0] / $0[1]).sum() }
        checkSecondDerivative([a, b]) { (-($0[0] * 3 - 1) * $0[1]).squared().mean() }
    }

    @Test func unaryFunctions() {
        let a = randomTensor([3, 5], seed: 4, range: -2...2)
        let positive = randomTensor([3, 5], seed: 5, range: 0.5...3)
        let weights = randomTensor([3, 5], seed: 6)
        checkSecondDerivative([a]) { ($0[0].exp() * weights).sum() }
        checkSecondDerivative([positive]) { ($0[0].log() * weights).sum() }
        checkSecondDerivative([positive]) { ($0[0].squareRoot() * weights).sum() }
        checkSecondDerivative([a]) { ($0[0].squared() * weights).sum() }
        checkSecondDerivative([a]) { ($0[0].sigmoid() * weights).sum() }
        checkSecondDerivative([a]) { ($0[0].tanh() * weights).sum() }
    }

    /// ReLU and leaky ReLU are piecewise linear: their second derivative is zero, but the
    /// mask must still route the second-order term of what follows them.
    @Test func piecewiseLinearActivations() {
        // Away from the kink, so finite differences do not straddle it.
        let a = randomTensor([4, 5], seed: 7, range: 0.2...1.5) * Tensor(shape: [1, 5], scalars: [1, -1, 1, -1, 1])
        checkSecondDerivative([a]) { $0[0].relu().squared().sum() }
        checkSecondDerivative([a]) { $0[0].leakyReLU(slope: 0.2).tanh().sum() }
    }

    @Test func matricesAndShapes() {
        let a = randomTensor([3, 4], seed: 8), b = randomTensor([4, 2], seed: 9)
        checkSecondDerivative([a, b]) { matmul($0[0], $0[1]).tanh().sum() }
        checkSecondDerivative([a, b]) { matmul($0[1], transposed: true, $0[0], transposed: true).squared().sum() }
        checkSecondDerivative([a]) { $0[0].transposed().reshaped(to: [2, 6]).sum(alongAxis: 0).squared().sum() }
        checkSecondDerivative([a]) { $0[0].slice(alongAxis: 1, 1 ..< 3).squared().mean() }
        checkSecondDerivative([a, b]) {
            Tensor.concatenate([$0[0], $0[1].transposed()], alongAxis: 0).sigmoid().mean(alongAxis: 1).squared().sum()
        }
        checkSecondDerivative([b]) { $0[0].sum(alongAxis: 1, keepingDimension: true).broadcast(to: [4, 2]).exp().sum() }
    }

    /// WDGRL's gradient penalty E(‖∇ₕD(h)‖₂ − 1)² for a two-layer leaky-ReLU critic, differentiated
    /// with respect to the critic's weights, against finite differences of the penalty itself.
    @Test func gradientPenaltyOfACritic() {
        let h = randomTensor([6, 4], seed: 10, range: -2...2)
        let w1 = randomTensor([4, 5], seed: 11), b1 = randomTensor([5], seed: 12)
        let w2 = randomTensor([5, 1], seed: 13), b2 = randomTensor([1], seed: 14)
        checkGradient([w1, b1, w2, b2]) { p in
            let points = h.requiringGradient()
            let hidden = (matmul(points, p[0]) + p[1]).leakyReLU(slope: 0.2)
            let critic = matmul(hidden, p[2]) + p[3]
            let slope = differentiableGradients(of: critic.sum(), withRespectTo: [points])[0]
            let norms = (slope.squared().sum(alongAxis: 1) + 1e-12).squareRoot()
            return (norms - 1).squared().mean()
        }
    }

    @Test func inputsTheOutputDoesNotReadGetZeros() {
        let a = randomTensor([2, 3], seed: 15).requiringGradient(), unused = randomTensor([4], seed: 16).requiringGradient()
        let gradients = differentiableGradients(of: a.squared().sum(), withRespectTo: [a, unused])
        #expect(gradients[1].scalars == [0, 0, 0, 0])
        #expect(gradients[0].scalars == (a * 2).scalars)
        #expect(gradients[0].isRecordingGradient)
    }
}

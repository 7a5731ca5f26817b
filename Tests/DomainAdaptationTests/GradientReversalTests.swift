import Nabla
import Testing
@testable import DomainAdaptation

@Suite("Gradient reversal (a custom op outside the engine)")
struct GradientReversalTests {
    @Test func forwardIsIdentity() {
        let x = randomTensor([4, 3], seed: 1)
        #expect(x.reversingGradient(scale: 0.7).scalars == x.scalars)
    }

    @Test("backward is exactly −λ times the incoming gradient", arguments: [0, 0.25, 1, 6] as [Float])
    func backwardNegatesAndScales(scale: Float) {
        let x = randomTensor([2, 3], seed: 2)
        let upstreamWeights = randomTensor([2, 3], seed: 3)
        let dx = gradient(at: x) { ($0.reversingGradient(scale: scale) * upstreamWeights).sum() }
        #expect(dx.scalars == upstreamWeights.scalars.map { $0 * -scale })
    }

    @Test func zeroScaleBlocksTheGradient() {
        let dx = gradient(at: Tensor([1, 2, 3])) { ($0.reversingGradient(scale: 0) * 5).sum() }
        #expect(dx.scalars.allSatisfy { $0 == 0 })
    }

    @Test func onlyTheBranchBehindTheReversalIsFlipped() {
        // features feed a label head directly and a domain head behind the reversal layer.
        let dx = gradient(at: Tensor([1])) { features in
            let label = features * 2
            let domain = features.reversingGradient(scale: 0.5) * 3
            return (label + domain).sum()
        }
        #expect(dx.scalars == [2 - 0.5 * 3])
    }

    @Test func finiteDifferencesAgreeWithScaleMinusOne() {
        // Finite differences see the identity; with λ = −1 the reversed gradient is the identity's.
        checkGradient([randomTensor([3, 4], seed: 28)]) { $0[0].reversingGradient(scale: -1) }
    }
}

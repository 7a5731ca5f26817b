import Foundation
import Nabla
import Testing
@testable import DomainAdaptation

@Suite("MMD and CORAL losses")
struct DiscrepancyLossTests {
    /// `count` rows of `d` Gaussian features shifted by `shift` in every coordinate.
    func batch(_ count: Int, _ d: Int, shift: Float, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.normal(shape: [count, d], using: &generator) + shift
    }

    @Test func quadraticMMDOfABatchWithItselfIsZero() {
        let x = batch(20, 5, shift: 0, seed: 1)
        #expect(abs(maximumMeanDiscrepancy(x, x, estimator: .quadratic).scalar) < 1e-6)
        #expect(abs(maximumMeanDiscrepancy(x, x, kernelExponents: [0], estimator: .quadratic).scalar) < 1e-6)
    }

    @Test func quadraticMMDOfBatchesOfDifferentSizesWithTheSameEmpiricalDistributionIsZero() {
        // Y is X twice: the same empirical distribution, n = 12 against m = 24 rows.
        let x = batch(12, 3, shift: 0, seed: 7)
        #expect(abs(maximumMeanDiscrepancy(x, Tensor.concatenate([x, x]), estimator: .quadratic).scalar) < 1e-6)
    }

    @Test("MMD grows with a mean shift", arguments: MMDEstimator.allCases)
    func growsWithShift(estimator: MMDEstimator) {
        let x = batch(200, 4, shift: 0, seed: 2)
        let values = [0, 0.5, 2].map { shift in
            maximumMeanDiscrepancy(x, batch(200, 4, shift: Float(shift), seed: 3), estimator: estimator).scalar
        }
        #expect(values[0] < values[1] && values[1] < values[2], "\(values)")
        #expect(abs(values[0]) < 0.05, "same distribution: near 0, got \(values[0])")
    }

    @Test func quadraticMMDByHand() {
        // x = 0, y = 1 in one dimension: d̄ = 1, so k(x, y) = e^(−1/2) and MMD² = 2 − 2e^(−1/2).
        let mmd = maximumMeanDiscrepancy(Tensor(shape: [1, 1], scalars: [0]), Tensor(shape: [1, 1], scalars: [1]),
                                         kernelExponents: [0], estimator: .quadratic)
        #expect(abs(mmd.scalar - (2 - 2 * exp(-0.5))) < 1e-6)
    }

    @Test func linearMMDByHand() {
        // One quadruple x = 0, x′ = 1, y = 2, y′ = 4: distances 1, 4, 16, 1, d̄ = 5.5, k(d) = e^(−d/11):
        // h = k(1) + k(4) − k(16) − k(1) = e^(−4/11) − e^(−16/11).
        let mmd = maximumMeanDiscrepancy(Tensor(shape: [2, 1], scalars: [0, 1]), Tensor(shape: [2, 1], scalars: [2, 4]),
                                         kernelExponents: [0], estimator: .linear)
        #expect(abs(mmd.scalar - Float(exp(-4.0 / 11) - exp(-16.0 / 11))) < 1e-6)
        // A kernel mixture is the mean of its kernels: bandwidths 2^−1·d̄ and 2·d̄.
        let mixture = maximumMeanDiscrepancy(Tensor(shape: [2, 1], scalars: [0, 1]), Tensor(shape: [2, 1], scalars: [2, 4]),
                                             kernelExponents: [-1, 1], estimator: .linear)
        let expected = (exp(-4.0 / 5.5) - exp(-16.0 / 5.5) + exp(-4.0 / 22) - exp(-16.0 / 22)) / 2
        #expect(abs(mixture.scalar - Float(expected)) < 1e-6)
    }

    @Test func collapsedFeaturesGiveZeroNotNaN() {
        let zeros = Tensor.zeros(shape: [8, 3]), tiny = Tensor.full(1e-30, shape: [8, 3])
        for estimator in MMDEstimator.allCases {
            #expect(maximumMeanDiscrepancy(zeros, tiny, estimator: estimator).scalar == 0)
        }
    }

    @Test func coralOfEqualCovariancesIsZero() {
        let x = batch(30, 6, shift: 0, seed: 4)
        #expect(abs(correlationAlignmentLoss(x, x + 3).scalar) < 1e-6, "a shift leaves the covariance unchanged")
    }

    @Test func coralByHand() {
        // Covariances diag(2, 0) and diag(0, 2): ‖C_s − C_t‖²_F = 8, divided by 4d² = 16.
        let source = Tensor(shape: [2, 2], scalars: [1, 0, -1, 0]), target = Tensor(shape: [2, 2], scalars: [0, 1, 0, -1])
        #expect(abs(correlationAlignmentLoss(source, target).scalar - 0.5) < 1e-6)
        #expect(covariance(source).scalars == [2, 0, 0, 0])
    }

    @Test("gradients agree with finite differences", arguments: ["mmd-quadratic", "mmd-linear", "coral"])
    func gradientCheck(loss: String) {
        let source = batch(6, 3, shift: 0, seed: 5), target = batch(6, 3, shift: 0.7, seed: 6)
        checkGradient([source, target], step: 1e-2, tolerance: 2e-2) { inputs in
            switch loss {
            // A fixed bandwidth: the batch's own d̄ is held constant in the analytic gradient.
            case "mmd-quadratic": maximumMeanDiscrepancy(inputs[0], inputs[1], estimator: .quadratic, baseBandwidth: 3)
            case "mmd-linear": maximumMeanDiscrepancy(inputs[0], inputs[1], estimator: .linear, baseBandwidth: 3)
            default: correlationAlignmentLoss(inputs[0], inputs[1])
            }
        }
    }
}

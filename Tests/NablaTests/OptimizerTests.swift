import Foundation
import Testing
@testable import Nabla
import NablaOptimizers

@Suite("Optimizers and schedules")
struct OptimizerTests {
    /// One step on f(θ) = Σ θ² (gradient 2θ) from θ = [1, −2].
    func gradients(for parameter: Parameter) -> Gradients {
        valueWithGradient(at: [parameter]) { parameter.value.squared().sum() }.gradients
    }

    @Test func sgdWithMomentumMatchesHandComputation() {
        let theta = Parameter(Tensor([1, -2]))
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.5)
        optimizer.update([theta], along: gradients(for: theta))
        // g = 2θ + 0.5θ = 2.5θ; v = g; θ ← θ − 0.1·2.5θ = 0.75θ
        expectClose(theta.value.scalars, [0.75, -1.5])
        optimizer.update([theta], along: gradients(for: theta))
        // g = 2.5·0.75θ₀ = 1.875θ₀; v = 0.9·2.5θ₀ + 1.875θ₀ = 4.125θ₀; θ = 0.75θ₀ − 0.4125θ₀
        expectClose(theta.value.scalars, [0.3375, -0.675])
    }

    @Test func nesterovLooksAhead() {
        let theta = Parameter(Tensor([1]))
        let optimizer = SGD(learningRate: 0.1, momentum: 0.5, nesterov: true)
        optimizer.update([theta], along: gradients(for: theta))
        // g = 2; v = 2; step = g + 0.5·v = 3 → θ = 0.7
        expectClose(theta.value.scalars, [0.7])
    }

    @Test func adamFirstStepIsLearningRateTimesSign() {
        let theta = Parameter(Tensor([1, -2]))
        let optimizer = Adam(learningRate: 0.01)
        optimizer.update([theta], along: gradients(for: theta))
        expectClose(theta.value.scalars, [0.99, -1.99], tolerance: 1e-6)
    }

    @Test func adamWDecaysWeightsIndependentlyOfTheGradient() {
        let theta = Parameter(Tensor([1]))
        let optimizer = Adam.adamW(learningRate: 0.1, weightDecay: 0.5)
        var zeroGradient = Gradients()
        zeroGradient[theta] = Tensor([0])
        optimizer.update([theta], along: zeroGradient)
        expectClose(theta.value.scalars, [0.95])
    }

    @Test func parametersWithoutGradientsOrFrozenAreSkipped() {
        let used = Parameter(Tensor([1])), unused = Parameter(Tensor([5])), frozen = Parameter(Tensor([3]), isTrainable: false)
        var grads = Gradients()
        grads[used] = Tensor([1]); grads[frozen] = Tensor([1])
        SGD(learningRate: 1).update([used, unused, frozen], along: grads)
        #expect(used.value.scalars == [0] && unused.value.scalars == [5] && frozen.value.scalars == [3])
    }

    @Test func optimizerStateRoundTripsThroughTensors() throws {
        let theta = Parameter(Tensor([1, -2]))
        let first = SGD(learningRate: 0.1, momentum: 0.9)
        first.update([theta], along: gradients(for: theta))
        let saved = first.stateTensors(for: [("w", theta)])
        #expect(saved.keys.sorted() == ["w.momentum"])
        let copy = Parameter(theta.value)
        let second = SGD(learningRate: 0.1, momentum: 0.9)
        try second.loadState(saved, for: [("w", copy)])
        first.update([theta], along: gradients(for: theta))
        second.update([copy], along: gradients(for: copy))
        #expect(theta.value.scalars == copy.value.scalars)
    }

    @Test func annealingMatchesThePaperFormula() {
        let schedule = AnnealedLearningRate()
        for p: Float in [0, 0.1, 0.5, 1] {
            expectClose([schedule.learningRate(atProgress: p)], [0.01 / powf(1 + 10 * p, 0.75)])
        }
        expectClose([schedule.learningRate(atProgress: 1)], [0.01 / 6.0455], tolerance: 1e-4)
        expectClose([CosineLearningRate(initialRate: 1).learningRate(atProgress: 0.5)], [0.5])
        expectClose([StepLearningRate(initialRate: 1, milestones: [0.5, 0.8]).learningRate(atProgress: 0.9)], [0.01])
    }
}

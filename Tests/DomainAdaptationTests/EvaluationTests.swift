import Nabla
import Testing
@testable import DomainAdaptation

@Suite("Evaluation")
struct EvaluationTests {
    func network() -> AdaptationNetwork {
        var generator = SeededGenerator(seed: 1)
        var configuration = NetworkConfiguration(inputShape: [2], classCount: 3)
        configuration.extractorWidths = [4]
        return AdaptationNetwork(configuration: configuration, using: &generator)
    }

    @Test func aClassWithoutSamplesHasNoAccuracyRatherThanZero() {
        let samples = TensorSamples(Tensor(shape: [4, 2], scalars: [0, 1, 1, 0, 0.5, 0.5, -1, 2]), labels: [0, 0, 2, 2])
        let result = network().evaluate(on: samples)
        #expect(result.count == 4 && result.accuracy != nil)
        #expect(result.perClassAccuracy[1] == nil, "class 1 has no samples")
        #expect(result.perClassAccuracy[0] != nil && result.perClassAccuracy[2] != nil)
    }

    @Test func anEmptySetHasNoAccuracyRatherThanZero() {
        let result = network().evaluate(on: TensorSamples(Tensor.zeros(shape: [0, 2]), labels: []))
        #expect(result.count == 0 && result.accuracy == nil)
        #expect(result.perClassAccuracy.allSatisfy { $0 == nil })
    }
}

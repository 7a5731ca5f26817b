import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("DSN")
struct DSNTests {
    @Test func scaleInvariantErrorIgnoresAConstantOffset() {
        let input = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        // Row 0 is off by +1 everywhere (offset only): 0. Row 1 by (+1, −1): (1/2)·2 − (1/4)·0 = 1.
        let reconstruction = Tensor(shape: [2, 2], scalars: [0, 1, 2, 5])
        #expect(abs(scaleInvariantMeanSquaredError(reconstruction, input).scalar - 0.5) < 1e-6)
        var generator = SeededGenerator(seed: 12)
        let images = Tensor.uniform(shape: [3, 2, 2, 2], in: -1...1, using: &generator)
        checkGradient([images, Tensor.uniform(shape: [3, 2, 2, 2], in: -1...1, using: &generator)]) {
            scaleInvariantMeanSquaredError($0[0], $0[1])
        }
    }

    @Test func differenceLossIsZeroForUncorrelatedCodesAndChecksOut() {
        // Centred columns [1, −1, 1, −1] and [1, 1, −1, −1] are orthogonal: no correlation.
        let shared = Tensor(shape: [4, 1], scalars: [1, -1, 1, -1]), separate = Tensor(shape: [4, 1], scalars: [1, 1, -1, -1])
        #expect(abs(separationDifferenceLoss(shared: shared, private: separate).scalar) < 1e-6)
        // The same code in both: each unit row is ±1, so HᵀH = 4, squared 16.
        #expect(abs(separationDifferenceLoss(shared: shared, private: shared).scalar - 16) < 1e-4)
        var generator = SeededGenerator(seed: 13)
        let a = Tensor.uniform(shape: [5, 3], in: -1...1, using: &generator), b = Tensor.uniform(shape: [5, 4], in: -1...1, using: &generator)
        checkGradient([a, b]) { separationDifferenceLoss(shared: $0[0], private: $0[1]) }
    }

    func trainer(steps: Int = 20, input: [Int] = [2]) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .dsn)
        training.tradeOff = TrainingConfiguration(method: .dsn).tradeOff
        training.steps = steps
        training.separation = SeparationOptions()
        training.separation?.warmupSteps = 5
        var generator = SeededGenerator(seed: 7)
        let network = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: .dsn, using: &generator)
        return try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
    }

    /// Before the warm-up ends the reversal's scale is 0 and the domain classifier does not learn;
    /// afterwards both start; the private encoders and decoder learn from the first step.
    @Test func theSimilarityLossWaitsForTheWarmUp() throws {
        let trainer = try trainer()
        let classifier = trainer.network.module(named: "domainClassifier", as: Sequential.self)!
        let decoder = DSN.module("decoder", of: trainer.network)
        let (before, decoderBefore) = (classifier.stateTensors().mapValues(\.scalars), decoder.stateTensors().mapValues(\.scalars))
        for _ in 0..<5 { #expect(try trainer.trainStep().tradeOff == 0) }
        #expect(classifier.stateTensors().mapValues(\.scalars) == before)
        #expect(decoder.stateTensors().mapValues(\.scalars) != decoderBefore)
        let after = try trainer.trainStep()
        #expect(after.tradeOff == 0, "the ramp starts at 0 where the warm-up ends")
        #expect(try trainer.trainStep().tradeOff > 0)
        #expect(classifier.stateTensors().mapValues(\.scalars) != before)
    }

    @Test func anOddImageSizeIsRefusedBeforeTraining() throws {
        var network = NetworkConfiguration(inputShape: [3, 27, 27], classCount: 10)
        network.samePadding = true
        #expect(DSN().networkProblem(network)?.contains("even image height and width") == true)
        network.inputShape = [3, 28, 28]
        #expect(DSN().networkProblem(network) == nil)
    }

    /// The decoder reconstructs an image of the input's shape from a code.
    @Test func theImageDecoderRestoresTheInputShape() {
        var network = NetworkConfiguration(inputShape: [3, 28, 28], classCount: 10)
        network.convolutionChannels = [4, 6]
        var generator = SeededGenerator(seed: 1)
        let decoder = DSN.decoder(for: network, using: &generator)
        let codes = Tensor.uniform(shape: [2, network.featureCount!], in: -1...1, using: &generator)
        #expect(decoder(codes).shape == [2, 3, 28, 28])
    }
}

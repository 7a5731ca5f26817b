import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("ADDA")
struct ADDATests {
    func trainer(steps: Int = 10) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .adda)
        training.tradeOff = TrainingConfiguration(method: .adda).tradeOff
        training.steps = steps
        var generator = SeededGenerator(seed: 4)
        let network = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: .adda, using: &generator)
        return try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
    }

    func values(_ module: any Module) -> [String: [UInt32]] { module.stateTensors().mapValues { $0.scalars.map(\.bitPattern) } }

    @Test func pretrainingThenAdaptationOfTheTargetEncoderAlone() throws {
        let trainer = try trainer()
        let network = trainer.network
        let discriminator = values(ADDA.discriminator(of: network))
        for _ in 0..<5 { #expect(try trainer.trainStep().terms.keys.sorted() == ["labelLoss"]) }
        #expect(values(ADDA.discriminator(of: network)) == discriminator, "the discriminator waits for the second phase")
        let pretrained = values(network.featureExtractor), classifier = values(network.labelPredictor)

        let first = try trainer.trainStep()
        #expect(first.terms.keys.sorted() == ["discriminatorAccuracy", "discriminatorLoss", "encoderLoss"])
        #expect(values(ADDA.sourceEncoder(of: network)) == pretrained, "the source encoder is the pretrained extractor")
        for _ in 0..<4 { try trainer.trainStep() }
        #expect(values(ADDA.sourceEncoder(of: network)) == pretrained, "and stays frozen")
        #expect(values(network.labelPredictor) == classifier, "the source classifier is frozen")
        #expect(values(network.featureExtractor) != pretrained, "the target encoder adapts")
        #expect(values(ADDA.discriminator(of: network)) != discriminator)
        #expect(trainer.optimizerState["discriminator.adam.step"]?.scalar == 5)
        #expect(trainer.optimizerState["targetEncoder.adam.step"]?.scalar == 5)
    }

    /// The two losses against direct computations: the discriminator labels source 0 and target 1;
    /// the encoder's loss labels the target 0 (the inverted label).
    @Test func lossesAgainstDirectComputation() throws {
        let trainer = try trainer()
        let network = trainer.network
        let source = trainer.source.inputs(at: Array(0..<6)), target = trainer.target.inputs(at: Array(0..<6))
        let batch = ShardBatch(source: source, target: target, labels: Array(trainer.source.labels![0..<6]), share: 1)
        let context = StepContext(step: 7, progress: 0.7, tradeOff: 1, phase: 1, training: trainer.configuration)
        let method = ADDA()
        let inputs = method.adversaryInputs(batch, network: network, step: context)
        var generator = SeededGenerator(seed: 1)
        let discriminatorLoss = method.adversaryLoss(0, inputs: inputs, network: network, step: context, using: &generator).auxiliary["discriminatorLoss"]!
        let d = ADDA.discriminator(of: network)
        let ds = d(ADDA.sourceEncoder(of: network)(source)).scalars, dt = d(network.featureExtractor(target)).scalars
        func softplus(_ x: Float) -> Double { Double(x) > 0 ? Double(x) + log1p(exp(-Double(x))) : log1p(exp(Double(x))) }
        // BCE(l, 0) = softplus(l); BCE(l, 1) = softplus(−l).
        let expected = (ds.map(softplus).reduce(0, +) + dt.map { softplus(-$0) }.reduce(0, +)) / 12
        #expect(abs(Double(discriminatorLoss) - expected) < 1e-5)
        let encoderLoss = method.shardLoss(batch, network: network, step: context).auxiliary["encoderLoss"]!
        #expect(abs(Double(encoderLoss) - dt.map(softplus).reduce(0, +) / 6) < 1e-5)
    }

    @Test("resumes bit-exactly in either phase", arguments: [3, 5, 7])
    func resumesExactly(at stop: Int) throws {
        let whole = try trainer()
        for _ in 0..<10 { try whole.trainStep() }
        let first = try trainer()
        for _ in 0..<stop { try first.trainStep() }
        let card = first.checkpointCard(base: ModelCard(network: first.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        let resumed = try trainer()
        try resumed.network.loadState(first.network.stateTensors())
        try resumed.restore(card: card, optimizerState: first.optimizerState)
        for _ in stop..<10 { try resumed.trainStep() }
        #expect(values(resumed.network) == values(whole.network))
    }

    @Test func aSaturatedDiscriminatorIsWarnedAbout() {
        #expect(ADDA().warning(forInterval: ["discriminatorAccuracy": 0.8, "discriminatorLoss": 0.4], step: 10) == nil)
        #expect(ADDA().warning(forInterval: ["labelLoss": 0.1], step: 10) == nil)
        let warning = ADDA().warning(forInterval: ["discriminatorAccuracy": 1, "discriminatorLoss": 0.001], step: 10)
        #expect(warning?.kind == "discriminator-saturated")
    }
}

import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("CDAN and CDAN+E")
struct ConditionalAdversarialTests {
    /// A tiny vector network for CDAN: 4 inputs → 5 tanh features → 3 classes, a discriminator
    /// with one hidden layer of 6; the exact map (5 × 3 = 15 inputs) or a randomized one of width 8.
    func network(randomized: Bool, seed: UInt64 = 1) -> AdaptationNetwork {
        var configuration = NetworkConfiguration(inputShape: [4], classCount: 3)
        (configuration.extractorWidths, configuration.extractorActivation) = ([5], .tanh)
        (configuration.labelHiddenWidths, configuration.domainHiddenWidths) = ([], [6])
        var training = TrainingConfiguration(method: .cdan)
        var options = ConditioningOptions()
        options.randomizedAbove = randomized ? 0 : nil
        options.randomizedDimension = 8
        training.conditioning = options
        var generator = SeededGenerator(seed: seed)
        return AdaptationNetwork(configuration: training.adaptedNetwork(configuration), method: .cdan, using: &generator)
    }

    let targets = Tensor(shape: [6, 1], scalars: [0, 0, 0, 1, 1, 1])

    @Test("the domain loss's gradient w.r.t. the features agrees with finite differences",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func gradientCheck(entropy: Bool, randomized: Bool) {
        let network = network(randomized: randomized)
        let method = CDAN(entropyConditioning: entropy)
        let features = randomTensor([6, 5], seed: 7), classLogits = randomTensor([6, 3], seed: 8, range: -2...2)
        let weights = entropy ? entropyWeights(logits: classLogits).reshaped(to: [6, 1]) : nil
        // A reversal of scale −1 passes the gradient on unchanged, so that finite differences of the
        // loss see the same derivative; the predictions are held constant, as CDAN holds them.
        checkGradient([features]) { inputs in
            binaryCrossEntropy(logits: method.domainLogits(features: inputs[0], classLogits: classLogits, network: network, reversal: -1),
                               targets: targets, weights: weights)
        }
    }

    @Test("without detaching, the gradient through the predictions agrees with finite differences too", arguments: [false, true])
    func gradientCheckThroughThePredictions(randomized: Bool) {
        let network = network(randomized: randomized)
        var method = CDAN()
        method.detachesPredictions = false
        checkGradient([randomTensor([6, 5], seed: 9)]) { inputs in
            binaryCrossEntropy(logits: method.domainLogits(features: inputs[0], classLogits: network.labelPredictor(inputs[0]),
                                                           network: network, reversal: -1), targets: targets)
        }
    }

    @Test func theFeaturesGetTheReversedGradientAndThePredictionsNoneByDefault() throws {
        let network = network(randomized: false)
        let inputs = randomTensor([6, 4], seed: 10)
        func gradients(_ method: CDAN, reversal: Float) -> Gradients {
            valueWithGradient(at: network.trainableParameters) {
                let features = network.features(inputs)
                let logits = method.domainLogits(features: features, classLogits: network.labelPredictor(features), network: network, reversal: reversal)
                return binaryCrossEntropy(logits: logits, targets: targets)
            }.gradients
        }
        let extractor = network.featureExtractor.namedParameters[0].parameter, label = network.labelPredictor.namedParameters[0].parameter
        let discriminator = CDAN.domainDiscriminator(of: network).namedParameters[0].parameter
        let reversed = gradients(CDAN(), reversal: 0.5), plain = gradients(CDAN(), reversal: -1)
        #expect(reversed[discriminator]?.scalars == plain[discriminator]?.scalars, "the discriminator minimises its loss")
        let pairs = zip(try #require(reversed[extractor]).scalars, try #require(plain[extractor]).scalars)
        #expect(pairs.allSatisfy { abs($0 + 0.5 * $1) <= 1e-6 * max(1, abs($1)) }, "−λ times the loss's gradient")
        #expect(reversed[label]?.scalars.allSatisfy { $0 == 0 } ?? true, "g is a constant in the map")
        var through = CDAN()
        through.detachesPredictions = false
        #expect(gradients(through, reversal: 0.5)[label]?.scalars.contains { $0 != 0 } == true)
    }

    /// One batch of 3 + 3 rows through the method's own loss.
    func shardLoss(_ method: CDAN, network: AdaptationNetwork) -> ShardContribution<LossTerms> {
        let batch = ShardBatch(source: randomTensor([3, 4], seed: 11), target: randomTensor([3, 4], seed: 12), labels: [0, 2, 1], share: 1)
        var training = TrainingConfiguration(method: method.entropyConditioning ? .cdanE : .cdan)
        training.domainLossWeight = 1
        return method.shardLoss(batch, network: network, step: StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0, training: training))
    }

    @Test func cdanEsDomainLossIsTheEntropyWeightedMeanOverTheWholeBatch() throws {
        let network = network(randomized: true)
        let method = CDAN(entropyConditioning: true)
        let contribution = shardLoss(method, network: network)
        #expect(contribution.gathered.map(\.shape) == [[6, 1], [6, 1], [6, 1]], "logits, targets, weights of the 6 rows")
        #expect(contribution.auxiliary["domainLoss"] == nil, "the weighted loss is the coupled part's")
        let (logits, weights) = (contribution.gathered[0].scalars.map(Double.init), contribution.gathered[2].scalars.map(Double.init))
        let features = network.features(source: randomTensor([3, 4], seed: 11), target: randomTensor([3, 4], seed: 12), policy: .joint)
        #expect(contribution.gathered[2].scalars == entropyWeights(logits: network.labelPredictor(features)).scalars)
        let coupled = try #require(method.coupledLoss(contribution.gathered, step: StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0,
                                                                                               training: TrainingConfiguration(method: .cdanE))))
        // Σ w_i ℓ_i / Σ w_i, ℓ_i the binary cross-entropy of row i against source 0 / target 1.
        let losses = logits.enumerated().map { i, x in
            let t = i < 3 ? 0.0 : 1.0, p = 1 / (1 + exp(-x))
            return -(t * log(p) + (1 - t) * log(1 - p))
        }
        let expected = zip(weights, losses).reduce(0.0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        #expect(abs(Double(coupled.value.scalar) - expected) < 1e-6)
        #expect(coupled.auxiliary["domainLoss"] == coupled.value.scalar)
        // Plain CDAN: the unweighted mean, in the shard's own loss.
        let plain = shardLoss(CDAN(), network: network)
        #expect(plain.gathered.isEmpty && !CDAN().hasCoupledLoss && method.hasCoupledLoss)
        let mean = losses.reduce(0, +) / 6
        #expect(abs(Double(try #require(plain.auxiliary["domainLoss"])) - mean) < 1e-6)
    }

    @Test("the same seed gives the same bits with two data-parallel shards", arguments: [TrainingMethod.cdan, .cdanE])
    func shardedRunsRepeatBitForBit(method: TrainingMethod) throws {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        func trainedWeights() throws -> [String: Tensor] {
            var training = experiment.trainingConfiguration(method: method)
            training.steps = 5
            var generator = SeededGenerator(seed: 4)
            let network = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: method, using: &generator)
            let trainer = try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
            trainer.shardCountOverride = 2
            for _ in 0..<5 { try trainer.trainStep() }
            return network.stateTensors()
        }
        let first = try trainedWeights(), second = try trainedWeights()
        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, tensor) in first { #expect(tensor.scalars.map(\.bitPattern) == second[name]?.scalars.map(\.bitPattern), "\(name)") }
    }

    @Test func theMapFollowsTheThresholdAndItsMatricesAreKeptFixedAndSaved() throws {
        #expect(network(randomized: false).configuration.conditioning == .init())
        #expect(network(randomized: true).configuration.conditioning == .init(randomizedDimension: 8))
        var mnist = NetworkConfiguration(inputShape: [3, 28, 28], classCount: 10)
        mnist = TrainingConfiguration(method: .cdan).adaptedNetwork(mnist)
        #expect(mnist.conditioning == .init(randomizedDimension: 1024), "768 features × 10 classes > 4096: randomized, d = 1024")
        #expect(mnist.domainInputCount == 1024)
        var two = NetworkConfiguration(inputShape: [2], classCount: 2)
        two = TrainingConfiguration(method: .cdanE).adaptedNetwork(two)
        #expect(two.conditioning == .init() && two.domainInputCount == 200, "100 features × 2 classes: the exact map")

        // The matrices skip the optimizer, and a checkpoint brings them back.
        let experiment = TwoMoonsExperiment()
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .cdanE)
        (training.steps, training.conditioning) = (3, ConditioningOptions())
        training.conditioning?.randomizedAbove = 0
        var generator = SeededGenerator(seed: 2)
        let model = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: .cdanE, using: &generator)
        let map = try #require(model.module(named: "randomizedMap", as: RandomizedMultilinearMap.self))
        let drawn = map.featureProjection.value.scalars
        let trainer = try AdaptationTrainer(network: model, configuration: training, source: domains.source, target: domains.target)
        for _ in 0..<3 { try trainer.trainStep() }
        #expect(map.featureProjection.value.scalars == drawn)
        #expect(!trainer.optimizerState.keys.contains { $0.hasPrefix("randomizedMap.") })
        let path = NSTemporaryDirectory() + "cdan-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let card = trainer.checkpointCard(base: ModelCard(network: model.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        try ModelCheckpoint.write(network: model, card: card, to: path)
        let loaded = try ModelCheckpoint.read(from: path)
        for (name, tensor) in model.stateTensors() {
            #expect(loaded.network.stateTensors()[name]?.scalars == tensor.scalars, "\(name)")
        }
        #expect(loaded.network.module(named: "randomizedMap", as: RandomizedMultilinearMap.self)?.predictionProjection.shape == [2, 1024])
    }
}

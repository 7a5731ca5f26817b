import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("Methods in the one trainer")
struct MethodTrainingTests {
    func trainer(_ method: TrainingMethod, seed: UInt64 = 5, network configure: (inout NetworkConfiguration) -> Void = { _ in }) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: method)
        training.tradeOff = TrainingConfiguration(method: method).tradeOff
        training.momentum = 0.9
        var network = experiment.networkConfiguration
        network.labelHiddenWidths = [8, 6]
        configure(&network)
        var generator = SeededGenerator(seed: seed)
        return try AdaptationTrainer(network: AdaptationNetwork(configuration: training.adaptedNetwork(network), method: method, using: &generator),
                                     configuration: training, source: domains.source, target: domains.target)
    }

    @Test("sharded steps match whole-batch steps, batch-coupled terms included", arguments: [TrainingMethod.ddc, .dan, .coral, .dann, .wdgrl, .daan, .cdan, .cdanE, .dsn])
    func shardsMatchWholeBatch(method: TrainingMethod) throws {
        func trained(shards: Int) throws -> (metrics: [StepMetrics], weights: [String: Tensor]) {
            let trainer = try trainer(method)
            trainer.shardCountOverride = shards
            let metrics = try (0..<5).map { _ in try trainer.trainStep() }
            return (metrics, trainer.network.stateTensors())
        }
        let whole = try trained(shards: 1), split = try trained(shards: 2)
        for (a, b) in zip(whole.metrics, split.metrics) {
            #expect(a.terms.keys.sorted() == b.terms.keys.sorted())
            for (name, value) in a.terms { #expect(abs(value - b.terms[name]!) < 1e-5 * max(1, abs(value)), "\(name)") }
        }
        for (name, tensor) in whole.weights {
            let other = try #require(split.weights[name])
            #expect(zip(tensor.scalars, other.scalars).allSatisfy { abs($0 - $1) < 1e-4 }, "\(name)")
        }
    }

    @Test("each method logs its own terms and builds its own modules", arguments: TrainingMethod.allCases.filter { $0 != .targetOnly })
    func termsAndModules(method: TrainingMethod) throws {
        let trainer = try trainer(method)
        let metrics = try trainer.trainStep()
        let expected: [TrainingMethod: [String]] = [
            .dann: ["domainAccuracy", "domainLoss", "labelLoss"], .sourceOnly: ["domainAccuracy", "domainLoss", "labelLoss"],
            .targetOnly: ["labelLoss"], .ddc: ["labelLoss", "mmdLoss"], .dan: ["labelLoss", "mmdLoss"], .coral: ["coralLoss", "labelLoss"],
            .wdgrl: ["criticWasserstein", "gradientPenalty", "labelLoss", "wasserstein"],
            .adda: ["labelLoss"],
            .dsn: ["differenceLoss", "domainAccuracy", "domainLoss", "labelLoss", "reconstructionLoss"],
            .daan: ["globalDomainAccuracy", "globalDomainLoss", "labelLoss", "localDomainAccuracy", "localDomainLoss", "omega"],
            .cdan: ["domainAccuracy", "domainLoss", "labelLoss"], .cdanE: ["domainAccuracy", "domainLoss", "labelLoss"],
        ]
        #expect(metrics.terms.keys.sorted() == expected[method])
        let hasDomainClassifier = trainer.network.namedParameters.contains { $0.name.hasPrefix("domainClassifier.") }
        #expect(hasDomainClassifier == [.dann, .sourceOnly, .dsn].contains(method))
        let hasDiscriminator = trainer.network.namedParameters.contains { $0.name.hasPrefix("domainDiscriminator.") }
        #expect(hasDiscriminator == [.cdan, .cdanE].contains(method))
        #expect((trainer.network.configuration.conditioning != nil) == [.cdan, .cdanE].contains(method))
        #expect(trainer.network.configuration.labelHiddenWidths == (method == .ddc ? [8, 6, 256] : [8, 6]))
    }

    /// One shard's batch of the trainer's first draw.
    func firstBatch(_ trainer: AdaptationTrainer, rows m: Int = 8) -> ShardBatch {
        let source = trainer.source.inputs(at: Array(0..<m)), target = trainer.target.inputs(at: Array(0..<m))
        return ShardBatch(source: source, target: target, labels: Array(trainer.source.labels![0..<m]), share: 1)
    }

    func context(_ trainer: AdaptationTrainer) -> StepContext {
        StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0, training: trainer.configuration)
    }

    @Test func dannsDomainLossLabelsTheSourceZeroAndTheTargetOne() throws {
        let trainer = try trainer(.dann)
        let batch = firstBatch(trainer)
        let terms = DANN().shardLoss(batch, network: trainer.network, step: context(trainer)).auxiliary
        let features = trainer.network.features(source: batch.source, target: batch.target, policy: .joint)
        let logits = DANN.domainClassifier(of: trainer.network)(features)
        let targets = Tensor(shape: [16, 1], scalars: [Float](repeating: 0, count: 8) + [Float](repeating: 1, count: 8))
        #expect(terms["domainLoss"] == binaryCrossEntropy(logits: logits, targets: targets).scalar)
        let correct = logits.scalars.enumerated().filter { ($0.element > 0) == ($0.offset >= 8) }.count
        #expect(terms["domainCorrect"] == Float(correct))
    }

    @Test func danAdaptsEveryHiddenLayerByDefaultAndTheLastNOnRequest() throws {
        let trainer = try trainer(.dan)
        let batch = firstBatch(trainer)
        let all = DAN().shardLoss(batch, network: trainer.network, step: context(trainer)).gathered
        #expect(all.map(\.shape) == [[8, 8], [8, 8], [8, 6], [8, 6]], "source and target rows of both hidden layers")
        var options = DiscrepancyOptions()
        options.adaptedLayers = 1
        var training = trainer.configuration
        training.discrepancy = options
        let step = StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0, training: training)
        #expect(DAN().shardLoss(batch, network: trainer.network, step: step).gathered.map(\.shape) == [[8, 6], [8, 6]])
        // --adapt-features: the extractor's output (15 sigmoid units) too; for CORAL instead.
        options.adaptFeatures = true
        training.discrepancy = options
        let withFeatures = StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0, training: training)
        #expect(DAN().shardLoss(batch, network: trainer.network, step: withFeatures).gathered.map(\.shape) == [[8, 15], [8, 15], [8, 6], [8, 6]])
        #expect(DeepCORAL().shardLoss(batch, network: trainer.network, step: withFeatures).gathered.map(\.shape) == [[8, 15], [8, 15]])
        #expect(DeepCORAL().shardLoss(batch, network: trainer.network, step: step).gathered.map(\.shape) == [[8, 6], [8, 6]])
    }

    @Test func theTradeOffScalesTheDiscrepancyGradientOnly() throws {
        // λ = 0 gives the source-only gradient; the logged MMD is the same either way.
        func firstStep(_ lambda: Float) throws -> (StepMetrics, [String: Tensor]) {
            let trainer = try trainer(.dan)
            var configuration = trainer.configuration
            configuration.tradeOff = .constant(lambda)
            let fresh = try AdaptationTrainer(network: trainer.network, configuration: configuration, source: trainer.source, target: trainer.target)
            return (try fresh.trainStep(), fresh.network.stateTensors())
        }
        let (withMMD, adapted) = try firstStep(1), (without, plain) = try firstStep(0)
        #expect(withMMD.terms["mmdLoss"] == without.terms["mmdLoss"] && withMMD.terms["labelLoss"] == without.terms["labelLoss"])
        #expect(adapted["labelPredictor.4.weight"]!.scalars == plain["labelPredictor.4.weight"]!.scalars, "the last layer sees no MMD")
        #expect(adapted["featureExtractor.0.weight"]!.scalars != plain["featureExtractor.0.weight"]!.scalars)
    }
}

/// A two-phase method for testing the trainer's phases: phase 0 trains everything; phase 1
/// freezes the label predictor and halves the extractor's learning rate.
struct TwoPhaseProbe: AdaptationMethod {
    func phases(totalSteps: Int) -> [TrainingPhase] {
        [TrainingPhase(name: "pretrain", steps: totalSteps / 2), TrainingPhase(name: "adapt", steps: totalSteps - totalSteps / 2)]
    }

    func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup] {
        let extractor = network.namedParameters.filter { $0.name.hasPrefix("featureExtractor.") }
        if phase == 0 { return [ParameterGroup(name: "all", parameters: network.namedParameters.filter(\.parameter.isTrainable))] }
        return [ParameterGroup(name: "extractor", parameters: extractor, learningRateMultiplier: 0.5)]
    }

    func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        DANN.sourceOnly.shardLoss(batch, network: network, step: step)
    }
}

@Suite("Training phases")
struct TrainingPhaseTests {
    @Test func groupsFreezeAndResumeInsideTheSecondPhaseIsExact() throws {
        let method = TwoPhaseProbe()
        let experiment = TwoMoonsExperiment()
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .sourceOnly)
        training.steps = 10
        training.momentum = 0.9
        func makeTrainer() throws -> AdaptationTrainer {
            var generator = SeededGenerator(seed: 9)
            let network = AdaptationNetwork(configuration: experiment.networkConfiguration, method: TrainingMethod.sourceOnly, using: &generator)
            return try AdaptationTrainer(network: network, configuration: training, method: method, source: domains.source, target: domains.target)
        }
        let whole = try makeTrainer()
        for _ in 0..<5 { try whole.trainStep() }
        #expect(whole.phase == 1)
        let frozen = whole.network.labelPredictor.stateTensors()
        for _ in 0..<5 { try whole.trainStep() }
        #expect(whole.network.labelPredictor.stateTensors().mapValues(\.scalars) == frozen.mapValues(\.scalars), "frozen in phase 1")

        let first = try makeTrainer()
        for _ in 0..<7 { try first.trainStep() }
        let card = first.checkpointCard(base: ModelCard(network: first.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        let (weights, optimizerState) = (first.network.stateTensors(), first.optimizerState)
        let resumed = try makeTrainer()
        try resumed.network.loadState(weights)
        try resumed.restore(card: card, optimizerState: optimizerState)
        for _ in 0..<3 { try resumed.trainStep() }
        for (name, tensor) in whole.network.stateTensors() {
            #expect(resumed.network.stateTensors()[name]!.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern), "\(name)")
        }
    }
}

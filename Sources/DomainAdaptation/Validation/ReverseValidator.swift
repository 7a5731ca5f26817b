import Nabla

/// Reverse validation as the DANN paper defines it (Ganin et al. 2016, §5.1.2, after Zhong et al.
/// 2010): the model η labels the target samples; a reverse model η_r, initialised from η (the
/// paper found that better), trains with the same method on those pseudo-labels with the source
/// training samples as its unlabelled target; η_r's accuracy on held-out source samples is the
/// score. A model whose target labels are consistent with the source scores high. (This scores a
/// model already trained; ``ReverseValidation`` runs the paper's whole procedure, training the
/// forward model too, for one setting.)
public struct ReverseValidator: Sendable {
    /// Training steps of the reverse model.
    public var steps: Int
    /// Seed of the reverse model's batch sampling.
    public var seed: UInt64

    /// `steps` reverse training steps, seeded.
    public init(steps: Int = 1000, seed: UInt64 = 0) {
        self.steps = steps
        self.seed = seed
    }

    /// The reverse model's source validation accuracy; nil for a model trained on target labels
    /// (there is no reverse direction to check).
    public func score(of network: AdaptationNetwork, training: TrainingConfiguration, sets: ValidationSets) throws -> Double? {
        guard training.method.implementation.labeledDomain == .source, steps > 0 else { return nil }
        let pseudoLabels = network.predictedProbabilities(sets.target).map { row in
            row.indices.max { row[$0] < row[$1] } ?? 0
        }
        var configuration = training
        configuration.steps = steps
        configuration.seed = seed
        configuration.averagingStart = nil
        configuration.batchSize = min(training.batchSize, sets.target.count, sets.sourceTrain.count)
        var generator = SeededGenerator(seed: seed)
        let reverse = AdaptationNetwork(configuration: network.configuration, method: training.method, using: &generator)
        try reverse.loadState(network.stateTensors(), file: "the model under validation")
        let trainer = try AdaptationTrainer(network: reverse, configuration: configuration,
                                            source: SampleSubset(sets.target, indices: Array(0..<sets.target.count), labels: pseudoLabels),
                                            target: UnlabeledSamples(sets.sourceTrain))
        for _ in 0..<steps { _ = try trainer.trainStep() }
        return reverse.evaluate(on: sets.sourceValidation).accuracy
    }
}

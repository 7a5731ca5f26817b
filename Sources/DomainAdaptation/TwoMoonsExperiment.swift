import Nabla

/// The two-moons experiment of Ganin et al. (JMLR 2016, §5.1.1): 150 + 150 labeled source
/// points, 300 unlabeled target points rotated by 35°, a shallow network with 15 hidden units
/// and λ = 6, trained once as a plain network (reversed gradient switched off) and once as DANN.
public struct TwoMoonsExperiment: Sendable {
    public var sourceCount = 300
    public var targetCount = 300
    public var rotationDegrees: Float = 35
    public var noise: Float = 0.1
    public var hiddenUnits = 15
    public var reversalScale: Float = 6
    public var steps = 5000
    public var batchSize = 150
    public var learningRate: Float = 0.1
    public var momentum: Float = 0.9
    public var seed: UInt64 = 1

    public init() {}

    /// The data of one run: source points with labels, and target points whose labels are kept
    /// only for scoring.
    public struct Domains: Sendable {
        public var source: TensorSamples
        public var target: TensorSamples
        public var targetLabels: [Int]
    }

    public func makeDomains() -> Domains {
        var generator = SeededGenerator(seed: seed)
        let source = TwoMoons.sample(count: sourceCount, noise: noise, using: &generator)
        let target = TwoMoons.sample(count: targetCount, noise: noise, using: &generator)
        let centre = TwoMoons.centre(of: source.points)
        let rotated = TwoMoons.rotate(target.points, degrees: rotationDegrees, about: centre)
        return Domains(source: TensorSamples(Tensor(shape: [sourceCount, 2], scalars: source.points), labels: source.labels),
                       target: TensorSamples(Tensor(shape: [targetCount, 2], scalars: rotated), labels: nil),
                       targetLabels: target.labels)
    }

    /// The shallow network of the paper: one sigmoid hidden layer shared by a linear label
    /// predictor and a logistic domain classifier.
    public var networkConfiguration: NetworkConfiguration {
        var configuration = NetworkConfiguration(inputShape: [2], classCount: 2)
        configuration.extractorWidths = [hiddenUnits]
        configuration.extractorActivation = "sigmoid"
        configuration.labelHiddenWidths = []
        configuration.domainHiddenWidths = []
        return configuration
    }

    public func trainingConfiguration(method: TrainingMethod) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.method = method
        configuration.steps = steps
        configuration.batchSize = batchSize
        // Algorithm 1 of the paper scales the whole domain term by λ: the domain classifier
        // minimises λ·L_d while the extractor receives −λ·∂L_d (reversal 1 on a loss weighted λ).
        configuration.reversal = .constant(1)
        configuration.domainLossWeight = reversalScale
        configuration.initialLearningRate = learningRate
        configuration.learningRateAlpha = 0  // a constant rate
        configuration.momentum = momentum
        configuration.seed = seed
        return configuration
    }

    /// One trained model and its score on the target points.
    public struct Outcome: Sendable {
        public var method: TrainingMethod
        public var targetAccuracy: Double
        public var sourceAccuracy: Double
        public var finalMetrics: StepMetrics?
    }

    /// Trains the network with `method` (`.sourceOnly` or `.dann`) on `domains`.
    public func train(_ method: TrainingMethod, on domains: Domains,
                      progress: (Int) -> Void = { _ in }) throws -> (network: DomainAdversarialNetwork, outcome: Outcome) {
        var generator = SeededGenerator(seed: seed &+ 17)  // same initial weights for both methods
        let network = DomainAdversarialNetwork(configuration: networkConfiguration, using: &generator)
        let trainer = try DANNTrainer(network: network, configuration: trainingConfiguration(method: method),
                                      source: domains.source, target: domains.target)
        var last: StepMetrics?
        for step in 0..<steps {
            last = try trainer.trainStep()
            progress(step + 1)
        }
        let scoredTarget = TensorSamples(domains.target.data, labels: domains.targetLabels)
        return (network, Outcome(method: method, targetAccuracy: network.evaluate(on: scoredTarget).accuracy,
                                 sourceAccuracy: network.evaluate(on: domains.source).accuracy, finalMetrics: last))
    }
}

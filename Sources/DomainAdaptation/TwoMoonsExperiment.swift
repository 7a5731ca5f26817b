import Nabla

/// The two-moons experiment of Ganin et al. (JMLR 2016, §5.1.1): 150 + 150 labeled source
/// points, 300 unlabeled target points rotated by 35°, a shallow network with 15 hidden units
/// and λ = 6, trained once as a plain network (reversed gradient switched off) and once as DANN.
///
/// The defaults follow the authors' code for this experiment (GRAAL-Research/
/// domain_adversarial_neural_network): moons with noise 0.05, centred on the source and doubled;
/// Algorithm 1's stochastic gradient descent on one source and one target example per step,
/// learning rate 0.05, no momentum, 500 passes over the source; Glorot-uniform weights and a
/// domain classifier that starts at zero.
public struct TwoMoonsExperiment: Sendable {
    public var sourceCount = 300
    public var targetCount = 300
    public var rotationDegrees: Float = 35
    public var noise: Float = 0.05
    /// The points are centred on the source's mean and multiplied by this.
    public var scale: Float = 2
    public var hiddenUnits = 15
    public var reversalScale: Float = 6
    public var steps = 150_000
    public var batchSize = 1
    public var learningRate: Float = 0.05
    public var momentum: Float = 0
    public var initialization: NetworkConfiguration.Initialization = .glorot
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
        let sourcePoints = TwoMoons.centred(source.points, on: centre, scaledBy: scale)
        let targetPoints = TwoMoons.centred(rotated, on: centre, scaledBy: scale)
        return Domains(source: TensorSamples(Tensor(shape: [sourceCount, 2], scalars: sourcePoints), labels: source.labels),
                       target: TensorSamples(Tensor(shape: [targetCount, 2], scalars: targetPoints), labels: nil),
                       targetLabels: target.labels)
    }

    /// The shallow network of the paper: one sigmoid hidden layer shared by a linear label
    /// predictor and a logistic domain classifier.
    public var networkConfiguration: NetworkConfiguration {
        var configuration = NetworkConfiguration(inputShape: [2], classCount: 2)
        configuration.extractorWidths = [hiddenUnits]
        configuration.extractorActivation = .sigmoid
        configuration.labelHiddenWidths = []
        configuration.domainHiddenWidths = []
        configuration.initialization = initialization
        return configuration
    }

    public func trainingConfiguration(method: TrainingMethod) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.method = method
        configuration.steps = steps
        configuration.batchSize = batchSize
        // Algorithm 1 of the paper scales the whole domain term by λ: the domain classifier
        // minimises λ·L_d while the extractor receives −λ·∂L_d (reversal 1 on a loss weighted λ).
        // L_d there is the sum of one source and one target example's terms; our domain loss is
        // the mean over all 2·batch examples of a step, i.e. half a pair's sum: hence 2λ.
        configuration.tradeOff = .constant(1)
        configuration.domainLossWeight = 2 * reversalScale
        configuration.initialLearningRate = learningRate
        configuration.learningRateAlpha = 0  // a constant rate
        configuration.momentum = momentum
        configuration.seed = seed
        configuration.averagingStart = nil  // the paper's final network
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
                      progress: (Int) -> Void = { _ in }) throws -> (network: AdaptationNetwork, outcome: Outcome) {
        var generator = SeededGenerator(seed: seed &+ 17)  // same initial weights for both methods
        let network = AdaptationNetwork(configuration: networkConfiguration, method: method, using: &generator)
        // As in the authors' code: the domain classifier starts at zero, so at first it passes
        // no gradient to the features.
        for parameter in DANN.domainClassifier(of: network).trainableParameters {
            parameter.value = Tensor.zeros(shape: parameter.shape)
        }
        let trainer = try AdaptationTrainer(network: network, configuration: trainingConfiguration(method: method),
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

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
    /// Source points, half on each moon (one moon per class).
    public var sourceCount = 300
    /// Target points, drawn like the source's and then rotated.
    public var targetCount = 300
    /// Rotation of the target points about the source's centre, in degrees (counter-clockwise for
    /// positive values); the domain shift.
    public var rotationDegrees: Float = 35
    /// Standard deviation of the Gaussian noise added to each coordinate of the moons.
    public var noise: Float = 0.05
    /// The points are centred on the source's mean and multiplied by this.
    public var scale: Float = 2
    /// Width of the shared sigmoid hidden layer (the extractor).
    public var hiddenUnits = 15
    /// λ, the weight of the domain term (the paper's 6); see ``trainingConfiguration(method:)``.
    public var tradeOff: Float = 6
    /// SGD steps (150,000 = 500 passes over 300 source points one at a time).
    public var steps = 150_000
    /// Points per domain per step (Algorithm 1: one).
    public var batchSize = 1
    /// The constant learning rate.
    public var learningRate: Float = 0.05
    /// SGD momentum (none in the authors' code).
    public var momentum: Float = 0
    /// How the initial weights are drawn (the domain classifier then starts at zero regardless).
    public var initialization: NetworkConfiguration.Initialization = .glorot
    /// Seed of the points, the initial weights and the sampling: one seed, one experiment.
    public var seed: UInt64 = 1

    /// The paper's experiment with the authors' settings.
    public init() {}

    /// The data of one run: source points with labels, and target points whose labels are kept
    /// only for scoring.
    public struct Domains: Sendable {
        /// Labeled source points, `[sourceCount, 2]`.
        public var source: TensorSamples
        /// Unlabeled target points, `[targetCount, 2]`.
        public var target: TensorSamples
        /// The target points' true moons, for scoring only.
        public var targetLabels: [Int]
    }

    /// Draws both domains from ``seed``: two moon samples, the second rotated by
    /// ``rotationDegrees`` about the source's centre, both then centred and scaled by ``scale``.
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

    /// The training settings of the experiment: constant learning rate, no weight averaging, and
    /// λ applied as the domain-loss weight `2λ` with a reversal scale of 1, as Algorithm 1 scales the
    /// whole domain term (for the source-only baseline the reversal is off and λ affects only the
    /// domain classifier's own training).
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
        configuration.domainLossWeight = 2 * tradeOff
        configuration.initialLearningRate = learningRate
        configuration.learningRateAlpha = 0  // a constant rate
        configuration.momentum = momentum
        configuration.seed = seed
        configuration.averagingStart = nil  // the paper's final network
        return configuration
    }

    /// One trained model and its score on the target points.
    public struct Outcome: Sendable {
        /// The method trained.
        public var method: TrainingMethod
        /// Accuracy on the target points, scored with their hidden labels, in [0, 1].
        public var targetAccuracy: Double
        /// Accuracy on the source training points, in [0, 1].
        public var sourceAccuracy: Double
        /// The metrics of the last training step.
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
        return (network, Outcome(method: method, targetAccuracy: network.evaluate(on: scoredTarget).accuracy ?? 0,
                                 sourceAccuracy: network.evaluate(on: domains.source).accuracy ?? 0, finalMetrics: last))
    }
}

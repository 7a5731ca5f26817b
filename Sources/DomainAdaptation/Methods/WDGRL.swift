import Nabla
import NablaNN

/// Wasserstein distance guided representation learning (Shen et al., AAAI 2018).
///
/// A critic D (features → 100 → 1, ReLU) estimates the Wasserstein-1 distance between the domains'
/// features, W = E D(h_s) − E D(h_t). Before each step it is trained `criticSteps` times (Adam) to
/// maximise W − γ·GP, where GP = E(‖∇ₕD(ĥ)‖₂ − 1)² keeps it near 1-Lipschitz. As in the reference
/// code (RockySJ/WDGRL), the penalty is taken over source, target and interpolated features
/// ĥ = h_t + α(h_s − h_t), α ~ U(0, 1) per row; its gradient with respect to the critic's weights
/// is a second derivative (``differentiableGradients(of:withRespectTo:)``). The extractor and label
/// predictor then minimise the source cross-entropy + λ·W with the critic held fixed.
///
/// Reference defaults kept: 5 critic updates per step, critic Adam at 1e-4, γ = 10, λ = 0.01
/// constant. Adapted to the paper's MNIST protocol: the extractor and classifier use the run's
/// SGD schedule (as every other method here) instead of Adam at 1e-4, and batches of 64 + 64.
public struct WDGRL: AdaptationMethod {
    /// WDGRL with the options of ``TrainingConfiguration/adversary`` (nil fields: the defaults above).
    public init() {}

    /// The published defaults of the critic's training.
    public static let defaultCriticSteps = 5, defaultCriticLearningRate: Float = 1e-4, defaultGradientPenalty: Float = 10
    /// The critic's hidden width (the reference's 100).
    public static let criticHiddenWidth = 100

    /// λ = 0.01 throughout, the reference's weight of the Wasserstein term.
    public var defaultTradeOff: TradeOffSchedule { .constant(0.01) }

    /// The critic: features → 100 → 1 with ReLU (no dropout: its gradient is differentiated again).
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        let width = network.featureCount!, initialization = network.weightInitialization
        return [("critic", Sequential([
            Linear(inputSize: width, outputSize: Self.criticHiddenWidth, initialization: initialization, using: &generator),
            ReLU(),
            Linear(inputSize: Self.criticHiddenWidth, outputSize: 1, initialization: initialization, using: &generator),
        ]))]
    }

    /// Every trainable parameter but the critic's, at the run's SGD schedule.
    public func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup] {
        [ParameterGroup(name: "all", parameters: network.namedParameters.filter { $0.parameter.isTrainable && !$0.name.hasPrefix("critic.") })]
    }

    /// The critic, trained by Adam `criticSteps` times per step.
    public func adversaries(of network: AdaptationNetwork, phase: Int, training: TrainingConfiguration) -> [AdversaryUpdate] {
        let options = training.adversary ?? AdversaryOptions()
        let critic = network.namedParameters.filter { $0.parameter.isTrainable && $0.name.hasPrefix("critic.") }
        return [AdversaryUpdate(
            group: ParameterGroup(name: "critic", parameters: critic,
                                  optimizer: .adam(learningRate: options.learningRate ?? Self.defaultCriticLearningRate)),
            updatesPerStep: options.updatesPerStep ?? Self.defaultCriticSteps)]
    }

    /// Both domains' features, source rows first.
    public func adversaryInputs(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> [Tensor] {
        [network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)]
    }

    /// −W + γ·GP on the step's features; logs `criticWasserstein` (W before this update) and `gradientPenalty`.
    public func adversaryLoss(_ index: Int, inputs: [Tensor], network: AdaptationNetwork, step: StepContext,
                              using generator: inout SeededGenerator) -> (value: Tensor, auxiliary: LossTerms) {
        let critic = Self.critic(of: network)
        let features = inputs[0], m = features.shape[0] / 2
        let source = features.slice(alongAxis: 0, 0 ..< m), target = features.slice(alongAxis: 0, m ..< 2 * m)
        let wasserstein = Self.wassersteinEstimate(critic: critic, source: source, target: target)
        let alpha = Tensor.uniform(shape: [m, 1], in: 0...1, using: &generator)
        let interpolates = target + alpha * (source - target)
        let penalty = Self.gradientPenalty(critic: critic, at: Tensor.concatenate([source, target, interpolates]))
        let gamma = step.training.adversary?.gradientPenalty ?? Self.defaultGradientPenalty
        return (-wasserstein + penalty * gamma,
                LossTerms([("criticWasserstein", wasserstein.scalar), ("gradientPenalty", penalty.scalar)]))
    }

    /// Source cross-entropy + λ·W (the critic fixed); logs `labelLoss` and `wasserstein`.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let logits = network.labelPredictor(features.slice(alongAxis: 0, 0 ..< m))
        let labelLoss = softmaxCrossEntropy(logits: logits, labels: batch.labels)
        let wasserstein = Self.wassersteinEstimate(critic: Self.critic(of: network),
                                                   source: features.slice(alongAxis: 0, 0 ..< m), target: features.slice(alongAxis: 0, m ..< 2 * m))
        let terms = LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("wasserstein", wasserstein.scalar * batch.share)])
        return ShardContribution(value: (labelLoss + wasserstein * step.tradeOff) * batch.share, auxiliary: terms)
    }

    /// A critic that cannot tell the domains apart any more gives W ≤ 0; after the first
    /// intervals that means the critic lost (too few updates, too high a learning rate).
    public func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning? {
        guard let estimate = terms["criticWasserstein"], estimate < 0 else { return nil }
        return MethodWarning(kind: "negative-wasserstein", message: "the critic's Wasserstein estimate is negative at step \(step) (\(String(format: "%.4f", estimate))): it no longer tells the domains apart, so the extractor gets no useful signal; try more critic steps (--critic-steps) or a lower critic learning rate (--critic-learning-rate)")
    }

    /// W = mean D(source) − mean D(target).
    public static func wassersteinEstimate(critic: Sequential, source: Tensor, target: Tensor) -> Tensor {
        critic(source).mean() - critic(target).mean()
    }

    /// E(‖∇ₓD(x)‖₂ − 1)² over the rows x of `points`, differentiable with respect to the critic.
    public static func gradientPenalty(critic: Sequential, at points: Tensor) -> Tensor {
        let variables = points.detached().requiringGradient()
        let slopes = differentiableGradients(of: critic(variables).sum(), withRespectTo: [variables])[0]
        // The small constant keeps the norm's derivative finite at a zero gradient.
        let norms = (slopes.squared().sum(alongAxis: 1) + 1e-12).squareRoot()
        return (norms - 1).squared().mean()
    }

    /// The network's critic (built by ``makeModules(for:using:)``).
    public static func critic(of network: AdaptationNetwork) -> Sequential {
        guard let critic = network.module(named: "critic", as: Sequential.self) else {
            preconditionFailure("WDGRL: the network was built for another method (no critic)")
        }
        return critic
    }
}

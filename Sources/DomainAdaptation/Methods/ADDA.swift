import Nabla
import NablaNN

/// Adversarial discriminative domain adaptation (Tzeng et al., CVPR 2017), in two phases.
///
/// 1. `pretrain` (the first half of the steps): the extractor and label predictor learn the
///    source, as the source-only baseline does.
/// 2. `adapt`: the extractor is copied into a frozen `sourceEncoder`; the label predictor is frozen
///    too. Each step a discriminator (features → 500 → 500 → 1, leaky ReLU 0.2) is updated once to
///    tell `sourceEncoder(source)` (0) from `featureExtractor(target)` (1), then the extractor — now
///    the target encoder — is updated with the inverted label (GAN loss −log D(target as source)),
///    weighted by λ (1).
///
/// The reported model is the target encoder with the source classifier: the network's own
/// extractor and label predictor, so `dann evaluate` and every report read it unchanged.
///
/// Reference defaults kept: discriminator 500–500, leaky ReLU, Adam at 2e-4 with β1 = 0.5 for the
/// discriminator and the target encoder, one discriminator update per encoder update. Adapted:
/// the pretraining phase uses the run's SGD schedule (as every method here) instead of Adam at
/// 1e-3, the discriminator has one logit with binary cross-entropy instead of two with softmax
/// (the same function class), and the two phases split the run's steps in half (the reference:
/// 10,000 + 10,000).
public struct ADDA: AdaptationMethod {
    /// ADDA with the reference's adversarial optimizer.
    public init() {}

    /// The discriminator's and target encoder's Adam settings (the reference's).
    public static let adversarialOptimizer = OptimizerSettings.adam(learningRate: 2e-4, beta1: 0.5)
    /// The discriminator's hidden widths.
    public static let discriminatorWidths = [500, 500]

    /// True: the source and target encoders each see one domain's batch.
    public var runsDomainsSeparately: Bool { true }

    /// λ = 1: the encoder's GAN loss as it is.
    public var defaultTradeOff: TradeOffSchedule { .constant(1) }

    /// A frozen copy of the extractor's architecture (filled at the start of the second phase) and
    /// the discriminator.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        let encoder = network.makeBackbone(using: &generator).features
        var layers: [any Layer] = []
        var width = network.featureCount!
        for hidden in Self.discriminatorWidths {
            layers.append(Linear(inputSize: width, outputSize: hidden, initialization: network.weightInitialization, using: &generator))
            layers.append(LeakyReLU(slope: 0.2))
            width = hidden
        }
        layers.append(Linear(inputSize: width, outputSize: 1, initialization: network.weightInitialization, using: &generator))
        return [("sourceEncoder", encoder), ("discriminator", Sequential(layers))]
    }

    /// `pretrain` for the first half of the steps, `adapt` for the rest (one phase for a 1-step run).
    public func phases(totalSteps: Int) -> [TrainingPhase] {
        let pretrain = max(totalSteps / 2, 1)
        guard totalSteps > pretrain else { return [TrainingPhase(name: "pretrain", steps: totalSteps)] }
        return [TrainingPhase(name: "pretrain", steps: pretrain), TrainingPhase(name: "adapt", steps: totalSteps - pretrain)]
    }

    /// Pretraining: extractor and label predictor at the run's SGD. Adaptation: the extractor alone
    /// (the target encoder), by Adam; the label predictor and source encoder are frozen.
    public func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup] {
        if phase == 0 {
            return [ParameterGroup(name: "backbone", parameters: network.namedParameters.filter {
                $0.parameter.isTrainable && ($0.name.hasPrefix("featureExtractor.") || $0.name.hasPrefix("labelPredictor."))
            })]
        }
        return [ParameterGroup(name: "targetEncoder", parameters: network.namedParameters.filter { $0.parameter.isTrainable && $0.name.hasPrefix("featureExtractor.") },
                               optimizer: Self.adversarialOptimizer)]
    }

    /// The source encoder becomes a copy of the pretrained extractor.
    public func beginPhase(_ phase: Int, network: AdaptationNetwork) {
        guard phase == 1 else { return }
        do { try Self.sourceEncoder(of: network).loadState(network.featureExtractor.stateTensors(), file: "the pretrained extractor") } catch {
            preconditionFailure("ADDA: the source encoder does not match the extractor: \(error)")
        }
    }

    /// The discriminator, once per step, in the adaptation phase.
    public func adversaries(of network: AdaptationNetwork, phase: Int, training: TrainingConfiguration) -> [AdversaryUpdate] {
        guard phase == 1 else { return [] }
        return [AdversaryUpdate(group: ParameterGroup(
            name: "discriminator", parameters: network.namedParameters.filter { $0.parameter.isTrainable && $0.name.hasPrefix("discriminator.") },
            optimizer: Self.adversarialOptimizer))]
    }

    /// The source encoder's source features and the target encoder's target features.
    public func adversaryInputs(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> [Tensor] {
        [Self.sourceEncoder(of: network)(batch.source), network.featureExtractor(batch.target)]
    }

    /// Binary cross-entropy of the discriminator, source 0 and target 1; logs `discriminatorLoss` and
    /// `discriminatorCorrect`.
    public func adversaryLoss(_ index: Int, inputs: [Tensor], network: AdaptationNetwork, step: StepContext,
                              using generator: inout SeededGenerator) -> (value: Tensor, auxiliary: LossTerms) {
        let m = inputs[0].shape[0]
        let logits = Self.discriminator(of: network)(Tensor.concatenate(inputs))
        let labels = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
        let loss = binaryCrossEntropy(logits: logits, targets: labels)
        let correct = logits.scalars.enumerated().filter { ($0.element > 0) == ($0.offset >= m) }.count
        return (loss, LossTerms([("discriminatorLoss", loss.scalar), ("discriminatorCorrect", Float(correct))]))
    }

    /// Pretraining: the source cross-entropy (`labelLoss`). Adaptation: λ × the target encoder's
    /// GAN loss, its target features labelled as source (`encoderLoss`).
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        if step.phase == 0 {
            let loss = softmaxCrossEntropy(logits: network.labelPredictor(network.featureExtractor(batch.source)), labels: batch.labels)
            return ShardContribution(value: loss * batch.share, auxiliary: LossTerms([("labelLoss", loss.scalar * batch.share)]))
        }
        let logits = Self.discriminator(of: network)(network.featureExtractor(batch.target))
        let loss = binaryCrossEntropy(logits: logits, targets: Tensor.zeros(shape: [batch.rows, 1]))
        return ShardContribution(value: loss * (step.tradeOff * batch.share), auxiliary: LossTerms([("encoderLoss", loss.scalar * batch.share)]))
    }

    /// As logged, with the discriminator's correct count as `discriminatorAccuracy` over the `2 · batchSize` rows.
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        var metrics = Dictionary(terms.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        if let correct = metrics.removeValue(forKey: "discriminatorCorrect") { metrics["discriminatorAccuracy"] = correct / Float(2 * batchSize) }
        return metrics
    }

    /// The failure users of the reference report: the discriminator wins outright (its loss near 0),
    /// so the target encoder's gradient vanishes and adaptation stalls.
    public func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning? {
        guard let accuracy = terms["discriminatorAccuracy"], let loss = terms["discriminatorLoss"], accuracy > 0.99, loss < 0.05 else { return nil }
        return MethodWarning(kind: "discriminator-saturated", message: "ADDA's discriminator separates the domains almost perfectly at step \(step) (accuracy \(String(format: "%.3f", accuracy)), loss \(String(format: "%.4f", loss))): the target encoder's gradient vanishes and adaptation stalls; try a smaller learning rate for the adversaries or more pretraining")
    }

    /// The frozen copy of the pretrained extractor.
    public static func sourceEncoder(of network: AdaptationNetwork) -> Sequential {
        guard let encoder = network.module(named: "sourceEncoder", as: Sequential.self) else {
            preconditionFailure("ADDA: the network was built for another method (no source encoder)")
        }
        return encoder
    }

    /// The domain discriminator.
    public static func discriminator(of network: AdaptationNetwork) -> Sequential {
        guard let discriminator = network.module(named: "discriminator", as: Sequential.self) else {
            preconditionFailure("ADDA: the network was built for another method (no discriminator)")
        }
        return discriminator
    }
}

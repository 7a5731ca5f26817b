import Nabla
import NablaNN

/// Conditional domain-adversarial networks (Long et al., NeurIPS 2018): DANN whose domain
/// discriminator sees the multilinear map `T(f, g) = f ⊗ g` of the features `f` and the softmax
/// predictions `g` instead of `f` alone, so that it aligns the joint distribution of features and
/// classes; CDAN+E (``entropyConditioning``) also weights each sample's domain loss by
/// `w = 1 + e^(−H(g))`, favouring samples the classifier is sure of.
///
/// - The map: the exact `f ⊗ g` (``multilinearMap(features:predictions:)``) while
///   `featureCount × classCount` is at most `--randomized-above` (4096), else the randomized
///   `(R_f f) ⊙ (R_g g)/√d` (``RandomizedMultilinearMap``, d = `--randomized-dimension`, 1024),
///   decided by ``adapt(_:training:)`` and recorded in ``NetworkConfiguration/conditioning``.
/// - The gradient: reversed and scaled by λ (DANN's ramp to 1 by default) at the discriminator's
///   input, `D(R_λ(T(f, g)))`. It reaches the features `f`; the predictions `g` enter the map as
///   constants (``detachesPredictions``), as in both references: thuml/CDAN's `loss.CDAN` takes
///   `input_list[1].detach()` and TLlib's `ConditionalDomainAdversarialLoss` takes
///   `F.softmax(g, dim=1).detach()`. The paper's objective differentiates through `g` as well.
/// - The discriminator: DANN's domain-classifier shape (`--domain-hidden`, ReLU, one logit) on the
///   map's width, trained on source 0 / target 1 with binary cross-entropy, weighted by
///   `--domain-weight` as DANN's.
/// - CDAN+E's weights are constants (TLlib computes them from the detached `g`; thuml/CDAN lets a
///   reversed gradient through the entropy) and normalised over the whole batch of source and
///   target rows, as TLlib's `w / Σw · 2m` with a mean: the loss is `Σ w_i ℓ_i / Σ w_i`. That sum
///   couples the batch, so CDAN+E computes its domain loss in ``coupledLoss(_:step:)`` and the
///   result does not depend on how many data-parallel shards split the batch.
public struct CDAN: AdaptationMethod {
    /// CDAN+E: weight each sample's domain loss by `1 + e^(−H(g))`, normalised over the batch.
    public var entropyConditioning: Bool
    /// Whether the map sees the predictions as constants (true, as both references do); false lets
    /// the reversed domain gradient reach the label predictor through `g` as well.
    public var detachesPredictions = true

    /// CDAN, or CDAN+E with `entropyConditioning`.
    public init(entropyConditioning: Bool = false) { self.entropyConditioning = entropyConditioning }

    /// Records the map the discriminator will see: exact, or randomized when
    /// `featureCount × classCount` exceeds ``ConditioningOptions/randomizedAbove``.
    public func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration) {
        guard let features = network.featureCount else { return }  // an invalid network; its validation says why
        network.conditioning = (training.conditioning ?? ConditioningOptions()).conditioning(featureCount: features, classCount: network.classCount)
    }

    /// The discriminator, then (for the randomized map) `R_f` and `R_g`, from `generator`.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        guard let conditioning = network.conditioning, let input = network.domainInputCount, let features = network.featureCount else {
            preconditionFailure("CDAN: the network has no conditioning; build it from TrainingConfiguration.adaptedNetwork(_:)")
        }
        var modules: [(name: String, module: any Module)] = [
            ("domainDiscriminator", network.head(input: input, hidden: network.domainHiddenWidths, output: 1, &generator)),
        ]
        if let dimension = conditioning.randomizedDimension {
            modules.append(("randomizedMap", RandomizedMultilinearMap(featureCount: features, classCount: network.classCount,
                                                                      dimension: dimension, using: &generator)))
        }
        return modules
    }

    /// A network without ``NetworkConfiguration/conditioning`` cannot hold CDAN's discriminator.
    public func networkProblem(_ network: NetworkConfiguration) -> String? {
        network.conditioning == nil ? "a CDAN network needs its conditioning (the multilinear map its discriminator sees)" : nil
    }

    /// The discriminator's input `T(f, g)` for features `[N, F]` and class logits `[N, C]`: the
    /// network's exact or randomized multilinear map of `f` and `g = softmax(logits)`.
    public func conditionedFeatures(_ features: Tensor, classLogits: Tensor, network: AdaptationNetwork) -> Tensor {
        let predictions = (detachesPredictions ? classLogits.detached() : classLogits).softmax()
        if let map = network.module(named: "randomizedMap", as: RandomizedMultilinearMap.self) {
            return map(features: features, predictions: predictions)
        }
        return multilinearMap(features: features, predictions: predictions)
    }

    /// The discriminator's logits `D(R_λ(T(f, g)))`, `[N, 1]`, with the gradient reversal R_λ of
    /// scale `reversal` at its input.
    public func domainLogits(features: Tensor, classLogits: Tensor, network: AdaptationNetwork, reversal: Float) -> Tensor {
        Self.domainDiscriminator(of: network)(conditionedFeatures(features, classLogits: classLogits, network: network)
            .reversingGradient(scale: reversal))
    }

    /// Label cross-entropy on the source rows and the discriminator's binary cross-entropy
    /// (source 0, target 1) on all rows, behind the reversal. CDAN+E gathers the discriminator's
    /// logits, their targets and the entropy weights for ``coupledLoss(_:step:)`` instead.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let classLogits = network.labelPredictor(features)
        let labelLoss = softmaxCrossEntropy(logits: classLogits.slice(alongAxis: 0, 0 ..< m), labels: batch.labels)
        let logits = domainLogits(features: features, classLogits: classLogits, network: network, reversal: step.tradeOff)
        let targets = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
        let correct = logits.scalars.enumerated().filter { ($0.element > 0) == ($0.offset >= m) }.count
        if entropyConditioning {
            let weights = entropyWeights(logits: classLogits).reshaped(to: [2 * m, 1])
            return ShardContribution(value: labelLoss * batch.share,
                                     auxiliary: LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("domainCorrect", Float(correct))]),
                                     gathered: [logits, targets, weights])
        }
        let domainLoss = binaryCrossEntropy(logits: logits, targets: targets)
        let terms = LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("domainLoss", domainLoss.scalar * batch.share),
                               ("domainCorrect", Float(correct))])
        return ShardContribution(value: (labelLoss + domainLoss * step.training.domainLossWeight) * batch.share, auxiliary: terms)
    }

    /// CDAN+E only: the entropy weights couple the whole batch.
    public var hasCoupledLoss: Bool { entropyConditioning }

    /// CDAN+E's domain loss on the whole batch, `Σ w_i ℓ_i / Σ w_i` (weighted by `--domain-weight`),
    /// from the shards' discriminator logits, targets and entropy weights; logged as `domainLoss`.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        guard entropyConditioning else { return nil }
        let domainLoss = binaryCrossEntropy(logits: gathered[0], targets: gathered[1], weights: gathered[2].detached())
        return (domainLoss * step.training.domainLossWeight, LossTerms([("domainLoss", domainLoss.scalar)]))
    }

    /// `labelLoss` and `domainLoss` (batch means; CDAN+E's weighted) and `domainAccuracy`, the
    /// share of the `2 · batchSize` rows whose domain the discriminator got right.
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        ["labelLoss": terms["labelLoss"]!, "domainLoss": terms["domainLoss"]!,
         "domainAccuracy": terms["domainCorrect"]! / Float(2 * batchSize)]
    }

    /// The network's domain discriminator (built by ``makeModules(for:using:)``).
    public static func domainDiscriminator(of network: AdaptationNetwork) -> Sequential {
        guard let discriminator = network.module(named: "domainDiscriminator", as: Sequential.self) else {
            preconditionFailure("CDAN: the network was built for another method (no domain discriminator)")
        }
        return discriminator
    }
}

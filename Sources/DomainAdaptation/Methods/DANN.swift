import Nabla
import NablaNN

/// Domain-adversarial training (Ganin et al., JMLR 2016, Algorithm 1 with minibatches): the
/// label loss on the source, a domain classifier G_d trained on both domains, and, through the
/// gradient reversal layer, an extractor pushed to confuse it.
///
/// With `reversesGradient == false` it is the paper's plain-network baseline (source-only): the
/// domain classifier still trains, so its accuracy can be reported, but no gradient reaches the
/// extractor from it (λ = 0).
public struct DANN: AdaptationMethod {
    /// Whether the domain classifier's gradient reaches the extractor, reversed and scaled by λ.
    public var reversesGradient = true

    /// DANN with the gradient reversal on.
    public init() {}

    /// The source-only baseline.
    public static var sourceOnly: DANN {
        var method = DANN()
        method.reversesGradient = false
        return method
    }

    /// The domain classifier G_d: the features' width → `domainHiddenWidths` → 1 logit.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        [("domainClassifier", network.head(input: network.featureCount!, hidden: network.domainHiddenWidths, output: 1, &generator))]
    }

    /// The configured schedule at `p` (DANN's ramp by default); 0 for the source-only baseline.
    public func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float {
        reversesGradient ? training.tradeOff.value(atProgress: p) : 0
    }

    /// Label cross-entropy on the source rows plus the domain classifier's binary cross-entropy
    /// (source 0, target 1) on all rows, computed behind the reversal.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let classLogits = network.labelPredictor(features)
        let domainLogits = Self.domainClassifier(of: network)(features.reversingGradient(scale: step.tradeOff))
        let labelLoss = softmaxCrossEntropy(logits: classLogits.slice(alongAxis: 0, 0 ..< m), labels: batch.labels)
        let domainTargets = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
        let domainLoss = binaryCrossEntropy(logits: domainLogits, targets: domainTargets)
        let correct = domainLogits.scalars.enumerated().filter { ($0.element > 0) == ($0.offset >= m) }.count
        let terms = LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("domainLoss", domainLoss.scalar * batch.share),
                               ("domainCorrect", Float(correct))])
        return ShardContribution(value: (labelLoss + domainLoss * step.training.domainLossWeight) * batch.share, auxiliary: terms)
    }

    /// `labelLoss` and `domainLoss` (batch means) and `domainAccuracy`, the share of the `2 · batchSize`
    /// rows whose domain the classifier got right.
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        ["labelLoss": terms["labelLoss"]!, "domainLoss": terms["domainLoss"]!,
         "domainAccuracy": terms["domainCorrect"]! / Float(2 * batchSize)]
    }

    /// The network's domain classifier (built by ``makeModules(for:using:)``).
    public static func domainClassifier(of network: AdaptationNetwork) -> Sequential {
        guard let classifier = network.module(named: "domainClassifier", as: Sequential.self) else {
            preconditionFailure("DANN: the network was built for another method (no domain classifier)")
        }
        return classifier
    }
}

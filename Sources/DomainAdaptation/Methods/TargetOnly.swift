import Nabla

/// The oracle upper bound: the backbone trained on the target's labels, as if the target were
/// labeled. It shows how much of the gap a method could close.
public struct TargetOnly: AdaptationMethod {
    /// The target-only oracle.
    public init() {}

    /// The target: this method trains on the target's labels.
    public var labeledDomain: LabeledDomain { .target }

    /// 0: there is no adaptation loss.
    public func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float { 0 }

    /// Label cross-entropy on the target rows (the source rows pass through the network too, so
    /// batch statistics see both domains as in the other methods).
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let logits = network.labelPredictor(features).slice(alongAxis: 0, m ..< 2 * m)
        let labelLoss = softmaxCrossEntropy(logits: logits, labels: batch.labels)
        return ShardContribution(value: labelLoss * batch.share, auxiliary: LossTerms([("labelLoss", labelLoss.scalar * batch.share)]))
    }
}

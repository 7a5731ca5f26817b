import Nabla

/// What the discrepancy methods (DDC, DAN, Deep CORAL) share: a forward pass of both domains
/// through the backbone, the source label loss, and the label predictor's hidden activations,
/// whose source and target rows the batch-coupled discrepancy is computed on.
struct DiscrepancyStep {
    /// Share-weighted source cross-entropy (the shard's part of the loss).
    let labelLoss: Tensor
    /// The label predictor's hidden activations for all 2m rows, source first.
    let hidden: [Tensor]
    /// The extractor's features for all 2m rows (used when the label predictor has no hidden layer).
    let features: Tensor

    init(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) {
        features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let outputs = network.labelPredictorOutputs(features)
        hidden = outputs.hidden
        labelLoss = softmaxCrossEntropy(logits: outputs.logits.slice(alongAxis: 0, 0 ..< batch.rows), labels: batch.labels)
    }

    /// The representation entering the final classification layer.
    var penultimate: Tensor { hidden.last ?? features }

    /// Source rows and target rows of each tensor, for the gathered (batch-coupled) part.
    static func split(_ tensors: [Tensor], rows m: Int) -> [Tensor] {
        tensors.flatMap { [$0.slice(alongAxis: 0, 0 ..< m), $0.slice(alongAxis: 0, m ..< 2 * m)] }
    }

    /// The shard's contribution: its label loss, and `gathered` for the coupled part.
    func contribution(_ batch: ShardBatch, gathering gathered: [Tensor]) -> ShardContribution<LossTerms> {
        ShardContribution(value: labelLoss * batch.share, auxiliary: LossTerms([("labelLoss", labelLoss.scalar * batch.share)]),
                          gathered: Self.split(gathered, rows: batch.rows))
    }
}

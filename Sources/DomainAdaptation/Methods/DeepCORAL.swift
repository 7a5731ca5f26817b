import Nabla

/// Deep CORAL (Sun & Saenko 2016): λ · ‖C_s − C_t‖²_F / (4d²) on the representation entering
/// the classifier's last layer (`--adapt-features`: on the extractor's output instead), added to
/// the source classification loss. λ = 1, constant (the paper picks λ so the two losses end up
/// comparable; TLlib's default is 1).
public struct DeepCORAL: AdaptationMethod {
    /// Deep CORAL; `--adapt-features` (``TrainingConfiguration/discrepancy``) chooses the layer.
    public init() {}

    /// λ = 1 throughout.
    public var defaultTradeOff: TradeOffSchedule { .constant(1) }

    /// The source label loss; gathers the aligned representation's source and target rows.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let forward = DiscrepancyStep(batch, network: network, step: step)
        let aligned = step.training.discrepancy?.adaptFeatures == true ? forward.features : forward.penultimate
        return forward.contribution(batch, gathering: [aligned])
    }

    /// True: the covariances need the whole batch.
    public var hasCoupledLoss: Bool { true }

    /// λ times the CORAL loss between the source and target rows; logs it unweighted as `coralLoss`.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let coral = correlationAlignmentLoss(gathered[0], gathered[1])
        return (coral * step.tradeOff, LossTerms([("coralLoss", coral.scalar)]))
    }
}

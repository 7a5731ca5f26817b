import Nabla

/// Deep CORAL (Sun & Saenko 2016): λ · ‖C_s − C_t‖²_F / (4d²) on the representation entering
/// the classifier's last layer, added to the source classification loss. λ = 1, constant (the
/// paper picks λ so the two losses end up comparable; TLlib's default is 1).
public struct DeepCORAL: AdaptationMethod {
    public init() {}

    public var defaultTradeOff: TradeOffSchedule { .constant(1) }

    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let forward = DiscrepancyStep(batch, network: network, step: step)
        return forward.contribution(batch, gathering: [forward.penultimate])
    }

    public var hasCoupledLoss: Bool { true }

    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let coral = correlationAlignmentLoss(gathered[0], gathered[1])
        return (coral * step.tradeOff, LossTerms([("coralLoss", coral.scalar)]))
    }
}

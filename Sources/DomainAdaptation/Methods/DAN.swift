import Nabla

/// Deep adaptation networks (Long et al. 2015): λ · Σ_l MK-MMD²(source, target) over the label
/// predictor's last hidden layers (all of them by default; `--adapted-layers N` takes the last N;
/// `--adapt-features` adds the extractor's output), added to the source classification loss.
///
/// The kernel is the mean of Gaussian kernels with bandwidths 2^k · d̄, k = −2…2 (d̄: the
/// batch's mean squared pairwise distance); equal kernel weights stand in for the paper's
/// quadratic program over β. The estimator is the paper's unbiased linear-time one by default
/// (`--mmd-estimator quadratic` for the all-pairs one). λ = 1, constant, as TLlib's DAN.
public struct DAN: AdaptationMethod {
    /// DAN with the options of ``TrainingConfiguration/discrepancy`` (defaults when nil).
    public init() {}

    /// λ = 1 throughout.
    public var defaultTradeOff: TradeOffSchedule { .constant(1) }

    /// The source label loss; gathers the source and target rows of each adapted layer's
    /// activations (the extractor's output first, with `--adapt-features`) for the MMD.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let forward = DiscrepancyStep(batch, network: network, step: step)
        let layers = forward.hidden.isEmpty ? [forward.features] : forward.hidden
        let count = min(step.training.discrepancy?.adaptedLayers ?? layers.count, layers.count)
        let features = step.training.discrepancy?.adaptFeatures == true && !forward.hidden.isEmpty ? [forward.features] : []
        return forward.contribution(batch, gathering: features + Array(layers.suffix(count)))
    }

    /// True: the MMD needs the whole batch.
    public var hasCoupledLoss: Bool { true }

    /// λ times the sum over the adapted layers of MK-MMD² between source and target rows; logs
    /// the unweighted sum as `mmdLoss`.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let options = step.training.discrepancy
        let exponents = options?.kernelExponents ?? Array(-2...2), estimator = options?.estimator ?? .linear
        let perLayer = stride(from: 0, to: gathered.count, by: 2).map {
            maximumMeanDiscrepancy(gathered[$0], gathered[$0 + 1], kernelExponents: exponents, estimator: estimator)
        }
        let mmd = perLayer.dropFirst().reduce(perLayer[0], +)
        return (mmd * step.tradeOff, LossTerms([("mmdLoss", mmd.scalar)]))
    }
}

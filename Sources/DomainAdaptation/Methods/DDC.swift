import Nabla

/// Deep domain confusion (Tzeng et al. 2014): an adaptation ("bottleneck") layer of 256 units
/// inserted before the classifier, and λ · MMD² between the source and target activations of
/// that layer added to the source classification loss.
///
/// As specified for this tool: one Gaussian kernel whose bandwidth is the batch's mean squared
/// pairwise distance (σ² = d̄, k = 0), with the quadratic estimator over the whole batch.
/// (The paper's equation is the distance between the domains' mean activations, a linear
/// kernel; `--kernel-exponents` and `--mmd-estimator` change the kernel and the estimator.)
/// λ = 0.25, the paper's value, reached through DANN's ramp 2/(1+e^(−10p))−1: the paper adds
/// the MMD to a pretrained network whose classifier already works; from scratch, a constant
/// λ from the first step keeps the label loss at chance while the MMD shrinks the bottleneck
/// (measured on MNIST→MNIST-M; `--trade-off-schedule constant` for the paper's schedule).
public struct DDC: AdaptationMethod {
    /// DDC with the options of ``TrainingConfiguration/discrepancy`` (defaults when nil).
    public init() {}

    /// λ ramps from 0 to 0.25 as `0.25 · (2/(1+e^(−10p)) − 1)`.
    public var defaultTradeOff: TradeOffSchedule { .ramp(gamma: 10, maximum: 0.25) }

    /// Appends the bottleneck as the label predictor's last hidden layer.
    public func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration) {
        network.labelHiddenWidths.append(training.discrepancy?.bottleneckWidth ?? 256)
    }

    /// The source label loss; gathers the bottleneck's source and target activations for the MMD.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let forward = DiscrepancyStep(batch, network: network, step: step)
        return forward.contribution(batch, gathering: [forward.penultimate])
    }

    /// True: the MMD needs the whole batch.
    public var hasCoupledLoss: Bool { true }

    /// λ · MMD² between the bottleneck's source and target activations; logs the MMD² as `mmdLoss`.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let options = step.training.discrepancy
        let mmd = maximumMeanDiscrepancy(gathered[0], gathered[1], kernelExponents: options?.kernelExponents ?? [0],
                                         estimator: options?.estimator ?? .quadratic)
        return (mmd * step.tradeOff, LossTerms([("mmdLoss", mmd.scalar)]))
    }
}

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
    public init() {}

    public var defaultTradeOff: TradeOffSchedule { .ramp(gamma: 10, maximum: 0.25) }

    /// Appends the bottleneck as the label predictor's last hidden layer.
    public func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration) {
        network.labelHiddenWidths.append(training.discrepancy?.bottleneckWidth ?? 256)
    }

    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let forward = DiscrepancyStep(batch, network: network, step: step)
        return forward.contribution(batch, gathering: [forward.penultimate])
    }

    public var hasCoupledLoss: Bool { true }

    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let options = step.training.discrepancy
        let mmd = maximumMeanDiscrepancy(gathered[0], gathered[1], kernelExponents: options?.kernelExponents ?? [0],
                                         estimator: options?.estimator ?? .quadratic)
        return (mmd * step.tradeOff, LossTerms([("mmdLoss", mmd.scalar)]))
    }
}

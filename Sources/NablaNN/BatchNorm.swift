import Nabla

/// Batch normalisation over the channel axis of `[N, C]` or `[N, C, H, W]` inputs.
///
/// Training mode normalises with the batch's statistics and updates running estimates
/// (`running = (1 − momentum) · running + momentum · batch`, unbiased variance, as PyTorch);
/// evaluation mode uses the running estimates. Between ``beginRecomputingRunningStatistics()``
/// and ``endRecomputingRunningStatistics()`` the estimates are instead the plain mean over the
/// batches seen, as PyTorch's `update_bn` computes them for averaged weights.
public final class BatchNorm: Layer {
    public let scale: Parameter
    public let offset: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    public let momentum: Float
    public let epsilon: Float
    public private(set) var isTraining = true
    /// Batches in the running estimates while they are being recomputed; nil otherwise.
    public private(set) var recomputedBatches: Int?

    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        precondition(featureCount > 0, "BatchNorm: featureCount must be positive, got \(featureCount)")
        scale = Parameter(.ones(shape: [featureCount]))
        offset = Parameter(.zeros(shape: [featureCount]))
        runningMean = Parameter(.zeros(shape: [featureCount]), isTrainable: false)
        runningVariance = Parameter(.ones(shape: [featureCount]), isTrainable: false)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func setTraining(_ isTraining: Bool) { self.isTraining = isTraining }

    /// Forgets the running estimates; training-mode batches from now on are averaged equally.
    public func beginRecomputingRunningStatistics() {
        runningMean.value = .zeros(shape: runningMean.shape)
        runningVariance.value = .ones(shape: runningVariance.shape)
        recomputedBatches = 0
    }

    /// Returns to the exponential running estimates of training.
    public func endRecomputingRunningStatistics() { recomputedBatches = nil }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining else {
            return input.normalized(mean: runningMean.value, variance: runningVariance.value,
                                    scale: scale.value, offset: offset.value, epsilon: epsilon)
        }
        let (output, mean, variance) = input.batchNormalized(scale: scale.value, offset: offset.value, epsilon: epsilon)
        var weight = momentum
        if let batches = recomputedBatches {
            weight = 1 / Float(batches + 1)
            recomputedBatches = batches + 1
        }
        runningMean.value = runningMean.value * (1 - weight) + Tensor(mean) * weight
        runningVariance.value = runningVariance.value * (1 - weight) + Tensor(variance) * weight
        return output
    }
}

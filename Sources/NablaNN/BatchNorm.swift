import Nabla

/// Batch normalisation over the channel axis of `[N, C]` or `[N, C, H, W]` inputs.
///
/// Training mode normalises with the batch's statistics and updates running estimates
/// (`running = (1 − momentum) · running + momentum · batch`, unbiased variance, as PyTorch);
/// evaluation mode uses the running estimates. Between ``beginRecomputingRunningStatistics()``
/// and ``endRecomputingRunningStatistics()`` the estimates are instead the plain mean over the
/// batches seen, as PyTorch's `update_bn` computes them for averaged weights.
public final class BatchNorm: Layer {
    /// Learned per-channel scale γ, `[featureCount]`, initially ones.
    public let scale: Parameter
    /// Learned per-channel offset β, `[featureCount]`, initially zeros.
    public let offset: Parameter
    /// Running estimate of each channel's mean, `[featureCount]`; not trainable, but saved in
    /// checkpoints and used in evaluation mode.
    public let runningMean: Parameter
    /// Running estimate of each channel's (unbiased) variance, `[featureCount]`; not trainable,
    /// but saved in checkpoints and used in evaluation mode.
    public let runningVariance: Parameter
    /// Weight of each new batch in the running estimates (PyTorch's convention: 0.1 keeps 90 %
    /// of the old estimate).
    public let momentum: Float
    /// Added to the variance before the square root, for numerical stability.
    public let epsilon: Float
    /// Whether the layer normalises with batch statistics (and updates the running estimates)
    /// rather than with the running estimates; change it with ``setTraining(_:)``.
    public private(set) var isTraining = true
    /// Batches in the running estimates while they are being recomputed; nil otherwise.
    public private(set) var recomputedBatches: Int?
    /// The names the parameters are saved under.
    public let naming: Naming

    /// How a batch-norm layer's parameters are named in checkpoints.
    public enum Naming: Sendable {
        /// `scale`, `offset`, `runningMean`, `runningVariance` (the property names).
        case properties
        /// PyTorch's `weight`, `bias`, `running_mean`, `running_var`, so that a torchvision
        /// state_dict loads by name.
        case pytorch
    }

    /// A batch-norm layer in training mode, with identity scale and offset and running
    /// estimates of mean 0 and variance 1.
    /// - Parameters:
    ///   - featureCount: Channels `C` of the input (its axis 1); must be positive.
    ///   - momentum: Weight of each batch in the running estimates.
    ///   - epsilon: Added to the variance for numerical stability.
    ///   - naming: The names of the parameters in checkpoints.
    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, naming: Naming = .properties) {
        precondition(featureCount > 0, "BatchNorm: featureCount must be positive, got \(featureCount)")
        scale = Parameter(.ones(shape: [featureCount]))
        offset = Parameter(.zeros(shape: [featureCount]))
        runningMean = Parameter(.zeros(shape: [featureCount]), isTrainable: false)
        runningVariance = Parameter(.ones(shape: [featureCount]), isTrainable: false)
        self.momentum = momentum
        self.epsilon = epsilon
        self.naming = naming
    }

    /// The four parameters under the names of ``naming``.
    public var namedOwnParameters: [(name: String, parameter: Parameter)] {
        switch naming {
        case .properties: [("scale", scale), ("offset", offset), ("runningMean", runningMean), ("runningVariance", runningVariance)]
        case .pytorch: [("weight", scale), ("bias", offset), ("running_mean", runningMean), ("running_var", runningVariance)]
        }
    }

    /// Switches between batch statistics (training) and the running estimates (evaluation).
    public func setTraining(_ isTraining: Bool) { self.isTraining = isTraining }

    /// Forgets the running estimates; training-mode batches from now on are averaged equally.
    public func beginRecomputingRunningStatistics() {
        runningMean.value = .zeros(shape: runningMean.shape)
        runningVariance.value = .ones(shape: runningVariance.shape)
        recomputedBatches = 0
    }

    /// Returns to the exponential running estimates of training.
    public func endRecomputingRunningStatistics() { recomputedBatches = nil }

    /// Normalises `input` (`[N, C]` or `[N, C, H, W]`) per channel and applies scale and offset.
    /// In training mode this also updates ``runningMean`` and ``runningVariance``, so a batch-norm
    /// layer must not be shared by several data-parallel shards.
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

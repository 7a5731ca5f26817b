import Nabla
import NablaNN

/// How a DANN's batch-norm layers (if any) see source and target samples.
public enum BatchStatisticsPolicy: String, Sendable, Codable, CaseIterable {
    /// One forward pass over the concatenated source+target batch: statistics mix both domains.
    case joint
    /// Separate forward passes: each domain is normalised with its own batch statistics
    /// (close to AdaBN); at evaluation the running statistics mix both.
    case perDomain = "per-domain"
}

/// The three parts of a domain-adversarial network (Ganin et al.): a feature extractor G_f,
/// a label predictor G_y on the features, and a domain classifier G_d that sees the features
/// through a gradient reversal layer.
public final class DomainAdversarialNetwork: Module {
    public let featureExtractor: Sequential
    public let labelPredictor: Sequential
    public let domainClassifier: Sequential
    public let configuration: NetworkConfiguration

    public init(configuration: NetworkConfiguration, using generator: inout SeededGenerator) {
        self.configuration = configuration
        let parts = configuration.makeParts(using: &generator)
        featureExtractor = parts.features
        labelPredictor = parts.label
        domainClassifier = parts.domain
    }

    /// Class logits, and domain logits computed behind the gradient reversal layer.
    /// The reversal appears here and nowhere else.
    public func callAsFunction(_ inputs: Tensor, reversalScale: Float) -> (classLogits: Tensor, domainLogits: Tensor) {
        let features = featureExtractor(inputs)
        return (labelPredictor(features), domainClassifier(features.reversingGradient(scale: reversalScale)))
    }

    /// Class logits only (evaluation and prediction).
    public func classLogits(_ inputs: Tensor) -> Tensor { labelPredictor(featureExtractor(inputs)) }

    /// Class logits for inference, computed in data-parallel shards of the batch (one per
    /// thread) and recording nothing for differentiation. Call it in evaluation mode
    /// (`setTraining(false)`), where no layer updates state during a forward pass.
    public func inferredClassLogits(_ inputs: Tensor) -> Tensor {
        let ranges = shardRanges(inputs.shape[0], count: shardCount(forBatch: inputs.shape[0]))
        return withoutGradients {
            if ranges.count == 1 { return classLogits(inputs) }
            return Tensor.concatenate(inParallelShards(ranges.count) { classLogits(inputs.slice(alongAxis: 0, ranges[$0])) })
        }
    }

    /// The extracted features (for embeddings and the proxy A-distance).
    public func features(_ inputs: Tensor) -> Tensor { featureExtractor(inputs) }
}

import Nabla
import NablaNN

/// How a network's batch-norm layers (if any) see source and target samples.
public enum BatchStatisticsPolicy: String, Sendable, Codable, CaseIterable {
    /// One forward pass over the concatenated source+target batch: statistics mix both domains.
    case joint
    /// Separate forward passes: each domain is normalised with its own batch statistics
    /// (close to AdaBN); at evaluation the running statistics mix both.
    case perDomain = "per-domain"
}

/// The network every method trains: the shared backbone — a feature extractor G_f and a label
/// predictor G_y on its features — plus the modules the training method adds (DANN's domain
/// classifier G_d, …), saved under the names the method gives them.
public final class AdaptationNetwork: Module {
    /// G_f: maps inputs (`[batch] + inputShape`) to features `[batch, featureCount]`.
    public let featureExtractor: Sequential
    /// G_y: maps features to class logits `[batch, classCount]`.
    public let labelPredictor: Sequential
    /// The method's own modules, in the order the method built them.
    public let methodModules: [(name: String, module: any Module)]
    /// The shape the backbone was built from (after the method's changes, e.g. DDC's bottleneck).
    public let configuration: NetworkConfiguration

    /// Builds the backbone from `configuration` and then the modules of `method`, drawing every
    /// initial weight from `generator` in that order.
    public init(configuration: NetworkConfiguration, method: any AdaptationMethod, using generator: inout SeededGenerator) {
        self.configuration = configuration
        let backbone = configuration.makeBackbone(using: &generator)
        featureExtractor = backbone.features
        labelPredictor = backbone.label
        methodModules = method.makeModules(for: configuration, using: &generator)
    }

    /// The network of a method given by name (DANN by default).
    public convenience init(configuration: NetworkConfiguration, method: TrainingMethod = .dann, using generator: inout SeededGenerator) {
        self.init(configuration: configuration, method: method.implementation, using: &generator)
    }

    /// `featureExtractor`, `labelPredictor`, then the method's modules: the prefixes of the
    /// parameter names in checkpoints.
    public var namedChildren: [(name: String, module: any Module)] {
        [("featureExtractor", featureExtractor), ("labelPredictor", labelPredictor)] + methodModules
    }

    /// The method module called `name`, if the method added one.
    public func module<T>(named name: String, as type: T.Type = T.self) -> T? {
        methodModules.first { $0.name == name }?.module as? T
    }

    /// Features of a step's batches, source rows first, following the batch-statistics policy.
    public func features(source: ModelInput, target: ModelInput, policy: BatchStatisticsPolicy) -> Tensor {
        switch policy {
        case .joint: featureExtractor(ModelInput.concatenate([source, target]))
        case .perDomain: Tensor.concatenate([featureExtractor(source), featureExtractor(target)])
        }
    }

    /// ``features(source:target:policy:)`` of dense batches.
    public func features(source: Tensor, target: Tensor, policy: BatchStatisticsPolicy) -> Tensor {
        features(source: .dense(source), target: .dense(target), policy: policy)
    }

    /// The label predictor's hidden activations (the output of each hidden layer's ReLU, in
    /// order) and its logits.
    public func labelPredictorOutputs(_ features: Tensor) -> (hidden: [Tensor], logits: Tensor) {
        var hidden: [Tensor] = []
        var activation = features
        for layer in labelPredictor.layers {
            activation = layer(activation)
            if layer is ReLU { hidden.append(activation) }
        }
        return (hidden, activation)
    }

    /// Class logits only (evaluation and prediction).
    public func classLogits(_ inputs: Tensor) -> Tensor { labelPredictor(featureExtractor(inputs)) }
    /// Class logits of a dense or sparse batch.
    public func classLogits(_ inputs: ModelInput) -> Tensor { labelPredictor(featureExtractor(inputs)) }

    /// Class logits for inference, computed in data-parallel shards of the batch (one per
    /// thread) and recording nothing for differentiation. Call it in evaluation mode
    /// (`setTraining(false)`), where no layer updates state during a forward pass.
    public func inferredClassLogits(_ inputs: Tensor) -> Tensor { inferredClassLogits(.dense(inputs)) }

    /// ``inferredClassLogits(_:)-(Tensor)`` of a dense or sparse batch.
    public func inferredClassLogits(_ inputs: ModelInput) -> Tensor {
        let ranges = shardRanges(inputs.rows, count: shardCount(forBatch: inputs.rows))
        return withoutGradients {
            if ranges.count == 1 { return classLogits(inputs) }
            return Tensor.concatenate(inParallelShards(ranges.count) { classLogits(inputs.slice(ranges[$0])) })
        }
    }

    /// The extracted features (for embeddings and the proxy A-distance).
    public func features(_ inputs: Tensor) -> Tensor { featureExtractor(inputs) }
    /// The extracted features of a dense or sparse batch.
    public func features(_ inputs: ModelInput) -> Tensor { featureExtractor(inputs) }

    /// A network of the same architecture and method (weights drawn afresh from a fixed seed;
    /// callers load the ones they want).
    func emptyCopy(method: any AdaptationMethod) -> AdaptationNetwork {
        var generator = SeededGenerator(seed: 0)
        return AdaptationNetwork(configuration: configuration, method: method, using: &generator)
    }
}

import Nabla
import NablaNN

/// Domain separation networks (Bousmalis et al., NeurIPS 2016).
///
/// Each domain gets a private encoder beside the shared one (the network's extractor, which the
/// label predictor reads and which is what `dann evaluate` runs). One shared decoder reconstructs
/// each input from the sum of its shared and private codes. The loss is
/// L_task + α·L_recon + β·L_difference + γ·L_similarity:
/// - L_recon: ``scaleInvariantMeanSquaredError(_:_:)``, source and target terms added;
/// - L_difference: ``separationDifferenceLoss(shared:private:)`` in each domain, added (it pushes the
///   private codes to hold what the shared ones do not);
/// - L_similarity: DANN's domain classifier on the shared code behind the gradient reversal,
///   the source's and the target's mean cross-entropies added. It is switched on after a warm-up
///   (the reference code's 10,000 of its 187,500 steps, about 5%; here 5% of the run), from which
///   the reversal's scale ramps as DANN's does over the remaining steps.
///
/// Defaults α = 0.01, β = 0.075, γ = 0.25: those of the public PyTorch reimplementation for
/// MNIST → MNIST-M (fungtion/DSN); the paper does not give its values for the full model.
/// Adapted to the paper's MNIST architecture: the codes are the extractor's output (768 values
/// with the paper's network) rather than a 100-unit layer, the private encoders have the extractor's
/// architecture, and the decoder is the reimplementation's small one sized to the input (a fully
/// connected layer to a 3-channel half-size map, 5×5 and 5×5 convolutions of 16 channels,
/// nearest-neighbour upsampling ×2, 3×3 of 16 and 3×3 to the input's channels); for vectors it is
/// an MLP (100 hidden units).
public struct DSN: AdaptationMethod {
    /// DSN with the options of ``TrainingConfiguration/separation``.
    public init() {}

    /// True: each domain's private encoder sees that domain's batch alone.
    public var runsDomainsSeparately: Bool { true }

    /// The published weights and warm-up share.
    public static let defaultReconstructionWeight: Float = 0.01, defaultDifferenceWeight: Float = 0.075,
                      defaultSimilarityWeight: Float = 0.25, defaultWarmupShare: Float = 0.05

    /// Private encoders, the shared decoder, and the domain classifier on the shared code.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        let sourceEncoder = network.makeBackbone(using: &generator).features
        let targetEncoder = network.makeBackbone(using: &generator).features
        let decoder = Self.decoder(for: network, using: &generator)
        let classifier = network.head(input: network.featureCount!, hidden: network.domainHiddenWidths, output: 1, &generator)
        return [("privateSourceEncoder", sourceEncoder), ("privateTargetEncoder", targetEncoder), ("decoder", decoder),
                ("domainClassifier", classifier)]
    }

    /// Images need an even height and width (the decoder upsamples a half-size map by 2).
    public func networkProblem(_ network: NetworkConfiguration) -> String? {
        guard network.isImageModel, network.inputShape[1] % 2 != 0 || network.inputShape[2] % 2 != 0 else { return nil }
        return "dsn's decoder needs an even image height and width, got \(network.inputShape[1])×\(network.inputShape[2]); use --input-size"
    }

    static func decoder(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> Sequential {
        let features = network.featureCount!, initialization = network.weightInitialization
        guard network.isImageModel else {
            let width = network.inputShape[0]
            return Sequential([Linear(inputSize: features, outputSize: 100, initialization: initialization, using: &generator), ReLU(),
                               Linear(inputSize: 100, outputSize: width, initialization: initialization, using: &generator)])
        }
        let (channels, height, width) = (network.inputShape[0], max(network.inputShape[1] / 2, 1), max(network.inputShape[2] / 2, 1))
        func convolution(_ input: Int, _ output: Int, _ size: Int) -> Conv2D {
            Conv2D(inputChannels: input, outputChannels: output, kernelSize: (size, size), padding: (size / 2, size / 2),
                   initialization: initialization, using: &generator)
        }
        return Sequential([
            Linear(inputSize: features, outputSize: 3 * height * width, initialization: initialization, using: &generator), ReLU(),
            Unflatten(shape: [3, height, width]),
            convolution(3, 16, 5), ReLU(), convolution(16, 16, 5), ReLU(),
            UpsampleNearest(factor: 2),
            convolution(16, 16, 3), ReLU(), convolution(16, channels, 3),
        ])
    }

    /// 0 during the warm-up, then the configured schedule (DANN's ramp to 1) over the remaining steps.
    public func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float {
        let start = Self.warmupShare(training)
        guard p >= start else { return 0 }
        return training.tradeOff.value(atProgress: start < 1 ? (p - start) / (1 - start) : 1)
    }

    static func warmupShare(_ training: TrainingConfiguration) -> Float {
        guard let steps = training.separation?.warmupSteps else { return defaultWarmupShare }
        return Float(steps) / Float(max(training.steps, 1))
    }

    /// Task, reconstruction and similarity terms per shard; the shards gather the codes for the
    /// difference loss, which centres them over the batch.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let options = step.training.separation ?? SeparationOptions()
        let shared = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let sharedSource = shared.slice(alongAxis: 0, 0 ..< m), sharedTarget = shared.slice(alongAxis: 0, m ..< 2 * m)
        let privateSource = Self.module("privateSourceEncoder", of: network)(batch.source)
        let privateTarget = Self.module("privateTargetEncoder", of: network)(batch.target)
        let labelLoss = softmaxCrossEntropy(logits: network.labelPredictor(sharedSource), labels: batch.labels)

        let decoder = Self.module("decoder", of: network)
        let reconstruction = scaleInvariantMeanSquaredError(decoder(sharedSource + privateSource), batch.source.denseTensor)
            + scaleInvariantMeanSquaredError(decoder(sharedTarget + privateTarget), batch.target.denseTensor)

        let logits = Self.module("domainClassifier", of: network)(shared.reversingGradient(scale: step.tradeOff))
        let zeros = Tensor.zeros(shape: [m, 1]), ones = Tensor.ones(shape: [m, 1])
        let similarity = binaryCrossEntropy(logits: logits.slice(alongAxis: 0, 0 ..< m), targets: zeros)
            + binaryCrossEntropy(logits: logits.slice(alongAxis: 0, m ..< 2 * m), targets: ones)
        // The domain classifier waits for the warm-up too (its loss would otherwise train it alone).
        let gamma = step.progress >= Self.warmupShare(step.training) ? options.similarityWeight ?? Self.defaultSimilarityWeight : 0
        let correct = logits.scalars.enumerated().filter { ($0.element > 0) == ($0.offset >= m) }.count
        let value = labelLoss + reconstruction * (options.reconstructionWeight ?? Self.defaultReconstructionWeight) + similarity * gamma
        let terms = LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("reconstructionLoss", reconstruction.scalar * batch.share),
                               ("domainLoss", similarity.scalar * batch.share), ("domainCorrect", Float(correct))])
        return ShardContribution(value: value * batch.share, auxiliary: terms,
                                 gathered: [sharedSource, privateSource, sharedTarget, privateTarget])
    }

    /// True: the difference loss centres the codes over the whole batch.
    public var hasCoupledLoss: Bool { true }

    /// β × the difference loss in each domain, added; logged unweighted as `differenceLoss`.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? {
        let difference = separationDifferenceLoss(shared: gathered[0], private: gathered[1])
            + separationDifferenceLoss(shared: gathered[2], private: gathered[3])
        let beta = step.training.separation?.differenceWeight ?? Self.defaultDifferenceWeight
        return (difference * beta, LossTerms([("differenceLoss", difference.scalar)]))
    }

    /// The terms as logged, with `domainAccuracy` over the `2 · batchSize` rows.
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        ["labelLoss": terms["labelLoss"]!, "reconstructionLoss": terms["reconstructionLoss"]!, "differenceLoss": terms["differenceLoss"]!,
         "domainLoss": terms["domainLoss"]!, "domainAccuracy": terms["domainCorrect"]! / Float(2 * batchSize)]
    }

    /// One of DSN's modules by name.
    public static func module(_ name: String, of network: AdaptationNetwork) -> Sequential {
        guard let module = network.module(named: name, as: Sequential.self) else {
            preconditionFailure("DSN: the network was built for another method (no \(name))")
        }
        return module
    }
}

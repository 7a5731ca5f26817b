import Foundation
import Nabla
import NablaNN
import NablaOptimizers

/// What one training step measured.
public struct StepMetrics: Sendable, Codable, Equatable {
    public var step: Int
    public var labelLoss: Float
    public var domainLoss: Float
    /// Fraction of this step's source+target samples the domain classifier got right (`nil`
    /// for target-only training, where the domain classifier is not trained).
    public var domainAccuracy: Float?
    /// λ used by the gradient reversal layer.
    public var reversalScale: Float
    public var learningRate: Float
}

/// Training stopped because of something the user must know about.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case nonFiniteLoss(step: Int, labelLoss: Float, domainLoss: Float)
    case invalidConfiguration(String)
    case incompatibleDomains(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let label, let domain):
            "training diverged at step \(step): label loss \(label), domain loss \(domain) (try a lower learning rate)"
        case .invalidConfiguration(let problem): "invalid training configuration: \(problem)"
        case .incompatibleDomains(let problem): "incompatible domains: \(problem)"
        }
    }
}

/// Runs Algorithm 1 of Ganin et al. with minibatches: each step draws one source batch and one
/// target batch, minimises the label loss on the source, trains the domain classifier on both,
/// and, through the gradient reversal layer, pushes the extractor to confuse it.
public final class DANNTrainer {
    public let network: DomainAdversarialNetwork
    public let configuration: TrainingConfiguration
    public let source: any SampleSource
    public let target: any SampleSource
    public let optimizer: SGD
    /// The mean of the weights since ``TrainingConfiguration/averagingStart`` (nil without averaging).
    public let weightAverage: WeightAverage?
    public private(set) var step = 0
    var sourceSampler: BatchSampler
    var targetSampler: BatchSampler
    let parameters: [Parameter]

    public init(network: DomainAdversarialNetwork, configuration: TrainingConfiguration,
                source: any SampleSource, target: any SampleSource) throws {
        if let problem = configuration.validationProblem() { throw TrainingError.invalidConfiguration(problem) }
        guard source.sampleShape == network.configuration.inputShape, target.sampleShape == network.configuration.inputShape else {
            throw TrainingError.incompatibleDomains("source samples \(source.sampleShape), target samples \(target.sampleShape), network input \(network.configuration.inputShape)")
        }
        let labeled = configuration.method == .targetOnly ? target : source
        guard let labels = labeled.labels else {
            throw TrainingError.incompatibleDomains("method \(configuration.method.rawValue) needs labels on the \(configuration.method == .targetOnly ? "target" : "source") domain")
        }
        guard labels.allSatisfy({ $0 >= 0 && $0 < network.configuration.classCount }) else {
            throw TrainingError.incompatibleDomains("labels must be in 0..<\(network.configuration.classCount)")
        }
        self.network = network
        self.configuration = configuration
        self.source = source
        self.target = target
        var generator = SeededGenerator(seed: configuration.seed ^ 0x5EED_BA7C_0000_0000)
        sourceSampler = BatchSampler(count: source.count, seed: generator.next())
        targetSampler = BatchSampler(count: target.count, seed: generator.next())
        parameters = network.trainableParameters
        optimizer = SGD(learningRate: configuration.initialLearningRate, momentum: configuration.momentum,
                        weightDecay: configuration.weightDecay)
        weightAverage = configuration.averagingStart == nil ? nil : WeightAverage(for: network)
    }

    /// Continues from a checkpoint written by ``checkpointCard(base:)``: step, sampler positions,
    /// optimizer state and dropout generators, so the run goes on exactly as if it had not stopped.
    public func restore(card: ModelCard, optimizerState: [String: Tensor], averagedWeights: [String: Tensor] = [:]) throws {
        if let weightAverage, card.weightsAreAveraged != true, let snapshots = card.averagedSnapshots, snapshots > 0 {
            try weightAverage.restore(averagedWeights, count: snapshots)
        }
        step = card.step
        sourceSampler = BatchSampler(count: source.count, seed: sourceSampler.seed, drawn: card.sourceSamplesDrawn)
        targetSampler = BatchSampler(count: target.count, seed: targetSampler.seed, drawn: card.targetSamplesDrawn)
        try optimizer.loadState(optimizerState, for: network.namedParameters.filter { $0.parameter.isTrainable })
        // Checkpoints from before dropout state was saved have none: their masks start afresh.
        if let saved = card.dropoutGeneratorStates {
            let dropouts = network.dropoutLayers, states = saved.compactMap { UInt64($0) }
            guard states.count == saved.count, states.count == dropouts.count else {
                throw TrainingError.invalidConfiguration("the checkpoint keeps \(saved.count) dropout generator states for a network with \(dropouts.count) dropout layers")
            }
            for (layer, state) in zip(dropouts, states) { layer.generator = SeededGenerator(seed: state) }
        }
    }

    /// `base` with this trainer's progress filled in.
    public func checkpointCard(base: ModelCard) -> ModelCard {
        var card = base
        card.training = configuration
        card.step = step
        card.sourceSamplesDrawn = sourceSampler.drawn
        card.targetSamplesDrawn = targetSampler.drawn
        card.averagedSnapshots = weightAverage?.count
        let dropouts = network.dropoutLayers
        card.dropoutGeneratorStates = dropouts.isEmpty ? nil : dropouts.map { String($0.generator.state) }
        return card
    }

    /// The optimizer's state by parameter name.
    public var optimizerState: [String: Tensor] {
        optimizer.stateTensors(for: network.namedParameters.filter { $0.parameter.isTrainable })
    }

    /// Training progress `p ∈ [0, 1]` at the current step.
    public var progress: Float { Float(step) / Float(configuration.steps) }

    /// One SGD step; throws if a loss is not finite (parameters are then left as they were).
    @discardableResult
    public func trainStep() throws -> StepMetrics {
        let p = progress
        let lambda = configuration.method == .dann ? configuration.reversal.reversalScale(atProgress: p) : 0
        let learningRate = configuration.learningRateSchedule.learningRate(atProgress: p)
        let sourceIndices = sourceSampler.next(configuration.batchSize)
        let targetIndices = targetSampler.next(configuration.batchSize)
        let labeledDomain = configuration.method == .targetOnly ? target : source
        let labeledIndices = configuration.method == .targetOnly ? targetIndices : sourceIndices
        let labels = labeledIndices.map { labeledDomain.labels![$0] }
        let sourceInputs = source.inputs(at: sourceIndices), targetInputs = target.inputs(at: targetIndices)
        let n = configuration.batchSize

        // Each shard takes an equal slice of both batches; its losses are weighted by its share
        // so that the shards add up to the full batch's mean losses.
        let shards = shardCount
        let slices = shardRanges(n, count: shards)
        let sourceSlices = slices.map { sourceInputs.slice(alongAxis: 0, $0) }
        let targetSlices = slices.map { targetInputs.slice(alongAxis: 0, $0) }
        let shardLosses = ShardLosses(count: shards)
        let (_, gradients) = valueWithGradient(at: parameters, shards: shards) { shard in
            let range = slices[shard], share = Float(range.count) / Float(n)
            let (classLogits, logits) = forward(sourceSlices[shard], targetSlices[shard], reversalScale: lambda)
            let m = range.count
            let labeledLogits = configuration.method == .targetOnly ? classLogits.slice(alongAxis: 0, m ..< 2 * m) : classLogits.slice(alongAxis: 0, 0 ..< m)
            let labelLoss = softmaxCrossEntropy(logits: labeledLogits, labels: Array(labels[range]))
            shardLosses.set(shard, label: labelLoss.scalar * share, domainLogits: logits)
            if configuration.method == .targetOnly { return labelLoss * share }
            let domainTargets = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
            let domainLoss = binaryCrossEntropy(logits: logits, targets: domainTargets)
            shardLosses.set(shard, domain: domainLoss.scalar * share)
            return (labelLoss + domainLoss * configuration.domainLossWeight) * share
        }
        let labelLoss = shardLosses.label, domainLoss = shardLosses.domain
        step += 1
        guard labelLoss.isFinite, domainLoss.isFinite else {
            throw TrainingError.nonFiniteLoss(step: step, labelLoss: labelLoss, domainLoss: domainLoss)
        }
        optimizer.learningRate = learningRate
        optimizer.update(parameters, along: gradients)
        if let weightAverage, let last = configuration.lastStepBeforeAveraging, step > last {
            weightAverage.accumulate(network)
        }
        let correct = shardLosses.correctDomainPredictions
        return StepMetrics(step: step, labelLoss: labelLoss, domainLoss: domainLoss,
                           domainAccuracy: configuration.method == .targetOnly ? nil : Float(correct) / Float(2 * n),
                           reversalScale: lambda, learningRate: learningRate)
    }

    /// How many data-parallel shards a step is split into: one per thread, when the network has
    /// no layer whose forward pass couples the samples or updates state (batch-norm, dropout).
    var shardCount: Int {
        if let shardCountOverride { return shardCountOverride }
        let network = network.configuration
        guard !network.batchNorm, network.dropout == 0 else { return 1 }
        return Nabla.shardCount(forBatch: configuration.batchSize)
    }

    /// Fixes the shard count (tests compare sharded and whole-batch steps with it).
    var shardCountOverride: Int?

    /// Re-estimates the batch-norm running statistics of `network` as the plain mean over one
    /// pass of training batches (the larger domain's), drawn and normalised as training does.
    /// Averaged weights need this (PyTorch's `update_bn`): the average of the running statistics
    /// of many steps belongs to none of them, nor to the averaged weights. No-op without batch-norm.
    public func recomputeBatchNormStatistics(of network: DomainAdversarialNetwork) {
        let layers = network.descendants(ofType: BatchNorm.self)
        guard !layers.isEmpty else { return }
        let size = configuration.batchSize
        let batches = (max(source.count, target.count) + size - 1) / size
        var generator = SeededGenerator(seed: configuration.seed ^ 0xB47C_4000_0000_0000)
        var sourceDraws = BatchSampler(count: source.count, seed: generator.next())
        var targetDraws = BatchSampler(count: target.count, seed: generator.next())
        network.setTraining(true)
        layers.forEach { $0.beginRecomputingRunningStatistics() }
        withoutGradients {
            for _ in 0..<batches {
                _ = forward(source.inputs(at: sourceDraws.next(size)), target.inputs(at: targetDraws.next(size)),
                            reversalScale: 0, through: network)
            }
        }
        layers.forEach { $0.endRecomputingRunningStatistics() }
    }

    /// Class logits for the concatenated batch and domain logits behind the reversal, following
    /// the batch-statistics policy.
    func forward(_ sourceInputs: Tensor, _ targetInputs: Tensor, reversalScale: Float,
                 through network: DomainAdversarialNetwork? = nil) -> (Tensor, Tensor) {
        let network = network ?? self.network
        switch configuration.batchStatistics {
        case .joint:
            return network(Tensor.concatenate([sourceInputs, targetInputs]), reversalScale: reversalScale)
        case .perDomain:
            let fromSource = network(sourceInputs, reversalScale: reversalScale)
            let fromTarget = network(targetInputs, reversalScale: reversalScale)
            return (Tensor.concatenate([fromSource.classLogits, fromTarget.classLogits]),
                    Tensor.concatenate([fromSource.domainLogits, fromTarget.domainLogits]))
        }
    }
}

/// The per-shard loss values and domain predictions of one step, written by the shards'
/// threads, each to its own slot.
private final class ShardLosses: @unchecked Sendable {
    // @unchecked: shard `i` writes only slot `i` of fixed buffers (never the array properties
    // themselves); reads happen after all shards finished.
    private let labels, domains: UnsafeMutableBufferPointer<Float>
    private let correct: UnsafeMutableBufferPointer<Int>

    init(count: Int) {
        labels = .allocate(capacity: count); labels.initialize(repeating: 0)
        domains = .allocate(capacity: count); domains.initialize(repeating: 0)
        correct = .allocate(capacity: count); correct.initialize(repeating: 0)
    }

    deinit { labels.deallocate(); domains.deallocate(); correct.deallocate() }

    func set(_ shard: Int, label: Float, domainLogits: Tensor) {
        labels[shard] = label
        let logits = domainLogits.scalars, m = logits.count / 2
        correct[shard] = logits.enumerated().filter { ($0.element > 0) == ($0.offset >= m) }.count
    }

    func set(_ shard: Int, domain: Float) { domains[shard] = domain }

    var label: Float { labels.reduce(0, +) }
    var domain: Float { domains.reduce(0, +) }
    var correctDomainPredictions: Int { correct.reduce(0, +) }
}

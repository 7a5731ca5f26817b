import Foundation
import Nabla
import NablaNN
import NablaOptimizers

/// What one training step measured.
public struct StepMetrics: Sendable, Equatable {
    /// Steps completed, this one included (1 after the first step).
    public var step: Int
    /// The method's logged values by name (`labelLoss`, `domainLoss`, `domainAccuracy`,
    /// `mmdLoss`, …): means over the step's batch.
    public var terms: [String: Float]
    /// The method's adaptation weight λ at this step.
    public var tradeOff: Float
    /// The scheduled learning rate of this step (before each group's multiplier).
    public var learningRate: Float
}

/// Training stopped because of something the user must know about.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A loss term was NaN or infinite at `step`; `terms` lists every term's value.
    case nonFiniteLoss(step: Int, terms: String)
    /// A setting is out of range (the message names it and its value).
    case invalidConfiguration(String)
    /// The domains do not fit the network or the method (sample shapes, missing or
    /// out-of-range labels).
    case incompatibleDomains(String)

    /// A one-line message for the user, with a hint for divergence.
    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let terms):
            "training diverged at step \(step): \(terms) (try a lower learning rate)"
        case .invalidConfiguration(let problem): "invalid training configuration: \(problem)"
        case .incompatibleDomains(let problem): "incompatible domains: \(problem)"
        }
    }
}

/// Runs any ``AdaptationMethod``: each step draws one source batch and one target batch, trains
/// the method's adversaries (if any) on them, splits them into data-parallel shards, asks the
/// method for the loss and its terms, and updates each parameter group with its optimizer (by
/// default SGD with momentum at the annealed learning rate times the group's multiplier).
public final class AdaptationTrainer {
    /// The network being trained, in place.
    public let network: AdaptationNetwork
    /// The run's settings (validated at creation).
    public let configuration: TrainingConfiguration
    /// The method whose loss is minimised.
    public let method: any AdaptationMethod
    /// Source samples, labeled unless the method trains on the target's labels.
    public let source: any SampleSource
    /// Target samples; their labels are used only when the method's
    /// ``AdaptationMethod/labeledDomain`` is the target (``TargetOnly``).
    public let target: any SampleSource
    /// The mean of the weights since ``TrainingConfiguration/averagingStart`` (nil without averaging).
    public let weightAverage: WeightAverage?
    /// Steps taken so far; the next step's progress is `step / configuration.steps`.
    public private(set) var step = 0
    var sourceSampler: BatchSampler
    var targetSampler: BatchSampler
    let phases: [TrainingPhase]
    /// One optimizer per parameter group of each phase; state is saved by parameter name.
    var optimizers: [Int: [(group: ParameterGroup, optimizer: any Optimizer)]] = [:]
    /// The method's state (``AdaptationMethod/initialState``), saved in the checkpoint card.
    public private(set) var methodState: [Float]
    /// One optimizer per adversary of each phase.
    var adversaryOptimizers: [Int: [(update: AdversaryUpdate, optimizer: any Optimizer)]] = [:]

    /// A trainer for `configuration.method`.
    public convenience init(network: AdaptationNetwork, configuration: TrainingConfiguration,
                            source: any SampleSource, target: any SampleSource) throws {
        try self.init(network: network, configuration: configuration, method: configuration.method.implementation,
                      source: source, target: target)
    }

    /// A trainer for a method given as a value (one not listed in ``TrainingMethod``, or a variant
    /// of one); `configuration.method` is then only the name checkpoints record.
    public init(network: AdaptationNetwork, configuration: TrainingConfiguration, method: any AdaptationMethod,
                source: any SampleSource, target: any SampleSource) throws {
        if let problem = configuration.validationProblem() { throw TrainingError.invalidConfiguration(problem) }
        guard source.sampleShape == network.configuration.inputShape, target.sampleShape == network.configuration.inputShape else {
            throw TrainingError.incompatibleDomains("source samples \(source.sampleShape), target samples \(target.sampleShape), network input \(network.configuration.inputShape)")
        }
        let labeled = method.labeledDomain == .target ? target : source
        guard let labels = labeled.labels else {
            throw TrainingError.incompatibleDomains("method \(configuration.method.rawValue) needs labels on the \(method.labeledDomain == .target ? "target" : "source") domain")
        }
        guard source.count > 0, target.count > 0 else {
            throw TrainingError.incompatibleDomains("the \(source.count == 0 ? "source" : "target") domain has no training samples")
        }
        // A batch larger than both domains would only repeat samples, at the cost of memory.
        guard configuration.batchSize <= max(source.count, target.count) else {
            throw TrainingError.invalidConfiguration("batch size \(configuration.batchSize) exceeds the larger domain's \(max(source.count, target.count)) training samples")
        }
        // Batch statistics of one value per channel do not exist (batch-norm would divide by zero):
        // per-domain statistics with a batch of 1 after a fully connected layer or a 1×1 output.
        let joint = configuration.batchStatistics == .joint && !method.runsDomainsSeparately
        if let values = network.configuration.batchNormValuesPerSample, values * configuration.batchSize * (joint ? 2 : 1) < 2 {
            throw TrainingError.invalidConfiguration(method.runsDomainsSeparately
                ? "batch size \(configuration.batchSize) with batch-norm gives a batch-norm layer 1 value per channel, since \(configuration.method.rawValue) runs each domain through its encoder separately; use a batch size of at least 2"
                : "batch size \(configuration.batchSize) with batch-norm and \(configuration.batchStatistics.rawValue) batch statistics gives a batch-norm layer 1 value per channel; use a batch size of at least 2 or joint statistics")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= network.configuration.classCount }) {
            throw TrainingError.incompatibleDomains("label \(bad) of the \(method.labeledDomain == .target ? "target" : "source") domain is outside 0..<\(network.configuration.classCount), the network's classes")
        }
        if let problem = method.networkProblem(network.configuration) { throw TrainingError.incompatibleDomains(problem) }
        phases = method.phases(totalSteps: configuration.steps)
        guard phases.reduce(0, { $0 + $1.steps }) == configuration.steps, phases.allSatisfy({ $0.steps > 0 }) else {
            throw TrainingError.invalidConfiguration("the phases of \(configuration.method.rawValue) do not add up to \(configuration.steps) steps")
        }
        self.network = network
        self.configuration = configuration
        self.method = method
        self.source = source
        self.target = target
        var generator = SeededGenerator(seed: configuration.seed ^ 0x5EED_BA7C_0000_0000)
        sourceSampler = BatchSampler(count: source.count, seed: generator.next())
        targetSampler = BatchSampler(count: target.count, seed: generator.next())
        weightAverage = configuration.averagingStart == nil ? nil : WeightAverage(for: network)
        methodState = method.initialState
        if let problem = freezingProblem() { throw TrainingError.invalidConfiguration(problem) }
    }

    /// The phase the next step belongs to.
    public var phase: Int {
        var end = 0
        for (index, phase) in phases.enumerated() {
            end += phase.steps
            if step < end { return index }
        }
        return phases.count - 1
    }

    /// The name of the next step's phase, for a method with more than one phase (nil otherwise).
    public var phaseName: String? { phases.count > 1 ? phases[phase].name : nil }

    /// The first step of `phase`.
    func firstStep(ofPhase phase: Int) -> Int { phases.prefix(phase).reduce(0) { $0 + $1.steps } }

    /// Continues from a checkpoint written by ``checkpointCard(base:)``: step, sampler positions,
    /// optimizer state and dropout generators, so the run goes on exactly as if it had not stopped.
    public func restore(card: ModelCard, optimizerState: [String: Tensor], averagedWeights: [String: Tensor] = [:]) throws {
        if let weightAverage, card.weightsAreAveraged != true, let snapshots = card.averagedSnapshots, snapshots > 0 {
            try weightAverage.restore(averagedWeights, count: snapshots)
        }
        step = card.step
        methodState = card.methodState ?? method.initialState
        guard methodState.count == method.initialState.count else {
            throw TrainingError.invalidConfiguration("the checkpoint keeps \(methodState.count) values of method state, \(configuration.method.rawValue) keeps \(method.initialState.count)")
        }
        sourceSampler = BatchSampler(count: source.count, seed: sourceSampler.seed, drawn: card.sourceSamplesDrawn)
        targetSampler = BatchSampler(count: target.count, seed: targetSampler.seed, drawn: card.targetSamplesDrawn)
        optimizers = [:]
        adversaryOptimizers = [:]
        for (group, optimizer) in allOptimizers(ofPhase: phase) {
            var state = optimizerState
            if optimizer is Adam { state["adam.step"] = optimizerState[Self.stateKey("adam.step", group: group, optimizer: optimizer)] }
            try optimizer.loadState(state, for: group.parameters)
        }
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
        card.methodState = methodState.isEmpty ? nil : methodState
        let dropouts = network.dropoutLayers
        card.dropoutGeneratorStates = dropouts.isEmpty ? nil : dropouts.map { String($0.generator.state) }
        return card
    }

    /// The current phase's optimizer state by parameter name.
    public var optimizerState: [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (group, optimizer) in allOptimizers(ofPhase: phase) {
            let tensors = optimizer.stateTensors(for: group.parameters)
            state.merge(tensors.map { (Self.stateKey($0.key, group: group, optimizer: optimizer), $0.value) }) { first, _ in first }
        }
        return state
    }

    /// Training progress `p ∈ [0, 1]` at the current step.
    public var progress: Float { Float(step) / Float(configuration.steps) }

    /// One step; throws if a loss is not finite (the main parameters are then left as they were;
    /// an adversary's updates before the failing loss stay).
    @discardableResult
    public func trainStep() throws -> StepMetrics {
        let phase = self.phase
        if phase > 0 && step == firstStep(ofPhase: phase) { method.beginPhase(phase, network: network) }
        let p = progress
        var context = StepContext(step: step, progress: p, tradeOff: method.tradeOff(atProgress: p, training: configuration),
                                  phase: phase, training: configuration)
        context.state = methodState
        context.stepsPerEpoch = max(1, (method.labeledDomain == .target ? target : source).count / configuration.batchSize)
        let learningRate = configuration.learningRateSchedule.learningRate(atProgress: p)
        let sourceIndices = sourceSampler.next(configuration.batchSize)
        let targetIndices = targetSampler.next(configuration.batchSize)
        let labeledDomain = method.labeledDomain == .target ? target : source
        let labels = (method.labeledDomain == .target ? targetIndices : sourceIndices).map { labeledDomain.labels![$0] }
        let sourceInputs = source.trainingBatch(at: sourceIndices, step: step, seed: configuration.seed)
        let targetInputs = target.trainingBatch(at: targetIndices, step: step, seed: configuration.seed)
        let n = configuration.batchSize

        // Each shard takes an equal slice of both batches; its losses are weighted by its share
        // so that the shards add up to the full batch's mean losses.
        let slices = shardRanges(n, count: shardCount)
        let batches = slices.map { range in
            ShardBatch(source: sourceInputs.slice(range), target: targetInputs.slice(range),
                       labels: Array(labels[range]), share: Float(range.count) / Float(n))
        }
        let adversaryTerms = try trainAdversaries(phase: phase, context: context, batch: ShardBatch(
            source: sourceInputs, target: targetInputs, labels: labels, share: 1))
        let groups = self.groups(ofPhase: phase)
        let parameters = groups.flatMap { $0.group.parameters.map(\.parameter) }
        var terms: LossTerms, gradients: Gradients
        if !method.hasCoupledLoss {
            let result = valueWithGradient(at: parameters, shards: slices.count) { shard in
                let contribution = method.shardLoss(batches[shard], network: network, step: context)
                return (contribution.value, contribution.auxiliary)
            }
            (terms, gradients) = (LossTerms.sum(result.auxiliary), result.gradients)
        } else {
            let result = valueWithGradient(at: parameters, shards: slices.count, of: { shard in
                method.shardLoss(batches[shard], network: network, step: context)
            }, coupledBy: { gathered in
                method.coupledLoss(gathered, step: context)!
            })
            (terms, gradients) = (LossTerms.sum(result.shardAuxiliary + [result.coupledAuxiliary]), result.gradients)
        }
        terms = LossTerms.sum([terms, adversaryTerms])
        step += 1
        guard terms.values.allSatisfy(\.value.isFinite) else {
            throw TrainingError.nonFiniteLoss(step: step, terms: terms.values.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        }
        methodState = method.state(after: context, terms: terms)
        for (group, optimizer) in groups {
            if group.optimizer == .runDefault { optimizer.learningRate = learningRate * group.learningRateMultiplier }
            optimizer.update(group.parameters.map(\.parameter), along: gradients)
        }
        if let weightAverage, let last = configuration.lastStepBeforeAveraging, step > last {
            weightAverage.accumulate(network)
        }
        return StepMetrics(step: step, terms: method.metrics(from: terms, batchSize: n), tradeOff: context.tradeOff,
                           learningRate: learningRate)
    }

    /// Runs each adversary's updates of this step on the whole batch; returns the terms of each
    /// adversary's last update. Throws (before updating) when an adversary's loss is not finite.
    func trainAdversaries(phase: Int, context: StepContext, batch: ShardBatch) throws -> LossTerms {
        let adversaries = self.adversaries(ofPhase: phase)
        guard !adversaries.isEmpty else { return LossTerms() }
        let inputs = withoutGradients { method.adversaryInputs(batch, network: network, step: context) }
        // Seeded by the run and the step alone, so a resumed step draws the same numbers.
        var generator = SeededGenerator(seed: (configuration.seed ^ 0xAD7E_5A41_0000_0000) &+ UInt64(context.step) &* 0x9E37_79B9_7F4A_7C15)
        var lastTerms: [LossTerms] = []
        for (index, (update, optimizer)) in adversaries.enumerated() {
            let parameters = update.group.parameters.map(\.parameter)
            var terms = LossTerms()
            for _ in 0..<update.updatesPerStep {
                let (_, gradients) = valueWithGradient(at: parameters) {
                    let loss = method.adversaryLoss(index, inputs: inputs, network: network, step: context, using: &generator)
                    terms = loss.auxiliary
                    return loss.value
                }
                guard terms.values.allSatisfy(\.value.isFinite) else {
                    throw TrainingError.nonFiniteLoss(step: context.step + 1, terms: terms.values.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
                }
                optimizer.update(parameters, along: gradients)
            }
            lastTerms.append(terms)
        }
        return LossTerms.sum(lastTerms)
    }

    /// How many data-parallel shards a step is split into: one per thread, when the network has
    /// no layer whose forward pass couples the samples or updates state (batch-norm, dropout).
    var shardCount: Int {
        if let shardCountOverride { return shardCountOverride }
        let network = network.configuration
        guard !network.hasBatchNorm, network.dropout == 0 else { return 1 }
        return Nabla.shardCount(forBatch: configuration.batchSize)
    }

    /// Fixes the shard count (tests compare sharded and whole-batch steps with it).
    var shardCountOverride: Int?

    /// Re-estimates the batch-norm running statistics of `network` as the plain mean over one
    /// pass of training batches (the larger domain's), drawn and normalised as training does.
    /// Averaged weights need this (PyTorch's `update_bn`): the average of the running statistics
    /// of many steps belongs to none of them, nor to the averaged weights. No-op without batch-norm.
    public func recomputeBatchNormStatistics(of network: AdaptationNetwork) {
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
                // Batch-norm layers live in the extractor: its forward pass is all they need.
                _ = network.features(source: source.batch(at: sourceDraws.next(size)), target: target.batch(at: targetDraws.next(size)),
                                     policy: configuration.batchStatistics)
            }
        }
        layers.forEach { $0.endRecomputingRunningStatistics() }
    }
}

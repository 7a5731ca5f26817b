import Nabla
import NablaNN

/// A domain-adaptation method: everything that distinguishes DANN from DDC, CORAL or a baseline,
/// in one value. ``AdaptationTrainer`` runs any method — sampling, data-parallel shards,
/// optimizers, checkpoints, exact resume, weight averaging and metrics are the trainer's; the
/// method declares only:
/// - the modules it adds to the shared backbone (``makeModules(for:using:)``) and any change it
///   makes to the backbone itself (``adapt(_:training:)``, e.g. DDC's bottleneck);
/// - the loss of one step, as named terms (``shardLoss(_:network:step:)`` for the part each
///   data-parallel shard computes on its own slice, ``coupledLoss(_:step:)`` for a part that
///   needs the whole batch, such as a kernel MMD or a covariance);
/// - its schedule (``tradeOff(atProgress:training:)``), parameter groups and phases.
///
/// See ``DANN`` for a complete example; a new method is one such file plus a case in
/// ``TrainingMethod``.
public protocol AdaptationMethod: Sendable {
    /// Which domain's labels the loss uses (the target only for the target-only oracle).
    var labeledDomain: LabeledDomain { get }
    /// The trade-off schedule used when the user sets none (`--trade-off`).
    var defaultTradeOff: TradeOffSchedule { get }

    /// Changes the method makes to the backbone's configuration before it is built.
    func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration)
    /// Modules built after the backbone from the same generator, saved under their names.
    func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)]
    /// The adaptation weight λ at training progress `p`.
    func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float
    /// Parameter groups, each updated by its own optimizer at its own learning-rate multiplier;
    /// parameters in no group are frozen. The default is one group holding every trainable parameter.
    func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup]
    /// The phases of training (e.g. pretrain on the source, then adapt); one by default.
    func phases(totalSteps: Int) -> [TrainingPhase]
    /// Called before the first step of each phase after the first (e.g. to copy an encoder).
    func beginPhase(_ phase: Int, network: AdaptationNetwork)

    /// This shard's part of the step's loss: the share-weighted loss, its named terms (values
    /// summed over the shards, so weight them by ``ShardBatch/share`` too), and the tensors the
    /// coupled part needs.
    func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms>
    /// Whether the method has a batch-coupled part (``coupledLoss(_:step:)``).
    var hasCoupledLoss: Bool { get }
    /// The part of the loss that couples all samples of the step, from the gathered tensors
    /// concatenated over the shards; nil when the method has none (the default).
    func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)?
    /// The logged metrics of one step from its summed terms (the default logs them as they are).
    func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float]
}

extension AdaptationMethod {
    public var labeledDomain: LabeledDomain { .source }
    public var defaultTradeOff: TradeOffSchedule { .paper }
    public func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration) {}
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] { [] }
    public func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float {
        training.tradeOff.value(atProgress: p)
    }
    public func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup] {
        [ParameterGroup(name: "all", parameters: network.namedParameters.filter(\.parameter.isTrainable))]
    }
    public func phases(totalSteps: Int) -> [TrainingPhase] { [TrainingPhase(name: "train", steps: totalSteps)] }
    public func beginPhase(_ phase: Int, network: AdaptationNetwork) {}
    public var hasCoupledLoss: Bool { false }
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? { nil }
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        Dictionary(terms.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Which domain's labels a method trains on.
public enum LabeledDomain: Sendable { case source, target }

/// One shard's slice of a step's batches.
public struct ShardBatch {
    /// Source inputs of this shard, `[m] + sampleShape`.
    public var source: Tensor
    /// Target inputs of this shard, `[m] + sampleShape`.
    public var target: Tensor
    /// Labels of the labeled domain's `m` rows (``AdaptationMethod/labeledDomain``).
    public var labels: [Int]
    /// This shard's share of the step's batch: weight mean losses by it so the shards add up.
    public var share: Float

    /// Rows per domain in this shard.
    public var rows: Int { source.shape[0] }
}

/// What a method may know about the step it computes.
public struct StepContext: Sendable {
    /// The step being taken, counted from 0.
    public var step: Int
    /// Training progress p ∈ [0, 1) at this step.
    public var progress: Float
    /// The method's λ at this step (``AdaptationMethod/tradeOff(atProgress:training:)``).
    public var tradeOff: Float
    /// The current phase (index into ``AdaptationMethod/phases(totalSteps:)``).
    public var phase: Int
    public var training: TrainingConfiguration
}

/// Named scalar values of one step (loss terms, counts), in a stable order.
public struct LossTerms: Sendable, Equatable {
    public private(set) var values: [(name: String, value: Float)] = []

    public init(_ values: [(name: String, value: Float)] = []) { self.values = values }

    public subscript(name: String) -> Float? { values.first { $0.name == name }?.value }

    /// Adds `value` to the term `name` (creating it at 0 first).
    public mutating func add(_ name: String, _ value: Float) {
        if let index = values.firstIndex(where: { $0.name == name }) { values[index].value += value } else { values.append((name, 0 + value)) }
    }

    /// The terms of several shards added up in order, as one batch's values.
    public static func sum(_ parts: [LossTerms]) -> LossTerms {
        var total = LossTerms()
        for part in parts { for (name, value) in part.values { total.add(name, value) } }
        return total
    }

    public static func == (lhs: LossTerms, rhs: LossTerms) -> Bool {
        lhs.values.map(\.name) == rhs.values.map(\.name) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }
}

/// Parameters that share an optimizer and a learning-rate multiplier.
public struct ParameterGroup {
    public var name: String
    public var parameters: [(name: String, parameter: Parameter)]
    /// The group's learning rate is the schedule's times this.
    public var learningRateMultiplier: Float

    public init(name: String, parameters: [(name: String, parameter: Parameter)], learningRateMultiplier: Float = 1) {
        self.name = name
        self.parameters = parameters
        self.learningRateMultiplier = learningRateMultiplier
    }
}

/// A stretch of training with its own loss, groups and frozen modules.
public struct TrainingPhase: Sendable, Equatable {
    public var name: String
    public var steps: Int
    public init(name: String, steps: Int) {
        self.name = name
        self.steps = steps
    }
}

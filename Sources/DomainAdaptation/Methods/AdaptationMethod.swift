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
    /// Why ``makeModules(for:using:)`` cannot build on `network` (a checkpoint's card is checked
    /// with it before anything is built); nil when it can, the default.
    func networkProblem(_ network: NetworkConfiguration) -> String?
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

    /// Whether the method runs each domain's batch through an encoder on its own (ADDA), whatever
    /// the batch-statistics policy: batch-norm then sees one domain's rows at a time.
    var runsDomainsSeparately: Bool { get }
    /// Adversaries trained in an inner loop before each step's main update (none by default);
    /// their parameters should be in no group of ``parameterGroups(of:phase:)``.
    func adversaries(of network: AdaptationNetwork, phase: Int, training: TrainingConfiguration) -> [AdversaryUpdate]
    /// What the adversaries' losses read, computed once per step from the whole batch without
    /// gradients (e.g. the extractor's features of both domains).
    func adversaryInputs(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> [Tensor]
    /// The loss adversary `index` minimises, and its named terms; `generator` is seeded by the run's
    /// seed and step, so a resumed run draws the same numbers.
    func adversaryLoss(_ index: Int, inputs: [Tensor], network: AdaptationNetwork, step: StepContext, using generator: inout SeededGenerator) -> (value: Tensor, auxiliary: LossTerms)
    /// Numbers the method carries from step to step, saved in checkpoints (DAAN's dynamic factor and
    /// its epoch's tallies); the method defines their layout. Empty by default.
    var initialState: [Float] { get }
    /// The state after a step whose summed terms were `terms` (the default keeps it).
    func state(after step: StepContext, terms: LossTerms) -> [Float]
    /// A warning when one interval's mean metrics show the method failing in a known way (a
    /// saturated discriminator, a negative Wasserstein estimate); nil when healthy (the default).
    func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning?
}

extension AdaptationMethod {
    /// The source: methods train on the labeled source and the unlabeled target.
    public var labeledDomain: LabeledDomain { .source }
    /// DANN's ramp, ``TradeOffSchedule/paper``.
    public var defaultTradeOff: TradeOffSchedule { .paper }
    /// Leaves the backbone as configured.
    public func adapt(_ network: inout NetworkConfiguration, training: TrainingConfiguration) {}
    /// No modules beyond the backbone.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] { [] }
    /// Nil: any valid network will do.
    public func networkProblem(_ network: NetworkConfiguration) -> String? { nil }
    /// The configured schedule, ``TrainingConfiguration/tradeOff``, at progress `p`.
    public func tradeOff(atProgress p: Float, training: TrainingConfiguration) -> Float {
        training.tradeOff.value(atProgress: p)
    }
    /// One group, `all`, of every trainable parameter at the base learning rate, in every phase.
    public func parameterGroups(of network: AdaptationNetwork, phase: Int) -> [ParameterGroup] {
        [ParameterGroup(name: "all", parameters: network.namedParameters.filter(\.parameter.isTrainable))]
    }
    /// One phase, `train`, of all `totalSteps` steps.
    public func phases(totalSteps: Int) -> [TrainingPhase] { [TrainingPhase(name: "train", steps: totalSteps)] }
    /// Does nothing.
    public func beginPhase(_ phase: Int, network: AdaptationNetwork) {}
    /// False: the shards' losses are the whole loss.
    public var hasCoupledLoss: Bool { false }
    /// Nil: no batch-coupled part.
    public func coupledLoss(_ gathered: [Tensor], step: StepContext) -> (value: Tensor, auxiliary: LossTerms)? { nil }
    /// False: the method follows the batch-statistics policy.
    public var runsDomainsSeparately: Bool { false }
    /// No adversaries.
    public func adversaries(of network: AdaptationNetwork, phase: Int, training: TrainingConfiguration) -> [AdversaryUpdate] { [] }
    /// Nothing.
    public func adversaryInputs(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> [Tensor] { [] }
    /// Traps: only methods that declare adversaries are asked for their loss.
    public func adversaryLoss(_ index: Int, inputs: [Tensor], network: AdaptationNetwork, step: StepContext, using generator: inout SeededGenerator) -> (value: Tensor, auxiliary: LossTerms) {
        preconditionFailure("\(Self.self) declares adversaries but not their loss")
    }
    /// No state.
    public var initialState: [Float] { [] }
    /// The state unchanged.
    public func state(after step: StepContext, terms: LossTerms) -> [Float] { step.state }
    /// Never warns.
    public func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning? { nil }
    /// Every term under its own name, with its summed value (the first, should a name repeat).
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        Dictionary(terms.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Which domain's labels a method trains on.
public enum LabeledDomain: Sendable { case source, target }

/// One shard's slice of a step's batches.
public struct ShardBatch {
    /// Source inputs of this shard, `m` samples (dense `[m] + sampleShape`, or sparse rows).
    public var source: ModelInput
    /// Target inputs of this shard, `m` samples.
    public var target: ModelInput
    /// Labels of the labeled domain's `m` rows (``AdaptationMethod/labeledDomain``).
    public var labels: [Int]
    /// This shard's share of the step's batch: weight mean losses by it so the shards add up.
    public var share: Float

    /// A shard's slice of the batches.
    public init(source: ModelInput, target: ModelInput, labels: [Int], share: Float) {
        self.source = source
        self.target = target
        self.labels = labels
        self.share = share
    }

    /// A shard of dense batches.
    public init(source: Tensor, target: Tensor, labels: [Int], share: Float) {
        self.init(source: .dense(source), target: .dense(target), labels: labels, share: share)
    }

    /// Rows per domain in this shard.
    public var rows: Int { source.rows }
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
    /// The run's configuration (batch-statistics policy, discrepancy options, loss weights).
    public var training: TrainingConfiguration
    /// The method's state before this step (``AdaptationMethod/initialState``).
    public var state: [Float] = []
    /// Steps in one pass over the labeled domain's training samples (at least 1): an epoch.
    public var stepsPerEpoch = 1
}

/// Named scalar values of one step (loss terms, counts), in a stable order.
public struct LossTerms: Sendable, Equatable {
    /// The terms in the order they were first added.
    public private(set) var values: [(name: String, value: Float)] = []

    /// Terms with the given names and values, in that order (names should be unique).
    public init(_ values: [(name: String, value: Float)] = []) { self.values = values }

    /// The value of the term `name`; nil when there is none.
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

    /// Whether both have the same names with the same values, in the same order.
    public static func == (lhs: LossTerms, rhs: LossTerms) -> Bool {
        lhs.values.map(\.name) == rhs.values.map(\.name) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }
}

/// Parameters that share an optimizer and a learning-rate multiplier.
public struct ParameterGroup {
    /// A label for the group (the default group is `all`); the trainer does not use it, and
    /// optimizer state is saved under the parameters' names.
    public var name: String
    /// The group's parameters with their dotted names (the names key the optimizer state in checkpoints).
    public var parameters: [(name: String, parameter: Parameter)]
    /// The group's learning rate is the schedule's (or its Adam rate) times this.
    public var learningRateMultiplier: Float
    /// The group's optimizer (the run's SGD by default).
    public var optimizer: OptimizerSettings

    /// A group updated by `optimizer` at `learningRateMultiplier` times its learning rate.
    public init(name: String, parameters: [(name: String, parameter: Parameter)], learningRateMultiplier: Float = 1,
                optimizer: OptimizerSettings = .runDefault) {
        self.name = name
        self.parameters = parameters
        self.learningRateMultiplier = learningRateMultiplier
        self.optimizer = optimizer
    }
}

/// A stretch of training with its own loss, groups and frozen modules.
public struct TrainingPhase: Sendable, Equatable {
    /// A label for the phase (the default phase is `train`); the trainer does not use it.
    public var name: String
    /// Steps in the phase (positive); the phases' steps must add up to the run's steps.
    public var steps: Int
    /// A phase of `steps` steps.
    public init(name: String, steps: Int) {
        self.name = name
        self.steps = steps
    }
}

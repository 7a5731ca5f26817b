import NablaOptimizers

/// How the trainer builds each phase's optimizers: the method's parameter groups and adversaries,
/// with the finetuning settings (frozen prefixes, the backbone's learning-rate multiplier) applied,
/// and how their state is named in checkpoints.
extension AdaptationTrainer {
    /// The parameter groups of `phase` with their optimizers, created on first use.
    func groups(ofPhase phase: Int) -> [(group: ParameterGroup, optimizer: any Optimizer)] {
        if let existing = optimizers[phase] { return existing }
        let created = finetuned(method.parameterGroups(of: network, phase: phase)).map { group in
            (group, makeOptimizer(group.optimizer, multiplier: group.learningRateMultiplier))
        }
        optimizers[phase] = created
        return created
    }

    /// The adversaries of `phase` with their optimizers, created on first use.
    func adversaries(ofPhase phase: Int) -> [(update: AdversaryUpdate, optimizer: any Optimizer)] {
        if let existing = adversaryOptimizers[phase] { return existing }
        let created = method.adversaries(of: network, phase: phase, training: configuration).compactMap { update -> AdversaryUpdate? in
            var update = update
            update.group.parameters.removeAll { isFrozen($0.name) }
            return update.group.parameters.isEmpty ? nil : update
        }.map { update in
            (update, makeOptimizer(update.group.optimizer, multiplier: update.group.learningRateMultiplier))
        }
        adversaryOptimizers[phase] = created
        return created
    }

    /// The prefix of the extractor's parameter names, which ``TrainingConfiguration/backboneLearningRateMultiplier`` scales.
    static let extractorPrefix = "featureExtractor."

    /// Whether ``TrainingConfiguration/frozenPrefixes`` freezes the parameter called `name`.
    func isFrozen(_ name: String) -> Bool {
        configuration.frozenPrefixes?.contains { name.hasPrefix($0) } ?? false
    }

    /// The method's groups with the finetuning settings applied: frozen parameters dropped (and
    /// groups left empty with them), and with a backbone multiplier each group split into its
    /// extractor part (multiplier times the backbone's, named `<group>.backbone` when the group
    /// has other parameters too, since Adam's step count is saved by group name) and the rest.
    /// Without either setting the groups are the method's.
    func finetuned(_ groups: [ParameterGroup]) -> [ParameterGroup] {
        guard configuration.frozenPrefixes != nil || configuration.backboneLearningRateMultiplier != nil else { return groups }
        return groups.flatMap { group -> [ParameterGroup] in
            var group = group
            group.parameters.removeAll { isFrozen($0.name) }
            guard !group.parameters.isEmpty else { return [] }
            guard let backbone = configuration.backboneLearningRateMultiplier else { return [group] }
            var extractor = group, rest = group
            extractor.parameters = group.parameters.filter { $0.name.hasPrefix(Self.extractorPrefix) }
            rest.parameters = group.parameters.filter { !$0.name.hasPrefix(Self.extractorPrefix) }
            extractor.learningRateMultiplier *= backbone
            if rest.parameters.isEmpty { return [extractor] }
            if extractor.parameters.isEmpty { return [rest] }
            extractor.name = group.name + ".backbone"
            return [extractor, rest]
        }
    }

    /// What is wrong with ``TrainingConfiguration/frozenPrefixes`` for this network and method:
    /// a prefix that matches no parameter, or a phase left with nothing to train.
    func freezingProblem() -> String? {
        guard let prefixes = configuration.frozenPrefixes else { return nil }
        let names = network.namedParameters.map(\.name)
        if let unmatched = prefixes.first(where: { prefix in !names.contains { $0.hasPrefix(prefix) } }) {
            let topLevel = network.namedChildren.map { $0.name + "." }.joined(separator: ", ")
            return "the frozen prefix '\(unmatched)' matches no parameter; the network's parameters start with \(topLevel)"
        }
        for (index, phase) in phases.enumerated() where finetuned(method.parameterGroups(of: network, phase: index)).isEmpty {
            return "freezing \(prefixes.joined(separator: ", ")) leaves nothing to train in \(phases.count > 1 ? "the \(phase.name) phase" : "the run")"
        }
        return nil
    }

    func makeOptimizer(_ settings: OptimizerSettings, multiplier: Float) -> any Optimizer {
        switch settings {
        case .runDefault:
            SGD(learningRate: configuration.initialLearningRate * multiplier, momentum: configuration.momentum, weightDecay: configuration.weightDecay)
        case .adam(let learningRate, let beta1, let beta2):
            Adam(learningRate: learningRate * multiplier, beta1: beta1, beta2: beta2, weightDecay: configuration.weightDecay)
        }
    }

    /// Every optimizer of `phase` with the parameters and name of what it updates.
    func allOptimizers(ofPhase phase: Int) -> [(group: ParameterGroup, optimizer: any Optimizer)] {
        groups(ofPhase: phase) + adversaries(ofPhase: phase).map { ($0.update.group, $0.optimizer) }
    }

    /// Adam keeps one step count per optimizer, saved as `adam.step`: with several in a run, each
    /// is filed under its group's name.
    static func stateKey(_ key: String, group: ParameterGroup, optimizer: any Optimizer) -> String {
        optimizer is Adam && key == "adam.step" ? "\(group.name).adam.step" : key
    }
}

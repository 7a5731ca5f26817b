import FileWriting
import Foundation
import Nabla

/// A whole training run with its files: `metrics.jsonl` (one JSON object per line),
/// `checkpoint.safetensors` (written atomically every `checkpointEvery` steps and at the end),
/// and evaluation on the test sets every `evaluateEvery` steps.
///
/// A run continued with `resume()` after being killed ends with the same weights and the same
/// `metrics.jsonl` as one that never stopped: the samplers, optimizer and step come back from
/// the checkpoint, and metric lines past the checkpoint are dropped before training goes on.
///
/// With weight averaging (``TrainingConfiguration/averagingStart``), the network holds the
/// averaged weights once the last step is done, and the final checkpoint stores them: that is
/// the reported model. The final iterate's accuracies stay in the last line of `metrics.jsonl`.
public final class TrainingRun {
    /// Where a run writes its files and how often it logs, evaluates and saves.
    public struct Settings: Sendable {
        /// The folder of `metrics.jsonl` and `checkpoint.safetensors` (it must exist).
        public var outputDirectory: String
        /// Steps between lines of `metrics.jsonl` (each the mean over its steps); the last step is
        /// always logged.
        public var logEvery = 100
        /// Steps between test-set evaluations, made on logged steps only (so a multiple of
        /// ``logEvery`` is best); the last step is always evaluated, on the whole test sets.
        public var evaluateEvery = 1000
        /// Test samples per domain used by periodic evaluations (the final one uses all).
        public var evaluationSampleLimit = 2000
        /// Steps between checkpoints; the last step, and a stop on request, always write one.
        public var checkpointEvery = 1000
        /// The source domain's name (e.g. `mnist`), recorded in the checkpoint's card.
        public var sourceName = ""
        /// The target domain's name (e.g. `mnist-m`), recorded in the checkpoint's card.
        public var targetName = ""
        /// The defaults, writing into `outputDirectory`.
        public init(outputDirectory: String) { self.outputDirectory = outputDirectory }
    }

    /// Something the caller may want to show.
    public enum Event {
        /// A step was taken.
        case step(StepMetrics)
        /// A line was appended to `metrics.jsonl`.
        case logged(IntervalMetrics)
        /// The test sets were evaluated (nil for a domain without a test set).
        case evaluated(step: Int, sourceAccuracy: Double?, targetAccuracy: Double?)
        /// A checkpoint of the state after `step` steps was written.
        case checkpointSaved(step: Int)
        /// Training looks unhealthy (e.g. a collapsed label loss); the message says why.
        case warning(String)
    }

    /// The trainer that takes the steps; its network ends up holding the reported model.
    public let trainer: AdaptationTrainer
    /// The domains (their test sets are used for evaluation, their preprocessing is saved).
    public let domains: PreparedDomains
    /// Files and intervals of the run.
    public let settings: Settings
    let baseCard: ModelCard
    /// Early stopping on a source validation split (set before ``run(shouldStop:onEvent:)``;
    /// requires a trainer without weight averaging); it is checked every ``earlyStoppingEvery`` steps.
    public var earlyStopping: EarlyStoppingMonitor?
    /// Steps between early-stopping evaluations (one pass over the source by default).
    public var earlyStoppingEvery = 1
    /// Whether training ended because early stopping said so (the network then holds the best
    /// validated weights).
    public private(set) var stoppedEarly = false
    /// Label-free validation every few steps, and the checkpoint of the preferred iterate.
    public var scoring: PeriodicScoring?
    /// The iterate `scoring.selectBy` preferred so far.
    public private(set) var selected: SelectedIterate?
    var interval: [StepMetrics] = []
    var collapseWarned = false
    /// Whether the "never learned" warning was given.
    var notLearningWarned = false
    /// Kinds of ``MethodWarning`` already reported (each once per run).
    var methodWarningsGiven: Set<String> = []
    var lowestLabelLoss = Float.infinity

    /// A run of `trainer` that writes into `settings.outputDirectory`; nothing is written until
    /// ``run(shouldStop:onEvent:)`` or ``saveCheckpoint()``.
    public init(trainer: AdaptationTrainer, domains: PreparedDomains, settings: Settings) {
        self.trainer = trainer
        self.domains = domains
        self.settings = settings
        var card = ModelCard(network: trainer.network.configuration, preprocessing: domains.preprocessing)
        card.classNames = domains.classNames
        card.source = settings.sourceName
        card.target = settings.targetName
        baseCard = card
    }

    /// `<outputDirectory>/checkpoint.safetensors`.
    public var checkpointPath: String { settings.outputDirectory + "/checkpoint.safetensors" }
    /// `<outputDirectory>/metrics.jsonl`.
    public var metricsPath: String { settings.outputDirectory + "/metrics.jsonl" }

    /// Restores the trainer from the checkpoint in the output folder and cuts `metrics.jsonl`
    /// back to the checkpoint's step. Returns the step training continues from.
    public func resume() throws -> Int {
        let loaded = try ModelCheckpoint.read(from: checkpointPath)
        guard loaded.card.stoppedEarly != true, earlyStopping == nil else {
            throw TrainingError.invalidConfiguration("runs with early stopping cannot be resumed: the validation history is not checkpointed (the run in \(settings.outputDirectory) \(loaded.card.stoppedEarly == true ? "is finished" : "must be started again"))")
        }
        guard loaded.card.network == trainer.network.configuration else {
            // Name each differing field as the model card does, with both values (class_count 8, now 9).
            let differing = zip(Mirror(reflecting: loaded.card.network).children, Mirror(reflecting: trainer.network.configuration).children)
                .filter { "\($0.value)" != "\($1.value)" }
                .map { saved, now in
                    let key = (saved.label ?? "?").replacingOccurrences(of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression).lowercased()
                    return "\(key) \(saved.value), now \(now.value)"
                }
            throw TrainingError.invalidConfiguration("the checkpoint in \(settings.outputDirectory) was trained with another network (\(differing.joined(separator: "; "))); resume with the same model flags and data")
        }
        // The data too: a resumed run on other domains or other preprocessing (another --limit
        // changes the fitted statistics) would silently continue as a different experiment.
        var otherData: [String] = []
        if loaded.card.source != baseCard.source { otherData.append("source '\(loaded.card.source)', now '\(baseCard.source)'") }
        if loaded.card.target != baseCard.target { otherData.append("target '\(loaded.card.target)', now '\(baseCard.target)'") }
        if loaded.card.preprocessing != baseCard.preprocessing {
            otherData.append("input preprocessing (resize, normalisation, or the training data its statistics were fitted on)")
        }
        guard otherData.isEmpty else {
            throw TrainingError.invalidConfiguration("the checkpoint in \(settings.outputDirectory) was trained on other data (\(otherData.joined(separator: "; "))); resume with the same --source, --target, --limit, --resize and --normalization")
        }
        if let saved = loaded.card.training, saved.steps != trainer.configuration.steps {
            // Extending a run cannot be exact: the learning-rate and λ schedules and the
            // averaging window are functions of progress p = step/steps.
            throw TrainingError.invalidConfiguration("the run in \(settings.outputDirectory) has \(saved.steps) steps and cannot continue with \(trainer.configuration.steps): its learning-rate and λ schedules and its averaging window are defined on progress step/steps, so changing --steps would change them mid-run; start a new run with --steps \(trainer.configuration.steps) instead")
        }
        if let saved = loaded.card.training, saved != trainer.configuration {
            // Schedules depend on the total step count and the seed drives sampling: resuming
            // with other settings would silently produce a run that matches neither.
            let differing = zip(Mirror(reflecting: saved).children, Mirror(reflecting: trainer.configuration).children)
                .filter { "\($0.value)" != "\($1.value)" }.compactMap(\.0.label)
            // Checkpoints from before weight averaging existed carry no averaging start.
            let hint = saved.averagingStart == nil && trainer.configuration.averagingStart != nil ? " (--average-from none for a run without weight averaging)" : ""
            throw TrainingError.invalidConfiguration("the checkpoint in \(settings.outputDirectory) was trained with other settings (\(differing.joined(separator: ", "))); resume with the same flags\(hint)")
        }
        for (name, parameter) in trainer.network.namedParameters {
            if let value = loaded.network.namedParameters.first(where: { $0.name == name })?.parameter.value { parameter.value = value }
        }
        try trainer.restore(card: loaded.card, optimizerState: loaded.optimizerState, averagedWeights: loaded.averagedWeights)
        reportsAveragedWeights = loaded.card.weightsAreAveraged ?? false
        let kept = (try? String(contentsOfFile: metricsPath, encoding: .utf8))?
            .split(separator: "\n")
            .filter { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let step = object["step"] as? Int else { return false }
                return step <= loaded.card.step
            } ?? []
        try AtomicFile.write(Array(kept.map { $0 + "\n" }.joined().utf8), to: metricsPath)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        lastLogged = kept.last.flatMap { try? decoder.decode(IntervalMetrics.self, from: Data($0.utf8)) }
        // An iterate selected after the checkpoint is chosen again as training repeats those steps.
        if let record = SelectedIterate.read(in: settings.outputDirectory), record.step <= loaded.card.step { selected = record }
        return loaded.card.step
    }

    /// Trains until the configured number of steps, or until `shouldStop()` says so (then a
    /// checkpoint is written). Throws on a non-finite loss; the last checkpoint is left intact.
    public func run(shouldStop: () -> Bool = { false }, onEvent: (Event) -> Void = { _ in }) throws {
        let total = trainer.configuration.steps
        precondition(earlyStopping == nil || trainer.weightAverage == nil, "TrainingRun: early stopping reports the best validated weights, not an average")
        if trainer.step == 0 { try AtomicFile.write([], to: metricsPath) }
        while trainer.step < total && !stoppedEarly {
            if shouldStop() { try saveCheckpoint(); onEvent(.checkpointSaved(step: trainer.step)); return }
            let metrics = try trainer.trainStep()
            interval.append(metrics)
            onEvent(.step(metrics))
            let step = trainer.step
            if let monitor = earlyStopping, step % earlyStoppingEvery == 0 || step == total {
                stoppedEarly = monitor.observe(trainer.network, step: step) && step < total
                // The reported model: the best validated weights, evaluated and saved below.
                if stoppedEarly || step == total { try monitor.restoreBest(into: trainer.network) }
            }
            let isLast = step == total || stoppedEarly
            // After the last step, the reported model: the averaged weights with batch-norm
            // statistics of their own (the curve during training keeps the averaged ones, since
            // recomputing costs a pass over the data).
            let reportedAverage = isLast ? averagedNetwork() : nil
            if let reportedAverage { trainer.recomputeBatchNormStatistics(of: reportedAverage) }
            if step % settings.logEvery == 0 || isLast {
                var line = averaged()
                if step % settings.evaluateEvery == 0 || isLast {
                    let (source, target) = evaluate(limit: isLast ? nil : settings.evaluationSampleLimit)
                    line.sourceTestAccuracy = source
                    line.targetTestAccuracy = target
                    onEvent(.evaluated(step: step, sourceAccuracy: source, targetAccuracy: target))
                    if let averaged = reportedAverage ?? averagedNetwork() {
                        (line.averagedSourceTestAccuracy, line.averagedTargetTestAccuracy) =
                            evaluate(averaged, limit: isLast ? nil : settings.evaluationSampleLimit)
                    }
                }
                if let scoring, step % scoring.every == 0 || isLast {
                    try score(into: &line, average: reportedAverage ?? averagedNetwork(), scoring: scoring)
                }
                let warnings = [notLearningWarning(line), collapseWarning(line), methodWarning(line)].compactMap { $0 }
                if !warnings.isEmpty {
                    line.warning = warnings.joined(separator: "; ")
                    warnings.forEach { onEvent(.warning($0)) }
                }
                try appendMetrics(line)
                lastLogged = line
                onEvent(.logged(line))
            }
            if let reportedAverage {
                try trainer.network.loadState(reportedAverage.stateTensors(), file: "the averaged weights")
                reportsAveragedWeights = true
            }
            if step % settings.checkpointEvery == 0 || isLast {
                try saveCheckpoint()
                onEvent(.checkpointSaved(step: step))
            }
        }
    }

    /// Scores the iterate (and the average) into `line`; keeps the iterate if `selectBy` prefers it.
    func score(into line: inout IntervalMetrics, average: AdaptationNetwork?, scoring: PeriodicScoring) throws {
        let configuration = trainer.configuration
        let scores = try ModelValidation.scores(of: trainer.network, training: configuration, sets: scoring.sets, validators: scoring.validators)
        line.scores = Dictionary(uniqueKeysWithValues: scores.map { ($0.key.rawValue, $0.value) })
        if let average {
            let averaged = try ModelValidation.scores(of: average, training: configuration, sets: scoring.sets, validators: scoring.validators)
            line.averagedScores = Dictionary(uniqueKeysWithValues: averaged.map { ($0.key.rawValue, $0.value) })
        }
        guard let validator = scoring.selectBy, let value = scores[validator], value.isFinite else { return }
        // Ties keep the earlier iterate, so a resumed run selects what an uninterrupted one does.
        if let best = selected, validator.preference(value) <= validator.preference(best.score) { return }
        var card = trainer.checkpointCard(base: baseCard)
        card.weightsAreAveraged = nil
        try ModelCheckpoint.write(network: trainer.network, card: card, to: settings.outputDirectory + "/checkpoint-selected.safetensors")
        selected = SelectedIterate(validator: validator.rawValue, step: trainer.step, score: value, checkpoint: "checkpoint-selected.safetensors")
        try selected!.write(in: settings.outputDirectory)
    }

    /// Whether the network now holds the averaged weights (training is over).
    public private(set) var reportsAveragedWeights = false

    /// The last line of `metrics.jsonl` (also after resuming).
    public private(set) var lastLogged: IntervalMetrics?

    /// Writes the checkpoint (weights, card, optimizer state and running weight average) atomically
    /// to ``checkpointPath``; throws when the file cannot be written.
    public func saveCheckpoint() throws {
        var card = trainer.checkpointCard(base: baseCard)
        card.weightsAreAveraged = reportsAveragedWeights ? true : nil
        card.stoppedEarly = stoppedEarly ? true : nil
        try ModelCheckpoint.write(network: trainer.network, card: card, optimizerState: trainer.optimizerState,
                                  averagedWeights: reportsAveragedWeights ? [:] : trainer.weightAverage?.tensors ?? [:],
                                  to: checkpointPath)
    }

    /// A copy of the network with the running weight average, once it holds any step.
    func averagedNetwork() -> AdaptationNetwork? {
        guard let average = trainer.weightAverage, average.count > 0, !reportsAveragedWeights else { return nil }
        let copy = trainer.network.emptyCopy(method: trainer.method)
        average.apply(to: copy)
        return copy
    }

    /// Accuracy of the trained network on the source and target test sets (a deterministic
    /// evenly spaced subset when limited).
    public func evaluate(limit: Int?) -> (source: Double?, target: Double?) {
        evaluate(trainer.network, limit: limit)
    }

    /// Accuracy of `network` on the source and target test sets (all samples, or an evenly spaced `limit`).
    public func evaluate(_ network: AdaptationNetwork, limit: Int?) -> (source: Double?, target: Double?) {
        func score(_ samples: (any SampleSource)?) -> Double? {
            guard let samples, samples.labels != nil else { return nil }
            return network.evaluate(on: SampleSubset(samples, evenlySpaced: limit ?? samples.count)).accuracy
        }
        return (score(domains.sourceTest), score(domains.targetTest))
    }

    /// Test accuracies on the full test sets of a finished run, from its last evaluation: of the
    /// reported model (the weight average, if the run averages) and of the final iterate.
    public var finalAccuracies: (reported: (source: Double?, target: Double?), finalIterate: (source: Double?, target: Double?))? {
        guard let line = lastLogged, line.step == trainer.configuration.steps || stoppedEarly else { return nil }
        let finalIterate = (line.sourceTestAccuracy, line.targetTestAccuracy)
        // With early stopping the last evaluation scored the best validated weights.
        if earlyStopping != nil { return (finalIterate, (nil, nil)) }
        return (reportsAveragedWeights ? (line.averagedSourceTestAccuracy, line.averagedTargetTestAccuracy) : finalIterate, finalIterate)
    }

    func averaged() -> IntervalMetrics {
        let n = Float(max(interval.count, 1))
        let last = interval.last!
        defer { interval.removeAll(keepingCapacity: true) }
        let terms = Dictionary(uniqueKeysWithValues: last.terms.keys.map { name in
            (name, interval.compactMap { $0.terms[name] }.reduce(0, +) / n)
        })
        return IntervalMetrics(step: last.step, terms: terms, tradeOff: last.tradeOff, learningRate: last.learningRate)
    }

    /// A label loss back at chance, ln(classes), after the network had learned (checked once per
    /// logging interval, reported once per run). Two kinds were seen: the collapse of PyTorch's
    /// reference (every extractor ReLU dead: the domain classifier is at chance too, and it does
    /// not recover) and a transient one on MNIST-M → MNIST (the domain classifier still separates
    /// the domains; the run recovered 2,000 steps later).
    func collapseWarning(_ line: IntervalMetrics) -> String? {
        let classes = trainer.network.configuration.classCount
        let chance = Float(log(Double(classes)))
        guard let labelLoss = line.labelLoss else { return nil }
        defer { lowestLabelLoss = min(lowestLabelLoss, labelLoss) }
        // Only after the network had learned something: early on the loss is at chance anyway.
        guard !collapseWarned, lowestLabelLoss < 0.7 * chance, labelLoss > 0.9 * chance else { return nil }
        collapseWarned = true
        let loss = String(format: "%.3f", labelLoss), bound = String(format: "%.3f", chance)
        if let domainAccuracy = line.domainAccuracy, abs(domainAccuracy - 0.5) < 0.03 {
            return "training looks collapsed at step \(line.step): label loss \(loss) ≈ ln(\(classes)) = \(bound) and domain accuracy ≈ 0.5 (dead features); try a lower learning rate, batch-norm, or a smaller λ"
        }
        return "the label loss is back at chance at step \(line.step) (\(loss), ln(\(classes)) = \(bound)) after reaching \(String(format: "%.3f", lowestLabelLoss)): the label predictor lost the classes; runs can recover from this (watch the next evaluations), else try a lower learning rate or a smaller λ"
    }

    /// A label loss that has stayed at chance, ln(classes), through the first tenth of training (at
    /// least 500 steps): the network is not learning at all. Seen on MNIST-M → MNIST with DAN at its
    /// constant λ = 1 from the first step: the MMD drove the hidden activations to a constant (MMD 0)
    /// before the classifier learned anything, and the run stayed at chance to the end. Reported once.
    func notLearningWarning(_ line: IntervalMetrics) -> String? {
        let classes = trainer.network.configuration.classCount
        let chance = Float(log(Double(classes)))
        guard !notLearningWarned, let labelLoss = line.labelLoss, classes > 1,
              line.step >= max(500, trainer.configuration.steps / 10),
              labelLoss > 0.95 * chance, lowestLabelLoss > 0.9 * chance else { return nil }
        notLearningWarned = true
        return "the label loss is still at chance after \(line.step) steps (\(String(format: "%.3f", labelLoss)), ln(\(classes)) = \(String(format: "%.3f", chance))): the network is not learning; an adaptation term at full weight from the first step can collapse the features to a constant before the classes are learned — try --trade-off-schedule ramp, a smaller --trade-off or a lower learning rate"
    }

    /// The method's own warning about this interval (``AdaptationMethod/warning(forInterval:step:)``),
    /// the first time its kind appears.
    func methodWarning(_ line: IntervalMetrics) -> String? {
        guard let warning = trainer.method.warning(forInterval: line.terms, step: line.step),
              methodWarningsGiven.insert(warning.kind).inserted else { return nil }
        return warning.message
    }

    func appendMetrics(_ line: IntervalMetrics) throws {
        let bytes = Array(try IntervalMetrics.lineEncoder().encode(line)) + [10]
        guard let handle = FileHandle(forWritingAtPath: metricsPath) else {
            throw AtomicFileError(path: metricsPath, reason: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
    }
}

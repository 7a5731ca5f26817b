import ArgumentParser
import DANNVisualization
import DomainAdaptation
import DomainData
import EmbeddingAnalysis
import FileWriting
import Foundation
import Nabla

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a domain-adaptation method (or a baseline) from a labeled source domain to an unlabeled target domain.",
        discussion: """
            Domains are dataset names (mnist, mnist-m), IDX or MNIST-M folders, image folders of PNG/JPEG \
            files (train/CLASS/*.jpg and test/CLASS/*; a target may be a flat folder of unlabelled images), \
            CSV files, or folders with train.csv and test.csv. Methods: dann, ddc, dan, coral, cdan, cdan-e, and the baselines source-only and \
            target-only (--method). Defaults follow Ganin et al. (JMLR 2016): λ_p = 2/(1+e^(−10p))−1, \
            μ_p = 0.01/(1+10p)^0.75, SGD momentum 0.9, 64 source + 64 target samples per step, mean subtraction. \
            The reported and saved model is the average of the weights over the last quarter of training \
            (--average-from none: the final iterate, as in the paper; summary.json scores both). \
            Writes summary.json, checkpoint.safetensors and metrics.jsonl into --out.
            """)

    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup(title: "Method") var methodOptions: MethodOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Schedule and optimizer") var schedule: ScheduleOptions
    @OptionGroup(title: "Finetuning") var finetune: FinetuneOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Compute") var compute: ComputeOptions

    var method: TrainingMethod { methodOptions.method }
    var out: String { output.out }

    func validate() throws {
        if finetune.initFrom != nil && output.resume {
            throw ValidationError("--init-from starts a new run from a checkpoint's weights; --resume continues this run from its own checkpoint: give one, not both")
        }
    }

    func run() throws {
        compute.apply()
        let folder = try RunFolder(out, resume: output.resume, force: output.force)
        do { try train(in: folder) } catch {
            folder.removeIfUnused()
            throw error
        }
    }

    func train(in folder: RunFolder) throws {
        let start = Date()
        if let tensorboard = output.tensorboard { try TensorBoardLog.prepare(tensorboard) }
        let locator = DatasetLocator(dataDirectory: data.dataDir)
        let (sourceFiles, targetFiles, classes) = try loadDomains(locator: locator, method: method)
        if data.augmentation != nil {
            guard case .images = sourceFiles else { throw CommandFailure("--random-resized-crop and --horizontal-flip apply to image domains only") }
        }
        var domains = try PreparedDomains(source: sourceFiles, target: targetFiles, resize: model.resize,
                                          normalization: model.normalization, inputSize: data.inputSize,
                                          augmentation: data.augmentation, exposeTargetLabels: method.implementation.labeledDomain == .target,
                                          classCount: classes)
        // Checked now, not after training: a wrong --compare-with fails before the first step.
        let baseline = try output.compareWith.map { try ComparedBaseline(path: $0, source: sourceFiles, target: targetFiles) }
        // Early stopping holds out part of the labeled training set (the source, or the target for the oracle).
        let validation = schedule.earlyStoppingRule.map { rule in domains.holdOutValidation(rule, labeledDomain: method.implementation.labeledDomain) }
        let labeledCount = method.implementation.labeledDomain == .target ? domains.targetTrain.count : domains.sourceTrain.count
        let training = try trainingConfiguration(labeledCount: labeledCount)
        var heldOutSource: (any SampleSource)?
        if let fraction = training.sourceValidationFraction {
            guard domains.sourceTrain.count >= 2 else { throw CommandFailure("--source-validation needs at least 2 source training samples") }
            let split = domains.holdingOutSourceValidation(fraction: fraction, seed: training.seed)
            domains = split.domains
            heldOutSource = split.validation
        }
        var networkConfiguration = NetworkConfiguration(inputShape: domains.preprocessing.inputShape, classCount: domains.classCount)
        if case .sparse = domains.preprocessing { try model.apply(to: &networkConfiguration, sparse: true) } else { try model.apply(to: &networkConfiguration) }
        networkConfiguration = training.adaptedNetwork(networkConfiguration)
        let (batchSize, seed) = (training.batchSize, training.seed)

        var generator = SeededGenerator(seed: seed)
        let network = AdaptationNetwork(configuration: networkConfiguration, method: method, using: &generator)
        if let weights = model.backboneWeights, !output.resume {
            let report: BackboneWeights.Report
            do { report = try BackboneWeights.load(from: weights, into: network) } catch { throw CommandFailure("--backbone-weights \(error)") }
            if !output.quiet {
                let ignored = report.ignoredKeys.isEmpty ? "" : "; ignored \(report.ignoredKeys.count) keys outside the backbone (\(report.ignoredKeys.prefix(4).joined(separator: ", "))\(report.ignoredKeys.count > 4 ? ", …" : ""))"
                FileHandle.standardError.write(Data("--backbone-weights: loaded \(report.loadedCount) tensors into the \(model.backbone.rawValue) backbone\(ignored)\n".utf8))
            }
        }
        if let path = finetune.initFrom {
            let report: ModelCheckpoint.Initialization
            do { report = try ModelCheckpoint.initialize(network, from: path) } catch { throw CommandFailure("--init-from \(error)") }
            let total = network.namedParameters.filter(\.parameter.isTrainable).count
            print("--init-from: copied \(report.copiedCount) tensors from \(path); \(report.freshParameters.count) of the network's \(total) parameters keep their fresh initialisation"
                  + (report.freshParameters.isEmpty ? "" : " (\(report.freshParameters.prefix(3).joined(separator: ", "))\(report.freshParameters.count > 3 ? ", …" : ""))"))
        }
        let trainer = try AdaptationTrainer(network: network, configuration: training, source: domains.sourceTrain, target: domains.targetTrain)
        var settings = TrainingRun.Settings(outputDirectory: out)
        let logEvery = output.logEvery
        settings.logEvery = logEvery
        settings.checkpointEvery = output.checkpointEvery
        settings.evaluateEvery = output.evaluateEvery ?? max(logEvery, (training.steps / 10) / logEvery * logEvery)
        settings.sourceName = sourceFiles.name
        settings.targetName = targetFiles.name
        let trainingRun = TrainingRun(trainer: trainer, domains: domains, settings: settings)
        if let every = output.scoreEvery {
            // Held-out source samples, else the source test split: never target labels.
            guard let sourceValidation = heldOutSource ?? domains.sourceTest.flatMap({ $0.labels == nil ? nil : $0 }) else {
                throw CommandFailure("--score-every needs labelled source samples outside training: add --source-validation 0.1")
            }
            trainingRun.scoring = PeriodicScoring(every: every, sets: ValidationSets(sourceValidation: sourceValidation, sourceTrain: domains.sourceTrain,
                                                                                     target: domains.targetTrain),
                                                  selectBy: output.selectBy)
        }
        if let validation, let rule = schedule.earlyStoppingRule {
            trainingRun.earlyStopping = EarlyStoppingMonitor(rule: rule, validation: validation)
            trainingRun.earlyStoppingEvery = (labeledCount + batchSize - 1) / batchSize
        }
        if output.resume {
            guard FileManager.default.fileExists(atPath: trainingRun.checkpointPath) else {
                throw CommandFailure("--resume: no checkpoint at \(trainingRun.checkpointPath)")
            }
            let step = try trainingRun.resume()
            if !output.quiet { FileHandle.standardError.write(Data("resuming at step \(step) of \(training.steps)\n".utf8)) }
        }
        if !output.quiet {
            let shape = networkConfiguration.inputShape.map(String.init).joined(separator: "×")
            FileHandle.standardError.write(Data("\(method.rawValue): \(sourceFiles.name) → \(targetFiles.name), \(domains.sourceTrain.count) + \(domains.targetTrain.count) training samples, input \(shape), \(networkConfiguration.classCount) classes, \(training.steps) steps of \(batchSize)+\(batchSize)\n".utf8))
        }
        // Once the data and settings are known to be good: the options that repeat this run.
        if let arguments = ConfigFile.trainArguments, !output.resume {
            try AtomicFile.write(Array(ConfigFile.text(of: arguments).utf8), to: out + "/config.toml")
        }
        let board = try output.tensorboard.map { try TensorBoardLog(directory: $0, firstStep: trainer.step + 1) }
        Interrupt.install()
        let bar = ProgressBar(total: training.steps, label: method.rawValue, quiet: output.quiet)
        // A failure to write the TensorBoard log stops training like Ctrl-C: checkpointed, resumable.
        try trainingRun.run(shouldStop: { Interrupt.isRequested || board?.failure != nil }) { event in
            switch event {
            case .step(let metrics):
                bar.update(metrics.step, detail: Self.progressDetail(trainingRun.lastLogged, phase: trainer.phaseName))
                if metrics.step == training.steps {
                    bar.stage("evaluating on the full test sets" + (trainingRun.trainer.weightAverage == nil ? "" : " (final iterate and averaged weights)"))
                }
            case .warning(let warning): FileHandle.standardError.write(Data("\nwarning: \(warning)\n".utf8))
            case .logged(let line): board?.log(line)
            case .evaluated, .checkpointSaved: break
            }
        }
        if let failure = board?.failure {
            throw CommandFailure("--tensorboard: \(failure); training stopped at step \(trainer.step) with its checkpoint saved; continue with --resume")
        }
        try board?.close()
        // Training's checkpoints are saved; a signal during the final stages (t-SNE, PCA, the
        // proxy A-distance) stops them within about a second and exits 130 (SIGINT) or 143 (SIGTERM).
        func stopIfInterrupted() throws {
            guard Interrupt.isRequested else { return }
            let next = trainer.step == training.steps ? "rerun with --resume to write the summary and pictures" : "continue with --resume"
            print("interrupted at step \(trainer.step); checkpoint saved to \(trainingRun.checkpointPath); \(next)")
            throw ExitCode(Interrupt.exitStatus)
        }
        try stopIfInterrupted()
        // The last evaluation scored the reported model and the final iterate on the full test sets.
        let (reported, finalIterate) = trainingRun.finalAccuracies ?? (trainingRun.evaluate(limit: nil), (nil, nil))
        let (sourceAccuracy, targetAccuracy) = reported
        let reportedModel = trainingRun.reportsAveragedWeights
            ? ReportedModel(weights: "averaged", firstStep: training.lastStepBeforeAveraging! + 1, lastStep: training.steps)
            : trainingRun.earlyStopping.map { ReportedModel(weights: "best-validated", step: $0.bestStep) } ?? ReportedModel(weights: "final", step: training.steps)
        let title = "\(method.rawValue): \(sourceFiles.name) → \(targetFiles.name)"
        // The pictures and the proxy A-distance need two test samples per domain.
        let hasTestSplits = (domains.sourceTest?.count ?? 0) >= 2 && (domains.targetTest?.count ?? 0) >= 2
        try stopIfInterrupted()
        if output.embeddingSamples > 0 && hasTestSplits { bar.stage("t-SNE and PCA pictures of the features, proxy A-distance") }
        let distances: (model: Double?, compared: Double?)
        do { distances = try writeEmbeddings(network: network, domains: domains, title: title, baseline: baseline) } catch EmbeddingAnalysisError.cancelled {
            try stopIfInterrupted()
            throw EmbeddingAnalysisError.cancelled
        }
        try stopIfInterrupted()
        let summary = TrainingSummary(
            method: method.rawValue, tradeOff: tradeOffSummary(training), source: sourceFiles.name, target: targetFiles.name, steps: training.steps, seed: seed,
            batchSize: batchSize, threads: ComputeContext.current.threads, convolution: ConvolutionBackend.current.rawValue,
            sourceTestAccuracy: sourceAccuracy,
            targetTestAccuracy: targetAccuracy, reportedModel: reportedModel,
            finalIterateSourceTestAccuracy: finalIterate.source, finalIterateTargetTestAccuracy: finalIterate.target,
            proxyADistance: distances.model, comparedModelProxyADistance: distances.compared,
            comparedModel: output.compareWith, wallSeconds: Date().timeIntervalSince(start), lastLoggedInterval: trainingRun.lastLogged, selectedModel: try selectedModel(trainingRun),
            data: .init(source: DomainFiles.location(of: data.source, locator: locator), target: DomainFiles.location(of: data.target, locator: locator)),
            network: networkConfiguration, training: training, preprocessing: domains.preprocessing,
            earlyStopping: trainingRun.earlyStopping?.record, initializedFrom: finetune.initFrom)
        try writeJSON(summary, to: out + "/summary.json")
        let curves = LearningCurves.figure(try LearningCurves.read(trainingRun.metricsPath), title: title)
        try curves.write(to: out + "/learning-curves.png")
        try curves.write(to: out + "/learning-curves.svg")
        print("\(method.rawValue) \(sourceFiles.name) → \(targetFiles.name): source test accuracy \(format(sourceAccuracy)), target test accuracy \(format(targetAccuracy)) (\(reportedModel.description))")
        if let record = trainingRun.earlyStopping?.record {
            print("early stopping: \(record.evaluations) passes, best source validation accuracy \(String(format: "%.4f", record.bestValidationAccuracy)) on \(record.validationCount) held-out samples at step \(record.bestStep)")
        }
        if trainingRun.reportsAveragedWeights {
            print("final iterate: source test accuracy \(format(finalIterate.source)), target test accuracy \(format(finalIterate.target))")
        }
        if let selected = summary.selectedModel {
            print("selected by \(selected.validator): the iterate of step \(selected.step) (score \(String(format: "%.4f", selected.score))), \(out)/\(selected.checkpoint); "
                  + "target test accuracy \(format(selected.targetTestAccuracy)) (reported only)")
        }
        if let model = distances.model {
            print(String(format: "proxy A-distance between source and target features: %.3f", model)
                  + (distances.compared.map { String(format: " (compared model: %.3f)", $0) } ?? ""))
        }
        if output.embeddingSamples > 0 && !hasTestSplits {
            let (role, split) = (domains.sourceTest?.count ?? 0) < 2 ? ("source", domains.sourceTest) : ("target", domains.targetTest)
            print("no t-SNE/PCA pictures or proxy A-distance: they use both domains' test splits, and the \(role) has \(split == nil ? "none" : "fewer than 2 samples")")
        }
        print("wrote \(out)/summary.json, config.toml, checkpoint.safetensors, metrics.jsonl, learning-curves.png/.svg"
              + (output.embeddingSamples > 0 && hasTestSplits ? ", embedding-tsne.png/.svg, embedding-pca.png/.svg" : "")
              + (board.map { "; TensorBoard events: \($0.writer.path)" } ?? ""))
    }

    /// The training configuration the flags describe: the method's defaults, then the flags.
    /// `labeledCount` (the labeled training set's size) turns `--epochs` into steps.
    func trainingConfiguration(labeledCount: Int) throws -> TrainingConfiguration {
        var training = TrainingConfiguration(method: method)
        try methodOptions.apply(to: &training)
        training.sourceValidationFraction = data.sourceValidation
        training.augmentation = data.augmentation
        finetune.apply(to: &training)
        try schedule.apply(to: &training, labeledCount: labeledCount)
        return training
    }

    /// Both domains (their first `--limit` training samples) and the class count, which comes
    /// from `--classes` or the source's whole files: a limited split may lack a class.
    func loadDomains(locator: DatasetLocator, method: TrainingMethod) throws -> (DomainFiles, DomainFiles, classes: Int) {
        let labeled = method.implementation.labeledDomain
        var sourceFiles = try DomainFiles.load(data.source, locator: locator, needsLabels: labeled == .source, svmlight: data.svmlight,
                                               images: data.imageOptions(quiet: output.quiet))
        // The target's class folders are indexed by the source's class names.
        var targetFiles = try DomainFiles.load(data.target, locator: locator, needsLabels: labeled == .target, svmlight: data.svmlight,
                                               images: data.imageOptions(quiet: output.quiet, classNames: sourceFiles.classNames))
        if case .vectors(_, let train, _) = sourceFiles, train.labels == nil {
            throw CommandFailure("source \(sourceFiles.name) has no label column")
        }
        let classes = try sourceFiles.classCount(declared: data.classes)
        if let limit = data.limit {
            sourceFiles = sourceFiles.prefix(limit)
            targetFiles = targetFiles.prefix(limit)
        }
        return (sourceFiles, targetFiles, classes)
    }

    /// t-SNE and PCA pictures of test features, and the proxy A-distance of this model and,
    /// if given, of the compared checkpoint on the same samples. A signal stops them (throwing
    /// `EmbeddingAnalysisError.cancelled`) before any picture is written.
    func writeEmbeddings(network: AdaptationNetwork, domains: PreparedDomains, title: String,
                         baseline: ComparedBaseline?) throws -> (model: Double?, compared: Double?) {
        let embeddingSamples = output.embeddingSamples
        guard embeddingSamples > 0 else { return (nil, nil) }
        guard let sourceTest = domains.sourceTest, let targetTest = domains.targetTest, sourceTest.count >= 2, targetTest.count >= 2 else { return (nil, nil) }
        let stop = Cancellation { Interrupt.isRequested }
        let embedding = try FeatureEmbedding(network: network, source: sourceTest, target: targetTest, perDomain: embeddingSamples, cancellation: stop)
        let projections = try embedding.projections(cancellation: stop)
        let distance = try embedding.sample.proxyADistance(cancellation: stop).distance
        // The baseline sees the same evenly spaced samples, through its own preprocessing.
        var compared: Double?
        if let baseline, let baselineSource = baseline.sourceTest, let baselineTarget = baseline.targetTest {
            compared = try DomainFeatures(network: baseline.network, source: baselineSource, target: baselineTarget, perDomain: embeddingSamples,
                                          cancellation: stop).proxyADistance(cancellation: stop).distance
        }
        try stop.throwIfRequested()
        try embedding.writePictures(projections, to: out, title: title, classCount: network.configuration.classCount)
        return (distance, compared)
    }

    /// The iterate `--select-by` kept, with its test accuracies (reported, never used to select).
    func selectedModel(_ run: TrainingRun) throws -> SelectedModel? {
        guard let selected = run.selected else { return nil }
        let loaded = try ModelCheckpoint.read(from: out + "/" + selected.checkpoint)
        let (source, target) = run.evaluate(loaded.network, limit: nil)
        return SelectedModel(validator: selected.validator, step: selected.step, score: selected.score, checkpoint: selected.checkpoint,
                             sourceTestAccuracy: source, targetTestAccuracy: target)
    }

    /// λ in words, or "none" for the baselines, whose methods never use it.
    func tradeOffSummary(_ training: TrainingConfiguration) -> String {
        let used = [Float(0.25), 0.5, 1].contains { method.implementation.tradeOff(atProgress: $0, training: training) != 0 }
        return used ? training.tradeOff.summary : "none (no adaptation)"
    }

    func format(_ accuracy: Double?) -> String { accuracy.map { String(format: "%.4f", $0) } ?? "none (no labeled test split)" }
}

/// `summary.json` of a training run; its layout is documented in docs/summary-schema.md (bump
/// `schemaVersion` when a key changes meaning or goes away).
struct TrainingSummary: Encodable {
    /// The layout's version.
    var schemaVersion = 1
    /// The `dann` version that wrote the run.
    var toolVersion = dannVersion
    var method: String
    /// The adaptation weight λ over training, in words (`ramp to 1 (γ 10)`, `constant 0.25`).
    var tradeOff: String
    /// The domains as given on the command line.
    var source: String
    var target: String
    var steps: Int
    var seed: UInt64
    var batchSize: Int
    var threads: Int
    /// Which code computed the convolutions: with the seed and threads, what makes a run repeatable.
    var convolution: String
    /// Test accuracies of the reported model (see `reportedModel`), on the full test splits.
    var sourceTestAccuracy: Double?
    var targetTestAccuracy: Double?
    var reportedModel: ReportedModel
    /// Test accuracies of the last step's weights (the paper's reported model).
    var finalIterateSourceTestAccuracy: Double?
    var finalIterateTargetTestAccuracy: Double?
    /// Proxy A-distance between source and target test features of this model.
    var proxyADistance: Double?
    var comparedModelProxyADistance: Double?
    var comparedModel: String?
    var wallSeconds: Double
    /// The last line of metrics.jsonl: training-loss averages over the last logging interval and
    /// the last periodic evaluation (on test subsets), not the final scores above.
    var lastLoggedInterval: TrainingRun.IntervalMetrics?
    /// The iterate `--select-by` preferred (its own checkpoint), if the run selected one.
    var selectedModel: SelectedModel?
    /// Where the domains were read from.
    var data: DataLocations
    var network: NetworkConfiguration
    var training: TrainingConfiguration
    var preprocessing: InputPreprocessing
    /// With --early-stopping: the rule (held-out share and seed), the held-out count, the
    /// evaluations made and the best one's step and source validation accuracy.
    var earlyStopping: EarlyStoppingRecord?
    /// With --init-from: the checkpoint the weights started from (absent otherwise).
    var initializedFrom: String?

    struct DataLocations: Encodable {
        var source: String
        var target: String
    }
}

/// The iterate a validator preferred during training (`--select-by`).
struct SelectedModel: Encodable {
    var validator: String
    var step: Int
    var score: Double
    /// Relative to the run folder.
    var checkpoint: String
    /// Reported only; the selection never saw them.
    var sourceTestAccuracy: Double?
    var targetTestAccuracy: Double?
}

/// Which weights `summary.json`'s accuracies and the checkpoint hold: `averaged` over
/// `first_step…last_step`, or the `final` iterate at `step`.
struct ReportedModel: Encodable, CustomStringConvertible {
    var weights: String
    var firstStep: Int?
    var lastStep: Int?
    var step: Int?

    var description: String {
        switch weights {
        case "averaged": "average of the weights of steps \(firstStep!)–\(lastStep!)"
        case "best-validated": "best on the source validation split, step \(step!)"
        default: "final iterate"
        }
    }
}

extension TrainCommand {
    /// What the progress bar shows after the counts: the phase of a method with several (ADDA's
    /// `pretrain`, `adapt`), the label loss and DANN's domain accuracy, or else the method's first
    /// two logged terms (ADDA's adaptation has no label loss).
    static func progressDetail(_ line: TrainingRun.IntervalMetrics?, phase: String?) -> String {
        var parts = phase.map { [$0] } ?? []
        if let line {
            if let loss = line.labelLoss {
                parts.append(String(format: "loss %.3f", loss))
                if let accuracy = line.domainAccuracy { parts.append(String(format: "domain acc %.2f", accuracy)) }
            } else {
                for name in line.terms.keys.sorted().prefix(2) {
                    // As metrics.jsonl names it: discriminatorLoss → discriminator_loss.
                    parts.append(LearningCurves.Record.snakeCase(name) + String(format: " %.3f", line.terms[name]!))
                }
            }
        }
        return parts.joined(separator: " ")
    }
}

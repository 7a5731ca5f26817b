import DomainAdaptation
import DomainData
import FileWriting
import Foundation

/// The label-free scores of one finished run folder, and how they were obtained.
struct RunScores: Codable {
    /// The run folder.
    var run: String
    /// What the labelled source validation samples were.
    var validationSet: String
    /// Samples of each set the validators used.
    var samples: Int
    /// Reverse validation's training steps (0: not computed).
    var reverseSteps: Int
    /// Each validator's value, by its name (absent where it does not apply).
    var scores: [String: Double]

    /// Scores the model in `run` with the data its `config.toml` names, prepared exactly as in
    /// training (the preprocessing must come out equal to the checkpoint's).
    init(run: String, validators: [Validator], samples: Int, reverseSteps: Int, dataDir: String?) throws {
        let configPath = run + "/config.toml"
        guard FileManager.default.fileExists(atPath: configPath) else {
            throw CommandFailure("\(run): no config.toml (is it a folder written by dann train?)")
        }
        let loaded = try ModelCheckpoint.read(from: run + "/checkpoint.safetensors")
        // Finished: all its steps, or stopped early (the checkpoint then holds the best weights).
        guard let training = loaded.card.training, loaded.card.step == training.steps || loaded.card.stoppedEarly == true else {
            throw CommandFailure("\(run): the run has not finished (its checkpoint is at step \(loaded.card.step)); finish it with dann train --out \(run) --resume")
        }
        var arguments = try ConfigFile.options(inFile: configPath) + ["--out", run]
        if let dataDir { arguments += ["--data-dir", dataDir] }
        let train = try TrainCommand.parse(arguments)
        let (sourceFiles, targetFiles, classes) = try train.loadDomains(locator: DatasetLocator(dataDirectory: train.data.dataDir), method: training.method)
        var domains = try PreparedDomains(source: sourceFiles, target: targetFiles, resize: train.model.resize, normalization: train.model.normalization,
                                          inputSize: train.data.inputSize, augmentation: train.data.augmentation, classCount: classes)
        guard domains.preprocessing == loaded.card.preprocessing else {
            throw CommandFailure("\(run): the data its config.toml names now gives other input statistics than the checkpoint's; were the files changed?")
        }
        // The splits training made, in its order: early stopping's, then the validators'.
        if let rule = train.schedule.earlyStoppingRule { _ = domains.holdOutValidation(rule, labeledDomain: training.method.implementation.labeledDomain) }
        let validation: any SampleSource
        if let fraction = training.sourceValidationFraction {
            let split = domains.holdingOutSourceValidation(fraction: fraction, seed: training.seed)
            domains = split.domains
            validation = split.validation
            validationSet = "held-out \(Int((fraction * 100).rounded()))% of the source training samples (\(split.validation.count))"
        } else if let sourceTest = domains.sourceTest, sourceTest.labels != nil {
            validation = sourceTest
            validationSet = "the source test split (\(sourceTest.count); the run held out no training samples)"
        } else {
            throw CommandFailure("\(run): no labelled source samples outside training; train with --source-validation 0.1")
        }
        let sets = ValidationSets(sourceValidation: validation, sourceTrain: domains.sourceTrain, target: domains.targetTrain, limit: samples)
        let values = try ModelValidation.scores(of: loaded.network, training: training, sets: sets, validators: validators,
                                                reverse: ReverseValidator(steps: reverseSteps, seed: training.seed))
        self.run = run
        self.samples = samples
        self.reverseSteps = validators.contains(.reverseValidation) ? reverseSteps : 0
        scores = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }
}

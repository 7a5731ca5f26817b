import Foundation
import Testing
@testable import DomainAdaptation
import Nabla
import NablaNN

@Suite("Training runs")
struct TrainingRunTests {
    func makeRun(steps: Int, directory: String, dropout: Float = 0, batchNorm: Bool = false,
                 averagingStart: Float? = nil) throws -> TrainingRun {
        var experiment = TwoMoonsExperiment()
        experiment.steps = steps
        let domains = experiment.makeDomains()
        var generator = SeededGenerator(seed: 3)
        var configuration = experiment.networkConfiguration
        configuration.dropout = dropout
        configuration.batchNorm = batchNorm
        let network = AdaptationNetwork(configuration: configuration, using: &generator)
        var training = experiment.trainingConfiguration(method: .dann)
        training.steps = steps
        training.averagingStart = averagingStart
        let trainer = try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
        let prepared = PreparedDomainsStub.make(source: domains.source, target: domains.target)
        var settings = TrainingRun.Settings(outputDirectory: directory)
        settings.logEvery = 5
        settings.checkpointEvery = 10
        settings.evaluateEvery = 10
        return TrainingRun(trainer: trainer, domains: prepared, settings: settings)
    }

    @Test func aNonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint() throws {
        let directory = try makeRunDirectory("run")
        let run = try makeRun(steps: 30, directory: directory)
        var stepsSeen = 0
        do {
            try run.run(onEvent: { event in
                guard case .step(let metrics) = event else { return }
                stepsSeen = metrics.step
                // Poison the weights after step 12, so step 13's loss is NaN.
                if metrics.step == 12 {
                    let weight = run.trainer.network.featureExtractor.namedParameters[0].parameter
                    weight.value = Tensor.full(.nan, shape: weight.shape)
                }
            })
            Issue.record("training should have stopped")
        } catch let error as TrainingError {
            guard case .nonFiniteLoss(let step, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(step == 13)
            #expect(error.description.hasPrefix("training diverged at step 13:"))
        }
        #expect(stepsSeen == 12)
        let saved = try ModelCheckpoint.read(from: run.checkpointPath)
        #expect(saved.card.step == 10, "the checkpoint of step 10 is intact")
        #expect(saved.network.namedParameters.allSatisfy { $0.parameter.value.isFinite })
    }

    @Test func theAveragedModelGetsBatchNormStatisticsOfItsOwn() throws {
        let directory = try makeRunDirectory("bn")
        let run = try makeRun(steps: 40, directory: directory, batchNorm: true, averagingStart: 0.5)
        // The running mean of the weights (and of the statistics) just before the end.
        var averagedStatistics: [Float] = []
        try run.run(onEvent: { event in
            guard case .step(let metrics) = event, metrics.step == 40, let average = run.trainer.weightAverage else { return }
            averagedStatistics = average.tensors.filter { $0.key.hasSuffix("runningMean") }.sorted { $0.key < $1.key }.flatMap(\.value.scalars)
        })
        let saved = try ModelCheckpoint.read(from: run.checkpointPath)
        #expect(saved.card.weightsAreAveraged == true)
        func runningMeans(_ network: AdaptationNetwork) -> [Float] {
            network.stateTensors().filter { $0.key.hasSuffix("runningMean") }.sorted { $0.key < $1.key }.flatMap(\.value.scalars)
        }
        let savedMeans = runningMeans(saved.network)
        #expect(!savedMeans.isEmpty && !averagedStatistics.isEmpty)
        #expect(savedMeans != averagedStatistics, "not the average of the steps' running statistics")
        // They are the saved weights' own statistics over one pass of training batches.
        run.trainer.recomputeBatchNormStatistics(of: saved.network)
        #expect(runningMeans(saved.network) == savedMeans)
    }

    @Test func aRunWithDropoutResumesToTheSameBytes() throws {
        func directory() throws -> String { try makeRunDirectory("dropout") }
        let whole = try makeRun(steps: 30, directory: try directory(), dropout: 0.3)
        #expect(whole.trainer.network.dropoutLayers.count == 1, "dropout after the extractor's hidden layer")
        try whole.run()

        let stoppedDirectory = try directory()
        let stopped = try makeRun(steps: 30, directory: stoppedDirectory, dropout: 0.3)
        try stopped.run(shouldStop: { stopped.trainer.step == 10 })
        let partial = try ModelCheckpoint.read(from: stopped.checkpointPath)
        #expect(partial.card.step == 10 && partial.card.dropoutGeneratorStates?.count == 1)
        let resumed = try makeRun(steps: 30, directory: stoppedDirectory, dropout: 0.3)
        #expect(try resumed.resume() == 10)
        try resumed.run()
        let a = try Data(contentsOf: URL(fileURLWithPath: whole.checkpointPath))
        let b = try Data(contentsOf: URL(fileURLWithPath: resumed.checkpointPath))
        #expect(a == b, "the same weights, optimizer state and dropout generators")
        #expect(try String(contentsOfFile: whole.metricsPath, encoding: .utf8) == String(contentsOfFile: resumed.metricsPath, encoding: .utf8))

        // A card whose generator count does not match the network is refused in one line.
        var card = partial.card
        card.dropoutGeneratorStates = []
        let fresh = try makeRun(steps: 30, directory: try directory(), dropout: 0.3)
        #expect(throws: TrainingError.invalidConfiguration("the checkpoint keeps 0 dropout generator states for a network with 1 dropout layers")) {
            try fresh.trainer.restore(card: card, optimizerState: partial.optimizerState)
        }
    }
}

/// A new empty folder for a test run's outputs.
func makeRunDirectory(_ prefix: String) throws -> String {
    let directory = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

/// Domains for runs built directly from sample sources (no files).
enum PreparedDomainsStub {
    static func make(source: TensorSamples, target: TensorSamples) -> PreparedDomains {
        PreparedDomains(preprocessing: .vector(VectorStandardization(fittingRowsOf: [source.data.scalars], featureCount: 2)),
                        classCount: 2, sourceTrain: source, sourceTest: source, targetTrain: target, targetTest: nil)
    }
}

@Suite("Collapse warnings")
struct CollapseWarningTests {
    func line(step: Int, labelLoss: Float, domainAccuracy: Float?) -> TrainingRun.IntervalMetrics {
        var terms: [String: Float] = ["labelLoss": labelLoss, "domainLoss": 0.6]
        terms["domainAccuracy"] = domainAccuracy
        return TrainingRun.IntervalMetrics(step: step, terms: terms, tradeOff: 1, learningRate: 0.01)
    }

    func makeRun() throws -> TrainingRun {
        try TrainingRunTests().makeRun(steps: 10, directory: NSTemporaryDirectory() + "collapse-\(UUID().uuidString)")
    }

    @Test func aLabelLossBackAtChanceAfterLearningWarnsOnce() throws {
        let run = try makeRun()  // two classes: chance is ln 2 ≈ 0.693
        #expect(run.collapseWarning(line(step: 100, labelLoss: 0.69, domainAccuracy: 0.5)) == nil, "not before the network learned")
        #expect(run.collapseWarning(line(step: 200, labelLoss: 0.05, domainAccuracy: 0.9)) == nil)
        #expect(run.collapseWarning(line(step: 300, labelLoss: 0.4, domainAccuracy: 0.9)) == nil, "worse, not at chance")
        let warning = try #require(run.collapseWarning(line(step: 400, labelLoss: 0.68, domainAccuracy: 0.95)))
        #expect(warning.hasPrefix("the label loss is back at chance at step 400 (0.680, ln(2) = 0.693) after reaching 0.050"))
        #expect(run.collapseWarning(line(step: 500, labelLoss: 0.69, domainAccuracy: 0.5)) == nil, "once per run")
    }

    @Test func deadFeaturesAreNamedWhenTheDomainClassifierIsAtChanceToo() throws {
        let run = try makeRun()
        _ = run.collapseWarning(line(step: 100, labelLoss: 0.1, domainAccuracy: 0.8))
        let warning = try #require(run.collapseWarning(line(step: 200, labelLoss: 0.693, domainAccuracy: 0.51)))
        #expect(warning.hasPrefix("training looks collapsed at step 200") && warning.contains("dead features"))
    }
}

@Suite("Metric lines")
struct IntervalMetricsTests {
    @Test func fileValuesAreTheNumbersOfTheJSONLineUnderItsKeys() throws {
        var line = TrainingRun.IntervalMetrics(step: 40, terms: ["labelLoss": 0.123456789, "domainAccuracy": 0.5, "mmdLoss": 0],
                                               tradeOff: 0.25, learningRate: 0.01)
        line.targetTestAccuracy = 0.75
        line.averagedSourceTestAccuracy = 1
        line.warning = "a warning is text, not a scalar"
        let values = try line.fileValues()
        #expect(values.map(\.key) == ["averaged_source_test_accuracy", "domain_accuracy", "lambda", "learning_rate",
                                      "label_loss", "mmd_loss", "target_test_accuracy"].sorted())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(TrainingRun.IntervalMetrics.lineEncoder().encode(line))) as? [String: Any])
        #expect(Set(json.keys) == Set(values.map(\.key) + ["step", "warning"]))
        for (key, value) in values { #expect((json[key] as? NSNumber)?.doubleValue == value, "\(key)") }
        #expect(values.first { $0.key == "label_loss" }.map { Float($0.value) } == Float(0.123456789), "a Float term survives as the same Float")
    }
}

import DomainData
import Foundation
import Nabla
import Testing
@testable import DomainAdaptation

/// The paper's shallow DANN on sparse vectors, early stopping on a source validation split.
@Suite struct ShallowDANNTests {
    /// Bag-of-words rows of 30 features: words 0–4 are positive and 5–9 negative in both domains;
    /// 10–19 carry the sentiment in the source only, 20–29 in the target only (the shift).
    static func reviews(domain: Int, count: Int, seed: UInt64) throws -> SparseDataset {
        var generator = SeededGenerator(seed: seed)
        var offsets = [0], columns: [Int32] = [], values: [Float] = [], labels: [Int] = []
        for row in 0..<count {
            let label = row % 2
            let shared = Int(generator.next() % 5) + (label == 1 ? 0 : 5)
            let own = 10 + 10 * domain + Int(generator.next() % 5) + (label == 1 ? 0 : 5)
            for column in [shared, own].sorted() {
                columns.append(Int32(column))
                values.append(Float(1 + generator.next() % 3))
            }
            offsets.append(columns.count)
            labels.append(label)
        }
        return try SparseDataset(name: "d\(domain)", featureCount: 30, rowOffsets: offsets, columnIndices: columns, values: values, labels: labels)
    }

    func shallowNetwork() -> NetworkConfiguration {
        var network = NetworkConfiguration(inputShape: [30], classCount: 2)
        network.extractorWidths = [8]
        network.extractorActivation = .sigmoid
        network.labelHiddenWidths = []
        network.domainHiddenWidths = []
        network.initialization = .glorot
        return network
    }

    @Test func theSplitIsSeededDisjointAndTenPercent() {
        let rule = EarlyStopping(seed: 4)
        let (training, validation) = rule.split(count: 200)
        #expect(validation.count == 20 && training.count == 180 && Set(training + validation).count == 200)
        #expect(rule.split(count: 200) == (training, validation))
        #expect(EarlyStopping(seed: 5).split(count: 200).validation != validation)
        #expect(EarlyStopping().split(count: 1) == ([0], []), "nothing to hold out from one sample")
    }

    @Test func theAuthorsStoppingRule() {
        let rule = EarlyStopping()
        #expect(!rule.shouldStop(evaluation: 29, best: 1) && rule.shouldStop(evaluation: 30, best: 1))
        #expect(!rule.shouldStop(evaluation: 60, best: 40) && rule.shouldStop(evaluation: 61, best: 40))
    }

    /// A run of the shallow DANN on the synthetic shift, validated on `validation` (the held-out
    /// source rows, or those rows with their labels flipped).
    func run(flippedValidation: Bool) throws -> (TrainingRun, String) {
        let sourceData = try Self.reviews(domain: 0, count: 200, seed: 1), targetData = try Self.reviews(domain: 1, count: 200, seed: 2)
        var domains = try PreparedDomains(source: .sparse(name: "s", train: sourceData, test: nil),
                                          target: .sparse(name: "t", train: targetData, test: try Self.reviews(domain: 1, count: 100, seed: 3)))
        var rule = EarlyStopping(seed: 7)
        rule.minimumEvaluations = 3
        var validation = domains.holdOutValidation(rule)
        #expect(domains.sourceTrain.count == 180 && validation.count == 20 && validation.labels != nil)
        if flippedValidation { validation = SampleSubset(validation, indices: Array(0..<20), labels: validation.labels!.map { 1 - $0 }) }
        var training = TrainingConfiguration(method: .dann)
        (training.steps, training.batchSize, training.initialLearningRate, training.momentum) = (600, 10, 0.05, 0.9)
        (training.learningRateAlpha, training.averagingStart, training.tradeOff) = (0, nil, .constant(0.3))
        var generator = SeededGenerator(seed: 1)
        let network = AdaptationNetwork(configuration: shallowNetwork(), using: &generator)
        let trainer = try AdaptationTrainer(network: network, configuration: training, source: domains.sourceTrain, target: domains.targetTrain)
        let directory = try makeRunDirectory("shallow")
        var settings = TrainingRun.Settings(outputDirectory: directory)
        (settings.logEvery, settings.evaluateEvery, settings.checkpointEvery) = (18, 18, 18 * 40)
        let run = TrainingRun(trainer: trainer, domains: domains, settings: settings)
        run.earlyStopping = EarlyStoppingMonitor(rule: rule, validation: validation)
        run.earlyStoppingEvery = 18
        try run.run()
        return (run, directory)
    }

    @Test func learnsASparseShift() throws {
        let (run, directory) = try self.run(flippedValidation: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try #require(run.earlyStopping).bestAccuracy >= 0.9)
        #expect(try #require(run.finalAccuracies?.reported.target) > 0.9, "the shared words carry the sentiment into the target")
    }

    /// Validation accuracy that falls as the network learns (flipped labels): the best comes
    /// early (a tie goes to the later evaluation), and the authors' rule stops soon after.
    @Test func stopsEarlyWithTheBestValidatedWeights() throws {
        let (run, directory) = try self.run(flippedValidation: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let monitor = try #require(run.earlyStopping)
        #expect(run.stoppedEarly && monitor.bestAccuracy <= 0.2 && run.trainer.step == 18 * monitor.evaluations)
        #expect(monitor.evaluations == max(3, Int(1.5 * Double(monitor.bestEvaluation)) + 1) && monitor.bestStep == 18 * monitor.bestEvaluation)
        let saved = try ModelCheckpoint.read(from: run.checkpointPath)
        #expect(saved.card.stoppedEarly == true)
        #expect(saved.network.stateTensors()["featureExtractor.0.weight"]?.scalars == monitor.bestWeights["featureExtractor.0.weight"]?.scalars)
        #expect(throws: TrainingError.self) { _ = try run.resume() }
    }

    @Test func perExampleStepsWork() throws {
        let data = try Self.reviews(domain: 0, count: 20, seed: 1)
        var training = TrainingConfiguration(method: .dann)
        (training.steps, training.batchSize, training.momentum, training.averagingStart) = (40, 1, 0, nil)
        var generator = SeededGenerator(seed: 2)
        let trainer = try AdaptationTrainer(network: AdaptationNetwork(configuration: shallowNetwork(), using: &generator),
                                            configuration: training, source: SparseSamples(data), target: SparseSamples(data, exposesLabels: false))
        for _ in 0..<40 { #expect(try trainer.trainStep().terms["labelLoss"]!.isFinite) }
    }
}

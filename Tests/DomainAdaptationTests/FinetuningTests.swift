import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

/// `--freeze`, `--backbone-lr-multiplier` and `--init-from` in the library: the trainer's groups
/// and what a step changes.
@Suite("Finetuning")
struct FinetuningTests {
    func trainer(_ method: TrainingMethod = .dann, seed: UInt64 = 5, frozen: [String]? = nil, backbone: Float? = nil,
                 momentum: Float = 0.9) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: method)
        training.steps = 10
        training.momentum = momentum
        training.frozenPrefixes = frozen
        training.backboneLearningRateMultiplier = backbone
        var network = experiment.networkConfiguration
        network.labelHiddenWidths = [8]
        var generator = SeededGenerator(seed: seed)
        return try AdaptationTrainer(network: AdaptationNetwork(configuration: training.adaptedNetwork(network), method: method, using: &generator),
                                     configuration: training, source: domains.source, target: domains.target)
    }

    func bits(_ tensors: [String: Tensor]) -> [String: [UInt32]] { tensors.mapValues { $0.scalars.map(\.bitPattern) } }

    @Test func aFrozenPrefixLeavesItsParametersBitIdenticalWhileOthersMove() throws {
        let trainer = try trainer(frozen: ["featureExtractor.", "labelPredictor.0.bias"])
        let before = bits(trainer.network.stateTensors())
        for _ in 0..<3 { try trainer.trainStep() }
        let after = bits(trainer.network.stateTensors())
        let frozen = before.keys.filter { $0.hasPrefix("featureExtractor.") || $0 == "labelPredictor.0.bias" }
        #expect(frozen.count >= 3)
        for name in frozen { #expect(after[name] == before[name], "\(name) is frozen") }
        for name in before.keys where !frozen.contains(name) { #expect(after[name] != before[name], "\(name) trains") }
        #expect(!trainer.groups(ofPhase: 0).flatMap { $0.group.parameters.map(\.name) }.contains { frozen.contains($0) })
    }

    @Test func aPrefixMatchingNothingIsRefusedWithTheTopLevelPrefixes() throws {
        #expect {
            _ = try trainer(frozen: ["featureExtractor.", "encoder."])
        } throws: { error in
            let message = "\(error)"
            return message.contains("'encoder.' matches no parameter") && message.contains("featureExtractor., labelPredictor.") && !message.contains("\n")
        }
        #expect(throws: TrainingError.self) { _ = try trainer(frozen: ["featureExtractor.", "labelPredictor.", "domainClassifier."]) }
        var training = TrainingConfiguration()
        training.backboneLearningRateMultiplier = -1
        #expect(training.validationProblem()?.contains("backbone learning-rate multiplier") == true)
        training.backboneLearningRateMultiplier = nil
        training.frozenPrefixes = [""]
        #expect(training.validationProblem() != nil)
    }

    @Test func theMultiplierScalesTheExtractorsFirstStep() throws {
        let x: Float = 0.1
        let plain = try trainer(), scaled = try trainer(backbone: x)
        #expect(bits(plain.network.stateTensors()) == bits(scaled.network.stateTensors()), "the same start")
        let groups = scaled.groups(ofPhase: 0).map(\.group)
        #expect(Set(groups.map(\.name)).count == groups.count, "distinct group names")
        let backbone = try #require(groups.first { $0.name == "all.backbone" })
        #expect(backbone.learningRateMultiplier == x && backbone.parameters.allSatisfy { $0.name.hasPrefix("featureExtractor.") })
        #expect(groups.filter { $0.name != "all.backbone" }.allSatisfy { $0.learningRateMultiplier == 1 && !$0.parameters.contains { $0.name.hasPrefix("featureExtractor.") } })

        let before = plain.network.stateTensors()
        try plain.trainStep()
        try scaled.trainStep()
        let (a, b) = (plain.network.stateTensors(), scaled.network.stateTensors())
        var compared = 0
        for (name, start) in before {
            let plainDelta = zip(a[name]!.scalars, start.scalars).map { $0 - $1 }
            let scaledDelta = zip(b[name]!.scalars, start.scalars).map { $0 - $1 }
            if name.hasPrefix("featureExtractor.") {
                for (p, s) in zip(plainDelta, scaledDelta) {
                    // The deltas are differences of rounded weights: exact up to the weights' ulp.
                    #expect(abs(s - x * p) <= 1e-4 * abs(p) + 4 * start.scalars.map { abs($0).ulp }.max()!, "\(name): \(s) vs \(x) × \(p)")
                    compared += p != 0 ? 1 : 0
                }
            } else {
                #expect(scaledDelta.map(\.bitPattern) == plainDelta.map(\.bitPattern), "\(name) learns at the plain rate")
            }
        }
        #expect(compared > 10)
    }

    @Test func resumeIsExactWithFreezingAndABackboneMultiplier() throws {
        func make() throws -> AdaptationTrainer { try trainer(frozen: ["labelPredictor.0."], backbone: 0.25) }
        let whole = try make()
        for _ in 0..<10 { try whole.trainStep() }
        let first = try make()
        for _ in 0..<6 { try first.trainStep() }
        let card = first.checkpointCard(base: ModelCard(network: first.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        // Through the card's JSON, as a checkpoint keeps it: the settings survive.
        let decoded = try ModelCard(json: card.json())
        #expect(decoded.training == first.configuration)
        let (weights, optimizerState) = (first.network.stateTensors(), first.optimizerState)
        let resumed = try make()
        try resumed.network.loadState(weights)
        try resumed.restore(card: decoded, optimizerState: optimizerState)
        for _ in 0..<4 { try resumed.trainStep() }
        #expect(bits(resumed.network.stateTensors()) == bits(whole.network.stateTensors()))
    }

    @Test func withoutTheSettingsTheCardHasNoNewKeys() throws {
        let json = String(decoding: try ModelCard(network: NetworkConfiguration(inputShape: [2], classCount: 2),
                                                  preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2)))
            .withTraining(TrainingConfiguration()).json(), as: UTF8.self)
        #expect(!json.contains("frozen") && !json.contains("backbone_learning_rate"))
        var training = TrainingConfiguration()
        training.frozenPrefixes = ["featureExtractor."]
        training.backboneLearningRateMultiplier = 0.1
        let withSettings = String(decoding: try JSONEncoder().encode(training), as: UTF8.self)
        #expect(withSettings.contains("frozenPrefixes") && withSettings.contains("backboneLearningRateMultiplier"))
    }

    @Test func initializeCopiesMatchingTensorsAndRefusesMismatches() throws {
        let source = try trainer(.sourceOnly, seed: 1)
        for _ in 0..<2 { try source.trainStep() }
        let path = temporaryCheckpointPath("source-only")
        let card = source.checkpointCard(base: ModelCard(network: source.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        try ModelCheckpoint.write(network: source.network, card: card, to: path)

        let target = try trainer(.dann, seed: 2)
        let fresh = target.network.stateTensors()
        let report = try ModelCheckpoint.initialize(target.network, from: path)
        let saved = source.network.stateTensors(), copied = target.network.stateTensors()
        let shared = fresh.keys.filter { saved[$0] != nil }
        #expect(report.copiedCount == shared.count && shared.count > 0)
        for name in shared { #expect(copied[name]!.scalars == saved[name]!.scalars, "\(name) copied") }
        for name in fresh.keys where saved[name] == nil { #expect(copied[name]!.scalars == fresh[name]!.scalars, "\(name) left alone") }
        #expect(Set(report.freshParameters) == Set(fresh.keys.filter { saved[$0] == nil }))

        // A network of another width: the names match, the shapes do not.
        var experiment = TwoMoonsExperiment()
        experiment.hiddenUnits += 1
        var generator = SeededGenerator(seed: 3)
        let wider = AdaptationNetwork(configuration: experiment.networkConfiguration, method: TrainingMethod.dann, using: &generator)
        let untouched = bits(wider.stateTensors())
        #expect { try ModelCheckpoint.initialize(wider, from: path) } throws: { "\($0)".contains("has shape") }
        #expect(bits(wider.stateTensors()) == untouched, "nothing copied")
    }

    func temporaryCheckpointPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("finetuning-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(name).safetensors").path
    }
}

extension ModelCard {
    func withTraining(_ training: TrainingConfiguration) -> ModelCard {
        var card = self
        card.training = training
        return card
    }
}

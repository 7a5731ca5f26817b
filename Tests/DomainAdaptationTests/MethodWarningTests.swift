import Foundation
import Testing
@testable import DomainAdaptation
import Nabla
import NablaNN

/// A method's own warnings reach metrics.jsonl and the run's events, once per kind.
@Suite("Method warnings")
struct MethodWarningTests {
    /// DANN, warning about every interval after step 10.
    struct WarningDANN: AdaptationMethod {
        var base = DANN()
        func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
            base.makeModules(for: network, using: &generator)
        }
        func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
            base.shardLoss(batch, network: network, step: step)
        }
        func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] { base.metrics(from: terms, batchSize: batchSize) }
        func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning? {
            step > 10 ? MethodWarning(kind: "test", message: "the domain loss is \(terms["domainLoss"]!) at step \(step)") : nil
        }
    }

    @Test func aMethodWarningIsLoggedOnceAndReported() throws {
        let directory = try makeRunDirectory("method-warning")
        var experiment = TwoMoonsExperiment()
        experiment.steps = 30
        let domains = experiment.makeDomains()
        var generator = SeededGenerator(seed: 3)
        let network = AdaptationNetwork(configuration: experiment.networkConfiguration, method: WarningDANN(), using: &generator)
        var training = experiment.trainingConfiguration(method: .dann)
        training.steps = 30
        training.averagingStart = nil
        let trainer = try AdaptationTrainer(network: network, configuration: training, method: WarningDANN(),
                                            source: domains.source, target: domains.target)
        var settings = TrainingRun.Settings(outputDirectory: directory)
        settings.logEvery = 5
        let run = TrainingRun(trainer: trainer, domains: PreparedDomainsStub.make(source: domains.source, target: domains.target), settings: settings)
        var warnings: [String] = []
        try run.run(onEvent: { if case .warning(let message) = $0 { warnings.append(message) } })
        #expect(warnings.count == 1 && warnings[0].hasSuffix("at step 15"), "\(warnings)")
        let lines = try String(contentsOfFile: directory + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        let warned = lines.filter { $0.contains("\"warning\":") }
        #expect(warned.count == 1 && warned[0].contains("\"step\":15"), "\(warned)")
    }

    /// DANN, logging a label loss pinned at chance (ln 2 for the two moons).
    struct StuckDANN: AdaptationMethod {
        var base = DANN()
        func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
            base.makeModules(for: network, using: &generator)
        }
        func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
            let contribution = base.shardLoss(batch, network: network, step: step)
            var terms = LossTerms()
            for (name, value) in contribution.auxiliary.values { terms.add(name, name == "labelLoss" ? Float(log(2.0)) * batch.share : value) }
            return ShardContribution(value: contribution.value, auxiliary: terms)
        }
        func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] { base.metrics(from: terms, batchSize: batchSize) }
    }

    @Test func aRunThatNeverLearnsIsWarnedAboutOnce() throws {
        let directory = try makeRunDirectory("not-learning")
        var experiment = TwoMoonsExperiment()
        experiment.steps = 1_000
        let domains = experiment.makeDomains()
        var generator = SeededGenerator(seed: 3)
        let network = AdaptationNetwork(configuration: experiment.networkConfiguration, method: StuckDANN(), using: &generator)
        var training = experiment.trainingConfiguration(method: .dann)
        training.steps = 1_000
        training.averagingStart = nil
        let trainer = try AdaptationTrainer(network: network, configuration: training, method: StuckDANN(), source: domains.source, target: domains.target)
        var settings = TrainingRun.Settings(outputDirectory: directory)
        settings.logEvery = 100
        settings.evaluateEvery = 1_000
        let run = TrainingRun(trainer: trainer, domains: PreparedDomainsStub.make(source: domains.source, target: domains.target), settings: settings)
        var warnings: [String] = []
        try run.run(onEvent: { if case .warning(let message) = $0 { warnings.append(message) } })
        #expect(warnings.count == 1 && warnings[0].hasPrefix("the label loss is still at chance after 500 steps"), "\(warnings)")
    }
}

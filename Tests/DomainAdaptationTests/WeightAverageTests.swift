import Foundation
import Testing
@testable import DomainAdaptation
import Nabla
import NablaNN

@Suite("Weight averaging")
struct WeightAverageTests {
    func makeNetwork(seed: UInt64) -> AdaptationNetwork {
        var generator = SeededGenerator(seed: seed)
        return AdaptationNetwork(configuration: TwoMoonsExperiment().networkConfiguration, using: &generator)
    }

    @Test func theAverageIsTheMeanOfTheSnapshotsAndResumesWhereItStopped() throws {
        let networks = (1...3).map { makeNetwork(seed: $0) }
        let average = WeightAverage(for: networks[0])
        average.accumulate(networks[0])
        average.accumulate(networks[1])
        // Saved after two snapshots and continued elsewhere: the same as one uninterrupted mean.
        let continued = WeightAverage(for: networks[0])
        try continued.restore(average.tensors, count: average.count)
        for mean in [average, continued] { mean.accumulate(networks[2]) }
        #expect(average.count == 3 && continued.count == 3)
        let result = makeNetwork(seed: 9)
        average.apply(to: result)
        for (index, (name, parameter)) in result.namedParameters.enumerated() {
            let snapshots = networks.map { $0.namedParameters[index].parameter.value.scalars }
            for (i, value) in parameter.value.scalars.enumerated() {
                let mean = snapshots.map { $0[i] }.reduce(0, +) / 3
                #expect(abs(value - mean) <= 1e-6, "\(name)[\(i)]")
            }
            #expect(continued.tensors[name]?.scalars == average.tensors[name]?.scalars)
        }
    }

    @Test func restoringAnAverageOfAnotherShapeFails() throws {
        let average = WeightAverage(for: makeNetwork(seed: 1))
        var saved = average.tensors
        let name = average.names[0]
        saved[name] = Tensor.zeros(shape: [1])
        #expect(throws: TrainingError.self) { try average.restore(saved, count: 2) }
    }

    @Test func theWindowStartsAtTheConfiguredProgress() {
        var configuration = TrainingConfiguration()
        configuration.steps = 20_000
        #expect(configuration.lastStepBeforeAveraging == 15_000, "the default averages the last quarter")
        configuration.steps = 10
        configuration.averagingStart = 0.99
        #expect(configuration.lastStepBeforeAveraging == 9, "at least the final step is averaged")
        configuration.averagingStart = nil
        #expect(configuration.lastStepBeforeAveraging == nil)
        configuration.averagingStart = 1
        #expect(configuration.validationProblem() == "weight averaging must start at a progress in [0, 1), got 1.0")
    }

    /// A TrainingRun over the moons with averaging from step 12 of 20.
    func makeRun(directory: String, averagingStart: Float?) throws -> TrainingRun {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 8
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .dann)
        training.steps = 20
        training.averagingStart = averagingStart
        let trainer = try AdaptationTrainer(network: makeNetwork(seed: 4), configuration: training,
                                      source: domains.source, target: domains.target)
        var settings = TrainingRun.Settings(outputDirectory: directory)
        settings.logEvery = 2
        settings.checkpointEvery = 2
        settings.evaluateEvery = 4
        return TrainingRun(trainer: trainer, domains: PreparedDomainsStub.make(source: domains.source, target: domains.target),
                           settings: settings)
    }

    func makeDirectory() throws -> String { try makeRunDirectory("average") }

    @Test func aFinishedRunReportsTheMeanOfItsLastIteratesAndKeepsTheFinalIterateScores() throws {
        // Training itself is unchanged by averaging: record the iterates of a run without it.
        let plain = try makeRun(directory: try makeDirectory(), averagingStart: nil)
        var iterates: [[String: Tensor]] = []
        try plain.run(onEvent: { event in
            if case .step(let metrics) = event, metrics.step > 12 { iterates.append(plain.trainer.network.stateTensors()) }
        })
        #expect(iterates.count == 8)
        let averaged = try makeRun(directory: try makeDirectory(), averagingStart: 0.6)
        try averaged.run()
        #expect(averaged.reportsAveragedWeights && !plain.reportsAveragedWeights)
        let saved = try ModelCheckpoint.read(from: averaged.checkpointPath)
        #expect(saved.card.weightsAreAveraged == true && saved.averagedWeights.isEmpty)
        for (name, tensor) in saved.network.stateTensors() {
            for (i, value) in tensor.scalars.enumerated() {
                let mean = iterates.map { $0[name]!.scalars[i] }.reduce(0, +) / Float(iterates.count)
                #expect(abs(value - mean) <= 1e-5 * max(1, abs(mean)), "\(name)[\(i)]")
            }
        }
        // The final iterate's scores stay in metrics.jsonl, identical to the plain run's.
        let final = try #require(averaged.finalAccuracies)
        let plainFinal = try #require(plain.finalAccuracies)
        #expect(final.finalIterate.source == plainFinal.finalIterate.source && final.finalIterate.target == plainFinal.finalIterate.target)
        #expect(plainFinal.reported.source == plainFinal.finalIterate.source, "without averaging the final iterate is reported")
        #expect(averaged.evaluate(limit: nil).source == plain.evaluate(averaged.trainer.network, limit: nil).source)
        #expect(final.reported.source == averaged.evaluate(limit: nil).source, "the last evaluation scored the averaged weights")
        let lastLine = try String(contentsOfFile: averaged.metricsPath, encoding: .utf8).split(separator: "\n").last!
        #expect(lastLine.contains("\"averaged_source_test_accuracy\""))
    }

    @Test func aFinishedRunResumedStillReportsItsAveragedWeights() throws {
        let directory = try makeDirectory()
        let finished = try makeRun(directory: directory, averagingStart: 0.6)
        try finished.run()
        let reported = try #require(finished.finalAccuracies).reported
        let again = try makeRun(directory: directory, averagingStart: 0.6)
        #expect(try again.resume() == again.trainer.configuration.steps)
        try again.run()
        #expect(again.reportsAveragedWeights, "the checkpoint holds the averaged weights")
        let resumed = try #require(again.finalAccuracies).reported
        #expect(resumed.source == reported.source && resumed.target == reported.target)
    }

    @Test func aRunStoppedInsideTheWindowResumesToTheSameBytes() throws {
        let whole = try makeRun(directory: try makeDirectory(), averagingStart: 0.6)
        try whole.run()

        let directory = try makeDirectory()
        let stopped = try makeRun(directory: directory, averagingStart: 0.6)
        try stopped.run(shouldStop: { stopped.trainer.step == 16 })
        let partial = try ModelCheckpoint.read(from: stopped.checkpointPath)
        #expect(partial.card.step == 16 && partial.card.averagedSnapshots == 4 && !partial.averagedWeights.isEmpty)
        #expect(partial.card.weightsAreAveraged == nil, "an unfinished run stores its current iterate")

        let resumed = try makeRun(directory: directory, averagingStart: 0.6)
        #expect(try resumed.resume() == 16)
        try resumed.run()
        let a = try Data(contentsOf: URL(fileURLWithPath: whole.checkpointPath))
        let b = try Data(contentsOf: URL(fileURLWithPath: resumed.checkpointPath))
        #expect(a == b, "the same averaged weights, card and optimizer state")
        #expect(try String(contentsOfFile: whole.metricsPath, encoding: .utf8) == String(contentsOfFile: resumed.metricsPath, encoding: .utf8))
    }
}
